"""Live handoff in Chromium: the patient's widget in one page, the staff console in another.

Asks for a person -> the inbox lists it -> staff take it and reply -> the patient reads the reply in the
same chat -> the assistant stays quiet meanwhile, but an emergency still gets the emergency reply at once
(and the inbox flags it) -> hand back -> the assistant answers again. Outside staffed hours, and when nobody
takes it in time, the patient gets the clinic's number. The kiosk's idle reset closes its open request.
Times measured into results/web-tests.json.
"""

from __future__ import annotations

import json
import sqlite3
import time

from playwright.sync_api import Page, expect

from tests.handoff.browser.conftest import ALWAYS, CONSOLE, WEB, Staffing, sign_in
from tests.web.conftest import axe_violations, record, screenshot
from tests.web.test_kiosk import ask
from tests.web.test_widget import RESPONSES, open_chat

ASK_FOR_PERSON = "can I talk to a real person please"
# A form post from the page itself (same origin, the session's cookie), with the CSRF token given or none.
POST_TAKE = """([id, token]) => fetch('/console/inbox/take', {method: 'POST',
  headers: {'Content-Type': 'application/x-www-form-urlencoded'},
  body: 'handoff_id=' + id + (token ? '&csrf_token=' + token : '')}).then(r => r.status)"""


def conversation_id(page: Page) -> str:
    return str(page.evaluate("() => JSON.parse(sessionStorage.getItem('chat_session')).session_id"))


def send(page: Page, text: str) -> int:
    """Type and send; returns how many answer bubbles there were before (no waiting for an answer)."""
    count = page.locator(RESPONSES).count()
    box = page.get_by_role("textbox", name="Your question")
    box.fill(text)
    box.press("Enter")
    return count


def bubble_with(page: Page, text: str, after: int = 0) -> float:
    """Waits for an answer bubble (after the first `after`) holding `text`; the time it appeared."""
    page.wait_for_function(
        "([s, n, t]) => Array.from(document.querySelectorAll(s)).slice(n).some(e => e.textContent.includes(t))",
        arg=[RESPONSES, after, text],
        polling=50,
    )
    return time.perf_counter()


def audit_actions(db: str, actor: str) -> list[str]:
    with sqlite3.connect(db) as conn:
        sql = "SELECT action FROM audit WHERE actor = ? AND action LIKE 'handoff_%' ORDER BY id"
        rows = conn.execute(sql, (actor,))
        return [row[0] for row in rows]


def test_staff_take_reply_emergency_and_hand_back(new_page, accounts, staffing: Staffing, console_env):
    staffing.set(ALWAYS)
    staff = new_page()
    sign_in(staff, "eve", accounts["eve"])
    staff.goto(f"{CONSOLE}/inbox")
    expect(staff.get_by_role("heading", name="Inbox")).to_be_visible()

    patient = new_page()
    open_chat(patient, WEB)
    sender = conversation_id(patient)
    before = send(patient, ASK_FOR_PERSON)
    asked = time.perf_counter()
    bubble_with(patient, "asked a member of the clinic's staff", before)

    # the inbox, already open, shows the request without a reload (it polls), with the notice
    row = staff.locator("#inbox-waiting tbody tr", has_text=sender)
    expect(row).to_have_count(1, timeout=15_000)
    in_inbox = time.perf_counter() - asked
    expect(staff.locator("#inbox-notice")).to_have_text("A patient is waiting for a person.")
    expect(row).to_contain_text("The patient asked for a person")
    expect(row).to_contain_text("socketio")
    screenshot(staff, "handoff-1-inbox-waiting")
    assert not axe_violations(staff), axe_violations(staff)

    row.get_by_role("link", name=sender).click()
    expect(staff.locator("#transcript")).to_contain_text(ASK_FOR_PERSON)
    staff.get_by_role("button", name="Take this conversation").click()
    expect(staff.get_by_role("status")).to_have_text("You have this conversation")
    bubble_with(patient, "eve from the clinic has joined this chat")

    # while a person has it the assistant is quiet: the patient's question reaches staff, unanswered, and
    # the widget does not tell the patient the (absent) answer is late
    patient.evaluate("() => { window.MissWidget.slowReplySeconds = 1; }")
    before = send(patient, "what is a dural tear?")
    expect(staff.locator("#transcript .patient").last).to_contain_text("what is a dural tear?", timeout=10_000)
    patient.wait_for_timeout(1500)  # the assistant would have answered by now (answers take ~0.1-0.5 s)
    expect(patient.locator(RESPONSES)).to_have_count(before)
    expect(patient.locator(".miss-status")).to_be_hidden()

    staff.get_by_label("Your reply to the patient").fill("Hello, I am a nurse here. A dural tear is rare; I'll explain")
    sent = time.perf_counter()
    staff.get_by_role("button", name="Send").click()
    on_screen = bubble_with(patient, "eve (clinic staff): Hello, I am a nurse here.", before) - sent
    expect(staff.get_by_role("status")).to_have_text("Sent")
    expect(staff.locator("#transcript .staff").last).to_contain_text("A dural tear is rare")
    screenshot(patient, "handoff-2-patient-sees-staff")

    # an emergency never waits for a person: the emergency reply at once, and the inbox flags it
    before = send(patient, "my calf is swollen and painful right now")
    typed = time.perf_counter()
    emergency_after = bubble_with(patient, "This could be an emergency", before) - typed
    expect(staff.locator("#emergency-flag")).to_contain_text("Emergency reply sent", timeout=10_000)
    expect(staff.locator("#emergency-flag")).to_contain_text("my calf is swollen and painful right now")
    screenshot(staff, "handoff-3-emergency-flagged")
    assert not axe_violations(staff), axe_violations(staff)

    staff.reload()  # the page's buttons as drawn now
    staff.get_by_role("button", name="Hand back to the assistant").click()
    expect(staff.get_by_role("status")).to_have_text("Handed back to the assistant")
    bubble_with(patient, "You are back with the automated assistant")
    before = send(patient, "what is a dural tear?")
    bubble_with(patient, "The dura is the covering", before)
    screenshot(patient, "handoff-4-assistant-again")

    assert audit_actions(console_env["MISS_CONSOLE_DB"], "eve") == ["handoff_take", "handoff_reply", "handoff_handback"]
    record(
        "handoff_seconds",
        {
            "request_to_inbox": round(in_inbox, 2),
            "staff_reply_to_patient_screen": round(on_screen, 2),
            "emergency_reply_during_handoff": round(emergency_after, 2),
            "inbox_poll_seconds": 2,
            "includes_widget_display_delay_ms": 250,
        },
    )


