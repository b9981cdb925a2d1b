"""The red-flag SPOTTER: a third recognizer on the safety audio that listens only
for red-flag keyphrases (voice/asr/redflag_phrases.toml).

The full-vocabulary search (the safety channel) sometimes never produces the
words of a red flag, or produces them only in the final result; a search for a
few phrases finds them sooner and more often, and also where they are not. So a
hit is a hypothesis (`SpotterHit`), never an escalation: the listener's caller
(dialog/redflags/stream.py) rebuilds the text around it from the safety channel's
words and lets the red-flag detector judge it.

Two engines:
* PocketSphinx keyphrase spotting (`kws`), one `phrase /1e-N/` line per phrase,
  N = `factor` x the phrase's phone count, `kws_delay=3` (the issue 7 study).
  A hit is a new entry in the decoder's segmentation; its frames come from `seg()`.
* Vosk: a second recognizer with a grammar of the phrases plus "[unk]"; a hit is
  a phrase newly seen in its running (partial or committed) text. Needs a model
  with a dynamic graph and the phrases' words; otherwise the spotter is off
  (`available` is False) and says so in the log.
"""

from __future__ import annotations

import json
import logging
import tempfile
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

from pydantic import BaseModel, ConfigDict

from voice.asr.base import EngineName, normalize_phrases

log = logging.getLogger(__name__)

PHRASES_FILE = Path(__file__).with_name("redflag_phrases.toml")
DEFAULT_FACTOR = 2.0
"""Threshold exponent per phone; tuned on the tuning set of benchmarks/bench_escalation.py."""
_FRAME_SECONDS = 0.01


class KeyPhrase(BaseModel):
    model_config = ConfigDict(frozen=True)

    text: str
    flag: str
    critical: bool = False
    reassures: bool = False
    """A denial ("breathe fine"), not a red flag: see redflag_phrases.toml."""

    @property
    def ambiguous_cant(self) -> bool:
        """"can't X": PocketSphinx cannot tell it from "can X", so the transcript decides."""
        return self.text.split()[0] in ("can't", "cant", "cannot")


class SpotterHit(BaseModel):
    model_config = ConfigDict(frozen=True)

    phrase: KeyPhrase
    start: float
    end: float
    """Seconds from the start of the spotter's utterance audio."""


def load_phrases(path: Path = PHRASES_FILE) -> tuple[KeyPhrase, ...]:
    with path.open("rb") as f:
        data = tomllib.load(f)
    return tuple(KeyPhrase(**item) for item in data.get("phrase", []))


class Spotter(Protocol):
    engine: EngineName

    @property
    def available(self) -> bool: ...

    def accept(self, pcm16: bytes) -> list[SpotterHit]: ...

    def final(self) -> list[SpotterHit]: ...

    def reset(self) -> None: ...


def _pronunciations(path: Path, words: set[str]) -> dict[str, list[str]]:
    """Each wanted word's pronunciations ("the(2)" lines are alternates), from a CMU dictionary."""
    found: dict[str, list[str]] = {}
    with path.open(encoding="utf-8") as f:
        for line in f:
            head, _, pron = line.strip().partition(" ")
            word = head.split("(")[0]
            if word in words and pron:
                found.setdefault(word, []).append(pron.strip())
    return found


def spotter_for(recognizer: Any, *, verbose: bool = False) -> Spotter:
    """The spotter for the engine (and, for Vosk, the loaded model) of `recognizer`."""
    if recognizer.engine == "vosk":
        return VoskSpotter(recognizer.model, dynamic_graph=recognizer.supports_grammar)
    return SphinxSpotter(verbose=verbose)


class SphinxSpotter:
    """PocketSphinx keyphrase spotting for the red-flag phrases."""

    engine: EngineName = "pocketsphinx"

    def __init__(self, phrases: Sequence[KeyPhrase] | None = None, *, factor: float = DEFAULT_FACTOR,
                 sample_rate: int = 16000, delay: int = 3, verbose: bool = False) -> None:
        import pocketsphinx

        self.sample_rate = sample_rate
        self.phrases: dict[str, KeyPhrase] = {}
        self._decoder: Any = None
        self._in_utt = False
        self._seen = 0
        chosen = list(phrases if phrases is not None else load_phrases())
        wanted = {w for p in chosen for w in p.text.lower().split()}
        # Only the phrases' own words: the full dictionary alone costs ~18 MB more.
        prons = _pronunciations(Path(pocketsphinx.get_model_path()) / "en-us" / "cmudict-en-us.dict",
                                wanted)
        lines: list[str] = []
        for phrase in chosen:
            words = phrase.text.lower().split()
            missing = [w for w in words if w not in prons]
            if missing:
                log.info("spotter: dropped %r (not in the PocketSphinx dictionary: %s)", phrase.text,
                         ", ".join(missing))
                continue
            phones = sum(len(prons[w][0].split()) for w in words)
            self.phrases[" ".join(words)] = phrase
            lines.append(f"{' '.join(words)} /1e-{max(1, round(factor * phones))}/\n")
        if not lines:
            log.warning("spotter: no red-flag phrase can be spotted; the spotter is off")
            return
        with tempfile.TemporaryDirectory(prefix="twitchcheck-spotter-") as tmp:
            kws, dictionary = Path(tmp) / "phrases.kws", Path(tmp) / "phrases.dict"
            kws.write_text("".join(lines))
            dictionary.write_text("".join(
                f"{w}{'' if i == 0 else f'({i + 1})'} {pron}\n"
                for w in sorted({w for key in self.phrases for w in key.split()})
                for i, pron in enumerate(prons[w])))
            kwargs: dict[str, Any] = {"samprate": sample_rate, "kws": str(kws), "kws_delay": delay,
                                      "dict": str(dictionary), "lm": None}
            if not verbose:
                kwargs["loglevel"] = "FATAL"
            try:
                self._decoder = pocketsphinx.Decoder(**kwargs)
            except (RuntimeError, ValueError) as exc:
                log.warning("spotter: PocketSphinx refused the keyphrases (%s); the spotter is off", exc)
                self._decoder = None

    @property
    def available(self) -> bool:
        return self._decoder is not None

    def _hits(self) -> list[SpotterHit]:
        segs = list(self._decoder.seg() or ())
        new = segs[self._seen:]
        self._seen = len(segs)
        hits = []
        for seg in new:
            phrase = self.phrases.get(" ".join(seg.word.split()))
            if phrase is not None:
                hits.append(SpotterHit(phrase=phrase, start=seg.start_frame * _FRAME_SECONDS,
                                       end=(seg.end_frame + 1) * _FRAME_SECONDS))
        return hits

    def accept(self, pcm16: bytes) -> list[SpotterHit]:
        if self._decoder is None or not pcm16:
            return []
        if not self._in_utt:
            self._decoder.start_utt()
            self._in_utt = True
            self._seen = 0
        self._decoder.process_raw(pcm16, False, False)
        return self._hits()

    def final(self) -> list[SpotterHit]:
        if self._decoder is None or not self._in_utt:
            return []
        # A keyphrase is reported `kws_delay` frames after it ends: audio cut right
        # after the last word would lose it.
        self._decoder.process_raw(bytes(int(0.1 * self.sample_rate) * 2), False, False)
        hits = self._hits()
        self._decoder.end_utt()
        self._in_utt = False
        return hits

    def reset(self) -> None:
        if self._decoder is not None and self._in_utt:
            self._decoder.end_utt()
        self._in_utt = False
        self._seen = 0


