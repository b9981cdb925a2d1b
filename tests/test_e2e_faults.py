"""End to end: what the person gets when the world is not as it should be.

No microphone, a sound server that goes away mid-session, a damaged speech
model, no speech engine, and a real (Korean) Vosk model that knows none of the
skill's English words. The real `twitchcheck` runs as a separate process; the
checks are what a person would notice: a plain message, an outcome of what is
known, the right exit code, and never a traceback.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.audioroom import AudioRoom
from tests.cli import command
from tests.e2efixtures import (
    FAST,
    Event,
    Patient,
    is_final_heard,
    jsonl,
    no_sound_env,
    run_spoken,
)

pytestmark = pytest.mark.audio

Say = Callable[[str], Path]
EMERGENCY_HEAD = "Call emergency services now"
TYPED_ANSWERS = "no\nabout three weeks in my left calf and it comes and goes\nno\nmild\nno\nno\nno\nno\nno\n"


def twitchcheck(*args: str, env: dict[str, str], stdin: str = "",
                timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*command(), *args], env=env, input=stdin, capture_output=True,
                          text=True, timeout=timeout, check=False)


def no_traceback(proc: subprocess.CompletedProcess[str] | str) -> None:
    text = proc if isinstance(proc, str) else proc.stdout + proc.stderr
    assert "Traceback" not in text, text[-3000:]


# ---------------------------------------------------------------- no microphone


def test_no_microphone_says_so_and_runs_the_typed_check(tmp_path: Path) -> None:
    transcript = tmp_path / "typed.jsonl"
    proc = twitchcheck("--asr", "pocketsphinx", "--transcript", str(transcript),
                       env=no_sound_env(), stdin=TYPED_ANSWERS)
    no_traceback(proc)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    out = proc.stdout
    assert "can't find a working microphone" in out
    assert "by typing" in out
    # The typed check then runs from the keyboard (stdin) to its outcome.
    assert "How long have you had the twitching?" in out
    assert "Result: See a doctor." in out
    assert out.index("microphone") < out.index("How long have you had the twitching?")
    # The transcript goes on in the typed check: the outcome is in it.
    records = [json.loads(line) for line in transcript.read_text().splitlines() if line.strip()]
    assert "outcome" in [record["event"]["type"] for record in records]


# ---------------------------------------------------------------- lost device


def test_sound_server_lost_while_listening_keeps_the_answers(room: AudioRoom, say: Say) -> None:
    def pull_the_plug(event: Event, r: AudioRoom | None) -> None:
        if event["type"] == "listening" and event["slot"] == "multiple_locations" and r is not None:
            r.pactl("exit", check=False)

    patient = Patient({"screening": [say("no")],
                       "duration": [say("about three weeks in my left calf and it comes and goes")],
                       "pattern": [say("it comes and goes")]})
    run = run_spoken(room, patient, "--asr", "pocketsphinx", *FAST, on_event=pull_the_plug,
                     record=False, timeout=120)
    story = run.describe()
    no_traceback(run.stderr)
    assert run.returncode == 5, story
    assert re.search(r"microphone .* stopped working", run.stderr), story
    assert "answers so far are kept" in run.stderr
    assert "twitchcheck --text" in run.stderr
    outcome = run.outcome()
    assert outcome["finished"] is False
    items = {i["label"]: i["value"] for i in outcome["summary"]["items"]}  # type: ignore[index]
    assert any("three weeks" in v for v in items.values()), items
    assert run.of("end")[-1]["reason"] == "end_of_input"


# ---------------------------------------------------------------- speech models


@pytest.fixture(scope="module")
def damaged_models(tmp_path_factory: pytest.TempPathFactory, ko_model_dir: Path) -> dict[str, Path]:
    """An empty folder, and one laid out like a model but with its files cut short."""
    base = tmp_path_factory.mktemp("models")
    empty = base / "empty"
    empty.mkdir()
    junk = base / "junk"
    for folder in ("am", "conf", "graph"):
        (junk / folder).mkdir(parents=True)
    for conf in (ko_model_dir / "conf").iterdir():
        (junk / "conf" / conf.name).write_bytes(conf.read_bytes())
    with (ko_model_dir / "am" / "final.mdl").open("rb") as f:
        (junk / "am" / "final.mdl").write_bytes(f.read(20_000))
    (junk / "graph" / "HCLr.fst").write_bytes(os.urandom(4096))
    (junk / "graph" / "Gr.fst").write_bytes(os.urandom(4096))
    return {"empty": empty, "junk": junk}


@pytest.mark.parametrize("kind", ["empty", "junk"])
def test_vosk_with_a_damaged_model_is_a_clear_fault(damaged_models: dict[str, Path], kind: str,
                                                    say: Say) -> None:
    proc = twitchcheck("--jsonl", "--asr", "vosk", "--model", str(damaged_models[kind]),
                       "--audio-in", str(say("no")), env=no_sound_env())
    no_traceback(proc)
    assert proc.returncode == 5, proc.stderr
    assert str(damaged_models[kind]) in proc.stderr
    assert re.search(r"not a complete Vosk model|damaged", proc.stderr), proc.stderr
    assert not [e for e in jsonl(proc.stdout) if e["type"] == "listening"]


def test_auto_with_a_damaged_model_falls_back_to_pocketsphinx(damaged_models: dict[str, Path],
                                                             say: Say) -> None:
    proc = twitchcheck("--jsonl", "--model", str(damaged_models["junk"]),
                       "--audio-in", str(say("no")), str(say("about two weeks")), env=no_sound_env())
    no_traceback(proc)
    assert "using PocketSphinx" in proc.stderr, proc.stderr
    heard = [e["text"] for e in jsonl(proc.stdout) if is_final_heard(e)]
    assert heard == ["no", "about two weeks"], proc.stderr
    assert proc.returncode == 3  # the files ended before the last question


def test_vosk_for_real_hears_korean_and_survives_english_grammar(ko_model_dir: Path,
                                                                 korean_yes_no: Path) -> None:
    # The skill's grammar words are English, none of them in this model: that must not crash.
    proc = twitchcheck("--jsonl", "--asr", "vosk", "--model", str(ko_model_dir),
                       "--audio-in", str(korean_yes_no), env=no_sound_env(), timeout=180)
    no_traceback(proc)
    assert proc.returncode == 3, proc.stderr[-2000:]
    events = jsonl(proc.stdout)
    heard = " ".join(str(e["text"]) for e in events if e["type"] == "heard")
    assert re.search(r"[\uac00-\ud7a3]", heard), (heard, proc.stderr[-2000:])  # Hangul
    assert [e for e in events if e["type"] == "outcome"]


# ---------------------------------------------------------------- no speech engine


def no_espeak(env: dict[str, str], folder: Path) -> dict[str, str]:
    """espeak-ng cannot be loaded: an empty library shadows the real one."""
    (folder / "libespeak-ng.so.1").write_bytes(b"")
    return dict(env, LD_LIBRARY_PATH=str(folder))


def test_without_a_speech_engine_everything_is_printed_and_the_check_completes(
        room: AudioRoom, say: Say, tmp_path: Path) -> None:
    answers = ["no", "about three weeks in my left calf and it comes and goes", "no", "mild",
               "no", "no", "no", "no", "no"]
    proc = twitchcheck("--asr", "pocketsphinx", "--audio-in", *(str(say(a)) for a in answers),
                       env=no_espeak(room.env, tmp_path))
    no_traceback(proc)
    out = proc.stdout
    assert proc.returncode == 0, out + proc.stderr
    assert "speech output is not working" in out
    for question in ("How long have you had the twitching?", "Is it in more than one place?",
                     "Do you have any other medical conditions?"):
        assert question in out
    assert "Result: See a doctor." in out
    assert "(you said: about three weeks" in out


def test_without_a_speech_engine_the_emergency_message_is_printed(room: AudioRoom, say: Say,
                                                                   tmp_path: Path) -> None:
    proc = twitchcheck("--asr", "pocketsphinx", "--audio-in", str(say("no")),
                       str(say("i have trouble breathing")), env=no_espeak(room.env, tmp_path))
    no_traceback(proc)
    assert proc.returncode == 4, proc.stdout + proc.stderr
    assert "EMERGENCY" in proc.stdout and EMERGENCY_HEAD in proc.stdout, proc.stdout
    assert "911" in proc.stdout
