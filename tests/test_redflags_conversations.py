"""Conversations that once missed an emergency said in the person's own words (issue 6)."""

from __future__ import annotations

from tests.harness import converse


def test_seizure_a_relative_describes_in_the_triggers_answer_escalates() -> None:
    run = converse({
        "duration": "about two weeks",
        "location": "my left calf",
        "triggers": "not really but my wife says last night i went stiff and my arms and legs were jerking"
                    " and i didnt answer her for a minute",
    })
    assert run.emergencies, [e.model_dump() for e in run.events][-3:]
    assert "seizure" in run.emergencies[0].red_flags


def test_inability_to_move_said_in_the_location_answer_escalates() -> None:
    run = converse({
        "duration": "since saturday",
        "location": "it started in my right hand and now i cant get my right arm to do anything at all",
    })
    assert run.emergencies and "paralysis" in run.emergencies[0].red_flags


def test_weakness_said_in_the_duration_answer_escalates_as_inability_to_lift() -> None:
    run = converse({
        "duration": "a few days now and honestly my left arm feels kind of heavy and i cant really lift it",
    })
    assert run.emergencies and "paralysis" in run.emergencies[0].red_flags
