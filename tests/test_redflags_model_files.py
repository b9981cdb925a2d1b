"""A truncated or corrupt model file (issue 14, "Bad input"): the learned layer's model and the
encoder's heads are refused with an error that names the file, never numpy's zip reader's own
exception; and the command refuses to run on a broken learned model with one clear line rather
than crash or quietly check on the lexicon alone. Real broken files, written in tmp_path."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from dialog.redflags.encoder import HEADS_FILE, EncoderError, load_heads
from dialog.redflags.learned import MODEL_FILE, LearnedLayer, LearnedModelError
from voice.exitcodes import ExitCode

ROOT = Path(__file__).resolve().parent.parent


def _half(data: bytes) -> bytes:
    return data[: len(data) // 2]


def _end_cut(data: bytes) -> bytes:
    return data[:-10]


def _empty(data: bytes) -> bytes:
    return b""


def _scrambled(data: bytes) -> bytes:
    # the zip's directory intact, a compressed member's bytes changed
    return data[:2000] + bytes(b ^ 0x55 for b in data[2000:4000]) + data[4000:]


BREAKAGES: list[Callable[[bytes], bytes]] = [_half, _end_cut, _empty, _scrambled]


@pytest.mark.parametrize("breakage", BREAKAGES, ids=lambda f: f.__name__.strip("_"))
def test_a_broken_learned_model_is_refused_naming_the_file(tmp_path: Path,
                                                           breakage: Callable[[bytes], bytes]) -> None:
    broken = tmp_path / "redflags_model.npz"
    broken.write_bytes(breakage(MODEL_FILE.read_bytes()))
    with pytest.raises(LearnedModelError, match=str(broken)):
        LearnedLayer.load(broken)


@pytest.mark.parametrize("breakage", BREAKAGES, ids=lambda f: f.__name__.strip("_"))
def test_broken_encoder_heads_are_refused_naming_the_file(tmp_path: Path,
                                                          breakage: Callable[[bytes], bytes]) -> None:
    broken = tmp_path / "redflags_encoder.npz"
    data = HEADS_FILE.read_bytes()
    broken.write_bytes(breakage(data) if breakage is not _scrambled else
                       data[:600] + bytes(b ^ 0x55 for b in data[600:1600]) + data[1600:])
    with pytest.raises(EncoderError, match=str(broken)):
        load_heads(broken)


# The command run as a process, with the learned model's path pointed at a broken copy.
_RUN = """
import sys, pathlib
import dialog.redflags.learned as learned
learned.MODEL_FILE = pathlib.Path(sys.argv[1])
from voice.frontends.cli import main
sys.exit(main(sys.argv[2:]))
"""


@pytest.mark.parametrize("args", [["detect"], ["detect", "--explain"], ["--text"]], ids=" ".join)
def test_the_command_refuses_to_run_on_a_broken_learned_model_with_one_clear_line(
        tmp_path: Path, args: list[str]) -> None:
    broken = tmp_path / "redflags_model.npz"
    broken.write_bytes(MODEL_FILE.read_bytes()[:1000])
    done = subprocess.run([sys.executable, "-c", _RUN, str(broken), *args], input="i cant breathe\n",
                          capture_output=True, text=True, cwd=ROOT, timeout=120,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert done.returncode == ExitCode.FAULT, done.stderr
    assert done.stdout == ""  # no check runs without the layer, and none pretends to
    (line,) = done.stderr.splitlines()
    assert str(broken) in line and "truncated or corrupt" in line
