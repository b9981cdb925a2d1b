"""What the learned layer sees of a clause: word and character n-grams.

Word n-grams (up to three words) keep the order that separates "cant breathe"
from "can breathe fine"; character n-grams inside each word reach inflections
and recognizer spellings the training text never had ("vomitting", "seizured",
"breth"). Each feature remembers the token it starts at, so that a decision can
be traced back to the word that carried it (the anchor that assertion rules
read around).

Training (scripts/train_redflags.py) and detection use this one function, so
the two can never disagree on what a feature is.
"""

from __future__ import annotations

from collections.abc import Sequence

WORD_N = 3
CHAR_N = (3, 5)


def word_features(tokens: Sequence[str], i: int) -> list[str]:
    """The word n-grams that start at token `i`."""
    n = len(tokens)
    out = ["w " + tokens[i]]
    for size in range(2, WORD_N + 1):
        if i + size <= n:
            out.append(f"w{size} " + " ".join(tokens[i:i + size]))
    return out


def char_features(token: str) -> list[str]:
    """The character n-grams of one word: the same wherever the word stands, so a reader
    can keep them per word instead of building them again for every clause."""
    padded = f"<{token}>"
    low, high = CHAR_N
    return ["c " + padded[j:j + size]
            for size in range(low, high + 1) for j in range(len(padded) - size + 1)]


def features(tokens: Sequence[str]) -> list[tuple[str, int]]:
    """Every feature of `tokens` with the index of the token it starts at."""
    out: list[tuple[str, int]] = []
    for i, token in enumerate(tokens):
        out.extend((feature, i) for feature in word_features(tokens, i))
        out.extend((feature, i) for feature in char_features(token))
    return out
