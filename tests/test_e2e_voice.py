"""End to end: the real `twitchcheck`, spoken to through the virtual audio room.

Each test starts a room (PulseAudio null devices), runs `twitchcheck --jsonl` as
a separate process on the default devices, plays the patient's answers (the
Piper voice) into the virtual microphone whenever the skill says it is
listening, and records the virtual speaker. Nothing is mocked. Assertions are
about what a person would notice, by order and presence, never by latency.
"""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.audioroom import AudioRoom
from tests.cli import command
from tests.e2efixtures import (
    FAST,
    NO_TO_THE_REST,
    OVER_ANSWER,
    SPEECH_WPM,
    Event,
    Patient,
    SpokenResult,
    doctor_answers,
    is_final_heard,
    is_partial_heard,
    jsonl,
    no_sound_env,
    run_spoken,
    silent_gaps,
    speech_spoken_after_emergency,
    spoken_words,
    voiced_seconds,
)
from tests.voicefixtures import convert
from voice.speech.tts import Synthesizer

pytestmark = pytest.mark.audio

Say = Callable[[str], Path]


def summary_value(outcome: Event, label_part: str) -> str:
    items = outcome["summary"]["items"]  # type: ignore[index]
    for item in items:
        if label_part.lower() in item["label"].lower():
            return str(item["value"])
    raise AssertionError(f"no {label_part!r} in the summary: {items}")


# ---------------------------------------------------------------- 1. a whole conversation


def test_whole_spoken_conversation_ends_with_see_a_doctor(room: AudioRoom, say: Say,
                                                          tmp_path: Path) -> None:
    transcript = tmp_path / "live.jsonl"
    seen_in_transcript: list[int] = []

    def check_transcript_live(event: Event, _room: AudioRoom | None) -> None:
        # Written as it happens: by the first `listening`, the file already holds it.
        if event["type"] == "listening" and not seen_in_transcript:
            lines = transcript.read_text().splitlines()
            seen_in_transcript.append(len(lines))
            assert json.loads(lines[-1])["event"]["type"] == "listening"

    run = run_spoken(room, Patient(doctor_answers(say)), "--asr", "pocketsphinx", *FAST,
                     "--transcript", str(transcript), on_event=check_transcript_live)
    story = run.describe()
    assert run.returncode == 0, story
    assert "Traceback" not in run.stderr, story
    outcome = run.outcome()
    assert outcome["level"] == "doctor", story
    assert outcome["finished"] is True
    assert "three weeks" in summary_value(outcome, "duration")
    assert "calf" in summary_value(outcome, "where")
    assert run.of("end")[-1]["reason"] == "finished"

    listening = run.of("listening")
    asked = [e["slot"] for e in run.of("ask")]
    assert listening and all(e["slot"] in asked for e in listening), story
    # Every listening turn names the question it listens for, in the order asked.
    assert [e["slot"] for e in listening][:2] == ["screening", "duration"]
    assert run.of("heard", final=True) and run.of("heard", final=False), story
    assert any("three weeks" in str(e["text"]) for e in run.of("heard", final=False)), \
        "partial results stream while the person speaks"
    assert seen_in_transcript and seen_in_transcript[0] >= 4

    # The speaker really spoke: about as much sound as the words take at this rate,
    # with silences where the skill listened instead of talking.
    recording = run.speaker
    assert recording is not None, story
    words = spoken_words(run.events)
    expected = words / (SPEECH_WPM / 60)
    voiced = voiced_seconds(recording)
    assert 0.4 * expected <= voiced <= 2.0 * expected, (voiced, expected, words)
    assert len(silent_gaps(recording, 1.0)) >= len(listening) - 1, silent_gaps(recording, 1.0)


# ---------------------------------------------------------------- 2. red flags


RED_FLAG_CASES = {
    # Said in one breath while answering "how long": the emergency must not wait for the end.
    "cant_breathe_mid_sentence": (
        "duration",
        ("it started in my calf two weeks ago and now i cant breathe and my chest feels tight "
         "and i am scared")),
    "trouble_breathing_later": (
        "location",
        "i have trouble breathing and my chest feels tight and i am scared"),
}


def spoken_red_flags(text: str) -> list[str]:
    """What the red-flag detector finds in recognizer output (`twitchcheck detect --spoken`)."""
    proc = subprocess.run([*command(), "detect", "--spoken"], input=text + "\n",
                          capture_output=True, text=True, timeout=60, check=True)
    return list(json.loads(proc.stdout)["red_flags"])


