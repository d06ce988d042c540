"""nginx in front of Rasa replicas and Redis for their conversation locks: the pieces that the scaled-out set
(scripts/cluster.py, with PostgreSQL and several action servers) and the default run's replicas
(scripts/local_servers.py: SQLite on this machine, one action server) share.

REST and the channels' webhooks go round-robin to any replica (the conversation is in the shared tracker
store, its lock in Redis); socket.io stays on one replica per client address, because its polling transport
keeps a session in the memory of the replica that opened it. docs/scaling.md says why and what fails how.
"""

from __future__ import annotations

import shutil
from pathlib import Path

NGINX_CONF = """\
worker_processes 1;
pid {run}/nginx.pid;
error_log {run}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    log_format upstream '$time_iso8601 $request_method $uri $status $upstream_addr $request_time';
    access_log {run}/nginx-access.log upstream;
    client_body_temp_path {run}/nginx-tmp/body;
    proxy_temp_path {run}/nginx-tmp/proxy;
    fastcgi_temp_path {run}/nginx-tmp/fastcgi;
    uwsgi_temp_path {run}/nginx-tmp/uwsgi;
    scgi_temp_path {run}/nginx-tmp/scgi;
    client_max_body_size 128k;          # addons/rest_channel.py answers 413 past its own limit too
    upstream rasa {{
        least_conn;                     # the replica with fewer requests in progress: queues stay even
{rasa_servers}
        keepalive 32;
    }}
    upstream rasa_sticky {{             # socket.io polling must stay on the replica holding its session
        ip_hash;
{rasa_servers}
    }}
    server {{
        listen {listen}:{front};
        proxy_http_version 1.1;
        proxy_set_header Host $host;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_read_timeout 120s;          # a turn may wait for a dead replica's lock (below)
        location / {{
            proxy_pass http://rasa;
            proxy_set_header Connection "";
            # A replica that dies mid-request closes the connection: the request goes to the next one.
            # Re-sending a POST is safe because a message with a message_id is never handled twice
            # (addons/redelivery.py). Timeouts and error replies are not retried: a slow replica may still
            # answer, and a 503 from a live replica must not take it out of the pool.
            proxy_next_upstream error non_idempotent;
            proxy_next_upstream_tries 3;
        }}
        location /socket.io/ {{
            proxy_pass http://rasa_sticky;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection "upgrade";
        }}
    }}
{actions}}}
"""
# The action servers' own front, when there are several of them (the cluster; scripts/local_servers.py's
# replicas share one action server and call it directly).
NGINX_ACTIONS = """    upstream actions {{
{action_servers}
        keepalive 32;
    }}
    server {{
        listen 127.0.0.1:{action_front};
        client_max_body_size 16m;        # Rasa sends the whole conversation to the action server
        client_body_buffer_size 1m;
        proxy_http_version 1.1;
        location / {{
            proxy_pass http://actions;
            proxy_set_header Connection "";
            proxy_next_upstream error timeout http_502 http_503 non_idempotent;  # actions only read the tracker
        }}
    }}
"""


def nginx_conf(
    run_dir: Path,
    front: int,
    rasa_ports: list[int],
    actions: tuple[int, list[int]] | None = None,
    listen: str = "127.0.0.1",
) -> str:
    """nginx in front of the Rasa replicas on `listen`:`front` (and of the action servers on loopback,
    `actions` = (front port, ports)), writing its pid, logs and buffers under `run_dir`."""

    def servers(ports: list[int]) -> str:
        return "\n".join(f"        server 127.0.0.1:{port} max_fails=2 fail_timeout=5s;" for port in ports)

    (run_dir / "nginx-tmp").mkdir(parents=True, exist_ok=True)
    action_block = NGINX_ACTIONS.format(action_front=actions[0], action_servers=servers(actions[1])) if actions else ""
    return NGINX_CONF.format(
        run=run_dir, listen=listen, front=front, rasa_servers=servers(rasa_ports), actions=action_block
    )


def nginx_command(run_dir: Path) -> list[str]:
    """nginx in the foreground with the configuration `run_dir`/nginx.conf."""
    nginx = "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else "nginx"
    return [nginx, "-p", str(run_dir), "-c", str(run_dir / "nginx.conf"), "-g", "daemon off;"]


def redis_command(port: int) -> list[str]:
    """A Redis for locks only: on loopback, nothing written to disk (nothing in it must survive a restart)."""
    return ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]


def missing_tools(tools: tuple[str, ...] = ("nginx", "redis-server")) -> list[str]:
    return [t for t in tools if not shutil.which(t) and not Path(f"/usr/sbin/{t}").exists()]
