"""The Spanish translation (content/es/): every English text has its Spanish and no Spanish text is without
its English, the same structure and quotes, nothing medical added, plain Spanish, marked as awaiting review."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import textstat
import yaml

from actions.content_schema import SCHEMA_DIR
from actions.knowledge import GAPS_FILE, ROOT, SECTIONS, ContentError, KnowledgeBase
from actions.spanish_content import AWAITING_REVIEW, SPANISH_DIR, SpanishContent
from addons.spanish_replies import switches_language
from console import content_checks, content_checks_es
from console.content_checks_es import MIN_INFLESZ, inflesz, measured, unbacked_terms_es
from tests.content.spanish_texts import (
    SPANISH_ELSEWHERE,
    english_pattern,
    english_responses,
    pairs,
    source_text,
    web_english,
)

ES = SpanishContent.load()
KB = KnowledgeBase.load()
PAIRS = pairs(ES, KB)
SPANISH_FILES = {
    **dict.fromkeys(sorted((SPANISH_DIR / "topics").glob("*.yml")), "topic_es"),
    SPANISH_DIR / "gaps.yml": "gaps_es",
    SPANISH_DIR / "replies.yml": "replies_es",
    SPANISH_DIR / "phrases.yml": "phrases_es",
    SPANISH_DIR / "web.yml": "phrases_es",
}
MODELINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)$")


def _load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def by_kind(*kinds: str) -> list:
    return [pytest.param(p, id=f"{p.kind}:{p.name}") for p in PAIRS if p.kind in kinds]


# --- one Spanish text for every English one, and none without ------------------------------------------------
def test_every_content_file_has_its_spanish_file_and_no_more():
    english = {p.name for p in (ROOT / "content" / "topics").glob("*.yml")}
    assert {p.name for p in (SPANISH_DIR / "topics").glob("*.yml")} == english
    assert set(ES.topics) == set(KB.topics)
    assert (SPANISH_DIR / "gaps.yml").exists()


@pytest.mark.parametrize("path,schema", SPANISH_FILES.items(), ids=lambda p: getattr(p, "name", p))
def test_every_spanish_file_names_its_schema_and_is_marked_awaiting_review(path, schema):
    first_line = path.read_text(encoding="utf-8").splitlines()[0]
    named = MODELINE.match(first_line)
    assert named, f"{path.name}: the first line must name its schema for editors: {first_line!r}"
    assert (path.parent / named.group(1)).resolve() == SCHEMA_DIR / f"{schema}.schema.json"
    data = _load(path)
    assert data["language"] == "es" and data["review"] == AWAITING_REVIEW
    assert "medical translator" in path.read_text(encoding="utf-8"), "say so for the reader too, in its comment"


@pytest.mark.parametrize("topic_id", sorted(KB.topics))
def test_a_topics_translation_has_the_english_structure_and_quotes(topic_id):
    english, spanish = KB.get(topic_id), ES.topics[topic_id]
    assert spanish.section == english.section  # the answer contract's source id stays English
    assert list(spanish.answers) == list(english.answers)
    for aspect, answer in english.answers.items():
        assert spanish.answers[aspect].quotes == answer.quotes, f"{topic_id}.{aspect}: the English quotes, verbatim"
    assert (spanish.safety_net is None) == (english.safety_net is None)
    assert [(f.aspect, f.topic) for f in spanish.follow_ups] == [(f.aspect, f.topic) for f in english.follow_ups]
    assert spanish.title != english.title and all(
        s.label != e.label for s, e in zip(spanish.follow_ups, english.follow_ups, strict=True)
    ), "translated"


@pytest.mark.parametrize("topic_id", sorted(KB.topics))
def test_every_spanish_quote_is_verbatim_from_the_english_article(topic_id):
    for aspect, answer in ES.topics[topic_id].answers.items():
        missing = content_checks.quotes_not_in_article(answer.quotes)
        assert not missing, f"{topic_id}.{aspect}: not in the article: {missing!r}"
    summary = ES.topics[topic_id].answers["summary"]
    assert not content_checks.quotes_outside_section(summary.quotes, SECTIONS[topic_id])


def test_every_gap_text_has_its_spanish_and_no_more():
    assert set(ES.gaps) == set(_load(GAPS_FILE))


def test_every_reply_of_the_domain_has_its_spanish_and_no_more():
    english = english_responses()
    assert set(ES.replies) == set(english) - set(SPANISH_ELSEWHERE)
    responses = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))["responses"]
    assert all(spanish is None or spanish in responses for spanish in SPANISH_ELSEWHERE.values())


@pytest.mark.parametrize("name", sorted(ES.replies))
def test_a_replys_buttons_are_the_english_buttons_in_spanish(name):
    english = [(b["title"], b["payload"]) for b in english_responses()[name].get("buttons", [])]
    spanish = ES.replies[name].buttons
    # a language button goes the other way: "Español" (/greet{"language": "es"}) is "English" in Spanish
    english = [(t, p.replace('"es"', '"en"') if switches_language(p) else p) for t, p in english]
    assert [payload for _, payload in spanish] == [payload for _, payload in english]
    assert all(es_title != en_title for (es_title, _), (en_title, _) in zip(spanish, english, strict=True))


@pytest.mark.parametrize("key,phrase", sorted({**ES.phrases, **ES.web}.items()))
def test_the_english_of_every_phrase_is_still_where_it_says(key, phrase):
    assert english_pattern(phrase.en).search(source_text(ROOT / phrase.where)), (
        f"{key}: {phrase.en!r} not in {phrase.where}"
    )


def test_every_source_section_has_its_spanish_label():
    labelled = {p.en for p in ES.phrases.values() if p.where == "actions/knowledge.py"}
    assert set(SECTIONS.values()) <= labelled


@pytest.mark.parametrize("path,strings", sorted(web_english().items()), ids=lambda v: v if isinstance(v, str) else "")
def test_every_word_the_widget_and_kiosk_show_has_its_spanish(path, strings):
    translated = {p.en for p in ES.web.values()}
    assert strings <= translated, f"{path}: no Spanish for {sorted(strings - translated)}"


def test_one_english_wording_has_one_spanish_wording_everywhere():
    """ "Tell me more" on a button and "Infection" on the kiosk read the same in every file that has them."""
    seen: dict[str, set[str]] = {}
    for topic_id, topic in ES.topics.items():
        english = KB.get(topic_id)
        seen.setdefault(english.title, set()).add(topic.title)
        for es_follow_up, en_follow_up in zip(topic.follow_ups, english.follow_ups, strict=True):
            seen.setdefault(en_follow_up.label, set()).add(es_follow_up.label)
    for name, reply in ES.replies.items():
        for (es_title, _), button in zip(reply.buttons, english_responses()[name].get("buttons", []), strict=True):
            seen.setdefault(button["title"], set()).add(es_title)
    for phrase in [*ES.phrases.values(), *ES.web.values()]:
        seen.setdefault(phrase.en, set()).add(phrase.es)
    assert {en: sorted(es) for en, es in seen.items() if len(es) > 1} == {}


# --- the Spanish says what the English says ------------------------------------------------------------------
@pytest.mark.parametrize("pair", by_kind("answer", "safety_net", "gap", "reply", "phrase", "web"))
def test_the_same_placeholders_and_figures(pair):
    assert content_checks_es.placeholders(pair.es) == content_checks_es.placeholders(pair.en)
    assert content_checks_es.figures(pair.es) == content_checks_es.figures(pair.en)


@pytest.mark.parametrize("pair", by_kind("answer", "safety_net", "gap", "reply", "phrase", "web"))
def test_no_medical_term_the_english_text_lacks(pair):
    added = unbacked_terms_es(pair.es, pair.en)
    assert not added, f"{pair.name}: the Spanish says {added}, its English does not"


@pytest.mark.parametrize("pair", by_kind("answer", "safety_net", "gap", "reply", "phrase", "web"))
def test_the_patient_is_addressed_as_usted(pair):
    assert content_checks_es.informal_words(pair.es) == [], pair.name


def test_the_usted_check_finds_tu():
    assert content_checks_es.informal_words("Si tienes fiebre, llama a tu cirujano.") == ["tienes", "tu"]
    assert content_checks_es.informal_words("Si tiene fiebre, llame a su cirujano. ¿Sigue ahí?") == []


def test_every_english_medical_term_has_its_spanish():
    assert content_checks_es.uncovered_english_terms() == []


@pytest.mark.parametrize(
    "spanish,english,added",
    [
        (
            "Una fuga de líquido espinal puede causar dolores de cabeza y fiebre.",
            "A spinal fluid leak can cause headaches.",
            ["fiebre"],
        ),
        ("Puede tener un coágulo en la pierna.", "A spinal fluid leak can cause headaches.", ["coagul", "pierna"]),
        ("Un dolor de cabeza fuerte.", "A bad headache.", []),  # a headache is not "pain" said twice
        ("Tome sus medicamentos.", "Take your medications.", []),  # not "médico"
    ],
)
def test_the_term_check_finds_what_a_translation_adds(spanish, english, added):
    assert unbacked_terms_es(spanish, english) == added


# --- plain Spanish, by a Spanish formula ----------------------------------------------------------------------
@pytest.mark.parametrize("pair", by_kind("answer", "safety_net", "gap", "reply"))
def test_every_answer_gap_and_reply_is_running_text_the_formula_can_measure(pair):
    assert measured(pair.es), f"{pair.name}: too short, or not sentences, to measure"


MEASURED = [pytest.param(p, id=f"{p.kind}:{p.name}") for p in PAIRS if measured(p.es)]


@pytest.mark.parametrize("pair", MEASURED)
def test_spanish_reads_normal_or_easier_on_the_inflesz_scale(pair):
    score = inflesz(pair.es)
    assert score >= MIN_INFLESZ, (
        f"{pair.name}: Szigriszt-Pazos {score:.1f} < {MIN_INFLESZ}: shorter sentences and words"
    )


def test_the_spanish_formula_can_fail_and_leaves_the_english_one_english():
    before = textstat.flesch_kincaid_grade("The dura is the covering that protects the spinal cord.")
    hard = (
        "La duramadre constituye una membrana meníngea extraordinariamente resistente, cuya perforación "
        "iatrogénica intraoperatoria ocasiona extravasación de líquido cefalorraquídeo y cefaleas posturales."
    )
    assert (
        inflesz(hard)
        < MIN_INFLESZ
        <= inflesz("La duramadre es la capa que protege la médula espinal. Se puede romper.")
    )
    assert textstat.flesch_kincaid_grade("The dura is the covering that protects the spinal cord.") == before


# --- a broken Spanish file is refused at load, as an English one is --------------------------------------------
BREAKAGES: list[tuple[str, Callable[[dict], object], str]] = [
    ("topics/dural_tear.yml", lambda d: d.pop("review"), "'review' is a required property"),
    ("topics/dural_tear.yml", lambda d: d.update(review="reviewed"), "'awaiting_medical_translator' was expected"),
    ("topics/dural_tear.yml", lambda d: d.update(language="en"), "'es' was expected"),
    ("topics/dural_tear.yml", lambda d: d["answers"].pop("more"), "answers: 'more' is a required property"),
    (
        "topics/dural_tear.yml",
        lambda d: d["answers"]["signs"].update(quotes=[]),
        "answers.signs.quotes: [] is too short",
    ),
    (
        "topics/dural_tear.yml",
        lambda d: d.update(section="In conclusion"),
        "'section' must be 'Procedure-specific Risks'",
    ),
    ("topics/dural_tear.yml", lambda d: d["follow_ups"][0].update(aspect="likelihood"), "has no answer"),
    ("topics/dural_tear.yml", lambda d: d.update(topic="infection"), "must equal the file name"),
    ("gaps.yml", lambda d: d["texts"].pop("timeline"), "'timeline' is a required property"),
    ("replies.yml", lambda d: d["responses"]["utter_emergency_wait"].update(text="Espere."), "emergency_number"),
    ("replies.yml", lambda d: d["responses"]["utter_greet"]["buttons"][0].pop("payload"), "'payload' is a required"),
    ("phrases.yml", lambda d: d["phrases"]["back_to_basics"].pop("es"), "'es' is a required property"),
    ("web.yml", lambda d: d["phrases"]["kiosk_send"].update(where="/etc/passwd"), "does not match"),
]


@pytest.mark.parametrize("file,breakage,expected", BREAKAGES, ids=[f"{f}:{e}" for f, _, e in BREAKAGES])
def test_a_broken_spanish_file_is_refused_naming_it(tmp_path, file, breakage, expected):
    copy = tmp_path / "es"
    shutil.copytree(SPANISH_DIR, copy)
    data = _load(copy / file)
    breakage(data)
    (copy / file).write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ContentError) as err:
        SpanishContent.load(copy)
    assert file.split("/")[-1] in str(err.value) and expected in str(err.value)


def test_invalid_yaml_and_a_missing_spanish_file_are_refused(tmp_path):
    copy = tmp_path / "es"
    shutil.copytree(SPANISH_DIR, copy)
    (copy / "topics" / "infection.yml").write_text("topic: infection\nanswers: [unclosed\n", encoding="utf-8")
    with pytest.raises(ContentError, match=r"infection\.yml: not valid YAML"):
        SpanishContent.load(copy)
    (copy / "topics" / "infection.yml").unlink()
    with pytest.raises(ContentError, match="no Spanish file for topics"):
        SpanishContent.load(copy)
    shutil.copy(SPANISH_DIR / "topics" / "infection.yml", copy / "topics" / "infection.yml")
    (copy / "web.yml").unlink()
    with pytest.raises(ContentError, match=r"web\.yml: missing"):
        SpanishContent.load(copy)
