// The front-desk kiosk: start screen of topics, the conversation, emergencies, and a clean screen for
// the next patient (Start over, or after a while without a touch). Nothing is kept in browser storage.

import { loadConfig } from "./config.js";
import { Connection } from "./connection.js";
import { IdleTimer } from "./idle.js";
import { Transcript } from "./transcript.js";
import { LANGUAGES, applyLanguage, currentLanguage, languageOf, t } from "./language.js";

const config = loadConfig();
const $ = (id) => document.getElementById(id);
const ui = {
  start: $("start"), startTitle: $("start-title"), topics: $("topics"), transcript: $("transcript"),
  replies: $("replies"), typing: $("typing"), slow: $("slow"), connection: $("connection"),
  emergency: $("emergency"), emergencyText: $("emergency-text"), form: $("composer"), question: $("question"),
  startOver: $("start-over"), idle: $("idle"), idleCount: $("idle-count"), idleUnit: $("idle-unit"),
  stillHere: $("still-here"), app: document.querySelector(".app"), conversationId: $("conversation-id"),
  language: $("language"),
};

const slowNotice = () =>
  t("kiosk_slow_notice", "This is taking longer than usual. Please wait a moment. If it is urgent, tell the front-desk staff.");
const offlineNotice = () => t("kiosk_offline", "Reconnecting… Your question will be sent when the connection is back.");

let slowTimer = null;
let focusBeforeWarning = null;

const main = document.querySelector(".main");
let scrollPending = false;

/** Keep the newest message, its buttons and any notice in view (once per frame, after layout). */
function scrollToEnd() {
  if (scrollPending) return;
  scrollPending = true;
  requestAnimationFrame(() => {
    scrollPending = false;
    main.scrollTo({ top: main.scrollHeight });
  });
}

const transcript = new Transcript(ui.transcript, ui.replies, (title, payload) => {
  const language = languageOf(payload); // the Spanish greeting's "English" button
  if (language) showLanguage(language);
  ask(payload, title);
  ui.transcript.focus({ preventScroll: true }); // the pressed button is gone: keep focus in the conversation
}, scrollToEnd);

const connection = new Connection(config, {
  onState(state) {
    ui.conversationId.textContent = connection.conversationId; // a new one after Start over
    ui.connection.textContent = state === "offline" ? offlineNotice() : "";
    ui.connection.classList.toggle("is-offline", state === "offline");
  },
  onMessage: showBotMessage,
  onHandoff: showHandoffStep,
});

function ask(message, shown) {
  ui.start.hidden = true;
  transcript.addPatient(shown);
  connection.send(message);
  ui.typing.hidden = false;
  clearSlowNotice();
  slowTimer = setTimeout(() => { ui.slow.textContent = slowNotice(); scrollToEnd(); }, config.slowReplySeconds * 1000);
}

function clearSlowNotice() {
  clearTimeout(slowTimer);
  slowTimer = null;
  ui.slow.textContent = "";
}