@pytest.mark.parametrize("case", list(RED_FLAG_CASES))
def test_red_flag_interrupts_the_person_and_the_emergency_message_is_spoken(
        room: AudioRoom, say: Say, case: str) -> None:
    slot, sentence = RED_FLAG_CASES[case]
    answers: dict[str | None, list[Path | None]] = {
        "screening": [say("no")], "duration": [say("about two weeks")]}
    answers[slot] = [say(sentence), None]  # afterwards the person says nothing more
    # After the message the skill stays available for "repeat"; the person closes it with Ctrl-C.
    run = run_spoken(room, Patient(answers), "--asr", "pocketsphinx", *FAST,
                     interrupt_after=speech_spoken_after_emergency)
    story = run.describe()
    assert run.returncode == 4, story
    assert "Traceback" not in run.stderr, story

    at = run.index(lambda e: e["type"] == "emergency")
    emergency = run.events[at]
    assert emergency["red_flags"] == ["breathing"], story
    assert "911" in str(emergency["text"])
    assert run.outcome()["level"] == "emergency"
    assert run.of("end")[-1]["reason"] == "emergency"
    assert "EMERGENCY" in run.stderr  # also on stderr, for whoever watches the terminal

    # Heard while the person was still talking: a partial result carried the words,
    # the utterance's final result had not come, and its audio was still playing.
    listened = max(i for i in range(at) if run.events[i]["type"] == "listening")
    between = run.events[listened:at]
    partials = [str(e["text"]) for e in between if is_partial_heard(e)]
    assert partials, story
    assert spoken_red_flags(partials[-1]) == ["breathing"], partials[-1]
    assert not any(is_final_heard(e) for e in between), story
    assert run.mic_busy[at], "the emergency came only after the person stopped speaking"
    # Nothing else is asked once the emergency is known.
    assert not any(e["type"] == "ask" for e in run.events[at:]), story

    # The message was really spoken: plenty of sound after the emergency was raised
    # (the person's own words went into the microphone, not the speaker).
    recording = run.speaker
    assert recording is not None
    since = run.received[at] - run.speaker_started - 0.5
    message_seconds = len(str(emergency["text"]).split()) / (SPEECH_WPM / 60)
    assert voiced_seconds(recording, start=since) >= 0.5 * message_seconds, \
        (voiced_seconds(recording, start=since), message_seconds)


def emergency_while_talking(run: SpokenResult) -> Event:
    """The emergency event, checked to have come before the answer's final result,
    while the answer was still being played into the microphone."""
    story = run.describe()
    assert run.returncode == 4, story
    at = run.index(lambda e: e["type"] == "emergency")
    listened = max(i for i in range(at) if run.events[i]["type"] == "listening")
    assert not any(is_final_heard(e) for e in run.events[listened:at]), story
    assert run.mic_busy[at], "the emergency came only after the person stopped speaking"
    # --verbose says which listening channel heard it first.
    assert re.search(r"first heard by the (safety|safety-held|spotter) channel", run.stderr), story
    return run.events[at]


def test_red_flag_early_in_a_long_answer_interrupts_it(room: AudioRoom, say: Say) -> None:
    answers: dict[str | None, list[Path | None]] = {
        "screening": [say("no")],
        "duration": [say("i passed out this morning and it started in my left calf about two weeks "
                         "ago and it keeps coming back every day and it is worse at night"), None]}
    run = run_spoken(room, Patient(answers), "--asr", "pocketsphinx", "--verbose", *FAST,
                     interrupt_after=speech_spoken_after_emergency)
    emergency = emergency_while_talking(run)
    assert emergency["red_flags"] == ["consciousness"], run.describe()


def test_red_flag_after_a_pause_interrupts_the_answer(room: AudioRoom, say: Say,
                                                      tmp_path: Path) -> None:
    from tests.speechfixtures import join_speech

    # A 0.45 s pause: shorter than the 0.7 s that ends an answer, so one utterance.
    answer = join_speech([say("it started two weeks ago"), 0.45,
                          say("i have trouble breathing and i am really scared about it")],
                         tmp_path / "pause.wav")
    answers: dict[str | None, list[Path | None]] = {
        "screening": [say("no")], "duration": [answer, None]}
    run = run_spoken(room, Patient(answers), "--asr", "pocketsphinx", "--verbose", *FAST,
                     interrupt_after=speech_spoken_after_emergency)
    emergency = emergency_while_talking(run)
    assert emergency["red_flags"] == ["breathing"], run.describe()


