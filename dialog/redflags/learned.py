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

    def scores(self, tokens: Sequence[str]) -> list[Score]:
        """Each red flag's probability for this clause, with its anchor token."""
        if not tokens:
            return []
        first: dict[int, int] = {}
        for feature, position in features(tokens):
            i = self._index.get(feature)
            if i is not None and i not in first:
                first[i] = position
        if not first:
            return []
        rows = np.fromiter(first, dtype=np.int64, count=len(first))
        block = self._weights[rows]
        logits = block.sum(axis=0) / math.sqrt(len(rows)) + self._bias
        positions = np.fromiter(first.values(), dtype=np.int64, count=len(first))
        out: list[Score] = []
        for k, flag in enumerate(self.info.classes):
            probability = 1.0 / (1.0 + math.exp(-float(logits[k])))
            per_token = np.bincount(positions, weights=block[:, k], minlength=len(tokens))
            out.append(Score(flag, probability, int(per_token.argmax()), self.info.escalate_at[k],
                             self.info.confirm_at[k]))
        return out
