"""`voice.lines`: every part of a line of any length reaches the red-flag check, in bounded memory."""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dialog.redflags.windows import OVERLAP as OVERLAP_BYTES
from dialog.redflags.windows import WINDOW as WINDOW_BYTES
from voice.lines import MAX_LINE_BYTES, read_pieces


def test_windows_cover_every_phrase_of_a_long_line_and_stay_small() -> None:
    words = [f"w{i:07d}" for i in range(40_000)]  # 9 bytes each with the space: 360 kB
    line = " ".join(words).encode()
    pieces = list(read_pieces(io.BytesIO(line + b"\nnext\n")))
    windows = [p.text for p in pieces if not p.final]
    finals = [p for p in pieces if p.final]
    assert all(len(w) <= WINDOW_BYTES for w in windows)
    assert [p.too_long for p in finals] == [True, False] and finals[1].text == "next"
    assert len(finals[0].text) == MAX_LINE_BYTES
    phrase = 60  # bytes: far longer than any red-flag phrase, far shorter than the overlap
    assert phrase < OVERLAP_BYTES
    for start in range(0, len(line) - phrase, 997):
        piece = line[start:start + phrase].decode()
        assert any(piece in w for w in windows), f"bytes {start}..{start + phrase} were never checked"


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=0, max_value=3 * WINDOW_BYTES), st.integers(min_value=0, max_value=200))
def test_the_end_of_any_line_is_checked(filler: int, tail: int) -> None:
    line = b"a" * filler + b" i cant breathe" + b"b" * tail
    pieces = list(read_pieces(io.BytesIO(line + b"\n")))
    assert any("i cant breathe" in p.text for p in pieces)
    assert pieces[-1].final and sum(p.final for p in pieces) == 1


@pytest.mark.parametrize("size", [0, 1, WINDOW_BYTES, MAX_LINE_BYTES, MAX_LINE_BYTES + 1])
def test_a_line_without_a_newline_at_the_end_is_still_read(size: int) -> None:
    pieces = list(read_pieces(io.BytesIO(b"x" * size + b"\n" + b"last words")))
    assert pieces[-1].text == "last words" and pieces[-1].final
