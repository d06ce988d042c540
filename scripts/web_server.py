"""The small static server for the web front ends (started by scripts/run.sh, and by tests/web/).

    python -m scripts.web_server --port 8080 --rasa-url http://localhost:5005 [--endpoints .run/endpoints-5005.yml]

Serves, from this machine only (no CDN, nothing from third parties):
  /            the demo clinic page with the chat widget (web/site/index.html)
  /kiosk/      the front-desk kiosk (web/kiosk/); POST /kiosk/start-over closes its open handoff
               (console/kiosk_reset.py)
  /console/    the clinic's staff console, behind a login (console/, docs/console.md); it reads the event
               broker named in --endpoints (the file the Rasa server was started with): scaled out, a
               PostgreSQL database, whose ${MISS_DB_PASSWORD} must be set here too
  /widget/     the widget's add-on CSS/JS (web/widget/) and rasa-webchat's standalone bundle
  /vendor/     socket.io-client's browser build
  /runtime.js  where the Rasa server is, and the kiosk's own words in Spanish (content/es/web.yml), for the kiosk
The npm files come from build/web/node_modules (`make web` installs them from web/package-lock.json).
"""

from __future__ import annotations

import argparse
import json
import mimetypes
import os
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml
from aiohttp import web

from console.config import ConfigError, ConsoleConfig
from console.kiosk_reset import install as install_kiosk_reset
from console.web import STATIC as CONSOLE_STATIC
from console.web import install as install_console
from scripts.endpoints import effective as effective_endpoints

ROOT = Path(__file__).resolve().parents[1]
WEB = ROOT / "web"
NODE_MODULES = ROOT / "build" / "web" / "node_modules"
# The npm files the pages use, under the public names the pages ask for.
VENDOR: dict[str, Path] = {
    "/widget/rasa-webchat.js": NODE_MODULES / "rasa-webchat" / "lib" / "index.js",
    "/vendor/socket.io.min.js": NODE_MODULES / "socket.io-client" / "dist" / "socket.io.min.js",
}
# rasa-webchat's CSS imports the Inter font from Google Fonts (a third-party request from every page
# that shows the widget, and a broken link here, where only package registries are reachable): it is
# cut out when the bundle is served, and the widget uses the page's own sans-serif font instead.
FONT_IMPORT = b"@import url(https://fonts.googleapis.com/css?family=Inter:400,500,700&display=swap);"
# Folders served as they are; anything else (package.json, Python files) is not served.
FOLDERS = {"/kiosk/": WEB / "kiosk", "/widget/": WEB / "widget", "/site/": WEB / "site"}
SERVED_TYPES = {".html", ".css", ".js", ".svg", ".png", ".ico"}


def content_security_policy(rasa_url: str) -> str:
    """Only this server and the Rasa server: a page that tried to load anything else would fail loudly.

    'unsafe-inline' scripts only because the clinic snippet is an inline <script> (the kiosk has none);
    rasa-webchat injects its CSS as <style> elements, hence inline styles.
    """
    parts = urlsplit(rasa_url)
    socket = f"{'wss' if parts.scheme == 'https' else 'ws'}://{parts.netloc}"
    return (
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
        f"img-src 'self' data:; font-src 'self' data:; connect-src 'self' {rasa_url} {socket}; "
        "frame-ancestors 'self'; base-uri 'none'; form-action 'self'"
    )


def resolve(path: str) -> Path | None:
    """The file a URL path names, or None (also for anything trying to climb out of its folder)."""
    if path in VENDOR:
        return VENDOR[path]
    if path == "/":
        return WEB / "site" / "index.html"
    for prefix, folder in FOLDERS.items():
        if path.startswith(prefix):
            relative = path[len(prefix) :] or "index.html"
            candidate = (folder / relative).resolve()
            if folder.resolve() in candidate.parents and candidate.suffix in SERVED_TYPES:
                return candidate
    return None


def local_only_bundle(path: Path) -> bytes:
    """rasa-webchat's bundle without its Google Fonts imports (checked: fails if none were found)."""
    bundle = path.read_bytes()
    if FONT_IMPORT not in bundle:
        raise SystemExit(f"{path}: the Google Fonts import to remove was not found (not rasa-webchat 1.0.1?)")
    return bundle.replace(FONT_IMPORT, b"")


