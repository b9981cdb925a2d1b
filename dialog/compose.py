"""Compose what the skill says at the end: outcome, advice, safety-net, summary."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from functools import lru_cache

from dialog.facts import condition_words, slot_value
from dialog.history import alarm, asked_when_answered, interrupted_slot, one_at_a_time
from dialog.sources import cited
from dialog.spoken import duration_words, join_words, second_person
from dialog.understand.lexicon import lexicon
from dialog.understand.location import plural
from dialog.understand.medications import asks_about_relief
from dialog.understand.phrases import norm
from models.answers import (
    ConditionsAnswer,
    DurationAnswer,
    LocationAnswer,
    MedicationsAnswer,
    PatternAnswer,
    Place,
    SeverityAnswer,
    SymptomsAnswer,
    TriggersAnswer,
    YesNoAnswer,
)
from models.common import Level, RedFlagId, SlotName, SourceId
from models.detection import Detection
from models.facts import Facts
from models.outcome import (
    Outcome,
    OutcomeSection,
    Reason,
    SourceRef,
    Summary,
    SummaryAlarm,
    SummaryItem,
)
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
        how_long = f"{value.said_as}, not an exact time" if value.said_as else duration_words(value.days)
        return how_long + (", on and off" if value.on_and_off else "")
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


_ECHO_WORDS = 6
"""The most of the person's words said back for a symptom with no short name of its own."""
_CLAUSE_END = re.compile(r",|\b(?:and|but|or|so|because|plus|also|though)\b")


@lru_cache(maxsize=1)
def _vague_symptoms() -> re.Pattern[str]:
    phrases = next(g.phrases for g in lexicon().symptom if g.id == "neuro")
    return re.compile(r"\b(?:" + "|".join(phrases) + r")\b")


def _own_words(text: str) -> str | None:
    """The person's words for a nerve symptom ("tripping on stairs a lot"): from the word that
    names it to the end of its clause, at most `_ECHO_WORDS` words, said back as "you"."""
    found = _vague_symptoms().search(text)
    if found is None:
        return None
    rest = text[found.start():]
    end = _CLAUSE_END.search(rest, len(found.group(0)))
    words = (rest[:end.start()] if end else rest).split()[:_ECHO_WORDS]
    return second_person(" ".join(words)) or None


def echo_words(slot: SlotName, value: object) -> str:
    """An answer as said back at once: as `describe` says it, except that a symptom known only
    as "other nerve symptoms" is said in the person's own words ("tripping on stairs"), which is
    plainer and less alarming to hear than a category."""
    if isinstance(value, SymptomsAnswer) and "neuro" in value.symptoms:
        own = _own_words(value.text)
        if own is not None:
            return join_words([own if s == "neuro" else SYMPTOM_WORDS.get(s, s) for s in value.symptoms])
    if isinstance(value, DurationAnswer) and value.said_as:
        return value.said_as + (", on and off" if value.on_and_off else "")  # "A few weeks, got it."
    return describe(slot, value)


STATUS_WORDS = {"unknown": "unknown, not understood", "skipped": "unknown, skipped",
                "dont_know": "unknown, did not know", "no_answer": "unknown, no answer"}
"""How an unanswered question reads in the summary: plainly unknown, and why."""


def _was_asked(session: Session, slot: SlotName) -> bool:
    return any(turn.speaker == "skill" and turn.slot == slot for turn in session.history)


