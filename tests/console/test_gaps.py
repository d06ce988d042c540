"""Content gaps marked "dealt with" and reopened (console/gaps.py): the table, the audit entries, what the
gaps page shows to whom, the refusals, and that the rows go with the message (relabel, purge, deletion).
The console's real database and a real event stream file, as in test_review.py."""

from __future__ import annotations

import json
import re

import pytest
from aiohttp.test_utils import TestClient

from console import analytics, auth, gaps, review
from console.store import Store
from tests.console.test_review import T, declined, ids_of
from tests.console.test_review_web import run
from tests.console_app import audit_actions, csrf_of, new_password, sign_in

DOG = "can my dog visit me after surgery"
PARKING = "where do visitors park at the hospital"


@pytest.fixture
def two_gaps(store, stream, broker, reviewed_path) -> list[int]:
    """Two declined questions labelled as content gaps by an editor: [dog, parking] event ids."""
    from console.reviewed_data import ReviewedData

    declined(broker, "dog1", DOG, T)
    declined(broker, "park1", PARKING, T + 10)
    groups = review.queue(store, stream)
    ids = ids_of(groups, [DOG]) + ids_of(groups, [PARKING])
    review.label(store, stream, ReviewedData(reviewed_path), ids, "content_gap", "eve", "editor", note="visiting")
    return ids


@pytest.fixture
def reviewed_path(tmp_path):
    return tmp_path / "reviewed" / "nlu_reviewed.yml"


def audit_details(store: Store, action: str) -> list[dict]:
    with store.connect() as db:
        rows = db.execute("SELECT detail FROM audit WHERE action = ? ORDER BY id", (action,)).fetchall()
    return [json.loads(row[0]) for row in rows]


def test_a_gap_dealt_with_leaves_the_open_list_with_who_how_and_when_and_can_be_reopened(store, two_gaps):
    dog, parking = two_gaps
    assert gaps.resolve(store, [dog], "eve", "editor", "  Visiting   rules added to the recovery topic ") == 1
    dealt = gaps.resolutions(store)
    assert (
        list(dealt) == [dog]
        and dealt[dog].by == "eve"
        and dealt[dog].note == "Visiting rules added to the recovery topic"
    )
    assert gaps.resolve(store, [dog], "cat", "approver", "again") == 0  # the first note and entry stand
    assert gaps.resolutions(store)[dog].by == "eve"
    assert audit_details(store, "gap_resolved") == [
        {"event_id": dog, "note": "Visiting rules added to the recovery topic"}
    ]
    assert gaps.reopen(store, [dog, parking], "cat", "approver") == 1  # parking was never dealt with
    assert gaps.resolutions(store) == {}
    assert audit_details(store, "gap_reopened") == [
        {"event_id": dog, "note_was": "Visiting rules added to the recovery topic"}
    ]


def test_refused_marks_change_nothing(store, stream, broker, two_gaps):
    with pytest.raises(gaps.GapError, match="how"):
        gaps.resolve(store, two_gaps, "eve", "editor", "   ")
    with pytest.raises(gaps.GapError, match="Select"):
        gaps.resolve(store, [], "eve", "editor", "done")
    declined(broker, "other", "blorp blorp", T + 20, intent="nlu_fallback")
    not_a_gap = ids_of(review.queue(store, stream), ["blorp blorp"])
    with pytest.raises(gaps.GapError, match="not content gaps"):
        gaps.resolve(store, [two_gaps[0], *not_a_gap], "eve", "editor", "done")
    assert gaps.resolutions(store) == {} and "gap_resolved" not in audit_actions(store)


def test_a_relabelled_gap_is_open_again_and_the_rows_go_with_the_message(store, stream, two_gaps, reviewed_path):
    from console.reviewed_data import ReviewedData

    dog, parking = two_gaps
    gaps.resolve(store, two_gaps, "eve", "editor", "covered")
    reviewed = ReviewedData(reviewed_path)
    review.label(store, stream, reviewed, [dog], "content_gap", "cat", "approver", note="same label")
    assert list(gaps.resolutions(store)) == [dog, parking]  # the same label again changes nothing
    review.label(store, stream, reviewed, [dog], "declined_ok", "cat", "approver")
    review.label(store, stream, reviewed, [dog], "content_gap", "cat", "approver", note="a gap after all")
    assert list(gaps.resolutions(store)) == [parking]  # a new judgement of the dog question: open again
    with store.connect() as db:
        assert review.forget(db, "park1") == 2  # its label and its resolution (data rights deletion)
    assert gaps.resolutions(store) == {}
    gaps.resolve(store, [dog], "eve", "editor", "covered")
    analytics.purge_turns(store, retention_days=1, now=T + 2 * 86_400)
    assert gaps.resolutions(store) == {}


def test_the_gaps_page_shows_open_and_dealt_with_and_only_editors_mark(config, tmp_path, store, stream, two_gaps):
    dog, parking = two_gaps
    passwords = {"eve": new_password(), "vic": new_password()}
    auth.create_user(store, "eve", "editor", passwords["eve"], actor="test")
    auth.create_user(store, "vic", "viewer", passwords["vic"], actor="test")

    async def scenario(client: TestClient) -> None:
        await sign_in(client, "eve", passwords["eve"])
        page = await (await client.get("/console/review/gaps")).text()
        assert re.findall(r'name="event_id" value="(\d+)"', page) == [str(parking), str(dog)]
        empty = await client.post(
            "/console/review/gaps/resolve", data={"event_id": str(dog), "note": "", "csrf_token": csrf_of(page)}
        )
        assert empty.status == 400 and "Say how the gap was dealt with" in await empty.text()
        forged = await client.post("/console/review/gaps/resolve", data={"event_id": str(dog), "note": "x"})
        assert forged.status == 403  # no CSRF token
        note = "Added to <b>recovery</b>"
        done = await client.post(
            "/console/review/gaps/resolve",
            data={"event_id": str(dog), "note": note, "csrf_token": csrf_of(page)},
            allow_redirects=False,
        )
        assert done.status == 303
        page = await (await client.get(done.headers["Location"])).text()
        assert "1 content gap(s) dealt with." in page
        open_part, dealt_part = page.split('id="dealt-gaps"')
        assert PARKING in open_part and DOG not in open_part
        assert DOG in dealt_part and "Added to &lt;b&gt;recovery&lt;/b&gt;" in dealt_part and "eve" in dealt_part

        client.session.cookie_jar.clear()
        await sign_in(client, "vic", passwords["vic"])
        page = await (await client.get("/console/review/gaps")).text()
        assert DOG in page and 'name="event_id"' not in page and "Reopen" not in page
        refused = await client.post(
            "/console/review/gaps/reopen", data={"event_id": str(dog), "csrf_token": csrf_of(page)}
        )
        assert refused.status == 403

        client.session.cookie_jar.clear()
        await sign_in(client, "eve", passwords["eve"])
        page = await (await client.get("/console/review/gaps")).text()
        reopened = await client.post(
            "/console/review/gaps/reopen", data={"event_id": str(dog), "csrf_token": csrf_of(page)}
        )
        assert reopened.status == 200 and "1 content gap(s) reopened." in await reopened.text()

    run(config, tmp_path, scenario)
    assert gaps.resolutions(store) == {}
    actions = audit_actions(store)
    assert actions.count("gap_resolved") == 1 and actions.count("gap_reopened") == 1
    assert "access_denied" in actions
