"""After the outcome (issue 15, item 12): the outcome says "Say more for the rest, or summary
for a summary to show a doctor", so "more" and "summary" must be answered, in machine mode,
in the typed check and in `serve`, until the input (or the conversation) ends."""

from __future__ import annotations

import json
import subprocess

from tests.cli import run
from tests.servefixtures import run as run_async
from tests.servefixtures import say, served, whole_check

ANSWERS = ["no", "two days", "my eyelid", "no", "comes and goes", "mild", "no", "no", "no", "no", "coffee"]
SERVE_ANSWERS = {"screening": "no", "duration": "two days", "location": "my eyelid",
                 "multiple_locations": "no", "pattern": "comes and goes", "severity": "mild",
                 "daily_impact": "no", "other_symptoms": "no", "medications": "none",
                 "conditions": "no", "triggers": "coffee"}


def events_of(result: subprocess.CompletedProcess[bytes]) -> list[dict]:
    return [json.loads(line) for line in result.stdout.decode().splitlines() if line.strip()]


def lines(*said: str) -> str:
    return "\n".join(said) + "\n"


def test_jsonl_answers_more_and_summary_after_the_outcome_until_the_input_ends() -> None:
    result = run(["--text", "--jsonl"], stdin=lines(*ANSWERS, "more", "summary", "repeat"))
    events = events_of(result)
    outcome = next(e for e in events if e["type"] == "outcome")
    assert "Say more for the rest, or summary" in outcome["text"], "what the outcome promises"
    after = events[events.index(outcome) + 1:]
    assert after[0] == {"type": "end", "reason": "finished"}
    more, summary, repeat = after[1:]
    assert more["kind"] == "info" and more["text"] == outcome["more"]
    # the typed check shows the written summary: "Label: value" lines
    assert summary["kind"] == "summary" and summary["text"].startswith("Summary for a doctor: muscle twitching")
    assert "\nDuration: two days\n" in summary["text"]
    assert repeat["kind"] == "repeat" and repeat["text"] == outcome["text"]
    assert result.returncode == 0, "the outcome's exit code, whatever was asked after it"


def test_a_red_flag_after_the_outcome_still_gets_the_emergency_message() -> None:
    result = run(["--text", "--jsonl"], stdin=lines(*ANSWERS, "summary", "now i cant breathe"))
    events = events_of(result)
    assert [e["type"] for e in events][-3:] == ["emergency", "outcome", "end"]
    assert events[-1]["reason"] == "emergency" and result.returncode == 4


def test_text_mode_offers_more_and_summary_and_an_empty_line_finishes() -> None:
    result = run(["--text"], stdin=lines(*ANSWERS, "summary", "", "more"))
    out = result.stdout.decode()
    assert result.returncode == 0
    offer = out.index("Type more, summary or repeat, or press Enter on an empty line to finish.")
    assert out.index("Result: Self-care.") < offer
    summary = out.index("Summary for a doctor: muscle twitching")
    assert "\nWarning signs right now: no\n" in out[summary:]
    assert offer < summary < out.index("Goodbye. Take care.")
    assert out.rstrip().endswith("Goodbye. Take care."), "the empty line ended it: 'more' was not read"
    assert "Also:" not in out


def test_text_mode_piped_answers_end_with_one_goodbye() -> None:
    out = run(["--text"], stdin=lines(*ANSWERS)).stdout.decode()
    assert out.count("Goodbye. Take care.") == 1 and out.rstrip().endswith("Goodbye. Take care.")


def test_serve_answers_more_and_summary_after_the_outcome_with_the_same_conversation_id() -> None:
    async def go():
        async with served() as s:
            check = await whole_check(s.host, s.port, "after", SERVE_ANSWERS)
            more = await say(s.host, s.port, "more", "after")
            summary = await say(s.host, s.port, "summary", "after")
            return check, more, summary

    check, more, summary = run_async(go())
    outcome = [e for e in check.events if e["type"] == "outcome"][-1]
    assert "Say more for the rest, or summary" in outcome["text"]
    assert more.type == "handled" and more.data["text"] == outcome["more"]
    assert summary.type == "handled" and summary.data["text"].startswith("Summary for a doctor.")
    assert [e["kind"] for e in summary.data["context"]["events"]] == ["summary"]
    assert summary.data["context"]["continue_conversation"] is False