def test_a_viewer_reads_the_inbox_but_cannot_take(new_page, accounts, staffing: Staffing, console_env):
    staffing.set(ALWAYS)
    patient = new_page()
    open_chat(patient, WEB)
    before = send(patient, ASK_FOR_PERSON)
    bubble_with(patient, "asked a member of the clinic's staff", before)
    sender = conversation_id(patient)

    viewer = new_page()
    sign_in(viewer, "vic", accounts["vic"])
    viewer.goto(f"{CONSOLE}/inbox")
    viewer.locator("#inbox-waiting tbody tr", has_text=sender).get_by_role("link").click()
    expect(viewer.locator("#transcript")).to_contain_text(ASK_FOR_PERSON)
    expect(viewer.get_by_role("button", name="Take this conversation")).to_have_count(0)
    handoff_id = viewer.locator("#transcript").get_attribute("data-handoff")
    token = viewer.locator("form.signout input[name=csrf_token]").input_value()
    # the viewer's own session and CSRF token: refused by role, and logged
    status = viewer.evaluate(POST_TAKE, [handoff_id, token])
    assert status == 403
    # and without the token, even an editor is refused
    editor = new_page()
    sign_in(editor, "eve", accounts["eve"])
    editor.goto(f"{CONSOLE}/inbox/conversation?id={handoff_id}")
    status = editor.evaluate(POST_TAKE, [handoff_id, ""])
    assert status == 403
    with sqlite3.connect(console_env["MISS_CONSOLE_DB"]) as conn:
        denied = conn.execute("SELECT detail FROM audit WHERE actor = 'vic' AND action = 'access_denied'").fetchall()
        assert any(json.loads(row[0]).get("needs") == "handoff.reply" for row in denied)
    editor.get_by_role("button", name="Close (the patient gets the clinic's number)").click()
    bubble_with(patient, "eve from the clinic has closed this chat with staff")
    bubble_with(patient, "call the clinic at")


def test_outside_staffed_hours_the_patient_gets_the_clinics_number(new_page, staffing: Staffing, shared):
    staffing.set({})  # nobody on any day
    patient = new_page()
    open_chat(patient, WEB)
    before = send(patient, ASK_FOR_PERSON)
    bubble_with(patient, "To talk with a person, call the clinic at", before)
    sender = conversation_id(patient)
    with sqlite3.connect(shared["MISS_HANDOFF_STORE"]) as conn:
        assert conn.execute("SELECT count(*) FROM handoffs WHERE conversation_id = ?", (sender,)).fetchone()[0] == 0
    screenshot(patient, "handoff-5-outside-hours")


