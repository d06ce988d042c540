"""The console's HTTP behaviour in process (aiohttp's test server, the real database and hashes): what
needs a session, a role, a CSRF token; headers and cookies. The browser suite (tests/console/browser/)
checks the same through Chromium against the servers `make run` starts."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from console import auth
from console.config import ConsoleConfig
from console.store import Store
from console.web import make_console_app
from tests.console_app import audit_actions, csrf_of, new_password, run_console, sign_in

PAGES = ["/console/", "/console/conversations", "/console/conversation?id=x", "/console/audit", "/console/audit.csv",
         "/console/users"]  # fmt: skip
ADMIN_ONLY = ["/console/audit", "/console/audit.csv", "/console/users"]


def run(config: ConsoleConfig, scenario: Callable[[TestClient], Awaitable[Any]]) -> Any:
    return run_console(config, scenario)


@pytest.fixture
def accounts(store: Store) -> dict[str, str]:
    passwords = {"admin1": new_password(), "viewer1": new_password()}
    auth.create_user(store, "admin1", "admin", passwords["admin1"], actor="test")
    auth.create_user(store, "viewer1", "viewer", passwords["viewer1"], actor="test")
    return passwords


def test_every_route_states_who_may_use_it_and_only_login_and_static_files_are_public(config):
    from console.web import access_rules

    rules = access_rules(make_console_app(config, None))
    assert None not in rules.values(), rules
    public = sorted(route for route, rule in rules.items() if rule == "")
    assert public == ["GET /console", "GET /console/login", "GET /console/static/{name}", "HEAD /console",
                      "POST /console/login"]  # fmt: skip


def test_without_a_session_pages_lead_to_the_login_and_the_api_and_changes_get_401(config, accounts):
    async def scenario(client: TestClient) -> None:
        for page in PAGES:
            response = await client.get(page, allow_redirects=False)
            assert response.status == 303, page
            assert response.headers["Location"].startswith("/console/login?next="), page
        response = await client.get("/console/api/dashboard")
        assert response.status == 401 and (await response.json()) == {"error": "sign in first"}
        for path in ("/console/users/create", "/console/logout"):
            assert (await client.post(path, data={"username": "x"})).status == 401
        forged = client.session.cookie_jar
        forged.update_cookies({"miss_console": "not-a-session"})
        assert (await client.get("/console/api/dashboard")).status == 401

    run(config, scenario)


def test_login_sets_a_strict_httponly_cookie_and_returns_to_the_page_asked_for(config, accounts):
    async def scenario(client: TestClient) -> None:
        response = await sign_in(client, "viewer1", accounts["viewer1"], "/console/conversations")
        assert response.status == 303 and response.headers["Location"] == "/console/conversations"
        cookie = response.cookies["miss_console"]
        assert cookie["httponly"] and cookie["samesite"] == "Strict" and cookie["path"] == "/console/"
        assert not cookie["secure"]  # plain http here; see the next test
        page = await client.get("/console/")
        assert page.status == 200 and "viewer1" in await page.text()
        assert page.headers["Cache-Control"] == "no-store"
        assert "script-src 'self'" in page.headers["Content-Security-Policy"]
        assert page.headers["X-Frame-Options"] == "DENY"

    run(config, scenario)


def test_cookies_are_secure_when_served_over_https(config, accounts):
    import dataclasses

    async def scenario(client: TestClient) -> None:
        form = await client.get("/console/login")
        login_cookie = form.cookies["miss_console_login"]
        assert login_cookie["secure"] and login_cookie["httponly"]
        # A browser would not send a Secure cookie back over plain http; this test server is http: by hand.
        response = await client.post(
            "/console/login",
            data={"username": "viewer1", "password": accounts["viewer1"], "login_token": login_cookie.value},
            headers={"Cookie": f"miss_console_login={login_cookie.value}"},
            allow_redirects=False,
        )
        assert response.status == 303 and response.cookies["miss_console"]["secure"]

    run(dataclasses.replace(config, secure_cookies=True), scenario)


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/console/", "/elsewhere", "/console/\\x"])
def test_the_page_after_login_is_never_another_site(config, accounts, target):
    async def scenario(client: TestClient) -> None:
        response = await sign_in(client, "viewer1", accounts["viewer1"], target)
        assert response.headers["Location"] == "/console/"

    run(config, scenario)


def test_a_login_without_its_form_token_is_refused(config, accounts):
    async def scenario(client: TestClient) -> None:
        response = await client.post(
            "/console/login", data={"username": "viewer1", "password": accounts["viewer1"]}, allow_redirects=False
        )
        assert response.status == 403 and "miss_console" not in response.cookies

    run(config, scenario)
    assert audit_actions(Store(config.database))[-1] == "csrf_refused"


def test_a_viewer_gets_403_on_admin_pages_and_each_refusal_is_logged(config, accounts):
    async def scenario(client: TestClient) -> None:
        await sign_in(client, "viewer1", accounts["viewer1"])
        dashboard = await (await client.get("/console/")).text()
        assert "/console/users" not in dashboard and "/console/audit" not in dashboard  # no links either
        for page in ADMIN_ONLY:
            response = await client.get(page)
            assert response.status == 403, page
            assert "Your role does not give access" in await response.text()
        token = csrf_of(dashboard)
        response = await client.post(
            "/console/users/create",
            data={"csrf_token": token, "username": "mallory", "role": "admin", "password": new_password()},
        )
        assert response.status == 403

    run(config, scenario)
    store = Store(config.database)
    assert audit_actions(store).count("access_denied") == 4
    assert [u["username"] for u in auth.list_users(store)] == ["admin1", "viewer1"]


def test_a_change_without_the_csrf_token_or_from_another_origin_is_refused(config, accounts):
    async def scenario(client: TestClient) -> None:
        await sign_in(client, "admin1", accounts["admin1"])
        token = csrf_of(await (await client.get("/console/users")).text())
        form = {"username": "newbie", "role": "viewer", "password": new_password()}
        assert (await client.post("/console/users/create", data=form)).status == 403
        assert (await client.post("/console/users/create", data={**form, "csrf_token": token + "x"})).status == 403
        other = await client.post(
            "/console/users/create", data={**form, "csrf_token": token}, headers={"Origin": "https://evil.example"}
        )
        assert other.status == 403
        created = await client.post("/console/users/create", data={**form, "csrf_token": token}, allow_redirects=False)
        assert created.status == 303 and created.headers["Location"] == "/console/users?done=created&user=newbie"

    run(config, scenario)
    actions = audit_actions(Store(config.database))
    assert actions.count("csrf_refused") == 3 and actions[-1] == "user_created"


def test_logout_ends_the_session_on_the_server(config, accounts):
    async def scenario(client: TestClient) -> None:
        await sign_in(client, "viewer1", accounts["viewer1"])
        cookie = client.session.cookie_jar.filter_cookies(client.make_url("/console/"))["miss_console"].value
        token = csrf_of(await (await client.get("/console/")).text())
        response = await client.post("/console/logout", data={"csrf_token": token}, allow_redirects=False)
        assert response.headers["Location"] == "/console/login?bye=1"
        client.session.cookie_jar.update_cookies({"miss_console": cookie})  # the old cookie, replayed
        assert (await client.get("/console/api/dashboard")).status == 401

    run(config, scenario)
    assert "logout" in audit_actions(Store(config.database))


def test_lockout_through_the_login_form(config, accounts):
    async def scenario(client: TestClient) -> None:
        statuses = [(await sign_in(client, "viewer1", "wrong-" + new_password())).status for _ in range(3)]
        assert statuses == [401, 401, 429]
        response = await sign_in(client, "viewer1", accounts["viewer1"])
        assert response.status == 429 and "locked" in await response.text()

    run(config, scenario)


def test_admins_manage_accounts_and_read_and_export_the_audit_log(config, accounts):
    async def scenario(client: TestClient) -> None:
        await sign_in(client, "admin1", accounts["admin1"])
        token = csrf_of(await (await client.get("/console/users")).text())
        bad = await client.post(
            "/console/users/create", data={"csrf_token": token, "username": "x y", "role": "viewer", "password": "p"}
        )
        assert bad.status == 400 and "2 to 64" in await bad.text()
        await client.post("/console/users/role", data={"csrf_token": token, "username": "viewer1", "role": "editor"})
        await client.post("/console/users/disable", data={"csrf_token": token, "username": "viewer1"})
        page = await (await client.get("/console/audit?action=user_role_changed")).text()
        assert "user_role_changed" in page and "viewer1" in page
        export = await client.get("/console/audit.csv")
        assert export.status == 200 and export.headers["Content-Disposition"].startswith("attachment")
        text = await export.text()
        assert "user_disabled" in text and "page_view" in text

    run(config, scenario)
    users = {u["username"]: u for u in auth.list_users(Store(config.database))}
    assert users["viewer1"]["role"] == "editor" and users["viewer1"]["disabled"]
    assert audit_actions(Store(config.database))[-1] == "audit_export"


def test_only_the_listed_static_files_are_served_and_unknown_paths_are_404(config):
    async def scenario(client: TestClient) -> None:
        assert (await client.get("/console/static/console.css")).status == 200
        for path in (
            "/console/static/../store.py",
            "/console/static/..%2Fstore.py",
            "/console/static/store.py",
            "/console/static/console.css/../../config.py",
            "/console/nothing-here",
        ):
            response = await client.get(path)
            assert response.status == 404, path
            assert "import" not in await response.text()
        assert (await client.request("TRACE", "/console/")).status == 405

    run(config, scenario)
