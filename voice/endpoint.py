"""Where an utterance starts and ends, from a per-frame speech/no-speech decision.

Two layers, after home-assistant's `assist_pipeline/vad.py`:

* `UtteranceSegmenter`: pure timing logic, fed `(frame_seconds, is_speech)`,
  no audio, no threads. It reports `speech_start`, `speech_end` (silence after
  speech), `max_length` (an utterance that would not stop) and `no_speech`
  (nothing said within the timeout). "Speech not understood" is NOT decided
  here: the caller decides it when the recognizer returns empty text for a
  segment that had speech.
* `Endpointer`: cuts arbitrary PCM chunks into 30 ms frames, asks a
  `VoiceActivity` (PocketSphinx's VAD by default, or an energy threshold)
  and feeds the segmenter. Frame times are stream time (samples fed), not
  wall-clock time, so files and microphones behave the same.

After an ending event the segmenter is ready for the next utterance at once,
with a fresh no-speech timer.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass
from enum import Enum
from typing import Literal, Protocol

import numpy as np
from pydantic import BaseModel, ConfigDict

SAMPLE_RATE = 16000
FRAME_SECONDS = 0.03
FRAME_BYTES = int(SAMPLE_RATE * FRAME_SECONDS) * 2


class VoiceActivity(Protocol):
    """Decides speech or not for one frame of `frame_bytes` of 16 kHz int16 PCM."""

    frame_bytes: int
    frame_seconds: float

    def is_speech(self, frame: bytes) -> bool: ...


class SphinxVad:
    """PocketSphinx's WebRTC-style VAD; `mode` 0 (loose) .. 3 (strict).

    Strict by default: the loose modes called steady low hiss (-60 dBFS white
    noise) speech often enough to hold an utterance open for 10 s.
    """

    def __init__(self, mode: int = 3) -> None:
        import pocketsphinx

        self._vad = pocketsphinx.Vad(mode, SAMPLE_RATE, FRAME_SECONDS)
        self.frame_bytes = int(self._vad.frame_bytes)
        self.frame_seconds = float(self._vad.frame_length)

    def is_speech(self, frame: bytes) -> bool:
        return bool(self._vad.is_speech(frame))


class EnergyVad:
    """Speech when a frame's RMS level is above `threshold_dbfs`.

    Crude but engine-free; fine in a quiet room, fooled by steady noise.
    """

    def __init__(self, threshold_dbfs: float = -40.0) -> None:
        self.threshold_dbfs = threshold_dbfs
        self.frame_bytes = FRAME_BYTES
        self.frame_seconds = FRAME_SECONDS

    def is_speech(self, frame: bytes) -> bool:
        samples = np.frombuffer(frame, dtype=np.int16).astype(np.float64)
        if samples.size == 0:
            return False
        rms = math.sqrt(float(np.mean(samples * samples)))
        return 20 * math.log10(max(rms, 1e-9) / 32768) > self.threshold_dbfs


class SegmentState(str, Enum):
    WAITING = "waiting"
    """No speech yet in this utterance."""
    SPEECH = "speech"
    """Inside an utterance (pauses shorter than `silence_seconds` included)."""


EventKind = Literal["speech_start", "speech_end", "max_length", "no_speech"]


class SegmentEvent(BaseModel):
    model_config = ConfigDict(frozen=True)

    kind: EventKind
    at: float
    """Stream time in seconds when it was decided."""
    start: float | None = None
    """For speech events: stream time the speech began (before the start was confirmed)."""


@dataclass
class EndpointConfig:
    speech_seconds: float = 0.12
    """Speech needed (within `reset_seconds`) before an utterance counts as started;
    keeps clicks and breaths from starting one."""
    silence_seconds: float = 0.7
    """Silence after speech that ends the utterance."""
    max_seconds: float = 15.0
    """An utterance is cut here even if the person goes on (or noise never stops)."""
    no_speech_seconds: float | None = 8.0
    """With no utterance started after this long, report `no_speech`; None = wait forever."""
    reset_seconds: float = 0.3
    """Silence that cancels a not-yet-confirmed start."""


class UtteranceSegmenter:
    """Pure timing logic; see the module docstring."""

    def __init__(self, config: EndpointConfig | None = None) -> None:
        self.config = config or EndpointConfig()
        self.now = 0.0
        self.reset()

    def reset(self) -> None:
        """Start waiting for a new utterance; the no-speech timer starts now."""
        self.state = SegmentState.WAITING
        self._wait_started = self.now
        self._candidate_start: float | None = None
        self._candidate_speech = 0.0
        self._candidate_silence = 0.0
        self._speech_start = 0.0
        self._silence = 0.0
        self._run = 0.0

    @property
    def in_speech(self) -> bool:
        return self.state is SegmentState.SPEECH

    def process(self, frame_seconds: float, is_speech: bool) -> SegmentEvent | None:
        """Advance by one frame; returns what happened, if anything."""
        frame_start = self.now
        self.now += frame_seconds
        cfg = self.config
        if self.state is SegmentState.WAITING:
            if is_speech:
                if self._candidate_start is None:
                    self._candidate_start = frame_start
                self._candidate_speech += frame_seconds
                self._candidate_silence = 0.0
                if self._candidate_speech >= cfg.speech_seconds - 1e-9:
                    self.state = SegmentState.SPEECH
                    self._speech_start = self._candidate_start
                    self._silence = self._run = 0.0
                    return SegmentEvent(kind="speech_start", at=self.now, start=self._speech_start)
            else:
                self._candidate_silence += frame_seconds
                if self._candidate_silence >= cfg.reset_seconds - 1e-9:
                    self._candidate_start, self._candidate_speech = None, 0.0
            waited = self.now - self._wait_started
            if (cfg.no_speech_seconds is not None and self._candidate_start is None
                    and waited >= cfg.no_speech_seconds - 1e-9):
                self.reset()
                return SegmentEvent(kind="no_speech", at=self.now)
            return None
        # In speech. A short burst of "speech" frames inside a pause (a click,
        # noise the VAD misjudges) neither ends nor extends the pause; only a
        # run as long as a confirmed start resumes the utterance.
        if is_speech:
            self._run += frame_seconds
            if self._run >= cfg.speech_seconds - 1e-9:
                self._silence = 0.0
        else:
            self._run = 0.0
            self._silence += frame_seconds
        start = self._speech_start
        if self._silence >= cfg.silence_seconds - 1e-9:
            self.reset()
            return SegmentEvent(kind="speech_end", at=self.now, start=start)
        if self.now - start >= cfg.max_seconds - 1e-9:
            self.reset()
            return SegmentEvent(kind="max_length", at=self.now, start=start)
        return None


class Endpointer:
    """Chunks of 16 kHz int16 PCM in, segment events out (with the frame that caused them)."""

    def __init__(self, config: EndpointConfig | None = None,
                 vad: VoiceActivity | None = None) -> None:
        self.vad: VoiceActivity = vad if vad is not None else SphinxVad()
        self.segmenter = UtteranceSegmenter(config)
        self._pending = b""

    @property
    def frame_bytes(self) -> int:
        return self.vad.frame_bytes

    def frames(self, chunk: bytes) -> list[bytes]:
        """Re-cut a chunk of any size into whole VAD frames (the rest waits for more)."""
        data = self._pending + chunk
        size = self.vad.frame_bytes
        cut = len(data) - len(data) % size
        self._pending = data[cut:]
        return [data[i:i + size] for i in range(0, cut, size)]

    def process_frame(self, frame: bytes) -> SegmentEvent | None:
        return self.segmenter.process(self.vad.frame_seconds, self.vad.is_speech(frame))

    def feed(self, chunk: bytes) -> list[SegmentEvent]:
        events = []
        for frame in self.frames(chunk):
            event = self.process_frame(frame)
            if event is not None:
                events.append(event)
        return events

    def reset(self) -> None:
        self.segmenter.reset()


class PreRoll:
    """The last moments of audio before speech is confirmed, so that an utterance's first
    words are not lost: the segmenter decides "speech" only after `speech_seconds` of it,
    and a person's first syllable comes before that. Kept by duration, of 16 kHz int16 PCM
    pieces of any size; the oldest whole pieces go first."""

    def __init__(self, seconds: float) -> None:
        self.limit = max(2, int(round(seconds * SAMPLE_RATE)) * 2)
        self._pieces: deque[bytes] = deque()
        self._size = 0

    def append(self, pcm: bytes) -> None:
        self._pieces.append(pcm)
        self._size += len(pcm)
        while self._size > self.limit and len(self._pieces) > 1:
            self._size -= len(self._pieces.popleft())

    @property
    def seconds(self) -> float:
        return self._size / (2 * SAMPLE_RATE)

    def take(self) -> bytes:
        """Everything kept, oldest first; the pre-roll is empty afterwards."""
        out = b"".join(self._pieces)
        self.clear()
        return out

    def clear(self) -> None:
        self._pieces.clear()
        self._size = 0
