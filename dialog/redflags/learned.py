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
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from dialog.redflags.features import features
from models.common import RedFlagId
from models.detection import LearnedModelInfo

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

    @classmethod
    def load(cls, path: Path = MODEL_FILE) -> LearnedLayer:
        try:
            with np.load(path, allow_pickle=False) as data:
                info = LearnedModelInfo.model_validate_json(str(data["info"]))
                return cls(info, [str(v) for v in data["vocabulary"]], data["weights"], data["bias"])
        except (OSError, KeyError, ValueError) as exc:
            raise LearnedModelError(f"{path}: cannot load the learned red-flag model: {exc}") from exc

    def save(self, path: Path) -> None:
        vocabulary = np.array(sorted(self._index, key=self._index.__getitem__))
        np.savez_compressed(path, info=np.array(json.dumps(self.info.model_dump())),
                            vocabulary=vocabulary, weights=self._weights, bias=self._bias)

    def with_thresholds(self, escalate_at: Sequence[float], confirm_at: Sequence[float]) -> LearnedLayer:
        """The same weights read with other per-class thresholds (for cross-validation)."""
        info = self.info.model_copy(update={"escalate_at": tuple(escalate_at), "confirm_at": tuple(confirm_at)})
        layer = LearnedLayer.__new__(LearnedLayer)
        layer.info, layer._index, layer._weights, layer._bias = info, self._index, self._weights, self._bias
        return layer

    def _read(self, tokens: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
        """(probabilities per class, weight rows of the features present, their token positions)."""
        first: dict[int, int] = {}
        for feature, position in features(tokens):
            i = self._index.get(feature)
            if i is not None and i not in first:
                first[i] = position
        if not first:
            return None
        block = self._weights[np.fromiter(first, dtype=np.int64, count=len(first))]
        logits = block.sum(axis=0) / math.sqrt(len(first)) + self._bias
        positions = np.fromiter(first.values(), dtype=np.int64, count=len(first))
        return 1.0 / (1.0 + np.exp(-logits.astype(np.float64))), block, positions

    def probabilities(self, tokens: Sequence[str]) -> np.ndarray:
        """Each class's probability for these words (zeros when none is known)."""
        read = self._read(tokens) if tokens else None
        return read[0] if read is not None else np.zeros(len(self.info.classes))

    def scores(self, tokens: Sequence[str]) -> list[Score]:
        """The red flags whose probability reaches their `confirm_at`, each with its anchor
        token (found only for these: the hot path skips the rest)."""
        read = self._read(tokens) if tokens else None
        if read is None:
            return []
        probabilities, block, positions = read
        out: list[Score] = []
        for k in np.flatnonzero(probabilities >= np.asarray(self.info.confirm_at)):
            per_token = np.bincount(positions, weights=block[:, k], minlength=len(tokens))
            out.append(Score(self.info.classes[k], float(probabilities[k]), int(per_token.argmax()),
                             self.info.escalate_at[k], self.info.confirm_at[k]))
        return out
