"""What the skill understood from one answer, one type per slot.

Parsers in `dialog.understand` return these; `None` from a parser means "not
understood". Every value keeps the words it came from in `text`, so the doctor
summary can quote the person.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Side = Literal["left", "right", "both"]
Region = Literal["head", "face", "eye", "mouth", "neck", "shoulder", "arm", "hand",
                 "chest", "back", "abdomen", "hip", "leg", "foot"]
"""Coarse body regions; three or more distinct regions is widespread (policy)."""

SymptomId = Literal["weakness", "atrophy", "numbness", "tingling", "neuro", "cramps",
                    "fatigue", "pain"]
TriggerId = Literal["caffeine", "stimulants", "stress", "sleep", "exercise", "alcohol",
                    "dehydration", "screen", "diet"]
ConditionId = Literal["kidney", "thyroid", "multiple_sclerosis", "brain_injury",
                      "neuromuscular", "als", "diabetes", "electrolyte", "nerve", "other"]


class _Answer(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    text: str = ""
    """The words this value was understood from."""


class YesNoAnswer(_Answer):
    value: bool
    """True for yes (including "a little"), False for no."""


class DurationAnswer(_Answer):
    days: float = Field(ge=0)
    """How long the twitching has lasted, in days (hours are fractions)."""
    on_and_off: bool = False
    """The person said it comes and goes over that time ("on and off for a year")."""
    said_as: str | None = None
    """A count said without a number, in the person's words ("a few weeks"): `days` is only a
    reading of it, so it is said back and written as they said it."""


class Place(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    part: str
    """The body part as said, canonical singular: "calf", "eyelid", "thigh"."""
    region: Region
    side: Side | None = None


class LocationAnswer(_Answer):
    places: tuple[Place, ...] = ()
    all_over: bool = False
    """"All over", "whole body", "everywhere"."""


class PatternAnswer(_Answer):
    pattern: Literal["constant", "intermittent"] | None = None
    episode: str | None = None
    """How long an episode lasts, in the person's words ("a few seconds")."""


class SeverityAnswer(_Answer):
    level: Literal["mild", "moderate", "severe"] | None = None
    score: int | None = Field(default=None, ge=0, le=10)
    """A rating out of ten, when one was given."""
    worsening: bool | None = None
    """True for "getting worse", False for "not getting worse", None if unsaid."""


class SymptomsAnswer(_Answer):
    symptoms: tuple[SymptomId, ...] = ()
    none: bool = False
    """The person said there are no other symptoms."""


class MedicationsAnswer(_Answer):
    names: tuple[str, ...] = ()
    """Medications named, as heard (recorded for the doctor, never advised)."""
    new_medication: bool = False
    """Twitching began after starting a new medication (urgent, seed 000)."""
    twitch_medication: bool = False
    """Takes a medication that may cause twitching (doctor, seeds 002, 003)."""
    benzo_withdrawal: bool = False
    """Stopping or coming off a benzodiazepine (doctor, seed 002)."""
    none: bool = False


class ConditionsAnswer(_Answer):
    conditions: tuple[ConditionId, ...] = ()
    names: tuple[str, ...] = ()
    """Conditions without a name of their own here (`other`), in the person's words: "asthma"."""
    chronic: bool = False
    """A known chronic condition the doctor rule names (seed 002)."""
    none: bool = False


class TriggersAnswer(_Answer):
    triggers: tuple[TriggerId, ...] = ()
    none: bool = False


SlotValue = (YesNoAnswer | DurationAnswer | LocationAnswer | PatternAnswer | SeverityAnswer
             | SymptomsAnswer | MedicationsAnswer | ConditionsAnswer | TriggersAnswer)
