"""Whole-word phrase matching with negation scope, shared by every slot parser.

All matching runs on `dialog.text.normalize` output: lower case, single spaces,
no punctuation. Phrases are regular-expression fragments; word boundaries are
added here so "arm" never matches "harm" and "als" never matches "also".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from dialog.language.negation import Negation
from dialog.language.words import Words
from dialog.text import normalize, with_digits

SCOPE_BREAKERS = frozenset({
    "but", "though", "although", "however", "except", "apart", "besides", "yet", "just", "only",
    "because", "cause", "since", "so", "then", "and", "also", "plus", "still", "actually", "although",
    "whereas", "while",
})
"""A negation does not reach past these: "no coffee and lots of stress" keeps the stress.

"and" ends the scope on purpose: "no weakness and numbness" then reads as numbness
present, the more urgent reading when in doubt.
"""

@lru_cache(maxsize=512)
def norm(text: str) -> str:
    """`normalize`, cached: `understand` runs several parsers on one answer."""
    return normalize(text)


@lru_cache(maxsize=512)
def digits(normalized: str) -> str:
    """`with_digits`, cached, for parsers that count."""
    return with_digits(normalized)


def compile_phrases(phrases: Iterable[str]) -> re.Pattern[str]:
    """One alternation over `phrases`, longest first, on whole words."""
    ordered = sorted(set(phrases), key=len, reverse=True)
    if not ordered:
        return re.compile(r"(?!x)x")  # matches nothing
    return re.compile(r"(?<![a-z0-9])(?:" + "|".join(ordered) + r")(?![a-z0-9])")


def word_index(text: str, pos: int) -> int:
    """How many words of `text` start before character `pos`."""
    return len(text[:pos].split())


LOOKBACK_CHARS = 240
"""Enough characters for any short window of words; keeps long inputs linear."""


def words_before(text: str, pos: int, count: int) -> list[str]:
    """The last `count` whole words before character `pos`."""
    chunk = text[max(0, pos - LOOKBACK_CHARS):pos]
    words = chunk.split()
    if pos - LOOKBACK_CHARS > 0 and words and not chunk[0].isspace():
        words = words[1:]  # a word cut in half at the window edge
    return words[-count:]


NEW_THOUGHT = frozenset({"maybe", "perhaps", "possibly", "probably"})
"""A hedge after a no starts a new thought, where a comma stood in writing: "not really,
maybe some stress at work" names stress; "no coffee maybe some stress" keeps the stress."""
_CUES = frozenset({"no", "not", "nope", "nah", "never", "none", "nothing", "without", "neither", "nor", "dont",
                   "didnt", "doesnt", "havent", "hasnt", "hadnt", "isnt", "arent", "wasnt", "werent", "cant",
                   "couldnt", "wont", "wouldnt", "any"})
_NEW_THOUGHT_REACH = 8


def is_negated(text: str, start: int) -> bool:
    """Whether a negation before character `start` of normalized `text` reaches it. The one
    negation engine (dialog.language.negation) that the red-flag detector uses too: "no
    weakness", "i dont think i have any numbness", but not "no i have some weakness".

    For answers only, a hedge between the no and the item ends the no (`NEW_THOUGHT`); the
    red-flag detector reads negation on its own (dialog.redflags.assertion)."""
    for word in reversed(words_before(text, start, _NEW_THOUGHT_REACH)):
        if word in _CUES:
            break
        if word in NEW_THOUGHT:
            return False
    words = _words(text)
    token = words.token_at(start)
    return _negation(text).denies(token, token + 1)


@lru_cache(maxsize=512)
def _words(text: str) -> Words:
    return Words(text)


@lru_cache(maxsize=64)
def _negation(text: str) -> Negation:
    # built once per answer, not once per phrase found in it: each build scans the whole
    # text for cues, and a long answer has hundreds of phrases
    return Negation(_words(text))


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    text: str
    negated: bool


class PhraseSet:
    """A vocabulary group: its phrases, and look-alikes that are not it."""

    def __init__(self, phrases: Sequence[str], exclude: Sequence[str] = ()) -> None:
        self.pattern = compile_phrases(phrases)
        self.exclude = compile_phrases(exclude) if exclude else None

    def hits(self, text: str) -> list[Hit]:
        blocked = [m.span() for m in self.exclude.finditer(text)] if self.exclude else []
        found: list[Hit] = []
        for m in self.pattern.finditer(text):
            if any(a <= m.start() < b or a < m.end() <= b for a, b in blocked):
                continue
            found.append(Hit(m.start(), m.end(), m.group(0), is_negated(text, m.start())))
        return found

    def positive(self, text: str) -> list[Hit]:
        return [h for h in self.hits(text) if not h.negated]

    def search(self, text: str) -> bool:
        return bool(self.positive(text))


def clauses(text: str) -> list[tuple[int, str]]:
    """Split on clause words; each part with its character offset in `text`."""
    out: list[tuple[int, str]] = []
    pos = 0
    for m in _CLAUSE_SPLIT.finditer(text):
        out.append((pos, text[pos:m.start()]))
        pos = m.end()
    out.append((pos, text[pos:]))
    return [(p, c) for p, c in out if c.strip()]


_CLAUSE_SPLIT = re.compile(r"(?<![a-z0-9])(?:but|and then|and since|though|although|however|because|so)(?![a-z0-9])")
