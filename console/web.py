"""The console as an aiohttp sub-application, mounted at /console/ by scripts/web_server.py.

Every route states what it needs (`@needs("permission")`, `@public`); the middleware refuses a route
that states nothing, so a new page is closed until someone decides who may see it. In order, for each
request: session from the cookie (none: the login page, or 401 for the API), CSRF token on every
request that changes something, then the role's permission. Pages are rendered by Jinja2 with
autoescaping on: patient text is always text, never markup. Responses carry a Content-Security-Policy
that allows scripts from this server only (no inline script, so an injected one would not run either).
"""

from __future__ import annotations

import asyncio
import functools
import json
import secrets
import time
from collections.abc import Awaitable, Callable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

import jinja2
from aiohttp import web

from console import analytics, audit, auth, data_rights
from console.config import ROOT, ConsoleConfig
from console.reviewed_data import ReviewedData
from console.store import Store

PREFIX = "/console"
HERE = Path(__file__).resolve().parent
STATIC = {
    "console.css": HERE / "static" / "console.css",
    "console.js": HERE / "static" / "console.js",
    "content.js": HERE / "static" / "content.js",  # the content editor's live checks (content_editor.py)
    "content.css": HERE / "static" / "content.css",
    "inbox.js": HERE / "static" / "inbox.js",  # the staff inbox's polling (handoff_pages.py)
    # Chart.js from npm (web/package.json, installed by `make web`), served by us: no CDN.
    "chart.umd.min.js": ROOT / "build" / "web" / "node_modules" / "chart.js" / "dist" / "chart.umd.min.js",
}
SESSION_COOKIE = "miss_console"
LOGIN_COOKIE = "miss_console_login"  # the login form's CSRF token (double submit: cookie and form field)
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "font-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def public(handler: Handler) -> Handler:
    handler.console_permission = ""  # type: ignore[attr-defined]
    return handler


def needs(permission: str) -> Callable[[Handler], Handler]:
    """`session`: any signed-in account; otherwise a permission of auth.PERMISSIONS."""

    def mark(handler: Handler) -> Handler:
        handler.console_permission = permission  # type: ignore[attr-defined]
        return handler

    return mark


class Console:
    """What the handlers share: the store (opened on first use, so a web server whose console nobody
    opens creates no database), the event stream and the templates."""

    def __init__(self, config: ConsoleConfig, broker: Mapping[str, Any] | None, endpoints: Path | None = None) -> None:
        self.config = config
        self.stream = analytics.EventStream(broker)
        self.reviewed = ReviewedData(config.reviewed_nlu)
        # The Rasa server's endpoints file (its tracker store and broker): what a deletion on a patient's
        # request opens (data_rights.py); None: the one scripts/endpoints.py makes from the environment.
        self.endpoints = endpoints
        self.rasa_stores = data_rights.RasaStores(endpoints)  # opened on first use only
        self._store: Store | None = None
        self.templates = jinja2.Environment(
            loader=jinja2.FileSystemLoader(HERE / "templates"),
            autoescape=True,  # every {{ value }} is escaped, in every template
            undefined=jinja2.StrictUndefined,
        )
        self.templates.filters["when"] = _when
        self.templates.globals["can"] = auth.can

    @property
    def store(self) -> Store:
        if self._store is None:
            self._store = Store(self.config.database)
        return self._store


STATE = web.AppKey("console", Console)


def _when(timestamp: float | None) -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(timestamp)) if timestamp else ""


# Used by the handlers here and in review_pages.py and data_rights_pages.py.
def client_ip(request: web.Request) -> str:
    return request.remote or ""


def state(request: web.Request) -> Console:
    """What the handlers share (the store, the stream...)."""
    return request.config_dict[STATE]


def render(request: web.Request, template: str, status: int = 200, **values: Any) -> web.Response:
    session: auth.Session | None = request.get("session")
    html = (
        state(request)
        .templates.get_template(template)
        .render(
            session=session,
            csrf_token=session.csrf_token if session else "",
            path=request.path,
            **values,
        )
    )
    return web.Response(text=html, status=status, content_type="text/html")


