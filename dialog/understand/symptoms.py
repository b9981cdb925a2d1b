"""Other symptoms (question 7): weakness, a muscle getting smaller, numbness, and the rest.

None of these is a red flag; the red-flag detector runs separately on every answer.
"""

from __future__ import annotations

from functools import lru_cache

from dialog.understand.lexicon import lexicon
from dialog.understand.listing import read_list
from dialog.understand.phrases import PhraseSet, norm
from models.answers import SymptomsAnswer


@lru_cache(maxsize=1)
def _groups() -> tuple[tuple[str, PhraseSet], ...]:
    return tuple((g.id, PhraseSet(g.phrases, g.exclude)) for g in lexicon().symptom)


def find_symptoms(normalized: str, *, strict: bool = False) -> SymptomsAnswer | None:
    read = read_list(normalized, _groups(), strict=strict)
    if read is None:
        return None
    ids, none = read  # neither: something else, kept in the person's words
    return SymptomsAnswer(symptoms=ids, none=none, text=normalized)  # type: ignore[arg-type]


def parse_symptoms(text: str, *, strict: bool = False) -> SymptomsAnswer | None:
    """Other symptoms named (negations such as "no weakness" dropped), or none; `None` if not understood."""
    return find_symptoms(norm(text), strict=strict)
