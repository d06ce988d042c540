"""Rule-based emergency triage: escalate described emergencies, not questions or negated symptoms."""

from __future__ import annotations

import pytest
import yaml

from addons.triage import DEFAULT_TRIGGERS, TriageRules, normalise

RULES = TriageRules.from_file()

EMERGENCIES = {
    "My incision is red and oozing and I have a temperature of 39": "fever_wound",
    "the cut is hot and swollen and i feel feverish": "fever_wound",
    "there's clear watery fluid leaking from my incision": "clear_fluid_leak",
    "I suddenly can't lift my right foot since yesterday's operation": "limb_weakness",
    "my dad cant feel his legs after the op": "limb_weakness",
    "numb around my groin and bum since this morning": "saddle_numbness",
    "cant control my bladder since the surgery": "bladder_bowel",
    "i havent peed since yesterday": "bladder_bowel",
    "I'm short of breath and my chest hurts": "chest_pain",
    "suddenly I can't catch my breath": "breathless",
    "I'm coughing up blood": "coughing_blood",
    "my calf is swollen and painful right now": "swollen_calf",
    "awful headache every time I sit up, better lying flat": "postural_headache",
    "the wound keeps bleeding and won't stop": "bleeding",
    "my wife fainted after getting out of bed": "fainting",
}


@pytest.mark.parametrize("text,trigger", EMERGENCIES.items())
def test_described_emergencies_are_escalated(text, trigger):
    result = RULES.assess(text)
    assert result.emergency, result
    assert trigger in result.fired


def test_an_emergency_inside_a_question_still_comes_first():
    result = RULES.assess("How long until I can drive? Also my calf is swollen and painful since Tuesday")
    assert result.emergency and "swollen_calf" in result.fired


@pytest.mark.parametrize(
    "text",
    [
        "no fever, I just wonder about infection",
        "I don't have a fever or any redness, how likely is infection?",
        "my wound isn't red or hot, just itchy",
        "there is no chest pain and no shortness of breath",
    ],
)
def test_negated_symptoms_are_not_emergencies(text):
    result = RULES.assess(text)
    assert not result.emergency
    assert result.negated


@pytest.mark.parametrize(
    "text",
    [
        "what are the signs of a blood clot in the leg?",
        "Will I have weakness in my legs after?",
        "What if my wound gets red and I have a fever?",
        "can you get chest pain from anesthesia",
        "could a spinal fluid leak cause a headache when you sit up?",
        "do people lose bladder control after spine surgery",
    ],
)
def test_questions_in_general_terms_are_not_emergencies(text):
    result = RULES.assess(text)
    assert not result.emergency
    if result.fired:
        assert result.hypothetical


@pytest.mark.parametrize(
    "text",
    [
        "I had a blood clot in my calf years ago, swollen and painful, am I higher risk?",
        "I have sciatica and numbness in my leg, is surgery risky for me?",
    ],
)
def test_long_past_or_long_standing_symptoms_are_not_emergencies(text):
    assert not RULES.assess(text).emergency


def test_present_time_overrides_a_question_form():
    assert RULES.assess("is it normal to have a headache when I sit up since the surgery?").emergency


@pytest.mark.parametrize("text", ["what is a dural tear?", "", "how long is recovery", "thanks!"])
def test_ordinary_messages_fire_nothing(text):
    result = RULES.assess(text)
    assert not result.emergency and not result.fired


def test_normalise_folds_contractions_and_curly_quotes():
    assert normalise("I Can\u2019t   feel my LEGS!") == "i cant feel my legs!"
    assert normalise("I'm") == "im"


@pytest.mark.parametrize(
    "breakage,expected",
    [
        (lambda spec: spec["triggers"][0].update(all=["fevr"]), "names unknown cues ['fevr']"),
        (lambda spec: spec["triggers"][1].update(label="a fever"), "triggers.1: Additional properties"),
        (lambda spec: spec["cues"]["fever"].append("(unclosed"), "'(unclosed' is not a 'regex'"),
        (lambda spec: spec.pop("help_on_its_way"), "'help_on_its_way' is a required property"),
        (lambda spec: spec.update(putting_of_care=spec.pop("putting_off_care")), "'putting_off_care' is a required"),
        (lambda spec: spec["triggers"][0].pop("all"), "triggers.0: 'all' is a required property"),
    ],
)
def test_a_broken_triggers_file_is_rejected_saying_where(tmp_path, breakage, expected):
    spec = yaml.safe_load(DEFAULT_TRIGGERS.read_text(encoding="utf-8"))
    breakage(spec)
    bad = tmp_path / "emergency_triggers.yml"
    bad.write_text(yaml.safe_dump(spec), encoding="utf-8")
    with pytest.raises(ValueError) as error:
        TriageRules.from_file(bad)
    assert str(bad) in str(error.value) and expected in str(error.value)


@pytest.mark.parametrize(
    "text",
    [
        "I not feel nothing in my bottom and between legs, start today",  # negation that is the symptom
        "numb groin and i cant tell if i need to pee",  # a condition after the symptom
        "fevr 39 and my incison is leakin yellow stuff",  # typos
        "Severe orthostatic headache since post-op day 1, relieved by lying supine",
        "blood keeps pouring out of my wound",
        "temp 38.9 and the cut is hot and red, what do i do",  # a decimal point is no clause end
        "she can't even lift her head off the pillow without a splitting headache",  # can't ... without
    ],
)
def test_harder_wordings_are_escalated(text):
    assert RULES.assess(text).emergency


@pytest.mark.parametrize(
    "text",
    [
        "My neighbour ended up with a numb foot after his back op, does that happen often?",
        "the clot can travel to the lung and make chest pain? how they stop this?",
        "what are signs of clot in lung? like cough with blood?",
        "I've got asthma and get a bit wheezy now and then. Is being put to sleep riskier for me?",
        "incontinence risk?",
        "If clear fluid came out of the wound, would that mean the dura was torn?",
        "I walked to the shop today without any leg weakness",
        "my brother keeps sending me stories about wheelchairs, can this operation leave me unable to walk?",
    ],
)
def test_retold_stories_example_questions_and_chronic_conditions_are_not_escalated(text):
    assert not RULES.assess(text).emergency


def test_triage_on_the_clinic_reviewed_development_set():
    """Rules alone, on tests/triage/triage_cases.yml: every emergency escalated, at most 2% false alarms."""
    import yaml

    from tests.conftest import ROOT

    cases = yaml.safe_load((ROOT / "tests" / "triage" / "triage_cases.yml").read_text())
    missed = [c["text"] for c in cases["emergency"] if not RULES.assess(c["text"]).emergency]
    alarms = [c["text"] for c in cases["single"] if RULES.assess(c["text"]).emergency]
    assert not missed
    assert len(alarms) <= 0.02 * len(cases["single"]), alarms


# A calm recovery story with the words that used to hide a red flag elsewhere in a message: a
# long-standing complaint, someone else's story, a "what if" question, something that went away.
_STORY = (
    "The operation was three weeks ago and most days have been fine. My husband does the shopping and "
    "walks the dog. I have had back trouble for years, it goes back to lifting boxes at work. My sister "
    "read online that some people get infections, and I asked the nurse what if the wound gets red, but "
    "she said it looked good. The stiffness in the mornings went away after the first week. I sleep on my "
    "side with a pillow between my knees and do the physio sheet twice a day. Work has been kind about it. "
)
_RED_FLAGS = {
    "My chest hurts and I can't catch my breath.": "chest_pain",
    "Both my legs have gone numb and I can't lift my feet.": "limb_weakness",
    "I have a fever of 39 and there is pus coming out of the wound.": "fever_wound",
    "I can't pass urine since last night.": "bladder_bowel",
    "Clear fluid is leaking from the cut and I get a bad headache when I sit up.": "clear_fluid_leak",
}


