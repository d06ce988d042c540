"""Many patients at once through nginx: scripted 6-turn conversations with context follow-ups, each turn
free to land on any replica. Records what each patient got back and how long it took."""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

# (message, topic the reply must carry first): after the first turn of each topic, the follow-ups name
# no topic, so they resolve only if the replica answering them sees the conversation's context.
SCRIPTS: list[list[tuple[str, str]]] = [
    [
        ("what's a dural tear?", "dural_tear"),
        ("how common is that?", "dural_tear"),
        ("what would I notice?", "dural_tear"),
        ("and what about blood clots?", "blood_clots"),
        ("is that dangerous?", "blood_clots"),
        ("tell me more", "blood_clots"),
    ],
    [
        ("could I get an infection after surgery?", "infection"),
        ("what are the signs?", "infection"),
        ("how can I lower that risk?", "infection"),
        ("what about nerve damage?", "nerve_injury"),
        ("how likely is that?", "nerve_injury"),
        ("what happens then?", "nerve_injury"),
    ],
    [
        ("what are the risks of anesthesia?", "anesthesia"),
        ("how common is that?", "anesthesia"),
        ("tell me more", "anesthesia"),
        ("what about blood clots?", "blood_clots"),
        ("what would I notice?", "blood_clots"),
        ("how can I prevent it?", "blood_clots"),
    ],
]


@dataclass
class Turn:
    conversation: str
    index: int
    message: str
    expected: str
    message_id: str
    status: int = 0
    topics: list[str] = field(default_factory=list)
    seconds: float = 0.0
    sent_at: float = 0.0


def _topics(reply: object) -> list[str]:
    if not isinstance(reply, list):
        return []
    return [
        m["custom"]["topic"]
        for m in reply
        if isinstance(m, dict) and isinstance(m.get("custom"), dict) and "topic" in m["custom"]
    ]


def send(url: str, turn: Turn) -> None:
    body = json.dumps({"sender": turn.conversation, "message": turn.message, "message_id": turn.message_id})
    request = urllib.request.Request(
        url, data=body.encode(), method="POST", headers={"Content-Type": "application/json"}
    )
    turn.sent_at = time.time()
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=150) as resp:
            turn.status, reply = resp.status, json.loads(resp.read() or b"null")
    except urllib.error.HTTPError as err:
        turn.status, reply = err.code, None
    except OSError:
        turn.status, reply = -1, None  # no HTTP answer at all: lost
    turn.seconds = time.perf_counter() - started
    turn.topics = _topics(reply)


def run_conversations(
    base_url: str, count: int, on_turn_done: Callable[[int], None] | None = None, prefix: str = "scale"
) -> dict[str, list[Turn]]:
    """`count` conversations at once, each sending its turns one after another; returns every turn."""
    url = f"{base_url}/webhooks/rest/webhook"
    run = uuid.uuid4().hex[:6]
    conversations = {f"{prefix}-{run}-{n:03d}": SCRIPTS[n % len(SCRIPTS)] for n in range(count)}
    done, lock = [0], threading.Lock()

    def talk(conversation: str) -> list[Turn]:
        turns = []
        for index, (message, expected) in enumerate(conversations[conversation]):
            turn = Turn(conversation, index, message, expected, f"{conversation}-{index}")
            send(url, turn)
            turns.append(turn)
            with lock:
                done[0] += 1
                finished = done[0]
            if on_turn_done:
                on_turn_done(finished)
        return turns

    with ThreadPoolExecutor(max_workers=count) as pool:
        return dict(zip(conversations, pool.map(talk, conversations), strict=True))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0
