"""The staff console in headless Chromium against the servers `make run` starts (tests/console/browser/conftest.py)."""

from __future__ import annotations

import csv
import io
import json
import re
import urllib.error
import urllib.request

import pytest
from playwright.sync_api import Page, expect

from scripts.local_servers import new_sender
from tests.console.browser.conftest import CONSOLE, MAX_FAILURES, sign_in
from tests.web.conftest import axe_violations, record, screenshot

SCRIPT_SENDER = 'x"><script>window.__pwned = 1</script>'
SCRIPT_MESSAGE = '<script>window.__pwned = 2</script><img src=x onerror="window.__pwned = 3"> what is a dural tear?'


def test_login_and_logout(new_page, accounts):
    page = new_page()
    page.goto(f"{CONSOLE}/")
    expect(page).to_have_url(re.compile(r"/console/login\?next="))  # never the dashboard without a login
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    screenshot(page, "console-1-login")
    sign_in(page, "vic", accounts["vic"])
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()
    expect(page.locator(".who")).to_contain_text("vic")
    cookie = next(c for c in page.context.cookies() if c["name"] == "miss_console")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict" and cookie["path"] == "/console/"
    assert cookie["expires"] == -1  # a browser-session cookie; the server ends it when idle too
    assert page.evaluate("document.cookie") == ""  # no script on the page can read it

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("status")).to_have_text("You are signed out.")
    page.goto(f"{CONSOLE}/")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()


def test_lockout_after_repeated_failed_logins(new_page, accounts):
    page = new_page()
    for attempt in range(1, MAX_FAILURES + 1):
        sign_in(page, "lou", f"wrong password {attempt}")
        alert = page.get_by_role("alert")
        if attempt < MAX_FAILURES:
            expect(alert).to_have_text("The user name or password is wrong.")
    expect(page.get_by_role("alert")).to_contain_text("locked for 15 minutes")
    sign_in(page, "lou", accounts["lou"])  # the right password, too late
    expect(page.get_by_role("alert")).to_contain_text("locked")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    screenshot(page, "console-2-locked")

    admin = new_page()
    sign_in(admin, "ada", accounts["ada"])
    admin.goto(f"{CONSOLE}/audit?actor=lou")
    actions = admin.locator("#audit tbody td:nth-child(4)").all_inner_texts()
    assert actions[:2] == ["login_refused_locked", "lockout"] and actions.count("login_failed") == MAX_FAILURES
    admin.goto(f"{CONSOLE}/users")
    expect(admin.locator("#users")).to_contain_text("locked until")
    admin.get_by_role("button", name="Unlock lou").click()
    expect(admin.get_by_role("status")).to_have_text("Account lou unlocked.")
    sign_in(page, "lou", accounts["lou"])
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()


def test_a_viewer_cannot_reach_admin_pages(new_page, accounts):
    page = new_page()
    sign_in(page, "vic", accounts["vic"])
    nav = page.get_by_role("navigation", name="Console")
    # the live handoff inbox is read by every role (docs/handoff.md)
    expect(nav.get_by_role("link")).to_have_text(["Dashboard", "Inbox", "Conversations", "Review"])
    for path in ("/users", "/audit", "/audit.csv"):
        response = page.goto(f"{CONSOLE}{path}")
        assert response is not None and response.status == 403, path
        expect(page.get_by_role("alert")).to_contain_text("Your role does not give access")
    screenshot(page, "console-3-viewer-refused")
    # the editor too: accounts and the audit log are the admin's
    editor = new_page()
    sign_in(editor, "eve", accounts["eve"])
    assert editor.goto(f"{CONSOLE}/users").status == 403


def test_a_post_without_the_csrf_token_is_refused(new_page, accounts):
    page = new_page()
    sign_in(page, "ada", accounts["ada"])
    page.goto(f"{CONSOLE}/users")
    # the form as a forged page would send it: the session cookie goes along, the token does not
    form = page.locator("form[action='/console/users/create']")
    form.locator("input[name=csrf_token]").evaluate("input => input.remove()")
    form.get_by_label("User name").fill("intruder")
    form.get_by_label("Password (at least 12").fill("a long enough password 1")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", name="Refused")).to_be_visible()
    screenshot(page, "console-4-csrf-refused")
    direct = page.request.post(f"{CONSOLE}/users/unlock", form={"username": "vic"})  # with the cookie, no token
    assert direct.status == 403
    page.goto(f"{CONSOLE}/users")
    expect(page.locator("#users")).not_to_contain_text("intruder")
    page.goto(f"{CONSOLE}/audit?action=csrf_refused")
    expect(page.locator("#audit tbody tr")).to_have_count(2)


@pytest.mark.parametrize("path", ["/", "/conversations", "/conversation?id=x", "/audit", "/audit.csv", "/users"])
def test_no_console_page_without_a_session(new_page, path):
    page = new_page()
    page.goto(f"{CONSOLE}{path}")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    assert "/console/login?next=" in page.url
    assert page.locator("main table").count() == 0


