"""Someone answering for another person (issue 15, item 7): after "I'm answering for my dad"
the questions and the emergency speak of him, the summary says who answered, and the red-flag
reading is exactly what it was."""

from __future__ import annotations

import pytest

from dialog.compose import summary_words
from dialog.proxy import find_proxy
from dialog.skill import Event
from dialog.text import normalize
from models.events import Ask, Confirm, Emergency, OutcomeEvent, Say
from models.session import Proxy
from tests.harness import new_skill, script


def asks(events: list[Event]) -> list[str]:
    return [e.text for e in events if isinstance(e, Ask)]


@pytest.mark.parametrize(("said", "relation", "pronoun"), [
    ("I'm answering for my dad", "dad", "he"),
    ("im asking for my mum", "mum", "she"),
    ("I am doing this for my elderly father", "father", "he"),
    ("answering on behalf of my wife", "wife", "she"),
    ("this is for my son", "son", "he"),
    ("I'm checking for my daughter", "daughter", "she"),
    ("im answering for my husband", "husband", "he"),
    ("im answering for my partner, she has a twitch in her eye", "partner", "she"),
    ("im answering for my partner, he cant sleep", "partner", "he"),
    ("im answering for my friend", "friend", None),
    ("im answering for him", "him", "he"),
])
def test_who_is_answered_for(said: str, relation: str, pronoun: str | None) -> None:
    assert find_proxy(normalize(said)) == Proxy(relation=relation, pronoun=pronoun)


@pytest.mark.parametrize("said", [
    "my dad had twitching too", "my wife says i should check", "no", "my left calf",
    "i have been answering emails all day", "this is about my eyelid", "he said it was nothing",
])
def test_only_an_explicit_statement_counts(said: str) -> None:
    assert find_proxy(normalize(said)) is None


def test_after_answering_for_dad_the_questions_speak_of_him() -> None:
    events = script(new_skill(), "I'm answering for my dad")
    texts = [e.text for e in events]
    assert "Thank you. I'll ask about your dad." in texts
    assert asks(events)[-1].startswith("First, is he having trouble breathing")
    events = script(new_skill(), "I'm answering for my dad", "no", "two weeks", "his left calf")
    assert asks(events)[-3:] == ["How long has he had the twitching?", "Where does he feel it?",
                                 "Is it in more than one place?"]


def test_the_signs_one_at_a_time_speak_of_her() -> None:
    events = script(new_skill(), "im asking for my mum", "maybe")
    assert asks(events)[-1] == "Is she having trouble breathing right now?"


def test_a_friend_is_named_when_no_pronoun_was_said() -> None:
    events = script(new_skill(), "im answering for my friend", "no")
    assert asks(events)[-1] == "How long has your friend had the twitching?"


def test_an_answer_said_with_it_is_read_as_the_answer() -> None:
    skill = new_skill()
    events = script(skill, "answering for my dad. no")
    assert skill.session.answered_for == Proxy(relation="dad", pronoun="he")
    assert any(isinstance(e, Confirm) and e.slot == "screening" for e in events)
    assert asks(events)[-1] == "How long has he had the twitching?"


def test_the_summary_says_who_answered() -> None:
    skill = new_skill()
    script(skill, "I'm answering for my dad", "no", "two weeks", "his left calf", "no", "comes and goes",
           "mild", "no", "no", "none", "no", "no")
    assert skill.outcome is not None and skill.state == "finished"
    summary = skill.outcome.summary
    assert summary.items[0].label == "Answered by"
    assert summary.items[0].value == "someone else, for their dad"
    assert "Answered by: someone else, for their dad." in summary_words(summary)


def test_the_summary_of_ones_own_check_has_no_answered_by_row() -> None:
    skill = new_skill()
    script(skill, "no", "two weeks", "my left calf")
    skill.end_of_input()
    assert skill.outcome is not None
    assert all(item.label != "Answered by" for item in skill.outcome.summary.items)


def test_a_carers_he_cant_breathe_still_escalates() -> None:
    """The red-flag reading does not change when someone answers for another person."""
    for first in ("I'm answering for my dad", "im asking for my mum", "im answering for my friend"):
        skill = new_skill()
        events = script(skill, first, "no", "two weeks")
        events = skill.hear("he cant breathe")
        assert isinstance(events[0], Emergency), first
        assert "breathing" in events[0].red_flags


def test_the_proxy_statement_with_a_red_flag_escalates_first() -> None:
    skill = new_skill()
    skill.start()
    events = skill.hear("im answering for my dad and he cant breathe")
    assert isinstance(events[0], Emergency) and "breathing" in events[0].red_flags
    assert not any(isinstance(e, Say) and "ask about" in e.text for e in events)


def test_a_yes_to_the_screening_question_speaks_of_him() -> None:
    events = script(new_skill(), "I'm answering for my dad", "yes")
    [emergency] = [e for e in events if isinstance(e, Emergency)]
    assert "You said he has one of these warning signs right now." in emergency.text
    assert isinstance(events[-2], OutcomeEvent)


def test_a_yes_to_one_sign_for_her_escalates() -> None:
    events = script(new_skill(), "im asking for my mum", "maybe", "yes")
    assert any(isinstance(e, Emergency) for e in events)


def test_the_emergency_names_his_sight() -> None:
    skill = new_skill()
    script(skill, "I'm answering for my dad", "no", "two weeks")
    events = skill.hear("his vision suddenly went blurry")
    [emergency] = [e for e in events if isinstance(e, Emergency)]
    assert "a sudden change in his sight" in emergency.text
    assert "your sight" not in emergency.text


@pytest.mark.parametrize(("reason", "said"), [
    ("you have thyroid disease", "{he} has thyroid disease"),
    ("you noticed weakness", "{he} noticed weakness"),
    ("it gets in the way of your daily activities", "it gets in the way of {his} daily activities"),
    ("you are coming off a benzodiazepine, which can cause twitching",
     "{he} is coming off a benzodiazepine, which can cause twitching"),
    ("you fainted", "{he} fainted"),
    ("you could not move part of your body", "{he} could not move part of {his} body"),
    ("you are worried about it, and a doctor can check it properly",
     "you are worried about it, and a doctor can check it properly"),
    ("it has lasted {duration}", "it has lasted {duration}"),
])
def test_reasons_are_said_of_the_person_answered_for(reason: str, said: str) -> None:
    from dialog.proxy import third_person

    assert third_person(reason) == said


def test_the_outcome_gives_his_reasons() -> None:
    skill = new_skill()
    script(skill, "I'm answering for my dad", "no", "three weeks", "his left calf", "no", "comes and goes",
           "mild", "no", "his grip is weaker", "none", "thyroid disease", "no")
    assert skill.outcome is not None and skill.state == "finished"
    why = next(s.text for s in skill.outcome.sections if s.heading == "Why")
    assert "he noticed weakness" in why and "he has thyroid disease" in why
    assert "you noticed" not in why and "you have" not in why
