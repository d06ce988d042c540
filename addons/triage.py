"""Rule-based emergency triage: does a patient's message describe possible emergency symptoms now?

Kept apart from the intent classifier on purpose: escalation must not rest on a statistical model's
confidence, and it runs inside the Rasa server so it works while the action server is down.
The symptom patterns are clinic-reviewed data (content/emergency_triggers.yml), not code.
"""

from __future__ import annotations

import itertools
import json
import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from re import Pattern

import yaml
from jsonschema import Draft7Validator, FormatChecker
from jsonschema.exceptions import best_match

from addons.respelling import Respeller

DEFAULT_TRIGGERS = Path(__file__).resolve().parent.parent / "content" / "emergency_triggers.yml"
# The file's JSON Schema, which the medical director's editor checks as they type, too. (The action server
# checks the other content files with actions/content_schema.py; its image has no addons/, this one no actions/.)
TRIGGERS_SCHEMA = DEFAULT_TRIGGERS.parent / "schema" / "emergency_triggers.schema.json"

# Contractions and spellings folded so one pattern covers "can't", "cant", "cannot", "can not"...
_FOLDS: list[tuple[str, str]] = [
    (r"[\u2018\u2019\u02bc`´]", "'"),
    (r"\b(can ?not|can't|cant)\b", "cant"),
    (r"\b(won't|wont)\b", "wont"),
    (r"\b(don't|dont)\b", "dont"),
    (r"\b(doesn't|doesnt)\b", "doesnt"),
    (r"\b(didn't|didnt)\b", "didnt"),
    (r"\b(haven't|havent)\b", "havent"),
    (r"\b(hasn't|hasnt)\b", "hasnt"),
    (r"\b(isn't|isnt)\b", "isnt"),
    (r"\b(aren't|arent)\b", "arent"),
    (r"\b(wasn't|wasnt)\b", "wasnt"),
    (r"\b(couldn't|couldnt)\b", "couldnt"),
    (r"\bi'm\b|\bi am\b", "im"),
    # Texting spellings of the words the patterns read, so "wat do i do" asks for advice as "what do i do"
    (r"\b(wat|wht|wut|whut|wot)\b", "what"),
    (r"\bu\b", "you"),
    (r"\b(cnt|cnat|kant|cant't)\b", "cant"),  # "cant't": a slip between "cant" and "can't"
    # West African Pidgin: "my brother de carry me go hospital" (b59) is taking me to it
    (r"\b(de|dey|don|go) carry (me|him|her|them|am|us) go\b", r"taking \2 to"),
    # ... and its progressive: "my wound de bleed plenty plenty and e no wan stop, I de feel dizzy" (b59)
    (r"\b(de|dey) pain\b", "is painful"),
    (r"\b(de|dey) (bleed|feel|leak|swell|shake|vomit|burn|sweat|faint|cough|tremble)\b", r"is \2ing"),
    (r"\bno (wan|wan to|wan2|gree) (stop|go)\b", r"wont \2"),
    (r"\bplenty plenty\b", "a lot"),
    (r"\bdey\b", "they"),
    # Tok Pisin (Papua New Guinea): "mama bilong mi i no inap pispis na tupela lek bilong em i dai, no gat filing"
    # (b63): cannot pee, both legs dead, no feeling
    (r"\b(i )?no (inap|nap)\b", "cant"),
    # ...and Solomon Islands Pijin: "mi no save feelim tufala leg blong mi and mi no save go toilet" (b63), then
    # "mi weit go kasem tumoro?" (wait till tomorrow)
    (r"\bno save\b", "cant"),
    (r"\b(feelim|filim)\b", "feel"),
    (r"\bgo toilet\b", "go to the toilet"),
    (r"\bweit\b", "wait"),
    (r"\b(tumoro|tumora|tumaro)\b", "tomorrow"),
    (r"\bpispis\b", "pee"),
    (r"\bpekpek\b", "poo"),
    (r"\blek\b", "leg"),
    (r"\bi dai\b", "dead"),
    (r"\bno (gat )?filing\b", "no feeling"),
    (r"\bno gat\b", "no"),
    (r"\bskin (i )?hat\b", "fever"),
    (r"\bsotwin\b", "short of breath"),
    (r"\bblut\b", "blood"),
    # Caribbean English: "mammy cyah move she right leg since dis mornin" (b53)
    (r"\b(cyah|cyaa|cyaan|kyaan|kyah|caan)\b", "cant"),
    (r"\bdis\b", "this"),
    # Jamaican: "mi nuh able fi hold mi wata" (b72) is not able to hold my water
    (r"\bnuh\b", "not"),
    (r"\bfi\b", "to"),
    (r"\bwata\b", "water"),
    (r"\blas (time|week|year|month|night)\b", r"last \1"),  # "Las time dem put me to sleep I wake up wheezing" (z8)
    # Scots: "a cannae feel ma backside an a've wet masel" (b59)
    (r"\b(cannae|canna|cannae'?t)\b", "cant"),
    (r"\b(dinnae|dinna|dinnae'?t)\b", "dont"),
    (r"\b(masel|masell|mysel|maself)\b", "myself"),
    (r"\btae\b", "to"),
    # North-east Scots (Doric) says "f" for "wh" and has its own words for the head, night, water and two: "the maist
    # affa heidache, worse fan I sit up or stan", "numbness in ma left fit for near on twa year" (b74)
    (r"\bfan (?=(i|ye|you|he|she|we|they|it|ma|my|me|the|a|his|her)\b)", "when "),
    (r"\bheid( ?aches?)\b", r"head\1"),
    (r"\bheid\b", "head"),
    (r"\bnicht\b", "night"),
    (r"\bwatter\b", "water"),
    (r"\btwa\b", "two"),
    (r"\bstan\b", "stand"),
    (r"\bcam (?=(oot|out|back|hame|home)\b)", "came "),
    (r"\boot\b", "out"),
    (r"\bwhilie\b", "while"),
    (r"\bnivver\b", "never"),
    (r"\bwi\b", "with"),
    (r"\b(ma|my|his|her|left|right) fit\b", r"\1 foot"),
    (r"\ba'?ve\b", "ive"),
    (r"\ban\b(?= (a|i|ma|my|me|he|she)\b)", "and"),
    (r"\ba (?=(cant|dont|cannot|canny|am|feel|felt|wet|peed|pished|keep)\b)", "i "),
    # "me" and "ma" for "my" (British, Irish, Australian, Scots): "i cant get me breath" (b53)
    (
        r"\b(me|ma|mi) (breath|chest|leg|legs|arm|arms|wound|foot|feet|neck|throat|lips|tongue|bladder|backside|bum"
        r"|bottom|arse|privates|bits|face|head|hand|hands|water)\b",
        r"my \2",
    ),
    # The g dropped without an apostrophe, in the words the patterns read ("she talkin funny", "since dis mornin")
    (
        r"\b(mornin|evenin|nothin|somethin|anythin|talkin|speakin|walkin|bleedin|feelin|comin|goin|breathin"
        r"|leakin|oozin|burnin|achin|passin|shakin|sweatin|pukin|throwin|swellin|hurtin|tinglin|movin|sayin|makin"
        r"|gettin|droppin|draggin|fallin|faintin|wakin|actin"
        # ...of bleeding, pain and breathing ("the dressing's pourin with blood", b55), and of help on its way or
        # put off ("my uncle takin her now", "she waitin till Monday")
        r"|pourin|drippin|gushin|soakin|runnin|spurtin|seepin|weepin|throbbin|poundin|crushin|squeezin|stabbin"
        r"|itchin|spinnin|shiverin|tremblin|chokin|gaspin|wheezin|coughin|vomitin|spewin|killin|splittin|bangin"
        r"|crampin|twitchin|jerkin|slurrin|droolin|collapsin|takin|drivin|bringin|callin|ringin|waitin|sleepin"
        r"|stayin|headin|lyin|sittin|standin|tryin|losin|turnin|havin|doin|seein|thinkin|askin|sendin)\b",
        r"\1g",
    ),
    # A dropped g ("bleedin' through two pads", "his foot's draggin'"): the patterns read the full word.
    (r"\b(\w{2,})in'(?=[\s.,;!?]|$)", r"\1ing"),
    (r"\b2day\b", "today"),
    # Misspelt words the patterns read: "cant feal my bum or privats since last nite" (b56)
    (r"\b(feal|feeel|fele|fiel)\b", "feel"),
    (r"\b(privats|privetes|privites|privaits|privets)\b", "privates"),
    (r"\b(nite|nigth|nihgt)\b", "night"),
    # "way worse thn b4 the op" (blind set b32): the comparison the patterns read
    (r"\b(thn|thann)\b", "than"),
    (r"\b(b4|bfore|befor)\b", "before"),
    # A disc or a level of the spine that "collapsed" has lost height; the patient did not faint (b37).
    (
        r"\b(levels?|discs?|vertebra\w*|bones?|segments?|spaces?)( (has|have|had|is|was|were|are))? collaps\w*",
        r"\1 caved in",
    ),
    (r"\bcollaps\w* (discs?|vertebra\w*|levels?|bones?|segments?)\b", r"caved in \1"),
    # "shes really muddled" typed without its apostrophe: "she's", as the patterns read it
    (r"\bshes\b", "she s"),
    (r"\bhes\b", "he s"),
    (r"\b(2nite|2night|tonite)\b", "tonight"),
    (r"\bn\b", "and"),
    # Spanish texting: "sangra mxo", "m duele", "m operaron" (only before a verb: "I m fine" stays English)
    (r"\bmx(o|a|os|as)\b", r"much\1"),
    (
        r"\bm (?=(duel|dio|da|dan|cuest|cost|falt|sal|sient|sent|hinch|inch|ard|pic|levant|oper|dej|pas|qued"
        r"|mare|desmay|cai|cae|dij|pus|acuest|van|tiembl|orin|hice|hag|est|pon|pong|tom)\w*\b)",
        "me ",
    ),
    # Rural Spanish: "no puede menear las piernas dende esta mañana" (es31) moves them, since this morning
    # Caribbean "'toy" for "estoy" before a gerund: "me 'toy mareando" (es40)
    (r"\btoy (?=\w+(ando|iendo)\b)", "estoy "),
    (r"\bmenear(las|los|la|lo|se|me|le)?\b", r"mover\1"),
    (r"\bmeneo\b", "muevo"),
    (r"\bmenea(n)?\b", r"mueve\1"),
    (r"\bdende\b", "desde"),
    # "no sient la pierna": "siento" with its last letter lost (blind set es15)
    (r"\b(sient|sieto|sinto)\b", "siento"),
    (r"\b(tb|tmb|tmbn)\b", "tambien"),
    (r"\b(ase|hase|aze)\b", "hace"),
    (r"\bx (?=(el|la|los|las|eso|que|q|mi|favor|lo)\b)", "por "),
    (r"\bd (?=[a-z]{2,})", "de "),
    (r"\bi've\b", "ive"),
    (r"\bi'll\b", "i will"),
    (r"\bit's\b", "it is"),
    (r"\bwhat's\b", "what is"),
    (r"\bthat's\b", "that is"),
    # A noun's "'s" ("my neck's swelling", "swallowing's become hard") is "is" or "has", not part of the word.
    (r"\b(?!(?:he|she|it|that|what|there|here|who|where|let|how|when|one)')(\w+)'s\b", r"\1 s"),
]
# A negation reaches no further than "and"/"y" followed by a new subject or verb: in "no sale nada y tengo
# dormida la entrepierna" or "no fever and my wound is oozing" the second half is affirmed.
_NEGATION_STOP = re.compile(
    r"\b(?:and|y|but|pero)\s+(?:i|im|ive|my|he|she|his|her|now|then|tengo|tiene|siento|siente|me|le|mi|su|ahora|esta|estoy)\b"
)
# ...nor past a second verb of state that starts a new statement: in "no esta bien esta como ido no sabe donde esta"
# (speech without commas) the "no" belongs to "esta bien", and "esta como ido" is affirmed. Not after "si",
# "if", "que": "no se si tengo fiebre" is still not a report of one.
_NEGATION_RESTART = re.compile(r"\b(?:esta|estoy|tengo|tiene|siento|siente|se (?:le|me) ve|is|am|has|feels)\b")
_CLITICS = {"", "me", "te", "le", "se", "lo", "la", "nos", "les", "really", "even"}
_NEGATION_SUBORDINATE = re.compile(r"\b(?:si|if|whether|que|that|sure)\b")
_CLAUSE_SPLIT = re.compile(
    r"((?!(?<=\d)[.,]\d)[.;!?,\n]+|\b(?:but|however|although|though|just|anyway|also|pero|aunque)\b)"
)


