"""The result of a check: level, reasons, advice and the doctor summary."""

from __future__ import annotations

from datetime import datetime

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
    clinical: str = ""
    """The same reason in plain clinical words, for the doctor summary ("weakness reported")."""


class SummaryItem(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    label: str
    """What a doctor would call it: "Duration", "Location(s)"."""
    value: str
    """What was understood, in plain words; "not asked", "not understood", "skipped" otherwise."""
    said: tuple[str, ...] = ()
    """The person's own words for it, for the written summary."""
    question: str = ""
    """The question these words answer, as it was asked."""
    parts: tuple[SummaryItem, ...] = ()
    """Answers to the question asked again one part at a time (the screening question's
    warning signs, one sign each), in the order asked."""


class SummaryAlarm(BaseModel):
    """A warning sign that raised the emergency, as the person said it."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    what: str
    """The warning sign in plain words ("trouble speaking")."""
    said: tuple[str, ...] = ()
    """The person's words that raised it, whole, with what they said after it in the same breath
    ("he slurred his words a bit this morning, but it seems ok now")."""
    when: str = ""
    """The time words they used ("this morning"); empty when they gave none (taken as now)."""
    asked: str = ""
    """The question open when it was said, as asked; empty before the first question."""
    after: tuple[str, ...] = ()
    """What they said after the emergency message."""


class SourceRef(BaseModel):
    """A source a reason rests on, named as a reader can find it."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    id: SourceId
    title: str
    address: str = ""
    """Where to read it; empty where the project's copy did not record it."""
    about: str = ""
    """Publisher, review and date, as the article gives them."""


class Summary(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    at: datetime | None = None
    """When the check took place (handed in; dialog never reads the clock)."""
    items: tuple[SummaryItem, ...]
    level: Level
    """`no_result` when the check ended before a result could be reached."""
    reasons: tuple[Reason, ...]
    red_flags: tuple[RedFlagId, ...] = ()
    finished: bool = True
    what_to_expect: str = ""
    alarms: tuple[SummaryAlarm, ...] = ()
    """The warning signs that raised the emergency, each in the person's words."""
    sources: tuple[SourceRef, ...] = ()
    """Every source the reasons cite, by title and address."""


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
