"""Lifestyle triggers (question 10): caffeine, stimulants, stress, sleep, exercise, alcohol, fluids, screens, diet.

Stress and nerves in general are a trigger here; worry about the twitching
itself is the worry rule (worry.py), a separate judgement call in the policy.
"""

from __future__ import annotations

import re
from functools import lru_cache

from dialog.understand.lexicon import lexicon
from dialog.understand.listing import only_negated, positive_ids, says_none, substantive
from dialog.understand.phrases import PhraseSet, norm
from dialog.understand.yesno import strip_dont_know, yes_or_no
from models.answers import TriggersAnswer

ASKED_ABOUT: tuple[str, ...] = ("caffeine", "stress", "sleep", "exercise", "alcohol", "dehydration")
"""What question 10 lists: caffeine, stress, poor sleep, hard exercise, alcohol, not enough fluids."""
ALL_OF_THEM = re.compile(r"(?<![a-z])(?:all of (?:them|those|the above|that|it)|all (?:those|of those|the above)|everything"
                         r"|the lot|all the above)(?![a-z])")


@lru_cache(maxsize=1)
def _groups() -> tuple[tuple[str, PhraseSet], ...]:
    return tuple((g.id, PhraseSet(g.phrases, g.exclude)) for g in lexicon().trigger)


def find_triggers(normalized: str, *, strict: bool = False) -> TriggersAnswer | None:
    text, _ = strip_dont_know(normalized)
    ids = positive_ids(_groups(), text)
    if not strict and ALL_OF_THEM.search(text) and not ids:
        ids = ASKED_ABOUT  # "all of them": everything the question listed
    if ids:
        return TriggersAnswer(triggers=ids, text=normalized)  # type: ignore[arg-type]
    if strict:
        return None
    if says_none(text, False) or only_negated(_groups(), text):
        return TriggersAnswer(none=True, text=normalized)
    answer = yes_or_no(text)
    if (answer is not None and answer[0]) or substantive(text):
        return TriggersAnswer(text=normalized)
    return None


def parse_triggers(text: str, *, strict: bool = False) -> TriggersAnswer | None:
    """Triggers named, or none; `None` if not understood."""
    return find_triggers(norm(text), strict=strict)
