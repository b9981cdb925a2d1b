"""Utterance endpointing on real Piper speech, real silence and low noise."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from voice.audio.capture import read_wav_16k
from voice.endpoint import (
    EndpointConfig,
    Endpointer,
    EnergyVad,
    SegmentEvent,
    SphinxVad,
    UtteranceSegmenter,
)

RATE = 16000


def silence(seconds: float) -> bytes:
    return bytes(int(seconds * RATE) * 2)


def hiss(seconds: float, std: float = 30.0, seed: int = 0) -> bytes:
    """Low steady noise, about -60 dBFS: a quiet room, not digital silence."""
    rng = np.random.default_rng(seed)
    return rng.normal(0, std, int(seconds * RATE)).astype(np.int16).tobytes()


def run(endpointer: Endpointer, audio: bytes, chunk: int = 4000) -> list[SegmentEvent]:
    events = []
    for i in range(0, len(audio), chunk):
        events += endpointer.feed(audio[i:i + chunk])
    return events


@pytest.fixture(scope="module")
def speech(say: Callable[[str], Path]) -> bytes:
    return read_wav_16k(say("i have trouble breathing"))


@pytest.mark.slow
@pytest.mark.parametrize("background", [silence, hiss])
def test_two_utterances_are_found_where_they_are(
        speech: bytes, background: Callable[[float], bytes]) -> None:
    audio = background(1.0) + speech + background(1.5) + speech + background(1.5)
    events = run(Endpointer(), audio)
    assert [e.kind for e in events] == ["speech_start", "speech_end"] * 2
    length = len(speech) / 2 / RATE
    first_start, first_end, second_start, second_end = events
    assert first_start.start == pytest.approx(1.0, abs=0.25)
    # Ends 0.7 s of silence after the words stop, well before the next one.
    assert first_end.at == pytest.approx(1.0 + length + 0.7, abs=0.3)
    assert second_start.start == pytest.approx(2.5 + length, abs=0.25)
    assert second_end.at == pytest.approx(2.5 + 2 * length + 0.7, abs=0.3)


@pytest.mark.slow
def test_short_pause_inside_an_utterance_does_not_end_it(speech: bytes) -> None:
    audio = silence(0.5) + speech + silence(0.3) + speech + silence(1.0)
    kinds = [e.kind for e in run(Endpointer(), audio)]
    assert kinds == ["speech_start", "speech_end"]


@pytest.mark.slow
def test_silence_setting_changes_when_it_ends(speech: bytes) -> None:
    audio = silence(0.5) + speech + silence(3.0)
    quick = run(Endpointer(EndpointConfig(silence_seconds=0.3)), audio)
    patient = run(Endpointer(EndpointConfig(silence_seconds=1.5)), audio)
    assert patient[-1].at - quick[-1].at == pytest.approx(1.2, abs=0.1)


@pytest.mark.slow
def test_very_long_speech_is_cut_at_the_cap(speech: bytes) -> None:
    audio = silence(0.5) + speech * 4 + silence(1.0)
    events = run(Endpointer(EndpointConfig(max_seconds=2.0)), audio)
    assert events[0].kind == "speech_start"
    assert events[1].kind == "max_length"
    start = events[1].start
    assert start is not None and events[1].at - start == pytest.approx(2.0, abs=0.05)


@pytest.mark.slow
@pytest.mark.parametrize("background", [silence, hiss])
def test_no_speech_timeout(background: Callable[[float], bytes]) -> None:
    events = run(Endpointer(EndpointConfig(no_speech_seconds=3.0)), background(7.0))
    assert [e.kind for e in events] == ["no_speech", "no_speech"]
    assert events[0].at == pytest.approx(3.0, abs=0.05)


@pytest.mark.slow
def test_no_speech_timer_does_not_fire_once_speech_started(speech: bytes) -> None:
    audio = silence(2.5) + speech + silence(1.0)
    events = run(Endpointer(EndpointConfig(no_speech_seconds=3.0)), audio)
    assert [e.kind for e in events] == ["speech_start", "speech_end"]


@pytest.mark.slow
def test_energy_vad_can_replace_the_sphinx_vad(speech: bytes) -> None:
    audio = silence(1.0) + speech + silence(1.0)
    kinds = [e.kind for e in run(Endpointer(vad=EnergyVad(-45.0)), audio)]
    assert kinds == ["speech_start", "speech_end"]


def test_frames_are_recut_from_any_chunk_size() -> None:
    ep = Endpointer(vad=SphinxVad())
    sizes = [len(f) for f in ep.frames(bytes(1000))] + [len(f) for f in ep.frames(bytes(1000))]
    assert sizes == [960, 960]  # the 80 bytes left over wait for more


def test_segmenter_logic_without_audio() -> None:
    seg = UtteranceSegmenter(EndpointConfig(speech_seconds=0.09, silence_seconds=0.3,
                                            max_seconds=5.0, no_speech_seconds=None))
    pattern = [False] * 10 + [True] * 2 + [False] * 20 + [True] * 20 + [False] * 12
    events = [(i, e.kind) for i, speech in enumerate(pattern)
              if (e := seg.process(0.03, speech)) is not None]
    # Two frames of "speech" are a click, not an utterance; a lone pause frame is not an end.
    assert events == [(34, "speech_start"), (61, "speech_end")]
