"""What the red-flag detector found in one utterance."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from models.common import RedFlagId


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
    """Red flags mentioned only in the clearly distant past ("as a child")."""
    uncertain: tuple[RedFlagId, ...] = ()
    """Red flags that may be present but that the layers disagree on ("my tongue feels
    too big"): not escalated on their own; the conversation asks to confirm them."""
