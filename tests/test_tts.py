"""Real pyttsx3 + espeak-ng synthesis: what the user would hear, and nothing on stdout."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from tests.speechfixtures import (
    LONG_TEXT,
    QUESTION,
    result_json,
    run_python,
    voiced_seconds,
)
from voice.speech.tts import (
    MAX_RATE,
    MIN_RATE,
    SpeechUnavailable,
    Synthesizer,
    VoiceNotFound,
    find_voice,
)


@pytest.fixture(scope="module")
def synth() -> Synthesizer:
    return Synthesizer()


def test_question_is_audible_speech_of_plausible_length(synth: Synthesizer) -> None:
    clip = synth.synthesize(QUESTION)
    assert clip.sample_rate == 22_050
    assert clip.samples.dtype == np.int16
    assert clip.peak > 3000, "clip is (nearly) silent"
    # Seven words at 175 words per minute: a second or two, not a click or a minute.
    assert 0.8 < clip.duration < 5.0
    assert voiced_seconds(clip.samples, clip.sample_rate) > 0.7


def test_longer_text_gives_longer_clip(synth: Synthesizer) -> None:
    short = synth.synthesize(QUESTION)
    long = synth.synthesize(LONG_TEXT)
    assert long.duration > 3 * short.duration


def test_long_text_is_complete_every_time() -> None:
    # espeak-ng writes long texts after pyttsx3's runAndWait returns; the clip must
    # still be the whole text, and the next clip must not get its tail.
    s = Synthesizer(rate=180)
    first = s.synthesize(LONG_TEXT)
    short = s.synthesize("Yes.")
    s.rate = 181
    again = s.synthesize(LONG_TEXT)
    assert first.duration > 10
    assert abs(again.duration - first.duration) < 0.1 * first.duration
    assert short.duration < 1.5


def test_a_job_started_while_espeak_is_still_busy_gets_its_whole_clip() -> None:
    # Seen once in CI under load: espeak-ng was still finishing the previous utterance
    # when the next job started, pyttsx3 reported that one "not completed" at once, and
    # the clip was read before it was written: silence, cached for the session. Here
    # espeak-ng is made busy on purpose (a direct synthesis nobody listens to) just
    # before each job.
    from pyttsx3.drivers import _espeak

    s = Synthesizer(rate=190)
    whole = s.synthesize(LONG_TEXT)
    for n in range(20):
        _espeak.Synth(LONG_TEXT.encode(), flags=_espeak.ENDPAUSE | _espeak.CHARS_UTF8)
        clip = s.synthesize(LONG_TEXT + f" ({n})")
        assert abs(clip.duration - whole.duration) < 0.15 * whole.duration
        assert voiced_seconds(clip.samples, clip.sample_rate) > 0.5 * whole.duration


def test_faster_rate_gives_shorter_clip_every_time() -> None:
    s = Synthesizer()
    durations = []
    for rate in (120, 300, 120, 300):
        s.rate = rate
        durations.append(s.synthesize(QUESTION + f" ({rate})").duration)
    slow1, fast1, slow2, fast2 = durations
    assert fast1 < 0.7 * slow1 and fast2 < 0.7 * slow2


def test_cache_hit_returns_same_clip_without_synthesis(synth: Synthesizer) -> None:
    first = synth.synthesize("Do you have trouble swallowing?")
    count = synth.synth_count
    second = synth.synthesize("Do you have trouble swallowing?")
    assert second is first
    assert synth.synth_count == count


def test_prepare_warms_cache(synth: Synthesizer) -> None:
    texts = ["Is the twitching in one place?", "Does it come and go?"]
    for fut in synth.prepare(texts):
        fut.result(timeout=30)
    count = synth.synth_count
    assert all(synth.cached(t) is not None for t in texts)
    synth.synthesize(texts[0])
    assert synth.synth_count == count


def test_settings_are_part_of_cache_key(synth: Synthesizer) -> None:
    normal = synth.synthesize("Any weakness?")
    synth.volume = 0.3
    try:
        quiet = synth.synthesize("Any weakness?")
    finally:
        synth.volume = 1.0
    assert quiet is not normal
    assert quiet.peak < 0.5 * normal.peak


def test_disk_cache_survives_a_new_synthesizer(tmp_path: Path) -> None:
    first = Synthesizer(cache_dir=tmp_path).synthesize("Any numbness?")
    again = Synthesizer(cache_dir=tmp_path)
    clip = again.synthesize("Any numbness?")
    assert again.synth_count == 0
    assert np.array_equal(clip.samples, first.samples)


def test_slower_and_faster_stay_within_bounds() -> None:
    s = Synthesizer()
    start = s.rate
    assert s.slower() < start
    assert s.faster() == start
    for _ in range(50):
        s.faster()
    assert s.rate == MAX_RATE
    for _ in range(50):
        s.slower()
    assert s.rate == MIN_RATE
    with pytest.raises(ValueError, match="outside"):
        s.rate = 5000


def test_voice_by_id_or_name(synth: Synthesizer) -> None:
    voices = synth.list_voices()
    assert len(voices) > 10
    assert find_voice(voices, "gmw/en-us").id == "gmw/en-us"
    assert find_voice(voices, "America").id == "gmw/en-us"
    assert find_voice(voices, "english").name.startswith("English")
    s = Synthesizer(voice="en-us")
    assert s.voice == "gmw/en-us"
    assert s.synthesize(QUESTION).peak > 3000


def test_unknown_voice_is_a_clear_error_listing_voices() -> None:
    with pytest.raises(VoiceNotFound) as info:
        Synthesizer(voice="klingon-warrior")
    message = str(info.value)
    assert "klingon-warrior" in message
    assert "gmw/en-us" in message
    assert isinstance(info.value, SpeechUnavailable)


def test_nothing_is_printed_on_stdout() -> None:
    proc = run_python("""
        import json, sys
        from voice.speech.tts import Synthesizer
        s = Synthesizer()
        clip = s.synthesize("How long have you had the twitching?")
        s.rate = 250
        s.synthesize("Is it in one place?")
        sys.stderr.write(json.dumps({"duration": clip.duration}))
    """)
    assert proc.returncode == 0, proc.stderr.decode()
    assert proc.stdout == b""
    assert b"duration" in proc.stderr


def test_missing_espeak_is_speech_unavailable(tmp_path: Path) -> None:
    # A broken library of the same name earlier on the search path: dlopen fails the
    # way it does on a machine without espeak-ng.
    (tmp_path / "libespeak-ng.so.1").write_bytes(b"")
    env = dict(os.environ, LD_LIBRARY_PATH=str(tmp_path))
    proc = run_python("""
        import json
        from voice.speech.tts import Synthesizer, SpeechUnavailable
        reasons = []
        for _ in range(2):
            try:
                Synthesizer()
            except SpeechUnavailable as exc:
                reasons.append(exc.reason)
        print(json.dumps({"reasons": reasons}))
    """, env=env)
    reasons = result_json(proc)["reasons"]
    assert isinstance(reasons, list) and len(reasons) == 2
    assert "espeak" in reasons[0].lower()


def test_a_closed_voice_withdraws_its_prepared_clips_from_the_shared_engine() -> None:
    """One engine thread serves the whole process (every conversation of `twitchcheck
    serve`). A conversation that ends (a satellite hangs up right after its check began)
    must not leave its prepared prompts queued there: they were made for nobody while the
    next conversation's clips waited behind them, and the work competed for the CPU with
    audio that must play on time (the suspected cause of in-process speech tests failing
    after the satellite tests)."""
    import asyncio

    from voice.audio.network import NetworkOutput, Outbox
    from voice.speech.voice import Voice

    texts = [f"Question {i}: how long have you had the twitching in your left calf?" for i in range(40)]

    async def go() -> tuple[int, int]:
        sent: list[object] = []

        async def write(event: object) -> None:
            sent.append(event)

        ended = Synthesizer(rate=400)
        voice = Voice(ended, NetworkOutput(Outbox(write)), print_fallback=print)
        voice.prepare(texts)
        voice.close()  # the satellite hung up
        following = Synthesizer()
        await asyncio.to_thread(following.synthesize, "Hello. I will ask you a few questions.")
        await asyncio.to_thread(following.prepare(["First, are you having trouble breathing?"])[0].result, 60)
        made_for_nobody = ended.synth_count
        return made_for_nobody, len(texts)

    made_for_nobody, prepared = asyncio.run(go())
    assert made_for_nobody <= 2, f"{made_for_nobody} of {prepared} clips were made after their voice closed"
