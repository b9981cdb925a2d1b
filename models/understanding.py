"""What one answer told the skill, across every slot it covers."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from models.answers import SlotValue
from models.common import SlotName


class Understanding(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    fills: dict[SlotName, SlotValue] = Field(default_factory=dict)
    """Every slot this answer fills. Under `multiple_locations`, a `location`
    entry holds the additional places named; the manager merges them."""
    mentioned: dict[SlotName, SlotValue] = Field(default_factory=dict)
    """Slots said in passing in an answer to another question ("and my arm feels heavy"
    at the duration question): noted, while the question itself is still asked."""
    dont_know: bool = False
    """The person said they do not know the answer to the open question."""
    worried: bool = False
    """The person said they are worried or scared about the twitching."""
