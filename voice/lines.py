"""Reading utterances from a text stream, safely, whatever bytes arrive."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import BinaryIO

from pydantic import BaseModel, ConfigDict, Field, ValidationError

MAX_LINE_BYTES = 100_000
"""A longer line is cut here; no spoken answer is anywhere near this long."""


class Utterance(BaseModel):
    """One input line of the JSON-lines interface."""

    model_config = ConfigDict(extra="ignore")
    text: str
    final: bool = True
    confidence: float | None = Field(default=None, ge=0, le=1)


def clean(raw: bytes) -> str:
    """Decode any bytes to text a person could have said: invalid UTF-8 and control
    characters become spaces, so garbage reads as "not understood", never a crash."""
    text = raw[:MAX_LINE_BYTES].decode("utf-8", errors="replace")
    return "".join(ch if ch.isprintable() else " " for ch in text).replace("\ufffd", " ")


def read_lines(stream: BinaryIO) -> Iterator[str]:
    """Yield each line of `stream`, cleaned; long lines are cut and the rest skipped."""
    while True:
        raw = stream.readline(MAX_LINE_BYTES + 1)
        if not raw:
            return
        if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
            while True:  # drain the rest of an over-long line
                more = stream.readline(MAX_LINE_BYTES)
                if not more or more.endswith(b"\n"):
                    break
        yield clean(raw.rstrip(b"\r\n"))


def parse_utterance(line: str) -> Utterance | str:
    """A JSON object line becomes an `Utterance`; a plain line is a final utterance.
    A line that starts like JSON but is not valid returns an error message."""
    stripped = line.strip()
    if not stripped.startswith("{"):
        return Utterance(text=line)
    try:
        return Utterance.model_validate(json.loads(stripped))
    except (json.JSONDecodeError, ValidationError) as exc:
        first = str(exc).splitlines()[0]
        return f'not a valid utterance object (expected {{"text": "...", "final": true}}): {first}'
