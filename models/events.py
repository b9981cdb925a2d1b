"""Everything the skill emits, one small typed class per kind.

`type` is the discriminator used on the JSON-lines interface; the voice layer
adds `listening` and `heard`.
"""

from __future__ import annotations

from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field

from models.common import RedFlagId, SlotName
from models.outcome import Outcome

SayKind = Literal["greeting", "disclaimer", "reprompt", "help", "info", "repeat",
                  "moving_on", "goodbye", "notice", "summary"]


class _Event(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Say(_Event):
    """Something spoken that does not wait for an answer."""

    type: Literal["say"] = "say"
    kind: SayKind
    text: str


class Ask(_Event):
    """A question; the skill now waits for an answer to `slot`."""

    type: Literal["ask"] = "ask"
    slot: SlotName
    text: str
    reprompt: bool = False
    """True when this is the rephrased second asking."""


class Confirm(_Event):
    """An implicit confirmation of an understood answer ("Two weeks, got it.")."""

    type: Literal["confirm"] = "confirm"
    slot: SlotName
    text: str


class Emergency(_Event):
    """A red flag was heard: the questions end, this message must reach the person."""

    type: Literal["emergency"] = "emergency"
    red_flags: tuple[RedFlagId, ...]
    """What was heard; empty when the screening question was answered yes."""
    number: str
    text: str
    """The whole message: `head` and then what was heard."""
    head: str
    """The fixed first sentence ("... Call emergency services now, on 911.")."""
    rest: str = ""
    """Everything after `head`: what was heard and what to do if you cannot call."""


class OutcomeEvent(Outcome):
    """The disposition with reasons, advice, safety-net and the doctor summary."""

    type: Literal["outcome"] = "outcome"

    @classmethod
    def of(cls, outcome: Outcome) -> OutcomeEvent:
        return cls(**outcome.model_dump())


class Control(_Event):
    """A request about the voice itself ("slower", "faster"); the voice layer acts on it."""

    type: Literal["control"] = "control"
    command: Literal["slower", "faster"]
    text: str


class End(_Event):
    """The conversation is over."""

    type: Literal["end"] = "end"
    reason: Literal["finished", "stopped", "end_of_input", "emergency"]


class Listening(_Event):
    """The voice layer started listening for an answer to `slot`."""

    type: Literal["listening"] = "listening"
    slot: SlotName | None


HeardChannel = Literal["spotter", "safety-held", "safety-final"]


class Heard(_Event):
    """A recognition result from the voice layer."""

    type: Literal["heard"] = "heard"
    text: str
    final: bool
    confidence: float | None = None
    channel: HeardChannel | None = None
    """Set when the text is the red-flag check's own reading rather than the recognizer's
    latest words: a spotted phrase put in the words around it, or a held partial read
    with what was said after it. Such a text is what an emergency was raised on."""


Event = Annotated[
    Union[Say, Ask, Confirm, Emergency, OutcomeEvent, Control, End, Listening, Heard],
    Field(discriminator="type"),
]
