// The conversation on screen. Every piece of message text, the patient's and the assistant's, goes in
// with textContent: never as HTML, so "<img src=x onerror=...>" is shown as the characters typed.

import { t } from "./language.js";

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

export class Transcript {
  /**
   * @param {HTMLElement} log      the role="log" live region that holds the messages
   * @param {HTMLElement} replies  where the latest answer's quick-reply buttons go (outside the log)
   * @param {(title: string, payload: string) => void} onReply
   * @param {() => void} onChange  called after anything was added (the page scrolls to the end)
   */
  constructor(log, replies, onReply, onChange) {
    this.log = log;
    this.replies = replies;
    this.onReply = onReply;
    this.onChange = onChange;
    this.lastAnswer = null; // the assistant message a following source payload belongs to
  }

  addPatient(text) {
    this.clearReplies();
    const message = element("div", "msg msg-patient");
    message.append(element("span", "visually-hidden", t("kiosk_you", "You: ")), element("p", "msg-text", text));
    this.append(message);
    this.lastAnswer = null;
  }

  /** A bot_uttered text message, with its quick replies if any. */
  addAnswer(text, quickReplies) {
    const message = element("div", "msg msg-bot");
    message.append(element("span", "visually-hidden", t("kiosk_assistant", "Assistant: ")), element("p", "msg-text", text));
    this.append(message);
    this.lastAnswer = message;
    if (Array.isArray(quickReplies) && quickReplies.length) this.showReplies(quickReplies);
  }

  /** The source section of the answer just shown: a small line under it. */
  addSource(source) {
    if (!this.lastAnswer || !source) return;
    let line = this.lastAnswer.querySelector(".msg-source");
    if (!line) {
      line = element("p", "msg-source");
      line.dataset.sources = "[]";
      this.lastAnswer.append(line);
    }
    const sources = JSON.parse(line.dataset.sources);
    if (!sources.includes(source)) sources.push(source);
    line.dataset.sources = JSON.stringify(sources);
    line.textContent = `${sources.length > 1 ? t("kiosk_sources", "Sources") : t("kiosk_source", "Source")}: ${sources.join("; ")}`;
    this.onChange();
  }

  /** Marks the answer just shown as an emergency reply; returns its text for the banner. */
  markEmergency() {
    if (!this.lastAnswer) return "";
    this.lastAnswer.classList.add("msg-emergency");
    return this.lastAnswer.querySelector(".msg-text").textContent;
  }

  showReplies(quickReplies) {
    this.clearReplies();
    for (const reply of quickReplies) {
      if (!reply || typeof reply.title !== "string" || typeof reply.payload !== "string") continue;
      const button = element("button", "reply", reply.title);
      button.type = "button";
      button.addEventListener("click", () => this.onReply(reply.title, reply.payload));
      this.replies.append(button);
    }
    this.replies.hidden = !this.replies.childElementCount;
    this.onChange();
  }

  clearReplies() {
    this.replies.replaceChildren();
    this.replies.hidden = true;
  }

  clear() {
    this.log.replaceChildren();
    this.clearReplies();
    this.lastAnswer = null;
  }

  isEmpty() {
    return this.log.childElementCount === 0;
  }

  append(message) {
    this.log.append(message);
    this.onChange();
  }
}
