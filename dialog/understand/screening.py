"""The red-flag screening question: a yes or a no. The detector reads the symptoms themselves."""

from __future__ import annotations

from dialog.understand.phrases import norm
from dialog.understand.yesno import strip_dont_know, yes_or_no
from models.answers import YesNoAnswer

_SCREENING_NO = ("breathing fine", "nothing like that", "nothing like this", "none of that", "all fine",
                 "feel fine", "feeling fine", "im okay", "im good")


def find_screening(normalized: str) -> YesNoAnswer | None:
    """Yes / no to the screening question (or to one warning sign asked alone)."""
    text, _ = strip_dont_know(normalized)
    found = yes_or_no(text)
    if found is None and any(p in text for p in _SCREENING_NO):
        found = (False, "")
    return YesNoAnswer(value=found[0], text=text) if found is not None else None


def parse_screening(text: str) -> YesNoAnswer | None:
    return find_screening(norm(text))
