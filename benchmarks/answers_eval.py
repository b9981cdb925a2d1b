"""Ordinary answers in their conversation: how often does an answer to a question raise the
emergency, or a "did you say ...?" question, when it is given to the question it answers?

    .venv/bin/python -m benchmarks.answers_eval DIR [DIR ...] [--show]

Each DIR holds *.jsonl lines {"slot": ..., "text": ...}: an ordinary answer (no red flag) to
that slot's question. A fresh Skill is led to the question with plain answers to the earlier
ones, then hears the line. Per question it prints how many lines gave the emergency message
and how many a "did you say" question; `--show` lists those lines. Both should be near zero:
an ordinary answer is not a complaint (policy, "Reading an answer in its conversation").
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from dialog.load import default_protocol
from dialog.redflags import RedFlagDetector
from dialog.skill import Skill
from models.common import SLOT_ORDER, SlotName
from models.events import Ask, Emergency

PLAIN: dict[SlotName, str] = {
    "screening": "no", "duration": "two weeks", "location": "my left calf", "multiple_locations": "no",
    "pattern": "on and off", "severity": "mild", "daily_impact": "no", "other_symptoms": "no",
    "medications": "none", "conditions": "none", "triggers": "no",
}
"""Plain answers that lead a Skill from the first question to any later one."""


@dataclass(frozen=True, slots=True)
class Heard:
    slot: SlotName
    text: str
    result: str
    """"emergency", "did_you_say" or "answered" (anything else)."""
    said: str
    """What the skill said back, for --show."""


def _skill_at(slot: SlotName, detector: RedFlagDetector) -> Skill:
    protocol = default_protocol()
    skill = Skill(protocol, detector=detector)
    events = skill.start()
    while not (isinstance(events[-1], Ask) and events[-1].slot == slot and skill.state == "asking"):
        asked = skill.slot
        if asked is None or skill.finished or SLOT_ORDER.index(asked) > SLOT_ORDER.index(slot):
            raise RuntimeError(f"could not reach the {slot} question")
        events = skill.hear(PLAIN[asked])
    return skill


def hear(slot: SlotName, text: str, detector: RedFlagDetector) -> Heard:
    skill = _skill_at(slot, detector)
    events = skill.hear(text)
    said = " | ".join(getattr(e, "text", "") for e in events)
    if any(isinstance(e, Emergency) for e in events):
        return Heard(slot, text, "emergency", said)
    if skill.state == "checking_flag":
        return Heard(slot, text, "did_you_say", said)
    return Heard(slot, text, "answered", said)


def load(dirs: Iterable[Path]) -> list[tuple[SlotName, str]]:
    lines: list[tuple[SlotName, str]] = []
    for folder in dirs:
        for path in sorted(folder.glob("*.jsonl")):
            for raw in path.read_text().splitlines():
                if raw.strip():
                    row = json.loads(raw)
                    if row["slot"] not in SLOT_ORDER:
                        raise ValueError(f"{path}: unknown slot {row['slot']!r}")
                    lines.append((row["slot"], row["text"]))
    return lines


def evaluate(lines: Sequence[tuple[SlotName, str]], detector: RedFlagDetector | None = None) -> list[Heard]:
    detector = detector or RedFlagDetector(default_protocol().red_flags)
    return [hear(slot, text, detector) for slot, text in lines]


def report(heard: Sequence[Heard], *, show: bool = False) -> None:
    print(f"{'question':<20} {'lines':>5} {'emergency':>10} {'did you say':>12}")
    for slot in [*SLOT_ORDER, None]:
        rows = [h for h in heard if slot is None or h.slot == slot]
        if not rows:
            continue
        alarms = sum(h.result == "emergency" for h in rows)
        asks = sum(h.result == "did_you_say" for h in rows)
        print(f"{slot or 'all':<20} {len(rows):>5} {alarms / len(rows):>6.3f} {alarms:>3} {asks / len(rows):>8.3f} {asks:>3}")
    if show:
        for h in heard:
            if h.result != "answered":
                print(f"  {h.result:<12} {h.slot:<18} {h.text!r} -> {h.said[:160]}")


def main(argv: Sequence[str]) -> None:
    dirs = [Path(a) for a in argv if not a.startswith("--")]
    if not dirs:
        raise SystemExit("usage: python -m benchmarks.answers_eval DIR [DIR ...] [--show]")
    lines = load(dirs)
    print(f"ordinary answers, each given to its own question: {len(lines)} lines from "
          f"{', '.join(str(d) for d in dirs)}")
    report(evaluate(lines), show="--show" in argv)


if __name__ == "__main__":
    main(sys.argv[1:])
