"""Helpers for the end-to-end tests: the real `twitchcheck` in the virtual audio room.

A `SpokenRun` starts the audio room's recorder on the virtual speaker, starts
`twitchcheck --jsonl` as a separate process on the default devices, and plays a
patient's answers (Piper speech WAVs) into the virtual microphone each time the
skill says it is listening. It returns every event, the exit code, stderr and
the speaker recording. The `room` fixture is in tests/conftest.py.

Nothing here asserts on latencies: the null sink's timing varies with load and
with how the speaker opens its streams, so tests check order and presence.
"""

from __future__ import annotations

import itertools
import json
import os
import queue
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from tests.audioroom import AudioRoom
from tests.cli import command
from tests.speechfixtures import Recording, read_wav

SPEECH_WPM = 400
FAST = ["--rate", str(SPEECH_WPM)]
"""The fastest rate keeps the suite short; only the patient's (Piper) speech is recognized."""

Event = dict[str, object]
Answer = Path | None
"""A WAV to play into the microphone, or None: say nothing this turn."""


# ---------------------------------------------------------------- scripts



NO_TO_THE_REST = ("multiple_locations", "daily_impact", "other_symptoms", "medications",
                  "conditions", "triggers")
"""The questions a patient with nothing more to report answers "no"."""
OVER_ANSWER = "about three weeks in my left calf and it comes and goes"
"""Fills duration, location and pattern at once (fewer questions, a shorter suite)."""

def doctor_answers(say: Callable[[str], Path]) -> dict[str | None, list[Answer]]:
    """A person whose twitching should be seen by a doctor, every question answered:
    the answers of the whole spoken check on every transport (sound card, satellite)."""
    answers: dict[str | None, list[Answer]] = {
        "screening": [say("no")],
        "duration": [say(OVER_ANSWER)],
        "pattern": [say("it comes and goes")],  # only asked if part of the over-answer was misheard
        "location": [say("my left calf")],
        "severity": [say("mild")],
    }
    answers.update({slot: [say("no")] for slot in NO_TO_THE_REST})
    return answers


class Patient:
    """What the patient says at each `listening` event, per slot, in order.

    The last answer for a slot is said again if the skill asks once more (a
    misheard word leads to a reprompt; a person would simply answer again).
    """

    def __init__(self, answers: Mapping[str | None, Sequence[Answer]]) -> None:
        self._answers = {slot: list(items) for slot, items in answers.items()}
        self.said: list[tuple[str | None, Answer]] = []

    def answer(self, slot: str | None) -> Answer:
        items = self._answers.get(slot)
        if not items:
            return None
        item = items.pop(0) if len(items) > 1 else items[0]
        self.said.append((slot, item))
        return item


@dataclass
class SpokenResult:
    events: list[Event]
    received: list[float]
    """`time.monotonic()` in this process when each event's line arrived."""
    returncode: int | None
    stderr: str
    speaker: Recording | None
    speaker_started: float
    plays: list[tuple[float, str | None, Path]] = field(default_factory=list)
    mic_busy: list[bool] = field(default_factory=list)
    """Per event: was an answer still being played into the microphone when it arrived?"""

    def of(self, kind: str, **match: object) -> list[Event]:
        return [e for e in self.events if e["type"] == kind
                and all(e.get(k) == v for k, v in match.items())]

    def index(self, predicate: Callable[[Event], bool], start: int = 0) -> int:
        for i in range(start, len(self.events)):
            if predicate(self.events[i]):
                return i
        raise AssertionError(f"no such event after #{start}:\n{self.describe()}")

    def outcome(self) -> Event:
        outcomes = self.of("outcome")
        assert outcomes, f"no outcome:\n{self.describe()}"
        return outcomes[-1]

    def describe(self) -> str:
        """The conversation as a person would follow it, for assertion messages."""
        lines = []
        for e in self.events:
            if e["type"] == "heard" and not e["final"]:
                continue
            detail = e.get("text") or e.get("slot") or e.get("reason") or ""
            lines.append(f"  {e['type']:<10} {e.get('slot') or '':<18} {str(detail)[:100]}")
        return "\n".join(lines) + f"\n  exit {self.returncode}\n  stderr: {self.stderr[-1500:]}"


def _read_lines(stream: object, out: queue.Queue[tuple[float, str | None]]) -> None:
    for line in stream:  # type: ignore[attr-defined]
        out.put((time.monotonic(), line))
    out.put((time.monotonic(), None))


