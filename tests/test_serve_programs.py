"""The optional Wyoming programs, through the wyoming library's own client: `asr`
(transcribe, then audio, gets a transcript) and `tts` (synthesize gets audio), listed
in `info` only when served."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from wyoming.asr import Transcribe, Transcript
from wyoming.audio import AudioChunk, AudioStart, AudioStop
from wyoming.client import AsyncTcpClient
from wyoming.event import Event
from wyoming.info import Describe, Info
from wyoming.tts import Synthesize

from tests.satellitefixtures import read_pcm, served_audio
from tests.servefixtures import run, served
from tests.speechfixtures import voiced_seconds
from tests.voicefixtures import say  # noqa: F401  (pytest fixture)

pytestmark = pytest.mark.slow

Say = Callable[[str], Path]


async def _describe(host: str, port: int) -> Info:
    async with AsyncTcpClient(host, port) as client:
        await client.write_event(Describe().event())
        reply = await asyncio.wait_for(client.read_event(), 10)
        assert reply is not None
        return Info.from_event(reply)


def test_info_lists_asr_and_tts_only_when_they_are_served() -> None:
    async def go() -> tuple[Info, Info]:
        async with served() as text_only:
            plain = await _describe(text_only.host, text_only.port)
        async with served_audio() as server:
            full = await _describe(server.host, server.port)
        return plain, full

    plain, full = run(go())
    assert plain.asr == [] and plain.tts == [] and plain.handle
    [asr], [tts] = full.asr, full.tts
    assert asr.models[0].languages == ["en"] and tts.voices[0].languages == ["en"]
    assert full.handle[0].name == "twitchcheck"


async def _transcribe(host: str, port: int, path: Path) -> Event | None:
    pcm, rate, channels = read_pcm(path)
    async with AsyncTcpClient(host, port) as client:
        await client.write_event(Transcribe(language="en").event())
        await client.write_event(AudioStart(rate=rate, width=2, channels=channels).event())
        step = 1024 * 2 * channels
        for i in range(0, len(pcm), step):
            await client.write_event(AudioChunk(rate=rate, width=2, channels=channels,
                                                audio=pcm[i:i + step]).event())
        await client.write_event(AudioStop().event())
        return await asyncio.wait_for(client.read_event(), 60)


def test_transcribe_then_audio_gets_the_words_back(say: Say) -> None:
    async def go() -> list[Event | None]:
        async with served_audio() as server:
            return [await _transcribe(server.host, server.port, say(text))
                    for text in ("about two weeks", "i have trouble breathing")]

    replies = run(go(), timeout=180)
    texts = [Transcript.from_event(r).text for r in replies if r is not None and r.type == "transcript"]
    assert texts == ["about two weeks", "i have trouble breathing"], replies
    # A red flag heard here is only text for Home Assistant's pipeline (README): no
    # emergency event, no check started.


def test_synthesize_gets_the_words_back_as_speech() -> None:
    async def go() -> list[Event]:
        async with served_audio() as server, AsyncTcpClient(server.host, server.port) as client:
            await client.write_event(Synthesize(text="How long have you had the twitching?").event())
            events: list[Event] = []
            while not events or events[-1].type != "audio-stop":
                event = await asyncio.wait_for(client.read_event(), 30)
                assert event is not None
                events.append(event)
            return events

    events = run(go())
    assert events[0].type == "audio-start" and events[-1].type == "audio-stop"
    start = AudioStart.from_event(events[0])
    samples = np.frombuffer(b"".join(AudioChunk.from_event(e).audio for e in events[1:-1]), dtype=np.int16)
    assert voiced_seconds(samples, start.rate) > 1.0
