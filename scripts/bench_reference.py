"""The reference for `make bench`: the bare `rasa init` starter bot, built, trained and served here.

- First run: `rasa init --no-prompt --init-dir build/reference-bot` creates the project and trains it
  (Rasa 3.6's `init` trains when prompts are off); the whole command is timed.
- Later runs reuse its model if the bot's inputs (config.yml, domain.yml, data/, the Rasa and Python
  versions) hash the same as when it was trained; otherwise `rasa train --force` retrains and is timed.
  The figure is kept in build/reference-bot-train.json.
- Served with `rasa run` and the REST channel (the starter credentials.yml has `rest:`) on loopback.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import subprocess
import time
from pathlib import Path

from scripts import processes
from scripts.processes import ROOT

RASA = ROOT / ".venv" / "bin" / "rasa"
BOT_DIR = ROOT / "build" / "reference-bot"
TRAIN_RECORD = ROOT / "build" / "reference-bot-train.json"
TRAIN_TIMEOUT_S = 600


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}  # nothing of the assistant's
    env.update({"TF_CPP_MIN_LOG_LEVEL": "2", "RASA_TELEMETRY_ENABLED": "false", "PYTHONUNBUFFERED": "1"})
    return env


def _rasa_version() -> str:
    try:
        from importlib.metadata import version

        return version("rasa")
    except Exception:  # pragma: no cover - only when run outside the venv
        return "unknown"


def inputs_hash() -> str | None:
    files = [BOT_DIR / "config.yml", BOT_DIR / "domain.yml", *sorted((BOT_DIR / "data").rglob("*.yml"))]
    if not all(f.exists() for f in files[:2]) or not (BOT_DIR / "data").is_dir():
        return None
    digest = hashlib.sha256(f"rasa={_rasa_version()} python={platform.python_version()}".encode())
    for f in files:
        digest.update(str(f.relative_to(BOT_DIR)).encode() + b"\0" + f.read_bytes() + b"\0")
    return digest.hexdigest()


def _newest_model() -> Path | None:
    models = sorted((BOT_DIR / "models").glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)
    return models[-1] if models else None


def _timed(args: list[str], cwd: Path, log: Path) -> float:
    started = time.perf_counter()
    with open(log, "w") as out:
        proc = subprocess.run(
            args,
            cwd=cwd,
            env=_env(),
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            timeout=TRAIN_TIMEOUT_S,
        )
    elapsed = time.perf_counter() - started
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, args))} failed (exit {proc.returncode}); see {log}")
    return elapsed


def prepare(log_dir: Path) -> dict:
    """A trained reference bot: {'model', 'train_seconds', 'how', 'measured_at', 'cached'}."""
    log_dir.mkdir(parents=True, exist_ok=True)
    record = json.loads(TRAIN_RECORD.read_text()) if TRAIN_RECORD.exists() else {}
    if not (BOT_DIR / "config.yml").exists():
        BOT_DIR.mkdir(parents=True, exist_ok=True)
        print(
            f"reference: rasa init --no-prompt --init-dir {BOT_DIR.relative_to(ROOT)} (creates and trains)", flush=True
        )
        seconds = _timed(
            [str(RASA), "init", "--no-prompt", "--init-dir", str(BOT_DIR)], ROOT, log_dir / "reference-init.log"
        )
        how = "`rasa init --no-prompt` (creates the project and trains it), wall time"
    else:
        model = _newest_model()
        if model and record.get("inputs_hash") == inputs_hash() and record.get("model") == model.name:
            print(
                f"reference: inputs unchanged, reusing {model.relative_to(ROOT)} "
                f"(trained in {record['train_seconds']:.0f} s on {record['measured_at']})",
                flush=True,
            )
            return {**record, "model": str(model), "cached": True}
        print("reference: inputs changed or no model: rasa train --force", flush=True)
        seconds = _timed(
            [str(RASA), "train", "--force", "--fixed-model-name", "reference", "--out", "models"],
            BOT_DIR,
            log_dir / "reference-train.log",
        )
        how = "`rasa train --force`, wall time"
    model = _newest_model()
    if model is None:
        raise RuntimeError(f"no model in {BOT_DIR / 'models'} after training; see {log_dir}")
    if "rest:" not in (BOT_DIR / "credentials.yml").read_text().splitlines():
        raise RuntimeError(f"{BOT_DIR / 'credentials.yml'} has no `rest:` channel")
    record = {
        "inputs_hash": inputs_hash(),
        "model": model.name,
        "train_seconds": round(seconds, 1),
        "how": how,
        "measured_at": time.strftime("%Y-%m-%d %H:%M"),
        "rasa": _rasa_version(),
    }
    TRAIN_RECORD.write_text(json.dumps(record, indent=1) + "\n")
    print(f"reference: trained in {seconds:.0f} s", flush=True)
    return {**record, "model": str(model), "cached": False}


def spawn_server(model: str, port: int, log_dir: Path) -> subprocess.Popen:
    return processes.spawn(
        [
            str(RASA),
            "run",
            "--model",
            model,
            "--port",
            str(port),
            "--interface",
            "127.0.0.1",
            "--credentials",
            "credentials.yml",
        ],
        log_dir / "reference-rasa.log",
        _env(),
        cwd=BOT_DIR,
    )
