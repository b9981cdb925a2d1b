"""Drive a `Skill` the way the examples' harness does (tests/data/examples/README.md).

Every question is answered with answers[slot]; a slot left out is answered
"no"; a slot asked a second time is answered "i dont know".
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from dialog.skill import Event, Skill, SkillConfig
from models.events import Ask, Emergency, End, OutcomeEvent

EXAMPLES = Path(__file__).parent / "data" / "examples"
TODAY = date(2026, 11, 22)  # a Sunday


def load_jsonl(name: str) -> list[dict]:
    return [json.loads(line) for line in (EXAMPLES / name).read_text().splitlines() if line.strip()]


def new_skill(**config: object) -> Skill:
    return Skill(config=SkillConfig(today=TODAY, **config))  # type: ignore[arg-type]


@dataclass
class Run:
    skill: Skill
    events: list[Event] = field(default_factory=list)
    asked: Counter[str] = field(default_factory=Counter)

    @property
    def level(self) -> str:
        assert self.skill.outcome is not None, "the conversation gave no outcome"
        return self.skill.outcome.level.value

    @property
    def asks(self) -> list[Ask]:
        return [e for e in self.events if isinstance(e, Ask)]

    @property
    def emergencies(self) -> list[Emergency]:
        return [e for e in self.events if isinstance(e, Emergency)]

    @property
    def outcome(self) -> OutcomeEvent:
        outcomes = [e for e in self.events if isinstance(e, OutcomeEvent)]
        assert outcomes, "no outcome event"
        return outcomes[-1]

    @property
    def ended(self) -> bool:
        return any(isinstance(e, End) for e in self.events)


def converse(answers: dict[str, str], *, default: str = "no", skill: Skill | None = None,
             max_turns: int = 60) -> Run:
    run = Run(skill or new_skill())
    new = run.skill.start()
    for _ in range(max_turns):
        run.events += new
        if run.skill.finished:
            return run
        asks = [e for e in new if isinstance(e, Ask)]
        assert asks, f"the skill stopped asking without finishing: {new}"
        slot = asks[-1].slot
        run.asked[slot] += 1
        reply = answers.get(slot, default) if run.asked[slot] == 1 else "i dont know"
        new = run.skill.hear(reply)
    raise AssertionError("the conversation did not end")


def script(skill: Skill, *utterances: str) -> list[Event]:
    """Start `skill` and say each utterance in turn; return every event."""
    events = skill.start()
    for utterance in utterances:
        events += skill.hear(utterance)
    return events