# Numbness or weakness in a limb is often the very condition the operation is for (a disc pressing on a nerve). Such a
# symptom, in a sentence that names that condition as its cause, with the operation still ahead and nothing sudden
# said, is the reason for the surgery, not an emergency (`condition_treated`, `surgery_planned`, `sudden_onset`).
CONDITION_SYMPTOMS = frozenset({"limb_weakness"})

# How many past-tense sentences back a story of the long past may reach (see TriageRules._remembered).
MEMORY_SPAN = 5
# The writer's own words (English and Spanish), which make a symptom told after a bystander the writer's.
# "Is it normal that his leg is now hot and swollen?", "is it normal to have a headache that gets worse when I
# stand?": a question about the patient's own symptom (blind set b34), not one in general, though its verbs
# are a question's ("is"): someone's own words ("his leg", "when I stand") follow "is it normal".
# A reading is the patient's own as well: "is it normal to have a fever of 39 and the wound gaping a bit?" (b36).
_OWN_SYMPTOM_NORMAL = re.compile(
    r"\bis (it|that|this) normal (that|for|to)\b[^.?!]*"
    r"\b((i|im|ive|my|me|he|his|she|her|we|our|they|their)|(fever|temperature|temp) of (3[89]|4[0-2]|10[0-6]))\b"
)
# What someone's own symptom is, asked of its present state: "could my swollen hot calf be a clot?", "is there a chance
# my calf being swollen and hot is a clot?", "is his leg being numb a sign of nerve damage?" -- a question, but about
# a symptom the patient has, not one in general ("could my calf swell after the op?" asks of the future).
_OWNER = r"(my|his|her|our|their|mums|moms|dads|husbands|wifes|sons|daughters|partners|nans|grandmas|grandads|mi|su)"
_WHAT_IT_IS = (
    r"(a |an )?((early |the )?(sign|signs|symptom|symptoms) of )?(a |an |the )?(clot|clots|dvt|blood clot|thrombosis"
    r"|embolism|infection|infected|leak|csf leak|spinal fluid|dural tear|tear|nerve damage|nerve injury|serious"
    r"|dangerous|an emergency|emergency|something (serious|bad|wrong)|normal|coagulo|trombo|infeccion|grave)"
)
_OWN_SYMPTOM_ASKED_WHAT = re.compile(
    rf"\b(could|can|might|may|would|will|chance|chances|possible|likely|think|wonder|puede|podria)\b[^?.!]{{0,60}}"
    rf"\b{_OWNER}\b[^?.!]{{0,50}} (be|is|are|being|mean|means|sea|es|este|signifique)\b"
    rf"( [a-z]+){{0,3}}? {_WHAT_IT_IS}\b"
    rf"|\b(is|are|es) {_OWNER}\b( [a-z]+){{1,8}}? {_WHAT_IT_IS}\b"
)
# A soap or a film named as what one was watching is the setting of the story, not a story from it: "estábamos viendo
# la novela y de repente se desmayó", "we were watching Grey's Anatomy and now my chest hurts" (es33)
_WATCHING_A_SHOW = re.compile(
    r"\b(watch\w*|viendo|vimos|veiamos|veia|mirando|miramos|mirabamos|miraba|ver)"
    r" (a |the |la |el |una |un |las |los |some |my |mi |su |our |nuestra )?(\w+ )?"
    r"(telenovela|novela|pelicula|peli|serie|movie|film|show|drama|series|greys anatomy|holby)s?\b"
    # (not when its story follows: "Watched a medical drama last night where a patient collapsed")
    r"(?! (\w+ ){0,2}(where|in which|about|that|wherein|donde|en (la|el) que|sobre|de un|de una|con un|con una)\b)"
)
# Someone's death and its date, inside a sentence about the patient: "me ha llamado por el nombre de su hermana, que
# murió hace años" (es32)
_SOMEONE_DIED = re.compile(
    r"\b(que|quien|who|and (he|she)|(he|she)|hes|shes|el|ella)\b( \w+){0,2} (murio|fallecio|died|passed away|passed on"
    r"|passed|is dead|has died|esta muert[oa])\b[^.,;?!]*"
)
_SUPPOSED = re.compile(r"\b(if|in case|suppose|supposing|si|en caso)\b")  # "what if", "y si" end in "if", "si"
# A supposition whose time is supposed with it (not a habit: "my legs go numb when I stand, since the op")
_WHAT_IF = re.compile(
    r"\b(what if|what happens if|what would happen if|in case|suppose|supposing|if ever|y si|que pasa si"
    r"|que pasaria si|si (alguna vez|algun dia|despues|luego))\b"
)
# A sentence that dates what was just told: "That was a long time ago", "Fue hace cuatro años", "eso fue en 2010"
_DATES_BACK = re.compile(r"(and |but |y |pero )?(that|this|it|all (that|this)|which|eso|esto|aquello|todo eso|fue)\b")
# A sentence that gives the one before as its cause: "Por eso tengo el pie dormido", "That's why my leg is numb"
_BECAUSE_OF_THAT = re.compile(
    r"(and |so |y |pero )?(por eso|por esto|de ahi que|thats why|that is why|because of (that|this|it))\b"
)
_SINCE_THEN = re.compile(r"(and |but )?(ever since|since then|since that (day|time)|from then on)\b")
_FIRST_PERSON = re.compile(r"\b(i|im|ive|id|ill|me|my|mine|myself|yo|mi|mis|tengo|estoy|siento|puedo)\b")


