"""A text too long to read at once, read for red flags in overlapping windows.

Every door that takes text (typed lines, `serve`'s transcripts, OpenVoiceOS)
checks all of it for red flags, however long, in bounded memory: the text comes
in chunks and leaves as windows of at most `WINDOW` characters (or bytes), each
sharing `OVERLAP` with the one before, so that a warning sign and the words that
deny it ("i dont have ... trouble breathing") are always read together once.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TypeVar

from dialog.text import MAX_CHARS

WINDOW = min(16_000, MAX_CHARS)
"""The detector reads at most `MAX_CHARS` characters of one text; a window never holds more
(a byte is at most one character, so the same bound serves bytes)."""
OVERLAP = 1_000

Text = TypeVar("Text", str, bytes)


def windows(chunks: Iterable[Text]) -> Iterator[Text]:
    """The windows of the text made of `chunks`, in order; a short text is one window."""
    buffer: Text | None = None
    sent = False
    for chunk in chunks:
        buffer = chunk if buffer is None else buffer + chunk
        while len(buffer) >= WINDOW:
            yield buffer[:WINDOW]
            sent = True
            buffer = buffer[WINDOW - OVERLAP:]
    if buffer and (not sent or len(buffer) > OVERLAP):
        yield buffer
