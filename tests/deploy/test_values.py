"""The Helm values and manifests in deploy/: what would break a deployment or leak a secret.

No Kubernetes cluster and no `helm` binary are needed (or available in CI). Where a check depends on what
the charts do with a value, it follows the chart's templates as read in RasaHQ/helm-charts (rasa chart
1.17.8, rasa-action-server 1.0.9): the `endpoints` and `credentials` entries of the chart's ConfigMap are
rebuilt here the way config-map.yaml writes them and are then read by Rasa 3.6.21's own loaders, so that
Rasa's `${VAR}` expansion, tracker store and lock store settings are checked for real. With
RASA_HELM_CHARTS_DIR pointing at a checkout of RasaHQ/helm-charts (or a directory holding `helm pull
--untar` copies of both charts), the values are also checked against the charts' defaults and
values.schema.json.
"""

from __future__ import annotations

import ast
import importlib.metadata
import inspect
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from packaging.requirements import Requirement
from ruamel.yaml import YAML
from ruamel.yaml.constructor import DuplicateKeyError, SafeConstructor

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
RASA_VALUES = DEPLOY / "values-rasa.yaml"
ACTION_VALUES = DEPLOY / "values-actions.yaml"
MANIFESTS = DEPLOY / "manifests.yaml"

TRACKER_STORE = "addons.tracker_store.PrivateSQLTrackerStore"
VAR = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")  # Rasa's environment references
K8S_VAR = re.compile(r"^\$\(([A-Za-z_][A-Za-z0-9_]*)\)$")  # Kubernetes' references in args
SECRET_KEY = re.compile(
    r"(password|passwd|token|secret|cookie|api[-_]?key|private[-_]?key|credential)"
    r"|(^|[-_])(auth|sid)($|[-_])",
    re.IGNORECASE,
)
# Keys that name a secret or one of its keys, never hold a value.
SECRET_REFERENCE_KEYS = {
    "existingSecret",
    "existingSecretKey",
    "existingSecretPasswordKey",
    "existingPasswordSecret",
    "secretName",
    "certificateSecret",
    "secretKeyRef",
}
# What the rasa chart sets in the container itself (templates/_containers-env.yaml, rasa-common).
CHART_DB_ENV = {"DB_HOST", "DB_PORT", "DB_USER", "DB_DATABASE", "DB_PASSWORD"}
CHART_REDIS_ENV = {"REDIS_HOST", "REDIS_PORT", "REDIS_PASSWORD"}
CHART_ACTION_ENV = {"ACTION_SERVER_URL"}


class _VerbatimConstructor(SafeConstructor):
    """Once Rasa has read a config file, every ruamel.yaml safe load in the process expands `${VAR}`
    (rasa.shared.utils.io.fix_yaml_loader registers the `!env_var` tag globally); these files' references
    are checked as written, so here that tag is read as the plain string it is."""


_VerbatimConstructor.add_constructor("!env_var", SafeConstructor.construct_yaml_str)


def _strict_yaml() -> YAML:
    """PyYAML keeps the last of two equal keys without a word; ruamel.yaml refuses them (DuplicateKeyError).
    YAML 1.1, as PyYAML and Helm's parser read these files (`yes`/`on` are booleans there)."""
    strict = YAML(typ="safe", pure=True)
    strict.Constructor = _VerbatimConstructor
    strict.version = (1, 1)
    return strict


def load(path: Path) -> Any:
    return _strict_yaml().load(path.read_text())


def load_all(path: Path) -> list[dict[str, Any]]:
    return [doc for doc in _strict_yaml().load_all(path.read_text()) if doc]


@pytest.fixture(scope="module")
def rasa() -> dict[str, Any]:
    return load(RASA_VALUES)


@pytest.fixture(scope="module")
def actions() -> dict[str, Any]:
    return load(ACTION_VALUES)


@pytest.fixture(scope="module")
def manifests() -> list[dict[str, Any]]:
    return load_all(MANIFESTS)


def manifest(manifests: list[dict[str, Any]], kind: str, name: str) -> dict[str, Any]:
    found = [m for m in manifests if m["kind"] == kind and m["metadata"]["name"] == name]
    assert len(found) == 1, f"deploy/manifests.yaml: one {kind} {name} expected"
    return found[0]


def extra_env(values: dict[str, Any]) -> dict[str, dict[str, Any]]:
    entries = values.get("extraEnv") or []
    names = [entry["name"] for entry in entries]
    assert len(names) == len(set(names)), f"extraEnv names a variable twice: {names}"
    return {entry["name"]: entry for entry in entries}


def arg_values(args: list[str], flag: str) -> list[str]:
    """The values given to `flag` in an argument list (all of them, for flags like --cors a b)."""
    if flag not in args:
        return []
    values = []
    for arg in args[args.index(flag) + 1 :]:
        if str(arg).startswith("--"):
            break
        values.append(str(arg))
    return values


