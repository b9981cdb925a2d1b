"""The source documents by title and address (dialog/data/sources.toml), for the doctor summary."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from pydantic import TypeAdapter, ValidationError

from dialog.load import DATA_DIR, ProtocolError, describe_errors, read_toml
from models.common import SourceId
from models.outcome import SourceRef

SOURCES_FILE = "sources.toml"


@lru_cache(maxsize=1)
def source_refs() -> dict[SourceId, SourceRef]:
    path = DATA_DIR / SOURCES_FILE
    data = read_toml(path)
    try:
        refs = TypeAdapter(tuple[SourceRef, ...]).validate_python(data.get("source", ()))
    except ValidationError as exc:
        raise ProtocolError(describe_errors(exc, path, data.get("source"))) from exc
    return {ref.id: ref for ref in refs}


def cited(ids: Iterable[SourceId]) -> tuple[SourceRef, ...]:
    """The sources named by `ids`, each once, in the order of the source list."""
    wanted = set(ids)
    return tuple(ref for ref in source_refs().values() if ref.id in wanted)
