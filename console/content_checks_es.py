"""The editorial checks of the Spanish translation (content/es/), beside the English ones (content_checks.py).

A Spanish text is a translation of an approved English text, not content of its own, so it is checked
against that English text:
- the same structure: ids, aspects, follow-up targets, button payloads, placeholders, figures;
- the same quotes (the English article's, verbatim: the approved source is English);
- no medical term the English text lacks (ES_TERMS: each Spanish term and the English words it says), so the
  translation says nothing its English, and so its quotes, do not;
- plain Spanish by a Spanish formula: Szigriszt-Pazos' perspicuity (the INFLESZ scale), 55 or more
  ("normal" or easier), with textstat's Spanish syllables. Flesch-Kincaid counts English syllables and
  would misjudge Spanish.

In console/ with content_checks.py: textstat is not in the action server's image. The content tests call
these; the console's live checks will when Spanish documents are edited there.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from textstat.textstat import textstatistics

from console.content_checks import MEDICAL_TERMS, norm

MIN_INFLESZ = 55.0  # Szigriszt-Pazos / INFLESZ: 55-65 "normal", 65-80 "bastante fácil", 80+ "muy fácil"
# A formula needs running text: a button title, a label or a heading (no full stop) has no meaningful score.
MIN_WORDS_TO_MEASURE = 8
# Placeholders are measured as what patients read in their place, not as one very long word.
MEASURED_AS = {
    "emergency_number": "911",
    "clinic_phone": "555 0100",
    "clinic_hours": "de 8 a 5",
    "seconds": "10",
    "title": "infección",
    "number": "1",
    "source": "fuente",
}

# English medical term (a regex, as content_checks.MEDICAL_TERMS has it, at a word start) -> the Spanish
# words that say it (a regex at a word start, on lower-case text without accents). Every English term has
# its Spanish (a test checks), so an answer cannot add in Spanish what the English may not say; and a few
# words beyond the English list that safety nets and replies use (fever, wound, bladder...).
ES_TERMS: dict[str, str] = {
    "anesthe": "anestesi",
    "antibiotic": "antibiotic",
    "allerg": "alerg",
    "breath": "respir",
    "clot": "coagul",
    "thrombosis": "trombosis",
    "embolism": "embolia",
    "lung": "pulmon",
    "leg": "pierna",
    "infect": "infecc",
    "incision": "incision",
    "scar": "cicatri",
    "nerve": "nervio",
    "spinal cord": "medula espinal",
    "paralys": "paralisis",
    "weakness": "debilidad",
    "dura": r"dura(madre|l|les)?\b",
    "membrane": "membrana",
    "fluid": "liquido",
    "leak": "fuga",
    "headache": r"dolor(es)? de cabeza",
    "fusion": "fusion",
    "deformity": "deformidad",
    "endoscope": "endoscop",
    "fluoroscopy": "fluoroscop",
    "robot": "robot",
    "smok": "fum",
    "obes": "obes",
    "diet": "dieta",
    "exercise": "ejercicio",
    "physical therap": "fisioterap|terapia fisica",
    "neurolog": "neurolog",
    "pain": r"dolor(es)?\b(?! de cabeza)",
    "muscle": "musculo",
    "tissue": "tejido",
    "hospital": "hospital",
    "medication": "medicament|medicina",
    "age": r"edad\b",
    "retractor": "retractor",
    "open( spine)? surg": "cirugia abierta",
    "second surg": "segunda cirugia",
    # beyond the English list
    "another surg": "otra cirugia",
    "fever": "fiebre",
    "pus": r"pus\b",
    "wound": "herida",
    "bladder": "vejiga",
    "bowel": "intestin",
    "calf": "pantorrilla",
    "chest": "pecho",
    "numb": "entumec|adormec",
    "vein": r"vena\b|venosa",
    "blood": "sangr",
    "swollen|swell": "hinchad|inflamad",
    "treatment": "tratamiento",
    "symptom": "sintoma",
    "disorder": "trastorno",
    "overweight": "sobrepeso",
    "inch": "pulgada",
    "emergenc": "emergencia",
    "urgent": "urgen",
    "doctor|medical|care team": r"medic[oa]s?\b",
}


def fold(text: str) -> str:
    """Lower case without accents: patterns need not spell "médula" and "medula" both."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    return " ".join("".join(c for c in decomposed if unicodedata.category(c) != "Mn").split())


def unbacked_terms_es(spanish: str, english: str) -> list[str]:
    """The Spanish medical terms of `spanish` whose English is not in `english`: the translation adds them."""
    said, source = fold(spanish), norm(english)
    return [
        es for en, es in ES_TERMS.items() if re.search(rf"\b(?:{es})", said) and not re.search(rf"\b(?:{en})", source)
    ]


def uncovered_english_terms() -> list[str]:
    """English medical terms without a Spanish one (then a Spanish text could use it unchecked)."""
    return [term for term in MEDICAL_TERMS if term not in ES_TERMS]


# Words only the familiar "tú" uses: patients are addressed as "usted" (the clinic's register, and most
# Spanish-speaking patients' expectation of a clinic). Ambiguous forms ("sigue", "pregunta") are left out.
INFORMAL = re.compile(
    r"\b(tú|tu|tus|te|ti|contigo|tienes|puedes|quieres|estás|eres|necesitas|debes|sabes|sientes|"
    r"llámame|cuéntame|dime|escribe|toca|elige|haz|pregúntame|cuídate)\b"
)


def informal_words(text: str) -> list[str]:
    """The words of `text` that speak to the patient as "tú" instead of "usted" (accents kept: "estás" is
    "tú", "estas" is "these")."""
    return [match.group(0) for match in INFORMAL.finditer(text.lower())]


def placeholders(text: str) -> set[str]:
    """The {names} a text has filled in (a translation may name the clinic's number twice, but no other)."""
    return set(re.findall(r"\{([^{}]*)\}", text))


def figures(text: str) -> list[str]:
    """The numbers a text gives (911, half an inch is words): a translation must give the same ones."""
    return sorted(re.findall(r"\d+", re.sub(r"\{[^{}]*\}", "", text)))


@cache
def _spanish() -> textstatistics:
    # An instance of its own: textstat's module-level one stays English for the Flesch-Kincaid checks.
    stats = textstatistics()
    stats.set_lang("es")
    return stats


def _as_read(text: str) -> str:
    return re.sub(r"\{([^{}]*)\}", lambda m: MEASURED_AS.get(m.group(1), m.group(1)), " ".join(text.split()))


def measured(text: str) -> bool:
    """Sentences long enough for a readability formula to mean something."""
    read = _as_read(text)
    return len(read.split()) >= MIN_WORDS_TO_MEASURE and re.search(r"[.?!:]\W*$", read) is not None


def inflesz(text: str) -> float:
    """Szigriszt-Pazos' perspicuity, read on the INFLESZ scale (higher is easier)."""
    return float(_spanish().szigriszt_pazos(_as_read(text)))


def fernandez_huerta(text: str) -> float:
    """Fernández-Huerta's ease (60 or more: "normal" or easier); reported beside INFLESZ, not the bar."""
    return float(_spanish().fernandez_huerta(_as_read(text)))
