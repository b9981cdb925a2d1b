"""Commands a person can say at any moment: repeat, help, go back, skip, stop.

A command is recognized only when it is (nearly) the whole utterance, so that
"it never stops" stays an answer about the twitching and "i cant stop
throwing up" reaches the red-flag detector as it should.

Some command words are also plausible answers: "back" to "where do you feel
it?". Those are marked `bare`; the dialogue manager reads a bare command as the
answer when the open question's parser understands it, while "go back" always
stays a command. "more" and "summary" mean something only after the outcome.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict

Command = Literal["repeat", "help", "back", "skip", "stop", "slower", "faster", "more", "summary"]

AFTER_OUTCOME: frozenset[Command] = frozenset({"more", "summary"})
"""Commands that only mean something once the outcome has been given."""

_POLITE = r"(?:(?:please|okay|ok|so|sorry|oh|hey|well|just|actually|um|uh)\s+)*"
_ASK = r"(?:(?:can|could|would|will) you\s+|i (?:want|need|would like|wanna) to\s+|lets\s+|let me\s+|i want you to\s+)?"
_END = r"(?:\s+(?:please|thanks|thank you|again|now))*"

_COMMANDS: tuple[tuple[Command, str, str | None], ...] = (
    # (command, its explicit forms, its bare forms that may also be an answer)
    ("repeat", r"repeat(?: (?:that|it|the question|yourself|please))?|say (?:that|it) again|"
               r"(?:pardon|pardon me|come again|what was that|what did you say|sorry what|what|huh|"
               r"one more time|again)", None),
    ("help", r"help(?: me)?|what (?:can|do|should) i say|what are my options|how does this work|"
             r"i dont understand(?: the question)?|what do you mean", None),
    ("back", r"go back|undo|previous question|change (?:my|the) (?:last )?answer|"
             r"i (?:made a mistake|said (?:that|it) wrong)|that was wrong|wait go back|"
             r"(?:change|correct) that", r"back"),
    ("skip", r"skip(?: (?:it|this|that|this one|the question))?|next(?: question)?|pass|"
             r"(?:id rather|i would rather) not (?:say|answer)|move on", None),
    ("stop", r"stop|quit|exit|cancel|end|goodbye|bye|bye bye|stop the check|end the check|"
             r"stop (?:this|it|now|asking)|i want to stop|im done|that is all|thats all|"
             r"i dont want to (?:continue|do this)", None),
    ("slower", r"(?:speak |talk |go )?(?:slower|more slowly|slow down)", None),
    ("faster", r"(?:speak |talk |go )?(?:faster|more quickly|speed up|hurry up)", None),
    ("more", r"more|tell me more|(?:say |tell me |give me |read )?(?:the rest|more advice)|what else|go on|continue", None),
    ("summary", r"(?:the |a |read (?:me )?the |give me the |say the |show me the )?summary(?: for (?:a|the|my) doctor)?",
     None),
)


class CommandMatch(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    command: Command
    bare: bool = False
    """Said as a bare word that may also answer the open question ("back")."""


def _compile(body: str) -> re.Pattern[str]:
    return re.compile(rf"^{_POLITE}{_ASK}(?:{body}){_END}$")


_PATTERNS = tuple((name, _compile(explicit), _compile(bare) if bare else None) for name, explicit, bare in _COMMANDS)


def match_command(normalized: str) -> CommandMatch | None:
    """The command `normalized` (output of dialog.text.normalize) is, if any."""
    if len(normalized) > 80:
        return None
    for name, explicit, bare in _PATTERNS:
        if explicit.match(normalized):
            return CommandMatch(command=name)
        if bare is not None and bare.match(normalized):
            return CommandMatch(command=name, bare=True)
    return None


def parse_command(normalized: str) -> Command | None:
    """The command `normalized` is, if any (bare or not)."""
    found = match_command(normalized)
    return found.command if found is not None else None
