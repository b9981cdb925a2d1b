"""The person's past red flags, kept in the session (policy "Past events").

A red flag said as over, days to a few weeks ago ("i fainted last week"), is no
emergency, but it is never dropped: each is kept once with its time, for the
doctor summary and for the `urgent` rule on recent neurological ones.

The detector reads text only, so "on sunday" is days ago to it. With the date
known, a weekday that is today or yesterday is recent (policy: "yesterday" is
recent and escalates): such a red flag is returned to be escalated, not kept.
"""

from __future__ import annotations

from datetime import date, timedelta

from models.common import RedFlagId
from models.detection import Detection, PastEvent
from models.session import Session

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def recent_by_date(event: PastEvent, today: date | None) -> bool:
    """True when the event's time names today's or yesterday's weekday ("on sunday" said on a
    monday); "last sunday" stays days ago."""
    if today is None:
        return False
    words = event.when.split()
    if not words or words[0] == "last":
        return False
    named = next((w.rstrip("s") for w in words if w.rstrip("s") in _WEEKDAYS), None)
    if named is None:
        return False
    return named in (_WEEKDAYS[today.weekday()], _WEEKDAYS[(today - timedelta(days=1)).weekday()])


def record_past_events(session: Session, detection: Detection, today: date | None = None) -> tuple[RedFlagId, ...]:
    """Add the past events of one final utterance to the session, each (flag, time) once; return
    the red flags whose time is, by `today`, today or yesterday: those are now, to escalate."""
    known = {(e.flag, e.when) for e in session.past_events}
    recent: list[RedFlagId] = []
    for event in detection.past_events:
        if recent_by_date(event, today):
            recent.append(event.flag)
        elif (event.flag, event.when) not in known:
            session.past_events.append(event)
            known.add((event.flag, event.when))
    return tuple(recent)
