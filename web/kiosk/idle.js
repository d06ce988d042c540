// Clearing the kiosk for the next patient: after `idleSeconds` without a touch or key press, with an
// "Are you still there?" warning for the last `warningSeconds`. Answers arriving do not count as
// activity: a patient who asked and walked away must not keep the screen alive.

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

  restart() {
    this.lastActivity = performance.now();
    this.warning = false;
  }

  tick() {
    if (!this.handlers.isInUse()) return; // an untouched start screen has nothing to clear
    const idle = (performance.now() - this.lastActivity) / 1000;
    const left = this.config.idleSeconds - idle;
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
