"""Sample-rate conversion for 16-bit mono audio: the skill's one resampler.

The filtering is python-soxr's (libsoxr, the resampler SoX and many audio
tools use): a maintained, well-tested library instead of a filter of our own.
Streams use `soxr.ResampleStream`, computing in float32 because that makes the
result exactly the same whatever the chunking (with int16 inside, rounding
differs by a sample value or two at chunk edges). A stream holds back about
20 ms of output (the filter's delay) until `flush()` at the end of a signal.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import soxr

__all__ = ["StreamResampler", "decode_pcm", "resample", "to_mono_int16"]

_QUALITY = "HQ"
"""soxr's default: a pass band to 0.91 of Nyquist and 20 ms of delay, well past
what an ASR front end or a listener notices; VHQ costs more for nothing here."""

_SCALE = 32768.0


def decode_pcm(raw: bytes, width: int) -> npt.NDArray[np.int16]:
    """Little-endian PCM of `width` bytes per sample as int16 (8-bit PCM is unsigned).

    Raises ValueError for a width it cannot read."""
    if width == 2:
        return np.frombuffer(raw, dtype="<i2")
    if width == 1:
        return ((np.frombuffer(raw, dtype=np.uint8).astype(np.int16) - 128) << 8).astype(np.int16)
    if width == 3:
        b = np.frombuffer(raw, dtype=np.uint8).reshape(-1, 3).astype(np.int32)
        value = b[:, 0] | (b[:, 1] << 8) | (b[:, 2] << 16)
        value = np.where(value >= 1 << 23, value - (1 << 24), value)
        return (value >> 8).astype(np.int16)
    if width == 4:
        return (np.frombuffer(raw, dtype="<i4") >> 16).astype(np.int16)
    raise ValueError(f"unsupported sample width {width * 8} bits")


def to_mono_int16(samples: npt.NDArray[np.int16]) -> npt.NDArray[np.int16]:
    """Average interleaved channels (shape frames x channels) down to one."""
    if samples.ndim == 1:
        return samples
    if samples.shape[1] == 1:
        return samples[:, 0]
    return samples.astype(np.int32).mean(axis=1).round().astype(np.int16)


def _to_int16(y: npt.NDArray[np.float32]) -> npt.NDArray[np.int16]:
    return np.clip(np.round(y * _SCALE), -32768, 32767).astype(np.int16)


def _as_samples(samples: npt.NDArray[np.int16] | bytes | bytearray | memoryview) -> npt.NDArray[np.int16]:
    if isinstance(samples, (bytes, bytearray, memoryview)):
        return np.frombuffer(samples, dtype=np.int16)
    return np.asarray(samples, dtype=np.int16)


def resample(samples: npt.NDArray[np.int16], src_rate: int, dst_rate: int) -> npt.NDArray[np.int16]:
    """A whole clip converted from `src_rate` to `dst_rate` (same duration)."""
    if src_rate == dst_rate or len(samples) == 0:
        return samples
    x = np.asarray(samples, dtype=np.int16).astype(np.float32) / _SCALE
    return _to_int16(soxr.resample(x, src_rate, dst_rate, quality=_QUALITY))


class StreamResampler:
    """Converts a stream of int16 samples from `in_rate` to `out_rate`."""

    def __init__(self, in_rate: int, out_rate: int = 16000) -> None:
        if in_rate <= 0 or out_rate <= 0:
            raise ValueError(f"sample rates must be positive, got {in_rate} -> {out_rate}")
        self.in_rate = in_rate
        self.out_rate = out_rate
        self._stream = None if self.passthrough else soxr.ResampleStream(
            in_rate, out_rate, 1, dtype="float32", quality=_QUALITY)

    @property
    def passthrough(self) -> bool:
        return self.in_rate == self.out_rate

    def reset(self) -> None:
        """Forget the stream so far (start of a new, unrelated signal)."""
        if self._stream is not None:
            self._stream.clear()

    def process(self, samples: npt.NDArray[np.int16] | bytes) -> npt.NDArray[np.int16]:
        """Convert the next piece of the stream; returns what can be computed so far."""
        x = _as_samples(samples)
        if self._stream is None:
            return x.copy()
        if x.size == 0:
            return np.zeros(0, dtype=np.int16)
        return _to_int16(self._stream.resample_chunk(x.astype(np.float32) / _SCALE))

    def flush(self) -> npt.NDArray[np.int16]:
        """The output still held in the filter at the end of a signal; resets the stream."""
        if self._stream is None:
            return np.zeros(0, dtype=np.int16)
        tail = _to_int16(self._stream.resample_chunk(np.zeros(0, dtype=np.float32), last=True))
        self._stream.clear()
        return tail

    def process_bytes(self, pcm16: bytes) -> bytes:
        return self.process(pcm16).tobytes()
