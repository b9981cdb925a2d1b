"""Misspelt words put right, toward the skill's own vocabulary only.

People type "weeker", "protien", "twiching" and "calfs". A maintained spelling
library (pyspellchecker: Peter Norvig's method over an English word-frequency
list shipped inside the package; offline, pure Python) proposes the English
words one edit away (a letter added, dropped, changed, or two swapped). A word
is put right only when:

- it is not itself a word the skill knows (`Speller.vocabulary`, built by the
  caller from the answer parsers' own data);
- at least `MIN_LETTERS` letters long (short words have too many neighbours);
- the proposal IS a word the skill knows, so an ordinary word is never "corrected"
  into a medical one and nothing is corrected into a word no parser reads;
- and, when the typed word is itself in the library's list, it is a rare one there
  (`RARE_COUNT`) and the proposal far more common (`KNOWN_WORD_RATIO`): "calfs" becomes
  "calf"; "eat" never becomes "ear", nor "sight" "right".

Deterministic: among equal proposals the more frequent wins, then the first in
alphabetical order (never a set's order). The red-flag detector does not read
this: it reads the raw words (dialog/redflags), so a correction can add an
answer's reading and never hide a red flag.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from spellchecker import SpellChecker

MIN_LETTERS = 4
RARE_COUNT = 100
"""A word the library's list counts this often or less is rare (half its 160,000 words sit at
its floor of 50, "calfs" among them; "sight" counts 49,242): only a rare word may be a slip."""
KNOWN_WORD_RATIO = 50
"""...and it is replaced only by a skill word at least this many times more frequent ("calf":
4,138 against "calfs": 50)."""
_WORD = re.compile(r"[a-z]+")


@lru_cache(maxsize=1)
def english_words() -> SpellChecker:
    """pyspellchecker's English word list, read once per process (about 0.2 s) and shared
    with the other-language check (dialog/language/english.py)."""
    # distance 1: every proposal is one edit away (with swaps: "protien"), and lookups stay
    # fast (a distance-2 search takes about a second for a long word)
    return SpellChecker(language="en", distance=1)


class Speller:
    """Corrections toward `vocabulary` (exact words) and `stems` (words that begin with one:
    "weak" accepts "weaker")."""

    def __init__(self, vocabulary: Iterable[str], stems: Iterable[str] = ()) -> None:
        self.vocabulary = frozenset(vocabulary)
        self._stems = tuple(sorted({s for s in stems if len(s) >= MIN_LETTERS}))
        self._cache: dict[str, str] = {}

    def loaded(self) -> Speller:
        """This speller, with the library's word list read in now rather than at the first word."""
        english_words()
        return self

    def knows(self, word: str) -> bool:
        return word in self.vocabulary or any(word.startswith(s) for s in self._stems)

    def word(self, word: str) -> str:
        """`word` put right, or as it was."""
        if word in self._cache:
            return self._cache[word]
        fixed = self._fix(word)
        if len(self._cache) < 10_000:
            self._cache[word] = fixed
        return fixed

    def _fix(self, word: str) -> str:
        if len(word) < MIN_LETTERS or not word.isalpha() or self.knows(word):
            return word
        english = english_words()
        frequency = english.word_frequency.dictionary
        typed = frequency.get(word, 0)
        if typed > RARE_COUNT:
            return word  # an English word in its own right ("eat", "sight"): left alone
        proposals = [c for c in english.known(english.edit_distance_1(word)) if c != word and self.knows(c)]
        if not proposals:
            return word
        best = min(proposals, key=lambda c: (-frequency.get(c, 0), c))
        if typed and frequency.get(best, 0) < KNOWN_WORD_RATIO * typed:
            return word
        return best

    def correct(self, normalized: str) -> str:
        """`normalized` (dialog.text.normalize output) with its misspelt words put right."""
        return _WORD.sub(lambda m: self.word(m.group(0)), normalized)
