"""The vocabularies in `dialog/data/lexicon.toml`, validated and compiled once.

A bad entry raises `LexiconError` naming the file and the field, so a clinician
editing the data sees exactly what to fix.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

from dialog.load import load_model
from models.answers import ConditionId, Region, SymptomId, TriggerId
from models.common import SourceId

LEXICON_FILE = Path(__file__).resolve().parent.parent / "data" / "lexicon.toml"


class LexiconError(ValueError):
    """The lexicon file is missing or invalid; the message names file and field."""


def _check_regex(phrases: tuple[str, ...]) -> tuple[str, ...]:
    for phrase in phrases:
        if not phrase or phrase != phrase.strip():
            raise ValueError(f"empty or padded phrase {phrase!r}")
        try:
            re.compile(phrase)
        except re.error as exc:
            raise ValueError(f"bad regular expression {phrase!r}: {exc}") from exc
        if re.search(r"\((?!\?)", phrase):
            raise ValueError(f"use non-capturing groups (?:...) in {phrase!r}")
    return phrases


class _Group(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    sources: tuple[SourceId, ...] = Field(min_length=1)


class BodyPart(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    part: str = Field(min_length=1)
    words: tuple[str, ...] = Field(min_length=1)
    paired: bool = False
    """Comes in a left and a right: said in the plural it means both sides."""
    within: tuple[str, ...] = ()
    """Coarser parts this one lies in ("thumb" within "hand")."""

    _words = field_validator("words")(classmethod(lambda cls, v: _check_regex(v)))


class BodyRegion(_Group):
    region: Region
    parts: tuple[BodyPart, ...] = Field(min_length=1)


class PhraseGroup(_Group):
    phrases: tuple[str, ...] = Field(min_length=1)
    exclude: tuple[str, ...] = ()

    _phrases = field_validator("phrases", "exclude")(classmethod(lambda cls, v: _check_regex(v)))


class SymptomGroup(PhraseGroup):
    id: SymptomId


class TriggerGroup(PhraseGroup):
    id: TriggerId


class ConditionGroup(PhraseGroup):
    id: ConditionId
    chronic: bool


class MedicationGroup(_Group):
    group: str = Field(min_length=1)
    names: tuple[str, ...] = Field(min_length=1)
    twitch: bool = False
    """May cause twitching (doctor rule, seeds 002 and 003)."""
    benzodiazepine: bool = False
    supplement: bool = False
    """A supplement: starting one is not "a new medication" (see medications.py)."""
    evidence: str = ""
    """The seed's own words for what the group is marked with (`twitch`, `benzodiazepine`):
    a claim a reader can check in the source named, word for word."""

    _names = field_validator("names")(classmethod(lambda cls, v: _check_regex(v)))

    @model_validator(mode="after")
    def _claims_have_a_source(self) -> MedicationGroup:
        # "may cause twitching" leads to "see a doctor": it must rest on a seed, not on us
        if (self.twitch or self.benzodiazepine) and (not self.evidence or "policy" in self.sources):
            raise ValueError(f"{self.group}: a twitch-causing claim needs seed sources only and their "
                             f"words in `evidence`")
        return self


class NounGroup(_Group):
    words: tuple[str, ...] = Field(min_length=1)

    _words = field_validator("words")(classmethod(lambda cls, v: _check_regex(v)))


class GrammarGroup(_Group):
    yes_no: tuple[str, ...] = Field(min_length=1)
    """Words of yes, no and "I don't know", for a restricted grammar at a yes / no question."""
    commands: tuple[str, ...] = Field(min_length=1)
    """Words of the commands a person may say at any question."""

    @field_validator("yes_no", "commands")
    @classmethod
    def _plain_words(cls, words: tuple[str, ...]) -> tuple[str, ...]:
        for word in words:
            if not re.fullmatch(r"[a-z]+", word):
                raise ValueError(f"grammar words are single lower-case words, got {word!r}")
        return words


class Lexicon(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    body_region: tuple[BodyRegion, ...] = Field(min_length=1)
    all_over: PhraseGroup
    symptom: tuple[SymptomGroup, ...] = Field(min_length=1)
    trigger: tuple[TriggerGroup, ...] = Field(min_length=1)
    condition: tuple[ConditionGroup, ...] = Field(min_length=1)
    medication: tuple[MedicationGroup, ...] = Field(min_length=1)
    medication_nouns: NounGroup
    grammar: GrammarGroup

    @model_validator(mode="after")
    def _parts_known(self) -> Lexicon:
        parts = {p.part for r in self.body_region for p in r.parts}
        for region in self.body_region:
            for part in region.parts:
                unknown = set(part.within) - parts
                if unknown:
                    raise ValueError(f"part {part.part!r}: within names unknown parts {sorted(unknown)}")
        return self


def load_lexicon(path: Path | None = None) -> Lexicon:
    """Read and validate the lexicon; raise `LexiconError` naming file and field."""
    return load_model(Lexicon, path or LEXICON_FILE, LexiconError, "lexicon")


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The packaged lexicon, loaded once (the only I/O the parsers do)."""
    return load_lexicon()
