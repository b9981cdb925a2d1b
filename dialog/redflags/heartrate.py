"""A heart rate said as a number, low enough to be a diminished pulse.

Policy: "diminished pulse (002)" is a red flag. The policy gives no number for it
(it gives one for fever only); a rate under `BELOW` a minute is read as diminished,
the usual line below which a slow heart needs a doctor's look now, and the line
the real accounts in the training candidates cross ("my heart rate dropped to
thirty eight", "a pulse of forty", "in the low forties"). People say the number
after the word ("my pulse was thirty six"), or with its unit ("forty beats a
minute"); `dialog.text.with_digits` reads it. A rate asleep, or an athlete's, is
not an alarm, and a number that counts something else ("for two days", "i am
forty") never is.
"""

from __future__ import annotations

import re

from dialog.language.words import Words
from dialog.text import with_digits

BELOW = 50
"""beats a minute; policy "diminished pulse" (002), no number there: see the module docstring"""
LOWEST = 20
"""below this a spoken number is not a heart rate anyone reads off a monitor ("for two days")"""

# Words after which a number is the rate ("my pulse was 38", "heart rate dropped to 40").
_CUES = re.compile(r"\b(?:pulse|pulses|pulse rate|pulls|heart ?rate|heart ?beat|heartbeat|heart beats)\b")
# Units after which the number before is the rate ("40 beats a minute", "38 bpm").
_UNITS = re.compile(r"\b(?:bpm|beats (?:per|a|each|every) minute|beats per min)\b")
_AFTER = 8
"""tokens after the cue word in which its number is said ("my pulse keeps going between the low forties")"""
_MAX_CUES = 40
"""Enough for any real answer; bounds the work on a pathological input."""

_NUMBER = re.compile(r"(?<![\w.])(\d+)(?:\.\d+)?(?![\w.])")
_DECADE = re.compile(r"\b(?:(low|early|mid|middle|high|late|upper|the) )?(twenties|thirties|forties)\b")
_DECADES = {"twenties": 20, "thirties": 30, "forties": 40}
_WITHIN = {"mid": 5, "middle": 5, "high": 8, "late": 8, "upper": 8}
# A number followed by these counts something else ("for 2 days", "40 minutes later").
_NOT_RATE = re.compile(
    r"^(?:minutes?|mins?|hours?|hrs?|seconds?|secs?|days?|weeks?|months?|years?|times?|percent|pounds?"
    r"|lbs?|kilos?|kg|mg|milligrams?|pills?|tablets?|people|am|pm|oclock|miles?|km|steps|of them"
    r"|year old|years old|degrees?)\b"
)
# Asleep, an athlete's heart, or said to be normal: not an alarm.
_NOT_ALARM = re.compile(
    r"\b(?:asleep|sleep|sleeping|at night|overnight|athlete|athletes|athletic|runner|marathon|cyclist"
    r"|because i (?:run|train|exercise|cycle|swim)|normal for|(?:is|was|its|thats|are|were) (?:\w+ )?normal)\b"
)
_WINDOW_BEFORE = 8
# A number after these is an age: "my pulse felt fine but im 45".
_AGE = re.compile(r"\b(?:im|i am|aged|age|hes|he is|shes|she is|turned|turning|when i was|at)$")


def low_heart_rates(words: Words) -> list[tuple[int, int]]:
    """Token spans (of the heart-rate word) where a rate below BELOW a minute is said."""
    tokens = words.tokens
    found: list[tuple[int, int]] = []
    for count, (start, end) in enumerate(words.spans(_CUES)):
        if count >= _MAX_CUES:
            break
        after = " ".join(tokens[end:end + _AFTER])
        around = " ".join(tokens[max(0, start - _WINDOW_BEFORE):end + _AFTER + 4])
        if not _NOT_ALARM.search(around) and _has_low_rate(with_digits(after)):
            found.append((start, end))
    for count, (start, end) in enumerate(words.spans(_UNITS)):
        if count >= _MAX_CUES:
            break
        before = with_digits(" ".join(tokens[max(0, start - 4):start])).split()
        around = " ".join(tokens[max(0, start - _WINDOW_BEFORE):end + 4])
        if before and before[-1].isdigit() and not _NOT_ALARM.search(around) and LOWEST <= int(before[-1]) < BELOW:
            found.append((start, end))
    return found


def _has_low_rate(digits: str) -> bool:
    for match in _DECADE.finditer(digits):
        value = _DECADES[match.group(2)] + _WITHIN.get(match.group(1) or "", 0)
        if LOWEST <= value < BELOW:
            return True
    for match in _NUMBER.finditer(digits):
        if _NOT_RATE.match(digits[match.end():].lstrip()) or _AGE.search(digits[:match.start()].rstrip()):
            continue
        if LOWEST <= int(match.group(1)) < BELOW:
            return True
    return False
