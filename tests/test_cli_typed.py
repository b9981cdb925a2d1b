"""The typed conversation and machine mode, run as a real process."""

from __future__ import annotations

import json
import signal
import subprocess
import time
from collections import Counter
from pathlib import Path

import pytest

from tests.cli import JsonlSession, command, run
from tests.harness import load_jsonl

VIGNETTES = load_jsonl("vignettes.jsonl")
REDFLAGS = load_jsonl("redflags.jsonl")


def run_vignette_jsonl(answers: dict[str, str]) -> tuple[list[dict], int]:
    session = JsonlSession()
    asked: Counter[str] = Counter()
    new = session.read_until_waiting()
    while new and new[-1]["type"] == "ask":
        slot = new[-1]["slot"]
        asked[slot] += 1
        new = session.say(answers.get(slot, "no") if asked[slot] == 1 else "i dont know")
    return session.events, session.close()


@pytest.mark.parametrize("vignette", VIGNETTES, ids=[v["id"] for v in VIGNETTES])
def test_vignette_through_jsonl(vignette: dict) -> None:
    events, code = run_vignette_jsonl(vignette["answers"])
    outcomes = [e for e in events if e["type"] == "outcome"]
    assert outcomes and outcomes[-1]["level"] == vignette["expect"], vignette["why"]
    expected_code = 4 if vignette["expect"] == "emergency" else 0
    assert code == expected_code
    if vignette["expect"] == "emergency":
        emergency = next(e for e in events if e["type"] == "emergency")
        assert emergency["red_flags"] and "Call emergency services now" in emergency["text"]


def test_detect_prints_one_json_line_per_utterance_with_expected_flags() -> None:
    text = "\n".join(example["text"] for example in REDFLAGS) + "\n"
    result = run(["detect"], stdin=text)
    assert result.returncode == 0, result.stderr.decode()
    lines = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert len(lines) == len(REDFLAGS)
    wrong = [(ex["text"], ex["expect"], got["red_flags"]) for ex, got in zip(REDFLAGS, lines)
             if set(ex["expect"]) != set(got["red_flags"]) or ex["text"] != got["text"]]
    assert not wrong


def test_detect_prints_the_own_alarm_ids_and_past_events() -> None:
    result = run(["detect"], stdin="call an ambulance\ni think im having a stroke\ni have chest pain\n"
                                   "i fainted three weeks ago\nhelp\n")
    assert result.returncode == 0, result.stderr.decode()
    lines = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert [line["red_flags"] for line in lines] == [["help"], ["emergency_named"], ["chest"], [], []]
    assert lines[3]["past_events"] == [{"flag": "consciousness", "words": "i fainted three weeks ago",
                                        "when": "three weeks ago", "neurological": True,
                                        "within_four_weeks": True}]
    assert all("past_events" not in line for line in lines[:3] + lines[4:])


def test_jsonl_emergency_for_a_plea_says_what_was_heard() -> None:
    session = JsonlSession()
    session.read_until_waiting()
    events = session.say("please ring an ambulance for me")
    emergency = next(e for e in events if e["type"] == "emergency")
    assert emergency["red_flags"] == ["help"]
    assert emergency["rest"].startswith("You asked for an ambulance.")
    assert session.close() == 4


def test_detect_survives_garbage() -> None:
    result = run(["detect"], stdin=b"\xff\xfe\x00garbage\n\n" + b"x" * 200_000 + b"\ni cant breathe\n")
    assert result.returncode == 0
    lines = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert lines[-1]["red_flags"] == ["breathing"]
    assert all(line["red_flags"] == [] for line in lines[:-1])


def test_text_mode_prints_clean_lines_for_pipes_and_screen_readers() -> None:
    answers = "no\ntwo days\nmy left eyelid\nno\ncomes and goes\nmild\nno\nno\nnone\nno\nlots of coffee\n"
    result = run(["--text"], stdin=answers)
    out = result.stdout.decode()
    assert result.returncode == 0, result.stderr.decode()
    assert "\x1b" not in out, "no colour or control codes when output is not a terminal"
    assert "not a diagnosis or medical advice" in out
    assert "How long have you had the twitching?" in out
    assert "Result: Self-care." in out
    assert "Cut down on caffeine" in out
    assert "Summary for a doctor" in out
    assert "Traceback" not in result.stderr.decode()


def test_end_of_input_mid_conversation_gives_what_is_known() -> None:
    result = run(["--text"], stdin="no\nthree weeks\n")
    out = result.stdout.decode()
    assert result.returncode == 3
    assert "not finished" in out and "Result: See a doctor." in out