def walk(node: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield from walk(value, (*path, str(key)))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from walk(value, (*path, str(index)))
    else:
        yield path, node


def chart_env(rasa: dict[str, Any]) -> dict[str, str]:
    """The environment the rasa chart gives the container (its DB_*, REDIS_*, ACTION_SERVER_URL, from
    rasa-common's templates) plus extraEnv, with made-up values where a Secret would supply one."""
    pg, redis = rasa["global"]["postgresql"], rasa["redis"]
    env = {
        "DB_HOST": rasa["postgresql"]["external"]["host"],
        "DB_PORT": str(pg["servicePort"]),
        "DB_USER": pg["postgresqlUsername"],
        "DB_DATABASE": pg["postgresqlDatabase"],
        "DB_PASSWORD": "from-secret-miss-postgresql",
        "REDIS_HOST": redis["external"]["host"],
        "REDIS_PORT": str(redis["master"]["service"]["port"]),
        "REDIS_PASSWORD": "from-secret-miss-redis",
        "ACTION_SERVER_URL": rasa["rasa-action-server"]["external"]["url"],
    }
    for name, entry in extra_env(rasa).items():
        env[name] = entry.get("value", f"123456789:from-secret-{name}")
    return env


def render_endpoints(rasa: dict[str, Any]) -> str:
    """endpoints.yml as the chart's config-map.yaml writes it: `key: value` per setting, maps as YAML."""

    def block(name: str, settings: dict[str, Any]) -> list[str]:
        lines = [f"{name}:"]
        for key in sorted(settings):
            if key == "enabled":
                continue
            value = settings[key]
            if isinstance(value, dict):
                lines.append(f"  {key}:")
                lines += ["    " + line for line in yaml.safe_dump(value, default_flow_style=False).splitlines()]
            else:
                lines.append(f"  {key}: {str(value).lower() if isinstance(value, bool) else value}")
        return lines

    endpoints = rasa["applicationSettings"]["endpoints"]
    lines = block("tracker_store", endpoints["trackerStore"]) + block("lock_store", endpoints["lockStore"])
    lines += ["action_endpoint:", "  url: ${ACTION_SERVER_URL}"]
    return "\n".join(lines) + "\n"


# --- files -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", [RASA_VALUES, ACTION_VALUES])
def test_values_files_are_yaml_mappings_without_duplicate_keys(path):
    assert isinstance(load(path), dict)


def test_a_key_given_twice_is_refused_not_silently_overwritten(tmp_path):
    twice = tmp_path / "values.yaml"
    twice.write_text("applicationSettings:\n  port: 5005\nreplicaCount: 2\napplicationSettings:\n  port: 80\n")
    with pytest.raises(DuplicateKeyError, match="applicationSettings"):
        load(twice)
    twice.write_text("kind: Service\n---\nkind: Secret\nkind: ConfigMap\n")
    with pytest.raises(DuplicateKeyError, match="kind"):
        load_all(twice)


def test_manifests_are_kubernetes_objects(manifests):
    assert manifests, "deploy/manifests.yaml is empty"
    for doc in manifests:
        assert {"apiVersion", "kind", "metadata"} <= set(doc) and doc["metadata"].get("name")


# --- storage -----------------------------------------------------------------------------------------


def test_tracker_store_is_the_private_store_on_postgresql(rasa):
    store = rasa["applicationSettings"]["endpoints"]["trackerStore"]
    assert store["enabled"] is True
    assert store["type"] == TRACKER_STORE
    assert store["dialect"] == "postgresql"
    assert store["password"] == "${DB_PASSWORD}"
    assert float(store["retention_days"]) > 0, "conversations must be purged (docs/privacy.md)"
    assert store["query"]["sslmode"] in ("require", "verify-ca", "verify-full"), "conversations cross the network"
    # One source of the database: the chart's subchart or an external server, with the password Secret.
    pg = rasa["postgresql"]
    assert pg["install"] is False and pg["external"]["enabled"] is True and pg["external"]["host"]
    assert rasa["global"]["postgresql"]["existingSecret"] and pg["existingSecretKey"]


def test_tracker_store_class_is_importable_and_takes_every_setting(rasa):
    """Rasa quietly falls back to an in-memory tracker store when `type` cannot be imported, and a
    misspelt setting would vanish into **kwargs: both are caught here."""
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.utils.common import class_from_module_path

    store_class = class_from_module_path(TRACKER_STORE)
    assert issubclass(store_class, SQLTrackerStore)
    accepted = set(inspect.signature(SQLTrackerStore.__init__).parameters) | set(
        inspect.signature(store_class.__init__).parameters
    )
    settings = set(rasa["applicationSettings"]["endpoints"]["trackerStore"]) - {"enabled", "type", "url"}
    assert settings <= accepted, f"not tracker store settings: {sorted(settings - accepted)}"


def test_lock_store_is_redis_with_the_password_from_a_secret(rasa):
    from rasa.core.lock_store import RedisLockStore

    from addons.lock_store import RenewingRedisLockStore

    lock = rasa["applicationSettings"]["endpoints"]["lockStore"]
    assert lock["enabled"] is True and lock["type"] == "addons.lock_store.RenewingRedisLockStore"
    assert issubclass(RenewingRedisLockStore, RedisLockStore)
    assert lock["password"] == "${REDIS_PASSWORD}"
    settings = set(lock) - {"enabled", "type", "url"}
    accepted = set(inspect.signature(RedisLockStore.__init__).parameters)
    assert settings <= accepted, f"not Redis lock store settings: {sorted(settings - accepted)}"
    if "key_prefix" in lock:
        assert str(lock["key_prefix"]).isalnum(), "Rasa ignores a key_prefix that is not alphanumeric"
    redis = rasa["redis"]
    assert redis["install"] is False and redis["external"]["enabled"] is True and redis["external"]["host"]
    assert redis["existingSecret"] and redis["existingSecretPasswordKey"]
    # rasa-common reads redis.master.service.port for REDIS_PORT even with the subchart off.
    assert int(redis["master"]["service"]["port"]) > 0


def test_rasa_reads_the_endpoints_the_chart_writes(rasa, tmp_path, monkeypatch):
    from rasa.core.utils import read_endpoints_from_path

    env = chart_env(rasa)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    path = tmp_path / "endpoints.yml"
    path.write_text(render_endpoints(rasa))
    endpoints = read_endpoints_from_path(str(path))

    tracker = endpoints.tracker_store
    assert tracker.type == TRACKER_STORE and tracker.url == env["DB_HOST"]
    assert tracker.kwargs["dialect"] == "postgresql"
    assert tracker.kwargs["password"] == env["DB_PASSWORD"]
    assert tracker.kwargs["db"] == tracker.kwargs["login_db"] == env["DB_DATABASE"]
    assert (
        tracker.kwargs["retention_days"] == rasa["applicationSettings"]["endpoints"]["trackerStore"]["retention_days"]
    )
    lock = endpoints.lock_store
    assert (
        lock.type == "addons.lock_store.RenewingRedisLockStore"
        and lock.url == env["REDIS_HOST"]
        and lock.kwargs["password"] == env["REDIS_PASSWORD"]
    )
    assert endpoints.action.url == env["ACTION_SERVER_URL"]


def test_every_variable_the_endpoints_use_is_set_by_the_chart(rasa):
    used = set(VAR.findall(render_endpoints(rasa)))
    assert used <= CHART_DB_ENV | CHART_REDIS_ENV | CHART_ACTION_ENV | set(extra_env(rasa)), sorted(used)


# The stores every Rasa replica and every action server share (scripts/cluster.py wires them for `make cluster`).
STORES = ("MISS_CONTENT_STORE", "MISS_HANDOFF_STORE")


@pytest.mark.parametrize("name", ["rasa", "actions"])
def test_every_replica_reads_the_shared_content_and_handoff_stores_on_postgresql(name, rasa, actions):
    """Without them a pod keeps a SQLite file of its own: the console's approvals and a person taking a
    conversation never reach it, and its requests for a person reach nobody. As `make cluster` has them: a
    PostgreSQL database each on the tracker store's server and user, TLS, the password from MISS_DB_PASSWORD,
    the tracker store's Secret."""
    from actions import content_store
    from addons.handoff import store as handoff_store
    from addons.sqlite_or_postgres import Postgres

    env = extra_env(rasa if name == "rasa" else actions)
    missing = [variable for variable in (*STORES, "MISS_DB_PASSWORD") if variable not in env]
    assert not missing, f"values-{name}.yaml: its pods would start without {missing}"
    settings = {variable: env[variable]["value"] for variable in STORES}
    # As the servers read them (a URL holding a password raises): PostgreSQL, not a pod's own file.
    assert isinstance(content_store.store_location(settings), Postgres)
    assert isinstance(handoff_store.store_location(settings), Postgres)
    pg = rasa["global"]["postgresql"]
    databases = set()
    for variable, value in settings.items():
        url = urlsplit(value)
        assert url.hostname == rasa["postgresql"]["external"]["host"], f"{variable}: the tracker store's server"
        assert url.port == int(pg["servicePort"]) and url.username == pg["postgresqlUsername"], variable
        assert parse_qs(url.query).get("sslmode", [""])[0] in ("require", "verify-ca", "verify-full"), (
            f"{variable}: the connection crosses the network, as the tracker store's does (sslmode)"
        )
        databases.add(url.path.strip("/"))
    assert len(databases) == 2 and pg["postgresqlDatabase"] not in databases, "a database of its own each"
    assert env["MISS_DB_PASSWORD"]["valueFrom"]["secretKeyRef"] == {
        "name": pg["existingSecret"],
        "key": rasa["postgresql"]["existingSecretKey"],
    }


def test_the_rasa_replicas_and_the_action_servers_share_the_same_stores(rasa, actions):
    for variable in (*STORES, "MISS_DB_PASSWORD"):
        assert extra_env(rasa).get(variable) == extra_env(actions).get(variable), variable


def test_database_connections_fit_postgresql(rasa, actions):
    """Rasa's default pool is 50 + 100 overflow connections per replica; PostgreSQL's default
    max_connections is 100. Leave 20 for the purge job, migrations and administrators. Beside the pool,
    every Rasa replica and action server keeps up to IDLE_MAX sessions per shared store, in one mode each
    (addons/sqlite_or_postgres.py; docs/scaling.md)."""
    from addons.sqlite_or_postgres import _IdleSessions

    env = extra_env(rasa)
    stores = _IdleSessions.IDLE_MAX * len(STORES)
    per_replica = int(env["SQL_POOL_SIZE"]["value"]) + int(env["SQL_MAX_OVERFLOW"]["value"]) + stores
    assert rasa["replicaCount"] * per_replica + actions["replicaCount"] * stores <= 80


# --- secrets -----------------------------------------------------------------------------------------


def _is_reference(value: Any) -> bool:
    return value in (None, "") or bool(VAR.fullmatch(str(value))) or bool(K8S_VAR.match(str(value)))


@pytest.mark.parametrize("path", [RASA_VALUES, ACTION_VALUES, MANIFESTS])
def test_no_secret_is_written_in_the_deploy_files(path):
    docs = load_all(path)
    for doc in docs:
        for keys, value in walk(doc):
            if any(key in SECRET_REFERENCE_KEYS for key in keys):
                continue  # the name of a Secret or of one of its keys
            if SECRET_KEY.search(keys[-1]):
                assert _is_reference(value), f"{path.name}: {'.'.join(keys)} holds a literal value"
        for env in _env_lists(doc):
            for entry in env:
                if SECRET_KEY.search(entry["name"]):
                    assert "secretKeyRef" in entry.get("valueFrom", {}), (
                        f"{path.name}: {entry['name']} must come from a Secret (valueFrom.secretKeyRef)"
                    )


def _env_lists(doc: dict[str, Any]) -> Iterator[list[dict[str, Any]]]:
    if isinstance(doc.get("extraEnv"), list):
        yield doc["extraEnv"]
    for keys, _ in walk(doc):
        if "env" in keys:  # containers[].env in a manifest
            index = keys.index("env")
            node: Any = doc
            for key in keys[: index + 1]:
                node = node[int(key)] if isinstance(node, list) else node[key]
            yield node
            return


def test_chart_written_tokens_are_empty(rasa):
    """The chart copies these values into a Secret of its own; ours come from Secrets we create."""
    settings = rasa["applicationSettings"]
    assert settings["token"] == "" and settings["rasaX"]["token"] == ""
    assert settings["endpoints"]["models"]["token"] == ""
    assert rasa["global"]["postgresql"]["postgresqlPassword"] == "" and rasa["global"]["redis"]["password"] == ""


# --- HTTP API and CORS -------------------------------------------------------------------------------


def test_api_needs_a_token_from_a_secret(rasa):
    args = [str(arg) for arg in rasa["args"]]
    assert args and args[0] == "run", "args must replace the chart's (which pass --jwt-secret UNSET)"
    api_on = "--enable-api" in args or (not args and rasa["applicationSettings"]["enableAPI"])
    if api_on:
        token = arg_values(args, "--auth-token")
        assert len(token) == 1, "--enable-api without --auth-token"
        match = K8S_VAR.match(token[0])
        assert match, "the token must be a $(VARIABLE) filled from the environment, not written in args"
        entry = extra_env(rasa).get(match.group(1))
        assert entry and entry["valueFrom"]["secretKeyRef"]["name"] and entry["valueFrom"]["secretKeyRef"]["key"]
    assert "--jwt-secret" not in args or K8S_VAR.match(arg_values(args, "--jwt-secret")[0])
    # The public Ingress serves the channels only; the API stays inside the cluster.
    assert rasa["ingress"]["path"] == "/webhooks" and rasa["ingress"]["pathType"] == "Prefix"


def test_cors_allows_only_the_clinic_site(rasa):
    cors = arg_values([str(a) for a in rasa["args"]], "--cors")
    assert cors, "rasa run without --cors sends no CORS headers: the widget's polling transport would fail"
    socket = rasa["applicationSettings"]["credentials"]["additionalChannelCredentials"][
        "addons.channels.web_socketio.WebSocketIOInput"
    ]["cors_allowed_origins"]
    for origin in cors + socket + [rasa["applicationSettings"]["cors"]]:
        assert "*" not in origin and origin.startswith("https://") and not origin.endswith("/"), origin
    assert sorted(cors) == sorted(socket), "--cors and the socket.io channel's origins must be the same list"
    assert rasa["applicationSettings"]["cors"] in cors


def test_args_match_the_chart_settings(rasa):
    args = [str(arg) for arg in rasa["args"]]
    assert arg_values(args, "--port") == [str(rasa["applicationSettings"]["port"])]
    assert "--debug" not in args and rasa["applicationSettings"]["debugMode"] is False
    # The chart mounts its ConfigMap at these paths.
    assert arg_values(args, "--endpoints") == ["/app/endpoints.yml"]
    assert arg_values(args, "--credentials") == ["/app/credentials.yml"]
    assert rasa["applicationSettings"]["initialModel"] == "" and not rasa["applicationSettings"]["trainInitialModel"]


# --- channels ----------------------------------------------------------------------------------------


def test_channel_credentials_follow_the_channel_table(rasa):
    from addons.channels.settings import CHANNELS

    credentials = rasa["applicationSettings"]["credentials"]["additionalChannelCredentials"]
    assert "addons.rest_channel.GuardedRestInput" in credentials
    specs = {spec.key: spec for spec in CHANNELS}
    for key, fields in credentials.items():
        if key not in specs:
            continue
        spec = specs[key]
        for field, variable in {**spec.required, **spec.optional}.items():
            if field in fields or field in spec.required:
                assert fields.get(field) == "${" + variable + "}", f"{key}.{field} must be ${{{variable}}}"
        unknown = set(fields) - set(spec.required) - set(spec.optional)
        assert not unknown, f"{key}: not settings of this channel: {sorted(unknown)}"


def test_every_channel_variable_is_set_in_the_container(rasa):
    credentials = rasa["applicationSettings"]["credentials"]["additionalChannelCredentials"]
    used = set(VAR.findall(json.dumps(credentials)))
    missing = used - set(extra_env(rasa))
    assert not missing, f"Rasa refuses to start with these unset: {sorted(missing)}"


def test_rasa_expands_the_credentials_the_chart_writes(rasa, tmp_path, monkeypatch):
    from rasa.shared.utils.io import read_config_file

    env = chart_env(rasa)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    path = tmp_path / "credentials.yml"
    credentials = rasa["applicationSettings"]["credentials"]["additionalChannelCredentials"]
    path.write_text(yaml.safe_dump(credentials, default_flow_style=False))  # the chart's toYaml
    loaded = read_config_file(str(path))
    assert set(loaded) == set(credentials)
    assert loaded["addons.channels.slack.SlackInput"]["slack_signing_secret"] == env["SLACK_SIGNING_SECRET"]
    assert "${" not in json.dumps(loaded)


# --- replicas, action server, resources -------------------------------------------------------------


def test_at_least_two_replicas_of_each_server(rasa, actions):
    for name, values in (("rasa", rasa), ("actions", actions)):
        if values.get("autoscaling", {}).get("enabled"):
            pytest.fail(f"{name}: the charts' HPA uses autoscaling/v2beta1, removed in Kubernetes 1.25")
        assert values["replicaCount"] >= 2, f"{name}: one replica dying would stop the assistant"


def test_rasa_reaches_the_action_server_through_its_service(rasa, actions):
    server = rasa["rasa-action-server"]
    assert server["install"] is False and server["external"]["enabled"] is True
    match = re.fullmatch(r"http://([a-z0-9-]+)(?::(\d+))?(/webhook)", server["external"]["url"])
    assert match, server["external"]["url"]
    assert match.group(1) == actions["fullnameOverride"], "the URL must name the action server's Service"
    assert int(match.group(2) or 80) == actions["service"]["port"]
    assert actions["service"]["type"] == "ClusterIP" and not actions["ingress"]["enabled"]


def _memory_mib(quantity: str) -> float:
    number, unit = re.fullmatch(r"(\d+(?:\.\d+)?)(Mi|Gi|M|G)", str(quantity)).groups()
    return float(number) * {"Mi": 1, "Gi": 1024, "M": 1e6 / 2**20, "G": 1e9 / 2**20}[unit]


@pytest.mark.parametrize("name, resident_mib", [("rasa", 1300 * 1e6 / 2**20), ("actions", 150 * 1e6 / 2**20)])
def test_memory_fits_the_measured_resident_size(name, resident_mib, rasa, actions):
    resources = (rasa if name == "rasa" else actions)["resources"]
    assert _memory_mib(resources["requests"]["memory"]) >= resident_mib
    assert _memory_mib(resources["limits"]["memory"]) >= 1.2 * resident_mib, "an OOM kill at the first peak"
    assert resources["requests"]["cpu"] and resources["limits"]["cpu"]


def test_images_are_ours_and_pinned(rasa, actions):
    for values in (rasa, actions):
        assert values["image"]["repository"] and values["image"]["tag"] not in ("", "latest")


def test_telemetry_is_off(rasa):
    assert rasa["applicationSettings"]["telemetry"]["enabled"] is False


# --- the manifests beside the charts -----------------------------------------------------------------


def test_purge_job_reads_the_same_tracker_store(rasa, manifests):
    config = manifest(manifests, "ConfigMap", "miss-purge-endpoints")
    purge = yaml.safe_load(config["data"]["endpoints.yml"])["tracker_store"]
    store = {k: v for k, v in rasa["applicationSettings"]["endpoints"]["trackerStore"].items() if k != "enabled"}
    assert purge == store
    job = manifest(manifests, "CronJob", "miss-purge")
    container = job["spec"]["jobTemplate"]["spec"]["template"]["spec"]["containers"][0]
    env = {entry["name"]: entry for entry in container["env"]}
    assert env["DB_HOST"]["value"] == rasa["postgresql"]["external"]["host"]
    assert env["DB_USER"]["value"] == rasa["global"]["postgresql"]["postgresqlUsername"]
    assert env["DB_DATABASE"]["value"] == rasa["global"]["postgresql"]["postgresqlDatabase"]
    assert env["DB_PORT"]["value"] == str(rasa["global"]["postgresql"]["servicePort"])
    assert env["DB_PASSWORD"]["valueFrom"]["secretKeyRef"] == {
        "name": rasa["global"]["postgresql"]["existingSecret"],
        "key": rasa["postgresql"]["existingSecretKey"],
    }
    assert set(VAR.findall(config["data"]["endpoints.yml"])) <= set(env)
    assert container["image"].split(":")[0] == rasa["image"]["repository"]


def test_socketio_ingress_is_sticky_and_points_at_the_rasa_service(rasa, manifests):
    ingress = manifest(manifests, "Ingress", "miss-rasa-socketio")
    assert ingress["metadata"]["annotations"]["nginx.ingress.kubernetes.io/upstream-hash-by"]
    rule = ingress["spec"]["rules"][0]
    assert rule["host"] == rasa["ingress"]["hostname"]
    path = rule["http"]["paths"][0]
    assert path["path"] == "/socket.io" and path["backend"]["service"]["name"] == rasa["fullnameOverride"]
    assert ingress["spec"]["tls"] == rasa["ingress"]["tls"]


def test_disruption_budgets_select_the_chart_pods(rasa, actions, manifests):
    readme = (DEPLOY / "README.md").read_text()
    for name, values, release in (("miss-rasa", rasa, "miss"), ("miss-actions", actions, "miss-actions")):
        selector = manifest(manifests, "PodDisruptionBudget", name)["spec"]["selector"]["matchLabels"]
        affinity = values["affinity"]["podAntiAffinity"]["preferredDuringSchedulingIgnoredDuringExecution"][0]
        assert selector == affinity["podAffinityTerm"]["labelSelector"]["matchLabels"]
        assert selector["app.kubernetes.io/instance"] == release
        assert f"helm install {release} " in readme, f"deploy/README.md must install the release {release}"


# --- images ------------------------------------------------------------------------------------------


def _copy_sources(dockerfile: Path) -> list[str]:
    sources = []
    for line in dockerfile.read_text().splitlines():
        parts = line.split()
        if parts and parts[0] == "COPY" and not any(p.startswith("--from") for p in parts):
            sources += [p for p in parts[1:-1] if not p.startswith("--")]
    return sources


@pytest.mark.parametrize(
    "dockerfile, base", [("Dockerfile", "rasa/rasa:3.6.21"), ("Dockerfile.actions", "rasa/rasa-sdk:3.6.2")]
)
def test_images_build_on_the_pinned_rasa_versions_from_files_in_their_context(dockerfile, base):
    path = DEPLOY / dockerfile
    assert f"FROM {base}\n" in path.read_text()
    package, version = base.split("/")[1].split(":")
    assert f"{package}=={version}" in (ROOT / "requirements.lock").read_text().splitlines()
    kept = [
        line[1:].rstrip("/")
        for line in (DEPLOY / f"{dockerfile}.dockerignore").read_text().splitlines()
        if line.startswith("!")
    ]
    for source in _copy_sources(path):
        source = source.rstrip("/")
        assert any(source == k or source.startswith(k + "/") for k in kept), (
            f"{dockerfile}: COPY {source} is left out of the build context by {dockerfile}.dockerignore"
        )
        if not source.startswith(("build/", "models/")):  # made by `make pipeline` / `make train`
            assert (ROOT / source).exists(), f"{dockerfile}: COPY {source}: no such file in the repository"


def _imported_modules(sources: list[Path]) -> set[str]:
    """The top-level modules these files import."""
    found: set[str] = set()
    for source in sources:
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module.split(".")[0])
    return found


