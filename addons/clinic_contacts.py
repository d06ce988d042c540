"""The clinic's contact numbers as the Rasa server knows them, and the "having trouble" reply that gives them.

The numbers are set in domain.yml, as the initial values of the slots `clinic_phone` and `emergency_number`;
the server reads them from its loaded model's domain, so no tracker is needed and a reply can be made even
when handling the message failed. Numbers approved in the staff console since (addons/approved_replies.py)
take their place. Every channel that answers for a failed turn
(REST, the messaging platforms, the web pages' socket.io) and the rate limit's 429 take them from here.
"""

from __future__ import annotations

from sanic import Sanic

from addons.approved_replies import approved_replies

# Said only while no model is loaded, or if a domain leaves a slot without a value: words that still
# point the patient somewhere rather than an empty placeholder.
FALLBACK_NUMBERS = {"clinic_phone": "the clinic", "emergency_number": "911"}

TROUBLE_TEXT = (
    "Sorry, I'm having trouble answering right now. Please try again in a moment, or call the clinic "
    "at {clinic_phone}. If you think this is an emergency, call {emergency_number} now."
)


def contact_numbers(app: Sanic | None) -> dict[str, str]:
    """The clinic contacts of the Rasa server running as `app` (its agent's domain); the fallbacks without one."""
    numbers = dict(FALLBACK_NUMBERS)
    agent = getattr(getattr(app, "ctx", None), "agent", None)
    domain = getattr(agent, "domain", None)
    for slot in getattr(domain, "slots", None) or []:
        if slot.name in numbers and slot.initial_value:
            numbers[slot.name] = str(slot.initial_value)
    approved = approved_replies().contacts()  # edited and approved in the staff console since the training
    if approved:
        numbers.update({name: approved[name] for name in numbers if approved.get(name)})
    return numbers


def trouble_text(app: Sanic | None) -> str:
    """What a patient reads when their message got no reply (e.g. the action server is down)."""
    return TROUBLE_TEXT.format(**contact_numbers(app))
