"""Split one normalized utterance into clauses, the unit an assertion belongs to.

Recognizer text has no punctuation, so clauses are found from the words that
open them: subordinators ("because", "when", "although"), discourse breaks
("but", "also", "anyway"), and a coordinator or interjection followed by a new
subject ("and i", "or my son", "no she"). A bare "and"/"or" inside a list
("no fever or vomiting", "dizzy and sick") does not split: the words after it
still belong to the same assertion, so a denial keeps covering them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dialog.language.words import SUBJECTS, Words

# Words that open a new clause wherever they stand.
_OPENERS = re.compile(
    r"\b(?:but|because|cause|cos|coz|cuz|although|though|however|whereas|while|whilst|when"
    r"|whenever|since|after|before|until|till|unless|so|anyway|also|plus|except|then|and then"
    r"|and now|and also|apart from|other than|besides|otherwise|meanwhile|mind you|the thing is"
    r"|anyways|actually)\b"
)
# Words that open a clause only when a subject follows: "and i fainted", "no he cant".
_JOINERS = frozenset({"and", "or", "no", "nope", "nah", "yes", "yeah", "yep", "okay", "well", "oh",
                      "honestly", "basically"})
# "not just", "not only", "nothing but": the "but"/"just" joins, it opens nothing.
_NOT_OPENING = re.compile(r"\b(?:not just|not only|nothing but|none but|all but|but also)\b")


@dataclass(frozen=True, slots=True)
class Clause:
    """Tokens [start, end) of one clause in a `Words`."""

    start: int
    end: int

    def text(self, words: Words) -> str:
        return " ".join(words.tokens[self.start:self.end])


def clauses(words: Words) -> list[Clause]:
    """The clauses of `words`, in order, covering every token once."""
    n = len(words.tokens)
    if n == 0:
        return []
    cuts: set[int] = set()
    skipped: set[int] = set()
    for start, end in words.spans(_NOT_OPENING):
        skipped.update(range(start, end))
    for start, _ in words.spans(_OPENERS):
        if start not in skipped:
            cuts.add(start)
    subject_starts = {s for s, _ in words.spans(SUBJECTS)}
    for i, token in enumerate(words.tokens[:-1]):
        if token in _JOINERS and i + 1 in subject_starts and i not in skipped:
            cuts.add(i if token in {"and", "or"} else i + 1)
    cuts.discard(0)
    bounds = [0, *sorted(cuts), n]
    return [Clause(a, b) for a, b in zip(bounds, bounds[1:]) if b > a]
