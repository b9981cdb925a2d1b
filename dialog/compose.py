"""Compose what the skill says at the end: outcome, advice, safety-net, summary."""

from __future__ import annotations

from collections.abc import Mapping

from dialog.facts import condition_words, slot_value
from dialog.understand.location import plural
from dialog.spoken import duration_words, join_words, second_person
from models.answers import (ConditionsAnswer, DurationAnswer, LocationAnswer, MedicationsAnswer,
                            PatternAnswer, Place, SeverityAnswer, SymptomsAnswer, TriggersAnswer,
                            YesNoAnswer)
from models.common import Level, RedFlagId, SlotName
from models.detection import Detection
from models.facts import Facts
from models.outcome import Outcome, OutcomeSection, Reason, Summary, SummaryItem
from models.protocol import Protocol
from models.session import Session

MAX_SPOKEN_ADVICE = 4
"""More than a few tips at once is hard to remember when heard, not read."""
MAX_SPOKEN_REASONS = 2
"""Reasons said with the result, in one breath; the rest follow on "more"."""
FIRST_ADVICE = 2
"""Pieces of advice said right after the result; the rest follow on "more"."""

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
    if place.side == "both":
        part = plural(part)
    return side + part


OTHER_WORDS = "something else, in their words"
"""An answer kept as said but not matched to anything known: never "none"."""


def _listed(items: list[str], none: bool) -> str:
    if items:
        return join_words(items)
    return "none" if none else OTHER_WORDS


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
        return _listed([SYMPTOM_WORDS.get(s, s) for s in value.symptoms], value.none)
    if isinstance(value, MedicationsAnswer):
        bits = list[str](value.names)
        if value.new_medication:
            bits.append("started a new medication recently")
        if value.benzo_withdrawal:
            bits.append("coming off a benzodiazepine")
        return "none" if value.none and not bits else join_words(bits) or "some, not named"
    if isinstance(value, ConditionsAnswer):
        named = [condition_words(c) for c in value.conditions if c != "other" or not value.names]
        return _listed(named + list(value.names), value.none)  # "asthma" in the person's word
    if isinstance(value, TriggersAnswer):
        return _listed([TRIGGER_WORDS.get(t, t) for t in value.triggers], value.none)
    return str(value)


STATUS_WORDS = {"unknown": "unknown (not understood)", "skipped": "unknown (skipped)",
                "dont_know": "unknown (did not know)", "no_answer": "unknown (no answer)"}
"""How an unanswered question reads in the summary: plainly unknown, and why."""


def _was_asked(session: Session, slot: SlotName) -> bool:
    return any(turn.speaker == "skill" and turn.slot == slot for turn in session.history)


def summarize(protocol: Protocol, session: Session, level: Level, reasons: tuple[Reason, ...],
              finished: bool) -> Summary:
    """One row per question, in the order asked (the screening question first)."""
    items = []
    for question in protocol.questions:
        slot = question.slot
        record = session.answers.get(slot)
        noted = session.mentioned.get(slot)
        value = slot_value(session, slot)
        if record is not None and record.status == "answered" or value is not None:
            words = describe(slot, value)
            if noted is not None and (record is None or record.status != "answered"):
                words += " (said in answer to another question)"
        elif record is None:
            words = STATUS_WORDS["no_answer"] if _was_asked(session, slot) else "not asked"
        else:
            words = STATUS_WORDS[record.status]
        said = (record.said if record else ()) + (noted.said if noted else ())
        items.append(SummaryItem(label=question.label, value=words, said=said))
    if session.worried:
        items.append(SummaryItem(label="Concern", value="worried it may be serious"))
    if session.past_events:
        # policy "Past events": every one, in the person's own words with its time
        items.append(SummaryItem(label=protocol.messages.past_label,
                                 value="; ".join(dict.fromkeys(e.words for e in session.past_events))))
    return Summary(items=tuple(items), level=level, reasons=reasons,
                   red_flags=tuple(session.red_flags), finished=finished,
                   what_to_expect=protocol.messages.what_to_expect)


