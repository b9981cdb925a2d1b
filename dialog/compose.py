"""Compose what the skill says at the end: outcome, advice, safety-net, summary."""

from __future__ import annotations

from dialog.facts import condition_words
from dialog.spoken import duration_words, join_words
from models.answers import (ConditionsAnswer, DurationAnswer, LocationAnswer, MedicationsAnswer,
                            PatternAnswer, Place, SeverityAnswer, SymptomsAnswer, TriggersAnswer,
                            YesNoAnswer)
from models.common import Level, RedFlagId, SlotName
from models.facts import Facts
from models.outcome import Outcome, Reason, Summary, SummaryItem
from models.protocol import Protocol
from models.session import Session

MAX_SPOKEN_ADVICE = 4
"""More than a few tips at once is hard to remember when heard, not read."""

_GENERAL_ADVICE = ("caffeine", "fluids", "rest", "stress", "diet")
"""Shown when nothing reported points at a cause: the usual culprits (000, 001, 003)."""


def select_advice(protocol: Protocol, facts: Facts) -> tuple[str, ...]:
    """Self-care advice, most relevant to what the person reported first."""
    reported = set(facts.triggers) | set(facts.symptoms)
    reported |= {name for name in ("twitch_medication", "new_medication", "benzo_withdrawal", "severe")
                 if getattr(facts, name)}
    relevant = [a for a in protocol.advice if reported & set(a.triggers)]
    general = [a for a in protocol.advice if a.id in _GENERAL_ADVICE and a not in relevant]
    chosen = (relevant + general)[:MAX_SPOKEN_ADVICE]
    return tuple(a.text for a in chosen)


SYMPTOM_WORDS = {"weakness": "weakness", "atrophy": "a muscle getting smaller", "numbness": "numbness",
                 "tingling": "tingling", "neuro": "other nerve symptoms", "cramps": "cramps",
                 "fatigue": "tiredness", "pain": "pain"}
TRIGGER_WORDS = {"caffeine": "caffeine", "stimulants": "stimulants", "stress": "stress",
                 "sleep": "poor sleep", "exercise": "hard exercise", "alcohol": "alcohol",
                 "dehydration": "not enough fluids", "screen": "screen time", "diet": "diet"}


def place_words(place: Place) -> str:
    side = {"left": "left ", "right": "right ", "both": "both "}.get(place.side or "", "")
    part = place.part
    if place.side == "both" and not part.endswith("s"):
        part = part + "s"
    return side + part


def describe(slot: SlotName, value: object) -> str:
    """One answer in plain words, for confirmations and the doctor summary."""
    if isinstance(value, YesNoAnswer):
        return "yes" if value.value else "no"
    if isinstance(value, DurationAnswer):
        return duration_words(value.days) + (", on and off" if value.on_and_off else "")
    if isinstance(value, LocationAnswer):
        parts = [place_words(p) for p in value.places]
        if value.all_over:
            parts.insert(0, "all over the body")
        return join_words(parts) or "not clear"
    if isinstance(value, PatternAnswer):
        text = {"constant": "constant", "intermittent": "comes and goes"}.get(value.pattern or "", "not clear")
        return text + (f", {value.episode}" if value.episode else "")
    if isinstance(value, SeverityAnswer):
        bits: list[str] = [value.level] if value.level else []
        if value.score is not None:
            bits.append(f"{value.score} out of 10")
        if value.worsening is True:
            bits.append("getting worse")
        elif value.worsening is False:
            bits.append("not getting worse")
        return ", ".join(bits) or "not clear"
    if isinstance(value, SymptomsAnswer):
        return "none" if value.none or not value.symptoms else join_words(
            [SYMPTOM_WORDS.get(s, s) for s in value.symptoms])
    if isinstance(value, MedicationsAnswer):
        bits = list[str](value.names)
        if value.new_medication:
            bits.append("started a new medication recently")
        if value.benzo_withdrawal:
            bits.append("coming off a benzodiazepine")
        return "none" if value.none and not bits else join_words(bits) or "some, not named"
    if isinstance(value, ConditionsAnswer):
        return "none" if value.none or not value.conditions else join_words(
            [condition_words(c) for c in value.conditions])
    if isinstance(value, TriggersAnswer):
        return "none" if value.none or not value.triggers else join_words(
            [TRIGGER_WORDS.get(t, t) for t in value.triggers])
    return str(value)


