"""Load the protocol data files and validate them into `models.protocol`.

A bad field fails with a `ProtocolError` naming the file and the field, so a
clinician editing the data sees exactly what to fix.
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError

from models.emergency import EmergencyNumbers
from models.protocol import Protocol, RedFlag

DATA_DIR = Path(__file__).parent / "data"
PROTOCOL_FILE = "protocol.toml"
RED_FLAGS_FILE = "redflags.toml"
EMERGENCY_NUMBERS_FILE = "emergency_numbers.toml"


class ProtocolError(ValueError):
    """The protocol data is missing or invalid; the message names file and field."""


M = TypeVar("M", bound=BaseModel)


def read_toml(path: Path, error: type[ValueError] = ProtocolError, kind: str = "protocol") -> dict[str, Any]:
    """A data file's TOML; a missing file or bad TOML raises `error` naming the file."""
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError as exc:
        raise error(f"{path}: {kind} file not found") from exc
    except tomllib.TOMLDecodeError as exc:
        raise error(f"{path}: not valid TOML: {exc}") from exc


def load_model(model: type[M], path: Path, error: type[ValueError] = ProtocolError, kind: str = "protocol") -> M:
    """A data file read into `model`; anything wrong raises `error` naming the file and each field."""
    data = read_toml(path, error, kind)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise error(describe_errors(exc, path, data)) from exc


def describe_errors(exc: ValidationError, path: Path, data: Any) -> str:
    """One line per error: the file, and the field spelled as the TOML file spells it."""
    return "\n".join(f"{path}: field {field_name(data, tuple(e['loc']))}: {e['msg']}" for e in exc.errors())


_ITEM_KEYS = ("id", "slot", "region", "group", "part")
"""Keys that name an item of a TOML array, quoted in error messages."""


def field_name(data: Any, loc: tuple[Any, ...]) -> str:
    """Spell a pydantic location the way the TOML file reads: red_flag[3](id=fever).patterns."""
    names: list[str] = []
    node = data
    for part in loc:
        if isinstance(part, int) and names:
            ident = None
            if isinstance(node, list) and part < len(node) and isinstance(node[part], dict):
                ident = next((node[part][k] for k in _ITEM_KEYS if node[part].get(k)), None)
            names[-1] = f"{names[-1]}[{part}]" + (f"(id={ident})" if ident else "")
        else:
            names.append(str(part))
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            node = None
    return ".".join(names) or "(top level)"


def load_red_flags(path: Path | None = None) -> tuple[RedFlag, ...]:
    path = path or DATA_DIR / RED_FLAGS_FILE
    data = read_toml(path)
    try:
        return TypeAdapter(tuple[RedFlag, ...]).validate_python(data.get("red_flag", ()))
    except ValidationError as exc:
        wrapped = {"red_flag": data.get("red_flag", ())}
        raise ProtocolError("\n".join(
            f"{path}: field {field_name(wrapped, ('red_flag', *e['loc']))}: {e['msg']}"
            for e in exc.errors())) from exc


def load_protocol(data_dir: Path | None = None) -> Protocol:
    """Read `protocol.toml` and `redflags.toml` from `data_dir` (the packaged data by default)."""
    data_dir = data_dir or DATA_DIR
    path = data_dir / PROTOCOL_FILE
    data = read_toml(path)
    red_flags = load_red_flags(data_dir / RED_FLAGS_FILE)
    fields = {
        "questions": data.get("question", ()),
        "rules": data.get("rule", ()),
        "advice": data.get("advice", ()),
        "messages": data.get("messages", {}),
    }
    try:
        return Protocol(red_flags=red_flags, **fields)
    except ValidationError as exc:
        renamed = {"questions": "question", "rules": "rule", "advice": "advice", "messages": "messages"}
        message = describe_errors(exc, path, fields)
        for model_name, file_name in renamed.items():
            message = message.replace(f"field {model_name}", f"field {file_name}")
        raise ProtocolError(message) from exc


@lru_cache(maxsize=1)
def default_protocol() -> Protocol:
    """The packaged protocol, loaded once per process."""
    return load_protocol()


def load_emergency_numbers(path: Path | None = None) -> EmergencyNumbers:
    return load_model(EmergencyNumbers, path or DATA_DIR / EMERGENCY_NUMBERS_FILE)


@lru_cache(maxsize=1)
def emergency_numbers() -> EmergencyNumbers:
    """The packaged emergency numbers by country, loaded once per process."""
    return load_emergency_numbers()
