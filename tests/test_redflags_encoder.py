"""The encoder layer: the sentence encoder's network, its place in the fusion, and what a
missing or broken encoder does (real broken files, no mocks)."""

from __future__ import annotations

import ctypes
import hashlib
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import numpy as np
import pytest

from dialog.load import load_red_flags
from dialog.redflags import RedFlagDetector
from dialog.redflags.encoder import (
    HEADS_FILE,
    EncoderError,
    EncoderLayer,
    SentenceEncoder,
    model_dir,
    onnxruntime,
    pooled,
    tensors_of,
)

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "tests" / "data" / "minilm_reference.json"
OUTPUTS = ROOT / "tests" / "data" / "encoder_outputs.json"
"""What the int8 encoder and the committed heads gave for a few sentences, recorded at
commit c839864 (before the load was made lighter): a change to how the network is built or
loaded must leave them exactly as they are. Re-record only for new weights or heads."""


def _memory() -> dict[str, float]:
    """VmRSS and VmHWM (the peak of VmRSS since the last reset) in MB."""
    with open("/proc/self/status") as f:
        return {k: int(v.split()[0]) / 1024 for k, _, v in (line.partition(":") for line in f)
                if k in ("VmRSS", "VmHWM")}


@pytest.fixture(scope="module")
def measured_load() -> tuple[EncoderLayer, float | None, float | None]:
    """The encoder layer, and how far memory rose while it loaded (peak, and resident after).

    Measured in this process: its native libraries imported first (an import costs once per
    process, about 20 MB), then the peak reset (Linux's /proc/self/clear_refs, 5). Memory
    other tests freed may be reused, so these can only read low; the fresh-process figures
    are the benchmark's."""
    onnxruntime()
    import tokenizers  # noqa: F401
    try:
        trim = ctypes.CDLL("libc.so.6").malloc_trim
        # memory freed by earlier tests goes back to the system first, so it is not reused unseen
        trim(0)
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        before: dict[str, float] | None = _memory()
    except OSError:
        before = None
    layer = EncoderLayer.load()
    if before is None:
        return layer, None, None
    peak = _memory()["VmHWM"] - before["VmRSS"]
    trim(0)  # what the load keeps, not what the allocator kept after earlier tests
    return layer, peak, _memory()["VmRSS"] - before["VmRSS"]


@pytest.fixture(scope="module")
def encoder(measured_load: tuple[EncoderLayer, float | None, float | None]) -> EncoderLayer:
    return measured_load[0]


@pytest.fixture(scope="module")
def detectors(encoder: EncoderLayer) -> tuple[RedFlagDetector, RedFlagDetector]:
    without = RedFlagDetector(load_red_flags())
    return without, RedFlagDetector(load_red_flags(), encoder=encoder)


def broken_copy(tmp_path: Path, *, weights: bytes | None = None, tokenizer: bytes | None = None) -> Path:
    """A model folder with the real files except the ones given (a real file is linked, not copied)."""
    source = model_dir()
    for name, content in (("model.safetensors", weights), ("tokenizer.json", tokenizer)):
        if content is None:
            os.symlink(source / name, tmp_path / name)
        else:
            (tmp_path / name).write_bytes(content)
    return tmp_path


def real_weights_head(size: int) -> bytes:
    with (model_dir() / "model.safetensors").open("rb") as f:
        return f.read(size)


# ---------------------------------------------------------------- the network


def test_the_network_built_without_torch_gives_the_reference_embeddings() -> None:
    """fp32: as transformers' BertModel gives them; int8 (what runs): within a cosine of 0.98."""
    import onnxruntime as ort

    from dialog.redflags import minilm

    reference = json.loads(REFERENCE.read_text())["sentences"]
    int8 = SentenceEncoder(model_dir() / "model.safetensors", model_dir() / "tokenizer.json")
    with tensors_of(model_dir() / "model.safetensors") as read:
        fp32 = ort.InferenceSession(minilm.build(read, quantize=False), providers=["CPUExecutionProvider"])
    for row in reference:
        ids, _ = int8.pieces(row["text"].split())
        hidden = fp32.run(None, {"input_ids": ids[None], "attention_mask": np.ones_like(ids)[None]})[0][0]
        expected = np.array(row["embedding"])
        assert np.abs(pooled(hidden) - expected).max() < 1e-4, row["text"]
        assert float(int8.embed([row["text"].split()])[0] @ expected) > 0.98, row["text"]