def _story(length: int) -> str:
    text = (_STORY * (length // len(_STORY) + 1))[:length]
    return text[: text.rfind(". ") + 1]


def _insert(story: str, red_flag: str, where: str) -> str:
    if where == "start":
        return f"{red_flag} {story}"
    if where == "end":
        return f"{story} {red_flag}"
    middle = story.find(". ", len(story) // 2) + 1
    return f"{story[:middle]} {red_flag}{story[middle:]}"


@pytest.mark.parametrize("length", [1600, 5000, 19000])
@pytest.mark.parametrize("where", ["start", "middle", "end"])
@pytest.mark.parametrize("red_flag", list(_RED_FLAGS))
def test_a_red_flag_anywhere_in_a_long_story_is_escalated(length, where, red_flag):
    text = _insert(_story(length), red_flag, where)
    assert len(text) > length - 200
    result = RULES.assess(text)
    assert result.emergency and _RED_FLAGS[red_flag] in result.fired


@pytest.mark.parametrize("length", [1600, 5000, 19000])
def test_the_story_alone_is_not_an_emergency(length):
    assert not RULES.assess(_story(length)).emergency


@pytest.mark.parametrize(
    "text",
    [
        "I've had back trouble for years. My chest hurts and I can't catch my breath.",
        "What if my wound gets red later on? Also right now I can't feel my legs",
        "The back pain went away with rest. My legs are numb and weak",
    ],
)
def test_a_past_or_general_remark_elsewhere_does_not_hide_a_red_flag(text):
    assert RULES.assess(text).emergency


@pytest.mark.parametrize(
    "text,trigger",
    [
        ("Me operaron hace 4 días y ahora tengo fiebre de 39 y la herida está roja y sale pus", "fever_wound"),
        ("mi papá no puede mover las piernas desde esta mañana", "limb_weakness"),
        ("mi mama no puede orinar desde anoche", "bladder_bowel"),
        ("tengo dolor en el pecho y me falta el aire", "chest_pain"),
        (
            "me duele mucho la cabeza cuando me siento en la cama y sale un liquido clarito de la herida",
            "clear_fluid_leak",
        ),
        ("la pantorrilla esta hinchada y me duele", "swollen_calf"),
        ("mi esposo se desmayo al levantarse", "fainting"),
        ("no siento nada en la entrepierna", "saddle_numbness"),
        ("my dad no puede mover las piernas since this morning", "limb_weakness"),
        ("la herida no para de sangrar", "bleeding"),
    ],
)
def test_spanish_and_mixed_red_flags_are_escalated(text, trigger):
    result = RULES.assess(text)
    assert result.emergency and trigger in result.fired


@pytest.mark.parametrize(
    "text",
    [
        "no tengo fiebre, solo pregunto por la infección",
        "¿qué pasa si tengo fiebre después de la cirugía?",
        "hace muchos años tuve un coágulo en la pierna, la pantorrilla hinchada, ¿tengo más riesgo?",
    ],
)
def test_spanish_negated_general_and_past_symptoms_are_not_escalated(text):
    assert not RULES.assess(text).emergency


def test_symbols_the_patient_typed_keep_their_words():
    assert RULES.assess("pain <5 but fever >39.5 since this morning").emergency


@pytest.mark.parametrize(
    "text",
    [
        "I've had four operations. The first was a hysterectomy in 2004. I came round with my chest tight and "
        "wheezing and a nurse put a mask on me. Now I'm booked for spine surgery: can the anaesthetic do that again?",
        "It's 2am and I can't stop thinking about the operation. What should I ask my surgeon?",
    ],
)
def test_memories_in_the_past_tense_and_a_mind_that_wont_stop_are_not_emergencies(text):
    assert not RULES.assess(text).emergency


@pytest.mark.parametrize(
    "text",
    [
        "I'm from Poland, living here 12 years. I had surgery on Monday. Tonight the bandage was full of fresh "
        "blood, my husband changed it and it was full again. Now I feel dizzy.",
        "today i pooed myself twice without any warning and i havent been able to feel when i need to wee",
        "The dressing on my wound has been soaking through with bright red blood for an hour",
        "The bleeding from my incision hasn't stopped even though I've pressed on it for 20 minutes.",
    ],
)
def test_recent_events_told_in_the_past_tense_are_escalated(text):
    assert RULES.assess(text).emergency


@pytest.mark.parametrize(
    "text",
    [
        "since last night I've had reduced sensation over the perineum and I've been unable to void since 6 am",
        "he hasn't managed to pass any water since ten last night and his bottom feels like it's gone to sleep",
        "the incision is bleeding through everything, I've changed the pad 4 times in an hour",
        "Mum's wound is soaked through with blood and it keeps coming",
        "la herida no para d sangrar desde la cena",
        "Tosí sangre hace un rato y estoy asustada",
        "Socorro, minha perna direita ficou fraca e dormente de repente, I had spine surgery on Thursday",
        "namamanhid yung dalawang binti ko since this morning, I had spine surgery last Wednesday",
        "my left leg has felt heavy since I woke up, surgery was on Saturday",
    ],
)
def test_clinical_words_and_portuguese_or_tagalog_red_flags_are_escalated(text):
    assert RULES.assess(text).emergency


def test_the_symptoms_of_one_trigger_must_be_said_together():
    text = (
        "I'm a smoker. I'm about five stone heavier than I should be, I know. My mother had clots in her legs "
        "twice. I work part time in a shop. Is my health a problem for this surgery?"
    )
    assert not RULES.assess(text).emergency


@pytest.mark.parametrize(
    "text",
    [
        "My throat feels like it's closing up and my lips are swelling since I got back from theatre",
        "Headache is unbearable when I'm on my feet, fine lying down, op was Tuesday",
        "my foot keeps slapping the floor when i walk, started after the op",
    ],
)
def test_a_swelling_throat_an_upright_headache_and_a_dropped_foot_are_escalated(text):
    assert RULES.assess(text).emergency


def test_a_clinical_word_in_a_question_about_risks_is_not_an_emergency():
    assert not RULES.assess("What's the risk of an adverse reaction to anaesthesia, like anaphylaxis?").emergency


@pytest.mark.parametrize(
    "text",
    [
        "Say, purely hypothetically, I had trouble breathing while I was under. Is that a known risk?",
        "My legs always become swollen on long flights, so I'm afraid of a blood clot after surgery.",
        "My friend had a spinal fluid leak in 2019. Terrible headaches for a week, they patched it "
        "and she has been fine since.",
    ],
)
def test_suppositions_habits_and_old_stories_are_not_emergencies(text):
    assert not RULES.assess(text).emergency


@pytest.mark.parametrize(
    "text",
    [
        "my leg iz swolen and hot and my breth is short, had surgury 5 days ago",
        "Se me adormeció la zona de las nalgas y entre las piernas desde anoche. Me operaron el martes.",
        "Earlier today I passed out walking to the kitchen, I feel fine now-ish. Is swimming okay later on?",
    ],
)
def test_typos_spanish_saddle_numbness_and_a_faint_that_passed_are_escalated(text):
    assert RULES.assess(text).emergency


@pytest.mark.parametrize(
    "text",
    [
        "Got up from the table this morning and the next thing I knew I was on the floor. Still dizzy now.",
        "My husband says I was out for about thirty seconds after I stood up today.",
        "Tengo la cara hinchada y se me cierra la garganta desde que tomé la pastilla.",
        "Minha língua está inchando depois do remédio.",
    ],
)
def test_a_faint_told_as_a_story_and_a_spanish_allergic_swelling_are_escalated(text):
    assert RULES.assess(text).emergency


@pytest.mark.parametrize(
    "text",
    [
        "Years ago I passed out at a wedding; the next thing I knew I was on the floor. It was the heat.",
        "Tuve la cara hinchada hace años por una alergia al marisco, ya pasó. ¿La anestesia puede dar alergia?",
    ],
)
def test_old_faints_and_old_swellings_are_not_emergencies(text):
    assert not RULES.assess(text).emergency


@pytest.mark.parametrize(
    "text",
    [
        # A long-past operation earlier in the message must not make a recent red flag a "memory".
        "I had knee surgery two years ago and it went fine. My back op was last week. "
        "Last night I got a fever of 39 and the wound was leaking pus.",
        "Back in 2015 I had my appendix out. Three days ago I had my spine op. I had chest pain and couldn't breathe.",
        "theres a lot of blood coming from the wound, its gone right through my shirt",
        "bleding wont stop from my incison",
        "the dressing was completely soaked through with bright red blood",
        "lost controll of my bowls this morning",
    ],
)
def test_recent_red_flags_after_an_old_story_and_more_bleeding_wordings_are_escalated(text):
    assert RULES.assess(text).emergency


def test_a_memory_told_over_several_past_tense_sentences_is_not_a_report():
    story = (
        "I've had three operations: tonsils as a kid, my appendix at 24, and a shoulder repair four years ago. "
        "The first two were uneventful. The shoulder one was different. "
        "I woke up feeling awful, shivering, and they kept me a couple of hours with a mask on. "
        "Could I react badly to the anaesthetic again this time?"
    )
    assert not RULES.assess(story).emergency


def test_asking_what_the_clinic_says_with_respect_to_a_symptom_is_not_a_report():
    text = (
        "What does the clinic say about reactions to anesthesia, specifically with respect to breathing difficulties?"
    )
    assert not RULES.assess(text).emergency


@pytest.mark.parametrize(
    "text",
    [
        "My throat's swelling and I've come out in hives after the new tablets they sent me home with",
        "bleding heavily from the incison and i feel lightheded",
    ],
)
def test_a_throat_swelling_said_with_an_apostrophe_and_typed_bleeding_are_escalated(text):
    assert RULES.assess(text).emergency


@pytest.mark.parametrize(
    "text",
    [
        "I react to loads of things, hay fever, plasters, shellfish. does that change anything?",
        "could there be nerve damage from the surgery like weakness in my legs or even spinal cord damage",
    ],
)
def test_hay_fever_and_could_there_be_questions_are_not_emergencies(text):
    assert not RULES.assess(text).emergency


@pytest.mark.parametrize(
    "text",
    [
        "grandad had his spine op on tuesday and tonight he seems very confused, keeps asking where he is",
        "She doesn't recognise us since she woke up from the operation",
        "my husband's speech is slurred since lunch, he had back surgery 3 days ago",
        "mum is really disoriented and sleepy today after the surgery",
        "we can't wake him properly, he only mumbles",
        "mi papá está muy confundido desde anoche, lo operaron el lunes",
    ],
)
def test_sudden_confusion_slurred_speech_or_hard_to_wake_is_escalated(text):
    result = RULES.assess(text)
    assert result.emergency and "confusion" in result.fired, result


@pytest.mark.parametrize(
    "text",
    [
        "I'm a bit confused about the different risks, can you explain?",
        "the leaflet confused me, what is a dural tear",
        "can the anaesthetic cause confusion in older people?",
        "I don't know who to believe about this surgery",
        "I'm terrified of not waking up after the anaesthetic",
        "my gran was muddled for a day after her hip op years ago, will that happen to me?",
    ],
)
def test_confusion_about_the_information_or_a_fear_is_not_an_emergency(text):
    assert not RULES.assess(text).emergency


@pytest.mark.parametrize(
    "text",
    [
        "since tea time his legs won't do what he tells them and both feet have gone to sleep",
        "my feet feel like they've gone dead since I got home from the hospital, it hasn't worn off",
        # "probably nothing" before the symptom is playing it down, not "nothing since".
        "probably nothing since this morning but my calf has been swollen and hot",
    ],
)
def test_lay_words_for_legs_that_do_not_obey_and_played_down_red_flags_are_escalated(text):
    assert RULES.assess(text).emergency


@pytest.mark.parametrize(
    "text",
    [
        "My foot went numb from kneeling in the garden but it's back to normal now. Can I garden after surgery?",
        "a spinal fluid leak can give you headaches and now I'm worried about it",
        "I passed out once at the dentist when I was about twenty years old, does that matter for the anaesthetic?",
        "he got a bit muddled after his tonsils out as a little boy, is that likely with this?",
    ],
)
def test_symptoms_back_to_normal_worries_and_childhood_memories_are_not_emergencies(text):
    assert not RULES.assess(text).emergency


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        ("checked my temperature as I was shivery all evening and it says 38.9, the cut is red too", "fever_wound"),
        ("the dressing has greenish discharge on it since this morning", "wound_pus"),
        ("mum is so dizzy since the op, she fell twice in the kitchen today", "dizzy_falls"),
        ("my husband lost bladder control overnight", "bladder_bowel"),
        ("he is losing the use of his legs since the surgery on Friday", "limb_weakness"),
        ("I can't take a deep breath since lunchtime and my heart is pounding", "breathless"),
        ("after my neck op on Tuesday the front of my neck is swollen and it's hard to swallow", "neck_swelling"),
        ("the incision is bleding alot tonight", "bleeding"),
    ],
)
def test_readings_given_later_falls_and_more_lay_wordings_are_escalated(text, trigger):
    result = RULES.assess(text)
    assert result.emergency and trigger in result.fired, result


@pytest.mark.parametrize(
    "text",
    [
        "will neck surgery make it hard to swallow afterwards?",
        "my temperature is 36.9 and the wound looks fine",
        "I felt a bit dizzy standing up too fast yesterday, is that common after anaesthetic?",
        "my gran had chest pains last yr, it was reflux. Does that matter for her surgery?",
    ],
)
def test_general_questions_normal_readings_and_last_years_pains_are_not_emergencies(text):
    assert not RULES.assess(text).emergency


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        ("legs gone numb since the op, started 2 hrs ago", "limb_weakness"),
        ("bleeding thru the bandage and the pad under it", "bleeding"),
        ("why do I have chest pain and a tight feeling since I woke up?", "chest_pain"),
        ("why is my leg so weak I can't lift it?", "limb_weakness"),
        ("my husband's breathing sounds noisy and rattly tonight after his surgery", "breathless"),
        ("he is struggling to get his breath", "breathless"),
    ],
)
def test_abbreviated_times_why_questions_about_own_symptoms_and_noisy_breathing_are_escalated(text, trigger):
    result = RULES.assess(text)
    assert result.emergency and trigger in result.fired, result


@pytest.mark.parametrize(
    "text",
    [
        "I always go woozy at the sight of needles, will the anaesthetist mind?",
        "my nose bled loads in my teens, does that matter for the op?",
        "my hand went numb from leaning on it, it's fine now. how long is the hospital stay?",
        "our cat had back surgery and is wobbly on her back legs, is that normal?",
        "I've been reading about people with terrible headaches after a dural tear",
        "why do people get numb legs after spine surgery?",
        "why is saddle numbness such a worry after back operations?",
    ],
)
def test_needle_faints_teenage_memories_symptoms_gone_pets_and_reading_are_not_emergencies(text):
    assert not RULES.assess(text).emergency


def test_maybe_its_just_age_plays_the_emergency_down():
    assert RULES.asks_to_wait_or_self_treat("she's 78, maybe that's just her age?")


@pytest.mark.parametrize(
    "text",
    [
        "temp 39 n my cut is weeping yellow stuff wat do i do",
        "cant feel my legs since this morning wot do i do",
        "chest is so tight n i cant breathe properly wht do u think",
    ],
)
def test_texting_spellings_of_asking_for_advice_do_not_make_a_report_general(text):
    assert RULES.assess(text).emergency
    assert normalise("wat do u think n then") == "what do you think and then"


@pytest.mark.parametrize(
    "text",
    [
        "is there a chance the op damages a nerve and i end up with numb legs",
        "whats the chance of getting a clot in my lung after this",
        "any chance that i lose control of my bladder from the surgery",
    ],
)
def test_asking_about_chances_without_a_question_mark_is_not_a_report(text):
    assert not RULES.assess(text).emergency


def test_a_chance_question_beside_a_symptom_happening_now_is_still_a_report():
    assert RULES.assess("is there a chance this is a clot, my calf is swollen and hot since this morning").emergency


@pytest.mark.parametrize(
    "text",
    [
        "think I'm having an allergic reaction to the new tablets, my lips feel huge",
        "my tongue is going thick and itchy since the antibiotic at lunch",
        "grandad keeps asking where he is and he's talking to people who aren't there",
        "mum called me by my sister's name twice this evening and she's burning up",
    ],
)
def test_reactions_and_delirium_told_in_everyday_words_are_escalated(text):
    assert RULES.assess(text).emergency


@pytest.mark.parametrize(
    "text",
    [
        "dad gets muddled after anaesthetics, is it riskier for him this time?",
        "my foot has felt weak for about six months, could the surgery make it worse?",
        "last op I woke up wheezy, is that a common reaction to the anaesthetic?",
    ],
)
def test_habits_long_standing_weakness_and_the_last_operation_are_not_reports(text):
    assert not RULES.assess(text).emergency


@pytest.mark.parametrize(
    "text",
    [
        "she hasn't managed to pass water since the catheter came out this morning",
        "I keep failing to pee even though I'm bursting",
        "feel like I have to wee all the time but nothing comes, belly is tight",
        "he needs to go but not a drop since last night",
    ],
)
def test_every_way_of_saying_the_bladder_will_not_empty_is_escalated(text):
    assert "bladder_bowel" in RULES.assess(text).fired


@pytest.mark.parametrize(
    "text",
    [
        "I need to go to work next month but nothing is sorted with my employer",
        "I managed to pee fine this morning after they took the catheter out",
        "what if I can't manage to pee after the operation?",
    ],
)
def test_plans_and_a_bladder_that_works_are_not_reports(text):
    assert not RULES.assess(text).emergency


@pytest.mark.parametrize(
    "text",
    [
        "no puedo controlar la vejiga desde la operación",
        "my dad no pudo aguantar el intestino and didn't notice",
        "mi esposa se hizo encima y no se dio cuenta",
    ],
)
def test_spanish_losses_of_control_said_with_poder_or_encima_are_escalated(text):
    assert "bladder_bowel" in RULES.assess(text).fired


@pytest.mark.parametrize(
    "text",
    [
        "my right calf is red and hot to touch is that normal",
        "both my legs went numb this afternoon should i be worried",
        "his chest feels tight and he cant catch his breath is this normal after the op",
    ],
)
def test_a_symptom_reported_first_and_asked_about_after_without_punctuation_is_a_report(text):
    assert RULES.assess(text).emergency


@pytest.mark.parametrize(
    "text",
    [
        "is it normal to have a swollen calf after this surgery",
        "should i be worried about numb legs after spine surgery",
        "The hospital's billing office keeps dragging its feet on my claim. Is the fusion riskier?",
    ],
)
def test_asking_about_a_symptom_before_naming_it_and_idioms_are_not_reports(text):
    assert not RULES.assess(text).emergency


@pytest.mark.parametrize(
    "text",
    [
        "a mi papá se le salió el pipí en la silla y dice que no siente nada entre las piernas",
        "anoche empezó a faltarme el aire y me duele mucho del lado izquierdo del pecho",
    ],
)
def test_spanish_leaks_saddle_numbness_and_breathlessness_told_in_other_words_are_escalated(text):
    assert RULES.assess(text).emergency


@pytest.mark.parametrize(
    "text",
    ["no siento nada raro en la herida, todo bien", "antes de operarme se me salía la orina a veces, hace años"],
)
def test_nothing_unusual_and_old_leaks_in_spanish_are_not_reports(text):
    assert not RULES.assess(text).emergency


@pytest.mark.parametrize(
    "text",
    [
        "my leg is swollen and hot can it wait until monday",  # asking to wait, after the symptom
        "his breathing is weird and his face looks grey",
        "her lips have gone a bit purple since lunch",
        "no fever and my wound is oozing yellow stuff",  # the negation ends at "and my"
        "no me baja la fiebre y la herida esta roja y con pus",
        "no se nada de esto y tengo adormecida la entrepierna desde ayer",
        "le cuesta trabajo respirar y tiene una punzada en el pecho",
        "mi mamá no sabe en qué año estamos y me confunde con mi hermana",
        "la herida sigue sangrando y ya empapé dos gasas",
        "dejó de sentir el pie izquierdo en la mañana",
        "no lo puede mover, el brazo derecho, desde anoche",
        "se le hinchó el tobillo y la pierna le duele mucho",
        "me preocupa que tengo la pierna débil desde ayer",  # a worry about a symptom said to be now
    ],
)
def test_waiting_questions_blue_lips_negation_scope_and_more_spanish_wordings_are_escalated(text):
    assert RULES.assess(text).emergency, text


@pytest.mark.parametrize(
    "text",
    [
        "is it possible that nerve damage leaves a leg weak?",
        "es posible q me quede el pie debil despues de la operacion?",
        "hace ocho años tuve dolor de pecho por ansiedad, ¿eso cuenta para la anestesia?",
        "hace dos meses me dio un dolor de pecho pero era gastritis",
        "me preocupa que me quede el brazo débil si le tocan un nervio",  # a worry about the future
    ],
)
def test_possibility_questions_in_sms_spanish_and_old_chest_pain_are_not_reports(text):
    assert not RULES.assess(text).emergency, text


@pytest.mark.parametrize(
    "text",
    [
        "le sale liquidito clarito por la herida y dice que le duele la cabeza",  # diminutives
        "desde ayer me duele mucho la cabeza cuando me siento y se me quita acostada",  # "me siento": I sit
        "tengo la lengua gruesa y me silba el pecho desde que me tomé la pastilla",
        "mi papá no se acuerda ni en qué fecha estamos y le cuesta hablar",
        "m opere el lunes y ahora m cuesta respirar",  # SMS "m"
        "anoche toci y salio sangre",  # a typed "tosí"
    ],
)
def test_spanish_diminutives_wheezing_a_thick_tongue_and_sms_wordings_are_escalated(text):
    assert RULES.assess(text).emergency, text


