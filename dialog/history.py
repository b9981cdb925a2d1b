"""The person's past red flags, kept in the session (policy "Past events"); and what the
turn history holds for the doctor summary (what raised the emergency, answers part by part).

A red flag said as over, days to a few weeks ago ("i fainted last week"), is no
emergency, but it is never dropped: each is kept once with its time, for the
doctor summary and for the `urgent` rule on recent neurological ones.

The detector reads text only, so "on sunday" is days ago to it. With the date
known, a weekday that is today or yesterday is recent (policy: "yesterday" is
recent and escalates): such a red flag is returned to be escalated, not kept.
"""

from __future__ import annotations

from datetime import date, timedelta

from dialog.commands import parse_command
from dialog.redflags.context import NOW_TIME, RECENT_TIME, WEEKS_AGO
from dialog.understand.phrases import norm
from dialog.understand.yesno import yes_or_no
from models.common import RedFlagId, SlotName
from models.detection import Detection, PastEvent
from models.outcome import SummaryAlarm, SummaryItem
from models.protocol import Protocol, Question
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


# ---------------------------------------------------------------- the conversation, for the summary
# The summary is read from the turn history, where every question asked and every word said
# stands in order: what raised the emergency and the one-sign-at-a-time answers need no
# bookkeeping of their own in the conversation.


def _prefix(template: str, field: str) -> str:
    """A message's fixed opening, before its first placeholder: how its turn is known again."""
    return template.split("{" + field + "}", 1)[0]


def _emergency_at(protocol: Protocol, session: Session) -> int | None:
    head = _prefix(protocol.messages.emergency_head, "number")
    return next((i for i, turn in enumerate(session.history)
                 if turn.speaker == "skill" and turn.text.startswith(head)), None)


def interrupted_slot(protocol: Protocol, session: Session) -> SlotName | None:
    """The question that was open when the emergency came (its answer never came)."""
    at = _emergency_at(protocol, session)
    return None if at is None else session.history[at].slot


def time_words(text: str) -> str:
    """The time words in what was said ("this morning", "two hours ago"), each once."""
    normalized = norm(text)
    found = [m.group(0) for pattern in (NOW_TIME, RECENT_TIME, WEEKS_AGO) for m in pattern.finditer(normalized)]
    return ", ".join(dict.fromkeys(found))


def alarm(protocol: Protocol, session: Session) -> SummaryAlarm | None:
    """What raised the emergency, in the person's words: the utterance (and a reply to "did you
    say ...?") before the emergency message, or, when a partial transcript raised it before the
    utterance ended, the utterance that followed it; with its time words and the question open."""
    at = _emergency_at(protocol, session)
    if at is None:
        return None
    history = session.history
    check = _prefix(protocol.messages.flag_check, "said")
    said: list[str] = []
    i = at - 1
    while i >= 0 and (history[i].speaker == "person" or history[i].text.startswith(check)):
        if history[i].speaker == "person":
            said.insert(0, history[i].text)
        i -= 1
    # what they said after the message, less asking the check for it again or for the summary
    after = [t.text for t in history[at + 1:]
             if t.speaker == "person" and parse_command(norm(t.text)) not in ("repeat", "summary")]
    if not said and after:
        said, after = after[:1], after[1:]
    asked = next((t.text for t in reversed(history[:at]) if t.speaker == "skill" and t.slot is not None
                  and not t.text.startswith(check)), "")
    heard = [flag.label for flag in protocol.red_flags if flag.id in session.red_flags]
    what = ", ".join(heard) if heard else "yes to a warning sign happening now"
    return SummaryAlarm(what=what, said=tuple(said), when=time_words(" ".join(said)), asked=asked,
                        after=tuple(after))


def asked_when_answered(session: Session, slot: SlotName, said: tuple[str, ...], default: str) -> str:
    """The question for `slot` as it stood when the first of `said` was given to it: after "I'm
    answering for my dad" that is the question about him, not the one asked before. Words said
    to another question (or none): the question as first asked (`default` if never asked)."""
    asked: str | None = None
    for turn in session.history:
        if turn.slot != slot:
            continue
        if turn.speaker == "skill":
            asked = turn.text
        elif turn.text in said and asked is not None:
            return asked
    return next((t.text for t in session.history if t.speaker == "skill" and t.slot == slot), default)


def one_at_a_time(question: Question, session: Session) -> tuple[SummaryItem, ...]:
    """The answers to a question asked again one part at a time (`Question.simpler`), part by
    part: each part as asked, how its answer was read, and the words. A part asked again ("go
    back", "repeat") keeps its last answer."""
    answers: dict[str, list[str]] = {}
    current: str | None = None
    for turn in session.history:
        if turn.slot != question.slot:
            current = None if turn.speaker == "skill" else current
            continue
        if turn.speaker == "skill":
            current = turn.text if turn.text in question.simpler else None
            if current is not None:
                answers[current] = []
        elif current is not None:
            answers[current].append(turn.text)
    items = []
    for wording in question.simpler:
        if wording not in answers:
            continue
        said = answers[wording]
        reading = _yes_no(said[-1]) if said else None
        value = ("unknown, not a clear yes or no" if reading is None else "yes" if reading else "no") if said \
            else "unknown, no answer"
        items.append(SummaryItem(label=wording, value=value, said=tuple(said), question=wording))
    return tuple(items)


def _yes_no(text: str) -> bool | None:
    answer = yes_or_no(norm(text))
    return None if answer is None else answer[0]
