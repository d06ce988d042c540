"""The Rasa server's own replies with the clinic's numbers as approved in the console (addons/approved_replies.py):
Rasa's response generator with the project's domain, a tracker of a conversation started before the edit,
and a real content store written by the console's rules. And its triage patterns: the NLU pipeline's
IntentRouter with the approved emergency_triggers, looked up with an injected clock."""

from __future__ import annotations

import asyncio
import json

import pytest
import structlog.testing
from rasa.core.nlg.response import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from actions import content_store
from addons import approved_replies, sqlite_or_postgres
from addons.approved_replies import ApprovedReplies
from addons.clinic_contacts import contact_numbers
from addons.intent_router import IntentRouter
from addons.triage import TriageRules
from console import content_versions as cv
from tests.addons.test_intent_router import config_yml_entry
from tests.conftest import ROOT

DOMAIN = Domain.load(ROOT / "domain.yml")
NEW = {"emergency_number": "112", "clinic_phone": "(555) 010-7777", "clinic_hours": "every day, 7 am to 7 pm"}


class Clock:
    now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def versions(tmp_path, clock):
    store = cv.VersionStore(tmp_path / "content.sqlite")
    approved_replies.use(ApprovedReplies(store.path, 10, clock))
    approved_replies.fill_responses_with_approved_texts()
    yield store
    approved_replies.use(None)


def emergency_reply(tracker: DialogueStateTracker) -> str:
    generated = asyncio.run(
        TemplatedNaturalLanguageGenerator(DOMAIN.responses).generate("utter_emergency", tracker, "rest")
    )
    return generated["text"]


def approve(store: cv.VersionStore, data: dict) -> None:
    draft = cv.draft(store, "contacts", data, "eve", "editor")
    cv.approve(store, "contacts", draft.number, "cat", "approver")


def test_the_emergency_reply_and_the_trouble_text_give_the_approved_numbers_within_the_interval(versions, clock):
    tracker = DialogueStateTracker.from_events("patient", [], slots=DOMAIN.slots)  # slots as the model set them
    assert "call 911 now" in emergency_reply(tracker) and "(555) 010-2000" in emergency_reply(tracker)
    approve(versions, NEW)
    clock.now += 5
    assert "call 911 now" in emergency_reply(tracker)  # looked at most every 10 s
    clock.now += 5
    reply = emergency_reply(tracker)
    assert "call 112 now" in reply and "(555) 010-7777" in reply
    assert contact_numbers(None) == {"clinic_phone": "(555) 010-7777", "emergency_number": "112"}


def test_a_value_the_schema_refuses_never_replaces_the_numbers(versions, clock):
    approve(versions, NEW)
    clock.now += 10
    tracker = DialogueStateTracker.from_events("patient", [], slots=DOMAIN.slots)
    assert "(555) 010-7777" in emergency_reply(tracker)
    with sqlite_or_postgres.connect(versions.path) as db:
        db.execute(
            "INSERT INTO content_versions (document, number, data, status, author, created_at, live_seq) "
            "VALUES ('contacts', 9, ?, 'approved', 'someone', 0, ?)",
            (json.dumps({**NEW, "clinic_phone": ""}), content_store.newest_live_seq(db) + 1),
        )
    clock.now += 10
    assert "(555) 010-7777" in emergency_reply(tracker)


def test_without_a_store_the_domains_numbers_stand(tmp_path, clock):
    approved_replies.use(ApprovedReplies(tmp_path / "none.sqlite", 0, clock))
    try:
        assert approved_replies.with_approved_contacts({"clinic_phone": "x"}) == {"clinic_phone": "x"}
    finally:
        approved_replies.use(None)


def test_its_query_reads_what_the_action_servers_read(versions):
    approve(versions, NEW)
    with sqlite_or_postgres.connect(versions.path) as db:
        assert db.execute(approved_replies.QUERY, ("contacts",)).fetchone()["data"] == json.dumps(
            content_store.live_documents(db)["contacts"]["data"]
        )
    for where in ("sqlite:////x/y.sqlite", "/x/y.sqlite", "run/c.sqlite", "postgresql://miss@db:5432/content"):
        env = {"MISS_CONTENT_STORE": where}  # the Rasa server and the action servers read the same store
        assert str(approved_replies.store_path(env)) == str(content_store.store_location(env))


