"""Issue 15 items 5, 6 and 8, in the conversation: answers read as a person means them, places
counted and said back once, and "go back" among the warning signs asked one at a time."""

from __future__ import annotations

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
