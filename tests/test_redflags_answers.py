"""The answer in its conversation (policy, "Reading an answer in its conversation").

A bare answer to the open question ("my head" to "where do you feel it?") raises no red flag
and no "did you say" question; the same answer with a word left over is read as always, and
lexicon hits always stand. Property tests over every place, duration, severity and pattern
phrasing the parsers accept.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dialog.text import normalize
from dialog.understand.duration import find_duration
from dialog.understand.lexicon import lexicon
from dialog.understand.location import find_location
from dialog.understand.pattern import find_pattern
from dialog.understand.severity import find_severity
from dialog.understand.slots import spec
from models.common import SlotName
from tests.redflag_cases import detector, escalates, not_read_as


def heard(text: str, slot: SlotName, *, final: bool = True):
    return detector().detect(text, final=final, answering=spec(slot).left_over)


# ---------------------------------------------------------------- what a new user met

@pytest.mark.parametrize(("slot", "text"), [
    ("location", "my head"),
    ("location", "in his left arm and hand"),
    ("location", "left eye"),
    ("location", "my left hand"),
    ("location", "his left arm"),
    ("location", "the back of my head"),
    ("location", "it moves around from my arm to my leg"),
    ("severity", "severe and getting worse"),
    ("severity", "severe, the worst its been"),
    ("severity", "worst ever"),
    ("pattern", "three to five times an hour"),
    ("other_symptoms", "my hand feels weak"),
])
def test_an_ordinary_answer_to_its_own_question_raises_nothing(slot: SlotName, text: str) -> None:
    found = heard(text, slot)
    assert found.red_flags == () and found.uncertain == (), found


@pytest.mark.parametrize(("slot", "text"), [
    ("location", "my head"), ("location", "in his left arm and hand"), ("location", "left eye"),
    ("pattern", "three to five times an hour"), ("severity", "severe and getting worse"),
])
def test_the_same_words_with_no_question_open_are_read_as_before(slot: SlotName, text: str) -> None:
    """The quieting is the question's doing: without it the learned layer reads as it always did."""
    found = detector().detect(text)
    assert found.red_flags or found.uncertain, found
    assert any(f.answered for f in heard(text, slot).findings), "the explanation says why it was quieted"


@pytest.mark.parametrize(("slot", "text", "flag"), [
    ("location", "my left arm and now i cant lift it", "paralysis"),
    ("location", "my head and its the worst headache of my life", "headache"),
    ("duration", "two weeks and i cant breathe", "breathing"),
    ("severity", "severe and my speech is slurred", "speech"),
    ("severity", "the worst headache ever", "headache"),
    ("pattern", "comes and goes and i threw up", "vomiting"),
])
def test_a_word_left_over_is_read_as_always(slot: SlotName, text: str, flag: str) -> None:
    assert flag in heard(text, slot).red_flags


def test_lexicon_findings_stand_even_where_every_word_is_accounted_for() -> None:
    found = detector().detect("i cant breathe", answering=lambda normalized: ())
    assert found.red_flags == ("breathing",)


def test_only_the_learned_layer_is_quieted_and_only_when_nothing_is_left_over() -> None:
    text = "like sucking air through a straw"  # read by the learned layer alone
    assert detector().detect(text).red_flags == ("breathing",)
    assert detector().detect(text, answering=lambda normalized: normalized.split()[:1]).red_flags == ("breathing",)
    quiet = detector().detect(text, answering=lambda normalized: ())
    assert quiet.red_flags == () and quiet.uncertain == ()


def test_left_over_words_of_a_question_without_an_answer_vocabulary_are_every_word() -> None:
    assert spec("medications").left_over("my head") == ("my", "head")


# ---------------------------------------------------------------- properties

def _from(patterns: list[str]) -> st.SearchStrategy[str]:
    return st.sampled_from(patterns).flatmap(lambda p: st.from_regex(p, fullmatch=True, alphabet="abcdefghijklmnopqrstuvwxyz "))


_PART_WORDS = sorted({w for region in lexicon().body_region for part in region.parts for w in part.words})
PLACES = st.builds(
    lambda before, part, more: f"{before}{part}{more}",
    st.sampled_from(["", "my ", "his ", "her ", "the ", "in my ", "on my ", "my left ", "my right ", "in his left ",
                     "on her right ", "both ", "the back of my ", "left ", "right "]),
    _from(_PART_WORDS),
    st.one_of(st.just(""), st.builds(lambda p: f" and {p}", _from(_PART_WORDS)),
              st.builds(lambda p: f" and my left {p}", _from(_PART_WORDS))),
)
_NUMBERS = ["one", "two", "three", "four", "five", "six", "ten", "twelve", "twenty", "a", "a few", "a couple of",
            "several", "three or four", "two to three"]
