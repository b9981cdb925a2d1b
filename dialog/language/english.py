"""Whether an utterance is in a language other than English: the check understands only
English, and says so rather than misreading another language as an answer.

Deterministic and offline: the share of the words that English knows, by the English word
list that pyspellchecker ships (word frequencies from subtitles, so everyday and spoken words
are in it). Red flags are read before this is asked (dialog/skill.py): it only decides
what is said when no red flag was heard.

A short answer is never foreign ("ja", "si", "no", "oui", "2", "да"): fewer than
`MIN_WORDS` words, or fewer than `MIN_OTHER_LETTERS` letters of another script, is read
as usual. Medicine and condition names that no word list holds ("gabapentin
levothyroxine") are long words; another language's sentence always has short everyday
words English does not know ("ich", "habe", "tengo", "dans"): so a sentence is foreign
only when at least one word English does not know is short."""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from dialog.language.spelling import english_words

NOT_ENGLISH = ("Sorry, I can only understand English. Please answer in English, or ask someone to help you. "
               "If you think you may have a medical emergency, call {number} now.")
"""Said, in English, to an utterance in another language: the check cannot read it, and so
cannot rule out that it told of an emergency."""

MIN_WORDS = 3
"""Fewer words than this is an answer as short as "si", "ja", "no se": never refused."""
ENGLISH_SHARE = 0.5
"""A sentence in which fewer than half the words are English ones is not English."""
SHORT_WORD = 5
"""The longest everyday word ("habe", "tengo"): at least one unknown word this short must be in a foreign sentence."""
MIN_OTHER_LETTERS = 4
"""Fewer letters of another script than this is a bare "да" or "是的": read as usual."""

SAMPLE_CHARS = 2000
"""What is read to tell the language: a few hundred words decide it as well as a megabyte."""

_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*")


@cache
def _unapostrophed() -> frozenset[str]:
    """English words as they are typed and transcribed without the apostrophe ("im", "dont")."""
    return frozenset(word.replace("'", "") for word in english_words().word_frequency.keys() if "'" in word)


def warm() -> None:
    """Load the word list now, not at the first long answer in another script or words."""
    _unapostrophed()


def _latin(char: str) -> bool:
    return char.isascii() or unicodedata.name(char, "").startswith("LATIN")


def not_english(text: str) -> bool:
    """True when `text` is a sentence in another language; a short answer never is."""
    text = text[:SAMPLE_CHARS]
    letters = [char for char in text if char.isalpha()]
    other = sum(1 for char in letters if not _latin(char))
    if other >= MIN_OTHER_LETTERS and other * 2 > len(letters):
        return True  # another script: "у меня дёргается веко", "眼皮一直在跳"
    words = [word.lower() for word in _WORD.findall(text) if all(_latin(char) for char in word)]
    if len(words) < MIN_WORDS:
        return False
    known, unapostrophed = english_words().word_frequency, _unapostrophed()
    unknown = [word for word in words if word not in known and word not in unapostrophed]
    if len(words) - len(unknown) >= ENGLISH_SHARE * len(words):
        return False
    return any(len(word) <= SHORT_WORD for word in unknown)
