"""End to end: the spoken check ended by a signal, in the virtual audio room (issue 9, item 6).

SIGTERM and SIGHUP are handled like Ctrl-C: what is known is written (summary,
end of transcript) and the documented exit code is returned; after an emergency
that code stays 4. A signal while the emergency message is still playing ends
the program promptly: the hang seen twice in issue 7 would show as a timeout.
"""

from __future__ import annotations

import json
import signal
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.audioroom import AudioRoom
from tests.e2efixtures import (
    FAST,
    Event,
    Patient,
    run_spoken,
    speech_spoken_after_emergency,
)

pytestmark = pytest.mark.audio

Say = Callable[[str], Path]
RED_FLAG = "it started two weeks ago and now i cant breathe and my chest feels tight"


def transcript_events(path: Path) -> list[dict]:
    return [json.loads(line)["event"] for line in path.read_text().splitlines() if line.strip()]


def emergency_seen(events: list[Event]) -> bool:
    return any(e["type"] == "emergency" for e in events)


# SIGTERM while the emergency message plays, SIGHUP once it was said and the skill waits
# for "repeat" (Ctrl-C is sent at both moments in test_e2e_voice and below).
@pytest.mark.parametrize(("signum", "when"), [(signal.SIGTERM, emergency_seen),
                                              (signal.SIGHUP, speech_spoken_after_emergency)])
def test_signal_after_the_emergency_exits_4_and_writes_the_summary(
        room: AudioRoom, say: Say, tmp_path: Path, signum: int,
        when: Callable[[list[Event]], bool]) -> None:
    summary, transcript, tmp = tmp_path / "visit.md", tmp_path / "log.jsonl", tmp_path / "tmp"
    tmp.mkdir()
    patient = Patient({"screening": [say("no")], "duration": [say(RED_FLAG), None]})
    run = run_spoken(room, patient, "--asr", "pocketsphinx", *FAST, "--summary", str(summary),
                     "--transcript", str(transcript), env={**room.env, "TMPDIR": str(tmp)},
                     interrupt_after=when, interrupt_with=signum, record=False)
    story = run.describe()
    assert run.returncode == 4, story
    assert "Traceback" not in run.stderr, story
    assert "Emergency" in summary.read_text(), story
    assert transcript_events(transcript)[-1]["type"] == "end" or \
        any(e["type"] == "end" for e in transcript_events(transcript))
    assert not list(tmp.glob("twitchcheck-tts-*")), "a temporary speech folder was left behind"


def test_sigterm_mid_spoken_check_writes_what_is_known(room: AudioRoom, say: Say, tmp_path: Path) -> None:
    summary, transcript = tmp_path / "visit.md", tmp_path / "log.jsonl"
    patient = Patient({"screening": [say("no")], "duration": [say("about three weeks")],
                       "location": [None]})

    def at_location(events: list[Event]) -> bool:
        return bool(events) and events[-1]["type"] == "listening" and events[-1]["slot"] == "location"

    run = run_spoken(room, patient, "--asr", "pocketsphinx", *FAST, "--summary", str(summary),
                     "--transcript", str(transcript), interrupt_after=at_location,
                     interrupt_with=signal.SIGTERM, record=False)
    story = run.describe()
    assert run.returncode == 143, story
    assert "Traceback" not in run.stderr, story
    assert "was not finished" in summary.read_text(), story
    events = transcript_events(transcript)
    assert events[-1] == {"type": "end", "reason": "stopped"}, story
    assert any(e["type"] == "outcome" for e in events)


def test_ctrl_c_while_the_emergency_message_plays_ends_promptly(room: AudioRoom, say: Say) -> None:
    patient = Patient({"screening": [say("no")], "duration": [say(RED_FLAG), None]})
    run = run_spoken(room, patient, "--asr", "pocketsphinx", *FAST, interrupt_after=emergency_seen,
                     timeout=90, record=False)
    story = run.describe()
    assert run.returncode == 4, story
    assert "Traceback" not in run.stderr, story
