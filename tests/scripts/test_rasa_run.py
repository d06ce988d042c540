"""scripts/rasa_run.py: Rasa's HTTP API is on only behind a token, never open.
Over HTTP against the real server: tests/e2e/test_security.py."""

from __future__ import annotations

import pytest

from scripts import rasa_run
from scripts.rasa_run import api_args, describe

TOKEN = "t" * 24
SECRET = "s" * 32


def test_without_a_token_the_api_stays_off():
    assert api_args({}) == [] and "off" in describe({})


def test_a_token_switches_the_api_on_with_the_token():
    assert api_args({"MISS_API_TOKEN": TOKEN}) == ["--enable-api", "--auth-token", TOKEN]
    assert describe({"MISS_API_TOKEN": TOKEN}) == "HTTP API: on, token required"


def test_a_jwt_secret_adds_hs256_jwts():
    args = api_args({"MISS_API_TOKEN": TOKEN, "MISS_API_JWT_SECRET": SECRET})
    assert args[:3] == ["--enable-api", "--auth-token", TOKEN]
    assert args[3:] == ["--jwt-secret", SECRET, "--jwt-method", "HS256"]


@pytest.mark.parametrize(
    "env",
    [
        {"MISS_API_TOKEN": "short"},
        {"MISS_API_JWT_SECRET": SECRET},
        {"MISS_API_TOKEN": TOKEN, "MISS_API_JWT_SECRET": "short"},
    ],
)
def test_weak_settings_are_refused(env):
    with pytest.raises(ValueError):
        api_args(env)


@pytest.mark.parametrize("argv", [["--enable-api"], ["--auth-token", "x"], ["--auth-token=x"], ["--jwt-secret", "x"]])
def test_api_options_on_the_command_line_are_refused(argv, capsys):
    assert rasa_run.main(["--port", "5999", *argv]) == 2
    assert "MISS_API_TOKEN" in capsys.readouterr().err


def test_describe_fails_on_a_bad_setting(monkeypatch, capsys):
    monkeypatch.setenv("MISS_API_TOKEN", "short")
    assert rasa_run.main(["--describe"]) == 1
    assert "16" in capsys.readouterr().err


def test_rasa_starts_through_the_command_that_installs_the_patches(monkeypatch):
    """`rasa run` is started by addons.rasa_server.main, which installs the project's patches to Rasa first
    (tests/addons/test_rasa_server.py)."""
    started = []
    monkeypatch.delenv("MISS_API_TOKEN", raising=False)
    monkeypatch.delenv("MISS_API_JWT_SECRET", raising=False)
    monkeypatch.setattr("addons.rasa_server.main", started.append)
    assert rasa_run.main(["--port", "5999"]) == 0
    assert started == [["run", "--port", "5999"]]