def test_no_console_api_or_change_without_a_session(new_page):
    page = new_page()
    page.goto(f"{CONSOLE}/login")
    assert page.request.get(f"{CONSOLE}/api/dashboard").status == 401
    for path in ("/users/create", "/users/role", "/logout"):
        assert page.request.post(f"{CONSOLE}{path}", form={"username": "x"}).status == 401
    # without a browser at all, with a made-up session cookie
    request = urllib.request.Request(f"{CONSOLE}/api/dashboard", headers={"Cookie": "miss_console=guess"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=5)
    assert refused.value.code == 401


def test_patient_text_holding_markup_shows_as_text_everywhere(new_page, accounts, servers):
    assert servers.say(SCRIPT_MESSAGE, sender=SCRIPT_SENDER)
    page = new_page()
    sign_in(page, "vic", accounts["vic"])
    page.goto(f"{CONSOLE}/conversations")
    link = page.get_by_role("link", name=SCRIPT_SENDER)
    expect(link).to_have_text(SCRIPT_SENDER)  # the sender id is the client's choice: shown as typed
    link.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(SCRIPT_SENDER)
    patient = page.locator(".transcript .patient .text").first
    expect(patient).to_have_text(SCRIPT_MESSAGE)
    assert page.evaluate("window.__pwned") is None
    assert page.locator("main img, main script").count() == 0
    expect(page.locator(".transcript .assistant").first).to_contain_text("The dura is the covering")
    screenshot(page, "console-5-conversation-markup-as-text")

    admin = new_page()
    sign_in(admin, "ada", accounts["ada"])
    admin.goto(f"{CONSOLE}/audit?action=conversation_view")
    expect(admin.locator("#audit tbody tr").first.locator("td").nth(4)).to_have_text(SCRIPT_SENDER)
    assert admin.evaluate("window.__pwned") is None


def _totals(page: Page) -> dict[str, int]:
    """The dashboard's figures as the page carries them (the test servers' database outlives a run, so
    the test compares before and after)."""
    page.goto(f"{CONSOLE}/")
    figures = json.loads(page.locator("#figures").text_content() or "{}")
    topics = {f"topic:{row['topic']}": row["questions"] for row in figures["topics"]}
    return (
        {k: v for k, v in figures["totals"].items() if isinstance(v, int)}
        | topics
        | {
            "rest": sum(day["by_channel"].get("rest", 0) for day in figures["messages_per_day"]),
            "answered": sum(topics.values()),
        }
    )


def test_the_dashboard_counts_messages_sent_to_the_running_assistant(new_page, accounts, servers):
    page = new_page()
    sign_in(page, "vic", accounts["vic"])
    before = _totals(page)
    sender = new_sender()
    # (the question the content does not answer comes before the emergency: right after the emergency reply,
    # any question gets the advice again, actions/emergency_follow_up.py)
    for text in (
        "what is a dural tear?",
        "how do I lower my risk of infection?",
        "what's the best pizza in town?",
        "my calf is swollen and painful right now",
        "can I talk to a real person?",
    ):
        assert servers.say(text, sender=sender)
    after = _totals(page)
    assert after["messages"] - before["messages"] == 5
    assert after["rest"] - before["rest"] == 5
    assert after["conversations"] - before["conversations"] == 1
    assert after["emergencies"] - before["emergencies"] == 1
    assert after["out_of_scope"] - before["out_of_scope"] == 1
    assert after["handoffs"] - before["handoffs"] == 1
    assert after["answered"] - before["answered"] == 2  # the two questions the content answers
    assert after["topic:dural_tear"] - before.get("topic:dural_tear", 0) == 1
    expect(page.locator("#total-messages")).to_have_text(str(after["messages"]))
    expect(page.locator("#table-topics tbody")).to_contain_text("Dural tear")
    for chart in ("chart-messages", "chart-topics", "chart-latency"):  # drawn by Chart.js from our server
        assert page.evaluate(f"Chart.getChart(document.getElementById('{chart}')) !== undefined"), chart
    expect(page.locator("#total-latency")).to_contain_text("ms")
    screenshot(page, "console-6-dashboard")

    api = page.request.get(f"{CONSOLE}/api/dashboard")
    assert api.status == 200 and api.json()["totals"]["messages"] == after["messages"]
    page.goto(f"{CONSOLE}/conversations")
    row = page.locator("#conversations tbody tr", has=page.get_by_role("link", name=sender))
    expect(row.locator("td").nth(3)).to_have_text("5")  # messages
    expect(row.locator("td").nth(4)).to_have_text("1")  # emergency replies


def test_admins_read_and_export_the_audit_log(new_page, accounts):
    viewer = new_page()
    sign_in(viewer, "vic", accounts["vic"])
    viewer.goto(f"{CONSOLE}/conversation?id=audit-check")
    page = new_page()
    sign_in(page, "ada", accounts["ada"])
    page.goto(f"{CONSOLE}/audit?actor=vic")
    rows = page.locator("#audit tbody tr")
    expect(rows.first.locator("td").nth(3)).to_have_text("conversation_view")
    expect(rows.first.locator("td").nth(4)).to_have_text("audit-check")
    screenshot(page, "console-7-audit-log")
    with page.expect_download() as download:
        page.get_by_role("link", name="Export these entries as CSV").click()
    exported = list(csv.DictReader(io.StringIO(download.value.path().read_text(encoding="utf-8"))))
    assert {"login", "conversation_view"} <= {row["action"] for row in exported}
    assert all(row["actor"] == "vic" for row in exported)
    page.goto(f"{CONSOLE}/audit?action=audit_export")
    expect(rows.first.locator("td").nth(1)).to_have_text("ada")


def test_accessibility_of_every_page(new_page, accounts, servers):
    servers.say("what is a blood clot?", sender="axe-check")
    page = new_page()
    page.goto(f"{CONSOLE}/login")
    results = {"login": axe_violations(page)}
    sign_in(page, "ada", accounts["ada"])
    for name, path in (
        ("dashboard", "/"),
        ("conversations", "/conversations"),
        ("conversation", "/conversation?id=axe-check"),
        ("audit", "/audit"),
        ("users", "/users"),
    ):
        page.goto(f"{CONSOLE}{path}")
        page.locator("details").evaluate_all("all => all.forEach(d => d.open = true)")  # tables checked too
        results[name] = axe_violations(page)
    screenshot(page, "console-8-accounts")
    record("axe_console", {"serious_or_critical": results})
    assert {name: found for name, found in results.items() if found} == {}
