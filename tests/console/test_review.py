"""The review queue: which messages reach it, how they are grouped, what a label writes (the reviewed-data
file, the console's rows, the audit log). A real ScrubbingSQLEventBroker file written with Rasa's own
events, the console's real database, the real training data of data/ for the conflict checks."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import yaml

from console import review
from console.reviewed_data import ReviewedData, example_text
from console.store import Store
from tests.console.test_analytics import at, publish, reply, turn
from tests.console_app import audit_actions

T = at(dt.date.today())
DECLINE = "Sorry, I can only answer questions about the risks of this surgery."
PARKING = [  # none of them is in data/ (then a label would change nothing)
    "when is the hospital cafeteria open",
    "is the hospital cafeteria open on sundays?",
    "what food does the cafeteria at the hospital serve",
]
OTHER = ["can my dog visit me after surgery", "blorp"]


def declined(broker, sender: str, text: str, when: float, intent: str = "out_of_scope") -> None:
    publish(broker, sender, turn(text, intent, when))
    publish(broker, sender, *reply(DECLINE, "out_of_scope", when + 0.01, "action_out_of_scope"))


@pytest.fixture
def reviewed(tmp_path) -> ReviewedData:
    return ReviewedData(tmp_path / "data" / "reviewed" / "nlu_reviewed.yml")


@pytest.fixture
def queued(broker):
    """Cafeteria questions from three patients, a dog, a fallback, an answered question, a complaint."""
    for n, text in enumerate(PARKING):
        declined(broker, f"park{n}", text, T + n)
    declined(broker, "dog", OTHER[0], T + 10)
    declined(broker, "fallback", OTHER[1], T + 20, intent="nlu_fallback")
    publish(broker, "happy", turn("what is a dural tear?", "ask_dural_tear", T + 30))
    publish(broker, "happy", *reply("A dural tear is...", "dural_tear", T + 30.01))
    publish(broker, "cross", turn("how long until I can drive", "ask_recovery", T + 40))
    publish(broker, "cross", *reply("Most people recover...", "recovery", T + 40.01))
    declined(broker, "cross", "That's not what I asked!", T + 50)


def texts_of(groups: list[review.Group]) -> list[list[str]]:
    return [[item.text for item in g.items] for g in groups]


def test_declined_unsure_and_complained_about_messages_are_queued_and_nothing_else(store, stream, queued):
    groups = review.queue(store, stream)
    items = {item.text: item for g in groups for item in g.items}
    assert set(items) == {*PARKING, *OTHER, "how long until I can drive"}  # not the complaint itself
    assert items["blorp"].reasons == ["unsure"] and items[PARKING[0]].reasons == ["declined"]
    complained = items["how long until I can drive"]
    assert complained.reasons == ["complaint"] and complained.after == "That's not what I asked!"
    assert complained.replies == ["Most people recover..."]
    assert items[PARKING[0]].replies == [DECLINE]


def test_similar_messages_form_one_group_and_the_grouping_is_deterministic(store, stream, queued):
    groups = review.queue(store, stream)
    assert sorted(texts_of(groups)[0]) == sorted(PARKING)  # the largest group first
    assert all(len(g) == 1 for g in texts_of(groups)[1:])
    assert "cafeteria" in groups[0].terms
    again = review.queue(store, stream)
    assert texts_of(again) == texts_of(groups)
    shuffled = review.group(list(reversed([item for g in groups for item in g.items])))
    assert texts_of(shuffled) == texts_of(groups)


@pytest.mark.parametrize(
    "text",
    [
        "that's not what I asked",
        "Thats not what i meant",
        "wrong answer",
        "you didn't answer my question",
        "That doesn’t answer my question",
        "not my question!!",
    ],
)
def test_complaint_wordings(text):
    assert review.is_complaint(text)


@pytest.mark.parametrize("text", ["what is the answer", "I asked my surgeon about infection", "is it wrong to smoke"])
def test_questions_are_not_complaints(text):
    assert not review.is_complaint(text)


def ids_of(groups: list[review.Group], texts: list[str]) -> list[int]:
    return [item.event_id for g in groups for item in g.items if item.text in texts]


def test_labelling_a_group_writes_one_training_example_per_message_once(store, stream, queued, reviewed):
    groups = review.queue(store, stream)
    ids = ids_of(groups, PARKING)
    done = review.label(store, stream, reviewed, ids, "topic", "eve", "editor", topic="out_of_scope", ip="127.0.0.1")
    assert done.labelled == 3 and sorted(done.added) == sorted(PARKING)
    written = yaml.safe_load(reviewed.path.read_text())
    assert written["version"] == "3.1"
    assert written["nlu"] == [{"intent": "out_of_scope", "examples": "".join(f"- {t}\n" for t in sorted(PARKING))}]
    first = reviewed.path.read_text()

    again = review.label(store, stream, reviewed, ids, "topic", "eve", "editor", topic="out_of_scope")
    assert (again.labelled, again.already, again.added) == (0, 3, ())
    assert reviewed.path.read_text() == first  # idempotent: the same file
    assert audit_actions(store).count("review_label") == 3  # one entry per message, not per click

    # handled items leave the open queue; the filter shows them with who labelled them
    assert not set(ids) & {i.event_id for g in review.queue(store, stream) for i in g.items}
    handled = [i for g in review.queue(store, stream, handled=True) for i in g.items]
    assert {i.event_id for i in handled} == set(ids) and {i.label["by"] for i in handled} == {"eve"}
    with store.connect() as db:
        entries = db.execute("SELECT actor, role, target, detail FROM audit WHERE action = 'review_label'").fetchall()
    assert {e["target"] for e in entries} == {"park0", "park1", "park2"} and {e["role"] for e in entries} == {"editor"}
    assert all(json.loads(e["detail"])["topic"] == "out_of_scope" for e in entries)
    assert not any("park" in e["detail"] for e in entries)  # the audit log holds no patient text


def test_relabelling_moves_the_example_to_the_new_topic(store, stream, queued, reviewed):
    ids = ids_of(review.queue(store, stream), ["can my dog visit me after surgery"])
    review.label(store, stream, reviewed, ids, "topic", "eve", "editor", topic="recovery")
    review.label(store, stream, reviewed, ids, "topic", "ann", "approver", topic="out_of_scope")
    assert reviewed.read() == {"out_of_scope": ["can my dog visit me after surgery"]}
    review.label(store, stream, reviewed, ids, "declined_ok", "ann", "approver")  # taken back
    assert reviewed.read() == {}
    assert audit_actions(store).count("review_label") == 3


def test_declined_and_content_gap_write_no_training_example_and_gaps_are_listed_for_editors(
    store, stream, queued, reviewed
):
    groups = review.queue(store, stream)
    review.label(store, stream, reviewed, ids_of(groups, ["blorp"]), "declined_ok", "eve", "editor")
    gap = ids_of(groups, ["can my dog visit me after surgery"])
    review.label(store, stream, reviewed, gap, "content_gap", "eve", "editor", note="Visiting <b>pets</b> policy")
    assert not reviewed.path.exists()
    gaps = review.content_gaps(store, stream)
    assert [(g.text, g.label["note"]) for g in gaps] == [
        ("can my dog visit me after surgery", "Visiting <b>pets</b> policy")
    ]


def test_a_text_the_training_data_has_under_another_intent_or_a_heldout_text_is_kept_out(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "nlu.yml").write_text(
        'version: "3.1"\nnlu:\n- intent: ask_infection\n  examples: |\n    - is infection common\n'
    )
    heldout = tmp_path / "heldout"
    heldout.mkdir()
    (heldout / "set.yml").write_text("cases:\n- text: my back hurts where they operated, is that normal\n")
    reviewed = ReviewedData(data / "reviewed" / "nlu_reviewed.yml", data_dir=data, heldout_dir=heldout)
    outcome = reviewed.add(
        "recovery",
        ["Is infection common?", "my back hurts where they operated, is that normal", "[name] (my wife) asks"],
    )
    assert [why for _t, why in outcome.refused] == [
        "data/ already has it as an example of ask_infection",
        "it is a text of an evaluation set (tests/heldout/)",
    ]
    assert outcome.added == ("[name] (my wife) asks",)
    assert example_text("[name](x) \n  asks") == "[name] (x) asks"  # never read as an entity annotation
    assert reviewed.add("infection", ["is INFECTION common"]).unchanged == ("is INFECTION common",)


def test_a_label_for_something_not_in_the_queue_or_a_topic_that_does_not_exist_is_refused(
    store, stream, queued, reviewed
):
    groups = review.queue(store, stream)
    with store.connect() as db:
        happy = db.execute("SELECT event_id FROM turns WHERE sender_id = 'happy'").fetchone()[0]
    with pytest.raises(review.LabelError):
        review.label(store, stream, reviewed, [happy], "declined_ok", "eve", "editor")
    with pytest.raises(review.LabelError):
        review.label(store, stream, reviewed, ids_of(groups, ["blorp"]), "topic", "eve", "editor", topic="weather")
    with pytest.raises(review.LabelError):
        review.label(store, stream, reviewed, ids_of(groups, ["blorp"]), "delete", "eve", "editor")
    assert "review_label" not in audit_actions(store)


def test_the_real_reviewed_data_file_is_valid_nlu_data_for_rasa():
    """The file kept in data/reviewed/ (what `make train` reads) loads as Rasa NLU data."""
    from rasa.shared.nlu.training_data.loading import load_data

    from console.config import ROOT

    path = ROOT / "data" / "reviewed" / "nlu_reviewed.yml"
    assert path.exists()
    load_data(str(path))


def test_training_reads_the_reviewed_data_file_and_make_train_retrains_when_it_changes():
    import rasa.shared.data

    from console.config import ROOT

    found = rasa.shared.data.get_data_files([str(ROOT / "data")], rasa.shared.data.is_nlu_file)
    assert str(ROOT / "data" / "reviewed" / "nlu_reviewed.yml") in found  # what `rasa train` reads
    makefile = (ROOT / "Makefile").read_text()
    assert "$(wildcard data/*.yml data/reviewed/*.yml)" in makefile  # the model's inputs


def test_purging_old_figures_takes_the_review_rows_with_them(store: Store, stream, queued, reviewed):
    from console import analytics

    groups = review.queue(store, stream)
    review.label(store, stream, reviewed, ids_of(groups, ["blorp"]), "declined_ok", "eve", "editor")
    analytics.purge_turns(store, 1, T + 3 * 86_400)
    with store.connect() as db:
        assert db.execute("SELECT count(*) FROM review_labels").fetchone()[0] == 0
        assert db.execute("SELECT count(*) FROM review_complaints").fetchone()[0] == 0