SPANISH_WEB_WORDS = ROOT / "content" / "es" / "web.yml"


def spanish_web_words(path: Path = SPANISH_WEB_WORDS) -> dict[str, str]:
    """The Spanish of the web front ends' own words by key (content/es/web.yml; its schema and the content
    tests check it): the kiosk shows them when the patient picks Español (web/kiosk/language.js)."""
    phrases = yaml.safe_load(path.read_text(encoding="utf-8"))["phrases"]
    return {key: str(phrase["es"]) for key, phrase in phrases.items()}


def make_app(
    rasa_url: str,
    console: ConsoleConfig | None = None,
    broker: dict[str, Any] | None = None,
    endpoints: Path | None = None,
) -> web.Application:
    """`console`: mount the staff console at /console/ (reading the event broker `broker`; deleting a
    conversation from the stores of the endpoints file `endpoints`, None: the environment's)."""
    rasa_url = rasa_url.rstrip("/")
    runtime = f"window.MISS_RUNTIME = {json.dumps({'rasaUrl': rasa_url, 'strings': {'es': spanish_web_words()}})};\n"
    csp = content_security_policy(rasa_url)
    webchat = local_only_bundle(VENDOR["/widget/rasa-webchat.js"])

    async def handle(request: web.Request) -> web.StreamResponse:
        if request.path == "/kiosk":
            raise web.HTTPMovedPermanently("/kiosk/")
        if request.path == "/runtime.js":
            return web.Response(
                text=runtime, content_type="application/javascript", headers={"Cache-Control": "no-store"}
            )
        headers = {
            "Content-Security-Policy": csp,
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer",
            "Cache-Control": "no-cache",
        }
        if request.path == "/widget/rasa-webchat.js":
            return web.Response(body=webchat, content_type="application/javascript", headers=headers)
        file = resolve(request.path)
        if file is None or not file.is_file():
            raise web.HTTPNotFound()
        if file.suffix == ".html":
            # The demo page carries the clinic snippet of docs/web.md; only the addresses differ.
            html = file.read_text(encoding="utf-8").replace("__RASA_URL__", rasa_url).replace("__WIDGET_BASE__", "")
            return web.Response(text=html, content_type="text/html", headers=headers)
        kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        return web.FileResponse(file, headers={**headers, "Content-Type": kind})

    app = web.Application()
    if console is not None:  # before the catch-all below, which would answer /console/... with a 404
        install_console(app, console, broker, endpoints, rasa_url)
        install_kiosk_reset(app)  # the kiosk's Start over closes its open handoff, in the console's store
    app.router.add_get("/{tail:.*}", handle)
    return app


def event_broker(endpoints: Path | None) -> dict[str, Any] | None:
    """The `event_broker` section of the endpoints file the Rasa server uses (default: the one
    scripts/endpoints.py makes from this environment, as scripts/run.sh does)."""
    config = yaml.safe_load(endpoints.read_text()) if endpoints else effective_endpoints(os.environ)
    broker = (config or {}).get("event_broker")
    return dict(broker) if broker else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--host", default="localhost")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--rasa-url", default="http://localhost:5005", help="where browsers reach Rasa")
    parser.add_argument(
        "--endpoints",
        type=Path,
        default=None,
        help="the Rasa server's endpoints file (its event broker and tracker store)",
    )
    args = parser.parse_args()
    missing = [str(p) for p in [*VENDOR.values(), *CONSOLE_STATIC.values()] if not p.is_file()]
    if missing:
        raise SystemExit(f"missing {', '.join(missing)}: run `make web` first")
    try:
        console = ConsoleConfig.from_env()
    except ConfigError as err:
        raise SystemExit(f"console: {err}") from None
    try:
        app = make_app(args.rasa_url, console, event_broker(args.endpoints), args.endpoints)
    except ValueError as err:  # e.g. the stream on PostgreSQL without MISS_DB_PASSWORD in this environment
        raise SystemExit(f"console: {err}") from None
    web.run_app(app, host=args.host, port=args.port, print=None, access_log=None)


if __name__ == "__main__":
    main()
