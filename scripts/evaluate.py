"""`make eval`: NLU cross-validation, then the held-out sets over the REST channel -> reports/eval.md.

The held-out sets (tests/heldout/*.yml) were written by people who did not see the training data, in
the format of the shared black-box evaluator (../shared/eval/evaluate.py), which scores them.

reports/eval.md gets:
- the cross-validated intent report (summary and per intent) and its confusion matrix
  (reports/intent_confusion_matrix.png, copied from `rasa test nlu`'s output);
- per held-out set the evaluator's metrics, parsed from its --out JSON, beside the same single-turn
  cases answered by a keyword-search baseline (TF-IDF over the source article's sections);
- the Flesch-Kincaid reading grade of every answer in content/topics/.
"""

from __future__ import annotations

import argparse
import importlib.util
import itertools
import json
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from types import ModuleType

import textstat
import yaml

from actions.knowledge import ASPECTS, KNOWLEDGE_TOPICS, knowledge_base
from scripts.local_servers import Servers

ROOT = Path(__file__).resolve().parents[1]

SHARED = ROOT.parent / "shared"
SHARED_EVALUATOR = SHARED / "eval" / "evaluate.py"
SHARED_TOPICS = SHARED / "topics.yml"
ARTICLE = ROOT / "content" / "source" / "miss-risks-article.txt"
SOURCE_SECTIONS = ROOT / "content" / "source_sections.yml"
HELDOUT_SETS = [
    ROOT / "tests" / "heldout" / name
    for name in (
        "cases.yml",
        "final_cases.yml",
        "blind_cases_3.yml",
        "blind_cases_4.yml",
        "blind_cases_5.yml",
        "blind_cases_6.yml",
        "blind_cases_7.yml",
        "blind_cases_8.yml",
        "blind_cases_9.yml",
        "blind_cases_10.yml",
        "blind_cases_11.yml",
        "blind_cases_12.yml",
        "blind_cases_13.yml",
        "blind_cases_14.yml",
        "blind_cases_15.yml",
        "blind_cases_16.yml",
        "blind_cases_17.yml",
        "blind_cases_18.yml",
        "blind_cases_19.yml",
        "blind_cases_20.yml",
        "blind_cases_21.yml",
        "blind_cases_22.yml",
        "blind_cases_23.yml",
        "blind_cases_24.yml",
        "blind_cases_25.yml",
        "blind_cases_26.yml",
        "blind_cases_27.yml",
        "blind_cases_28.yml",
        "blind_cases_29.yml",
        "blind_cases_30.yml",
        "blind_cases_31.yml",
        "blind_cases_32.yml",
        "blind_cases_33.yml",
        "blind_cases_34.yml",
        "blind_cases_35.yml",
        "blind_cases_36.yml",
        "blind_cases_37.yml",
        "blind_cases_38.yml",
        "blind_cases_39.yml",
        "blind_cases_40.yml",
        "blind_cases_41.yml",
        "blind_cases_42.yml",
        "blind_cases_43.yml",
        "blind_cases_44.yml",
        "blind_cases_45.yml",
        "blind_cases_46.yml",
        "blind_cases_47.yml",
        "blind_cases_48.yml",
        "blind_cases_49.yml",
        "blind_cases_50.yml",
        "blind_cases_51.yml",
        "blind_cases_52.yml",
        "blind_cases_53.yml",
        "blind_cases_54.yml",
        "blind_cases_55.yml",
        "blind_cases_56.yml",
        "blind_cases_57.yml",
        "blind_cases_58.yml",
        "blind_cases_59.yml",
        "blind_cases_60.yml",
        "blind_cases_61.yml",
        "blind_cases_62.yml",
        "blind_cases_63.yml",
        "blind_cases_64.yml",
        "blind_cases_65.yml",
        "blind_cases_66.yml",
        "blind_cases_67.yml",
        "blind_cases_68.yml",
        "blind_cases_69.yml",
        "blind_cases_70.yml",
        "blind_cases_71.yml",
        "blind_cases_72.yml",
        "blind_cases_73.yml",
        "blind_cases_74.yml",
        "blind_cases_75.yml",
        "es/blind_cases_es1.yml",
        "es/blind_cases_es2.yml",
        "es/blind_cases_es3.yml",
        "es/blind_cases_es4.yml",
        "es/blind_cases_es5.yml",
        "es/blind_cases_es6.yml",
        "es/blind_cases_es7.yml",
        "es/blind_cases_es8.yml",
        "es/blind_cases_es9.yml",
        "es/blind_cases_es10.yml",
        "es/blind_cases_es11.yml",
        "es/blind_cases_es12.yml",
        "es/blind_cases_es13.yml",
        "es/blind_cases_es14.yml",
        "es/blind_cases_es15.yml",
        "es/blind_cases_es16.yml",
        "es/blind_cases_es17.yml",
        "es/blind_cases_es18.yml",
        "es/blind_cases_es19.yml",
        "es/blind_cases_es20.yml",
        "es/blind_cases_es21.yml",
        "es/blind_cases_es22.yml",
        "es/blind_cases_es23.yml",
        "es/blind_cases_es24.yml",
        "es/blind_cases_es25.yml",
        "es/blind_cases_es26.yml",
        "es/blind_cases_es27.yml",
        "es/blind_cases_es28.yml",
        "es/blind_cases_es29.yml",
        "es/blind_cases_es30.yml",
        "es/blind_cases_es31.yml",
        "es/blind_cases_es32.yml",
        "es/blind_cases_es33.yml",
        "es/blind_cases_es34.yml",
        "es/blind_cases_es35.yml",
        "es/blind_cases_es36.yml",
        "es/blind_cases_es37.yml",
        "es/blind_cases_es38.yml",
        "es/blind_cases_es39.yml",
        "es/blind_cases_es40.yml",
    )
]
# How each set was written and used: a set stops being blind once its errors have been looked at.
HISTORY = {
    "cases": "Written by a helper who saw no training data; used since for error analysis (a development set).",
    "final_cases": "Written blind. First run (before its errors were looked at): acc 0.908, macro-F1 0.905, "
    "OOS recall 0.92, emergency recall 0.97, false alarms 0.026, multi-turn 0.97.",
    "blind_cases_3": "Written blind on 2026-11-24. First run (before its errors were looked at): acc 0.876, "
    "macro-F1 0.866, OOS recall 0.85, emergency recall 0.96 (2 of 45 missed), false alarms "
    "0.01, multi-turn 0.77. Its misses then led to triage and training-data changes, so the "
    "figures below are no longer blind.",
    "blind_cases_4": "Written blind on 2026-12-02 (563 requests: 296 topic questions, 84 out of scope of which 53 "
    "near the domain, 78 emergencies of which 20 buried in long messages and 16 in Spanish or "
    "mixed, 46 conversations of which 17 follow an emergency reply). Run before anyone read "
    "its cases, on 2026-12-02: the model of the start of that day acc 0.806, macro-F1 0.851, "
    "OOS recall 0.70, emergency recall 0.81 (Spanish 0/11, buried 17/20), false alarms 0.011, "
    "multi-turn 0.59; the same day's first changes (triage on every word, Spanish red flags, "
    "the advice standing after an emergency reply, the asking part of long messages, two "
    "questions, symptom reports, new training voices) acc 0.904, macro-F1 0.909, OOS recall "
    "0.80, emergency recall 1.00, false alarms 0.011, multi-turn 0.80. Its errors were then "
    "analysed, so the figures below are no longer blind.",
    "blind_cases_5": "Written blind on 2026-12-02 by another helper, after the changes that blind_cases_4 "
    "measured (536 requests: 281 topic questions, 77 out of scope of which 47 near the domain, "
    "75 emergencies of which 18 buried in long messages and 14 in Spanish or mixed, 46 "
    "conversations). Run before anyone read its cases, on 2026-12-02: the model of the start "
    "of that day acc 0.808, macro-F1 0.861, OOS recall 0.70, emergency recall 0.81 (Spanish "
    "0/10, buried 15/18), false alarms 0.017, multi-turn 0.61; the day's changes up to the "
    "blind_cases_4 error analysis acc 0.898, macro-F1 0.899, OOS recall 0.92, emergency recall "
    "0.97 (2 buried red flags missed), false alarms 0.022, multi-turn 0.83. Its misses then "
    "led to triage changes (wordings of lost bladder/bowel feeling and soaked dressings, "
    'memories told in the past tense, a bleeding cue that fired on "can\'t stop thinking"), '
    "so the figures below are no longer blind.",
    "blind_cases_6": "Written blind on 2026-12-02 by a third helper, after the changes that blind_cases_5 "
    "measured and its error analysis (537 requests: 281 topic questions, 79 out of scope of "
    "which 50 near the domain, 72 emergencies of which 18 in long messages and 14 in Spanish or "
    "mixed, 47 conversations). Run before anyone read its cases, on 2026-12-02: the model of the "
    "start of that day acc 0.803, macro-F1 0.859, OOS recall 0.71, emergency recall 0.75 "
    "(Spanish 0/10, over 6,000 characters 0/3), false alarms 0.011, multi-turn 0.51; the day's "
    "model then acc 0.889, macro-F1 0.899, OOS recall 0.92, emergency recall 0.90 (7 missed: "
    "bleeding wordings, clinical words, Portuguese and Tagalog, a Spanish typo), false alarms "
    "0.008, multi-turn 0.79, p50/p95 16/20 ms. Its misses then led to triage changes, so the "
    "figures below are no longer blind.",
    "blind_cases_7": "Written blind on 2026-12-02 by a fourth helper, after all of that day's changes (498 "
    "requests: 266 topic questions, 70 out of scope of which 42 near the domain, 66 emergencies "
    "of which 16 in long messages and 14 in Spanish or mixed, 42 conversations). Run before "
    "anyone read its cases, on 2026-12-02: the model of the start of that day acc 0.826, "
    "macro-F1 0.869, OOS recall 0.73, emergency recall 0.80 (Spanish 0/10), false alarms 0.009, "
    "multi-turn 0.57; the day's final model acc 0.910, macro-F1 0.913, OOS recall 0.89, "
    "emergency recall 1.00 (66/66), false alarms 0.018 (6 cases), multi-turn 0.95, p50/p95 "
    "16/20 ms. Its false alarms then led to triage changes (suppositions, habits, old injuries, "
    '"fine since"), so the figures below are no longer blind.',
    "blind_cases_8": "Written blind on 2026-12-02 by a fifth helper (608 requests: 306 topic questions, 93 out "
    "of scope of which 52 near the domain and 10 look-alike traps, 72 emergencies of which 12 in "
    "messages of 1,500-7,200 characters and 14 in Spanish or mixed, 48 conversations). Run "
    "before anyone read its cases, on 2026-12-02: the model of that morning (DIET) acc 0.926, "
    "macro-F1 0.922, OOS recall 0.82, emergency recall 0.96 (3 missed), false alarms 0.000, "
    "multi-turn 0.73; the linear intent classifier with 870 new training examples from two "
    "more writers acc 0.968, macro-F1 0.967, OOS recall 0.98, emergency recall 0.97 (2 missed: "
    "a Spanish allergic swelling, a faint told as a story in a long message), false alarms "
    '0.000, multi-turn 0.81. 4 of its 9 failed turns were "the ambulance is on its way" '
    "after the advice, which its writer was asked to expect tagged emergency; the assistant "
    "acknowledges them untagged, as issue 10 specifies. 2 of its short questions had been "
    "written independently into data/ and were removed after the run. Its misses then led to "
    "triage and follow-up changes, so the figures below are no longer blind.",
    "blind_cases_9": "Written blind on 2026-12-02 by a sixth helper (552 requests: 271 topic questions, 89 out of "
    "scope of which 57 near the domain, 76 emergencies of which 10 in messages of 1,500-6,900 characters and 14 in "
    "Spanish or mixed, 46 conversations). Run before anyone read its cases, on 2026-12-02, after all of that "
    "session's changes up to the question beside an emergency: the model of that morning (DIET) acc 0.913, "
    "macro-F1 0.914, OOS recall 0.83, emergency recall 0.99 (1 Spanish missed), false alarms 0.006, multi-turn "
    "0.80; the session's model acc 0.952, macro-F1 0.953, OOS recall 0.90, emergency recall 1.00 (76/76), false "
    "alarms 0.006 (2: hay fever read as fever in a long story, 'could there be nerve damage'), multi-turn 0.83, "
    "p50/p95 24/35 ms on a busy machine. 4 of its 8 failed conversations were help-on-its-way turns its writer "
    "was asked to expect tagged emergency (the assistant acknowledges them untagged, as issue 10 specifies); "
    "one conversation opened with an allergic swelling ('my throat's swelling') that triage missed because of "
    "the apostrophe. 1 of its questions had been written independently into data/ and was removed after the "
    "run. Those misses then led to triage changes, so the figures below are no longer blind.",
    "blind_cases_10": "Written blind on 2026-12-02 by a seventh helper, whose brief said that help-on-its-way turns "
    "expect no emergency tag (703 requests: 335 topic questions, 118 out of scope, 80 emergencies of which 20 in "
    "messages of 800-2,200 characters and 8 in Spanish or mixed, 40 look-alike non-emergencies, 61 conversations). "
    "Run before anyone read its cases, on 2026-12-02, on the model of the start of session 5 (commit d35c2cd): acc "
    "0.931, macro-F1 0.928, OOS recall 0.92, emergency recall 0.94 (5 missed: 3 sudden confusion or slurred speech, "
    "a category triage did not have; a swollen calf and breathlessness after 'probably nothing since this morning', "
    "read as 'nothing since'; 'his legs wouldn't listen, his feet have gone to sleep'), false alarms 0.009 (4), "
    "multi-turn 0.79 (13 of 61 failed: 'what can the surgeon do' answered with the patients' part, 'the other "
    "one', 'which one is the most serious', what to ask the surgeon), style 'real' 0.73, p50/p95 33/60 ms. Its "
    "misses then led to triage, follow-up and training-data changes, so the figures below are no longer blind.",
    "blind_cases_11": "Written blind on 2026-12-02 by an eighth helper (714 requests: 341 topic questions, 120 out of "
    "scope of which 93 near the domain, 82 emergencies of which 20 in messages of 840-2,000 characters and 9 in "
    "Spanish or mixed, about 42 look-alike non-emergencies, 60 conversations). Run before anyone read its cases, "
    "on 2026-12-02, on two models: the start of session 5 (d35c2cd) acc 0.950, macro-F1 0.958, OOS recall 0.95, "
    "emergency recall 0.94 (5 missed), false alarms 0.011 (5), multi-turn 0.87, p50/p95 29/74 ms; after the "
    "round-10 changes (1a936ac) acc 0.956, macro-F1 0.962, OOS recall 0.92 (4 more near-domain questions "
    "answered: the timing of intimacy, lifting a child, riding a motorcycle, moving an appointment), emergency "
    "recall 0.98 (2 missed: a fever of 38.7 told after 'I took my temperature', dizziness with two falls), false "
    "alarms 0.011 (the same 5: a dog's weak leg, a flu-shot fever, night cramps after swimming, 'chest pains last "
    "yr'), multi-turn 0.85, p50/p95 30/67 ms. 11 of its questions had been written independently into data/ "
    "before it existed and were removed after the run. Its misses then led to triage changes, so the figures "
    "below are no longer blind.",
    "blind_cases_12": "Written blind on 2026-12-02 by a ninth helper (712 requests: 339 topic questions, 111 out of "
    "scope, 84 emergencies of which 20 in long messages and 10 in Spanish or mixed, 60 conversations). Run before "
    "anyone read its cases, on 2026-12-02, on two models: the start of session 5 (d35c2cd) acc 0.933, macro-F1 "
    "0.947, OOS recall 0.93, emergency recall 0.89 (9 missed), false alarms 0.011, multi-turn 0.78, p50/p95 25/33 "
    "ms; after the round-10 and round-11 changes (c6ab8d4) acc 0.925 (topic questions 0.944 -> 0.923: 10 answered "
    "before and not after, mostly declined as out of scope, 13 the other way), macro-F1 0.935, OOS recall 0.92, "
    "emergency recall 0.94 (5 missed: 'started an hr ago', 'bleeding thru', 'why do I have chest pain', a father "
    "'struggling to get his breath', a neck swelling with noisy breathing after neck surgery), false alarms 0.013, "
    "multi-turn 0.88, p50/p95 26/35 ms. 7 of its questions had been written independently into data/ and were "
    "removed after the run. Its misses then led to triage changes, so the figures below are no longer blind.",
    "blind_cases_13": "Written blind on 2026-12-03 by a tenth helper (525 requests: 275 topic questions of which 14 "
    "look-alike non-emergencies, 87 out of scope of which 52 near the domain and 13 about other operations or body "
    "parts, 60 emergencies of which 18 buried in long messages and 6 in Spanish or mixed, 36 conversations of "
    "which 9 with an emergency on a later turn). Run before anyone read its cases, on 2026-12-03, on two models: "
    "the start of session 7 (cb0cedf) acc 0.960, macro-F1 0.950, OOS recall 0.94, emergency recall 0.98 (59/60: "
    "'wat do i do' read as a general question), false alarms 0.006 (2), multi-turn 0.92 (turns 0.97), p50/p95 "
    "21/27 ms; with a per-sentence classifier backstop for emergencies and party-switching follow-ups (329696c) "
    "acc 0.955, macro-F1 0.946, OOS recall 0.94, emergency recall 0.98 (the backstop caught nothing the rules "
    "missed), false alarms 0.011 (4: the backstop added 2), multi-turn 0.92. The backstop was then reverted and "
    "the miss led to triage changes (texting spellings, chance questions without a question mark); 5 of its 5 "
    "answered out-of-scope questions were about other operations (hand, eyes, hernia, tonsils, cosmetic). "
    "The figures below are no longer blind.",
    "blind_cases_14": "Written blind on 2026-12-03 by an eleventh helper (529 requests: 284 topic questions of which "
    "15 look-alike non-emergencies, 86 out of scope of which 55 near the domain and 10 about other operations, 60 "
    "emergencies of which 18 in long messages and 6 in Spanish, 37 conversations of which 11 with an emergency). "
    "Run before anyone read its cases, on 2026-12-03, on two models: the start of session 7 (cb0cedf) acc 0.926, "
    "macro-F1 0.929, OOS recall 0.97, emergency recall 0.97 (58/60), false alarms 0.011 (4), multi-turn 0.84 "
    "(turns 0.94), p50/p95 51/83 ms on a machine busy with CI; after session 7's changes (435dca4: round 13's "
    "triage fixes, party-switching and deciding follow-ups, other operations declined, 649 training examples in "
    "new voices) acc 0.940, macro-F1 0.945, OOS recall 0.98, emergency recall 0.97 (58/60), false alarms 0.011 "
    "(4), multi-turn 0.84 (turns 0.94), p50/p95 42/79 ms. 4 of its short questions had been written "
    "independently into data/ and were removed after the run. The figures below are no longer blind.",
    "blind_cases_15": "Written blind on 2026-12-03 by a twelfth helper (564 requests: 279 topic questions of which "
    "30 from caregivers and 19 asking two questions, 84 out of scope of which 56 near the domain and 11 look-alike "
    "non-emergencies, 72 emergencies of which 18 in long messages and 11 in Spanish or mixed, 46 conversations of "
    "which 19 with an emergency then a wish to wait). Run before anyone read its cases, on 2026-12-03, on two "
    "models: the start of session 9 (6c884db, English only) acc 0.954, macro-F1 0.958, OOS recall 0.92 "
    "(look-alikes 5/11), emergency recall 0.97 (70/72, both bladder or bowel), false alarms 0.000, multi-turn 0.91 "
    "(turns 0.95), p50/p95 39/73 ms on a machine busy with tests; with Spanish served (ae5c6ea) acc 0.959, "
    "macro-F1 0.958, OOS recall 0.90 (look-alikes 5/11), emergency recall 0.99 (71/72), false alarms 0.000, "
    "multi-turn 0.91 (turns 0.95), p50/p95 41/74 ms. The figures below are no longer blind.",
    "blind_cases_16": "Written blind on 2026-12-04 by a thirteenth helper (485 requests: 255 topic questions of which "
    "15 from caregivers, 15 asking two questions and 15 long, 60 out of scope of which 40 near the domain and 12 "
    "look-alike non-emergencies, 40 emergencies of which 12 in messages of 1,500-3,700 characters, 45 conversations "
    "of which 13 with an emergency, 9 then a wish to wait). Run before anyone read its cases, on 2026-12-04, on three "
    "models served side by side (latencies from three servers sharing 2 cores): the start of session 9 (6c884db) acc "
    "0.969, macro-F1 0.976, OOS recall 0.90 (near-domain 37/40, look-alikes 9/12), emergency recall 0.975 (39/40, a "
    "calf clot missed), false alarms 0.006 (2), multi-turn 0.91 (turns 0.97), p50/p95 88/147 ms; the start of "
    "session 11 (7e8bc85) acc 0.969, macro-F1 0.976, OOS recall 0.90, emergency recall 0.975, false alarms 0.006, "
    "multi-turn 0.93 (turns 0.98), p50/p95 85/152 ms; after session 11's changes (d8ca3c6) acc 0.972, macro-F1 "
    "0.980, OOS recall 0.90 (near-domain 37/40, look-alikes 9/12), emergency recall 0.975 (39/40), false alarms "
    "0.006 (2), multi-turn 0.93 (turns 0.98), p50/p95 85/138 ms. 2 of its short questions had been written "
    "independently into data/ "
    "and were removed after the run. The figures below are no longer blind.",
    "blind_cases_17": "Written blind on 2026-12-04 by a fourteenth helper (490 requests: 255 topic questions, 17 per "
    "topic in 17 styles, 60 out of scope of which 38 near the domain and 14 look-alike non-emergencies, 40 "
    "emergencies of which 12 in messages of 1,500-2,050 characters, 45 conversations of which 12 with an emergency "
    "on a later turn then a wish to wait). Run before anyone read its cases, on 2026-12-04, on two models served "
    "side by side while other tests ran: a67cd01 (one Spanish writer's data) acc 0.961, macro-F1 0.975, OOS recall "
    "0.93 (near-domain 37/38, look-alikes 11/14), emergency recall 0.95 (38/40: a hot swollen calf asked to wait, "
    "blue lips), false alarms 0.010 (3), multi-turn 0.91 (turns 0.97), p50/p95 78/180 ms; with a second Spanish "
    "writer's data (session 12) acc 0.958, macro-F1 0.974, OOS recall 0.92 (near-domain 37/38, look-alikes 10/14), "
    "emergency recall 0.95 (38/40), false alarms 0.010 (3), multi-turn 0.91 (turns 0.97), p50/p95 74/172 ms. 2 of "
    "its short texts had been written independently into data/ and were removed after the run. The figures below "
    "are no longer blind.",
    "blind_cases_18": "Written blind on 2026-12-04 by a fifteenth helper (496 requests: 255 topic questions, 17 per "
    "topic in 17 styles, 60 out of scope of which 38 near the domain and 14 look-alike non-emergencies, 40 "
    "emergencies of which 12 in messages of 1,400-1,700 characters, 45 conversations of which 14 with an emergency "
    "on a later turn). Run before anyone read its cases, on 2026-12-04 (session 13), on models served side by side "
    "while other work ran: 6e9448e acc 0.969, macro-F1 0.975, OOS recall 0.90 (near-domain 36/38, look-alikes "
    "10/14), emergency recall 1.00 (40/40), false alarms 0.013 (4: hearsay about numb legs, a forum's headaches, a "
    "leg numb from sitting that came right, a pre-operative weak hand), multi-turn 0.93 (turns 0.97), p50/p95 "
    "62/124 ms; with writer h's training data acc 0.955, macro-F1 0.965, OOS recall 0.83 (look-alikes 6/14: its "
    "mild symptom reports turned look-alikes into symptom reports), emergency recall 1.00, false alarms 0.013, "
    "multi-turn 0.96, p50/p95 46/80 ms. The figures below are no longer blind.",
    "blind_cases_19": "Written blind on 2026-12-04 by a sixteenth helper (483 requests: 255 topic questions, 17 per "
    "topic in 17 styles, from patients in six countries, 60 out of scope of which 38 near the domain and 14 "
    "look-alikes, 40 emergencies of which 12 of 1,530-1,660 characters, 45 conversations of which 14 with an "
    "emergency on a later turn). Run before anyone read its cases, on 2026-12-04 (session 13), while `make eval` "
    "ran beside it: 6e9448e (the start of the session) acc 0.961, macro-F1 0.964, OOS recall 0.88 (near-domain "
    "34/38, look-alikes 11/14), emergency recall 0.975 (39/40: a bleeding wound told in a long story), false "
    "alarms 0.003 (1), multi-turn 0.91 (turns 0.97), p50/p95 69/107 ms; 97478ae (b18 and es3's error analysis, "
    "writers g, h and i) acc 0.958, macro-F1 0.959, OOS recall 0.90 (near-domain 35/38, look-alikes 11/14), "
    "emergency recall 0.975 (39/40), false alarms 0.003 (1), multi-turn 0.89 (turns 0.95), p50/p95 67/108 ms. 2 of "
    "its texts had been written independently into data/ and were removed after the run. The figures below are "
    "no longer blind.",
    "blind_cases_es1": "Spanish. Written blind on 2026-12-04 by a helper who saw no training data (333 requests: 180 "
    "topic questions of which 14 in Spanish-English mix, 45 out of scope of which 32 near the domain and 8 mild "
    "symptoms, 35 emergencies of which 8 long, 25 conversations of which 7 with an emergency). Run before anyone "
    "read its cases, on 2026-12-04: the English-only assistant (6c884db) acc 0.381, macro-F1 0.235, OOS recall "
    "1.00, emergency recall 0.83 (29/35), false alarms 0.000, multi-turn 0.20 (turns 0.44), p50/p95 52/73 ms; "
    "with Spanish served and the Spanish training data of one writer (18 intents; 72eacc2) acc 0.742, macro-F1 "
    "0.694, OOS recall 0.91, emergency recall 0.94 (33/35), false alarms 0.013 (3), multi-turn 0.44 (turns 0.66), "
    "p50/p95 53/74 ms. 1 of its texts had been written independently into data/ and was removed after "
    "the run. The figures below are no longer blind.",
    "blind_cases_es2": "Spanish. Written blind on 2026-12-04 by a helper who saw no training data (364 requests: "
    "205 topic questions, 45 out of scope of which 29 near the domain and 11 look-alike non-emergencies, 35 "
    "emergencies of which 11 long, 25 conversations of which 7 with an emergency on a later turn then a wish to "
    "wait). Run before anyone read its cases, on 2026-12-04, on two models served side by side while other tests "
    "ran: a67cd01 (one Spanish writer's data, 18 intents) acc 0.712, macro-F1 0.706, OOS recall 0.82 (near-domain "
    "24/29, look-alikes 8/11), emergency recall 0.89 (31/35), false alarms 0.024 (6), multi-turn 0.48 (turns 0.78), "
    "p50/p95 115/198 ms; with a second writer's data (data/nlu_es_d.yml, session 12) acc 0.877, macro-F1 0.917, "
    "OOS recall 0.80 (near-domain 24/29, look-alikes 7/11), emergency recall 0.89 (31/35), false alarms 0.016 (4), "
    "multi-turn 0.84 (turns 0.92), p50/p95 112/212 ms. The figures below are no longer blind.",
    "blind_cases_es3": "Spanish. Written blind on 2026-12-04 by a helper who saw no training data and no earlier set "
    "(373 requests: 210 topic questions, 14 per topic of which 17 in Spanish-English mix, 45 out of scope of which "
    "28 near the domain and 10 look-alike non-emergencies, 35 emergencies of which 8 of 1,500-1,700 characters, 25 "
    "conversations of which 8 with an emergency on a later turn). Run before anyone read its cases, on 2026-12-04 "
    "(session 13): 6e9448e acc 0.931, macro-F1 0.949, OOS recall 0.96 (near-domain 26/28, look-alikes 10/10), "
    "emergency recall 0.91 (32/35: clear fluid said 'agüita clarita', hives with a thick tongue and wheezing, "
    "confusion told as not knowing the day), false alarms 0.008 (2), multi-turn 0.84 (turns 0.95), p50/p95 "
    "119/190 ms; with writer h's English data the same figures. The figures below are no longer blind.",
    "blind_cases_es4": "Spanish. Written blind on 2026-12-04 by a helper who saw no training data and no earlier set "
    "(367 requests: 210 topic questions, 14 per topic, 45 out of scope of which 28 near the domain and 10 "
    "look-alikes, 35 emergencies of which 8 of 1,550-1,780 characters, 25 conversations of which 9 with an "
    "emergency on a later turn). Run before anyone read its cases, on 2026-12-04 (session 13): 6e9448e acc 0.907, "
    "macro-F1 0.939, OOS recall 0.91 (near-domain 27/28, look-alikes 7/10), emergency recall 0.86 (30/35), false "
    "alarms 0.016 (4), multi-turn 0.72 (turns 0.86), p50/p95 90/172 ms; 97478ae acc 0.924, macro-F1 0.951, OOS "
    "recall 0.89 (26/28, 7/10), emergency recall 0.86 (30/35: bowels let go 'sin darme cuenta', 'me está "
    "costando respirar', nonsense talk, 'me desmallé', a grandfather seeing people who are not there told in a "
    "long story), false alarms 0.016 (4), multi-turn 0.72 (turns 0.87), p50/p95 95/178 ms. 1 of its texts had "
    "been written independently into data/ and was removed after the run. The figures below are no longer blind.",
    "blind_cases_20": "Written blind on 2026-12-04 by a helper who saw no training data and no earlier set (484 "
    "requests: 255 topic questions, 17 per topic, 60 out of scope of which 38 near the domain and 14 look-alike "
    "non-emergencies, 40 emergencies, 45 conversations, 129 turns). Run before anyone read its cases, on "
    "2026-12-04 (session 14), model of b4df343: acc 0.969, macro-F1 0.972, OOS recall 0.90 (near-domain 37/38, "
    "look-alikes 9/14), emergency recall 0.95 (38/40; neck swelling after surgery 1 of 3), false alarms 0.000 "
    "(1 on a conversation turn), multi-turn 0.93 (turns 0.98), p50/p95 32/53 ms. The figures below are no "
    "longer blind.",
    "blind_cases_es5": "Spanish. Written blind on 2026-12-04 by a helper who saw no training data and no earlier set "
    "(370 requests: 210 topic questions, 14 per topic, 45 out of scope of which 28 near the domain and 10 "
    "look-alikes, 35 emergencies, 25 conversations, 80 turns). Run before anyone read its cases, on 2026-12-04 "
    "(session 14), model of b4df343: acc 0.945, macro-F1 0.974, OOS recall 0.93 (near-domain 28/28, "
    "look-alikes 7/10), emergency recall 0.89 (31/35), false alarms 0.020 (5, and 1 on a conversation turn), "
    "multi-turn 0.76 (turns 0.88), p50/p95 31/46 ms. The figures below are no longer blind.",
    "blind_cases_es6": "Spanish. Written blind on 2026-12-04 by a helper who saw no training data and no earlier set "
    "(378 requests: 195 topic questions, 13 per topic, 50 out of scope of which 36 near the domain and 13 "
    "look-alikes, 35 emergencies of which 11 long, 40 conversations, 98 turns, 14 with an emergency). Run before "
    "anyone read its cases, on 2026-12-04 (session 14), the same model (of b4df343) served side by side with two "
    "codes: b4df343's acc 0.939, macro-F1 0.965, OOS recall 0.92 (near-domain 34/36, look-alikes 11/13), "
    "emergency recall 0.86 (30/35), false alarms 0.012 (3), multi-turn 0.80 (turns 0.91), p50/p95 30/44 ms; with "
    "the triage, language and resolution fixes from b20 and es5 (not yet committed) acc 0.954, macro-F1 0.970, "
    "OOS recall 0.90 (34/36, 10/13), emergency recall 0.94 (33/35), false alarms 0.012 (3), multi-turn 0.80 "
    "(turns 0.91), p50/p95 33/54 ms. (A first attempt on b4df343's code returned only the error reply: that "
    "server had no spaCy model; it measured nothing and no case was read.) The figures below are no longer "
    "blind.",
    "blind_cases_21": "Written blind on 2026-12-04 by a helper who saw no training data and no earlier set (483 "
    "requests: 255 topic questions, 17 per topic, one per style, 60 out of scope of which 39 near the domain and "
    "15 look-alikes, 40 emergencies of which 13 of 600-3,000 characters, 45 conversations, 128 turns, 16 with an "
    "emergency). Run before anyone read its cases, on 2026-12-04 (session 14), the same model (of b4df343) "
    "served side by side with two codes, with the same figures: b4df343's, and with the fixes from b20, es5 and "
    "es6 (not yet committed): acc 0.975, macro-F1 0.982, OOS recall 0.88 (near-domain 37/39, look-alikes "
    "10/15), emergency recall 1.00 (40/40), false alarms 0.010 (3, and 1 on a conversation turn), multi-turn "
    "0.93 (turns 0.98), p50/p95 32/51 ms. The figures below are no longer blind.",
    "blind_cases_es7": "Spanish. Written blind on 2026-12-04 by a helper who saw no training data and no earlier set "
    "(370 requests: 210 topic questions, 14 per topic, 45 out of scope of which 29 near the domain and 12 "
    "look-alikes, 35 emergencies of which 12 of 600-3,000 characters, 25 conversations, 80 turns, 12 with an "
    "emergency). Run before anyone read its cases, on 2026-12-04 (session 14), the same model (of b4df343) "
    "served side by side with two codes: b4df343's acc 0.928, macro-F1 0.974, OOS recall 0.87 (near-domain "
    "27/29, look-alikes 8/12), emergency recall 0.74 (26/35), false alarms 0.020 (5), multi-turn 0.88 (turns "
    "0.95), p50/p95 33/52 ms; 649d3be's (the fixes from b20, es5, es6 and b21) acc 0.945, macro-F1 0.985, OOS "
    "recall 0.87 (27/29, 8/12), emergency recall 0.86 (30/35), false alarms 0.024 (6), multi-turn 0.88 (turns "
    "0.95), p50/p95 34/54 ms; 525fe01's code (Spanish triage from a probe set) acc 0.955, macro-F1 0.985, OOS "
    "recall 0.87, emergency recall 0.94 (33/35), false alarms 0.024 (6), multi-turn 0.88 (turns 0.95); the same "
    "code with a model trained on writer j's Spanish data acc 0.962, macro-F1 0.990, OOS recall 0.89 (29/29, "
    "7/12), emergency recall 0.94 (33/35), false alarms 0.024 (6), multi-turn 0.88 (turns 0.96), p50/p95 36/59 "
    "ms. The figures below are no longer blind.",
    "blind_cases_22": "Written blind on 2026-12-04 by a helper who saw no training data and no earlier set (484 "
    "requests: 255 topic questions, 17 per topic, one per style, 60 out of scope of which 38 near the domain and "
    "17 look-alikes, 40 emergencies of which 13 of 600-3,000 characters, 45 conversations, 129 turns, 15 with an "
    "emergency). Run before anyone read its cases, on 2026-12-04 (session 14), while CI ran beside it (latency "
    "inflated): b4df343 (the start of the session) acc 0.961, macro-F1 0.975, OOS recall 0.88 (near-domain "
    "38/38, look-alikes 10/17), emergency recall 0.95 (38/40), false alarms 0.022 (7), multi-turn 0.91 (turns "
    "0.97), p50/p95 85/124 ms; b4df343's model with b585342's code acc 0.966, macro-F1 0.977, OOS recall 0.90 "
    "(38/38, 11/17), emergency recall 0.95 (38/40), false alarms 0.016 (5), multi-turn 0.91 (turns 0.97); "
    "b585342 (code and model, writers j and k) acc 0.963, macro-F1 0.982, OOS recall 0.90 (38/38, 11/17), "
    "emergency recall 0.95 (38/40), false alarms 0.016 (5), multi-turn 0.96 (turns 0.98), p50/p95 83/120 ms. "
    "The figures below are no longer blind.",
    "blind_cases_23": "Written blind on 2026-12-04 by a helper who saw no training data and no earlier set (477 "
    "requests: 255 topic questions, 17 per topic, 46 out of scope, 41 emergencies, 46 conversations, 135 turns, "
    "12 with an emergency). Run before anyone read its cases, on 2026-12-04 (session 15), f947200 (the start of "
    "the session): acc 0.965, macro-F1 0.972, OOS recall 0.87 (40/46), emergency recall 0.95 (39/41), false "
    "alarms 0.003 (1), multi-turn 0.87 (turns 0.96), p50/p95 28/44 ms; the same model with cd2ad18's triage "
    "(English probe v): acc 0.968, macro-F1 0.972, OOS recall 0.87, emergency recall 0.98 (40/41), false alarms "
    "0.000, multi-turn 0.87, p50/p95 -/42 ms. The figures below are no longer blind.",
    "blind_cases_es8": "Spanish. Written blind on 2026-12-04 by a helper who saw no training data and no earlier set "
    "(376 requests: 214 topic questions, 31 out of scope of which 20 near the domain and 8 look-alikes, 36 "
    "emergencies of which 8 of 100+ words, 36 conversations, 95 turns, 11 with an emergency). Run before anyone "
    "read its cases, on 2026-12-04 (session 15), f947200: acc 0.964, macro-F1 0.976, OOS recall 0.97 (30/31), "
    "emergency recall 0.94 (34/36), false alarms 0.008 (2), multi-turn 0.94 (turns 0.98), p50/p95 38/63 ms; "
    "cd2ad18 the same. The figures below are no longer blind.",
    "blind_cases_24": "Written blind on 2026-12-04 by a helper who saw no training data and no earlier set (484 "
    "requests in Indian, Nigerian, Irish, Scottish, South African, Filipino and US Southern voices: 267 topic "
    "questions, 47 out of scope of which 24 near the domain, 15 look-alikes and 4 idioms, 43 emergencies of which "
    "12 long with the red flag buried and 6 described without being named, 46 conversations, 127 turns, 16 with "
    "an emergency). Run before anyone read its cases, on 2026-12-04 (session 15), on three servers side by side: "
    "f947200 (the start of the session) acc 0.952, macro-F1 0.962, OOS recall 0.91 (43/47), emergency recall 0.88 "
    "(38/43), false alarms 0.013 (4), multi-turn 0.89 (turns 0.95), p50/p95 29/44 ms; the same model with "
    "ce2c266's code (triage from probe v, b23 and es8) acc 0.958, macro-F1 0.962, OOS recall 0.91, emergency "
    "recall 0.91 (39/43), false alarms 0.006 (2), multi-turn 0.91 (turns 0.96); the model trained with writer l's "
    "out-of-scope look-alikes and the next code acc 0.958, macro-F1 0.963, OOS recall 0.96 (45/47), emergency "
    "recall 0.91 (39/43), false alarms 0.006 (2), multi-turn 0.91 (turns 0.96), p50/p95 36/58 ms. The figures "
    "below are no longer blind.",
    "blind_cases_25": "Written blind on 2026-12-04 by a helper who saw no training data and no earlier set (486 "
    "requests: 264 topic questions, 49 out of scope, 42 emergencies, 47 conversations, 131 turns, 16 with an "
    "emergency). Run before anyone read its cases, on 2026-12-04 (session 15), on two servers side by side: "
    "f947200 (the start of the session) acc 0.972, macro-F1 0.977, OOS recall 0.96 (47/49), emergency recall 0.90 "
    "(38/42), false alarms 0.003 (1), multi-turn 0.91 (turns 0.97), p50/p95 35/58 ms; 59dd35d (this session's "
    "triage, writer l's model, the exact-figure rule) acc 0.975, macro-F1 0.979, OOS recall 0.96 (47/49), "
    "emergency recall 0.93 (39/42), false alarms 0.003 (1), multi-turn 0.94 (turns 0.98), p50/p95 33/53 ms. The "
    "figures below are no longer blind.",
    "blind_cases_es9": "Spanish. Written blind on 2026-12-04 by a helper who saw no training data and no earlier set "
    "(373 requests: 209 topic questions, 34 out of scope, 39 emergencies, 37 conversations, 91 turns, 10 with an "
    "emergency). Run before anyone read its cases, on 2026-12-04 (session 15), on two servers side by side: "
    "f947200 acc 0.936, macro-F1 0.950, OOS recall 0.91 (31/34), emergency recall 0.95 (37/39), false alarms "
    "0.017 (4), multi-turn 0.89 (turns 0.95), p50/p95 28/43 ms; 59dd35d acc 0.940, macro-F1 0.952, OOS recall "
    "0.91 (31/34), emergency recall 0.95 (37/39), false alarms 0.012 (3), multi-turn 0.92 (turns 0.96), p50/p95 "
    "42/56 ms. The figures below are no longer blind.",
    "blind_cases_26": "Written blind on 2026-12-04 by a helper who saw no training data and no earlier set (488 "
    "requests: 266 topic questions, 54 out of scope of which 41 near the domain and 8 look-alikes, 44 emergencies "
    "of which 14 long, 50 conversations, 124 turns, 17 with an emergency). Run before anyone read its cases, on "
    "2026-12-04 (session 16), on two servers side by side: 4567c9a (the start of the session) acc 0.967, "
    "macro-F1 0.968, OOS recall 0.96 (52/54), emergency recall 0.98 (43/44), false alarms 0.003 (1), multi-turn "
    "0.88 (turns 0.95), p50/p95 37/63 ms; the same model with the decline focus and the asking-part rescue of "
    "90fff6d gave the same figures (p50/p95 39/61 ms). The figures below are no longer blind.",
    "blind_cases_es10": "Spanish. Written blind on 2026-12-04 by a helper who saw no training data and no earlier "
    "set (440 requests: 239 topic questions, 40 out of scope, 42 emergencies, 41 conversations, 119 turns, 16 with an "
    "emergency). Run before anyone read its cases, on 2026-12-04 (session 16), on two servers side by side: "
    "4567c9a (the start of the session) acc 0.963, macro-F1 0.982, OOS recall 0.95 (38/40), emergency recall 0.93 "
    "(39/42), false alarms 0.018 (5), multi-turn 0.90 (turns 0.97), p50/p95 40/69 ms; 51fc462 with ad839c4's model "
    "acc 0.966, macro-F1 0.984, OOS recall 0.95, emergency recall 0.93, false alarms 0.018, multi-turn 0.93 (turns "
    "0.97), p50/p95 47/83 ms. The figures below are no longer blind.",
    "blind_cases_27": "Written blind on 2026-12-04 by a helper who saw no training data and no earlier set (577 "
    "requests: 308 topic questions, 59 out of scope of which 43 near the domain and 7 look-alikes, 47 emergencies "
    "of which 12 long, 72 conversations, 163 turns, 16 with an emergency). Run before anyone read its cases, on "
    "2026-12-04 (session 17), on two servers side by side: b229758 (the start of the session) acc 0.973, "
    "macro-F1 0.975, OOS recall 0.97 (57/59), emergency recall 0.98 (46/47), false alarms 0.011 (4), multi-turn "
    "0.97 (turns 0.99), p50/p95 32/54 ms; 90f6816 (leaflet quotations, negation scope) the same figures, p50/p95 "
    "28/51 ms. The figures below are no longer blind.",
    "blind_cases_es11": "Spanish. Written blind on 2026-12-04 by a helper who saw no training data and no earlier "
    "set (577 requests: 304 topic questions, 59 out of scope, 46 emergencies of which 13 long, 70 conversations, "
    "168 turns, 16 with an emergency). Run before anyone read its cases, on 2026-12-04 (session 17), on two "
    "servers side by side: b229758 (the start of the session) acc 0.956, macro-F1 0.974, OOS recall 0.93 (55/59), "
    "emergency recall 0.91 (42/46), false alarms 0.014 (5), multi-turn 0.91 (turns 0.96), p50/p95 28/49 ms; "
    "90f6816 the same figures, p50/p95 28/51 ms. The figures below are no longer blind.",
    "blind_cases_28": "Written blind on 2026-12-04 by a helper who saw no training data and no earlier set (579 "
    "requests: 300 topic questions, 59 out of scope, 45 emergencies, 72 conversations, 175 turns, 17 with an "
    "emergency). Run before anyone read its cases, on 2026-12-04 (session 17), on two servers side by side: "
    "b229758 (the start of the session) acc 0.955, macro-F1 0.953, OOS recall 0.97 (57/59), emergency recall 0.98 "
    "(44/45), false alarms 0.003 (1), multi-turn 0.92 (turns 0.96), p50/p95 32/56 ms; 1fb5bd2 (the session's "
    "triage and the Spanish terms' model) the same figures, p50/p95 35/57 ms. The figures below are no longer blind.",
    "blind_cases_es12": "Spanish. Written blind on 2026-12-04 by a helper who saw no training data and no earlier "
    "set (560 requests: 300 topic questions, 57 out of scope, 47 emergencies, 71 conversations, 156 turns, 18 with "
    "an emergency). Run before anyone read its cases, on 2026-12-04 (session 17), on two servers side by side: "
    "b229758 acc 0.926, macro-F1 0.947, OOS recall 0.95 (54/57), emergency recall 0.94 (44/47), false alarms 0.020 "
    "(7), multi-turn 0.89 (turns 0.94), p50/p95 31/49 ms; 1fb5bd2 acc 0.941, macro-F1 0.955, OOS recall 0.95, "
    "emergency recall 0.96 (45/47), false alarms 0.017 (6), multi-turn 0.92 (turns 0.96), p50/p95 34/59 ms. The "
    "figures below are no longer blind.",
    "blind_cases_es13": "Spanish. Written blind on 2026-12-05 by a helper who saw no training data and no earlier "
    "set (581 requests: 302 topic questions, 57 out of scope, 47 emergencies of which 12 long, 72 conversations, 175 "
    "turns). Run before anyone read its cases, on 2026-12-05 05:33 (session 19), on e9a0e28 (the start of the "
    "session, its model): acc 0.951, macro-F1 0.967, OOS recall 0.86 (49/57), emergency recall 0.94 (44/47), false "
    "alarms 0.008 (3), multi-turn 0.88 (turns 0.94), p50/p95 22/39 ms. The figures below are no longer blind.",
    "blind_cases_29": "Written blind on 2026-12-05 by a helper who saw no training "
    "data and no earlier set (387 requests: 230 topic"
    " questions, 34 out of scope, 25 emergencies, 36 conversations, 98 turns). Run before anyone read its cases, "
    "on 2026-12-05 08:55 (session 19), on one server: the session's triage (365c148), the model with writer q's "
    "data and accent folding, and the Spanish respelling before its one-off-typo filter: acc 0.979, macro-F1 "
    "0.976, OOS recall 0.91 (34), emergency recall 1.00 (25/25), false alarms 0.004 (1), multi-turn 0.94 (turns "
    "0.98), p50/p95 59/87 ms (four servers sharing two cores). The figures below are no longer blind.",
    "blind_cases_30": "Written blind on 2026-12-05 by another helper, in voices unl"
    "ike the usual writer (332 requests: 180 topic "
    "questions, 32 out of scope, 25 emergencies, 37 conversations, 95 turns). Run before anyone read its cases, "
    "on 2026-12-05 08:55 (session 19), on one server: the session's triage (365c148), the model with writer q's "
    "data and accent folding, and the Spanish respelling before its one-off-typo filter: acc 0.979, macro-F1 "
    "0.979, OOS recall 0.97 (32), emergency recall 1.00 (25/25), false alarms 0.014 (3), multi-turn 1.00 (turns "
    "1.00), p50/p95 60/92 ms. The figures below are no longer blind.",
    "blind_cases_es14": "Spanish. Written blind on 2026-12-05 by a helper who saw no "
    "training data and no earlier set (372 requests: "
    "218 topic questions, 32 out of scope, 26 emergencies, 36 conversations, 96 turns). Run before anyone read "
    "its cases, on 2026-12-05 08:55 (session 19), on one server: the session's triage (365c148), the model with "
    "writer q's data and accent folding, and the Spanish respelling before its one-off-typo filter: acc 0.971, "
    "macro-F1 0.968, OOS recall 1.00 (32), emergency recall 1.00 (26/26), false alarms 0.004 (1), multi-turn 0.86"
    " (turns 0.94), p50/p95 60/90 ms. The figures below are no longer blind.",
    "blind_cases_31": "Written blind on 2026-12-05 by a helper who saw no training data and no earlier set, in "
    "voices unlike the usual writer (377 requests: 222 topic questions, 32 out of scope, 25 emergencies, 37 "
    "conversations, 98 turns). Run before anyone read its cases, on 2026-12-05 13:48 (session 20), on two servers "
    "with the same model: 222c216 (the start of the session) acc 0.964, macro-F1 0.964, OOS recall 0.94 (30/32), "
    "emergency recall 1.00 (25/25), false alarms 0.008 (2), multi-turn 0.81 (turns 0.93), p50/p95 39/64 ms; e1c611e "
    "acc 0.964, macro-F1 0.964, OOS recall 0.94, emergency recall 1.00, false alarms 0.008 (2), multi-turn 0.84 "
    "(turns 0.94), p50/p95 35/57 ms (CI running beside them). The figures below are no longer blind.",
    "blind_cases_32": "Written blind on 2026-12-05 by a helper who saw no training data and no earlier set, in "
    "voices unlike the usual writer (276 requests: 180 topic questions, 24 out of scope, 18 emergencies, 21 "
    "conversations, 54 turns). Run before anyone read its cases, on 2026-12-05 14:03 (session 20), on two servers "
    "with the same model: 222c216 (the start of the session) and 781391e gave the same figures: acc 0.973, macro-F1 "
    "0.972, OOS recall 0.92 (22/24), emergency recall 1.00 (18/18), false alarms 0.005 (1), multi-turn 1.00 (turns "
    "1.00), p50/p95 21/33 and 22/34 ms. The figures below are no longer blind.",
    "blind_cases_es15": "Spanish. Written blind on 2026-12-05 by a helper who saw no training data and no earlier "
    "set (386 requests: 230 topic questions, 32 out of scope, 26 emergencies, 38 conversations, 98 turns). Run "
    "before anyone read its cases, on 2026-12-05 14:01 (session 20), on two servers with the same model: 222c216 "
    "(the start of the session) acc 0.958, macro-F1 0.975, OOS recall 0.84 (27/32), emergency recall 0.96 (25/26), "
    "false alarms 0.008 (2), multi-turn 0.89 (turns 0.96), p50/p95 36/59 ms; 781391e acc 0.962, macro-F1 0.977, OOS "
    "recall 0.88 (28/32), emergency recall 0.96 (25/26), false alarms 0.008 (2), multi-turn 0.87 (turns 0.94), "
    "p50/p95 27/50 ms. The missed red flag ('no sient la pierna', a typo) is read since. The figures below are no "
    "longer blind.",
    "blind_cases_33": "Written blind on 2026-12-05 by a helper who saw no training data and no earlier set (360 "
    "requests: 207 topic questions, 44 out of scope, 31 emergencies, 24 conversations, 78 turns). Run before anyone "
    "read its cases, on 2026-12-05 16:58 (session 21), with the same model on 4187ecc (the start of the session) "
    "and eed0d9b: acc 0.972, macro-F1 0.974, OOS recall 0.98 (43/44), emergency recall 0.90 (28/31), false alarms "
    "0.000, multi-turn 0.92 (turns 0.97) and 0.96 (0.99). The three missed red flags (a fever with a red, oozing cut "
    "after 'I suppose I should mention'; 'is it normal that my calf is now red, hot...'; 'drowsy and muddled') are "
    "read since (46aa08c). The figures below are no longer blind.",
    "blind_cases_34": "Written blind on 2026-12-05 by a helper who saw no training data and no earlier set, in "
    "voices of older, rural and hurried patients (321 requests: 195 topic questions, 36 out of scope, 23 "
    "emergencies, 20 conversations, 67 turns). Run before anyone read its cases, on 2026-12-05 16:58 (session 21), "
    "with the same model on 4187ecc and eed0d9b, identical: acc 0.988, macro-F1 0.990, OOS recall 1.00 (36/36), "
    "emergency recall 0.91 (21/23), false alarms 0.000, multi-turn 0.95 (turns 0.99). The two missed red flags "
    "('it is difficult to breathe' with a rash; 'is it normal to have a headache that gets much worse when I stand "
    "and clear liquid leaking') are read since (46aa08c). The figures below are no longer blind.",
    "blind_cases_es16": "Spanish. Written blind on 2026-12-05 by a helper who saw no training data and no earlier "
    "set (315 requests: 195 topic questions, 32 out of scope, 26 emergencies, 20 conversations, 62 turns). Run "
    "before anyone read its cases, on 2026-12-05 16:58 (session 21), with the same model on 4187ecc and eed0d9b, "
    "identical: acc 0.980, macro-F1 0.980, OOS recall 0.94 (30/32), emergency recall 1.00 (26/26), false alarms "
    "0.000, multi-turn 1.00 (turns 1.00). The figures below are no longer blind.",
    "blind_cases_35": "Written blind on 2026-12-05 by a helper who saw no training data and no earlier set, in "
    "voices of long writers, carers and two-question askers (330 requests: 195 topic questions, 38 out of scope, 30 "
    "emergencies, 23 conversations, 67 turns). Run before anyone read its cases, on 2026-12-05 17:25 (session 21): "
    "4187ecc with the session's start model and 75b885d with e4786aa's model gave the same figures: acc 0.989, "
    "macro-F1 0.985, OOS recall 1.00 (38/38), emergency recall 1.00 (30/30), false alarms 0.000, multi-turn 0.87 "
    "(turns 0.96). The figures below are no longer blind.",
    "blind_cases_es17": "Spanish. Written blind on 2026-12-05 by a helper who saw no training data and no earlier "
    "set (331 requests: 195 topic questions, 36 out of scope, 32 emergencies, 22 conversations, 68 turns). Run "
    "before anyone read its cases, on 2026-12-05 17:26 (session 21): 4187ecc with the session's start model acc "
    "0.973, macro-F1 0.980; 75b885d with e4786aa's model acc 0.970, macro-F1 0.978 (a father 'que no usa el "
    "celular' read as a phone-number question, fixed since); both OOS recall 0.94 (34/36), emergency recall 0.97 "
    "(31/32), false alarms 0.009 (2), multi-turn 0.86 (turns 0.96). The missed red flag (legs going numb, told "
    "with the verb, in a long formal letter) and both false alarms are fixed since (5fdf21c). The figures below "
    "are no longer blind.",
    "blind_cases_36": "Written blind on 2026-12-05 by a helper who saw no training data and no earlier set, in "
    "voices of older patients, spouses, texters and dictators and multi-turn askers (348 requests: 180 topic "
    "questions, 36 out of scope, 30 emergencies, 33 conversations, 102 turns). Run before anyone read its cases, on "
    "2026-12-05 19:05 (session 22), on 79e3092 with its model: acc 0.967, macro-F1 0.969, OOS recall 1.00 (36/36), "
    "emergency recall 0.97 (29/30), false alarms 0.005 (1), multi-turn 0.88 (turns 0.95). The figures below are "
    "no longer blind.",
    "blind_cases_37": "Written blind on 2026-12-05 by a helper who saw no training data and no earlier set, in "
    "voices of non-native writers, anxious first-timers, people who name their operation and long storytellers "
    "(336 requests: 201 topic questions, 36 out of scope, 28 emergencies, 25 conversations, 71 turns). Run before "
    "anyone read its cases, on 2026-12-05 19:05 (session 22), on 79e3092 with its model: acc 0.977, macro-F1 0.983, "
    "OOS recall 1.00 (36/36), emergency recall 0.96 (27/28), false alarms 0.008 (2), multi-turn 0.92 (turns "
    "0.97). The figures below are no longer blind.",
    "blind_cases_es18": "Spanish. Written blind on 2026-12-05 by a helper who saw no training data and no earlier "
    "set (355 requests: 210 topic questions, 36 out of scope, 29 emergencies, 26 conversations, 80 turns). Run "
    "before anyone read its cases, on 2026-12-05 19:05 (session 22), on 79e3092 with its model: acc 0.971, "
    "macro-F1 0.980, OOS recall 0.94 (34/36), emergency recall 1.00 (29/29), false alarms 0.008 (2), multi-turn "
    "0.96 (turns 0.99). The figures below are no longer blind.",
    "blind_cases_38": "Written blind on 2026-12-05 by a helper who saw no training data and no earlier set, in "
    "voices of working parents, hurried phone writers, carers of elderly relatives and multi-turn askers (367 "
    "requests: 198 topic questions, 36 out of scope, 33 emergencies, 32 conversations, 100 turns). Run before anyone "
    "read its cases, on 2026-12-05 19:48 (session 22), on 79e3092 with its model and on the session's code with its "
    "model, identical: acc 0.985, macro-F1 0.985, OOS recall 0.94 (34/36), emergency recall 1.00 (33/33), false "
    "alarms 0.000, multi-turn 1.00 (turns 1.00). The figures below are no longer blind.",
    "blind_cases_es19": "Spanish. Written blind on 2026-12-05 by a helper who saw no training data and no earlier "
    "set (382 requests: 227 topic questions, 41 out of scope, 28 emergencies, 30 conversations, 86 turns). Run "
    "before anyone read its cases, on 2026-12-05 19:48 (session 22): 79e3092 with its model acc 0.970, macro-F1 "
    "0.979; the session's code with its model acc 0.976, macro-F1 0.983; both OOS recall 0.95 (39/41), emergency "
    "recall 1.00 (28/28), false alarms 0.000 (one in a conversation), multi-turn 0.83 (turns 0.94). The figures "
    "below are no longer blind.",
    "blind_cases_39": "Written blind on 2026-12-05 by a helper who saw no training data and no earlier set, in "
    "voices of people whose English is a second language, dictators, adult children helping a parent and multi-turn "
    "askers (370 requests: 195 topic questions, 41 out of scope, 33 emergencies, 31 conversations, 101 turns). Run "
    "before anyone read its cases, on 2026-12-05 21:55 (session 23), on 20d9f49 with its model and on a7a8150 (a "
    "content change only) with the same model, identical: acc 0.974, macro-F1 0.984, OOS recall 0.93 (38/41), "
    "emergency recall 1.00 (33/33), false alarms 0.008 (2), multi-turn 0.87 (turns 0.96). The figures below are no "
    "longer blind.",
    "blind_cases_40": "Written blind on 2026-12-05 by a helper who saw no training data and no earlier set, in "
    "voices of anxious first-time patients, retired people writing long careful emails, young adults in lowercase "
    "slang and emoji, and multi-turn askers (373 requests: 208 topic questions, 40 out of scope, 32 emergencies, 33 "
    "conversations, 93 turns). Run before anyone read its cases, on 2026-12-05 21:55 (session 23), on 20d9f49 and "
    "a7a8150, identical: acc 0.961, macro-F1 0.967, OOS recall 0.93 (37/40), emergency recall 0.97 (31/32), false "
    "alarms 0.008 (2), multi-turn 1.00 (turns 1.00). The figures below are no longer blind.",
    "blind_cases_es20": "Spanish. Written blind on 2026-12-05 by a helper who saw no training data and no earlier "
    "set (342 requests: 195 topic questions, 41 out of scope, 27 emergencies, 28 conversations, 79 turns). Run "
    "before anyone read its cases, on 2026-12-05 21:55 (session 23), on 20d9f49 and a7a8150, identical: acc 0.970, "
    "macro-F1 0.979, OOS recall 0.98 (40/41), emergency recall 0.96 (26/27), false alarms 0.004 (1; one more in a "
    "conversation), multi-turn 0.93 (turns 0.97). The figures below are no longer blind.",
    "blind_cases_41": "Written blind on 2026-12-05 by a helper who saw no training data and no earlier set, in "
    "voices of night-shift workers, people with chronic pain who read a lot online, grandchildren helping "
    "grandparents, people dictating while driving or cooking, and multi-turn askers (359 requests: 199 topic "
    "questions, 38 out of scope, 32 emergencies, 31 conversations, 90 turns). Run before anyone read its cases, on "
    "2026-12-05 22:46 (session 23): 20d9f49 with its model acc 0.959, macro-F1 0.969, OOS recall 0.95 (36/38), "
    "emergency recall 1.00 (32/32), false alarms 0.017 (4), multi-turn 0.94 (turns 0.98); 5df8095 with its model "
    "acc 0.967, macro-F1 0.976, OOS recall 0.97 (37/38), emergency recall 1.00, false alarms 0.017 (4), multi-turn "
    "0.90 (turns 0.97). The figures below are no longer blind.",
    "blind_cases_es21": "Spanish. Written blind on 2026-12-05 by a helper who saw no training data and no earlier "
    "set (342 requests: 195 topic questions, 36 out of scope, 31 emergencies, 30 conversations, 80 turns). Run "
    "before anyone read its cases, on 2026-12-05 22:46 (session 23): 20d9f49 with its model acc 0.969, macro-F1 "
    "0.977, OOS recall 0.94 (34/36), emergency recall 1.00 (31/31), false alarms 0.004 (1), multi-turn 0.90 "
    "(turns 0.95); 5df8095 with its model acc 0.973, macro-F1 0.981, OOS recall 0.97 (35/36), emergency recall "
    "1.00, false alarms 0.004 (1), multi-turn 0.90 (turns 0.96). The figures below are no longer blind.",
    "blind_cases_42": "Written blind on 2026-12-06 by a helper who saw no training data and no earlier set, in "
    "voices of terse farmers and tradespeople, former athletes, adult children arranging a parent's care by text, "
    "people pasting email drafts and people whose first language is Polish, Tagalog, Arabic or Hindi (353 "
    "requests: 195 topic questions, 38 out of scope, 32 emergencies, 30 conversations, 88 turns). Run before "
    "anyone read its cases, on 2026-12-06 01:51 (session 24): e6b5a1d with its model acc 0.962, macro-F1 0.974, "
    "OOS recall 0.95 (36/38), emergency recall 1.00 (32/32), false alarms 0.013 (3), multi-turn 1.00 (turns "
    "1.00); ee5942d with its model acc 0.966, macro-F1 0.977, OOS recall 0.97 (37/38), emergency recall 1.00, "
    "false alarms 0.013 (3), multi-turn 1.00. The figures below are no longer blind.",
    "blind_cases_43": "Written blind on 2026-12-06 by a helper who saw no training data and no earlier set, in "
    "voices of nurses and carers, kiosk users, older men who distrust doctors, people who joke to hide fear and "
    "people who chat over many turns (393 requests: 195 topic questions, 38 out of scope, 31 emergencies, 43 "
    "conversations, 129 turns). Run before anyone read its cases, on 2026-12-06 01:51 (session 24): e6b5a1d with "
    "its model acc 0.981, macro-F1 0.979, OOS recall 0.97 (37/38), emergency recall 1.00 (31/31), false alarms "
    "0.009 (2), multi-turn 0.91 (turns 0.96); ee5942d with its model acc 0.981, macro-F1 0.979, OOS recall 0.97, "
    "emergency recall 1.00, false alarms 0.009 (2), multi-turn 0.88 (turns 0.95). The figures below are no longer "
    "blind.",
    "blind_cases_es22": "Spanish. Written blind on 2026-12-06 by a helper who saw no training data and no earlier "
    "set (341 requests: 195 topic questions, 34 out of scope, 26 emergencies, 28 conversations, 86 turns). Run "
    "before anyone read its cases, on 2026-12-06 01:51 (session 24): e6b5a1d with its model acc 0.984, macro-F1 "
    "0.987, OOS recall 1.00 (34/34), emergency recall 1.00 (26/26), false alarms 0.013 (3; one more in a "
    "conversation), multi-turn 0.89 (turns 0.97); ee5942d with its model acc 0.984, macro-F1 0.989, OOS recall "
    "1.00, emergency recall 1.00, false alarms 0.013 (3; one more in a conversation), multi-turn 0.93 (turns "
    "0.98). The figures below are no longer blind.",
    "blind_cases_44": "Written blind on 2026-12-06 by a helper who saw no training data and no earlier set, in "
    "voices of students and young parents, people rambling on night-time pain medication, retired teachers, "
    "sceptics testing the bot and people asking about a spouse over several turns (376 requests: 197 topic "
    "questions, 44 out of scope, 30 emergencies, 33 conversations, 105 turns). Run before anyone read its cases, "
    "on 2026-12-06 02:41 (session 24): e6b5a1d with its model acc 0.993, macro-F1 0.986, OOS recall 1.00 (44/44), "
    "emergency recall 1.00 (30/30), false alarms 0, multi-turn 0.82 (turns 0.94); c8383af with its model acc "
    "0.993, macro-F1 0.985, OOS recall 1.00, emergency recall 1.00, false alarms 0, multi-turn 0.79 (turns 0.93). "
    "The figures below are no longer blind.",
    "blind_cases_es23": "Spanish. Written blind on 2026-12-06 by a helper who saw no training data and no earlier "
    "set (349 requests: 202 topic questions, 33 out of scope, 28 emergencies, 30 conversations, 86 turns). Run "
    "before anyone read its cases, on 2026-12-06 02:41 (session 24): e6b5a1d with its model acc 0.962, macro-F1 "
    "0.976, OOS recall 0.97 (32/33), emergency recall 0.96 (27/28), false alarms 0.017 (4), multi-turn 0.97 "
    "(turns 0.99); c8383af with its model the same but multi-turn 1.00 (turns 1.00). The figures below are no "
    "longer blind.",
    "blind_cases_45": "Written blind on 2026-12-06 by a helper who saw no training data and no earlier set, in "
    "voices of retired teachers, drivers dictating, forum readers, grandchildren, nurses and second-language "
    "writers (419 requests: 195 topic questions, 40 out of scope, 32 emergencies, 40 conversations, 152 turns). "
    "Run before anyone read its cases, on 2026-12-06 04:53 (session 25): 4e2bff1 acc 0.963, macro-F1 0.982, OOS "
    "recall 0.95 (38/40), emergency recall 0.91 (29/32: a drooping face, a confused mother with a 2004 aside, a "
    "dressing soaked again at once), false alarms 0.009 (2), multi-turn 0.80 (turns 0.95). The figures below are "
    "no longer blind.",
    "blind_cases_46": "Written blind on 2026-12-06 by a helper who saw no training data and no earlier set, mostly "
    "conversations (443 requests: 195 topic questions, 39 out of scope, 31 emergencies, 50 conversations, 178 "
    "turns). Run before anyone read its cases, on 2026-12-06 04:41 (session 25): 4e2bff1 acc 0.970, macro-F1 "
    "0.973, OOS recall 0.97 (38/39), emergency recall 0.97 (30/31), false alarms 0.009 (2), multi-turn 0.74 "
    "(turns 0.92: four patients put off care after the advice in words no list had). The figures below are no "
    "longer blind.",
    "blind_cases_es24": "Spanish. Written blind on 2026-12-06 by a helper who saw no training data and no earlier "
    "set (409 requests: 195 topic questions, 41 out of scope, 32 emergencies, 42 conversations, 141 turns). Run "
    "before anyone read its cases, on 2026-12-06 04:53 (session 25): 4e2bff1 acc 0.970, macro-F1 0.983, OOS "
    "recall 0.90 (37/41), emergency recall 0.97 (31/32), false alarms 0.008 (2), multi-turn 0.86 (turns 0.94). "
    "The figures below are no longer blind.",
    "blind_cases_47": "Written blind on 2026-12-06 by a helper who saw no training data and no earlier set, in "
    "voices of Midwest truck drivers, retired Irish teachers, nurses who are now patients, teenagers typing for a "
    "grandparent, Jamaican and Nigerian English and late-night typing on painkillers (444 requests: 240 topic "
    "questions, 44 out of scope, 32 emergencies, 42 conversations, 128 turns). Run before anyone read its cases, "
    "on 2026-12-06 09:35 (session 26): 1c84cc1 acc 0.972, macro-F1 0.973, OOS recall 0.95 (42/44), emergency "
    "recall 0.97 (31/32: a stroke told with hedges in a long message), false alarms 0, multi-turn 0.86 (turns "
    "0.95). The figures below are no longer blind.",
    "blind_cases_48": "Written blind on 2026-12-06 by a helper who saw no training data and no earlier set, mostly "
    "conversations, in voices of New Zealand and Welsh farmers, US Southern grandparents, adult children abroad, "
    "Singapore and Malaysian English and veterans (457 requests: 180 topic questions, 42 out of scope, 34 "
    "emergencies, 60 conversations, 201 turns). Run before anyone read its cases, on 2026-12-06 09:35 (session "
    "26): 1c84cc1 acc 0.980, macro-F1 0.976, OOS recall 1.00 (42/42), emergency recall 1.00 (34/34), false alarms "
    "0.005 (1), multi-turn 0.92 (turns 0.98). The figures below are no longer blind.",
    "blind_cases_es25": "Spanish. Written blind on 2026-12-06 by a helper who saw no training data and no earlier "
    "set (415 requests: 210 topic questions, 41 out of scope, 33 emergencies, 42 conversations, 131 turns). Run "
    "before anyone read its cases, on 2026-12-06 09:39 (session 26): 1c84cc1 acc 0.961, macro-F1 0.974, OOS "
    "recall 0.95 (39/41), emergency recall 0.97 (32/33: a carer's patient read as a bystander), false alarms "
    "0.016 (4), multi-turn 0.90 (turns 0.96). The figures below are no longer blind.",
    "blind_cases_49": "Written blind on 2026-12-06 by a helper who saw no training data and no earlier set, in "
    "voices of London and Manchester office workers, Welsh miners' widows, Birmingham Indian and Pakistani English, "
    "Australian tradies, Texan ranchers, phonetic spellers and long emails with several questions (438 requests: "
    "240 topic questions, 42 out of scope, 34 emergencies, 40 conversations, 122 turns). Run before anyone read its "
    "cases, on 2026-12-06 10:49 (session 26): c88b94f acc 0.953, macro-F1 0.959, OOS recall 0.88 (37/42), "
    "emergency recall 0.97 (33/34: a stroke in a long message), false alarms 0.007 (2), multi-turn 0.95 (turns "
    "0.98). The figures below are no longer blind.",
    "blind_cases_es26": "Spanish. Written blind on 2026-12-06 by a helper who saw no training data and no earlier "
    "set (442 requests: 240 topic questions, 42 out of scope, 34 emergencies, 40 conversations, 126 turns). Run "
    "before anyone read its cases, on 2026-12-06 10:49 (session 26): c88b94f acc 0.981, macro-F1 0.980, OOS "
    "recall 0.98 (41/42), emergency recall 0.94 (32/34: a swollen calf in a long message, incontinence in Dominican "
    "Spanish), false alarms 0.004 (1), multi-turn 0.95 (turns 0.97). The figures below are no longer blind.",
    "blind_cases_50": "Written blind on 2026-12-06 by a helper who saw no training data and no earlier set, in "
    "voices of Appalachian and Ozarks families, South African and Kenyan English, Filipino and Vietnamese American "
    "families, Deaf patients, retired engineers, one-handed typists in pain, chatty posters and FAQ phrasing (449 "
    "requests: 244 topic questions, 42 out of scope, 34 emergencies, 42 conversations, 129 turns). Run before anyone "
    "read its cases, on 2026-12-06 13:26 (session 27): 79affd8 acc 0.988, macro-F1 0.979, OOS recall 0.98 (41/42), "
    "emergency recall 1.00 (34/34), false alarms 0 (2 conversation turns), multi-turn 0.88 (turns 0.95). The "
    "figures below are no longer blind.",
    "blind_cases_51": "Written blind on 2026-12-06 by a helper who saw no training data and no earlier set, in "
    "voices of Polish, Romanian and Ukrainian immigrants, Boston and New York natives, Chinese American grandparents "
    "through a grandchild, Quebec French speakers, gym-goers, car voice assistants, kiosk taps and one-word repliers "
    "(489 requests: 240 topic questions, 57 out of scope, 34 emergencies, 51 conversations, 158 turns). Run before "
    "anyone read its cases, on 2026-12-06 13:26 (session 27): 79affd8 acc 0.985, macro-F1 0.983, OOS recall 0.96 "
    "(55/57), emergency recall 1.00 (34/34), false alarms 0 (2 conversation turns), multi-turn 0.94 (turns 0.97). "
    "The figures below are no longer blind.",
    "blind_cases_es27": "Spanish. Written blind on 2026-12-06 by a helper who saw no training data and no earlier "
    "set, in voices of Cuba and Miami, El Salvador, Uruguay and Paraguay, Chile, Costa Rica and Panama, Valencia and "
    "Murcia, Quechua and Mayan first-language speakers and US-born Latinos who switch mid-sentence (444 requests: "
    "240 topic questions, 42 out of scope, 35 emergencies, 41 conversations, 127 turns). Run before anyone read its "
    "cases, on 2026-12-06 13:17 (session 27): 79affd8 acc 0.959, macro-F1 0.973, OOS recall 0.93 (39/42), "
    "emergency recall 0.97 (34/35: Chilean words for a numb backside and a bowel that cannot be held), false alarms "
    "0.011 (3), multi-turn 0.90 (turns 0.95). The figures below are no longer blind.",
    "blind_cases_52": "Written blind on 2026-12-06 by a helper who saw no training data and no earlier set, in "
    "voices of Nigerian and Ghanaian English, Scottish and Northern Irish patients, Indian and Pakistani families, "
    "Texas ranchers and truck drivers, care-home staff, teenagers writing for a grandparent, people with dyslexia "
    "and autocorrected phone replies (411 requests: 210 topic questions, 42 out of scope, 32 emergencies, 40 "
    "conversations, 127 turns). Run before anyone read its cases, on 2026-12-06 15:56 (session 28): 9cb2c70 acc "
    "0.979, macro-F1 0.977, OOS recall 0.98 (41/42), emergency recall 1.00 (32/32), false alarms 0.012 (3; and 2 "
    "conversation turns), multi-turn 0.90 (turns 0.95). The figures below are no longer blind.",
    "blind_cases_53": "Written blind on 2026-12-06 by a helper who saw no training data and no earlier set, in "
    "voices of Jamaican and Trinidadian English, Australians and New Zealanders, Russian and Arabic first-language "
    "speakers, Southern US grandmothers, veterans, noisy-car speech-to-text, all capitals and thoughts split over "
    "several messages (496 requests: 254 topic questions, 57 out of scope, 34 emergencies, 50 conversations, 151 "
    "turns). Run before anyone read its cases, on 2026-12-06 15:56 (session 28): 9cb2c70 acc 0.980, macro-F1 0.982, "
    "OOS recall 0.93 (53/57), emergency recall 0.97 (33/34: a leg that cannot move and odd speech in Jamaican "
    "Creole), false alarms 0.006 (2; and 2 conversation turns), multi-turn 0.90 (turns 0.95). The figures below are "
    "no longer blind.",
    "blind_cases_es28": "Spanish. Written blind on 2026-12-06 by a helper who saw no training data and no earlier "
    "set, in voices of Mexico, Puerto Rico, the Dominican Republic, Colombia, Venezuela, Ecuador, Bolivia, Andalusia "
    "and the Canaries, farmworkers, grandparents dictating and people who mix in English words (439 requests: 225 "
    "topic questions, 43 out of scope, 35 emergencies, 44 conversations, 136 turns). Run before anyone read its "
    "cases, on 2026-12-06 15:56 (session 28): 9cb2c70 acc 0.974, macro-F1 0.979, OOS recall 0.95 (41/43), "
    "emergency recall 0.97 (34/35: a leg gone numb in Dominican Spanish), false alarms 0 (2 conversation turns), "
    "multi-turn 0.82 (turns 0.93). The figures below are no longer blind.",
    "blind_cases_54": "Written blind on 2026-12-06 by a helper who saw no training data and no earlier set, with "
    "about 14 long emergencies and conversations that put off care after an emergency, in voices of Hong Kong and "
    "Malaysian Chinese English, Sri Lankan and Bangladeshi English, Somali and Ethiopian learners, Brazilian and "
    "Portuguese speakers, Korean and Japanese learners, Gen-Z Americans, grandparents on an autocorrecting tablet, "
    "pharmacists and physiotherapists as patients and commuters dictating on a train (463 requests: 240 topic "
    "questions, 43 out of scope, 35 emergencies, 46 conversations, 145 turns). Run before anyone read its cases, on "
    "2026-12-06 18:57 (session 29): 0a4f020 acc 0.972, macro-F1 0.979, OOS recall 0.98 (42/43), emergency recall "
    "1.00 (35/35), false alarms 0.011 (3), multi-turn 0.91 (turns 0.97). The figures below are no longer blind.",
    "blind_cases_55": "Written blind on 2026-12-06 by a helper who saw no training data and no earlier set, with "
    "more conversations and near-domain questions, in voices of Geordie, Scouse and Cornish patients, rural Irish "
    "and Welsh farmers, Canadian prairie families, Cajun and Gullah-speaking elders, Hawaiian Pidgin speakers, "
    "Midwestern nurses, adult children of a parent with dementia and one-word replies (484 requests: 180 topic "
    "questions, 53 out of scope, 32 emergencies, 60 conversations, 219 turns). Run before anyone read its cases, on "
    "2026-12-06 18:54 (session 29): 0a4f020 acc 0.962, macro-F1 0.967, OOS recall 0.92 (49/53), emergency recall "
    "1.00 (32/32), false alarms 0.021 (5; and 4 conversation turns), multi-turn 0.83 (turns 0.94). The figures "
    "below are no longer blind.",
    "blind_cases_es29": "Spanish. Written blind on 2026-12-06 by a helper who saw no training data and no earlier "
    "set, in voices of Argentina and Uruguay, Chile, Peru, Guatemala, Honduras and Nicaragua, Cuba, Panama, Spain, "
    "US-born heritage speakers, grandparents dictating and nursing-home caregivers (471 requests: 210 topic "
    "questions, 42 out of scope, 33 emergencies, 52 conversations, 186 turns). Run before anyone read its cases, on "
    "2026-12-06 18:56 (session 29): 0a4f020 acc 0.968, macro-F1 0.979, OOS recall 0.98 (41/42), emergency recall "
    "0.97 (32/33: chest pressure, breathlessness and a swollen leg told near the end of a grandmother's dictated "
    "run-on message), false alarms 0.008 (2; and 1 conversation turn), multi-turn 0.79 (turns 0.92). The figures "
    "below are no longer blind.",
    "blind_cases_56": "Written blind on 2026-12-06 by a helper who saw no training data and no earlier set, with "
    "about 12 long emergencies, near-domain questions phrased like the article's topics and emergencies in later "
    "turns followed by putting off care, in voices of Singapore and Malaysian Singlish, Kerala and Tamil Nadu "
    "English, Nepali and Filipino care workers, Zimbabwean and Zambian English, Dublin and Yorkshire patients, Maori "
    "and Pacific Island families, Black Southern church elders, autistic adults, people recovering from a stroke, "
    "medical students as patients and small talk first (488 requests: 240 topic questions, 49 out of scope, 37 "
    "emergencies, 45 conversations, 162 turns). Run before anyone read its cases, on 2026-12-06 21:49 (session 30): "
    "0abf7b3 acc 0.982, macro-F1 0.984, OOS recall 0.94 (46/49), emergency recall 0.95 (35/37), false alarms 0 (1 "
    "conversation turn), multi-turn 0.87 (turns 0.96). The figures below are no longer blind.",
    "blind_cases_57": "Written blind on 2026-12-06 by a helper who saw no training data and no earlier set, with "
    "many follow-ups that rely on the reply, corrections, a caregiver who turns to themself, two-question messages "
    "and worried statements, in voices of Dutch, German and Scandinavian near-native writers, children of Italian "
    "and Greek immigrants, Turkish, Iranian, Thai and Indonesian learners, Newfoundland and Minnesota patients, "
    "Californian surfers, lawyers, night-shift workers, digressing writers, pasted numbered lists and one-word "
    "replies (488 requests: 195 topic questions, 44 out of scope, 36 emergencies, 64 conversations, 213 turns). Run "
    "before anyone read its cases, on 2026-12-06 21:49 (session 30): 0abf7b3 acc 0.967, macro-F1 0.954, OOS recall "
    "0.98 (43/44), emergency recall 0.97 (35/36), false alarms 0.004 (1; and 3 conversation turns), multi-turn 0.77 "
    "(turns 0.92). The figures below are no longer blind.",
    "blind_cases_es30": "Spanish. Written blind on 2026-12-06 by a helper who saw no training data and no earlier "
    "set, in voices of Mexico (Yucatan, Puebla, Sonora), Colombia, Venezuela, Ecuador, Paraguay, El Salvador, the "
    "Dominican Republic, Puerto Rico, Spain (Andalusia, Extremadura, Asturias), heritage speakers in Florida and New "
    "York, grandchildren, home-care aides and long dictated messages (497 requests: 246 topic questions, 43 out of "
    "scope, 34 emergencies, 57 conversations, 174 turns). Run before anyone read its cases, on 2026-12-06 21:49 "
    "(session 30): 0abf7b3 acc 0.994, macro-F1 0.993, OOS recall 0.98 (42/43), emergency recall 0.97 (33/34), false "
    "alarms 0, multi-turn 0.93 (turns 0.98). The figures below are no longer blind.",
    "blind_cases_58": "Written blind on 2026-12-07 by a helper who saw no training data and no earlier set, with "
    "follow-ups that point back at the reply by a description or a place, follow-ups that add a detail about the "
    "person, near-domain questions and about 12 long emergencies, in voices of Guyanese, Barbadian and Bahamian "
    "English, Hmong and Lao families, Haitian Creole speakers, Amish and Mennonite families, Alaskan and Yukon "
    "patients, formal letter writers, pasted health-website paragraphs, health anxiety, screen-reader dictation and "
    "smartwatch users (511 requests: 249 topic questions, 48 out of scope, 37 emergencies, 52 conversations, 177 "
    "turns). Run before anyone read its cases, on 2026-12-07 01:13 (session 31): 4bc0a0f acc 0.979, macro-F1 0.979, "
    "OOS recall 0.98 (47/48), emergency recall 1.00 (37/37), false alarms 0 (5 conversation turns), multi-turn 0.67 "
    "(turns 0.88). The figures below are no longer blind.",
    "blind_cases_59": "Written blind on 2026-12-07 by a helper who saw no training data and no earlier set, with "
    "follow-ups that rely on the reply, corrections, a patient who asks for a relative and then for themself, and "
    "look-alikes already seen by a doctor, in voices of Sierra Leonean, Liberian and Ugandan English, Punjabi and "
    "Gujarati Canadians, Fijian Indian and Mauritian English, Maltese and Cypriot speakers, Mexican-American "
    "families, Irish Travellers and rural Scots, retired military medics, chefs, religious patients, parents of an "
    "injured adult child and greeting-only openers (480 requests: 195 topic questions, 42 out of scope, 34 "
    "emergencies, 57 conversations, 209 turns). Run before anyone read its cases, on 2026-12-07 01:08 (session 31): "
    "4bc0a0f acc 0.970, macro-F1 0.965, OOS recall 1.00 (42/42), emergency recall 1.00 (34/34), false alarms 0.017 "
    "(4; and 4 conversation turns), multi-turn 0.84 (turns 0.94). The figures below are no longer blind.",
    "blind_cases_es31": "Spanish. Written blind on 2026-12-07 by a helper who saw no training data and no earlier "
    "set, in voices of Mexico (Chihuahua, Veracruz, Michoacan, Guerrero), Colombia (Santander, Narino), Venezuela, "
    "Peru (Iquitos), Bolivia (Santa Cruz), Argentina (Cordoba, Tucuman), Spain (Aragon, Castilla-La Mancha, "
    "Navarra), Equatorial Guinea, Cuban-Americans, New Mexico, Los Angeles teenagers writing for an abuela, migrants "
    "in Spain, capitals and dictation (496 requests: 240 topic questions, 42 out of scope, 34 emergencies, 57 "
    "conversations, 180 turns). Run before anyone read its cases, on 2026-12-07 01:14 (session 31): 4bc0a0f acc "
    "0.984, macro-F1 0.992, OOS recall 0.98 (41/42), emergency recall 0.97 (33/34), false alarms 0.004 (1), "
    "multi-turn 0.84 (turns 0.93). The figures below are no longer blind.",
    "blind_cases_60": "Written blind on 2026-12-07 by a helper who saw no training data and no earlier set, with "
    "follow-ups that rely on the reply, moves between the patient and a relative, emergencies in later turns and "
    "turns that put off care, in voices of Navajo, Lakota and Ojibwe families, Cameroonian and Rwandan English, "
    "Bermudian and Belizean English, Israeli and Lebanese speakers, Armenian and Georgian immigrants, Cockney and "
    "Essex patients, firefighters and police officers, pilots and cabin crew, gamers, translation-app English, "
    "self-correcting writers and smart-speaker dictation (454 requests: 195 topic questions, 44 out of scope, 32 "
    "emergencies, 56 conversations, 183 turns). Run before anyone read its cases, on 2026-12-07 04:15 (session 32): "
    "8f8eab3 acc 0.974, macro-F1 0.978, OOS recall 1.00 (44/44), emergency recall 1.00 (32/32), false alarms 0.008 "
    "(2; and 1 conversation turn), multi-turn 0.93 (turns 0.97). The figures below are no longer blind.",
    "blind_cases_61": "Written blind on 2026-12-07 by a helper who saw no training data and no earlier set, with "
    "near-domain out-of-scope questions, look-alike non-emergencies and long emergencies from caregivers, in voices "
    "of Tongan and Samoan English, Burmese and Karen refugees, Afghan, Eritrean and Sudanese learners, Cape Town and "
    "Durban English, Shetland and Orkney islanders, Texas oilfield workers, New England fishermen, Florida retirees, "
    "Midwest Lutheran farm families, angry or sarcastic patients, people frightened by stories online, bullet-point "
    "writers and dictation with a stutter (464 requests: 240 topic questions, 48 out of scope, 38 emergencies, 47 "
    "conversations, 138 turns). Run before anyone read its cases, on 2026-12-07 04:15 (session 32): 8f8eab3 acc "
    "0.979, macro-F1 0.983, OOS recall 0.98 (47/48), emergency recall 0.97 (37/38), false alarms 0.014 (4), "
    "multi-turn 0.91 (turns 0.97). The figures below are no longer blind.",
    "blind_cases_es32": "Spanish. Written blind on 2026-12-07 by a helper who saw no training data and no earlier "
    "set, in voices of Mexico (Tabasco, Chiapas, Sinaloa, Baja California), Colombia (Boyaca, the Llanos), Ecuador "
    "(Quito), Peru (Arequipa, Piura), Chile (the south, Chiloe), Argentina (Buenos Aires, Mendoza), Spain "
    "(Cantabria, La Rioja, Leon, the Balearic Islands), the Rio Grande Valley, Puerto Ricans in Orlando, Salvadorans "
    "in Washington DC, portunol on the Brazilian border, church volunteers and one-finger typists (510 requests: 248 "
    "topic questions, 42 out of scope, 36 emergencies, 57 conversations, 184 turns). Run before anyone read its "
    "cases, on 2026-12-07 04:16 (session 32): 8f8eab3 acc 0.945, macro-F1 0.964, OOS recall 0.98 (41/42), emergency "
    "recall 0.94 (34/36), false alarms 0.007 (2), multi-turn 0.81 (turns 0.92). The figures below are no longer "
    "blind.",
    "blind_cases_62": "Written blind on 2026-12-07 by a helper who saw no training data and no earlier set, with "
    "follow-ups that rely on the reply, emergencies in later turns and near-domain questions, in voices of Malawian "
    "and Tanzanian English, Tamil Canadians and Sri Lankan Tamils in London, Brummie and Black Country, Bristol and "
    "the West Country, Baltimore and Philadelphia, Latter-day Saint families, Mongolian and Kazakh learners, Tibetan "
    "refugees, hairdressers and delivery drivers, pastors, people who swear when stressed and transcribed voice notes "
    "(454 requests: 195 topic questions, 42 out of scope, 34 emergencies, 56 conversations, 183 turns). Run before "
    "anyone read its cases, on 2026-12-07 07:01 (session 33): d6120a2 acc 0.967, macro-F1 0.974, OOS recall 0.93 "
    "(39/42), emergency recall 1.00 (34/34), false alarms 0.008 (2; and 3 conversation turns), multi-turn 0.79 "
    "(turns 0.92). The figures below are no longer blind.",
    "blind_cases_63": "Written blind on 2026-12-07 by a helper who saw no training data and no earlier set, with "
    "near-domain out-of-scope questions, look-alike non-emergencies, long emergencies and questions opening with a "
    "context, in voices of Bulgarian, Albanian and Hungarian learners, Yemeni and Iraqi speakers, Bengali families in "
    "East London, Papua New Guinean and Solomon Islands English, Detroit and Chicago, Pacific Northwest loggers and "
    "Montana ranchers, Norfolk and Suffolk villagers, runners and swimmers, touring musicians, people in their "
    "nineties, search-engine queries and one-word follow-ups (475 requests: 240 topic questions, 46 out of scope, 38 "
    "emergencies, 46 conversations, 151 turns). Run before anyone read its cases, on 2026-12-07 07:02 (session 33): "
    "d6120a2 acc 0.991, macro-F1 0.982, OOS recall 0.98 (45/46), emergency recall 0.95 (36/38), false alarms 0, "
    "multi-turn 0.87 (turns 0.95). The figures below are no longer blind.",
    "blind_cases_es33": "Spanish. Written blind on 2026-12-07 by a helper who saw no training data and no earlier "
    "set, in voices of Mexico (Guanajuato, Queretaro, Zacatecas, Tamaulipas, Quintana Roo), Colombia (Tolima, Huila, "
    "the Pacific coast), Venezuela (Margarita, the East), Ecuador (Loja, Esmeraldas), Peru (Cusco, Trujillo), Bolivia "
    "(La Paz, El Alto), Chile (Valparaiso, Antofagasta), Argentina (Salta, Jujuy, Rosario), Spain (Valladolid, "
    "Salamanca, Malaga, Cadiz, Ceuta), Guatemalans in Houston, Venezuelan migrants, Cuban elders in Tampa, English "
    "calques, church members and voice dictation (491 requests: 240 topic questions, 44 out of scope, 34 emergencies, "
    "55 conversations, 173 turns). Run before anyone read its cases, on 2026-12-07 07:06 (session 33): d6120a2 acc "
    "0.991, macro-F1 0.991, OOS recall 0.95 (42/44), emergency recall 0.97 (33/34), false alarms 0 (3 conversation "
    "turns), multi-turn 0.82 (turns 0.94). The figures below are no longer blind.",
    "blind_cases_64": "Written blind on 2026-12-07 by a helper who saw no training data and no earlier set, with "
    "conversations with emergencies in later turns, contexts before questions, near-domain questions and long "
    "emergencies, in voices of Aboriginal Australian and Torres Strait Islander families, Gibraltar, the Channel "
    "Islands and the Falklands, Sri Lankan Burghers and Goan families, Gurkha veterans, Botswana and Namibian nurses, "
    "Hull and Grimsby fishing families, Vermont and Maine farmers, Outer Banks watermen, Chicago Lithuanian families, "
    "lorry drivers, teachers, people on strong painkillers, pasted surgeon's words and questions sent in three "
    "messages (494 requests: 240 topic questions, 45 out of scope, 36 emergencies, 54 conversations, 173 turns). Run "
    "before anyone read its cases, on 2026-12-07 08:30 (session 33, on that session's final code): 01ea8e3 acc 0.991, "
    "macro-F1 0.983, OOS recall 1.00 (45/45), emergency recall 1.00 (36/36), false alarms 0 (2 conversation turns), "
    "multi-turn 0.87 (turns 0.95). The figures below are no longer blind.",
    "blind_cases_es34": "Spanish. Written blind on 2026-12-07 by a helper who saw no training data and no earlier "
    "set, in voices of Mexico (Hidalgo, Morelos, Nayarit, Durango, Campeche), Colombia (Cundinamarca, the Eje "
    "Cafetero), Venezuela (Lara, Falcon), Peru (Ica, Huancayo, Cajamarca), Ecuador (Cuenca, Manabi), Chile (Temuco, "
    "Concepcion), Argentina (Corrientes, Misiones, Mar del Plata), the Uruguayan interior, Honduras, Nicaragua, "
    "Panama, Spain (Almeria, Jaen, Palencia, Lugo), Dominicans in Boston, Salvadorans in Los Angeles, grandchildren, "
    "taxi drivers and voice dictation (497 requests: 255 topic questions, 43 out of scope, 35 emergencies, 51 "
    "conversations, 164 turns). Run before anyone read its cases, on 2026-12-07 08:31 (session 33, on that session's "
    "final code): 01ea8e3 acc 0.982, macro-F1 0.983, OOS recall 0.95 (41/43), emergency recall 1.00 (35/35), false "
    "alarms 0.003 (1; and 1 conversation turn), multi-turn 0.92 (turns 0.98). The figures below are no longer blind.",
    "blind_cases_65": "Written blind on 2026-12-07 by a helper who saw no training data and no earlier set, in "
    "voices of Teesside and Sunderland, Cornish and Devon fishing villages, Glasgow and Dundee, New Zealand Pakeha and "
    "Maori families, Kurdish and Syrian refugees, Egyptian and Moroccan learners, Sikh families in Brampton and "
    "Southall, Cantonese-speaking elders through a grandchild, the Bronx and Queens, night-shift warehouse workers, "
    "new mothers, retired engineers and people in hospital waiting rooms (471 requests: 240 topic questions, 47 out "
    "of scope, 35 emergencies, 54 conversations, 149 turns). Run before anyone read its cases, on 2026-12-07 10:09 "
    "(session 34): 87037a6 acc 0.975, macro-F1 0.972, OOS recall 0.96 (45/47), emergency recall 1.00 (35/35), false "
    "alarms 0.010 (3; and 1 conversation turn), multi-turn 0.93 (turns 0.97). The figures below are no longer blind.",
    "blind_cases_66": "Written blind on 2026-12-07 by a helper who saw no training data and no earlier set, in "
    "voices of New Orleans and the Mississippi Delta, Oklahoma and Kansas, Liverpool and the Wirral, Leicester, the "
    "Isle of Man, Persian speakers in Los Angeles, Indonesian and Javanese learners, Zambian English, Cape Verdeans "
    "in Massachusetts, Czech, Slovak, Latvian and Estonian learners, bus and call-centre workers, parents of a "
    "disabled child, gym-goers, retired nurses and mangling autocorrect (482 requests: 240 topic questions, 47 out "
    "of scope, 35 emergencies, 54 conversations, 160 turns). Run before anyone read its cases, on 2026-12-07 10:09 "
    "(session 34): 87037a6 acc 0.975, macro-F1 0.972, OOS recall 0.98 (46/47), emergency recall 1.00 (35/35), false "
    "alarms 0.014 (4; and 1 conversation turn), multi-turn 0.85 (turns 0.94; emergency turns 34/36). The figures "
    "below are no longer blind.",
    "blind_cases_es35": "Spanish. Written blind on 2026-12-07 by a helper who saw no training data and no earlier "
    "set, in voices of Mexico (Coahuila, Chihuahua, San Luis Potosi, Michoacan, Aguascalientes), Colombia "
    "(Santander, Narino, the Choco), Venezuela (Merida, Tachira), Peru (Iquitos, Chiclayo), Kichwa-first Otavalo, "
    "Bolivia (Santa Cruz, Cochabamba), Argentina (Cordoba, Tucuman), Punta Arenas, Spain (Toledo, Albacete, "
    "Zaragoza, Navarra), Equatorial Guinea, New Mexico, Nuyoricans, poultry-plant workers in Georgia, students and "
    "transcribed voice notes (482 requests: 240 topic questions, 46 out of scope, 35 emergencies, 54 conversations, "
    "161 turns). Run before anyone read its cases, on 2026-12-07 10:10 (session 34): 87037a6 acc 0.981, macro-F1 "
    "0.977, OOS recall 0.96 (44/46), emergency recall 1.00 (35/35), false alarms 0.003 (1; and 1 conversation turn), "
    "multi-turn 0.91 (turns 0.97). The figures below are no longer blind.",
    "blind_cases_67": "Written blind on 2026-12-07 by a helper who saw no training data and no earlier set, in "
    "voices of Belfast, Derry and Donegal, Lancashire and Cumbria, Jamaican and Trinidadian families in Brooklyn and "
    "Toronto, relatives of Ghanaian and Sierra Leonean nurses, Nepali and Bhutanese refugees, Thai and Lao learners, "
    "Azorean families in Fall River, Hawaiian Pidgin speakers, Arizona and New Mexico retirees, Alberta oil workers, "
    "teenagers writing for a grandparent, capitals, pasted discharge letters and anxious apologisers (490 requests: "
    "240 topic questions, 46 out of scope, 35 emergencies, 55 conversations, 169 turns). Run before anyone read its "
    "cases, on 2026-12-07 11:43 (session 34, on that session's code and model S34b): acc 0.953, macro-F1 0.967, OOS "
    "recall 0.96 (44/46), emergency recall 0.94 (33/35), false alarms 0.021 (6), multi-turn 0.93 (turns 0.98). The "
    "figures below are no longer blind.",
    "blind_cases_es36": "Spanish. Written blind on 2026-12-07 by a helper who saw no training data and no earlier "
    "set, in voices of Mexico (Veracruz, Guerrero, Colima, Tlaxcala, Baja California Sur), Colombia (Barranquilla, "
    "Cartagena), Venezuela (Caracas, Maracaibo), Peru (Arequipa, Aymara-first Puno), Guayaquil, Bolivia (Sucre, "
    "Tarija), Guarani-first Asuncion, Montevideo, Santiago, Argentina (Neuquen, Bahia Blanca), Spain (Extremadura, "
    "Asturias, Cantabria, Mallorca, Catalan-first Barcelona), Honduran and K'iche'-first workers in North Carolina, "
    "Chicago grandparents, Puerto Ricans in Florida, nursing students and restaurant workers (497 requests: 240 topic "
    "questions, 46 out of scope, 35 emergencies, 57 conversations, 176 turns). Run before anyone read its cases, on "
    "2026-12-07 11:43 (session 34, on that session's code and model S34b): acc 0.972, macro-F1 0.976, OOS recall "
    "1.00 (46/46), emergency recall 1.00 (35/35), false alarms 0.007 (2; and 4 conversation turns), multi-turn 0.84 "
    "(turns 0.94). The figures below are no longer blind.",
    "blind_cases_68": "Written blind on 2026-12-07 by a helper who saw no training data and no earlier set, in "
    "voices of Newfoundland and Nova Scotia, Gullah Geechee families, the Scottish Highlands and Western Isles, East "
    "Anglian farmers, Brazilian, Mongolian, Kazakh and Tibetan learners, Chicago's South Side, Scandinavian-Americans "
    "of Minnesota and Wisconsin, veterans, drivers dictating, a lawyer writing for a parent and people awake at night "
    "(509 requests: 240 topic questions, 46 out of scope, 35 emergencies, 57 conversations, 188 turns). Run before "
    "anyone read its cases, on 2026-12-07 14:14 (session 35, e3b4b19 and its model): acc 0.972, macro-F1 0.975, OOS "
    "recall 1.00 (46/46), emergency recall 0.94 (33/35), false alarms 0, multi-turn 0.84 (turns 0.95). The figures "
    "below are no longer blind.",
    "blind_cases_69": "Written blind on 2026-12-07 by a helper who saw no training data and no earlier set, in "
    "voices of Queensland, the outback and Tasmania, Papua New Guinea and Solomon Islands English, Hyderabad, Kolkata, "
    "Lahore and Karachi, Gulf expatriates, Chinese students, Korean-Americans, Detroit and Baltimore, Dublin, Cork and "
    "Essex, retired soldiers, amateur athletes, deaf writers and over-sharers (474 requests: 240, 47, 35, 51 "
    "conversations, 152 turns). Run before anyone read its cases, on 2026-12-07 14:14 (session 35, e3b4b19 and its "
    "model): acc 0.984, macro-F1 0.971, OOS recall 0.96 (45/47), emergency recall 1.00, false alarms 0.003 (1), "
    "multi-turn 0.92 (turns 0.97). The figures below are no longer blind.",
    "blind_cases_es37": "Spanish. Written blind on 2026-12-07 by a helper who saw no training data and no earlier "
    "set, from Sinaloa, Sonora, Oaxaca, Chiapas, Yucatan, Jalisco, Medellin, Cali, Quito, Cuenca, Lima, Piura, Cusco, "
    "Rosario, Mendoza, Salta, La Paz, El Alto, Central America, Santo Domingo, Havana and Miami, Canarias, Andalucia, "
    "Galicia, Valencia, Murcia, the Rio Grande Valley and the Central Valley (483 requests: 240, 45, 35, 53 "
    "conversations, 163 turns). Run before anyone read its cases, on 2026-12-07 14:14 (session 35, e3b4b19 and its "
    "model): acc 0.966, macro-F1 0.975, OOS recall 0.98 (44/45), emergency recall 0.94 (33/35), false alarms 0.004 "
    "(1), multi-turn 0.89 (turns 0.96). The figures below are no longer blind.",
    "blind_cases_70": "Written blind on 2026-12-07 by a helper who saw no training data and no earlier set, in "
    "voices of Hawaii Pidgin speakers, Anchorage and Yup'ik villagers, Navajo and Pueblo families, Cajun and Creole "
    "Louisiana, the Mississippi Delta, Boston, Rhode Island and Pittsburgh, Amish and Mennonite families, Somali, "
    "Ethiopian, Haitian and Hmong families, Ukrainian and Russian learners, tech workers writing bullet points, people "
    "pasting a discharge letter and grandparents whose tablet autocorrects (481 requests: 240 topic questions, 46 out "
    "of scope, 35 emergencies, 52 conversations, 160 turns). Run before anyone read its cases, on 2026-12-07 17:36 "
    "(session 36, 1fd0927 and its model): acc 0.972, macro-F1 0.964, OOS recall 1.00 (46/46), emergency recall 1.00 "
    "(35/35), false alarms 0.010 (3), multi-turn 0.92 (turns 0.97). The figures below are no longer blind.",
    "blind_cases_71": "Written blind on 2026-12-07 by a helper who saw no training data and no earlier set, in "
    "voices of Singapore, Malaysia, Sri Lanka, Nepal, Zimbabwe, Zambia, Malawi, Trinidad, Barbados and Guyana, "
    "Welsh-first North Wales, Yorkshire, Lancashire, the Black Country and Tyneside, Quebec francophones, formal "
    "Dutch, German and Scandinavian writers, Japanese and Thai learners, blunt Israelis, people writing in fragments "
    "or very simple words and partners at 3 a.m. (493 requests: 240, 46, 35, 54 conversations, 172 turns). Run "
    "before anyone read its cases, on 2026-12-07 17:36 (session 36, 1fd0927 and its model): acc 0.969, macro-F1 "
    "0.964, OOS recall 0.98 (45/46), emergency recall 1.00 (35/35), false alarms 0.007 (2), multi-turn 0.96 (turns "
    "0.98). The figures below are no longer blind.",
    "blind_cases_es38": "Spanish. Written blind on 2026-12-07 by a helper who saw no training data and no earlier "
    "set, from Puerto Rico and New York, Venezuela, Chile, Guarani-first Paraguay, Montevideo, Honduras, "
    "Quechua-first Cochabamba, Iquitos, Guayaquil, the Colombian coast, Mexico City, Monterrey, Puebla, Guerrero and "
    "Michoacan, K'iche'-first Guatemala, Asturias, the Basque Country, Catalan-first Barcelona, Madrid, Extremadura, "
    "Granada, Equatorial Guinea, Chicanos in Los Angeles and teenagers writing for their grandparents (473 requests: "
    "240, 45, 36, 52 conversations, 152 turns). Run before anyone read its cases, on 2026-12-07 17:38 (session 36, "
    "1fd0927 and its model): acc 0.981, macro-F1 0.974, OOS recall 0.96 (43/45), emergency recall 1.00 (36/36), "
    "false alarms 0.011 (3), multi-turn 0.87 (turns 0.95). The figures below are no longer blind.",
    "blind_cases_72": "Written blind on 2026-12-07 by a helper who saw no training data and no earlier set, in "
    "voices of Aboriginal and outback Australian families, the Torres Strait, Samoan, Tongan and Fijian-Indian "
    "families in New Zealand, East and West African English and Krio, Bahamian, Belizean and Bermudian English, South "
    "Indian, Pakistani and Bangladeshi families, Taglish, Indonesian, Vietnamese, Mandarin, Turkish and Farsi "
    "learners, Newfoundland, Baltimore, Chicago, Miami and Tejano families, elders through a grandchild, stroke "
    "survivors, dyslexic and one-finger typists, dictation, screen-reader users, lawyers and carers (526 requests: 270 "
    "topic questions, 49 out of scope, 36 emergencies, 54 conversations, 171 turns). Run before anyone read its "
    "cases, on 2026-12-07 21:14 (session 37, ce67731 and its model): acc 0.963, macro-F1 0.963, OOS recall 0.96 "
    "(47/49), emergency recall 0.94 (34/36), false alarms 0.006 (2), multi-turn 0.83 (turns 0.93). The figures below "
    "are no longer blind.",
    "blind_cases_73": "Written blind on 2026-12-07 by a helper who saw no training data and no earlier set, weighted "
    "to conversations and near-domain questions, in voices of Scotland, Shetland, Northern Ireland, the Irish "
    "midlands, Wales, Cornwall, Birmingham, Essex, Bristol and Cumbria, translation-app English, military spouses, "
    "truckers' wives, shift nurses, forum readers, people who misuse medical words, teenagers for a grandparent "
    "and one-word follow-ups (507 requests: 214, 58, 36, 60 conversations, 199 turns). Run before anyone read its "
    "cases, on 2026-12-07 21:13 (session 37, ce67731 and its model): acc 0.984, macro-F1 0.981, OOS recall 0.97 "
    "(56/58), emergency recall 0.94 (34/36), false alarms 0.004 (1), multi-turn 0.92 (turns 0.97). The figures below "
    "are no longer blind.",
    "blind_cases_es39": "Spanish. Written blind on 2026-12-07 by a helper who saw no training data and no earlier "
    "set, from Santa Cruz and El Alto, Temuco, El Salvador, Nicaragua, Costa Rica, the Dominican Republic, Cuba, "
    "Antioquia, Bogota, Cali, the Ecuadorian highlands, Lima, Arequipa, Yucatan, Oaxaca, Sinaloa, Tijuana, Chihuahua, "
    "Cordoba, Rosario, Mendoza, the Canaries, Murcia, Galicia, Valencia, Aragon, Texas and Florida, with voice notes, "
    "carers, formal letters and WhatsApp shorthand (496 requests: 259, 46, 35, 53 conversations, 156 turns). Run "
    "before anyone read its cases, on 2026-12-07 21:14 (session 37, ce67731 and its model): acc 0.991, macro-F1 0.974, "
    "OOS recall 1.00 (46/46), emergency recall 1.00 (35/35), false alarms 0.003 (1), multi-turn 0.92 (turns 0.97). "
    "The figures below are no longer blind.",
    "blind_cases_74": "Written blind on 2026-12-08 by a helper who saw no training data and no earlier set, in voices "
    "of Sheffield, Leeds, Nottingham, Stoke, Aberdeen (Doric), the Scottish Borders, Kerry, Galway, Mayo, Malta, "
    "Cyprus, western Sydney, Perth and Adelaide, Cape Town and Durban, Rwandan, Eritrean, Sudanese, Albanian, Bosnian, "
    "Hungarian and Italian learners, a pharmacist, a physiotherapist, a pastor, a bus driver, a yoga teacher, kitchen "
    "voice typing and big-text tablets (504 requests: 255 topic questions, 45 out of scope, 36 emergencies, 52 "
    "conversations, 168 turns). Run before anyone read its cases, on 2026-12-08 00:38 (session 38, dc6329f and its "
    "model): acc 0.976, macro-F1 0.979, OOS recall 0.96 (43/45), emergency recall 0.94 (34/36), false alarms 0.003 "
    "(1), multi-turn 0.85 (turns 0.94). The figures below are no longer blind.",
    "blind_cases_75": "Written blind on 2026-12-08 by a helper who saw no training data and no earlier set, weighted "
    "to conversations and near-domain questions, in voices of Upstate New York, Cleveland, St. Louis, Memphis, "
    "Atlanta, Houston, Utah and Idaho, Puerto Ricans in Orlando, Dominicans in Washington Heights, Armenians in "
    "Glendale, Chaldeans in Detroit, Afghan and Karen refugees, Cambodian-Americans, Marshallese and Chamorro "
    "families, medical coders and insurance agents, dental hygienists, sideways testers, one-word repliers, "
    "hard-of-hearing grandparents and parents of a teenager with scoliosis (505 requests: 210, 58, 35, 58 "
    "conversations, 202 turns). Run before anyone read its cases, on 2026-12-08 00:38 (session 38, dc6329f and its "
    "model): acc 0.980, macro-F1 0.973, OOS recall 0.98 (57/58), emergency recall 1.00 (35/35), false alarms 0, "
    "multi-turn 0.86 (turns 0.96). The figures below are no longer blind.",
    "blind_cases_es40": "Spanish. Written blind on 2026-12-08 by a helper who saw no training data and no earlier "
    "set, from Tabasco, Tapachula, Cancun, Mexicali, Nuevo Leon, Boyaca, the Llanos, Santa Marta, Barinas, Tacna, "
    "Ayacucho, Potosi, Oruro, the Beni, Atacama, Osorno, Patagonia, Entre Rios, Santiago del Estero, Salto and Rivera "
    "(portunol), Encarnacion (jopara), La Rioja, Leon, Huelva, Ibiza, Melilla, eastern Cuba, the Cibao, Ponce, "
    "Quetzaltenango, San Miguel, Garifuna and Miskito speakers, Guanacaste, Chiriqui, and Latinos in Washington, "
    "Queens and Hialeah (510 requests: 255, 47, 36, 52 conversations, 172 turns). Run before anyone read its cases, "
    "on 2026-12-08 00:38 (session 38, dc6329f and its model): acc 0.962, macro-F1 0.973, OOS recall 0.94 (44/47), "
    "emergency recall 0.94 (34/36), false alarms 0.007 (2), multi-turn 0.87 (turns 0.96). The figures below are no "
    "longer blind.",
}
REPORTS = ROOT / "reports"
RESULTS = ROOT / "results"
CV_OUT = RESULTS / "nlu-cv"
CONFUSION_PNG = "intent_confusion_matrix.png"


