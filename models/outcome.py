"""The result of a check: level, reasons, advice and the doctor summary."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from models.common import Level, RedFlagId, SourceId


class Reason(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    rule: str
    """The rule id in the protocol (or "red_flag:<id>", "screening")."""
    level: Level
    text: str
    """Plain words, to follow "because"."""
    sources: tuple[SourceId, ...]


class SummaryItem(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    label: str
    """What a doctor would call it: "Duration", "Location(s)"."""
    value: str
    """What was understood, in plain words; "not asked", "not understood", "skipped" otherwise."""
    said: tuple[str, ...] = ()
    """The person's own words for it, for the written summary."""


class Summary(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    items: tuple[SummaryItem, ...]
    level: Level
    """`no_result` when the check ended before a result could be reached."""
    reasons: tuple[Reason, ...]
    red_flags: tuple[RedFlagId, ...] = ()
    finished: bool = True
    what_to_expect: str = ""


class OutcomeSection(BaseModel):
    """One part of the full outcome under a short heading, for reading rather than hearing."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    heading: str
    text: str


class Outcome(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    level: Level
    reasons: tuple[Reason, ...]
    advice: tuple[str, ...]
    safety_net: str
    summary: Summary
    finished: bool
    """False when the check ended before every question was answered."""
    text: str
    """What the skill says: `breaths` joined (result and main reason, two pieces of
    advice, the offer of more, the safety-net)."""
    breaths: tuple[str, ...] = ()
    """`text` in the pieces to say one at a time, each short enough for one breath."""
    more: str = ""
    """What "more" says after the outcome: the other reasons and the rest of the advice."""
    sections: tuple[OutcomeSection, ...] = ()
    """The full outcome under short headings (result, why, what helps, when to get help,
    summary for a doctor), for typed mode and files."""
