"""The interface both speech engines implement, and what they return.

An engine is fed 16 kHz mono int16 PCM of one utterance at a time. `accept()`
returns a partial result whenever the running hypothesis changes (None
otherwise); an engine that finds a pause on its own folds the finished part
into the running text, so a partial always covers the utterance so far.
`final()` closes the utterance and returns its result; the next `accept()`
starts a new one.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Literal, Protocol, runtime_checkable

from pydantic import BaseModel, ConfigDict

EngineName = Literal["vosk", "pocketsphinx"]


class RecognizerError(RuntimeError):
    """A speech engine could not be set up or used."""


class WordInfo(BaseModel):
    model_config = ConfigDict(frozen=True)

    word: str
    start: float | None = None
    """Seconds from the start of the recognizer's stream."""
    end: float | None = None
    conf: float | None = None


class RecognitionResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    text: str
    final: bool
    confidence: float | None = None
    """0..1 where the engine gives one (finals only); None when unknown."""
    words: tuple[WordInfo, ...] = ()
    engine: EngineName
    grammar: bool = False
    """True when a restricted grammar produced this result: it can only ever be
    one of the grammar's phrases, so it says little about what was really said."""


@runtime_checkable
class Recognizer(Protocol):
    engine: EngineName
    sample_rate: int

    @property
    def supports_grammar(self) -> bool: ...

    @property
    def grammar(self) -> tuple[str, ...] | None:
        """The phrases in force (after dropping unknown words); None = full vocabulary."""
        ...

    def accept(self, pcm16: bytes) -> RecognitionResult | None: ...

    def final(self) -> RecognitionResult: ...

    def reset(self) -> None:
        """Drop the utterance in progress without a result."""
        ...

    def set_grammar(self, words: Sequence[str] | None) -> None:
        """Restrict recognition to these phrases from the next audio on; None = everything."""
        ...


def normalize_phrases(words: Sequence[str]) -> list[str]:
    """Lower-case, single-spaced, de-duplicated phrases in their given order."""
    seen: dict[str, None] = {}
    for phrase in words:
        cleaned = " ".join(phrase.lower().split())
        if cleaned:
            seen.setdefault(cleaned, None)
    return list(seen)


def speakable_phrases(words: Sequence[str], known: Callable[[str], bool], vocabulary: str,
                      log: logging.Logger) -> list[str]:
    """The grammar phrases whose every word the engine knows; each dropped one is logged.

    An empty result means "no grammar": recognize with the full vocabulary.
    """
    kept: list[str] = []
    for phrase in normalize_phrases(words):
        missing = [w for w in phrase.split() if not known(w)]
        if missing:
            log.info("grammar: dropped %r (not in %s: %s)", phrase, vocabulary, ", ".join(missing))
        else:
            kept.append(phrase)
    if not kept:
        log.warning("grammar: none of %d phrases is in %s; recognizing with the full vocabulary",
                    len(words), vocabulary)
    return kept
