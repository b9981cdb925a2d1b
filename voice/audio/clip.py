"""A piece of audio: what speech synthesis makes and every output plays."""

from __future__ import annotations

import io
import wave
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt


@dataclass(frozen=True, eq=False)
class Clip:
    """Mono int16 audio. `samples` is read-only so cached clips can be shared safely."""

    samples: npt.NDArray[np.int16]
    sample_rate: int
    text: str = ""

    def __post_init__(self) -> None:
        arr = np.ascontiguousarray(self.samples, dtype=np.int16).reshape(-1)
        arr.flags.writeable = False
        object.__setattr__(self, "samples", arr)

    @property
    def duration(self) -> float:
        return len(self.samples) / self.sample_rate

    @property
    def peak(self) -> int:
        return int(np.abs(self.samples.astype(np.int32)).max()) if len(self.samples) else 0

    def to_wav_bytes(self) -> bytes:
        buf = io.BytesIO()
        with wave.open(buf, "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(self.sample_rate)
            w.writeframes(self.samples.astype("<i2").tobytes())
        return buf.getvalue()

    def save_wav(self, path: Path) -> None:
        path.write_bytes(self.to_wav_bytes())

    @classmethod
    def from_wav(cls, path: Path, text: str = "") -> Clip:
        with wave.open(str(path), "rb") as w:
            if w.getsampwidth() != 2:
                raise ValueError(f"{path}: expected 16-bit samples, got {8 * w.getsampwidth()}-bit")
            frames = w.readframes(w.getnframes())
            channels, rate = w.getnchannels(), w.getframerate()
        samples = np.frombuffer(frames, dtype="<i2")
        if channels > 1:
            samples = samples.reshape(-1, channels).mean(axis=1).astype(np.int16)
        return cls(samples, rate, text)
