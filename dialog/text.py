"""Normalization of what people type or a recognizer hears.

Everything downstream matches on one form: lower case, no punctuation or
apostrophes ("can't" -> "cant"), single spaces, fillers and stutters removed,
and the common spellings of a negated modal folded ("can not" -> "cant").
`with_digits` then turns number words into digits for parsers that count.
"""

from __future__ import annotations

import re
import unicodedata

MAX_CHARS = 20_000
"""Longer input is cut: no spoken answer is this long, and matching stays fast."""

FILLERS = frozenset({"um", "umm", "uh", "uhh", "uhm", "er", "erm", "hmm", "hm", "mm", "ah", "eh"})

_FOLDS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(rf"\b{a}\b"), b)
    for a, b in (
        (r"can not", "cant"),
        (r"cannot", "cant"),
        (r"could not", "couldnt"),
        (r"do not", "dont"),
        (r"does not", "doesnt"),
        (r"did not", "didnt"),
        (r"will not", "wont"),
        (r"would not", "wouldnt"),
        (r"is not", "isnt"),
        (r"are not", "arent"),
        (r"was not", "wasnt"),
        (r"were not", "werent"),
        (r"have not", "havent"),
        (r"has not", "hasnt"),
        (r"had not", "hadnt"),
        (r"i am", "im"),
        (r"i have", "ive"),
        (r"it is", "its"),
        (r"light headed", "lightheaded"),
        (r"head ache", "headache"),
        (r"ok", "okay"),
        (r"rly|rlly", "really"),  # typed shorthand, not a misspelling: "not rly"
    )
)

_APOSTROPHES = re.compile(r"['\u2018\u2019\u02bc`]")
_NON_WORD = re.compile(r"[^a-z0-9.]+")
_LONE_DOTS = re.compile(r"(?<![0-9])\.|\.(?![0-9])")


_SPOKEN_YES = re.compile(r"\b(?:uh huh|mm+ hm+|mhm+|mm+ hmm+|uh hum)\b")
"""Spoken yeses made of filler sounds; folded before fillers are dropped. ("uh uh"
is left alone: read as "no" it could negate a red flag that follows it.)"""


def normalize(text: str) -> str:
    """Fold `text` into recognizer-style words; safe on any string."""
    text = unicodedata.normalize("NFKC", text[:MAX_CHARS]).lower()
    text = _APOSTROPHES.sub("", text)
    text = _NON_WORD.sub(" ", text)
    text = _LONE_DOTS.sub(" ", text)
    text = _SPOKEN_YES.sub("yes", text)
    words: list[str] = []
    for word in text.split():
        if word in FILLERS and not (word == "er" and words and words[-1] in _BEFORE_ER):
            continue
        if words and word == words[-1] and not word.isdigit() and word not in _REPEATABLE:
            continue  # a stutter: "i i cant" -> "i cant"
        words.append(word)
    folded = " ".join(words)
    for pattern, replacement in _FOLDS:
        folded = pattern.sub(replacement, folded)
    return folded


_BEFORE_ER = frozenset({"the", "an", "to", "at", "in", "into", "from"})
"""After these, "er" is the emergency room ("take me to the er"), not a hesitation."""
_REPEATABLE = frozenset({"very", "really", "so", "on", "off", "bye", "no", "yes", "ha", "zero", "oh",
                         "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
                         # "help help" is a plea (policy: the person's own alarm), not the command "help"
                         "help"})

_UNITS = {
    "zero": 0, "oh": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19,
}
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}
_DIGIT_WORDS = {"zero": "0", "oh": "0", "one": "1", "two": "2", "three": "3", "four": "4",
                "for": "4", "five": "5", "six": "6", "seven": "7", "eight": "8", "nine": "9"}


def _read_number(words: list[str], i: int) -> tuple[float, int] | None:
    """Read a spoken number starting at words[i]; return (value, index after it)."""
    total = 0
    current = 0
    j = i
    seen = False
    while j < len(words):
        w = words[j]
        if w in _UNITS and w != "oh":
            if seen and current % 10 == 0 and current % 100 >= 20 and _UNITS[w] < 10:
                current += _UNITS[w]
            elif seen and current % 100 != 0:
                break
            else:
                current += _UNITS[w]
            seen = True
        elif w in _TENS:
            if seen and current % 100 != 0:
                break
            current += _TENS[w]
            seen = True
        elif w == "hundred" and (seen or (j > i and words[j - 1] == "a")):
            current = max(current, 1) * 100
            seen = True
        elif w == "hundred" and j == i:
            current = 100
            seen = True
        elif w == "thousand" and seen:
            total += max(current, 1) * 1000
            current = 0
        elif w == "and" and seen and current % 100 == 0 and current > 0 and j + 1 < len(words) \
                and (words[j + 1] in _UNITS or words[j + 1] in _TENS or words[j + 1] == "for"):
            pass  # "a hundred and three"
        elif w == "for" and seen and words[j - 1] == "and":
            current += 4  # recognizers hear "a hundred and four" as "... and for"
            seen = True
        elif w.isdigit() and not seen:
            return float(w), j + 1
        else:
            break
        j += 1
    if not seen:
        return None
    value: float = total + current
    if j + 1 < len(words) and words[j] == "point" and words[j + 1] in _DIGIT_WORDS:
        decimals = ""
        j += 1
        while j < len(words) and words[j] in _DIGIT_WORDS:
            decimals += _DIGIT_WORDS[words[j]]
            j += 1
        value = float(f"{int(value)}.{decimals}")
    return value, j


def with_digits(normalized: str) -> str:
    """Replace spoken numbers with digits: "twenty one days" -> "21 days".

    "a hundred and three point two" -> "103.2"; a leading "a" before "hundred"
    is absorbed. Words that are not numbers are left as they are.
    """
    words = normalized.split()
    out: list[str] = []
    i = 0
    while i < len(words):
        start = i + 1 if words[i] == "a" and i + 1 < len(words) and words[i + 1] == "hundred" else i
        read = _read_number(words, start)
        if read is None or (words[start] == "for") or (words[start] == "one" and _is_pronoun_one(words, start)):
            out.append(words[i])
            i += 1
            continue
        value, i = read
        out.append(f"{value:g}" if value != int(value) else str(int(value)))
    return " ".join(out)


def _is_pronoun_one(words: list[str], i: int) -> bool:
    """"the left one", "no one", "one of them": "one" that is not a count."""
    before = words[i - 1] if i > 0 else ""
    after = words[i + 1] if i + 1 < len(words) else ""
    return before in {"the", "no", "this", "that", "every", "some", "any", "new", "left", "right"} \
        or after in {"of", "side", "thing"}


def words(normalized: str) -> list[str]:
    return normalized.split()
