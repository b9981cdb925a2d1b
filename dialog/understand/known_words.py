"""The words the answer parsers know, for putting misspelt words right (dialog.language.spelling).

Taken from the parsers' own data: every phrase in dialog/data/lexicon.toml (body parts,
symptoms, triggers, conditions, medicines, the recognizer grammar) and the twitching's own
words. A phrase is a regular-expression fragment: "eyelids?" gives "eyelid" and "eyelids",
"weak\\w*" makes "weak" a stem that accepts "weaker". A correction can only land on one of
these words, so an ordinary word is never turned into a medical one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from dialog.language.spelling import Speller
from dialog.understand.answer_words import TWITCH_WORDS
from dialog.understand.lexicon import lexicon

_TOKEN = re.compile(r"(?<![\\a-z])([a-z]+)(\\w\*|\\w\+|\?)?")
"""A literal word in a phrase, with what follows it: a stem mark or an optional last letter.
(Not a letter escaped with a backslash: "\\d" is no word.)"""
_NOT_PHRASES = frozenset({"sources", "id", "group", "region", "part", "within", "paired", "chronic"})


def _strings(data: object, key: str = "") -> Iterator[str]:
    if key in _NOT_PHRASES:
        return
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for k, v in data.items():
            yield from _strings(v, k)
    elif isinstance(data, (list, tuple)):
        for item in data:
            yield from _strings(item, key)


@lru_cache(maxsize=1)
def known_words() -> tuple[frozenset[str], frozenset[str]]:
    """(words, stems) the parsers read."""
    words: set[str] = set(TWITCH_WORDS)
    stems: set[str] = set()
    for phrase in _strings(lexicon().model_dump()):
        for m in _TOKEN.finditer(phrase):
            token, mark = m.group(1), m.group(2)
            if mark in ("\\w*", "\\w+"):
                stems.add(token)
            elif mark == "?":
                words.update({token, token[:-1]})
            else:
                words.add(token)
    return frozenset(w for w in words if len(w) > 1), frozenset(stems)


@lru_cache(maxsize=1)
def speller() -> Speller:
    """The one speller, its word list loaded (about a second, once per process: the skill
    makes it when it is made, not during the first answer)."""
    words, stems = known_words()
    return Speller(words, stems).loaded()