// A member of staff's message (live handoff) comes escaped for rasa-webchat's markdown renderer
// (addons/channels/web_socketio.py, markdown_literal: "eve \(clinic staff\)"); the kiosk shows text as typed.
const STAFF_STEPS = new Set(["joined", "reply", "handed_back", "closed"]);
const MARKDOWN_ESCAPE = /\\([\\`*_{}\[\]()#+!|<>~])/g;
let staffMessageNext = false;

/** A step of a live handoff, just before its message: it counts for the idle reset (idle.js). */
function showHandoffStep(data) {
  idle.handoff(data.step, data.seconds);
  staffMessageNext = STAFF_STEPS.has(data.step);
}

function showBotMessage(message) {
  const fromStaff = staffMessageNext;
  staffMessageNext = false;
  if (fromStaff && typeof message.text === "string") message = { text: message.text.replace(MARKDOWN_ESCAPE, "$1") };
  ui.typing.hidden = true;
  clearSlowNotice();
  const custom = message.custom;
  if (custom && typeof custom === "object") {
    if (custom.topic === "emergency") showEmergency(transcript.markEmergency());
    if (typeof custom.source === "string") transcript.addSource(custom.source);
    return;
  }
  if (typeof message.text === "string") {
    transcript.addAnswer(message.text, message.quick_replies || message.buttons);
  }
}

function showEmergency(text) {
  ui.emergencyText.textContent = text;
  ui.emergency.hidden = false;
  scrollToEnd(); // the banner took height from the conversation
}

function buildStartScreen() {
  ui.topics.replaceChildren();
  for (const topic of config.topics) {
    const title = t(topic.key, topic.title);
    const button = document.createElement("button");
    button.type = "button";
    button.className = "topic";
    button.textContent = title;
    button.addEventListener("click", () => {
      ask(topic.payload, title);
      ui.transcript.focus({ preventScroll: true });
    });
    ui.topics.append(button);
  }
}

/** The kiosk's own words in `language`; its button then offers the other one, named in itself. */
function showLanguage(language) {
  applyLanguage(language);
  const other = language === "es" ? "en" : "es";
  ui.language.textContent = LANGUAGES[other];
  ui.language.lang = other;
  ui.language.dataset.switchTo = other;
  buildStartScreen();
}

/** The patient asked for the other language: the page switches, and the assistant greets them in it (the
 * payload sets the conversation's `language` slot, so what follows is answered in that language too). */
function switchLanguage() {
  const language = ui.language.dataset.switchTo || "es";
  showLanguage(language);
  ui.start.hidden = true;
  connection.send(`/greet{"language": "${language}"}`);
  ui.typing.hidden = false;
  ui.transcript.focus({ preventScroll: true });
}

/**
 * The patient who leaves may have asked for a person: their request (or a member of staff's chat with them)
 * is closed on the web server (console/kiosk_reset.py), as nobody is left to read it. Fire and forget: the
 * screen clears whether or not it is reached, and `keepalive` lets the request outlive a page reload.
 */
function closeHandoffOf(conversationId) {
  fetch("/kiosk/start-over", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ conversation_id: conversationId }),
    keepalive: true,
  }).catch(() => { /* the web server is unreachable: the request times out in the inbox instead */ });
}

/** Everything of the current patient off the screen and out of the browser; a new conversation. */
function startOver() {
  if (!transcript.isEmpty()) closeHandoffOf(connection.conversationId); // an untouched screen asked nothing
  hideWarning(false);
  clearSlowNotice();
  transcript.clear();
  ui.typing.hidden = true;
  ui.emergency.hidden = true;
  ui.emergencyText.textContent = "";
  ui.question.value = "";
  ui.form.reset();
  ui.start.hidden = false;
  try {
    localStorage.clear();   // the kiosk stores nothing itself; this makes sure nothing else did
    sessionStorage.clear();
  } catch (err) { /* storage disabled: then nothing can be in it either */ }
  connection.newConversation();
  if (currentLanguage() !== "en") showLanguage("en"); // the next patient starts in English
  idle.restart();
  main.scrollTop = 0;
  ui.startTitle.focus();
}

function inUse() {
  return !transcript.isEmpty() || ui.question.value.trim() !== "" || !ui.emergency.hidden;
}

function showWarning(secondsLeft) {
  ui.idleCount.textContent = String(secondsLeft);
  ui.idleUnit.textContent = secondsLeft === 1 ? t("kiosk_second", "second") : t("kiosk_seconds", "seconds");
  if (!ui.idle.hidden) return;
  focusBeforeWarning = document.activeElement;
  ui.idle.hidden = false;
  ui.app.inert = true; // modal: nothing behind the warning can be reached
  ui.stillHere.focus();
}

function hideWarning(restoreFocus = true) {
  if (ui.idle.hidden) return;
  ui.idle.hidden = true;
  ui.app.inert = false;
  if (restoreFocus) {
    const target = focusBeforeWarning && document.contains(focusBeforeWarning) ? focusBeforeWarning : ui.question;
    target.focus({ preventScroll: true });
  }
  focusBeforeWarning = null;
}

const idle = new IdleTimer(config, {
  isInUse: inUse,
  onWarning: showWarning,
  onActive: () => hideWarning(true),
  onTimeout: startOver,
});

ui.form.addEventListener("submit", (event) => {
  event.preventDefault();
  const text = ui.question.value.trim();
  if (!text) return;
  ui.question.value = "";
  ask(text, text);
});
ui.startOver.addEventListener("click", startOver);
ui.language.addEventListener("click", switchLanguage);
ui.stillHere.addEventListener("click", () => hideWarning(true));
// The warning is modal: keep Tab on its one button (any key also counts as "still here").
ui.idle.addEventListener("keydown", (event) => { if (event.key === "Tab") event.preventDefault(); });

showLanguage("en");
ui.conversationId.textContent = connection.conversationId;

// For the browser tests and the staff's troubleshooting: which conversation is on screen.
window.missKiosk = Object.freeze({
  get conversationId() { return connection.conversationId; },
  config,
});
