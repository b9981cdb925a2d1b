"""The encoder's fine-tuned top layer, stored in the heads file (dialog.redflags.tuned): what is
stored is exactly the int8 network that runs, and a file broken there is refused naming it."""

from __future__ import annotations

import zipfile
from pathlib import Path

import numpy as np
import pytest

from dialog.redflags import minilm
from dialog.redflags.encoder import (
    HEADS_FILE,
    EncoderError,
    load_heads,
    load_tuned,
    save_heads,
)
from dialog.redflags.tuned import preferring, quantized_rows, tuned_tensors

NAME = "encoder.layer.5.output.dense.weight"


def _runtime_int8(weight: np.ndarray) -> np.ndarray:
    """The int8 matrix the network that runs multiplies by, for a weight as torch stores it."""
    graph = minilm._Graph()
    graph.linear("x", weight, np.zeros(weight.shape[0], np.float32), quantize=True)
    return next(value for name, value in graph.initializers if name.startswith("wq"))


def test_a_stored_layer_becomes_exactly_the_int8_weights_that_run() -> None:
    rng = np.random.default_rng(5)
    weight = (rng.standard_normal((384, 1536)) * 0.05).astype(np.float32)
    stored = quantized_rows({NAME: weight, "encoder.layer.5.output.dense.bias": np.ones(384, np.float32)})
    read = tuned_tensors(stored)
    assert stored[NAME].dtype == np.int8 and read["encoder.layer.5.output.dense.bias"].dtype == np.float32
    np.testing.assert_array_equal(_runtime_int8(read[NAME]), stored[NAME].T)
    # and it is within one int8 step of the float weight it came from
    step = np.abs(weight).max(axis=1, keepdims=True) / 127
    assert (np.abs(read[NAME] - weight) <= step / 2 + 1e-7).all()


def test_the_network_reads_a_tuned_tensor_instead_of_the_packages() -> None:
    tuned = {NAME: np.ones((2, 2), np.float32)}
    read = preferring(tuned, lambda name: np.zeros((2, 2), np.float32))
    assert read(NAME).sum() == 4 and read("encoder.layer.4.output.dense.weight").sum() == 0


def test_heads_without_tuned_layers_read_none(tmp_path: Path) -> None:
    info, weights, bias = load_heads()
    plain = tmp_path / "plain.npz"
    save_heads(plain, info, weights, bias)
    assert load_tuned(plain) == {}


def test_a_heads_file_broken_in_its_tuned_layer_is_refused_naming_the_file(tmp_path: Path) -> None:
    info, weights, bias = load_heads()
    path = tmp_path / "redflags_encoder.npz"
    save_heads(path, info, weights, bias, {NAME: np.full((384, 1536), 0.01, np.float32)})
    with zipfile.ZipFile(path) as zf:
        member = zf.getinfo(NAME + ".npy")
    data = bytearray(path.read_bytes())
    at = member.header_offset + 30 + len(member.filename) + 8
    data[at:at + 64] = bytes(b ^ 0x55 for b in data[at:at + 64])
    path.write_bytes(bytes(data))
    load_heads(path)  # the heads themselves are intact
    with pytest.raises(EncoderError, match=str(path)):
        load_tuned(path)


def test_the_committed_heads_file_loads_its_tuned_layers() -> None:
    """Whatever it holds (none for heads on the frozen encoder) is read without error."""
    tuned = load_tuned(HEADS_FILE)
    assert all(name.startswith("encoder.layer.") and value.dtype == np.float32 for name, value in tuned.items())