def _third_party_modules(sources: list[Path]) -> set[str]:
    """The top-level modules these files import, less the standard library and the project's own."""
    own = {"actions", "addons", "scripts", "spacy_pipeline", "tests"}
    return _imported_modules(sources) - set(sys.stdlib_module_names) - own


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _with_dependencies(distributions: set[str]) -> set[str]:
    """The distributions and everything they install with them (no extras), as installed here."""
    seen: set[str] = set()
    todo = [_canonical(d) for d in distributions]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        try:
            requires = importlib.metadata.requires(name)
        except importlib.metadata.PackageNotFoundError:
            pytest.fail(f"{name} is not installed here: `make setup` installs requirements.lock")
        for line in requires or []:
            requirement = Requirement(line)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                todo.append(_canonical(requirement.name))
    return seen


def test_the_action_server_image_installs_what_its_code_imports_beyond_rasa_sdk():
    """The image is rasa-sdk's plus what Dockerfile.actions installs: an import of the code it copies (actions/
    and the addons/ modules they use) that neither provides stops the action server in the cluster, never in
    the tests (they run with the whole lock)."""
    dockerfile = (DEPLOY / "Dockerfile.actions").read_text()
    install = re.search(r"pip install --no-cache-dir -c /tmp/requirements.lock ([^\\\n]+)", dockerfile)
    assert install, "Dockerfile.actions: the pip install line constrained by requirements.lock"
    installed = {_canonical(name) for name in install.group(1).split()}
    in_image = _with_dependencies({"rasa-sdk"}) | _with_dependencies(installed)
    distributions = importlib.metadata.packages_distributions()
    code = _copied_python_files("Dockerfile.actions")
    needed = {_canonical(d) for m in _third_party_modules(code) for d in distributions.get(m, [m])}
    assert needed - in_image == set(), "its code imports these, which the action server image would not have"
    assert {"pyyaml", "jsonschema", "psycopg2-binary"} <= needed  # what the check above is about