DENIALS = {
    "can_breathe_fine_then_more_talk":
        "about two weeks and i can breathe fine and the twitching is in my left calf",
    "can_breathe_fine_first": "i can breathe fine and it started about two weeks ago",
    "no_trouble_breathing": "about two weeks and no trouble breathing at all",
}


@pytest.mark.parametrize("case", list(DENIALS))
def test_a_denial_followed_by_more_talk_never_escalates(room: AudioRoom, say: Say, case: str) -> None:
    answers: dict[str | None, list[Path | None]] = {
        "screening": [say("no")], "duration": [say(DENIALS[case])]}

    def next_question_or_alarm(events: list[Event]) -> bool:
        # The denial's final result came before the next question: by the time the skill
        # listens for another answer, it has judged every word of the denial. Ctrl-C then
        # ends the check (a false alarm would leave it waiting for "repeat": Ctrl-C too).
        return any(e["type"] == "emergency" for e in events) or any(
            e["type"] == "listening" and e["slot"] not in ("screening", "duration") for e in events)

    run = run_spoken(room, Patient(answers), "--asr", "pocketsphinx", *FAST,
                     interrupt_after=next_question_or_alarm)
    story = run.describe()
    assert not run.of("emergency"), story
    assert "Traceback" not in run.stderr, story
    # The check went on past the answer to the next question, as for any answer.
    asks = [i for i, e in enumerate(run.events) if e["type"] == "ask"]
    assert [run.events[i]["slot"] for i in asks[:2]] == ["screening", "duration"], story
    assert len(asks) >= 3, story
    # ... after the whole denial was heard: its final result came between the two questions.
    assert any(is_final_heard(e) for e in run.events[asks[1]:asks[2]]), story
    assert run.returncode == 130, story


def test_with_barge_in_words_over_the_greeting_answer_nothing_and_the_question_is_answered(
        room: AudioRoom, say: Say) -> None:
    # `--barge-in` (headphones): "no" is said into the microphone as the greeting starts,
    # before any question was asked, then again as soon as the first question is being
    # asked (the skill says it listens as the question starts).
    no = say("no")
    players = []

    def over_the_greeting(event: Event, room_: AudioRoom | None) -> None:
        if event["type"] == "say" and event.get("kind") == "greeting" and room_ is not None:
            players.append(room_.play_into_mic(no, wait=False))

    run = run_spoken(room, Patient({"screening": [no]}), "--asr", "pocketsphinx", "--barge-in", *FAST,
                     on_event=over_the_greeting, record=False,
                     interrupt_after=lambda events: any(
                         e["type"] == "ask" and e["slot"] == "duration" for e in events))
    story = run.describe()
    assert players, story
    assert not run.of("emergency") and "Traceback" not in run.stderr, story
    asks = [i for i, e in enumerate(run.events) if e["type"] == "ask"]
    assert [run.events[i]["slot"] for i in asks[:2]] == ["screening", "duration"], story
    # The skill began listening only once the greeting and disclaimer had been said in
    # full (it did not stop for the "no" over them), and heard one answer after that.
    greeting = run.index(lambda e: e["type"] == "say")
    listening = run.index(lambda e: e["type"] == "listening")
    said_first = Synthesizer(rate=SPEECH_WPM)
    before = sum(said_first.synthesize(str(e["text"])).duration for e in run.events[greeting:asks[0]])
    assert run.received[listening] - run.received[greeting] > 0.9 * before, story
    finals = [i for i, e in enumerate(run.events) if is_final_heard(e)]
    assert len(finals) == 1 and listening < finals[0] < asks[1], story
    assert run.returncode == 130, story


# ---------------------------------------------------------------- 3. silence, repeat, go back


