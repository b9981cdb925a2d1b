"""Read the red-flag corpus (dialog/data/corpus/*/*.jsonl) into validated lines."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from pydantic import ValidationError

from models.corpus import CorpusLine

CORPUS_DIR = Path(__file__).resolve().parent.parent / "data" / "corpus"


class CorpusError(ValueError):
    pass


def load_corpus(files: Iterable[Path]) -> list[CorpusLine]:
    lines: list[CorpusLine] = []
    for path in files:
        for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not raw.strip():
                continue
            try:
                lines.append(CorpusLine.model_validate(json.loads(raw)))
            except (json.JSONDecodeError, ValidationError) as exc:
                raise CorpusError(f"{path}:{number}: {exc}") from exc
    return lines


def split(name: str) -> list[CorpusLine]:
    """The `train` or `heldout` part, every file of it, in file-name order."""
    return load_corpus(sorted((CORPUS_DIR / name).glob("*.jsonl")))


LEARNED_CANDIDATES = ("t_dispatch.jsonl", "t_bedside.jsonl", "r_train.jsonl")
"""The files of `candidates/` the n-gram layer is trained on besides `train/` (stop 17; the
encoder layer's heads are still trained on `train/` alone: dialog/data/corpus/README.md)."""


def learned_training_files() -> list[Path]:
    """What scripts/train_redflags.py reads: every file of `train/`, then the candidates above."""
    return sorted((CORPUS_DIR / "train").glob("*.jsonl")) + [CORPUS_DIR / "candidates" / name
                                                             for name in LEARNED_CANDIDATES]