def _image_installs(dockerfile: str) -> set[str]:
    """The distributions a Dockerfile installs on top of its base image: Dockerfile.actions' pip line, the
    Rasa image's requirements.lock less the tools its grep leaves out."""
    text = (DEPLOY / dockerfile).read_text()
    if dockerfile == "Dockerfile.actions":
        install = re.search(r"pip install --no-cache-dir -c /tmp/requirements.lock ([^\\\n]+)", text)
        assert install, "Dockerfile.actions: the pip install line constrained by requirements.lock"
        return {_canonical(name) for name in install.group(1).split()}
    left_out = re.search(r"grep -vE '\^\(([^)]+)\)=='", text)
    assert left_out, "Dockerfile: the grep that leaves the test tools out of requirements.lock"
    lock = [line.split("==")[0] for line in (ROOT / "requirements.lock").read_text().splitlines() if "==" in line]
    return {_canonical(name) for name in lock if name not in left_out.group(1).split("|")}


@pytest.mark.parametrize("dockerfile", ["Dockerfile", "Dockerfile.actions"])
def test_an_image_whose_code_reads_time_zones_installs_the_tzdata_package(dockerfile):
    """zoneinfo reads the IANA time zones from the system (/usr/share/zoneinfo) or from the tzdata package.
    Both base images are Ubuntu 22.04 with python3 installed without recommends, which does not install
    Ubuntu's tzdata: without the package the staffed hours (addons/handoff/schedule.py, content/staffing.yml)
    would not load in the action server (the tests pass here, where the system has the data)."""
    assert any(line.startswith("tzdata==") for line in (ROOT / "requirements.lock").read_text().splitlines())
    reads_zones = "zoneinfo" in _imported_modules(_copied_python_files(dockerfile))
    if dockerfile == "Dockerfile.actions":
        assert reads_zones  # what the check is about: the action server's staffed hours
    if reads_zones:
        assert "tzdata" in _image_installs(dockerfile), f"{dockerfile}: its code uses zoneinfo; install tzdata"


