"""A Wyoming `transcript` as the text service reads it off the wire."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict


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
