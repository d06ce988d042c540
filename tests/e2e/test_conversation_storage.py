"""Conversations are stored on disk (SQLite by default): they survive a restart of the Rasa server, and
what lands in the database (and in the staff console's event stream) has no patient identifiers."""

from __future__ import annotations

import json
import sqlite3

from tests.e2e.conftest import new_sender, topics


def test_a_conversation_survives_a_restart_of_the_rasa_server(servers):
    sender = new_sender()
    assert topics(servers.say("what is a dural tear?", sender)) == ["dural_tear"]
    servers.restart_rasa()
    assert topics(servers.say("how common is that?", sender))[0] == "dural_tear"


def test_identifiers_are_scrubbed_from_what_lands_in_the_database(servers):
    sender = new_sender()
    message = "Hi, my name is Jane Roe, MRN XK-884422, call me on 555-867-5309 - what is the infection risk?"
    assert servers.say(message, sender)
    # the conversations, and the event stream the staff console reads (endpoints.yml's event broker)
    stream = servers.database.with_name(servers.database.stem + "-events.sqlite")
    stored_texts = []
    for database in (servers.database, stream):
        with sqlite3.connect(database) as db:
            rows = [json.loads(r[0]) for r in db.execute("select data from events where sender_id = ?", (sender,))]
        stored = json.dumps(rows)
        user = [r for r in rows if r["event"] == "user"]
        assert user and "[phone]" in user[-1]["text"] and "[name]" in user[-1]["text"], database
        for secret in ("Jane", "Roe", "XK-884422", "867-5309"):
            assert secret not in stored, database
        stored_texts.append([r["text"] for r in user])
    assert stored_texts[0] == stored_texts[1]  # scrubbed exactly alike
