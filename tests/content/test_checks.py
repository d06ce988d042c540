"""The editorial checks themselves (console/content_checks.py), as the console calls them on a document."""

from __future__ import annotations

import copy

import pytest
import yaml

from actions.knowledge import CONTENT_DIR, GAPS_FILE, KNOWLEDGE_TOPICS
from console.content_checks import check_contacts, check_document, check_gaps, check_topic

CONTACTS = {
    "emergency_number": "911",
    "clinic_phone": "(555) 010-2000",
    "clinic_hours": "Monday to Friday, 8 am to 5 pm",
}


def topic(topic_id: str = "dural_tear") -> dict:
    return yaml.safe_load((CONTENT_DIR / f"{topic_id}.yml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("topic_id", KNOWLEDGE_TOPICS)
def test_every_topic_of_the_repository_passes_every_check(topic_id):
    assert check_document(f"topic:{topic_id}", topic(topic_id)) == []


def test_the_gap_texts_and_the_domains_contacts_pass():
    assert check_gaps(yaml.safe_load(GAPS_FILE.read_text(encoding="utf-8"))) == []
    assert check_contacts(CONTACTS) == []


def test_a_made_up_quote_fails_where_it_is():
    data = topic()
    data["answers"]["signs"]["quotes"] = ["A spinal fluid leak can cause headaches for many years."]
    problems = check_topic("dural_tear", data)
    assert [(p.field, p.check) for p in problems] == [("answers.signs.quotes", "quote")]
    assert "not in the approved article" in problems[0].message


def test_a_summary_quote_from_another_section_fails():
    data = topic()
    data["answers"]["summary"]["quotes"].append(
        "Like all surgeries, minimally invasive spine surgery carries some general risks"
    )
    problems = check_document("topic:dural_tear", data)
    assert [(p.field, p.check) for p in problems] == [("answers.summary.quotes", "section")]


def test_hard_words_fail_the_reading_grade():
    data = topic()
    data["answers"]["what"]["text"] = (
        "The dura mater constitutes an intricately organised protective membranous envelope encapsulating "
        "the spinal cord, whose perforation precipitates cerebrospinal fluid extravasation."
    )
    checks = {(p.field, p.check) for p in check_topic("dural_tear", data)}
    assert ("answers.what.text", "grade") in checks


def test_a_medical_term_the_quotes_lack_fails():
    data = topic()
    data["answers"]["signs"]["text"] = "A spinal fluid leak can cause headaches and a blood clot."
    problems = check_topic("dural_tear", data)
    assert [(p.field, p.check) for p in problems] == [("answers.signs.text", "terms")]
    assert "clot" in problems[0].message


def test_the_schema_and_the_loaders_rules_are_checked_too():
    data = topic()
    del data["answers"]["more"]
    assert [(p.field, p.check) for p in check_topic("dural_tear", data)] == [("answers", "schema")]
    data = topic()
    data["follow_ups"][0] = {"label": "How common?", "aspect": "likelihood"}  # dural_tear has no such answer
    assert [(p.field, p.check) for p in check_topic("dural_tear", data)] == [("follow_ups", "schema")]
    gaps = yaml.safe_load(GAPS_FILE.read_text(encoding="utf-8"))
    broken = copy.deepcopy(gaps)
    broken["next"] = " "
    assert [(p.field, p.check) for p in check_gaps(broken)] == [("next", "schema")]


@pytest.mark.parametrize(
    "change",
    [{"clinic_phone": "call us"}, {"emergency_number": ""}, {"clinic_hours": "<b>9-5</b>"}, {"fax": "1"}],
)
def test_contacts_that_are_not_numbers_fail(change):
    assert check_contacts({**CONTACTS, **change})


def test_the_emergency_replies_must_send_the_patient_to_the_emergency_number_in_plain_words():
    from console.content_versions import repository_data

    replies = repository_data("emergency")
    assert check_document("emergency", replies) == []
    without = {**replies, "utter_emergency": "This could be an emergency. Please call your surgeon's office soon."}
    assert [(p.field, p.check) for p in check_document("emergency", without)] == [("utter_emergency", "schema")]
    typo = {**replies, "utter_emergency_wait": replies["utter_emergency_wait"] + " Or call {clinic_fone}."}
    problems = check_document("emergency", typo)
    assert [(p.field, p.check) for p in problems] == [("utter_emergency_wait", "placeholder")]
    assert "clinic_fone" in problems[0].message


def test_a_placeholder_the_replies_cannot_fill_fails_in_a_topic_and_a_gap_text():
    data = topic()
    data["safety_net"] = data["safety_net"] + " Ask for {surgeon_name}."
    assert [(p.field, p.check) for p in check_topic("dural_tear", data)] == [("safety_net", "placeholder")]
    gaps = yaml.safe_load(GAPS_FILE.read_text(encoding="utf-8"))
    gaps["next"] = "Please ask your surgeon {today."
    assert [(p.field, p.check) for p in check_gaps(gaps)] == [("next", "placeholder")]
