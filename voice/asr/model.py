"""Which speech engine and model the skill uses, and where the model lives.

Vosk model search order: explicit `--model PATH`, then `$VOSK_MODEL_PATH`,
`/usr/share/vosk`, `~/.cache/vosk` (any folder named vosk-model-*en-us*). Nothing
here touches the network unless asked (`make run`'s set-up, `twitchcheck model
--download`, or `twitchcheck --download-model`): then voice.asr.fetch downloads
the small US-English model, checked against its published checksum. Without a
model, "auto" falls back to PocketSphinx, whose model ships inside its wheel,
and says so in a one-line notice that tells how to get the better model.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from voice.asr.base import EngineName, Recognizer
from voice.asr.modeldir import CorruptModelError, ModelNotFoundError, validate_model_dir

log = logging.getLogger(__name__)

AsrChoice = Literal["auto", "vosk", "pocketsphinx"]
ModelSource = Literal["--model", "$VOSK_MODEL_PATH", "/usr/share/vosk", "~/.cache/vosk",
                      "download", "pocketsphinx built-in"]
DEFAULT_LANG = "en-us"
DOWNLOAD_COMMAND = "twitchcheck model --download"


class ModelLocation(BaseModel):
    model_config = ConfigDict(frozen=True)

    path: Path
    source: ModelSource


class EngineChoice(BaseModel):
    """The engine to run, the model it uses, and a notice for the person if we fell back."""

    model_config = ConfigDict(frozen=True)

    engine: EngineName
    model: ModelLocation | None = None
    notice: str | None = None


class ModelStatus(BaseModel):
    """What `twitchcheck model` reports."""

    model_config = ConfigDict(frozen=True)

    engine: EngineName
    model_name: str
    path: str | None
    source: ModelSource
    language: str
    size_mb: float | None = None
    grammar_support: bool
    notice: str | None = None

    def describe(self) -> str:
        lines = [f"speech engine: {self.engine}", f"model: {self.model_name} ({self.language})",
                 f"where: {self.path or 'inside the Python package'} [{self.source}]"]
        if self.size_mb is not None:
            lines.append(f"size: {self.size_mb:.0f} MB")
        lines.append(f"answer grammars: {'yes' if self.grammar_support else 'no'}")
        if self.notice:
            lines.append(f"note: {self.notice}")
        return "\n".join(lines)


def set_vosk_log_level(verbose: bool) -> None:
    import vosk

    # -1 hides Kaldi's info chatter but keeps its warnings; 0 shows everything.
    vosk.SetLogLevel(0 if verbose else -1)


def _search_dirs(env: Mapping[str, str]) -> list[tuple[Path, ModelSource]]:
    dirs: list[tuple[Path, ModelSource]] = []
    if env.get("VOSK_MODEL_PATH"):
        dirs.append((Path(env["VOSK_MODEL_PATH"]).expanduser(), "$VOSK_MODEL_PATH"))
    dirs.append((Path("/usr/share/vosk"), "/usr/share/vosk"))
    dirs.append((Path.home() / ".cache" / "vosk", "~/.cache/vosk"))
    return dirs


def find_vosk_model(model_path: str | Path | None = None, *, lang: str = DEFAULT_LANG,
                    env: Mapping[str, str] | None = None,
                    search_dirs: Sequence[tuple[Path, ModelSource]] | None = None
                    ) -> ModelLocation | None:
    """Where a Vosk model is, without loading it. An explicit path must be valid."""
    if model_path is not None:
        path = Path(model_path).expanduser()
        validate_model_dir(path)
        return ModelLocation(path=path.resolve(), source="--model")
    for directory, source in (search_dirs if search_dirs is not None
                              else _search_dirs(os.environ if env is None else env)):
        if not directory.is_dir():
            continue
        # $VOSK_MODEL_PATH may name the model folder itself rather than its parent.
        if source == "$VOSK_MODEL_PATH" and (directory / "am").is_dir():
            validate_model_dir(directory)
            return ModelLocation(path=directory.resolve(), source=source)
        for candidate in sorted(directory.iterdir()):
            if (candidate.is_dir() and candidate.name.startswith("vosk-model")
                    and lang in candidate.name):
                try:
                    validate_model_dir(candidate)
                except CorruptModelError as exc:
                    log.warning("skipping %s", exc)
                    continue
                return ModelLocation(path=candidate.resolve(), source=source)
    return None


def download_vosk_model(lang: str = DEFAULT_LANG, *, progress: bool = True) -> ModelLocation:
    """Fetch the small model for `lang` into ~/.cache/vosk: resumable and checksummed
    (voice.asr.fetch); a progress bar on stderr."""
    from voice.asr.fetch import (  # requests and tqdm only when fetching
        SMALL_EN_US,
        fetch_model,
    )

    if lang != DEFAULT_LANG:
        raise ModelNotFoundError(f"No downloadable Vosk model is known for language {lang}.")
    # a mirror of the same archive; it is checked against the same published checksum
    mirror = os.environ.get("TWITCHCHECK_VOSK_MODEL_URL")
    archive = SMALL_EN_US.model_copy(update={"url": mirror}) if mirror else SMALL_EN_US
    path = fetch_model(archive, Path.home() / ".cache" / "vosk", progress=progress)
    return ModelLocation(path=path.resolve(), source="download")


def load_vosk_model(path: Path, *, verbose: bool = False) -> Any:
    """Load a Vosk model folder (seconds and hundreds of MB for a real model)."""
    import vosk

    validate_model_dir(path)
    set_vosk_log_level(verbose)
    try:
        return vosk.Model(str(path))
    except Exception as exc:
        raise CorruptModelError(f"Vosk could not load the model in {path}: it is damaged or "
                                "not a Vosk model. Download it again.") from exc


def choose_engine(asr: AsrChoice = "auto", model_path: str | Path | None = None, *,
                  allow_download: bool = False, lang: str = DEFAULT_LANG,
                  env: Mapping[str, str] | None = None,
                  search_dirs: Sequence[tuple[Path, ModelSource]] | None = None) -> EngineChoice:
    """Pick the engine. "vosk" without a model raises; "auto" falls back with a notice."""
    if asr == "pocketsphinx":
        return EngineChoice(engine="pocketsphinx")
    location = find_vosk_model(model_path, lang=lang, env=env, search_dirs=search_dirs)
    problem = f"no Vosk {lang} model found"
    if location is None and allow_download:
        try:
            location = download_vosk_model(lang)
        except ModelNotFoundError as exc:
            problem = f"{problem} and none could be downloaded ({str(exc).rstrip('.')})"
    if location is not None:
        return EngineChoice(engine="vosk", model=location)
    if asr == "vosk":
        raise ModelNotFoundError(
            f"{problem[0].upper()}{problem[1:]}. Put one in ~/.cache/vosk, pass --model PATH, "
            "or use --asr pocketsphinx.")
    return EngineChoice(engine="pocketsphinx",
                        notice=f"Using PocketSphinx speech recognition: {problem}. For better "
                               f"recognition, run '{DOWNLOAD_COMMAND}' once (about 40 MB).")


def _folder_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


def _model_language(path: Path) -> str:
    for name in (path.name, path.parent.name):
        found = re.match(r"vosk[-_]model(?:[-_]small)?[-_]([a-z]{2}(?:-[a-z]{2})?)", name)
        if found:
            return found.group(1)
    readme = path / "README"
    if readme.is_file():  # e.g. "Small Korean for Vosk ..."
        return readme.read_text(errors="replace").splitlines()[0].strip()[:60] or "unknown"
    return "unknown"


def model_status(choice: EngineChoice) -> ModelStatus:
    """Which model is in use and where, for `twitchcheck model`."""
    if choice.engine == "vosk" and choice.model is not None:
        from voice.asr.vosk_engine import model_has_dynamic_graph

        path = choice.model.path
        name = path.name if path.name != "model" else path.parent.name  # pip-packaged models
        lang = _model_language(path)
        return ModelStatus(engine="vosk", model_name=name, path=str(path),
                           source=choice.model.source, language=lang, size_mb=_folder_mb(path),
                           grammar_support=model_has_dynamic_graph(path), notice=choice.notice)
    import pocketsphinx

    path = Path(pocketsphinx.get_model_path()) / "en-us"
    return ModelStatus(engine="pocketsphinx", model_name="pocketsphinx en-us (built in)",
                       path=str(path), source="pocketsphinx built-in", language="en-us",
                       size_mb=_folder_mb(path), grammar_support=True, notice=choice.notice)


def recognizer_factory(choice: EngineChoice, *, verbose: bool = False
                       ) -> Callable[[], Recognizer]:
    """A maker of independent recognizers that share one loaded model.

    The Vosk model is loaded once here (the slow part); each call then makes a
    cheap recognizer, so the safety and answer channels do not double memory.
    """
    if choice.engine == "vosk":
        if choice.model is None:
            raise ModelNotFoundError("Vosk was chosen but no model location was given.")
        from voice.asr.vosk_engine import VoskRecognizer

        model = load_vosk_model(choice.model.path, verbose=verbose)
        model_dir = choice.model.path
        return lambda: VoskRecognizer(model, model_dir=model_dir)
    from voice.asr.sphinx_engine import SphinxRecognizer

    return lambda: SphinxRecognizer(verbose=verbose)
