"""The five people of issue 15, each in a whole conversation, and what each one notices.

The conversations are those of scripts/personas.py (which prints them for the issue's note):
the anxious person with an eyelid twitch, the runner whose calves twitch more and more, the
carer answering for her father, the person who answers vaguely, and the screen-reader user.
They run through the real `twitchcheck --text --jsonl` process (the screen-reader user through
`--text`, as typed); what a voice would say is the speech form of the same text
(`speakable`, used by the sound card's speech and by serve's text for a Wyoming client).
"""

from __future__ import annotations

import re

import pytest

from dialog.language.speakable import speakable
from models.events import Confirm, Emergency
from scripts.personas import (
    ANXIOUS,
    CARER,
    PERSONAS,
    RUNNER,
    SCREEN_READER,
    VAGUE,
    Persona,
    main,
)
from tests.cli import JsonlSession, run
from tests.harness import new_skill, script

Turn = tuple[str | None, list[dict]]
DATE = re.compile(r"^Date: (Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday) \d{1,2} [A-Z][a-z]+ \d{4}$",
                  re.MULTILINE)
LABEL_VALUE = re.compile(r"^[A-Z][^:|#*\[\]{}]*: \S")


def talk(persona: Persona, *extra: str) -> tuple[list[Turn], int]:
    """The persona's conversation through the machine mode: each line with the events it
    brought, until the check ends; the lines after the end ("more", "summary") share the last turn."""
    session = JsonlSession(*extra)
    turns: list[Turn] = [(None, session.read_until_waiting())]
    rest: list[str] = []
    for said in persona.says:
        if rest or any(e["type"] == "end" for e in turns[-1][1]):
            rest.append(said)
            continue
        turns.append((said, session.say(said)))
    assert session.proc.stdin is not None
    session.proc.stdin.write("".join(line + "\n" for line in rest))
    before = len(session.events)
    code = session.close()
    turns.append((" / ".join(rest), session.events[before:]))
    return turns, code


def reply_to(turns: list[Turn], said: str) -> list[dict]:
    return next(events for line, events in turns if line == said)


def texts(events: list[dict], *types: str) -> list[str]:
    return [e["text"] for e in events if e["type"] in types]


def asked(turns: list[Turn]) -> list[str]:
    return [e["text"] for _, events in turns for e in events if e["type"] == "ask"]


def summary_said(turns: list[Turn]) -> str:
    [summary] = [e["text"] for e in turns[-1][1] if e["type"] == "say" and e["kind"] == "summary"]
    return summary


def rows(summary: str, first: str, count: int) -> list[str]:
    """`count` lines of the plain-text summary from the line `first`."""
    lines = summary.splitlines()
    at = lines.index(first)
    return lines[at:at + count]


def said_aloud_number_right(text: str) -> None:
    """The emergency number shown as "911" and said digit by digit."""
    assert "911" in text
    spoken = speakable(text)
    assert "nine one one" in spoken and "911" not in spoken and "hundred" not in spoken, spoken


# ---------------------------------------------------------------- the anxious person: eyelid, worried it is ALS

@pytest.fixture(scope="module")
def anxious() -> tuple[list[Turn], int]:
    return talk(ANXIOUS)


def test_anxious_hears_the_worry_acknowledged_kindly_and_the_question_again(anxious: tuple[list[Turn], int]) -> None:
    turns, code = anxious
    reply = reply_to(turns, "I'm really worried it could be ALS")
    said = texts(reply, "say", "confirm", "ask")
    assert said[0].startswith("I can hear that you're worried, and that's understandable."), said
    assert not any(text.startswith(("Good", "Okay.", "Noted")) for text in said), "no cold acknowledgement"
    assert reply[-1]["type"] == "ask" and reply[-1]["slot"] == "duration", "the duration is asked again"
    assert not any("unknown" in text for text in said)
    assert texts(reply_to(turns, "about a week"), "confirm") == ["A week, got it."]
    assert code == 0


