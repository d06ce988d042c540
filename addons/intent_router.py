"""Last step of the NLU pipeline: the final say on the intent, where a classifier's guess is not enough.

Runs after the intent classifier and the FallbackClassifier and may overrule both, in this order:
1. Emergencies first: the triage rules (addons/triage.py; the version approved in the staff console where
   there is one, addons/approved_replies.py) fire -> intent `report_emergency`, whatever the classifier
   thought. A Spanish (or mixed) emergency switches the conversation to Spanish, so the reply is Spanish.
2. Input the models cannot read (addons/input_guard.py notes it: empty, no words, another language, an
   attempt to override the assistant's instructions) -> `out_of_scope`, whose action answers each kind
   with its own reply (actions/out_of_scope.py) instead of a guess.
3. The classifier alone says `report_emergency`: it stands only when at least `classifier_only_threshold`
   sure (config.yml) and the rules did not judge the symptoms negated, general, past or someone else's;
   otherwise the next intent in the ranking, so "no fever, just wondering about infection" is a question.
4. A mild symptom told in passing before a question of its own ("my knee's achy from hiking, unrelated. But
   what are the risks of the surgery?"): read as a symptom report, or too unsure, as a whole; its question,
   read on its own as a knowledge question at least `other_question_threshold` sure and not about the
   symptom ("is that normal?"), is what gets answered.
5. "What about X?" read as a follow-up on the topic in focus, or too unsure: X read on its own, when it asks a
   knowledge topic at least `other_question_threshold` sure ("and what about who does it?": the surgeon).
6. "What can I do?" read as `help` (the menu: "what can you do?"): a question about what the patient or the
   surgeon can do to lower the risks (`ask_prevention`, resolved by who acts in actions/topic_resolution.py).
7. A greeting before what the patient came to say, read as a greeting as a whole: the runner-up question; a yes
   or no that asks a question of its own or puts a fact right ("sorry, he's 87 not 78"): the runner-up question;
   "are you a robot?" read where the robot is the surgeons' ("is that the same as the robot?", put to no "you"):
   the topic the message names.
8. After an emergency reply (content/emergency_triggers.yml): "asks to wait" with "help is coming" second
   and none of the words that ask to wait (`after_emergency`) -> "help is coming"; "help is coming" with
   words that put off the care (`putting_off_care`), or without words that say help is on its way
   (`help_on_its_way`) -> "asks to wait": the advice is given again. "Fine, I'll call" (now, with no later time or
   condition) read as asking to wait -> "help is coming".
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from addons.approved_replies import approved_replies
from addons.input_guard import INPUT_ISSUE, LANGUAGE, LANGUAGE_CLEAR
from addons.language import asked_language
from addons.question_parts import ASKING_PART_KEY, QUESTION_PARTS_KEY, WHAT_ABOUT_KEY
from addons.triage import TriageResult, TriageRules
from addons.who_acts import who_acts

EMERGENCY_INTENT = "report_emergency"
OUT_OF_SCOPE_INTENT = "out_of_scope"
WAIT_INTENT = "emergency_wait"
HELP_COMING_INTENT = "emergency_help_coming"
GREET_INTENT = "greet"
HELP_INTENT = "help"
# "What can I do?" is one word from "what can you do?" (the menu): a message that asks what the patient or
# the surgeon can do is a question about lowering the risks, unless it asks about using the assistant.
PARTY_ACTION_INTENT = "ask_prevention"
_ABOUT_THE_ASSISTANT = re.compile(r"\b(here|with (this|you)|on (this|here)|in this chat)\b", re.I)
TRIAGE_KEY = "triage"
# An ordinary question asked beside an emergency ("my calf is swollen and painful. Also, how long is
# the recovery?"): the entity makes a rule answer it after the emergency reply (data/rules.yml).
OTHER_QUESTION_ENTITY = "other_question"
# Intents of questions that refer back to the topic in focus ("how common is that?"): beside an
# emergency they are about the symptoms, and symptoms are not judged here.
REFERS_BACK_INTENTS = frozenset(
    {"ask_likelihood", "ask_symptoms", "ask_prevention", "ask_what_next", "ask_severity", "ask_more"}
)
# ("the risks of this surgery" points at the operation, not back at the symptom)
_REFERS_BACK = re.compile(
    r"\b(it|they|them|he|she|his|her|him"
    r"|(this|that|these|those)(?! (surgery|operation|op|procedure|keyhole|kind of (surgery|operation|op))\b))\b",
    re.I,
)
# What a question says of a symptom told before it ("is that normal?", "could it be infected?"); "this
# surgery" is the operation, not the symptom.
_ABOUT_THE_SYMPTOM = re.compile(
    r"\b(it|its|that|thats|these|those|they|them)\b"
    r"|\bthis\b(?! (spine |back |keyhole )?(surgery|operation|op|procedure))",
    re.I,
)
# Readings of a "what about X?" message that X, read alone, may overrule: a follow-up on the topic in focus, or
# too unsure.
FALLBACK_INTENT = "nlu_fallback"
FOLLOW_UP_READINGS = REFERS_BACK_INTENTS | {FALLBACK_INTENT}
# Readings of a whole message that its own question, read alone, may overrule.
SYMPTOM_INTENT = "report_symptom"
TOLD_IN_PASSING_INTENTS = frozenset({SYMPTOM_INTENT, "nlu_fallback"})
OWN_HEALTH_INTENT = "ask_risk_factors_health"
# "Gracias a eso..." and "thanks to that..." say "because of", not "thank you" ("¿y gracias a eso duele menos?").
THANK_INTENT = "thank"
BOT_CHALLENGE_INTENT = "bot_challenge"
# A short message that agrees to call now, with no later time or condition after it
_AGREES_TO_CALL_NOW = re.compile(
    r"^\W*((ok|okay|fine|alright|right|yes|yeah|yep|sure|ugh|sigh|aye)\W+)*"
    r"(i'?ll|i will|we'?ll|we will|i'?m gonna|gonna|i'?m going to|a'?ll|voy a|vamos a)"
    r"\s+(call|ring|phone|dial|go|go in|head in|llamar|marcar|ir)\b"
    r"(?!.*\b(tomorrow|morning|later|if|when|after|monday|tonight|ma[nñ]ana|luego|despu[eé]s|si)\b)[^?]{0,40}$",
    re.I,
)
_PUT_TO_YOU = re.compile(r"\b(you|u|ur|your|yourself|youre|r u|eres|usted|tu|te|contigo|hablo con)\b", re.I)
_ASSISTANT_WORDS = re.compile(
    r"\b(bot|chatbot|ai|a\.i\.|human|person|humano|persona|m[aá]quina|robot(?:ito)? que)\b",
    re.I,
)
# Who does the operation: "is it a robot doing it or a person" (b71) asks about the surgery, not the assistant
_WHO_OPERATES = re.compile(
    r"\b(doing|does|do|did|perform\w*|operat\w*)\b[^?.!]{0,20}\b(it|op|operation|surgery|procedure|me|him|her)\b"
    r"|\b(opera|operar[aá]|hace|har[aá]|realiza)\b[^?.!]{0,20}\b(cirug[ií]a|operaci[oó]n)\b",
    re.I,
)
_THANKS_TO = re.compile(
    r"\bgracias a (eso|esto|ello|que|la|el|los|las|su|sus|mi|mis|esta|este|estas|estos|una|un)\b"
    r"|\bthanks to (that|this|the|it|them|a|an|my|your|their|which)\b",
    re.I,
)


# A greeting, perhaps with a name, before what the patient came to say ("Hi! my mum is having this back op in 3
# weeks and I'm so worried", "Hola, soy Carmen. A mi papá lo operan el lunes y tengo mucho miedo"): read as a
# greeting as a whole, it is answered with the runner-up question when at least this many words follow it.
_GREETING_LEAD = re.compile(
    r"^\W*(hi|hello|hey|hiya|howdy|greetings|good (morning|afternoon|evening)|hola|buenas( tardes| noches| d[ií]as)?"
    r"|buen d[ií]a|buenos d[ií]as|saludos)\b[\W_]*((there|everyone|all|team|doc|doctor|a todos)\b[\W_]*)?"
    r"((i'?m|i’m|i am|my name is|this is|me llamo|soy|mi nombre es) [\w'-]+\b[\W_]*)?",
    re.I,
)
WORDS_AFTER_A_GREETING = 5
YES_OR_NO_INTENTS = frozenset({"affirm", "deny"})
COMPLICATION_ENTITY = "complication"
# A question of three words or more ("y si soy asmatico?", "no, can I still have it?"), not "yes?" or "ok, sure?";
# or three words or more that open with a question word, without the mark ("what's a DVT exactly": "exactly" is a yes)
_A_QUESTION_OF_ITS_OWN = re.compile(
    r"(\w+\W+){2,}\w+\W*\?"
    r"|^\W*(what|what'?s|whats|how|why|when|which|who|where|qu[eé]|c[oó]mo|cu[aá]ndo|cu[aá]l|por ?qu[eé])\b"
    r"(\W+\w+){2,}",
    re.I,
)
# ...or puts right a fact said before: "sorry, I got that wrong, he's 87 not 78" (b57) is no "no"
_A_FACT_PUT_RIGHT = re.compile(
    r"\b(i (said|meant|wrote|typed|put)|(got|had) (that|it) wrong|correction|typo|quise decir|me equivoqu[eé]"
    r"|perd[oó]n,? (es|son|tiene))\b[^?]*\b\d+\b|\b\d+\b,? (not|no) \d+\b"
    r"|\b(actually|en realidad|realmente) (\w+ ){0,2}\d+\b",
    re.I,
)


def said_after_a_greeting(text: str) -> str:
    """What follows a leading greeting (and name), or "" when the message does not start with one."""
    lead = _GREETING_LEAD.match(text or "")
    return text[lead.end() :] if lead else ""


THRESHOLD_KEY = "classifier_only_threshold"
OTHER_QUESTION_KEY = "other_question_threshold"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class IntentRouter(GraphComponent, IntentClassifier):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        # No default thresholds: config.yml is the one place they are set (a default here once said 0.7
        # while config.yml said 0.5, and only one of them was in force).
        return {"triggers_file": None}

    def __init__(
        self, config: dict[str, Any], rules: TriageRules, approved: Callable[[], TriageRules | None] | None = None
    ) -> None:
        """`rules`: the file's triage rules; `approved`: the approved version of them, or None (the Rasa
        server's content store, addons/approved_replies.py), asked for each message."""
        for key, meaning in (
            (THRESHOLD_KEY, "how sure the classifier alone must be for an emergency the triage rules did not see"),
            (OTHER_QUESTION_KEY, "how surely an ordinary question beside an emergency must be read to be answered"),
        ):
            if config.get(key) is None:
                raise ValueError(f"config.yml: {type(self).__name__} needs `{key}`: {meaning}")
        self.threshold = float(config[THRESHOLD_KEY])
        self.other_question_threshold = float(config[OTHER_QUESTION_KEY])
        self.file_rules = rules
        self.approved = approved

    @property
    def rules(self) -> TriageRules:
        """The triage rules in force: the newest approved version (checked, within the poll interval) where
        there is one, else the file's (content/emergency_triggers.yml or config's `triggers_file`)."""
        approved = self.approved() if self.approved is not None else None
        return approved or self.file_rules

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> IntentRouter:
        return cls(config, TriageRules.from_file(config.get("triggers_file")), _approved_triage_rules)

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            self._route(message)
            if message.get(LANGUAGE_CLEAR):  # fills the `language` slot: the conversation's language
                _add_entity(message, LANGUAGE, message.get(LANGUAGE))
        return messages

    def _route(self, message: Message) -> None:
        # Every word the patient sent, at any length and with nothing stripped ("pain <5 but fever >39"):
        # never the shortened, markup-free copy the models see.
        original = message.get("original_text", message.get(TEXT)) or ""
        rules = self.rules  # one rule set for the whole message, even if a new version goes live meanwhile
        result = rules.assess(html.unescape(original))
        message.set(TRIAGE_KEY, {"emergency": result.emergency, "fired": result.fired}, add_to_output=True)
        if not result.emergency:
            _name_the_complication_asked_about(message, result)
        predicted = (message.get(INTENT) or {}).get("name")
        if result.emergency:
            _set_intent(message, EMERGENCY_INTENT)
            if message.get(LANGUAGE) == "es":  # the emergency reply in Spanish, however few the words
                message.set(LANGUAGE_CLEAR, True, add_to_output=True)
            other = self._question_beside_the_emergency(message, rules)
            if other:
                _add_entity(message, OTHER_QUESTION_ENTITY, other)
        elif message.get(INPUT_ISSUE):
            _set_intent(message, OUT_OF_SCOPE_INTENT)
        elif asked_language(original):
            # "Español" / "English" alone (the SMS keyword; what a patient types after seeing the button): the
            # greeting, in the language asked for, says the switch was understood and what can be asked
            _set_intent(message, GREET_INTENT)
        elif predicted == EMERGENCY_INTENT and not self._classifier_emergency_stands(message, result, original, rules):
            _demote_emergency(message)
            if (message.get(INTENT) or {}).get("name") == HELP_COMING_INTENT and _no_help_coming_in(original, rules):
                # the check below for a runner-up of help coming ("she's sitting up now so maybe it passed?", b63:
                # emergency 0.46, then help coming 0.11)
                _set_intent(message, WAIT_INTENT)
        elif predicted == BOT_CHALLENGE_INTENT and (topic := _named_topic_not_the_assistant(message, original)):
            # "is that the same thing as the robot?" after the tubes (b57) asks about robotic surgery, not whether
            # the assistant is a robot: that question is put to "you"
            _set_intent(message, f"ask_{topic}", float((message.get(INTENT) or {}).get("confidence") or 0.0))
        elif (
            predicted == THANK_INTENT and _THANKS_TO.search(original) and (_runner_up(message) or "").startswith("ask_")
        ):
            _set_intent(message, str(_runner_up(message)), float((message.get(INTENT) or {}).get("confidence") or 0.0))
        elif (
            predicted == GREET_INTENT
            and len(said_after_a_greeting(original).split()) >= WORDS_AFTER_A_GREETING
            and (_runner_up(message) or "").startswith("ask_")
        ):
            _set_intent(message, str(_runner_up(message)), float(_runner_up_confidence(message)))
        elif (
            predicted in YES_OR_NO_INTENTS
            and (_A_QUESTION_OF_ITS_OWN.search(original) or _A_FACT_PUT_RIGHT.search(original))
            and (_runner_up(message) or "").startswith("ask_")
        ):
            # "¿y si soy asmático?" read as "y sí" (yes), its accent folded away (es19): a question, not a yes
            _set_intent(message, str(_runner_up(message)), float(_runner_up_confidence(message)))
        elif predicted in FOLLOW_UP_READINGS and self._what_about_asks_a_topic(message):
            asked = message.get(WHAT_ABOUT_KEY) or {}
            _set_intent(message, str(asked["intent"]), float(asked["confidence"]))
        elif predicted == HELP_INTENT and who_acts(original) and not _ABOUT_THE_ASSISTANT.search(original):
            _set_intent(message, PARTY_ACTION_INTENT, float((message.get(INTENT) or {}).get("confidence") or 0.0))
        elif predicted in TOLD_IN_PASSING_INTENTS and self._question_after_a_passing_remark(message, predicted):
            asked = message.get(ASKING_PART_KEY) or {}
            _set_intent(message, str(asked["intent"]), float(asked["confidence"]))
        elif predicted == FALLBACK_INTENT and self._symptom_after_a_passing_remark(message):
            # "My dad had the keyhole op last week. Is it normal he's so tired?": unsure of the whole, sure the
            # question tells a symptom now. Its reply gives the office and the red flags, never a topic's answer
            # (left unsure, a follow-up in context had answered it with the infection text).
            asked = message.get(ASKING_PART_KEY) or {}
            _set_intent(message, SYMPTOM_INTENT, float(asked["confidence"]))
        elif (
            predicted == WAIT_INTENT
            and _runner_up(message) == HELP_COMING_INTENT
            and not rules.asks_to_wait_or_self_treat(original)
        ):
            # "ok the ambulance is on its way" read as asking to wait, without a word that asks it
            _set_intent(message, HELP_COMING_INTENT)
        elif (
            predicted == WAIT_INTENT
            and rules.says_help_is_under_way_now(original)
            and not rules.asks_to_wait_or_self_treat(original)
        ):
            # "ya estamos yendo en auto al IPS" (es38), read surely as asking to wait: on the way now, nothing put off
            _set_intent(message, HELP_COMING_INTENT)
        elif (
            predicted == WAIT_INTENT
            and _AGREES_TO_CALL_NOW.search(original)
            and not rules.asks_to_wait_or_self_treat(original)
        ):
            # "fine I'll call" (b57) after the advice given again: the patient agrees, nothing is put off
            _set_intent(message, HELP_COMING_INTENT)
        elif (
            predicted == WAIT_INTENT
            and rules.says_care_has_reached_them(original)
            and not rules.puts_off_care(original)
        ):
            # "ya me atendieron y me dieron tratamiento, estoy en casa" (es25): seen and treated, not putting it off
            _set_intent(message, HELP_COMING_INTENT)
        elif predicted == HELP_COMING_INTENT and _no_help_coming_in(original, rules):
            # Safety first: "I feel ok now, fine to skip the ER?" read as "help is coming" would be
            # answered "Good, getting help is right"; without words that say help is coming, or with
            # words that ask to wait, the patient gets the advice again.
            _set_intent(message, WAIT_INTENT)
        if (message.get(INTENT) or {}).get("name") == HELP_COMING_INTENT:
            # "we're at the ER now and the doctors are with him. is nerve damage one of the risks?": the
            # question is answered after the acknowledgement (actions/emergency_follow_up.py)
            other = self._question_beside_the_emergency(message, rules, help_under_way=True)
            if other:
                _add_entity(message, OTHER_QUESTION_ENTITY, other)

    def _question_beside_the_emergency(
        self, message: Message, rules: TriageRules, help_under_way: bool = False
    ) -> str | None:
        """The intent of a question of its own in an emergency message: read confidently as a knowledge
        question on its own, no red flag in it, and not about the symptoms ("is that a clot?"). The message's
        questions read one by one, or else its asking part: "Ya, llamé al 131 y viene la ambulancia. Mientras,
        ¿los coágulos son más comunes en los que tienen sobrepeso?" asks one question after telling (es29)."""
        asking = message.get(ASKING_PART_KEY)
        candidates = list(message.get(QUESTION_PARTS_KEY) or []) or ([asking] if asking else [])
        for part in candidates:
            intent = part.get("intent") or ""
            named = _complications_named_in(message, part)
            # Once help is on its way or with them, "What can he do to avoid clots in the future?" (b62): a
            # follow-up's words, about the complication they name, ask about that complication (beside the
            # emergency itself, "how common is a clot?" asks about the symptom)
            if help_under_way and intent in REFERS_BACK_INTENTS and len(named) == 1:
                intent = f"ask_{next(iter(named))}"
            # a question that names its complication may be read less surely ("mientras llegan, ¿eso es lo de la
            # lesión del nervio que me dijiste?": nerve injury 0.32, es29)
            threshold = (
                NAMED_QUESTION_MIN_CONFIDENCE
                if intent in {f"ask_{topic}" for topic in named}
                else self.other_question_threshold
            )
            # the question itself, not a sentence told before it ("the doctors are with him. is nerve damage one
            # of the risks?"), must not point back at the symptom ("is that a clot?"); when it names its
            # complication, "he" and "she" are the patient, not the symptom. Once help is with them, a question
            # that names the one complication it asks about gets that complication's general text even when it
            # points back ("they're here now. while they get me ready, is that the clot going to the lungs
            # thing?", b72): what the article says of it, never a judgement of the symptom.
            points_back = _ABOUT_THE_SYMPTOM if named and help_under_way else _REFERS_BACK
            names_what_it_asks = help_under_way and len(named) == 1 and intent == f"ask_{next(iter(named))}"
            if (
                intent.startswith("ask_")
                and intent not in REFERS_BACK_INTENTS
                and (part.get("confidence") or 0.0) >= threshold
                and (names_what_it_asks or not points_back.search(_last_sentence(part.get("text") or "")))
                and not rules.assess(part.get("text") or "").fired
            ):
                return str(intent)
        return None

    def _what_about_asks_a_topic(self, message: Message) -> bool:
        """ "and what about who does it?" read as "tell me more" on the topic in focus: its subject, read on
        its own, asks a knowledge topic at least `other_question_threshold` sure."""
        asked = message.get(WHAT_ABOUT_KEY) or {}
        intent = str(asked.get("intent") or "")
        return (
            intent.startswith("ask_")
            and intent not in REFERS_BACK_INTENTS
            and (asked.get("confidence") or 0.0) >= self.other_question_threshold
        )

    def _question_after_a_passing_remark(self, message: Message, predicted: str | None) -> bool:
        asked = message.get(ASKING_PART_KEY) or {}
        intent = str(asked.get("intent") or "")
        # "is that normal?" after a symptom asks about the symptom, not a topic; but after a story that is no
        # symptom report, "do all these health things put me at a higher risk?" asks how one's own health
        # weighs (a fact about the patient is a question of its own, as in actions/topic_resolution.py).
        refers_to_a_symptom = bool(_ABOUT_THE_SYMPTOM.search(asked.get("text") or "")) and not (
            intent == OWN_HEALTH_INTENT and predicted != SYMPTOM_INTENT
        )
        return (
            intent.startswith("ask_")
            and intent not in REFERS_BACK_INTENTS
            and (asked.get("confidence") or 0.0) >= self.other_question_threshold
            and not refers_to_a_symptom
        )

    def _symptom_after_a_passing_remark(self, message: Message) -> bool:
        """The message's asking part, read alone, surely tells a symptom, and the whole message's reading has the
        symptom among its two likeliest intents."""
        asked = message.get(ASKING_PART_KEY) or {}
        likeliest = [r.get("name") for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") != FALLBACK_INTENT]
        return (
            asked.get("intent") == SYMPTOM_INTENT
            and (asked.get("confidence") or 0.0) >= self.other_question_threshold
            and SYMPTOM_INTENT in likeliest[:2]
        )

    def _classifier_emergency_stands(
        self, message: Message, result: TriageResult, original: str, rules: TriageRules
    ) -> bool:
        confidence = (message.get(INTENT) or {}).get("confidence") or 0.0
        # The rules saw the symptoms but judged them negated, general, past or someone else's, or the
        # operation is still ahead ("the only headache I've got is from reading all this, my op isn't till
        # March"): the classifier alone does not overrule that judgement.
        vetoed = (
            result.fired
            or result.negated
            or result.hypothetical
            or result.not_current
            or rules.says_surgery_is_ahead(original)
        )
        return confidence >= self.threshold and not vetoed


def _approved_triage_rules() -> TriageRules | None:
    return approved_replies().triage_rules()


def _last_sentence(text: str) -> str:
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s.strip()]
    return sentences[-1] if sentences else text


