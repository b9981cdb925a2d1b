"""The dialogue manager: one conversation, text in, events out.

`Skill` is driven by whoever owns the world (typed conversation, JSON lines,
the spoken loop). It never blocks, reads no clock it is not handed, and is
deterministic. The red-flag detector runs first on every utterance, partial or
final, whatever question is open and whether or not the answer is understood.

Everything slot-specific comes from one registration per slot
(`dialog.understand.slots`) and the question's wording in the protocol.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict

from dialog.commands import (
    AFTER_OUTCOME,
    Command,
    CommandMatch,
    match_command,
    parse_command,
)
from dialog.compose import (
    OTHER_WORDS,
    alarm_words,
    compose_outcome,
    describe,
    echo_words,
    emergency_head,
    emergency_rest,
    emergency_text,
    heard_words,
    summary_text,
    summary_words,
)
from dialog.facts import derive, merge_values
from dialog.history import record_past_events
from dialog.language.english import NOT_ENGLISH, not_english
from dialog.language.english import warm as warm_english
from dialog.load import default_protocol
from dialog.proxy import about_person, find_proxy, named
from dialog.redflags import RedFlagDetector
from dialog.redflags.detector import Answering
from dialog.text import normalize
from dialog.triage import triage
from dialog.understand import understand_normalized
from dialog.understand.answer_words import answer_words
from dialog.understand.known_words import speller
from dialog.understand.slots import spec, yes_no_grammar
from dialog.understand.yesno import (
    bare_hedge,
    consents,
    says_fine,
    says_pardon,
    strip_dont_know,
    yes_or_no,
)
from models.answers import SlotValue, YesNoAnswer
from models.common import SLOT_ORDER, RedFlagId, SlotName
from models.detection import Detection
from models.events import Ask, Confirm, Control, Emergency, End, OutcomeEvent, Say
from models.protocol import Protocol
from models.session import Session, SlotRecord, SlotStatus, Turn
from models.settings import DEFAULT_EMERGENCY_NUMBER
from models.understanding import Understanding

Event = Say | Ask | Confirm | Emergency | OutcomeEvent | Control | End
State = Literal["new", "asking", "confirming", "checking_flag", "emergency", "finished"]

SILENCES_BEFORE_HINT = 3


class SkillConfig(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    emergency_number: str = DEFAULT_EMERGENCY_NUMBER
    today: date | None = None
    """The date, for answers like "since monday"; handed in, never read here."""
    started: datetime | None = None
    """When the check began, for the doctor summary's date and time; handed in, never read here."""
    confirm_below: float = 0.6
    """Recognition confidence under which an answer is confirmed explicitly."""
    spoken: bool = False
    """Utterances come from a speech recognizer: known mishearings of red flags count."""