def _a_new_statement_between(words: str) -> bool:
    """Whether a verb of state after the negated one starts a new, affirmed statement (see _NEGATION_RESTART)."""
    restart = _NEGATION_RESTART.search(words, len(words) - len(words.lstrip()) + 1)
    if restart is None or words[: restart.start()].strip() in _CLITICS:
        return False  # the verb the negation belongs to: "no tengo fiebre", "no me siento..."
    return not _NEGATION_SUBORDINATE.search(words[: restart.start()])


def fold_accents(text: str) -> str:
    """Drop accents ("está" -> "esta", "mañana" -> "manana"): Spanish cues match however they were typed."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


# Quotation marks, kept as a word: what a leaflet "says" ends where its quotation does (see `leaflet_says`).
QUOTE = "qq"
_QUOTE_MARKS = re.compile(r"[«»“”\"]|(?<![a-z0-9])'(?=[^'\n]{3,}'(?![a-z]))|(?<=[a-z0-9.!?])'(?![a-z])")


# A line broken where a pasted email or letter wrapped it: a long line without a full stop, the next one going on in
# lower case ("numb big toe that comes\nand goes (stable, there for months)", b70) is one sentence, not two. (The line
# break is matched first, so the look back runs at line breaks only, not at every character of a long message.)
_HARD_WRAP = re.compile(r"\n(?<=[^\n]{59}[^\n.!?:;]\n)(?=[a-z(])")


def normalise(text: str) -> str:
    out = _QUOTE_MARKS.sub(f" {QUOTE} ", fold_accents(_HARD_WRAP.sub(" ", text).lower()))
    for pattern, repl in _FOLDS:
        out = re.sub(pattern, repl, out)
    out = re.sub(r"[^a-z0-9.,;!?°\n' ]+", " ", out)
    out = out.replace("'", "")
    return re.sub(r"[ \t]+", " ", out).strip()


@dataclass(frozen=True)
class Trigger:
    id: str
    cues: tuple[str, ...]
    unless: Pattern[str] | None = None  # words that make this symptom mild ("a tiny bit of swelling")


@dataclass(frozen=True)
class Clause:
    text: str
    start: int  # offset in the normalised message
    is_question: bool  # ends with "?": modal verbs then mark it hypothetical ("can a clot cause this?")


# A dictated message may run on for a hundred words without a full stop ("pon que ... y que ... y ah pon también que
# desde hace un rato me está apretando el pecho", es29): past that length, its "sentences" start at the words that
# begin a new thing to tell, so what one part says (a soap on the television, a wish) does not colour the others.
RUN_ON_WORDS = 60
_NEW_THING_TO_TELL = re.compile(
    r"\b(y que|pon que|pon tambien que|y ah|ah y|ah pon|y bueno|otra cosa|y otra cosa|tambien"
    r"|and then|oh and|and also|also|anyway|anyhow|another thing|one more thing"
    # a turn to the present: "...y en la noche vimos la novela juntas... pero ahorita hace como una hora se desmayó"
    # (es33): the soap they watched last night is not what happens now
    r"|(pero|y|but|and) (ahorita|ahora|de repente|now|suddenly|all of a sudden|right now|this morning|tonight"
    r"|esta manana|esta noche|hace (como )?(un rato|una hora|media hora)))\b"
)


def _split_a_run_on(norm: str, start: int, end: int) -> list[tuple[int, int]]:
    if len(norm[start:end].split()) <= RUN_ON_WORDS:
        return [(start, end)]
    cuts = [m.start() for m in _NEW_THING_TO_TELL.finditer(norm, start, end) if m.start() > start]
    bounds = [start, *cuts, end]
    return [(a, b) for a, b in itertools.pairwise(bounds) if b > a]


def split_clauses(norm: str) -> list[Clause]:
    clauses: list[Clause] = []
    position = 0
    for separator in [*list(_CLAUSE_SPLIT.finditer(norm)), None]:
        end = separator.start() if separator else len(norm)
        pieces = _split_a_run_on(norm, position, end)
        for number, (start, stop) in enumerate(pieces):
            raw = norm[start:stop]
            if raw.strip():
                lead = len(raw) - len(raw.lstrip())
                last = number == len(pieces) - 1
                clauses.append(
                    Clause(raw.strip(), start + lead, bool(last and separator and "?" in separator.group(0)))
                )
        if separator:
            position = separator.end()
    return clauses


_SENTENCE_END = re.compile(r"(?!(?<=\d)\.\d)[.!?\n]+")
_REFERS_BACK = re.compile(
    r"(it|its|that|this|they|these|those|which|then|but|both|all|the (pain|numbness|feeling|symptoms?)"
    # "Last month I had flu with a high fever for three days. I'm completely better now" (b39)
    r"|(im|i am|hes|he is|shes|she is) (now )?(completely|fully|totally|all|much) (better|recovered|well)"
    # "...numb since her back surgery in March. Her neurologist is following it" (b60): the doctor watches this one
    r"|(my|his|her|their|the) (neurologist|doctor|surgeon|gp|physio|specialist|team|consultant)s?"
    r" (is|are|has been|have been) (following|monitoring|watching|checking|keeping an eye on) (it|this|that))\b"
)


def split_sentences(norm: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of a normalised message; a decimal point ends none."""
    spans, start = [], 0
    for end in _SENTENCE_END.finditer(norm):
        spans.extend(_split_a_run_on(norm, start, end.end()))
        start = end.end()
    if start < len(norm) or not spans:
        spans.extend(_split_a_run_on(norm, start, len(norm)))
    return [span for span in spans if norm[span[0] : span[1]].strip(" .!?\n")] or [(0, len(norm))]


