"""The clinical protocol as validated data: questions, red flags, rules, advice.

Every item carries `sources`, the seed documents (or the policy) it comes from,
so a clinician can review the protocol line by line.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from models.common import RED_FLAG_IDS, SLOT_ORDER, Level, RedFlagId, SlotName, SourceId


class _Item(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    sources: tuple[SourceId, ...] = Field(min_length=1)
    """Seed documents (000-003) or "policy" that this item comes from."""


def _check_patterns(patterns: tuple[str, ...]) -> tuple[str, ...]:
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ValueError(f"bad regular expression {pattern!r}: {exc}") from exc
    return patterns


class AboutWording(BaseModel):
    """A question's wordings said to someone answering for another person: {he}, {his}, {him}
    ({He}, {His}) are filled with "he", "she" or "your partner" (dialog.proxy)."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    text: str | None = None
    reprompt: str | None = None
    silence: str | None = None
    expects: str | None = None
    simpler: tuple[str, ...] | None = None
    plainly: str | None = None
    topic: str | None = None


class Question(_Item):
    slot: SlotName
    text: str = Field(min_length=1)
    """The question as first asked; short enough to say in one breath."""
    reprompt: str = Field(min_length=1)
    """A shorter, rephrased wording, used once when an answer was not understood."""
    silence: str = Field(min_length=1)
    """A shorter wording used when the person said nothing."""
    expects: str = Field(min_length=1)
    """What kind of answer fits, said when the person asks for help."""
    label: str = Field(min_length=1)
    """What a doctor would call this answer in the summary ("Duration")."""
    confirm: str = "{value}, got it."
    """The implicit confirmation of an understood answer; {value} is the answer in plain words."""
    confirm_yes: str = "Okay."
    """The confirmation of a yes (yes / no questions)."""
    confirm_no: str = "Okay."
    """The confirmation of a no (yes / no questions, and "none" to a list question)."""
    confirm_other: str = "Noted, thank you."
    """The confirmation of an answer kept in the person's words but not matched to anything
    known: never "none", which would swallow what they said."""
    simpler: tuple[str, ...] = ()
    """Simpler wordings, one warning sign each, asked one at a time when the question
    itself was not answered twice (the screening question)."""
    plainly: str | None = None
    """Asked again plainly when the first reply agrees to go on ("sure", "okay, let's start")
    instead of answering (the screening question, asked as the check begins)."""
    topic: str = "that question"
    """What the question asks about, in words that follow "I'll note" ("how long it has lasted"),
    so that moving on names the question rather than "that"."""
    about: AboutWording | None = None
    """Its wordings for someone answering for another person ("Is he having trouble breathing?")."""


Fact = Literal[
    "duration_days", "place_count", "region_count", "all_over", "constant", "severe",
    "worsening", "daily_impact", "weakness", "atrophy", "numbness", "neuro",
    "twitch_medication", "benzo_withdrawal", "new_medication", "chronic_condition",
    "worried", "recent_neuro_event",
]
"""Facts derived from the answers that rules may test (see dialog.facts)."""


