"""The learned layer: which red flags does a clause say are happening?

A linear classifier over word and character n-grams (dialog.redflags.features),
one logistic output per red flag, trained by scripts/train_redflags.py from the
corpus in dialog/data/corpus/train (never from the held-out part). It reads
descriptions no phrase list reaches ("like sucking air through a straw", "my
tongue feels too big to make words"). Scoring is a sum of weights: no model
runtime, well under a millisecond per clause.
"""

from __future__ import annotations

import json
import math
import zipfile
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from dialog.redflags.features import char_features, word_features
from models.common import RedFlagId
from models.detection import LearnedModelInfo

_MAX_CACHED_WORDS = 50_000
MODEL_FILE = Path(__file__).resolve().parent.parent / "data" / "redflags_model.npz"


class LearnedModelError(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class Score:
    flag: RedFlagId
    probability: float
    anchor: int
    """Index of the token whose features pushed this red flag's score up the most."""
    escalate_at: float
    confirm_at: float


class LearnedLayer:
    def __init__(self, info: LearnedModelInfo, vocabulary: Sequence[str], weights: np.ndarray,
                 bias: np.ndarray) -> None:
        k = len(info.classes)
        if weights.shape != (len(vocabulary), k) or bias.shape != (k,):
            raise LearnedModelError(
                f"weights {weights.shape} and bias {bias.shape} do not fit {len(vocabulary)} features"
                f" x {k} classes")
        self.info = info
        self._index = {feature: i for i, feature in enumerate(vocabulary)}
        self._weights = weights.astype(np.float32, copy=False)
        self._bias = bias.astype(np.float32, copy=False)
        self._chars: dict[str, tuple[int, ...]] = {}
        """Known character n-grams per word. A long text is read in overlapping windows
        and clause pairs, so every word's n-grams were otherwise built several times over:
        half the time of a 20,000-character reading (measured)."""

    @classmethod
    def load(cls, path: Path | None = None) -> LearnedLayer:
        """The committed model (or `path`). A truncated or corrupt file is a LearnedModelError
        naming the file, whatever numpy's zip reader raised for it."""
        path = path or MODEL_FILE
        try:
            with np.load(path, allow_pickle=False) as data:
                info = LearnedModelInfo.model_validate_json(str(data["info"]))
                return cls(info, [str(v) for v in data["vocabulary"]], data["weights"], data["bias"])
        except (zipfile.BadZipFile, EOFError, zlib.error) as exc:
            raise LearnedModelError(f"{path}: the learned red-flag model is truncated or corrupt ({exc})") from exc
        except (OSError, KeyError, ValueError) as exc:
            raise LearnedModelError(f"{path}: cannot load the learned red-flag model: {exc}") from exc

    @classmethod
    @lru_cache(maxsize=1)
    def committed(cls) -> LearnedLayer:
        """The committed model, read once per process and shared by every detector: reading
        it takes about 0.1 s, and a service or a test builds many detectors. It holds
        nothing of a conversation, only its cache of word n-grams."""
        return cls.load()

    def save(self, path: Path) -> None:
        vocabulary = np.array(sorted(self._index, key=self._index.__getitem__))
        np.savez_compressed(path, info=np.array(json.dumps(self.info.model_dump())),
                            vocabulary=vocabulary, weights=self._weights, bias=self._bias)

    def with_thresholds(self, escalate_at: Sequence[float], confirm_at: Sequence[float]) -> LearnedLayer:
        """The same weights read with other per-class thresholds (for cross-validation)."""
        info = self.info.model_copy(update={"escalate_at": tuple(escalate_at), "confirm_at": tuple(confirm_at)})
        layer = LearnedLayer.__new__(LearnedLayer)
        layer.info, layer._index, layer._weights, layer._bias = info, self._index, self._weights, self._bias
        layer._chars = self._chars
        return layer

    def _known(self, tokens: Sequence[str]) -> list[list[tuple[int, int]]]:
        """Per token, the known features that start there, as (feature, the token after its
        last word), in the order of `features()`: each word's n-grams, then its characters'."""
        index = self._index
        known: list[list[tuple[int, int]]] = []
        for position, token in enumerate(tokens):
            here: list[tuple[int, int]] = []
            for size, feature in enumerate(word_features(tokens, position), start=1):
                i = index.get(feature)
                if i is not None:
                    here.append((i, position + size))
            here.extend((i, position + 1) for i in self._known_chars(token))
            known.append(here)
        return known

    def _read(self, known: Sequence[Sequence[tuple[int, int]]], start: int,
              end: int) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
        """(probabilities per class, weight rows of the features present, their token positions)
        for tokens `start:end` read on their own, as `features(tokens[start:end])` would be.
        Each feature keeps the first token it starts at, as in training."""
        first: dict[int, int] = {}
        for position in range(start, end):
            for i, after in known[position]:
                if after <= end and i not in first:
                    first[i] = position - start
        if not first:
            return None
        block = self._weights[np.fromiter(first, dtype=np.int64, count=len(first))]
        logits = block.sum(axis=0) / math.sqrt(len(first)) + self._bias
        positions = np.fromiter(first.values(), dtype=np.int64, count=len(first))
        return 1.0 / (1.0 + np.exp(-logits.astype(np.float64))), block, positions

    def _known_chars(self, token: str) -> tuple[int, ...]:
        known = self._chars.get(token)
        if known is None:
            if len(self._chars) >= _MAX_CACHED_WORDS:
                self._chars.clear()  # bounded: a server reads whatever its clients send
            known = tuple(i for i in (self._index.get(f) for f in char_features(token)) if i is not None)
            self._chars[token] = known
        return known

    def probabilities(self, tokens: Sequence[str]) -> np.ndarray:
        """Each class's probability for these words (zeros when none is known)."""
        read = self._read(self._known(tokens), 0, len(tokens)) if tokens else None
        return read[0] if read is not None else np.zeros(len(self.info.classes))

    def scores_of_spans(self, tokens: Sequence[str],
                        spans: Sequence[tuple[int, int]]) -> list[list[Score]]:
        """For each span of `tokens`, read on its own: the red flags whose probability reaches
        their `confirm_at`, each with its anchor token counted from the span's start (found
        only for these: the hot path skips the rest). The spans of a long text overlap
        (windows, clause pairs): each word is looked up once."""
        known = self._known(tokens)
        return [self._scores(known, start, end) for start, end in spans]

    def _scores(self, known: Sequence[Sequence[tuple[int, int]]], start: int, end: int) -> list[Score]:
        read = self._read(known, start, end) if end > start else None
        if read is None:
            return []
        probabilities, block, positions = read
        out: list[Score] = []
        for k in np.flatnonzero(probabilities >= np.asarray(self.info.confirm_at)):
            per_token = np.bincount(positions, weights=block[:, k], minlength=end - start)
            out.append(Score(self.info.classes[k], float(probabilities[k]), int(per_token.argmax()),
                             self.info.escalate_at[k], self.info.confirm_at[k]))
        return out
