"""Contracts of the audio transports (voice/audio/input.py, voice/audio/output.py):
feed each implementation sound, and check what comes out. The network ones run
against a real asyncio loop; the sound card's are covered in the audio-room tests
(test_audio_in.py, test_audio_out.py, the E2E suites)."""

from __future__ import annotations

import asyncio
import threading
import time
import wave
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from wyoming.audio import AudioChunk
from wyoming.event import Event

from voice.audio.clip import Clip
from voice.audio.input import AudioInput
from voice.audio.network import (
    LEAD_SECONDS,
    AudioFormatIn,
    NetworkInput,
    NetworkOutput,
    Outbox,
)
from voice.audio.output import AudioOutput, AudioOutputError, Playback
from voice.audio.sources import FilesSource


def tone(rate: int, seconds: float, hz: float = 440.0, channels: int = 1) -> np.ndarray:
    t = np.arange(int(rate * seconds)) / rate
    mono = (8000 * np.sin(2 * np.pi * hz * t)).astype(np.int16)
    return np.repeat(mono[:, None], channels, axis=1).reshape(-1) if channels > 1 else mono


def drain_turn(source: AudioInput, limit: float = 10.0) -> bytes:
    """Everything one listening turn hands out, until its end (None)."""
    out = bytearray()
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        chunk = source.read()
        if chunk is None:
            return bytes(out)
        out += chunk
    raise AssertionError("the turn never ended")


def peak_hz(pcm: bytes, rate: int = 16000) -> float:
    x = np.frombuffer(pcm, dtype=np.int16).astype(np.float64)
    return float(np.argmax(np.abs(np.fft.rfft(x))) * rate / len(x))


# ------------------------------------------------------------------ inputs


def test_files_source_gives_16k_mono_turn_by_turn(tmp_path: Path) -> None:
    path = tmp_path / "a.wav"
    with wave.open(str(path), "wb") as w:
        w.setnchannels(2)
        w.setsampwidth(2)
        w.setframerate(48000)
        w.writeframes(tone(48000, 1.0, channels=2).tobytes())
    source = FilesSource([path])
    assert isinstance(source, AudioInput)
    assert source.start_turn()
    pcm = drain_turn(source)
    assert len(pcm) / 2 / 16000 == pytest.approx(1.0 + 1.2, abs=0.05)  # the file, then its pause
    assert peak_hz(pcm[:32000]) == pytest.approx(440, abs=3)
    assert source.seconds == pytest.approx(len(pcm) / 32000)
    assert not source.start_turn()  # no more files: closed


@pytest.mark.parametrize(("rate", "channels", "width"), [(16000, 1, 2), (22050, 2, 2), (48000, 2, 2),
                                                         (44100, 1, 4), (8000, 1, 1)])
def test_network_input_turns_any_format_into_16k_mono(rate: int, channels: int, width: int) -> None:
    source = NetworkInput()
    assert isinstance(source, AudioInput)
    samples = tone(rate, 1.0, channels=channels)
    raw = {2: samples.astype("<i2").tobytes(),
           4: (samples.astype("<i4") << 16).tobytes(),
           1: ((samples >> 8) + 128).astype(np.uint8).tobytes()}[width]
    fmt = AudioFormatIn(rate=rate, width=width, channels=channels)
    step = int(0.03 * rate) * width * channels  # a satellite's 30 ms chunks
    for i in range(0, len(raw), step):
        source.push(raw[i:i + step], fmt)
    source.end_utterance()
    assert source.start_turn()
    pcm = drain_turn(source)
    assert len(pcm) == 32000  # one second in, one second out, flushed at the utterance's end
    assert peak_hz(pcm) == pytest.approx(440, abs=3)
    assert source.seconds == pytest.approx(1.0)
    assert source.start_turn()  # an utterance ended, the connection did not


def test_network_input_hands_out_nothing_while_nothing_arrives_and_ends_on_hang_up() -> None:
    source = NetworkInput(read_wait=0.01)
    assert source.read() == b""  # nothing yet: an empty chunk, after about one chunk's wait
    source.hang_up()
    assert source.read() is None
    assert not source.start_turn()


def test_network_input_drops_audio_while_the_skill_speaks_but_keeps_a_hang_up() -> None:
    source = NetworkInput(read_wait=0.01)
    fmt = AudioFormatIn(rate=16000, width=2, channels=1)
    source.push(bytes(3200), fmt)
    source.idle()  # the skill was speaking: its own echo is no answer
    assert source.read() == b""
    source.push(bytes(3200), fmt)
    source.hang_up()
    source.idle()
    source.idle()
    assert not source.start_turn()


