"""What a complete Vosk model folder is, and the errors of finding one.

Shared by the finder (voice.asr.model) and the fetch (voice.asr.fetch), which
installs only a folder that passes this check.
"""

from __future__ import annotations

from pathlib import Path

from voice.asr.base import RecognizerError


class ModelNotFoundError(RecognizerError):
    """No Vosk model could be found (or downloaded)."""


class CorruptModelError(RecognizerError):
    """A folder was given as a Vosk model but is not a usable one."""


def validate_model_dir(path: Path) -> None:
    """Raise CorruptModelError unless `path` looks like a complete Vosk model folder."""
    if not path.is_dir():
        raise CorruptModelError(f"The Vosk model folder {path} does not exist.")
    missing = [name for name in ("am/final.mdl", "conf/mfcc.conf") if not (path / name).is_file()]
    graph = path / "graph"
    if not ((graph / "HCLG.fst").is_file() or
            ((graph / "HCLr.fst").is_file() and (graph / "Gr.fst").is_file())):
        missing.append("graph/HCLG.fst (or graph/HCLr.fst + graph/Gr.fst)")
    if missing:
        raise CorruptModelError(
            f"{path} is not a complete Vosk model (missing {', '.join(missing)}). "
            "Download it again, and unzip it so that the folder holds am/, conf/ and graph/.")
