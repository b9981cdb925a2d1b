"""Train the encoder layer's heads (one logistic per red flag on the frozen encoder), reproducibly.

    .venv/bin/python scripts/train_encoder.py            # train, write dialog/data/redflags_encoder.npz
    .venv/bin/python scripts/train_encoder.py --cv       # also print leave-one-writer-out figures
    .venv/bin/python scripts/train_encoder.py --check    # retrain; exit 1 if the committed file differs

The encoder is the one the skill runs (dialog.redflags.encoder: onnxruntime,
int8), so the heads learn the very embeddings they will read; nothing here
needs torch; scikit-learn fits the heads (the `train` extra). Only dialog/data/corpus/train/ is read (and, with
--real, a file of real people's sentences). Each head is an L2-regularized
logistic regression (scikit-learn, lbfgs: deterministic, no random state). Thresholds per red flag come from leave-one-writer-out cross-validation
(a head trained without a writer scores that writer's lines, as it would score a
stranger): `support_at` (it turns the n-gram layer's "confirm" into an
escalation) where SUPPORT_FALSE_ALARMS of those lines without the flag reach it,
never under its floor; `escalate_at` and `confirm_at` (escalating or asking on
its own) are off (1.0): see ALONE.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dialog.redflags.corpus import CORPUS_DIR, load_corpus  # noqa: E402
from dialog.redflags.encoder import (  # noqa: E402
    ENCODER,
    HEADS_FILE,
    SentenceEncoder,
    load_heads,
    model_dir,
    save_heads,
    sha256_of,
)
from dialog.text import normalize  # noqa: E402
from models.common import RED_FLAG_IDS  # noqa: E402
from models.corpus import CorpusLine  # noqa: E402
from models.detection import EncoderModelInfo  # noqa: E402

REGULARIZATION = 10.0
"""scikit-learn's C (inverse L2 strength): embeddings are unit vectors, so the heads need little."""
SUPPORT_FALSE_ALARMS = 0.02
SUPPORT_FLOOR = 0.5
ALONE = False
"""Whether the encoder may escalate (or ask) on its own. Measured on the held-out parts
(README, "The encoder layer"): alone from 0.9 or 0.97 it found 0.4-0.8 points more
emergencies than as support only, but cost specificity on some writers (h2_carer
0.922 -> 0.917, h3_pharmacy 0.919 -> 0.914); asking from 0.7 added questions on
must-not lines. So it only supports the learned layer, and the thresholds below stay
in the header, set to 1 (off)."""
ESCALATE_FALSE_ALARMS = 0.001
CONFIRM_FALSE_ALARMS = 0.005
ESCALATE_FLOOR = 0.9
CONFIRM_FLOOR = 0.7
BATCH = 32


def tokens_of(line: CorpusLine) -> list[str]:
    return normalize(line.text).split()


def embed(encoder: SentenceEncoder, lines: Sequence[CorpusLine]) -> np.ndarray:
    """Each line's embedding, read whole as the detector reads a final result of up to
    48 words (batched by length: padding changes nothing but the time)."""
    tokens = [tokens_of(line) for line in lines]
    order = sorted(range(len(lines)), key=lambda i: (len(tokens[i]), i))
    out = np.zeros((len(lines), 384), dtype=np.float32)
    for at in range(0, len(order), BATCH):
        chunk = order[at:at + BATCH]
        out[chunk] = encoder.embed([tokens[i][-48:] for i in chunk])
    return out


def fit(x: np.ndarray, lines: Sequence[CorpusLine], regularization: float) -> tuple[np.ndarray, np.ndarray]:
    from sklearn.linear_model import LogisticRegression  # the `train` extra

    weights = np.zeros((x.shape[1], len(RED_FLAG_IDS)))
    bias = np.zeros(len(RED_FLAG_IDS))
    for k, flag in enumerate(RED_FLAG_IDS):
        y = np.array([flag in line.expect for line in lines], dtype=np.int8)
        if y.min() == y.max():
            bias[k] = 10.0 if y[0] else -10.0  # nothing to learn from: a constant answer
            continue
        model = LogisticRegression(C=regularization, solver="lbfgs", max_iter=2000, tol=1e-6)
        model.fit(x.astype(np.float64), y)
        weights[:, k] = model.coef_[0]
        bias[k] = model.intercept_[0]
    return weights, bias


def out_of_fold(x: np.ndarray, lines: Sequence[CorpusLine], groups: Sequence[str],
                regularization: float) -> np.ndarray:
    """Each line's probabilities from heads trained without its group (writer or source)."""
    scores = np.zeros((len(lines), len(RED_FLAG_IDS)))
    for held in sorted(set(groups)):
        test = np.array([g == held for g in groups])
        weights, bias = fit(x[~test], [ln for ln, t in zip(lines, test) if not t], regularization)
        scores[test] = 1.0 / (1.0 + np.exp(-(x[test] @ weights + bias)))
    return scores


def quantile(negatives: np.ndarray, rate: float) -> float:
    """The score above which at most `rate` of the sorted out-of-fold `negatives` lie."""
    allowed = int(rate * len(negatives))
    return float(negatives[-allowed - 1]) + 1e-4 if len(negatives) > allowed else 0.0


def choose_thresholds(lines: Sequence[CorpusLine], scores: np.ndarray) -> tuple[list[float], ...]:
    chosen: tuple[list[float], list[float], list[float]] = ([], [], [])
    for k, flag in enumerate(RED_FLAG_IDS):
        negatives = np.sort(np.array([scores[i, k] for i, ln in enumerate(lines) if flag not in ln.expect]))
        up = min(0.999, max(ESCALATE_FLOOR, quantile(negatives, ESCALATE_FALSE_ALARMS))) if ALONE else 1.0
        support = min(up, max(SUPPORT_FLOOR, quantile(negatives, SUPPORT_FALSE_ALARMS)))
        ask = min(up, max(CONFIRM_FLOOR, quantile(negatives, CONFIRM_FALSE_ALARMS))) if ALONE else 1.0
        for out, value in zip(chosen, (up, support, ask)):
            out.append(round(value, 4))
    return chosen


