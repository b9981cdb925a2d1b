"""Reading utterances from a text stream, safely, whatever bytes arrive; and
leaving quietly when the reader of our output goes away.

A line of any length is checked for red flags in full, in bounded memory: a line
longer than a red-flag window (dialog.redflags.windows) also comes as overlapping windows (partial pieces,
which only the red-flag check reads), so a warning sign after the first
100 kB is never ignored. Only the first `MAX_LINE_BYTES` are read as the answer.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from dialog.redflags.windows import WINDOW, windows

MAX_LINE_BYTES = 100_000
"""A longer line is read as an answer only up to here (the person is told); no spoken
answer is anywhere near this long."""


@dataclass(frozen=True)
class Piece:
    """One input line (final), or a window of a long one for the red-flag check (not final)."""

    text: str
    final: bool = True
    too_long: bool = False
    """The line was over `MAX_LINE_BYTES`: `text` holds its beginning only."""
    windowed: bool = False
    """Windows of this line came before it."""


class Utterance(BaseModel):
    """One input line of the JSON-lines interface."""

    model_config = ConfigDict(extra="ignore", strict=True)
    text: str
    final: bool = True
    confidence: float | None = Field(default=None, ge=0, le=1, allow_inf_nan=False)


def clean(raw: bytes) -> str:
    """Decode any bytes to text a person could have said: invalid UTF-8 and control
    characters become spaces, so garbage reads as "not understood", never a crash."""
    text = raw.decode("utf-8", errors="replace")
    return "".join(ch if ch.isprintable() else " " for ch in text).replace("\ufffd", " ")


def read_pieces(stream: BinaryIO) -> Iterator[Piece]:
    """Each line of `stream` as a final `Piece`, preceded by its windows when it is long."""
    while True:
        raw = stream.readline(MAX_LINE_BYTES + 1)
        if not raw:
            return
        ended = raw.endswith(b"\n") or len(raw) <= MAX_LINE_BYTES  # (a short read is the end)
        body = raw.rstrip(b"\r\n") if ended else raw
        windowed = len(body) > WINDOW or not ended
        if windowed:
            for window in windows(_line_chunks(body, stream, ended)):
                yield Piece(clean(window), final=False)
        yield Piece(clean(body[:MAX_LINE_BYTES]), too_long=not ended, windowed=windowed)


def read_lines(stream: BinaryIO) -> Iterator[str]:
    """The answer text of each line (a line over `MAX_LINE_BYTES` is cut there).
    For red flags, read `read_pieces` instead: it covers the whole line."""
    return (piece.text for piece in read_pieces(stream) if piece.final)


def _line_chunks(first: bytes, stream: BinaryIO, ended: bool) -> Iterator[bytes]:
    yield first
    while not ended:
        more = stream.readline(MAX_LINE_BYTES)
        if not more:
            return
        ended = more.endswith(b"\n")
        yield more.rstrip(b"\r\n") if ended else more


_PROBLEMS = {"string_type": "must be a string", "bool_type": "must be true or false",
             "float_type": "must be a number", "missing": "is missing",
             "finite_number": "must be a number between 0 and 1",
             "greater_than_equal": "must be between 0 and 1",
             "less_than_equal": "must be between 0 and 1"}
_KINDS = {list: "a list", str: "a string", int: "a number", float: "a number", bool: "true or false",
          type(None): "null"}
EXAMPLE = '{"text": "...", "final": true}'


def parse_utterance(line: str) -> Utterance | str:
    """A plain line is a final utterance; a line that is JSON must be an utterance object.
    Anything else returns an error message that names the field and the problem."""
    stripped = line.strip()
    try:
        data = json.loads(stripped)
    except json.JSONDecodeError as exc:
        if stripped[:1] in ('{', '[', '"'):
            return f"not valid JSON ({exc.msg} at column {exc.colno}); expected an object like {EXAMPLE}"
        return Utterance(text=line)
    if isinstance(data, (int, float)) and not isinstance(data, bool):
        return Utterance(text=line)  # "2" is something a person can say
    if not isinstance(data, dict):
        return f"expected a JSON object like {EXAMPLE}, got {_KINDS.get(type(data), 'something else')}"
    try:
        return Utterance.model_validate(data)
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            field = ".".join(str(part) for part in error["loc"]) or "line"
            problems.append(f"{field}: {_PROBLEMS.get(error['type'], error['msg'].lower())}")
        return "; ".join(problems)


def reader_gone() -> None:
    """Our stdout's reader went away (`twitchcheck detect | head -1`): send what is left to
    /dev/null, so that neither later writes nor the interpreter's final flush raise
    BrokenPipeError. Call it from an `except BrokenPipeError:`."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # stdout already closed or replaced
        pass
