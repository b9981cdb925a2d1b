"""The shared red-flag checks (tests/redflag_cases.py) fail when the sentence says otherwise:
a check that cannot fail would pass every red-flag test that uses it."""

from __future__ import annotations

from typing import cast

import pytest

from dialog.redflags import RedFlagDetector
from models.detection import Detection
from tests.redflag_cases import (
    case_ids,
    detector,
    escalates,
    lexicon_only,
    not_read_as,
    raises_nothing,
    spoken,
)


def test_escalates_fails_on_a_quiet_sentence_and_on_the_wrong_red_flag() -> None:
    with pytest.raises(AssertionError):
        escalates("my calf has been twitching all day")
    with pytest.raises(AssertionError):
        escalates("i cant breathe", "seizure")
    assert escalates("i cant breathe", "breathing").red_flags == ("breathing",)


class _Unsure:
    """A detector that leaves breathing to confirm and escalates nothing: the learned layers
    decide which real sentences do that, and they change."""

    def detect(self, text: str) -> Detection:
        return Detection(text=text, uncertain=("breathing",))


def test_raises_nothing_fails_on_an_emergency_and_on_a_red_flag_left_to_confirm() -> None:
    with pytest.raises(AssertionError):
        raises_nothing("i cant breathe")
    unsure = cast(RedFlagDetector, _Unsure())
    raises_nothing("like sucking air through a straw", by=unsure)
    with pytest.raises(AssertionError):
        raises_nothing("like sucking air through a straw", nor_uncertain=True, by=unsure)


def test_not_read_as_fails_only_on_its_own_red_flag() -> None:
    with pytest.raises(AssertionError):
        not_read_as("i cant breathe", "breathing")
    not_read_as("i cant breathe", "seizure")
    unsure = cast(RedFlagDetector, _Unsure())
    not_read_as("like sucking air through a straw", "breathing", by=unsure)
    with pytest.raises(AssertionError):
        not_read_as("like sucking air through a straw", "breathing", nor_uncertain=True, by=unsure)


def test_each_detector_reads_as_it_says() -> None:
    heard = "and now i cant believe"  # a recognizer's "i cant breathe"
    assert "breathing" in spoken().detect(heard).red_flags
    assert "breathing" not in detector().detect(heard).red_flags
    assert escalates(heard, "breathing", by=spoken())
    assert lexicon_only() is lexicon_only() and detector() is detector()  # built once


def test_case_ids_are_the_start_of_each_sentence() -> None:
    assert case_ids(["i cant breathe", "x" * 80]) == ["i cant breathe", "x" * 50]
