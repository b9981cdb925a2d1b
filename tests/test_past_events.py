"""Past events (policy): a red flag that happened and is over, days to a few weeks ago, is
history, not an emergency; a neurological one in the last four weeks is `urgent`; every one
is in the doctor summary in the person's words with its time. The phrasings themselves are
rows of tests/data/redflags_more.jsonl (kind past_weeks)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from dialog.compose import summary_words
from dialog.skill import Skill, SkillConfig
from models.events import Emergency
from tests.harness import converse, new_skill, script
from tests.redflag_cases import escalates, raises_nothing
from voice.summaryfile import markdown, write_summary


@pytest.mark.parametrize(("text", "flag", "when", "within"), [
    ("i fainted last week", "consciousness", "last week", True),
    ("i had the flu last week with a fever", "fever", "last week", True),
    ("threw up at the weekend after a few drinks", "vomiting", "at the weekend", True),
    ("i had a few drinks at the weekend and threw up", "vomiting", "at the weekend", True),
    ("i fainted at a wedding three weeks ago and have been fine since", "consciousness", "three weeks ago", True),
    ("i was sick after a takeaway on saturday but that was it", "vomiting", "on saturday", True),
    ("i fainted last month", "consciousness", "last month", True),           # unsure: within
    ("i had a seizure a few weeks ago", "seizure", "a few weeks ago", True),  # unsure: within
    ("last week my dad fainted", "consciousness", "last week", True),
    ("i had a seizure six weeks ago", "seizure", "six weeks ago", False),
])
def test_a_red_flag_that_is_over_is_a_past_event_not_an_emergency(text: str, flag: str, when: str,
                                                                     within: bool) -> None:
    found = raises_nothing(text)
    (event,) = found.past_events
    assert (event.flag, event.when, event.within_four_weeks) == (flag, when, within)
    assert when in event.words  # the person's own words, with the time


@pytest.mark.parametrize("text", [
    "i fainted yesterday", "i fainted last night", "i fainted this morning", "i fainted earlier",
    "i fainted just now", "i fainted today", "i fainted", "i passed out two hours ago",
    "i have been throwing up since last week", "ive had a fever for the last week",
    "i fainted last week and again this morning", "i had a fever last week and i still have it",
    "the twitch came on a week ago and i passed out", "i keep fainting since last week",
])
def test_recent_ongoing_or_timeless_red_flags_still_escalate(text: str) -> None:
    found = escalates(text)
    assert not {e.flag for e in found.past_events} & set(found.red_flags)


@pytest.mark.parametrize("text", ["i fainted as a child", "i had a seizure years ago", "i fainted last year"])
def test_a_distant_past_stays_history_and_is_no_past_event(text: str) -> None:
    found = raises_nothing(text)
    assert found.history and found.past_events == ()


def answers(other_symptoms: str) -> dict[str, str]:
    return {"duration": "two days", "location": "my right calf", "pattern": "comes and goes", "severity": "mild",
            "triggers": "too much coffee", "other_symptoms": other_symptoms}


def test_a_recent_neurological_event_makes_the_outcome_urgent_with_its_reason_in_plain_words() -> None:
    run = converse(answers("i fainted at a wedding three weeks ago and have been fine since"))
    assert not run.emergencies
    assert run.level == "urgent"
    reason = next(r for r in run.outcome.reasons if r.rule == "recent_neuro_event")
    assert reason.text == "you fainted three weeks ago" and reason.sources == ("policy",)
    assert "because you fainted three weeks ago" in run.outcome.text
    assert "get medical care today" in run.outcome.text.lower()


def test_a_past_event_that_is_not_neurological_is_recorded_and_raises_nothing() -> None:
    run = converse(answers("i had a few drinks at the weekend and threw up"))
    assert not run.emergencies and run.level == "self_care"
    item = run.outcome.summary.items[-1]
    assert item.label == "Earlier warning signs, now over"
    assert item.value == "i had a few drinks at the weekend and threw up"


def test_a_neurological_event_longer_ago_than_four_weeks_is_recorded_only() -> None:
    run = converse(answers("i had a seizure six weeks ago"))
    assert run.level == "self_care"
    assert "six weeks ago" in run.outcome.summary.items[-1].value


def test_every_past_event_is_in_the_spoken_and_written_summary(tmp_path: Path) -> None:
    run = converse({**answers("i blacked out for a few seconds about two weeks ago but nothing since"),
                    "triggers": "i had the flu last week with a fever"})
    assert run.level == "urgent"
    spoken = summary_words(run.outcome.summary)
    assert ("Earlier warning signs, now over: i blacked out for a few seconds about two weeks ago; "
            "i had the flu last week with a fever.") in spoken
    written = markdown(run.outcome, run.skill.session, None)
    assert "i had the flu last week with a fever" in written and "about two weeks ago" in written
    json_file = write_summary(tmp_path / "visit.md", run.outcome, run.skill.session, None)
    text = json_file.read_text()
    assert '"when": "last week"' in text and '"flag": "fever"' in text


def test_a_past_event_stays_in_the_summary_of_a_later_emergency() -> None:
    skill = new_skill()
    events = script(skill, "no", "i fainted last week", "now i cant breathe")
    emergency = next(e for e in events if isinstance(e, Emergency))
    assert emergency.red_flags == ("breathing",)
    assert skill.outcome is not None
    assert any("i fainted last week" in item.value for item in skill.outcome.summary.items)


def test_a_weekday_that_was_yesterday_by_the_date_is_recent_and_escalates() -> None:
    # the harness's today is a Sunday: "on saturday" was yesterday, "on friday" days ago
    skill = new_skill()
    events = script(skill, "no", "i fainted on saturday")
    assert [e.red_flags for e in events if isinstance(e, Emergency)] == [("consciousness",)]
    skill = new_skill()
    events = script(skill, "no", "i fainted on friday")
    assert not any(isinstance(e, Emergency) for e in events)
    assert [(e.flag, e.when) for e in skill.session.past_events] == [("consciousness", "on friday")]
    # on a Wednesday, "on saturday" is days ago
    skill = Skill(config=SkillConfig(today=date(2026, 11, 25)))
    assert not any(isinstance(e, Emergency) for e in script(skill, "no", "i fainted on saturday"))


def test_each_past_event_is_kept_once() -> None:
    skill = new_skill()
    script(skill, "no", "two weeks i fainted last week", "my calf", "i fainted last week")
    assert [(e.flag, e.when) for e in skill.session.past_events] == [("consciousness", "last week")]


def test_the_answers_used_here_raise_nothing_by_themselves() -> None:
    run = converse(answers("no"))
    assert run.level == "self_care"
    assert all(item.label != "Earlier warning signs, now over" for item in run.outcome.summary.items)