def test_the_graph_written_without_the_onnx_package_is_a_valid_onnx_model() -> None:
    """minilm writes ONNX's protobuf itself (the `onnx` package cost 17 MB and 2.5 s at run
    time); the maintained package, still installed for this, reads it and checks it whole."""
    import onnx

    from dialog.redflags import minilm

    with tensors_of(model_dir() / "model.safetensors") as read:
        model = onnx.load_from_string(minilm.build(read))
    onnx.checker.check_model(model, full_check=True)
    assert [i.name for i in model.graph.input] == ["input_ids", "attention_mask"]
    assert [o.name for o in model.graph.output] == ["hidden"]
    assert sum(n.op_type == "MatMulInteger" for n in model.graph.node) == minilm.LAYERS * 6


def test_the_encoder_reads_fixed_sentences_exactly_as_recorded(encoder: EncoderLayer) -> None:
    """Bit for bit: every head's probability, the embedding's bytes and what `scores` finds
    (a 60-word line is read in two windows, one padded batch)."""
    for row in json.loads(OUTPUTS.read_text())["sentences"]:
        tokens = row["text"].split()
        embedding = encoder.encoder.embed([tokens])[0]
        digest = hashlib.sha256(embedding.astype(np.float32).tobytes()).hexdigest()
        assert digest == row["embedding_sha256"], row["text"]
        assert [float(p) for p in encoder.probabilities(embedding)] == row["probabilities"], row["text"]
        assert [[s.flag, s.probability, s.anchor] for s in encoder.scores(tokens)] == row["scores"], row["text"]


def test_loading_the_encoder_stays_within_its_memory_budget(
        measured_load: tuple[EncoderLayer, float | None, float | None]) -> None:
    """Issue 14's budget is +150 MB for the whole encoder, its ~20 MB of imports included.
    Measured here, the load alone peaked at +222 MB (onnx imported, the weights file mapped
    whole, the graph held as a proto, its bytes and onnxruntime's copy at once) and kept
    +79 MB; now +80 to +93 MB at the peak and +29 to +44 MB kept."""
    _, peak, resident = measured_load
    if peak is None or resident is None:
        pytest.skip("no /proc/self/clear_refs here: the benchmark measures it")
    assert peak < 120, f"loading the encoder peaked at +{peak:.0f} MB"
    assert resident < 60, f"the loaded encoder keeps +{resident:.0f} MB"


def test_meaning_not_words_makes_two_ways_of_saying_breathlessness_close(encoder: EncoderLayer) -> None:
    air, breathe, calf = encoder.encoder.embed([["i", "am", "struggling", "to", "get", "any", "air", "in"],
                                                ["i", "cant", "breathe"],
                                                ["my", "calf", "has", "been", "twitching", "for", "two", "weeks"]])
    assert air @ breathe > air @ calf + 0.2


# ---------------------------------------------------------------- fusion


@pytest.mark.parametrize(("text", "flag"), [
    ("i cant seem to get my wind back this morning", "breathing"),
    ("im on fire my forehead is like a radiator", "fever"),
    ("i cant seem to say what i mean this afternoon", "speech"),
])
def test_the_encoder_turns_the_learned_layers_doubt_into_an_escalation(
        detectors: tuple[RedFlagDetector, RedFlagDetector], text: str, flag: str) -> None:
    without, with_encoder = detectors
    assert flag in without.detect(text).uncertain and not without.detect(text).red_flags
    found = with_encoder.detect(text)
    assert flag in found.red_flags
    assert any(f.layer == "encoder" and f.flag == flag and f.decision == "escalate" for f in found.findings)


def test_on_a_partial_result_the_encoder_does_not_read(detectors: tuple[RedFlagDetector, RedFlagDetector]) -> None:
    without, with_encoder = detectors
    text = "i cant seem to get my wind back this morning and"
    assert with_encoder.detect(text, final=False) == without.detect(text, final=False)


def test_the_encoder_never_escalates_alone(detectors: tuple[RedFlagDetector, RedFlagDetector]) -> None:
    """The committed heads only support the learned layer: where it has no doubt, nothing changes."""
    without, with_encoder = detectors
    for text in ("my calf has been twitching for two weeks", "my chest wont fill up properly",
                 "i feel fine today", "everything is spinning"):
        alone = without.detect(text)
        assert not alone.uncertain
        assert with_encoder.detect(text) == alone


