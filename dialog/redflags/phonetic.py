"""Recognizer errors by sound: read a misheard word as the key word it sounds like.

A recognizer writes what it heard, not what was meant: "seesure", "sea sure",
"past out", "black doubt", "vomit in", "breeth". Each red flag names its key
words in dialog/data/redflags.toml (`key_words`); a run of one or two words
whose Metaphone code is the key term's (or one letter from it, for longer
codes) and whose spelling is close to it (Jaro-Winkler) is read as that term.
The rewritten text is a second reading that the layers also judge: it only
ever adds detections, and the assessment still reads the words around it, so
"no seesure" stays denied.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import jellyfish

_MIN_SIMILARITY = 0.8
"""Spelling closeness on an exact sound match across two words ("sea sure" ~ "seizure")."""
_MIN_SIMILARITY_ONE_WORD = 0.85
"""The same for one word: keeps "does" (TS) from reading as "dizzy" and "calms" as "clumsy"."""
_MIN_SIMILARITY_NEAR = 0.9
"""On a sound match one letter off ("vomit in" FMTN ~ "vomiting" FMTNK) the spelling must be closer."""
_MAX_WINDOW = 2
_ING_SOUNDS = frozenset({"in", "inn", "ing", "en", "an", "ink"})


@dataclass(frozen=True, slots=True)
class _Term:
    words: str
    joined: str
    code: str

    def split_as(self, window: Sequence[str]) -> bool:
        """A recognizer may split it so: a phrase ("black doubt"), or an "-ing" word whose
        ending came out as a word of its own ("swallow in", "vomit in")."""
        if " " in self.words:
            return True
        return self.words.endswith("ing") and window[-1] in _ING_SOUNDS


_MAX_CACHED_WINDOWS = 100_000
_GRAMMAR_WORDS = frozenset({
    "was", "is", "are", "were", "am", "be", "been", "being", "has", "have", "had", "do", "does", "did",
    "i", "im", "ive", "he", "hes", "she", "shes", "it", "its", "we", "they", "you", "me", "him", "her",
    "the", "an", "my", "his", "our", "their", "your", "to", "and", "or", "of", "in", "on", "at", "for",
    "with", "from", "by", "not", "no", "so", "if", "that", "this", "then", "than", "as", "but",
})


def _code(joined: str) -> str:
    return jellyfish.metaphone(joined)


class SoundsLike:
    def __init__(self, terms: Iterable[str]) -> None:
        self._terms: tuple[_Term, ...] = tuple(
            _Term(t, t.replace(" ", ""), _code(t.replace(" ", ""))) for t in dict.fromkeys(terms))
        self._by_first: dict[str, tuple[_Term, ...]] = {}
        for term in self._terms:
            self._by_first[term.joined[0]] = (*self._by_first.get(term.joined[0], ()), term)
        self._known = frozenset(w for t in self._terms for w in t.words.split())
        self._matched: dict[tuple[str, ...], _Term | None] = {}
        """`_match` per window: every partial result re-reads the same words, and a long
        text repeats its windows (a third of a 20,000-character reading, measured)."""

    def rewrite(self, tokens: Sequence[str]) -> list[str] | None:
        """`tokens` with misheard key terms replaced, or None when nothing sounds like one."""
        out: list[str] = []
        changed = False
        i = 0
        while i < len(tokens):
            for size in range(_MAX_WINDOW, 0, -1):
                window = tokens[i:i + size]
                if len(window) < size:
                    continue
                term = self._match_cached(tuple(window))
                if term is not None:
                    out.extend(term.words.split())
                    changed = True
                    i += size
                    break
            else:
                out.append(tokens[i])
                i += 1
        return out if changed else None

    def _match_cached(self, window: tuple[str, ...]) -> _Term | None:
        if window in self._matched:
            return self._matched[window]
        if len(self._matched) >= _MAX_CACHED_WINDOWS:
            self._matched.clear()  # bounded: a server reads whatever its clients send
        term = self._matched[window] = self._match(window)
        return term

    def _match(self, window: Sequence[str]) -> _Term | None:
        # a key word already heard is not re-read, nor swallowed into a longer run
        if any(w in self._known for w in window) or any(len(w) < 2 for w in window):
            return None
        # a recognizer splits a word into pieces of it ("sea sure", "black doubt"); a run that
        # opens with a word of grammar is that word and the next: "was seeing" is not "wheezing"
        if len(window) > 1 and window[0] in _GRAMMAR_WORDS:
            return None
        joined = "".join(window)
        if len(joined) < 4:
            return None
        candidates = self._by_first.get(joined[0], ())
        if not candidates:
            return None
        code = _code(joined)
        for term in candidates:
            if joined == term.joined:
                return None if len(window) == 1 else term
            if abs(len(joined) - len(term.joined)) > 2:
                continue
            similarity = jellyfish.jaro_winkler_similarity(joined, term.joined)
            needed = _MIN_SIMILARITY if len(window) > 1 else _MIN_SIMILARITY_ONE_WORD
            if code == term.code and similarity >= needed:
                return term
            # one sound off only where a recognizer splits a word ("vomit in", "black doubt"): a
            # single word one sound from a key word is usually another word ("faint", "fainted")
            if (len(window) > 1 and term.split_as(window) and similarity >= _MIN_SIMILARITY_NEAR
                    and jellyfish.levenshtein_distance(code, term.code) == 1):
                return term
        return None
