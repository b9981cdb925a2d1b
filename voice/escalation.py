"""Which listening results reach the red-flag check, and when (issue 7).

The safety channel's results and the spotter's hits (voice/listen.py) come in;
out come texts for the skill's red-flag detector (`Skill.hear(text, final=False)`),
each tagged with the channel that produced it. The detector always judges: this
gate only decides *when* a text is handed over and, for a spotter hit, *which*
text.

* A partial result that the plain reading flags goes on at once.
* A partial that only the spoken-only reading flags (the `heard_as` mishearings,
  e.g. "i can breathe|" that may still become "i can breathe fine") is held for
  up to `hold_seconds` of STREAM time; a later partial that no longer flags
  clears it, one that still flags keeps the first deadline (so steady talk cannot
  postpone it), and at the deadline it goes on. A final result never waits.
* A spotter hit is a hypothesis. The text around it is rebuilt from the safety
  channel's words (the phrase spliced in where the transcript has its last word,
  else added after them) and the detector judges that, so "no trouble breathing"
  stays denied. A "can't X" hit cannot be told from "can X", so it waits like a
  spoken-only partial and then the transcript and the denial rule decide. When
  the detector does not escalate a hit of one of the most dangerous phrases and
  the words around it neither deny it, ask about it nor put it in the past (the
  recognizer simply lost the words), the hit escalates: when in doubt, escalate.

Everything runs on stream time handed in by the caller; nothing here reads a clock.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict

from dialog.redflags import RedFlagDetector
from dialog.text import normalize
from models.protocol import RedFlag
from voice.listen import ListenEvent, SafetyHeard, SpotterHeard

Channel = Literal["safety", "safety-held", "safety-final", "spotter"]
HOLD_SECONDS = 0.3


class ToDetector(BaseModel):
    """A text to hand to the skill's red-flag check now."""

    model_config = ConfigDict(frozen=True)

    text: str
    channel: Channel
    at: float
    """Stream seconds when it was decided."""
    heard_at: float | None = None
    """For a spotter hit: stream seconds where the phrase ended."""


@dataclass
class _Held:
    deadline: float
    hit: SpotterHeard | None = None
    """None: a spoken-only partial (the latest text is re-read at the deadline)."""


def _same_word(a: str, b: str) -> bool:
    # "breathe" / "breathing" / "breath": one stem for the splice, not for the detector.
    return a == b or (len(a) >= 5 and len(b) >= 5 and a[:5] == b[:5])


def rebuild(transcript: str, phrase: str) -> str:
    """The transcript with `phrase` put where its last word was heard, else after it."""
    words = normalize(transcript).split()
    spotted = normalize(phrase).split()
    if not spotted:
        return " ".join(words)
    found = [i for i, w in enumerate(words) if _same_word(w, spotted[-1])]
    if not found:
        return " ".join([*words, *spotted])
    end = found[-1] + 1
    start = max(0, end - len(spotted))
    heard = words[start:end]
    if spotted[0] == "cant" and heard and heard[0] == "can" and heard[1:] == spotted[1:]:
        return " ".join(words)  # "can" or "can't": the transcript's reading stands
    return " ".join([*words[:start], *spotted, *words[end:]])


class RedFlagGate:
    def __init__(self, spoken: RedFlagDetector, plain: RedFlagDetector | None = None, *,
                 red_flags: Sequence[RedFlag] = (), hold_seconds: float = HOLD_SECONDS) -> None:
        """`spoken`: the skill's own detector (spoken=True); `plain` reads the same text
        without the spoken-only rules (built from `red_flags` when not given)."""
        self.spoken = spoken
        self.plain = plain if plain is not None else RedFlagDetector(red_flags, spoken=False)
        self.hold_seconds = hold_seconds
        self._text = ""
        self._utterance = -1
        self._held: list[_Held] = []

    def _start(self, utterance: int) -> None:
        if utterance != self._utterance:
            self._utterance, self._text, self._held = utterance, "", []

    def on_event(self, event: ListenEvent) -> list[ToDetector]:
        if isinstance(event, SafetyHeard):
            self._start(event.utterance)
            return self._on_safety(event)
        if isinstance(event, SpotterHeard):
            self._start(event.utterance)
            if event.ambiguous:
                self._held.append(_Held(event.at + self.hold_seconds, event))
                return []
            return self._judge_hit(event, event.at)
        return []

    def tick(self, now: float) -> list[ToDetector]:
        """Hand over what has waited long enough (by `now`, in stream seconds)."""
        due = [h for h in self._held if h.deadline <= now + 1e-9]
        if not due:
            return []
        self._held = [h for h in self._held if h not in due]
        out: list[ToDetector] = []
        for held in due:
            if held.hit is not None:
                out += self._judge_hit(held.hit, now)
            elif self.spoken.detect(self._text).red_flags:
                out.append(ToDetector(text=self._text, channel="safety-held", at=now))
        return out

    def _on_safety(self, event: SafetyHeard) -> list[ToDetector]:
        self._text = event.text
        if event.final:
            # A final result never waits, and every hypothesis still held is read now.
            hits = [h.hit for h in self._held if h.hit is not None]
            self._held = []
            out = [ToDetector(text=event.text, channel="safety-final", at=event.at)] \
                if self.spoken.detect(event.text).red_flags else []
            for hit in hits:
                out += self._judge_hit(hit, event.at)
            return out
        if not self.spoken.detect(event.text).red_flags:
            self._held = [h for h in self._held if h.hit is not None]
            return []
        if self.plain.detect(event.text).red_flags:
            return [ToDetector(text=event.text, channel="safety", at=event.at)]
        if not any(h.hit is None for h in self._held):
            self._held.append(_Held(event.at + self.hold_seconds))
        return []

    def _judge_hit(self, hit: SpotterHeard, at: float) -> list[ToDetector]:
        text = rebuild(self._text, hit.phrase)
        detection = self.spoken.detect(text)
        if detection.red_flags:
            return [ToDetector(text=text, channel="spotter", at=at, heard_at=hit.end)]
        judged = set(detection.negated) | set(detection.asked_about) | set(detection.history)
        if hit.critical and hit.flag not in judged:
            # The recognizer lost the words; the detector had nothing to read them in.
            phrase = normalize(hit.phrase)
            return [ToDetector(text=phrase, channel="spotter", at=at, heard_at=hit.end)]
        return []
