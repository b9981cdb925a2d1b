"""The command line's settings, checked once at the boundary.

Every value the person can pass that reaches the voice or the emergency message
is validated here, so a bad one stops the program before the first question
with a message that names the option and the allowed range.
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

MIN_RATE = 80
MAX_RATE = 400
"""Words per minute espeak-ng speaks intelligibly (the speech engine clamps to these too)."""

MAX_NUMBER_DIGITS = 15
"""E.164: no telephone number has more digits."""

_NUMBER_CHARS = re.compile(r"\+?[0-9][0-9 \-]*")

DEFAULT_EMERGENCY_NUMBER = "911"
"""The number the emergency message gives when nobody chose one: the one place it is written."""


def checked_number(value: str) -> str:
    """A telephone number as the emergency message gives it (white space folded); a ValueError
    saying what is wrong when it cannot be one."""
    number = value.strip()
    if not number:
        raise ValueError("must not be empty")
    if not _NUMBER_CHARS.fullmatch(number):
        raise ValueError("may hold only digits, a leading +, spaces and dashes")
    digits = sum(ch.isdigit() for ch in number)
    if digits > MAX_NUMBER_DIGITS:
        raise ValueError(f"has {digits} digits; a telephone number has at most {MAX_NUMBER_DIGITS}")
    return " ".join(number.split())


EmergencyNumber = Annotated[str, AfterValidator(checked_number)]
"""Digits, with an optional leading +, spaces and dashes; at most 15 digits: the one rule for
every number to call, whether the person set it or the table of countries lists it."""


class CheckSettings(BaseModel):
    """What `twitchcheck` was asked to do, as far as the values need checking."""

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)

    emergency_number: EmergencyNumber = DEFAULT_EMERGENCY_NUMBER
    rate: int | None = Field(default=None, ge=MIN_RATE, le=MAX_RATE)
    """Speaking rate in words per minute; None: the engine's default."""
    volume: float = Field(default=1.0, ge=0.0, le=1.0)
    end_silence: float = Field(default=0.7, ge=0.1, le=10.0)
    """Silence (seconds) that ends an answer."""
    reprompt_after: float = Field(default=8.0, ge=1.0, le=600.0)
    """Silence (seconds) before the question is asked again."""