def test_network_input_holds_at_most_queue_seconds_for_a_loop_that_fell_behind() -> None:
    source = NetworkInput(queue_seconds=1.0)
    fmt = AudioFormatIn(rate=16000, width=2, channels=1)
    for _ in range(30):
        source.push(bytes(3200), fmt)  # 3 s of 100 ms chunks, nobody reading
    assert source.dropped_seconds == pytest.approx(2.0)


# ------------------------------------------------------------------ outputs


class LoopThread:
    """A connection's event loop on its own thread, with an outbox that records events."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.events: list[tuple[float, Event]] = []
        self.fail = False
        self._thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self._thread.start()

        async def make() -> Outbox:
            async def write(event: Event) -> None:
                if self.fail:
                    raise ConnectionResetError("gone")
                self.events.append((time.monotonic(), event))
            return Outbox(write)

        self.outbox = asyncio.run_coroutine_threadsafe(make(), self.loop).result(5)

    def types(self) -> list[str]:
        return [e.type for _, e in self.events]

    def audio(self) -> np.ndarray:
        return np.frombuffer(b"".join(AudioChunk.from_event(e).audio for _, e in self.events
                                      if e.type == "audio-chunk"), dtype=np.int16)

    def close(self) -> None:
        self.outbox.close()
        asyncio.run_coroutine_threadsafe(self.outbox.flushed(), self.loop).result(5)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(5)
        self.loop.close()


@pytest.fixture
def conn() -> Iterator[LoopThread]:
    c = LoopThread()
    yield c
    c.close()


@pytest.mark.realtime  # how long sending takes, and cuts within 0.1 s, are asserted
def test_network_output_sends_a_clip_whole_at_the_speed_of_speech(conn: LoopThread) -> None:
    output = NetworkOutput(conn.outbox)
    assert isinstance(output, AudioOutput)
    clip = Clip(tone(22050, 1.0), 22050)
    began = time.monotonic()
    playback = output.play(clip)
    assert isinstance(playback, Playback) and playback.is_playing
    assert playback.wait(5) and playback.completed
    took = time.monotonic() - began
    assert took == pytest.approx(1.0, abs=0.15)  # busy for as long as it is heard
    time.sleep(0.05)
    types = conn.types()
    assert types[0] == "audio-start" and types[-1] == "audio-stop"
    assert np.array_equal(conn.audio(), clip.samples)
    first_chunk = next(t for t, e in conn.events if e.type == "audio-chunk")
    last_chunk = [t for t, e in conn.events if e.type == "audio-chunk"][-1]
    # Paced, a little ahead: not all at once, and done about LEAD_SECONDS before the end.
    assert last_chunk - first_chunk == pytest.approx(1.0 - LEAD_SECONDS, abs=0.15)


@pytest.mark.realtime  # how long sending takes, and cuts within 0.1 s, are asserted
def test_network_output_stops_at_once_for_an_emergency(conn: LoopThread) -> None:
    output = NetworkOutput(conn.outbox)
    done: list[Playback] = []
    question = output.play(Clip(tone(22050, 3.0), 22050), on_done=done.append)
    time.sleep(0.5)
    cut_at = time.monotonic()
    emergency = output.play(Clip(tone(22050, 0.5, hz=880), 22050))  # cuts the question
    assert done == [question] and not question.completed
    assert question.ended_at is not None and question.ended_at - cut_at < 0.1
    assert emergency.wait(5) and emergency.completed
    time.sleep(0.05)
    types = conn.types()
    # The question ends with audio-stop before the emergency's audio-start; its audio went
    # out for as long as it played plus the lead, no further.
    assert types.count("audio-start") == 2 and types.count("audio-stop") == 2
    second_start = types.index("audio-start", 1)
    assert types[second_start - 1] == "audio-stop"
    sent = sum(len(AudioChunk.from_event(e).audio) for _, e in conn.events[:second_start]
               if e.type == "audio-chunk") / 2 / 22050
    assert sent < 0.5 + LEAD_SECONDS + 0.15
    start_at = next(t for t, e in conn.events[second_start:] if e.type == "audio-chunk")
    assert start_at - cut_at < 0.1  # the emergency's first chunk left at once


def test_network_output_fails_clearly_once_the_client_is_gone(conn: LoopThread) -> None:
    output = NetworkOutput(conn.outbox)
    conn.fail = True
    playback = output.play(Clip(tone(22050, 1.0), 22050))
    with pytest.raises(AudioOutputError, match="went away"):
        playback.wait(5)
    with pytest.raises(AudioOutputError, match="went away"):
        output.play(Clip(tone(22050, 0.2), 22050))
