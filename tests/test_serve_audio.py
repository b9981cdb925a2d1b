"""Satellite audio over Wyoming, end to end: the Piper patient's voice streamed by the
wyoming library's own `AsyncTcpClient` as `audio-chunk` events at the speed of speech,
into a real `twitchcheck serve` handler with real PocketSphinx and pyttsx3, over a
real loopback socket; the questions come back as audio, and are checked as sound."""

from __future__ import annotations

import asyncio
import gc
import threading
import time
import wave
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from wyoming.asr import Transcript
from wyoming.audio import AudioChunk, AudioStart
from wyoming.client import AsyncTcpClient

from tests.e2efixtures import SPEECH_WPM, doctor_answers
from tests.satellitefixtures import (
    Satellite,
    SpokenServer,
    answer_each_question,
    over,
    satellite,
    served_audio,
)
from tests.servefixtures import run
from tests.speechfixtures import voiced_seconds
from tests.voicefixtures import convert, say  # noqa: F401  (pytest fixture)
from voice.speech.tts import Synthesizer

pytestmark = pytest.mark.slow

Say = Callable[[str], Path]
MID_SENTENCE = ("it started in my calf two weeks ago and now i cant breathe and my chest feels tight "
                "and i am scared")


def heard(sat: Satellite) -> list[str]:
    return [str(e["text"]) for e in sat.skill_events() if e.get("type") == "heard"]


def outcome(sat: Satellite) -> dict[str, object]:
    [found] = [e for e in sat.skill_events() if e.get("type") == "outcome"]
    return found


def assert_questions_were_spoken(sat: Satellite) -> None:
    """Every question asked came back as speech: seconds of voice, not silence."""
    asked = [e for e in sat.skill_events() if e.get("type") == "ask"]
    clips = sat.speech()
    assert len(clips) >= len(asked) > 0, sat.story()
    for _, _, samples, rate in clips:
        assert rate == 22050
        assert voiced_seconds(samples, rate) > 0.06, "a clip of silence"  # "Good." is 0.12 s of voice
    total = sum(len(samples) / rate for _, _, samples, rate in clips)
    words = sum(len(str(e["text"]).split()) for e in sat.skill_events() if e.get("type") in ("ask", "say"))
    assert total > 0.5 * words / (SPEECH_WPM / 60), (total, words)  # the words, said at the served rate


def test_a_whole_spoken_check_at_16k_reaches_its_outcome(say: Say) -> None:
    answers = doctor_answers(say)

    async def go() -> Satellite:
        async with served_audio() as server, satellite(server) as sat:
            await sat.start(16000, 1)
            await answer_each_question(sat, answers)
            # The advice is spoken too, in full, before the service closes the connection.
            await asyncio.wait_for(sat.closed.wait(), 60)
            return sat

    sat = run(go(), timeout=300)
    story = sat.story()
    assert outcome(sat)["level"] == "doctor", story
    assert outcome(sat)["finished"] is True
    assert "no" in heard(sat), story
    assert not [e for e in sat.skill_events() if e.get("type") == "emergency"], story
    assert_questions_were_spoken(sat)
    # The outcome's words were the last thing said, after its event.
    at = sat.first_index(lambda e: e.type == "handled" and any(
        x.get("type") == "outcome" for x in e.data["context"]["events"]))
    assert any(r.event.type == "audio-chunk" for r in sat.events[at:]), story