def test_nobody_takes_it_in_time(new_page, accounts, staffing: Staffing, shared):
    staffing.set(ALWAYS, pickup_timeout_seconds=10)
    staff = new_page()
    sign_in(staff, "vic", accounts["vic"])
    staff.goto(f"{CONSOLE}/inbox")
    patient = new_page()
    open_chat(patient, WEB)
    before = send(patient, ASK_FOR_PERSON)
    bubble_with(patient, "asked a member of the clinic's staff", before)
    # Rasa's reminder fires after 10 s; the clinic's number arrives in the same chat, unasked
    patient.wait_for_function(
        "([s, t]) => Array.from(document.querySelectorAll(s)).some(e => e.textContent.includes(t))",
        arg=[RESPONSES, "nobody from the clinic could join this chat"],
        timeout=30_000,
    )
    sender = conversation_id(patient)
    with sqlite3.connect(shared["MISS_HANDOFF_STORE"]) as conn:
        row = conn.execute("SELECT status, outcome FROM handoffs WHERE conversation_id = ?", (sender,)).fetchone()
    assert tuple(row) == ("closed", "timeout")
    # the open inbox moves it from waiting to ended by itself
    expect(staff.locator("#inbox-closed tbody tr", has_text=sender)).to_contain_text("timeout", timeout=10_000)
    expect(staff.locator("#inbox-waiting tbody tr", has_text=sender)).to_have_count(0)
    staffing.set(ALWAYS)


def test_declined_twice_offers_a_person_and_the_inbox_says_why(new_page, accounts, staffing: Staffing, shared):
    staffing.set(ALWAYS)
    patient = new_page()
    open_chat(patient, WEB)
    before = send(patient, "what's the weather like tomorrow?")
    bubble_with(patient, "Sorry, I can't answer that here", before)
    before = send(patient, "who won the football game last night?")
    bubble_with(patient, "Would you like a member of the clinic's staff to join this chat?", before)
    patient.locator(".rw-reply", has_text="Yes, talk to a person").click()
    bubble_with(patient, "asked a member of the clinic's staff")
    sender = conversation_id(patient)
    with sqlite3.connect(shared["MISS_HANDOFF_STORE"]) as conn:
        row = conn.execute("SELECT status, reason FROM handoffs WHERE conversation_id = ?", (sender,)).fetchone()
    assert tuple(row) == ("waiting", "declined_twice")
    staff = new_page()
    sign_in(staff, "eve", accounts["eve"])
    staff.goto(f"{CONSOLE}/inbox")
    expect(staff.locator("#inbox-waiting tbody tr", has_text=sender)).to_contain_text(
        "The assistant declined twice in a row"
    )
    staff.locator("#inbox-waiting tbody tr", has_text=sender).get_by_role("link").click()
    staff.get_by_role("button", name="Close (the patient gets the clinic's number)").click()
    bubble_with(patient, "call the clinic at")


# Records on the kiosk page whether "Are you still there?" was ever shown (the idle clock ran out meanwhile).
WATCH_WARNING = """() => { window.warned = false;
  setInterval(() => { if (!document.getElementById('idle').hidden) window.warned = true; }, 100); }"""
KIOSK_ANSWERS = "#transcript .msg-bot"


def open_kiosk(new_page, query: str) -> tuple[Page, str]:
    kiosk = new_page()
    kiosk.goto(f"{WEB}/kiosk/{query}")
    kiosk.wait_for_function("() => window.missKiosk && window.missKiosk.conversationId")
    kiosk.evaluate(WATCH_WARNING)
    return kiosk, str(kiosk.evaluate("() => missKiosk.conversationId"))


def kiosk_shows(kiosk: Page, text: str, timeout: float = 20_000) -> float:
    """Waits for an answer holding `text` on the kiosk; the time it appeared."""
    kiosk.wait_for_function(
        "([s, t]) => Array.from(document.querySelectorAll(s)).some(e => e.textContent.includes(t))",
        arg=[KIOSK_ANSWERS, text],
        polling=50,
        timeout=timeout,
    )
    return time.perf_counter()


def cleared(kiosk: Page, old: str, timeout: float = 20_000) -> float:
    """Waits until the kiosk started over (a new conversation id); the time it did."""
    kiosk.wait_for_function("(old) => missKiosk.conversationId !== old", arg=old, polling=50, timeout=timeout)
    return time.perf_counter()


def handoff_of(shared: dict[str, str], conversation: str) -> tuple:
    with sqlite3.connect(shared["MISS_HANDOFF_STORE"]) as conn:
        sql = "SELECT status, outcome, closed_by, taken_by FROM handoffs WHERE conversation_id = ?"
        return tuple(conn.execute(sql, (conversation,)).fetchone())


