// The kiosk's Socket.IO conversation with Rasa (addons/channels/web_socketio.py): one conversation id per patient.
//
// Protocol: on connect, `session_request {session_id}`; Rasa answers `session_confirm` and from then on
// sends this conversation's replies as `bot_uttered`. We ask for sources as separate payloads
// (customData.sources = "payload") so the page can show them, and emergencies, its own way.

function newConversationId() {
  // crypto.randomUUID needs a secure context; a kiosk on http://<lan address> is not one.
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return "kiosk-" + Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

export class Connection {
  /**
   * @param {{rasaUrl: string, socketPath: string}} config
   * @param {{onState: (state: "connecting"|"online"|"offline") => void, onMessage: (m: object) => void,
   *          onHandoff: (data: {step: string, seconds?: number}) => void}} handlers
   */
  constructor(config, handlers) {
    this.handlers = handlers;
    this.conversationId = newConversationId();
    this.confirmed = false;   // replies are for us only after Rasa confirmed this conversation id
    this.outbox = [];         // messages typed while the connection was down, sent once it is back
    this.socket = window.io(config.rasaUrl, {
      path: config.socketPath,
      reconnectionDelay: 1000,
      reconnectionDelayMax: 4000,
      timeout: 8000,
    });
    this.socket.on("connect", () => this.requestSession());
    this.socket.on("session_confirm", (id) => this.onConfirm(id));
    this.socket.on("bot_uttered", (message) => {
      if (this.confirmed && message && typeof message === "object") this.handlers.onMessage(message);
    });
    // A step of a live handoff (waiting, joined, reply, handed_back, closed, timeout), sent before its message.
    this.socket.on("miss_handoff", (data) => {
      if (this.confirmed && data && typeof data.step === "string") this.handlers.onHandoff(data);
    });
    this.socket.on("disconnect", (reason) => {
      this.confirmed = false;
      this.handlers.onState("offline");
      // The server closed the socket on purpose (e.g. a restart): socket.io will not retry by itself.
      if (reason === "io server disconnect") this.socket.connect();
    });
    this.socket.on("connect_error", () => this.handlers.onState("offline"));
  }

  requestSession() {
    this.confirmed = false;
    this.socket.emit("session_request", { session_id: this.conversationId });
  }

  onConfirm(id) {
    const confirmedId = id && typeof id === "object" ? id.session_id : id;
    if (confirmedId !== this.conversationId) return; // an answer to a request made before a reset
    this.confirmed = true;
    this.handlers.onState("online");
    const waiting = this.outbox.splice(0);
    waiting.forEach((text) => this.emit(text));
  }

  /** Send a typed question or a button's payload (e.g. "/ask_infection"). */
  send(text) {
    if (this.confirmed && this.socket.connected) this.emit(text);
    else this.outbox.push(text);
  }

  emit(text) {
    this.socket.emit("user_uttered", {
      message: text,
      session_id: this.conversationId,
      customData: { sources: "payload", client: "kiosk" },
    });
  }

  /** Forget this patient: a new conversation id, and the old one's room left behind. */
  newConversation() {
    this.outbox = [];
    this.confirmed = false;
    this.conversationId = newConversationId();
    // Reconnecting drops the socket's membership of the old conversation's room on the server, so a
    // late answer to the previous patient cannot reach this screen.
    this.socket.disconnect();
    this.handlers.onState("connecting");
    this.socket.connect();
  }
}