def test_answers_at_other_rates_and_in_stereo_are_understood_in_two_checks_at_once(
        say: Say, tmp_path: Path) -> None:
    # Two satellites on one service at the same time, each with its own audio format.
    formats = [(22050, 2), (48000, 2)]

    def converter(rate: int, channels: int) -> Callable[[Path], tuple[Path, int, int]]:
        def converted(path: Path) -> tuple[Path, int, int]:
            out = tmp_path / f"{path.stem}-{rate}-{channels}.wav"
            return convert(path, out, rate=rate, channels=channels), rate, channels
        return converted

    async def one(server: SpokenServer, rate: int, channels: int) -> Satellite:
        answers = {"screening": [say("no")], "duration": [say("about two weeks")],
                   "location": [say("i want to stop")], "pattern": [say("i want to stop")]}
        async with satellite(server) as sat:
            await sat.start(rate, channels)
            await answer_each_question(sat, answers, convert=converter(rate, channels))
            await asyncio.wait_for(sat.closed.wait(), 60)
            return sat

    async def go() -> list[Satellite]:
        async with served_audio() as server:
            return list(await asyncio.gather(*(one(server, r, c) for r, c in formats)))

    for sat in run(go(), timeout=240):
        story = sat.story()
        events = sat.skill_events()
        # Each answer was understood the first time: "no" (PocketSphinx may write "nope")
        # moved on to the duration, and the duration was confirmed as two weeks.
        asks = [e.get("slot") for e in events if e.get("type") == "ask"]
        assert asks[:3] == ["screening", "duration", "location"], story
        confirms = [str(e.get("text")) for e in events if e.get("type") == "confirm"]
        assert any("two weeks" in c.lower() for c in confirms), story
        assert not [e for e in events if e.get("type") == "emergency"], story
        assert any(e.get("type") == "outcome" for e in events), story
        assert_questions_were_spoken(sat)


def test_a_red_flag_said_mid_sentence_gets_the_emergency_audio_before_the_person_stops(say: Say) -> None:
    answers = {"screening": [say("no")], "duration": [say(MID_SENTENCE)]}

    async def go() -> Satellite:
        async with served_audio() as server, satellite(server) as sat:
            await sat.start(16000, 1)
            speaking = asyncio.create_task(answer_each_question(sat, answers))
            await sat.wait_for(lambda _: over(sat), 90)
            await speaking  # the person finishes the sentence
            # The emergency message is spoken: its first breath and the rest (five clips came
            # before it: greeting, disclaimer, first question, its confirmation, second question).
            await sat.wait_for(lambda _: len(sat.speech()) >= 7, 30)
            return sat

    sat = run(go(), timeout=240)
    story = sat.story()
    emergency = [e for e in sat.skill_events() if e.get("type") == "emergency"]
    assert emergency and emergency[0]["red_flags"] == ["breathing"], story
    assert "911" in str(emergency[0]["text"])
    at = sat.first_index(lambda e: e.type == "handled" and any(
        x.get("type") == "emergency" for x in e.data["context"]["events"]))
    first_audio = next(r for r in sat.events[at:] if r.event.type == "audio-chunk")
    stopped = sat.sent_stops[-1]  # when the client sent audio-stop after the red-flag sentence
    assert first_audio.at < stopped, (first_audio.at, stopped)
    # Nothing was asked once the emergency was known; what came was the message, voiced.
    assert not any(e.get("type") == "ask" for e in sat.skill_events()[sat.skill_events().index(emergency[0]):])
    # The message is said in breaths (clips): together, more than two seconds of voice. The
    # number is now said "nine one one", shorter than "nine hundred and eleven" was, so its
    # first breath alone may be under two seconds.
    message = [(samples, rate) for start, _, samples, rate in sat.speech() if start >= sat.events[at].at]
    assert message and sum(voiced_seconds(samples, rate) for samples, rate in message) > 2.0, story