@pytest.mark.parametrize(
    "text",
    [
        "cuando me siento mal de la espalda, ¿es normal que me duela la cabeza?",  # "me siento mal": I feel
        "mi tío tuvo un infarto hace cinco. ¿eso le sube el riesgo?",  # a number with no unit: years
        "¿es cierto que uno puede quedar sin fuerza en las piernas después de esta cirugía?",
        "everybody keeps telling me spine surgery leaves you with numb legs",  # hearsay
        "on the forum people write about awful headaches after the op, is that common?",
        "my foot went numb from kneeling in the garden but it came right after a minute",
        "one thing that keeps coming up is people getting bad headaches from a leak",
    ],
)
def test_hearsay_forums_feeling_that_came_right_and_old_events_are_not_reports(text):
    assert not RULES.assess(text).emergency, text


@pytest.mark.parametrize(
    "text",
    [
        "he's awake again and says he's fine, do we really need to ring anyone?",
        "I'll bring it up at my six week check",
        "can we just tell the surgeon at the follow up appointment",
    ],
)
def test_feeling_fine_again_or_leaving_it_for_a_later_visit_puts_off_the_care(text):
    assert RULES.puts_off_care(text) and RULES.asks_to_wait_or_self_treat(text), text


@pytest.mark.parametrize("text", ["ok we're going in now, thanks", "the nurse said to come in, we're on our way"])
def test_help_on_its_way_is_not_putting_off_care(text):
    assert not RULES.puts_off_care(text) and RULES.says_help_is_on_its_way(text), text


@pytest.mark.parametrize(
    "text",
    [
        "since lunch I've gone through four fresh dressings and the blood keeps seeping",
        "the bandage was soaked right through again within the hour",
        "I feel really light headed when I stand and my husband says I've gone grey",
    ],
)
def test_dressings_gone_through_and_light_headed_with_a_grey_look_are_escalated(text):
    assert RULES.assess(text).emergency, text


@pytest.mark.parametrize(
    "text",
    [
        "I could hardly breathe after an earlier operation under general, does that matter for this one?",
        "my grandfather's leg went weak after his op long back, is that still a risk these days?",
        "I get a bit dizzy if I skip breakfast, is that a problem for the anaesthetic?",  # dizzy, no grey look
    ],
)
def test_an_earlier_operation_long_back_and_dizziness_alone_are_not_reports(text):
    assert not RULES.assess(text).emergency, text


@pytest.mark.parametrize(
    "text",
    [
        "desde anoche no aguanto la popo, se me sale sin darme cuenta",
        "me esta costando respirar desde que me levanté",
        "me operaron el martes y cuando me siento me estalla la cabeza",
        "mi mamá está diciendo cosas sin sentido y ve gente en el cuarto que no está",
        "mi papá amaneció muy confundido y adormilado",
        "me desmalle en la cocina hace un rato",
        "me sale liquido trasparente de la erida y me duele la cabesa al pararme",
    ],
)
def test_more_spanish_wordings_of_incontinence_breathing_headache_confusion_and_fainting_are_escalated(text):
    assert RULES.assess(text).emergency, text


@pytest.mark.parametrize(
    "text",
    [
        "leí tanto sobre los riesgos que ahora estoy más confundido que antes",  # confused about the information
        "mi hija se cayó de la bici y se raspó la rodilla",  # a fall off a bike, not legs giving way
        "mi abuelo tiene incontinencia desde hace años por la próstata",
        "tengo fiebre y tos, creo que es gripa; mi cirugía es dentro de tres semanas",  # the operation is ahead
        "hace como quince años, al despertar de la anestesia, me costaba respirar",
    ],
)
def test_spanish_confusion_about_the_information_a_bike_fall_and_a_fever_before_the_operation_are_not_reports(
    text,
):
    assert not RULES.assess(text).emergency, text


def test_playing_it_down_in_spanish_asks_to_wait():
    assert RULES.asks_to_wait_or_self_treat("mi esposo dice que es por la anestesia y que no exagere")


@pytest.mark.parametrize(
    "text",
    [
        # A swelling neck after neck surgery, told at length with the trouble swallowing further on.
        "since my neck op the front of my neck has puffed up, it looks much bigger than this morning, "
        "the dressing feels tight against it and now even swallowing my own spit is hard",
        "ACDF yesterday, now neck haematoma with dysphagia",
        "my wife's voice has gone hoarse and her neck is swollen on the side of the cut",
        "me operaron del cuello por delante y ahora lo tengo muy hinchado y casi no puedo tragar",
        "a mi papá se le ve el cuello abultado y dice que le falta el aire",
        # Hives with a throat that closes, in Spanish and mixed.
        "me salieron ronchas en el pecho y siento la garganta cerrada",
        "tengo hives desde el suero y la garganta tight",
        "se me está cerrando la garganta después del antibiótico",
        # Legs that go to sleep or feel limp, past a negated sign earlier in the message.
        "no tengo calentura, pero desde anoche se me durmieron las piernas y las siento como de trapo",
        "le cuesta mucho caminar y dice que las piernas se le quedaron dormidas desde el mediodía",
        # Nonsense talk said another way.
        "mi tía habla de cosas que no tienen ningún sentido desde que salió de la operación",
        "la incisión is bleeding mucho y ya empapé tres pads",
    ],
)
def test_a_swelling_neck_hives_with_a_closing_throat_sleeping_legs_and_nonsense_talk_are_escalated(text):
    assert RULES.assess(text).emergency, text


@pytest.mark.parametrize(
    "text",
    [
        "Estoy muy confundido con tantas opiniones, ¿cómo decido si me opero?",  # confused by the choice
        "I'm so confused by all the numbers in the leaflet",
        "quisiera saber si al operarme me pueden lastimar un nervio y dejarme el pie débil",
        "¿la cirugía puede dejar a uno con las piernas dormidas?",
        "a un vecino lo operaron en otro lado y le quedó el brazo débil, ¿se puede dañar un nervio así?",
        "hace tiempo, con la cesárea, la herida se me abrió y supuraba; ¿con esta operación pasa igual?",
        "se me duerme la pierna cuando cruzo las piernas mucho rato en el trabajo",
        "mi perro me mordió la pantorrilla y está roja, ¿necesito la vacuna?",
    ],
)
def test_spanish_questions_of_possibility_other_peoples_stories_old_wounds_and_bites_are_not_reports(text):
    assert not RULES.assess(text).emergency, text


@pytest.mark.parametrize(
    "text",
    [
        "mejor se lo digo al doctor en la consulta del viernes",
        "me voy a acostar a ver si se le baja",
        "ya me tomé un ibuprofeno",
    ],
)
def test_leaving_it_for_the_visit_lying_down_or_a_pill_in_spanish_asks_to_wait(text):
    assert RULES.asks_to_wait_or_self_treat(text)


@pytest.mark.parametrize(
    "text",
    [
        "ok we'll ring now",
        "phoning them right away",
        "calling 911 now",
        "ya llegaron los paramédicos, gracias",
        "ya nos llevan",
    ],
)
def test_saying_we_will_call_now_says_help_is_on_its_way(text):
    assert RULES.says_help_is_on_its_way(text) and not RULES.puts_off_care(text)


def test_calling_later_is_not_help_on_its_way():
    assert not RULES.says_help_is_on_its_way("I might ring them tomorrow")


@pytest.mark.parametrize("text", ["ok on it", "I'm on it", "on it, dialling now"])
def test_on_it_alone_says_the_patient_is_acting(text):
    assert RULES.says_help_is_on_its_way(text)


@pytest.mark.parametrize(
    "text",
    [
        # something put on the wound is not "on it" (b46: a soaked dressing, then a towel and a hope)
        "I've pressed a cloth on it, hopefully it stops soon",
        "held a tea towel on it for ten minutes, maybe it'll settle",
        "we put tissues on it and he'll see if it dries up",
    ],
)
def test_stopping_it_at_home_and_hoping_asks_to_wait_not_help_on_its_way(text):
    assert not RULES.says_help_is_on_its_way(text)
    assert RULES.asks_to_wait_or_self_treat(text)


@pytest.mark.parametrize(
    "text",
    [
        # One run-on sentence (speech-to-text): what eased before is not the red flag told after it.
        "me operaron hace tres dias y el dolor de la cadera se me quito casi todo pero ahorita se me esta "
        "durmiendo el pie derecho y ya no lo puedo levantar",
        "the ache in my hip went away yesterday but since this morning my right foot has gone numb and floppy",
        "mi mamá habla arrastrado desde que despertó y está como atontada",
        "mi esposo me preguntó tres veces en qué ciudad estamos",
        "la gasa está empapada de sangre y sigue escurriendo",
    ],
)
def test_a_red_flag_after_something_that_eased_slurred_speech_and_a_soaked_dressing_are_escalated(text):
    assert RULES.assess(text).emergency, text


def test_a_symptom_that_went_away_after_it_was_told_is_still_resolved():
    assert not RULES.assess("se me durmió la pierna un rato pero ya se me quitó").emergency


@pytest.mark.parametrize(
    "text",
    [
        "se me duermen los dedos cuando manejo mucho, desde siempre",
        "mi suegro se desmayó en 2019 en una boda, ¿eso importa para la anestesia de mi operación?",
    ],
)
def test_habits_for_ever_and_events_in_a_past_year_in_spanish_are_not_reports(text):
    assert not RULES.assess(text).emergency, text


@pytest.mark.parametrize(
    "text",
    [
        "My cousin got a nasty wound infection with fever after her op. I'm scared that'll happen to me as well",
        "the tingling I had in my foot before the operation has gone completely, yay. When can I swim?",
        "foot went to sleep from kneeling in the garden this morning, fine after a couple of minutes",
    ],
)
def test_someone_elses_story_a_symptom_gone_completely_and_one_fine_after_a_minute_are_not_reports(text):
    assert not RULES.assess(text).emergency, text


def test_a_leg_gone_completely_numb_is_still_escalated():
    assert RULES.assess("since lunch my left leg has gone completely numb and I had surgery on Monday").emergency


def test_nearly_passing_out_typed_is_escalated():
    assert RULES.assess("keep nearly passin out when i get up, op was yesterday").emergency


@pytest.mark.parametrize(
    "text",
    [
        "rang the on-call team, they want me in tonight, my son is driving",
        "the nurse told us to come in tomorrow morning and we're getting ready",
    ],
)
def test_a_time_the_care_team_set_is_not_asking_to_wait(text):
    assert not RULES.asks_to_wait_or_self_treat(text) and RULES.says_help_is_on_its_way(text)


def test_asking_to_wait_till_the_morning_still_is():
    assert RULES.asks_to_wait_or_self_treat("could I leave it till tomorrow morning?")


@pytest.mark.parametrize(
    "text",
    [
        "desde la mañana me hice pipí en la cama dos veces sin sentirlo",
        "ya van diez horas que no consigo orinar y siento la vejiga llena",
        "se le están escapando los gases y la popó a mi papá y no se da cuenta",
        "no siento cuando me limpio y tengo acorchadas las pompis desde ayer",
        "tengo un dolor de cabeza espantoso de golpe, el peor que he tenido",
        "se le parte la cabeza a mi mamá y vomitó, empezó hace una hora",
        "cada vez que me incorporo la cabeza me revienta y acostado se me calma",
        "sale agüita por la herida desde anoche y no para",
        "la herida sangra y sangra aunque la aprieto",
        "el pijama está empapado de sangre, me operaron antier",
        "no logramos despertar bien a mi abuela, balbucea y se vuelve a dormir",
        "mi papá cree que está en su casa de hace 40 años y nos llama por otros nombres, desde anoche",
        "me desplomé en la cocina hace un rato",
        "lo operaron del cuello y ahora lo tiene más grande, no puede pasar ni la saliva",
        "después de la pastilla tengo ronchones por todo el cuerpo y la voz ronca",
        "se me hinchó la pierna izquierda desde ayer y me duele la batata",
        "no me llega el aire desde que me levanté",
        "escupí una flema con sangre y me duele al respirar",
        "se me aflojaron las rodillas y me caí, me operaron el lunes",
        "ando con calentura y de la herida sale un juguito verdoso",
    ],
)
def test_spanish_red_flags_in_the_words_families_use_are_escalated(text):
    assert RULES.assess(text).emergency, text


@pytest.mark.parametrize(
    "text",
    [
        "me da cosa quedar con la zona de abajo dormida, lo vi en un foro",
        "a un conocido le salió sangre a chorros de la herida, pero hace mucho y en otro país",
        "al principio salía un poco de líquido amarillo pero ya la herida cerró",
        "la pierna no está hinchada ni me duele, ¿sigo con las medias?",
        "no me duele la cabeza ni tengo fiebre, ¿cuándo me quitan los puntos?",
    ],
)
def test_spanish_worries_old_stories_a_healed_wound_and_negated_signs_are_not_reports(text):
    assert not RULES.assess(text).emergency, text


@pytest.mark.parametrize(
    "text",
    [
        "respiro cortito desde la tarde y me duele el costado al respirar hondo, me operaron el jueves",
        "ACDF ayer: tumefacción cervical con disfagia que va a más",
        "lo operaron del cueyo y se le esta inchando, no puede tragar la saliba",
        "tengo la pantorilla inchada y caliente, recien operada",
    ],
)
def test_spanish_side_pain_on_breathing_clinical_neck_words_and_typed_swelling_are_escalated(text):
    assert RULES.assess(text).emergency, text


@pytest.mark.parametrize(
    "text",
    [
        "¿Qué pasa si tocan un nervio durante la cirugía? ¿Puedo quedar con el pie débil?",
        "leí en un blog que te pueden romper la duramadre y da un dolor de cabeza horrible, ¿tiene arreglo?",
        "un señor de la iglesia me contó que a su hermano lo operaron y ahora tiene la pierna floja",
        "me doblé el tobillo en el partido y lo tengo hinchado, ¿hielo o calor?",
        "si algún día me saliera pus de la herida, ¿a quién llamo?",
        "mi nieta de 3 años tiene fiebre, ¿puedo ir a verla antes de mi operación?",
        "my 5 year old has a temperature, can I still have my op on Friday?",
    ],
)
def test_spanish_what_ifs_hearsay_sprains_and_a_childs_fever_are_not_reports(text):
    assert not RULES.assess(text).emergency, text


def test_a_relatives_fever_after_the_operation_is_still_escalated():
    assert RULES.assess("mi papá tiene 39 de fiebre, lo operaron el lunes").emergency


@pytest.mark.parametrize("text", ["cud the op leave me with numb feet for good", "¿y eso da dolor de cabeza?"])
def test_sms_modals_and_spanish_does_that_cause_are_questions(text):
    assert not RULES.assess(text).emergency, text