def test_the_staffed_hours_load_with_no_time_zone_data_but_the_tzdata_package():
    """As in the images: PYTHONTZPATH empty leaves zoneinfo no system directory, only the tzdata package
    (requirements.lock; `make setup` installs it)."""
    zone = yaml.safe_load((ROOT / "content" / "staffing.yml").read_text(encoding="utf-8"))["timezone"]
    code = (
        "import zoneinfo; assert zoneinfo.TZPATH == (), zoneinfo.TZPATH\n"
        "from addons.handoff.schedule import DEFAULT_FILE, load; print(load(DEFAULT_FILE).zone.key)"
    )
    ran = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "PYTHONTZPATH": ""},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert ran.returncode == 0 and ran.stdout.strip() == zone, ran.stderr[-2000:]


# --- against the charts themselves (only where a checkout of RasaHQ/helm-charts is given) ------------


def _chart_dir(name: str) -> Path | None:
    base = os.environ.get("RASA_HELM_CHARTS_DIR")
    if not base:
        return None
    for candidate in (Path(base) / "charts" / name, Path(base) / name):
        if (candidate / "values.yaml").exists():
            return candidate
    pytest.fail(f"RASA_HELM_CHARTS_DIR={base} holds no chart {name}")


def _merge(defaults: Any, values: Any) -> Any:
    if isinstance(defaults, dict) and isinstance(values, dict):
        merged = dict(defaults)
        for key, value in values.items():
            merged[key] = _merge(defaults.get(key), value) if key in defaults else value
        return merged
    return values


