"""SMS and WhatsApp through Twilio, end to end: signed webhooks in, the Twilio Messages API (stub) out."""

from __future__ import annotations

import random
import time
from urllib.parse import urlencode

import pytest

from tests.channels.conftest import (
    EMERGENCY_MESSAGE,
    PUBLIC,
    SECRETS,
    SMS_MAX_CHARS,
    TWILIO_SMS_NUMBER,
    TWILIO_WHATSAPP_NUMBER,
    domain_buttons,
    domain_text,
    flat,
    post,
    save_transcript,
    twilio_form,
    twilio_signature,
)

pytestmark = pytest.mark.live

FORM = "application/x-www-form-urlencoded"
SMS_URL = f"{PUBLIC}/webhooks/twilio/webhook"  # configured with TWILIO_SMS_WEBHOOK_URL


def phone() -> str:
    return "+1555" + "".join(random.choice("0123456789") for _ in range(7))


def text_in(
    servers, stub, sender: str, text: str, whatsapp: bool = False, signature: str = "valid"
) -> tuple[int, list[str]]:
    """Send one patient message as Twilio would; return the HTTP status and the bodies sent back."""
    to = f"whatsapp:{TWILIO_WHATSAPP_NUMBER}" if whatsapp else TWILIO_SMS_NUMBER
    path = "/webhooks/whatsapp/webhook" if whatsapp else "/webhooks/twilio/webhook"
    # WhatsApp has no configured public URL: the server checks the URL it was called at.
    url = f"http://127.0.0.1:{servers.rasa_port}{path}" if whatsapp else SMS_URL
    form = twilio_form(sender, to, text)
    headers = {"Content-Type": FORM}
    if signature == "valid":
        headers["X-Twilio-Signature"] = twilio_signature(url, form, SECRETS.twilio_token)
    elif signature == "wrong":
        headers["X-Twilio-Signature"] = twilio_signature(url, form, "not-the-auth-token")
    elif signature == "other-url":
        headers["X-Twilio-Signature"] = twilio_signature(
            f"http://127.0.0.1:{servers.rasa_port}{path}", form, SECRETS.twilio_token
        )
    before = len(stub.sent("twilio", sender))
    status, _, _ = post(f"http://127.0.0.1:{servers.rasa_port}{path}", urlencode(form).encode(), headers)
    # The webhook answers after the reply went out, so the stub already holds all of it.
    calls = stub.sent("twilio", sender)[before:]
    expected_from = f"whatsapp:{TWILIO_WHATSAPP_NUMBER}" if whatsapp else TWILIO_SMS_NUMBER
    assert all(c.body["From"] == expected_from for c in calls)
    return status, [c.body["Body"] for c in calls]


def options_of(bodies: list[str]) -> list[str]:
    return [line.split(" for ", 1)[1] for body in bodies for line in body.splitlines() if line.startswith("Reply ")]


def test_sms_conversation_numbered_options_split_and_source(servers, stub):
    patient = phone()
    transcript = []

    status, hello = text_in(servers, stub, patient, "hi")
    assert status == 200
    assert all(len(body) <= SMS_MAX_CHARS for body in hello)
    assert flat(hello).startswith(domain_text("utter_greet"))  # split, nothing lost
    # the text of each message, before the options that may share its end
    greeting = [b.split("\nReply ")[0].split("\n\nReply ")[0] for b in hello if not b.startswith("Reply ")]
    assert len(greeting) >= 2 and all(part.rstrip()[-1] in ".,;:!?" for part in greeting), (
        "split where a sentence ends or pauses, not mid-phrase"
    )
    assert options_of(hello) == [title for title, _ in domain_buttons("utter_greet")]
    assert "Reply 5 for Dural tear" in flat(hello)
    transcript += ["Patient: hi", *[f"Assistant: {b}" for b in hello]]

    _, dural = text_in(servers, stub, patient, "5")  # option 5 of the greeting: Dural tear
    assert "dura" in flat(dural).lower() and "Source: Procedure-specific Risks" in flat(dural)
    assert options_of(dural) == ["What is the dura?", "What happens next?", "Tell me more"]
    transcript += ["Patient: 5", *[f"Assistant: {b}" for b in dural]]

    _, more = text_in(servers, stub, patient, "3")  # "Tell me more"
    assert all(len(body) <= SMS_MAX_CHARS for body in more)
    answer = [b for b in more if not b.startswith("Reply ")]
    assert len(answer) >= 2, "the long answer is split over several SMS"
    assert all(part.split("\n\n")[0].rstrip().endswith((".", "?", "!")) for part in answer), (
        "each part ends at a sentence boundary"
    )
    assert "Source: Procedure-specific Risks" in answer[-1]
    assert "Reply 1 for Back to basics" in more[-1]
    transcript += ["Patient: 3", *[f"Assistant: {b}" for b in more]]
    save_transcript("sms", transcript)


