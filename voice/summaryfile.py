"""Write the doctor summary as Markdown, with JSON and plain text ("Label: value" lines, for a
screen reader) beside it."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from dialog.compose import (
    LEVEL_WORDS,
    alarm_facts,
    cited_reasons,
    quoted,
    source_numbers,
    summary_text,
    when_words,
)
from models.common import Level
from models.events import OutcomeEvent
from models.outcome import SourceRef
from models.session import Session


def _file_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


_FILE_MODE = _file_mode()


def json_path(path: Path) -> Path:
    return path.with_name(path.name + ".json") if path.suffix != ".md" else path.with_suffix(".json")


def text_path(path: Path) -> Path:
    """The plain-text twin ("Label: value" lines, for a screen reader): visit.md -> visit.txt."""
    return path.with_name(path.name + ".txt") if path.suffix != ".md" else path.with_suffix(".txt")


def markdown(outcome: OutcomeEvent, session: Session, emergency_text: str | None) -> str:
    """The summary for a doctor: each question as asked, how the answer was read and the
    person's own words under it; what raised an emergency in their words; the reasons in plain
    clinical words, citing the sources listed by title and address at the end."""
    summary = outcome.summary
    lines = ["# Muscle twitching: summary for a doctor", ""]
    if summary.at is not None:
        day, time = when_words(summary.at)
        lines += [f"**Date:** {day}, {time}", ""]
    lines.append("This summary was produced by twitchcheck from what the person said. "
                 "It is general information, not a diagnosis.")
    lines.append("")
    if not summary.finished:
        lines += ["**The check was not finished**; only what was answered is shown.", ""]
    if emergency_text:
        lines += [f"**Emergency:** {emergency_text}", ""]
    if summary.alarms:
        lines += ["## Warning signs heard", ""]
        for raised in summary.alarms:
            lines.append(f"- **{raised.what}**: {quoted(raised.said) or 'heard while they were speaking'}")
            lines += [f"  - {label.lower()}: {value}" for label, value in alarm_facts(raised)]
        lines.append("")
    lines += ["## Answers", "", "| Question | Answer | In their words | Asked as |", "|---|---|---|---|"]
    for item in summary.items:
        lines.append(f"| {_cell(item.label)} | {_cell(item.value)} | {_cell(quoted(item.said))} "
                     f"| {_cell(item.question if item.value != 'not asked' else '')} |")
        for number, part in enumerate(item.parts, 1):
            lines.append(f"| {_cell(f'Sign {number}')} | {_cell(part.value)} | {_cell(quoted(part.said))} "
                         f"| {_cell(part.question)} |")
    lines.append("")
    lines += [f"**Disposition:** {LEVEL_WORDS[summary.level]}", ""]
    if summary.level == Level.NO_RESULT:
        lines += ["No result was reached: the check ended before enough was known, so nothing here "
                  "says the twitching is safe to look after at home.", ""]
    if summary.reasons:
        lines.append("**Reasons:**")
        lines += [f"- {reason}" for reason in cited_reasons(summary)]
        lines.append("")
    if summary.what_to_expect:
        lines += [f"**What to expect:** {summary.what_to_expect}", ""]
    if summary.sources:
        numbers = source_numbers(summary)
        lines += ["## Sources", ""]
        lines += [f"{numbers[source.id]}. {_source_markdown(source)}" for source in summary.sources]
        lines.append("")
    return "\n".join(lines)


def _source_markdown(source: SourceRef) -> str:
    title = f"[{source.title}]({source.address})" if source.address.startswith("http") else f"*{source.title}*"
    bits = [title] + ([source.about] if source.about else [])
    if not source.address:
        bits.append("address not recorded with the project's copy")
    elif not source.address.startswith("http"):
        bits.append(f"`{source.address}` in the twitchcheck repository")
    return ", ".join(bits)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def write_summary(path: Path, outcome: OutcomeEvent, session: Session, emergency_text: str | None) -> Path:
    """Write `path` (Markdown), its `.json` twin and its `.txt` plain text together; return the
    JSON path.

    Each is written to a temporary file beside it and renamed into place only when both
    are complete, so a reader never sees half a summary, nor a new Markdown beside an
    old JSON from an earlier check (unless the second rename itself fails).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    dumped = session.model_dump(mode="json")
    data = {"outcome": outcome.model_dump(mode="json"), "answers": dumped["answers"],
            "past_events": dumped["past_events"], "emergency": emergency_text}
    target = json_path(path)
    plain = summary_text(outcome.summary)
    if emergency_text:
        plain = plain.replace("\n", f"\nEmergency message: {emergency_text}\n", 1)
    contents = [(target, json.dumps(data, indent=2) + "\n"), (text_path(path), plain),
                (path, markdown(outcome, session, emergency_text))]
    temporary: list[tuple[Path, Path]] = []
    try:
        for final, text in contents:
            handle, name = tempfile.mkstemp(prefix=f".{final.name}.", suffix=".tmp", dir=final.parent)
            temporary.append((Path(name), final))
            os.fchmod(handle, _FILE_MODE)  # as a plain open() would make it, not mkstemp's 0600
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                file.write(text)
        for temp, final in temporary:
            os.replace(temp, final)
    finally:
        for temp, _ in temporary:
            temp.unlink(missing_ok=True)
    return target
