"""Commands a person can say at any moment: repeat, help, go back, skip, stop.

A command is recognized only when it is (nearly) the whole utterance, so that
"it never stops" stays an answer about the twitching and "i cant stop
throwing up" reaches the red-flag detector as it should.
"""

from __future__ import annotations

import re
from typing import Literal

Command = Literal["repeat", "help", "back", "skip", "stop", "slower", "faster"]

_POLITE = r"(?:(?:please|okay|ok|so|sorry|oh|hey|well|just|actually|um|uh)\s+)*"
_ASK = r"(?:(?:can|could|would|will) you\s+|i (?:want|need|would like|wanna) to\s+|lets\s+|let me\s+|i want you to\s+)?"
_END = r"(?:\s+(?:please|thanks|thank you|again|now))*"

_COMMANDS: tuple[tuple[Command, str], ...] = (
    ("repeat", r"repeat(?: (?:that|it|the question|yourself|please))?|say (?:that|it) again|"
               r"(?:pardon|pardon me|come again|what was that|what did you say|sorry what|what|huh|"
               r"one more time|again)"),
    ("help", r"help(?: me)?|what (?:can|do|should) i say|what are my options|how does this work|"
             r"i dont understand(?: the question)?|what do you mean"),
    ("back", r"go back|back|undo|previous question|change (?:my|the) (?:last )?answer|"
             r"i (?:made a mistake|said (?:that|it) wrong)|that was wrong|wait go back|"
             r"(?:change|correct) that"),
    ("skip", r"skip(?: (?:it|this|that|this one|the question))?|next(?: question)?|pass|"
             r"(?:id rather|i would rather) not (?:say|answer)|move on"),
    ("stop", r"stop|quit|exit|cancel|end|goodbye|bye|bye bye|stop the check|end the check|"
             r"stop (?:this|it|now|asking)|i want to stop|im done|that is all|thats all|"
             r"i dont want to (?:continue|do this)"),
    ("slower", r"(?:speak |talk |go )?(?:slower|more slowly|slow down)"),
    ("faster", r"(?:speak |talk |go )?(?:faster|more quickly|speed up|hurry up)"),
)

_PATTERNS = tuple(
    (name, re.compile(rf"^{_POLITE}{_ASK}(?:{body}){_END}$")) for name, body in _COMMANDS
)


def parse_command(normalized: str) -> Command | None:
    """The command `normalized` (output of dialog.text.normalize) is, if any."""
    if len(normalized) > 80:
        return None
    for name, pattern in _PATTERNS:
        if pattern.match(normalized):
            return name
    return None
