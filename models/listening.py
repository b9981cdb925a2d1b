"""What the listening channels heard, as the red-flag stream check reads it.

The voice layer's listener (voice/listen.py) emits these; dialog/redflags/stream.py
decides from them, on stream time, which texts reach the skill's red-flag check.
Times are seconds of audio since the stream began, never a clock reading.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from models.detection import Detection
from models.events import Heard, HeardChannel


class Listened(BaseModel):
    """What one listening channel reports: every listening event derives from it."""

    model_config = ConfigDict(frozen=True)


class SafetyHeard(Listened):
    """A full-vocabulary result of the safety channel: read for red flags, partial or final."""

    type: Literal["safety"] = "safety"
    utterance: int
    text: str
    final: bool
    confidence: float | None = None
    at: float

    def to_heard(self) -> Heard:
        return Heard(text=self.text, final=self.final, confidence=self.confidence)


class SpotterHeard(Listened):
    """The spotter heard a red-flag keyphrase: a hypothesis, not an escalation."""

    type: Literal["spotter"] = "spotter"
    utterance: int
    phrase: str
    flag: str
    critical: bool
    ambiguous: bool
    """A "can't X" phrase, which the recognizer cannot tell from "can X"."""
    reassures: bool = False
    """A denial of `flag` ("breathe fine"), not the red flag itself."""
    start: float
    end: float
    """Stream seconds where the phrase was heard."""
    at: float


Channel = Literal[HeardChannel, "safety"]
"""Where a reading came from: "safety" is a partial as the recognizer heard it; the
others are the stream check's own readings, which the skill shows as `heard` events."""


class ToDetector(BaseModel):
    """A text the red-flag stream check hands to the skill now, with its verdict on it."""

    model_config = ConfigDict(frozen=True)

    text: str
    channel: Channel
    at: float
    """Stream seconds when it was decided."""
    heard_at: float | None = None
    """For a spotter hit: stream seconds where the phrase ended."""
    detection: Detection | None = None
    """The skill's own detector's partial reading (`final=False`) of `text`, already made
    by the stream check: the skill acts on it rather than reading the text again."""
