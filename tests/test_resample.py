"""The one resampler (soxr underneath): streams, whole clips, and the rates real devices use."""

from __future__ import annotations

import numpy as np
import pytest

from voice.audio.resample import StreamResampler, resample, to_mono_int16


def _tone(rate: int, hz: float = 300.0, seconds: float = 1.0, level: int = 8000) -> np.ndarray:
    t = np.arange(int(rate * seconds)) / rate
    return (level * np.sin(2 * np.pi * hz * t)).astype(np.int16)


def _peak_hz(samples: np.ndarray, rate: int) -> float:
    spectrum = np.abs(np.fft.rfft(samples.astype(np.float64)))
    return float(np.argmax(spectrum) * rate / len(samples))


def _stream(rate: int, tone: np.ndarray, chunk: int) -> np.ndarray:
    r = StreamResampler(rate)
    parts = [r.process(tone[i:i + chunk]) for i in range(0, tone.size, chunk)]
    return np.concatenate([*parts, r.flush()])


@pytest.mark.parametrize("rate", [8000, 22050, 44100, 48000])
def test_a_stream_at_a_device_rate_comes_out_at_16k_with_its_pitch_and_level(rate: int) -> None:
    tone = _tone(rate, hz=440)
    out = _stream(rate, tone, rate // 100)  # 10 ms blocks, as a sound card delivers them
    assert out.size == 16000  # one second in, one second out
    assert _peak_hz(out, 16000) == pytest.approx(440, abs=2)
    assert abs(int(np.abs(out[1000:15000]).max()) - 8000) < 100


@pytest.mark.parametrize("rate", [8000, 22050, 44100, 48000])
def test_a_stream_gives_the_same_result_whatever_the_chunking(rate: int) -> None:
    tone = _tone(rate)
    whole = _stream(rate, tone, tone.size)
    for chunk in (rate // 100, 441, 1, 4097):
        assert np.array_equal(_stream(rate, tone, chunk), whole), chunk


def test_a_stream_holds_back_only_a_few_milliseconds_until_flushed() -> None:
    r = StreamResampler(48000)
    got = sum(r.process(block).size for block in np.split(_tone(48000), 100))
    assert 16000 - got < 16000 * 0.05  # under 50 ms behind: a partial is not delayed
    assert got + r.flush().size == 16000


def test_bytes_in_bytes_out_and_16k_passes_through_untouched() -> None:
    tone = _tone(16000)
    r = StreamResampler(16000)
    assert r.passthrough
    assert r.process_bytes(tone.tobytes()) == tone.tobytes()
    assert r.flush().size == 0


def test_resample_keeps_duration_and_pitch() -> None:
    out = resample(_tone(22050), 22050, 48000)
    assert len(out) == 48000
    assert _peak_hz(out, 48000) == pytest.approx(300, abs=2)


def test_no_rate_or_a_negative_rate_is_refused() -> None:
    with pytest.raises(ValueError, match="positive"):
        StreamResampler(0)


def test_stereo_is_averaged_to_mono() -> None:
    left, right = _tone(16000, level=8000), np.zeros(16000, dtype=np.int16)
    mono = to_mono_int16(np.stack([left, right], axis=1))
    assert np.array_equal(mono, np.round(left.astype(np.int32) / 2).astype(np.int16)) or \
        np.abs(mono.astype(np.int32) - left.astype(np.int32) / 2).max() <= 1
