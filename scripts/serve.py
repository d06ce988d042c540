"""What `make run` starts (through scripts/run.sh, which sets the defaults): the action server, the Rasa
server(s) with the REST channel, the channels that environment variables switch on and the HTTP API only
behind $MISS_API_TOKEN, and the static web server; Ctrl-C (or SIGTERM) stops them all.

    python -m scripts.serve --rasa-port 5005 --action-port 5055 --log-dir .run \\
        --web-host localhost --web-port 8080 --web-rasa-url http://localhost:5005

The Rasa servers are scripts/local_servers.Servers, the very set-up that `make bench` measures: on a
machine of two or more cores with nginx and redis-server installed, two Rasa servers behind nginx on
--rasa-port (one Rasa server keeps one core busy at most); else one. $MISS_RASA_REPLICAS chooses.
Storage comes from the MISS_* variables (scripts/endpoints.py), default SQLite in --log-dir.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from scripts import processes, rasa_run
from scripts.local_servers import MODEL, Servers, default_replicas
from scripts.processes import ROOT, http_ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=MODEL)
    parser.add_argument("--rasa-port", type=int, default=5005)
    parser.add_argument("--rasa-host", default="0.0.0.0", help="where the REST channel and socket.io listen")
    parser.add_argument("--action-port", type=int, default=5055)
    parser.add_argument("--log-dir", type=Path, default=ROOT / ".run")
    parser.add_argument("--web-host", default="localhost")
    parser.add_argument("--web-port", type=int, default=8080)
    parser.add_argument("--web-rasa-url", default=None, help="where browsers reach Rasa")
    args = parser.parse_args(argv)
    env = os.environ
    origins = env.get("MISS_WEB_ORIGINS", "").replace(",", " ").split()
    try:  # a weak API token, a bad MISS_* value or a half-configured channel stops here, before anything starts
        api = rasa_run.describe(env)
        replicas = default_replicas(env)
        servers = Servers(
            args.rasa_port,
            args.action_port,
            args.log_dir,
            channel_env=dict(env),  # the channels whose variables are set (docs/channels.md)
            web_origins=origins,
            api_token=env.get("MISS_API_TOKEN") or None,
            api_jwt_secret=env.get("MISS_API_JWT_SECRET") or None,
            replicas=replicas,
            storage_env=env,
            interface=args.rasa_host,
            model=args.model,
        )
    except ValueError as err:
        print(err, file=sys.stderr)
        return 1
    web_rasa_url = args.web_rasa_url or f"http://localhost:{args.rasa_port}"
    web_log = args.log_dir / f"web-{args.web_port}.log"
    web: list[subprocess.Popen] = []

    def start() -> None:
        print(
            f"Starting {replicas} Rasa server{'s' if replicas > 1 else ''} (about a minute)... logs in {args.log_dir}/"
        )
        servers.launch()
        web.append(
            processes.spawn(
                [
                    sys.executable,
                    "-m",
                    "scripts.web_server",
                    "--host",
                    args.web_host,
                    "--port",
                    str(args.web_port),
                    "--rasa-url",
                    web_rasa_url,
                    # the staff console reads the event stream the Rasa servers write (endpoints.yml's broker)
                    "--endpoints",
                    str(servers.endpoints),
                ],
                web_log,
            )
        )
        servers.wait_until_ready()
        processes.wait_until(
            lambda: http_ok(f"http://{args.web_host}:{args.web_port}/runtime.js"), f"web server ({web_log})", 60, web
        )
        ports = ", ".join(f":{port}" for port in servers.replica_ports)
        front = (
            f"nginx on :{args.rasa_port} in front of {replicas} Rasa servers ({ports})"
            if replicas > 1
            else f"one Rasa server on :{args.rasa_port}"
            + ("" if (os.cpu_count() or 1) < 2 else " (with nginx and redis-server installed, two: both cores)")
        )
        print(
            f"""
The assistant is ready.
  REST channel: POST http://localhost:{args.rasa_port}/webhooks/rest/webhook
  Website widget (demo clinic page): http://{args.web_host}:{args.web_port}/
  Front-desk kiosk:                  http://{args.web_host}:{args.web_port}/kiosk/
  Staff console (login):             http://{args.web_host}:{args.web_port}/console/  (docs/console.md)
  socket.io for pages from:          {" ".join(origins) or "none"}
  Messaging channels: {", ".join(servers.channels) or "none switched on"} (see docs/channels.md)
  {servers.storage}
  {api}
  Servers: {front}, actions on :{args.action_port}
  try:  curl -s -XPOST localhost:{args.rasa_port}/webhooks/rest/webhook \\
          -d '{{"sender":"me","message":"what is a dural tear?"}}'
  Ctrl-C stops the servers.""",
            flush=True,
        )

    return processes.serve(
        start,
        lambda: [*servers.all_processes, *web],
        lambda: processes.stop([*servers.all_processes, *web]),
        f"{args.log_dir}/",
    )


if __name__ == "__main__":
    sys.exit(main())
