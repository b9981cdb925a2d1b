"""Duration parsing: many phrasings, in days (policy threshold: more than 3 days)."""

from __future__ import annotations

import datetime as dt

import pytest

from dialog.understand import parse_duration

WEDNESDAY = dt.date(2025, 6, 18)


@pytest.mark.parametrize(("text", "days"), [
    ("three weeks", 21), ("3 weeks", 21), ("a couple of days", 2), ("couple days", 2), ("a couple weeks", 14),
    ("a week and a half", 10.5), ("one and a half weeks", 10.5), ("1.5 weeks", 10.5), ("two and a half days", 2.5),
    ("since yesterday", 1), ("oh since yesterday dear", 1), ("yesterday", 1), ("it started yesterday", 1),
    ("the day before yesterday", 2), ("since the day before yesterday", 2),
    ("a few months", 90), ("twenty one days", 21), ("about three weeks now", 21), ("since two days only", 2),
    ("since 2 days", 2), ("like two days", 2), ("four days", 4), ("4 days", 4), ("a fortnight", 14),
    ("about a fortnight", 14), ("48 hours", 2), ("forty eight hours", 2), ("seventy two hours", 3),
    ("a few days", 3), ("few days", 3), ("the past few days", 3), ("over a week", 8), ("more than a week", 8),
    ("more than three days", 4), ("for ages", 30), ("ages", 30), ("a long time", 30), ("years", 730),
    ("for years", 730), ("for months", 60), ("months", 60), ("for weeks", 14), ("about a week", 7),
    ("a week", 7), ("one week", 7), ("a month", 30), ("about a month now", 30), ("a year", 365),
    ("two weeks ago", 14), ("it started two weeks ago", 14), ("five days", 5), ("seven days", 7),
    ("ten days", 10), ("a day or two", 2), ("a week or two", 14), ("a week or so", 7), ("one or two weeks", 14),
    ("two or three days", 3), ("between two and three weeks", 21), ("three to four days", 4),
    ("less than a week", 6), ("under three days", 2), ("almost a week", 7), ("nearly two weeks", 14),
    ("the last couple of weeks", 14), ("the past week", 7), ("since last week", 7), ("since last month", 30),
    ("since last year", 365), ("two weeks and three days", 17), ("a week and two days", 9),
    ("half a day", 0.5), ("a year and a half", 547.5), ("since i was a kid", 3650), ("2.5 weeks", 17.5),
    ("its been about ten days", 10), ("um maybe three days", 3), ("only one day", 1), ("just a day", 1),
    ("since last night", 1), ("a few weeks", 21), ("several weeks", 28), ("a couple of months", 60),
    ("six months", 180), ("two years", 730), ("about 3 weeks", 21), ("3 or 4 days", 4), ("14 days", 14),
    ("the last 3 days", 3), ("past three days", 3), ("i think about four days", 4), ("for the last month", 30),
    ("a good few weeks", 28), ("quite a few days", 5), ("many months", 210), ("for a decade", 3650),
])
def test_duration_days(text: str, days: float) -> None:
    answer = parse_duration(text, WEDNESDAY)
    assert answer is not None, text
    assert answer.days == pytest.approx(days, abs=0.01)


@pytest.mark.parametrize("text", ["this morning", "since this morning", "today", "earlier today",
                                  "this afternoon", "just now", "tonight", "a few hours", "six hours", "an hour ago"])
def test_less_than_a_day(text: str) -> None:
    answer = parse_duration(text, WEDNESDAY)
    assert answer is not None and 0 < answer.days < 1


def test_several_days_is_more_than_three() -> None:
    # Judgement call: "several" is more than "a few"; when in doubt, escalate.
    answer = parse_duration("several days")
    assert answer is not None and answer.days > 3


def test_a_few_days_is_not_more_than_three() -> None:
    answer = parse_duration("a few days")
    assert answer is not None and answer.days == 3


@pytest.mark.parametrize(("text", "days"), [
    ("since monday", 2), ("since tuesday", 1), ("since sunday", 3), ("since last friday", 5),
    ("since wednesday", 7), ("it started on monday", 2), ("since saturday", 4), ("since the weekend", 4),
    ("since march", 109), ("since the start of june", 17), ("since christmas", 175),
])
def test_calendar_words_with_today(text: str, days: float) -> None:
    answer = parse_duration(text, WEDNESDAY)
    assert answer is not None and answer.days == days


@pytest.mark.parametrize("text", ["since monday", "since friday", "since the weekend", "since last thursday"])
def test_weekday_without_today_assumes_a_week(text: str) -> None:
    answer = parse_duration(text, None)
    assert answer is not None and answer.days == 7


@pytest.mark.parametrize("text", ["on and off for a year", "off and on for about two weeks",
                                  "it comes and goes for three weeks now", "three weeks on and off"])
def test_on_and_off(text: str) -> None:
    answer = parse_duration(text)
    assert answer is not None and answer.on_and_off


def test_plain_duration_is_not_on_and_off() -> None:
    answer = parse_duration("three weeks")
    assert answer is not None and not answer.on_and_off


@pytest.mark.parametrize("text", [
    "no", "yes", "i dont know", "not sure", "my left calf", "twice a day", "a few seconds each time",
    "two hours each time", "it lasts a few seconds", "mild", "", "   ", "every few minutes",
])
def test_not_a_duration(text: str) -> None:
    assert parse_duration(text, WEDNESDAY) is None


@pytest.mark.parametrize(("text", "days"), [
    ("my left eyelid for two weeks on and off", 14), ("it has been there for three days", 3),
    ("since yesterday in my calf", 1), ("about three weeks", 21), ("started two weeks ago", 14),
    ("for the past few days", 3),
])
def test_strict_accepts_marked_durations(text: str, days: float) -> None:
    answer = parse_duration(text, WEDNESDAY, strict=True)
    assert answer is not None and answer.days == days


@pytest.mark.parametrize("text", [
    "yesterday she was shaking all over", "the twitching began a couple of days after that",
    "two coffees a day", "i go running three times a week", "a few seconds at a time",
])
def test_strict_rejects_unmarked_times(text: str) -> None:
    assert parse_duration(text, WEDNESDAY, strict=True) is None


def test_keeps_the_words() -> None:
    answer = parse_duration("About THREE weeks, now!")
    assert answer is not None and answer.text == "about three weeks now"
