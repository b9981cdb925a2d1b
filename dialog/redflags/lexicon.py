"""The lexicon layer: where is a red flag named in so many words?

Each red flag's patterns (dialog/data/redflags.toml, built from the word
classes in dialog.redflags.vocab) find mentions; a mention overlapping one of
the flag's look-alikes is dropped. Whether a mention is said, denied, asked
about or long past is not decided here but by dialog.redflags.assertion, the
same for every layer. Fast, reviewable, and right on the textbook words;
everything is compiled once in the constructor.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from dialog.language.words import Words
from dialog.redflags.fever import high_temperatures
from dialog.redflags.heartrate import low_heart_rates
from dialog.redflags.vocab import expand
from models.common import RedFlagId
from models.protocol import RedFlag

_FEVER: RedFlagId = "fever"
_PULSE: RedFlagId = "pulse"


@dataclass(frozen=True, slots=True)
class Mention:
    """One place where a red flag is named, in token indices of the normalized text."""

    flag: RedFlagId
    start: int
    end: int
    heard_as: bool = False
    """Matched only by a known mishearing ("i can breathe" heard for "i can't breathe")."""


@dataclass(frozen=True, slots=True)
class _CompiledFlag:
    id: RedFlagId
    pattern: re.Pattern[str]
    heard_as: re.Pattern[str] | None
    exclude: re.Pattern[str] | None


class Lookalikes:
    """Where each red flag's look-alike is said ("a fit of coughing", "passed my test"): explicit
    words that it is not that red flag, whichever layer reads the clause. A flag's look-alikes
    are searched for only when something asks about that flag: most texts name none, and
    searching every flag's on every partial result was a fifth of its time."""

    def __init__(self, words: Words, excludes: Mapping[RedFlagId, re.Pattern[str]]) -> None:
        self._words = words
        self._excludes = excludes
        self._spans: dict[RedFlagId, list[tuple[int, int]]] = {}

    def spans(self, flag: RedFlagId) -> list[tuple[int, int]]:
        """The look-alikes of `flag`, as character spans of the normalized text."""
        found = self._spans.get(flag)
        if found is None:
            exclude = self._excludes.get(flag)
            found = [m.span() for m in exclude.finditer(self._words.text)] if exclude is not None else []
            self._spans[flag] = found
        return found

    def cover(self, flag: RedFlagId, token: int) -> bool:
        """True when the word at index `token` is inside a look-alike of `flag`."""
        words = self._words
        return any(end > start and words.token_at(start) <= token < words.token_end(end)
                   for start, end in self.spans(flag))


def _compile(patterns: Sequence[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{expand(p)})" for p in patterns))


class Lexicon:
    def __init__(self, red_flags: Sequence[RedFlag], *, spoken: bool = False) -> None:
        """`spoken`: the text comes from a speech recognizer, so each flag's `heard_as`
        patterns (known mishearings) count too. They only ever add mentions."""
        self.spoken = spoken
        self._flags = tuple(
            _CompiledFlag(
                id=flag.id,
                pattern=_compile(flag.patterns),
                heard_as=_compile(flag.heard_as) if spoken and flag.heard_as else None,
                exclude=_compile(flag.exclude) if flag.exclude else None,
            )
            for flag in red_flags
        )
        self._excludes = {flag.id: flag.exclude for flag in self._flags if flag.exclude is not None}
        self._has_fever = any(flag.id == _FEVER for flag in red_flags)
        self._has_pulse = any(flag.id == _PULSE for flag in red_flags)

    def read(self, words: Words) -> tuple[list[Mention], Lookalikes]:
        """Every place a red flag is named in `words`, look-alikes removed, in text order; and
        the look-alikes themselves, for the other layers."""
        found: list[Mention] = []
        lookalikes = Lookalikes(words, self._excludes)
        for flag in self._flags:
            plain = _overlapping(flag.pattern, words.text)
            heard = [m.span() for m in flag.heard_as.finditer(words.text)] if flag.heard_as is not None else []
            if not plain and not heard:
                continue
            excluded = lookalikes.spans(flag.id)
            kept = [(start, end) for start, end in plain
                    if start < end and not any(s < end and start < e for s, e in excluded)]
            found.extend(Mention(flag.id, words.token_at(start), words.token_end(end)) for start, end in kept)
            found.extend(Mention(flag.id, words.token_at(start), words.token_end(end), heard_as=True)
                         for start, end in heard
                         if start < end and not any(s < end and start < e for s, e in excluded + kept))
        if self._has_fever:
            found.extend(Mention(_FEVER, s, e) for s, e in high_temperatures(words))
        if self._has_pulse:
            found.extend(Mention(_PULSE, s, e) for s, e in low_heart_rates(words))
        found.sort(key=lambda m: (m.start, m.end))
        return found, lookalikes


def _overlapping(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    """Every match, a later one starting inside an earlier one too: in "no chest pain my
    breathing is really shallow" the denied "pain my breathing" must not hide "breathing is
    really shallow", which its own subject says."""
    spans: list[tuple[int, int]] = []
    at = 0
    while (match := pattern.search(text, at)) is not None:
        start, end = match.span()
        if not spans or end > spans[-1][1]:
            spans.append((start, end))
        at = start + 1 if end > start else end + 1
    return spans