def test_lexicon_and_learned_escalations_stand_with_the_encoder(
        detectors: tuple[RedFlagDetector, RedFlagDetector]) -> None:
    _, with_encoder = detectors
    assert with_encoder.detect("i cant breathe").red_flags == ("breathing",)
    assert with_encoder.detect("no trouble breathing at all").red_flags == ()


def test_the_detector_is_given_the_encoder_later(encoder: EncoderLayer) -> None:
    detector = RedFlagDetector(load_red_flags())
    text = "i cant seem to get my wind back this morning"
    assert detector.detect(text).red_flags == ()
    detector.set_encoder(encoder)
    assert detector.detect(text).red_flags == ("breathing",)


# ---------------------------------------------------------------- broken or missing


def test_truncated_weights_are_refused(tmp_path: Path) -> None:
    folder = broken_copy(tmp_path, weights=real_weights_head(1_000_000))
    with pytest.raises(EncoderError, match="not the weights"):
        EncoderLayer.load(directory=folder)


def test_weights_of_the_right_size_with_bytes_changed_are_refused(tmp_path: Path) -> None:
    data = bytearray((model_dir() / "model.safetensors").read_bytes())
    data[len(data) // 2:len(data) // 2 + 64] = bytes(64)
    folder = broken_copy(tmp_path, weights=bytes(data))
    with pytest.raises(EncoderError, match="not the weights"):
        EncoderLayer.load(directory=folder)


def test_a_truncated_tokenizer_is_refused(tmp_path: Path) -> None:
    folder = broken_copy(tmp_path, tokenizer=(model_dir() / "tokenizer.json").read_bytes()[:5000])
    with pytest.raises(EncoderError, match="cannot load the sentence encoder"):
        EncoderLayer.load(directory=folder)


@pytest.mark.parametrize("cut", [8, 1_000_000, 90_000_000])
def test_a_weights_file_cut_short_is_refused_when_read(tmp_path: Path, cut: int) -> None:
    """Without the checksum in front (SentenceEncoder is also built by the training script):
    a header cut short, a tensor past the end, the last tensor cut short."""
    (tmp_path / "model.safetensors").write_bytes(real_weights_head(cut))
    with pytest.raises(EncoderError, match="cannot load the sentence encoder"):
        SentenceEncoder(tmp_path / "model.safetensors", model_dir() / "tokenizer.json")


def test_a_weights_file_with_a_broken_header_is_refused_when_read(tmp_path: Path) -> None:
    data = bytearray(real_weights_head(1_000_000))
    data[8:40] = b"{not json" + bytes(23)
    (tmp_path / "model.safetensors").write_bytes(bytes(data))
    with pytest.raises(EncoderError, match="cannot load the sentence encoder"):
        SentenceEncoder(tmp_path / "model.safetensors", model_dir() / "tokenizer.json")


def test_a_missing_model_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(EncoderError, match="cannot read"):
        EncoderLayer.load(directory=tmp_path / "nowhere")


def test_truncated_heads_are_refused(tmp_path: Path) -> None:
    heads = tmp_path / "heads.npz"
    heads.write_bytes(HEADS_FILE.read_bytes()[:2000])
    with pytest.raises(EncoderError, match="encoder heads"):
        EncoderLayer.load(heads=heads)


def _detect(lines: str, folder: Path | None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("TWITCHCHECK_ENCODER_DIR", None)
    if folder is not None:
        env["TWITCHCHECK_ENCODER_DIR"] = str(folder)
    return subprocess.run([sys.executable, "-m", "voice.frontends.cli", "detect", "--explain"], input=lines,
                          capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)


def test_detect_with_a_broken_encoder_says_so_once_shows_it_off_and_still_escalates(tmp_path: Path) -> None:
    folder = broken_copy(tmp_path, weights=real_weights_head(1_000_000))
    done = _detect("i cant breathe\nim on fire my forehead is like a radiator\n", folder)
    assert done.returncode == 0
    assert len(done.stderr.splitlines()) == 1 and "encoder layer is off" in done.stderr
    first, second = (json.loads(line) for line in done.stdout.splitlines())
    assert first["layers"]["encoder"] == "off" and first["red_flags"] == ["breathing"]
    assert second["uncertain"] == ["fever"]  # the learned layer's doubt still asks


def test_detect_with_the_encoder_shows_its_finding() -> None:
    done = _detect("im on fire my forehead is like a radiator\n", None)
    assert done.returncode == 0 and done.stderr == ""
    record = json.loads(done.stdout)
    assert record["layers"]["encoder"] == "on" and record["red_flags"] == ["fever"]
    assert any(f["layer"] == "encoder" and f["decision"] == "escalate" for f in record["findings"])


def test_background_load_of_a_broken_encoder_leaves_the_other_layers_deciding(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from voice import encoderload

    folder = broken_copy(tmp_path, tokenizer=b"{not json")
    monkeypatch.setenv(encoderload.ENV, str(folder))
    monkeypatch.setattr(encoderload, "_loaded", [])
    monkeypatch.setattr(encoderload, "_waiting", [])
    monkeypatch.setattr(encoderload, "_loader", None)
    detector = RedFlagDetector(load_red_flags())
    encoderload.load_in_background(detector)
    loader = encoderload._loader
    assert isinstance(loader, threading.Thread)
    loader.join(60)
    assert detector.encoder is None
    assert detector.detect("i cant breathe").red_flags == ("breathing",)
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "encoder layer is off" in err


def test_background_load_hands_the_encoder_to_every_waiting_detector(monkeypatch: pytest.MonkeyPatch) -> None:
    from voice import encoderload

    monkeypatch.delenv(encoderload.ENV, raising=False)
    monkeypatch.setattr(encoderload, "_loaded", [])
    monkeypatch.setattr(encoderload, "_waiting", [])
    monkeypatch.setattr(encoderload, "_loader", None)
    first, second = RedFlagDetector(load_red_flags()), RedFlagDetector(load_red_flags())
    encoderload.load_in_background(first)
    encoderload.load_in_background(second)
    loader = encoderload._loader
    assert isinstance(loader, threading.Thread)
    loader.join(120)
    assert first.encoder is not None and first.encoder is second.encoder
    third = RedFlagDetector(load_red_flags())
    encoderload.load_in_background(third)  # loaded already: at once, no second load
    assert third.encoder is first.encoder


def test_an_absent_encoder_package_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    from dialog.redflags import encoder as module

    monkeypatch.setattr(module, "PACKAGE", "twitchcheck_no_such_encoder")
    with pytest.raises(EncoderError, match="not installed"):
        EncoderLayer.load()


# ---------------------------------------------------------------- the answer in its conversation


@pytest.mark.parametrize(("slot", "text"), [
    ("location", "my head"), ("location", "the back of my head"), ("location", "left eye"),
    ("location", "in his left arm and hand"), ("severity", "severe and getting worse"),
    ("severity", "worst ever"), ("severity", "severe, the worst its been"),
    ("pattern", "three to five times an hour"), ("other_symptoms", "my hand feels weak"),
])
def test_an_ordinary_answer_to_its_own_question_raises_nothing_with_the_encoder(
        detectors: tuple[RedFlagDetector, RedFlagDetector], slot: str, text: str) -> None:
    """Policy, "Reading an answer in its conversation": the encoder is learned evidence too, so
    the open question quiets it where every word is that question's answer."""
    from dialog.understand.slots import spec

    _, with_encoder = detectors
    found = with_encoder.detect(text, answering=spec(slot).left_over)  # type: ignore[arg-type]
    assert found.red_flags == () and found.uncertain == (), found


@pytest.mark.parametrize(("slot", "text", "flag"), [
    ("location", "my left arm and now i cant lift it", "paralysis"),
    ("severity", "severe and my speech is slurred", "speech"),
    ("duration", "two weeks and i cant breathe", "breathing"),
])
def test_with_the_encoder_a_word_left_over_is_still_read(
        detectors: tuple[RedFlagDetector, RedFlagDetector], slot: str, text: str, flag: str) -> None:
    from dialog.understand.slots import spec

    _, with_encoder = detectors
    assert flag in with_encoder.detect(text, answering=spec(slot).left_over).red_flags  # type: ignore[arg-type]


def test_the_open_question_quiets_the_encoders_support_as_it_quiets_the_learned_doubt(
        detectors: tuple[RedFlagDetector, RedFlagDetector]) -> None:
    """Where every word is the open question's answer, the learned layer's doubt is quieted; the
    encoder's support of that doubt must not escalate on its own (it did: the support stood)."""
    _, with_encoder = detectors
    text = "i cant seem to get my wind back this morning"
    assert with_encoder.detect(text).red_flags == ("breathing",)
    assert with_encoder.detect(text, answering=lambda normalized: normalized.split()[:1]).red_flags == ("breathing",)
    quiet = with_encoder.detect(text, answering=lambda normalized: ())
    assert quiet.red_flags == () and quiet.uncertain == (), quiet
    assert any(f.layer == "encoder" and f.answered for f in quiet.findings)
