"""Helpers for the speech tests: run code inside the audio room, measure recordings.

Audio code runs in a child process with `env=room.env`: PortAudio reads the PULSE
variables once, when sounddevice is imported.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import textwrap
import time
import wave
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from tests.audioroom import AudioRoom

ROOT = Path(__file__).resolve().parent.parent
QUESTION = "How long have you had the twitching?"
LONG_TEXT = ("Thank you. I will now ask you a few questions about the twitching, one at a time. "
             "Take your time, answer in your own words, and say stop at any moment to end the check. "
             "If you feel unwell at any point, tell me right away.")
EMERGENCY = "This could be an emergency. Call your local emergency number now."


def run_python(code: str, *, env: dict[str, str] | None = None,
               timeout: float = 120) -> subprocess.CompletedProcess[bytes]:
    """Run `code` in a fresh interpreter from the repository root; stdout/stderr as bytes."""
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT, env=env,
                          capture_output=True, timeout=timeout)


def result_json(proc: subprocess.CompletedProcess[bytes]) -> dict[str, Any]:
    """The child's last stdout line, parsed; fails with the child's stderr on a crash."""
    assert proc.returncode == 0, proc.stderr.decode(errors="replace")[-3000:]
    lines = proc.stdout.decode().strip().splitlines()
    assert lines, f"no output; stderr: {proc.stderr.decode(errors='replace')[-2000:]}"
    return json.loads(lines[-1])


@dataclass
class Recording:
    samples: np.ndarray
    rate: int

    @property
    def duration(self) -> float:
        return len(self.samples) / self.rate


def record_while(room: AudioRoom, out: Path, code: str,
                 tail: float = 1.0, lead: float = 2.5) -> tuple[subprocess.CompletedProcess[bytes], Recording]:
    """Record `spk.monitor` while `code` runs in the room; returns its result and the audio.

    The room's null sink works in blocks of about 2 s: audio played in parecord's first
    ~2 s was measured to be partly missing from the recording, hence the long `lead`.
    """
    recorder = room.record_speaker(out)
    time.sleep(lead)
    proc = run_python(code, env=room.env)
    time.sleep(tail)
    recorder.send_signal(signal.SIGINT)
    recorder.wait(timeout=10)
    return proc, read_wav(out)


def read_wav(path: Path) -> Recording:
    with wave.open(str(path), "rb") as w:
        data = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2")
        if w.getnchannels() > 1:
            data = data.reshape(-1, w.getnchannels())[:, 0]
        return Recording(data.astype(np.int16), w.getframerate())


def voiced_span(samples: np.ndarray, rate: int, threshold: float = 200.0) -> tuple[float, float]:
    """(start, end) seconds of the first and last 20 ms frame louder than `threshold` RMS."""
    frame = int(rate * 0.02)
    n = len(samples) // frame
    if n == 0:
        return (0.0, 0.0)
    frames = samples[: n * frame].astype(np.float64).reshape(n, frame)
    rms = np.sqrt((frames ** 2).mean(axis=1))
    loud = np.flatnonzero(rms > threshold)
    if len(loud) == 0:
        return (0.0, 0.0)
    return (loud[0] * 0.02, (loud[-1] + 1) * 0.02)


def voiced_seconds(samples: np.ndarray, rate: int, threshold: float = 200.0) -> float:
    start, end = voiced_span(samples, rate, threshold)
    return end - start


def best_match(recording: Recording, template: np.ndarray, template_rate: int) -> tuple[float, float]:
    """(normalized correlation, offset seconds) of `template` found in `recording`."""
    from voice.audio.resample import resample
    t = resample(template, template_rate, recording.rate).astype(np.float64)
    r = recording.samples.astype(np.float64)
    if len(r) < len(t):
        r = np.concatenate([r, np.zeros(len(t) - len(r))])
    size = 1 << int(np.ceil(np.log2(len(r) + len(t))))
    corr = np.fft.irfft(np.fft.rfft(r, size) * np.conj(np.fft.rfft(t, size)), size)[: len(r) - len(t) + 1]
    # Energy of each window of the recording, for normalization.
    c = np.concatenate([[0.0], np.cumsum(r ** 2)])
    window_energy = c[len(t):] - c[: len(r) - len(t) + 1]
    norm = np.sqrt(np.maximum(window_energy, 1e-9) * (t ** 2).sum())
    score = corr / norm
    i = int(np.argmax(score))
    return float(score[i]), i / recording.rate


def find_clip(recording: Recording, samples: np.ndarray, rate: int,
              chunk_s: float = 0.4) -> tuple[float, float]:
    """(fraction of the clip's voiced chunks found in place, where the clip starts).

    Matching a whole multi-second clip scores low even when it is there: PulseAudio's
    resampler to the recorder's rate drifts slightly. Short chunks each match well,
    and agreeing offsets show they are the same clip played in order.
    """
    n = int(chunk_s * rate)
    starts = []
    for i in range(0, len(samples) - n + 1, n):
        chunk = samples[i:i + n]
        if np.sqrt((chunk.astype(np.float64) ** 2).mean()) < 500:
            continue  # a pause matches anything quiet
        score, at = best_match(recording, chunk, rate)
        starts.append((score, at - i / rate))
    if not starts:
        return 0.0, 0.0
    good = [at for score, at in starts if score > 0.6]
    if not good:
        return 0.0, 0.0
    origin = float(np.median(good))
    in_place = [at for at in good if abs(at - origin) < 0.05]
    return len(in_place) / len(starts), origin


def join_speech(parts: list[Path | float], out: Path) -> Path:
    """One WAV of the given WAVs (same rate, mono) with a pause of each float's seconds between."""
    rate = 0
    chunks: list[np.ndarray] = []
    for part in parts:
        if isinstance(part, Path):
            recording = read_wav(part)
            rate = rate or recording.rate
            assert recording.rate == rate, "join_speech: WAVs of different rates"
            chunks.append(recording.samples)
        else:
            chunks.append(np.zeros(int(part * (rate or 22050)), dtype=np.int16))
    with wave.open(str(out), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate or 22050)
        w.writeframes(np.concatenate(chunks).astype("<i2").tobytes())
    return out
