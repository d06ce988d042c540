"""While a member of staff has a conversation, the assistant stays quiet in it; emergencies excepted.

A Rasa policy (config.yml), the extension point Rasa gives for "what to do next": right after a patient's
message in a conversation whose handoff is taken (addons/handoff/store.py), it predicts `action_listen`
with full confidence and a priority above RulePolicy's, so no rule or story answers; the message is still
understood and stored (tracker store, event stream), which is how the staff inbox shows it.

Not quiet for:
- `report_emergency`: the triage rules found possible emergency symptoms. The policy abstains, so the rule
  sends the emergency reply at once, as without a handoff (the console flags the handoff with it);
- the wordings that only follow an emergency reply ("can I wait until morning?", "I called them"), when the
  assistant's last reply was that advice: the advice stands, a person typing does not delay it.
Everything else abstains too when nobody has the conversation, so the other policies decide as before.
"""

from __future__ import annotations

from typing import Any

from rasa.core.policies.policy import Policy, PolicyPrediction
from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.generator import TrackerWithCachedStates
from rasa.shared.core.trackers import DialogueStateTracker

from addons.handoff.store import TakenReader

EMERGENCY_INTENT = "report_emergency"
AFTER_EMERGENCY_INTENTS = frozenset({"emergency_wait", "emergency_help_coming"})
EMERGENCY_ACTIONS = frozenset(
    {"utter_emergency", "utter_emergency_es", "utter_emergency_wait", "action_emergency_follow_up"}
)
# RulePolicy's default is 6: above it, so a rule cannot answer over a person; still below nothing else.
PRIORITY = 7


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=True)
class HandoffPolicy(Policy):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"priority": PRIORITY}

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        featurizer: Any = None,
        reader: TakenReader | None = None,
    ) -> None:
        super().__init__(config, model_storage, resource, execution_context, featurizer)
        # The store is found by MISS_HANDOFF_STORE when the server starts, not at training: a model trained
        # on one machine serves another clinic's store.
        self.reader = reader or TakenReader()

    def train(self, training_trackers: list[TrackerWithCachedStates], domain: Domain, **kwargs: Any) -> Resource:
        # Nothing to learn: the state lives in the store. An empty resource, so that loading finds one.
        with self._model_storage.write_to(self._resource):
            pass
        return self._resource

    def predict_action_probabilities(
        self,
        tracker: DialogueStateTracker,
        domain: Domain,
        rule_only_data: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> PolicyPrediction:
        abstain = self._prediction(self._default_predictions(domain))
        if tracker.latest_action_name != ACTION_LISTEN_NAME or not isinstance(tracker.latest_message, UserUttered):
            return abstain  # not right after a patient's message: the other policies finish the turn
        if self._speaks_anyway(tracker) or not self.reader.taken(tracker.sender_id):
            return abstain
        probabilities = self._default_predictions(domain)
        probabilities[domain.index_for_action(ACTION_LISTEN_NAME)] = 1.0
        return self._prediction(probabilities)

    @staticmethod
    def _speaks_anyway(tracker: DialogueStateTracker) -> bool:
        intent = tracker.latest_message.intent.get("name") if tracker.latest_message else None
        if intent == EMERGENCY_INTENT:
            return True
        if intent in AFTER_EMERGENCY_INTENTS:
            return _last_bot_action(tracker) in EMERGENCY_ACTIONS
        return False


def _last_bot_action(tracker: DialogueStateTracker) -> str | None:
    """The last action other than listening before the patient's latest message."""
    seen_message = False
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            if seen_message:
                return None  # a whole turn without a reply from the assistant
            seen_message = True
        elif seen_message and isinstance(event, ActionExecuted) and event.action_name != ACTION_LISTEN_NAME:
            return event.action_name
    return None
