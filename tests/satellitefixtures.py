"""A satellite played by the wyoming library's own client: the Piper patient's WAV files
streamed as `audio-chunk` events at the speed of speech, and everything the service
sends back recorded with the time it arrived."""

from __future__ import annotations

import asyncio
import time
import wave
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
from wyoming.audio import AudioChunk, AudioStart, AudioStop
from wyoming.client import AsyncTcpClient
from wyoming.event import Event
from wyoming.server import AsyncServer

from tests.e2efixtures import SPEECH_WPM, Answer, Patient
from tests.harness import TODAY
from tests.servefixtures import free_port
from voice.asr.model import EngineChoice, recognizer_factory
from voice.endpoint import EndpointConfig
from voice.frontends.agent import TextService
from voice.frontends.serve.command import package_version
from voice.frontends.serve.handler import Gate, TextHandler, describe
from voice.frontends.serve.programs import SpeechPrograms
from voice.frontends.serve.satellite import SpokenService, SpokenSettings

CHUNK_SECONDS = 0.03
"""What a satellite's microphone sends per event (wyoming-satellite: 1024 samples at 16 kHz)."""


@dataclass
class SpokenServer:
    host: str
    port: int
    spoken: SpokenService
    gate: Gate


@asynccontextmanager
async def served_audio(*, max_audio: int = 4, record_dir: Path | None = None,
                       read_timeout: float = 60.0, barge_in: bool = False) -> AsyncIterator[SpokenServer]:
    """`twitchcheck serve` with satellite audio (PocketSphinx, which needs no download)."""
    port = free_port()
    service = TextService(clock=time.monotonic, today=lambda: TODAY)
    settings = SpokenSettings(
        make_recognizer=recognizer_factory(EngineChoice(engine="pocketsphinx")), make_skill=service.new_skill,
        use_grammar=False, trust_confidence=False, emergency_number="911",
        endpoint=EndpointConfig(silence_seconds=0.7, no_speech_seconds=8.0), record_dir=record_dir,
        rate=SPEECH_WPM, barge_in=barge_in)  # the fastest speech keeps the suite short, as FAST does for the sound card
    spoken = SpokenService(settings, limit=max_audio)
    programs = SpeechPrograms(settings.make_recognizer, voice=None, limit=max_audio)
    gate = Gate(256)
    server = AsyncServer.from_uri(f"tcp://127.0.0.1:{port}")
    await server.start(partial(TextHandler, service=service, info=describe(package_version(), speech=True),
                               gate=gate, read_timeout=read_timeout, spoken=spoken, programs=programs))
    try:
        yield SpokenServer("127.0.0.1", port, spoken, gate)
    finally:
        for session in list(spoken.sessions):
            session.hang_up()
        await server.stop()
        for session in list(spoken.sessions):
            await asyncio.to_thread(session.join, 10)


def read_pcm(path: Path) -> tuple[bytes, int, int]:
    with wave.open(str(path), "rb") as w:
        assert w.getsampwidth() == 2
        return w.readframes(w.getnframes()), w.getframerate(), w.getnchannels()


@dataclass
class Received:
    event: Event
    at: float