def test_an_approved_emergency_reply_replaces_the_domains_text_and_keeps_its_tag(versions, clock):
    replies = cv.repository_data("emergency")
    replies["utter_emergency"] = "This may be an emergency. Call {emergency_number} now. Then call {clinic_phone}."
    draft = cv.draft(versions, "emergency", replies, "eve", "editor")
    cv.approve(versions, "emergency", draft.number, "cat", "approver")
    approve(versions, NEW)
    clock.now += 10
    tracker = DialogueStateTracker.from_events("patient", [], slots=DOMAIN.slots)
    generator = TemplatedNaturalLanguageGenerator(DOMAIN.responses)
    reply = asyncio.run(generator.generate("utter_emergency", tracker, "rest"))
    assert reply["text"] == "This may be an emergency. Call 112 now. Then call (555) 010-7777."
    assert reply["custom"] == {"topic": "emergency", "source": None}  # the channels send it first, whole
    spanish = asyncio.run(generator.generate("utter_emergency_es", tracker, "rest"))["text"]
    assert spanish.startswith("Esto podría ser una emergencia. Llame al 112")


SPANISH = "Puede ser una emergencia. Llame al {emergency_number} ahora, o al consultorio al {clinic_phone}."


def test_the_spanish_emergency_reply_is_approved_on_its_own_and_served_within_the_interval(versions, clock):
    tracker = DialogueStateTracker.from_events("patient", [], slots=DOMAIN.slots)
    generator = TemplatedNaturalLanguageGenerator(DOMAIN.responses)

    def reply(name: str) -> dict:
        return asyncio.run(generator.generate(name, tracker, "rest"))

    english_before = reply("utter_emergency")["text"]
    draft = cv.draft(versions, "emergency_es", {"utter_emergency_es": SPANISH}, "eve", "editor")
    with pytest.raises(cv.WorkflowError, match="another approver"):
        cv.approve(versions, "emergency_es", draft.number, "eve", "approver")  # as for the English replies
    assert reply("utter_emergency_es")["text"].startswith("Esto podría ser una emergencia")  # a draft: not served
    cv.approve(versions, "emergency_es", draft.number, "cat", "approver")
    clock.now += 5
    assert reply("utter_emergency_es")["text"].startswith("Esto podría ser una emergencia")  # at most every 10 s
    clock.now += 5
    spanish = reply("utter_emergency_es")
    assert spanish["text"] == "Puede ser una emergencia. Llame al 911 ahora, o al consultorio al (555) 010-2000."
    assert spanish["custom"] == {"topic": "emergency", "source": None}  # still sent first and whole
    assert reply("utter_emergency")["text"] == english_before  # the English replies are another document


def test_a_spanish_reply_without_the_emergency_number_is_refused_by_the_console_and_ignored_by_the_server(
    versions, clock, caplog
):
    with pytest.raises(cv.ChecksFailed):
        cv.draft(
            versions, "emergency_es", {"utter_emergency_es": "Llame a su médico mañana por la mañana."}, "e", "editor"
        )
    with sqlite_or_postgres.connect(versions.path) as db:  # written past the console's checks
        db.execute(
            "INSERT INTO content_versions (document, number, data, status, author, created_at, live_seq) "
            "VALUES ('emergency_es', 1, ?, 'approved', 'x', 0, ?)",
            (json.dumps({"utter_emergency_es": "Espere a mañana."}), content_store.newest_live_seq(db) + 1),
        )
    clock.now += 10
    tracker = DialogueStateTracker.from_events("patient", [], slots=DOMAIN.slots)
    text = asyncio.run(
        TemplatedNaturalLanguageGenerator(DOMAIN.responses).generate("utter_emergency_es", tracker, "rest")
    )
    assert text["text"].startswith("Esto podría ser una emergencia. Llame al 911")
    assert "emergency_es version 1 refused" in caplog.text


# --- the triage patterns (emergency_triggers) -----------------------------------------------------------
MADE_UP_WORD = "zorbleflux"  # a made-up symptom word: no rule of the repository knows it
MADE_UP_MESSAGE = f"my wife just {MADE_UP_WORD}ed in the kitchen and is on the floor"


def triggers_with_the_made_up_word() -> dict:
    spec = cv.repository_data("emergency_triggers")
    spec["cues"]["fainting"] = [*spec["cues"]["fainting"], rf"\b{MADE_UP_WORD}\w*"]
    return spec


def router(source: ApprovedReplies) -> IntentRouter:
    return IntentRouter(config_yml_entry(), TriageRules.from_file(), source.triage_rules)


def routed_intent(router: IntentRouter, text: str) -> str:
    message = Message({TEXT: text})
    ranking = [{"name": "ask_more", "confidence": 0.9}, {"name": "report_emergency", "confidence": 0.1}]
    message.set(INTENT, ranking[0])
    message.set(INTENT_RANKING_KEY, ranking)
    router.process([message])
    return str(message.get(INTENT)["name"])


