"""A nurse's ear (issue 14): red flags as real people say them -- carers describing someone in
the third person, pleas for help, emergencies named, chest pressure now, one side gone dead -- and
past events said the way people date them ("in late may", "a week ago today", "back in twenty
fifteen"). Every sentence here was written for this file (none is a corpus line); each reading
is tested both ways: what must escalate, and the look-alikes and twitch-forum sentences beside
it that must stay quiet (a false alarm is the second worst failure)."""

from __future__ import annotations

from functools import lru_cache

import pytest

from dialog.load import load_red_flags
from dialog.redflags import RedFlagDetector


@lru_cache(maxsize=1)
def detector() -> RedFlagDetector:
    return RedFlagDetector(load_red_flags())


# ---------------------------------------------------------------- past events, dated as people do

PAST: list[tuple[str, str]] = [
    # (text, the red flag kept as a past event)
    ("in early march i fainted in the kitchen", "consciousness"),
    ("i fainted in the kitchen in early march", "consciousness"),
    ("a week ago today i had a seizure at the shops", "seizure"),
    ("a few weeks ago i missed two days of work with a high fever", "fever"),
    ("two weeks ago i blacked out on the stairs", "consciousness"),
    ("some time ago i had a fit at work", "seizure"),
    ("back in june i had an episode of feeling faint on a hike", "dizziness"),
]


@pytest.mark.parametrize(("text", "flag"), PAST, ids=[t[:50] for t, _ in PAST])
def test_a_red_flag_dated_days_to_weeks_ago_is_a_past_event(text: str, flag: str) -> None:
    found = detector().detect(text)
    assert found.red_flags == (), found
    assert flag in {e.flag for e in found.past_events}


DISTANT = [
    "back in twenty fifteen i had a seizure",
    "i had a stroke in november twenty twelve and could not speak for a week",
    "i had fits as a twelve year old",
    "i blacked out at a party last summer",
]


@pytest.mark.parametrize("text", DISTANT)
def test_a_year_said_in_words_an_age_or_a_season_gone_by_is_history(text: str) -> None:
    found = detector().detect(text)
    assert found.red_flags == (), found
    assert found.past_events == ()


STILL_NOW = [
    "i fainted this morning",
    "i fainted today",
    "a week ago i started twitching and today i passed out",
    "i fainted on friday and again today",
    "in may i fainted and again just now",
    "a few days ago i started twitching and i passed out",
    "two weeks ago i had a seizure and i still cant move my arm",
    "i had a seizure",
    "she had a fit in the bath just now",
    "last night he collapsed in the hall",
]


@pytest.mark.parametrize("text", STILL_NOW)
def test_recent_timeless_or_ongoing_red_flags_still_escalate(text: str) -> None:
    assert detector().detect(text).red_flags, text