@dataclass
class Satellite:
    """One connection; `events` is everything received, in order, with arrival times."""

    client: AsyncTcpClient
    events: list[Received] = field(default_factory=list)
    closed: asyncio.Event = field(default_factory=asyncio.Event)
    changed: asyncio.Event = field(default_factory=asyncio.Event)
    sent_stops: list[float] = field(default_factory=list)

    async def _read(self) -> None:
        try:
            while (event := await self.client.read_event()) is not None:
                self.events.append(Received(event, time.monotonic()))
                self.changed.set()
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            self.closed.set()
            self.changed.set()

    async def wait_for(self, test: Callable[[list[Received]], bool], timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while not test(self.events):
            if self.closed.is_set():
                raise AssertionError(f"the connection closed first; received: {self.story()}")
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"timed out; received: {self.story()}")
            self.changed.clear()
            try:
                await asyncio.wait_for(self.changed.wait(), left)
            except TimeoutError:
                pass

    # what came back --------------------------------------------------------------------
    def skill_events(self) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for r in self.events:
            if r.event.type == "handled":
                out += r.event.data.get("context", {}).get("events", [])
        return out

    def story(self) -> str:
        lines = []
        for e in self.skill_events():
            lines.append(f"{e.get('type')}: {e.get('text', e.get('slot', ''))}")
        errors = [r.event.data.get("text") for r in self.events if r.event.type == "error"]
        return "\n".join(lines + [f"error: {t}" for t in errors])

    def listening_count(self) -> int:
        return sum(1 for e in self.skill_events() if e.get("type") == "listening")

    def speech(self) -> list[tuple[float, float, np.ndarray, int]]:
        """Each clip sent back: (audio-start arrival, audio-stop arrival, samples, rate)."""
        clips: list[tuple[float, float, np.ndarray, int]] = []
        start, rate = 0.0, 0
        parts: list[bytes] = []
        for r in self.events:
            if r.event.type == "audio-start":
                start, rate, parts = r.at, int(r.event.data["rate"]), []
            elif r.event.type == "audio-chunk":
                parts.append(AudioChunk.from_event(r.event).audio)
            elif r.event.type == "audio-stop":
                clips.append((start, r.at, np.frombuffer(b"".join(parts), dtype=np.int16), rate))
        return clips

    def first_index(self, test: Callable[[Event], bool]) -> int:
        return next(i for i, r in enumerate(self.events) if test(r.event))

    # speaking --------------------------------------------------------------------------
    async def start(self, rate: int = 16000, channels: int = 1, width: int = 2) -> None:
        await self.client.write_event(AudioStart(rate=rate, width=width, channels=channels).event())

    async def speak(self, path: Path, *, rate: int | None = None, channels: int = 1,
                    pause_after: float = 1.0) -> None:
        """Stream a WAV (resampled/duplicated by sox beforehand if asked) at the speed of
        speech, then `pause_after` s of silence, then `audio-stop`."""
        pcm, file_rate, file_channels = read_pcm(path)
        rate = rate or file_rate
        assert rate == file_rate and channels == file_channels, "convert the file first"
        frame = 2 * channels
        pcm += bytes(int(pause_after * rate) * frame)
        step = int(CHUNK_SECONDS * rate) * frame
        await self.start(rate, channels)
        begun = time.monotonic()
        for n, i in enumerate(range(0, len(pcm), step)):
            await self.client.write_event(AudioChunk(rate=rate, width=2, channels=channels,
                                                     audio=pcm[i:i + step]).event())
            delay = begun + (n + 1) * CHUNK_SECONDS - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
        self.sent_stops.append(time.monotonic())
        await self.client.write_event(AudioStop().event())


@asynccontextmanager
async def satellite(server: SpokenServer) -> AsyncIterator[Satellite]:
    async with AsyncTcpClient(server.host, server.port) as client:
        sat = Satellite(client)
        reader = asyncio.create_task(sat._read())
        try:
            yield sat
        finally:
            reader.cancel()


async def answer_each_question(sat: Satellite, patient: Patient | Mapping[str | None, Sequence[Answer]], *,
                               convert: Callable[[Path], tuple[Path, int, int]] | None = None,
                               timeout: float = 90.0) -> None:
    """Play the patient (tests/e2efixtures.py's, as on the sound card): at each `listening`
    event, say its answer for the slot (after a short pause, as a person does); stop once
    the check is over."""
    if not isinstance(patient, Patient):
        patient = Patient(patient)
    said = 0
    while True:
        await sat.wait_for(lambda _: sat.listening_count() > said or over(sat), timeout)
        if over(sat):
            return
        said += 1
        slot = [e for e in sat.skill_events() if e.get("type") == "listening"][said - 1].get("slot")
        path = patient.answer(slot)
        if path is None:
            raise AssertionError(f"no answer for {slot}: {sat.story()}")
        await asyncio.sleep(0.3)
        if convert is not None:
            path, rate, channels = convert(path)
            await sat.speak(path, rate=rate, channels=channels)
        else:
            await sat.speak(path)


def over(sat: Satellite) -> bool:
    return any(e.get("type") in ("outcome", "emergency", "end") for e in sat.skill_events())
