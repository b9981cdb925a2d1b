"""What the red-flag detector found in one utterance, and why."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from models.common import RedFlagId

Assertion = Literal["present", "denied", "past", "other_past", "hypothetical", "past_weeks"]
"""How a red flag is said: as happening (`present`), denied, in the speaker's distant past,
in someone else's past, supposed / asked about / reported as advice (`hypothetical`), or
happened and over days to a few weeks ago (`past_weeks`: policy "Past events")."""

Layer = Literal["lexicon", "learned", "encoder"]
Decision = Literal["escalate", "confirm", "clear"]


class Finding(BaseModel):
    """One layer's reading of one red flag in one clause."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    flag: RedFlagId
    layer: Layer
    """Which layer found it: the phrase lexicon, the learned n-gram classifier, or the
    sentence encoder's heads."""
    clause: str
    """The clause it was read in (normalized words)."""
    words: str
    """The words that carried it: the lexicon's match, or a learned layer's anchor word."""
    assertion: Assertion
    score: float | None = None
    """A learned layer's probability that the clause says this red flag is happening."""
    decision: Decision
    """escalate; confirm (ask the person); clear (explicit words say it is not happening)."""
    sounds_like: bool = False
    """Found only after a misheard word was read as the key word it sounds like."""
    mishearing: bool = False
    """Matched by a known mishearing of recognizer text ("i can breathe" for "can't")."""
    answered: bool = False
    """A learned finding quieted because every word of the utterance answers the open
    question ("my head" to "where do you feel it?")."""


class PastEvent(BaseModel):
    """A red flag that happened and is over, days to a few weeks ago ("i fainted last week"):
    not an emergency, but kept for the doctor and, when neurological and recent, `urgent`."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    flag: RedFlagId
    words: str
    """The person's own words for it: the clause it was said in (normalized)."""
    when: str
    """The time phrase as said: "last week", "three weeks ago", "at the weekend"."""
    neurological: bool = False
    """One of the policy's neurological red flags (models.protocol.RedFlag.neurological)."""
    within_four_weeks: bool
    """True unless the time said is clearly longer ago than four weeks ("six weeks ago");
    "last month" and "a few weeks ago" count as within (policy: when unsure, within)."""


class Detection(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    text: str
    """The utterance as given."""
    red_flags: tuple[RedFlagId, ...] = ()
    """Red flags that escalate, in order of first mention, each once."""
    asked_about: tuple[RedFlagId, ...] = ()
    """Red flags mentioned only in a plain question ("what if i get a seizure")."""
    negated: tuple[RedFlagId, ...] = ()
    """Red flags mentioned only under a negation ("no trouble breathing")."""
    history: tuple[RedFlagId, ...] = ()
    """Red flags mentioned only in the clearly distant past ("as a child"), the person's or
    someone else's."""
    past_events: tuple[PastEvent, ...] = ()
    """Red flags said as over, days to a few weeks ago, and not also said as now."""
    uncertain: tuple[RedFlagId, ...] = ()
    """Red flags that may be present but that the layers disagree on ("my tongue feels
    too big"): not escalated on their own; the conversation asks to confirm them."""
    findings: tuple[Finding, ...] = ()
    """Every layer's reading, for `twitchcheck detect --explain`."""


class LearnedModelInfo(BaseModel):
    """The learned layer's file header: what it was trained on and how to read its scores."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    classes: tuple[RedFlagId, ...] = Field(min_length=1)
    escalate_at: tuple[float, ...]
    """Per class: a clause whose probability reaches this escalates (unless words clear it)."""
    confirm_at: tuple[float, ...]
    """Per class: from here up to `escalate_at` the conversation asks to confirm."""
    beside_lexicon_at: float = Field(gt=0, lt=1)
    """Where the lexicon already named another red flag in the clause, or read this flag's
    key word and found no red flag ("a headache"), the learned layer escalates only from
    this probability up."""
    encoder: str
    trained_on: dict[str, str]
    """Training file -> SHA-256 of its bytes: the model is reproducible from exactly these."""
    regularization: float = Field(gt=0)
    min_count: int = Field(ge=1)

    @model_validator(mode="after")
    def _per_class(self) -> LearnedModelInfo:
        n = len(self.classes)
        if len(self.escalate_at) != n or len(self.confirm_at) != n:
            raise ValueError(f"escalate_at and confirm_at need one threshold for each of the {n} classes")
        for flag, up, ask in zip(self.classes, self.escalate_at, self.confirm_at):
            if not 0 < ask <= up < 1:
                raise ValueError(f"{flag}: need 0 < confirm_at ({ask}) <= escalate_at ({up}) < 1")
        return self


class EncoderModelInfo(BaseModel):
    """The sentence-encoder layer's file header: the frozen encoder it reads, the heads
    trained on its embeddings, and how their scores fuse with the other layers."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    classes: tuple[RedFlagId, ...] = Field(min_length=1)
    escalate_at: tuple[float, ...]
    """Per class: the encoder escalates on its own from here (very sure), unless words clear it."""
    support_at: tuple[float, ...]
    """Per class: from here the encoder turns the learned layer's `confirm` into an escalation."""
    confirm_at: tuple[float, ...]
    """Per class: from here up to `escalate_at`, with no other layer's escalation, the
    conversation asks to confirm."""
    encoder: str
    """Which frozen encoder, and from which package."""
    weights_sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    """The encoder weights the heads were trained on: other weights are refused."""
    trained_on: dict[str, str]
    """Training file -> SHA-256 of its bytes."""
    regularization: float = Field(gt=0)

    @model_validator(mode="after")
    def _per_class(self) -> EncoderModelInfo:
        n = len(self.classes)
        if not len(self.escalate_at) == len(self.support_at) == len(self.confirm_at) == n:
            raise ValueError(f"escalate_at, support_at and confirm_at need one threshold for each of the {n} classes")
        for flag, up, support, ask in zip(self.classes, self.escalate_at, self.support_at, self.confirm_at):
            if not (0 < support <= up <= 1 and 0 < ask <= up):
                raise ValueError(f"{flag}: need 0 < support_at ({support}), confirm_at ({ask}) <= escalate_at ({up}) <= 1")
        return self
