"""The Voice façade: interrupting for an emergency, and never losing a message."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from tests.audioroom import AudioRoom
from tests.speechfixtures import (
    EMERGENCY,
    LONG_TEXT,
    QUESTION,
    find_clip,
    record_while,
    result_json,
    run_python,
    voiced_seconds,
)
from voice.audio.clip import Clip


def save_played(folder: Path) -> str:
    """A line for the speaking process: save the clips it played, as the references to find.

    espeak-ng does not repeat itself within one process: the same text and settings gave
    86,102 samples the first time and 86,294 to 87,234 later (measured), so a reference
    synthesized in the test process drifted up to 50 ms out of place against the played
    clip and `find_clip` found half of an emergency message that was there in full."""
    return ("[v.synthesizer.cached(t).save_wav(__import__('pathlib').Path(" + repr(str(folder))
            + ") / n) for n, t in (('emergency.wav', " + repr(EMERGENCY) + "), ('long.wav', "
            + repr(LONG_TEXT) + "))]")


def played_clips(folder: Path) -> tuple[Clip, Clip]:
    """The emergency clip and the long clip that `save_played` saved."""
    return Clip.from_wav(folder / "emergency.wav"), Clip.from_wav(folder / "long.wav")


@pytest.mark.audio
def test_say_plays_and_records_when_it_ended(room: AudioRoom, tmp_path: Path) -> None:
    proc, rec = record_while(room, tmp_path / "spk.wav", f"""
        import json, time
        from voice.speech.voice import Voice
        printed, failures = [], []
        v = Voice.create(print_fallback=printed.append, on_failure=failures.append)
        before = time.monotonic()
        ok = v.say({QUESTION!r})
        print(json.dumps({{"ok": ok, "printed": printed, "failures": [str(f) for f in failures],
                          "speaking": v.speaking,
                          "ended_in_window": before < v.last_end_time <= time.monotonic()}}))
    """)
    out = result_json(proc)
    assert out["ok"] and out["printed"] == [] and out["failures"] == []
    assert not out["speaking"] and out["ended_in_window"]
    assert voiced_seconds(rec.samples, rec.rate) > 1.0


@pytest.mark.audio
@pytest.mark.realtime  # how soon the emergency follows the cut is asserted
def test_say_now_interrupts_long_speech_with_the_emergency(room: AudioRoom, tmp_path: Path) -> None:
    proc, rec = record_while(room, tmp_path / "spk.wav", f"""
        import json, time
        from voice.speech.voice import Voice
        v = Voice.create(print_fallback=print)
        v.prepare([{EMERGENCY!r}])
        v.say({LONG_TEXT!r}, wait=False)
        while v.current.played_seconds < 1.5:
            time.sleep(0.01)
        long_handle = v.current
        stopped_by_user = None
        v.say_now({EMERGENCY!r}, wait=False)
        stopped_by_user = v.stop()  # a "stop" must not silence the emergency message
        completed = v.wait()
        {save_played(tmp_path)}
        print(json.dumps({{"long_completed": long_handle.completed, "emergency_completed": completed,
                          "stop_cut_emergency": stopped_by_user,
                          "long_played": long_handle.played_seconds}}))
    """)
    out = result_json(proc)
    assert out["long_completed"] is False
    assert out["emergency_completed"] is True and out["stop_cut_emergency"] is False

    emergency, long = played_clips(tmp_path)
    found, at = find_clip(rec, emergency.samples, emergency.sample_rate)
    assert found > 0.7, f"emergency message not found in the recording ({found:.0%} of it)"
    rate = long.sample_rate
    opening, opening_at = find_clip(rec, long.samples[: int(1.4 * rate)], rate)
    assert opening > 0.7 and opening_at < at
    rest, _ = find_clip(rec, long.samples[int(4.0 * rate):], rate)
    assert rest < 0.3, "the long text went on after say_now"
    heard = voiced_seconds(rec.samples, rec.rate)
    assert heard < long.duration * 0.6  # the long text was cut, not played to the end
    assert heard > emergency.duration * 0.8


@pytest.mark.audio
@pytest.mark.realtime  # how soon the emergency follows the cut is asserted
def test_say_now_emergency_follows_the_cut_at_once(room: AudioRoom, tmp_path: Path) -> None:
    # With the speaker's stream already running, the emergency clip is pulled right after
    # the cut (a new stream per clip left about 2 s of silence here).
    proc, rec = record_while(room, tmp_path / "spk.wav", f"""
        import json, time
        from voice.speech.voice import Voice
        v = Voice.create(print_fallback=print)
        v.prepare([{EMERGENCY!r}])
        v.say({LONG_TEXT!r}, wait=False)
        while v.current.played_seconds < 1.5:
            time.sleep(0.01)
        v.say_now({EMERGENCY!r}, wait=False)
        completed = v.wait()
        {save_played(tmp_path)}
        print(json.dumps({{"completed": completed}}))
    """)
    assert result_json(proc)["completed"] is True
    emergency, _ = played_clips(tmp_path)
    rate = emergency.sample_rate
    found, at = find_clip(rec, emergency.samples[: int(1.2 * rate)], rate)
    assert found > 0.7, f"emergency message not found in the recording ({found:.0%} of its opening)"
    lead_in = int(np.argmax(np.abs(emergency.samples.astype(np.int32)) > 600)) / rate
    # The old sentence's last loud 10 ms frame before the emergency: where it was cut.
    frame = int(rec.rate * 0.01)
    before = np.abs(rec.samples[: int(at * rec.rate)].astype(np.int32))
    n = len(before) // frame
    loud = np.flatnonzero(before[: n * frame].reshape(n, frame).max(axis=1) > 600)
    assert len(loud), "the long sentence was not heard before the emergency"
    cut = (loud[-1] + 1) * 0.01
    assert at + lead_in - cut < 0.5, f"{at + lead_in - cut:.2f} s of silence before the emergency"


@pytest.mark.audio
def test_device_lost_while_idle_falls_back_to_print(room: AudioRoom) -> None:
    proc = run_python(f"""
        import json, subprocess, time
        from voice.speech.voice import Voice
        printed, failures = [], []
        v = Voice.create(print_fallback=printed.append, on_failure=failures.append)
        ok = v.say("Hello.")
        subprocess.run(["pactl", "exit"], check=True)
        time.sleep(1.0)  # the idle stream notices; the next sentence must not be lost
        v.say({QUESTION!r})
        v.say_now({EMERGENCY!r})
        print(json.dumps({{"ok": ok, "printed": printed, "failures": [str(f) for f in failures]}}))
    """, env=room.env)
    out = result_json(proc)
    assert out["ok"] is True
    assert out["printed"] == [QUESTION, EMERGENCY]
    assert len(out["failures"]) == 1 and "output device" in str(out["failures"][0])


@pytest.mark.audio
def test_close_stops_the_speaker_stream(room: AudioRoom) -> None:
    proc = run_python("""
        import json
        from voice.speech.voice import Voice
        v = Voice.create(print_fallback=print)
        v.say("Hello.")
        before = v._speaker.stream_active
        v.close()
        print(json.dumps({"before": before, "after": v._speaker.stream_active, "speaking": v.speaking}))
    """, env=room.env)
    assert result_json(proc) == {"before": True, "after": False, "speaking": False}


@pytest.mark.audio
def test_device_lost_mid_sentence_falls_back_to_print(room: AudioRoom) -> None:
    proc = run_python(f"""
        import json, subprocess, time
        from voice.speech.voice import Voice
        printed, failures = [], []
        v = Voice.create(print_fallback=printed.append, on_failure=failures.append)
        v.say({LONG_TEXT!r}, wait=False)
        while v.current.played_seconds < 1.0:
            time.sleep(0.01)
        subprocess.run(["pactl", "exit"], check=True)
        v.wait(timeout=30)
        v.say("Is the twitching in one place?")
        v.say_now({EMERGENCY!r})
        print(json.dumps({{"printed": printed, "failures": [str(f) for f in failures]}}))
    """, env=room.env)
    out = result_json(proc)
    assert out["printed"] == [LONG_TEXT, "Is the twitching in one place?", EMERGENCY]
    assert len(out["failures"]) == 1


def test_no_speech_engine_prints_everything(tmp_path: Path) -> None:
    (tmp_path / "libespeak-ng.so.1").write_bytes(b"")
    env = dict(os.environ, LD_LIBRARY_PATH=str(tmp_path))
    proc = run_python(f"""
        import json
        from voice.speech.voice import Voice
        printed, failures = [], []
        v = Voice.create(print_fallback=printed.append, on_failure=failures.append)
        v.prepare([{EMERGENCY!r}])
        v.say({QUESTION!r})
        v.say_now({EMERGENCY!r})
        print(json.dumps({{"printed": printed, "failures": [str(f) for f in failures],
                          "fallback": v.fallback, "speaking": v.speaking}}))
    """, env=env)
    out = result_json(proc)
    assert out["printed"] == [QUESTION, EMERGENCY]
    assert len(out["failures"]) == 1 and "espeak" in str(out["failures"][0]).lower()
    assert out["fallback"] and not out["speaking"]


@pytest.mark.audio
def test_missing_output_device_prints_everything(room: AudioRoom) -> None:
    proc = run_python(f"""
        import json
        from voice.speech.voice import Voice
        printed, failures = [], []
        v = Voice.create(print_fallback=printed.append, on_failure=failures.append,
                         device="no-such-speaker-xyz")
        v.say({QUESTION!r})
        v.say("Goodbye.")
        print(json.dumps({{"printed": printed, "failures": [str(f) for f in failures]}}))
    """, env=room.env)
    out = result_json(proc)
    assert out["printed"] == [QUESTION, "Goodbye."]
    assert len(out["failures"]) == 1 and "no-such-speaker-xyz" in str(out["failures"][0])


def test_unknown_voice_is_raised_not_swallowed() -> None:
    proc = run_python("""
        import json
        from voice.speech.voice import Voice
        from voice.speech.tts import VoiceNotFound
        try:
            Voice.create(print_fallback=print, voice="klingon-warrior")
            print(json.dumps({"error": None}))
        except VoiceNotFound as exc:
            print(json.dumps({"error": str(exc)}))
    """)
    assert "klingon-warrior" in str(result_json(proc)["error"])
