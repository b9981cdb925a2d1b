"""What the summary and the check say, as a person reads them (issues from the session 17
persona run): the summary after an emergency, "source 1", rows no question asked for, an
"I don't know" after "both calves", and "a few weeks" kept as said."""

from __future__ import annotations

import io
import re
from datetime import datetime, timezone

from dialog.compose import summary_text
from dialog.skill import Skill, SkillConfig
from dialog.understand.duration import parse_duration
from models.events import Confirm, OutcomeEvent, Say
from tests.harness import TODAY, script
from voice.frontends.typed import TextWriter, converse
from voice.lines import Piece
from voice.summaryfile import markdown

STARTED = datetime(2026, 11, 22, 9, 41, tzinfo=timezone.utc)
WORRIED = ("no", "I'm really worried it could be ALS", "about a week", "my left eyelid", "no", "comes and goes",
           "mild", "no", "no", "none", "no", "coffee")


def _skill(*, spoken: bool = False) -> Skill:
    return Skill(config=SkillConfig(today=TODAY, started=STARTED, spoken=spoken))


def _typed(*lines: str) -> str:
    """The typed check (`--text`) as it prints, in this process."""
    skill = _skill()
    out = io.StringIO()
    writer = TextWriter(out, skill.protocol.messages)
    converse(skill, (Piece(line) for line in lines), writer, prompt=writer.prompt, after_outcome=writer.after_outcome)
    return out.getvalue()


# ---------------------------------------------------------------- 1. "summary" after an emergency

def test_summary_after_an_emergency_gives_the_emergency_message_then_the_summary() -> None:
    out = _typed("no", "two weeks", "i cant breathe", "summary")
    after = out[out.index("EMERGENCY: "):]
    message = "This may be a medical emergency. Call emergency services now, on 911."
    assert after.count(message) == 2, "the emergency message, then again before the summary"
    assert after.index(message, 1) < after.index("Summary for a doctor: muscle twitching")
    assert "Duration: two weeks" in after and "Result: emergency" in after


def test_summary_after_an_emergency_spoken_and_the_command_is_not_taken_as_their_words() -> None:
    skill = _skill(spoken=True)
    script(skill, "no", "two weeks", "i cant breathe")
    assert skill.emergency is not None
    said = skill.hear("summary")
    assert [e.kind for e in said if isinstance(e, Say)] == ["repeat", "summary"]
    assert said[0].text == skill.emergency.text  # type: ignore[union-attr]
    assert "Duration: two weeks." in said[1].text  # type: ignore[union-attr]
    skill.hear("okay im calling them now")
    skill.hear("repeat")
    assert skill.outcome is not None
    [raised] = skill.outcome.summary.alarms
    assert raised.after == ("okay im calling them now",), "'summary' and 'repeat' asked the check; they say nothing"


def test_anything_else_after_an_emergency_still_gives_only_the_emergency_message() -> None:
    skill = _skill()
    script(skill, "no", "i cant breathe")
    assert skill.emergency is not None
    for said in ("more", "repeat", "what now"):
        assert [(e.kind, e.text) for e in skill.hear(said) if isinstance(e, Say)] == \
            [("repeat", skill.emergency.text)], said


# ---------------------------------------------------------------- 2. "source 1", "sources 1, 2"

def test_one_source_reads_source_and_several_read_sources() -> None:
    skill = _skill()
    script(skill, *WORRIED)
    assert skill.outcome is not None
    for text in (summary_text(skill.outcome.summary), markdown(skill.outcome, skill.session, None)):
        assert "(sources 1)" not in text
        assert re.search(r"the person is worried about it \(source \d\)", text), text
        assert re.search(r"twitching for more than three days \(a week\) \(sources \d(, \d)+\)", text), text


# ---------------------------------------------------------------- 3. rows no question asked for

def test_rows_no_question_asked_for_stand_without_a_question_line() -> None:
    skill = _skill()
    script(skill, *WORRIED)
    assert skill.outcome is not None
    lines = summary_text(skill.outcome.summary).splitlines()
    assert "Question: Concern" not in lines
    at = lines.index("Concern: worried it may be serious")
    assert lines[at - 1] == "" and lines[at + 1] == "In their words: \u201cI'm really worried it could be ALS\u201d"

    carer = _skill()
    script(carer, "I'm answering for my dad", "no", "three weeks")
    carer.stop()
    assert carer.outcome is not None
    text = summary_text(carer.outcome.summary)
    assert "Question: Answered by" not in text and "\n\nAnswered by: someone else, for their dad\n" in text


# ---------------------------------------------------------------- 4. "i dont know" after "both calves"

def test_i_dont_know_to_anywhere_else_is_shown_as_not_known_not_as_the_words_for_yes() -> None:
    skill = _skill()
    script(skill, "no", "two months", "both calves", "i dont know", "comes and goes", "mild", "no", "no",
           "none", "none", "no")
    assert skill.outcome is not None
    lines = summary_text(skill.outcome.summary).splitlines()
    at = lines.index("In their words: \u201ci dont know\u201d")
    assert lines[at - 1] == "More than one place: yes (both calves); anywhere else: unknown, did not know"
    assert "twitching in more than one area" in summary_text(skill.outcome.summary), "two places still count"


# ---------------------------------------------------------------- 5. "a few weeks" as said

def test_a_few_weeks_is_said_back_and_written_as_said_not_as_three_weeks() -> None:
    skill = _skill()
    events = script(skill, "no", "a few weeks i guess", "my left eyelid", "no", "comes and goes", "mild", "no",
                    "no", "none", "none", "no")
    assert "A few weeks, got it." in [e.text for e in events if isinstance(e, Confirm)]
    outcome = next(e for e in events if isinstance(e, OutcomeEvent))
    assert outcome.level.value == "doctor", "a few weeks is more than three days however it is read"
    assert "because it has lasted a few weeks" in outcome.text and "three weeks" not in outcome.text
    text = summary_text(outcome.summary)
    assert "Duration: a few weeks, not an exact time" in text and "three weeks" not in text
    assert "twitching for more than three days (a few weeks)" in text


def test_a_count_said_with_a_number_is_still_said_with_it() -> None:
    assert parse_duration("about three weeks").said_as is None  # type: ignore[union-attr]
    assert parse_duration("a couple of weeks").said_as is None  # type: ignore[union-attr]
    several = parse_duration("several days")
    assert several is not None and several.said_as == "several days" and several.days > 3
    joined = parse_duration("a few weeks and two days")
    assert joined is not None and joined.said_as is None and joined.days == 23


# ---------------------------------------------------------------- 6. one wording for a warning sign's facts

def test_the_markdown_and_the_plain_text_give_a_warning_sign_the_same_facts() -> None:
    skill = _skill()
    script(skill, "no", "he slurred his words a bit this morning, but it seems ok now", "okay im calling them")
    assert skill.outcome is not None and skill.emergency is not None
    lines = summary_text(skill.outcome.summary).splitlines()
    at = lines.index("Warning sign: trouble speaking")
    facts = lines[at + 2:at + 5]
    assert [fact.split(": ", 1)[0] for fact in facts] == [
        "Time they gave", "Said when asked", "Said after the emergency message"]
    written = markdown(skill.outcome, skill.session, skill.emergency.text)
    for fact in facts:
        label, value = fact.split(": ", 1)
        assert f"\n  - {label.lower()}: {value}\n" in written, fact
