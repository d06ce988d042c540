"""The cached action-response validator accepts and rejects exactly what Rasa's own check does."""

from __future__ import annotations

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from rasa.utils.endpoints import EndpointConfig

import addons  # noqa: F401  (applies the speed-up)

ACTION = RemoteAction("action_answer_question", EndpointConfig("http://localhost:1"))


def test_a_valid_response_passes():
    result = {
        "events": [{"event": "slot", "name": "topic_in_focus", "value": "dural_tear"}],
        "responses": [{"text": "hi"}],
    }
    assert ACTION._validate_action_result(result)


@pytest.mark.parametrize("result", [{"events": "nope"}, {"responses": [1]}, {"events": [{"event": "no_such_event"}]}])
def test_an_invalid_response_is_still_rejected(result):
    with pytest.raises(ValidationError):
        ACTION._validate_action_result(result)