def test_the_kiosk_keeps_the_screen_while_a_person_is_awaited_then_clears_after_the_wait(new_page, staffing, shared):
    """A patient asks for a person at the kiosk and reads without touching: the screen is not cleared while the
    request waits (here 10 s, more than the kiosk's 4 s idle time); when nobody came, the clinic's number is
    shown, and the screen clears the idle time after it. The request ended as a timeout, not under the patient."""
    staffing.set(ALWAYS, pickup_timeout_seconds=10)
    kiosk, sender = open_kiosk(new_page, "?idle=4&warning=2")
    expect(ask(kiosk, ASK_FOR_PERSON)).to_contain_text("asked a member of the clinic's staff")
    asked = time.perf_counter()
    told = kiosk_shows(kiosk, "nobody from the clinic could join this chat", timeout=30_000)
    assert told - asked > 8  # the wait (10 s) outlasted the idle time twice over...
    assert kiosk.evaluate("() => [missKiosk.conversationId, window.warned]") == [sender, False]  # ...untouched
    screenshot(kiosk, "handoff-6-kiosk-after-the-wait")
    after_number = cleared(kiosk, sender) - told
    assert 3 <= after_number <= 6  # the idle time (4 s) from the clinic's number
    assert handoff_of(shared, sender) == ("closed", "timeout", "assistant", None)
    staffing.set(ALWAYS)
    record(
        "kiosk_handoff_seconds",
        {
            "idle_seconds": 4,
            "pickup_timeout_seconds": 10,
            "asked_to_timeout_reply": round(told - asked, 2),
            "timeout_reply_to_cleared": round(after_number, 2),
        },
    )


def test_at_the_kiosk_staff_messages_keep_the_screen_and_silence_clears_it_and_closes_the_chat(
    new_page, accounts, staffing, shared
):
    """While a member of staff has the kiosk's conversation, their messages count as a touch: the patient
    reads them without touching for longer than the idle time. When staff then say nothing for the idle time,
    the screen clears for the next patient and the chat is closed (console/kiosk_reset.py): the inbox lists it
    as ended because the kiosk started over, and staff can no longer reply."""
    staffing.set(ALWAYS)
    staff = new_page()
    sign_in(staff, "eve", accounts["eve"])
    kiosk, sender = open_kiosk(new_page, "?idle=6&warning=2")
    expect(ask(kiosk, ASK_FOR_PERSON)).to_contain_text("asked a member of the clinic's staff")
    touched = time.perf_counter()  # the patient's last touch
    staff.goto(f"{CONSOLE}/inbox")
    staff.locator("#inbox-waiting tbody tr", has_text=sender).get_by_role("link").click()
    staff.get_by_role("button", name="Take this conversation").click()
    kiosk_shows(kiosk, "eve from the clinic has joined this chat")
    for number in (1, 2, 3):
        kiosk.wait_for_timeout(3000)  # less than the idle time between two staff messages
        staff.get_by_label("Your reply to the patient").fill(f"Message {number}: I am checking (your) file")
        staff.get_by_role("button", name="Send").click()
        expect(staff.get_by_role("status")).to_have_text("Sent")
        last_message = kiosk_shows(kiosk, f"eve (clinic staff): Message {number}: I am checking (your) file")
    assert last_message - touched > 9  # well past the 6 s idle time since the patient's last touch...
    assert kiosk.evaluate("() => [missKiosk.conversationId, window.warned]") == [sender, False]  # ...kept
    screenshot(kiosk, "handoff-7-kiosk-staff-messages")

    silence = cleared(kiosk, sender) - last_message  # the patient has gone, staff say nothing more
    assert 5 <= silence <= 8
    # the kiosk's call is sent as the screen clears, without waiting for it. The open conversation page (polling)
    # reloads itself to show the closed state; leaving it before that reload lands would race with it.
    expect(staff.locator("#handoff-state")).to_contain_text("the kiosk started over", timeout=10_000)
    expect(staff.get_by_label("Your reply to the patient")).to_have_count(0)
    staff.goto(f"{CONSOLE}/inbox")
    ended = staff.locator("#inbox-closed tbody tr", has_text=sender)
    expect(ended).to_contain_text("the kiosk started over", timeout=10_000)
    assert handoff_of(shared, sender) == ("closed", "closed", "kiosk", "eve")
    ended.get_by_role("link").click()
    expect(staff.locator("#handoff-state")).to_contain_text("the kiosk started over")
    expect(staff.get_by_label("Your reply to the patient")).to_have_count(0)
    record("kiosk_staff_silence_seconds", {"idle_seconds": 6, "last_staff_message_to_cleared": round(silence, 2)})