def test_silence_reprompts_then_repeat_and_go_back_change_the_answer(room: AudioRoom,
                                                                      say: Say) -> None:
    patient = Patient({
        "screening": [None, say("no")],  # silent at first
        "duration": [say("about two weeks"), say("about five weeks")],
        "location": [say("repeat the question"), say("go back"), say("in my left calf and it comes and goes")],
        "multiple_locations": [say("i want to stop")],
    })
    # Default --asr: no Vosk model here, so it falls back to PocketSphinx and says so.
    run = run_spoken(room, patient, *FAST, "--reprompt-after", "2")
    story = run.describe()
    assert "Traceback" not in run.stderr, story
    assert "PocketSphinx" in run.stderr, story

    asks = run.of("ask")
    first, reprompt = asks[0], asks[1]
    assert first["slot"] == reprompt["slot"] == "screening"
    assert first["reprompt"] is False and reprompt["reprompt"] is True, story
    assert len(str(reprompt["text"])) < len(str(first["text"]))
    # Nothing was heard before the reprompt: it came from silence, not a misheard word.
    assert not any(is_final_heard(e) for e in run.events[:run.events.index(reprompt)])

    slots = [e["slot"] for e in asks]
    location = slots.index("location")
    assert slots[location:location + 4] == ["location", "location", "duration", "location"], story
    repeated = asks[location + 1]
    assert repeated["text"] == asks[location]["text"], story  # "repeat": the same question again
    assert any(e["type"] == "say" and "change" in str(e["text"]) for e in run.events), story

    assert run.returncode == 3, story  # stopped before the last question
    outcome = run.outcome()
    assert outcome["finished"] is False
    duration = summary_value(outcome, "duration")
    assert "five weeks" in duration and "two" not in duration, duration
    assert run.of("end")[-1]["reason"] == "stopped"


# ---------------------------------------------------------------- 4. answer files, transcript, summary


def test_answer_files_at_any_sample_rate_reach_an_outcome_with_transcript_and_summary(
        say: Say, tmp_path: Path) -> None:
    # Different rates and channel counts, as recorded by different devices.
    files = [convert(say("no"), tmp_path / "screening-8k.wav", rate=8000),
             convert(say(OVER_ANSWER), tmp_path / "duration-44k-stereo.wav", rate=44100, channels=2),
             convert(say("no"), tmp_path / "multiple-48k.wav", rate=48000),
             say("mild")]
    files += [convert(say("no"), tmp_path / f"{slot}-8k.wav", rate=8000)
              for slot in NO_TO_THE_REST[1:]]
    transcript = tmp_path / "transcript.jsonl"
    summary = tmp_path / "visit-summary"
    # No sound server: the questions are printed, the answers come from the files.
    proc = subprocess.run(
        [*command(), "--jsonl", "--asr", "pocketsphinx", "--audio-in", *map(str, files),
         "--transcript", str(transcript), "--summary", str(summary)],
        env=no_sound_env(), capture_output=True, text=True, timeout=120, check=False)
    events = jsonl(proc.stdout)
    heard = [str(e["text"]) for e in events if is_final_heard(e)]
    assert proc.returncode == 0, (heard, proc.stderr[-2000:])
    assert "Traceback" not in proc.stderr
    outcome = [e for e in events if e["type"] == "outcome"][-1]
    assert outcome["level"] == "doctor"
    assert "three weeks" in summary_value(outcome, "duration")
    assert heard[0].startswith("no") and "three weeks" in heard[1], heard

    # The transcript holds every event, in order, each with its time.
    records = [json.loads(line) for line in transcript.read_text().splitlines()]
    assert [r["event"] for r in records] == events
    assert all(re.match(r"\d{4}-\d\d-\d\dT", r["at"]) for r in records)
    times = [r["t"] for r in records]
    assert times == sorted(times)

    markdown = summary.read_text()
    assert markdown.startswith("# Muscle twitching: summary for a doctor")
    assert "three weeks" in markdown and "left calf" in markdown
    data = json.loads(summary.with_name(summary.name + ".json").read_text())
    assert data["outcome"]["level"] == "doctor"
    assert data["emergency"] is None


# ---------------------------------------------------------------- 6. devices


def test_list_devices_in_the_room_shows_pulse_and_default(room: AudioRoom) -> None:
    proc = subprocess.run([*command(), "--list-devices"], env=room.env, capture_output=True,
                          text=True, timeout=60, check=False)
    assert proc.returncode == 0, proc.stderr
    assert "pulse" in proc.stdout and "default" in proc.stdout, proc.stdout


def test_unknown_input_device_is_a_usage_error(room: AudioRoom) -> None:
    proc = subprocess.run([*command(), "--input-device", "nosuchdevice", "--asr", "pocketsphinx"],
                          env=room.env, capture_output=True, text=True, timeout=60,
                          stdin=subprocess.DEVNULL, check=False)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "nosuchdevice" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert "pulse" in proc.stderr or "default" in proc.stderr  # it shows what there is
