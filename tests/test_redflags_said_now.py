"""Emergencies said in ways the detector missed at stop 17: a seizure as British and Irish
callers say it ("he is fitting"), the emergency room said short ("the er"), a statement after a
whole question ("what should i do he is fitting"), and another person's red flag said in the
present after their illness is named ("my mum has had a stroke and cant talk")."""

from __future__ import annotations

import pytest

from dialog.text import normalize
from tests.redflag_cases import escalates, raises_nothing


@pytest.mark.parametrize(("text", "flag"), [
    ("what should i do he is fitting", "seizure"),
    ("she keeps fitting", "seizure"),
    ("he is still fitting", "seizure"),
    ("i need to go to the er", "help"),
    ("take me to the er now", "help"),
    ("what do i do shes not breathing properly", "breathing"),
    ("what can i do my husband cant speak", "speech"),
    ("my mum has had a stroke and cant talk", "speech"),
    ("my mum had a stroke and cant talk", "speech"),
    ("my dad had a stroke and cant move his arm", "paralysis"),
])
def test_said_now_escalates(text: str, flag: str) -> None:
    escalates(text, flag)


@pytest.mark.parametrize("text", [
    "hes fitting the new boiler today",
    "the dress is fitting nicely",
    "i am fitting in well at work",
    "he is fitting a kitchen",
    "what should i do if he has a seizure",
    "what do i do if she faints",
    "my mum had a stroke and couldnt talk",
    "my mum used to faint a lot",
])
def test_not_said_as_now_does_not_escalate(text: str) -> None:
    raises_nothing(text)


def test_er_after_the_or_to_is_the_emergency_room_and_elsewhere_a_hesitation() -> None:
    assert normalize("take me to the ER") == "take me to the er"
    assert normalize("er i think two weeks") == "i think two weeks"
    assert normalize("it started er last week") == "it started last week"


@pytest.mark.parametrize("text", [
    "double vision i have not",
    "breath problem i dont have it",
    "vomiting i never had with this",
    "dizziness hasnt been an issue",
    "dizziness is not there at all",
    "dizzy no not at all",
    "fever no",
    "seizure no never",
    "breathing isnt easy to describe",
])
def test_a_symptom_named_first_and_then_denied_does_not_escalate(text: str) -> None:
    raises_nothing(text)


@pytest.mark.parametrize(("text", "flag"), [
    ("breathing isnt easy", "breathing"),
    ("breathing is not that easy at the moment", "breathing"),
    ("swallowing i havent been able to", "swallowing"),
    ("talking is not easy for him", "speech"),
    ("breathing i cant", "breathing"),
    ("my speech is not right", "speech"),
    ("vomiting yes", "vomiting"),
    ("dizzy and no i cant stand up", "dizziness"),
])
def test_a_symptom_named_first_and_then_said_as_hard_escalates(text: str, flag: str) -> None:
    escalates(text, flag)


@pytest.mark.parametrize(("text", "flag"), [("nae bother but i cannae breathe", "breathing"),
                                            ("i cannae swallow", "swallowing"), ("he couldnae move his arm", "paralysis")])
def test_scots_cannae_is_cant(text: str, flag: str) -> None:
    escalates(text, flag)