@pytest.mark.parametrize(
    "text",
    [
        "she had her back done on Friday and tonight she's suddenly all muddled and doesn't seem to know me",
        "after the operation I cannot hold the toilet, the wee comes out without control",
        "had my op yesterday and now I'm numb from the waist down",
    ],
)
def test_sudden_muddle_non_native_incontinence_and_numb_from_the_waist_down_are_escalated(text):
    assert RULES.assess(text).emergency, text


@pytest.mark.parametrize(
    "text",
    [
        "my calf went dead from sitting cross-legged on the sofa, fine after a shake",
        "I'm a bit chesty and wheezy every winter, does that matter for the anaesthetic?",
        "the vet says our labrador's back legs are weak from a disc, do you treat dogs?",
    ],
)
def test_sitting_cross_legged_a_winter_wheeze_and_a_pet_at_the_vet_are_not_reports(text):
    assert not RULES.assess(text).emergency, text


@pytest.mark.parametrize(
    "text",
    [
        "My colleague collapsed at work today and was taken to hospital. I'm four weeks after my discectomy and fine.",
        "my coworker got stung by a bee and her lips swelled up, she's ok now. should I carry antihistamines?",
        "Today at the bus stop a man fall down and not wake up. I am 5 weeks after back surgery and fine.",
        "mi vecina se desmayó en la misa hoy, ¿ustedes abren los sábados?",
    ],
)
def test_someone_outside_the_care_is_not_the_patient(text):
    assert not RULES.assess(text).emergency, text


@pytest.mark.parametrize(
    "text",
    [
        "my friend says I'm slurring my words since this morning, back op on Monday",
        "My neighbour had his back op on Monday and now he can't feel his legs",
        "I'm looking after my friend after her spine surgery and she just collapsed",
    ],
)
def test_a_bystander_who_tells_the_patients_symptom_or_had_the_operation_still_escalates(text):
    assert RULES.assess(text).emergency, text


@pytest.mark.parametrize(
    "text",
    [
        "nearly passed out laughing watching my husband try to put my socks on for me lol, all good here",
        "I nearly fainted when I saw how small the scar is, amazing",
        "should i keep drinking lots of water to stop myself getting dizzy and fainting? i'm fine now",
        "ive had numb toes on my right foot for like a yeer, surgen says the op shud help",
    ],
)
def test_nearly_fainting_with_laughter_a_purpose_of_prevention_and_a_long_standing_numbness_are_not_reports(text):
    assert not RULES.assess(text).emergency, text


def test_nearly_fainting_on_standing_after_the_operation_is_still_read():
    assert RULES.assess("I passed out when I stood up this morning, back op on Monday").emergency


# Probe x escalates 3 of 160 look-alikes (a relative on blood thinners for a clot, a long pre-operative
# story, a planner's leaflet questions). Probe y (Spanish) escalates 2 of 160, probe z (both languages) 7. The bounds
# record where they stand.
@pytest.mark.parametrize(
    ("probe", "max_alarms"),
    [
        ("probe_en_v.yml", 0.04),
        ("probe_es_w.yml", 0.04),
        ("probe_en_x.yml", 0.03),
        ("probe_es_y.yml", 0.03),
        ("probe_mixed_z.yml", 0.05),
    ],
)
def test_triage_on_the_probes_of_emergencies_and_look_alikes(probe, max_alarms):
    """Rules alone, on the probes in tests/triage/ (13 kinds of red flag told in lay words, typos, long stories,
    by carers; 16 kinds of look-alike: quoted leaflets, idioms, pets, other people): at most 3% of the
    emergencies missed and at most `max_alarms` of the look-alikes escalated."""
    import yaml

    from tests.conftest import ROOT

    cases = yaml.safe_load((ROOT / "tests" / "triage" / probe).read_text())
    missed = [c["text"] for c in cases["emergencies"] if not RULES.assess(c["text"]).emergency]
    alarms = [c["text"] for c in cases["lookalikes"] if RULES.assess(c["text"]).emergency]
    assert len(missed) <= 0.03 * len(cases["emergencies"]), missed
    assert len(alarms) <= max_alarms * len(cases["lookalikes"]), alarms


@pytest.mark.parametrize(
    "text",
    [
        "cnt control my bladder since the op, wet myself 2day",
        "my bandage is soked thru with blood n it keeps comming",
        "my mum hasnt been able to move her left leg since this morning",
        "mi esposo no rrespira bien y tiene el pecho apretado",
        "no puedo hacer orina desde ayer, me operaron el lunes",
        "sudden terrible pain in my back, way worse thn b4 the surgery",
        # blind sets b33 and b34 (first runs): an allergic rash with breathing "difficult to", drowsy and muddled
        # told in that order, "I suppose I should mention" (not a supposition), "is it normal" with the
        # patient's own words in it
        "since the antibiotic drip my skin is covered in hives and it is difficult to breathe",
        "grandad had his op tuesday, tonight hes drowsy and muddled and burning up",
        "I suppose I should say my temperature is 38.9 today and the wound is red and weeping pus",
        "is it normal that my leg is now hot, red and much fatter than the other one? op was last week",
        "Is it normal to get a pounding headache when I sit up, with clear fluid seeping from my wound?",
        "is it normal that her leg is now hot and swollen? she had the op on tuesday",
        # blind set es17 (first run): legs going numb told with the verb, and standing that has become hard
        "desde anoche se me van adormeciendo las dos piernas, me operaron hace diez días",
        "a mi papá se le entumecen las piernas desde ayer y le cuesta sostenerse de pie",
    ],
)
def test_texting_spellings_typos_and_plain_words_of_a_red_flag_are_escalated(text):
    assert RULES.assess(text).emergency
    assert normalise("cnt sleep 2day or 2nite") == "cant sleep today or tonight"


@pytest.mark.parametrize(
    "text",
    [
        "Si después de la operación se me hinchara una pierna, ¿sería un coágulo?",
        "Tengo hormigueo en la pierna desde hace meses, no es nada nuevo. ¿La cirugía puede dañar el nervio?",
        "La última vez que me durmieron desperté con el pecho apretado, y ahora me van a operar otra vez.",
        "My calves cramp a bit after long runs, it goes away if I stretch. Any tips?",
        "This insurance paperwork is giving me a splitting headache! Which form do I need?",
        "My cat had spinal surgery at the vet last week and her wound is a bit weepy.",
    ],
)
def test_suppositions_memories_idioms_and_animals_are_not_escalated(text):
    assert not RULES.assess(text).emergency


@pytest.mark.parametrize(
    "text",
    [
        "the wound's been bleedin' through two pads in the last hour",
        "his right foot started draggin' when he walks, he can't pull his toes up",
        "since last evening he is talking confused, not recognising my mother",
        "Is it normal to be coughing up bits of blood five days after a discectomy?",
        "cuando me paro siento que la cabeza me va a reventar y acostada se me calma",
        "desde anoche no orino nada y no siento ganas, me operaron el martes",
        "me levanté y se me fue todo a negro, cuando abrí los ojos estaba en el piso",
        "tengo el pie izquierdo colgando, tropiezo con todo, me operaron la semana pasada",
    ],
)
def test_dialect_spellings_and_told_not_named_red_flags_are_escalated(text):
    assert RULES.assess(text).emergency


@pytest.mark.parametrize(
    "text",
    [
        "cn dey damage nerves n leave me wit weak legs??",
        "Watched a medical drama last night where a patient collapsed from a clot. Are those shows realistic?",
        "supongamos q me desmayo en la casa despues de la operacion, tengo q ir al hospital?",
        "mi carro esta soltando un liquido transparente abajo del motor jaja",
        "Me va a dar un infarto cuando vea la cuenta del hospital, jaja",
        "¿Qué consecuencias tiene una durotomía incidental con fístula de líquido cefalorraquídeo?",
    ],
)
def test_questions_fiction_cars_and_idioms_are_not_escalated(text):
    assert not RULES.assess(text).emergency


@pytest.mark.parametrize(
    "text",
    [
        "Is it normal for the wound to be hot and swollen, and should I worry that I've got a fever of 39?",
        "he stood up and went down like a sack of potatoes, out for maybe half a minute",
        "rash all over n my face is swolen after the antibiotcs, throat feels tite",
        "el parche está mojado con algo transparente, no es sangre, y sigue saliendo",
        "esta mañana se ha levantado muy desorientado, no reconoce bien a los nietos",
        "desde que desperté de la operación no muevo bien el pie izquierdo",
    ],
)
def test_reports_put_as_questions_or_told_in_passing_are_escalated(text):
    assert RULES.assess(text).emergency


@pytest.mark.parametrize(
    "text",
    [
        "what temp counts as a fever? setting up my new thermometer",
        "una vez me desmayé cuando me sacaron sangre, ¿la anestesia me puede dar problemas?",
        "si unos días después me da fiebre, ¿es porque se infectó? pregunto para saber antes de operarme",
        "¿Qué pasa si hay daño de nervio? ¿Queda uno con debilidad en las piernas?",
    ],
)
def test_definitions_old_faints_and_spanish_what_ifs_are_not_escalated(text):
    assert not RULES.assess(text).emergency


@pytest.mark.parametrize(
    "text",
    [
        "woond is leeking pus and i have a feever of 39.2 sinse last nite",
        "After operation my leg is very swell and red, and also now I breathe difficult.",
        "I keep wetting myself without noticing since yesterday. Had my back done last week.",
        "no me para de sangrar la herida, ya traspasó la camiseta",
    ],
)
def test_misspelt_and_non_native_red_flags_are_escalated(text):
    assert RULES.assess(text).emergency


@pytest.mark.parametrize(
    "text",
    [
        # speech without commas: the "no" belongs to "está bien"; "está como ido" is affirmed
        "mi papá no está bien está como ido no sabe dónde está no lo puedo despertar bien lo operaron el lunes",
        "my husband is not himself he is confused and cant say where he is, op was monday",
    ],
)
def test_a_negation_reaches_no_further_than_a_second_statement(text):
    assert RULES.assess(text).emergency, text


@pytest.mark.parametrize("text", ["no tengo fiebre", "no sé si tengo fiebre, me operaron el lunes"])
def test_a_negation_still_covers_its_own_verb_and_what_it_is_unsure_of(text):
    assert not RULES.assess(text).emergency, text


@pytest.mark.parametrize(
    "text",
    [
        "El papel del alta dice «fiebre de más de 38 o pus en la herida». ¿Por qué 38? Yo estoy bien.",
        "the discharge sheet says 'call 911 if chest pain or shortness of breath', is that the same in Canada?",
        "Leí en la hoja «debilidad nueva en las piernas» y me quedé con miedo. ¿Cómo sé si es nueva?",
        "la hoja que me dieron dice que si se me hincha la cara vaya a urgencias, yo estoy bien",
    ],
)
def test_the_warnings_a_leaflet_lists_are_not_the_patients_symptoms(text):
    assert not RULES.assess(text).emergency, text


@pytest.mark.parametrize(
    "text",
    [
        "Discharge sheet says 'call us if you get a fever above 38 or pus from the wound'. I have both now: "
        "a temperature of 38.6 and pus coming out of the cut",
        "the leaflet says to call if your calf swells, and my calf is swollen red and hot since this morning",
        "I checked the dressing like the leaflet says and it was soaked through with blood, it keeps coming",
        "El folleto dice que vigile la fiebre. Hoy tengo 39 y la herida está roja y sale pus.",
    ],
)
def test_a_symptom_told_beside_or_after_a_leaflets_words_is_still_the_patients(text):
    assert RULES.assess(text).emergency, text


@pytest.mark.parametrize(
    "text",
    [
        "all of a sudden the pain in my lower back is unbearable and I can't get out of bed, op was on tuesday",
        "de golpe un dolor insoportable en la espalda, no me puedo levantar, me operaron el jueves",
        "sangra mxo la herida y ya cambié 4 gasas en una hora",
        "the wound keeps bleeding, I've gone through three dressings since lunch",
        "m duele el pecho y m falta el aire, m operaron hace 3 dias",
        "siento como si estuviera sentada en una almohada: no siento las nalgas ni las partes desde ayer",
        "no puedo tragar ni respirar bien desde la operación del cuello",
        "mi papá ya no habla normal, las palabras le salen mezcladas y cuesta despertarlo",
        "me meo encima sin darme cuenta desde anoche, me operaron el martes",
    ],
)
def test_red_flags_told_in_plain_texting_or_coordinated_words_are_escalated(text):
    assert RULES.assess(text).emergency, text


@pytest.mark.parametrize(
    "text",
    [
        "the pain before the operation was unbearable, some days I couldn't get out of bed; will the op fix that?",
        "mi mamá tiene gripe con algo de fiebre, a ella no la han operado de nada, ¿qué le doy?",
        "Hace 4 años me desmayé en una boda por el calor. Ahora quiero saber si la anestesia es segura.",
        "No, no siento nada dormido ni en las piernas ni en ningún lado, ¿puedo tomar café?",
        "which painkillers are safe while breastfeeding after the operation?",
        "if my legs ever went weak afterwards, would that be the nerve damage? everything is normal right now",
    ],
)
def test_what_only_sounds_like_a_red_flag_is_not_escalated(text):
    assert not RULES.assess(text).emergency, text


@pytest.mark.parametrize(
    "text",
    [
        "my neck's swelling up at the front and swallowing's got really hard, had acdf on monday",
        "Last night I had a strange episode where I woke up gasping and my chest felt squeezed, still there now",
    ],
)
def test_a_nouns_s_and_a_medical_episode_do_not_hide_a_red_flag(text):
    assert RULES.assess(text).emergency, text


@pytest.mark.parametrize(
    "text",
    [
        "playing a game where my character is bleeding out and paralysed lol, are long sessions bad for my back?",
        "POD 10: afebrile, incision clean and dry, no drainage, calves soft and non-tender. Any reason to come early?",
        "numb feet for years from diabetes, nothing new since the op. can I walk barefoot?",
        "My baby had a small fever yesterday, the doctor checked and said it is her teeth. Can I carry her yet?",
    ],
)
def test_a_game_a_negated_note_an_unchanged_numbness_and_a_checked_baby_are_not_reports(text):
    assert not RULES.assess(text).emergency, text


@pytest.mark.parametrize(
    "text",
    [
        "POD 5 after MIS TLIF, abrupt onset 10/10 back pain not controlled by oxycodone",
        "Estornudé, sentí un crujido en la espalda y ahora el dolor es terrible. Me operaron hace 6 días.",
        "de repente un dolor mucho peor que el de la operación y no me deja ni acostarme, me operaron el lunes",
        "se le doblaron las piernas al levantarse, no tenía fuerza ninguna, lo operaron hace una semana",
        "se ha llenado todo el vendaje de sangre y la sangre se me corre por la espalda, me operaron el martes",
    ],
)
def test_sudden_severe_pain_legs_giving_way_and_a_filled_dressing_are_escalated(text):
    assert RULES.assess(text).emergency, text


