"""Content edits reach every replica of the scaled-out set (scripts/cluster.py: 2 Rasa replicas, 2 action
servers, the content store in its PostgreSQL): an editor drafts, another person approves, in the console's
own web app (in process, on the cluster's content store), and each Rasa replica, asked directly over REST,
answers with the approved text within a minute; the same for the clinic's number in the emergency reply,
which the Rasa server itself fills. The seconds from approval to live go to results/scale/console.json."""

from __future__ import annotations

import asyncio
import itertools
import json
import time
import urllib.request
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from aiohttp.test_utils import TestClient, TestServer

from actions import content_store
from addons import sqlite_or_postgres
from console import auth
from console import content_versions as cv
from console.config import ConsoleConfig
from console.content_editor import data_to_form
from console.store import Store
from console.web import make_console_app
from scripts.local_servers import ROOT
from tests.console_app import csrf_of, new_password, sign_in

RESULTS = ROOT / "results" / "scale" / "console.json"
LIVE_WITHIN = 60.0  # seconds: the promise to the clinic
SETTLED_AFTER = 4  # answers in a row with the new text: both action servers behind the replica have it
DOC = "topic:dural_tear"
QUESTION = "what is a dural tear?"
NEW_SUMMARY = "The dura is a thin covering that keeps the spinal cord safe. It can tear, and spinal fluid may leak out."
EMERGENCY = "I have crushing chest pain and I can't breathe"
NEW_PHONE = "(555) 010-4321"
_senders = itertools.count(1)


def ask(port: int, text: str) -> str:
    """One message in a new conversation, straight to one replica (not through nginx)."""
    body = json.dumps({"sender": f"content-live-{next(_senders)}", "message": text}).encode()
    request = urllib.request.Request(f"http://127.0.0.1:{port}/webhooks/rest/webhook", data=body, method="POST")
    with urllib.request.urlopen(request, timeout=30) as response:
        return " ".join(m.get("text", "") for m in json.loads(response.read()) if m.get("text"))


def seconds_until_settled(port: int, text: str, wanted: str, approved_at: float) -> float:
    """Seconds from the approval to the first of SETTLED_AFTER answers in a row that hold `wanted`."""
    streak_started: float | None = None
    streak = 0
    while time.monotonic() - approved_at < LIVE_WITHIN + 15:
        asked_at = time.monotonic()
        if wanted in ask(port, text):
            streak_started = streak_started or asked_at
            streak += 1
            if streak == SETTLED_AFTER:
                return streak_started - approved_at
        else:
            streak_started, streak = None, 0
        time.sleep(0.5)
    raise AssertionError(f"replica :{port} did not settle on {wanted!r} within {LIVE_WITHIN:g} s")


def each_replica(cluster: Any, text: str, wanted: str, approved_at: float) -> dict[str, float]:
    """Every replica watched at once, each by its own thread: one replica's wait does not delay the other's."""
    with ThreadPoolExecutor(len(cluster.rasa_ports)) as pool:
        found = pool.map(lambda port: seconds_until_settled(port, text, wanted, approved_at), cluster.rasa_ports)
        return {f"rasa:{port}": round(seconds, 1) for port, seconds in zip(cluster.rasa_ports, found, strict=True)}


def record(key: str, figures: dict[str, Any]) -> None:
    """Merged into the file, so the other scale tests' figures there stay."""
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    found = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    found[key] = figures
    RESULTS.write_text(json.dumps(found, indent=2))


@pytest.fixture
def console(cluster, tmp_path, monkeypatch) -> tuple[ConsoleConfig, dict[str, str]]:
    """The console on the cluster's content store, as a web server started with the cluster's variables."""
    monkeypatch.setenv("MISS_CONTENT_STORE", cluster.env["MISS_CONTENT_STORE"])
    monkeypatch.setenv("MISS_DB_PASSWORD", cluster.env["MISS_DB_PASSWORD"])
    config = ConsoleConfig(database=tmp_path / "console.sqlite", reviewed_nlu=tmp_path / "nlu_reviewed.yml")
    passwords = {"eve": new_password(), "cat": new_password()}
    store = Store(config.database)
    auth.create_user(store, "eve", "editor", passwords["eve"], actor="test")
    auth.create_user(store, "cat", "approver", passwords["cat"], actor="test")
    return config, passwords


def draft_and_approve(console: tuple[ConsoleConfig, dict[str, str]], document: str, change: Callable) -> float:
    """Eve drafts `change` of the live text over HTTP, Cat approves it; the monotonic time of the approval."""
    config, passwords = console

    async def scenario() -> float:
        client = TestClient(TestServer(make_console_app(config, None, None)))
        await client.start_server()
        try:
            assert (await sign_in(client, "eve", passwords["eve"])).status == 303
            page = await (await client.get(f"/console/content/edit?doc={document}")).text()
            form = {**data_to_form(document, change(cv.repository_data(document))), "doc": document}
            saved = await client.post(
                "/console/content/draft",
                data={**form, "based_on": "", "csrf_token": csrf_of(page)},
                allow_redirects=False,
            )
            assert saved.status == 303, await saved.text()
            number = parse_qs(urlsplit(saved.headers["Location"]).query)["n"][0]
            client.session.cookie_jar.clear()
            assert (await sign_in(client, "cat", passwords["cat"])).status == 303
            page = await (await client.get(f"/console/content/version?doc={document}&n={number}")).text()
            approved = await client.post(
                "/console/content/approve", data={"doc": document, "n": number, "csrf_token": csrf_of(page)}
            )
            approved_at = time.monotonic()  # committed before the answer: the clock starts here
            assert approved.status == 200, await approved.text()
            assert "live for patients within a minute" in await approved.text()
            return approved_at
        finally:
            await client.close()

    return asyncio.run(scenario())


def test_an_approved_topic_change_and_phone_number_reach_every_replica_within_a_minute(cluster, console):
    for port in cluster.rasa_ports:
        assert NEW_SUMMARY not in ask(port, QUESTION) and NEW_PHONE not in ask(port, EMERGENCY)

    def new_summary(data: dict) -> dict:
        data["answers"]["summary"]["text"] = NEW_SUMMARY
        return data

    approved_at = draft_and_approve(console, DOC, new_summary)
    topic = each_replica(cluster, QUESTION, NEW_SUMMARY, approved_at)

    approved_at = draft_and_approve(console, "contacts", lambda data: {**data, "clinic_phone": NEW_PHONE})
    phone = each_replica(cluster, EMERGENCY, NEW_PHONE, approved_at)

    figures = {
        "poll_seconds": float(cluster.env.get("MISS_CONTENT_POLL_SECONDS") or 10),
        "settled_after_answers_in_a_row": SETTLED_AFTER,
        "topic_answer": topic,
        "emergency_reply_phone": phone,
    }
    record("content_approval_to_live_seconds", figures)
    print("\napproval to live, seconds:", figures)
    assert max(topic.values()) < LIVE_WITHIN and max(phone.values()) < LIVE_WITHIN
    # What they serve is the cluster's PostgreSQL store, where the console wrote it (no file on one machine).
    versions = cv.VersionStore(content_store.store_location(cluster.env))
    assert isinstance(versions.path, sqlite_or_postgres.Postgres)
    assert (versions.live(DOC).number, versions.live("contacts").number) == (2, 2)
