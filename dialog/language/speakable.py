"""Display text -> the words to speak: numbers as a person says them.

A speech engine reads "911" as "nine hundred and eleven" and "112" as "one hundred and
twelve"; nobody says an emergency number that way. Every path that speaks (the sound
card, a Wyoming client's speech engine, OpenVoiceOS) turns the text it shows into the
words it says here, and only here; the printed and typed text keeps its digits.

- A telephone number is said digit by digit: "call 911" -> "call nine one one",
  "on 000" -> "on zero zero zero", "+44 20 7946 0000" -> "plus four four, two zero, ...".
  A number is a telephone number when a calling word comes just before it ("call", "dial",
  "on", ...), or when it starts with "+" or with a zero: the emergency number can be any
  digits the settings hold, so it is told by where it stands, not by its value.
- A temperature is said with its unit: "38.5 °C" -> "thirty eight point five degrees
  Celsius", "100.4 F" -> "one hundred point four degrees Fahrenheit".
- Any other number is said as a number: "2 weeks" -> "two weeks", "3-5 times" ->
  "three to five times", "20,000" -> "twenty thousand", "50%" -> "fifty percent".
A number followed by a unit ("on 2 days", "call 3 times") is a quantity, whatever comes before it.
"""

from __future__ import annotations

import re

from dialog.spoken import number_words

_DIGITS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")

_CALLING = r"call|calling|dial|dialling|dialing|ring|phone|on|number"
"""Words after which digits are a telephone number (the emergency messages put the
number after "call" or "on")."""

_UNIT = (r"(?:°|%|percent\b|degrees?\b|(?-i:[CF])\b|(?:second|sec|minute|min|hour|hr|day|night|week|"
         r"month|year|time|turn|character|place|area|question|check|conversation)s?\b"
         r"|(?:pm|o'clock|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\b"
         r"|(?:january|february|march|april|june|july|august|september|october|november|december)\b)")
"""What makes a number a quantity or a date rather than a telephone number ("may" and "am"
are left out: "call 911 may ..." must still give the number digit by digit)."""

_PHONE_BODY = r"\+?\d+(?:[ -]\d+)*"
_ALTERNATIVE = r"(?:\s*,\s*|\s+or\s+|\s+and\s+)"
"""Between two numbers to call: "call 911 or 112"."""
_PHONE_END = rf"(?![\d.,-]?\d)(?![^\W\d_])(?!\s*{_UNIT})"
_PHONE_AFTER_CUE = re.compile(
    rf"(?<![\w'])(?P<cue>(?:{_CALLING}))(?P<gap>\s+)"
    rf"(?P<number>{_PHONE_BODY}(?:{_ALTERNATIVE}{_PHONE_BODY})*){_PHONE_END}",
    re.IGNORECASE)
_PHONE_MARKED = re.compile(rf"(?<![\w.,])(?P<number>\+\d+(?:[ -]\d+)*|0\d+){_PHONE_END}")

_TEMPERATURE = re.compile(
    r"(?<![\w.,])(?P<value>-?\d+(?:\.\d+)?)\s*"
    r"(?:°\s*(?P<sym>[CF])\b|degrees?\s+(?P<word>celsius|fahrenheit|centigrade|c|f)\b|(?P<bare>degrees?\b|°)"
    r"|(?P<letter>(?-i:[CF]))\b)",
    re.IGNORECASE)
_RANGE = re.compile(r"(?<![\w.,])(?P<low>\d+)\s*(?:-|–|to)\s*(?P<high>\d+)(?=\s*[a-z])(?![\d.,]?\d)")
_ORDINAL = re.compile(r"(?<![\w.,])(?P<n>\d+)(?P<suffix>st|nd|rd|th)\b", re.IGNORECASE)
_NUMBER = re.compile(r"(?<![\w.,])(?P<whole>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<fraction>\d+))?(?P<percent>\s*%)?(?!\w)")

_ORDINAL_WORDS = {"one": "first", "two": "second", "three": "third", "five": "fifth", "eight": "eighth",
                  "nine": "ninth", "twelve": "twelfth"}


def digits_words(number: str) -> str:
    """A telephone number said digit by digit: "911" -> "nine one one"; its groups
    (spaces or dashes) become pauses: "1-800-222-1222" -> "one, eight zero zero, ..."."""
    groups = [g for g in re.split(r"[ -]+", number.strip()) if g]
    said = []
    for group in groups:
        words = ["plus" if c == "+" else _DIGITS[int(c)] for c in group if c == "+" or c.isdigit()]
        said.append(" ".join(words))
    return ", ".join(said)


def cardinal(text: str) -> str:
    """Digits (with optional thousands commas and a decimal part) as a number is said."""
    whole, _, fraction = text.replace(",", "").partition(".")
    words = number_words(int(whole))
    if fraction:
        words += " point " + " ".join(_DIGITS[int(c)] for c in fraction)
    return words


def _ordinal(match: re.Match[str]) -> str:
    words = number_words(int(match["n"])).split()
    last = words[-1]
    if last in _ORDINAL_WORDS:
        last = _ORDINAL_WORDS[last]
    elif last.endswith("y"):
        last = last[:-1] + "ieth"
    else:
        last += "th"
    return " ".join(words[:-1] + [last])


def _temperature(match: re.Match[str]) -> str:
    value = match["value"]
    words = ("minus " if value.startswith("-") else "") + cardinal(value.lstrip("-"))
    scale = (match["sym"] or match["word"] or match["letter"] or "").lower()
    unit = {"c": " Celsius", "celsius": " Celsius", "centigrade": " Celsius",
            "f": " Fahrenheit", "fahrenheit": " Fahrenheit"}.get(scale, "")
    degrees = "degree" if value in ("1", "-1") else "degrees"
    return f"{words} {degrees}{unit}"


def _number(match: re.Match[str]) -> str:
    words = cardinal(match["whole"] + ("." + match["fraction"] if match["fraction"] else ""))
    return words + (" percent" if match["percent"] else "")


def _phones(numbers: str) -> str:
    parts = re.split(rf"({_ALTERNATIVE})", numbers)
    return "".join(part if i % 2 else digits_words(part) for i, part in enumerate(parts))


def speakable(text: str) -> str:
    """The words a speech engine should say for `text` (as shown or printed)."""
    said = _PHONE_AFTER_CUE.sub(lambda m: m["cue"] + m["gap"] + _phones(m["number"]), text)
    said = _PHONE_MARKED.sub(lambda m: digits_words(m["number"]), said)
    said = _TEMPERATURE.sub(_temperature, said)
    said = _RANGE.sub(lambda m: f"{number_words(int(m['low']))} to {number_words(int(m['high']))}", said)
    said = _ORDINAL.sub(_ordinal, said)
    return _NUMBER.sub(_number, said)
