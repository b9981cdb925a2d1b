"""One line of the red-flag corpus (dialog/data/corpus): an utterance and what it must do."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from models.common import RedFlagId

CorpusAssertion = Literal["present", "denied", "past", "other_past", "hypothetical", "none"]
"""Why a line escalates (`present`) or must not: denied, the speaker's distant past, someone
else's past, hypothetical / question / reported advice, or `none` (no red flag at all:
look-alikes, idioms, mild complaints)."""


class CorpusLine(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    text: str = Field(min_length=1)
    """What the person said, as a recognizer prints it."""
    expect: tuple[RedFlagId, ...]
    """Red flags that must escalate; empty for a line that must not."""
    assertion: CorpusAssertion
    cleared: tuple[RedFlagId, ...] = ()
    """Red flags named but that must not escalate (denied, long past, ...)."""
    style: str = Field(min_length=1)
    """How it is said (plain, colloquial, asr, buried, ...; denied, past, idiom, ...)."""
    writer: str = Field(min_length=1)
    """Who wrote it: corpus figures are reported per writer too."""
    source: str | None = None
    """For a real person's sentence: the public page it was taken from."""
    original: str | None = None
    """For a real person's sentence: the words as written on that page."""

    @model_validator(mode="after")
    def _consistent(self) -> CorpusLine:
        if bool(self.expect) != (self.assertion == "present"):
            raise ValueError("expect is non-empty exactly when the assertion is 'present'")
        return self
