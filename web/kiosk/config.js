// The kiosk's settings. A clinic edits the defaults here; a URL can override the timings for a
// test or a trial, e.g. /kiosk/?idle=60 (seconds without a touch before the screen clears).

const runtime = window.MISS_RUNTIME || {};

export const DEFAULTS = Object.freeze({
  // Where the Rasa server is: told by the web server (/runtime.js), else this host's port 5005.
  rasaUrl: runtime.rasaUrl || `${location.protocol}//${location.hostname}:5005`,
  socketPath: "/socket.io/",
  idleSeconds: 120,       // no touch or key for this long: the screen clears for the next patient
  warningSeconds: 15,     // "Are you still there?" shows for the last seconds before that
  slowReplySeconds: 10,   // no answer after this long: a notice says so
  // `key`: the topic's Spanish in content/es/web.yml (web/kiosk/language.js)
  topics: [
    { key: "kiosk_topic_overall", title: "How safe is it overall?", payload: "/ask_risks_overview" },
    { key: "kiosk_topic_infection", title: "Infection", payload: "/ask_infection" },
    { key: "kiosk_topic_clots", title: "Blood clots", payload: "/ask_blood_clots" },
    { key: "kiosk_topic_nerve", title: "Nerve injury", payload: "/ask_nerve_injury" },
    { key: "kiosk_topic_dural", title: "Dural tear (fluid leak)", payload: "/ask_dural_tear" },
    { key: "kiosk_topic_anesthesia", title: "Reaction to anesthesia", payload: "/ask_anesthesia" },
    { key: "kiosk_topic_open", title: "Switch to open surgery", payload: "/ask_conversion_to_open" },
    { key: "kiosk_topic_recovery", title: "Recovery", payload: "/ask_recovery" },
    { key: "kiosk_topic_lowering", title: "Lowering my risk", payload: "/ask_reduce_risk_patient" },
    { key: "kiosk_topic_benefits", title: "Benefits of this surgery", payload: "/ask_advantages" },
  ],
});

// Query parameters that may override a default, and the smallest value each accepts.
const OVERRIDES = { idle: ["idleSeconds", 2], warning: ["warningSeconds", 1], slow: ["slowReplySeconds", 1] };

export function loadConfig(search = location.search) {
  const config = { ...DEFAULTS };
  const params = new URLSearchParams(search);
  for (const [param, [key, minimum]] of Object.entries(OVERRIDES)) {
    const value = Number(params.get(param));
    if (params.has(param) && Number.isFinite(value) && value >= minimum) config[key] = value;
  }
  // The warning must fit inside the idle time.
  config.warningSeconds = Math.min(config.warningSeconds, Math.max(1, config.idleSeconds - 1));
  return config;
}