# Where a sentence goes on to another subject: "he came home with a foot that slaps the ground when he walks and the
# whole parish has been talking about it since" (b55) tells his past; the present tense after "and the whole parish"
# is the parish's.
_A_NEW_SUBJECT = re.compile(
    r"\b(and|but|y|pero) (the|everyone|everybody|people|the whole|all the|todo el|toda la|todos|la gente)\b"
)


# ...nor is the writer's aside about what they know of it ("I don't know was it the keyhole kind or the big one, but he
# came home with a foot that slaps the ground", b55).
_AN_ASIDE = re.compile(
    r"\b(i|we) (dont|do not) (know|remember|recall|think)\b|\b(i|we) (think|guess|reckon|believe|suppose|imagine)\b"
    r"|\b(im|i am) not sure\b|\bno (se|me acuerdo)\b|\b(creo|supongo|me imagino)\b"
)


def _before_a_new_subject(words: str) -> str:
    """A sentence's own part: up to where it goes on to another subject, without the writer's asides."""
    new_subject = _A_NEW_SUBJECT.search(words)
    return _AN_ASIDE.sub(" ", words[: new_subject.start()] if new_subject else words)


# A question that asks for the consequences, signs or risks of something, then lists them ("What are the consequences
# of an incidental durotomy: CSF leak, postural headache, possible return to theatre?", b55): the list is what it
# asks about, unless a part of it is said of someone.
_ASKS_FOR_A_LIST = re.compile(
    r"^\W*(and |so |ok )?(what are|whats|what is|what were|cuales son|que) (the |all the |los |las )?"
    r"(main |possible |usual |common |typical |likely |posibles |principales )?"
    r"(consequences|complications|effects|side effects|signs|symptoms|risks|outcomes|sequelae|problems|consecuencias"
    r"|complicaciones|efectos|sintomas|senales|riesgos)\b"
)
_SAID_OF_SOMEONE = re.compile(
    r"\b(i|im|ive|my|me|he|his|him|she|her|we|our|us|they|their|them|mum|mom|dad|yo|mi|mis|tengo|tiene|el|ella)\b"
)