def _no_help_coming_in(text: str, rules: TriageRules) -> bool:
    """A message read as "help is coming" whose words put off the care, or say neither that help is on its way nor
    that care has reached the patient."""
    return rules.puts_off_care(text) or not (
        rules.says_help_is_on_its_way(text) or rules.says_care_has_reached_them(text)
    )


def _set_intent(message: Message, name: str, confidence: float = 1.0) -> None:
    ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") != name]
    top = {"name": name, "confidence": confidence}
    message.set(INTENT, top, add_to_output=True)
    message.set(INTENT_RANKING_KEY, [top, *ranking], add_to_output=True)


def _named_topic_not_the_assistant(message: Message, text: str) -> str | None:
    """The knowledge topic a procedure or complication entity names, in a message not put to the assistant."""
    if _PUT_TO_YOU.search(text) or (_ASSISTANT_WORDS.search(text) and not _WHO_OPERATES.search(text)):
        return None
    known = {str(r.get("name")) for r in message.get(INTENT_RANKING_KEY) or []}
    return next(
        (
            str(e["value"])
            for e in message.get(ENTITIES) or []
            if e.get("entity") in ("procedure", "complication") and f"ask_{e.get('value')}" in known
        ),
        None,
    )


def _runner_up(message: Message) -> str | None:
    ranking = message.get(INTENT_RANKING_KEY) or []
    return ranking[1].get("name") if len(ranking) > 1 else None


