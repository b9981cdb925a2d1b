"""Pattern, severity, yes / no and daily-impact parsing."""

from __future__ import annotations

import pytest

from dialog.understand import (
    parse_daily_impact,
    parse_pattern,
    parse_screening,
    parse_severity,
    parse_yesno,
    understand,
)

# ----------------------------------------------------------------- pattern


@pytest.mark.parametrize("text", [
    "constant", "its constant", "its constant it never really stops", "never stops", "it never stops",
    "all the time", "its there all the time", "it doesnt stop", "non stop", "nonstop", "continuous",
    "continuously twitching", "it wont stop", "all day long", "it hasnt stopped since it started",
    "its always twitching", "pretty much constant", "constantly", "it never goes away",
])
def test_constant(text: str) -> None:
    answer = parse_pattern(text)
    assert answer is not None and answer.pattern == "constant"


@pytest.mark.parametrize("text", [
    "comes and goes", "it comes and goes", "it like comes and goes", "on and off", "off and on",
    "it comes in bursts", "in bursts", "little flickers that come and go", "little twitches that come and go",
    "coming and going", "a few seconds at a time", "every now and then", "now and again", "occasionally",
    "sometimes", "from time to time", "every so often", "once in a while", "here and there", "not constant",
    "its not constant", "no its not constant", "not all the time", "it stops and starts", "in waves",
    "a few times a day", "it twitches for a second then stops", "random twitches", "intermittent",
    "just a split second", "on and off a few seconds each time", "comes and goes a few seconds at a time",
    "on and off all day", "it comes and goes all night long",
])
def test_intermittent(text: str) -> None:
    answer = parse_pattern(text)
    assert answer is not None and answer.pattern == "intermittent"


@pytest.mark.parametrize(("text", "episode"), [
    ("on and off a few seconds each time", "a few seconds each time"),
    ("comes and goes a few seconds at a time", "a few seconds at a time"),
    ("it comes and goes and lasts about ten seconds", "lasts about ten seconds"),
    ("a minute or two each time", "a minute or two each time"),
    ("on and off for a couple of seconds", "for a couple of seconds"),
])
def test_episode_words_are_kept(text: str, episode: str) -> None:
    answer = parse_pattern(text)
    assert answer is not None and answer.episode == episode


@pytest.mark.parametrize("text", ["yes", "no", "my calf", "mild", "i dont know", "three weeks"])
def test_no_pattern(text: str) -> None:
    assert parse_pattern(text) is None

# ----------------------------------------------------------------- severity


@pytest.mark.parametrize(("text", "level"), [
    ("mild", "mild"), ("its mild", "mild"), ("pretty mild", "mild"), ("slight", "mild"), ("very slight", "mild"),
    ("small only not strong", "mild"), ("its not bad honestly", "mild"), ("not too bad", "mild"),
    ("not that bad", "mild"), ("just annoying really", "mild"), ("barely noticeable", "mild"), ("minor", "mild"),
    ("tiny little twitches", "mild"), ("its not severe", "mild"), ("light", "mild"),
    ("moderate", "moderate"), ("moderate i would say", "moderate"), ("medium", "moderate"),
    ("mild to moderate", "moderate"), ("somewhere in between", "moderate"), ("in the middle", "moderate"),
    ("between mild and moderate", "moderate"), ("moderate i guess but its not getting worse", "moderate"),
    ("moderate and its getting worse every day", "moderate"), ("not mild", "moderate"),
    ("severe", "severe"), ("really bad", "severe"), ("very bad", "severe"), ("pretty bad", "severe"),
    ("severe the whole thigh jumps and it really hurts", "severe"), ("moderate to severe", "severe"),
    ("terrible", "severe"), ("its awful", "severe"), ("extreme", "severe"), ("really strong", "severe"),
    ("intense", "severe"), ("unbearable", "severe"), ("bad", "severe"), ("quite bad actually", "severe"),
])
def test_severity_levels(text: str, level: str) -> None:
    answer = parse_severity(text)
    assert answer is not None and answer.level == level


@pytest.mark.parametrize(("text", "score", "level"), [
    ("about a six out of ten", 6, "moderate"), ("seven", 7, "severe"), ("7 out of 10", 7, "severe"),
    ("8/10", 8, "severe"), ("maybe a three", 3, "mild"), ("two out of ten", 2, "mild"),
    ("a 6 or 7", 7, "severe"), ("ten out of ten", 10, "severe"), ("id say five", 5, "moderate"),
    ("four", 4, "moderate"), ("its about a two", 2, "mild"), ("nine out of ten", 9, "severe"),
])
def test_scores(text: str, score: int, level: str) -> None:
    answer = parse_severity(text)
    assert answer is not None and answer.score == score and answer.level == level


@pytest.mark.parametrize(("text", "worse"), [
    ("getting worse", True), ("its getting worse", True), ("worse every day", True), ("yes its getting worse", True),
    ("mild but getting a little worse", True), ("its spreading", True), ("more and more often", True),
    ("getting stronger", True), ("yes", True),
    ("not getting worse", False), ("its not getting worse", False), ("no", False), ("about the same", False),
    ("it stays the same", False), ("getting better", False), ("i wouldnt say its getting worse", False),
    ("no worse than before", False), ("its improving", False), ("hasnt gotten worse", False),
])
def test_worsening(text: str, worse: bool) -> None:
    answer = parse_severity(text)
    assert answer is not None and answer.worsening is worse


def test_level_without_worsening_leaves_it_unsaid() -> None:
    answer = parse_severity("mild")
    assert answer is not None and answer.worsening is None


