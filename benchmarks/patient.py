"""The patient side of the voice benchmark, run in the audio room as its own process.

It holds one output stream into the virtual microphone's feed (PULSE_SINK) and one
input stream from the speaker's monitor (PULSE_SOURCE), so it can say when, on the
system-wide monotonic clock, a given sample of an answer reached the microphone
and when the skill's voice started on the speaker. Commands on stdin, JSON on stdout:
  play PATH MARK_SAMPLE   -> {"played": ..., "mark": mono time the MARK_SAMPLE was heard}
  onsets                   -> {"onsets": [mono times speech started on the speaker]}
"""

from __future__ import annotations

import json
import sys
import threading
import time
import wave

import numpy as np
import sounddevice as sd

RATE = 22_050
BLOCK = 256
THRESHOLD = 500  # int16 peak: speech, not the null sink's silence
QUIET_BLOCKS = 20  # ~0.23 s of silence before a new onset counts


class Mouth:
    def __init__(self) -> None:
        self.samples = np.zeros(0, dtype=np.int16)
        self.pos = 0
        self.mark = -1
        self.mark_time: float | None = None
        self.done = threading.Event()
        self.stream = sd.OutputStream(samplerate=RATE, channels=1, dtype="int16", blocksize=BLOCK,
                                      latency="low", callback=self._callback)
        self.stream.start()

    def _callback(self, out: np.ndarray, frames: int, info: object, status: object) -> None:
        chunk = self.samples[self.pos:self.pos + frames]
        out[:len(chunk), 0] = chunk
        out[len(chunk):, 0] = 0
        if self.mark_time is None and self.pos <= self.mark < self.pos + frames:
            # Heard at: now + the stream's output delay + the mark's place in this block.
            self.mark_time = time.monotonic() + self.stream.latency + (self.mark - self.pos) / RATE
        self.pos += frames
        if self.pos >= len(self.samples) and len(self.samples):
            self.done.set()

    def play(self, path: str, mark: int) -> float | None:
        with wave.open(path) as w:
            data = np.frombuffer(w.readframes(w.getnframes()), dtype=np.int16)
            assert w.getframerate() == RATE and w.getnchannels() == 1
        self.done.clear()
        self.mark, self.mark_time, self.pos = mark, None, 0
        self.samples = data
        self.done.wait(timeout=60)
        return self.mark_time


class Ear:
    def __init__(self) -> None:
        self.onsets: list[float] = []
        self.quiet = QUIET_BLOCKS
        self.stream = sd.InputStream(samplerate=RATE, channels=1, dtype="int16", blocksize=BLOCK,
                                     latency="low", callback=self._callback)
        self.stream.start()

    def _callback(self, data: np.ndarray, frames: int, info: object, status: object) -> None:
        loud = np.flatnonzero(np.abs(data[:, 0].astype(np.int32)) > THRESHOLD)
        if len(loud) and self.quiet >= QUIET_BLOCKS:
            # Captured `latency` ago, at the first loud sample's place in this block.
            self.onsets.append(time.monotonic() - self.stream.latency - (frames - loud[0]) / RATE)
        self.quiet = 0 if len(loud) else self.quiet + 1


def main() -> None:
    mouth, ear = Mouth(), Ear()
    print(json.dumps({"ready": time.monotonic()}), flush=True)
    for line in sys.stdin:
        command, *rest = line.split()
        if command == "play":
            print(json.dumps({"played": rest[0], "mark": mouth.play(rest[0], int(rest[1]))}), flush=True)
        elif command == "onsets":
            print(json.dumps({"onsets": ear.onsets}), flush=True)


if __name__ == "__main__":
    main()
