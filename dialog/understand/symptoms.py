"""Other symptoms (question 7): weakness, a muscle getting smaller, numbness, and the rest.

None of these is a red flag; the red-flag detector runs separately on every answer.
"""

from __future__ import annotations

from functools import lru_cache

from dialog.understand.lexicon import lexicon
from dialog.understand.listing import only_negated, positive_ids, says_none, substantive
from dialog.understand.phrases import PhraseSet, norm
from dialog.understand.yesno import strip_dont_know, yes_or_no
from models.answers import SymptomsAnswer


@lru_cache(maxsize=1)
def _groups() -> tuple[tuple[str, PhraseSet], ...]:
    return tuple((g.id, PhraseSet(g.phrases, g.exclude)) for g in lexicon().symptom)


def find_symptoms(normalized: str, *, strict: bool = False) -> SymptomsAnswer | None:
    text, _ = strip_dont_know(normalized)
    ids = positive_ids(_groups(), text)
    if ids:
        return SymptomsAnswer(symptoms=ids, text=normalized)  # type: ignore[arg-type]
    if strict:
        return None
    if says_none(text, False) or only_negated(_groups(), text):
        return SymptomsAnswer(none=True, text=normalized)
    answer = yes_or_no(text)
    if (answer is not None and answer[0]) or substantive(text):
        return SymptomsAnswer(text=normalized)  # something else, kept in the person's words
    return None


def parse_symptoms(text: str, *, strict: bool = False) -> SymptomsAnswer | None:
    """Other symptoms named (negations such as "no weakness" dropped), or none; `None` if not understood."""
    return find_symptoms(norm(text), strict=strict)
