"""What the red-flag tests read a sentence with, and what they check of it: one place.

The detectors are built once per test process (each takes about a second), so every test
file that reads sentences shares them. The checks say what a user would notice: the
sentence escalates (with its red flag), or it raises nothing; each returns the detection
for any further check, and each failure shows the whole detection (its findings say why).
conftest.py has pytest rewrite the asserts here, as it does in test files.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from dialog.load import load_red_flags
from dialog.redflags import RedFlagDetector
from models.detection import Detection

ID_LENGTH = 50
"""A case's test id is the start of its sentence: enough to find it, short enough to read."""


@lru_cache(maxsize=1)
def detector() -> RedFlagDetector:
    """Typed words read by every layer: what the skill runs on typed text."""
    return RedFlagDetector(load_red_flags())


@lru_cache(maxsize=1)
def lexicon_only() -> RedFlagDetector:
    """The reviewed phrases alone, without the learned layers."""
    return RedFlagDetector(load_red_flags(), use_learned=False)


@lru_cache(maxsize=1)
def spoken() -> RedFlagDetector:
    """Recognizer text: known mishearings of a red flag escalate too."""
    return RedFlagDetector(load_red_flags(), spoken=True)


def case_ids(texts: Iterable[str]) -> list[str]:
    """Test ids for parametrized sentences: the start of each."""
    return [text[:ID_LENGTH] for text in texts]


def escalates(text: str, flag: str | None = None, *, by: RedFlagDetector | None = None) -> Detection:
    """`text` escalates with `flag` among its red flags (with any red flag when `flag` is None)."""
    found = (by if by is not None else detector()).detect(text)
    if flag is None:
        assert found.red_flags, found
    else:
        assert flag in found.red_flags, found
    return found


def raises_nothing(text: str, *, nor_uncertain: bool = False, by: RedFlagDetector | None = None) -> Detection:
    """`text` escalates no red flag (and, with `nor_uncertain`, leaves none to confirm either)."""
    found = (by if by is not None else detector()).detect(text)
    assert found.red_flags == (), found
    if nor_uncertain:
        assert found.uncertain == (), found
    return found


def not_read_as(text: str, flag: str, *, nor_uncertain: bool = False,
                by: RedFlagDetector | None = None) -> Detection:
    """`text` does not escalate `flag` (and, with `nor_uncertain`, does not ask about it either);
    other red flags it may raise are not this check's business."""
    found = (by if by is not None else detector()).detect(text)
    assert flag not in found.red_flags, found
    if nor_uncertain:
        assert flag not in found.uncertain, found
    return found