LEVEL_WORDS = {Level.EMERGENCY: "emergency", Level.URGENT: "get medical care today",
               Level.DOCTOR: "see a doctor", Level.SELF_CARE: "self-care",
               Level.NO_RESULT: "no result reached"}


def summary_lines(summary: Summary) -> list[str]:
    lines = [f"{item.label}: {item.value}." for item in summary.items if item.value != "not asked"]
    lines.append(f"Result: {LEVEL_WORDS[summary.level]}.")
    return lines


def summary_words(summary: Summary) -> str:
    """The summary as one spoken/printed paragraph (the person's own words are in the file)."""
    return " ".join(["Summary for a doctor.", *summary_lines(summary)])


def result_level(session: Session, level: Level, finished: bool) -> Level:
    """`level`, unless self-care would rest on nothing: then no result was reached.

    Self-care needs the screening question answered no, and something learned
    after it (or the whole check done): a check that never got that far must not
    say or write self-care.
    """
    if level != Level.SELF_CARE:
        return level
    screen = session.answers.get("screening")
    screened = screen is not None and screen.status == "answered"
    learned = any(r.status == "answered" for slot, r in session.answers.items() if slot != "screening")
    return level if screened and (finished or learned) else Level.NO_RESULT


def compose_outcome(protocol: Protocol, session: Session, facts: Facts, level: Level,
                    reasons: tuple[Reason, ...], finished: bool) -> Outcome:
    """The outcome in breaths: the result and its main reason; two pieces of advice; the
    offer of more; the safety-net in one sentence. `sections` holds all of it for reading."""
    messages = protocol.messages
    level = result_level(session, level, finished)
    top = [r.text for r in reasons if r.level == level]
    also = [r.text for r in reasons if r.level != level and r.level != Level.EMERGENCY]
    screen = session.answers.get("screening")
    unscreened = level != Level.EMERGENCY and (screen is None or screen.status != "answered")

    headline: list[str] = [messages.not_finished] if not finished else []
    if level == Level.NO_RESULT:
        if unscreened and (screen is not None or _was_asked(session, "screening")):
            headline.append(messages.screening_unknown)
        headline.append(messages.not_enough)
    else:
        headline.append(messages.levels[level])
    because = f"This is because {join_words(top)}." if top else ""
    also_text = f"Also, {join_words(also)}." if also else ""
    # One breath: the result and its main reasons; any further ones are there on "more".
    spoken_because = f"This is because {join_words(top[:MAX_SPOKEN_REASONS])}." if top else ""
    more_because = f"It is also because {join_words(top[MAX_SPOKEN_REASONS:])}." \
        if len(top) > MAX_SPOKEN_REASONS else ""

    advice: tuple[str, ...] = ()
    advice_lead = ""
    safety_net = ""
    spoken_net = ""
    if level != Level.EMERGENCY:
        advice = select_advice(protocol, facts)
        advice_lead = "Things that usually help:" if level == Level.SELF_CARE else "Meanwhile, these may help:"
        if level not in (Level.SELF_CARE, Level.NO_RESULT) or facts.twitch_medication or facts.new_medication \
                or facts.benzo_withdrawal:
            advice = advice + (messages.medication,)
        safety_net = messages.safety_net
        # Right after "see a doctor", only what is new: when to call at once.
        spoken_net = messages.safety_net_spoken if level == Level.SELF_CARE else messages.safety_net_after_doctor

    first_advice = advice[:FIRST_ADVICE] if level != Level.NO_RESULT else ()
    rest_advice = advice[len(first_advice):]
    more_parts = [t for t in (more_because, also_text) if t]
    if rest_advice:
        more_parts.append(("Also: " if first_advice else f"{advice_lead} ") + " ".join(rest_advice))
    more = " ".join(more_parts)

    summary = summarize(protocol, session, level, reasons, finished)
    breaths = [" ".join([*headline, spoken_because]).strip()]
    if first_advice:
        breaths.append(f"{advice_lead} " + " ".join(first_advice))
    if level != Level.EMERGENCY:
        breaths.append(messages.offer_more if more else messages.offer_summary)
        breaths.append(spoken_net)

    sections = [OutcomeSection(heading="What to do", text=" ".join(headline))]
    if top or also:
        sections.append(OutcomeSection(heading="Why", text=" ".join(t for t in (because, also_text) if t)))
    if advice:
        sections.append(OutcomeSection(heading="What may help", text=" ".join(advice)))
    if spoken_net:
        full_net = messages.safety_net if level == Level.SELF_CARE else messages.safety_net_after_doctor
        sections.append(OutcomeSection(heading="When to get help", text=full_net))
    sections.append(OutcomeSection(heading="Summary for a doctor", text=" ".join(summary_lines(summary))))

    return Outcome(level=level, reasons=reasons, advice=advice, safety_net=safety_net, summary=summary,
                   finished=finished, text=" ".join(breaths), breaths=tuple(breaths), more=more,
                   sections=tuple(sections))


