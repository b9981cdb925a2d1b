"""The two listening channels on one stream, with PocketSphinx and Piper speech."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from voice.asr.sphinx_engine import SphinxRecognizer
from voice.audio.capture import FileSource, read_wav_16k
from voice.endpoint import EndpointConfig
from voice.listen import (
    AnswerHeard,
    Listener,
    ListenEvent,
    NoSpeech,
    SafetyHeard,
    SpeechStarted,
)

pytestmark = pytest.mark.slow
EMERGENCY = "i have trouble breathing"


@pytest.fixture()
def listener() -> Listener:
    return Listener(SphinxRecognizer(), SphinxRecognizer())


def of(events: list[ListenEvent], kind: type) -> list:
    return [e for e in events if isinstance(e, kind)]


def test_safety_partials_reach_the_red_flag_detector_before_the_utterance_ends(
        listener: Listener, say: Callable[[str], Path]) -> None:
    events = list(listener.listen(FileSource([say(EMERGENCY)], pad_seconds=1.0)))
    assert isinstance(events[0], SpeechStarted)
    partials = [e for e in of(events, SafetyHeard) if not e.final]
    first_with_trouble = next(i for i, e in enumerate(events)
                              if isinstance(e, SafetyHeard) and "trouble" in e.text)
    final_index = next(i for i, e in enumerate(events) if isinstance(e, SafetyHeard) and e.final)
    assert partials and first_with_trouble < final_index
    final = events[final_index]
    assert isinstance(final, SafetyHeard) and final.text == EMERGENCY
    heard = final.to_heard()
    assert heard.type == "heard" and heard.final and heard.text == EMERGENCY


def test_without_grammar_the_answer_reuses_the_safety_result(
        listener: Listener, say: Callable[[str], Path]) -> None:
    events = list(listener.listen(FileSource([say("about three weeks")])))
    assert not listener.answer_channel_separate
    (answer,) = of(events, AnswerHeard)
    (safety_final,) = [e for e in of(events, SafetyHeard) if e.final]
    assert answer.text == safety_final.text == "about three weeks"
    assert answer.confidence == safety_final.confidence and answer.grammar is None
    assert answer.ended_by == "silence"


def test_grammar_restricts_the_answer_but_never_the_safety_channel(
        listener: Listener, say: Callable[[str], Path]) -> None:
    listener.set_grammar(["yes", "no", "about three weeks"])
    assert listener.answer_channel_separate
    events = list(listener.listen(FileSource([say(EMERGENCY), say("about three weeks")])))
    answers = of(events, AnswerHeard)
    finals = [e.text for e in of(events, SafetyHeard) if e.final]
    assert finals == [EMERGENCY, "about three weeks"]
    assert answers[1].text == "about three weeks"
    # The grammar turned the emergency into an "answer"; only the safety channel tells the truth.
    assert answers[0].text != EMERGENCY and answers[0].grammar is not None


def test_grammar_set_mid_utterance_waits_for_the_next_one(
        listener: Listener, say: Callable[[str], Path]) -> None:
    pcm = read_wav_16k(say(EMERGENCY))
    listener.feed(bytes(16000) + pcm[: len(pcm) // 2])
    listener.set_grammar(["yes", "no"])
    assert listener.grammar is None
    events = listener.feed(pcm[len(pcm) // 2:] + bytes(32000))
    (answer,) = of(events, AnswerHeard)
    assert answer.text == EMERGENCY and answer.grammar is None
    assert listener.grammar == ("yes", "no")


def test_silence_only_gives_no_speech_not_an_empty_answer(say: Callable[[str], Path]) -> None:
    listener = Listener(SphinxRecognizer(), endpoint=EndpointConfig(no_speech_seconds=2.0))
    events = listener.feed(bytes(2 * 16000 * 5))
    assert [type(e) for e in events] == [NoSpeech, NoSpeech]
    first = events[0]
    assert isinstance(first, NoSpeech) and first.waited == 2.0


def test_input_ending_mid_utterance_still_gives_the_answer(
        listener: Listener, say: Callable[[str], Path]) -> None:
    events = list(listener.listen(FileSource([say(EMERGENCY)], pad_seconds=0.0)))
    (answer,) = of(events, AnswerHeard)
    assert answer.ended_by == "end_of_input" and answer.text == EMERGENCY


def test_callback_receives_the_same_events(say: Callable[[str], Path]) -> None:
    seen: list[ListenEvent] = []
    listener = Listener(SphinxRecognizer(), on_event=seen.append)
    returned = list(listener.listen(FileSource([say("yes")])))
    assert seen == returned and of(returned, AnswerHeard)[0].text == "yes"


def test_spotter_channel_reports_a_red_flag_phrase_on_stream_time_before_the_final(
        say: Callable[[str], Path]) -> None:
    from voice.asr.spotter import SphinxSpotter
    from voice.listen import SpotterHeard

    listener = Listener(SphinxRecognizer(), spotter=SphinxSpotter())
    lead = 1.0
    speech = read_wav_16k(say("it started two weeks ago and now i have trouble breathing"))
    events = list(listener.listen([bytes(int(lead * 32000)) + speech + bytes(32000)]))
    hits = [e for e in events if isinstance(e, SpotterHeard) and e.phrase == "trouble breathing"]
    assert hits, [e for e in events if not isinstance(e, SafetyHeard)]
    final_index = next(i for i, e in enumerate(events) if isinstance(e, SafetyHeard) and e.final)
    assert events.index(hits[0]) < final_index
    # Times are stream seconds: the phrase ends where the speech ends (after the lead silence).
    end_of_speech = lead + len(speech) / 32000
    assert end_of_speech - 0.5 < hits[0].end <= end_of_speech + 0.05
    assert hits[0].at >= hits[0].end


def test_without_a_spotter_nothing_but_the_two_channels_speaks(say: Callable[[str], Path]) -> None:
    from voice.listen import SpotterHeard

    listener = Listener(SphinxRecognizer())
    events = list(listener.listen(FileSource([say("i have trouble breathing")])))
    assert not [e for e in events if isinstance(e, SpotterHeard)]