@pytest.mark.parametrize(
    "text",
    [
        "My calf was swollen so I went to the ER, the ultrasound showed no clot, it's a pulled muscle. Can I exercise?",
        "tenía la pierna hinchada y me hicieron una ecografía doppler, sin trombo. ¿cuánto tarda en bajar?",
        "Soy fisioterapeuta: cuando un paciente operado nota el pie más débil en la sesión, ¿cuándo lo derivan?",
        "Se me doblaron las piernas de la emoción cuando vi a mis nietos. Ya estoy en casa y todo va bien.",
        "My head is exploding with all the insurance forms, haha. The back is good.",
    ],
)
def test_a_negative_scan_a_general_professional_question_and_idioms_are_not_reports(text):
    assert not RULES.assess(text).emergency, text


@pytest.mark.parametrize(
    "text",
    [
        "the incision has come apart at the bottom and I can see something underneath, op was last week",
        "se me abrió la herida y se ven los puntos sueltos, me operaron hace 8 días",
        "creo que no es urgente, pero me sigue saliendo sangre de la herida, ya cambié la gasa 4 veces en 1 hora",
        "Dolor lumbar súbito e intenso, mucho peor que antes de la cirugía, no puedo ni moverme.",
        "ahora no reconoce a nadie y está muy confundida, la operaron hace tres días",
    ],
)
def test_an_opened_wound_a_downplayed_bleed_and_sudden_pain_are_escalated(text):
    assert RULES.assess(text).emergency, text


@pytest.mark.parametrize(
    "text",
    [
        "yo tuve un infarto hace como ocho años y ahora me quieren operar la columna, ¿cuenta?",
        "Hace treinta años, con la cesárea, me costaba jalar aire con la anestesia. ¿Me puede volver a pasar?",
        "tengo dos discos salidos y la pierna derecha se me duerme, por eso me operan",
        "My wife fainted one time at the pharmacy last year from low sugar, now she is ok. Can she stay with me?",
    ],
)
def test_old_events_the_reason_for_the_operation_and_a_recovered_relative_are_not_reports(text):
    assert not RULES.assess(text).emergency, text


@pytest.mark.parametrize(
    "text",
    [
        # A carer's report now, whatever question follows it
        "my husband has chest pain after his surgery, how common is that?",
        "my mum is short of breath, is that common after this op?",
        "mi mamá está sangrando mucho de la herida, ¿es normal?",
        # Bleeding said with a word of strength, swollen eyelids, a little short of air, a long pain description
        "tengo un sangrado fuerte en la espalda donde me operaron",
        "mi mamá está con sangrado abundante de la herida",
        "se me hincharon los párpados y me pica todo el cuerpo",
        "le falta algo de aire a mi esposo desde anoche",
        "siento un dolor muy agudo y punzante en el pecho",
    ],
)
def test_carers_reports_strong_bleeding_swollen_eyelids_and_a_little_breathlessness_are_escalated(text):
    assert RULES.assess(text).emergency, text


@pytest.mark.parametrize(
    "text",
    [
        "Mi papá tuvo un infarto hace poco pero yo estoy bien. ¿Eso cambia mis riesgos?",
        "My brother had a heart attack last month but I'm healthy. Does his history affect my risk?",
        "Mi hijo tiene fiebre por una gripa, ¿puede ir conmigo el día de mi cirugía?",
        "my daughter has a fever from a cold, can she come with me on the day of my surgery?",
        "tengo los ojos hinchados de tanto llorar por los nervios de la operación",
        "una vecina decía que le dio fiebre alta al salir del hospital, ¿es lo mismo en esta cirugía?",
        "my wife is dead against the operation and my leg pain is the same as ever, what should I ask?",
    ],
)
def test_a_relatives_past_illness_a_relatives_cold_and_tears_are_not_reports(text):
    assert not RULES.assess(text).emergency, text


@pytest.mark.parametrize(
    "text",
    [
        # A sudden headache, the worst of one's life, with vomiting or double vision
        "hace una hora me dio un dolor de cabeza de golpe, como un rayo, y ya vomité",
        "me duele la nuca, es el peor dolor que he sentido en mi vida",
        "tengo dolor de cabeza desde la mañana y ahora veo todo doble",
        # Numbness of the saddle area and an urge no longer felt, in Spanish
        "desde anoche no siento casi nada alrededor del ano",
        "mi esposo no siente nada en los testículos ni en la entrepierna desde ayer",
        "desde ayer no siento cuando tengo ganas de orinar",
        "mi papá se ha mojado los pantalones dos veces hoy sin darse cuenta",
        "hoy no pude aguantar la evacuación y no me di cuenta",
        # The worst pain of one's life, a dreadful pain told after its place, 10 out of 10 said later on
        "a mi hermana le vino de repente el peor dolor de su vida en la espalda",
        "tengo un dolor en la cintura de repente, horroroso, no me deja ni moverme",
        "my back pain suddenly got much worse tonight, I'd say it's a 10 out of 10",
    ],
)
def test_spanish_words_for_a_sudden_headache_saddle_numbness_incontinence_and_the_worst_pain(text):
    assert RULES.assess(text).emergency, text


@pytest.mark.parametrize(
    "text",
    [
        "Lo que más nos asusta es que quede más débil de las piernas después de la operación.",
        "me preocupa mucho que le pase algo en los nervios durante la cirugía",
        "hace un año me operaron de la rodilla y ya estoy bien",
        "at the start of the year I had a bad headache for a day, it went away",
        "Is it normal to have a swollen calf after this kind of surgery?",
        "Suppose I got a fever and the wound went red after the op, what would that mean?",
        "si me quedara paralítico me daría un infarto del susto",
        "hace años mi tía tuvo fiebre después de una cesárea, ¿por qué da fiebre después de operarse?",
        "llevo un año con adormecimiento en la pierna por la hernia",
        # "uno": anyone, in general ("can the anaesthetic leave one short of air?")
        "oye y la anestesia general puede hacer que uno se quede sin aire o algo asi",
        "¿la cirugía esa puede hacer que uno quede sin fuerza en las piernas?",
    ],
)
def test_a_fear_of_what_may_come_and_a_year_are_not_reports(text):
    assert not RULES.assess(text).emergency, text


@pytest.mark.parametrize(
    "text",
    [
        "would an antihistamine and bed be enough",
        "is it enough if I call them tomorrow?",
        "¿con un antihistamínico y a la cama basta?",
        "si me tomo una pastilla para la alergia, ¿es suficiente?",
    ],
)
def test_asking_whether_an_allergy_pill_or_bed_would_be_enough_asks_to_self_treat(text):
    """After an emergency reply these get the advice again (actions/emergency_follow_up.py)."""
    assert RULES.asks_to_wait_or_self_treat(text), text


def test_feeling_told_with_its_last_letter_lost_is_still_read():
    assert RULES.assess("me operaron ayer y no sient las piernas, ayuda").emergency
    assert RULES.assess("no sieto el pie izquierdo desde la cirugia").emergency


@pytest.mark.parametrize(
    "text",
    [
        # a reading makes "is it normal to have..." the patient's own (blind sets b36, b37)
        "Is it normal to have a fever of 39 and the wound gaping open a bit? And when can I shower?",
        "is it normal to have a fever of 39.5 and the cut opening up a bit? had surgery on the 3rd",
        "is it normal to have a temperature of 38.6 with the cut a bit red?",
        # "since then" after an operation is now
        "I had my op on Monday. Since then my left leg has gone weak and numb.",
        # "normally" as the manner of breathing is no baseline
        "I cant breathe normally",
        "my husband collapsed in the kitchen",
    ],
)
def test_a_reading_a_deficit_since_the_operation_and_breathing_not_normally_are_escalated(text):
    assert RULES.assess(text).emergency, text


@pytest.mark.parametrize(
    "text",
    [
        "bit of bruising round the stitches, nothing hot or weeping, temp normal. how often do these get infected",
        "she has a bit of a wheeze normally, does that matter?",
        "And headache come from this?",
        "Now the same level has collapsed and slipped forward a bit, is a fusion riskier?",
        "I herniated a disc lifting a washing machine last spring. Since then it's been grim: numb toes, can't sleep.",
        "me puede quedar devilidad en las piernas si lastiman un nervio en la sirugia",
        "cuando me puedo bañar y mojar la herida",
        "Is it normal to have a fever after surgery?",
    ],
)
def test_nothing_of_the_sort_a_baseline_a_collapsed_disc_and_what_could_be_left_are_not_reports(text):
    assert not RULES.assess(text).emergency, text


@pytest.mark.parametrize("text", ["bueno ya voy para alla", "vamos pa urgencias"])
def test_on_the_way_to_the_hospital_in_spanish_says_help_is_on_its_way(text):
    assert RULES.says_help_is_on_its_way(text)
    assert not RULES.says_help_is_on_its_way("ya voy a esperar a mañana")


@pytest.mark.parametrize(
    "text",
    [
        # bowel or bladder control lost, in a learner's words (b40)
        "I make poo in my bed and I did not feel it coming, after the back operation",
        "my father did pee on the sheets and he dont feel it come out",
        "I make poo in bed and I not feel it coming, after operation",
        # coughing blood with a few words between, breathing hard (es20)
        "mi abuela tosió con un poquito de sangre hace un rato",
        "la noto que respira muy agitada desde la tarde",
        # a reading is not a decade; the feeling in the legs gone
        "I'm short of breath and my oxygen is in the 80s",
        "the feeling in my legs was gone when I woke up",
        # a throat that closes after a medicine given now is not an allergy history
        "my throat is closing up after some medicine the nurse gave me",
    ],
)
def test_soiling_unnoticed_blood_in_a_cough_hard_breathing_and_lost_feeling_are_escalated(text):
    assert RULES.assess(text).emergency, text


@pytest.mark.parametrize(
    "text",
    [
        # gone before the message is written (b39)
        "On day two I had a headache, but after a drink and a sleep it was gone. Since then nothing at all. "
        "I sit and stand fine. What is a dural tear?",
        "Last month I had flu with a high fever for a few days. I'm completely better now. Can I still have the op?",
        # an allergy history (b40); a relative's past (b40)
        "My lips swell up with certain antibiotics. Is an allergic reaction to the anaesthetic likely?",
        "What worries me is this: my uncle had back surgery in the 1970s and was left with a weak leg for the "
        "rest of his life. How likely is nerve damage now?",
        # the impersonal "uno" asks in general (es20)
        "una pregunta, se puede quedar uno con debilidad en las piernas despues de la cirugia?",
    ],
)
def test_a_symptom_that_was_gone_an_allergy_history_a_relatives_old_story_and_uno_are_not_reports(text):
    assert not RULES.assess(text).emergency, text


def test_the_nurse_or_doctor_called_in_spanish_says_help_is_on_its_way():
    assert RULES.says_help_is_on_its_way("ok ya llamaron a la enfermera y al medico de guardia")
    assert RULES.says_help_is_on_its_way("ya avisamos a la doctora")


@pytest.mark.parametrize(
    "text",
    [
        # others seen or read about (b41)
        "I work nights in a care home and I've seen a few residents come back from theatre groggy and wheezy. "
        "Is breathing trouble from the anaesthetic a real risk?",
        "Some of the people posting on the forum say their surgeon nicked a nerve and now they have weakness in a "
        "leg. How likely is that?",
        "Leaks of spinal fluid keep coming up, with people describing weeks of terrible headaches. What is a tear?",
        # gone now, said the other way round (b41)
        "I had a fever with a cold two weeks ago, now it is gone. Will they still operate?",
        # under the anaesthetic is during the operation (es21)
        "me da miedo la anestesia, que me quede sin aire mientras estoy dormida. puede pasar?",
        "could I stop breathing while I'm under?",
    ],
)
def test_others_seen_or_read_about_a_fever_now_gone_and_fears_of_the_anaesthetic_are_not_reports(text):
    assert not RULES.assess(text).emergency, text


@pytest.mark.parametrize(
    "text",
    [
        "Help, my leg no se mueve. After surgery yesterday.",
        "mi pierna no se mueve desde ayer",
        "I woke up from the anaesthetic an hour ago and I can't breathe properly",
    ],
)
def test_a_leg_that_does_not_move_in_spanish_and_breathlessness_after_the_anaesthetic_are_escalated(text):
    assert RULES.assess(text).emergency, text


def test_a_leg_that_would_go_numb_asked_in_the_subjunctive_names_the_weakness_it_asks_about():
    result = RULES.assess("y si despues de la cirugia se me durmiera la pierna?")
    assert not result.emergency and result.asked_about == ["limb_weakness"]


@pytest.mark.parametrize(
    "text",
    [
        # a habit, with the swelling denied before its word (b42)
        "I always get cramps in my calves after a long run but nothing's swollen. Should I keep running before the op?",
        "my fingers go numb at night from the old wrist problem, what are the risks of the spine op?",
        # the outcome of the operation feared (b42)
        "What scares me is coming out of the surgery with a foot that won't lift. How often does that happen?",
        # words about the message, not a person (b42)
        "Typed this on my phone so excuse the typos and ignore the bits that don't make sense. Is a fusion riskier?",
        # under the anaesthetic (b43)
        "Do they ask before switching to open surgery, or is it decided while I'm out?",
        # suppositions in Spanish, with "right now nothing" and "nowadays" (es22)
        "si despues de la operacion se me duerme el pie, que pasa? ahorita no tengo nada, nomas pregunto",
        "A mi tío lo operaron en los 70 y quedó con la pierna débil para siempre. ¿Todavía pasa hoy en día?",
        "Si el cirujano toca un nervio, ¿pie queda dormido?",
    ],
)
def test_habits_feared_outcomes_words_about_the_message_and_spanish_suppositions_are_not_reports(text):
    assert not RULES.assess(text).emergency, text


@pytest.mark.parametrize(
    "text",
    [
        "my legs have gone weird and really heavy since lunch and I keep tripping, op was Tuesday",
        "nothing's changed at the wound but my calf is swollen and hot since last night",
        "my hands go numb at night since the operation and now in the day too",
        "si me duerme la pierna desde ayer y no la puedo levantar, me operaron el lunes",
        "he keeps saying things that don't make sense since he came home from the hospital",
    ],
)
def test_heavy_legs_and_tripping_a_swollen_calf_and_new_numbness_since_the_operation_are_escalated(text):
    assert RULES.assess(text).emergency, text


