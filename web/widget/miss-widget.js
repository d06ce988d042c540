/*
 * Add-on for rasa-webchat 1.0.1 on a clinic's website (see docs/web.md for the snippet).
 *
 * rasa-webchat draws the chat; this file fills in what a patient needs from it and it lacks:
 * - accessibility: the transcript becomes a polite live region (role="log"), quick replies work by
 *   keyboard, unlabelled controls get names, focus goes to the question box when the chat opens;
 * - a visible "Reconnecting…" line while the connection is down, and a notice when a reply takes
 *   longer than `MissWidget.slowReplySeconds` (10 s);
 * - a short, fixed delay before each bot bubble instead of rasa-webchat's 0.8–3 s "typing" pause;
 * - the conversation id, in small print under the chat, for a patient who asks the clinic for their
 *   conversation or its deletion.
 * It never writes message text into the page (rasa-webchat renders text itself, escaped), and only
 * sets attributes and its own status line, so an update of rasa-webchat degrades it to cosmetic loss.
 */
(function () {
  "use strict";

  var SLOW_NOTICE = "This is taking longer than usual. Please wait, or call the clinic. " +
    "If you think this is an emergency, call 911 now.";
  var RECONNECTING = "Reconnecting…";

  // person: a member of the clinic's staff has the chat (live handoff): no "taking longer" notice, a
  // person types at a person's pace and the assistant is meant to be quiet.
  var state = { connected: false, everConnected: false, slowTimer: null, clientMessages: 0, person: false };

  // The id rasa-webchat keeps for this conversation (in the storage its `params.storage` chose, under
  // "chat_session"), once Rasa confirmed it. Read, not listened for: a session_confirm handler of our own
  // in `onSocketEvent` stopped rasa-webchat 1.0.1 from drawing itself.
  function conversationId() {
    var stores = [];
    try { stores = [window.sessionStorage, window.localStorage]; } catch (err) { return ""; }
    for (var i = 0; i < stores.length; i++) {
      try {
        var saved = JSON.parse(stores[i].getItem("chat_session") || "null");
        if (saved && typeof saved.session_id === "string") return saved.session_id;
      } catch (err) { /* not rasa-webchat's: ignore */ }
    }
    return "";
  }

  function setStatus(text) {
    var status = document.querySelector(".rw-conversation-container .miss-status");
    if (!status) return;
    status.textContent = text; // plain text only
    status.hidden = !text;
  }

  function currentStatus() {
    if (state.everConnected && !state.connected) return RECONNECTING;
    if (state.slowTimer === "expired") return SLOW_NOTICE;
    return "";
  }

  function refreshStatus() { setStatus(currentStatus()); }

  function clearSlowTimer() {
    if (state.slowTimer && state.slowTimer !== "expired") clearTimeout(state.slowTimer);
    state.slowTimer = null;
  }

  function startSlowTimer() {
    clearSlowTimer();
    state.slowTimer = setTimeout(function () {
      state.slowTimer = "expired";
      refreshStatus();
    }, window.MissWidget.slowReplySeconds * 1000);
  }

  function label(el, text) {
    if (el && el.getAttribute("aria-label") !== text) el.setAttribute("aria-label", text);
  }

  function pressOnEnterOrSpace(event) {
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      event.currentTarget.click();
    }
  }

  // Idempotent: runs after every change rasa-webchat makes to its DOM.
  function enhance(root) {
    var launcher = root.querySelector(".rw-launcher");
    var open = !!root.querySelector(".rw-conversation-container");
    label(launcher, open ? "Close the chat" : "Open the chat: questions about spine surgery risks");
    if (launcher) launcher.setAttribute("aria-expanded", String(open));
    label(root.querySelector(".rw-close-button"), "Close the chat");
    label(root.querySelector(".rw-send"), "Send");
    label(root.querySelector(".rw-new-message"), "Your question");

    var log = root.querySelector(".rw-messages-container");
    if (log && log.getAttribute("role") !== "log") {
      log.setAttribute("role", "log");
      log.setAttribute("aria-live", "polite");
      log.setAttribute("aria-label", "Conversation with the assistant");
      log.setAttribute("tabindex", "0"); // scrollable: keyboard users must be able to scroll it
    }

    var conversation = root.querySelector(".rw-conversation-container");
    if (conversation && !conversation.querySelector(".miss-status")) {
      var status = document.createElement("p");
      status.className = "miss-status";
      status.setAttribute("role", "status");
      status.hidden = true;
      var header = conversation.querySelector(".rw-header-and-loading");
      conversation.insertBefore(status, header ? header.nextSibling : conversation.firstChild);
      refreshStatus();
    }

    // The conversation id, small under the chat: what the patient gives the clinic to get a copy of the
    // conversation or have it deleted (the staff console's data rights page finds it by this id).
    var id = conversation ? conversationId() : "";
    if (id) {
      var shown = conversation.querySelector(".miss-conversation-id");
      if (!shown) {
        shown = document.createElement("p");
        shown.className = "miss-conversation-id";
        conversation.appendChild(shown);
      }
      var text = "Conversation id: " + id;
      if (shown.textContent !== text) shown.textContent = text; // plain text only
    }

    root.querySelectorAll(".rw-reply").forEach(function (reply) {
      if (reply.dataset.missKeyboard) return;
      reply.dataset.missKeyboard = "1";
      reply.setAttribute("role", "button");
      reply.setAttribute("tabindex", "0");
      reply.addEventListener("keydown", pressOnEnterOrSpace);
    });

    // A new message from the patient (typed or a quick reply): wait for the answer.
    var sent = root.querySelectorAll(".rw-from-client .rw-client").length;
    if (sent > state.clientMessages && !state.person) startSlowTimer();
    state.clientMessages = sent;
  }

  var wasOpen = false;
  var refocusAfterReply = false;
  var pending = false;

  function update() {
    pending = false;
    var root = document.querySelector(".rw-widget-container");
    if (!root) return;
    enhance(root);
    var input = root.querySelector(".rw-new-message");
    var open = !!input;
    if (open && !wasOpen) input.focus();                  // chat opened: ready to type
    if (!open && wasOpen) {                               // chat closed: back to the launcher
      var launcher = root.querySelector(".rw-launcher");
      if (launcher) launcher.focus();
    }
    // A chosen quick reply is redrawn without its buttons: keep the keyboard in the chat.
    if (open && refocusAfterReply) {
      var active = document.activeElement;
      if (!root.contains(active)) { input.focus(); refocusAfterReply = false; }
      else if (!active.classList.contains("rw-reply")) refocusAfterReply = false;
    }
    wasOpen = open;
  }

  function start() {
    document.addEventListener("click", function (event) {
      if (event.target.closest && event.target.closest(".rw-reply")) refocusAfterReply = true;
    }, true);
    // rasa-webchat (React) redraws its DOM at will: re-apply the additions after each change.
    new MutationObserver(function () {
      if (!pending) { pending = true; window.requestAnimationFrame(update); }
    }).observe(document.body, { childList: true, subtree: true });
    update();
  }

  window.MissWidget = {
    slowReplySeconds: 10,
    // rasa-webchat's `customMessageDelay`: a short, steady pause before each bot bubble.
    messageDelay: function () { return 250; },
    // rasa-webchat's `onSocketEvent`: the connection state and the arrival of answers.
    socketEvents: {
      connect: function () {
        state.connected = true;
        state.everConnected = true;
        refreshStatus();
      },
      disconnect: function () {
        state.connected = false;
        refreshStatus();
      },
      // Live handoff (addons/channels/web_socketio.py sends it before a staff message): joined and reply
      // mean a person has the chat, handed_back and closed that the assistant has it again (the assistant's
      // own steps, waiting and timeout, are for the kiosk's idle reset: nobody has the chat yet or any more).
      miss_handoff: function (data) {
        state.person = !!data && (data.step === "joined" || data.step === "reply");
      },
      bot_uttered: function () {
        clearSlowTimer();
        refreshStatus();
      }
    }
  };

  if (document.body) start();
  else document.addEventListener("DOMContentLoaded", start);
})();
