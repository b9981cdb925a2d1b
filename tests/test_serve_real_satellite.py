"""The real wyoming-satellite program (1.0.0, nobody on the project wrote it) between the
virtual audio room and `twitchcheck serve --satellite`: the satellite records the room's
microphone with `parecord` and plays what twitchcheck says with `paplay` on the room's
speaker, which the test records. The Piper patient speaks into the room.

wyoming-satellite pins wyoming 1.4.1, so it runs from its own virtual environment
(`.venv-satellite`, made by `scripts/setup.sh test`). What twitchcheck sent is seen
through the satellite's own `--event-uri` (it forwards every event but audio there)."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from wyoming.event import Event
from wyoming.server import AsyncEventHandler, AsyncServer

from tests.audioroom import AudioRoom
from tests.cli import command
from tests.conftest import REQUIRE_AUDIO
from tests.e2efixtures import FAST, voiced_seconds
from tests.servefixtures import free_port, run, stop
from tests.speechfixtures import read_wav
from tests.voicefixtures import REPO, say  # noqa: F401  (pytest fixture)

pytestmark = [pytest.mark.slow, pytest.mark.realtime]  # five processes between the mouth and the ear: run alone

SATELLITE_PYTHON = Path(os.environ.get("TWITCHCHECK_SATELLITE_PYTHON",
                                       REPO / ".venv-satellite" / "bin" / "python"))
RED_FLAG_SENTENCE = ("it started in my calf two weeks ago and now i cant breathe and my chest feels tight "
                     "and i am really scared about all of it")


@dataclass
class Seen:
    """Events the satellite forwarded to its event service, with their arrival times."""

    events: list[tuple[float, Event]] = field(default_factory=list)
    changed: asyncio.Event = field(default_factory=asyncio.Event)

    def skill_events(self) -> list[dict[str, Any]]:
        return [e for _, event in self.events if event.type == "handled"
                for e in event.data.get("context", {}).get("events", [])]

    def first(self, test: Callable[[dict[str, Any]], bool]) -> float | None:
        for at, event in self.events:
            if event.type == "handled" and any(test(e) for e in event.data["context"]["events"]):
                return at
        return None

    def story(self) -> str:
        return "\n".join(f"{e.get('type')}: {e.get('text', e.get('slot', ''))}" for e in self.skill_events())

    async def wait_for(self, test: Callable[[dict[str, Any]], bool], timeout: float) -> float:
        deadline = time.monotonic() + timeout
        while (at := self.first(test)) is None:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"timed out; the satellite passed on:\n{self.story()}")
            self.changed.clear()
            try:
                await asyncio.wait_for(self.changed.wait(), left)
            except TimeoutError:
                pass
        return at


class Collector(AsyncEventHandler):
    def __init__(self, seen: Seen, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.seen = seen

    async def handle_event(self, event: Event) -> bool:
        self.seen.events.append((time.monotonic(), event))
        self.seen.changed.set()
        return True


def satellite_command(port: int, events_port: int) -> list[str]:
    """wyoming-satellite as its README runs it, with the room's devices as microphone and speaker."""
    return [str(SATELLITE_PYTHON), "-m", "wyoming_satellite", "--name", "room",
            "--uri", f"tcp://127.0.0.1:{port}", "--no-zeroconf",
            "--mic-command", "parecord --raw --format=s16le --rate=16000 --channels=1 --device=mic",
            "--snd-command", "paplay --raw --format=s16le --rate=22050 --channels=1 --device=spk",
            "--snd-command-rate", "22050",
            "--event-uri", f"tcp://127.0.0.1:{events_port}"]


@pytest.fixture
def satellite_python() -> Path:
    if not SATELLITE_PYTHON.exists():
        message = f"wyoming-satellite is not installed at {SATELLITE_PYTHON}: run scripts/setup.sh test"
        if REQUIRE_AUDIO:
            pytest.fail(message + " (TWITCHCHECK_REQUIRE_AUDIO=1)")
        pytest.skip(message)
    return SATELLITE_PYTHON


@pytest.fixture
def processes() -> Iterator[list[subprocess.Popen[bytes]]]:
    started: list[subprocess.Popen[bytes]] = []
    try:
        yield started
    finally:
        for proc in reversed(started):
            stop(proc)


