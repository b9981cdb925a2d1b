"""Derive the facts the triage rules test from a session's answers."""

from __future__ import annotations

from dialog.understand.location import merge_locations
from models.answers import (
    ConditionsAnswer,
    DurationAnswer,
    LocationAnswer,
    MedicationsAnswer,
    PatternAnswer,
    SeverityAnswer,
    SlotValue,
    SymptomsAnswer,
    TriggersAnswer,
    YesNoAnswer,
)
from models.common import SlotName
from models.facts import Facts
from models.session import Session

SEVERE_SCORE = 7
"""A rating of seven out of ten or more is read as severe (when in doubt, escalate)."""

_CHRONIC_NAMES = {
    "kidney": "kidney disease", "thyroid": "thyroid disease",
    "multiple_sclerosis": "multiple sclerosis", "brain_injury": "a brain injury",
    "neuromuscular": "a neuromuscular disease", "als": "ALS", "diabetes": "diabetes",
    "electrolyte": "an electrolyte imbalance", "nerve": "nerve damage", "other": "a medical condition",
}


def condition_words(condition: str) -> str:
    return _CHRONIC_NAMES.get(condition, condition.replace("_", " "))


def merge_values(old: SlotValue, new: SlotValue) -> SlotValue:
    """Combine two answers to one slot: tuples are joined, other fields take the newer value."""
    if type(old) is not type(new):
        return new
    if isinstance(old, LocationAnswer) and isinstance(new, LocationAnswer):
        return merge_locations(old, new)  # each place once: "right calf" and "both calves"
    merged: dict[str, object] = {}
    for name in type(new).model_fields:
        a, b = getattr(old, name), getattr(new, name)
        if isinstance(a, tuple) and isinstance(b, tuple):
            merged[name] = a + tuple(x for x in b if x not in a)
        elif name == "text":
            merged[name] = f"{a} / {b}" if a and b and a != b else (b or a)
        elif isinstance(b, bool) and isinstance(a, bool) and name not in ("value", "none"):
            merged[name] = a or b
        else:
            merged[name] = b if b is not None else a
    return type(new).model_validate(merged)


def slot_value(session: Session, slot: SlotName) -> SlotValue | None:
    """What is known for `slot`: the answer, with anything said about it in other answers."""
    record = session.answers.get(slot)
    answered = record.value if record is not None and record.status == "answered" else None
    noted = session.mentioned.get(slot)
    if noted is None or noted.value is None:
        return answered
    if answered is None:
        return noted.value
    merged = merge_values(answered, noted.value)
    # What was said in passing stands even after "no" to the question: when in doubt, keep it.
    return merged.model_copy(update={"none": False}) if hasattr(merged, "none") else merged


def derive(session: Session) -> Facts:
    def value(slot: SlotName) -> object:
        return slot_value(session, slot)

    duration = value("duration")
    location = value("location")
    pattern = value("pattern")
    severity = value("severity")
    impact = value("daily_impact")
    symptoms = value("other_symptoms")
    meds = value("medications")
    conditions = value("conditions")
    triggers = value("triggers")

    places: set[tuple[str, str | None]] = set()
    regions: set[str] = set()
    all_over = False
    if isinstance(location, LocationAnswer):
        all_over = location.all_over
        for place in location.places:
            sides = ("left", "right") if place.side == "both" else (place.side,)
            for side in sides:
                places.add((place.part, side))
            regions.add(place.region)

    symptom_ids = symptoms.symptoms if isinstance(symptoms, SymptomsAnswer) else ()
    recent = tuple(e for e in session.past_events if e.neurological and e.within_four_weeks)
    severe = isinstance(severity, SeverityAnswer) and (
        severity.level == "severe" or (severity.score is not None and severity.score >= SEVERE_SCORE))
    return Facts(
        duration_days=duration.days if isinstance(duration, DurationAnswer) else None,
        duration_said_as=duration.said_as if isinstance(duration, DurationAnswer) else None,
        place_count=len(places),
        region_count=len(regions),
        all_over=all_over,
        constant=isinstance(pattern, PatternAnswer) and pattern.pattern == "constant",
        severe=severe,
        worsening=isinstance(severity, SeverityAnswer) and severity.worsening is True,
        daily_impact=isinstance(impact, YesNoAnswer) and impact.value,
        weakness="weakness" in symptom_ids,
        atrophy="atrophy" in symptom_ids,
        numbness="numbness" in symptom_ids,
        neuro="neuro" in symptom_ids,
        twitch_medication=isinstance(meds, MedicationsAnswer) and meds.twitch_medication,
        benzo_withdrawal=isinstance(meds, MedicationsAnswer) and meds.benzo_withdrawal,
        new_medication=isinstance(meds, MedicationsAnswer) and meds.new_medication,
        chronic_condition=isinstance(conditions, ConditionsAnswer) and conditions.chronic,
        worried=session.worried,
        recent_neuro_event=bool(recent),
        recent_events=recent,
        triggers=triggers.triggers if isinstance(triggers, TriggersAnswer) else (),
        symptoms=tuple(symptom_ids),
        conditions=conditions.conditions if isinstance(conditions, ConditionsAnswer) else (),
    )
