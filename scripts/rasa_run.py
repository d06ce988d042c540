"""`rasa run` with Rasa's HTTP API switched on only behind a token, the secrets read from the environment,
and the project's patches to Rasa installed (addons/rasa_server.py).

    python -m scripts.rasa_run [rasa run options]      # what scripts/run.sh starts
    python -m scripts.rasa_run --describe              # one line saying whether the API is on; exit 1 if misconfigured

MISS_API_TOKEN (16+ characters) -> --enable-api --auth-token; with MISS_API_JWT_SECRET as well, JWTs signed
with it (HS256) are accepted too. Without MISS_API_TOKEN the API stays off (only the channels are served),
and --enable-api given directly is refused, so the API is never open. The secrets are added to sys.argv
inside this process: they never appear on a command line, which any user of the machine can read (ps).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping

MIN_TOKEN_CHARS = 16
SECRET_OPTIONS = ("--enable-api", "--auth-token", "-t", "--jwt-secret", "--jwt-method", "--jwt-private-key")


def api_args(env: Mapping[str, str]) -> list[str]:
    """The `rasa run` options for the HTTP API; ValueError when the settings would leave it weak."""
    token, jwt_secret = env.get("MISS_API_TOKEN", "").strip(), env.get("MISS_API_JWT_SECRET", "").strip()
    if not token:
        if jwt_secret:
            raise ValueError("MISS_API_JWT_SECRET is set but MISS_API_TOKEN is not: the HTTP API needs MISS_API_TOKEN")
        return []
    if len(token) < MIN_TOKEN_CHARS:
        raise ValueError(f"MISS_API_TOKEN must be at least {MIN_TOKEN_CHARS} characters (e.g. `openssl rand -hex 24`)")
    args = ["--enable-api", "--auth-token", token]
    if jwt_secret:
        if len(jwt_secret) < 32:  # HS256 keys shorter than the hash are guessable offline from one token
            raise ValueError("MISS_API_JWT_SECRET must be at least 32 characters")
        args += ["--jwt-secret", jwt_secret, "--jwt-method", "HS256"]
    return args


def describe(env: Mapping[str, str]) -> str:
    args = api_args(env)
    if not args:
        return "HTTP API: off (set MISS_API_TOKEN to switch it on, token required)"
    return "HTTP API: on, token required" + (" (or an HS256 JWT)" if "--jwt-secret" in args else "")


def main(argv: list[str]) -> int:
    if argv[:1] == ["--describe"]:
        try:
            print(describe(os.environ))
        except ValueError as err:
            print(err, file=sys.stderr)
            return 1
        return 0
    given = [a for a in argv if a.split("=")[0] in SECRET_OPTIONS]
    if given:
        print(f"{given[0]}: set MISS_API_TOKEN / MISS_API_JWT_SECRET instead (docs/security.md)", file=sys.stderr)
        return 2
    try:
        extra = api_args(os.environ)
    except ValueError as err:
        print(err, file=sys.stderr)
        return 1
    from addons.rasa_server import main as rasa_main  # installs the project's patches to Rasa first

    rasa_main(["run", *argv, *extra])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
