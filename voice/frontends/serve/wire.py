"""A Wyoming `transcript` as the text service reads it off the wire, and the text of a
reply as it goes back."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict

from dialog.language.speakable import speakable

DISPLAY_TEXT = "display_text"
"""The reply's context key for its text as shown ("call 911 now")."""


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


def reply_data(text: str, context: dict[str, Any]) -> dict[str, Any]:
    """A `handled` / `not-handled` reply's text and context. The client's speech engine
    says the text ("call nine one one now": any engine reads "911" as "nine hundred and
    eleven"); the context keeps the text as shown, for a screen."""
    return {"text": speakable(text), "context": {**context, DISPLAY_TEXT: text}}