# Words that make a symptom told after a finding or a treatment new since then (see _settled_before_in_sentence)
_NEW_SINCE = re.compile(
    r"\b(but|now|still|again|today|tonight|since|worse|pero|ahora|todavia|aun|otra vez|de nuevo|hoy|peor)\b"
)


def sentence_index(sentences: list[tuple[int, int]], offset: int) -> int:
    """The sentence an offset lies in (sentences are in order: a binary search)."""
    return max(0, bisect_right([start for start, _ in sentences], offset) - 1)


# A writer who can only manage fragments ("Left hand. Left. Not right. Now weak. Cannot hold cup.", b56, after a
# stroke) says one thing over several "sentences": cues this many words apart are together whatever stops lie between.
FRAGMENT_WORDS = 12


def _together(norm: str, hits_per_cue: list[list[tuple[int, int]]]) -> bool:
    """The cues of one trigger are said of the same thing: within two neighbouring sentences, or within
    FRAGMENT_WORDS words (a weight "heavier than I should be" and a mother's "clots in her legs" far apart are not
    a weak leg). Each hit is (sentence index, offset in the normalised message)."""

    def near(a: tuple[int, int], b: tuple[int, int]) -> bool:
        first, last = sorted((a[1], b[1]))
        return b[0] in (a[0], a[0] + 1) or len(norm[first:last].split()) <= FRAGMENT_WORDS

    return any(
        all(any(near(hit, other) for other in cue) for cue in hits_per_cue) for hits in hits_per_cue for hit in hits
    )


def _a_listed_answer(norm: str, sentence: tuple[int, int], clause: Clause) -> bool:
    """The clause is part of a list of what its sentence asks about (see _ASKS_FOR_A_LIST)."""
    said = norm[sentence[0] : sentence[1]]
    return "?" in said and bool(_ASKS_FOR_A_LIST.match(said)) and not _SAID_OF_SOMEONE.search(clause.text)


def clause_at(clauses: list[Clause], offset: int) -> Clause:
    return next((c for c in reversed(clauses) if c.start <= offset), clauses[0])


def _compile(spec: object) -> Pattern[str]:
    """A cue is one regex or a list of alternatives (easier for a reviewer to read)."""
    patterns = spec if isinstance(spec, list) else [spec]
    return re.compile("|".join(f"(?:{p})" for p in patterns))


@dataclass
class TriageResult:
    emergency: bool
    fired: list[str] = field(default_factory=list)  # trigger ids that fired
    negated: list[str] = field(default_factory=list)  # cue names seen only negated
    hypothetical: bool = False
    not_current: bool = False
    # triggers whose symptom the message asks about in general, every cue of it, without having it ("what if my
    # leg went numb?", "¿qué pasaría si se me duerme una pierna?"); not a symptom told as past, long-standing,
    # gone or someone else's ("se me durmió la pierna con las piernas cruzadas, ya se me pasó")
    asked_about: list[str] = field(default_factory=list)


def _all_patterns(spec: object) -> list[str]:
    """Every pattern in a triggers file, for the words they spell out (not the triggers' ids or cue names)."""
    if isinstance(spec, str):
        return [spec]
    if isinstance(spec, list):
        return [p for item in spec for p in _all_patterns(item)]
    if isinstance(spec, dict):
        return [p for key, value in spec.items() if key not in ("id", "all") for p in _all_patterns(value)]
    return []


@lru_cache(maxsize=1)
def _triggers_validator() -> Draft7Validator:
    return Draft7Validator(json.loads(TRIGGERS_SCHEMA.read_text(encoding="utf-8")), format_checker=FormatChecker())