def _runner_up_confidence(message: Message) -> float:
    ranking = message.get(INTENT_RANKING_KEY) or []
    return float(ranking[1].get("confidence") or 0.0) if len(ranking) > 1 else 0.0


def _demote_emergency(message: Message) -> None:
    ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") != EMERGENCY_INTENT]
    runner_up: dict[str, Any] | None = ranking[0] if ranking else None
    message.set(INTENT, runner_up or {"name": OUT_OF_SCOPE_INTENT, "confidence": 1.0}, add_to_output=True)
    message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)


# The complication whose hallmark a red-flag symptom is: a message that asks about the symptom without having it
# ("que pasaria si despues de la operacion se me duerme una pierna?", "what if my calf swelled up?") asks about
# that complication, as if it had named it (four such questions in es18 and es19 were read as clots or next
# steps). Symptoms with more than one cause (breathlessness, chest pain, fainting, confusion) name none.
SYMPTOM_TOPICS = {
    "limb_weakness": "nerve_injury",
    "saddle_numbness": "nerve_injury",
    "swollen_calf": "blood_clots",
    "swollen_leg": "blood_clots",
    "leg_swelling": "blood_clots",
    "postural_headache": "dural_tear",
    "clear_fluid_leak": "dural_tear",
    "fever_wound": "infection",
    "wound_pus": "infection",
}
# ...and a fever alone, supposed in a question about a topic: "¿y si después me da fiebre?", "and if I get a fever at
# home?" after the anaesthesia (es25, es27, es28) asks about an infection. Not in a question read as out of scope or an
# emergency: "what temperature counts as a fever?", "which number do I call if I get a fever?" ask what the content
# does not say.
FOLLOW_UP_SYMPTOM_TOPICS = {"fever": "infection"}


