"""Red-flag detector (safety-critical): does this utterance name an emergency?

It runs on every recognizer result, partial or final, whatever question is
open, and takes only the text. Each red flag's patterns (dialog/data/redflags.toml,
built from the word classes in dialog.redflag_vocab) find mentions; a mention
overlapping one of the flag's look-alikes is dropped. Each remaining mention is
then read in context, in this order:

1. denied ("no trouble breathing", "never fainted") -> `negated`
   (dialog.negation: a cue before it, in reach, in the same clause);
2. asked about ("what if i get a seizure") -> `asked_about`
   (dialog.redflag_context.QuestionContext);
3. only in the clearly distant past ("as a child") -> `history`
   (dialog.redflag_context.TimeContext);
4. otherwise it escalates: hedged ("i think i might have passed out"), about
   someone else ("my husband cant breathe"), recent ("last night") — when in
   doubt, escalate.

A flag escalates when any one of its mentions does; the other lists hold flags
that never escalated. Everything is compiled once in the constructor.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from dialog.language.negation import Negation
from dialog.redflags.context import QuestionContext, TimeContext
from dialog.redflags.fever import high_temperatures
from dialog.redflags.vocab import expand
from dialog.language.words import Words
from dialog.text import normalize
from models.common import RedFlagId
from models.detection import Detection
from models.protocol import RedFlag

_FEVER: RedFlagId = "fever"


@dataclass(frozen=True, slots=True)
class Mention:
    """One place where a red flag is named, in token indices of the normalized text."""

    flag: RedFlagId
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class _CompiledFlag:
    id: RedFlagId
    pattern: re.Pattern[str]
    exclude: re.Pattern[str] | None


def _compile(patterns: Sequence[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{expand(p)})" for p in patterns))


class RedFlagDetector:
    def __init__(self, red_flags: Sequence[RedFlag], *, spoken: bool = False) -> None:
        """`spoken`: the text comes from a speech recognizer, so each flag's `heard_as`
        patterns (known mishearings) count too. They only ever add detections."""
        self.spoken = spoken
        self._flags = tuple(
            _CompiledFlag(
                id=flag.id,
                pattern=_compile(flag.patterns + (flag.heard_as if spoken else ())),
                exclude=_compile(flag.exclude) if flag.exclude else None,
            )
            for flag in red_flags
        )
        self._has_fever = any(flag.id == _FEVER for flag in red_flags)

    def mentions(self, text: str) -> tuple[Words, list[Mention]]:
        """Every place a red flag is named in `text` (normalized first), look-alikes removed."""
        words = Words(normalize(text))
        found: list[Mention] = []
        for flag in self._flags:
            excluded = [m.span() for m in flag.exclude.finditer(words.text)] if flag.exclude else []
            for match in flag.pattern.finditer(words.text):
                start, end = match.span()
                if start == end or any(s < end and start < e for s, e in excluded):
                    continue
                found.append(Mention(flag.id, words.token_at(start), words.token_end(end)))
        if self._has_fever:
            found.extend(Mention(_FEVER, s, e) for s, e in high_temperatures(words))
        found.sort(key=lambda m: (m.start, m.end))
        return words, found

    def detect(self, text: str) -> Detection:
        words, found = self.mentions(text)
        if not found:
            return Detection(text=text)
        negation = Negation(words, frozenset(m.end for m in found))
        questions = QuestionContext(words)
        times = TimeContext(words)
        escalated: dict[RedFlagId, None] = {}
        asked: dict[RedFlagId, None] = {}
        negated: dict[RedFlagId, None] = {}
        history: dict[RedFlagId, None] = {}
        for mention in found:
            if negation.denies(mention.start, mention.end):
                negated[mention.flag] = None
            elif questions.asked(mention.start, mention.end):
                asked[mention.flag] = None
            elif times.distant(mention.start, mention.end):
                history[mention.flag] = None
            else:
                escalated[mention.flag] = None

        def only(flags: dict[RedFlagId, None]) -> tuple[RedFlagId, ...]:
            return tuple(f for f in flags if f not in escalated)

        return Detection(
            text=text,
            red_flags=tuple(escalated),
            asked_about=only(asked),
            negated=only(negated),
            history=only(history),
        )
