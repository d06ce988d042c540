"""The Rasa server's own replies with the clinic's numbers as approved in the console (addons/approved_replies.py):
Rasa's response generator with the project's domain, a tracker of a conversation started before the edit,
and a real content store written by the console's rules."""

from __future__ import annotations

import asyncio
import json

import pytest
from rasa.core.nlg.response import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker

from actions import content_store
from addons import approved_replies
from addons.approved_replies import ApprovedReplies
from addons.clinic_contacts import contact_numbers
from console import content_versions as cv
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
    with content_store.connect(versions.path) as db:
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
    with content_store.connect(versions.path) as db:
        assert db.execute(approved_replies.QUERY, ("contacts",)).fetchone()["data"] == json.dumps(
            content_store.live_documents(db)["contacts"]["data"]
        )
    assert approved_replies.store_path({"MISS_CONTENT_STORE": "sqlite:////x/y.sqlite"}) == content_store.store_path(
        {"MISS_CONTENT_STORE": "sqlite:////x/y.sqlite"}
    )


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