def test_anxious_is_told_why_and_the_summary_keeps_the_worry(anxious: tuple[list[Turn], int]) -> None:
    turns, _ = anxious
    [outcome] = [e for _, events in turns for e in events if e["type"] == "outcome"]
    assert outcome["level"] == "doctor"
    assert "you are worried about it" in outcome["text"]
    assert "Call emergency services" in outcome["text"], "the safety net is said"
    summary = summary_said(turns)
    assert DATE.search(summary) and re.search(r"^Time: \d\d:\d\d", summary, re.MULTILINE)
    assert "Concern: worried it may be serious" in summary
    assert rows(summary, "Where: left eyelid", 2) == ["Where: left eyelid", "In their words: \u201cmy left eyelid\u201d"]
    assert rows(summary, "Recent triggers: caffeine and poor sleep", 2)[1] == \
        "In their words: \u201clots of coffee and not much sleep\u201d"


# ---------------------------------------------------------------- the runner: both calves, worse, weaker

@pytest.fixture(scope="module")
def runner() -> tuple[list[Turn], int]:
    return talk(RUNNER)


def test_runner_hears_both_calves_once_and_is_not_asked_if_it_is_in_more_than_one_place(
        runner: tuple[list[Turn], int]) -> None:
    turns, code = runner
    assert texts(reply_to(turns, "both calves"), "confirm") == ["Both calves, got it."]
    assert "Is it in more than one place?" not in asked(turns)
    assert texts(reply_to(turns, "no, just the calves"), "confirm") == ["Okay, more than one place."]
    everything = " ".join(e.get("text", "") for _, events in turns for e in events)
    assert "calfs" not in everything and "as unknown" not in everything
    assert code == 0


def test_runner_is_told_the_weakness_first(runner: tuple[list[Turn], int]) -> None:
    turns, _ = runner
    [outcome] = [e for _, events in turns for e in events if e["type"] == "outcome"]
    assert outcome["level"] == "doctor"
    why = outcome["text"]
    assert why.index("weakness") < why.index("muscle looks smaller") and "two months" not in why.split("Meanwhile")[0]
    more = [e["text"] for e in turns[-1][1] if e["type"] == "say" and e["kind"] == "info"]
    assert more and "getting worse" in more[0] and "two months" in more[0]


def test_runner_summary_rows(runner: tuple[list[Turn], int]) -> None:
    summary = summary_said(runner[0])
    assert rows(summary, "Where: both calves", 2)[1] == "In their words: \u201cboth calves\u201d"
    assert rows(summary, "More than one place: yes", 2)[1] == "In their words: \u201cno, just the calves\u201d"
    assert rows(summary, "Other symptoms: weakness and a muscle getting smaller", 2)[1] == \
        "In their words: \u201cmy left calf feels weaker and looks a bit smaller\u201d"
    assert rows(summary, "Severity: moderate, getting worse", 2)[1] == \
        "In their words: \u201cmoderate, and it's getting worse\u201d"
    reasons = [line for line in summary.splitlines() if line.startswith("Reason: ")]
    assert reasons[0].startswith("Reason: weakness") and "three days" in reasons[-1]


def test_a_runner_unsure_of_anywhere_else_still_has_both_calves() -> None:
    """A "don't know" or an unclear reply to "anywhere else as well?" after "both calves" is not
    "I'll note ... as unknown": two places were named."""
    for replies in (("i dont know",), ("umm well", "blah blah")):
        skill = new_skill()
        events = script(skill, "no", "two months", "both calves", *replies)
        assert "Okay, more than one place." in [e.text for e in events if isinstance(e, Confirm)], replies
        assert not any("unknown" in getattr(e, "text", "") for e in events), replies
        assert skill.session.answers["multiple_locations"].value.value is True  # type: ignore[union-attr]


# ---------------------------------------------------------------- the carer answering for her father

@pytest.fixture(scope="module")
def carer(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Turn], int, str]:
    target = tmp_path_factory.mktemp("carer") / "visit.md"
    turns, code = talk(CARER, "--summary", str(target))
    return turns, code, target.with_suffix(".txt").read_text()