class _FlagCheck(BaseModel):
    """A red flag the detector was not sure of, and the utterance to carry on with on a no."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    flags: tuple[RedFlagId, ...]
    text: str
    normalized: str
    detection: Detection
    confidence: float | None
    question: Ask
    repeated: bool = False
    """Asked a second time already ("sorry?"): the next unclear reply escalates."""


class Skill:
    def __init__(self, protocol: Protocol | None = None, config: SkillConfig | None = None,
                 detector: RedFlagDetector | None = None) -> None:
        self.protocol = protocol or default_protocol()
        self._protocol = self.protocol
        """As loaded: `self.protocol` speaks of another person once someone says they answer for one."""
        self.config = config or SkillConfig()
        self.detector = detector or RedFlagDetector(self.protocol.red_flags, spoken=self.config.spoken)
        speller()  # its word list is read now, not during the first answer
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
        self._pending_text = ""
        self._check: _FlagCheck | None = None
        self._simpler: int | None = None
        """Which of the open question's simpler wordings is being asked, one at a time."""
        self._simpler_said: list[str] = []
        """What was said before the signs were asked one at a time (the hedge), if anything."""
        self._simpler_signs: list[tuple[str, bool]] = []
        """Each sign answered so far, one at a time: what was said, and whether it was a yes or a no
        (else it stays unknown). A list, so "go back" can take the last one away."""
        self._asked_plainly: set[SlotName] = set()
        warm_english()  # once per process: not a second's pause at the first long answer
        self._not_english_at: tuple[State, SlotName | None] | None = None
        """Where "I can only understand English" was last said: once per question, so an
        answer that only looks foreign (names no word list holds) is read the next time."""

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
                 emergency_rest(self.protocol, (), number),
                 m.greeting, m.disclaimer, m.help, m.reprompt_prefix,
                 m.moving_on.format(topic=self.protocol.question(SLOT_ORDER[0]).topic)]
        for q in self.protocol.questions:
            texts += [q.text, q.reprompt, q.silence, *q.simpler]
        return texts

    def expected_words(self) -> list[str] | None:
        """Words the open question expects, for a restricted answer grammar; None = any."""
        if self.state == "checking_flag" or (self.state == "asking" and self.slot is not None
                                             and spec(self.slot).yes_no):
            return list(yes_no_grammar())
        return None

    def start(self) -> list[Event]:
        if self.state != "new":
            return []
        m = self.protocol.messages
        self.state = "asking"
        events: list[Event] = [Say(kind="greeting", text=m.greeting),
                               Say(kind="disclaimer", text=m.disclaimer)]
        return events + self._ask(SLOT_ORDER[0])

    def hear(self, text: str, *, final: bool = True, confidence: float | None = None,
             detection: Detection | None = None) -> list[Event]:
        """Handle one utterance; a partial one only goes to the red-flag detector.

        `detection`: for a partial, this detector's reading of `text` already made by
        the red-flag stream check (dialog/redflags/stream.py, with the open question's
        answer from `answering`), acted on as it is so the partial is read once. A final
        utterance is always read here, in full."""
        if final and detection is not None:
            raise ValueError("a final utterance is read by the skill itself, never handed a reading")
        if detection is None or detection.text != text:
            detection = self.detector.detect(text, final=final, answering=self.answering())
        red_flags = detection.red_flags
        if final:  # past events are kept; one that was today or yesterday by the date is now
            red_flags += record_past_events(self.session, detection, self.config.today)
        if red_flags and self.state == "new":
            # "check my twitching, i cant breathe": the emergency comes first, with nothing before it
            if final and text.strip():
                self.session.history.append(Turn(speaker="person", text=text[:2000]))
            return self._escalate(red_flags, alarm_words(detection))
        events = self.start() if self.state == "new" else []
        if final and text.strip():
            self.session.history.append(Turn(speaker="person", text=text[:2000], slot=self.slot))
        if red_flags and self.state != "emergency":
            return events + self._escalate(red_flags, alarm_words(detection))
        if not final:
            return events
        normalized = normalize(text)  # once per turn: commands and every parser read this
        if not normalized:
            return events + self.silence()
        self._silences = 0
        if self.state == "emergency":
            assert self.emergency is not None
            self._outcome(finished=False)  # the summary keeps what was said after the emergency message
            message = Say(kind="repeat", text=self.emergency.text)
            if parse_command(normalized) == "summary":
                # for a paramedic or a doctor: the summary, but never without the emergency message first
                return events + [message, self._summary_say()]
            return events + [message]
        if self.state in ("asking", "confirming", "finished") and not detection.uncertain \
                and self._in_another_language(text):
            notice = Say(kind="notice", text=NOT_ENGLISH.format(number=self.config.emergency_number))
            again = [e.model_copy() for e in self._last_prompt] if self.state != "finished" else []
            return events + [notice] + again
        noted: list[Event] = []
        if self.state == "asking" and self.session.answered_for is None and self._simpler is None:
            noted, alone = self._answering_for(normalized)
            if alone:
                return events + noted
        command = match_command(normalized)
        if self.state == "finished":
            return events + self._after_outcome(command)
        if self.state == "checking_flag":
            return events + self._checking_flag(normalized, command)
        if self.state == "confirming":
            return events + self._confirming(text, normalized, detection, command)
        if detection.uncertain:
            return events + self._ask_flag(detection, text, normalized, confidence)
        return events + _before(noted, self._turn(text, normalized, detection, command, confidence))

    def _answering_for(self, normalized: str) -> tuple[list[Event], bool]:
        """ "I'm answering for my dad": from now on the questions speak of him. Said alone, the
        open question is asked again in those words (True: nothing else to do); with an answer,
        the answer is read as usual after the notice."""
        assert self.slot is not None
        proxy = find_proxy(normalized)
        if proxy is None:
            return [], False
        self.session.answered_for = proxy
        self.protocol = about_person(self._protocol, proxy)
        said = Say(kind="notice", text=self.protocol.messages.answered_for.format(relation=named(proxy)))
        understood = understand_normalized(normalized, self.slot, self.config.today)
        if understood.fills or understood.worried or understood.mentioned:
            return [said], False  # an answer too: read it
        return self._ask(self.slot, prefix=[said]), True

    def _in_another_language(self, text: str) -> bool:
        """Read after the red flags, so a red flag in any words still escalates first (and
        one the detector is unsure of is still asked about)."""
        where = (self.state, self.slot)
        if where == self._not_english_at or not not_english(text):
            return False
        self._not_english_at = where
        return True

    def answering(self) -> Answering | None:
        """What the open question's answer accounts for, for the red-flag detector: an
        utterance that is only that answer ("my head" to "where do you feel it?") is read as
        the answer. Before the first question, and after the end, every word is read as usual."""
        if self.state == "checking_flag":
            return answer_words("yes_no").left_over
        if self.state in ("asking", "confirming") and self.slot is not None:
            return spec(self.slot).left_over
        return None

    def unclear(self) -> list[Event]:
        """Speech was heard but nothing could be recognized: like an answer not understood."""
        if self.state == "checking_flag":
            return self._flag_unanswered()
        if self.state not in ("asking", "confirming") or self.slot is None:
            return []
        self.state = "asking"
        self._pending = None
        self._silences = 0
        if self._simpler is not None:
            self._simpler_signs.append(("", False))  # this warning sign stays unknown; ask the next
            return self._next_simpler()
        return self._not_understood(self.slot, "", [])

    def silence(self) -> list[Event]:
        """Nothing was said for a while: a shorter wording, then a hint; never give up."""
        if self.state == "checking_flag" and self._check is not None:
            return [self._check.question.model_copy()]
        if self.state != "asking" or self.slot is None:
            return []
        self._silences += 1
        if self._silences % (SILENCES_BEFORE_HINT + 1) == 0:
            return [Say(kind="help", text="I'm still here. Answer when you're ready, or say repeat, "
                                            "help, skip, or stop."), ]
        if self._simpler is not None:
            return [e.model_copy() for e in self._last_prompt]
        question = self.protocol.question(self.slot)
        return [Ask(slot=self.slot, text=question.silence, reprompt=True)]

    def end_of_input(self) -> list[Event]:
        """The input ended (end of file, hang-up): give the outcome of what is known."""
        if self.finished or self.state == "new":
            return []
        if self.state == "checking_flag":
            return self._flag_unanswered()  # gone without saying no: when in doubt, escalate
        return self._finish(finished=False, reason="end_of_input")

    def stop(self) -> list[Event]:
        """The person asked to stop (or pressed Ctrl-C): end politely with the safety-net."""
        if self.finished:
            return []
        if self.state == "checking_flag":
            return self._flag_unanswered()
        return [Say(kind="goodbye", text=self.protocol.messages.stopped)] + \
            self._finish(finished=False, reason="stopped")

    # ------------------------------------------------------------ asking

    def _ask(self, slot: SlotName, *, reprompt: bool = False, prefix: list[Event] | None = None,
             text: str | None = None) -> list[Event]:
        self.slot = slot
        self.state = "asking"
        question = self.protocol.question(slot)
        ask = Ask(slot=slot, text=text or (question.reprompt if reprompt else question.text), reprompt=reprompt)
        self._last_prompt = [ask]
        self.session.history.append(Turn(speaker="skill", text=ask.text, slot=slot))
        return (prefix or []) + [ask]

    def _next(self) -> list[Event]:
        known = {slot: r.value for slot, r in self.session.answers.items()
                 if r.status == "answered" and r.value is not None}
        for slot in SLOT_ORDER:
            if slot in self.session.answers:
                continue
            implied = spec(slot).implied
            value = implied(known) if implied is not None else None
            if value is not None:
                self._record(slot, "answered", value, ())
                if self._undo:
                    self._undo[-1] = self._undo[-1] + (slot,)
                continue
            if self._already(slot) is not None:
                return self._ask(slot, text=self.protocol.question(slot).silence)  # "Anywhere else as well?"
            return self._ask(slot)
        return self._finish(finished=True, reason="finished")

    def _already(self, slot: SlotName) -> SlotValue | None:
        """What earlier answers already say to `slot` (`SlotSpec.already`)."""
        already = spec(slot).already
        if already is None:
            return None
        known = {s: r.value for s, r in self.session.answers.items() if r.status == "answered" and r.value is not None}
        return already(known)

    # ------------------------------------------------------------ answers

    def _turn(self, text: str, normalized: str, detection: Detection, command: CommandMatch | None,
              confidence: float | None) -> list[Event]:
        assert self.slot is not None
        understood = understand_normalized(normalized, self.slot, self.config.today)
        if command is not None and command.command not in AFTER_OUTCOME:
            # A bare command word the open question's parser reads as its answer is the
            # answer ("back" to "where do you feel it?"); "go back" stays a command.
            if not (command.bare and spec(self.slot).plausible_words and self.slot in understood.fills):
                return self._command(command.command)
        worry = [Say(kind="notice", text=self.protocol.messages.worry_heard)] \
            if understood.worried and not self.session.worried else []
        if understood.worried:
            self.session.worry_said = (*self.session.worry_said, text)
        if worry and self._simpler is None and not (understood.fills or understood.mentioned or understood.dont_know
                                                    or detection.uncertain or detection.past_events):
            # Only the worry was said ("I'm really worried it could be ALS"): acknowledged, and
            # the question asked again as it was; not "Sorry, I didn't catch that", and not
            # counted as an answer that was not understood.
            self.session.worried = True
            return worry + self._ask(self.slot)
        if self._simpler is not None:
            said = self._simpler_answer(text, understood)
        else:
            said = self._answer(text, understood, detection, confidence)
        if self.state == "confirming":
            return said  # "did you say ...?" waits for its reply alone
        return _before(worry, said)

    def _answer(self, text: str, understood: Understanding, detection: Detection,
                confidence: float | None) -> list[Event]:
        assert self.slot is not None
        slot = self.slot
        if understood.worried:
            self.session.worried = True
        value = understood.fills.get(slot)
        known = self._already(slot)
        if known is not None and isinstance(value, YesNoAnswer):
            # "no" to "anywhere else as well?" after "both calves": still more than one place
            value = known
            understood = understood.model_copy(update={"fills": {**understood.fills, slot: known}})
        if spec(slot).escalate_on_yes:
            normalized = normalize(text)
            question = self.protocol.question(slot)
            if question.plainly and consents(normalized) and slot not in self._asked_plainly \
                    and slot not in self._reprompted:
                # "sure", "okay let's start": agreeing to the check, not answering the question
                self._asked_plainly.add(slot)
                return self._ask(slot, reprompt=True, text=question.plainly)
            if isinstance(value, YesNoAnswer) and value.value and question.simpler and bare_hedge(normalized):
                # "maybe", "kinda": names none of the signs; ask each alone, where a hedge escalates
                return self._start_simpler(slot, text)
            if isinstance(value, YesNoAnswer) and value.value:
                self.session.screening_yes = True
                return self._escalate((), screening=True)
        if value is not None and confidence is not None and confidence < self.config.confirm_below:
            self._pending = understood
            self._pending_text = text
            self.state = "confirming"
            words = echo_words(slot, value)
            ask = Ask(slot=slot, text=f"Did you say {words if words != OTHER_WORDS else text.strip()}?")
            self._last_prompt = [ask]
            return [ask]
        info = self._info(detection) + self._note(understood, text)
        if value is not None:
            return info + self._apply(understood, text)
        if understood.dont_know and known is not None:
            return info + self._give_up(slot, text, "dont_know")
        if understood.dont_know and not self.protocol.question(slot).simpler:
            self._record(slot, "dont_know", None, (text,))
            self._undo.append((slot,))
            return info + [Say(kind="notice", text="Okay.")] + self._next()
        confirms = self._fill(understood.fills, text) if understood.fills else []
        if not understood.fills and not understood.dont_know and info:
            # A plain question about a warning sign: answered; the open question stands.
            return info + self._ask(slot)
        return info + confirms + self._not_understood(slot, text, [] if understood.dont_know or confirms else
                                                      [Say(kind="reprompt", text=self.protocol.messages.reprompt_prefix)])

    def _not_understood(self, slot: SlotName, text: str, prefix: list[Event]) -> list[Event]:
        """The open question is still unanswered: simpler wordings, a reprompt, or move on."""
        if self.protocol.question(slot).simpler and self._simpler is None:
            return self._start_simpler(slot, text)
        if slot in self._reprompted:
            return self._give_up(slot, text)
        self._reprompted.add(slot)
        return self._ask(slot, reprompt=True, prefix=prefix)

    def _give_up(self, slot: SlotName, text: str, why: SlotStatus = "unknown") -> list[Event]:
        known = self._already(slot)
        said = (text,) if text else ()
        if known is None:
            self._record(slot, "unknown", None, said)
        else:  # the words said stand for what is not known, not for the value given before
            self._record(slot, "answered", known, said, rest=why)
        self._undo.append((slot,))
        if known is not None:  # "both calves" said already: an unclear "anywhere else?" leaves two places
            return [Confirm(slot=slot, text=self._confirmation(slot))] + self._next()
        return [self._moving_on(slot)] + self._next()

    def _moving_on(self, slot: SlotName) -> Say:
        """Names the question left unknown: a confirmation of another answer may come just before."""
        topic = self.protocol.question(slot).topic
        return Say(kind="moving_on", text=self.protocol.messages.moving_on.format(topic=topic))

    # ------------------------------------------------------------ simpler wordings, one at a time

    def _start_simpler(self, slot: SlotName, text: str) -> list[Event]:
        """Ask the question again in simpler words, one warning sign at a time."""
        self._simpler = 0
        self._simpler_said = [text] if text.strip() else []
        self._simpler_signs = []
        intro = Say(kind="notice", text=self.protocol.messages.screening_simpler)
        return self._ask_simpler(slot, prefix=[intro])

    def _ask_simpler(self, slot: SlotName, prefix: list[Event] | None = None) -> list[Event]:
        assert self._simpler is not None
        wording = self.protocol.question(slot).simpler[self._simpler]
        return self._ask(slot, reprompt=True, text=wording, prefix=prefix)

    def _simpler_answer(self, text: str, understood: Understanding) -> list[Event]:
        assert self.slot is not None and self._simpler is not None
        slot = self.slot
        value = understood.fills.get(slot)
        if understood.worried:
            self.session.worried = True
        if spec(slot).escalate_on_yes and isinstance(value, YesNoAnswer) and value.value:
            self.session.screening_yes = True
            self._simpler = None
            return self._escalate((), screening=True)
        confirms = self._fill({k: v for k, v in understood.fills.items() if k != slot}, text) \
            + self._note(understood, text)
        # "i dont know", or not understood: this sign stays unknown
        self._simpler_signs.append((text, isinstance(value, YesNoAnswer)))
        return confirms + self._next_simpler()

    def _next_simpler(self, *, end: bool = False) -> list[Event]:
        assert self.slot is not None and self._simpler is not None
        slot = self.slot
        self._simpler += 1
        if not end and self._simpler < len(self.protocol.question(slot).simpler):
            return self._ask_simpler(slot)
        self._simpler = None
        said = tuple(self._simpler_said) + tuple(text for text, _ in self._simpler_signs if text)
        self._undo.append((slot,))
        if end or not all(known for _, known in self._simpler_signs):
            self._record(slot, "unknown", None, said)
            return [self._moving_on(slot)] + self._next()
        self._record(slot, "answered", YesNoAnswer(value=False, text=" / ".join(said)), said)
        return [Confirm(slot=slot, text=self._confirmation(slot))] + self._next()

    # ------------------------------------------------------------ recording

    def _apply(self, understood: Understanding, text: str) -> list[Event]:
        return self._fill(understood.fills, text) + self._next()

    def _fill(self, fills: dict[SlotName, SlotValue], text: str) -> list[Event]:
        """Record every slot the answer covers; return the implicit confirmations."""
        filled: list[SlotName] = []
        for slot in SLOT_ORDER:
            value = fills.get(slot)
            if value is None:
                continue
            record = self.session.answers.get(slot)
            if record is not None and record.status == "answered" and record.value is not None:
                value = merge_values(record.value, value)
                said = record.said + (text,)
            else:
                said = (text,)
            self._record(slot, "answered", value, said)
            filled.append(slot)
        if filled:
            self._undo.append(tuple(filled))
        return [Confirm(slot=slot, text=self._confirmation(slot)) for slot in filled]

    def _note(self, understood: Understanding, text: str) -> list[Event]:
        """Keep what was said in passing about another question (weakness at the duration
        question) for the rules and the summary, and say that it was heard."""
        notes: list[Event] = []
        for slot, value in understood.mentioned.items():
            old = self.session.mentioned.get(slot)
            merged = merge_values(old.value, value) if old is not None and old.value is not None else value
            self.session.mentioned[slot] = SlotRecord(status="answered", value=merged,
                                                      said=(old.said if old else ()) + (text,))
            notes.append(Confirm(slot=slot, text=self._confirmation(slot, value)))
        return notes

    def _record(self, slot: SlotName, status: SlotStatus, value: SlotValue | None, said: tuple[str, ...],
                rest: SlotStatus | None = None) -> None:
        self.session.answers[slot] = SlotRecord(status=status, value=value, said=said, rest=rest)

    def _confirmation(self, slot: SlotName, value: SlotValue | None = None) -> str:
        question = self.protocol.question(slot)
        if value is None:
            record = self.session.answers.get(slot)
            value = record.value if record is not None else None
        if isinstance(value, YesNoAnswer):
            return question.confirm_yes if value.value else question.confirm_no
        words = echo_words(slot, value) if value is not None else describe(slot, value)
        if words == "none":
            return question.confirm_no
        if words == OTHER_WORDS:
            return question.confirm_other
        said = question.confirm.format(value=words)
        return said[0].upper() + said[1:]

    def _info(self, detection: Detection) -> list[Event]:
        template = self.protocol.messages.emergency_info
        texts = []
        for flag in detection.asked_about:
            words = heard_words(self.protocol, (flag,))
            texts.append(template.format(flag=words[0].upper() + words[1:], number=self.config.emergency_number))
        return [Say(kind="info", text=" ".join(t.strip() for t in texts))] if texts else []

    def _confirming(self, text: str, normalized: str, detection: Detection,
                    command: CommandMatch | None) -> list[Event]:
        assert self.slot is not None and self._pending is not None
        pending, self._pending = self._pending, None
        self.state = "asking"
        answer = _yes_or_no(normalized)
        if answer is not None:
            if answer:
                return self._note(pending, self._pending_text) + self._apply(pending, self._pending_text)
            return self._ask(self.slot)
        return self._turn(text, normalized, detection, command, None)

    # ------------------------------------------------------------ red flags to confirm

    def _ask_flag(self, detection: Detection, text: str, normalized: str,
                  confidence: float | None) -> list[Event]:
        """The detector is not sure of a red flag: ask, in the person's own words, rather than
        guess "no". (The detector is unsure only where words are left beyond the open
        question's answer: a bare answer quiets its learned layer.)"""
        flags = detection.uncertain
        messages = self.protocol.messages
        check = " or ".join(messages.check[f] for f in flags)
        question = Ask(slot=self.slot or SLOT_ORDER[0],
                       text=messages.flag_check.format(said=_said(detection, normalized), check=check))
        self._check = _FlagCheck(flags=flags, text=text, normalized=normalized, detection=detection,
                                 confidence=confidence, question=question)
        self.state = "checking_flag"
        self._last_prompt = [question]
        self.session.history.append(Turn(speaker="skill", text=question.text, slot=self.slot))
        return [question]

    def _checking_flag(self, normalized: str, command: CommandMatch | None) -> list[Event]:
        assert self._check is not None
        answer = _yes_or_no(normalized)
        if says_fine(normalized):
            # "my sight is fine", "i can move it fine", "it just twitches": a no; "yes its fine"
            # says both, and is unclear
            answer = False if answer is not True else None
        if answer is True:
            return self._escalate(self._check.flags)
        if answer is False:
            check, self._check = self._check, None
            self.state = "asking"
            # Carry on where it was, with the answer that raised the question (not detected again).
            rest = check.detection.model_copy(update={"uncertain": ()})
            return self._turn(check.text, check.normalized, rest, match_command(check.normalized),
                              check.confidence)
        asks_again = says_pardon(normalized) or (
            command is not None and command.command in ("repeat", "help", "slower", "faster"))
        if asks_again and not self._check.repeated:
            # "sorry?", "what?": the question once more; still unclear after that escalates
            self._check = self._check.model_copy(update={"repeated": True})
            again = self._check.question.model_copy()
            if command is not None and command.command in ("slower", "faster"):
                return [Control(command=command.command,
                                text="Okay, slower." if command.command == "slower" else "Okay, faster."), again]
            return [again]
        return self._flag_unanswered()

    def _flag_unanswered(self) -> list[Event]:
        """No clear yes or no to "did you say ...?": when in doubt, escalate."""
        assert self._check is not None
        flags, self._check = self._check.flags, None
        return self._escalate(flags)

    # ------------------------------------------------------------ commands

    def _command(self, command: Command) -> list[Event]:
        assert self.slot is not None
        if command == "repeat":
            return [e.model_copy() for e in self._last_prompt]
        if command == "help":
            help_say = Say(kind="help", text=self.protocol.messages.help)
            if self._simpler is not None:
                return [help_say] + [e.model_copy() for e in self._last_prompt]
            # The help says what kind of answer fits, and that is the question: say it once.
            return [help_say] + self._ask(self.slot, reprompt=True, text=self.protocol.question(self.slot).expects)
        if command == "skip":
            if self._simpler is not None:
                return self._next_simpler(end=True)
            if self.protocol.question(self.slot).simpler:
                return self._start_simpler(self.slot, "skip")
            self._record(self.slot, "skipped", None, ())
            self._undo.append((self.slot,))
            return [Say(kind="notice", text="Skipped.")] + self._next()
        if command == "back":
            if self._simpler is not None and self._simpler_signs:
                # One sign at a time: the last answer is the last sign's, asked again.
                self._simpler_signs.pop()
                self._simpler -= 1
                return [Say(kind="notice", text="Okay, let's change that.")] + self._ask_simpler(self.slot)
            if not self._undo:
                return [Say(kind="notice", text="There is no earlier answer to change.")] + \
                    [e.model_copy() for e in self._last_prompt]
            self._simpler = None
            slots = self._undo.pop()
            for slot in slots:
                self.session.answers.pop(slot, None)
                self._reprompted.discard(slot)
            first = min(slots, key=SLOT_ORDER.index)
            return [Say(kind="notice", text="Okay, let's change that.")] + self._ask(first)
        if command == "stop":
            return self.stop()
        if command in ("slower", "faster"):
            return [Control(command=command, text="Okay, slower." if command == "slower" else "Okay, faster.")] \
                + [e.model_copy() for e in self._last_prompt]
        return []

    def _after_outcome(self, command: CommandMatch | None) -> list[Event]:
        """After the outcome: repeat it, say the rest, or say the summary for a doctor."""
        assert self.outcome is not None
        messages = self.protocol.messages
        name = command.command if command is not None else None
        if name == "repeat":
            return [Say(kind="repeat", text=self.outcome.text)]
        if name == "more":
            return [Say(kind="info", text=self.outcome.more or messages.no_more)]
        if name == "summary":
            return [self._summary_say()]
        if name in ("slower", "faster"):
            return [Control(command=name, text="Okay, slower." if name == "slower" else "Okay, faster.")]
        return [Say(kind="notice", text=messages.finished_notice)]

    def _summary_say(self) -> Say:
        """The summary for a doctor: typed, the plain "Label: value" lines a screen reader reads
        well; spoken, the short form."""
        assert self.outcome is not None
        summary = self.outcome.summary
        return Say(kind="summary", text=summary_words(summary) if self.config.spoken else summary_text(summary))

    # ------------------------------------------------------------ endings

    def _escalate(self, flags: tuple[RedFlagId, ...], words: dict[RedFlagId, str] | None = None, *,
                  screening: bool = False) -> list[Event]:
        """`words`: what carried each red flag, said back for the person's own alarm."""
        for flag in flags:
            if flag not in self.session.red_flags:
                self.session.red_flags.append(flag)
        number = self.config.emergency_number
        head = emergency_head(self.protocol, number)
        rest = emergency_rest(self.protocol, tuple(self.session.red_flags), number, words)
        self.emergency = Emergency(red_flags=tuple(self.session.red_flags), number=number,
                                   text=f"{head} {rest}", head=head, rest=rest)
        self.session.history.append(Turn(speaker="skill", text=self.emergency.text, slot=self.slot))
        self._check = None
        outcome = self._outcome(finished=False)
        self.state = "emergency"
        return [self.emergency, outcome, End(reason="emergency")]

    def _outcome(self, *, finished: bool) -> OutcomeEvent:
        facts = derive(self.session)
        level, reasons = triage(self.protocol, facts, self.session.red_flags, self.session.screening_yes)
        outcome = compose_outcome(self.protocol, self.session, facts, level, reasons, finished, self.config.started)
        self.outcome = OutcomeEvent.of(outcome)
        return self.outcome

    def _finish(self, *, finished: bool, reason: Literal["finished", "stopped", "end_of_input"]) -> list[Event]:
        outcome = self._outcome(finished=finished)
        self.state = "finished"
        self.slot = None
        self.session.history.append(Turn(speaker="skill", text=outcome.text))
        self._last_prompt = [outcome]
        return [outcome, End(reason=reason)]


