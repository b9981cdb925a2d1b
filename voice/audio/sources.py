"""The sound card's and the answer files' `AudioInput`s (voice/audio/input.py).

Both give 16 kHz mono int16 chunks, one listening turn at a time. A file
source plays one file per turn (one answer per question); the microphone just
keeps streaming.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from voice.audio.capture import SAMPLE_RATE, FileSource, Microphone


class MicrophoneSource:
    def __init__(self, microphone: Microphone) -> None:
        self.microphone = microphone
        self._bytes = 0

    @property
    def seconds(self) -> float:
        return self._bytes / 2 / SAMPLE_RATE

    def start_turn(self) -> bool:
        """Begin listening for an answer; False when there is no more input."""
        self.microphone.drain()  # what was picked up while the skill spoke is not an answer
        return True

    def read(self) -> bytes | None:
        """The next chunk (blocks about one chunk's time); None when the turn's input ended."""
        chunk = self.microphone.read()
        self._bytes += len(chunk)
        return chunk

    def idle(self) -> None:
        """Called while not listening (the skill is speaking): keep the queue from filling."""
        self.microphone.drain()
        self.microphone.read()

    def close(self) -> None:
        self.microphone.close()


class FilesSource:
    """`--audio-in a.wav b.wav ...`: each listening turn hears the next file."""

    def __init__(self, paths: Sequence[Path], *, realtime: bool = False) -> None:
        self.paths = list(paths)
        self.realtime = realtime
        self._turn: Iterator[bytes] | None = None
        self._bytes = 0

    @property
    def seconds(self) -> float:
        return self._bytes / 2 / SAMPLE_RATE

    def start_turn(self) -> bool:
        if not self.paths:
            return False
        # Trailing silence lets the end of the answer be detected as in real speech.
        self._turn = iter(FileSource([self.paths.pop(0)], realtime=self.realtime, pad_seconds=1.2))
        return True

    def read(self) -> bytes | None:
        if self._turn is None:
            return None
        chunk = next(self._turn, None)
        if chunk is None:
            self._turn = None
        else:
            self._bytes += len(chunk)
        return chunk

    def idle(self) -> None:
        import time
        time.sleep(0.01)

    @property
    def exhausted(self) -> bool:
        return not self.paths and self._turn is None

    def close(self) -> None:
        self._turn = None
