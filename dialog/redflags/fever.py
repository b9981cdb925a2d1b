"""A spoken temperature high enough to be a red flag.

Policy ("Judgement calls"): a temperature of 39.5 °C / 103 °F or more
escalates. People say it as words ("thirty nine point eight", "a hundred and
for", "forty degrees"); `dialog.text.with_digits` reads them, and a number
counts only next to a word about temperature, so "forty minutes" or "i am
forty" never does.
"""

from __future__ import annotations

import re

from dialog.language.words import Words
from dialog.text import with_digits

CELSIUS_MIN = 39.5
"""policy: 39.5 °C or more"""
CELSIUS_MAX = 45.0
FAHRENHEIT_MIN = 103.0
"""policy: 103 °F or more"""
FAHRENHEIT_MAX = 115.0

# Words that make a nearby number a body temperature.
CUES = re.compile(
    r"\b(?:temperature|temperatures|temp|temps|fever|fevers|thermometer|degrees|degree|celsius"
    r"|centigrade|fahrenheit|febrile|feverish)\b"
)
_WINDOW_BEFORE = 8
_WINDOW_AFTER = 9
_MAX_CUES = 40
"""Enough for any real answer; bounds the work on a pathological input."""

_NUMBER = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)(?: (and a half|oh \d|0 \d|\d)(?![\w.]))?")
# A number followed by these is not a temperature ("forty minutes", "two days").
_NOT_TEMPERATURE = re.compile(
    r"^(?:minutes?|mins?|hours?|hrs?|seconds?|secs?|days?|weeks?|months?|years?|times?|percent|pounds?"
    r"|lbs?|kilos?|kg|mg|milligrams?|cups?|pills?|tablets?|people|am|pm|oclock|beats|bpm|miles?|km"
    r"|steps|of them|year old|years old)\b"
)
# The weather or an oven is not a fever.
_NOT_BODY = re.compile(
    r"\b(?:outside|weather|out there|in here|in the shade|oven|heatwave|heat wave|the sun|room|water"
    r"|bath|shower|forecast|sauna|degree (?:in|at)|degrees (?:in|at) (?:uni|college))\b"
)


def high_temperatures(words: Words) -> list[tuple[int, int]]:
    """Token spans (of the temperature word) where a red-flag temperature is said."""
    found: list[tuple[int, int]] = []
    tokens = words.tokens
    for count, (start, end) in enumerate(words.spans(CUES)):
        if count >= _MAX_CUES:
            break
        left = max(0, start - _WINDOW_BEFORE)
        window = tokens[left:end + _WINDOW_AFTER]
        if not any(t[0].isdigit() or t in _NUMBER_WORDS for t in window):
            continue
        spoken = " ".join(window)
        if _NOT_BODY.search(spoken):
            continue
        if _has_high_value(with_digits(spoken)):
            found.append((start, end))
    return found


def _has_high_value(digits: str) -> bool:
    for match in _NUMBER.finditer(digits):
        rest = digits[match.end():].lstrip()
        number = match.group(1)
        if _NOT_TEMPERATURE.match(rest):
            whole, _, decimals = number.partition(".")
            if not decimals:
                continue  # "forty minutes ago"
            if len(decimals) > 1:
                # "thirty nine point eight two weeks" reads as 39.82; the last digit counts the weeks
                number = f"{whole}.{decimals[:-1]}"
        value = _value(number, match.group(2))
        if CELSIUS_MIN <= value <= CELSIUS_MAX or FAHRENHEIT_MIN <= value <= FAHRENHEIT_MAX:
            return True
    return False


def _value(number: str, tail: str | None) -> float:
    value = float(number)
    if not tail:
        return value
    if tail == "and a half":
        return value + 0.5
    last = tail.split()[-1]
    if tail.startswith(("oh ", "0 ")) and value < 10:
        return value * 100 + float(last)  # "one oh four" -> 104
    if "." not in number and 30 <= value <= 45:
        return float(f"{int(value)}.{last}")  # "thirty nine five" -> 39.5
    return value


_NUMBER_WORDS = frozenset({
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "thirty",
    "forty", "fourty", "hundred", "point", "for",
})
