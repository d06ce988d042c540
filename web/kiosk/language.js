// The kiosk's own words in English or Spanish: the patient's choice (the header's language button, or the
// greeting's "English" button in Spanish) until Start over. The English is the page's own text; the Spanish
// comes from content/es/web.yml, which the web server hands over in /runtime.js (MISS_RUNTIME.strings.es),
// so the clinic edits one file and its translator's review covers the kiosk too.

const runtime = window.MISS_RUNTIME || {};
const SPANISH = (runtime.strings && runtime.strings.es) || {};

export const LANGUAGES = Object.freeze({ en: "English", es: "Español" });
let current = "en";

export function currentLanguage() {
  return current;
}

/** `english` in the kiosk's current language: its Spanish from web.yml by `key`, where there is one. */
export function t(key, english) {
  return current === "es" && typeof SPANISH[key] === "string" ? SPANISH[key] : english;
}

/** The language a quick reply's payload switches to (`/greet{"language": "es"}`), if it switches one. */
export function languageOf(payload) {
  const match = /"language"\s*:\s*"(en|es)"/.exec(payload || "");
  return match ? match[1] : null;
}

// Elements carry their web.yml key: data-text (their text), data-label (aria-label), data-placeholder.
const TARGETS = [["text", "textContent"], ["label", "aria-label"], ["placeholder", "placeholder"]];

/** Show the page's own words in `language` ("en" or "es"). */
export function applyLanguage(language) {
  current = language === "es" ? "es" : "en";
  document.documentElement.lang = current;
  for (const [name, property] of TARGETS) {
    for (const node of document.querySelectorAll(`[data-${name}]`)) {
      const englishKey = `en${name[0].toUpperCase()}${name.slice(1)}`;
      if (!(englishKey in node.dataset)) {
        node.dataset[englishKey] = property === "textContent" ? node.textContent : node.getAttribute(property) || "";
      }
      const text = t(node.dataset[name], node.dataset[englishKey]);
      if (property === "textContent") node.textContent = text;
      else node.setAttribute(property, text);
    }
  }
}