# Keys set in our values that the charts' values.yaml does not list but their templates read
# (rasa-common's _postgresql.tpl / _redis.tpl), or that the config-map template passes through to
# endpoints.yml / credentials.yml as they are.
READ_BY_TEMPLATES = {
    "postgresql.existingSecretKey",
    "redis.existingSecret",
    "redis.existingSecretPasswordKey",
    "redis.master",
}
PASSED_THROUGH = (
    "applicationSettings.credentials.additionalChannelCredentials.",
    "applicationSettings.endpoints.trackerStore.",
    "applicationSettings.endpoints.lockStore.",
    "affinity.",
    "resources.",
    "podSecurityContext.",
    "securityContext.",
    "extraEnv.",
    "args.",
    "volumes.",
    "volumeMounts.",
    "ingress.annotations.",
    "ingress.tls.",
    "readinessProbe.",
    "livenessProbe.",
)


@pytest.mark.parametrize("chart, values_path", [("rasa", RASA_VALUES), ("rasa-action-server", ACTION_VALUES)])
def test_values_use_the_charts_keys_and_schema(chart, values_path):
    directory = _chart_dir(chart)
    if directory is None:
        pytest.skip("RASA_HELM_CHARTS_DIR is not set (a checkout of RasaHQ/helm-charts)")
    import jsonschema

    defaults = yaml.safe_load((directory / "values.yaml").read_text())
    values = load(values_path)
    for keys, _ in walk(values):
        dotted = ".".join(keys)
        if dotted.startswith(PASSED_THROUGH) or any(
            dotted == k or dotted.startswith(k + ".") for k in READ_BY_TEMPLATES
        ):
            continue
        node: Any = defaults
        for key in keys:
            assert isinstance(node, dict) and key in node, f"{values_path.name}: {dotted} is not a key of chart {chart}"
            node = node[key]
    templates = "\n".join(p.read_text() for p in directory.parent.rglob("templates/*.tpl"))
    for key in READ_BY_TEMPLATES:
        if chart == "rasa":
            assert f".Values.{key}" in templates, f"no template reads {key}"
    schema = json.loads((directory / "values.schema.json").read_text())
    jsonschema.validate(_merge(defaults, values), schema)


