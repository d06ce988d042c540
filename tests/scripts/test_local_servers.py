"""How many Rasa servers `make run` and `make bench` start (scripts/local_servers), on which ports."""

from __future__ import annotations

import socket

import pytest

from scripts.local_servers import Servers, default_replicas


@pytest.mark.parametrize("value, replicas", [("1", 1), ("3", 3), (" 2 ", 2)])
def test_the_number_of_replicas_can_be_chosen(value, replicas):
    assert default_replicas({"MISS_RASA_REPLICAS": value}) == replicas


@pytest.mark.parametrize("value", ["0", "two", "-1", "1.5"])
def test_a_bad_number_of_replicas_is_refused(value):
    with pytest.raises(ValueError, match="MISS_RASA_REPLICAS"):
        default_replicas({"MISS_RASA_REPLICAS": value})


def test_replicas_sit_behind_the_port_and_share_a_redis_lock_store(tmp_path):
    servers = Servers(7000, 7050, tmp_path, replicas=2)
    assert servers.replica_ports == [7001, 7002] and servers.redis_port == 7003
    endpoints = (tmp_path / "endpoints.yml").read_text()
    assert "RenewingRedisLockStore" in endpoints and "port: 7003" in endpoints
    assert str(tmp_path / "conversations.sqlite") in endpoints  # one database for both
    assert servers.env["MISS_TRUST_PROXY"] == "1"  # the client address from nginx's X-Forwarded-For


def test_a_lock_store_given_in_the_environment_is_used_instead_of_a_redis_of_their_own(tmp_path):
    servers = Servers(7000, 7050, tmp_path, replicas=2, storage_env={"MISS_REDIS_HOST": "10.0.0.9"})
    assert servers.redis_port is None and "url: 10.0.0.9" in (tmp_path / "endpoints.yml").read_text()


def test_one_server_needs_no_lock_store(tmp_path):
    servers = Servers(7000, 7050, tmp_path)
    assert servers.replica_ports == [7000] and servers.redis_port is None
    assert "lock_store" not in (tmp_path / "endpoints.yml").read_text()


def test_a_port_already_in_use_is_refused_before_anything_starts(tmp_path):
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", 0))
        squatter.listen()
        busy = squatter.getsockname()[1]
        model = tmp_path / "model.tar.gz"
        model.touch()
        servers = Servers(busy, busy + 50, tmp_path, model=model)
        with pytest.raises(RuntimeError, match=f"{busy} already in use"):
            servers.launch()
        assert servers.actions is None and not servers.replicas  # nothing was started


def test_a_stand_in_on_the_action_port_is_not_counted_as_busy(tmp_path):
    class WithStandIn(Servers):
        runs_action_server = False

    assert 7050 in Servers(7000, 7050, tmp_path).ports
    assert WithStandIn(7000, 7050, tmp_path).ports == [7000]
