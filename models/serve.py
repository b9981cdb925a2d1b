"""What the Wyoming text service hands back with each turn (`handled.context`)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator


class TurnContext(BaseModel):
    """The `context` of a `handled` / `not-handled` reply.

    `events` are the skill's events of this turn exactly as `--jsonl` prints them,
    so a program can drive the service as it drives `--jsonl`."""

    model_config = ConfigDict(extra="forbid")
    conversation_id: str | None
    continue_conversation: bool
    """True while a question is open; false after the outcome or an emergency."""
    events: list[dict[str, Any]]


class TranscriptIn(BaseModel):
    """A `transcript` event's data as this service reads it (other fields are ignored)."""

    model_config = ConfigDict(extra="ignore")
    text: str
    context: dict[str, Any] | None = None

    @property
    def conversation_id(self) -> str | None:
        """Home Assistant's id; None when absent. A non-text id is refused by the handler."""
        value = (self.context or {}).get("conversation_id")
        return value if isinstance(value, str) and value else None


AUDIO_WIDTHS = (1, 2, 4)
"""Bytes per sample accepted from a satellite: 8-bit unsigned, 16-bit and 32-bit signed."""


class AudioFormatIn(BaseModel):
    """The format an `audio-start` or `audio-chunk` declares (other fields are ignored)."""

    model_config = ConfigDict(extra="ignore")
    rate: int = Field(ge=1000, le=384_000)
    width: int
    channels: int = Field(ge=1, le=16)

    @field_validator("width")
    @classmethod
    def _known_width(cls, width: int) -> int:
        if width not in AUDIO_WIDTHS:
            bits = f" ({width * 8}-bit)" if width > 0 else ""
            raise ValueError(f"sample width {width}{bits} is not accepted; send width 2 (16-bit PCM, what "
                             "Wyoming satellites send), or 1 or 4")
        return width

    @property
    def frame_bytes(self) -> int:
        return self.width * self.channels
