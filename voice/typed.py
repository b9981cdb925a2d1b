"""The typed conversation: `--text` for people, `--jsonl` for programs.

Both read one utterance per line and drive the same `Skill`; they differ only
in how events are written. Plain lines, no colour or control codes unless the
output is a terminal, so screen readers and pipes get clean text.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TextIO

from dialog.skill import Event, Skill
from models.events import Ask, Confirm, Control, Emergency, End, OutcomeEvent, Say
from voice.exitcodes import END_CODES, ExitCode
from voice.lines import Utterance, parse_utterance
from voice.summaryfile import write_summary
from voice.transcript import Transcript


LEVEL_HEADINGS = {"emergency": "EMERGENCY", "urgent": "Get medical care today",
                  "doctor": "See a doctor", "self_care": "Self-care", "no_result": "No result reached"}


class TextWriter:
    """Writes events as plain sentences for a person."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.styled = out.isatty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"

    def _line(self, text: str, style: str = "") -> None:
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
                self._line("")
                self._line(f"Result: {LEVEL_HEADINGS[event.level.value]}.", "\033[1m")
                for section in event.sections:
                    self._line(f"{section.heading}: {section.text}")
                if not event.sections:
                    self._line(event.text)
        elif isinstance(event, Say) and event.kind == "summary":
            self._line("")
            self._line(event.text)
        elif isinstance(event, Ask):
            self._line(event.text, "\033[1m")
        elif isinstance(event, (Say, Confirm, Control)):
            self._line(event.text)
        elif isinstance(event, End) and event.reason != "emergency":
            self._line("")
            self._line("Goodbye. Take care.")
        self.out.flush()

    def prompt(self) -> None:
        if self.styled:
            self.out.write("> ")
            self.out.flush()


class JsonWriter:
    """Writes each event as one JSON object per line."""

    def __init__(self, out: TextIO) -> None:
        self.out = out

    def __call__(self, event: Event) -> None:
        self.out.write(event.model_dump_json() + "\n")
        self.out.flush()

    def error(self, text: str) -> None:
        self.out.write(json.dumps({"type": "error", "text": text}) + "\n")
        self.out.flush()

    def prompt(self) -> None:
        pass


def converse(skill: Skill, lines: Iterable[str], emit: Callable[[Event], None], *,
             json_input: bool = False, on_error: Callable[[str], None] | None = None,
             prompt: Callable[[], None] = lambda: None,
             summary_path: Path | None = None) -> ExitCode:
    """Run one typed conversation to its end; return the exit code."""
    code = ExitCode.NOT_FINISHED

    def send(new: list[Event]) -> None:
        nonlocal code
        for event in new:
            emit(event)
            if isinstance(event, End):
                code = END_CODES[event.reason]

    try:
        send(skill.start())
        prompt()
        for line in lines:
            utterance: Utterance | str = parse_utterance(line) if json_input else Utterance(text=line)
            if isinstance(utterance, str):
                (on_error or (lambda m: None))(utterance)
                continue
            send(skill.hear(utterance.text, final=utterance.final, confidence=utterance.confidence))
            if skill.finished:
                break
            prompt()
        else:
            send(skill.end_of_input())
    except KeyboardInterrupt:
        send(skill.stop())
        code = ExitCode.INTERRUPTED
    if summary_path is not None and skill.outcome is not None:
        write_summary(summary_path, skill.outcome, skill.session,
                      skill.emergency.text if skill.emergency else None)
    return code


def run_typed(skill: Skill, *, jsonl: bool, summary_path: Path | None,
              transcript: Transcript | None = None) -> ExitCode:
    from voice.lines import read_lines

    writer: Callable[[Event], None]
    if jsonl:
        machine = JsonWriter(sys.stdout)
        writer, on_error, prompt = machine, machine.error, machine.prompt
    else:
        person = TextWriter(sys.stdout)
        writer, on_error, prompt = person, None, person.prompt

    def emit(event: Event) -> None:
        if transcript is not None:
            transcript.write(event)
        writer(event)

    return converse(skill, read_lines(sys.stdin.buffer), emit, json_input=jsonl, on_error=on_error,
                    prompt=prompt, summary_path=summary_path)