def test_a_son_taking_the_patient_in_spanish_says_help_is_on_its_way():
    assert RULES.says_help_is_on_its_way("ok, mi yerno me va a llevar ya")
    assert RULES.says_help_is_on_its_way("mi esposo me esta llevando al hospital")


@pytest.mark.parametrize(
    "text",
    [
        "Tengo un problema urgente ahora mismo, ayuda",
        "I have an urgent symptom, what do I do",
        "this is an emergency please help me",
    ],
)
def test_an_emergency_said_without_naming_it_is_escalated(text):
    assert RULES.assess(text).emergency, text


@pytest.mark.parametrize(
    "text",
    [
        "what counts as an emergency after the operation?",
        "¿es una emergencia?",
        "no es una emergencia, solo una duda",
        # snoring, and a fear said with an infinitive (es23)
        "la anestesia es peligrosa si ronco y me quedo sin aire dormido?",
        "a mi esposo lo que mas le preocupa es quedarse sin fuerza en los brazos",
        # treated and well since (es23)
        "despues de la operacion me dio dolor de cabeza al pararme, me trataron y estoy bien desde hace dos meses",
        # swelling that is mild and daily (es23)
        "tengo varices y se me hinchan un poco los pies al final del dia, es riesgo para trombos?",
    ],
)
def test_questions_about_emergencies_snoring_infinitive_fears_treated_and_mild_swelling_are_not_reports(text):
    assert not RULES.assess(text).emergency, text


@pytest.mark.parametrize(
    "text",
    [
        # one side of the face drooping, speech that fails (a stroke)
        "since lunch my wife's mouth is hanging down on the left side",
        "my dad's face went droopy on one side after the op",
        "a mi abuela se le torció la boca de repente",
        "he can't talk properly and his words come out wrong",
        # no urge before the urine came
        "pee came out and I didn't realise I had to go, surgery was tuesday",
        "she doesnt even know she needs to wee until it's happened",
        # a confused older patient, with an old date as an aside
        "my dad has been away with the fairies all evening and didn't recognise her",
        "my sister phoned ten minutes ago, mum is burning up (she moved here in 1998). She took her temp, it was 39.1. "
        "She was fine at lunch.",
        # a dressing soaked again at once, blood on the floor, going pale and dizzy
        "we put a fresh dressing on and the new one is drenched already",
        "his back is bleeding loads and it's dripping onto the carpet",
        "she's gone very pale and says she's dizzy",
        # the saddle described as "where one sits"
        "tengo dormida la parte donde uno se sienta desde ayer",
    ],
)
def test_face_drooping_no_urge_confusion_with_an_aside_soaked_dressings_and_the_seat_area_are_escalated(text):
    assert RULES.assess(text).emergency, text


@pytest.mark.parametrize(
    "text",
    [
        # a fear of what the operation may do
        "my wife is scared the surgery might leave her arms numb, how often does that happen?",
        # well again since a week or more, said of oneself
        "I had a high temperature two weeks ago but I'm completely fine now, can the op go ahead?",
        "twisted my calf at football on saturday and it's totally fine today",
        # long-standing without "for", a current hernia, a father's story in the Spanish preterite
        "my uncle has numb feet many years from sugar, not the patient",
        "hace como treinta años se me durmió el brazo una semana, ¿tiene que ver con mi disco de ahora?",
        "hace diez años operaron a mi tío, se le hinchó la pierna y a los días se murió. ¿me puede pasar?",
        # a dentist's numbing, talking about feelings
        "my lip droops on one side since the dentist's injection this morning",
        "I can't talk properly about the op without getting upset",
    ],
)
def test_fears_recoveries_old_stories_and_figures_of_speech_are_not_reports(text):
    assert not RULES.assess(text).emergency, text


@pytest.mark.parametrize(
    "text,trigger",
    [
        # a person the writer looks after, or one operated on days ago, is in the care, not a passer-by
        (
            "cuido a una señora operada de la columna el lunes y ahora tiene la pantorrilla hinchada y caliente",
            "swollen_calf",
        ),
        (
            "I'm her carer and a lady next door had her op on friday, now her calf is swollen and very sore",
            "swollen_calf",
        ),
        # speech that comes out wrong, a face lower or droopy on one side with a hedge, a hand that won't grip
        ("since lunch mum's words keep coming out wrong and muddled", "confusion"),
        ("his speech came out all jumbled a few minutes ago", "confusion"),
        ("her smile looks sort of lower on the right side since she woke up", "face_droop"),
        ("the left side of dad's face looks a bit droopy tonight", "face_droop"),
        ("his right hand wouldn't grip the spoon at breakfast, operated tuesday", "limb_weakness"),
    ],
)
def test_a_person_in_ones_care_and_a_stroke_told_with_hedges_are_escalated(text, trigger):
    result = RULES.assess(text)
    assert trigger in result.fired, (text, result)


@pytest.mark.parametrize(
    "text",
    [
        # a story dated after it is told, across past-tense sentences
        "My cousin had a spinal op and they tore the membrane. He had splitting headaches each time he stood. "
        "That was ages ago and he is fine. How likely is a tear for me?",
        "Cuando me pusieron la epidural me dolía la cabeza al sentarme. Me dieron reposo una semana. "
        "Fue hace seis años. ¿La rotura de la dura es algo así?",
        "back when I played rugby my calf swelled up and went red, is that a clot risk for this op?",
        # one past occasion, another operation as the time, a question put as a condition
        "mi tía es alérgica, una vez con un antibiótico se le cerró la garganta. ¿La anestesia es segura para ella?",
        "¿qué tan segura es la anestesia? a mi primo le faltaba el aire cuando lo operaron de la vesícula",
        "¿Si se rompe la dura, sale líquido y duele la cabeza?",
    ],
)
def test_stories_dated_afterwards_single_past_occasions_and_conditional_questions_are_not_reports(text):
    assert not RULES.assess(text).emergency, text


def test_a_symptom_treated_since_and_well_again_is_not_a_report_but_one_still_there_is():
    assert not RULES.assess(
        "My wound was red and hot with a fever on Friday, the hospital gave me antibiotics and I'm much better now. "
        "What raises the chance of an infection?"
    ).emergency
    assert RULES.assess("they gave me antibiotics on monday but now there's pus and a fever of 39").emergency


@pytest.mark.parametrize(
    "text,trigger",
    [
        ("le cuesta controlarse, ya no aguanta la orina desde que lo operaron el lunes", "bladder_bowel"),
        (
            "her mouth is going down at the left side and her words are coming funny, since ten minutes ago",
            "face_droop",
        ),
        ("his words are coming out wrong since he woke up from his nap, op was friday", "confusion"),
        (
            "dropped the remote and could not pick it up with his right hand just now, his op was monday",
            "limb_weakness",
        ),
        # a calf that is red and hot, in a long message that also says "arrancar" (respelled near "araña")
        (
            "el doctor dijo que arrancara la terapia en dos semanas. desde ayer tengo la pantorrilla hinchada, "
            "roja y caliente",
            "swollen_calf",
        ),
        # a habit told with "when", but since yesterday's operation
        ("my feet go numb when I sit up, started after the op yesterday", "limb_weakness"),
    ],
)
def test_incontinence_in_spanish_more_stroke_wordings_and_a_habit_since_the_operation_are_escalated(text, trigger):
    result = RULES.assess(text)
    assert trigger in result.fired, (text, result)


@pytest.mark.parametrize(
    "text",
    [
        # a time inside a "what if"
        "what if I run a fever a week after the op, would that mean an infection?",
        # a symptom that cleared by itself
        "two weeks ago I had a headache when standing for a couple of days but it went away on its own. was it a leak?",
        # a habit told with "when"
        "my legs get tingly when I stand at the counter too long, will surgery fix that?",
        # what the operation might do, feared in the Spanish subjunctive
        "¿puede pasar que la cirugía me deje la pierna débil o que me lastimen un nervio?",
        # a cat's scratch on the calf
        "mi perro me arañó la pantorrilla y está roja, ¿necesito vacuna?",
    ],
)
def test_supposed_times_symptoms_that_cleared_habits_and_feared_outcomes_are_not_reports(text):
    assert not RULES.assess(text).emergency, text


@pytest.mark.parametrize(
    "text,trigger",
    [
        # fainting and confusion in Southern and Appalachian words
        ("grandma had a dizzy spell and fell out by the sink, now she aint making any sense, op tuesday", "fainting"),
        ("grandma had a dizzy spell and fell out by the sink, now she aint making any sense, op tuesday", "confusion"),
        ("papaw fell out on the porch an hour ago, he had his back op last week", "fainting"),
        # a bowel or bladder that cannot be held, told with a pronoun; the Chilean word for the backside
        ("a mi papá no se le aguanta la caca desde ayer, lo operaron el lunes", "bladder_bowel"),
        ("desde anoche no siento nada en el poto, me operaron de la columna", "saddle_numbness"),
    ],
)
def test_a_spell_and_falling_out_pronouns_before_holding_it_and_the_chilean_backside_are_escalated(text, trigger):
    assert trigger in RULES.assess(text).fired, (text, RULES.assess(text))


@pytest.mark.parametrize(
    "text",
    [
        # a language spoken badly is no failing speech
        "mi papá no habla bien inglés, ¿tienen a alguien que traduzca en la cita?",
        "mi abuela no puede hablar bien el español, solo quechua, ¿hay intérprete?",
        # an indirect question about what the operation might do
        "mi pregunta es si me pueden tocar un nervio y que se me quede la pierna dormida",
        "I'm wondering if the op could leave my foot numb for good",
        # seen at the ER since and put right there
        "the wound was leaking clear stuff and I had a pounding headache so we went to the ER and they fixed it. "
        "how often does that happen?",
        "tuve fiebre el domingo, fui a urgencias y ya me revisaron, ¿es común la infección?",
        # hair or stitches that fell out are not a faint
        "my hair fell out after the last op, will it happen again?",
    ],
)
def test_a_language_spoken_badly_indirect_questions_and_care_already_given_are_not_reports(text):
    assert not RULES.assess(text).emergency, (text, RULES.assess(text))


def test_an_antibiotic_given_before_a_new_swelling_is_no_treatment_since():
    text = "le pusieron un antibiótico en la mañana y ahora se le hinchan los labios y le cuesta respirar"
    assert RULES.assess(text).emergency


@pytest.mark.parametrize(
    "text",
    [
        "the ambulance came and took him, he is stable now. while I wait here, is a clot common after this?",
        "we are in the ED and they have started treatment, can I ask about recovery?",
    ],
)
def test_the_crew_arrived_or_treatment_started_says_care_has_reached_them(text):
    assert RULES.says_care_has_reached_them(text)


@pytest.mark.parametrize("text", ["no quiero molestar a los paramédicos por esto", "no queremos dar lata, mejor luego"])
def test_not_wanting_to_bother_anyone_in_spanish_puts_off_care(text):
    assert RULES.puts_off_care(text)


@pytest.mark.parametrize(
    "text,trigger",
    [
        # Caribbean English: "cyaan" for can't, "dis" for this, the g dropped without an apostrophe
        ("granny cyaan lift she left foot since dis evenin, she had the spine op tuesday", "limb_weakness"),
        ("he been talkin funny since lunch and his op was friday", "confusion"),
        # "me" for "my"; a chest that is killing the patient
        ("can't catch me breath at all, op was monday", "breathless"),
        ("his chest is killing him since he got home from the op", "chest_pain"),
        # a limb named before as a pronoun; a limb gone to sleep with its d dropped
        ("el brazo derecho, no lo siento desde anoche, me operaron el jueves", "limb_weakness"),
        ("tengo el pie dormío desde esta mañana y me operaron ayer", "limb_weakness"),
        ("de repente tengo la pierna dormida, me operaron el lunes", "limb_weakness"),
        # the condition named, but the weakness is sudden or the operation done: still escalated
        (
            "I have a slipped disc and my op is booked for May, but since this morning my right leg is numb",
            "limb_weakness",
        ),
        ("they fixed my herniated disc on Monday and now I cant move my legs", "limb_weakness"),
    ],
)
def test_caribbean_words_me_for_my_pronoun_limbs_and_sudden_weakness_beside_a_disc_are_escalated(text, trigger):
    assert trigger in RULES.assess(text).fired, (text, RULES.assess(text))


@pytest.mark.parametrize(
    "text",
    [
        # the condition the operation is for, named as the cause, with the operation ahead
        "I've got a bulging disc that makes my left foot numb, and my surgeon wants to do a keyhole decompression. "
        "What are the risks?",
        "tengo una hernia lumbar que me tiene la pierna dormida y me quieren operar en enero, ¿es peligroso?",
        # long-standing in number words past twelve, "going on", the last few years, since a young age
        "my toes have been numb for about fifteen months and the specialist says surgery will help, is it risky?",
        "my legs have been weak for going on three years now. could the op make it worse?",
        "she gets out of breath on the stairs, it has got worse over the last few years, she is booked for a fusion",
        "he has had pins and needles in his hands since he was a teenager, will the operation change that?",
        # asked about as an outcome: "wants to know if", "if this surgery could"
        "my husband wants to know if the op could leave his legs weak",
        "asking for mum: if this surgery went wrong could she end up paralysed?",
        # seen at the hospital since, sent home or told it was fine
        "I had a temperature and a hot red scar on Sunday, went to A&E, they gave me antibiotics and sent me home",
        "la semana pasada tuve fiebre, me llevaron a urgencias y me dijeron que era un virus",
        # an old story of someone else's, told in the Spanish imperfect
        "a mi tío lo operaron hace diez años. Cuando salió tenía el pie dormido y caminaba mal. ¿Eso pasa mucho?",
    ],
)
def test_the_condition_treated_long_durations_indirect_questions_and_care_since_are_not_reports(text):
    assert not RULES.assess(text).emergency, (text, RULES.assess(text))


def test_the_clinicians_word_to_stay_home_does_not_put_off_care_but_the_patients_own_does():
    assert not RULES.puts_off_care("the ambulance crew looked me over and said im fine to stay home tonight")
    assert RULES.puts_off_care("I'd rather stay home and see how it goes")


@pytest.mark.parametrize(
    "text,trigger",
    [
        # the g dropped from the words of bleeding and breathing
        ("just stood up and the bandage is gushin blood all over the floor, had the op wednesday", "bleeding"),
        ("he wheezin and chokin, cant get air, op was two days ago", "breathless"),
        # a limb said before as a pronoun that does not move, after another "no"
        ("el brazo izquierdo no lo mueve y dice que no lo siente, lo operaron ayer", "limb_weakness"),
        # a dictated run-on message: a soap on the television early on does not make the chest pain fiction
        (
            "pon que estoy bien en la casa y que veo la novela en la tarde con mi hija y que la comida está rica y "
            "que el doctor dijo que caminara y eso hago todos los días un poquito por el pasillo de la casa y a veces "
            "hasta el portal cuando no hace tanto calor y pon también que desde hace un rato me aprieta el pecho y "
            "me falta el aire, me operaron el martes",
            "chest_pain",
        ),
        ("me está oprimiendo el pecho desde la mañana, me operaron hace tres días", "chest_pain"),
        # spelled as said: "swole", "not waking up good"
        ("her leg all swole up and hot since this morning, op was friday", "swollen_leg"),
        ("my dad is not waking up properly since his op and he's all sweaty", "confusion"),
    ],
)
def test_dropped_gs_a_limb_that_does_not_move_a_dictated_run_on_and_spoken_spellings_are_escalated(text, trigger):
    assert trigger in RULES.assess(text).fired, (text, RULES.assess(text))


