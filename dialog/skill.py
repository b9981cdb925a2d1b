"""The dialogue manager: one conversation, text in, events out.

`Skill` is driven by whoever owns the world (typed conversation, JSON lines,
the spoken loop). It never blocks, reads no clock it is not handed, and is
deterministic. The red-flag detector runs first on every utterance, partial or
final, whatever question is open and whether or not the answer is understood.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict

from dialog.commands import Command, parse_command
from dialog.compose import compose_outcome, describe, emergency_head, emergency_text, summary_words
from dialog.facts import derive
from dialog.load import default_protocol
from dialog.redflags import RedFlagDetector
from dialog.text import normalize
from dialog.triage import triage
from dialog.understand import understand
from models.answers import LocationAnswer, SlotValue, YesNoAnswer
from models.common import SLOT_ORDER, RedFlagId, SlotName
from models.detection import Detection
from models.events import Ask, Confirm, Control, Emergency, End, OutcomeEvent, Say
from models.protocol import Protocol
from models.session import SlotRecord, SlotStatus, Session, Turn
from models.understanding import Understanding

Event = Say | Ask | Confirm | Emergency | OutcomeEvent | Control | End
State = Literal["new", "asking", "confirming", "emergency", "finished"]

YES_NO_SLOTS: frozenset[SlotName] = frozenset({"screening", "multiple_locations", "daily_impact"})
SILENCES_BEFORE_HINT = 3


class SkillConfig(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    emergency_number: str = "911"
    today: date | None = None
    """The date, for answers like "since monday"; handed in, never read here."""
    confirm_below: float = 0.6
    """Recognition confidence under which an answer is confirmed explicitly."""
    spoken: bool = False
    """Utterances come from a speech recognizer: known mishearings of red flags count."""


class Skill:
    def __init__(self, protocol: Protocol | None = None, config: SkillConfig | None = None,
                 detector: RedFlagDetector | None = None) -> None:
        self.protocol = protocol or default_protocol()
        self.config = config or SkillConfig()
        self.detector = detector or RedFlagDetector(self.protocol.red_flags, spoken=self.config.spoken)
        self.session = Session()
        self.state: State = "new"
        self.slot: SlotName | None = None
        self.outcome: OutcomeEvent | None = None
        self.emergency: Emergency | None = None
        self._reprompted: set[SlotName] = set()
        self._silences = 0
        self._last_prompt: list[Event] = []
        self._undo: list[tuple[SlotName, ...]] = []
        self._pending: Understanding | None = None

    # ------------------------------------------------------------ public API

    @property
    def finished(self) -> bool:
        """True once an outcome or the emergency message has been given."""
        return self.state in ("finished", "emergency")

    def fixed_prompts(self) -> list[str]:
        """Texts worth synthesizing before the first question (voice warm-up)."""
        m = self.protocol.messages
        number = self.config.emergency_number
        texts = [emergency_head(self.protocol, number), emergency_text(self.protocol, (), number),
                 m.greeting, m.disclaimer, m.help, m.reprompt_prefix, m.moving_on]
        for q in self.protocol.questions:
            texts += [q.text, q.reprompt, q.silence]
        return texts

    def expected_words(self) -> list[str] | None:
        """Words the open question expects, for a restricted answer grammar; None = any."""
        if self.state != "asking" or self.slot not in YES_NO_SLOTS:
            return None
        return ["yes", "yeah", "yep", "no", "nope", "not", "really", "i", "dont", "know",
                "repeat", "help", "go", "back", "skip", "stop", "a", "little", "maybe"]

    def start(self) -> list[Event]:
        if self.state != "new":
            return []
        m = self.protocol.messages
        self.state = "asking"
        events: list[Event] = [Say(kind="greeting", text=m.greeting),
                               Say(kind="disclaimer", text=m.disclaimer)]
        return events + self._ask("screening")

    def hear(self, text: str, *, final: bool = True, confidence: float | None = None) -> list[Event]:
        """Handle one utterance; a partial one only goes to the red-flag detector."""
        events = self.start() if self.state == "new" else []
        if final and text.strip():
            self.session.history.append(Turn(speaker="person", text=text[:2000], slot=self.slot))
        detection = self.detector.detect(text)
        if detection.red_flags and self.state != "emergency":
            return events + self._escalate(detection.red_flags)
        if not final:
            return events
        normalized = normalize(text)
        if not normalized:
            return events + self.silence()
        self._silences = 0
        if self.state == "emergency":
            assert self.emergency is not None
            return events + [Say(kind="repeat", text=self.emergency.text)]
        command = parse_command(normalized)
        if self.state == "finished":
            if command == "repeat" and self.outcome is not None:
                return events + [Say(kind="repeat", text=self.outcome.text)]
            return events + [Say(kind="notice", text="The check is finished. Say repeat to hear the result again.")]
        if self.state == "confirming":
            return events + self._confirming(text, detection, command)
        if command is not None:
            return events + self._command(command)
        return events + self._answer(text, detection, confidence)

    def unclear(self) -> list[Event]:
        """Speech was heard but nothing could be recognized: like an answer not understood."""
        if self.state not in ("asking", "confirming") or self.slot is None:
            return []
        self.state = "asking"
        self._pending = None
        self._silences = 0
        if self.slot in self._reprompted:
            return self._give_up(self.slot, "")
        self._reprompted.add(self.slot)
        return self._ask(self.slot, reprompt=True,
                         prefix=[Say(kind="reprompt", text=self.protocol.messages.reprompt_prefix)])

    def silence(self) -> list[Event]:
        """Nothing was said for a while: a shorter wording, then a hint; never give up."""
        if self.state != "asking" or self.slot is None:
            return []
        self._silences += 1
        if self._silences % (SILENCES_BEFORE_HINT + 1) == 0:
            return [Say(kind="help", text="I'm still here. Answer when you're ready, or say repeat, "
                                            "help, skip, or stop."), ]
        question = self.protocol.question(self.slot)
        return [Ask(slot=self.slot, text=question.silence, reprompt=True)]

    def end_of_input(self) -> list[Event]:
        """The input ended (end of file, hang-up): give the outcome of what is known."""
        if self.finished or self.state == "new":
            return []
        return self._finish(finished=False, reason="end_of_input")

    def stop(self) -> list[Event]:
        """The person asked to stop (or pressed Ctrl-C): end politely with the safety-net."""
        if self.finished:
            return []
        return [Say(kind="goodbye", text=self.protocol.messages.stopped)] + \
            self._finish(finished=False, reason="stopped")

    # ------------------------------------------------------------ asking

    def _ask(self, slot: SlotName, *, reprompt: bool = False, prefix: list[Event] | None = None) -> list[Event]:
        self.slot = slot
        self.state = "asking"
        question = self.protocol.question(slot)
        ask = Ask(slot=slot, text=question.reprompt if reprompt else question.text, reprompt=reprompt)
        self._last_prompt = [ask]
        self.session.history.append(Turn(speaker="skill", text=ask.text, slot=slot))
        return (prefix or []) + [ask]

    def _next(self) -> list[Event]:
        location = self._value("location")
        for slot in SLOT_ORDER:
            if slot in self.session.answers:
                continue
            if slot == "multiple_locations" and isinstance(location, LocationAnswer) and \
                    (location.all_over or len({p.part for p in location.places}) >= 2):
                # Already said: the answer to "where" named several places. ("Both arms"
                # still gets the question: anywhere else is worth knowing.)
                self._record("multiple_locations", "answered", YesNoAnswer(value=True), ())
                if self._undo:
                    self._undo[-1] = self._undo[-1] + ("multiple_locations",)
                continue
            return self._ask(slot)
        return self._finish(finished=True, reason="finished")

    # ------------------------------------------------------------ answers

    def _answer(self, text: str, detection: Detection, confidence: float | None) -> list[Event]:
        assert self.slot is not None
        slot = self.slot
        understood = understand(text, slot, self.config.today)
        if understood.worried:
            self.session.worried = True
        if slot == "screening":
            answer = understood.fills.get("screening")
            if isinstance(answer, YesNoAnswer) and answer.value:
                self.session.screening_yes = True
                return self._escalate((), screening=True)
        if slot in understood.fills and confidence is not None and confidence < self.config.confirm_below:
            self._pending = understood
            self.state = "confirming"
            ask = Ask(slot=slot, text=f"Did you say {describe(slot, understood.fills[slot])}?")
            self._last_prompt = [ask]
            return [ask]
        info = self._info(detection)
        if slot in understood.fills:
            return info + self._apply(understood, text)
        if understood.dont_know:
            self._record(slot, "dont_know", None, (text,))
            self._undo.append((slot,))
            return info + [Say(kind="notice", text="Okay.")] + self._next()
        if understood.fills:
            # Other slots were answered but not this one: keep them, ask this one again.
            confirms = self._fill(understood, text)
            if slot in self._reprompted:
                return info + confirms + self._give_up(slot, text)
            self._reprompted.add(slot)
            return info + confirms + self._ask(slot, reprompt=True)
        if info:
            # A plain question about a warning sign: answered; the open question stands.
            return info + self._ask(slot)
        if slot in self._reprompted:
            return self._give_up(slot, text)
        self._reprompted.add(slot)
        return self._ask(slot, reprompt=True,
                         prefix=[Say(kind="reprompt", text=self.protocol.messages.reprompt_prefix)])

    def _give_up(self, slot: SlotName, text: str) -> list[Event]:
        self._record(slot, "unknown", None, (text,) if text else ())
        self._undo.append((slot,))
        return [Say(kind="moving_on", text=self.protocol.messages.moving_on)] + self._next()

    def _apply(self, understood: Understanding, text: str) -> list[Event]:
        return self._fill(understood, text) + self._next()

    def _fill(self, understood: Understanding, text: str) -> list[Event]:
        """Record every slot the answer covers; return the implicit confirmations."""
        filled: list[SlotName] = []
        for slot in SLOT_ORDER:
            value = understood.fills.get(slot)
            if value is None:
                continue
            record = self.session.answers.get(slot)
            if record is not None and record.status == "answered" and record.value is not None:
                value = _merge(record.value, value)
                said = record.said + (text,)
            else:
                said = (text,)
            self._record(slot, "answered", value, said)
            filled.append(slot)
        if filled:
            self._undo.append(tuple(filled))
        return [Confirm(slot=slot, text=self._confirmation(slot)) for slot in filled]

    def _record(self, slot: SlotName, status: SlotStatus, value: SlotValue | None, said: tuple[str, ...]) -> None:
        self.session.answers[slot] = SlotRecord(status=status, value=value, said=said)

    def _value(self, slot: SlotName) -> SlotValue | None:
        record = self.session.answers.get(slot)
        return record.value if record is not None else None

    def _confirmation(self, slot: SlotName) -> str:
        value = self._value(slot)
        if isinstance(value, YesNoAnswer):
            yes = value.value
            return {
                "screening": "Good." if not yes else "Okay.",
                "multiple_locations": "Okay, more than one place." if yes else "Okay, just the one place.",
                "daily_impact": "Okay, it gets in the way of daily life." if yes else "Okay.",
            }.get(slot, "Okay.")
        words = describe(slot, value)
        if slot == "medications":
            # Medicines go into the summary for a doctor; the skill does not say drug names.
            return "Okay, none." if words == "none" else "Noted, thank you."
        if slot in ("other_symptoms", "conditions", "triggers"):
            return "Okay, none." if words == "none" else f"Noted: {words}."
        return f"{words[0].upper()}{words[1:]}, got it."

    def _info(self, detection: Detection) -> list[Event]:
        labels = {flag.id: flag.label for flag in self.protocol.red_flags}
        template = self.protocol.messages.emergency_info
        texts = [template.format(flag=labels[f].capitalize(), number=self.config.emergency_number)
                 for f in detection.asked_about]
        return [Say(kind="info", text=" ".join(t.strip() for t in texts))] if texts else []

    def _confirming(self, text: str, detection: Detection, command: Command | None) -> list[Event]:
        assert self.slot is not None and self._pending is not None
        pending, self._pending = self._pending, None
        self.state = "asking"
        said = understand(text, "screening")  # a bare yes / no, whatever the open slot
        answer = said.fills.get("screening")
        if isinstance(answer, YesNoAnswer) and not said.fills.keys() - {"screening"}:
            if answer.value:
                return self._apply(pending, text)
            return self._ask(self.slot)
        if command is not None:
            return self._command(command)
        return self._answer(text, detection, None)

    # ------------------------------------------------------------ commands

    def _command(self, command: Command) -> list[Event]:
        assert self.slot is not None
        if command == "repeat":
            return [e.model_copy() for e in self._last_prompt]
        if command == "help":
            question = self.protocol.question(self.slot)
            return [Say(kind="help", text=f"{self.protocol.messages.help} {question.expects}")] + self._ask(self.slot)
        if command == "skip":
            self._record(self.slot, "skipped", None, ())
            self._undo.append((self.slot,))
            return [Say(kind="notice", text="Skipped.")] + self._next()
        if command == "back":
            if not self._undo:
                return [Say(kind="notice", text="There is no earlier answer to change.")] + self._ask(self.slot)
            slots = self._undo.pop()
            for slot in slots:
                self.session.answers.pop(slot, None)
                self._reprompted.discard(slot)
            first = min(slots, key=SLOT_ORDER.index)
            return [Say(kind="notice", text="Okay, let's change that.")] + self._ask(first)
        if command == "stop":
            return self.stop()
        return [Control(command=command, text="Okay, slower." if command == "slower" else "Okay, faster.")] \
            + [e.model_copy() for e in self._last_prompt]

    # ------------------------------------------------------------ endings

    def _escalate(self, flags: tuple[RedFlagId, ...], *, screening: bool = False) -> list[Event]:
        for flag in flags:
            if flag not in self.session.red_flags:
                self.session.red_flags.append(flag)
        text = emergency_text(self.protocol, tuple(self.session.red_flags), self.config.emergency_number)
        self.emergency = Emergency(red_flags=tuple(self.session.red_flags),
                                   number=self.config.emergency_number, text=text,
                                   head=emergency_head(self.protocol, self.config.emergency_number))
        self.session.history.append(Turn(speaker="skill", text=text, slot=self.slot))
        outcome = self._outcome(finished=False)
        self.state = "emergency"
        return [self.emergency, outcome, End(reason="emergency")]

    def _outcome(self, *, finished: bool) -> OutcomeEvent:
        facts = derive(self.session)
        level, reasons = triage(self.protocol, facts, self.session.red_flags, self.session.screening_yes)
        outcome = compose_outcome(self.protocol, self.session, facts, level, reasons, finished)
        self.outcome = OutcomeEvent.of(outcome)
        return self.outcome

    def _finish(self, *, finished: bool, reason: Literal["finished", "stopped", "end_of_input"]) -> list[Event]:
        outcome = self._outcome(finished=finished)
        self.state = "finished"
        self.slot = None
        self.session.history.append(Turn(speaker="skill", text=outcome.text))
        summary = Say(kind="summary", text=summary_words(outcome.summary))
        self._last_prompt = [outcome]
        return [outcome, summary, End(reason=reason)]


def _merge(old: SlotValue, new: SlotValue) -> SlotValue:
    """Combine two answers to one slot: tuples are joined, other fields take the newer value."""
    if type(old) is not type(new):
        return new
    merged: dict[str, object] = {}
    for name in type(new).model_fields:
        a, b = getattr(old, name), getattr(new, name)
        if isinstance(a, tuple) and isinstance(b, tuple):
            merged[name] = a + tuple(x for x in b if x not in a)
        elif name == "text":
            merged[name] = f"{a} / {b}" if a and b and a != b else (b or a)
        elif isinstance(b, bool) and isinstance(a, bool) and name not in ("value", "none"):
            merged[name] = a or b
        else:
            merged[name] = b if b is not None else a
    return type(new).model_validate(merged)


