"""Which listening results reach the red-flag check, and when (issue 7).

The safety channel's results and the spotter's hits (models/listening.py, as the
voice layer's listener hears them) come in; out come texts for the skill's red-flag
check, each tagged with the channel that produced it and carrying the detector's
reading of it (`Skill.hear(text, final=False, detection=...)`), so a partial is read
once. The detector always judges: this gate only decides *when* a text is handed
over and, for a spotter hit, *which* text.

* A partial result that the plain reading flags goes on at once.
* A partial that only the spoken-only reading flags (the `heard_as` mishearings,
  e.g. "i can breathe|" that may still become "i can breathe fine") is held for
  up to `hold_seconds` of STREAM time, and at that first deadline it goes on (so
  steady talk cannot postpone it). Only the words heard AFTER it can clear it:
  a later result is read as the held words followed by what the recognizer
  added since ("i can breathe" + "fine"). A later partial that merely rewrote the
  held words ("i can read and my chest...") clears nothing: partials flicker, and
  a red flag that vanished from one is not denied by it. A final result never
  waits, and is read the same way against what is held.
* A spotter hit is a hypothesis. The text around it is rebuilt from the safety
  channel's words (the phrase spliced in where the transcript has its last word,
  else added after them) and the detector judges that, so "no trouble breathing"
  stays denied. A "can't X" hit cannot be told from "can X", so it waits like a
  spoken-only partial; then, where the red-flag data has a rule for the "can X"
  mishearing ("i can breathe" unless a reassuring word follows), it is read as
  "can X" and that rule decides; where there is none, "can't X" stands.
* A spotted reassurance ("breathe fine") clears what is still waiting on the
  spoken-only reading of the same red flag, because the transcript often mangles
  exactly that word ("i can brief i'm"), and is put back into the final
  transcript in its place (`correct`). It never clears a plain-reading result. When
  the detector does not escalate a hit of one of the most dangerous phrases and
  the words around it neither deny it, ask about it nor put it in the past (the
  recognizer simply lost the words), the hit escalates: when in doubt, escalate.

Every reading here is the one the skill will make of a partial (`final=False`:
the learned layer waits for the clause being spoken to end), so that what the gate
holds, clears or hands over is what the skill acts on; the final transcript is then
read in full by the skill itself. Everything runs on stream time handed in by the
caller; nothing here reads a clock.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from dialog.redflags.detector import Answering, RedFlagDetector
from dialog.text import normalize
from models.detection import Detection
from models.listening import Channel, SafetyHeard, SpotterHeard, ToDetector
from models.protocol import RedFlag

__all__ = ["HOLD_SECONDS", "Channel", "RedFlagGate", "ToDetector", "continued", "rebuild", "said_in"]

_VOWELS = frozenset("aeiouy")
_CAN_WORDS = frozenset({"can", "cant", "cannot"})
HOLD_SECONDS = 0.45
"""Tuned on the TUNING set of benchmarks/bench_escalation.py: 0.3 s let two of ten
denials escalate ("i can breed fly..." put right only later), 0.45 s none, at the same
latency for the red flags there."""


@dataclass
class _Held:
    deadline: float
    hit: SpotterHeard | None = None
    """None: a spoken-only partial (the latest text is re-read at the deadline)."""
    text: str = ""
    """For a spoken-only partial: the text that flagged."""


def continued(held: str, later: str) -> str:
    """`held` followed by what `later` heard beyond its length: the words said after it."""
    before = normalize(held).split()
    return " ".join([*before, *normalize(later).split()[len(before):]])


def _same_word(a: str, b: str) -> bool:
    # Where the transcript has the phrase's last word, or something the recognizer made
    # of it ("breathing", "breed", "brief" for "breathe"): only to place the splice; the
    # detector then reads the result.
    if a == b:
        return True
    if len(a) < 4 or len(b) < 4 or a[:2] != b[:2]:
        return False
    return a[2] == b[2] or (a[2] in _VOWELS and b[2] in _VOWELS)


def _sounds_alike(a: str, b: str) -> bool:
    # Looser than `_same_word`, and only used after a "can't" the transcript heard: the
    # recognizer's classic swap of a red-flag verb for a common one of the same outline
    # ("can't believe" for "can't breathe"); the spotter heard the red flag.
    return _same_word(a, b) or (min(len(a), len(b)) >= 4 and a[0] == b[0] and a[-1] == b[-1])


def heard_cant(transcript: str, phrase: str) -> str | None:
    """For a "can't X" hit: the transcript with the phrase put where the transcript last has
    "can't", when a word like X follows it ("i cant believe that much" -> "i cant breathe
    that much"); else None. The transcript heard the "t", so the "can't" reading stands; the
    detector still reads the words around it."""
    words = normalize(transcript).split()
    spotted = normalize(phrase).split()
    last = max((i for i, w in enumerate(words[:-1]) if w in ("cant", "cannot")), default=None)
    if len(spotted) < 2 or last is None or not _sounds_alike(words[last + 1], spotted[1]):
        return None
    return rebuild(transcript, phrase, anchor="first")


def said_in(transcript: str, phrase: str) -> bool:
    """True when the transcript has the phrase, allowing for how its words were misheard."""
    words = normalize(transcript).split()
    spotted = normalize(phrase).split()
    n = len(spotted)
    return any(all(_same_word(w, p) for w, p in zip(words[i:i + n], spotted))
               for i in range(len(words) - n + 1))


def rebuild(transcript: str, phrase: str, *, anchor: Literal["first", "last"] = "last") -> str:
    """The transcript with `phrase` put where its `anchor` word was last heard, else after it.

    A red flag is placed by its last word (what a lagging transcript has heard
    last); a reassurance ("breathe fine") by its first, since the recognizer
    mangles the reassuring word itself.
    """
    words = normalize(transcript).split()
    spotted = normalize(phrase).split()
    if not spotted:
        return " ".join(words)
    if anchor == "last":
        # The spotter runs ahead of a lagging transcript, which often ends with the
        # phrase's first words ("... i can move my" + "can move my leg"): finish it.
        for k in range(min(len(words), len(spotted) - 1), 0, -1):
            if all(_same_word(w, p) for w, p in zip(words[-k:], spotted[:k])):
                return " ".join([*words, *spotted[k:]])
    key = spotted[-1] if anchor == "last" else spotted[0]
    found = [i for i, w in enumerate(words) if _same_word(w, key)]
    if not found:
        return " ".join([*words, *spotted])
    if anchor == "last":
        end = found[-1] + 1
        start = max(0, end - len(spotted))
    else:
        start = found[-1]
        end = min(len(words), start + len(spotted))
    return " ".join([*words[:start], *spotted, *words[end:]])


class RedFlagGate:
    def __init__(self, spoken: RedFlagDetector, plain: RedFlagDetector | None = None, *,
                 red_flags: Sequence[RedFlag] = (), hold_seconds: float = HOLD_SECONDS,
                 answering: Callable[[], Answering | None] = lambda: None) -> None:
        """`spoken`: the skill's own detector (spoken=True); `plain` reads the same text
        without the spoken-only rules (built from `red_flags` when not given). `answering`:
        the open question's answer as the skill reads it now (`Skill.answering`), so that the
        reading handed over is the one the skill would make itself."""
        self.spoken = spoken
        self.plain = plain if plain is not None else RedFlagDetector(red_flags, spoken=False)
        self.hold_seconds = hold_seconds
        self._text = ""
        self._utterance = -1
        self._held: list[_Held] = []
        self._reassured: set[str] = set()
        self._reassurances: list[str] = []
        self._readings: dict[tuple[bool, str, bool, Answering | None], Detection] = {}
        self._answering = answering

    def _read(self, detector: RedFlagDetector, text: str, *, final: bool = True) -> Detection:
        """`detector`'s reading of `text`; the gate reads one text up to four ways per
        result, and the skill acts on the same reading, so readings are kept for the
        utterance."""
        answering = self._answering()
        key = (detector is self.spoken, text, final, answering)
        found = self._readings.get(key)
        if found is None:
            if len(self._readings) > 512:
                self._readings.clear()
            found = self._readings[key] = detector.detect(text, final=final, answering=answering)
        return found

    def _flags(self, detector: RedFlagDetector, text: str, *, final: bool = True) -> tuple[str, ...]:
        return self._read(detector, text, final=final).red_flags

    def _hand(self, text: str, channel: Channel, at: float, heard_at: float | None = None) -> ToDetector:
        """`text` for the skill, with the reading it acts on: the skill's detector on a
        partial (`final=False`), as this gate read it."""
        return ToDetector(text=text, channel=channel, at=at, heard_at=heard_at,
                          detection=self._read(self.spoken, text, final=False))

    def _start(self, utterance: int) -> None:
        if utterance != self._utterance:
            self._utterance, self._text, self._held = utterance, "", []
            self._reassured, self._reassurances = set(), []
            self._readings.clear()

    def _only_reassured(self, text: str, *, final: bool = False) -> bool:
        """True when all the spoken-only reading adds to `text` was denied by a spotted
        reassurance ("breathe fine") in this utterance."""
        extra = (set(self._flags(self.spoken, text, final=final))
                 - set(self._flags(self.plain, text, final=final)))
        return bool(extra) and extra <= self._reassured

    def on_event(self, event: SafetyHeard | SpotterHeard) -> list[ToDetector]:
        if isinstance(event, SafetyHeard):
            self._start(event.utterance)
            return self._on_safety(event)
        if isinstance(event, SpotterHeard):
            self._start(event.utterance)
            if event.reassures:
                self._reassured.add(event.flag)
                self._reassurances.append(event.phrase)
                self._held = [h for h in self._held
                              if not (h.hit is not None and h.hit.flag == event.flag)]
                return []
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
            else:
                text = self._still_flagged(held.text, self._text)
                if text is not None:
                    out.append(self._hand(text, "safety-held", now))
        return out

    def _still_flagged(self, held: str, latest: str) -> str | None:
        """The text that still flags a held spoken-only reading, given the latest result:
        the latest itself, else the held words continued by what was said after them."""
        for text in (latest, continued(held, latest)):
            if self._flags(self.spoken, text, final=False) and not self._only_reassured(text):
                return text
        return None

    def correct(self, text: str) -> str:
        """A final transcript of this utterance with its spotted reassurances put back
        where it mangled them ("i can brief im in the..." -> "i can breathe fine in
        the..."), when all its spoken-only reading adds are red flags they deny.
        Anything else is returned as it is."""
        if not self._only_reassured(text, final=True):
            return text
        corrected = normalize(text)
        for phrase in self._reassurances:
            if said_in(corrected, phrase.split()[0]):
                corrected = rebuild(corrected, phrase, anchor="first")
        kept = set(self._flags(self.plain, text)) <= set(self._flags(self.plain, corrected))
        # The splice must never take away a red flag the plain reading found.
        return corrected if kept and not self._only_reassured(corrected, final=True) else text

    def _on_safety(self, event: SafetyHeard) -> list[ToDetector]:
        self._text = event.text
        if event.final:
            # A final result never waits, and every hypothesis still held is read now.
            hits = [h.hit for h in self._held if h.hit is not None]
            held = [h.text for h in self._held if h.hit is None]
            self._held = []
            text = self.correct(event.text)
            flagged = set(self._flags(self.spoken, text, final=False))
            if not flagged:
                # The final result may have lost words a held partial had ("i can read
                # and my chest..."): only words said after them clear those.
                text = next((t for h in held if (t := self._still_flagged(h, text)) is not None),
                            text)
            else:
                # A red flag of its own ("my chest feels tight") does not drop the held one.
                text = next((t for h in held if set(self._flags(self.spoken, t := continued(h, text),
                                                                final=False)) > flagged
                             and not self._only_reassured(t)), text)
            out = [self._hand(text, "safety-final", event.at)] \
                if self._flags(self.spoken, text, final=False) else []
            for hit in hits:
                out += self._judge_hit(hit, event.at)
            return out
        if not self._flags(self.spoken, event.text, final=False):
            # Cleared only by words said after the held ones, never by a rewrite of them.
            self._held = [h for h in self._held
                          if h.hit is not None or self._still_flagged(h.text, event.text) is not None]
            return []
        if self._flags(self.plain, event.text, final=False):
            return [self._hand(event.text, "safety", event.at)]
        if not any(h.hit is None for h in self._held):
            self._held.append(_Held(event.at + self.hold_seconds, text=event.text))
        return []

    def _judge_hit(self, hit: SpotterHeard, at: float) -> list[ToDetector]:
        phrase = hit.phrase
        spliced = heard_cant(self._text, phrase) if hit.ambiguous else None
        if spliced is not None:
            detection = self._read(self.spoken, spliced, final=False)
            if detection.red_flags and not self._only_reassured(spliced):
                return [self._hand(spliced, "spotter", at, hit.end)]
        if hit.ambiguous:
            can = " ".join(["can", *phrase.split()[1:]])
            if self._flags(self.spoken, f"i {can}", final=False):
                # The data has a rule for this mishearing ("i can breathe" escalates unless
                # a reassuring word follows): read the hit as "can X" and let that rule
                # decide. Where the transcript itself has "can X", its own (held) partials
                # are that reading already, and newer: they decide alone.
                if said_in(self._text, can):
                    return []
                if _CAN_WORDS & set(normalize(self._text).split()):
                    phrase = can
                # A transcript with no "can" at all lost the phrase ("when mao like him
                # worry to much", measured with room noise): it cannot tell "can" from
                # "can't", so the "can't" reading stands; a spotted reassurance ("breathe
                # fine") has already dropped this hit.
            # Otherwise nothing can tell "can" from "can't" here: the "can't" reading
            # stands (when in doubt, escalate).
        text = rebuild(self._text, phrase)
        detection = self._read(self.spoken, text, final=False)
        if detection.red_flags and hit.ambiguous and self._only_reassured(text):
            return []
        if detection.red_flags:
            return [self._hand(text, "spotter", at, hit.end)]
        judged = set(detection.negated) | set(detection.asked_about) | set(detection.history)
        if hit.critical and hit.flag not in judged:
            # The recognizer lost the words; the detector had nothing to read them in.
            return [self._hand(normalize(hit.phrase), "spotter", at, hit.end)]
        return []