def test_carer_hears_questions_about_him(carer: tuple[list[Turn], int, str]) -> None:
    turns, _, _ = carer
    assert texts(reply_to(turns, "I'm answering for my dad"), "say")[0] == "Thank you. I'll ask about your dad."
    questions = asked(turns)
    assert questions[1].startswith("First, is he having trouble breathing")
    assert "How long has he had the twitching?" in questions and "Where does he feel it?" in questions
    assert "Is it getting in the way of his daily activities?" in questions
    assert not any(re.search(r"\byou(r)?\b", q) for q in questions[1:]), questions


def test_carer_hears_the_emergency_first_with_the_number_said_right(carer: tuple[list[Turn], int, str]) -> None:
    turns, code, _ = carer
    reply = reply_to(turns, "he slurred his words a bit this morning, but it seems ok now")
    assert reply[0]["type"] == "emergency", "nothing before the emergency"
    assert not any(e["type"] == "ask" for e in reply), "no more questions"
    emergency = reply[0]
    assert emergency["head"] == "This may be a medical emergency. Call emergency services now, on 911."
    assert emergency["number"] == "911" and "trouble speaking" in emergency["text"]
    said_aloud_number_right(emergency["text"])
    assert speakable(emergency["head"]).endswith("Call emergency services now, on nine one one.")
    assert texts(turns[-1][1], "say") == [emergency["text"]], "what follows is answered with the emergency again"
    assert code == 4


def test_carer_summary_says_who_answered_and_keeps_the_red_flag_sentence(carer: tuple[list[Turn], int, str]) -> None:
    _, _, summary = carer
    assert DATE.search(summary) and "Result: emergency" in summary
    assert "Answered by: someone else, for their dad" in summary
    assert rows(summary, "Warning sign: trouble speaking", 5) == [
        "Warning sign: trouble speaking",
        "In their words: \u201che slurred his words a bit this morning, but it seems ok now\u201d",
        "Time they gave: this morning",
        "Said when asked: Any other symptoms, such as weakness, a muscle getting smaller, or numbness?",
        "Said after the emergency message: \u201cokay, I'm calling them now\u201d",
    ]
    question = "Question: First, is he having trouble breathing, swallowing or speaking, any confusion, fainting, " \
               "a seizure, or a sudden change in his vision right now?"
    assert rows(summary, question, 3)[1:] == ["Warning signs right now: no", "In their words: \u201cno\u201d"], \
        "the screening answer stands under the question about him that it answered"
    assert "Question: How long has he had the twitching?" in summary
    assert "unknown (no answer)" not in summary


# ---------------------------------------------------------------- the person who answers vaguely

@pytest.fixture(scope="module")
def vague() -> tuple[list[Turn], int]:
    return talk(VAGUE)


def test_vague_maybe_gets_the_signs_one_at_a_time(vague: tuple[list[Turn], int]) -> None:
    turns, code = vague
    reply = reply_to(turns, "maybe")
    assert texts(reply, "say") == ["Let me ask about the warning signs one at a time. Please say yes or no."]
    assert reply[-1]["text"] == "Are you having trouble breathing right now?"
    assert not any(e["type"] == "emergency" for _, events in turns for e in events)
    assert code == 0


def test_vague_answers_are_asked_again_or_read_as_meant(vague: tuple[list[Turn], int]) -> None:
    turns, _ = vague
    unsure = reply_to(turns, "sorta, not rly")
    assert unsure[-1]["type"] == "ask" and unsure[-1]["slot"] == "daily_impact", "asked again, not taken as yes"
    assert not any("gets in the way" in text for text in texts(unsure, "confirm"))
    assert texts(reply_to(turns, "not really, maybe some stress at work"), "confirm") == ["Noted: stress."]
    assert texts(reply_to(turns, "asthma i guess"), "confirm") == ["Noted: asthma."]