def run_spoken(room: AudioRoom | None, patient: Patient, *args: str, env: dict[str, str] | None = None,
               stdin: str | None = None, timeout: float = 180,
               interrupt_after: Callable[[list[Event]], bool] | None = None,
               on_event: Callable[[Event, AudioRoom | None], None] | None = None,
               record: bool = True, interrupt_with: int = signal.SIGINT) -> SpokenResult:
    """Run `twitchcheck --jsonl ARGS` and answer it by voice until it exits.

    `interrupt_after(events)` true → Ctrl-C (SIGINT, or `interrupt_with`) is sent, as a
    person would to leave the skill lingering after an emergency message.
    """
    recorder: subprocess.Popen[bytes] | None = None
    wav = Path(tempfile.mkdtemp(prefix="twitchcheck-e2e-")) / "speaker.wav"
    started = time.monotonic()
    if room is not None and record:
        recorder = room.record_speaker(wav)
        time.sleep(1.0)  # the null sink drops part of the recorder's first block
    proc = subprocess.Popen(command() + ["--jsonl", *args], env=env or (room.env if room else None),
                            stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if stdin is not None:
        assert proc.stdin is not None
        proc.stdin.write(stdin)
        proc.stdin.close()
    lines: queue.Queue[tuple[float, str | None]] = queue.Queue()
    threading.Thread(target=_read_lines, args=(proc.stdout, lines), daemon=True).start()
    stderr_chunks: list[str] = []
    threading.Thread(target=lambda: stderr_chunks.extend(proc.stderr), daemon=True).start()  # type: ignore[arg-type]

    result = SpokenResult([], [], None, "", None, started)
    players: list[subprocess.Popen[bytes]] = []
    interrupted = False
    deadline = time.monotonic() + timeout
    try:
        while True:
            try:
                at, line = lines.get(timeout=max(0.1, deadline - time.monotonic()))
            except queue.Empty:
                raise AssertionError(f"twitchcheck did not finish in {timeout} s:\n{result.describe()}")
            if line is None:
                break
            event: Event = json.loads(line)
            result.events.append(event)
            result.received.append(at)
            result.mic_busy.append(any(p.poll() is None for p in players))
            if on_event is not None:
                on_event(event, room)
            if event["type"] == "listening" and room is not None:
                answer = patient.answer(event["slot"])  # type: ignore[arg-type]
                if answer is not None:
                    players.append(room.play_into_mic(answer, wait=False))
                    result.plays.append((time.monotonic(), event["slot"], answer))  # type: ignore[arg-type]
            if not interrupted and interrupt_after is not None and interrupt_after(result.events):
                proc.send_signal(interrupt_with)
                interrupted = True
        result.returncode = proc.wait(timeout=max(1.0, deadline - time.monotonic()))
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        for player in players:
            if player.poll() is None:
                player.kill()
                player.wait()
        if recorder is not None:
            time.sleep(2.0)  # what was played last is still in the null sink's block
            recorder.send_signal(signal.SIGINT)
            try:
                recorder.wait(timeout=10)
            except subprocess.TimeoutExpired:
                recorder.kill()
                recorder.wait()
        time.sleep(0.1)  # let the stderr reader take the last lines
        result.stderr = "".join(stderr_chunks)
    if recorder is not None and wav.exists() and wav.stat().st_size > 44:
        result.speaker = read_wav(wav)
    return result


# ---------------------------------------------------------------- speaker audio

SPEECH_RMS = 300.0
FRAME_SECONDS = 0.02


def loud_frames(recording: Recording, threshold: float = SPEECH_RMS) -> np.ndarray:
    """One bool per 20 ms frame: louder than quiet room noise (the null sink has none)."""
    frame = int(recording.rate * FRAME_SECONDS)
    n = len(recording.samples) // frame
    frames = recording.samples[: n * frame].astype(np.float64).reshape(n, frame)
    return np.sqrt((frames ** 2).mean(axis=1)) > threshold


def voiced_seconds(recording: Recording, start: float = 0.0, end: float | None = None) -> float:
    loud = loud_frames(recording)
    a = int(start / FRAME_SECONDS)
    b = len(loud) if end is None else int(end / FRAME_SECONDS)
    return float(loud[max(0, a):b].sum()) * FRAME_SECONDS


def silent_gaps(recording: Recording, at_least: float) -> list[tuple[float, float]]:
    """(start, length) of every silence of `at_least` seconds between two stretches of sound."""
    loud = loud_frames(recording)
    idx = np.flatnonzero(loud)
    if len(idx) < 2:
        return []
    gaps: list[tuple[float, float]] = []
    for a, b in itertools.pairwise(idx):
        length = (b - a - 1) * FRAME_SECONDS
        if length >= at_least:
            gaps.append((float((a + 1) * FRAME_SECONDS), float(length)))
    return gaps


def spoken_words(events: Sequence[Event]) -> int:
    """How many words the skill said aloud (what a speaker recording should hold)."""
    spoken = ("say", "ask", "confirm", "outcome", "emergency", "control")
    return sum(len(str(e.get("text", "")).split()) for e in events if e["type"] in spoken)


# ---------------------------------------------------------------- events


def is_final_heard(event: Event) -> bool:
    return event["type"] == "heard" and bool(event["final"])


def is_partial_heard(event: Event) -> bool:
    return event["type"] == "heard" and not event["final"]


def speech_spoken_after_emergency(events: list[Event]) -> bool:
    """The skill listens again (for "repeat") only once the emergency message has been said."""
    seen = False
    for event in events:
        if event["type"] == "emergency":
            seen = True
        elif seen and event["type"] == "listening":
            return True
    return False


def no_sound_env(**extra: str) -> dict[str, str]:
    """No reachable sound server (and this machine has no sound card)."""
    runtime = tempfile.mkdtemp(prefix="twitchcheck-nosound-")
    return dict(os.environ, PULSE_SERVER="unix:/nonexistent/pulse/native",
                XDG_RUNTIME_DIR=runtime, PULSE_RUNTIME_PATH=runtime, **extra)


def jsonl(text: str) -> list[Event]:
    return [json.loads(line) for line in text.splitlines() if line.strip().startswith("{")]
