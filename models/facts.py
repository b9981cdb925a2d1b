"""Facts derived from a session's answers: what the triage rules test."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from models.detection import PastEvent


class Facts(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    duration_days: float | None = None
    duration_said_as: str | None = None
    """A duration said without a number ("a few weeks"), named in the reasons as said."""
    place_count: int = 0
    """Distinct places; "both legs" counts as two."""
    region_count: int = 0
    """Distinct coarse body regions (three or more is widespread)."""
    all_over: bool = False
    constant: bool = False
    severe: bool = False
    worsening: bool = False
    daily_impact: bool = False
    weakness: bool = False
    atrophy: bool = False
    numbness: bool = False
    neuro: bool = False
    twitch_medication: bool = False
    benzo_withdrawal: bool = False
    new_medication: bool = False
    chronic_condition: bool = False
    worried: bool = False
    recent_neuro_event: bool = False
    """A neurological red flag that is over, within the last four weeks (policy "Past events")."""
    recent_events: tuple[PastEvent, ...] = ()
    """Those events, for the reason ("because you fainted three weeks ago")."""
    triggers: tuple[str, ...] = ()
    symptoms: tuple[str, ...] = ()
    conditions: tuple[str, ...] = ()
