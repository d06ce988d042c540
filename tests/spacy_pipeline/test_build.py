"""The project's own spaCy pipeline: built from terms.yml, finds domain terms, maps them to topics."""

from __future__ import annotations

import pytest
import spacy

from spacy_pipeline.build import PIPELINE_DIR, load_terms, main, ruler_patterns, synonyms_yaml


@pytest.fixture(scope="module")
def nlp():
    if not (PIPELINE_DIR / "meta.json").exists():
        pytest.fail("build the pipeline first: make pipeline")
    return spacy.load(PIPELINE_DIR)


@pytest.mark.parametrize(
    "text,label,topic",
    [
        ("Could I get a DVT from this?", "complication", "blood_clots"),
        ("can spinal fluid leak out after the op", "complication", "dural_tear"),
        ("what about a CSF LEAK", "complication", "dural_tear"),
        ("infecton risk??", "complication", "infection"),
        ("is a spinal fusion riskier", "procedure", "risk_factors_complexity"),
        ("mine is a 3-level one", "procedure", "risk_factors_complexity"),
        ("la mia es de 3 niveles", "procedure", "risk_factors_complexity"),
        ("do you use robots", "procedure", "reduce_risk_surgeon"),
        ("could i be paralysed", "complication", "nerve_injury"),
        # Spanish: the verb of an infected wound, a nerve named alone
        ("¿y si la herida se infectó después?", "complication", "infection"),
        ("¿cómo sabría si me tocaron un nervio?", "complication", "nerve_injury"),
        # an earlier infection named by its germ, a spelled-out abbreviation, a misspelt fusion
        ("had mrsa last time, will it come back", "complication", "infection"),
        ("what is a d v t", "complication", "blood_clots"),
        ("is a fuzion worse", "procedure", "risk_factors_complexity"),
        # a leak named with any determiner is the spinal fluid's
        ("will he need another operation for this leak?", "complication", "dural_tear"),
    ],
)
def test_domain_terms_are_recognised_and_mapped_to_topics(nlp, text, label, topic):
    ents = [(e.label_, e.ent_id_) for e in nlp(text).ents]
    assert (label, topic) in ents


def test_longest_term_wins(nlp):
    ents = [(e.text.lower(), e.label_) for e in nlp("a spinal cord injury").ents]
    assert ents == [("spinal cord injury", "complication")]


@pytest.mark.parametrize(
    "text",
    ["I'm a bag of nerves, what are the risks?", "estoy de los nervios, ¿qué riesgos hay?", "pre-op nerves, sorry"],
)
def test_nerves_that_mean_anxiety_name_no_complication(nlp, text):
    assert [e.ent_id_ for e in nlp(text).ents if e.label_ == "complication"] == [""]


def test_damaged_nerves_still_name_the_complication(nlp):
    assert ("complication", "nerve_injury") in [(e.label_, e.ent_id_) for e in nlp("can my nerves get damaged").ents]


def test_symptoms_and_body_parts_are_found_without_a_topic(nlp):
    ents = {(e.text, e.label_, e.ent_id_) for e in nlp("my calf has swelling and a fever").ents}
    assert ("calf", "body_part", "") in ents and ("fever", "symptom", "") in ents


def test_lemmatizer_tables_are_in_the_pipeline(nlp):
    assert [t.lemma_ for t in nlp("clots are risks")] == ["clot", "be", "risk"]


def test_plural_variants_are_generated():
    terms = {t for _, _, t in load_terms()}
    assert "blood clots" in terms and "headaches" in terms and "dural tears" in terms
    # an abbreviation's plural ("what's the deal with DVTs?"), not a particle's
    assert "dvts" in terms and "ssis" in terms and "knocked outs" not in terms


def test_patterns_carry_topic_ids_only_for_topic_terms():
    patterns = ruler_patterns([("complication", "infection", "ssi"), ("symptom", "none", "fever")])
    assert patterns == [
        {"label": "complication", "pattern": "ssi", "id": "infection"},
        {"label": "symptom", "pattern": "fever"},
    ]


def test_synonyms_file_is_generated_from_terms_and_current():
    text = synonyms_yaml(load_terms())
    assert "- synonym: dural_tear" in text and "    - csf leak" in text
    assert main(["--check"]) == 0


def test_an_abbreviation_written_in_capitals_matches_only_in_capitals(nlp):
    assert [(e.label_, e.ent_id_) for e in nlp("worried about a PE after the op").ents] == [
        ("complication", "blood_clots")
    ]
    assert not [e for e in nlp("¿qué ventajas tiene operarme así, pe?").ents if e.label_ == "complication"]
    assert "    - pe" in synonyms_yaml(load_terms())  # the value still maps to its topic