DURATIONS = st.one_of(
    st.builds(lambda before, n, unit, after: f"{before}{n} {unit}{after}",
              st.sampled_from(["", "for ", "about ", "around ", "over ", "nearly ", "maybe ", "for about ",
                               "more than ", "almost "]),
              st.sampled_from(_NUMBERS), st.sampled_from(["days", "weeks", "months", "years", "day", "week", "month"]),
              st.sampled_from(["", " now", " ago", " or so", " already"])),
    st.sampled_from(["since yesterday", "since last week", "since monday", "since last night", "since this morning",
                     "a while", "for ages", "a long time", "since the weekend", "since christmas", "last month",
                     "the day before yesterday", "a fortnight", "a week and a half", "since i woke up"]),
)
_LEVEL_WORDS = [
    "mild", "mildly", "slight", "minor", "light", "small", "faint", "barely noticeable", "not too bad", "not that bad",
    "not bad", "weak", "subtle", "bearable", "manageable", "annoying", "just annoying", "fine", "okay", "moderate",
    "medium", "in the middle", "in between", "average", "fairly strong", "noticeable", "so so", "severe",
    "really bad", "very bad", "pretty bad", "quite bad", "bad", "terrible", "awful", "horrible", "extreme",
    "extremely", "intense", "violent", "unbearable", "excruciating", "worst", "very strong", "strong", "serious",
    "massive", "huge", "big", "heavy", "crazy", "out of control", "i would say moderate", "maybe mild",
]
"""Levels as the severity parser reads them (dialog/understand/severity.py LEVELS)."""
SEVERITIES = st.builds(
    lambda level, worse: f"{level}{worse}",
    st.one_of(st.sampled_from(_LEVEL_WORDS),
              st.builds(lambda n: f"{n} out of ten", st.sampled_from(["one", "two", "three", "five", "seven", "eight",
                                                                       "nine", "ten", "six or seven"]))),
    st.sampled_from(["", " and getting worse", " and its getting worse", " but getting better", " not getting worse",
                     " and worse", " and it is the same", " and getting more frequent", " and spreading"]),
)
PATTERNS = st.one_of(
    st.builds(lambda n, unit: f"{n} times {unit}", st.sampled_from(["three to five", "two", "ten", "a few", "twenty"]),
              st.sampled_from(["an hour", "a day", "a minute", "a week", "per hour"])),
    st.builds(lambda kind, episode: f"{kind}{episode}",
              st.sampled_from(["it comes and goes", "constant", "on and off", "all the time", "it never stops",
                               "comes and goes", "off and on", "every now and then", "in bursts", "sometimes"]),
              st.sampled_from(["", " a few seconds each time", " for a second or two", " a few minutes at a time",
                               " and lasts a few seconds", " maybe ten seconds"])),
)
ANSWERS: dict[SlotName, tuple[st.SearchStrategy[str], object]] = {
    "location": (PLACES, lambda t: find_location(normalize(t))),
    "duration": (DURATIONS, lambda t: find_duration(normalize(t))),
    "severity": (SEVERITIES, lambda t: find_severity(normalize(t))),
    "pattern": (PATTERNS, lambda t: find_pattern(normalize(t))),
}
RED_FLAG_CLAUSES = {"and i cant breathe": "breathing", "and now i cant lift it": "paralysis",
                    "and my speech is slurred": "speech"}


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(data=st.data(), slot=st.sampled_from(sorted(ANSWERS)))
def test_every_phrasing_the_parsers_accept_given_bare_to_its_own_question_raises_nothing(
        data: st.DataObject, slot: SlotName) -> None:
    strategy, parses = ANSWERS[slot]
    text = data.draw(strategy)
    if parses(text) is None:  # type: ignore[operator]
        return  # not a phrasing the parser accepts
    assert spec(slot).left_over(normalize(text)) == (), (slot, text)
    found = heard(text, slot)
    assert found.red_flags == () and found.uncertain == (), (slot, text, found)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), slot=st.sampled_from(sorted(ANSWERS)), clause=st.sampled_from(sorted(RED_FLAG_CLAUSES)))
def test_the_same_answer_followed_by_a_red_flag_escalates(data: st.DataObject, slot: SlotName, clause: str) -> None:
    strategy, _ = ANSWERS[slot]
    text = f"{data.draw(strategy)} {clause}"
    assert RED_FLAG_CLAUSES[clause] in heard(text, slot).red_flags, (slot, text)
    assert RED_FLAG_CLAUSES[clause] in heard(text, slot, final=False).red_flags, (slot, text, "partial")


# ---------------------------------------------------------------- the twitch's own effects

@pytest.mark.parametrize("text", [
    "a bit, it makes it hard to see my screen at work",
    "it makes it hard to read",
    "its annoying when im reading",
    "yes its hard to read my screen when my eyelid twitches",
    "the twitching makes it harder to see the page",
])
def test_the_twitchings_own_effect_on_a_screen_or_a_page_is_no_vision_red_flag(text: str) -> None:
    not_read_as(text, "vision")
    assert "vision" not in heard(text, "daily_impact").red_flags


@pytest.mark.parametrize("text", [
    "i cant see out of my left eye", "my vision is blurry", "everything went dark", "its hard to see",
    "it makes it hard to see my screen and now my vision is blurry", "i find it hard to see the screen",
    "everything is grey in my left eye", "i am seeing double", "my sight has gone in one eye",
])
def test_eyesight_that_changes_is_still_an_emergency(text: str) -> None:
    escalates(text)
    assert heard(text, "daily_impact").red_flags, text


def test_detect_reads_lines_as_answers_to_a_question_on_request() -> None:
    import json
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    proc = subprocess.run([sys.executable, "-m", "voice.frontends.cli", "detect", "--explain", "--answering",
                           "location"], cwd=root, input="my head\nmy left arm and now i cant lift it\n",
                          capture_output=True, text=True, timeout=120)
    bare, more = [json.loads(line) for line in proc.stdout.splitlines()]
    assert bare["red_flags"] == [] and bare["uncertain"] == [] and bare["left_over"] == []
    assert any(f.get("answered") for f in bare["findings"]), "the explanation says why"
    assert more["red_flags"] == ["paralysis"] and more["left_over"] == ["now", "cant", "lift"]
