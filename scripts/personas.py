"""The five people of issue 15, each in one whole conversation: what the skill said and what
they said, turn by turn, then the plain-text summary a doctor reads (`summary_text`).

    PYTHONPATH=. .venv/bin/python scripts/personas.py > personas.txt

The voice personas run the skill as the spoken check does (`spoken=True`); a line whose spoken
form differs from its written one (the emergency number) is followed by what the voice says.
The screen-reader user runs the typed check (`--text`), printed as the screen reader gets it.
The date and time are fixed, so the output is the same each run. tests/test_personas.py holds
the same conversations and asserts what each person notices.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dialog.compose import summary_text  # noqa: E402
from dialog.language.speakable import speakable  # noqa: E402
from dialog.skill import Event, Skill, SkillConfig  # noqa: E402
from models.events import Ask, Confirm, Control, Emergency, End, OutcomeEvent, Say  # noqa: E402
from voice.frontends.typed import TextWriter, converse  # noqa: E402
from voice.lines import Piece  # noqa: E402

TODAY = date(2026, 11, 22)
STARTED = datetime(2026, 11, 22, 9, 41, tzinfo=timezone.utc)


@dataclass(frozen=True)
class Persona:
    name: str
    who: str
    says: tuple[str, ...]
    typed: bool = False


ANXIOUS = Persona(
    "The anxious person with an eyelid twitch",
    "worried it is ALS; speaks to the skill",
    ("no", "I'm really worried it could be ALS", "about a week", "my left eyelid", "no", "comes and goes",
     "mild", "no", "no", "none", "no", "lots of coffee and not much sleep", "summary"))

RUNNER = Persona(
    "The runner with calf twitches that are getting worse",
    "both calves; one calf feels weaker and looks smaller; speaks to the skill",
    ("no", "about two months", "both calves", "no, just the calves", "comes and goes, a few seconds each",
     "moderate, and it's getting worse", "yes, running is harder",
     "my left calf feels weaker and looks a bit smaller", "none", "no", "hard training", "more", "summary"))

CARER = Persona(
    "The carer answering for her father",
    "answers for her dad; a warning sign from this morning comes up; speaks to the skill",
    ("I'm answering for my dad", "no", "three weeks", "his right arm", "no", "comes and goes", "mild", "no",
     "he slurred his words a bit this morning, but it seems ok now", "okay, I'm calling them now"))

VAGUE = Persona(
    "The person who answers vaguely",
    "hedges most answers; speaks to the skill",
    ("maybe", "no", "no", "not really", "no", "nope", "no", "a few weeks i guess", "my arm kinda",
     "no", "sort of comes and goes", "mild", "sorta, not rly", "no", "not really", "none",
     "asthma i guess", "not really, maybe some stress at work", "summary"))

SCREEN_READER = Persona(
    "The screen-reader user",
    "types, reads the replies with a screen reader",
    ("no", "two weeks", "my left thumb", "help", "no", "comes and goes", "mild", "no", "no", "none",
     "no", "no", "summary", ""),
    typed=True)

PERSONAS = (ANXIOUS, RUNNER, CARER, VAGUE, SCREEN_READER)


def new_skill(*, spoken: bool) -> Skill:
    return Skill(config=SkillConfig(today=TODAY, started=STARTED, spoken=spoken))


def _spoken_lines(event: Event) -> list[str]:
    """An event as the voice gives it: the words shown, and the words said where they differ."""
    if isinstance(event, End):
        return []
    if isinstance(event, OutcomeEvent):
        text = event.text
    elif isinstance(event, (Say, Ask, Confirm, Emergency, Control)):
        text = event.text
    else:
        return []
    lines = [f"twitchcheck: {text}"]
    if speakable(text) != text:
        lines.append(f"    said aloud: {speakable(text)}")
    return lines


def spoken_conversation(persona: Persona) -> tuple[list[str], Skill]:
    skill = new_skill(spoken=True)
    lines = [line for event in skill.start() for line in _spoken_lines(event)]
    for said in persona.says:
        lines.append(f"Person: {said}")
        lines += [line for event in skill.hear(said) for line in _spoken_lines(event)]
    return lines, skill


def typed_conversation(persona: Persona) -> tuple[list[str], Skill]:
    """The typed check (`--text`) as it prints, with each typed line shown where it was typed."""
    skill = new_skill(spoken=False)
    out = io.StringIO()

    def pieces() -> Iterator[Piece]:
        for said in persona.says:
            out.write(f"Person types: {said}\n" if said else "Person presses Enter on an empty line\n")
            yield Piece(said)

    writer = TextWriter(out, skill.protocol.messages)
    converse(skill, pieces(), writer, prompt=writer.prompt, after_outcome=writer.after_outcome)
    if skill.outcome is not None and skill.emergency is None:
        writer.goodbye()
    return [line if line.startswith("Person") or not line else f"twitchcheck: {line}"
            for line in out.getvalue().splitlines()], skill


def main() -> None:
    for number, persona in enumerate(PERSONAS, 1):
        lines, skill = (typed_conversation if persona.typed else spoken_conversation)(persona)
        print("=" * 78)
        print(f"Persona {number}: {persona.name} ({persona.who})")
        print("=" * 78)
        print()
        print("Transcript")
        print("----------")
        print("\n".join(lines))
        print()
        print("Summary for a doctor (plain text)")
        print("---------------------------------")
        assert skill.outcome is not None, persona.name
        print(summary_text(skill.outcome.summary))
        print()


if __name__ == "__main__":
    main()