# --------------------------------------------------------------------------- NLU cross-validation


def cross_validation(folds: int) -> None:
    subprocess.run(
        [
            str(ROOT / ".venv/bin/rasa"),
            "test",
            "nlu",
            "--nlu",
            "data",
            "--config",
            "config.yml",
            "--cross-validation",
            "--folds",
            str(folds),
            "--out",
            str(CV_OUT),
        ],
        cwd=ROOT,
        check=True,
    )


def intent_report() -> dict | None:
    path = CV_OUT / "intent_report.json"
    if not path.exists():
        return None
    report = json.loads(path.read_text())
    per_intent = {
        k: v
        for k, v in report.items()
        if isinstance(v, dict) and "support" in v and k not in ("macro avg", "weighted avg", "micro avg")
    }
    png = CV_OUT / CONFUSION_PNG
    if png.exists():
        shutil.copyfile(png, REPORTS / CONFUSION_PNG)
    return {
        "accuracy": report.get("accuracy"),
        "macro": report["macro avg"],
        "weighted": report["weighted avg"],
        "per_intent": per_intent,
        "confusion_png": png.exists(),
        "when": time.strftime("%Y-%m-%d %H:%M", time.localtime(path.stat().st_mtime)),
    }


def intent_lines(cv: dict, folds: int | None) -> list[str]:
    per = cv["per_intent"]
    n = sum(v["support"] for v in per.values())
    how = f"{folds}-fold cross-validation" if folds else f"cross-validation results from {cv['when']} (--skip-cv)"
    lines = [
        "## NLU cross-validation (intents)",
        "",
        f"{how} over the training data in `data/` ({n} examples, {len(per)} intents), "
        "`rasa test nlu --cross-validation`.",
        "",
        "| | precision | recall | F1 |",
        "| --- | ---: | ---: | ---: |",
        f"| accuracy | | | {cv['accuracy']:.3f} |",
    ]
    for name in ("macro", "weighted"):
        v = cv[name]
        lines.append(f"| {name} avg | {v['precision']:.3f} | {v['recall']:.3f} | {v['f1-score']:.3f} |")
    lines += [
        "",
        "Per intent, weakest first (confused with: the most frequent wrong predictions over the folds):",
        "",
        "| intent | support | precision | recall | F1 | confused with |",
        "| --- | ---: | ---: | ---: | ---: | --- |",
    ]
    for name, v in sorted(per.items(), key=lambda kv: (kv[1]["f1-score"], kv[0])):
        confused = ", ".join(f"{k} ({c})" for k, c in list((v.get("confused_with") or {}).items())[:2])
        lines.append(
            f"| {name} | {v['support']} | {v['precision']:.3f} | {v['recall']:.3f} | {v['f1-score']:.3f} | {confused} |"
        )
    if cv["confusion_png"]:
        lines += ["", f"![intent confusion matrix]({CONFUSION_PNG})"]
    return [*lines, ""]