def test_bad_input_lines_are_handled_and_nothing_is_lost() -> None:
    garbage = b"\n   \n" + b"z" * 150_000 + b"\n\xff\xfe\x80\x81\n\x00\x01binary\x02\n"
    stdin = b"no\n" + garbage + b"two weeks\n"
    result = run(["--text", "--jsonl"], stdin=stdin)
    events = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert "Traceback" not in result.stderr.decode()
    outcome = next(e for e in events if e["type"] == "outcome")
    duration = next(i for i in outcome["summary"]["items"] if i["label"] == "Duration")
    assert "two weeks" in duration["value"] or duration["value"] == "unknown, not understood"
    assert result.returncode == 3


def test_jsonl_partial_results_escalate_and_invalid_json_is_reported() -> None:
    stdin = ('{"text": "it started in my calf", "final": false}\n'
             '{"text": oops}\n'
             '{"text": "it started in my calf and now i cant breathe", "final": false}\n')
    result = run(["--text", "--jsonl"], stdin=stdin)
    events = [json.loads(line) for line in result.stdout.decode().splitlines()]
    types = [e["type"] for e in events]
    assert "error" in types
    assert types.index("emergency") > types.index("error")
    assert next(e for e in events if e["type"] == "emergency")["red_flags"] == ["breathing"]
    assert result.returncode == 4


def test_emergency_number_option() -> None:
    result = run(["--text", "--jsonl", "--emergency-number", "112"], stdin="i cant breathe\n")
    emergency = next(json.loads(l) for l in result.stdout.decode().splitlines() if '"emergency"' in l)
    assert "112" in emergency["text"] and emergency["number"] == "112"


def test_summary_file_is_written_as_markdown_and_json(tmp_path: Path) -> None:
    target = tmp_path / "visit.md"
    answers = "no\nthree weeks\nmy left calf\nno\ncomes and goes\nmild\nno\nno\nnone\nno\nno\n"
    result = run(["--text", "--summary", str(target)], stdin=answers)
    assert result.returncode == 0
    markdown = target.read_text()
    assert "summary for a doctor" in markdown.lower() and "| Duration | three weeks | \u201cthree weeks\u201d |" in markdown
    data = json.loads((tmp_path / "visit.json").read_text())
    assert data["outcome"]["level"] == "doctor"


def test_ctrl_c_ends_with_outcome_and_no_traceback() -> None:
    proc = subprocess.Popen(command() + ["--text"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write(b"no\nthree weeks\n")
    proc.stdin.flush()
    # Ctrl-C while it waits for the next answer: wait for that question rather than a fixed
    # time (a loaded machine took longer than 1.5 s to start), and keep stdin open so that the
    # signal, not the end of input, ends the check.
    seen = b""
    deadline = time.monotonic() + 60
    while b"Where do you feel it" not in seen and time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        seen += line
    proc.send_signal(signal.SIGINT)
    proc.wait(timeout=20)
    out, err = seen + proc.stdout.read(), proc.stderr.read() if proc.stderr else b""
    proc.stdin.close()
    assert proc.returncode == 130
    assert b"Traceback" not in err
    assert b"not finished" in out and b"See a doctor" in out


def test_usage_error_has_meaningful_exit_code() -> None:
    result = run(["--no-such-option"])
    assert result.returncode == 2
    assert b"usage" in result.stderr.lower()


def test_transcript_records_every_event_with_timestamps(tmp_path: Path) -> None:
    transcript = tmp_path / "log.jsonl"
    result = run(["--text", "--transcript", str(transcript)], stdin="no\ni cant breathe\n")
    assert result.returncode == 4
    records = [json.loads(line) for line in transcript.read_text().splitlines()]
    types = [r["event"]["type"] for r in records]
    assert types[:3] == ["say", "say", "ask"] and "emergency" in types and types[-1] == "end"
    assert all("at" in r and "t" in r for r in records)
    assert [r["t"] for r in records] == sorted(r["t"] for r in records)


def test_help_names_every_command_and_each_has_its_own_help() -> None:
    shown = run(["--help"])
    assert shown.returncode == 0
    text = shown.stdout.decode()
    for name in ("serve", "detect", "model"):
        assert f"twitchcheck {name}" in text
        own = run([name, "--help"])
        assert own.returncode == 0 and f"twitchcheck {name}" in own.stdout.decode()
