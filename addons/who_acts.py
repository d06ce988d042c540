"""Who a question asks to act: the patient ("what can I do?") or the surgeon ("what can the surgeon do?").

Read by both servers: the Rasa server's intent router (addons/intent_router.py: "what can I do?" is not a
request for the menu) and the action server's topic resolution (actions/topic_resolution.py), so it lives
here and both images copy it (deploy/Dockerfile, deploy/Dockerfile.actions).
"""

from __future__ import annotations

import re

CARE_TEAM = (
    r"(((hospital|surgical|medical|care|clinic) )?"
    r"(surgeons?|doctors?|docs?|drs?|team|staff|hospitals?|clinic|consultants?|specialists?))"
)
_EQUIPO = r"(doctor(a|es|as)?|m[eé]dic[oa]s?|cirujan[oa]s?|equipo|hospital(es)?|cl[ií]nica|especialistas?)"
# What the patient (or the person cared for) can do: "what should I do about it?", "what can he do
# himself?", "what would you recommend I do first?".
_PATIENT_ACTION = re.compile(
    rf"\bwhat (else )?(can|could|should|shall|must|do|would) (i|he|she|we|my (?!{CARE_TEAM}\b)\w+)( \w+)? do\b"
    # ("what should I do next, like who do I talk to?" asks the next step of deciding, b54)
    r"(?! to (me|him|her|them)| next\b)"
    r"|\bwhat (do|would) you (recommend|suggest|advise) (i|he|she|we|my \w+)\b"
    # "and what about me, anything I can do?", "is there something we could do ourselves?"
    rf"|\b(anything|something|things?|stuff) (else )?(i|he|she|we|my (?!{CARE_TEAM}\b)\w+) "
    r"(can|could|should|need to|ought to|must) do\b"
    r"(?! to (me|him|her|them))"
    # Spanish: "¿y yo qué puedo hacer de mi parte?", "¿qué le toca hacer a mi mamá?", "¿qué podemos hacer nosotros?"
    rf"|\b(yo|[eé]l|ella|nosotros|mi (?!{_EQUIPO}\b)\w+) (qu[eé] )?"
    r"(puedo|puede|podemos|debo|debe|tengo que|tiene que) hacer\b"
    r"|\bqu[eé] (m[aá]s )?(puedo|podemos|debo|tengo que|me toca|nos toca) hacer\b(?! (el|la|los|las) )"
    rf"|\bqu[eé] (m[aá]s )?(puede|debe|tiene que|le toca) hacer (a )?(mi|su) (?!{_EQUIPO}\b)\w+"
    # the subject after the verb: "¿y qué más puede hacer ella para prepararse?", "¿qué puede hacer él?"
    r"|\bqu[eé] (m[aá]s )?(puede|debe|tiene que|pueden|deben) hacer (ella|[eé]l|ellos|ellas|usted|ustedes)\b"
    r"|\b(de mi parte|de nuestra parte|me toca (hacer )?a m[ií])\b"
    # lowering it oneself, with "yo" said: "¿y cómo bajo el riesgo yo?" (es29)
    r"|\b(c[oó]mo|qu[eé]) (bajo|reduzco|disminuyo|evito|prevengo|bajamos|reducimos|disminuimos|evitamos|prevenimos)"
    r" (\w+ ){0,2}(yo|nosotros)\b|\b(yo|nosotros) (c[oó]mo|qu[eé]) (bajo|reduzco|disminuyo|evito|prevengo|bajamos"
    r"|reducimos|evitamos)\b"
    # "And what's the patient's part in bringing it down?" (b54)
    r"|\b(the patients?'?s?|my|our|his|her) (own )?(part|role|share) in (bringing|keeping|getting|lowering|reducing"
    r"|cutting|preventing|avoiding)\b"
    # what a carer should tell the patient to do: "¿y qué le digo que haga?", "what should I tell her to do?"
    r"|\b(qu[eé]|q) (le|les) (digo|decimos|recomiendo|aconsejo|sugiero) (a (mi|su|la|el) \w+ )?(que|q) (haga|hagan)\b"
    r"|\bwhat (should|do|can|could|shall) (i|we) (tell|advise|get) (him|her|them|my \w+) to do\b"
)
PATIENT_SIDE_TOPIC = "reduce_risk_patient"
# What the surgeon or the hospital does to keep it safe: "what can the surgeon do to make it safer?",
# "how do doctors avoid that?" -- the surgeons' part, whichever risk is in focus. Not "what can the doctors
# do if it happens?", which asks how it is treated (the topic's own "next" aspect).
_SURGEON_ACTION = re.compile(
    rf"\bwhat (can|could|should|do|does|will|would) (the |my |your |a |their |our )?{CARE_TEAM} do\b"
    r"(?! (if|when|after|once)\b| (about|for) (it|that|this|them)\b)"
    # "what about the surgeon, what do they do?": the team named, then asked about with a pronoun
    rf"|\b{CARE_TEAM}\W+(\w+\W+){{0,2}}what (do|does|can|could|should|will|would) (they|he|she) do\b"
    r"(?! (if|when|after|once)\b| (about|for) (it|that|this|them)\b)"
    rf"|\bhow (do|does|can|could|will|would) (the |my |your |a |their )?{CARE_TEAM} "
    r"((try|work|manage|aim|go about|set out) (to )?)?"
    r"(make|keep|reduce|lower|prevent|avoid|avoiding|minimi[sz]e|stop|limit|cut)\b"
    # the clinic asked as "you" in the plural: "What you all do to make it safer?" (b56), "what do y'all do to keep it
    # safe", "¿qué hacen ustedes para que sea más segura?"
    r"|\bwhat (do |can |will |would )?(you all|y'?all|you guys|you folks|you lot|youse"
    r"|your (team|clinic|surgeons|doctors)) (do|doing) (to|for) (make|keep|lower|reduce|prevent|avoid|stop|cut)\b"
    r"|\bqu[eé] (hacen|pueden hacer) ustedes (para|pa) (que|evitar|bajar|reducir|prevenir)\b"
    # "they" making it safer is the team: "what would they do to make it safer then?" (b62), "¿qué harían para que
    # sea más segura?"
    r"|\bwhat (can|could|should|do|does|will|would) they do (to|for) (make|keep|making|keeping) (it|this|things"
    r"|the (op|operation|surgery|procedure)) (\w+ )?safer?\b"
    r"|\bqu[eé] (hacen|pueden hacer|har[ií]an|hac[ií]an) (para|pa) (que sea|hacerla|hacerlo) (m[aá]s )?segur[oa]\b"
    # Spanish: "¿y los doctores qué hacen de su parte?", "¿qué hace el cirujano para que sea más seguro?"
    rf"|\b(los|las|el|la|mi|su) {_EQUIPO} qu[eé] (hacen|hace|pueden hacer|puede hacer)\b"
    rf"|\bqu[eé] (hacen|hace|pueden hacer|puede hacer|deben hacer|debe hacer) (los|las|el|la|mi|su) {_EQUIPO}\b"
    r"(?! (si|cuando)\b)"
)
SURGEON_SIDE_TOPIC = "reduce_risk_surgeon"
# "What can the surgeon do about that?" after a complication asks how it is treated; after what raises the risk (a
# fusion, age, health) there is nothing to treat: it asks what the surgeon does to keep the risk down (b53).
_SURGEON_ABOUT_IT = re.compile(
    rf"\bwhat (can|could|should|do|does|will|would) (the |my |your |a |their |our )?{CARE_TEAM} do (about|for) "
    r"(it|that|this|them)\b"
)
# "What if it happened after I got home, what would I do?" asks what to do if it happens (the topic's "next"
# aspect), not what the patient does to prevent it (b52).
_IF_IT_HAPPENS = re.compile(
    r"\b(what if|if (it|that|this|one|they) (ever )?(happen\w*|occur\w*|went wrong|goes wrong|tore|tears)"
    r"|in case (it|that)"
    r"|si (eso |esto )?(me |le )?(pasa|pasara|pasar[aá]|ocurre|sucede))\b"
)


def who_acts(text: str, after_a_risk_factor: bool = False) -> str | None:
    """The topic of "what can I/she do?" (the patients' part) or "what can the surgeon do?" (the surgeons').
    `after_a_risk_factor`: what is in focus raises a risk rather than being a complication itself."""
    low = (text or "").lower()
    if _SURGEON_ACTION.search(low) or (after_a_risk_factor and _SURGEON_ABOUT_IT.search(low)):
        return SURGEON_SIDE_TOPIC
    if _PATIENT_ACTION.search(low) and not _IF_IT_HAPPENS.search(low):
        return PATIENT_SIDE_TOPIC
    return None