def summarize(protocol: Protocol, session: Session, level: Level, reasons: tuple[Reason, ...],
              finished: bool, at: datetime | None = None) -> Summary:
    """One row per question, in the order asked (the screening question first), each under the
    question as asked, with the person's words beside how they were read; what raised an
    emergency in their words; the sources the reasons cite. `at`: when the check took place."""
    raised = alarm(protocol, session)
    items = []
    for question in protocol.questions:
        slot = question.slot
        record = session.answers.get(slot)
        noted = session.mentioned.get(slot)
        value = slot_value(session, slot)
        said = (record.said if record else ()) + (noted.said if noted else ())
        if record is not None and record.status == "answered" or value is not None:
            words = describe(slot, value)
            if record is not None and record.rest is not None and isinstance(value, YesNoAnswer):
                # "i dont know" to "anywhere else as well?" after "both calves": the yes is theirs
                # from before, and their words here are for what is not known
                words += f" ({value.text}); anywhere else: {STATUS_WORDS[record.rest]}"
            if noted is not None and (record is None or record.status != "answered"):
                words += ", said in answer to another question"
        elif record is None and raised is not None and slot == interrupted_slot(protocol, session):
            words = INTERRUPTED  # the warning sign came instead of the answer: its words are here
            said = said + raised.said
        elif record is None:
            words = STATUS_WORDS["no_answer"] if _was_asked(session, slot) else "not asked"
        else:
            words = STATUS_WORDS[record.status]
        parts = one_at_a_time(question, session) if question.simpler else ()
        answered_in_parts = sum(len(part.said) for part in parts)
        if parts:
            words += ", asked one sign at a time"
        if parts and 0 < answered_in_parts <= len(said):
            said = said[:len(said) - answered_in_parts]  # each part's words stand under that part
        items.append(SummaryItem(label=question.label, value=words, said=said,
                                 question=asked_when_answered(session, slot, said, question.text),
                                 parts=parts))
    if session.answered_for is not None:
        messages = protocol.messages
        relation = session.answered_for.relation
        who = messages.answered_by_other if relation in ("him", "her") else messages.answered_by.format(
            relation=relation)
        items.insert(0, SummaryItem(label=messages.answered_by_label, value=who))
    if session.worried:
        items.append(SummaryItem(label="Concern", value="worried it may be serious", said=session.worry_said))
    if session.past_events:
        # policy "Past events": every one, in the person's own words with its time
        items.append(SummaryItem(label=protocol.messages.past_label,
                                 value="; ".join(dict.fromkeys(e.words for e in session.past_events))))
    return Summary(at=at, items=tuple(items), level=level, reasons=reasons,
                   red_flags=tuple(session.red_flags), finished=finished,
                   what_to_expect=protocol.messages.what_to_expect,
                   alarms=(raised,) if raised is not None else (),
                   sources=cited(source for reason in reasons for source in reason.sources))


INTERRUPTED = "not answered, a warning sign was said instead; its words are with the warning signs"


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


def medicines_came_up(session: Session, facts: Facts) -> bool:
    """A medicine that may be behind the twitching, or a wish for relief, came up: only then is
    "a doctor can advise on medication" said (it answers nothing otherwise)."""
    if facts.twitch_medication or facts.new_medication or facts.benzo_withdrawal:
        return True
    return any(turn.speaker == "person" and asks_about_relief(norm(turn.text)) for turn in session.history)


def when_words(at: datetime) -> tuple[str, str]:
    """The date and the time of day as a reader says them: ("Sunday 6 December 2026", "11:52 UTC")."""
    date_words = f"{at:%A} {at.day} {at:%B %Y}"
    zone = at.tzname() or ""
    return date_words, f"{at:%H:%M}" + (f" {zone}" if zone else "")


NO_TIME_GIVEN = "none given, taken as now"
"""A warning sign said with no time: read as happening now (policy), and so written."""


def quoted(said: tuple[str, ...]) -> str:
    """The person's words, each in quotation marks: the summary's every form writes them so."""
    return " / ".join(f"\u201c{s}\u201d" for s in said)


def alarm_facts(raised: SummaryAlarm) -> list[tuple[str, str]]:
    """What the summary's every written form says of a warning sign after its words, as
    (label, value): the time they gave, the question open, what they said after the message."""
    facts = [("Time they gave", raised.when or NO_TIME_GIVEN)]
    if raised.asked:
        facts.append(("Said when asked", raised.asked))
    if raised.after:
        facts.append(("Said after the emergency message", quoted(raised.after)))
    return facts


def reason_words(reason: Reason) -> str:
    """A reason in plain clinical words, never its rule id."""
    return reason.clinical or reason.text


def source_numbers(summary: Summary) -> dict[SourceId, int]:
    """Each source's number, as the reasons cite it and the source list shows it: its place in
    the summary's sources, from 1."""
    return {source.id: n for n, source in enumerate(summary.sources, 1)}


def cited_reasons(summary: Summary) -> list[str]:
    """The reasons as every written form of the summary gives them: plain clinical words, then
    the numbers of the sources each cites ("weakness (sources 1, 2)")."""
    numbers = source_numbers(summary)
    return [f"{reason_words(reason)}{cited_numbers(reason, numbers)}" for reason in summary.reasons]


def cited_numbers(reason: Reason, numbers: Mapping[SourceId, int]) -> str:
    """The numbers of the sources a reason cites, as a reader reads them: " (source 1)",
    " (sources 1, 2)"; "" when it cites none listed. `numbers`: each source's number."""
    refs = [str(numbers[s]) for s in reason.sources if s in numbers]
    if not refs:
        return ""
    return f" (source {refs[0]})" if len(refs) == 1 else f" (sources {', '.join(refs)})"


