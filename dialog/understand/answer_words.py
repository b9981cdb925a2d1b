"""Which words of an utterance an answer to the open question accounts for.

A person answers the question that was asked (policy, "Reading an answer in its
conversation"): "my head" to "where do you feel it?" is a place, not a headache;
"three to five times an hour" to the pattern question is a count, not vomiting.
`AnswerWords.left_over` says which words are NOT such an answer; the red-flag
detector quiets its learned layer only when nothing is left over.

The vocabularies are the parsers' own (places and sides from location.py,
durations from duration.py, pattern, severity and yes / no words), with numbers
and a few fillers. None of them holds a word that says a function fails or a
sensation or an event, so any such word is always left over and read as usual
("my left arm and now i cant lift it").
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import dialog.understand.duration as duration
import dialog.understand.location as location
import dialog.understand.pattern as pattern
import dialog.understand.places as places
import dialog.understand.severity as severity
import dialog.understand.yesno as yesno
from dialog.text import with_digits
from dialog.understand.lexicon import lexicon
from dialog.understand.phrases import compile_phrases

FILLERS = frozenset({
    "my", "his", "her", "their", "your", "our", "the", "a", "an", "in", "on", "and", "it", "its", "is", "at",
    "of", "i", "id", "would", "say", "think", "guess", "like", "well", "so", "oh", "ok", "okay", "just", "only",
    "really", "quite", "pretty", "very", "bit", "little", "about", "around", "maybe", "probably", "thats",
    "that", "this", "er", "hmm", "yeah", "right", "um", "uh", "but",
})
"""Words that carry no complaint of their own, whatever the question: possessives, "in", "on",
"and", "but", "it", "the", hedges and fillers. (Not "now" or "then": "and now ..." tells of a
change, read as usual.)"""
TWITCH_WORDS = frozenset({
    "twitch", "twitches", "twitching", "twitchy", "twitched", "flicker", "flickers", "flickering", "flutter",
    "flutters", "fluttering", "jump", "jumps", "jumping", "spasm", "spasms", "muscle", "muscles",
    "mostly", "usually", "kind", "kinda", "sort", "sorta", "honestly", "actually", "exactly", "basically",
})
"""The twitching itself, the subject of every question, and words that only soften an answer.
(Not jerking or shaking: "my whole body jerks" is read as usual.)"""

MAX_ANSWER_WORDS = 30
"""Longer than this, an utterance is read as a statement, whatever its words."""

_NUMBERS = re.compile(r"(?<![a-z0-9.])\d+(?:\.\d+)?(?: (?:to|or|and|or maybe|-) \d+(?:\.\d+)?)*(?![a-z0-9])")
"""Numbers and ranges, read on the text with digits ("three to five" is "3 to 5")."""

_COUNTS = ("once", "twice", "thrice", "times?", "every", "each", "per", "a few", "few", "a couple(?: of)?",
           "several", "many", "lots", "a lot", "or so", "at a time", "at most", "tops", "max", "seconds?",
           "secs?", "minutes?", "mins?", "hours?", "days?", "nights?", "weeks?", "months?", "years?")
_SIDES = ("left", "right", "both", "either", "each", "the other", "left and right", "right and left")
_DURATION_WORDS = tuple(sorted(duration.CUE_BEFORE)) + (
    "ago", "now", "already", "so far", "back", "straight", "running", "in a row", "or so", "since", "for",
    "more than", "less than", "over", "under", "almost", "nearly", "at least", "roughly", "approximately",
    "close to", "just under", "not even", "longer than", "or maybe", "maybe even", "possibly", "perhaps",
    "more like", "closer to", "the past", "the last", "this past", "past", "last", "previous",
)


_OVER_TIME = ("ever", "been", "its been", "it has been", "yet", "so far", "than", "before", "usual", "normal",
              "it was", "last (?:week|month|time)", "now", "today", "lately", "recently", "these days")
"""How severe compared with before: "the worst its been", "worse than last week"."""


@dataclass(frozen=True)
class AnswerWords:
    """The vocabulary of one question's answers: phrases (regular expressions on normalized
    text with digits) and single words."""

    patterns: tuple[re.Pattern[str], ...]
    words: frozenset[str] = FILLERS | TWITCH_WORDS

    def left_over(self, normalized: str) -> tuple[str, ...]:
        """The words of `normalized` (dialog.text.normalize output) that this question's
        answer does not account for, in order; () when the whole utterance is the answer.
        A long utterance is no bare answer: past `MAX_ANSWER_WORDS` every word is left over."""
        if len(normalized.split()) > MAX_ANSWER_WORDS:
            return tuple(normalized.split())
        text = with_digits(normalized)
        tokens = [(m.start(), m.end(), m.group(0)) for m in re.finditer(r"\S+", text)]
        starts = [start for start, _, _ in tokens]
        covered = [token in self.words for _, _, token in tokens]
        for pattern_ in self.patterns:
            for m in pattern_.finditer(text):
                i = bisect_left(starts, m.start())
                while i < len(tokens) and tokens[i][1] <= m.end():
                    covered[i] = True
                    i += 1
        return tuple(token for (_, _, token), ok in zip(tokens, covered) if not ok)


def _phrases(phrases: Iterable[str]) -> re.Pattern[str]:
    return compile_phrases(phrases)


def _yes_no() -> tuple[re.Pattern[str], ...]:
    return (_phrases(yesno.YES_PHRASES), _phrases(yesno.NO_PHRASES), yesno.DONT_KNOW)


def _places() -> tuple[re.Pattern[str], ...]:
    parts, _, all_over = location.body_parts()
    return (parts, all_over.pattern, _phrases(_SIDES), _phrases(sorted(location.DETERMINERS | location.LINKS)))


@lru_cache(maxsize=None)
def answer_words(kind: str) -> AnswerWords:
    """The vocabulary of answers of one kind: "yes_no", "duration", "location", "several_places",
    "pattern", "severity" or "symptoms"."""
    dont_know = (yesno.DONT_KNOW,)
    if kind == "yes_no":
        return AnswerWords(_yes_no())
    if kind == "duration":
        return AnswerWords(duration.PHRASES + (_NUMBERS, _phrases(_COUNTS), _phrases(_DURATION_WORDS)) + dont_know)
    if kind == "location":
        # "it moves around from my arm to my leg", "my calf and sometimes my thigh"
        return AnswerWords(_places() + (places.SEVERAL, _phrases(["from", "moves? (?:about|between)"])) + dont_know)
    if kind == "several_places":
        return AnswerWords(_places() + _yes_no() + (places.ONLY_ONE, places.SEVERAL))
    if kind == "pattern":
        return AnswerWords((pattern.CONSTANT.pattern, pattern.INTERMITTENT.pattern, pattern.EPISODE, _NUMBERS,
                            _phrases(_COUNTS), pattern.BRIEF, duration.ON_AND_OFF) + dont_know)
    if kind == "severity":
        return AnswerWords(tuple(p.pattern for p in severity.LEVELS.values())
                           + (severity.WORSE.pattern, severity.BETTER.pattern, severity.SCORE, _NUMBERS,
                              _phrases(["out of", "outta", "on a scale of", "rate it", "give it", "call it"]),
                              _phrases(_OVER_TIME),
                              _phrases(sorted(severity.PLAIN_YES_NO))) + dont_know)
    if kind == "symptoms":
        return AnswerWords(_places()[:3] + _yes_no() + (_phrases(_symptom_words()),))
    raise ValueError(f"no answer vocabulary named {kind!r}")


_BENIGN_SYMPTOMS = ("weakness", "numbness", "tingling", "cramps", "fatigue")
"""Other symptoms whose plain names are no red flag (policy: "Not red flags: weakness,
numbness, tingling, cramps, tiredness"). Pain and "neuro" are left out: "chest pain", "eye
pain", slurring and blurring are read as usual."""


_NOT_BENIGN = frozenset({"tight", "tightness", "sleepy", "floppy", "knots?"})
"""Plain symptom words that may still say a red flag ("my chest is tight", "so sleepy")."""


def _symptom_words() -> list[str]:
    plain = re.compile(r"[a-z]+(?:\\w\*|s\?)?")
    words = [phrase for group in lexicon().symptom if group.id in _BENIGN_SYMPTOMS
             for phrase in group.phrases if plain.fullmatch(phrase) and phrase not in _NOT_BENIGN]
    return words + ["feels?", "feeling", "a bit", "a little"]