class Condition(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    fact: Fact
    op: Literal["true", "gt", "ge"] = "true"
    value: float | None = None

    @model_validator(mode="after")
    def _value_for_comparisons(self) -> Condition:
        if self.op != "true" and self.value is None:
            raise ValueError(f"op {self.op!r} needs a value")
        return self


class Rule(_Item):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    level: Level
    when: Condition
    reason: str = Field(min_length=1)
    """Plain words after "because", with {placeholders} filled from the facts."""
    clinical: str = Field(min_length=1)
    """The same in plain clinical words for the doctor summary ("weakness"), same placeholders."""
    weight: int = Field(ge=0, le=100)
    """Clinical weight among the rules of the same level: the reasons are said heaviest first,
    so a muscle that is weak and wasting is named before how long it has twitched."""
    weight_sources: tuple[SourceId, ...] = Field(min_length=1)
    """Where the weight comes from: the seed (or the policy) that puts this sign above others."""

    @field_validator("level")
    @classmethod
    def _a_real_level(cls, level: Level) -> Level:
        if level == Level.NO_RESULT:
            raise ValueError("a rule must reach a result: self_care, doctor, urgent or emergency")
        return level


class RedFlag(_Item):
    id: RedFlagId
    label: str = Field(min_length=1)
    """Plain words naming it in the emergency message ("trouble breathing")."""
    patterns: tuple[str, ...] = Field(min_length=1)
    """Regular expressions over normalized recognizer text that mention it."""
    exclude: tuple[str, ...] = ()
    """Look-alikes that are not this red flag ("threw a ball", "spin class")."""
    heard_as: tuple[str, ...] = ()
    """How speech recognizers mishear it ("i can breathe" for "i can't breathe"):
    patterns that count only for recognizer text, never for typed text."""
    neurological: bool = False
    """One of the policy's neurological red flags (fainting, seizure, speech, vision, paralysis,
    coordination, confusion): said as over within the last four weeks, it makes the outcome
    `urgent` (policy "Past events")."""
    quiets_learned: bool = True
    """Where the lexicon names this flag in a clause, the learned layer's readings of other red
    flags there escalate only when sure (`beside_lexicon_at`). False for a flag whose words
    also describe another one ("my chest feels tight" is how many say trouble breathing)."""
    key_words: tuple[str, ...] = ()
    """Its key words: a misheard word is matched to them by sound ("seesure" -> "seizure"),
    and where one is said the lexicon's reading of it stands over the learned layer's."""

    _check = field_validator("patterns", "exclude", "heard_as")(_check_patterns)


class AdviceItem(_Item):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    text: str = Field(min_length=1)
    triggers: tuple[str, ...] = ()
    """Trigger or fact names that make this advice most relevant; empty = general."""


class Messages(BaseModel):
    """Fixed wordings of the skill, each with its source where it is clinical."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    greeting: str
    disclaimer: str
    emergency_head: str
    """Template with {number}: the fixed first sentence of every emergency message,
    prepared in advance so that it can start playing the moment a red flag is heard."""
    emergency: str
    """Template with {heard} and {number}, said after the head; {heard} is what was heard, in
    sentences (`mentioned` for the red flags, `said` for the person's own alarm)."""
    mentioned: str
    """Template with {heard}: the red flags heard, as a sentence ("You mentioned a seizure.")."""
    heard: dict[RedFlagId, str]
    """Each red flag as a person would say it, to follow "You mentioned" ("a seizure")."""
    said: dict[RedFlagId, str] = Field(default_factory=dict)
    """The person's own alarm in a sentence of its own, with {asked} (what a plea asked for) or
    {words} (what they said, turned to "you"): "You asked for an ambulance." (policy)."""
    asked_for: dict[str, str] = Field(default_factory=dict)
    """What a plea asked for, by a word in it ("ambulance" -> "an ambulance"); the first found wins."""
    past: dict[RedFlagId, str] = Field(default_factory=dict)
    """Each neurological red flag said as over, after "because" and before its time ("you fainted")."""
    past_label: str
    """The doctor summary's heading for red flags that happened and are over."""
    check: dict[RedFlagId, str]
    """Each red flag as a question about now ("do you have trouble speaking"), for `flag_check`."""
    emergency_screening: str
    """Template with {number}, said after the head when the screening question was answered yes."""
    emergency_info: str
    """Reply to a plain question about a red flag; template with {flag} and {number}."""
    levels: dict[Level, str]
    safety_net: str
    safety_net_after_doctor: str
    """The safety-net said right after "see a doctor": only what is new (call at once for ...)."""
    safety_net_spoken: str
    """The safety-net in one sentence, for the spoken outcome at the self-care level."""
    offer_more: str
    """Said after the first advice: how to hear the rest or the summary."""
    no_more: str
    """Reply to "more" when everything was already said."""
    offer_summary: str
    """Said instead of `offer_more` when there is nothing more to say."""
    screening_unknown: str
    """Added when the screening question stayed unanswered: what is not known."""
    screening_simpler: str
    """Said before asking the warning signs one at a time."""
    flag_check: str
    """Template with {said} (the person's own words) and {check} (the red flag as a question
    about now): a confirming question about a red flag the detector is unsure of."""
    finished_notice: str
    """Reply to anything but a command after the outcome."""
    medication: str
    what_to_expect: str
    help: str
    not_finished: str
    not_enough: str
    """Said instead of the self-care line when the check ended before anything was learned."""
    stopped: str
    reprompt_prefix: str
    moving_on: str
    """Template with {topic}: said when a question stays unanswered and the check moves on."""
    unknown_recorded: str
    worry_heard: str
    """Said once, kindly, when the person says they are worried about what it could be."""
    answered_for: str
    """Template with {relation}: said when someone says they answer for another person."""
    answered_by_label: str
    """The doctor summary's row naming who answered, when it was someone else."""
    answered_by: str
    """Template with {relation}: that row's value ("someone else, for their dad")."""
    answered_by_other: str
    """That row's value when the relation was not said ("i'm answering for him")."""
    about: dict[str, str] = Field(default_factory=dict)
    """Messages said to someone answering for another person, by field name (a dotted name for a
    table's entry: "heard.vision"), with {he}, {his}, {him} as in `AboutWording`."""


class Protocol(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    questions: tuple[Question, ...]
    rules: tuple[Rule, ...]
    red_flags: tuple[RedFlag, ...]
    advice: tuple[AdviceItem, ...]
    messages: Messages

    @model_validator(mode="after")
    def _complete(self) -> Protocol:
        slots = [q.slot for q in self.questions]
        if tuple(slots) != SLOT_ORDER:
            raise ValueError(f"questions must cover the slots in order {SLOT_ORDER}, got {slots}")
        flags = sorted(f.id for f in self.red_flags)
        if flags != sorted(RED_FLAG_IDS):
            raise ValueError(f"red_flags must define each of {RED_FLAG_IDS} once, got {flags}")
        missing = sorted(set(RED_FLAG_IDS) - set(self.messages.heard))
        if missing:
            raise ValueError(f"messages.heard must word every red flag; missing {missing}")
        unworded = sorted(f.id for f in self.red_flags if f.neurological and f.id not in self.messages.past)
        if unworded:
            raise ValueError(f"messages.past must word every neurological red flag; missing {unworded}")
        missing = sorted(set(RED_FLAG_IDS) - set(self.messages.check))
        if missing:
            raise ValueError(f"messages.check must ask about every red flag; missing {missing}")
        return self

    def question(self, slot: SlotName) -> Question:
        return next(q for q in self.questions if q.slot == slot)
