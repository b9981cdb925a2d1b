"""PocketSphinx recognizer behind the `Recognizer` interface.

Uses the US-English acoustic model, dictionary and language model shipped in
the pocketsphinx wheel, so it always works offline. A grammar becomes a JSGF
rule (one alternative per phrase) or, with `grammar_mode="keyphrase"`, a
keyword-spotting list; phrases with words missing from the dictionary are
dropped with a log line because PocketSphinx refuses the whole grammar
otherwise. The full-vocabulary search is the decoder's "_default" search.
"""

from __future__ import annotations

import logging
import os
import re
import tempfile
from collections.abc import Sequence
from typing import Any, Literal

from voice.asr.base import (
    EngineName,
    RecognitionResult,
    RecognizerError,
    WordInfo,
    speakable_phrases,
)

log = logging.getLogger(__name__)

GrammarMode = Literal["jsgf", "keyphrase"]
_FRAME_SECONDS = 0.01  # PocketSphinx reports word times in 10 ms frames
_DEFAULT_SEARCH = "_default"
_TOKEN = re.compile(r"^[a-z0-9'.\-_]+$")


def _clean_word(word: str) -> str | None:
    """Dictionary entries like 'the(2)' are alternate pronunciations; fillers are not words."""
    word = word.strip()
    if not word or word.startswith(("<", "[", "+")):
        return None
    return re.sub(r"\(\d+\)$", "", word)


class SphinxRecognizer:
    engine: EngineName = "pocketsphinx"

    def __init__(self, *, sample_rate: int = 16000, grammar: Sequence[str] | None = None,
                 grammar_mode: GrammarMode = "jsgf", keyphrase_threshold: float = 1e-20,
                 verbose: bool = False) -> None:
        import pocketsphinx

        self.sample_rate = sample_rate
        self.grammar_mode: GrammarMode = grammar_mode
        self._threshold = keyphrase_threshold
        try:
            kwargs: dict[str, Any] = {"samprate": sample_rate}
            if not verbose:
                kwargs["loglevel"] = "FATAL"
            self._decoder = pocketsphinx.Decoder(**kwargs)
        except Exception as exc:
            raise RecognizerError(f"PocketSphinx could not start: {exc}") from exc
        self._grammar: tuple[str, ...] | None = None
        self._in_utt = False
        self._last_text = ""
        self._searches = 0
        if grammar is not None:
            self.set_grammar(grammar)

    @property
    def supports_grammar(self) -> bool:
        return True

    @property
    def grammar(self) -> tuple[str, ...] | None:
        return self._grammar

    def _known(self, word: str) -> bool:
        return bool(_TOKEN.match(word)) and self._decoder.lookup_word(word) is not None

    def set_grammar(self, words: Sequence[str] | None) -> None:
        self.reset()
        if words is None:
            self._grammar = None
            self._decoder.activate_search(_DEFAULT_SEARCH)
            return
        kept = speakable_phrases(words, self._known, "the PocketSphinx dictionary", log)
        if not kept:
            self._grammar = None
            self._decoder.activate_search(_DEFAULT_SEARCH)
            return
        # A fresh search name each time: replacing the active search in place is refused.
        self._searches += 1
        name = f"grammar{self._searches}"
        try:
            if self.grammar_mode == "jsgf":
                rule = " | ".join(kept)
                self._decoder.add_jsgf_string(
                    name, f"#JSGF V1.0;\ngrammar answer;\npublic <answer> = {rule};\n")
            else:
                self._add_keyphrases(name, kept)
            self._decoder.activate_search(name)
        except (RuntimeError, ValueError, KeyError) as exc:
            raise RecognizerError(f"PocketSphinx refused the grammar {kept!r}: {exc}") from exc
        self._grammar = tuple(kept)

    def _add_keyphrases(self, name: str, phrases: list[str]) -> None:
        fd, path = tempfile.mkstemp(suffix=".kws", text=True)
        try:
            with os.fdopen(fd, "w") as f:
                f.writelines(f"{p} /{self._threshold:g}/\n" for p in phrases)
            self._decoder.add_kws(name, path)
        finally:
            os.unlink(path)

    def accept(self, pcm16: bytes) -> RecognitionResult | None:
        if not pcm16:
            return None
        if not self._in_utt:
            self._decoder.start_utt()
            self._in_utt = True
        self._decoder.process_raw(pcm16, False, False)
        hyp = self._decoder.hyp()
        text = hyp.hypstr.strip() if hyp is not None else ""
        if text == self._last_text:
            return None
        self._last_text = text
        return RecognitionResult(text=text, final=False, engine=self.engine,
                                 grammar=self._grammar is not None)

    def final(self) -> RecognitionResult:
        if not self._in_utt:
            return RecognitionResult(text="", final=True, engine=self.engine,
                                     grammar=self._grammar is not None)
        if self.grammar_mode == "keyphrase" and self._grammar is not None:
            # A keyphrase is only reported some frames after it ends; audio cut
            # right after the last word would lose it.
            self._decoder.process_raw(bytes(int(0.3 * self.sample_rate) * 2), False, False)
        self._decoder.end_utt()
        self._in_utt = False
        self._last_text = ""
        hyp = self._decoder.hyp()
        text = " ".join(hyp.hypstr.split()) if hyp is not None else ""
        words: list[WordInfo] = []
        for seg in self._decoder.seg() or ():  # None when nothing was spotted
            word = _clean_word(seg.word)
            if word:
                words.append(WordInfo(word=word, start=seg.start_frame * _FRAME_SECONDS,
                                      end=(seg.end_frame + 1) * _FRAME_SECONDS,
                                      conf=max(0.0, min(1.0, float(seg.prob)))))
        confidence = max(0.0, min(1.0, float(hyp.prob))) if hyp is not None and text else None
        return RecognitionResult(text=text, final=True, confidence=confidence, words=tuple(words),
                                 engine=self.engine, grammar=self._grammar is not None)

    def reset(self) -> None:
        if self._in_utt:
            self._decoder.end_utt()
            self._in_utt = False
        self._last_text = ""
