"""Issue 15 items 5, 6 and 8, in the conversation: answers read as a person means them, places
counted and said back once, and "go back" among the warning signs asked one at a time."""

from __future__ import annotations

import pytest

from models.answers import YesNoAnswer
from models.events import Ask, Confirm, Emergency, Say
from tests.harness import new_skill, script

# ---------------------------------------------------------------- 8. "go back" one sign at a time

def test_go_back_among_the_signs_asked_one_at_a_time_asks_the_last_sign_again() -> None:
    skill = new_skill()
    signs = skill.protocol.question("screening").simpler
    events = script(skill, "maybe", "no", "no", "no", "no")  # four signs answered
    assert isinstance(events[-1], Ask) and events[-1].text == signs[4]
    events = skill.hear("go back")
    assert not any("no earlier answer" in getattr(e, "text", "") for e in events)
    assert isinstance(events[-1], Ask) and events[-1].text == signs[3], "the last sign answered, asked again"
    for _ in signs[3:]:
        events = skill.hear("no")
    assert isinstance(events[-1], Ask) and events[-1].slot == "duration"
    answer = skill.session.answers["screening"]
    assert isinstance(answer.value, YesNoAnswer) and answer.value.value is False


def test_a_sign_changed_to_yes_after_going_back_escalates() -> None:
    skill = new_skill()
    script(skill, "kinda", "no", "no")
    skill.hear("go back")
    events = skill.hear("yes")
    assert any(isinstance(e, Emergency) for e in events)


def test_a_sign_left_unknown_then_answered_after_going_back_is_no_longer_unknown() -> None:
    skill = new_skill()
    signs = skill.protocol.question("screening").simpler
    script(skill, "maybe", "no", "banana telephone")  # the second sign not understood
    skill.hear("go back")
    for _ in signs[1:]:
        events = skill.hear("no")
    assert not any(isinstance(e, Say) and e.kind == "moving_on" for e in events)
    assert skill.session.answers["screening"].status == "answered"


def test_go_back_at_the_first_sign_still_has_no_earlier_answer() -> None:
    skill = new_skill()
    events = script(skill, "maybe", "go back")
    assert any("no earlier answer" in getattr(e, "text", "") for e in events)
    assert isinstance(events[-1], Ask) and events[-1].slot == "screening"


# ---------------------------------------------------------------- 6. places, counted and said once

def _confirms(events: list) -> list[str]:
    return [e.text for e in events if isinstance(e, Confirm)]


def _summary_row(skill, label_start: str) -> str:  # type: ignore[no-untyped-def]
    assert skill.outcome is not None
    rows = [i for i in skill.outcome.summary.items if i.label.lower().startswith(label_start)]
    assert rows, [i.label for i in skill.outcome.summary.items]
    return rows[0].value


@pytest.mark.parametrize("where", ["both calves", "my right calf mostly, sometimes the left one too",
                                   "my right calf and the other one"])
def test_both_calves_are_two_places_said_once_and_not_asked_again(where: str) -> None:
    skill = new_skill()
    events = script(skill, "no", "two months", where)
    assert "Both calves, got it." in _confirms(events)
    question = skill.protocol.question("multiple_locations")
    assert isinstance(events[-1], Ask) and events[-1].text != question.text, \
        "two places already named: 'is it in more than one place?' is not asked"
    assert events[-1].slot != "multiple_locations" or events[-1].text == question.silence  # "anywhere else?"
    for _ in range(12):
        if skill.finished:
            break
        events = skill.hear("no")
    assert _summary_row(skill, "where") == "both calves"  # the row was "Location(s)"
    more_than_one = skill.session.answers["multiple_locations"].value
    assert isinstance(more_than_one, YesNoAnswer) and more_than_one.value is True
    assert any(r.rule == "more_than_one_area"
               for r in skill.outcome.reasons), skill.outcome.reasons  # type: ignore[union-attr]


@pytest.mark.parametrize(("first", "more", "echo"), [
    ("my right thigh", "yes my foot and thigh", "Right thigh and foot, got it."),
    ("my right calf", "yes both calves", "Both calves, got it."),
])
def test_the_echo_names_each_place_once(first: str, more: str, echo: str) -> None:
    skill = new_skill()
    script(skill, "no", "two months", first)
    assert skill.slot == "multiple_locations"
    events = skill.hear(more)
    assert echo in _confirms(events), _confirms(events)


def test_anywhere_else_after_both_sides_still_finds_a_widespread_twitch() -> None:
    skill = new_skill()
    script(skill, "no", "two days", "my arms")
    events = skill.hear("yes my back and both legs too")
    assert skill.session.answers["multiple_locations"].value.value is True  # type: ignore[union-attr]
    assert {p.part for p in skill.session.answers["location"].value.places} == {"arm", "back", "leg"}  # type: ignore[union-attr]


# ---------------------------------------------------------------- 5. answers, as the person meant them

def _to(slot: str, skill, *before: str) -> None:  # type: ignore[no-untyped-def]
    script(skill, *before)
    for _ in range(12):
        if skill.slot == slot:
            return
        skill.hear("no")
    raise AssertionError(f"{slot} was not asked")


def test_stress_after_not_really_is_stress_not_none() -> None:
    skill = new_skill()
    _to("triggers", skill, "no", "two days", "my left eyelid")
    events = skill.hear("not really, maybe some stress at work")
    assert "Okay, none." not in _confirms(events)
    assert skill.session.answers["triggers"].value.triggers == ("stress",)  # type: ignore[union-attr]


def test_sorta_not_rly_to_the_impact_question_is_asked_again() -> None:
    skill = new_skill()
    _to("daily_impact", skill, "no", "two days", "my left eyelid")
    events = skill.hear("sorta, not rly")
    assert "daily_impact" not in skill.session.answers, "not confirmed as a yes"
    assert isinstance(events[-1], Ask) and events[-1].slot == "daily_impact"


def test_asthma_i_guess_is_asthma_in_the_summary() -> None:
    skill = new_skill()
    _to("conditions", skill, "no", "two days", "my left eyelid")
    events = skill.hear("asthma i guess")
    assert any("asthma" in t for t in _confirms(events)), _confirms(events)
    while not skill.finished:
        skill.hear("no")
    label = skill.protocol.question("conditions").label
    assert skill.outcome is not None
    assert [i.value for i in skill.outcome.summary.items if i.label == label] == ["asthma"]