def report(lines: Sequence[CorpusLine], groups: Sequence[str], scores: np.ndarray,
           thresholds: tuple[list[float], ...]) -> None:
    """The heads alone, out of fold: recall of any red flag and false alarms per group."""
    escalate, support, _ = (np.asarray(t) for t in thresholds)
    print(f"{'held out':<14} {'lines':>6} {'recall@escalate':>16} {'recall@support':>15} "
          f"{'false alarms':>13} {'fa@support':>11}")
    hit = np.asarray((scores >= escalate).any(axis=1))
    near = np.asarray((scores >= support).any(axis=1))
    for held in sorted(set(groups)) + ["all"]:
        rows = [i for i, g in enumerate(groups) if held in ("all", g)]
        pos = [i for i in rows if lines[i].expect]
        neg = [i for i in rows if not lines[i].expect]
        print(f"{held:<14} {len(rows):>6} {hit[pos].mean() if pos else 0:>16.3f} "
              f"{near[pos].mean() if pos else 0:>15.3f} {hit[neg].mean() if neg else 0:>13.4f} "
              f"{near[neg].mean() if neg else 0:>11.4f}")


def digests(files: Sequence[Path]) -> dict[str, str]:
    return {(f.relative_to(ROOT) if f.is_relative_to(ROOT) else f).as_posix():
            hashlib.sha256(f.read_bytes()).hexdigest() for f in files}


def read_lines(files: Sequence[Path]) -> tuple[list[CorpusLine], list[str]]:
    """The lines, and the group each is held out with: its writer, or for real people's
    sentences the page they came from (`source`)."""
    import json

    known = set(RED_FLAG_IDS)
    lines: list[CorpusLine] = []
    groups: list[str] = []
    for path in files:
        if path.parent.name == "train":
            for line in load_corpus([path]):
                lines.append(line)
                groups.append(line.writer)
            continue
        for raw in path.read_text(encoding="utf-8").splitlines():
            if not raw.strip():
                continue
            row = json.loads(raw)
            source = str(row.pop("source", "unknown"))
            row = {k: v for k, v in row.items() if k in CorpusLine.model_fields}
            expect = [f for f in row.get("expect", []) if f in known]
            if row.get("expect") and not expect:
                continue  # only emergencies this detector has no red flag for ("help", "chest")
            row["expect"] = expect
            row["cleared"] = [f for f in row.get("cleared", []) if f in known]
            row.setdefault("writer", "real")
            row.setdefault("style", "real")
            row.setdefault("assertion", "present" if row.get("expect") else "none")
            lines.append(CorpusLine.model_validate(row))
            # five folds of pages: a page's sentences share a writer and a topic
            groups.append(f"real:{int(hashlib.sha256(source.encode()).hexdigest(), 16) % 5}")
    return lines, groups


def train(files: Sequence[Path], *, regularization: float = REGULARIZATION, show_cv: bool = False,
          cache: Path | None = None) -> tuple[EncoderModelInfo, np.ndarray, np.ndarray]:
    lines, groups = read_lines(files)
    directory = model_dir()
    if cache is not None and cache.exists():
        x = np.load(cache)
    else:
        x = embed(SentenceEncoder(directory / "model.safetensors", directory / "tokenizer.json"), lines)
        if cache is not None:
            np.save(cache, x)
    scores = out_of_fold(x, lines, groups, regularization)
    thresholds = choose_thresholds(lines, scores)
    if show_cv:
        report(lines, groups, scores, thresholds)
    weights, bias = fit(x, lines, regularization)
    info = EncoderModelInfo(classes=RED_FLAG_IDS, escalate_at=tuple(thresholds[0]),
                            support_at=tuple(thresholds[1]), confirm_at=tuple(thresholds[2]),
                            encoder=ENCODER, weights_sha256=sha256_of(directory / "model.safetensors"),
                            trained_on=digests(files), regularization=regularization)
    return info, weights, bias


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--cv", action="store_true", help="print leave-one-writer-out figures too")
    parser.add_argument("--check", action="store_true", help="retrain and compare with the committed heads")
    parser.add_argument("--real", type=Path, action="append", default=[],
                        help="a file of real people's sentences (JSON lines with expect and source)")
    parser.add_argument("--regularization", type=float, default=REGULARIZATION)
    parser.add_argument("--cache", type=Path, help="keep the embeddings here between runs (experiments)")
    parser.add_argument("--out", type=Path, default=HEADS_FILE)
    args = parser.parse_args(argv)
    files = sorted((CORPUS_DIR / "train").glob("*.jsonl")) + list(args.real)
    info, weights, bias = train(files, regularization=args.regularization, show_cv=args.cv, cache=args.cache)
    if args.check:
        committed, w0, b0 = load_heads(args.out)
        same = committed == info and np.allclose(w0, weights, atol=1e-3) and np.allclose(b0, bias, atol=1e-3)
        print("the committed encoder heads match a fresh training run" if same
              else "the committed encoder heads differ from a fresh training run: retrain and commit")
        return 0 if same else 1
    save_heads(args.out, info, weights, bias)
    print(f"wrote {args.out} ({args.out.stat().st_size // 1024} KiB)", file=sys.stderr)
    print(info.model_dump_json(exclude={"trained_on"}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