def test_sms_emergency_comes_first_and_whole(servers, stub):
    patient = phone()
    text_in(servers, stub, patient, "what is a dural tear?")
    _, reply = text_in(servers, stub, patient, EMERGENCY_MESSAGE)
    emergency = domain_text("utter_emergency")
    assert len(emergency) > SMS_MAX_CHARS  # longer than an ordinary SMS here, and still not split
    assert reply[0] == emergency
    # The emergency forgets the earlier options: a "1" now must not answer an old question.
    _, after = text_in(servers, stub, patient, "1")
    assert "Source: Procedure-specific Risks" not in flat(after)


def test_numbers_pick_from_each_patients_own_options(servers, stub):
    anna, ben = phone(), phone()
    text_in(servers, stub, anna, "hi")  # 1 = How safe is it overall?
    text_in(servers, stub, ben, "what is a dural tear?")  # 1 = What is the dura?
    _, ben_1 = text_in(servers, stub, ben, "1")
    _, anna_1 = text_in(servers, stub, anna, "1")
    assert "membrane" in flat(ben_1) and "Source: Procedure-specific Risks" in flat(ben_1)
    assert "Source: Risks of minimally invasive spine surgery" in flat(anna_1)


@pytest.mark.parametrize("signature", ["missing", "wrong", "other-url"])
def test_sms_without_a_valid_signature_is_refused_and_not_answered(servers, stub, signature):
    patient = phone()
    status, sent = text_in(servers, stub, patient, "what is a dural tear?", signature=signature)
    assert status == 403
    time.sleep(0.5)
    assert sent == [] and stub.sent("twilio", patient) == []


def test_whatsapp_conversation(servers, stub):
    patient = f"whatsapp:{phone()}"
    transcript = []
    status, hello = text_in(servers, stub, patient, "hello", whatsapp=True)
    assert status == 200
    assert len(hello) == 1 and hello[0].startswith(domain_text("utter_greet"))  # 1600 characters allowed
    assert options_of(hello)[1] == "Infection"
    transcript += ["Patient: hello", *[f"Assistant: {b}" for b in hello]]

    _, infection = text_in(servers, stub, patient, "2", whatsapp=True)
    assert "infection" in infection[0].lower() and "Source: General Surgery Risks" in infection[0]
    assert options_of(infection)
    transcript += ["Patient: 2", *[f"Assistant: {b}" for b in infection]]

    _, emergency = text_in(servers, stub, patient, EMERGENCY_MESSAGE, whatsapp=True)
    assert emergency[0] == domain_text("utter_emergency")
    transcript += [f"Patient: {EMERGENCY_MESSAGE}", *[f"Assistant: {b}" for b in emergency]]
    save_transcript("whatsapp", transcript)


def test_whatsapp_with_a_wrong_signature_is_refused(servers, stub):
    patient = f"whatsapp:{phone()}"
    status, sent = text_in(servers, stub, patient, "hello", whatsapp=True, signature="wrong")
    assert status == 403 and sent == []


def test_sms_in_spanish_by_keyword_with_numbered_options_and_the_emergency(servers, stub):
    patient = phone()
    _, hola = text_in(servers, stub, patient, "Español")  # the SMS keyword: the greeting in Spanish
    assert flat(hola).startswith("¡Hola!") and all(len(body) <= SMS_MAX_CHARS for body in hola)
    options = [line for body in hola for line in body.splitlines() if line.startswith("Responda ")]
    assert options[1] == "Responda 2 para: Infección" and options[-1] == "Responda 7 para: English"
    assert "Reply " not in flat(hola)

    _, infection = text_in(servers, stub, patient, "2")
    assert "infección" in flat(infection) and "Fuente: Riesgos generales de toda cirugía" in flat(infection)
    _, more = text_in(servers, stub, patient, "¿y cómo lo evito?")  # a follow-up, in Spanish
    assert "Source:" not in flat(more) and "Fuente:" in flat(more)

    _, emergency = text_in(servers, stub, patient, "ahora tengo fiebre y sale pus de la herida")
    assert emergency[0] == domain_text("utter_emergency_es")
    save_transcript("sms-spanish", ["Patient: Español", *hola, "Patient: 2", *infection, *more, *emergency])
