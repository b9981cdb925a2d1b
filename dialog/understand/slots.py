"""One registration per question slot: how its answer is read, and how the manager treats it.

Adding a question means one `SlotSpec` here (with its parser module), one
`[[question]]` in dialog/data/protocol.toml (wording, summary label and
confirmations) and the slot name in `models.common.SlotName`. The dialogue
manager (`dialog.skill.Skill`) reads everything slot-specific from here, the way
Rasa's forms take their slots and mappings from the domain.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from dialog.understand.answer_words import answer_words
from dialog.understand.conditions import find_conditions
from dialog.understand.duration import find_duration
from dialog.understand.impact import find_impact
from dialog.understand.lexicon import lexicon
from dialog.understand.location import find_location, place_count
from dialog.understand.medications import find_medications
from dialog.understand.pattern import find_pattern
from dialog.understand.places import find_multiple
from dialog.understand.screening import find_screening
from dialog.understand.severity import find_severity
from dialog.understand.symptoms import find_symptoms
from dialog.understand.triggers import find_triggers
from models.answers import (
    ConditionsAnswer,
    LocationAnswer,
    MedicationsAnswer,
    SlotValue,
    YesNoAnswer,
)
from models.common import SLOT_ORDER, SlotName

Parser = Callable[[str, "dt.date | None"], "SlotValue | None"]
"""Reads normalized text (`dialog.text.normalize`), with today's date for "since monday"."""


@dataclass(frozen=True)
class SlotSpec:
    name: SlotName
    loose: Parser
    """How an answer to this question is read when it is the open one (a bare "no" counts)."""
    strict: Parser | None = None
    """How this slot is read from an answer to another question: strong evidence only."""
    over_answer: tuple[SlotName, ...] = ()
    """Which other slots an answer to this question may fill (with their strict parsers)."""
    yes_no: bool = False
    """A yes / no question: the recognizer may be held to yes / no and command words."""
    escalate_on_yes: bool = False
    """A yes is an emergency (the red-flag screening question)."""
    noted_anywhere: bool = False
    """Found (strictly) in an answer to any question, it is noted for the rules and the
    summary, and the question is still asked: a list said in passing is rarely complete."""
    companions: Callable[[str], dict[SlotName, SlotValue]] | None = None
    """Other slots the loose answer also fills ("yes, my right thigh too" names a place)."""
    implied: Callable[[Mapping[SlotName, SlotValue]], SlotValue | None] | None = None
    """An answer implied by earlier answers, so the question is not asked."""
    already: Callable[[Mapping[SlotName, SlotValue]], SlotValue | None] | None = None
    """An answer earlier answers already give while the question can still find more ("both
    calves": more than one place, but anywhere else?). The question is then asked in its
    shorter wording (its `silence` one, "Anywhere else as well?"), and this answer stands
    whatever the yes or no; what else is named is added."""
    plausible_words: bool = False
    """A bare command word the parser understands ("back" at "where do you feel it?") is
    read as the answer; a plain command ("go back") stays a command."""
    answer_words: str | None = None
    """The vocabulary of this question's answers (dialog.understand.answer_words): an utterance
    made only of it is the answer ("my head" to "where do you feel it?"), and the red-flag
    detector's learned layer is quieted for it. None: every word is read as usual."""

    def left_over(self, normalized: str) -> tuple[str, ...]:
        """The words of `normalized` this question's answer does not account for; every word
        when the question has no answer vocabulary."""
        if self.answer_words is None:
            return tuple(normalized.split())
        return answer_words(self.answer_words).left_over(normalized)


def _multiple_companions(normalized: str) -> dict[SlotName, SlotValue]:
    _, extra = find_multiple(normalized)
    return {"location": extra} if extra is not None else {}


def _several_places(answers: Mapping[SlotName, SlotValue]) -> SlotValue | None:
    # Already said: the answer to "where" named several places. ("Both arms" is two places, but
    # anywhere else is still worth knowing: `_both_sides`.)
    location = answers.get("location")
    if isinstance(location, LocationAnswer) and (location.all_over or len({p.part for p in location.places}) >= 2):
        return YesNoAnswer(value=True, text=location.text)
    return None


