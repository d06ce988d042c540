"""The staff inbox over HTTP, in process: roles, CSRF, the store's rules and the audit entries. Rasa is not
running here, and the console has no API token: the step is taken, the page says the patient could not be
told, and the audit entry says so (the Chromium suite, tests/handoff/browser/, runs the real thing)."""

from __future__ import annotations

import json
import re
import time

import pytest
from aiohttp.test_utils import TestClient
from rasa.shared.core.events import UserUttered

from addons.event_broker import ScrubbingSQLEventBroker
from addons.handoff.store import TAKEN
from console import auth
from console.config import ConsoleConfig
from console.store import Store
from tests.console.test_analytics import publish, turn
from tests.console_app import csrf_of, new_password, run_console, sign_in


@pytest.fixture
def accounts(store: Store) -> dict[str, str]:
    made = {}
    for name, role in (("vic", "viewer"), ("eve", "editor"), ("cat", "approver"), ("ada", "admin")):
        made[name] = new_password()
        auth.create_user(store, name, role, made[name], actor="test")
    return made


def entries(store: Store, action: str) -> list[dict]:
    with store.connect() as db:
        rows = db.execute("SELECT actor, target, detail FROM audit WHERE action = ? ORDER BY id", (action,))
        return [{"actor": r[0], "target": r[1], **json.loads(r[2])} for r in rows]


async def post(client: TestClient, path: str, page: str, **fields: str):
    return await client.post(path, data={"csrf_token": csrf_of(page), **fields}, allow_redirects=True)


def test_a_viewer_reads_the_inbox_and_the_transcript_but_cannot_take(config: ConsoleConfig, store, accounts, handoffs):
    handoff, _ = handoffs.request("patient-1", "socketio", "asked", 120)

    async def scenario(client: TestClient) -> None:
        await sign_in(client, "vic", accounts["vic"])
        inbox = await client.get("/console/inbox")
        assert inbox.status == 200 and "patient-1" in await inbox.text()
        listed = await (await client.get("/console/api/inbox")).json()
        assert [item["conversation_id"] for item in listed["waiting"]] == ["patient-1"]
        assert listed["waiting"][0]["waited_seconds"] >= 0 and listed["waiting"][0]["times_out_in"] > 100
        page = await (await client.get(f"/console/inbox/conversation?id={handoff.id}")).text()
        assert "Take this conversation" not in page
        refused = await post(client, "/console/inbox/take", page, handoff_id=str(handoff.id))
        assert refused.status == 403

    run_console(config, scenario)
    assert handoffs.get(handoff.id).status == "waiting"
    assert [e["needs"] for e in entries(store, "access_denied")] == ["handoff.reply"]
    with store.connect() as db:
        views = db.execute("SELECT target FROM audit WHERE action = 'conversation_view'").fetchall()
    assert [row[0] for row in views] == ["patient-1"]


def test_take_without_rasas_api_is_taken_and_says_the_patient_was_not_told(config, store, accounts, handoffs):
    handoff, _ = handoffs.request("patient-1", "socketio", "asked", 120)

    async def scenario(client: TestClient) -> str:
        await sign_in(client, "eve", accounts["eve"])
        page = await (await client.get(f"/console/inbox/conversation?id={handoff.id}")).text()
        assert "not configured for the console" in page
        return await (await post(client, "/console/inbox/take", page, handoff_id=str(handoff.id))).text()

    after = run_console(config, scenario)
    assert "the patient could not be told" in after
    assert handoffs.get(handoff.id).status == TAKEN and handoffs.get(handoff.id).taken_by == "eve"
    problem = "Rasa's HTTP API is not configured for the console (set MISS_API_TOKEN)."
    assert entries(store, "handoff_take") == [
        {"actor": "eve", "target": "patient-1", "handoff_id": handoff.id, "delivered": False, "problem": problem}
    ]


def test_a_second_taker_and_a_reply_by_someone_else_are_refused_and_logged(config, store, accounts, handoffs):
    handoff, _ = handoffs.request("patient-1", "socketio", "asked", 120)
    handoffs.take(handoff.id, "eve")

    async def scenario(client: TestClient) -> tuple[str, str, str]:
        await sign_in(client, "cat", accounts["cat"])
        page = await (await client.get(f"/console/inbox/conversation?id={handoff.id}")).text()
        assert "eve has this conversation" in page and 'name="text"' not in page
        taken = await (await post(client, "/console/inbox/take", page, handoff_id=str(handoff.id))).text()
        reply = await post(client, "/console/inbox/reply", page, handoff_id=str(handoff.id), text="hello")
        too_long = await post(client, "/console/inbox/reply", page, handoff_id=str(handoff.id), text="x" * 2001)
        return taken, await reply.text(), await too_long.text()

    taken, reply, too_long = run_console(config, scenario)
    assert "this conversation changed meanwhile" in taken and "taken · eve" in taken
    assert "this conversation changed meanwhile" in reply
    assert "1 to 2000 characters" in too_long
    refused = entries(store, "handoff_refused")
    assert [(e["actor"], e["step"]) for e in refused] == [("cat", "handoff_take"), ("cat", "handoff_reply")]
    assert all("taken by eve" in e["reason"] for e in refused)  # the details are in the audit log
    assert handoffs.get(handoff.id).taken_by == "eve"
    assert entries(store, "handoff_reply") == []