def _name_the_complication_asked_about(message: Message, result: TriageResult) -> None:
    topics = {SYMPTOM_TOPICS[t] for t in result.asked_about if t in SYMPTOM_TOPICS}
    # read as a question about a topic (when unsure, by the runner-up), not out of scope or an emergency
    reading = str((message.get(INTENT) or {}).get("name") or "")
    if reading == FALLBACK_INTENT:
        reading = str(_runner_up(message) or "")
    if reading.startswith("ask_"):
        topics |= {FOLLOW_UP_SYMPTOM_TOPICS[t] for t in result.asked_about if t in FOLLOW_UP_SYMPTOM_TOPICS}
    named = any(e.get("entity") == COMPLICATION_ENTITY for e in message.get(ENTITIES) or [])
    if len(topics) == 1 and not named:
        _add_entity(message, COMPLICATION_ENTITY, topics.pop())


NAMED_QUESTION_MIN_CONFIDENCE = 0.3


def _complications_named_in(message: Message, part: dict[str, Any]) -> set[str]:
    """The complications whose words lie inside a part of the message (entities of the whole message)."""
    text = message.get(TEXT) or ""
    start = text.find(part.get("text") or "\0")
    if start < 0:
        return set()
    end = start + len(part.get("text") or "")
    return {
        str(e.get("value"))
        for e in message.get(ENTITIES) or []
        if e.get("entity") == COMPLICATION_ENTITY and start <= (e.get("start") or 0) and (e.get("end") or 0) <= end
    }


def _add_entity(message: Message, name: str, value: str) -> None:
    text = message.get(TEXT) or ""
    entity = {
        "entity": name,
        "value": value,
        "start": 0,
        "end": len(text),
        "confidence": 1.0,
        "extractor": IntentRouter.__name__,
    }
    message.set(ENTITIES, (message.get(ENTITIES) or []) + [entity], add_to_output=True)
