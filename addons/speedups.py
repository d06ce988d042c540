"""Hot spots found by profiling the Rasa server, fixed without changing behaviour.

- reuse_action_response_validator: the action-server response schema is checked once (below);
- freeze_the_loaded_model: full garbage collections no longer walk the loaded model (at the end).

Rasa 3.6 validates every action-server response with `jsonschema.validate()`, which re-checks the
schema itself against the JSON-Schema meta-schema on each call: ~45 ms of CPU per custom action on
these machines, more than the whole NLU pipeline. The schema never changes, so it is checked once and
a compiled validator is reused (same schema, same errors). Installed where the Rasa server starts, by
addons.rasa_server.install_rasa_patches.
"""

from __future__ import annotations

import gc
from collections.abc import Awaitable, Callable
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


async def load_then_freeze(load: Callable[..., Awaitable[Any]], *args: Any, **kwargs: Any) -> Any:
    """Await `load(...)` (loading the model), then move every object alive into the garbage collector's
    permanent generation (gc.freeze), so that no later collection walks them again."""
    loaded = await load(*args, **kwargs)
    gc.collect()  # what is garbage already goes first, not into the frozen set
    gc.freeze()
    return loaded


def freeze_the_loaded_model() -> None:
    """Full garbage collections stop walking the loaded model (a pause the profiler found under load).

    A Rasa server holds millions of long-lived objects (TensorFlow, spaCy, the model); answering allocates
    events and trackers, some of which outlive two collections, so Python's full collection runs every
    few seconds under load and walks all of those objects each time: 0.3-1.0 s pauses of the whole event
    loop, seen as requests all finishing together 1-3 s late in `make bench` at 32 concurrent
    conversations (replicas' logs, gc.callbacks). After gc.freeze(), collections walk only what was
    allocated since the model loaded. Rasa loads the model in `load_agent_on_start` (a Sanic listener that
    `serve_application` looks up when the server starts); the patch wraps it."""
    import rasa.core.run as rasa_run

    if getattr(rasa_run.load_agent_on_start, "_miss_freeze", False):
        return
    rasa_load = rasa_run.load_agent_on_start

    async def load_agent_on_start(*args: Any, **kwargs: Any) -> Any:
        return await load_then_freeze(rasa_load, *args, **kwargs)

    load_agent_on_start._miss_freeze = True  # type: ignore[attr-defined]  # marks the patch as installed
    rasa_run.load_agent_on_start = load_agent_on_start  # the patch
