"""scripts/processes.py, the one way the scripts and tests start, wait for and stop servers: with real
processes (Python's own HTTP server, a process that ignores SIGTERM)."""

from __future__ import annotations

import signal
import socket
import sys
import time

import pytest

from scripts import processes


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_server_is_waited_for_until_it_answers_and_then_stopped(tmp_path):
    port = free_port()
    server = processes.spawn(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", str(tmp_path)],
        tmp_path / "server.log",
    )
    try:
        assert not processes.http_ok(f"http://127.0.0.1:{port}/")  # not up yet
        waited = processes.wait_until(
            lambda: processes.http_ok(f"http://127.0.0.1:{port}/"), "http.server", 30, watch=[server], interval=0.1
        )
        assert waited >= 0 and processes.port_open(port)
    finally:
        processes.stop([server])
    assert server.returncode == -signal.SIGTERM
    assert not processes.port_open(port)


def test_waiting_fails_at_once_when_a_watched_process_exits(tmp_path):
    dying = processes.spawn([sys.executable, "-c", "import sys; sys.exit(3)"], tmp_path / "dying.log")
    started = time.perf_counter()
    with pytest.raises(RuntimeError, match=r"servers of x: `python.*` exited \(code 3\)"):
        processes.wait_until(lambda: False, "servers of x", 60, watch=[dying, None], interval=0.05)
    assert time.perf_counter() - started < 10  # not the 60 s timeout


def test_waiting_gives_up_after_its_timeout():
    with pytest.raises(RuntimeError, match="nothing: not ready after 0 s"):
        processes.wait_until(lambda: False, "nothing", 0.2, interval=0.05)


def test_stop_kills_what_ignores_sigterm_and_skips_what_never_started_or_already_ended(tmp_path):
    stubborn = processes.spawn(
        [sys.executable, "-c", "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); time.sleep(60)"],
        tmp_path / "stubborn.log",
    )
    ended = processes.spawn([sys.executable, "-c", "pass"], tmp_path / "ended.log")
    ended.wait()
    time.sleep(0.5)  # the stubborn one has set its handler
    started = time.perf_counter()
    processes.stop([stubborn, None, ended], timeout=1)
    assert stubborn.returncode == -signal.SIGKILL and ended.returncode == 0
    assert 1 <= time.perf_counter() - started < 10


def test_serving_ends_when_a_server_exits_and_always_stops_the_rest(tmp_path, capsys):
    started: list = []
    stopped: list = []

    def start() -> None:
        started.append(processes.spawn([sys.executable, "-c", "import time; time.sleep(0.5)"], tmp_path / "a.log"))
        started.append(processes.spawn([sys.executable, "-c", "import time; time.sleep(60)"], tmp_path / "b.log"))

    def stop_all() -> None:
        processes.stop(started)
        stopped.append(True)

    assert processes.serve(start, lambda: started, stop_all, "the logs") == 1  # the short one exited
    assert stopped and started[1].returncode == -signal.SIGTERM
    assert "A server stopped; see the logs" in capsys.readouterr().err


def test_serving_reports_a_failed_start_and_still_stops(capsys):
    stopped: list = []

    def start() -> None:
        raise RuntimeError("servers of x: not ready after 1 s")

    assert processes.serve(start, list, lambda: stopped.append(True), "x/") == 1
    assert stopped and "servers of x: not ready after 1 s" in capsys.readouterr().err