# --- middlewares ---------------------------------------------------------------------------------------
@web.middleware
async def security_headers(request: web.Request, handler: Handler) -> web.StreamResponse:
    if not _is_console(request):  # the patient pages have their own headers (scripts/web_server.py)
        return await handler(request)
    try:
        response = await handler(request)
    except web.HTTPException as exc:
        response = exc
    response.headers.update(
        {
            "Content-Security-Policy": CSP,
            "X-Frame-Options": "DENY",
            "X-Content-Type-Options": "nosniff",
            # same-origin, not no-referrer: with no-referrer a browser sends "Origin: null" on our own form
            # posts, and the origin check below could not tell them from a forged page's.
            "Referrer-Policy": "same-origin",
            # Pages hold patient text and the audit log: never kept by the browser or a proxy.
            "Cache-Control": "no-cache" if request.path.startswith(f"{PREFIX}/static/") else "no-store",
        }
    )
    if isinstance(response, web.HTTPException):
        raise response
    return response


def _same_origin(request: web.Request) -> bool:
    """A browser's Origin (or Referer) on a state change must be this server: a second line behind the
    CSRF token and SameSite=Strict. Requests without either header (curl, tests) rely on the token."""
    origin = request.headers.get("Origin") or request.headers.get("Referer")
    if not origin or origin == "null":
        return origin != "null"
    parts = urlsplit(origin)
    # Behind a TLS-terminating proxy (MISS_CONSOLE_SECURE_COOKIES=1) this server sees http, the browser https.
    scheme = "https" if state(request).config.secure_cookies else request.scheme
    return f"{parts.scheme}://{parts.netloc}" == f"{scheme}://{request.host}"


@web.middleware
async def access_control(request: web.Request, handler: Handler) -> web.StreamResponse:
    if not _is_console(request):
        return await handler(request)
    if request.match_info.http_exception is not None:  # no such route (404) or method (405): say so
        raise request.match_info.http_exception
    permission = getattr(handler, "console_permission", None)
    if permission is None:  # fail closed: a route that says nothing about access is refused
        raise web.HTTPForbidden(text="This route declares no access rule.")
    if permission == "":
        return await handler(request)
    console = state(request)
    ip = client_ip(request)
    session = await asyncio.to_thread(
        auth.find_session, console.store, console.config, request.cookies.get(SESSION_COOKIE, ""), ip
    )
    if session is None:
        if request.path.startswith(f"{PREFIX}/api/") or request.method not in SAFE_METHODS:
            raise web.HTTPUnauthorized(
                text=json.dumps({"error": "sign in first"}),
                content_type="application/json",
            )
        target = request.path_qs if request.method == "GET" else f"{PREFIX}/"
        raise web.HTTPSeeOther(f"{PREFIX}/login?{urlencode({'next': target})}")
    request["session"] = session
    if request.method not in SAFE_METHODS:
        form = await request.post()
        given = request.headers.get("X-CSRF-Token") or form.get("csrf_token")
        if not _same_origin(request) or not auth.csrf_matches(
            session.csrf_token, given if isinstance(given, str) else None
        ):
            audit.log(console.store, "csrf_refused", session.username, role=session.role, target=request.path, ip=ip)
            return render(
                request,
                "error.html",
                status=403,
                title="Refused",
                message="This request was refused because it did not come from a console page. "
                "Reload the page and try again.",
            )
    if permission != "session" and not auth.can(session.role, permission):
        audit.log(
            console.store,
            "access_denied",
            session.username,
            role=session.role,
            target=request.path,
            detail={"needs": permission},
            ip=ip,
        )
        return render(
            request,
            "error.html",
            status=403,
            title="No access",
            message=("Your role does not give access to this page. An administrator can change your role."),
        )
    return await handler(request)


# --- login and logout ----------------------------------------------------------------------------------
def _safe_next(value: str | None) -> str:
    """Only a console path: never another site (an open redirect would make phishing links look like ours)."""
    if value and value.startswith(f"{PREFIX}/") and not value.startswith("//") and "\\" not in value:
        parts = urlsplit(value)
        if not parts.scheme and not parts.netloc:
            return value
    return f"{PREFIX}/"


def _cookie_flags(request: web.Request) -> dict[str, Any]:
    secure = state(request).config.secure_cookies or request.secure
    return {"path": f"{PREFIX}/", "httponly": True, "samesite": "Strict", "secure": secure}


