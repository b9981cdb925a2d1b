"""Playback for real, in the virtual audio room, checked by recording the speaker."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tests.audioroom import AudioRoom
from tests.speechfixtures import (LONG_TEXT, QUESTION, record_while, result_json, room,  # noqa: F401
                                  run_python, voiced_seconds)
from voice.audio_out import resample
from voice.tts import Synthesizer

pytestmark = pytest.mark.audio


def test_played_clip_is_heard_for_its_length(room: AudioRoom, tmp_path: Path) -> None:
    proc, rec = record_while(room, tmp_path / "spk.wav", f"""
        import json
        from voice.tts import Synthesizer
        from voice.audio_out import Speaker
        clip = Synthesizer().synthesize({QUESTION!r})
        done = []
        speaker = Speaker()
        handle = speaker.play(clip, on_done=lambda h: done.append(h.ended_at))
        playing = speaker.is_playing
        handle.wait()
        print(json.dumps({{"duration": clip.duration, "completed": handle.completed,
                          "playing_after_play": playing, "playing_after_wait": speaker.is_playing,
                          "done_calls": len(done), "ended_after_start": handle.ended_at > handle.started_at}}))
    """)
    out = result_json(proc)
    assert out["completed"] and out["playing_after_play"] and not out["playing_after_wait"]
    assert out["done_calls"] == 1 and out["ended_after_start"]
    clip = Synthesizer().synthesize(QUESTION)
    expected = voiced_seconds(clip.samples, clip.sample_rate)
    heard = voiced_seconds(rec.samples, rec.rate)
    assert heard == pytest.approx(expected, rel=0.2, abs=0.15)


def test_stop_cuts_playback_short(room: AudioRoom, tmp_path: Path) -> None:
    proc, rec = record_while(room, tmp_path / "spk.wav", f"""
        import json, time
        from voice.tts import Synthesizer
        from voice.audio_out import Speaker
        clip = Synthesizer().synthesize({LONG_TEXT!r})
        speaker = Speaker()
        handle = speaker.play(clip)
        while handle.played_seconds < 1.5 and handle.is_playing:
            time.sleep(0.01)
        was = speaker.stop()
        print(json.dumps({{"duration": clip.duration, "stopped": was, "completed": handle.completed,
                          "playing": speaker.is_playing, "has_end": handle.ended_at is not None}}))
    """)
    out = result_json(proc)
    assert out["stopped"] and not out["completed"] and not out["playing"] and out["has_end"]
    duration = float(out["duration"])  # type: ignore[arg-type]
    heard = voiced_seconds(rec.samples, rec.rate)
    assert duration > 10
    assert 0.5 < heard < 0.35 * duration


def test_clip_at_another_rate_plays_at_the_right_speed(room: AudioRoom, tmp_path: Path) -> None:
    # A 16 kHz 440 Hz tone on the 22.05 kHz speaker must still be 440 Hz and 1.5 s long.
    proc, rec = record_while(room, tmp_path / "spk.wav", """
        import json
        import numpy as np
        from voice.tts import Clip
        from voice.audio_out import Speaker
        t = np.arange(int(1.5 * 16000)) / 16000
        tone = Clip((np.sin(2 * np.pi * 440 * t) * 10000).astype(np.int16), 16000)
        print(json.dumps({"completed": Speaker().play_blocking(tone)}))
    """)
    assert result_json(proc)["completed"]
    assert voiced_seconds(rec.samples, rec.rate) == pytest.approx(1.5, abs=0.1)
    loud = rec.samples[np.abs(rec.samples.astype(np.int32)) > 0]
    spectrum = np.abs(np.fft.rfft(loud.astype(np.float64)))
    peak_hz = np.argmax(spectrum) * rec.rate / len(loud)
    assert peak_hz == pytest.approx(440, abs=10)


def test_unknown_output_device_is_a_clear_error(room: AudioRoom) -> None:
    proc = run_python("""
        import json
        from voice.audio_out import Speaker, AudioOutputError
        try:
            Speaker("no-such-speaker-xyz")
            print(json.dumps({"error": None}))
        except AudioOutputError as exc:
            print(json.dumps({"error": str(exc)}))
    """, env=room.env)
    error = result_json(proc)["error"]
    assert isinstance(error, str)
    assert "no-such-speaker-xyz" in error and "pulse" in error


def test_device_lost_mid_playback_is_audio_output_error(room: AudioRoom) -> None:
    # Our own room's sound server goes away while a long clip plays.
    proc = run_python(f"""
        import json, subprocess, time
        from voice.tts import Synthesizer
        from voice.audio_out import Speaker, AudioOutputError
        clip = Synthesizer().synthesize({LONG_TEXT!r})
        handle = Speaker().play(clip)
        while handle.played_seconds < 1.0:
            time.sleep(0.01)
        subprocess.run(["pactl", "exit"], check=True)
        try:
            handle.wait(timeout=30)
            print(json.dumps({{"error": None}}))
        except AudioOutputError as exc:
            print(json.dumps({{"error": str(exc), "completed": handle.completed}}))
    """, env=room.env)
    out = result_json(proc)
    assert out["error"] and "output device" in str(out["error"])
    assert out["completed"] is False


def test_resample_keeps_duration_and_pitch() -> None:
    t = np.arange(22050) / 22050
    tone = (np.sin(2 * np.pi * 300 * t) * 8000).astype(np.int16)
    out = resample(tone, 22050, 48000)
    assert len(out) == 48000
    spectrum = np.abs(np.fft.rfft(out.astype(np.float64)))
    assert np.argmax(spectrum) * 48000 / len(out) == pytest.approx(300, abs=2)
