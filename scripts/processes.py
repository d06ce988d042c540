"""Starting, waiting for and stopping the server processes that the scripts and the tests run: one way each.

    spawn(args, log)              start a process, its output in `log`
    wait_until(ready, what, ...)  poll until `ready()`, failing at once if a watched process exits
    stop(processes)               SIGTERM, then SIGKILL whatever has not exited in time
    serve(start, watch, stop_all)  servers in the foreground until Ctrl-C, SIGTERM or one of them exits

Used by scripts/local_servers.py, scripts/cluster.py, scripts/bench.py and the tests' own servers.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from types import FrameType

ROOT = Path(__file__).resolve().parents[1]


def spawn(
    args: list[str], log: Path, env: Mapping[str, str] | None = None, cwd: Path = ROOT
) -> subprocess.Popen[bytes]:
    """Start `args` with stdout and stderr going to `log` (truncated first); no standard input."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "w") as out:  # the process writes to its own copy of the file
        return subprocess.Popen(
            args,
            cwd=cwd,
            env=dict(env) if env is not None else None,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )


def http_ok(url: str, timeout: float = 2.0) -> bool:
    """Whether a GET of `url` answers 200."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:
            status: int = resp.status
            return status == 200
    except Exception:
        return False


def port_open(port: int, host: str = "127.0.0.1") -> bool:
    """Whether something accepts connections on `host:port`."""
    with socket.socket() as probe:
        return probe.connect_ex((host, port)) == 0


def wait_until(
    ready: Callable[[], bool],
    what: str,
    timeout: float,
    watch: Iterable[subprocess.Popen | None] = (),
    interval: float = 0.5,
) -> float:
    """Poll `ready()` every `interval` s until it is true; returns the seconds waited. RuntimeError starting
    with `what` (e.g. "servers of .run/e2e") when a process in `watch` exits first, or after `timeout` s."""
    watched = [p for p in watch if p is not None]
    started = time.perf_counter()
    while True:
        if ready():
            return time.perf_counter() - started
        exited = [p for p in watched if p.poll() is not None]
        if exited:
            args = exited[0].args if isinstance(exited[0].args, list) else [exited[0].args]
            command = " ".join(os.path.basename(str(a)) for a in args[:3])
            raise RuntimeError(f"{what}: `{command}` exited (code {exited[0].returncode}) before being ready")
        if time.perf_counter() - started > timeout:
            raise RuntimeError(f"{what}: not ready after {timeout:.0f} s")
        time.sleep(interval)


def stop(processes: Iterable[subprocess.Popen | None], timeout: float = 30.0) -> None:
    """SIGTERM every process still running (all at once, so they shut down side by side), wait up to
    `timeout` s in all, then SIGKILL those still there. None entries (never started) are skipped."""
    running = [p for p in processes if p is not None and p.poll() is None]
    for proc in running:
        proc.terminate()
    give_up_at = time.monotonic() + timeout
    for proc in running:
        try:
            proc.wait(timeout=max(0.0, give_up_at - time.monotonic()))
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def serve(
    start: Callable[[], None],
    watch: Callable[[], Iterable[subprocess.Popen | None]],
    stop_all: Callable[[], None],
    logs: str,
) -> int:
    """Run servers in the foreground, for `make run` and `make cluster`: `start()` (which prints what is
    ready), then wait until Ctrl-C or SIGTERM (exit 0) or until a process in `watch()` exits (1); a
    RuntimeError from `start` is printed (1). `stop_all()` runs in every case."""
    previous = signal.signal(signal.SIGTERM, _interrupt)  # `kill` stops everything too, as Ctrl-C does
    try:
        start()
        while all(p is None or p.poll() is None for p in watch()):
            time.sleep(1)
        print(f"A server stopped; see {logs} for its log.", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0
    except RuntimeError as err:
        print(f"{err}\nSee {logs} for the logs.", file=sys.stderr)
        return 1
    finally:
        stop_all()
        signal.signal(signal.SIGTERM, previous)


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt
