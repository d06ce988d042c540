"""Every Spanish text beside the English text it translates, for the Spanish content tests."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import yaml

from actions.knowledge import GAPS_FILE, ROOT, KnowledgeBase
from actions.spanish_content import SpanishContent

# domain.yml responses with no entry in content/es/replies.yml: the Spanish emergency reply is a document of
# its own (emergency_es).
SPANISH_ELSEWHERE = {"utter_emergency": "utter_emergency_es"}


@dataclass(frozen=True)
class Pair:
    kind: str  # answer, safety_net, gap, reply, phrase, web
    name: str
    es: str
    en: str


def english_responses() -> dict[str, dict]:
    responses = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))["responses"]
    return {name: as_sent(variants[0]) for name, variants in responses.items() if not name.endswith("_es")}


def as_sent(response: dict) -> dict:
    """A domain response's buttons as Rasa sends them: doubled braces in a payload are one brace."""
    buttons = [
        {**b, "payload": b["payload"].replace("{{", "{").replace("}}", "}")} for b in response.get("buttons", [])
    ]
    return {**response, "buttons": buttons} if buttons else response


def pairs(es: SpanishContent, kb: KnowledgeBase) -> list[Pair]:
    found: list[Pair] = []
    for topic_id, topic in sorted(es.topics.items()):
        english = kb.get(topic_id)
        for aspect, answer in topic.answers.items():
            found.append(Pair("answer", f"{topic_id}.{aspect}", answer.text, english.answers[aspect].text))
        if topic.safety_net and english.safety_net:
            found.append(Pair("safety_net", topic_id, topic.safety_net, english.safety_net))
    gaps = yaml.safe_load(GAPS_FILE.read_text(encoding="utf-8"))
    found += [Pair("gap", key, text, " ".join(gaps[key].split())) for key, text in es.gaps.items() if key in gaps]
    responses = english_responses()
    found += [
        Pair("reply", name, reply.text, " ".join(responses[name]["text"].split()))
        for name, reply in es.replies.items()
        if name in responses
    ]
    # The Spanish emergency reply of domain.yml (its own approved document) is checked like the rest, on its
    # Spanish part: an English line follows " / " for families who write a mix of both.
    emergency_es = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))["responses"]["utter_emergency_es"]
    spanish_part = " ".join(emergency_es[0]["text"].split()).split(" / ")[0]
    found.append(Pair("reply", "utter_emergency", spanish_part, " ".join(responses["utter_emergency"]["text"].split())))
    found += [Pair("phrase", key, p.es, p.en) for key, p in es.phrases.items()]
    found += [Pair("web", key, p.es, p.en) for key, p in es.web.items()]
    return found


# --- the assistant's own words in the code and the web pages ------------------------------------------------
def source_text(path: Path) -> str:
    """A source file as one line of text, with adjacent string literals joined ("a " "b", "a " + "b")."""
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"\"\s*\+?\s*\n\s*\"", "", text)
    return " ".join(text.split())


def english_pattern(english: str) -> re.Pattern[str]:
    """The English of a phrase as a pattern: {name} stands for whatever the code fills in there."""
    parts = re.split(r"\{[^{}]*\}", english)
    return re.compile(r"\{[^{}]*\}".join(re.escape(part) for part in parts))


# Strings of the web pages' code that patients never read (key names, events, HTTP headers).
# Key names, and the names of the languages, which a language button shows in the language itself.
NOT_PATIENT_FACING = {
    "Enter",
    "Tab",
    "DOMContentLoaded",
    "English",
    "Español",
    "Content-Type",
}
SNIPPET_SETTINGS = ("title", "subtitle", "inputTextFieldHint", "connectingText")


def js_strings(path: Path) -> set[str]:
    """The double-quoted strings of a script that start like words a person reads ("Close the chat")."""
    code = re.sub(r"/\*.*?\*/", "", path.read_text(encoding="utf-8"), flags=re.S)
    code = re.sub(r"(^|\s)//.*$", "", code, flags=re.M)
    code = re.sub(r"\"\s*\+\s*\n\s*\"", "", code)
    found = {" ".join(s.split()) for s in re.findall(r"\"([^\"\\\n]*)\"", code)}
    return {s for s in found if re.match(r"[A-Z]", s) and re.search(r"[a-z]", s)} - NOT_PATIENT_FACING


class _PageText(HTMLParser):
    """The text and the accessible names (aria-label, placeholder, title, alt) of a page, scripts left out."""

    def __init__(self) -> None:
        super().__init__()
        self.found: set[str] = set()
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._skip += tag in ("script", "style")
        for name, value in attrs:
            if name in ("aria-label", "placeholder", "title", "alt") and value:
                self.found.add(" ".join(value.split()))

    def handle_endtag(self, tag: str) -> None:
        self._skip -= tag in ("script", "style")

    def handle_data(self, data: str) -> None:
        text = " ".join(data.split())
        if not self._skip and re.search(r"[A-Za-z]", text):
            self.found.add(text)


def page_strings(path: Path) -> set[str]:
    parser = _PageText()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.found - NOT_PATIENT_FACING


def snippet_strings(path: Path) -> set[str]:
    """The words the clinic's snippet gives the widget (title, subtitle, hint, connecting text)."""
    text = path.read_text(encoding="utf-8")
    snippet = text[text.index("BEGIN clinic snippet") : text.index("END clinic snippet")]
    return {value for key, value in re.findall(r"(\w+):\s*\"([^\"]*)\"", snippet) if key in SNIPPET_SETTINGS}


def web_english() -> dict[str, set[str]]:
    """Every patient-facing English text of the widget and the kiosk, by file (relative to the repository)."""
    web = ROOT / "web"
    found = {
        str(p.relative_to(ROOT)): js_strings(p) for p in [web / "widget" / "miss-widget.js", *web.glob("kiosk/*.js")]
    }
    found["web/kiosk/index.html"] = page_strings(web / "kiosk" / "index.html")
    found["web/site/index.html"] = snippet_strings(web / "site" / "index.html")
    return {path: strings for path, strings in found.items() if strings}
