"""The typed conversation: `--text` for people, `--jsonl` for programs.

Both read one utterance per line and drive the same `Skill`; they differ only
in how events are written. Plain lines, no colour or control codes unless the
output is a terminal, so screen readers and pipes get clean text.

After the outcome, and after an emergency, the conversation stays open until the
input ends, so the person can ask for what the outcome offers ("more", "summary",
"repeat"), as in the spoken check. After an emergency, "summary" gives the emergency
message again and then the summary; anything else gives the emergency message again.
A person at the keyboard leaves with an empty line.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Iterable
from typing import TextIO

from dialog.skill import Event, Skill
from models.events import Ask, Confirm, Control, Emergency, End, OutcomeEvent, Say
from models.protocol import Messages
from voice.eventjson import event_line, json_line
from voice.exitcodes import END_CODES, ExitCode, for_signal
from voice.lines import MAX_LINE_BYTES, Piece, Utterance, parse_utterance, reader_gone
from voice.records import Records
from voice.signals import Interrupted, Signals, current

LEVEL_HEADINGS = {"emergency": "EMERGENCY", "urgent": "Get medical care today",
                  "doctor": "See a doctor", "self_care": "Self-care", "no_result": "No result reached"}
TOO_LONG = (f"That answer was too long for me to read (over {MAX_LINE_BYTES // 1000} kB). I checked all "
            "of it for warning signs. Please answer the question in a few words.")
TYPED_SPEED = "Speed only applies to the spoken voice; typed text is shown at once."
AFTER_OUTCOME = "Type more, summary or repeat, or press Enter on an empty line to finish."
GOODBYE = "Goodbye. Take care."

_OR_SAY = re.compile(r"\bor say\b")
_SAY = re.compile(r"(?<!you )\b([Ss])ay\b")


def typed_words(text: str) -> str:
    """The skill's words for the typed check, where people type as well as speak: "Please say yes
    or no" reads "Please type or say yes or no" ("You said" and "Did you say" stay as they are)."""
    text = _OR_SAY.sub("or type", text)
    return _SAY.sub(lambda m: ("T" if m.group(1) == "S" else "t") + "ype or say", text)


class TextWriter:
    """Writes events as plain sentences for a person.

    `messages` (the protocol's wordings): the writer serves the typed check, where the
    outcome is printed in full under short headings; without it (the spoken check's
    captions) the outcome is printed as it is spoken.
    """

    def __init__(self, out: TextIO, messages: Messages | None = None) -> None:
        self.out = out
        self.messages = messages
        self.styled = out.isatty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"

    def _line(self, text: str, style: str = "") -> None:
        if self.messages is not None:  # the typed check, not the spoken check's captions
            text = typed_words(text)
        if self.styled and style:
            text = f"{style}{text}\033[0m"
        self.out.write(text + "\n")

    def __call__(self, event: Event) -> None:
        if isinstance(event, Emergency):
            self._line("")
            self._line(f"EMERGENCY: {event.text}", "\033[1;31m")
            self._line("")
        elif isinstance(event, OutcomeEvent):
            if event.level.value != "emergency":
                self._outcome(event)
        elif isinstance(event, Say) and event.kind == "summary":
            self._line("")
            self._line(event.text)
        elif isinstance(event, Ask):
            self._line(event.text, "\033[1m")
        elif isinstance(event, Control) and self.messages is not None:
            self._line(TYPED_SPEED)
        elif isinstance(event, (Say, Confirm, Control)):
            self._line(event.text)
        elif isinstance(event, End) and event.reason != "emergency":
            if self.messages is None:  # the typed check stays for "more" and "summary": its goodbye comes at its end
                self._line("")
                self._line(GOODBYE)
        self.out.flush()

    def after_outcome(self) -> None:
        self._line("")
        self._line(AFTER_OUTCOME)
        self.out.flush()

    def goodbye(self) -> None:
        self._line("")
        self._line(GOODBYE)
        self.out.flush()

    def _outcome(self, event: OutcomeEvent) -> None:
        """The full outcome under short headings (the dialog's sections); spoken captions and
        an outcome without sections print the text as it is said."""
        self._line("")
        self._line(f"Result: {LEVEL_HEADINGS[event.level.value]}.", "\033[1m")
        if self.messages is None or not event.sections:
            self._line(event.text)
            return
        for section in event.sections:
            self._line("")
            self._line(f"{section.heading}:", "\033[1m")
            self._line(section.text)

    def prompt(self) -> None:
        if self.styled:
            self.out.write("> ")
            self.out.flush()


