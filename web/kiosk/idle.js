// Clearing the kiosk for the next patient: after `idleSeconds` without activity, with an "Are you still
// there?" warning for the last `warningSeconds`.
//
// Activity is a touch or key press. The assistant's answers arriving do not count: a patient who asked and
// walked away must not keep the screen alive. A live handoff (docs/handoff.md) is the exception, because
// there the patient is told to keep the page open and wait for a person, and may read without touching:
//   - every message of the handoff counts as a touch: the wait starting, a member of staff joining, each of
//     their messages, and its end (handed back, closed, or nobody came: the patient needs time to read the
//     clinic's number);
//   - while the request waits to be taken the clock is held, for at most the wait's seconds left as the
//     server gave them (the pickup timeout). The wait ends by itself within that time, with a message that
//     counts as a touch; if that message is lost (a reconnect, a restarted Rasa replica), the clock runs
//     again from the deadline.
// So a patient who really walks away is still cleared: idleSeconds after the last touch or handoff message,
// never later than the pickup timeout plus idleSeconds while nobody has taken the request. A member of staff
// writing to an empty screen keeps it until they stop; the reset then closes their chat (console/kiosk_reset.py).

const ACTIVITY_EVENTS = ["pointerdown", "keydown", "input", "wheel", "touchstart"];

export class IdleTimer {
  /**
   * @param {{idleSeconds: number, warningSeconds: number}} config
   * @param {{isInUse: () => boolean, onWarning: (secondsLeft: number) => void, onActive: () => void,
   *          onTimeout: () => void}} handlers
   */
  constructor(config, handlers) {
    this.config = config;
    this.handlers = handlers;
    this.lastActivity = performance.now();
    this.heldUntil = 0; // while a request for a person waits: the clock does not run before this
    this.warning = false;
    for (const name of ACTIVITY_EVENTS) {
      document.addEventListener(name, () => this.activity(), { capture: true, passive: true });
    }
    // A short tick so the countdown is smooth and short test timeouts are honoured closely.
    setInterval(() => this.tick(), 250);
  }

  activity() {
    this.lastActivity = performance.now();
    if (this.warning) {
      this.warning = false;
      this.handlers.onActive();
    }
  }

  /** A message of a live handoff arrived (the `miss_handoff` event): `waiting` (with the wait's seconds
   * left) holds the clock; any other step (joined, reply, handed_back, closed, timeout) releases it. */
  handoff(step, seconds) {
    const wait = step === "waiting" && Number.isFinite(seconds) && seconds > 0 ? seconds : 0;
    this.heldUntil = wait ? performance.now() + wait * 1000 : 0;
    this.activity();
  }

  restart() {
    this.lastActivity = performance.now();
    this.heldUntil = 0;
    this.warning = false;
  }

  tick() {
    if (!this.handlers.isInUse()) return; // an untouched start screen has nothing to clear
    const now = performance.now();
    const since = Math.max(this.lastActivity, Math.min(now, this.heldUntil));
    const left = this.config.idleSeconds - (now - since) / 1000;
    if (left <= 0) {
      this.warning = false;
      this.handlers.onTimeout();
      this.restart();
    } else if (left <= this.config.warningSeconds) {
      this.warning = true;
      this.handlers.onWarning(Math.ceil(left));
    }
  }
}
