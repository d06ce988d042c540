"""HandoffPolicy with Rasa's own domain, trackers and ensemble: quiet while taken, emergencies excepted."""

from __future__ import annotations

from pathlib import Path

import pytest
from rasa.core.policies.ensemble import DefaultPolicyPredictionEnsemble
from rasa.core.policies.policy import PolicyPrediction
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, Event, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from addons.handoff.policy import HandoffPolicy
from addons.handoff.store import HandoffStore, TakenReader

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def domain() -> Domain:
    return Domain.load(ROOT / "domain.yml")


@pytest.fixture
def store(tmp_path: Path) -> HandoffStore:
    return HandoffStore(tmp_path / "handoff.sqlite")


@pytest.fixture
def policy(tmp_path: Path, store: HandoffStore) -> HandoffPolicy:
    context = ExecutionContext(GraphSchema({}), "test")
    storage = LocalModelStorage(tmp_path / "model")
    return HandoffPolicy(
        HandoffPolicy.get_default_config(), storage, Resource("handoff"), context, reader=TakenReader(store.location)
    )


def user(intent: str, text: str = "...") -> UserUttered:
    return UserUttered(text, {"name": intent, "confidence": 1.0})


def tracker(domain: Domain, *events: Event, sender: str = "c1") -> DialogueStateTracker:
    return DialogueStateTracker.from_events(sender, [ActionExecuted(ACTION_LISTEN_NAME), *events], domain.slots)


def predicted(policy: HandoffPolicy, domain: Domain, tracker_: DialogueStateTracker) -> str | None:
    prediction = policy.predict_action_probabilities(tracker_, domain)
    if prediction.max_confidence == 0:
        return None  # abstains
    return domain.action_names_or_texts[prediction.max_confidence_index]


def take(store: HandoffStore, conversation: str = "c1") -> int:
    handoff, _ = store.request(conversation, "socketio", "asked", 60)
    store.take(handoff.id, "eve")
    return handoff.id


def test_abstains_when_nobody_has_the_conversation(policy, domain, store):
    assert predicted(policy, domain, tracker(domain, user("ask_infection"), ActionExecuted(ACTION_LISTEN_NAME))) is None
    store.request("c1", "socketio", "asked", 60)  # waiting: the assistant still answers meanwhile
    assert predicted(policy, domain, tracker(domain, user("ask_infection"))) is None


def test_listens_after_any_message_while_taken_and_answers_again_after_hand_back(policy, domain, store):
    handoff_id = take(store)
    for intent in ("ask_infection", "out_of_scope", "human_handoff", "greet", "EXTERNAL_handoff_timeout"):
        assert predicted(policy, domain, tracker(domain, user(intent))) == ACTION_LISTEN_NAME, intent
    assert predicted(policy, domain, tracker(domain, user("ask_infection"), sender="c2")) is None  # another patient
    store.hand_back(handoff_id, "eve")
    assert predicted(policy, domain, tracker(domain, user("ask_infection"))) is None


def test_an_emergency_is_never_kept_quiet(policy, domain, store):
    take(store)
    assert predicted(policy, domain, tracker(domain, user("report_emergency"))) is None


def test_asking_to_wait_right_after_the_emergency_reply_gets_the_advice_but_not_otherwise(policy, domain, store):
    take(store)
    after_emergency = tracker(
        domain,
        user("report_emergency"),
        ActionExecuted("utter_emergency"),
        ActionExecuted(ACTION_LISTEN_NAME),
        user("emergency_wait"),
    )
    assert predicted(policy, domain, after_emergency) is None
    out_of_the_blue = tracker(domain, user("greet"), ActionExecuted(ACTION_LISTEN_NAME), user("emergency_wait"))
    assert predicted(policy, domain, out_of_the_blue) == ACTION_LISTEN_NAME


def test_it_outranks_a_rule_of_equal_confidence_in_rasas_ensemble(policy, domain, store):
    take(store)
    mine = policy.predict_action_probabilities(tracker(domain, user("ask_infection")), domain)
    rule = PolicyPrediction.for_action_name(domain, "action_answer_question", "RulePolicy", confidence=1.0)
    rule.policy_priority = 6
    best = DefaultPolicyPredictionEnsemble._pick_best_policy([rule, mine])
    assert domain.action_names_or_texts[best.max_confidence_index] == ACTION_LISTEN_NAME