def _login_page(request: web.Request, status: int = 200, error: str = "", username: str = "") -> web.Response:
    token = secrets.token_urlsafe(32)
    response = render(
        request,
        "login.html",
        status=status,
        title="Sign in",
        error=error,
        username=username,
        login_token=token,
        next=_safe_next(request.query.get("next")),
        signed_out="bye" in request.query,
    )
    response.set_cookie(LOGIN_COOKIE, token, **_cookie_flags(request))
    return response


@public
async def login_form(request: web.Request) -> web.StreamResponse:
    console = state(request)
    session = await asyncio.to_thread(
        auth.find_session, console.store, console.config, request.cookies.get(SESSION_COOKIE, ""), client_ip(request)
    )
    if session is not None:
        raise web.HTTPSeeOther(_safe_next(request.query.get("next")))
    return _login_page(request)


@public
async def login_submit(request: web.Request) -> web.StreamResponse:
    console = state(request)
    form = await request.post()
    username = str(form.get("username", ""))[:200]
    password = str(form.get("password", ""))[:1000]
    expected = request.cookies.get(LOGIN_COOKIE, "")
    if not _same_origin(request) or not expected or not auth.csrf_matches(expected, str(form.get("login_token", ""))):
        audit.log(
            console.store, "csrf_refused", auth.normalise(username)[:64], target=request.path, ip=client_ip(request)
        )
        return _login_page(request, 403, "The sign-in form had expired. Please try again.", username)
    # argon2 takes ~0.1 s of CPU on purpose: off the event loop, so other pages keep answering.
    result = await asyncio.to_thread(auth.login, console.store, console.config, username, password, client_ip(request))
    if result.locked:
        minutes = f"{console.config.lockout_minutes:g}"
        return _login_page(
            request,
            429,
            f"Too many failed sign-ins for this name. It is locked for {minutes} minutes; "
            "an administrator can unlock it.",
            username,
        )
    if result.user is None:
        return _login_page(request, 401, "The user name or password is wrong.", username)
    token, _csrf = await asyncio.to_thread(auth.start_session, console.store, result.user.username)
    response = _redirect(_safe_next(str(form.get("next", ""))))
    response.set_cookie(SESSION_COOKIE, token, **_cookie_flags(request))
    response.del_cookie(LOGIN_COOKIE, path=f"{PREFIX}/")
    return response


@needs("session")
async def logout(request: web.Request) -> web.StreamResponse:
    console = state(request)
    await asyncio.to_thread(auth.end_session, console.store, request["session"], client_ip(request))
    response = _redirect(f"{PREFIX}/login?bye=1")
    response.del_cookie(SESSION_COOKIE, path=f"{PREFIX}/")
    return response


# --- dashboard and conversations -----------------------------------------------------------------------
def _range(request: web.Request) -> tuple[analytics.DateRange, str]:
    try:
        return analytics.DateRange.parse(request.query.get("from"), request.query.get("to")), ""
    except analytics.RangeError as err:
        return analytics.DateRange.parse(None, None), str(err)


async def _figures(request: web.Request, span: analytics.DateRange) -> dict[str, Any]:
    console = state(request)
    await asyncio.to_thread(analytics.ingest, console.store, console.stream)  # catch up with the stream first
    return await asyncio.to_thread(analytics.dashboard, console.store, span)


def viewed(request: web.Request, what: str, target: str, **detail: Any) -> None:
    """An audit entry for a read by the signed-in account (a page, a conversation, an export)."""
    session: auth.Session = request["session"]
    audit.log(
        state(request).store,
        what,
        session.username,
        role=session.role,
        target=target,
        detail=detail,
        ip=client_ip(request),
    )


@needs("dashboard")
async def dashboard(request: web.Request) -> web.StreamResponse:
    span, error = _range(request)
    figures = await _figures(request, span)
    viewed(request, "page_view", "dashboard", first=figures["range"]["first"], last=figures["range"]["last"])
    return render(request, "dashboard.html", title="Dashboard", figures=figures, error=error, span=span)


@needs("dashboard")
async def dashboard_api(request: web.Request) -> web.StreamResponse:
    span, error = _range(request)
    if error:
        return web.json_response({"error": error}, status=400)
    figures = await _figures(request, span)
    viewed(request, "api_view", "dashboard", first=figures["range"]["first"], last=figures["range"]["last"])
    return web.json_response(figures)


