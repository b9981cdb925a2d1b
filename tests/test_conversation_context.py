"""Answers read in their conversation (policy, "Reading an answer in its conversation"):
ordinary answers raise nothing, a "did you say" question is asked only when the skill is
unsure and is worded with the person's words, the screening question's hedges and agreements,
and an emergency said before the greeting comes first.
"""

from __future__ import annotations

import pytest

from dialog.redflags import RedFlagDetector
from dialog.redflags.detector import Answering
from models.common import RedFlagId
from models.detection import Detection
from models.events import Ask, Confirm, Emergency, Say
from tests.harness import new_skill, script


def at(slot: str, *answers: str):
    """A skill at `slot`'s question, answered plainly up to it, then `answers`."""
    lead = {"screening": [], "duration": ["no"], "location": ["no", "two weeks"],
            "multiple_locations": ["no", "two weeks", "my left calf"],
            "pattern": ["no", "two weeks", "my left calf", "no"],
            "severity": ["no", "two weeks", "my left calf", "no", "on and off"],
            "daily_impact": ["no", "two weeks", "my left calf", "no", "on and off", "mild"],
            "other_symptoms": ["no", "two weeks", "my left calf", "no", "on and off", "mild", "no"]}[slot]
    skill = new_skill()
    events = script(skill, *lead)
    assert isinstance(events[-1], Ask) and events[-1].slot == slot
    events = []
    for answer in answers:
        events += skill.hear(answer)
    return skill, events


def emergency(events) -> bool:
    return any(isinstance(e, Emergency) for e in events)


# ---------------------------------------------------------------- 1. ordinary answers raise nothing

@pytest.mark.parametrize(("slot", "answer"), [
    ("location", "my head"),
    ("location", "in his left arm and hand"),
    ("location", "left eye"),
    ("location", "my left hand"),
    ("location", "it moves around from my arm to my leg"),
    ("pattern", "three to five times an hour"),
    ("severity", "severe and getting worse"),
    ("daily_impact", "a bit, it makes it hard to see my screen at work"),
    ("other_symptoms", "my hand feels weak"),
])
def test_an_ordinary_answer_is_the_answer_not_a_complaint(slot: str, answer: str) -> None:
    skill, events = at(slot, answer)
    assert not emergency(events), events
    assert skill.state == "asking" and slot in skill.session.answers, "answered, and the check goes on"
    assert any(isinstance(e, Confirm) and e.slot == slot for e in events)
    assert isinstance(events[-1], Ask) and not events[-1].text.startswith("You said")


def test_a_place_and_a_function_that_fails_is_an_emergency() -> None:
    _, events = at("location", "my left arm and now i cant lift it")
    assert next(e for e in events if isinstance(e, Emergency)).red_flags == ("paralysis",)


def test_after_a_place_was_answered_a_real_emergency_still_gets_out() -> None:
    skill, events = at("location", "my head", "now i cant breathe")
    assert emergency(events)


class Spy(RedFlagDetector):
    """The real detector, noting what it was told about the open question."""

    seen: list[tuple[bool, Answering | None]]

    def detect(self, text: str, *, final: bool = True, answering: Answering | None = None) -> Detection:
        self.seen.append((final, answering))
        return super().detect(text, final=final, answering=answering)


def test_the_open_question_goes_to_the_detector_with_every_final_and_partial_result() -> None:
    skill = new_skill()
    spy = Spy(skill.protocol.red_flags)
    spy.seen = []
    skill.detector = spy
    script(skill, "no", "two weeks")
    spy.seen.clear()
    assert skill.hear("my", final=False) == [] and skill.hear("my head", final=False) == []
    skill.hear("my head")
    assert [final for final, _ in spy.seen] == [False, False, True]
    assert all(answering is not None and answering("my head") == () for _, answering in spy.seen)
    assert all(answering("my head and i cant see") == ("cant", "see") for _, answering in spy.seen)


# ---------------------------------------------------------------- 2. "did you say", in the person's words

class Unsure(RedFlagDetector):
    """A stand-in for an unsure learned reading of "talking feels different" as trouble
    speaking: the real layer's scores move with every retraining."""

    def detect(self, text: str, *, final: bool = True, answering: Answering | None = None) -> Detection:
        found = super().detect(text, final=final, answering=answering)
        if "talking feels different" in text and not found.red_flags:
            flags: tuple[RedFlagId, ...] = ("speech",)
            return found.model_copy(update={"uncertain": flags})
        return found


def unsure_skill(*utterances: str):
    skill = new_skill()
    skill.detector = Unsure(skill.protocol.red_flags)
    events = script(skill, "no", *utterances)
    return skill, events


def test_the_did_you_say_question_quotes_the_person() -> None:
    skill, events = unsure_skill("talking feels different for me right now")
    ask = events[-1]
    assert isinstance(ask, Ask) and skill.state == "checking_flag"
    assert ask.text == ("You said 'talking feels different for me right now'. "
                        "Is that happening now: do you have trouble speaking?")
    assert "(" not in ask.text and len(ask.text.split()) < 25


