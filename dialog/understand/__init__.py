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

from dialog.understand.conditions import parse_conditions
from dialog.understand.duration import parse_duration
from dialog.understand.impact import parse_daily_impact
from dialog.understand.known_words import speller
from dialog.understand.location import parse_location
from dialog.understand.medications import parse_medications
from dialog.understand.pattern import parse_pattern
from dialog.understand.phrases import norm
from dialog.understand.places import parse_multiple_locations
from dialog.understand.screening import parse_screening
from dialog.understand.severity import parse_severity
from dialog.understand.slots import SLOTS, over_answer, spec
from dialog.understand.symptoms import parse_symptoms
from dialog.understand.triggers import parse_triggers
from dialog.understand.worry import find_worry, is_worried
from dialog.understand.yesno import DONT_KNOW, parse_yesno
from models.answers import SlotValue
from models.common import SlotName
from models.understanding import Understanding

__all__ = [
    "understand", "parse_yesno", "parse_screening", "parse_duration", "parse_location", "parse_multiple_locations",
    "parse_pattern", "parse_severity", "parse_daily_impact", "parse_symptoms", "parse_medications",
    "parse_conditions", "parse_triggers", "is_worried", "OVER_ANSWER", "understand_normalized",
]

OVER_ANSWER: dict[SlotName | None, tuple[SlotName, ...]] = {
    None: over_answer(None), **{slot.name: slot.over_answer for slot in SLOTS}}
"""Which other slots an answer to each question may fill (strict parsing only); from `slots.SLOTS`.

The list questions are not filled from other answers except a named medicine or
condition: a partial list would stop the manager asking the whole question.
Other symptoms said in passing are noted instead (`Understanding.mentioned`).
"""


def understand(text: str, open_slot: SlotName | None, today: dt.date | None = None) -> Understanding:
    """Everything one answer says: the open slot (loosely), other slots (strictly), don't-know, worry."""
    return understand_normalized(norm(text), open_slot, today)


def understand_normalized(normalized: str, open_slot: SlotName | None,
                          today: dt.date | None = None) -> Understanding:
    """`understand` for text already through `dialog.text.normalize` (once per turn).

    Misspelt words are put right first, toward the parsers' own words only ("weeker",
    "protien"); the red-flag detector reads the words as they were said."""
    normalized = speller().correct(normalized)
    fills: dict[SlotName, SlotValue] = {}
    mentioned: dict[SlotName, SlotValue] = {}
    if open_slot is not None:
        open_spec = spec(open_slot)
        value = open_spec.loose(normalized, today)
        if value is not None:
            fills[open_slot] = value
            if open_spec.companions is not None:
                fills.update({k: v for k, v in open_spec.companions(normalized).items() if k not in fills})
    allowed = over_answer(open_slot)
    for slot_spec in SLOTS:
        slot = slot_spec.name
        if slot in fills or slot == open_slot or slot_spec.strict is None:
            continue
        if slot in allowed:
            value = slot_spec.strict(normalized, today)
            if value is not None:
                fills[slot] = value
        elif slot_spec.noted_anywhere:
            value = slot_spec.strict(normalized, today)
            if value is not None:
                mentioned[slot] = value
    dont_know = open_slot is not None and open_slot not in fills and DONT_KNOW.search(normalized) is not None
    return Understanding(fills=fills, mentioned=mentioned, dont_know=dont_know, worried=find_worry(normalized))
