"""Names shared by every model: slots, levels, red-flag ids, sources."""

from __future__ import annotations

from enum import Enum
from typing import Literal, get_args

SourceId = Literal["000", "001", "002", "003", "policy"]
"""A seed document (file-name prefix in shared/seeds) or the triage policy itself."""

SlotName = Literal[
    "screening",
    "duration",
    "location",
    "multiple_locations",
    "pattern",
    "severity",
    "daily_impact",
    "other_symptoms",
    "medications",
    "conditions",
    "triggers",
]
SLOT_ORDER: tuple[SlotName, ...] = get_args(SlotName)
"""The slots in the order the questions are asked (the policy's order)."""

RedFlagId = Literal[
    "breathing",
    "swallowing",
    "speech",
    "consciousness",
    "confusion",
    "seizure",
    "paralysis",
    "coordination",
    "vision",
    "dizziness",
    "headache",
    "fever",
    "vomiting",
    "pulse",
    # The person's own alarm (policy): a plea for help, an emergency they name, chest pain.
    "help",
    "emergency_named",
    "chest",
]
RED_FLAG_IDS: tuple[RedFlagId, ...] = get_args(RedFlagId)
OWN_ALARM_IDS: tuple[RedFlagId, ...] = ("help", "emergency_named", "chest")
"""Red flags the policy adds to the seeds' list ("The person's own alarm"). The corpora were
written for the seeds' list and the learned layer has no class for these: the lexicon finds them."""
SEED_RED_FLAG_IDS: tuple[RedFlagId, ...] = tuple(f for f in RED_FLAG_IDS if f not in OWN_ALARM_IDS)
"""The red flags the seed documents list: what the corpora cover and the learned layer is trained on."""


class Level(str, Enum):
    """A disposition. Compare with `rank`: the outcome is the highest reached."""

    NO_RESULT = "no_result"
    """No result was reached: the check ended before anything self-care could rest on
    (for example before the screening question was answered). Never a rule's level."""
    SELF_CARE = "self_care"
    DOCTOR = "doctor"
    URGENT = "urgent"
    EMERGENCY = "emergency"

    @property
    def rank(self) -> int:
        return _LEVEL_RANK[self]


_LEVEL_RANK = {Level.NO_RESULT: -1, Level.SELF_CARE: 0, Level.DOCTOR: 1, Level.URGENT: 2, Level.EMERGENCY: 3}
