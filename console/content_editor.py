"""Content editing in the console: the pages and the live-check API (docs/console.md, "Content").

The rules (who may approve what, staleness, roll back) are console/content_versions.py's; the checks are
console/content_checks.py's, the same the content tests run. Here: forms to documents and back, where each
problem is shown, the patient's-eye previews, and the audit entries.

Routes (all under /console/, each with its permission; the middleware of web.py enforces them):
  GET  content                the documents, what is live, drafts waiting            content.draft
  GET  content/edit           the form, checked as the editor types (content.js)     content.draft
  POST api/content/check      checks and previews of the form as it is now (JSON)    content.draft
  POST content/draft          store the change as a draft                            content.draft
  GET  content/version        one version: checks, diff, previews, decide            content.draft
  GET  content/history        every version of a document, diff between two          content.draft
  POST content/approve        make a draft live                                      content.approve
  POST content/reject         close a draft                                          content.approve
  POST content/rollback       restore an earlier version (approver: live at once)    content.draft
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from aiohttp import web
from multidict import MultiDictProxy

from actions import content_store
from actions.answering import compose
from actions.knowledge import ASPECTS, GAP_ASPECTS, SECTIONS, ContentError, KnowledgeBase, parse_gaps, parse_topic
from actions.live_content import from_files
from actions.replies import DEFAULT_CONTACTS, contract_payload, follow_up_buttons
from addons import sqlite_or_postgres
from addons.channels.formatting import SMS, render_turn, replies_from_messages
from console import audit, auth
from console import content_versions as cv
from console.content_checks import Problem, check_document
from console.triage_checks import UNPARSED, from_yaml, to_yaml, triage_cases
from console.web import PREFIX, needs, render


class _StoreHolder:
    """The content store of this web server, opened on first use: a web server whose content pages nobody
    opens creates no database (as the console's own store, web.Console)."""

    def __init__(self, path: sqlite_or_postgres.Location) -> None:
        self.path = path
        self._store: cv.VersionStore | None = None

    def get(self) -> cv.VersionStore:
        if self._store is None:
            self._store = cv.VersionStore(self.path)
        return self._store


STORE = web.AppKey("content_versions", _StoreHolder)
FOLLOW_UP_ROWS = 4  # the schema allows 2 to 4 follow-ups
GAP_KEYS = (
    "likelihood",
    "signs",
    "signs_before_safety_net",
    "prevention",
    "next",
    "timeline",
    "symptom_report",
    "red_flags",
    "not_ranked",
)
CONTACT_LABELS = {
    "emergency_number": "Emergency number",
    "clinic_phone": "Surgeon's office phone",
    "clinic_hours": "Office hours",
}
ASPECT_LABELS = {
    "summary": "Summary (the first answer)",
    "what": "What it is",
    "signs": "Signs to notice",
    "likelihood": "How likely",
    "prevention": "How to lower the risk",
    "next": "What happens next",
    "timeline": "How long or how soon",
    "more": "Tell me more",
}


def _versions(request: web.Request) -> cv.VersionStore:
    return request.config_dict[STORE].get()


def _session(request: web.Request) -> auth.Session:
    session: auth.Session = request["session"]
    return session


def _log(request: web.Request, action: str, target: str, **detail: Any) -> None:
    from console.web import client_ip, state  # the console's own store and the client address, as web.py logs

    session = _session(request)
    audit.log(
        state(request).store,
        action,
        session.username,
        role=session.role,
        target=target,
        detail=detail,
        ip=client_ip(request),
    )


# --- forms <-> documents -------------------------------------------------------------------------------
def _lines(value: str) -> list[str]:
    return [" ".join(line.split()) for line in value.splitlines() if line.strip()]


def _clean(value: str) -> str:
    return " ".join(value.split())


def form_to_data(document: str, form: Mapping[str, str]) -> dict[str, Any]:
    """The document a form describes. Texts are kept on one line (the files fold them for reading)."""
    if document == "emergency_triggers":  # one textarea of YAML (the medical director's editor)
        return from_yaml(form.get("yaml", ""))
    if document in cv.REPLIES:
        return {name: _clean(form.get(f"text.{name}", "")) for name in cv.REPLIES[document]}
    if document == "contacts":
        return {key: _clean(form.get(key, "")) for key in cv.CONTACT_SLOTS}
    if document == "gaps":
        return {key: _clean(form.get(f"text.{key}", "")) for key in GAP_KEYS}
    topic = document.removeprefix("topic:")
    answers: dict[str, Any] = {}
    for aspect in ASPECTS:
        text, quotes = _clean(form.get(f"text.{aspect}", "")), _lines(form.get(f"quotes.{aspect}", ""))
        if text or quotes:  # an aspect left empty is not answered: content/gaps.yml speaks for it
            answers[aspect] = {"text": text, "quotes": quotes}
    data: dict[str, Any] = {
        "topic": topic,
        "title": _clean(form.get("title", "")),
        "section": SECTIONS.get(topic, ""),
        "answers": answers,
    }
    if _clean(form.get("safety_net", "")):
        data["safety_net"] = _clean(form.get("safety_net", ""))
    follow_ups = []
    for row in range(FOLLOW_UP_ROWS):
        label, target = _clean(form.get(f"follow.{row}.label", "")), form.get(f"follow.{row}.target", "")
        if label:
            kind, _, value = target.partition(":")
            follow_ups.append({"label": label, kind if kind in ("aspect", "topic") else "aspect": value})
    data["follow_ups"] = follow_ups
    return data


def data_to_form(document: str, data: Mapping[str, Any]) -> dict[str, str]:
    if document == "emergency_triggers":
        return {"yaml": str(data[UNPARSED]) if UNPARSED in data else to_yaml(dict(data))}
    if document in cv.REPLIES:
        return {f"text.{name}": _clean(str(data.get(name, ""))) for name in cv.REPLIES[document]}
    if document == "contacts":
        return {key: str(data.get(key, "")) for key in cv.CONTACT_SLOTS}
    if document == "gaps":
        return {f"text.{key}": _clean(str(data.get(key, ""))) for key in GAP_KEYS}
    form = {"title": str(data.get("title", "")), "safety_net": _clean(str(data.get("safety_net") or ""))}
    for aspect, answer in (data.get("answers") or {}).items():
        form[f"text.{aspect}"] = _clean(answer.get("text", ""))
        form[f"quotes.{aspect}"] = "\n".join(_clean(q) for q in answer.get("quotes", []))
    for row, follow in enumerate(data.get("follow_ups") or []):
        form[f"follow.{row}.label"] = follow.get("label", "")
        form[f"follow.{row}.target"] = (
            f"topic:{follow['topic']}" if follow.get("topic") else f"aspect:{follow.get('aspect')}"
        )
    return form


def field_of(document: str, problem: Problem) -> str:
    """The form field a problem belongs to ("" for the form as a whole)."""
    parts = problem.field.split(".") if problem.field else []
    if document == "emergency_triggers":
        return "yaml"
    if document == "contacts" or not parts:
        return parts[0] if parts else ""
    if document in ("gaps", *cv.REPLIES):
        return f"text.{parts[0]}"
    if parts[0] == "answers" and len(parts) >= 3 and parts[2] in ("text", "quotes"):
        return f"{parts[2]}.{parts[1]}"
    if parts[0] == "answers" and len(parts) == 2:
        return f"text.{parts[1]}"
    return parts[0] if parts[0] in ("title", "safety_net", "follow_ups") else ""


def problems_json(document: str, problems: list[Problem]) -> list[dict[str, str]]:
    return [{"field": field_of(document, p), "check": p.check, "message": p.message} for p in problems]


# --- previews ------------------------------------------------------------------------------------------
def _fill(text: str, contacts: Mapping[str, str]) -> str:
    for slot, default in DEFAULT_CONTACTS.items():
        text = text.replace("{" + slot + "}", contacts.get(slot) or default)
    return text


def preview(store: cv.VersionStore, document: str, data: dict[str, Any], aspect: str = "summary") -> dict[str, Any]:
    """The reply a patient would get with `data` live, built the way the action server builds it
    (actions/answering.compose, the follow-up buttons, the contacts filled in), then shown the way the web
    widget, the kiosk and an SMS show a reply (the SMS through the channels' own formatting)."""
    if document == "emergency_triggers":
        return triage_preview(store)
    try:
        files = from_files()
        topics = dict(files.kb.topics)
        for other in cv.DOCUMENTS:  # what patients read now, for the parts this document does not change
            if other.startswith("topic:") and other != document:
                live = store.live(other)
                if live is not None:
                    name = other.removeprefix("topic:")
                    topics[name] = parse_topic(Path(f"{name}.yml"), live.data)
        gaps = parse_gaps(cv.repository_file("gaps"), data) if document == "gaps" else None
        if gaps is None:
            gaps = parse_gaps(cv.repository_file("gaps"), store.served("gaps")[0])
        contacts = data if document == "contacts" else store.served("contacts")[0]
        emergency = data if document == "emergency" else store.served("emergency")[0]
        if document == "emergency_es":
            emergency = {**emergency, **data}
        if document.startswith("topic:"):
            topic_id = document.removeprefix("topic:")
            topics[topic_id] = parse_topic(Path(f"{topic_id}.yml"), data)
        else:
            topic_id = "dural_tear"  # a topic without a likelihood answer: its reply uses a gap text
        kb = KnowledgeBase(topics)
    except (ContentError, KeyError, TypeError, AttributeError) as err:
        return {"error": f"No preview until the checks pass ({err})."}
    if document == "topic:" + topic_id:
        question = f"{kb.get(topic_id).title}: {ASPECT_LABELS.get(aspect, aspect).lower()}"
        composed = compose(kb, gaps, kb.get(topic_id), aspect if aspect in ASPECTS else "summary")
        text = composed.text
        buttons = [b["title"] for b in follow_up_buttons(kb.get(topic_id), kb, composed.shown_aspect)]
        sources = [contract_payload(t)["source"] for t in composed.topics]
    elif document == "gaps" and aspect in GAP_ASPECTS:
        question = f"A question the content does not answer ({aspect}, about a dural tear)"
        composed = compose(kb, gaps, kb.get(topic_id), aspect)
        text, sources = composed.text, [contract_payload(t)["source"] for t in composed.topics]
        buttons = [b["title"] for b in follow_up_buttons(kb.get(topic_id), kb, composed.shown_aspect)]
    elif document in cv.REPLIES:
        names = cv.REPLIES[document]
        reply = aspect if aspect in names else names[0]
        question = EMERGENCY_QUESTIONS[reply]
        text, buttons, sources = emergency[reply], [], []
    else:  # a symptom that is not a red flag, no topic related: the gap texts and the contacts together
        question = "A symptom that is not a red flag (“my back feels odd, is that normal?”)"
        text = f"{gaps['symptom_report']} {gaps['red_flags']}"
        buttons, sources = ["Talk to a person"], []
    text = _fill(text, contacts)
    messages: list[dict[str, Any]] = [{"text": text, "buttons": [{"title": b, "payload": "/x"} for b in buttons]}]
    if document in cv.REPLIES:  # the channels send an emergency reply first and whole, by its tag
        messages.append({"custom": {"topic": "emergency", "source": None}})
    messages += [{"custom": {"topic": topic_id, "source": source}} for source in sources]
    sms, _ = render_turn(replies_from_messages(messages), SMS)
    return {
        "question": question,
        "text": text,
        "buttons": buttons,
        "source": "; ".join(sources),
        "sms": [message.text for message in sms],
    }


def triage_preview(store: cv.VersionStore) -> dict[str, Any]:
    """What the triage patterns change for a patient: the emergency reply to every emergency of the triage
    sets and to none of the others (the checks passed to get here)."""
    emergencies, others = triage_cases()
    contacts = store.served("contacts")[0]
    text = _fill(store.served("emergency")[0]["utter_emergency"], contacts)
    return {
        "question": (
            f"Each of the {len(emergencies)} emergencies of the triage sets gets the emergency reply; "
            f"none of the {len(others)} other messages does"
        ),
        "text": text,
        "buttons": [],
        "source": "tests/triage/triage_cases.yml, tests/triage/triage_cases_2.yml",
        "sms": [text],
    }


EMERGENCY_QUESTIONS = {
    "utter_emergency": "Symptoms of a possible emergency, happening now",
    "utter_emergency_wait": "After the emergency reply: “can I wait until morning?”",
    "utter_emergency_acknowledge": "After the emergency reply: “ok, I called them”",
    "utter_emergency_es": "Symptoms of a possible emergency, told in Spanish (“tengo fiebre y la herida supura”)",
}


def preview_choices(document: str, data: Mapping[str, Any]) -> list[tuple[str, str]]:
    if document == "emergency_triggers":
        return [("triage", "The emergencies of the triage development sets")]
    if document in cv.REPLIES:
        return [(name, EMERGENCY_QUESTIONS[name]) for name in cv.REPLIES[document]]
    if document.startswith("topic:"):
        return [(a, ASPECT_LABELS[a]) for a in ASPECTS if a in (data.get("answers") or {})]
    if document == "gaps":
        return [(a, f"A question about {a} the content does not answer") for a in GAP_ASPECTS] + [
            ("symptom_report", "A symptom that is not a red flag")
        ]
    return [("symptom_report", "A symptom that is not a red flag (uses the office phone and hours)")]


# --- pages ---------------------------------------------------------------------------------------------
def _document(request: web.Request, source: Mapping[str, str]) -> str:
    document = str(source.get("doc", ""))
    if not cv.known(document):
        raise web.HTTPNotFound(text="No such content document.")
    return document


def _number(source: Mapping[str, str], name: str = "n") -> int:
    try:
        return int(str(source.get(name, "")))
    except ValueError:
        raise web.HTTPBadRequest(text="A version number is needed.") from None


@needs("content.draft")
async def index(request: web.Request) -> web.StreamResponse:
    store = _versions(request)

    def rows() -> tuple[list[dict[str, Any]], list[cv.Version]]:
        drafts = store.drafts()
        listed = []
        for document in cv.DOCUMENTS:
            live = store.live(document)
            listed.append(
                {
                    "document": document,
                    "title": cv.title(document),
                    "live": live,
                    "drafts": sum(1 for d in drafts if d.document == document),
                }
            )
        return listed, drafts

    listed, drafts = await asyncio.to_thread(rows)
    _log(request, "page_view", "content")
    return render(
        request,
        "content_index.html",
        title="Content",
        rows=listed,
        drafts=drafts,
        doc_title=cv.title,
        notice=request.query.get("done", "")[:200],
    )


def _edit_page(
    request: web.Request,
    document: str,
    form: Mapping[str, str],
    based_on: int | None,
    problems: list[Problem],
    status: int = 200,
    error: str = "",
) -> web.Response:
    store = _versions(request)
    data = form_to_data(document, form)
    choices = preview_choices(document, data) or [("summary", ASPECT_LABELS["summary"])]
    shown = preview(store, document, data, choices[0][0]) if not problems else None
    by_field: dict[str, list[str]] = {}
    for item in problems_json(document, problems):
        by_field.setdefault(item["field"], []).append(item["message"])
    topics = [t for t in SECTIONS if f"topic:{t}" != document]
    return render(
        request,
        "content_edit.html",
        status=status,
        title=f"Edit · {cv.title(document)}",
        document=document,
        doc_title=cv.title(document),
        kind="topic" if document.startswith("topic:") else document,
        emergency_questions={name: EMERGENCY_QUESTIONS[name] for name in cv.REPLIES.get(document, ())},
        form=form,
        based_on=based_on,
        problems=by_field,
        problem_count=len(problems),
        error=error,
        aspects=ASPECTS,
        aspect_labels=ASPECT_LABELS,
        gap_keys=GAP_KEYS,
        contact_labels=CONTACT_LABELS,
        follow_rows=range(FOLLOW_UP_ROWS),
        targets=[(f"aspect:{a}", f"this topic: {ASPECT_LABELS[a]}") for a in ASPECTS]
        + [(f"topic:{t}", f"topic: {t.replace('_', ' ')}") for t in topics],
        choices=choices,
        preview=shown,
    )


@needs("content.draft")
async def edit(request: web.Request) -> web.StreamResponse:
    document = _document(request, request.query)
    store = _versions(request)
    data, number = await asyncio.to_thread(store.served, document)
    _log(request, "page_view", "content_edit", document=document)
    return _edit_page(request, document, data_to_form(document, data), number, [])


def _form(raw: MultiDictProxy[Any]) -> dict[str, str]:
    return {key: value for key, value in raw.items() if isinstance(value, str)}


@needs("content.draft")
async def check_api(request: web.Request) -> web.StreamResponse:
    form = _form(await request.post())
    document = _document(request, form)
    data = form_to_data(document, form)
    problems = await asyncio.to_thread(check_document, document, data)
    shown = None
    if not problems:
        shown = await asyncio.to_thread(preview, _versions(request), document, data, form.get("preview", "summary"))
    # Not in the audit log: it is called as the editor types (the draft it leads to is logged).
    return web.json_response({"problems": problems_json(document, problems), "preview": shown})


@needs("content.draft")
async def submit_draft(request: web.Request) -> web.StreamResponse:
    form = _form(await request.post())
    document = _document(request, form)
    session = _session(request)
    data = form_to_data(document, form)
    note = form.get("note", "")
    try:
        version = await asyncio.to_thread(
            cv.draft, _versions(request), document, data, session.username, session.role, note
        )
    except cv.ChecksFailed as failed:
        based_on = int(form["based_on"]) if form.get("based_on", "").isdigit() else None
        return _edit_page(request, document, form, based_on, failed.problems, 400, "The draft was not saved.")
    except cv.WorkflowError as err:
        based_on = int(form["based_on"]) if form.get("based_on", "").isdigit() else None
        return _edit_page(request, document, form, based_on, [], 400, str(err))
    _log(request, "content_draft", document, version=version.number, based_on=version.based_on, note=note[:200])
    raise web.HTTPSeeOther(
        f"{PREFIX}/content/version?{urlencode({'doc': document, 'n': version.number, 'done': 'draft'})}"
    )


NOTICES = {
    "draft": "Draft saved. It is not live: an approver other than you must approve it.",
    "approved": "Approved: live for patients within a minute, on every action server.",
    "rejected": "Rejected: the draft stays in the history.",
    "rollback": "Restored as a new version.",
}


@needs("content.draft")
async def version_page(request: web.Request) -> web.StreamResponse:
    return await _version_page(request, _document(request, request.query), _number(request.query))


async def _version_page(
    request: web.Request, document: str, number: int, error: str = "", status: int = 200
) -> web.StreamResponse:
    store = _versions(request)
    version = await asyncio.to_thread(store.version, document, number)
    if version is None:
        raise web.HTTPNotFound(text="No such version.")
    session = _session(request)
    served, served_number = await asyncio.to_thread(store.served, document)
    base = None
    if version.based_on is not None:
        base = await asyncio.to_thread(store.version, document, version.based_on)
    compare_to = base.data if base else served
    compare_name = f"version {base.number}" if base else "what patients read now"
    problems = await asyncio.to_thread(check_document, document, version.data)
    choices = preview_choices(document, version.data)
    previews = []
    if not problems:
        for aspect, label in choices:
            previews.append((label, await asyncio.to_thread(preview, store, document, version.data, aspect)))
    may_decide = auth.can(session.role, "content.approve") and version.status == "draft"
    own = version.author == session.username
    _log(request, "page_view", "content_version", document=document, version=number)
    done = request.query.get("done", "")
    return render(
        request,
        "content_version.html",
        status=status,
        title=f"Version {number} · {cv.title(document)}",
        document=document,
        doc_title=cv.title(document),
        version=version,
        served_number=served_number,
        is_served=served == version.data and served_number == version.number,
        diff=cv.diff(compare_to, version.data, compare_name, f"version {number}", document),
        compare_name=compare_name,
        problems=problems_json(document, problems),
        previews=previews,
        may_approve=may_decide and not own,
        may_reject=may_decide,
        own=own,
        can_approve_role=auth.can(session.role, "content.approve"),
        may_roll_back=version.status in ("approved", "baseline") and served != version.data,
        notice=NOTICES.get(done, ""),
        error=error,
    )


@needs("content.draft")
async def history(request: web.Request) -> web.StreamResponse:
    document = _document(request, request.query)
    store = _versions(request)
    versions = await asyncio.to_thread(store.versions, document)
    lines: list[str] = []
    a, b = request.query.get("a", ""), request.query.get("b", "")
    error = ""
    if a and b:
        first = await asyncio.to_thread(store.version, document, _number(request.query, "a"))
        second = await asyncio.to_thread(store.version, document, _number(request.query, "b"))
        if first is None or second is None:
            error = "Choose two versions of this document."
        else:
            lines = cv.diff(first.data, second.data, f"version {first.number}", f"version {second.number}", document)
    _log(request, "page_view", "content_history", document=document)
    return render(
        request,
        "content_history.html",
        title=f"History · {cv.title(document)}",
        document=document,
        doc_title=cv.title(document),
        versions=versions,
        live=max((v for v in versions if v.live_seq), key=lambda v: v.live_seq or 0, default=None),
        a=a,
        b=b,
        diff=lines,
        compared=bool(a and b and not error),
        error=error,
    )


async def _decide(request: web.Request, step: str) -> web.StreamResponse:
    form = _form(await request.post())
    document = _document(request, form)
    number = _number(form)
    note = form.get("note", "")
    session = _session(request)
    store = _versions(request)
    step_function = {"approve": cv.approve, "reject": cv.reject, "rollback": cv.rollback}[step]
    try:
        version = await asyncio.to_thread(step_function, store, document, number, session.username, session.role, note)
    except cv.WorkflowError as err:
        _log(request, "content_refused", document, step=step, version=number, reason=str(err))
        return await _version_page(request, document, number, error=str(err), status=409)
    if step == "approve":
        _log(request, "content_approve", document, version=number, author=version.author, note=note[:200])
        done = "approved"
    elif step == "reject":
        _log(request, "content_reject", document, version=number, author=version.author, note=note[:200])
        done = "rejected"
    else:
        _log(
            request,
            "content_rollback",
            document,
            restored=number,
            version=version.number,
            live=version.status == "approved",
            note=note[:200],
        )
        done = "rollback"
    query = {"doc": document, "n": version.number, "done": done}
    raise web.HTTPSeeOther(f"{PREFIX}/content/version?{urlencode(query)}")


@needs("content.approve")
async def approve(request: web.Request) -> web.StreamResponse:
    return await _decide(request, "approve")


@needs("content.approve")
async def reject(request: web.Request) -> web.StreamResponse:
    return await _decide(request, "reject")


@needs("content.draft")
async def rollback(request: web.Request) -> web.StreamResponse:
    return await _decide(request, "rollback")


ROUTES = [
    ("GET", "/content", index),
    ("GET", "/content/edit", edit),
    ("POST", "/api/content/check", check_api),
    ("POST", "/content/draft", submit_draft),
    ("GET", "/content/version", version_page),
    ("GET", "/content/history", history),
    ("POST", "/content/approve", approve),
    ("POST", "/content/reject", reject),
    ("POST", "/content/rollback", rollback),
]


def install(app: web.Application) -> None:
    """Add the content pages to the console's app (web.install calls this); the store is $MISS_CONTENT_STORE,
    the same the action servers read."""
    app[STORE] = _StoreHolder(content_store.store_location())
    for method, path, handler in ROUTES:
        app.router.add_route(method, PREFIX + path, handler)