class TriageRules:
    """Compiled emergency triggers; `assess(text)` is pure and fast (regexes over one message)."""

    def __init__(self, spec: dict) -> None:
        error = best_match(_triggers_validator().iter_errors(spec))
        if error is not None:  # where in the file, and what is wrong there
            raise ValueError(f"{'.'.join(map(str, error.absolute_path)) or 'the file'}: {error.message}")
        self.cues: dict[str, Pattern[str]] = {name: _compile(rx) for name, rx in spec["cues"].items()}
        self.triggers: list[Trigger] = []
        for item in spec["triggers"]:
            cues = tuple(item["all"])
            missing = [c for c in cues if c not in self.cues]
            if missing:
                raise ValueError(f"trigger {item['id']!r} names unknown cues {missing}")
            unless = _compile(item["unless"]) if item.get("unless") else None
            self.triggers.append(Trigger(item["id"], cues, unless))
        self.negation = _compile(spec["negation"])
        self.negation_cancelled_by = _compile(spec.get("negation_cancelled_by") or [r"(?!x)x"])
        self.hypothetical = _compile(spec["hypothetical"])
        self.condition_before = _compile(spec["condition_before"])
        self.question_modal = _compile(spec["question_modal"])
        self.present = _compile(spec["present"])
        self.not_current = _compile(spec["not_current"])
        self.resolved = _compile(spec["resolved"])
        self.recurred = _compile(spec["recurred"])
        self.example_lead = _compile(spec["example_lead"])
        self.other_story = _compile(spec["other_story"])
        self.past_narration = _compile(spec["past_narration"])
        self.asks_to_wait = _compile(spec["after_emergency"])
        self.help_on_its_way = _compile(spec["help_on_its_way"])
        self.putting_off_care = _compile(spec["putting_off_care"])
        self.supposition = _compile(spec["supposition"])
        self.present_tense = _compile(spec["present_tense"])
        self.risk_question = _compile(spec["risk_question"])
        # Optional: a triggers file approved before they existed still loads.
        self.surgery_ahead = _compile(spec.get("surgery_ahead") or [r"(?!x)x"])
        self.bystander = _compile(spec.get("bystander") or [r"(?!x)x"])
        self.bystander_operated = _compile(spec.get("bystander_operated") or [r"(?!x)x"])
        self.respeller = Respeller(_all_patterns(spec))
        self.leaflet_says = _compile(spec.get("leaflet_says") or [r"(?!x)x"])
        self.leaflet_owned = _compile(spec.get("leaflet_owned") or [r"(?!x)x"])
        self.in_care = _compile(spec.get("in_care") or [r"(?!x)x"])
        self.under_way_now = _compile(spec.get("under_way_now") or [r"(?!x)x"])
        self.condition_treated = _compile(spec.get("condition_treated") or [r"(?!x)x"])
        self.surgery_planned = _compile(spec.get("surgery_planned") or [r"(?!x)x"])
        self.surgery_done = _compile(spec.get("surgery_done") or [r"(?!x)x"])
        self.long_standing = _compile(spec.get("long_standing") or [r"(?!x)x"])
        self.sudden_onset = _compile(spec.get("sudden_onset") or [r"(?!x)x"])

    def normalise(self, text: str | None) -> str:
        """The message as the patterns read it, Spanish sound-alike spellings put right (addons/respelling.py)."""
        return self.respeller.respell(normalise(text or ""))

    @classmethod
    def from_file(cls, path: Path | None = None) -> TriageRules:
        path = Path(path or DEFAULT_TRIGGERS)
        try:
            spec = yaml.safe_load(path.read_text(encoding="utf-8"))
            return cls(spec)
        except (KeyError, TypeError, ValueError, re.error, yaml.YAMLError) as err:
            raise ValueError(f"{path}: invalid emergency triggers: {err}") from err

    def _cue_hits(self, norm: str, clauses: list[Clause], cue: str) -> tuple[list[tuple[Clause, int]], bool]:
        """(clause, symptom end within it) where the cue is affirmed, and whether it was seen negated.

        Cues match on the whole message (a symptom may span a comma: "blood keeps coming, can't stop
        it"); negation is looked for just before the match, within the clause where it starts.
        """
        affirmed, negated = [], False
        for match in self.cues[cue].finditer(norm):
            clause = clause_at(clauses, match.start())
            window = max(clause.start, match.start() - 40)
            for stop in _NEGATION_STOP.finditer(norm, window, match.start()):
                window = stop.end()
            if any(
                window <= neg.start()
                and neg.end() <= match.start()
                and not self.negation_cancelled_by.search(norm[clause.start : neg.end()])
                and not _a_new_statement_between(norm[neg.end() : match.start()])
                for neg in self.negation.finditer(norm, window)
            ):  # lookahead sees the whole text
                negated = True
            else:
                affirmed.append((clause, match.end() - clause.start))
        return affirmed, negated

    def _asks_in_general(self, clause: Clause, symptom_end: int | None = None) -> bool:
        condition_scope = clause.text if symptom_end is None else clause.text[:symptom_end]
        if _OWN_SYMPTOM_ASKED_WHAT.search(clause.text) and not _SUPPOSED.search(clause.text):
            return False
        return (
            bool(self.hypothetical.search(clause.text))
            or bool(self.condition_before.search(condition_scope))
            or (
                clause.is_question
                and bool(self.question_modal.search(clause.text))
                and not _OWN_SYMPTOM_NORMAL.search(clause.text)
            )
        )

    def assess(self, text: str) -> TriageResult:
        """Emergency when any fired trigger is about the patient now.

        A trigger does not count when the clause of its symptom asks in general terms, or the sentence
        of its symptom speaks of the long past or retells someone else's story (unless the message
        says "now", "since this morning"...), or the symptom went away later in the message. These
        are judged per symptom, so one general question or one "for years" elsewhere in a long
        message never hides a red flag described in another sentence.
        """
        norm = self.normalise(text)
        clauses = split_clauses(norm) or [Clause("", 0, False)]
        sentences = split_sentences(norm)
        now = self._said_now(norm)
        asks_in_general = any(self._asks_in_general(c) for c in clauses)
        asks_about_risk = bool(self.risk_question.search(norm))
        # Someone outside the care ("my colleague collapsed at work today") is the patient only when the message
        # says that person had the operation ("my neighbour had his back op on Monday and now...").
        bystanders_count = not self.bystander_operated.search(norm)
        quoted = self._leaflet_passages(norm, clauses)
        # (A surgeon's word that "it would help" says nothing once the operation is dated as done.)
        operation_ahead = bool(
            (self.surgery_ahead.search(norm) or self.surgery_planned.search(norm))
            and not self.surgery_done.search(norm)
        )
        fired: list[str] = []
        asked_about: list[str] = []
        negated: list[str] = []
        general_seen = past_seen = False
        cache: dict[str, tuple[list[tuple[Clause, int]], bool]] = {}
        judged: dict[int, tuple[bool, bool, bool, bool]] = {}  # per sentence, judged once
        for trigger in self.triggers:
            for cue in trigger.cues:  # each cue read once a message, however many triggers share it
                if cue not in cache:
                    cache[cue] = self._cue_hits(norm, clauses, cue)
            hits = [cache[c] for c in trigger.cues]
            negated.extend(c for c, (aff, neg) in zip(trigger.cues, hits, strict=True) if neg and not aff)
            if not all(affirmed for affirmed, _ in hits) or (trigger.unless and trigger.unless.search(norm)):
                continue
            current_per_cue: list[list[tuple[int, int]]] = []
            asked = False  # a clause of it asks about the symptom in general, not in the past or as someone else's
            for affirmed, _ in hits:
                current: list[tuple[int, int]] = []
                for clause, end in affirmed:
                    index = sentence_index(sentences, clause.start)
                    if index not in judged:
                        judged[index] = self._judge_sentence(norm, sentences, index, now)
                    said_now, supposes, past, memory = judged[index]
                    went_away = self._went_away(norm, sentences, index, clause.start)
                    if bystanders_count and self._a_bystanders(norm, sentences[index], clause.start + end):
                        past_seen = True  # someone else's, as a memory is: the classifier alone does not overrule
                        continue
                    if (
                        operation_ahead
                        and trigger.id in CONDITION_SYMPTOMS
                        and self._the_condition_treated(norm, sentences, index)
                    ):
                        past_seen = True  # the reason for the operation, as a long-standing symptom is
                        continue
                    if any(start <= clause.start + end <= stop for start, stop in quoted):
                        general_seen = True  # the words of a leaflet, not the patient's
                        continue
                    general = (
                        self._asks_in_general(clause, end)
                        or supposes
                        or bool(asks_in_general and self.example_lead.search(clause.text))
                        or _a_listed_answer(norm, sentences[index], clause)
                    )
                    # Someone else's story retold to ask about risk: only when it is told in the past up to the
                    # symptom ("my neighbour had a numb foot..."); "my husband has chest pain, how common is
                    # that?" is a carer's report, whatever the question after it.
                    past = past or (asks_about_risk and self._retold(norm, sentences[index], clause.start + end))
                    general_seen, past_seen = general_seen or general, past_seen or past or memory
                    asked = asked or (self._asks_in_general(clause, end) and not (past or memory or went_away))
                    # A time said inside a "what if" is supposed too ("what if i get a temp a few days after the
                    # op", b49), unless the message also says it elsewhere.
                    if said_now and general and self._time_only_supposed(norm, sentences, index, clause):
                        said_now = False
                    # A supposition or hearsay holds whatever time it names ("a friend told me that her
                    # brother was operated on and now has a weak leg"): "now" is the other person's.
                    if not (memory or supposes or ((general or past) and not said_now) or went_away):
                        current.append((index, clause.start + end))
                current_per_cue.append(current)
            if all(current_per_cue) and _together(norm, current_per_cue):
                fired.append(trigger.id)
            elif asked:
                asked_about.append(trigger.id)
        if fired:
            return TriageResult(True, fired, sorted(set(negated)))
        return TriageResult(
            False,
            [],
            sorted(set(negated)),
            (general_seen or asks_in_general) and not now,
            # a symptom that "went away" ("se me durmió el pie pero ya se me quitó") is not current either
            past_seen
            or bool(self.not_current.search(norm) and not now)
            or bool(self.resolved.search(norm) and not self.recurred.search(norm)),
            asked_about,
        )

    def _the_condition_treated(self, norm: str, sentences: list[tuple[int, int]], index: int) -> bool:
        """The sentence names the spinal condition as the symptom's cause and says nothing sudden: "I have a slipped
        disc that makes my leg numb", "una hernia en el cuello que me está dejando el brazo dormido"; or it opens on
        "that's why", "por eso" after a sentence that names it ("...tengo una hernia que me aprieta el nervio. Por eso
        tengo el pie izquierdo medio dormido", es39)."""
        start, stop = sentences[index]
        words = norm[start:stop]
        if self.sudden_onset.search(words):
            return False
        if index > 0 and _BECAUSE_OF_THAT.match(words.strip()):
            start = sentences[index - 1][0]
        return bool(self.condition_treated.search(norm[start:stop]))

    def _time_only_supposed(self, norm: str, sentences: list[tuple[int, int]], index: int, clause: Clause) -> bool:
        """Every present time the symptom's sentence (a short message: the whole of it) says lies after a "what if"
        in the symptom's clause."""
        supposed = _WHAT_IF.search(clause.text)
        if supposed is None:
            return False
        scope = sentences[index] if len(sentences) > 2 else (0, len(norm))
        start, stop = clause.start + supposed.start(), clause.start + len(clause.text)
        times = list(self.present.finditer(norm, scope[0], scope[1]))
        return bool(times) and all(start <= t.start() and t.end() <= stop for t in times)

    def _judge_sentence(
        self, norm: str, sentences: list[tuple[int, int]], index: int, now: bool
    ) -> tuple[bool, bool, bool, bool]:
        """What a sentence says of the symptoms in it: (said now, a supposition, told as past, a memory).
        In a long message "now" must be said in the symptom's sentence, and a memory told in the past tense
        is not overruled by a "now" elsewhere in the story."""
        sentence = sentences[index]
        words = norm[sentence[0] : sentence[1]]
        long_message = len(sentences) > 2
        # "I herniated a disc last spring. Since then it's been grim: numb toes..." (b37): the time "then" names
        # is the previous sentence's.
        since_then = index > 0 and bool(_SINCE_THEN.match(words.strip()))
        previous = norm[sentences[index - 1][0] : sentences[index - 1][1]] if since_then else ""
        return (
            self._said_now(words) if long_message else now,
            bool(self.supposition.search(_WATCHING_A_SHOW.sub(" ", words))),
            self._told_as_past(words) or (since_then and self._told_as_past(previous)),
            long_message and self._remembered(norm, sentences, index),
        )

    def _said_now(self, words: str) -> bool:
        """A sentence of a long message says its symptom is happening now: a present time, and not a symptom said to
        have lasted months or years with nothing sudden ("now my leg is weak, it has been like that for a year")."""
        if not self.present.search(words):
            return False
        return not (self.long_standing.search(words) and not self.sudden_onset.search(words))

    def asks_to_wait_or_self_treat(self, text: str) -> bool:
        """Words that ask to wait, treat it at home or play it down (`after_emergency`, `putting_off_care`)."""
        norm = self.normalise(text)
        return bool(self.asks_to_wait.search(norm) or self.putting_off_care.search(norm))

    def puts_off_care(self, text: str) -> bool:
        """Words that put off or refuse the care itself (`putting_off_care`)."""
        return bool(self.putting_off_care.search(self.normalise(text)))

    def says_surgery_is_ahead(self, text: str) -> bool:
        """Words that say the operation is still to come (`surgery_ahead`)."""
        return bool(self.surgery_ahead.search(self.normalise(text)))

    def says_help_is_on_its_way(self, text: str) -> bool:
        """Words that say help has been called or is coming (`help_on_its_way`)."""
        return bool(self.help_on_its_way.search(self.normalise(text)))

    def says_help_is_under_way_now(self, text: str) -> bool:
        """Words that say help is on its way and under way as the patient writes (`help_on_its_way` and
        `under_way_now`): "ya estamos yendo en auto al IPS", "my sister is taking me in right now"."""
        norm = self.normalise(text)
        return bool(self.help_on_its_way.search(norm) and self.under_way_now.search(norm))

    def says_care_has_reached_them(self, text: str) -> bool:
        """Words that say care has reached the patient since (`in_care`: seen, treated, the doctors with them)."""
        return bool(self.in_care.search(self.normalise(text)))

    def _told_as_past(self, words: str) -> bool:
        """The symptom's sentence places it long ago. When someone died is that person's time, not the symptom's:
        "keeps asking whether my grandpa is home from work yet, and he passed years ago" (b61)."""
        return bool(self.not_current.search(_SOMEONE_DIED.sub(" ", words)))

    def _retold(self, norm: str, sentence: tuple[int, int], symptom_end: int) -> bool:
        """The symptom's sentence, up to the symptom, is someone else's (`other_story`) told with no verb in the
        present (`present_tense`): "mi hermano tuvo un infarto" is his past; "mi esposo tiene dolor" is now."""
        said = norm[sentence[0] : symptom_end]
        someone = self.other_story.search(said)
        # The tense is the other person's, from where they are named: "what holds me back is one thing: my aunt
        # had an operation in the 1980s and was left with a weak foot" (b40) is her past.
        return someone is not None and not self.present_tense.search(said[someone.start() :])

    def _remembered(self, norm: str, sentences: list[tuple[int, int]], index: int) -> bool:
        """A sentence told in the past tense within a story of the long past: the story opens with (or
        its sentence says) something like "years ago", and every sentence since is told in the past.
        A recent time ("last night", "three days ago") in the sentence or on the way back ends the story:
        "I had knee surgery years ago. My back op was last week. Last night I got a fever" is a report."""
        sentence = sentences[index]
        words = norm[sentence[0] : sentence[1]]
        if (
            not self.past_narration.search(words)
            or self.present_tense.search(_before_a_new_subject(words))
            or self.present.search(words)
        ):
            return False
        if self.not_current.search(words):
            return True
        # Back over the past-tense sentences of the same story, then the sentence that opens it (at least
        # the two sentences before, as a story may open in the present: "I've had three operations...").
        start = index
        while start > 0 and index - start < MEMORY_SPAN and self._told_in_the_past(norm, sentences[start - 1]):
            start -= 1
        for earlier in range(index - 1, max(min(start - 1, index - 2), 0) - 1, -1):
            said = norm[sentences[earlier][0] : sentences[earlier][1]]
            # A recent time beside a long-past one ("rang me twenty minutes ago ... (she retired in 2004)", b45)
            # dates the story: the old date is an aside.
            if self.present.search(said):
                return False
            if self.not_current.search(said):
                return True
        return self._dated_after(norm, sentences, index)

    def _dated_after(self, norm: str, sentences: list[tuple[int, int]], index: int) -> bool:
        """The story is dated after it is told: "He got brutal headaches whenever he stood up. That was a long
        time ago" (b48), "...un dolor de cabeza que solo se me quitaba tumbada. Me tuvieron que hacer un parche
        de sangre. Fue hace cuatro años" (es25): a sentence that refers back to it, across past-tense ones."""
        for later in range(index + 1, min(index + 1 + MEMORY_SPAN, len(sentences))):
            said = norm[sentences[later][0] : sentences[later][1]]
            if _DATES_BACK.match(said.strip()):
                return bool(self.not_current.search(said)) and not self.present.search(said)
            if not self._told_in_the_past(norm, sentences[later]):
                return False
        return False

    def _leaflet_passages(self, norm: str, clauses: list[Clause]) -> list[tuple[int, int]]:
        """Where the message repeats what a leaflet or discharge sheet says (`leaflet_says`): from those words
        to the end of the quotation that follows them, or else to the end of their clause or the first "and
        I"/"y yo" ("the sheet says call if the calf swells, and mine is swollen" still reports a swelling)."""
        passages: list[tuple[int, int]] = []
        for says in self.leaflet_says.finditer(norm):
            if self.leaflet_owned.search(norm, says.end()):
                return []  # "...a fever or discharge from the wound. I have both": the patient's after all
            opening = re.match(rf"\W*{QUOTE}\b", norm[says.end() :])
            opened = bool(opening) or says.group(0).endswith(QUOTE)
            closing = norm.find(f" {QUOTE}", says.end() + (opening.end() if opening else 0))
            if opened and closing > 0:
                passages.append((says.end(), closing))
                continue
            clause_end = next(
                (c.start + len(c.text) for c in clauses if c.start <= says.start() < c.start + len(c.text) + 1),
                len(norm),
            )
            stop = _NEGATION_STOP.search(norm, says.end(), clause_end)
            passages.append((says.end(), stop.start() if stop else clause_end))
        return passages

    def _told_in_the_past(self, norm: str, sentence: tuple[int, int]) -> bool:
        words = norm[sentence[0] : sentence[1]]
        return bool(self.past_narration.search(words)) and not self.present_tense.search(words)

    def _a_bystanders(self, norm: str, sentence: tuple[int, int], symptom_end: int) -> bool:
        """The symptom's sentence gives it to someone outside the care (`bystander`), told before it with no
        word of the writer's own in between: "my coworker's lips swelled up" is hers; "my friend says I'm
        slurring my words" is the writer's."""
        before = norm[sentence[0] : symptom_end]
        ends = [m.end() for m in self.bystander.finditer(before)]
        return bool(ends) and not _FIRST_PERSON.search(before, ends[-1])

    def _settled_before_in_sentence(self, before: str, said: str) -> bool:
        """A finding or a treatment earlier in the symptom's sentence covers it, when nothing marks the symptom as
        new since: "the doctor told us there is no clot, it's just swelling from sitting too long" (b59), not
        "the scan showed no clot but now his calf is red and hot"."""
        found = next(reversed(list(self.resolved.finditer(before))), None)  # the last finding before the symptom
        if found is None:
            return False
        between_and_after = before[found.end() :] + " " + said
        return not _NEW_SINCE.search(between_and_after) and not self.recurred.search(between_and_after)

    def _went_away(self, norm: str, sentences: list[tuple[int, int]], index: int, since: int | None = None) -> bool:
        """ "it went away" said of this symptom (its sentence from the symptom's clause on, or the next one
        when that refers back: "My legs went numb. It went away after an hour."), and it did not come back.
        Something that went away before the symptom is told is another thing: "the pain in my buttock has
        eased a lot, but right now my left leg is going numb" (one sentence, as speech-to-text writes)."""
        sentence = sentences[index]
        said = norm[max(sentence[0], since or 0) : sentence[1]]
        if since is not None and self._settled_before_in_sentence(norm[sentence[0] : since], said):
            return True
        if index + 1 < len(sentences):
            following = norm[sentences[index + 1][0] : sentences[index + 1][1]]
            if _REFERS_BACK.match(following.strip()):
                said += " " + following
        return bool(self.resolved.search(said)) and not self.recurred.search(said)
