"""The review queue's and the data rights pages over HTTP in process (the real database, event stream and
stores): who may read, label and delete; the CSRF check on every change; patient text as text."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from console import auth
from console.config import ConsoleConfig
from console.store import Store
from tests.console.test_analytics import publish, reply, turn
from tests.console_app import audit_actions, csrf_of, new_password, run_console, sign_in

MESSAGE = "<script>window.x = 1</script> can I bring my dog"


@pytest.fixture
def accounts(store: Store) -> dict[str, str]:
    passwords = {name: new_password() for name in ("admin1", "viewer1", "editor1")}
    for name, role in (("admin1", "admin"), ("viewer1", "viewer"), ("editor1", "editor")):
        auth.create_user(store, name, role, passwords[name], actor="test")
    return passwords


@pytest.fixture
def queued(broker) -> None:
    publish(broker, "p1", turn(MESSAGE, "out_of_scope", 1_700_000_000.0))
    publish(broker, "p1", *reply("Sorry, I can't answer that.", "out_of_scope", 1_700_000_000.1, "action_out_of_scope"))


def run(config: ConsoleConfig, tmp_path, scenario: Callable[[TestClient], Awaitable[Any]]) -> Any:
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text(
        "tracker_store:\n  type: addons.tracker_store.PrivateSQLTrackerStore\n"
        f"  dialect: sqlite\n  db: {tmp_path / 'conversations.sqlite'}\n"
        "event_broker:\n  type: addons.event_broker.ScrubbingSQLEventBroker\n"
        f"  dialect: sqlite\n  db: {tmp_path / 'events.sqlite'}\n"
    )
    broker = {"dialect": "sqlite", "db": str(tmp_path / "events.sqlite")}
    return run_console(config, scenario, broker, endpoints)


def event_ids(page: str) -> list[str]:
    return re.findall(r'name="event_id" value="(\d+)"', page)


def test_a_viewer_reads_the_queue_without_label_buttons_and_a_forged_label_is_refused(
    config, tmp_path, accounts, queued
):
    async def scenario(client: TestClient) -> None:
        await sign_in(client, "viewer1", accounts["viewer1"])
        page = await client.get("/console/review")
        text = await page.text()
        assert page.status == 200 and "can I bring my dog" in text
        assert "&lt;script&gt;window.x = 1&lt;/script&gt;" in text and "<script>window.x" not in text
        assert "Apply to the selected messages" not in text and not event_ids(text)
        forged = await client.post("/console/review/label", data={"csrf_token": csrf_of(text), "event_id": "1",
                                                                   "action": "declined_ok"})  # fmt: skip
        assert forged.status == 403
        assert (await client.get("/console/review/gaps")).status == 200
        assert (await client.get("/console/data-rights")).status == 403

    run(config, tmp_path, scenario)
    actions = audit_actions(Store(config.database))
    assert actions.count("access_denied") == 2 and "review_label" not in actions


def test_an_editor_labels_and_the_item_leaves_the_open_queue(config, tmp_path, accounts, queued):
    async def scenario(client: TestClient) -> None:
        await sign_in(client, "editor1", accounts["editor1"])
        text = await (await client.get("/console/review")).text()
        ids = event_ids(text)
        assert len(ids) == 1
        form = {"event_id": ids, "action": "topic", "topic": "out_of_scope"}
        assert (await client.post("/console/review/label", data=form)).status == 403  # no CSRF token
        done = await client.post("/console/review/label", data={**form, "csrf_token": csrf_of(text)},
                                 allow_redirects=False)  # fmt: skip
        assert done.status == 303 and "done=1" in done.headers["Location"]
        assert event_ids(await (await client.get("/console/review")).text()) == []
        handled = await (await client.get("/console/review?show=handled")).text()
        assert "should have been topic" in handled and "editor1" in handled

    run(config, tmp_path, scenario)
    assert config.reviewed_nlu.read_text().count("can I bring my dog") == 1
    actions = audit_actions(Store(config.database))
    assert actions.count("review_label") == 1 and "csrf_refused" in actions


def test_an_admin_deletion_needs_the_id_typed_again(config, tmp_path, accounts, queued):
    async def scenario(client: TestClient) -> None:
        await sign_in(client, "admin1", accounts["admin1"])
        text = await (await client.get("/console/data-rights?id=p1")).text()
        assert "Delete this conversation everywhere" in text
        token = csrf_of(text)
        wrong = await client.post("/console/data-rights/delete", data={"csrf_token": token, "id": "p1", "confirm": "p"})
        assert wrong.status == 400 and "Nothing was deleted" in await wrong.text()
        export = await client.get("/console/data-rights/export?id=p1")
        assert export.status == 200 and "attachment" in export.headers["Content-Disposition"]
        assert (await export.json())["messages"][0]["text"] == MESSAGE
        done = await client.post("/console/data-rights/delete", data={"csrf_token": token, "id": "p1", "confirm": "p1"},
                                 allow_redirects=False)  # fmt: skip
        assert done.status == 303
        assert "No conversation with this id is stored" in await (await client.get("/console/data-rights?id=p1")).text()
        assert (await client.get("/console/data-rights/export?id=p1")).status == 404

    run(config, tmp_path, scenario)
    actions = audit_actions(Store(config.database))
    assert actions.count("conversation_deleted") == 1 and "conversation_exported" in actions


def test_a_tracker_store_the_console_cannot_delete_from_is_said_on_the_page(config, tmp_path, accounts):
    endpoints = tmp_path / "no-store.yml"
    endpoints.write_text("action_endpoint:\n  url: http://localhost:1/webhook\n")  # Rasa's in-memory store

    async def scenario(client: TestClient) -> None:
        await sign_in(client, "admin1", accounts["admin1"])
        page = await client.get("/console/data-rights?id=p1")
        assert page.status == 503 and "could not be opened" in await page.text()

    run_console(config, scenario, None, endpoints)
