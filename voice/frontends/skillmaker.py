"""The skill a front end runs: built once the input is known (recognizer text or typed).

A module of its own so that the typed and the spoken checks can both build it without
importing each other or the command line.
"""

from __future__ import annotations

from datetime import date, datetime

from dialog.skill import Skill, SkillConfig
from models.settings import CheckSettings


def make_skill(settings: CheckSettings, *, spoken: bool) -> Skill:
    """The conversation, built once the input is known: recognizer text (spoken) or typed."""
    from voice.encoderload import load_in_background

    skill = Skill(config=SkillConfig(emergency_number=settings.emergency_number, today=date.today(),
                                     started=datetime.now().astimezone(), spoken=spoken))
    load_in_background(skill.detector, audio=spoken)  # the first question does not wait for it
    return skill