_QUOTE_WORDS = 12
"""The most words quoted back in a "did you say" question: one breath."""


def _said(detection: Detection, normalized: str) -> str:
    """The person's words the unsure reading came from: all of them when short, else the clause
    of the first unsure finding, at most `_QUOTE_WORDS` words around the word that carried it."""
    # (a reading after a misheard word was put right quotes words the person did not say)
    finding = next((f for f in detection.findings if f.decision == "confirm" and not f.sounds_like), None)
    words = normalized.split()
    if len(words) > _QUOTE_WORDS and finding is not None:
        words = finding.clause.split()
    if len(words) > _QUOTE_WORDS:
        at = words.index(finding.words) if finding is not None and finding.words in words else 0
        start = max(0, min(at - _QUOTE_WORDS // 2, len(words) - _QUOTE_WORDS))
        words = words[start:start + _QUOTE_WORDS]
    return " ".join(words)


def _before(said: Sequence[Event], then: list[Event]) -> list[Event]:
    """`said` (a kind word, a notice) before `then`, unless `then` is an emergency, which comes
    first and alone."""
    if not said or any(isinstance(e, Emergency) for e in then):
        return then
    return [*said, *then]


def _yes_or_no(normalized: str) -> bool | None:
    """A bare yes or no (a reply to "did you say ...?"), whatever the open question."""
    text, dont_know = strip_dont_know(normalized)
    if dont_know and not text:
        return None
    found = yes_or_no(text)
    return found[0] if found is not None else None