def test_with_barge_in_the_question_can_be_interrupted_but_the_greeting_answers_nothing(say: Say) -> None:
    # `serve --barge-in` (a satellite that cancels its own echo): the person says "no" over
    # the greeting, before any question was heard, then "no" over the first question.
    no = say("no")

    async def go() -> tuple[Satellite, float]:
        async with served_audio(barge_in=True) as server, satellite(server) as sat:
            await sat.start(16000, 1)
            await sat.wait_for(lambda ev: any(r.event.type == "audio-start" for r in ev), 30)
            await sat.speak(no)  # over the greeting
            await sat.wait_for(lambda _: sat.listening_count() >= 1, 30)  # the question is playing
            await asyncio.sleep(0.3)
            second = time.monotonic()
            await sat.speak(no)  # over the question
            await sat.wait_for(lambda _: sum(e.get("type") == "ask" for e in sat.skill_events()) >= 2, 30)
            return sat, second

    sat, second = run(go(), timeout=120)
    story = sat.story()
    events = sat.skill_events()
    assert [e.get("slot") for e in events if e.get("type") == "ask"][:2] == ["screening", "duration"], story
    assert not [e for e in events if e.get("type") == "emergency"], story
    # Only the "no" said over the question was heard: the one over the greeting answered nothing.
    answers = [r.at for r in sat.events if r.event.type == "handled" and any(
        x.get("type") == "heard" for x in r.event.data["context"]["events"])]
    assert len(answers) == 1 and answers[0] > second, story
    synth = Synthesizer(rate=SPEECH_WPM)
    greeting, disclaimer, question = (str(e["text"]) for e in events[:3])
    clips = sat.speech()
    full = [synth.synthesize(t).duration for t in (greeting, disclaimer, question)]
    sent = [len(samples) / rate for _, _, samples, rate in clips[:3]]
    # The greeting and disclaimer were said in full; the question was cut once the
    # person spoke, before they had finished.
    assert sent[0] > 0.95 * full[0] and sent[1] > 0.95 * full[1], (sent, full)
    assert sent[2] < 0.8 * full[2], (sent, full)
    assert clips[2][1] < sat.sent_stops[1], (clips[2][1], sat.sent_stops)


# ------------------------------------------------------------------ bad input


def test_a_chunk_before_audio_start_and_width_3_get_clear_errors_and_others_go_on(say: Say) -> None:
    async def go() -> tuple[list[str], Satellite]:
        errors: list[str] = []
        async with served_audio() as server, satellite(server) as sat:
            await sat.start(16000, 1)  # a check that must go on meanwhile
            async with AsyncTcpClient(server.host, server.port) as bad:
                await bad.write_event(AudioChunk(rate=16000, width=2, channels=1, audio=bytes(960)).event())
                reply = await asyncio.wait_for(bad.read_event(), 10)
                assert reply is not None and reply.type == "error"
                errors.append(f"{reply.data['code']}: {reply.data['text']}")
                await bad.write_event(AudioStart(rate=16000, width=3, channels=1).event())
                reply = await asyncio.wait_for(bad.read_event(), 10)
                assert reply is not None and reply.type == "error"
                errors.append(f"{reply.data['code']}: {reply.data['text']}")
                # The same connection still answers text after its bad audio.
                await bad.write_event(Transcript(text="check my twitching").event())
                reply = await asyncio.wait_for(bad.read_event(), 10)
                assert reply is not None and reply.type == "handled"
            await answer_each_question(sat, {"screening": [say("no")], "duration": [say("i want to stop")]})
            return errors, sat

    errors, sat = run(go(), timeout=180)
    assert errors[0].startswith("no-audio-start: audio-chunk before audio-start"), errors
    assert errors[1].startswith("bad-audio: audio-start: 'width': sample width 3 (24-bit) is not accepted"), errors
    assert "send width 2" in errors[1]
    assert heard(sat)[0] == "no" and over(sat), sat.story()