def test_approved_triage_patterns_escalate_a_new_wording_after_the_poll_interval(tmp_path, clock):
    store = cv.VersionStore(tmp_path / "content.sqlite")
    live = router(ApprovedReplies(store.path, 10, clock))
    assert routed_intent(live, MADE_UP_MESSAGE) == "ask_more"  # the file's rules do not know the word
    draft = cv.draft(store, "emergency_triggers", triggers_with_the_made_up_word(), "eve", "editor")
    cv.approve(store, "emergency_triggers", draft.number, "cat", "approver")
    clock.now += 5
    assert routed_intent(live, MADE_UP_MESSAGE) == "ask_more"  # looked at most every 10 s
    clock.now += 5
    assert routed_intent(live, MADE_UP_MESSAGE) == "report_emergency"
    assert routed_intent(live, "I fainted when I stood up just now") == "report_emergency"  # the rest stands


def test_a_broken_approved_triage_version_never_replaces_the_rules_served(tmp_path, clock, caplog):
    store = cv.VersionStore(tmp_path / "content.sqlite")
    source = ApprovedReplies(store.path, 10, clock)
    live = router(source)
    draft = cv.draft(store, "emergency_triggers", triggers_with_the_made_up_word(), "eve", "editor")
    cv.approve(store, "emergency_triggers", draft.number, "cat", "approver")
    clock.now += 10
    assert routed_intent(live, MADE_UP_MESSAGE) == "report_emergency"
    broken = cv.repository_data("emergency_triggers")
    broken["cues"]["fainting"] = ["(unclosed"]  # written past the console's checks
    with sqlite_or_postgres.connect(store.path) as db:
        db.execute(
            "INSERT INTO content_versions (document, number, data, status, author, created_at, live_seq) "
            "VALUES ('emergency_triggers', 9, ?, 'approved', 'someone', 0, ?)",
            (json.dumps(broken), content_store.newest_live_seq(db) + 1),
        )
    for _ in range(3):
        clock.now += 10
        assert routed_intent(live, MADE_UP_MESSAGE) == "report_emergency"  # the approved rules before it stay
    refusals = [r for r in caplog.records if "emergency_triggers version 9 refused" in r.getMessage()]
    assert len(refusals) == 1  # logged once, not at every poll


def test_without_an_approved_triage_version_the_files_rules_stand(tmp_path, clock):
    assert ApprovedReplies(tmp_path / "none.sqlite", 0, clock).triage_rules() is None
    store = cv.VersionStore(tmp_path / "content.sqlite")
    cv.draft(store, "emergency_triggers", triggers_with_the_made_up_word(), "eve", "editor")  # a draft only
    live = router(ApprovedReplies(store.path, 0, clock))
    assert routed_intent(live, MADE_UP_MESSAGE) == "ask_more"
    assert routed_intent(live, "I fainted when I stood up just now") == "report_emergency"


def test_the_rasa_servers_router_reads_the_approved_patterns(versions, clock):
    created = IntentRouter.create(config_yml_entry(), None, None, None)  # type: ignore[arg-type]
    draft = cv.draft(versions, "emergency_triggers", triggers_with_the_made_up_word(), "eve", "editor")
    cv.approve(versions, "emergency_triggers", draft.number, "cat", "approver")
    clock.now += 10
    assert routed_intent(created, MADE_UP_MESSAGE) == "report_emergency"


def test_spanish_replies_get_the_spanish_hours_unless_the_console_changed_the_hours():
    from addons.approved_replies import with_spanish_hours

    slots = {"clinic_hours": "9 to 5", "clinic_hours_es": "de 9 a 5"}
    assert with_spanish_hours(slots, domain_hours="9 to 5")["clinic_hours"] == "de 9 a 5"
    changed = {**slots, "clinic_hours": NEW["clinic_hours"]}  # approved in the console since the training
    assert with_spanish_hours(changed, domain_hours="9 to 5")["clinic_hours"] == NEW["clinic_hours"]


@pytest.mark.parametrize("language,payload", [("en", '/greet{"language": "es"}'), ("es", '/greet{"language": "en"}')])
def test_the_language_button_goes_out_with_its_payload_and_nothing_logged(versions, language, payload):
    tracker = DialogueStateTracker.from_events("patient", [], slots=DOMAIN.slots)
    tracker.slots["language"].value = language
    generator = TemplatedNaturalLanguageGenerator(DOMAIN.responses)
    with structlog.testing.capture_logs() as logged:
        reply = asyncio.run(generator.generate("utter_greet", tracker, "rest"))
    assert payload in [button["payload"] for button in reply["buttons"]]
    assert not [entry for entry in logged if entry["log_level"] == "error"]  # Rasa's "slot name does not exist"
