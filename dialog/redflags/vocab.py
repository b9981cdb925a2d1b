"""Shared word classes that the red-flag patterns in redflags.toml are built from.

A pattern in the data names a class as `{name}`; `expand` splices the class in
as a non-capturing group. Keeping the classes here, once, means a new way of
saying "can't" or a new body part reaches every red flag that uses it, and the
data file stays short enough for a clinician to read.

Every class is a bounded alternation of literal words (no nested repetition),
so patterns built from them cannot backtrack catastrophically.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from dialog.language.words import KIN

VOCAB: Mapping[str, str] = {
    # Inability, said every way a recognizer writes it; the negation lives
    # inside the symptom ("im not able to swallow" is the symptom, not a denial).
    "cant": (
        r"cant|couldnt|cannae|canny|couldnae|cant really|cant even|couldnt even|cant seem to|couldnt seem to"
        r"|can no longer|could no longer|can barely|could barely|can hardly|could hardly"
        r"|can only just|barely|hardly|unable to|(?:im |is |are |was |were |hes |shes |theyre |been )?"
        r"(?:not|no longer|barely|hardly) (?:even )?able to|isnt able to|arent able to|wasnt able to"
        r"|werent able to|havent been able to|hasnt been able to|not being able to|not be able to"
        r"|not been able to|hadnt been able to"
        r"|wont be able to|wont|wouldnt"
        r"|struggling to|struggle to|struggles to|struggled to|trying to but cant"
    ),
    # "trouble breathing", "hard to swallow", "a hard time talking".
    "difficulty": (
        r"trouble|difficulty|difficulties|difficult|problems?|issues?|a hard time|hard time"
        r"|a tough time|a struggle|hard|harder|tough|struggling|struggle|struggles|pain|painful"
        r"|hurts|it hurts|discomfort"
    ),
    # Words that may sit between a difficulty and the act ("trouble with", "hard to",
    # "hard for me to", "a struggle for my mum to").
    "link": r"with|when|to|in|while|on|for|at|for (?:me|him|her|them|us|you|(?:my|his|her|our|their) \w+) to",
    # A linking or perception verb: "my vision is", "his pulse feels", "the room keeps".
    "be": (
        r"is|are|was|were|am|im|be|been|being|feels?|felt|feeling|seems?|seemed|looks?|looked"
        r"|looking|gets?|got|getting|went|goes|gone|has gone|has been|have been|had been|keeps?|kept"
        r"|turned|turning|going|become|became|sounds?|sounded|might be|could be|must be|may be"
        r"|has got|is getting|is going|just went|was going|has become|started|starting|stays?"
        r"|becoming|was becoming|is becoming"
    ),
    # Degree words people put in front of a symptom; bounded, used at most three times.
    "intens": (
        r"really|very|so|super|extremely|quite|pretty|incredibly|awfully|terribly|too|a bit|a little"
        r"|kind of|kinda|sort of|sorta|bit|little|totally|completely|absolutely|all|just|suddenly"
        r"|still|now|more|a lot|much|even|seriously|properly|definitely|literally|like|rather"
        r"|fairly|slightly|somewhat|proper|well|way|getting|real|mega|awful|awfully|mighty|ever so|dead"
    ),
    # Something is not as it should be: "my balance isnt right", "breath is not coming"
    # ("is not" arrives folded to "isnt").
    "notright": (
        r"(?:not|isnt|arent|wasnt|werent|doesnt feel|doesnt seem|doesnt look|dont feel|dont seem"
        r"|dont look|didnt feel|didnt seem) (?:quite |really |at all |very |so |just )?"
        r"(?:right|normal|working|coming|coming properly|coming out right|working properly)"
    ),
    # Whose: "my arm", "his left leg", "one arm", "the right side".
    "poss": r"my|me|his|her|their|the|your|one|an|a|either|both|this|that|its|our|one of my|one of his|one of her",
    "side": r"left|right|whole|entire|other|bad|good|lower|upper|dominant",
    # Body parts that can be paralysed (002: "inability to move a body part").
    "limb": (
        r"arms?|legs?|hands?|foot|feet|fingers?|toes?|thumbs?|wrists?|ankles?|face|side|body"
        r"|limbs?|shoulders?|neck|head|mouth|lips?|tongue|half of (?:my |his |her |their )?(?:body|face)"
        r"|side of (?:my |his |her |their )?(?:body|face)"
    ),
    # What makes "can X" a denial when it follows: "i can breathe fine", "i can move my arm
    # normally". The spoken-only rules read a bare "can X" as a possible "can't X" (the
    # recognizer confuses the two) unless one of these comes after it.
    # "find" is how the recognizer often writes "fine" there ("i can move my arm find it").
    "fine": (
        r"fine|find|okay|ok|alright|all right|normally|normal|well|just fine|perfectly|easily|easy"
        r"|good|great|again|better|no problem|without"
    ),
    # Other people: "my husband", "her little one" (one list, shared with clause splitting).
    "kin": KIN,
    # Who else the caller may be speaking for; used by patterns that need a person.
    "person": (
        r"i|im|he|hes|she|shes|they|theyre|we|my \w+|his \w+|her \w+|the baby|the patient"
    ),
    # Recognizer spellings of the breathing words ("i cant breath right").
    "breathe": r"breathe|breath|breathing|breathin|breathes|breeze|breth|breeding|breething",
    # "swallow in" is how a recognizer hears "swallowing".
    "swallow": r"swallow in|swallowing|swallowin|swallow|swallows|swolling|swollow\w*",
    "pulse": r"pulse|pulses|pulls|pulse rate|heart ?beat|heartbeats?|heart rate",
    # Severity that turns a headache into a red flag (002: "severe headache").
    "severe": (
        r"worst|severe|severely|really bad|very bad|so bad|super bad|bad|terrible|terribly|awful"
        r"|horrible|horrendous|excruciating|unbearable|intense|pounding|blinding|splitting|killer"
        r"|massive|huge|crushing|agonizing|agonising|crippling|debilitating|explosive|exploding"
        r"|sudden|thunderclap|extreme|extremely bad|violent|insane|crazy|brutal|monster|raging"
        r"|stabbing|incredible|incredibly bad|worse|horrid|wicked|nasty|vicious|savage|mind blowing"
    ),
}

_NAME = re.compile(r"\{([a-z_]+)\}")


def expand(pattern: str) -> str:
    """Replace each `{name}` with its word class; unknown names are an error in the data."""

    def splice(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in VOCAB:
            raise ValueError(f"unknown word class {{{name}}} in red-flag pattern {pattern!r}")
        return f"(?:{VOCAB[name]})"

    return _NAME.sub(splice, pattern)
