"""Hot spots found by profiling the Rasa server, fixed without changing behaviour.

Rasa 3.6 validates every action-server response with `jsonschema.validate()`, which re-checks the
schema itself against the JSON-Schema meta-schema on each call: ~45 ms of CPU per custom action on
these machines, more than the whole NLU pipeline. The schema never changes, so it is checked once and
a compiled validator is reused (same schema, same errors). Installed where the Rasa server starts, by
addons.rasa_server.install_rasa_patches.
"""

from __future__ import annotations

from typing import Any

_applied = False


def reuse_action_response_validator() -> None:
    global _applied
    if _applied:
        return
    from jsonschema import ValidationError, validators
    from rasa.core.actions.action import RemoteAction

    schema = RemoteAction.action_response_format_spec()
    validator_class = validators.validator_for(schema)
    validator_class.check_schema(schema)  # once, instead of on every action call
    validator = validator_class(schema)

    def _validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
        try:
            validator.validate(result)
            return True
        except ValidationError as error:
            error.message += ". Failed to validate Action server response from API."
            raise error

    RemoteAction._validate_action_result = _validate_action_result  # type: ignore[method-assign]  # the patch
    _applied = True
