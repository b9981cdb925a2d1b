"""Other medical conditions (question 9); `chronic` marks the ones the doctor rule names (seed 002).

A condition named as a fear or a question ("im scared its als", "could it be
ms") is not a condition the person has: that is the worry rule (worry.py).
"""

from __future__ import annotations

import re
from functools import lru_cache

from dialog.understand.lexicon import lexicon
from dialog.understand.listing import says_none, substantive
from dialog.understand.phrases import SCOPE_BREAKERS, PhraseSet, norm, words_before
from dialog.understand.yesno import strip_dont_know, yes_or_no
from models.answers import ConditionId, ConditionsAnswer

HYPOTHETICAL = frozenset({
    "scared", "afraid", "worried", "worry", "worries", "fear", "fears", "feared", "terrified", "frightened",
    "concerned", "could", "might", "whether", "if", "rule", "ruling", "googled", "reading", "read", "tested",
    "test", "testing", "check", "checked", "checking", "possibly", "serious", "thought", "paranoid", "wonder",
    "wondering", "symptom", "sign", "signs", "early",
})
"""Words that make a named condition a fear or a question, not a diagnosis."""
_WINDOW = 7
_MEDICAL_CUE = re.compile(r"(?<![a-z])(?:i have|ive got|i got|diagnosed|history of|i had|i suffer|suffering|problems? with"
                          r"|issues? with|condition|disease|disorder|syndrome|i take|on medication)(?![a-z])")


@lru_cache(maxsize=1)
def _groups() -> tuple[tuple[ConditionId, bool, PhraseSet], ...]:
    return tuple((g.id, g.chronic, PhraseSet(g.phrases, g.exclude)) for g in lexicon().condition)


def _hypothetical(text: str, start: int) -> bool:
    before = words_before(text, start, _WINDOW)
    for word in reversed(before):
        if word in SCOPE_BREAKERS - {"so"}:
            return False
        if word in HYPOTHETICAL:
            return True
    return False


def find_conditions(normalized: str, *, strict: bool = False) -> ConditionsAnswer | None:
    text, _ = strip_dont_know(normalized)
    ids: list[ConditionId] = []
    names: list[str] = []
    chronic = False
    claimed: list[tuple[int, int]] = []
    for ident, is_chronic, phrases in _groups():
        for hit in phrases.hits(text):
            if hit.negated or _hypothetical(text, hit.start):
                continue
            if any(a <= hit.start < b for a, b in claimed):
                continue  # "kidney disease" found once, not again as "disease" elsewhere
            claimed.append((hit.start, hit.end))
            if ident not in ids:
                ids.append(ident)
            if ident == "other" and hit.text not in names:
                names.append(hit.text)  # "asthma" kept as said, not "a medical condition"
            chronic = chronic or is_chronic
    if ids:
        return ConditionsAnswer(conditions=tuple(ids), names=tuple(names), chronic=chronic, text=normalized)
    if strict:
        return None
    if says_none(text, False) or any(h.negated for _, _, phrases in _groups() for h in phrases.hits(text)):
        return ConditionsAnswer(none=True, text=normalized)
    if substantive(text) and _MEDICAL_CUE.search(text):
        return ConditionsAnswer(conditions=("other",), text=normalized)  # a condition we do not know by name
    answer = yes_or_no(text)
    if answer is not None and answer[0]:
        return ConditionsAnswer(text=normalized)  # "yes" without a name: kept as said
    return None


def parse_conditions(text: str, *, strict: bool = False) -> ConditionsAnswer | None:
    """Conditions named (and whether one is a known chronic one), or none; `None` if not understood."""
    return find_conditions(norm(text), strict=strict)