@pytest.mark.parametrize("reply", ["my speech is fine", "i can talk fine", "no its fine", "it just twitches",
                                   "nope", "its fine"])
def test_a_reply_that_the_function_is_fine_is_a_no_and_the_answer_is_used(reply: str) -> None:
    skill, _ = unsure_skill("two weeks and talking feels different")
    events = skill.hear(reply)
    assert not emergency(events)
    assert skill.session.answers["duration"].value.days == 14  # type: ignore[union-attr]
    assert isinstance(events[-1], Ask) and events[-1].slot == "location"


@pytest.mark.parametrize("reply", ["sorry?", "what?", "pardon", "Sorry, what?"])
def test_sorry_repeats_the_question_once_and_then_an_unclear_reply_escalates(reply: str) -> None:
    skill, events = unsure_skill("talking feels different for me right now")
    asked = events[-1]
    assert skill.hear(reply) == [asked] and skill.state == "checking_flag"
    assert emergency(skill.hear(reply)), "still unclear after the repeat: when in doubt, escalate"


def test_after_the_repeat_a_no_still_carries_on() -> None:
    skill, _ = unsure_skill("two weeks and talking feels different")
    skill.hear("what?")
    events = skill.hear("no its fine")
    assert not emergency(events) and skill.session.answers["duration"].value.days == 14  # type: ignore[union-attr]


@pytest.mark.parametrize("reply", ["yes", "maybe", "i think so", "kind of"])
def test_a_yes_or_a_hedge_escalates(reply: str) -> None:
    skill, _ = unsure_skill("talking feels different for me right now")
    assert next(e for e in skill.hear(reply) if isinstance(e, Emergency)).red_flags == ("speech",)


@pytest.mark.parametrize("reply", ["my speech is fine but i cant breathe", "its fine but its hard to talk",
                                   "yes its fine"])
def test_a_fine_with_trouble_in_it_is_no_no(reply: str) -> None:
    skill, _ = unsure_skill("talking feels different for me right now")
    assert emergency(skill.hear(reply))


# ---------------------------------------------------------------- 3. the screening question

@pytest.mark.parametrize("hedge", ["maybe", "kinda", "sort of", "not sure", "i think so", "kind of"])
def test_a_bare_hedge_to_the_screen_asks_the_signs_one_at_a_time_at_once(hedge: str) -> None:
    skill = new_skill()
    events = script(skill, hedge)
    assert not emergency(events)
    assert isinstance(events[-1], Ask) and events[-1].text == skill.protocol.question("screening").simpler[0]
    assert any(isinstance(e, Say) and "one at a time" in e.text for e in events)


@pytest.mark.parametrize(("sign", "reply"), [(0, "maybe"), (2, "kinda"), (5, "yes"), (1, "sort of")])
def test_a_yes_or_a_hedge_to_any_one_sign_escalates(sign: int, reply: str) -> None:
    skill = new_skill()
    script(skill, "maybe", *["no"] * sign)
    assert emergency(skill.hear(reply))


@pytest.mark.parametrize("agree", ["sure", "okay", "yes go ahead", "ok lets start", "ok sure", "alright"])
def test_agreeing_to_the_check_asks_the_screen_again_plainly(agree: str) -> None:
    skill = new_skill()
    events = script(skill, agree)
    assert not emergency(events)
    ask = events[-1]
    assert isinstance(ask, Ask) and ask.slot == "screening"
    assert ask.text.startswith("To be sure: are you having trouble breathing") and "yes or no" in ask.text
    assert emergency(skill.hear("yes"))


def test_agreeing_then_no_carries_on() -> None:
    skill = new_skill()
    events = script(skill, "sure", "no")
    assert not emergency(events) and skill.session.answers["screening"].value.value is False  # type: ignore[union-attr]


@pytest.mark.parametrize("yes", ["yes", "yeah", "yes please"])
def test_a_plain_yes_to_the_screen_still_escalates_at_once(yes: str) -> None:
    assert emergency(script(new_skill(), yes))


# ---------------------------------------------------------------- 4. the emergency first

@pytest.mark.parametrize("first", ["check my twitching, I can't breathe", "i cant breathe"])
def test_an_emergency_in_the_first_words_comes_before_any_greeting(first: str) -> None:
    skill = new_skill()
    events = skill.hear(first)
    assert isinstance(events[0], Emergency), events
    assert not any(isinstance(e, (Say, Ask)) for e in events), "no greeting, disclaimer or question first"
    assert skill.finished


def test_first_words_without_a_red_flag_still_get_the_greeting() -> None:
    events = new_skill().hear("check my twitching")
    assert isinstance(events[0], Say) and events[0].kind == "greeting"
