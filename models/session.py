"""The state of one conversation: answers so far and turn history."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from models.answers import SlotValue
from models.common import RedFlagId, SlotName
from models.detection import PastEvent

SlotStatus = Literal["answered", "unknown", "skipped", "dont_know"]


class SlotRecord(BaseModel):
    model_config = ConfigDict(extra="forbid")
    status: SlotStatus
    value: SlotValue | None = None
    said: tuple[str, ...] = ()
    """Every utterance that contributed to this slot, in order."""
    rest: SlotStatus | None = None
    """For a value earlier answers already gave ("both calves": more than one place), why the
    question asked for more ("anywhere else as well?") found nothing: "dont_know", "unknown"."""


class Turn(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    speaker: Literal["skill", "person"]
    text: str
    slot: SlotName | None = None
    """The question open when this was said."""


class Proxy(BaseModel):
    """Someone answering for another person: who that person is to them."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    relation: str
    """As said: "dad", "wife", "friend"."""
    pronoun: Literal["he", "she"] | None = None
    """None when the relation and the words said give no sex: they are named ("your friend")."""


class Session(BaseModel):
    model_config = ConfigDict(extra="forbid")
    answers: dict[SlotName, SlotRecord] = Field(default_factory=dict)
    history: list[Turn] = Field(default_factory=list)
    worried: bool = False
    """The person said they are worried about the twitching (policy worry rule)."""
    worry_said: tuple[str, ...] = ()
    """The words the worry was said in, for the doctor's summary."""
    red_flags: list[RedFlagId] = Field(default_factory=list)
    past_events: list[PastEvent] = Field(default_factory=list)
    """Red flags said as over, days to a few weeks ago (policy "Past events"): each once, in the
    order said; for the summary, and `urgent` when neurological and within four weeks."""
    screening_yes: bool = False
    mentioned: dict[SlotName, SlotRecord] = Field(default_factory=dict)
    """What was said in answer to another question that belongs to a list slot
    (weakness said at the duration question): kept for the rules and the summary
    without stopping the skill from asking that question itself."""
    answered_for: Proxy | None = None
    """Set when the person says they answer for someone else ("i'm answering for my dad")."""