_SUMMARY_LABELS: tuple[tuple[SlotName, str], ...] = (
    ("duration", "Duration"),
    ("location", "Location(s)"),
    ("multiple_locations", "More than one place"),
    ("pattern", "Pattern"),
    ("severity", "Severity"),
    ("daily_impact", "Affects daily activities"),
    ("other_symptoms", "Other symptoms"),
    ("medications", "Medications"),
    ("conditions", "Medical conditions"),
    ("triggers", "Recent triggers"),
)


def summarize(protocol: Protocol, session: Session, level: Level, reasons: tuple[Reason, ...],
              finished: bool) -> Summary:
    items = []
    for slot, label in _SUMMARY_LABELS:
        record = session.answers.get(slot)
        if record is None:
            value = "not asked"
        elif record.status == "answered":
            value = describe(slot, record.value)
        else:
            value = {"unknown": "not understood", "skipped": "skipped", "dont_know": "did not know"}[record.status]
        items.append(SummaryItem(label=label, value=value, said=record.said if record else ()))
    if session.worried:
        items.append(SummaryItem(label="Concern", value="worried it may be serious"))
    return Summary(items=tuple(items), level=level, reasons=reasons,
                   red_flags=tuple(session.red_flags), finished=finished,
                   what_to_expect=protocol.messages.what_to_expect)


LEVEL_WORDS = {Level.EMERGENCY: "emergency", Level.URGENT: "get medical care today",
               Level.DOCTOR: "see a doctor", Level.SELF_CARE: "self-care"}


def summary_words(summary: Summary) -> str:
    """The summary as one spoken/printed paragraph (the person's own words are in the file)."""
    lines = [f"{item.label}: {item.value}." for item in summary.items if item.value != "not asked"]
    lines.append(f"Result: {LEVEL_WORDS[summary.level]}.")
    return " ".join(["Summary for a doctor.", *lines])


def compose_outcome(protocol: Protocol, session: Session, facts: Facts, level: Level,
                    reasons: tuple[Reason, ...], finished: bool) -> Outcome:
    messages = protocol.messages
    top = [r.text for r in reasons if r.level == level]
    also = [r.text for r in reasons if r.level != level and r.level != Level.EMERGENCY]
    parts: list[str] = []
    if not finished:
        parts.append(messages.not_finished)
    learned = any(r.status == "answered" for slot, r in session.answers.items() if slot != "screening")
    if level == Level.SELF_CARE and not finished and not learned:
        # Nothing was said that self-care could rest on: do not call it self-care.
        parts.append(messages.not_enough)
    else:
        parts.append(messages.levels[level])
    if top:
        parts.append(f"This is because {join_words(top)}.")
    if also:
        parts.append(f"Also, {join_words(also)}.")
    advice: tuple[str, ...] = ()
    if level != Level.EMERGENCY:
        advice = select_advice(protocol, facts)
        if level == Level.SELF_CARE:
            parts.append("Things that usually help: " + " ".join(advice))
        else:
            parts.append("Meanwhile, these may help: " + " ".join(advice))
        if level != Level.SELF_CARE or facts.twitch_medication or facts.new_medication \
                or facts.benzo_withdrawal:
            parts.append(messages.medication)
            advice = advice + (messages.medication,)
        parts.append(messages.safety_net)
    summary = summarize(protocol, session, level, reasons, finished)
    return Outcome(level=level, reasons=reasons, advice=advice,
                   safety_net=messages.safety_net if level != Level.EMERGENCY else "",
                   summary=summary, finished=finished, text=" ".join(parts))


def emergency_head(protocol: Protocol, number: str) -> str:
    return protocol.messages.emergency_head.format(number=number)


def emergency_text(protocol: Protocol, red_flags: tuple[RedFlagId, ...], number: str) -> str:
    """The whole emergency message: the fixed head, then what was heard."""
    labels = {flag.id: flag.label for flag in protocol.red_flags}
    if not red_flags:
        rest = protocol.messages.emergency_screening.format(number=number)
    else:
        heard = join_words([labels[f] for f in red_flags])
        rest = protocol.messages.emergency.format(heard=heard, number=number)
    return f"{emergency_head(protocol, number)} {rest}"
