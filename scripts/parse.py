"""Show how the trained model reads messages: `python -m scripts.parse "what is a dural tear?" ...`
(intent ranking, entities, triage) -- a debugging aid, no servers needed."""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


async def parse_all(texts: list[str]) -> None:
    from rasa.core.agent import Agent

    agent = Agent.load(str(ROOT / "models" / "miss-assistant.tar.gz"))
    for text in texts:
        result = await agent.parse_message(text)
        ranking = ", ".join(f"{r['name']} {r['confidence']:.2f}" for r in result["intent_ranking"][:3])
        ents = [(e["entity"], e["value"]) for e in result["entities"]]
        print(json.dumps(text), "->", ranking, ents, result.get("triage", {}).get("fired") or "")


if __name__ == "__main__":
    texts = sys.argv[1:] or [line.strip() for line in sys.stdin if line.strip()]
    asyncio.run(parse_all(texts))
