"""Streaming sample-rate conversion for 16-bit mono audio, numpy only.

A polyphase windowed-sinc filter: the rate ratio is reduced to up/down, and
each output sample is a dot product of one filter phase with the most recent
input samples. State (the input tail and the output position) is carried
between calls, so cutting a signal into chunks of any size gives the same
result as converting it whole; that is what makes it safe inside a stream.
"""

from __future__ import annotations

from math import gcd

import numpy as np
import numpy.typing as npt

_TAPS_PER_PHASE = 32
"""Filter length in input samples: enough to keep aliasing well under what an
ASR front end notices, small enough to stay cheap on 2 cores."""


def to_mono_int16(samples: npt.NDArray[np.int16]) -> npt.NDArray[np.int16]:
    """Average interleaved channels (shape frames x channels) down to one."""
    if samples.ndim == 1:
        return samples
    if samples.shape[1] == 1:
        return samples[:, 0]
    return samples.astype(np.int32).mean(axis=1).round().astype(np.int16)


class StreamResampler:
    """Converts a stream of int16 samples from `in_rate` to `out_rate`."""

    def __init__(self, in_rate: int, out_rate: int = 16000) -> None:
        if in_rate <= 0 or out_rate <= 0:
            raise ValueError(f"sample rates must be positive, got {in_rate} -> {out_rate}")
        self.in_rate = in_rate
        self.out_rate = out_rate
        g = gcd(in_rate, out_rate)
        self._up = out_rate // g
        self._down = in_rate // g
        self._bank = self._design_bank(self._up, self._down)
        self.reset()

    @property
    def passthrough(self) -> bool:
        return self._up == self._down

    def reset(self) -> None:
        """Forget the stream so far (start of a new, unrelated signal)."""
        self._tail = np.zeros(_TAPS_PER_PHASE - 1, dtype=np.float32)
        self._consumed = 0  # input samples received so far
        self._produced = 0  # output samples emitted so far

    @staticmethod
    def _design_bank(up: int, down: int) -> npt.NDArray[np.float32]:
        length = _TAPS_PER_PHASE * up
        # Cut-off a little under the lower Nyquist so the transition band
        # does not fold back into speech frequencies.
        cutoff = 0.45 / max(up, down)  # cycles per sample at the upsampled rate
        n = np.arange(length) - (length - 1) / 2
        proto = 2 * cutoff * np.sinc(2 * cutoff * n) * np.kaiser(length, 8.0)
        proto *= up / proto.sum()
        # bank[p, k] = proto[p + k*up]: phase p applied to input x[i - k].
        return proto.reshape(_TAPS_PER_PHASE, up).T.astype(np.float32).copy()

    def process(self, samples: npt.NDArray[np.int16] | bytes) -> npt.NDArray[np.int16]:
        """Convert the next piece of the stream; returns what can be computed so far."""
        x = np.frombuffer(samples, dtype=np.int16) if isinstance(samples, (bytes, bytearray, memoryview)) \
            else np.asarray(samples, dtype=np.int16)
        if self.passthrough:
            return x.copy()
        if x.size == 0:
            return np.zeros(0, dtype=np.int16)
        buf = np.concatenate([self._tail, x.astype(np.float32)])
        buf_start = self._consumed - (_TAPS_PER_PHASE - 1)  # stream index of buf[0]
        self._consumed += x.size
        up, down = self._up, self._down
        # Output n needs input index floor(n*down/up) to exist.
        n_end = (self._consumed * up - 1) // down + 1
        n = np.arange(self._produced, n_end, dtype=np.int64)
        self._produced = n_end
        self._tail = buf[-(_TAPS_PER_PHASE - 1):].copy()
        if n.size == 0:
            return np.zeros(0, dtype=np.int16)
        pos = n * down
        phase = pos % up
        newest = pos // up - buf_start
        idx = newest[:, None] - np.arange(_TAPS_PER_PHASE)[None, :]
        y = np.einsum("ij,ij->i", buf[idx], self._bank[phase])
        return np.clip(np.round(y), -32768, 32767).astype(np.int16)

    def process_bytes(self, pcm16: bytes) -> bytes:
        return self.process(pcm16).tobytes()