def test_vague_summary_lists_the_signs_one_by_one_in_their_words(vague: tuple[list[Turn], int]) -> None:
    summary = summary_said(vague[0])
    assert "Warning signs right now: no, asked one sign at a time" in summary
    assert rows(summary, "Sign 3: Any trouble speaking right now?", 3)[1:] == [
        "Sign 3 answer: no", "Sign 3 in their words: \u201cnot really\u201d"]
    assert len(re.findall(r"^Sign \d answer: no$", summary, re.MULTILINE)) == 6
    assert rows(summary, "Question: Does it stop you doing everyday things, like work, sleep or getting dressed?", 3)[1:] \
        == ["Affects daily activities: no", "In their words: \u201cno\u201d"], "the clear no, under the question it answered"
    assert rows(summary, "Medical conditions: asthma", 2)[1] == "In their words: \u201casthma i guess\u201d"
    assert rows(summary, "Recent triggers: stress", 2)[1] == \
        "In their words: \u201cnot really, maybe some stress at work\u201d"


@pytest.mark.parametrize("hedge", ["kinda", "sort of", "maybe"])
def test_vague_hedge_to_one_sign_escalates(hedge: str) -> None:
    events = script(new_skill(), "maybe", "no", hedge)
    assert any(isinstance(e, Emergency) for e in events), hedge


# ---------------------------------------------------------------- the screen-reader user (typed)

@pytest.fixture(scope="module")
def screen_reader() -> tuple[str, int]:
    result = run(["--text"], stdin="".join(line + "\n" for line in SCREEN_READER.says))
    return result.stdout.decode(), result.returncode


def test_screen_reader_reads_type_or_say_and_nothing_to_trip_over(screen_reader: tuple[str, int]) -> None:
    out, code = screen_reader
    assert code == 0 and out.rstrip().endswith("Goodbye. Take care.")
    assert "\x1b" not in out
    assert "Type or say no, or yes and where else, for example: yes, my right thigh too." in out
    assert not re.search(r"\bsay\b", out.replace("type or say", "").replace("Type or say", "")
                         .replace("You said", "").replace("you said", "")), "every 'say' reads 'type or say'"
    assert not re.search(r"\(s\)|[\[\]{}<>]|\b[a-z]+_[a-z_]+\b", out), "no brackets or internal ids"


def test_screen_reader_summary_is_label_value_lines(screen_reader: tuple[str, int]) -> None:
    out, _ = screen_reader
    summary = out.split("Summary for a doctor: muscle twitching", 1)[1].split("Goodbye.")[0]
    lines = [line for line in summary.splitlines() if line]
    assert lines and all(LABEL_VALUE.match(line) for line in lines), [l for l in lines if not LABEL_VALUE.match(l)]
    assert DATE.search(summary)
    assert rows(summary, "Where: left thumb", 2)[1] == "In their words: \u201cmy left thumb\u201d"


def test_screen_reader_hears_the_emergency_first_on_the_first_line() -> None:
    """The greeting and the first question are printed before anything is typed; the reply to
    a first line with a red flag is the emergency, first and alone."""
    result = run(["--text"], stdin="check my twitching, I can't breathe\n")
    lines = [line for line in result.stdout.decode().splitlines() if line.strip()]
    first_question = next(i for i, line in enumerate(lines) if line.startswith("First, are you having"))
    reply = lines[first_question + 1:]
    assert reply[0].startswith("EMERGENCY: This may be a medical emergency. Call emergency services now, on 911.")
    assert len(reply) == 1 and "trouble breathing" in reply[0], reply
    said_aloud_number_right(reply[0])
    assert result.returncode == 4


# ---------------------------------------------------------------- the note

def test_the_note_prints_each_transcript_and_summary(capsys: pytest.CaptureFixture[str]) -> None:
    main()
    out = capsys.readouterr().out
    assert out.count("Summary for a doctor: muscle twitching") >= len(PERSONAS)
    for persona in PERSONAS:
        part = out.split(persona.name, 1)[1].split("=" * 78 + "\nPersona", 1)[0]
        assert "Transcript" in part and "Summary for a doctor (plain text)" in part
        assert all(said in part for said in persona.says if said), persona.name
    assert "said aloud: This may be a medical emergency. Call emergency services now, on nine one one." in out
