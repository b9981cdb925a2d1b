"""PocketSphinx for real, on natural English speech from the Piper voice."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

import pytest

from voice.asr.base import Recognizer
from voice.asr.sphinx_engine import SphinxRecognizer
from voice.audio.capture import read_wav_16k

pytestmark = pytest.mark.slow
PHRASE = "i have trouble breathing"


@pytest.fixture(scope="module")
def sphinx() -> SphinxRecognizer:
    return SphinxRecognizer()


def stream(rec: Recognizer, pcm: bytes, chunk: int = 960) -> list[str]:
    partials = []
    for i in range(0, len(pcm), chunk):
        result = rec.accept(pcm[i:i + chunk])
        if result is not None:
            assert not result.final
            partials.append(result.text)
    return partials


def test_implements_the_recognizer_interface(sphinx: SphinxRecognizer) -> None:
    assert isinstance(sphinx, Recognizer)
    assert sphinx.supports_grammar


def test_recognizes_trouble_breathing_with_partials_on_the_way(
        sphinx: SphinxRecognizer, say: Callable[[str], Path]) -> None:
    pcm = read_wav_16k(say(PHRASE))
    partials = stream(sphinx, pcm)
    final = sphinx.final()
    assert final.final and final.text == PHRASE
    assert final.confidence is not None and 0.0 < final.confidence <= 1.0
    assert [w.word for w in final.words] == PHRASE.split()
    assert all(w.start is not None and w.end is not None and w.start < w.end for w in final.words)
    # Partial results grow during the utterance, before final() is called.
    assert len(partials) >= 3
    assert any("trouble" in p and "breathing" not in p for p in partials)


def test_grammar_restricts_and_clearing_it_restores_full_vocabulary(
        sphinx: SphinxRecognizer, say: Callable[[str], Path]) -> None:
    pcm = read_wav_16k(say(PHRASE))
    sphinx.set_grammar(["Yes", "no"])
    assert sphinx.grammar == ("yes", "no")
    stream(sphinx, pcm)
    restricted = sphinx.final()
    # The trap a grammar sets: any speech comes out as one of its words.
    assert restricted.text in {"yes", "no"} and restricted.grammar
    sphinx.set_grammar(None)
    stream(sphinx, pcm)
    full = sphinx.final()
    assert full.text == PHRASE and not full.grammar


def test_grammar_picks_the_spoken_phrase(sphinx: SphinxRecognizer,
                                         say: Callable[[str], Path]) -> None:
    sphinx.set_grammar(["yes", "no", "about three weeks", "a few days"])
    stream(sphinx, read_wav_16k(say("about three weeks")))
    assert sphinx.final().text == "about three weeks"
    sphinx.set_grammar(None)


def test_unknown_words_are_dropped_with_a_note(sphinx: SphinxRecognizer,
                                               caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="voice.asr.sphinx_engine"):
        sphinx.set_grammar(["yes", "zorblax twitch"])
        assert sphinx.grammar == ("yes",)
        sphinx.set_grammar(["zorblax"])
        assert sphinx.grammar is None  # nothing usable left: full vocabulary
    assert "dropped 'zorblax twitch'" in caplog.text


def test_keyphrase_spotting(say: Callable[[str], Path]) -> None:
    rec = SphinxRecognizer(grammar_mode="keyphrase")
    rec.set_grammar(["trouble breathing", "chest pain"])
    stream(rec, read_wav_16k(say(PHRASE)))
    assert rec.final().text == "trouble breathing"


def test_reset_discards_the_utterance(sphinx: SphinxRecognizer, say: Callable[[str], Path]) -> None:
    stream(sphinx, read_wav_16k(say(PHRASE)))
    sphinx.reset()
    assert sphinx.final().text == ""
    stream(sphinx, read_wav_16k(say("about three weeks")))
    assert sphinx.final().text == "about three weeks"
