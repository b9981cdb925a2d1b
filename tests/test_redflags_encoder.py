"""The encoder layer: the sentence encoder's network, its place in the fusion, and what a
missing or broken encoder does (real broken files, no mocks)."""

from __future__ import annotations

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
from dialog.redflags.encoder import HEADS_FILE, EncoderError, EncoderLayer, model_dir, pooled

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "tests" / "data" / "minilm_reference.json"


@pytest.fixture(scope="module")
def encoder() -> EncoderLayer:
    return EncoderLayer.load()


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
    from safetensors import safe_open

    from dialog.redflags import minilm
    from dialog.redflags.encoder import SentenceEncoder

    reference = json.loads(REFERENCE.read_text())["sentences"]
    int8 = SentenceEncoder(model_dir() / "model.safetensors", model_dir() / "tokenizer.json")
    with safe_open(str(model_dir() / "model.safetensors"), framework="numpy") as tensors:
        fp32 = ort.InferenceSession(minilm.build(tensors.get_tensor, quantize=False).SerializeToString(),
                                    providers=["CPUExecutionProvider"])
    for row in reference:
        ids, _ = int8.pieces(row["text"].split())
        hidden = fp32.run(None, {"input_ids": ids[None], "attention_mask": np.ones_like(ids)[None]})[0][0]
        expected = np.array(row["embedding"])
        assert np.abs(pooled(hidden) - expected).max() < 1e-4, row["text"]
        assert float(int8.embed([row["text"].split()])[0] @ expected) > 0.98, row["text"]


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