def _copied_paths(dockerfile: str) -> list[str]:
    """The repository paths a Dockerfile copies into its image (every source of its COPY lines)."""
    lines = re.findall(r"^COPY (?!--from)(.+)$", (DEPLOY / dockerfile).read_text(), flags=re.M)
    return [source.rstrip("/") for line in lines for source in line.split()[:-1]]


def _let_through(dockerfile: str, path: str) -> bool:
    """Whether the Dockerfile's .dockerignore (everything out, then `!path` lines) lets a path into the context."""
    ignore = (DEPLOY / f"{dockerfile}.dockerignore").read_text().splitlines()
    kept = [line[1:].rstrip("/") for line in ignore if line.startswith("!")]
    return any(path == k or path.startswith(f"{k}/") for k in kept)


def _first_party_imports(source: Path) -> set[Path]:
    """The repository files a Python file imports (each package's __init__.py on the way included)."""
    tree = ast.parse(source.read_text(encoding="utf-8"))
    names = [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    names += [n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module and n.level == 0]
    found: set[Path] = set()
    for name in names:
        parts = name.split(".")
        if not (ROOT / parts[0]).is_dir():
            continue  # not ours
        for depth in range(1, len(parts) + 1):
            base = ROOT.joinpath(*parts[:depth])
            found |= {p for p in (base / "__init__.py", base.with_suffix(".py")) if p.is_file()}
    return found


def _copied_python_files(dockerfile: str) -> list[Path]:
    """The repository's Python files a Dockerfile copies into its image."""
    copied = [ROOT / path for path in _copied_paths(dockerfile)]
    return sorted({p for c in copied for p in ([c] if c.is_file() else c.rglob("*.py")) if p.suffix == ".py"})


@pytest.mark.parametrize("dockerfile", ["Dockerfile", "Dockerfile.actions"])
def test_every_module_the_images_code_imports_is_copied_into_the_image(dockerfile):
    """The tests run from the whole repository, so an import across addons/ and actions/ passes them and
    stops the server in the cluster: everything the copied code imports, transitively, must be copied too."""
    in_image = set(_copied_python_files(dockerfile))
    todo, needed = list(in_image), set()
    while todo:
        for imported in _first_party_imports(todo.pop()) - needed:
            needed.add(imported)
            todo.append(imported)
    missing = sorted(str(p.relative_to(ROOT)) for p in needed - in_image)
    assert not missing, f"{dockerfile} does not copy what its code imports: {missing}"
    left_out = [path for path in _copied_paths(dockerfile) if not _let_through(dockerfile, path)]
    assert not left_out, f"{dockerfile}.dockerignore leaves out what the Dockerfile copies: {left_out}"


def _repository_files_read(source: Path) -> set[str]:
    """The repository files a Python file reads by a path from the project root, on the line that reads it:
    `(ROOT / "data" / "lookups.yml").read_text(...)` (a path only named, for a build step, is not read)."""
    reading = [line for line in source.read_text(encoding="utf-8").splitlines() if ".read_text(" in line]
    found = [path for line in reading for path in re.findall(r'\bROOT((?:\s*/\s*"[^"]+")+)', line)]
    return {"/".join(re.findall(r'"([^"]+)"', path)) for path in found}


@pytest.mark.parametrize("dockerfile", ["Dockerfile", "Dockerfile.actions"])
def test_every_file_the_images_code_reads_is_copied_into_the_image(dockerfile):
    """A data file read at import (data/lookups.yml, spacy_pipeline/terms.yml) stops the server in the cluster as
    surely as a missing module: whatever the copied code reads from the project root must be copied too."""
    copied = _copied_paths(dockerfile)
    read = {path for source in _copied_python_files(dockerfile) for path in _repository_files_read(source)}
    missing = sorted(
        p for p in read if (ROOT / p).exists() and not any(p == c or p.startswith(f"{c}/") for c in copied)
    )
    assert not missing, f"{dockerfile} does not copy what its code reads: {missing}"