@needs("conversations")
async def conversation_list(request: web.Request) -> web.StreamResponse:
    console = state(request)
    span, error = _range(request)
    await asyncio.to_thread(analytics.ingest, console.store, console.stream)
    rows = await asyncio.to_thread(analytics.conversations, console.store, span)
    viewed(request, "page_view", "conversations", first=span.first.isoformat(), last=span.last.isoformat())
    return render(request, "conversations.html", title="Conversations", rows=rows, span=span, error=error)


@needs("conversations")
async def conversation(request: web.Request) -> web.StreamResponse:
    sender_id = request.query.get("id", "")[:255]
    lines = await asyncio.to_thread(analytics.transcript, state(request).stream, sender_id) if sender_id else []
    viewed(request, "conversation_view", sender_id, found=bool(lines))
    status = 200 if lines else 404
    return render(request, "conversation.html", status=status, title="Conversation", sender_id=sender_id, lines=lines)


# --- audit log -----------------------------------------------------------------------------------------
PAGE_SIZE = 100


def _audit_filter(request: web.Request) -> tuple[audit.AuditFilter, str]:
    query = request.query
    error = ""
    since = until = None
    if query.get("from") or query.get("to"):
        try:
            span = analytics.DateRange.parse(query.get("from"), query.get("to"))
            since, until = span.since, span.until
        except analytics.RangeError as err:
            error = str(err)
    return audit.AuditFilter(query.get("actor", "")[:64], query.get("action", "")[:64], since, until), error


