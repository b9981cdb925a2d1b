"""The files a check writes: the `--transcript` as it happens, the `--summary` at the end.

One owner for both. Both paths are checked before the first question, so a path
that cannot be written stops the program at once with one clear line (exit 2)
instead of a traceback after the person has answered. A write that fails later
(a full disk) is reported once on stderr and the check carries on: the person's
conversation, and its exit code, matter more than the file.
"""

from __future__ import annotations

import os
import stat
import sys
import time
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from pydantic import BaseModel

from models.events import Emergency, Heard
from voice.eventjson import event_dict, json_line
from voice.summaryfile import json_path, write_summary

if TYPE_CHECKING:
    from dialog.skill import Skill


class RecordsError(Exception):
    """A --summary or --transcript path that cannot be written; the message is one line."""


def _warn(text: str) -> None:
    print(f"twitchcheck: {text}", file=sys.stderr, flush=True)


class Records:
    def __init__(self, summary: Path | None = None, transcript: Path | None = None, *,
                 warn: Callable[[str], None] = _warn) -> None:
        """Check both paths (raises `RecordsError`) and open the transcript."""
        self.summary_path = summary
        self.transcript_path = transcript
        self.warn = warn
        self.skill: Skill | None = None
        self.emergency_given = False
        self._file: TextIO | None = None
        self._start = time.monotonic()
        self._saved: object = None
        if summary is not None:
            for path in (summary, json_path(summary)):
                _check_writable(path, "--summary")
        if transcript is not None:
            self._file = _open_transcript(transcript)

    def attach(self, skill: Skill) -> None:
        """The conversation whose outcome the summary records."""
        self.skill = skill

    # transcript ----------------------------------------------------------------
    def event(self, event: BaseModel) -> None:
        """Record one event (with timestamps) as it happens."""
        if isinstance(event, Emergency):
            self.emergency_given = True
        if self._file is None:
            return
        record = {"at": datetime.now(timezone.utc).isoformat(timespec="milliseconds"),
                  "t": round(time.monotonic() - self._start, 3),
                  # CLOCK_MONOTONIC is system-wide: other processes (benchmarks) can
                  # line these up with their own audio timings.
                  "mono": round(time.monotonic(), 4),
                  "event": event_dict(event)}
        try:
            self._file.write(json_line(record) + "\n")
            self._file.flush()  # a crash or power cut must not lose what was said
        except OSError as exc:
            self._lost_transcript(exc)

    def typed(self, text: str, *, final: bool = True) -> None:
        """What the person typed, as the spoken check records what it heard."""
        self.event(Heard(text=text[:2000], final=final))

    def _lost_transcript(self, exc: OSError) -> None:
        file, self._file = self._file, None
        self.warn(f"could not write the transcript {self.transcript_path} ({exc.strerror or exc}); "
                  "the check goes on without it.")
        if file is not None:
            _close_quietly(file)

    # summary -------------------------------------------------------------------
    def save(self) -> None:
        """Write the summary of the outcome so far (again only if it changed)."""
        skill = self.skill
        if self.summary_path is None or skill is None or skill.outcome is None:
            return
        if self._saved is skill.outcome:
            return
        try:
            write_summary(self.summary_path, skill.outcome, skill.session,
                          skill.emergency.text if skill.emergency else None)
        except OSError as exc:
            self.warn(f"could not write the summary {self.summary_path} ({exc.strerror or exc}).")
        self._saved = skill.outcome

    def close(self) -> None:
        """Write the summary and end the transcript."""
        self.save()
        file, self._file = self._file, None
        if file is not None:
            try:
                file.close()
            except OSError as exc:
                self.warn(f"could not finish the transcript {self.transcript_path} ({exc.strerror or exc}).")


def _check_writable(path: Path, option: str) -> None:
    if path.is_dir():
        raise RecordsError(f"{option}: {path} is a folder; give a file name, e.g. {path / 'visit.md'}")
    parent = path.parent
    for ancestor in (parent, *parent.parents):
        if ancestor.exists():
            if not ancestor.is_dir():
                raise RecordsError(f"{option}: cannot write {path}: {ancestor} is a file, not a folder")
            break
    try:
        parent.mkdir(parents=True, exist_ok=True)
        # The real test: make a file beside it (permission bits do not tell root the truth).
        probe = parent / f".{path.name}.{os.getpid()}.probe"
        probe.touch()
        probe.unlink()
    except OSError as exc:
        raise RecordsError(f"{option}: cannot write in {parent} ({exc.strerror or exc})") from None


def _open_transcript(path: Path) -> TextIO:
    if path.is_dir():
        raise RecordsError(f"--transcript: {path} is a folder; give a file name, e.g. {path / 'log.jsonl'}")
    try:
        if not path.exists():
            _check_writable(path, "--transcript")
        file = path.open("a", encoding="utf-8")
    except OSError as exc:
        raise RecordsError(f"--transcript: cannot write {path} ({exc.strerror or exc})") from None
    try:
        if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
            # A device or pipe (/dev/full): one newline shows whether it takes writes. A
            # regular file gets nothing extra; a full disk later is reported, not fatal.
            os.write(file.fileno(), b"\n")
    except OSError as exc:
        _close_quietly(file)
        raise RecordsError(f"--transcript: cannot write {path} ({exc.strerror or exc})") from None
    return file


def _close_quietly(file: TextIO) -> None:
    try:
        file.close()  # closes the file even when flushing what is left fails
    except OSError:
        pass
