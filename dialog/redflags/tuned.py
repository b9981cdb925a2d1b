"""The encoder's fine-tuned top layers, kept in the heads file beside the heads they were trained with.

scripts/finetune_encoder.py trains the top layer(s) of all-MiniLM-L6-v2 with the
heads; the other layers stay the package's. The heads file
(dialog/data/redflags_encoder.npz) then holds those layers' tensors under the
names torch saved them with ("encoder.layer.5.output.dense.weight"): each weight
matrix as int8 with one scale per output row ("<name>.scale"), which is exactly
what dialog.redflags.minilm quantizes it to (so nothing is lost on the way to the
int8 network that runs), and norms and biases as float32. When the network is
built, a tensor found here is read instead of the package's. The file's header
records the SHA-256 of the package weights they were tuned on: other weights are
refused (dialog.redflags.encoder).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

import numpy as np

PREFIX = "encoder.layer."
SCALE = ".scale"


def tuned_names(names: Iterable[str]) -> list[str]:
    """The tuned tensors' names among a file's arrays."""
    return [n for n in names if n.startswith(PREFIX) and not n.endswith(SCALE)]


def quantized_rows(tensors: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
    """What the file stores for `tensors` (name -> fp32, torch's (out, in) layout)."""
    out: dict[str, np.ndarray] = {}
    for name, value in tensors.items():
        value = np.asarray(value, dtype=np.float32)
        if value.ndim == 2:
            scale = (np.maximum(np.abs(value).max(axis=1), 1e-8) / 127.0).astype(np.float32)
            out[name] = np.clip(np.round(value / scale[:, None]), -127, 127).astype(np.int8)
            out[name + SCALE] = scale
        else:
            out[name] = value
    return out


def tuned_tensors(arrays: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
    """The tuned tensors as float32 (name -> array), from a file's arrays."""
    tuned: dict[str, np.ndarray] = {}
    for name in tuned_names(arrays.keys()):
        value = arrays[name]
        if value.dtype == np.int8:
            value = value.astype(np.float32) * arrays[name + SCALE].astype(np.float32)[:, None]
        tuned[name] = np.asarray(value, dtype=np.float32)
    return tuned


def preferring(tuned: Mapping[str, np.ndarray], read: Callable[[str], np.ndarray]) -> Callable[[str], np.ndarray]:
    """`read` (name -> the package's tensor), with the tuned tensors read instead where there are some."""
    def tensor(name: str) -> np.ndarray:
        return tuned[name] if name in tuned else read(name)
    return tensor