@pytest.mark.parametrize("text", ["i dont know", "my calf", "three weeks", "", "comes and goes"])
def test_no_severity(text: str) -> None:
    assert parse_severity(text) is None


@pytest.mark.parametrize("text", ["just a mild headache from staring at the screen", "getting worse"])
def test_strict_severity_needs_a_plain_level(text: str) -> None:
    assert parse_severity(text, strict=True) is None

# ------------------------------------------------------------------ yes / no


@pytest.mark.parametrize("text", [
    "yes", "yeah", "yep", "yup", "sure", "a little", "a little bit", "kind of", "kinda", "sort of",
    "i think so", "i guess so", "definitely", "absolutely", "of course", "yes it does", "it does",
    "a bit", "sometimes", "yeah a lot", "Yes!", "yes please", "probably", "somewhat",
])
def test_yes(text: str) -> None:
    answer = parse_yesno(text)
    assert answer is not None and answer.value is True


@pytest.mark.parametrize("text", [
    "no", "nope", "nah", "not really", "i dont think so", "no just her hands", "no not at all", "not at all",
    "definitely not", "of course not", "never", "no im breathing fine nothing like that", "no nothing like this",
    "no shes sitting here with me shes okay right now", "um not really", "not that i know of", "No.",
    "none", "nothing", "i dont think it does", "probably not", "not really no",
])
def test_no(text: str) -> None:
    answer = parse_yesno(text)
    assert answer is not None and answer.value is False


@pytest.mark.parametrize("text", ["i dont know", "no idea", "not sure", "my calf", "three weeks", "", "hmm"])
def test_neither_yes_nor_no(text: str) -> None:
    assert parse_yesno(text) is None


@pytest.mark.parametrize(("text", "value"), [
    ("no", False), ("no im breathing fine nothing like that", False), ("nothing like that", False),
    ("im breathing fine", False), ("yes", True), ("yes i cant breathe", True), ("no nothing like this", False),
    ("um not really well i think i might have blacked out for a second earlier", False),
])
def test_screening(text: str, value: bool) -> None:
    answer = parse_screening(text)
    assert answer is not None and answer.value is value

# -------------------------------------------------------------- daily impact


@pytest.mark.parametrize("text", [
    "yes", "a little", "it woke me up all night", "yes it woke me up all night and i had to cancel my bowls club",
    "i had to cancel", "i cant work", "i cant concentrate at work", "it keeps me up at night",
    "it gets in the way of typing", "its hard to sleep", "i had to stop driving", "it stops me from reading",
    "i missed work", "kind of", "it makes it hard to focus", "yes since this morning i cant lift my right arm",
    "its really distracting", "it affects my work", "i struggle to hold a cup",
])
def test_daily_impact_yes(text: str) -> None:
    answer = parse_daily_impact(text)
    assert answer is not None and answer.value is True


@pytest.mark.parametrize("text", [
    "no", "not really", "nope", "it doesnt affect me", "its just annoying", "i can still do everything",
    "i manage fine", "no its fine", "it doesnt bother me", "not at all", "i barely notice it",
])
def test_daily_impact_no(text: str) -> None:
    answer = parse_daily_impact(text)
    assert answer is not None and answer.value is False


def test_daily_impact_through_understand() -> None:
    assert understand("not really", "daily_impact").fills["daily_impact"].value is False  # type: ignore[union-attr]


# ----------------------------------------------------------------- issue 15 item 5: answers as meant

@pytest.mark.parametrize("text", ["not really, maybe some stress at work", "no, maybe some stress",
                                  "nah, perhaps a bit of stress", "no coffee, maybe some stress"])
def test_a_no_then_a_hedged_trigger_names_the_trigger(text: str) -> None:
    from dialog.understand import parse_triggers
    answer = parse_triggers(text)
    assert answer is not None and "stress" in answer.triggers and not answer.none


def test_a_no_then_a_hedged_symptom_names_the_symptom() -> None:
    from dialog.understand import parse_symptoms
    answer = parse_symptoms("not really, maybe a bit of weakness")
    assert answer is not None and "weakness" in answer.symptoms and not answer.none


@pytest.mark.parametrize("text", ["no stress", "not really stressed", "no, maybe not stress"])
def test_a_no_without_a_new_thought_still_denies(text: str) -> None:
    from dialog.understand import parse_triggers
    answer = parse_triggers(text)
    assert answer is not None and "stress" not in answer.triggers


@pytest.mark.parametrize("text", ["sorta, not rly", "kinda no", "sort of, not really", "a little bit, not much"])
def test_a_hedge_taken_back_is_not_a_yes_to_the_impact_question(text: str) -> None:
    assert parse_daily_impact(text) is None


@pytest.mark.parametrize(("text", "value"), [("sorta", True), ("not rly", False), ("maybe not", False),
                                             ("a bit", True), ("not really", False)])
def test_plain_impact_answers_still_read(text: str, value: bool) -> None:
    answer = parse_daily_impact(text)
    assert answer is not None and answer.value is value


@pytest.mark.parametrize(("text", "name"), [("asthma i guess", "asthma"), ("i have asthma", "asthma"),
                                            ("asthma and high blood pressure", "high blood pressure")])
def test_a_condition_without_a_name_of_its_own_is_kept_in_the_persons_word(text: str, name: str) -> None:
    from dialog.compose import describe
    from dialog.understand import parse_conditions
    answer = parse_conditions(text)
    assert answer is not None and name in answer.names
    assert name in describe("conditions", answer) and "a medical condition" not in describe("conditions", answer)
