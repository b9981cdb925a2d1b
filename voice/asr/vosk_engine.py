"""Vosk (Kaldi) recognizer behind the `Recognizer` interface.

Grammar traps handled here: Vosk parses the grammar as JSON but does not
undo `\\uXXXX` escapes, so the JSON must be written with ensure_ascii=False
(Korean words were silently "missing in vocabulary" otherwise); words the
model does not know are dropped by us, with a log line, before Vosk sees
them; "[unk]" is only offered when the model has it. Big models with a static
graph (HCLG.fst) cannot take a runtime grammar: `supports_grammar` is False.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from voice.asr.base import (
    EngineName,
    RecognitionResult,
    RecognizerError,
    WordInfo,
    speakable_phrases,
)

log = logging.getLogger(__name__)


def model_has_dynamic_graph(model_dir: Path) -> bool:
    graph = model_dir / "graph"
    return (graph / "HCLr.fst").is_file() and (graph / "Gr.fst").is_file()


class VoskRecognizer:
    engine: EngineName = "vosk"

    def __init__(self, model: Any, *, sample_rate: int = 16000, model_dir: Path | None = None,
                 grammar: Sequence[str] | None = None) -> None:
        self.sample_rate = sample_rate
        self._model = model
        self._dynamic = True if model_dir is None else model_has_dynamic_graph(Path(model_dir))
        self._grammar: tuple[str, ...] | None = None
        self._rec: Any = None
        self._committed: list[str] = []
        self._words: list[WordInfo] = []
        self._last_text = ""
        self._build(None)
        if grammar is not None:
            self.set_grammar(grammar)

    @property
    def supports_grammar(self) -> bool:
        return self._dynamic

    @property
    def model(self) -> Any:
        """The loaded `vosk.Model` (shared, e.g. with the red-flag spotter)."""
        return self._model

    @property
    def grammar(self) -> tuple[str, ...] | None:
        return self._grammar

    def _build(self, phrases: list[str] | None) -> None:
        import vosk

        try:
            if phrases is None:
                rec = vosk.KaldiRecognizer(self._model, self.sample_rate)
            else:
                rec = vosk.KaldiRecognizer(self._model, self.sample_rate,
                                           json.dumps(phrases, ensure_ascii=False))
        except Exception as exc:  # vosk raises a bare Exception on failure
            raise RecognizerError(f"Vosk could not create a recognizer: {exc}") from exc
        rec.SetWords(True)
        self._rec = rec
        self._clear()

    def _clear(self) -> None:
        self._committed, self._words, self._last_text = [], [], ""

    def _known(self, word: str) -> bool:
        return int(self._model.vosk_model_find_word(word)) >= 0

    def set_grammar(self, words: Sequence[str] | None) -> None:
        if words is None:
            self._grammar = None
            self._build(None)
            return
        if not self._dynamic:
            log.info("this Vosk model has a static graph and cannot take a grammar; "
                     "recognizing with the full vocabulary")
            self._grammar = None
            self._build(None)
            return
        kept = speakable_phrases(words, self._known, "the model's vocabulary", log)
        if not kept:
            self._grammar = None
            self._build(None)
            return
        self._grammar = tuple(kept)
        self._build(kept + (["[unk]"] if self._known("[unk]") else []))

    def _take(self, result: dict[str, Any]) -> None:
        text = str(result.get("text", "")).strip()
        if text:
            self._committed.append(text)
        for w in result.get("result", []):
            self._words.append(WordInfo(word=str(w["word"]), start=float(w["start"]),
                                        end=float(w["end"]), conf=float(w["conf"])))

    def accept(self, pcm16: bytes) -> RecognitionResult | None:
        if not pcm16:
            return None
        if self._rec.AcceptWaveform(pcm16):
            # Vosk found a pause on its own: keep that part, the utterance goes on.
            self._take(json.loads(self._rec.Result()))
            partial = ""
        else:
            partial = str(json.loads(self._rec.PartialResult()).get("partial", "")).strip()
        text = " ".join([*self._committed, partial]).strip()
        if text == self._last_text:
            return None
        self._last_text = text
        return RecognitionResult(text=text, final=False, engine=self.engine,
                                 grammar=self._grammar is not None)

    def final(self) -> RecognitionResult:
        self._take(json.loads(self._rec.FinalResult()))
        words = tuple(w for w in self._words if w.word != "[unk]")
        text = " ".join(" ".join(self._committed).replace("[unk]", " ").split())
        confs = [w.conf for w in words if w.conf is not None]
        result = RecognitionResult(
            text=text, final=True, confidence=(sum(confs) / len(confs)) if confs else None,
            words=words, engine=self.engine, grammar=self._grammar is not None)
        self._clear()
        return result

    def reset(self) -> None:
        self._rec.Reset()
        self._clear()
