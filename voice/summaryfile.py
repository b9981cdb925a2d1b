"""Write the doctor summary as Markdown, and as JSON beside it."""

from __future__ import annotations

import json
from pathlib import Path

from dialog.compose import LEVEL_WORDS
from models.common import Level
from models.events import OutcomeEvent
from models.session import Session


def json_path(path: Path) -> Path:
    return path.with_name(path.name + ".json") if path.suffix != ".md" else path.with_suffix(".json")


def markdown(outcome: OutcomeEvent, session: Session, emergency_text: str | None) -> str:
    summary = outcome.summary
    lines = ["# Muscle twitching: summary for a doctor", ""]
    lines.append("This summary was produced by twitchcheck from what the person said. "
                 "It is general information, not a diagnosis.")
    lines.append("")
    if not summary.finished:
        lines += ["**The check was not finished**; only what was answered is shown.", ""]
    if emergency_text:
        lines += [f"**Emergency:** {emergency_text}", ""]
    lines += ["| Question | Answer | In their words |", "|---|---|---|"]
    for item in summary.items:
        said = " / ".join(f"\u201c{s}\u201d" for s in item.said)
        lines.append(f"| {_cell(item.label)} | {_cell(item.value)} | {_cell(said)} |")
    lines += ["", f"**Disposition:** {LEVEL_WORDS[summary.level]}", ""]
    if summary.level == Level.NO_RESULT:
        lines += ["No result was reached: the check ended before enough was known, so nothing here "
                  "says the twitching is safe to look after at home.", ""]
    if summary.reasons:
        lines.append("**Reasons:**")
        lines += [f"- {r.text} (rule `{r.rule}`, sources: {', '.join(r.sources)})" for r in summary.reasons]
        lines.append("")
    if summary.what_to_expect:
        lines += [f"**What to expect:** {summary.what_to_expect}", ""]
    return "\n".join(lines)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def write_summary(path: Path, outcome: OutcomeEvent, session: Session, emergency_text: str | None) -> Path:
    """Write `path` (Markdown) and its `.json` twin; return the JSON path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(markdown(outcome, session, emergency_text), encoding="utf-8")
    data = {"outcome": outcome.model_dump(mode="json"), "answers": session.model_dump(mode="json")["answers"],
            "emergency": emergency_text}
    target = json_path(path)
    target.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    return target