def test_a_client_that_vanishes_mid_utterance_frees_its_check_and_others_go_on(say: Say) -> None:
    async def go() -> tuple[int, int, Satellite]:
        async with served_audio(max_audio=1) as server:
            async with AsyncTcpClient(server.host, server.port) as gone:
                await gone.write_event(AudioStart(rate=16000, width=2, channels=1).event())
                await asyncio.sleep(0.5)
                with wave.open(str(say("about two weeks")), "rb") as w:
                    half = w.readframes(w.getnframes() // 2)
                await gone.write_event(AudioChunk(rate=22050, width=2, channels=1, audio=half).event())
            # It hung up mid-utterance: its thread ends and its place is free again.
            # The session is let go from the thread's last lines, so the thread may outlive
            # it by a moment: both are waited for, within the same 20 s.
            def threads() -> int:
                return sum(1 for t in threading.enumerate() if t.name.startswith("satellite-"))

            deadline = time.monotonic() + 20
            while (server.spoken.sessions or threads()) and time.monotonic() < deadline:
                await asyncio.sleep(0.05)
            left = len(server.spoken.sessions)
            threads_before = threads()
            async with satellite(server) as sat:  # the only place, taken again
                await sat.start(16000, 1)
                await answer_each_question(sat, {"screening": [say("no")], "duration": [say("i want to stop")]})
            return left, threads_before, sat

    left, threads, sat = run(go(), timeout=180)
    assert left == 0 and threads == 0
    assert heard(sat)[0] == "no" and over(sat), sat.story()


def test_spoken_checks_past_the_cap_are_refused_clearly_and_the_running_one_goes_on(say: Say) -> None:
    async def go() -> tuple[str, Satellite]:
        async with served_audio(max_audio=1) as server, satellite(server) as sat:
            await sat.start(16000, 1)
            async with AsyncTcpClient(server.host, server.port) as second:
                await second.write_event(AudioStart(rate=16000, width=2, channels=1).event())
                reply = await asyncio.wait_for(second.read_event(), 10)
            await answer_each_question(sat, {"screening": [say("no")], "duration": [say("i want to stop")]})
            assert reply is not None and reply.type == "error" and reply.data["code"] == "busy"
            return str(reply.data["text"]), sat

    text, sat = run(go(), timeout=180)
    assert "already running 1 spoken checks" in text and "call 911" in text
    assert heard(sat)[0] == "no" and over(sat), sat.story()


# ------------------------------------------------------------------ privacy


def _check_two_answers(say: Say, record_dir: Path | None) -> Satellite:
    async def go() -> Satellite:
        async with served_audio(record_dir=record_dir) as server:
            async with satellite(server) as sat:
                await sat.start(16000, 1)
                await answer_each_question(sat, {"screening": [say("no")],
                                                 "duration": [say("i want to stop")]})
            # The person walks away during the closing advice (its ~15 s add nothing here);
            # the check is over once its session has ended on the service.
            deadline = time.monotonic() + 20
            while server.spoken.sessions and time.monotonic() < deadline:
                await asyncio.sleep(0.05)
            assert not server.spoken.sessions, "the check went on after its satellite hung up"
            return sat

    return run(go(), timeout=180)


def test_record_dir_keeps_one_wav_per_utterance_named_by_conversation(say: Say, tmp_path: Path) -> None:
    folder = tmp_path / "rec"
    folder.mkdir()
    sat = _check_two_answers(say, folder)
    files = sorted(folder.iterdir())
    assert len(files) == len(heard(sat)) == 2, (files, sat.story())
    conversation = sat.skill_events() and next(
        r.event.data["context"]["conversation_id"] for r in sat.events if r.event.type == "handled")
    for path in files:
        assert path.name.startswith(f"{conversation}-") and path.suffix == ".wav"
        with wave.open(str(path), "rb") as w:
            assert (w.getframerate(), w.getnchannels(), w.getsampwidth()) == (16000, 1, 2)
            samples = np.frombuffer(w.readframes(w.getnframes()), dtype=np.int16)
        assert voiced_seconds(samples, 16000) > 0.2  # the person's words are in it


def test_without_record_dir_no_audio_is_written(say: Say, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    before = set(tmp_path.rglob("*"))
    sat = _check_two_answers(say, None)
    assert len(heard(sat)) == 2, sat.story()
    gc.collect()
    assert set(tmp_path.rglob("*.wav")) - before == set()