@pytest.mark.parametrize(
    "text",
    [
        # someone else's old story, told with the writer's aside and a sentence that goes on to the neighbours
        "My cousin had a back operation years ago. I'm not sure what type it was, but he ended up with a foot that "
        "drags and the whole family talks about it still. My own op is in March. Could that happen to me?",
        # long-standing, put up with, or a habit where it happens
        "For some years I have had tingling in my right foot and now the surgeon suggests the keyhole operation. "
        "Is nerve damage likely?",
        "I've been putting up with a numb leg for longer than I care to admit. Does the surgeon's experience matter?",
        "my left leg goes numb on long drives, will the operation fix that or could it make it worse?",
        # the writer's memory, not her grip; a past occasion said of someone else
        "Mum can't hold on to what the doctors tell her any more. How do we decide whether she should have it?",
        "Last time she had an operation she came round confused for a day. Is the anaesthetic risky for her?",
        # about the message, not the patient's speech
        "dictating this in the car so sorry if some words come out garbled, what are the risks of the op?",
        # indirect questions, a condition in Pidgin, a list of what is asked, a situation in general
        "aunty like know if da doctor cut da nerve she going be weak in da legs?",
        "What are the possible complications of a nerve root injury: foot drop, numbness, weakness?",
        "what about a headache when you stand up, is that the leak thing?",
        # words of a consent form, and what happened to a friend, asked about in general
        "me dieron el consentimiento y entre tantas palabras raras venía una que decía desgarro dural, ¿qué es?",
        "¿La anestesia le puede hacer daño a uno? A mi amiga la dejaron mareada y le costaba respirar al despertar.",
    ],
)
def test_old_stories_habits_asides_about_the_message_and_lists_of_what_is_asked_are_not_reports(text):
    assert not RULES.assess(text).emergency, (text, RULES.assess(text))


def test_being_at_the_hospital_already_is_care_but_planning_to_go_tomorrow_is_not():
    assert RULES.says_care_has_reached_them("ya estamos en urgencias y le han puesto antibiótico por la vena")
    assert not RULES.says_care_has_reached_them("¿puedo esperar y mañana estoy en urgencias a primera hora?")


@pytest.mark.parametrize(
    "text",
    [
        # misspelt feeling and private parts
        "i cant feal anything round my privats since the op yesterday",
        # a Rioplatense word for passing urine
        "desde anoche mi mamá no puede hacer pichí y le duele la panza",
        # dressings bled through, bleeding that does not seem to be slowing
        "The incision has bled through two dressings since lunch.",
        "blood is running down my side and it doesn't seem to be slowing at all",
        # light-headed and clammy together
        "after standing up I went dizzy and clammy and had to sit on the floor",
        # the side said first, in fragments
        "Husband at table. Right side. Mouth down. Cannot smile.",
    ],
)
def test_misspelt_words_regional_words_bleeding_through_and_the_side_said_first_are_escalated(text):
    assert RULES.assess(text).emergency, (text, RULES.assess(text))


def test_fragments_of_one_statement_are_read_together_but_far_apart_sentences_are_not():
    # the hand and its weakness four one-word "sentences" apart
    assert "limb_weakness" in RULES.assess("Op Monday. Right hand. Not left. Since lunch. Weak. Cannot hold cup.").fired
    far_apart = (
        "My right leg is in a brace from football. The kids are at school and the house is quiet today, which is "
        "nice for a change. I was thinking about dinner. Since the flu I am weak and cannot hold a conversation "
        "for long."
    )
    assert "limb_weakness" not in RULES.assess(far_apart).fired


def test_a_while_after_told_in_the_simple_past_is_over_unless_the_message_says_it_is_back():
    assert not RULES.assess(
        "my brother had a fusion and his foot was numb for a few days afterwards. normal?"
    ).emergency
    assert RULES.assess("my foot was numb for a few days afterwards and now I can't lift it at all").emergency
    assert RULES.assess("my leg went weak for a bit after I stood up this morning").emergency


def test_signs_guessed_at_with_no_one_they_happen_to_are_a_question():
    assert not RULES.assess("clot after the op?? how do you tell, swollen calf or something").emergency
    assert RULES.assess("my calf is swollen and hot or something, since this morning").emergency


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        # Scots
        ("a cannae feel ma bum at aw an a've wet masel twice", "bladder_bowel"),
        # West African Pidgin, progressive
        ("my cut de bleed plenty plenty since morning and e no wan stop", "bleeding"),
        ("e dey pain me for calf and the leg don swell since yesterday", "swollen_calf"),
        # rural Spanish "menear", "dende"; Rioplatense "gamba"
        ("mi señora no puede menear la pierna derecha dende anoche", "limb_weakness"),
        ("tengo la gamba izquierda hinchada y caliente desde ayer", "swollen_calf"),
        # saddle numbness and incontinence told without the usual words
        (
            "desde ayer nota acartonada la parte de dentro de los muslos y moja la cama sin darse cuenta",
            "bladder_bowel",
        ),
        ("the drain hole is red and oozing yellow stuff", "wound_pus"),
        # a feeling of dying, or something badly wrong with someone and a cry for help
        ("I feel like I'm dying, please", "urgent_unnamed"),
        ("something is very wrong with my husband since the op, somebody help", "urgent_unnamed"),
        ("siento que me muero, me operaron el martes", "urgent_unnamed"),
    ],
)
def test_dialect_spellings_and_unnamed_distress_are_escalated(text, trigger):
    assert trigger in RULES.assess(text).fired, (text, RULES.assess(text))


@pytest.mark.parametrize(
    "text",
    [
        # a supposed event at the start of the sentence, and which risk a sign belongs to
        "If there's a nick in the dura, what comes next: leaking fluid, headaches when upright?",
        "how about a watery leak from the cut, which complication would that be?",
        # a scan earlier in the sentence covered the symptom told after it
        "We went in on Friday, the scan showed no clot, it was only puffiness from the long drive.",
        # what the operation might do, asked
        "Is there any risk that the operation could damage a nerve, leaving my foot weak?",
        # fears in the Spanish subjunctive; a supposition with "un día"
        "Me da pavor que me falte el aire en la operación",
        "pavor a que me duerman, o que me falte el aire",
        "Si un día notara que no muevo bien el pie, ¿sería un nervio?",
        # an example in a general question
        "¿qué le puede pasar a uno con la anestesia, como quedarse sin aire?",
        # the last time, in Caribbean English
        "las time dem put me under I wake up wheezy, it go happen again?",
        # a drain that is put in, and a cousin's old story asked about
        "will they leave a drain in after, and when does it come out?",
        "is there any chance of nerve damage? my aunt had a numb foot after hers",
        # a headache that is much less now
        "I had headaches sitting up for two days after the repair, now it is much less",
    ],
)
def test_suppositions_findings_and_improving_symptoms_are_not_emergencies(text):
    assert not RULES.assess(text).emergency, (text, RULES.assess(text))


def test_a_finding_before_a_symptom_does_not_cover_one_that_is_new_since():
    assert RULES.assess("the scan showed no clot but now his calf is red, hot and swollen").emergency


@pytest.mark.parametrize(
    "text",
    [
        # what the patient's own symptom is, asked of its present state (a question, but about their calf)
        "could my swollen hot calf be a clot?",
        "is there any chance his calf being red and swollen is a clot",
        "is it possible the swelling in my calf is a DVT?",
        "¿puede ser que la pantorrilla hinchada de mi mamá sea un coágulo?",
        # not noticing it come, and lots of blood through the clothes (es32)
        "desde ayer no se da cuenta cuando se hace pipí, lo operaron el lunes",
        "me sale harta sangre de la herida y la remera está empapada",
        # found down, with no memory of the fall (b61)
        "I found dad on the kitchen floor and he doesn't remember falling",
        "she came round after a few seconds but she's grey",
        # Pidgin's perfect (b60)
        "my leg don swell like balloon since the operation and e hot",
        # a check that has been overtaken: worse since
        "his calf is hot and swollen, the scan on Monday showed no clot but now it's worse",
    ],
)
def test_red_flags_said_in_these_ways_escalate(text):
    assert RULES.assess(text).emergency, text


@pytest.mark.parametrize(
    "text",
    [
        # the same symptom asked of no one, or supposed
        "could a hot swollen calf be a clot?",
        "what if my calf swells up after the op, could that be a clot?",
        "is leg weakness normal after keyhole surgery",
        "y si la anestesia me cae mal qué pasa, me quedo sin aire o cómo es",
        # dated by someone's story, an earlier operation, or a check that found nothing
        "mi tío dice que la pierna le quedó débil desde que lo operaron hace años, ¿eso pasa?",
        "last op I couldnt breathe right for a bit after the gas. same risk this time?",
        "my aunt had an operation long time ago and the wound got pus. can it happen here?",
        "my calf ached last week after the op but the doctor scanned it and said no clot. how common are clots?",
        "his toes have been numb since the op in spring. His neurologist is following it and it is getting better.",
        # weak before the operation, asking what the operation will do
        "my foot already a bit numb. after operation the nerve can get worse?",
        # reported speech, not a symptom
        "the surgeon mumbled something about a bigger cut at the end of the visit, what did she mean?",
    ],
)
def test_look_alikes_in_these_ways_do_not_escalate(text):
    assert not RULES.assess(text).emergency, text


def test_someones_death_years_ago_does_not_date_the_patients_confusion():
    text = (
        "My mum had her back op on Monday and came home yesterday. She was fine this morning. "
        "She is muddled and keeps asking for my father, who died years ago."
    )
    assert RULES.assess(text).emergency


def test_asking_for_someone_long_dead_as_if_alive_is_confusion():
    assert RULES.assess(
        "since lunch grandad keeps calling for his brother who died in 1990, he had the op Monday"
    ).emergency
    assert RULES.assess("mi mamá llama a mi papá que ya murió, la operaron el martes").emergency
    # grief asked about is no confusion
    assert not RULES.assess("dad keeps asking about mum who died last year, how do I help him before his op?").emergency


# Session 33: causes found in blind sets b62, b63, es33 and in the training writers' texts; the examples are new.
@pytest.mark.parametrize(
    "text",
    [
        # a cause that took years, and a recurring kind of headache, before an operation still to come
        "My uncle's chest is a bit rattly from decades of working in the mines. Could the anaesthetic affect him?",
        "She gets these bad headaches already, so will a spinal fluid leak make them worse after her op next month?",
        # patients a nurse remembers are not the writer's family
        "My aunt worked in surgery for years and says people on her ward got swollen legs after operations. Why?",
        # "desde" a place, not a time
        "Desde el trabajo le pregunto: ¿me pueden lastimar un nervio en la operación y quedar con la pierna débil?",
        # a treatment that did not work is no limb that will not
        "The injections didn't work and my leg still aches from the sciatica, so what are the nerve risks of the op?",
        # hearsay with words between "told me" and what was told
        "A customer told me while I cut her hair that her cousin woke from the anaesthetic unable to breathe. Rare?",
    ],
)
def test_long_standing_causes_other_peoples_stories_and_places_are_no_emergency(text):
    assert not RULES.assess(text).emergency, text


@pytest.mark.parametrize(
    "text",
    [
        # a run-on dictation: the soap they watched is not what is happening now
        "mi suegra llegó del hospital el sábado y comió bien y vimos la serie en la tarde y platicamos mucho pero ahora"
        " hace un rato se cayó al baño y no me contesta bien y dice cosas raras y quería saber si puede comer fruta",
        # watching a show is the setting, not a story from it
        "we were watching a film and suddenly he fainted and won't wake up properly",
        # a saddle said as a simile, a stream that will not start
        "feels like I'm sitting on a cushion down there and can't feel it, op was on Friday",
        "had my back done Tuesday and now the wee won't come at all, been trying for hours",
        # Tok Pisin and Solomon Islands Pijin
        "papa bilong mi i no inap pispis, operation long Mande",
        "mi no save feelim leg blong mi naoia, operation last wik",
        # muddled with a fall, or dated today
        "he had the op on Monday and this morning he seems muddled and he fell over by the bed",
        # Spanish strength going
        "se le está acabando la fuerza en las piernas desde la mañana, lo operaron el jueves",
    ],
)
def test_red_flags_in_run_ons_similes_pidgins_and_muddle_escalate(text):
    assert RULES.assess(text).emergency, text


def test_a_treatment_that_did_not_work_is_not_read_as_a_limb_but_a_leg_that_will_not_is():
    assert RULES.assess("since this morning my left leg just won't work properly, had surgery two days ago").emergency


def test_muddled_about_the_information_is_no_confusion():
    assert not RULES.assess("today I feel muddled about which of the two operations to choose").emergency


@pytest.mark.parametrize(
    "text",
    [
        "I would rather not trouble the doctor at this hour",
        "mi papá dice que no llamemos a la ambulancia",
        "no tenemos seguro, ¿esperamos?",
        "we don't have insurance so can we leave it",
    ],
)
def test_not_wanting_to_trouble_anyone_or_the_cost_puts_off_the_care(text):
    assert RULES.puts_off_care(text), text


@pytest.mark.parametrize(
    "text",
    [
        "the nurses gave him an injection and he is stable now",
        "they are monitoring her on the ward",
        "the duty doctor saw me and says it will settle",
    ],
)
def test_treatment_given_or_watched_in_hospital_is_care_that_reached_them(text):
    assert RULES.says_care_has_reached_them(text), text


def test_watching_at_home_is_not_care_that_reached_them():
    assert not RULES.says_care_has_reached_them("I'll keep watching him at home tonight")


@pytest.mark.parametrize(
    "text",
    [
        "Ya me chequearon en urgencias por la fiebre y me mandaron para la casa. ¿Cómo evito que se infecte?",
        "Tuve fiebre el domingo y fui al hospital; dijeron que no era nada de la herida. ¿Es común la infección?",
    ],
)
def test_a_fever_seen_at_the_hospital_and_settled_is_not_current(text):
    assert not RULES.assess(text).emergency, text


