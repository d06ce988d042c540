"""The cached action-response validator (addons/speedups.py), as the Rasa server gets it from
addons.rasa_server.install_rasa_patches: the schema is checked once instead of on every custom-action call,
and the same responses pass and fail as with Rasa's own check. Without the patch Rasa re-checks the schema
on every call and the first test fails."""

from __future__ import annotations

from typing import Any

import pytest
from jsonschema import ValidationError, validators
from rasa.core.actions.action import RemoteAction
from rasa.utils.endpoints import EndpointConfig

from addons.rasa_server import install_rasa_patches

ACTION = RemoteAction("action_answer_question", EndpointConfig("http://localhost:1"))
VALID = {
    "events": [{"event": "slot", "name": "topic_in_focus", "value": "dural_tear"}],
    "responses": [{"text": "hi"}],
}


@pytest.fixture(scope="module", autouse=True)
def patched() -> None:
    install_rasa_patches()


def test_the_schema_is_not_checked_again_on_each_call(monkeypatch: pytest.MonkeyPatch) -> None:
    validator_class = validators.validator_for(RemoteAction.action_response_format_spec())
    check_schema = validator_class.check_schema
    checks: list[Any] = []

    def counting_check(schema: Any, *args: Any, **kwargs: Any) -> None:
        checks.append(schema)
        check_schema(schema, *args, **kwargs)

    monkeypatch.setattr(validator_class, "check_schema", counting_check)
    for _ in range(3):
        assert ACTION._validate_action_result(VALID)
    assert checks == [], "the action-response schema was checked again: the speed-up is not installed"


def test_a_valid_response_passes() -> None:
    assert ACTION._validate_action_result(VALID)


@pytest.mark.parametrize("result", [{"events": "nope"}, {"responses": [1]}, {"events": [{"event": "no_such_event"}]}])
def test_an_invalid_response_is_still_rejected(result: dict[str, Any]) -> None:
    with pytest.raises(ValidationError, match="Failed to validate Action server response"):
        ACTION._validate_action_result(result)


def test_once_the_model_is_loaded_its_objects_are_frozen_out_of_later_collections() -> None:
    import asyncio
    import gc

    from addons.speedups import load_then_freeze

    async def load(size: int) -> list:  # stands for Rasa's model load: many long-lived objects
        return [{"weight": i} for i in range(size)]

    gc.unfreeze()
    try:
        model = asyncio.run(load_then_freeze(load, 50_000))
        assert len(model) == 50_000 and gc.get_freeze_count() >= 50_000
    finally:
        gc.unfreeze()


def test_the_rasa_patches_wrap_the_model_load_of_the_server() -> None:
    import rasa.core.run

    assert getattr(rasa.core.run.load_agent_on_start, "_miss_freeze", False)  # installed by the fixture above
