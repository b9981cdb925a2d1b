"""Lifestyle triggers (question 10): caffeine, stimulants, stress, sleep, exercise, alcohol, fluids, screens, diet.

Stress and nerves in general are a trigger here; worry about the twitching
itself is the worry rule (worry.py), a separate judgement call in the policy.
"""

from __future__ import annotations

from functools import lru_cache

from dialog.understand.lexicon import lexicon
from dialog.understand.listing import read_list
from dialog.understand.phrases import PhraseSet, norm
from models.answers import TriggersAnswer

ASKED_ABOUT: tuple[str, ...] = ("caffeine", "stress", "sleep", "exercise", "alcohol", "dehydration")
"""What question 10 lists: caffeine, stress, poor sleep, hard exercise, alcohol, not enough fluids;
what "all of them" names."""


@lru_cache(maxsize=1)
def _groups() -> tuple[tuple[str, PhraseSet], ...]:
    return tuple((g.id, PhraseSet(g.phrases, g.exclude)) for g in lexicon().trigger)


def find_triggers(normalized: str, *, strict: bool = False) -> TriggersAnswer | None:
    read = read_list(normalized, _groups(), strict=strict, everything=ASKED_ABOUT)
    if read is None:
        return None
    ids, none = read
    return TriggersAnswer(triggers=ids, none=none, text=normalized)  # type: ignore[arg-type]


def parse_triggers(text: str, *, strict: bool = False) -> TriggersAnswer | None:
    """Triggers named, or none; `None` if not understood."""
    return find_triggers(norm(text), strict=strict)