class JsonWriter:
    """Writes each event as one JSON object per line."""

    def __init__(self, out: TextIO) -> None:
        self.out = out

    def __call__(self, event: Event) -> None:
        self.out.write(event_line(event) + "\n")
        self.out.flush()

    def error(self, text: str) -> None:
        self.out.write(json_line({"type": "error", "text": text}) + "\n")
        self.out.flush()

    def prompt(self) -> None:
        pass


def converse(skill: Skill, pieces: Iterable[Piece], emit: Callable[[Event], None], *,
             json_input: bool = False, on_error: Callable[[str], None] | None = None,
             prompt: Callable[[], None] = lambda: None,
             on_input: Callable[[Piece], None] = lambda piece: None,
             after_outcome: Callable[[], None] = lambda: None,
             signals: Signals | None = None) -> ExitCode:
    """Run one typed conversation to its end; return the exit code.

    Ends at the end of input (after the outcome or an emergency too, so "more",
    "summary" and "repeat" work as the outcome promises), on a signal (`Interrupted`,
    like Ctrl-C), or when stdout's reader goes away (then as at the end of input, so the
    files are still written). A person's empty line after the outcome (not
    `json_input`) ends it too: that is how someone at the keyboard leaves.
    `after_outcome` is called once, when the outcome has been given and the next line is awaited.
    """
    code = ExitCode.NOT_FINISHED
    signals = signals or current()
    report = on_error or (lambda message: None)

    def send(new: list[Event]) -> None:
        nonlocal code
        for event in new:
            emit(event)
            if isinstance(event, End):
                code = END_CODES[event.reason]

    lines = iter(pieces)

    def next_piece() -> Piece | None:
        with signals.interruptible():  # only the wait for input is cut short by a signal
            return next(lines, None)

    try:
        try:
            signals.mode = "poll"  # a signal from now on ends the check where nothing is half done
            send(skill.start())
            prompt()
            escalated_within = False  # a long line's windows raised the emergency
            told_outcome = False
            while (piece := next_piece()) is not None:
                on_input(piece)
                if not piece.final:
                    before = skill.emergency
                    send(skill.hear(piece.text, final=False))
                    escalated_within = escalated_within or (before is None and skill.emergency is not None)
                    continue
                if piece.windowed and escalated_within:
                    escalated_within = False
                    prompt()
                    continue
                if piece.too_long:
                    if json_input:
                        report(f"line too long (over {MAX_LINE_BYTES} bytes); it was checked for "
                               "warning signs only")
                    else:
                        send([Say(kind="notice", text=TOO_LONG)])
                    prompt()
                    continue
                if not json_input and not piece.text.strip() and skill.finished and skill.emergency is None:
                    break
                utterance: Utterance | str = parse_utterance(piece.text) if json_input \
                    else Utterance(text=piece.text)
                if isinstance(utterance, str):
                    report(utterance)
                    continue
                send(skill.hear(utterance.text, final=utterance.final, confidence=utterance.confidence))
                if skill.finished and skill.emergency is None and not told_outcome:
                    told_outcome = True
                    after_outcome()
                prompt()
            if not skill.finished:
                send(skill.end_of_input())
            signals.check()  # a signal that came with the last line is still honoured
        except BrokenPipeError:
            reader_gone()  # nobody reads the questions any more: end as at the end of input
            send(skill.end_of_input())
    except KeyboardInterrupt as exc:
        signum = exc.signum if isinstance(exc, Interrupted) else None
        try:
            send(skill.stop())
        except BrokenPipeError:
            reader_gone()
        if skill.emergency is None:
            code = for_signal(signum) if signum is not None else ExitCode.INTERRUPTED
    return code


def run_typed(skill: Skill, *, jsonl: bool, records: Records) -> ExitCode:
    from voice.lines import read_pieces

    writer: Callable[[Event], None]
    person: TextWriter | None = None
    offer: Callable[[], None] = lambda: None
    if jsonl:
        machine = JsonWriter(sys.stdout)
        writer, on_error, prompt = machine, machine.error, machine.prompt
    else:
        person = TextWriter(sys.stdout, skill.protocol.messages)
        writer, on_error, prompt = person, None, person.prompt
        offer = person.after_outcome

    def emit(event: Event) -> None:
        records.event(event)
        writer(event)

    def on_input(piece: Piece) -> None:
        if piece.final:
            records.typed(piece.text)

    records.attach(skill)
    code = converse(skill, read_pieces(sys.stdin.buffer), emit, json_input=jsonl, on_error=on_error,
                    prompt=prompt, on_input=on_input, after_outcome=offer)
    if person is not None and skill.outcome is not None and skill.emergency is None:
        try:
            person.goodbye()
        except BrokenPipeError:
            reader_gone()
    return code