def _both_sides(answers: Mapping[SlotName, SlotValue]) -> SlotValue | None:
    # "Both calves" is two places (issue 15), counted as the rules count them (dialog.facts);
    # the back or the legs may still be twitching too, which can make it widespread.
    location = answers.get("location")
    if isinstance(location, LocationAnswer) and place_count(location) >= 2:
        return YesNoAnswer(value=True, text=location.text)
    return None


def _strict_medications(normalized: str, today: dt.date | None) -> SlotValue | None:
    meds = find_medications(normalized, strict=True)
    # Only what changes the outcome: a partial list would stop the manager asking the question.
    if isinstance(meds, MedicationsAnswer) and (meds.new_medication or meds.twitch_medication or meds.benzo_withdrawal):
        return meds
    return None


def _strict_conditions(normalized: str, today: dt.date | None) -> SlotValue | None:
    conditions = find_conditions(normalized, strict=True)
    # Only a named chronic condition: "a blood pressure pill" is not a history of hypertension.
    return conditions if isinstance(conditions, ConditionsAnswer) and conditions.chronic else None


SLOTS: tuple[SlotSpec, ...] = (
    SlotSpec("screening", lambda t, d: find_screening(t), yes_no=True, escalate_on_yes=True,
             over_answer=("duration", "location", "pattern", "severity"), answer_words="yes_no"),
    SlotSpec("duration", lambda t, d: find_duration(t, d), lambda t, d: find_duration(t, d, strict=True),
             over_answer=("location", "pattern", "severity"), answer_words="duration"),
    SlotSpec("location", lambda t, d: find_location(t), lambda t, d: find_location(t, strict=True),
             over_answer=("duration", "pattern", "severity"), plausible_words=True, answer_words="location"),
    SlotSpec("multiple_locations", lambda t, d: find_multiple(t)[0], yes_no=True,
             over_answer=("duration", "pattern", "severity"), companions=_multiple_companions,
             implied=_several_places, already=_both_sides, answer_words="several_places"),
    SlotSpec("pattern", lambda t, d: find_pattern(t), lambda t, d: find_pattern(t, strict=True),
             over_answer=("duration", "location", "severity"), answer_words="pattern"),
    # Severity never fills location ("the whole thigh jumps" is not a new place).
    SlotSpec("severity", lambda t, d: find_severity(t), lambda t, d: find_severity(t, strict=True),
             over_answer=("duration", "pattern"), answer_words="severity"),
    SlotSpec("daily_impact", lambda t, d: find_impact(t), yes_no=True, answer_words="yes_no"),
    SlotSpec("other_symptoms", lambda t, d: find_symptoms(t), lambda t, d: find_symptoms(t, strict=True),
             over_answer=("medications", "conditions"), noted_anywhere=True, answer_words="symptoms"),
    SlotSpec("medications", lambda t, d: find_medications(t), _strict_medications, over_answer=("conditions",)),
    SlotSpec("conditions", lambda t, d: find_conditions(t), _strict_conditions, over_answer=("medications",)),
    SlotSpec("triggers", lambda t, d: find_triggers(t), lambda t, d: find_triggers(t, strict=True),
             over_answer=("medications",)),
)
assert tuple(s.name for s in SLOTS) == SLOT_ORDER, "one registration per slot, in the order asked"

FIRST_ANSWER: tuple[SlotName, ...] = ("duration", "location", "pattern", "severity", "other_symptoms",
                                      "medications", "conditions", "triggers")
"""What an utterance heard before any question is open may fill."""

_BY_NAME: dict[SlotName, SlotSpec] = {s.name: s for s in SLOTS}


def spec(slot: SlotName) -> SlotSpec:
    return _BY_NAME[slot]


def over_answer(open_slot: SlotName | None) -> tuple[SlotName, ...]:
    return FIRST_ANSWER if open_slot is None else spec(open_slot).over_answer


@lru_cache(maxsize=1)
def yes_no_grammar() -> tuple[str, ...]:
    """Words a restricted recognizer grammar allows at a yes / no question (lexicon `[grammar]`)."""
    grammar = lexicon().grammar
    return tuple(dict.fromkeys(grammar.yes_no + grammar.commands))
