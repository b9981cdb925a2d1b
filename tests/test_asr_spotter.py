"""The red-flag spotter for real: PocketSphinx keyphrase spotting on Piper speech,
and the Vosk grammar spotter on the Korean model (the only Vosk model here)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from voice.asr.spotter import KeyPhrase, SphinxSpotter, VoskSpotter, spotter_for
from voice.asr.vosk_engine import VoskRecognizer
from voice.audio.capture import read_wav_16k

pytestmark = pytest.mark.slow


def spot(spotter: Any, pcm: bytes, chunk: int = 960) -> list[Any]:
    hits = []
    for i in range(0, len(pcm), chunk):
        hits += spotter.accept(pcm[i:i + chunk])
    return hits + spotter.final()


def test_sphinx_spotter_hears_a_red_flag_phrase_inside_a_longer_answer(
        say: Callable[[str], Path]) -> None:
    spotter = SphinxSpotter()
    assert spotter.available
    pcm = read_wav_16k(say("it started in my calf two weeks ago and now i have trouble breathing"))
    hits = spot(spotter, pcm)
    assert "trouble breathing" in [h.phrase.text for h in hits]
    (found,) = [h for h in hits if h.phrase.text == "trouble breathing"]
    assert found.phrase.flag == "breathing" and found.phrase.critical
    seconds = len(pcm) / 32000
    # The phrase is the answer's last words: its end is near the end of the speech.
    assert seconds - 1.0 < found.end <= seconds + 0.05 and found.start < found.end


def test_sphinx_spotter_reports_each_hit_once_and_starts_afresh_per_utterance(
        say: Callable[[str], Path]) -> None:
    spotter = SphinxSpotter()
    pcm = read_wav_16k(say("i passed out this morning"))
    first = [h.phrase.text for h in spot(spotter, pcm)]
    assert first.count("passed out") == 1
    assert [h.phrase.text for h in spot(spotter, pcm)] == first


def test_sphinx_spotter_drops_words_missing_from_the_dictionary(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO):
        spotter = SphinxSpotter([KeyPhrase(text="qwzx breathing", flag="breathing"),
                                 KeyPhrase(text="seizure", flag="seizure", critical=True)])
    assert list(spotter.phrases) == ["seizure"]
    assert "qwzx" in caplog.text


def test_vosk_spotter_spots_phrases_of_its_grammar_korean_model(
        ko_model: Any, ko_model_dir: Path, korean_yes_no: Path) -> None:
    # The code path an English model takes, with Korean words the model knows.
    spotter = VoskSpotter(ko_model, [KeyPhrase(text="아니요", flag="breathing", critical=True)])
    assert spotter.available
    hits = spot(spotter, read_wav_16k(korean_yes_no), chunk=3200)
    assert [h.phrase.text for h in hits] == ["아니요"]
    assert hits[0].end >= hits[0].start


def test_vosk_spotter_is_off_when_the_model_knows_no_red_flag_phrase_korean_model(
        ko_model: Any, ko_model_dir: Path, caplog: pytest.LogCaptureFixture) -> None:
    recognizer = VoskRecognizer(ko_model, model_dir=ko_model_dir)
    with caplog.at_level(logging.INFO):
        spotter = spotter_for(recognizer)
    assert isinstance(spotter, VoskSpotter) and not spotter.available
    assert "spotter is off" in caplog.text
    assert spotter.accept(bytes(3200)) == [] and spotter.final() == []


def test_vosk_spotter_feeds_the_listener_on_the_safety_audio_korean_model(
        ko_model: Any, ko_model_dir: Path, korean_yes_no: Path) -> None:
    from voice.audio.capture import FileSource
    from voice.listen import Listener, SafetyHeard, SpotterHeard

    spotter = VoskSpotter(ko_model, [KeyPhrase(text="아니요", flag="breathing", critical=True)])
    listener = Listener(VoskRecognizer(ko_model, model_dir=ko_model_dir), spotter=spotter)
    events = list(listener.listen(FileSource([korean_yes_no], pad_seconds=1.0)))
    hits = [e for e in events if isinstance(e, SpotterHeard)]
    assert [h.phrase for h in hits] == ["아니요"] and hits[0].critical
    final = next(i for i, e in enumerate(events) if isinstance(e, SafetyHeard) and e.final)
    assert events.index(hits[0]) < final