def emergency_head(protocol: Protocol, number: str) -> str:
    return protocol.messages.emergency_head.format(number=number)


def heard_words(protocol: Protocol, red_flags: tuple[RedFlagId, ...]) -> str:
    """The red flags as a person would say them: "trouble breathing and a seizure"."""
    return join_words([protocol.messages.heard[f] for f in red_flags])


def alarm_words(detection: Detection) -> dict[RedFlagId, str]:
    """Per red flag that escalated, the words that carried it (the first escalating finding):
    what the emergency message says back for the person's own alarm."""
    words: dict[RedFlagId, str] = {}
    for finding in detection.findings:
        if finding.decision == "escalate" and finding.layer == "lexicon":
            words.setdefault(finding.flag, finding.words)
    return words


def _said(protocol: Protocol, flag: RedFlagId, words: str | None) -> str | None:
    """The person's own alarm in a sentence of its own ("You asked for an ambulance."), or None
    when the flag has none or its words are not known."""
    template = protocol.messages.said.get(flag)
    if template is None:
        return None
    asked = next((what for key, what in protocol.messages.asked_for.items()
                  if words and f" {key} " in f" {words} "), None)
    if ("{asked}" in template and asked is None) or ("{words}" in template and not words):
        return None
    return template.format(asked=asked, words=second_person(words or ""))


def heard_sentences(protocol: Protocol, red_flags: tuple[RedFlagId, ...],
                    words: Mapping[RedFlagId, str] | None = None) -> str:
    """What was heard, in sentences: "You mentioned trouble breathing. You asked for an ambulance."
    The person's own alarm is said back in its own sentence where its words are known."""
    words = words or {}
    own = {flag: _said(protocol, flag, words.get(flag)) for flag in red_flags}
    mentioned = tuple(flag for flag in red_flags if own[flag] is None)
    sentences = [protocol.messages.mentioned.format(heard=heard_words(protocol, mentioned))] if mentioned else []
    sentences += [text for text in own.values() if text is not None]
    return " ".join(sentences)


def emergency_rest(protocol: Protocol, red_flags: tuple[RedFlagId, ...], number: str,
                   words: Mapping[RedFlagId, str] | None = None) -> str:
    """What follows the fixed head: what was heard, and what to do if you cannot call.
    `words`: the words that carried each red flag (`alarm_words`), for the person's own alarm."""
    if not red_flags:
        return protocol.messages.emergency_screening.format(number=number)
    return protocol.messages.emergency.format(heard=heard_sentences(protocol, red_flags, words), number=number)


def emergency_text(protocol: Protocol, red_flags: tuple[RedFlagId, ...], number: str,
                   words: Mapping[RedFlagId, str] | None = None) -> str:
    """The whole emergency message: the fixed head, then what was heard."""
    return f"{emergency_head(protocol, number)} {emergency_rest(protocol, red_flags, number, words)}"
