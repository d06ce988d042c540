"""2 Rasa replicas + 2 action servers behind nginx, PostgreSQL tracker store, Redis lock store:
40 patients at once, 6 turns each with context follow-ups, every turn free to land on either replica.
Then the same while one replica is killed mid-run. Figures go to results/scale/replicas.json."""

from __future__ import annotations

import json
import threading
from collections import Counter

from scripts import load
from scripts.load import LevelResult, Sample, percentile
from scripts.local_servers import ROOT

CONVERSATIONS = 40
REQUEST_TIMEOUT_S = 150  # a turn caught behind a killed replica's lock waits for it (5 s), and nginx's retries
RESULTS = ROOT / "results" / "scale" / "replicas.json"
_figures: dict[str, dict] = {}


def stored_user_messages(cluster, senders: list[str]) -> dict[str, list[tuple]]:
    """(text, message_id) of each conversation's user messages as PostgreSQL holds them, in order."""
    quoted = ",".join("'" + s + "'" for s in senders)
    rows = cluster.psql(
        "SELECT sender_id, data::json->>'text', data::json->>'message_id' FROM events "
        f"WHERE type_name = 'user' AND sender_id IN ({quoted}) ORDER BY id"
    )
    stored: dict[str, list[tuple]] = {s: [] for s in senders}
    for sender, text, message_id in rows:
        stored[sender].append((text, message_id))
    return stored


def talk(cluster, prefix: str, on_sample=None) -> LevelResult:
    """CONVERSATIONS patients at once through nginx, each with a message_id per turn."""
    return load.conversations(
        f"{cluster.front}/webhooks/rest/webhook",
        load.FOLLOW_UP_SCRIPTS,
        CONVERSATIONS,
        CONVERSATIONS,
        prefix,
        message_ids=True,
        timeout=REQUEST_TIMEOUT_S,
        on_sample=on_sample,
    )


def check_run(cluster, run: LevelResult, name: str) -> dict:
    turns: dict[str, list[Sample]] = run.by_conversation()
    every = run.samples
    statuses = Counter(t.status for t in every)
    wrong = [(t.conversation, t.text, t.topics, t.error) for t in every if t.status == 200 and t.error]
    stored = stored_user_messages(cluster, list(turns))
    lost = sum(max(0, len(ts) - len(stored[c])) for c, ts in turns.items())
    duplicated = sum(len(ids) - len(set(ids)) for ids in ([message_id for _, message_id in stored[c]] for c in turns))
    out_of_order = [
        c for c, ts in turns.items() if stored[c] != [(t.text, t.message_id) for t in ts] and len(stored[c]) == len(ts)
    ]
    latencies = [t.latency_ms for t in every]
    figures = {
        "conversations": len(turns),
        "turns": len(every),
        "http_200": statuses.get(200, 0),
        "http_5xx": sum(n for s, n in statuses.items() if s is not None and s >= 500),
        "no_answer": statuses.get(None, 0),
        "wrong_follow_ups": len(wrong),
        "lost": lost,
        "duplicated": duplicated,
        "out_of_order": len(out_of_order),
        "p50_ms": round(percentile(latencies, 50) or 0),
        "p95_ms": round(percentile(latencies, 95) or 0),
        "max_ms": round(max(latencies)),
        "msg_per_s": round(len(every) / run.seconds, 1),
    }
    _figures[name] = figures
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(_figures, indent=2))
    print(f"\n{name}: {figures}")
    assert statuses == {200: len(every)}, f"{name}: statuses {dict(statuses)}"
    assert not wrong, f"{name}: follow-ups resolved wrongly: {wrong[:5]}"
    assert lost == 0 and duplicated == 0 and not out_of_order, f"{name}: {figures}, out of order: {out_of_order[:3]}"
    return figures


def upstreams_since(cluster, line_count: int) -> Counter:
    """Which replica(s) nginx sent each REST request to, from its access log after `line_count` lines."""
    lines = (cluster.run_dir / "nginx-access.log").read_text().splitlines()[line_count:]
    return Counter(" ".join(line.split()[4:-1]) for line in lines if "/webhooks/rest/webhook" in line)


def log_length(cluster) -> int:
    return len((cluster.run_dir / "nginx-access.log").read_text().splitlines())


def test_forty_conversations_spread_over_both_replicas_keep_their_context_and_every_turn(cluster):
    before = log_length(cluster)
    check_run(cluster, talk(cluster, "both"), "both replicas")
    served = upstreams_since(cluster, before)
    for port in cluster.rasa_ports:
        assert served[f"127.0.0.1:{port}"] >= CONVERSATIONS, f"round-robin uneven: {dict(served)}"


def test_a_replica_killed_mid_run_loses_no_conversation(cluster):
    victim = cluster.rasa_ports[0]
    total = CONVERSATIONS * 6
    killed = threading.Event()

    def kill_a_third_of_the_way(_: Sample, done: int) -> None:
        if done >= total // 3 and not killed.is_set():
            killed.set()
            cluster.kill_rasa(victim)

    before = log_length(cluster)
    run = talk(cluster, "kill", on_sample=kill_a_third_of_the_way)
    assert killed.is_set()
    figures = check_run(cluster, run, "one replica killed after a third of the turns")
    served = upstreams_since(cluster, before)
    survivor = f"127.0.0.1:{cluster.rasa_ports[1]}"
    # After the kill everything lands on the survivor; requests caught on the dead one were re-sent.
    figures["served_by"] = dict(served)
    figures["re_sent_by_nginx"] = sum(n for addr, n in served.items() if "," in addr)
    _figures["one replica killed after a third of the turns"] = figures
    RESULTS.write_text(json.dumps(_figures, indent=2))
    assert served[survivor] > served.get(f"127.0.0.1:{victim}", 0)


PATIENT_DETAILS = {
    "name": "My name is Joan Okafor and I had surgery last week",
    "phone": "you can text me on 555-867-5309 about infection",
    "email": "email joan.okafor@example.com if my wound is red",
    "birth": "I was born on 04/12/1961, am I too old for this",
    "address": "I live at 42 Maple Grove Road, what about blood clots",
    "record": "my MRN is 88412093, what is a dural tear",
}
IDENTIFIERS = ["Joan", "Okafor", "867-5309", "joan.okafor@example.com", "04/12/1961", "42 Maple Grove", "88412093"]


def test_what_lands_in_postgresql_holds_no_patient_identifiers(cluster):
    import json as _json
    import urllib.request

    sender = "scrub-check-1"
    for message in PATIENT_DETAILS.values():
        request = urllib.request.Request(
            f"{cluster.front}/webhooks/rest/webhook",
            method="POST",
            data=_json.dumps({"sender": sender, "message": message}).encode(),
        )
        with urllib.request.urlopen(request, timeout=30) as resp:
            assert resp.status == 200
    rows = cluster.psql(f"SELECT type_name, data FROM events WHERE sender_id = '{sender}' ORDER BY id")
    stored = "\n".join(data for _, data in rows)
    user_texts = [_json.loads(data)["text"] for kind, data in rows if kind == "user"]
    _figures["scrubbed user messages as stored in PostgreSQL"] = user_texts
    RESULTS.write_text(_json.dumps(_figures, indent=2))
    print("\nstored:", *user_texts, sep="\n  ")
    assert len(user_texts) == len(PATIENT_DETAILS)
    assert [found for found in IDENTIFIERS if found.lower() in stored.lower()] == []
    assert user_texts[0] == "My name is [name] and I had surgery last week"
    assert "[phone]" in user_texts[1] and "[email]" in user_texts[2]