def summary_text(summary: Summary) -> str:
    """The summary as plain "Label: value" lines, one fact a line, for a screen reader or a
    plain file: no tables, no markup, no rule ids."""
    lines = ["Summary for a doctor: muscle twitching",
             "About: produced by twitchcheck from what the person said; general information, not a diagnosis."]
    if summary.at is not None:
        day, time = when_words(summary.at)
        lines += [f"Date: {day}", f"Time: {time}"]
    lines.append(f"Result: {LEVEL_WORDS[summary.level]}")
    if not summary.finished:
        lines.append("Finished: no, only what was answered is shown")
    for raised in summary.alarms:
        lines += ["", f"Warning sign: {raised.what}"]
        if raised.said:
            lines.append(f"In their words: {quoted(raised.said)}")
        lines += [f"{label}: {value}" for label, value in alarm_facts(raised)]
    for item in summary.items:
        if item.value == "not asked":
            continue
        # a row no question asked for (who answered, their worry) stands under no "Question:"
        lines += ["", *([f"Question: {item.question}"] if item.question else []), f"{item.label}: {item.value}"]
        if item.said:
            lines.append(f"In their words: {quoted(item.said)}")
        for number, part in enumerate(item.parts, 1):
            lines.append(f"Sign {number}: {part.question}")
            lines.append(f"Sign {number} answer: {part.value}")
            if part.said:
                lines.append(f"Sign {number} in their words: {quoted(part.said)}")
    if summary.reasons:
        lines.append("")
        lines += [f"Reason: {reason}" for reason in cited_reasons(summary)]
    if summary.what_to_expect:
        lines += ["", f"What to expect: {summary.what_to_expect}"]
    if summary.sources:
        lines.append("")
        numbers = source_numbers(summary)
        lines += [f"Source {numbers[source.id]}: {source_words(source)}" for source in summary.sources]
    return "\n".join(lines) + "\n"


def source_words(source: SourceRef) -> str:
    """A source as a reader can find it: title, who published it, address."""
    bits = [f"\u201c{source.title}\u201d"]
    if source.about:
        bits.append(source.about)
    bits.append(source.address or "address not recorded with the project's copy")
    return ", ".join(bits)


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


BREATH_WORDS = 25
"""The most words in one spoken sentence: one breath."""


def reason_sentences(lead: str, reasons: list[str]) -> str:
    """`reasons` after `lead`, in as few sentences as keep each within one breath: "This is
    because it has lasted three weeks and you noticed weakness. It is also because ..."."""
    then = "It is also because" if lead.endswith("because") else lead
    sentences: list[list[str]] = []
    for reason in reasons:
        opening = lead if len(sentences) == 1 else then
        if sentences and len(f"{opening} {join_words([*sentences[-1], reason])}".split()) <= BREATH_WORDS:
            sentences[-1].append(reason)
        else:
            sentences.append([reason])
    return " ".join(f"{lead if n == 0 else then} {join_words(group)}." for n, group in enumerate(sentences))


def compose_outcome(protocol: Protocol, session: Session, facts: Facts, level: Level,
                    reasons: tuple[Reason, ...], finished: bool, at: datetime | None = None) -> Outcome:
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
    because = reason_sentences("This is because", top)
    also_text = reason_sentences("Also,", also)
    # One breath: the result and its main reasons; any further ones are there on "more".
    spoken_because = reason_sentences("This is because", top[:MAX_SPOKEN_REASONS])
    more_because = reason_sentences("It is also because", top[MAX_SPOKEN_REASONS:])

    advice: tuple[str, ...] = ()
    advice_lead = ""
    safety_net = ""
    spoken_net = ""
    if level != Level.EMERGENCY:
        advice = select_advice(protocol, facts)
        advice_lead = "Some things usually help." if level == Level.SELF_CARE else "Meanwhile, some things may help."
        if medicines_came_up(session, facts):
            advice = advice + (messages.medication,)
        safety_net = messages.safety_net
        # Right after "see a doctor", only what is new: when to call at once.
        spoken_net = messages.safety_net_spoken if level == Level.SELF_CARE else messages.safety_net_after_doctor

    first_advice = advice[:FIRST_ADVICE] if level != Level.NO_RESULT else ()
    rest_advice = advice[len(first_advice):]
    more_parts = [t for t in (more_because, also_text) if t]
    if rest_advice:
        # a lead of its own, so that no sentence has two colons ("Reduce stress where you can: ...")
        more_parts.append(("A few more things may help." if first_advice else advice_lead) + " " + " ".join(rest_advice))
    more = " ".join(more_parts)

    summary = summarize(protocol, session, level, reasons, finished, at)
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