@needs("audit")
async def audit_page(request: web.Request) -> web.StreamResponse:
    store = state(request).store
    where, error = _audit_filter(request)
    try:
        page = max(1, int(request.query.get("page", "1")))
    except ValueError:
        page = 1
    viewed(request, "page_view", "audit", actor=where.actor, action=where.action, page=page)
    total = await asyncio.to_thread(audit.count, store, where)
    rows = await asyncio.to_thread(audit.entries, store, where, PAGE_SIZE, (page - 1) * PAGE_SIZE)
    query = {k: v for k, v in request.query.items() if k in ("actor", "action", "from", "to") and v}
    return render(
        request,
        "audit.html",
        title="Audit log",
        rows=rows,
        total=total,
        page=page,
        pages=max(1, -(-total // PAGE_SIZE)),
        query=query,
        query_string=urlencode(query),
        actions=await asyncio.to_thread(audit.actions, store),
        error=error,
    )


@needs("audit")
async def audit_export(request: web.Request) -> web.StreamResponse:
    store = state(request).store
    where, error = _audit_filter(request)
    if error:
        return render(request, "error.html", status=400, title="Export", message=error)
    text = await asyncio.to_thread(audit.export_csv, store, where)
    viewed(request, "audit_export", "audit", actor=where.actor, action=where.action, rows=text.count("\n") - 1)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    return web.Response(
        text=text,
        content_type="text/csv",
        headers={"Content-Disposition": f'attachment; filename="audit-{stamp}.csv"'},
    )


# --- accounts ------------------------------------------------------------------------------------------
MESSAGES = {
    "created": "Account {user} created.",
    "role": "Role of {user} changed.",
    "disabled": "Account {user} disabled; its sessions ended.",
    "enabled": "Account {user} enabled.",
    "unlocked": "Account {user} unlocked.",
    "reset": "Password of {user} set; its sessions ended.",
}


async def _users_page(request: web.Request, status: int = 200, error: str = "", notice: str = "") -> web.Response:
    store = state(request).store
    users = await asyncio.to_thread(auth.list_users, store)
    return render(
        request,
        "users.html",
        status=status,
        title="Accounts",
        users=users,
        roles=auth.ROLES,
        error=error,
        notice=notice,
    )


@needs("users")
async def users(request: web.Request) -> web.StreamResponse:
    viewed(request, "page_view", "users")
    done, user = request.query.get("done", ""), request.query.get("user", "")
    notice = MESSAGES[done].format(user=user) if done in MESSAGES else ""
    return await _users_page(request, notice=notice)


@needs("users")
async def user_change(request: web.Request) -> web.StreamResponse:
    store = state(request).store
    session: auth.Session = request["session"]
    form = await request.post()
    change = request.match_info["change"]
    name = auth.normalise(str(form.get("username", "")))
    ip = client_ip(request)
    try:
        if change == "create":
            await asyncio.to_thread(
                auth.create_user,
                store,
                name,
                str(form.get("role", "")),
                str(form.get("password", "")),
                session.username,
                ip,
            )
            done = "created"
        elif change == "role":
            await asyncio.to_thread(auth.set_role, store, name, str(form.get("role", "")), session.username, ip)
            done = "role"
        elif change in ("disable", "enable"):
            await asyncio.to_thread(auth.set_disabled, store, name, change == "disable", session.username, ip)
            done = f"{change}d"
        elif change == "unlock":
            await asyncio.to_thread(auth.unlock, store, name, session.username, ip)
            done = "unlocked"
        elif change == "password":
            await asyncio.to_thread(auth.set_password, store, name, str(form.get("password", "")), session.username, ip)
            done = "reset"
        else:
            raise web.HTTPNotFound()
    except auth.AccountError as err:
        return await _users_page(request, status=400, error=str(err))
    raise web.HTTPSeeOther(f"{PREFIX}/users?{urlencode({'done': done, 'user': name})}")


# --- static files --------------------------------------------------------------------------------------
@public
async def static(request: web.Request) -> web.StreamResponse:
    file = STATIC.get(request.match_info["name"])
    if file is None or not file.is_file():
        raise web.HTTPNotFound()
    kind = "text/css" if file.suffix == ".css" else "application/javascript"
    return web.FileResponse(file, headers={"Content-Type": kind})


def _redirect(location: str) -> web.Response:
    return web.Response(status=303, headers={"Location": location})


ROUTES: list[tuple[str, str, Handler]] = [
    ("GET", "/", dashboard),
    ("GET", "/login", login_form),
    ("POST", "/login", login_submit),
    ("POST", "/logout", logout),
    ("GET", "/api/dashboard", dashboard_api),
    ("GET", "/conversations", conversation_list),
    ("GET", "/conversation", conversation),
    ("GET", "/audit", audit_page),
    ("GET", "/audit.csv", audit_export),
    ("GET", "/users", users),
    ("POST", "/users/{change}", user_change),
    ("GET", "/static/{name}", static),
]


def install(
    app: web.Application,
    config: ConsoleConfig,
    broker: Mapping[str, Any] | None,
    endpoints: Path | None = None,
    rasa_url: str = "",
) -> None:
    """Add the console's routes (under /console/) and its middlewares to `app`, before any catch-all route
    of the app. Routes of the app itself, not a sub-application: with the pinned aiohttp 3.9 and yarl, a
    sub-application's prefix match builds request.url, which fails on a Host header with a port."""
    # The review and data-rights pages build on this module's helpers (needs, render...): imported here,
    # once this module is complete, rather than at its top (a circular import).
    from console import data_rights_pages, review_pages

    app.middlewares.extend([security_headers, access_control])
    app[STATE] = Console(config, broker, endpoints)
    for method, path, handler in [*ROUTES, *review_pages.ROUTES, *data_rights_pages.ROUTES]:
        app.router.add_route(method, PREFIX + path, handler)
    from console import content_editor  # it builds on this module's helpers

    content_editor.install(app)
    from console import handoff_pages  # the live handoff inbox; it builds on this module's helpers too

    # `rasa_url`: where the Rasa server is (the pages' --rasa-url), for the staff's replies (handoff_relay.py)
    handoff_pages.install(app, rasa_url)
    app.router.add_get(PREFIX, _to_console)


@public
async def _to_console(request: web.Request) -> web.StreamResponse:
    raise web.HTTPMovedPermanently(f"{PREFIX}/")


def make_console_app(
    config: ConsoleConfig, broker: Mapping[str, Any] | None, endpoints: Path | None = None, rasa_url: str = ""
) -> web.Application:
    """The console alone (tests); scripts/web_server.py installs it beside the patient pages."""
    app = web.Application()
    install(app, config, broker, endpoints, rasa_url)
    return app


def _is_console(request: web.Request) -> bool:
    return request.path == PREFIX or request.path.startswith(f"{PREFIX}/")


# Used by tests: every handler with its declared access rule.
def access_rules(app: web.Application) -> dict[str, str | None]:
    rules: dict[str, str | None] = {}
    for route in app.router.routes():
        handler = route.handler
        if isinstance(handler, functools.partial):
            handler = handler.func
        rules[f"{route.method} {route.resource.canonical if route.resource else ''}"] = getattr(
            handler, "console_permission", None
        )
    return rules
