"""Answer understanding: what one spoken or typed answer says, slot by slot.

    understand(text, open_slot, today=None) -> Understanding

The open question is read loosely (a bare "no" answers it). Other slots are
filled only on strong evidence (over-answering, "my left eyelid for two weeks
on and off"), and only those a person plausibly volunteers with that question:
a later answer overwrites an earlier one in the dialogue manager, so a stray
"for years" in a medication answer must not replace the duration. A yes / no
always belongs to the open question.

Pure and deterministic: the only I/O is loading dialog/data/lexicon.toml once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from dialog.understand.conditions import find_conditions, parse_conditions
from dialog.understand.duration import find_duration, parse_duration
from dialog.understand.impact import find_impact, parse_daily_impact
from dialog.understand.location import find_location, parse_location
from dialog.understand.medications import find_medications, parse_medications
from dialog.understand.pattern import find_pattern, parse_pattern
from dialog.understand.phrases import norm
from dialog.understand.places import find_multiple, parse_multiple_locations
from dialog.understand.severity import find_severity, parse_severity
from dialog.understand.symptoms import find_symptoms, parse_symptoms
from dialog.understand.triggers import find_triggers, parse_triggers
from dialog.understand.worry import find_worry, is_worried
from dialog.understand.yesno import DONT_KNOW, parse_yesno, strip_dont_know, yes_or_no
from models.answers import SlotValue, YesNoAnswer
from models.common import SlotName
from models.understanding import Understanding

__all__ = [
    "understand", "parse_yesno", "parse_screening", "parse_duration", "parse_location", "parse_multiple_locations",
    "parse_pattern", "parse_severity", "parse_daily_impact", "parse_symptoms", "parse_medications",
    "parse_conditions", "parse_triggers", "is_worried", "OVER_ANSWER",
]

OVER_ANSWER: dict[SlotName | None, tuple[SlotName, ...]] = {
    None: ("duration", "location", "pattern", "severity", "other_symptoms", "medications", "conditions", "triggers"),
    "screening": ("duration", "location", "pattern", "severity"),
    "duration": ("location", "pattern", "severity"),
    "location": ("duration", "pattern", "severity"),
    "multiple_locations": ("duration", "pattern", "severity"),
    "pattern": ("duration", "location", "severity"),
    "severity": ("duration", "pattern"),
    "daily_impact": (),
    "other_symptoms": ("medications", "conditions"),
    "medications": ("conditions",),
    "conditions": ("medications",),
    "triggers": ("medications",),
}
"""Which other slots an answer to each question may fill (strict parsing only).

Severity never fills location ("the whole thigh jumps" is not a new place), and
the list questions are not filled from other answers except a named medicine or
condition: a partial list would stop the manager asking the whole question.
"""

_SCREENING_NO = ("breathing fine", "nothing like that", "nothing like this", "none of that", "all fine",
                 "feel fine", "feeling fine", "im okay", "im good")


def parse_screening(text: str) -> YesNoAnswer | None:
    """Yes / no to the red-flag screening question; the detector reads the symptoms themselves."""
    normalized, _ = strip_dont_know(norm(text))
    found = yes_or_no(normalized)
    if found is None and any(p in normalized for p in _SCREENING_NO):
        found = (False, "")
    return YesNoAnswer(value=found[0], text=normalized) if found is not None else None


def _loose(slot: SlotName, normalized: str, today: dt.date | None) -> SlotValue | None:
    parsers: dict[SlotName, Callable[[], SlotValue | None]] = {
        "screening": lambda: parse_screening(normalized),
        "duration": lambda: find_duration(normalized, today),
        "location": lambda: find_location(normalized),
        "multiple_locations": lambda: find_multiple(normalized)[0],
        "pattern": lambda: find_pattern(normalized),
        "severity": lambda: find_severity(normalized),
        "daily_impact": lambda: find_impact(normalized),
        "other_symptoms": lambda: find_symptoms(normalized),
        "medications": lambda: find_medications(normalized),
        "conditions": lambda: find_conditions(normalized),
        "triggers": lambda: find_triggers(normalized),
    }
    return parsers[slot]()


def _strict(slot: SlotName, normalized: str, today: dt.date | None) -> SlotValue | None:
    if slot == "duration":
        return find_duration(normalized, today, strict=True)
    if slot == "location":
        return find_location(normalized, strict=True)
    if slot == "pattern":
        return find_pattern(normalized, strict=True)
    if slot == "severity":
        return find_severity(normalized, strict=True)
    if slot == "other_symptoms":
        return find_symptoms(normalized, strict=True)
    if slot == "medications":
        meds = find_medications(normalized, strict=True)
        # Only what changes the outcome: a partial list would stop the manager asking the question.
        return meds if meds is not None and (meds.new_medication or meds.twitch_medication
                                             or meds.benzo_withdrawal) else None
    if slot == "conditions":
        conditions = find_conditions(normalized, strict=True)
        # Only a named chronic condition: "a blood pressure pill" is not a history of hypertension.
        return conditions if conditions is not None and conditions.chronic else None
    if slot == "triggers":
        return find_triggers(normalized, strict=True)
    return None


def understand(text: str, open_slot: SlotName | None, today: dt.date | None = None) -> Understanding:
    """Everything one answer says: the open slot (loosely), other slots (strictly), don't-know, worry."""
    normalized = norm(text)
    fills: dict[SlotName, SlotValue] = {}
    if open_slot is not None:
        value = _loose(open_slot, normalized, today)
        if value is not None:
            fills[open_slot] = value
        if open_slot == "multiple_locations":
            _, extra = find_multiple(normalized)
            if extra is not None:
                fills["location"] = extra  # the manager merges these with the places already given
    for slot in OVER_ANSWER[open_slot]:
        if slot not in fills:
            value = _strict(slot, normalized, today)
            if value is not None:
                fills[slot] = value
    dont_know = open_slot is not None and open_slot not in fills and DONT_KNOW.search(normalized) is not None
    return Understanding(fills=fills, dont_know=dont_know, worried=find_worry(normalized))