class VoskSpotter:
    """A second Vosk recognizer restricted to the red-flag phrases plus "[unk]"."""

    engine: EngineName = "vosk"

    def __init__(self, model: Any, phrases: Sequence[KeyPhrase] | None = None, *,
                 sample_rate: int = 16000, dynamic_graph: bool = True) -> None:
        import vosk

        self.sample_rate = sample_rate
        self.phrases: dict[str, KeyPhrase] = {}
        self._rec: Any = None
        if not dynamic_graph:
            log.warning("spotter: this Vosk model cannot take a grammar; the spotter is off")
            return
        known = lambda w: int(model.vosk_model_find_word(w)) >= 0  # noqa: E731
        for phrase in phrases if phrases is not None else load_phrases():
            # Vosk English models spell "can't" with the apostrophe, like PocketSphinx.
            text = normalize_phrases([phrase.text])[0]
            missing = [w for w in text.split() if not known(w)]
            if missing:
                log.info("spotter: dropped %r (not in the model's vocabulary: %s)", text,
                         ", ".join(missing))
                continue
            self.phrases[text] = phrase
        if not self.phrases:
            log.warning("spotter: no red-flag phrase is in this Vosk model's vocabulary; "
                        "the spotter is off")
            return
        grammar = list(self.phrases) + (["[unk]"] if known("[unk]") else [])
        try:
            self._rec = vosk.KaldiRecognizer(model, sample_rate, json.dumps(grammar, ensure_ascii=False))
        except Exception as exc:  # vosk raises a bare Exception on failure
            log.warning("spotter: Vosk refused the red-flag grammar (%s); the spotter is off", exc)
            return
        self._rec.SetWords(True)
        self._clear()

    @property
    def available(self) -> bool:
        return self._rec is not None

    def _clear(self) -> None:
        self._committed: list[dict[str, Any]] = []
        self._reported: dict[str, int] = {}
        self._offset = 0.0

    def _found(self, text: str, words: list[dict[str, Any]]) -> list[SpotterHit]:
        """Phrases in `text` not yet reported as often as they now occur."""
        hits: list[SpotterHit] = []
        padded = f" {text} "
        for key, phrase in self.phrases.items():
            count = padded.count(f" {key} ")
            while count > self._reported.get(key, 0):
                self._reported[key] = self._reported.get(key, 0) + 1
                first = key.split()[0]
                timed = [w for w in words if w.get("word") == first]
                start = float(timed[-1]["start"]) if timed else 0.0
                last = [w for w in words if w.get("word") == key.split()[-1]]
                end = float(last[-1]["end"]) if last else start
                hits.append(SpotterHit(phrase=phrase, start=start, end=end))
        return hits

    def accept(self, pcm16: bytes) -> list[SpotterHit]:
        if self._rec is None or not pcm16:
            return []
        if self._rec.AcceptWaveform(pcm16):
            result = json.loads(self._rec.Result())
            self._committed.append(result)
            partial = ""
        else:
            partial = str(json.loads(self._rec.PartialResult()).get("partial", ""))
        return self._found(self._text(partial), self._words())

    def _text(self, partial: str) -> str:
        parts = [str(r.get("text", "")) for r in self._committed] + [partial]
        return " ".join(" ".join(parts).replace("[unk]", " ").split())

    def _words(self) -> list[dict[str, Any]]:
        return [w for r in self._committed for w in r.get("result", [])]

    def final(self) -> list[SpotterHit]:
        if self._rec is None:
            return []
        self._committed.append(json.loads(self._rec.FinalResult()))
        hits = self._found(self._text(""), self._words())
        self._clear()
        return hits

    def reset(self) -> None:
        if self._rec is not None:
            self._rec.Reset()
            self._clear()