@pytest.mark.parametrize(
    "text",
    [
        "she says it's only a bug and not to call anybody",
        "mi abuelo dice que es solo un resfriado y que no llamemos a nadie",
    ],
)
def test_told_not_to_call_anyone_puts_off_the_care(text):
    assert RULES.puts_off_care(text), text


@pytest.mark.parametrize(
    "text", ["they're coming. while we wait, are clots common?", "ya vienen. mientras esperamos, ¿es común?"]
)
def test_while_we_wait_for_help_is_not_asking_to_wait(text):
    assert not RULES.asks_to_wait_or_self_treat(text), text
    assert RULES.asks_to_wait_or_self_treat("could we wait and see how he is tomorrow?")


def test_a_named_sign_asked_about_as_a_concept_is_no_report():
    assert not RULES.assess("¿y la cefalea postural tiene algo que ver?").emergency
    assert RULES.assess("desde anoche me duele la cabeza cuando me siento, ¿tiene que ver?").emergency


def test_varicose_veins_are_no_swollen_leg():
    assert not RULES.assess("mi mamá tiene las venas saltadas de las piernas, ¿le pueden dar coágulos?").emergency
    assert RULES.assess("since yesterday his leg is swollen and hot, he has varicose veins").emergency


@pytest.mark.parametrize(
    "text", ["el pecho le oprime desde hace rato, lo operaron el lunes", "me anda faltando el breath, me operaron ayer"]
)
def test_the_chest_named_first_and_spanglish_breath_escalate(text):
    assert RULES.assess(text).emergency, text


# Session 34: causes found in blind sets b65, b66, es35; the examples are new.
@pytest.mark.parametrize(
    "text",
    [
        # a limb symptom brought on by an activity, told as a habit, the surgeon's plan said as what it would do
        "My foot goes numb and heavy whenever I stand at the counter for long. The specialist says a decompression"
        " would help. How often do nerves get damaged?",
        "I can't walk more than ten minutes before my legs go weak. Doc reckons the keyhole op is the best option."
        " What are the risks for a 70 year old?",
        # before they operate
        "Both hands get tingly when I type, from the pinched nerve in my neck. Is infection likely before they"
        " operate on me?",
        # an earlier operation of another kind, a year said with two digits
        "When I had my appendix out in 08 I came round short of breath. Could that happen again with the spine op?",
        # a fear of the anaesthetic, then what may happen
        "My husband is scared of the anaesthetic, he thinks maybe he will stop breathing. How often does that happen?",
        # never right since, in someone else's story
        "My cousin had her back done years back and says her leg has never felt right since, numb and weak."
        " Is that usual?",
        # a thing read about, asked what it is
        "lo de que se sale liquido de la columna que significa? lo lei en el folleto del hospital",
    ],
)
def test_habits_plans_old_operations_exercise_fears_and_leaflets_are_no_emergency(text):
    assert not RULES.assess(text).emergency, text


@pytest.mark.parametrize(
    "text",
    [
        # the habit exemption needs the operation ahead and nothing sudden
        "My foot goes numb whenever I stand, since the op yesterday. The surgeon said it would help, but is this"
        " normal?",
        "since this morning my legs go weak when I stand up, op was on Tuesday",
        # said by a carer for someone who cannot tell it: no reaction to touch, an accident named by what it was
        "she doesn't flinch when I touch her feet any more, had her fusion on Monday",
        "he has just had a bowel accident, first time ever, surgery was three days ago",
        # an everyday cause beside a swollen calf is no reason to wait
        "probably just from the gym, but my calf has been swollen and hot for two days",
    ],
)
def test_new_limb_symptoms_and_accidents_told_by_a_carer_still_escalate(text):
    assert RULES.assess(text).emergency, text


@pytest.mark.parametrize(
    "text",
    [
        "ok they're here",
        "the nurse just came and they gave him something",
        "vino el doctor y le dieron una pastilla",
    ],
)
def test_help_arrived_in_few_words_is_care_that_reached_them(text):
    assert RULES.says_care_has_reached_them(text), text


# Session 34, from b67 and es36 (run once on the session's code): the examples are new.
@pytest.mark.parametrize(
    "text",
    [
        # endurance, not a limb that fails; sciatica's path down the back of the leg
        "I can't stand for long at the sink any more and the pain runs down my leg. Is nerve damage likely?",
        "she cant walk to the shops without resting twice now. what are the risks of the keyhole op for her?",
        "my back has been bad for years, lately it goes down the back of the leg. what should I ask the surgeon?",
        # weak for a year, with the writer's "now"; the doctor's explanation of a risk; always so and gone with sleep
        "Now my left foot is weak and tingles, it has been like that for a year. Could the op hurt the nerve?",
        "El doctor me dijo que a veces se rompe la membrana y sale líquido. ¿Eso es grave?",
        "tengo los tobillos hinchados de noche pero eso es de siempre y se me pasa con dormir. ¿y los coágulos?",
    ],
)
def test_endurance_sciatica_long_standing_explanations_and_exercise_are_no_emergency(text):
    assert not RULES.assess(text).emergency, text


@pytest.mark.parametrize(
    "text",
    [
        "and now blood is just pouring out of the cut, op was Monday",
        "my dad had his op yesterday and tonight he is not making a bit of sense",
        "she didn't know who I was when I came in this evening, op was on Thursday",
        # long-standing elsewhere does not hide what is sudden in the sentence
        "my back has been like that for years but since this morning I can't move my legs, op was two days ago",
    ],
)
def test_pouring_blood_and_confusion_in_family_words_escalate(text):
    assert RULES.assess(text).emergency, text


@pytest.mark.parametrize(
    "text",
    ["ya estamos yendo al hospital en el carro de mi hermano", "he tocado el timbre y han venido las enfermeras"],
)
def test_on_the_way_or_the_ward_called_settles_the_advice(text):
    from actions.live_content import from_files

    files, folded = from_files(), normalise(text)
    assert files.advice_settled_cues and files.in_care_cues
    assert files.advice_settled_cues.search(folded) or files.in_care_cues.search(folded), text


@pytest.mark.parametrize(
    "text",
    [
        # a bladder gone, in Gullah, Caribbean and learners' English
        "since the surgery he cant hold he water, he wet hisself twice today",
        "he can't feel when he needs to go, op was tuesday",
        # strange words, not knowing where she is, in a learner's English and Portuguese-Spanish
        "she talk strange words and not know where she is since the operation yesterday",
        "mi vo no sabe onde esta y fala coisas sem sentido, operado de la columna el lunes",
        # a dressing soaked with words between, blood that does not stop coming out
        "la gasa de la herida ya esta toda empapada y no para de salir sangre, me operaron ayer",
        "me operaron el martes y no deja de salir sangre de la herida",
        # confusion said of someone still escalates
        "my husband is confused and he doesnt know me, op was monday",
        "mi mama esta confundida desde la operacion",
    ],
)
def test_a_bladder_confusion_and_bleeding_in_more_words_escalate(text):
    assert RULES.assess(text).emergency, text


@pytest.mark.parametrize(
    "text",
    [
        # confused about the choice, or confused alongside the writer: bewildered, not delirious
        "my husband is confused about which surgery to pick",
        "my wife is confused and so am I, the surgeon offered two different operations",
        "mi esposo esta confundido con tanta informacion sobre la operacion",
        # the surgeon's offer said with "can": the legs' complaint is the reason for the operation
        "el doctor dijo que me puede operar, tengo una estenosis que me deja las piernas flojas, a las tres cuadras me "
        "tengo que sentar",
    ],
)
def test_bewilderment_and_the_complaint_an_offered_operation_treats_do_not_escalate(text):
    assert not RULES.assess(text).emergency, text


@pytest.mark.parametrize(
    "text",
    [
        # how often, asked without a question mark; a consequence asked with "then"
        "how rare is paralysis honestly with this, i fish for a living and need my legs under me",
        "Surgeon can touch nerve in operation? Then my foot go numb?",
        # whether, in Spanish, and an outcome in the infinitive
        "yo ocupo saber si en la operacion de la espalda me pueden lastimar un nervio y quedarme debil de una pierna, "
        "soy albañil",
        # a fever denied after it is named; a tingling that is barely noticed now
        "ya van 6 dias de operado, la herida seca, fiebre tampoco, todavia hay riesgo de infeccion?",
        "operado hace 10 dias, nin fiebre nin nada, la herida bien",
        "el hormigueo del pie que tenia de antes ya casi no lo noto, nada nuevo",
        # read about and now on the writer's mind
        "I read that a spinal fluid leak gives people terrible headaches and now I can't stop thinking about it",
        # a back that gave out is the reason for the operation
        "my back finally gave out, disc on the nerve, leg pain like crazy. what are the risks of the keyhole op?",
        # a letter's line wrapped mid-sentence: "comes / and goes", there for months
        "History: 52M, L5-S1 disc, 8 months of symptoms, numb left big toe that comes\n"
        "and goes (stable, there for months, surgeon not worried). What can the team do to lower the risks?",
    ],
)
def test_asked_denied_barely_noticed_and_long_standing_symptoms_do_not_escalate(text):
    assert not RULES.assess(text).emergency, text


@pytest.mark.parametrize(
    "text",
    [
        # the same words reporting the symptom now still escalate
        "my legs gave out this morning, op was monday",
        "tengo fiebre y la herida roja, me operaron el lunes",
        "ya no siento la pierna desde la operacion de ayer",
        # legs barely felt are a symptom, whatever a tingling barely noticed is
        "desde ayer casi no las siento, las piernas, de las rodillas para abajo",
        "since the op yesterday my left foot is numb and\nweak and I can't lift it",
    ],
)
def test_the_same_symptoms_reported_still_escalate(text):
    assert RULES.assess(text).emergency, text


@pytest.mark.parametrize(
    "text",
    [
        # a fever measured without naming it, and chills as cold and shaking (b73)
        "op was five days ago. last night i measured and it was 38.9, and the wound is red and hot",
        "since yesterday I get very cold and shaking then hot again, and my incision is swollen",
        # a learner's colour after the liquid
        "my cut is red and there is coming out a liquid a bit green, the surgery was tuesday",
        # swollen misspelt (Shetland, b73)
        "my calf is swallen and sore since the op on friday",
        # a limb that will not work, told in fragments (word-finding trouble after a stroke, b72)
        "Arm. Left one. Not... not working. Since morning. After spine op.",
        # Taglish headache when sitting or standing, better lying down (b72)
        "masakit ang ulo ko pag nakatayo, ok pag nakahiga, 3 days post op",
        # Jamaican: not able to hold one's water (b72)
        "since di op mi nuh able fi hold mi wata at all",
    ],
)
def test_fevers_measured_learners_colours_fragments_taglish_and_patois_escalate(text):
    assert RULES.assess(text).emergency, text


@pytest.mark.parametrize(
    "text",
    [
        # long-standing with "now" after its duration, the reason for the operation (b72)
        "For about two years now I have had numbness down my right leg. That is why I am having the operation. "
        "What are the chances of nerve damage?",
        # the condition named in the sentence before, "por eso" (es39), with the operation planned
        "Tengo una hernia que me pisa el nervio desde hace un año. Por eso tengo la pierna derecha medio dormida. El "
        "cirujano me quiere operar. ¿Qué tan común es dañar un nervio?",
        # getting about, not a limb that will not move (b73)
        "she is 80 and doesn't move around much these days, does that make a clot more likely after the op?",
        # a symptom from before the operation, still there (b73)
        "he had his op last week and the foot numbness he had before is still there, could they have hit a nerve?",
        # a learner's question about what may follow (b72)
        "nerve can be hurt in this operation? After I have numb leg maybe?",
    ],
)
def test_long_standing_before_the_operation_getting_about_and_learners_questions_do_not_escalate(text):
    assert not RULES.assess(text).emergency, text


@pytest.mark.parametrize(
    "text",
    [
        "Since this morning he can't move his legs at all and they feel dead, op was monday",
        "my leg numbness from before is gone but today my other leg suddenly went weak",
    ],
)
def test_new_weakness_told_beside_those_words_still_escalates(text):
    assert RULES.assess(text).emergency, text


def test_reaching_casualty_and_being_seen_is_care_that_reached_them():
    assert RULES.says_care_has_reached_them("ok we reached casualty, the doctors are attending to her now")
    assert not RULES.says_care_has_reached_them("we will go to casualty tomorrow if it is still bad")


@pytest.mark.parametrize(
    "text",
    [
        # Doric: "heid", "fan" (when), "stan", "watter" (b74)
        "Had the op on Tuesday. Since last nicht ma heid is splittin, worse fan I stan up, fine fan I lie doon, and "
        "there's watter comin oot the dressin.",
        # a limb swollen told as a simile (b74)
        "Her calf has blown up like a balloon since yesterday, hot to the touch, she had the back done Friday",
        # portuñol: "no consegue mover", "pernas", "dormente" (es40)
        "Minha mãe operou a coluna segunda e hoje no consegue mover as pernas, está tudo dormente",
        # Caribbean "'toy" and a diminutive of the short breath (es40)
        "Me 'toy ahogando, la respiración cortica desde anoche y me operaron el lunes",
        # a head that has been pounding, the perfect of the headache (talking to it)
        "my head's been pounding since lunch whenever I sit up, it eases off lying flat",
        "been running 38.9 since last night and the cut's gone red and angry, op was Wednesday",
        # a listed risk named by its sign, then a report: still a report
        "y lo de la fiebre, ya me subió a 39 y la herida supura",
    ],
)
def test_dialect_words_similes_portunol_and_diminutives_escalate(text):
    assert RULES.assess(text).emergency, text


@pytest.mark.parametrize(
    "text",
    [
        # long-standing said with "near on two year" (b74)
        "I've had a numb big toe for near on two year, same since it started. Can they damage a nerve in the op?",
        # a brother-in-law's weak arm "a while back" (b74)
        "My uncle had his neck done a while back and came out with a weak arm. Could that happen with my back op?",
        # a past reaction dated by "una vez" before the verb (es40)
        "¿Y si la anestesia me cae mal? Una vez el doctor me inyectó algo y se me puso la boca toda hinchada",
        # the patient well now, with "ahora mismo" (es40)
        "si despues de operarme se me pone roja la herida eso es infeccion? pregunto pa saber, ahora mismo estoy bien",
        "If my calf swelled up after the op would that be a clot? Right now I'm fine, just asking",
        # relatives in the family's own words, their past (z22)
        "My nonna's leg swelled up for weeks after her hip op. Can that happen with this one?",
        # a listed risk picked by its sign, asking how to notice it (talking to it)
        "¿y la de la infección por la fiebre? ¿cómo la noto?",
        "y la de la fiebre, como se nota",
    ],
)
def test_old_symptoms_said_in_dialect_and_well_now_do_not_escalate(text):
    assert not RULES.assess(text).emergency, text