def test_a_link_cannot_put_its_own_words_on_the_page(config, store, accounts, handoffs):
    handoff, _ = handoffs.request("patient-1", "socketio", "asked", 120)

    async def scenario(client: TestClient) -> str:
        await sign_in(client, "eve", accounts["eve"])
        crafted = f"/console/inbox/conversation?id={handoff.id}&error=Call+555-0100+now&notice=sent"
        return await (await client.get(crafted)).text()

    page = run_console(config, scenario)
    assert "Call 555-0100" not in page and "Sent" in page


def test_steps_without_the_csrf_token_are_refused(config, store, accounts, handoffs):
    handoff, _ = handoffs.request("patient-1", "socketio", "asked", 120)

    async def scenario(client: TestClient) -> int:
        await sign_in(client, "eve", accounts["eve"])
        response = await client.post("/console/inbox/take", data={"handoff_id": str(handoff.id)})
        return response.status

    assert run_console(config, scenario) == 403
    assert handoffs.get(handoff.id).status == "waiting"
    assert len(entries(store, "csrf_refused")) == 1


def test_hand_back_and_close_follow_the_rules(config, store, accounts, handoffs):
    waiting, _ = handoffs.request("patient-1", "socketio", "asked", 120)
    taken, _ = handoffs.request("patient-2", "socketio", "asked", 120)
    handoffs.take(taken.id, "eve")

    async def scenario(client: TestClient) -> str:
        await sign_in(client, "eve", accounts["eve"])
        page = await (await client.get(f"/console/inbox/conversation?id={taken.id}")).text()
        refused = await (await post(client, "/console/inbox/handback", page, handoff_id=str(waiting.id))).text()
        await post(client, "/console/inbox/handback", page, handoff_id=str(taken.id))
        await post(client, "/console/inbox/close", page, handoff_id=str(waiting.id))
        return refused

    assert "this conversation changed meanwhile" in re.sub(r"\s+", " ", run_console(config, scenario))
    assert [e["reason"] for e in entries(store, "handoff_refused")] == ["Cannot hand back: it is waiting."]
    assert handoffs.get(taken.id).outcome == "handed_back" and handoffs.get(waiting.id).outcome == "closed"
    assert [e["target"] for e in entries(store, "handoff_handback")] == ["patient-2"]
    assert [e["target"] for e in entries(store, "handoff_close")] == ["patient-1"]


def test_whatsapp_and_messenger_show_staff_the_24_hour_reply_window_before_they_write(
    config, store, accounts, handoffs, tmp_path
):
    """WhatsApp and Messenger refuse a business's free-form message more than 24 hours after the patient's last
    one, while Rasa still takes it (the page would say "Sent"): the conversation page says so before staff
    write, from the patient's last message in the event stream; a reminder firing later is not the patient."""
    now = time.time()
    broker = ScrubbingSQLEventBroker(dialect="sqlite", db=str(tmp_path / "events.sqlite"))
    cases = {  # conversation: (channel, hours since the patient's last message)
        "whatsapp:+15550100001": ("whatsapp", 25),
        "psid-2": ("facebook", 2),
        "+15550100003": ("twilio", 25),  # SMS has no such window
    }
    ids = {}
    for conversation, (channel, hours) in cases.items():
        written = now - hours * 3600
        publish(broker, conversation, turn("can I talk to a person", "human_handoff", written, channel))
        reminder = UserUttered.create_external("EXTERNAL_handoff_timeout", input_channel=channel)
        reminder.timestamp = now - 600  # 10 min ago: Rasa's, not the patient's
        publish(broker, conversation, reminder)
        handoff, _ = handoffs.request(conversation, channel, "asked", 120)
        handoffs.take(handoff.id, "eve")
        ids[conversation] = handoff.id

    async def scenario(client: TestClient) -> dict[str, tuple[str, dict]]:
        await sign_in(client, "eve", accounts["eve"])
        seen = {}
        for conversation, handoff_id in ids.items():
            page = await (await client.get(f"/console/inbox/conversation?id={handoff_id}")).text()
            item = (await (await client.get(f"/console/api/inbox/conversation?id={handoff_id}")).json())["item"]
            seen[conversation] = (page, item)
        return seen

    seen = run_console(config, scenario, {"dialect": "sqlite", "db": str(tmp_path / "events.sqlite")})
    page, item = seen["whatsapp:+15550100001"]
    warning = "WhatsApp will most likely refuse a reply now."
    assert warning in page and "last message was 25 h 0 min ago" in page
    assert page.index(warning) < page.index("Your reply to the patient")  # before they write
    assert item["reply_window"]["closed"] is True
    assert abs(item["reply_window"]["last_patient_at"] - (now - 25 * 3600)) < 1
    page, item = seen["psid-2"]
    assert "will most likely refuse" not in page and "On Messenger a reply reaches the patient only within" in page
    assert item["reply_window"]["closed"] is False and item["reply_window"]["platform"] == "Messenger"
    page, item = seen["+15550100003"]
    assert "24 hours" not in page and item["reply_window"] is None
