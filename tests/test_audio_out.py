"""Playback for real, in the virtual audio room, checked by recording the speaker."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from tests.audioroom import AudioRoom
from tests.speechfixtures import (
    LONG_TEXT,
    QUESTION,
    record_while,
    result_json,
    run_python,
    voiced_seconds,
)
from voice.speech.tts import Synthesizer

pytestmark = pytest.mark.audio


@pytest.mark.realtime  # sub-second gaps, lengths or CPU use are asserted
def test_played_clip_is_heard_for_its_length(room: AudioRoom, tmp_path: Path) -> None:
    proc, rec = record_while(room, tmp_path / "spk.wav", f"""
        import json
        from voice.speech.tts import Synthesizer
        from voice.audio.playback import Speaker
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


@pytest.mark.realtime  # sub-second gaps, lengths or CPU use are asserted
def test_stop_cuts_playback_short(room: AudioRoom, tmp_path: Path) -> None:
    proc, rec = record_while(room, tmp_path / "spk.wav", f"""
        import json, time
        from voice.speech.tts import Synthesizer
        from voice.audio.playback import Speaker
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


@pytest.mark.realtime  # sub-second gaps, lengths or CPU use are asserted
def test_clip_at_another_rate_plays_at_the_right_speed(room: AudioRoom, tmp_path: Path) -> None:
    # A 16 kHz 440 Hz tone on the 22.05 kHz speaker must still be 440 Hz and 1.5 s long.
    proc, rec = record_while(room, tmp_path / "spk.wav", """
        import json
        import numpy as np
        from voice.audio.clip import Clip
        from voice.audio.playback import Speaker
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
        from voice.audio.output import AudioOutputError
        from voice.audio.playback import Speaker
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
        from voice.speech.tts import Synthesizer
        from voice.audio.output import AudioOutputError
        from voice.audio.playback import Speaker
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


@pytest.mark.realtime  # sub-second gaps, lengths or CPU use are asserted
def test_back_to_back_clips_play_in_order_without_a_gap(room: AudioRoom, tmp_path: Path) -> None:
    # One stream for the speaker's lifetime: the next clip is pulled at once, not after a
    # new stream's start-up (about 2 s per clip in this room with a stream per clip).
    texts = [QUESTION, "Is the twitching in one place?", "Does it come and go?"]
    proc, rec = record_while(room, tmp_path / "spk.wav", f"""
        import json
        from voice.speech.tts import Synthesizer
        from voice.audio.playback import Speaker
        synth = Synthesizer()
        clips = [synth.synthesize(t) for t in {texts!r}]
        speaker = Speaker()
        done = [speaker.play_blocking(c) for c in clips]
        print(json.dumps({{"completed": done, "active": speaker.stream_active,
                          "underflows": speaker.underflows}}))
    """)
    out = result_json(proc)
    assert out["completed"] == [True, True, True] and out["active"]
    synth = Synthesizer()
    clips = [synth.synthesize(t) for t in texts]
    # Measured by sound energy (matching clips by correlation drifts with PulseAudio's
    # resampling): all three are heard, as one run of speech whose pauses are no longer
    # than the clips' own, where a stream opened per clip left ~2 s between them.
    frame = rec.rate // 50
    rms = np.sqrt(np.mean(rec.samples[: len(rec.samples) // frame * frame].astype(np.float64)
                          .reshape(-1, frame) ** 2, axis=1))
    loud = np.flatnonzero(rms > 100)
    assert len(loud), "nothing was heard"
    heard = (loud[-1] - loud[0] + 1) / 50
    voiced = sum(voiced_seconds(c.samples, c.sample_rate) for c in clips)
    total = sum(c.duration for c in clips)
    # Where the sound was, so that a failure says whether a pause opened between clips
    # or a stray sound came before or after them.
    breaks = np.flatnonzero(np.diff(loud) > 10)
    runs = [(loud[a] / 50, (loud[b] + 1) / 50)
            for a, b in zip(np.r_[0, breaks + 1], np.r_[breaks, len(loud) - 1], strict=True)]
    where = ("sound at " + ", ".join(f"{a:.2f}-{b:.2f} s" for a, b in runs)
             + f"; the speaker stream reported {out['underflows']} underflows")
    assert heard >= 0.8 * voiced, f"only {heard:.2f} s heard of {voiced:.2f} s of speech; {where}"
    assert heard <= total + 0.5, (
        f"{heard:.2f} s from first to last sound for {total:.2f} s of clips; {where}")
    longest_pause = max(np.diff(loud).max() - 1, 0) / 50
    assert longest_pause < 0.6, f"{longest_pause:.2f} s of silence between clips; {where}"


@pytest.mark.realtime  # sub-second gaps, lengths or CPU use are asserted
def test_idle_stream_outputs_silence(room: AudioRoom, tmp_path: Path) -> None:
    # The stream stays open all session; between clips it must play exact silence.
    proc, rec = record_while(room, tmp_path / "spk.wav", f"""
        import json, time
        from voice.speech.tts import Synthesizer
        from voice.audio.playback import Speaker
        clip = Synthesizer().synthesize({QUESTION!r})
        speaker = Speaker()
        time.sleep(2.0)
        completed = speaker.play_blocking(clip)
        n0 = speaker.callback_count
        time.sleep(4.0)
        print(json.dumps({{"completed": completed, "active": speaker.stream_active,
                          "idle_callbacks": speaker.callback_count - n0}}))
    """, tail=0.5)
    out = result_json(proc)
    assert out["completed"] and out["active"]
    assert int(out["idle_callbacks"]) > 50  # type: ignore[call-overload]  # the stream kept running
    clip = Synthesizer().synthesize(QUESTION)
    # The only sound on the recording is the clip: everything from the first to the last
    # non-silent sample spans about its length (a click or hiss while idle would stretch
    # it), with long stretches of idle stream before and after.
    loud = np.flatnonzero(np.abs(rec.samples.astype(np.int32)) >= 50)
    assert len(loud), "the clip was not heard"
    clip_loud = np.flatnonzero(np.abs(clip.samples.astype(np.int32)) >= 50)
    heard_span = (loud[-1] - loud[0]) / rec.rate
    clip_span = (clip_loud[-1] - clip_loud[0]) / clip.sample_rate
    assert abs(heard_span - clip_span) < 0.3, (heard_span, clip_span)
    assert loud[0] > rec.rate and len(rec.samples) - loud[-1] > 3 * rec.rate


@pytest.mark.realtime  # sub-second gaps, lengths or CPU use are asserted
def test_idle_stream_cpu_is_measured(room: AudioRoom, record_property: Callable[[str, object], None]) -> None:
    # Reported, not asserted (figures: benchmarks/bench_tts.py).
    proc = run_python("""
        import json, resource, time
        from voice.audio.playback import Speaker
        def cpu():
            r = resource.getrusage(resource.RUSAGE_SELF)
            return r.ru_utime + r.ru_stime
        speaker = Speaker()
        time.sleep(2.0)
        c0, w0, n0 = cpu(), time.monotonic(), speaker.callback_count
        time.sleep(3.0)
        wall = time.monotonic() - w0
        print(json.dumps({"cpu_percent": 100 * (cpu() - c0) / wall, "active": speaker.stream_active,
                          "callbacks_per_s": (speaker.callback_count - n0) / wall}))
    """, env=room.env)
    out = result_json(proc)
    assert out["active"] and float(out["callbacks_per_s"]) > 0  # type: ignore[arg-type]
    record_property("idle_stream_cpu_percent", out["cpu_percent"])
    print(f"idle stream: {float(out['cpu_percent']):.2f} % of one core, "  # type: ignore[arg-type]
          f"{float(out['callbacks_per_s']):.0f} callbacks/s")  # type: ignore[arg-type]


def test_close_stops_the_stream_and_play_reopens_it(room: AudioRoom) -> None:
    proc = run_python("""
        import json
        import numpy as np
        from voice.audio.clip import Clip
        from voice.audio.playback import Speaker
        tone = Clip((np.sin(np.arange(8000) / 5) * 8000).astype(np.int16), 16000)
        speaker = Speaker()
        opened = speaker.stream_active
        speaker.close()
        closed = speaker.stream_active
        completed = speaker.play_blocking(tone)
        reopened = speaker.stream_active
        speaker.close()
        print(json.dumps({"opened": opened, "closed": closed, "completed": completed,
                          "reopened": reopened, "final": speaker.stream_active}))
    """, env=room.env)
    out = result_json(proc)
    assert out == {"opened": True, "closed": False, "completed": True, "reopened": True, "final": False}