def test_a_real_wyoming_satellite_carries_the_check_and_the_emergency_while_the_person_talks(
        room: AudioRoom, say: Callable[[str], Path], satellite_python: Path, tmp_path: Path,
        processes: list[subprocess.Popen[bytes]]) -> None:
    opening, no, red_flag = say("check my twitching"), say("no"), say(RED_FLAG_SENTENCE)
    red_flag_seconds = len(read_wav(red_flag).samples) / read_wav(red_flag).rate
    recording = tmp_path / "speaker.wav"
    satellite_port, events_port, serve_port = free_port(), free_port(), free_port()
    serve_log = tmp_path / "serve.log"

    async def go() -> tuple[Seen, float, float, float]:
        seen = Seen()
        events = AsyncServer.from_uri(f"tcp://127.0.0.1:{events_port}")
        await events.start(partial(Collector, seen))
        recorder = room.record_speaker(recording)
        try:
            recorded_from = time.monotonic()
            # twitchcheck first: the satellite is not up yet, so it retries until it is.
            with serve_log.open("wb") as log:
                processes.append(subprocess.Popen(
                    command() + ["serve", "--uri", f"tcp://127.0.0.1:{serve_port}", "--asr", "pocketsphinx", *FAST,
                                 "--satellite", f"tcp://127.0.0.1:{satellite_port}"],
                    stdout=subprocess.DEVNULL, stderr=log, env={**os.environ, **room.env}))
            deadline = time.monotonic() + 60
            while "cannot reach the satellite" not in serve_log.read_text():
                assert time.monotonic() < deadline and processes[0].poll() is None, serve_log.read_text()
                await asyncio.sleep(0.2)
            processes.append(subprocess.Popen(satellite_command(satellite_port, events_port),
                                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                              env=room.env))
            deadline = time.monotonic() + 60
            while not any(event.type == "run-satellite" for _, event in seen.events):
                assert time.monotonic() < deadline, serve_log.read_text()
                await asyncio.sleep(0.2)
            await asyncio.sleep(1.0)
            # Speech in the room starts the check: the first question is spoken in the room.
            await asyncio.to_thread(room.play_into_mic, opening)
            asked_at = await seen.wait_for(lambda e: e.get("type") == "listening", 120)
            await asyncio.sleep(0.3)
            await asyncio.to_thread(room.play_into_mic, no)
            await seen.wait_for(lambda e: e.get("type") == "listening" and e.get("slot") == "duration", 60)
            await asyncio.sleep(0.3)
            started = time.monotonic()
            player = room.play_into_mic(red_flag, wait=False)
            await seen.wait_for(lambda e: e.get("type") == "emergency", 60)
            await asyncio.to_thread(player.wait, 60)
            # paplay exits once its sound has gone into the microphone: the person has stopped.
            # It exits 1.6 s after `started + red_flag_seconds` in every run measured (its start-up
            # and buffering), so that sum ends the sentence while the person is still talking.
            stopped = time.monotonic()
            finished = started + red_flag_seconds
            await asyncio.sleep(3.0)  # the message goes on after the person stops
            return seen, recorded_from, asked_at, finished, stopped
        finally:
            await events.stop()
            recorder.send_signal(signal.SIGINT)  # ends the WAV properly
            await asyncio.to_thread(recorder.wait, 10)

    seen, recorded_from, asked_at, finished, stopped = run(go(), timeout=300)
    story = seen.story()
    speaker = read_wav(recording)
    # The greeting and the first question were heard in the room, before the person answered.
    assert voiced_seconds(speaker, 0.0, asked_at - recorded_from) > 2.0, story
    # "no" said into the room was understood (PocketSphinx may hear "nope"), and the next question came.
    events = seen.skill_events()
    heard = [str(e.get("text")) for e in events if e.get("type") == "heard" and e.get("final", True)]
    assert heard and heard[0].split()[0] in ("no", "nope"), story
    asked = [e.get("slot") for e in events if e.get("type") == "ask"]
    assert asked[:2] == ["screening", "duration"], story
    emergency = [e for e in seen.skill_events() if e.get("type") == "emergency"]
    assert emergency and emergency[0]["red_flags"] == ["breathing"], story
    # The emergency was raised before the sentence's length had gone by from the moment it was
    # started, and its message was heard in the room while the person was still talking.
    emergency_at = seen.first(lambda e: e.get("type") == "emergency")
    assert emergency_at is not None and emergency_at < finished, (emergency_at, finished)
    heard_before_end = voiced_seconds(speaker, emergency_at - recorded_from, stopped - recorded_from)
    assert heard_before_end > 0.3, (heard_before_end, story)
    print(f"emergency event {finished - emergency_at:.2f} s before the sentence's length had gone by, "
          f"{stopped - emergency_at:.2f} s before the person stopped; "
          f"{heard_before_end:.2f} s of it heard in the room by then")
    assert "connected to the satellite" in serve_log.read_text()