# --------------------------------------------------------------------------- held-out sets


def load_shared_evaluator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("shared_evaluate", SHARED_EVALUATOR)
    if spec is None or spec.loader is None:
        raise RuntimeError(f"cannot load the shared evaluator from {SHARED_EVALUATOR}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_heldout(servers: Servers, cases: Path) -> dict:
    out = RESULTS / f"heldout-{cases.stem}.json"
    proc = subprocess.run(
        [sys.executable, str(SHARED_EVALUATOR), "--base", servers.base, "--cases", str(cases), "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    (RESULTS / f"heldout-{cases.stem}.txt").write_text(proc.stdout + proc.stderr)
    summary = [line for line in proc.stdout.splitlines() if line.startswith("eval:")]
    data = json.loads(out.read_text()) if out.exists() else {"report": None, "records": []}
    return {"summary": summary[-1] if summary else proc.stdout[-500:], **data}


# --------------------------------------------------------------------------- keyword-search baseline


class KeywordBaseline:
    """TF-IDF over the article's sections; a question gets the topics of its best-matching section.

    Sections are the article split at every boundary named in content/source_sections.yml; each section
    gets the topic ids of ../shared/topics.yml whose source section covers it. The title and introduction
    before the first heading belong to no topic and are not indexed. A question whose best cosine
    similarity is below `threshold` is declined (answered as out of scope); emergencies are never
    recognised (the baseline has no notion of them).
    """

    def __init__(self) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer

        lines = ARTICLE.read_text(encoding="utf-8").splitlines()
        ranges = yaml.safe_load(SOURCE_SECTIONS.read_text())
        topic_section = {
            t: v["section"] for t, v in yaml.safe_load(SHARED_TOPICS.read_text())["topics"].items() if v.get("section")
        }

        def line_of(marker: str | None) -> int:
            if marker is None:
                return len(lines)
            return next(i for i, line in enumerate(lines) if line.strip().startswith(marker))

        spans = {name: [(line_of(r["from"]), line_of(r["to"])) for r in rs] for name, rs in ranges.items()}
        cuts = sorted({p for rs in spans.values() for span in rs for p in span})
        self.sections: list[tuple[str, list[str], str]] = []  # heading, topics, text
        for start, end in itertools.pairwise(cuts):
            topics = [
                t
                for t in KNOWLEDGE_TOPICS
                if any(a <= start and end <= b for a, b in spans.get(topic_section.get(t), []))
            ]
            if topics:
                self.sections.append((lines[start].strip().rstrip(".:"), topics, "\n".join(lines[start:end])))
        self.vectorizer = TfidfVectorizer(stop_words="english", sublinear_tf=True)
        self.matrix = self.vectorizer.fit_transform([text for _, _, text in self.sections])
        self.threshold = 0.0

    def best(self, text: str) -> tuple[int, float]:
        sims = (self.vectorizer.transform([text]) @ self.matrix.T).toarray()[0]
        i = int(sims.argmax())
        return i, float(sims[i])

    def topics(self, text: str, threshold: float) -> list[str]:
        i, sim = self.best(text)
        if sim <= 0 or sim < threshold:
            return ["out_of_scope"]
        return self.sections[i][1]

    def tune_threshold(self) -> dict:
        """The threshold with the best balanced accuracy in-scope vs out-of-scope on data/nlu.yml (training
        data, never the held-out sets)."""
        from rasa.shared.nlu.constants import INTENT, TEXT
        from rasa.shared.nlu.training_data.loading import load_data

        sims: dict[str, list[float]] = {"in": [], "oos": []}
        # Rasa's own reader: the examples' texts with entity annotations already taken out.
        for example in load_data(str(ROOT / "data" / "nlu.yml")).intent_examples:
            intent = example.get(INTENT) or ""
            kind = (
                "in" if intent.removeprefix("ask_") in KNOWLEDGE_TOPICS else "oos" if intent == "out_of_scope" else None
            )
            if kind:
                sims[kind].append(self.best(example.get(TEXT))[1])
        best = (0.0, 0.0)
        for step in range(0, 61):
            t = step / 100
            kept = sum(s >= t and s > 0 for s in sims["in"]) / len(sims["in"])
            declined = sum(s < t or s <= 0 for s in sims["oos"]) / len(sims["oos"])
            best = max(best, ((kept + declined) / 2, t))
        self.threshold = best[1]
        t = self.threshold
        return {
            "threshold": t,
            "balanced_accuracy": best[0],
            "n_in": len(sims["in"]),
            "n_oos": len(sims["oos"]),
            "kept": sum(s >= t and s > 0 for s in sims["in"]) / len(sims["in"]),
            "declined": sum(s < t or s <= 0 for s in sims["oos"]) / len(sims["oos"]),
        }

    def score(self, ev: ModuleType, records: list[dict], threshold: float) -> dict:
        """The shared evaluator's metrics for the baseline's answers to the same single-turn cases."""
        out = []
        for r in records:
            if r["set"] not in ("single", "oos", "emergency") or r.get("skipped"):
                continue
            case = {"id": r["id"], "style": r.get("style"), "category": r.get("category")}
            out.append(
                ev.make_record(r["set"], case, r["kind"], r["text"], r["expect"], self.topics(r["text"], threshold))
            )
        report: dict = ev.compute_report(out)
        return report


# --------------------------------------------------------------------------- tables


def _f(x: float | None, nd: int = 3) -> str:
    return "n/a" if x is None else f"{x:.{nd}f}"


def metric_rows(rep: dict | None) -> dict[str, str]:
    if not rep:
        return {}
    by = rep.get("by_set", {})
    single = by.get("single", {})
    multi = rep.get("multi", {})
    lat = rep.get("latency_ms", {})
    return {
        "cases (single / oos / emergency / multi-turn scenarios)": (
            f"{by.get('single', {}).get('n', 0)} / {by.get('oos', {}).get('n', 0)} / "
            f"{by.get('emergency', {}).get('n', 0)} / {multi.get('scenarios', 0)}"
        ),
        "topic accuracy (single set)": _f(single.get("acc")),
        "single-turn accuracy (single + oos + emergency)": _f(rep.get("acc")),
        "macro-F1 over topics": _f(rep.get("macro_f1")),
        "out-of-scope precision": _f(rep["oos"].get("precision")),
        "out-of-scope recall": _f(rep["oos"].get("recall")),
        "emergency recall": _f(rep["emergency"].get("recall")),
        "emergency false-alarm rate": _f(rep["emergency"].get("false_alarm_rate")),
        "multi-turn scenario success (turn accuracy)": f"{_f(multi.get('success'))} ({_f(multi.get('turn_acc'))})"
        if multi.get("scenarios")
        else "n/a",
        "latency p50 / p95 (ms)": f"{_f(lat.get('p50'), 0)} / {_f(lat.get('p95'), 0)}" if lat.get("n") else "n/a",
        "transport errors": str(rep.get("errors", {}).get("total", "n/a")),
    }


def heldout_lines(heldout: dict[str, dict], baseline: KeywordBaseline | None, tuning: dict | None) -> list[str]:
    ev = load_shared_evaluator()
    lines = ["## Held-out sets over REST (shared evaluator) and a keyword-search baseline", ""]
    if baseline and tuning:
        lines += [
            f"The baseline answers the same single-turn cases by TF-IDF (scikit-learn, English stop words, "
            f"sublinear tf) over {len(baseline.sections)} sections of `content/source/miss-risks-article.txt`, "
            "split at the boundaries of `content/source_sections.yml` (title and introduction not indexed); a "
            "case passes if the best-matching section's topics (from `../shared/topics.yml`) intersect the "
            "expected topics, scored by the shared evaluator's own rules. It has no notion of emergencies "
            "(recall 0). It declines (out of scope) when no word matches, and in the thresholded variant also "
            f"when the best cosine similarity is below {tuning['threshold']:.2f}: the threshold with the best "
            f"balanced accuracy on the training data (`data/nlu.yml`: {tuning['n_in']} topic questions, "
            f"{_f(tuning['kept'], 2)} kept; {tuning['n_oos']} out-of-scope, {_f(tuning['declined'], 2)} "
            "declined), never tuned on the held-out sets. A section names 1-4 topics, so the baseline gets "
            "credit when any of them is expected (lenient on accuracy) while every other topic it names is "
            "a false positive (harsh on macro-F1). Multi-turn scenarios and latency do not apply to it.",
            "",
            "| section | topics |",
            "| --- | --- |",
        ]
        lines += [f"| {h} | {', '.join(t)} |" for h, t, _ in baseline.sections]
        lines.append("")
    for name, result in heldout.items():
        rep = result.get("report")
        lines += [f"### `{name}`", ""] + ([f"{HISTORY[name]}", ""] if name in HISTORY else [])
        lines += [f"`{result['summary']}`", ""]
        if not rep:
            lines += ["(no JSON report: see results/)", ""]
            continue
        cols = {"assistant": metric_rows(rep)}
        if baseline and tuning:
            cols[f"TF-IDF baseline, threshold {tuning['threshold']:.2f}"] = metric_rows(
                baseline.score(ev, result["records"], baseline.threshold)
            )
            cols["TF-IDF baseline, no threshold"] = metric_rows(baseline.score(ev, result["records"], 0.0))
        for col in list(cols)[1:]:
            cols[col]["multi-turn scenario success (turn accuracy)"] = "n/a"
            cols[col]["latency p50 / p95 (ms)"] = "n/a"
            cols[col]["transport errors"] = "n/a"
        lines += ["| metric | " + " | ".join(cols) + " |", "| --- |" + " ---: |" * len(cols)]
        for metric in cols["assistant"]:
            lines.append(f"| {metric} | " + " | ".join(c.get(metric, "n/a") for c in cols.values()) + " |")
        lines.append("")
    return lines


def grade_lines() -> list[str]:
    kb = knowledge_base()
    rows = []
    for t in KNOWLEDGE_TOPICS:
        answers = kb.topics[t].answers
        for aspect in [a for a in ASPECTS if a in answers] + sorted(a for a in answers if a not in ASPECTS):
            rows.append((t, aspect, textstat.flesch_kincaid_grade(answers[aspect].text)))
    grades = [g for _, _, g in rows]
    lines = [
        "## Reading grade of every answer (Flesch-Kincaid, textstat)",
        "",
        f"{len(rows)} answers in `content/topics/`: max {max(grades):.1f}, mean {statistics.mean(grades):.1f}, "
        f"{sum(g > 8 for g in grades)} above grade 8.",
        "",
        "| topic | aspect | grade |",
        "| --- | --- | ---: |",
    ]
    lines += [f"| {t} | {a} | {g:.1f} |" for t, a, g in rows]
    return [*lines, ""]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=3)
    parser.add_argument("--skip-cv", action="store_true", help="reuse the last cross-validation results, if any")
    args = parser.parse_args()
    RESULTS.mkdir(exist_ok=True)
    REPORTS.mkdir(exist_ok=True)
    if not SHARED_EVALUATOR.exists():
        print(f"needs the shared evaluator at {SHARED_EVALUATOR}", file=sys.stderr)
        return 2
    started = time.time()
    if not args.skip_cv:
        cross_validation(args.folds)
    cv = intent_report()
    servers = Servers(5205, 5255, ROOT / ".run" / "eval")
    servers.start()
    try:
        heldout = {c.stem: run_heldout(servers, c) for c in HELDOUT_SETS if c.exists()}
    finally:
        servers.stop()
    baseline = KeywordBaseline()
    tuning = baseline.tune_threshold()
    lines = [
        "# Evaluation report",
        "",
        f"Generated by `make eval` on {time.strftime('%Y-%m-%d %H:%M')} in {time.time() - started:.0f} s.",
        "",
    ]
    if cv:
        lines += intent_lines(cv, None if args.skip_cv else args.folds)
    lines += heldout_lines(heldout, baseline, tuning)
    lines += grade_lines()
    (REPORTS / "eval.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
