"""What the Wyoming text service hands back with each turn (`handled.context`)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict


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
