"""A weak hand or leg is weakness, which the policy sends to a doctor, not a weak pulse:
the skill must not ask "is your pulse weak?" of a person whose hand feels weak, and a weak
pulse, a weak heartbeat or a limb that will not move still escalate."""

from __future__ import annotations

import pytest

from models.events import Ask, Emergency
from tests.harness import new_skill, script
from tests.redflag_cases import escalates, not_read_as


@pytest.mark.parametrize("text", [
    "my hand feels weak",
    "my legs are getting weaker",
    "weakness in my left arm",
    "my grip feels a bit weak lately",
])
def test_a_weak_limb_is_not_read_as_a_weak_pulse(text: str) -> None:
    not_read_as(text, "pulse", nor_uncertain=True)


@pytest.mark.parametrize(("text", "flag"), [
    ("the pulse in his wrist is weak", "pulse"),
    ("his pulse is weak and thready", "pulse"),
    ("her heartbeat is weak", "pulse"),
    ("my arm is weak and his pulse is very faint", "pulse"),
    ("my left arm went weak suddenly and i cant lift it", "paralysis"),
])
def test_a_weak_pulse_or_a_limb_that_wont_move_still_escalates(text: str, flag: str) -> None:
    escalates(text, flag)


def test_a_weak_hand_said_at_the_daily_life_question_is_not_asked_about_as_a_pulse() -> None:
    skill = new_skill()
    script(skill, "no", "two weeks", "my left calf", "no", "on and off", "mild")
    events = skill.hear("my hand feels weak")
    assert not any(isinstance(e, Emergency) for e in events)
    asked = [e.text for e in events if isinstance(e, Ask)]
    assert asked and not any("pulse" in text for text in asked), asked


@pytest.mark.parametrize("text", [
    "my left arm suddenly went weak",
    "suddenly his right leg went numb",
    "my left arm went dead out of nowhere",
])
def test_one_sides_arm_or_leg_going_weak_or_numb_suddenly_is_a_stroke_sign(text: str) -> None:
    escalates(text, "paralysis")


@pytest.mark.parametrize("text", [
    "my arm went dead when i slept on it",
    "my left hand went numb from the cold",
    "my fingers feel numb",
])
def test_an_arm_gone_dead_without_a_sudden_onset_is_not_a_stroke_sign(text: str) -> None:
    not_read_as(text, "paralysis")


@pytest.mark.parametrize("text", [
    "about two weeks my pulse is really weak in my left calf",
    "my calf pulse is weak",
    "her pulse in her wrist feels weak",
])
def test_a_weak_pulse_said_beside_a_limb_still_escalates(text: str) -> None:
    escalates(text, "pulse")


def test_feeling_weak_in_the_legs_is_not_a_weak_pulse() -> None:
    not_read_as("feeling weak in my legs", "pulse", nor_uncertain=True)
