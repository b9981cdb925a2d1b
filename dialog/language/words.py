"""One utterance as words, with the clause structure the red-flag context needs.

Negation, questions and time all ask the same thing: which words sit between a
cue and a symptom, and does a clause end among them? `Words` answers that on
token indices, computed once per utterance from a few precompiled regexes.
"""

from __future__ import annotations

import re
from bisect import bisect_right

# Where a negation or a question stops reaching forward: "no fever BUT i cant
# breathe", "its not just twitching im ALSO dizzy", "nothing wrong EXCEPT ...".
BREAKS = re.compile(
    r"\b(?:but|except|although|though|however|and now|and then|also|apart from|other than|besides"
    r"|yet|still|because|cause|cos|coz|cuz|plus|whereas|while|instead|rather|actually|anyway"
    r"|except for|save for|after that|later|since then|then|now|which|who|whereby|only|just|as well"
    r"|otherwise|on the other hand|meanwhile|so now|and also|but also|even so|mind you|thats why"
    r"|the thing is|what i do have|what i have|the only thing)\b"
)
# "not just", "not only", "nothing but" keep their "just"/"only"/"but" from ending anything:
# they are handled as pseudo-negations instead (see dialog.negation).
_NOT_BREAKING = re.compile(r"\b(?:not just|not only|not merely|nothing but|none but)\b")

# Other people a caller speaks of ("my husband", "her little one").
KIN = (
    r"husband|wife|son|daughter|mom|mum|mam|mother|mama|dad|father|papa|brother|sister|friend"
    r"|partner|boyfriend|girlfriend|fiance|fiancee|spouse|grandma|grandmother|grandpa|grandfather"
    r"|grandad|granddad|nan|nana|nanna|gran|granny|baby|child|kid|kids|children|toddler|teenager"
    r"|uncle|aunt|auntie|cousin|roommate|flatmate|housemate|neighbou?r|colleague|coworker|boss"
    r"|patient|girl|boy|man|woman|lady|guy|niece|nephew|grandson|granddaughter|stepdad|stepmom"
    r"|stepmum|carer|client|mate|little one|one year old|old man|old lady|missus|missis|hubby"
)
# A new subject starts a new clause: "no weakness IVE had a fever", "no HE cant breathe".
SUBJECTS = re.compile(
    rf"\b(?:i|im|ive|id|ill|he|hes|hed|hell|she|shes|shed|shell|they|theyre|theyve|theyd|we|weve"
    rf"|it|its|there|theres|everything|everyone|everybody|somebody|someone is"
    rf"|(?:my|our|his|her|their|the) (?:\w+ )?(?:{KIN})s?"
    # a body part or faculty with its own verb after an answer word: "no, MY SPEECH is slurred"
    rf"|(?:my|our|his|her|their) (?:\w+ )?\w+(?= (?:is|are|was|were|isnt|arent|wasnt|werent|feels?"
    rf"|felt|seems?|seemed|keeps?|kept|went|goes|has|have|had|gets?|got|looks?|looked|sounds?)\b))\b"
)
# Subjects that say the state holds now ("if IM dizzy", "what if HES having a fit").
PRESENT_SUBJECTS = frozenset({"im", "hes", "shes", "theyre", "its", "theres"})

class Words:
    """Token view of one normalized utterance."""

    __slots__ = ("text", "tokens", "_starts", "breaks", "subjects", "ands")

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens: list[str] = text.split(" ") if text else []
        starts: list[int] = []
        offset = 0
        for token in self.tokens:
            starts.append(offset)
            offset += len(token) + 1
        self._starts = starts
        self.breaks: frozenset[int] = self._marks(BREAKS, exclude=_NOT_BREAKING)
        self.subjects: frozenset[int] = self._marks(SUBJECTS)
        self.ands: frozenset[int] = frozenset(i for i, t in enumerate(self.tokens) if t == "and")

    def token_at(self, char: int) -> int:
        """Index of the token that contains (or starts after) character `char`."""
        return max(0, bisect_right(self._starts, char) - 1)

    def token_end(self, char_end: int) -> int:
        """Exclusive token index for a span ending at `char_end`."""
        return bisect_right(self._starts, max(0, char_end - 1))

    def spans(self, pattern: re.Pattern[str]) -> list[tuple[int, int]]:
        """Token spans [start, end) of every match of `pattern`."""
        return [(self.token_at(m.start()), self.token_end(m.end())) for m in pattern.finditer(self.text)]

    def _marks(self, pattern: re.Pattern[str], exclude: re.Pattern[str] | None = None) -> frozenset[int]:
        skipped: set[int] = set()
        if exclude is not None:
            for start, end in self.spans(exclude):
                skipped.update(range(start + 1, end))
        return frozenset(s for s, _ in self.spans(pattern) if s not in skipped)

    def clause_bounds(self, start: int, end: int, limit: int = 12) -> tuple[int, int]:
        """The clause around tokens [start, end): widened to the nearest breaks, at most `limit` words each way."""
        left = start
        while left > 0 and start - left < limit and left not in self.breaks:
            left -= 1
        right = end
        while right < len(self.tokens) and right - end < limit and right not in self.breaks:
            right += 1
        return left, right

    def blocked(self, start: int, end: int, allowed_subjects: frozenset[int] = frozenset()) -> bool:
        """True when a break or a new subject lies in tokens [start, end)."""
        for i in range(start, end):
            if i in self.breaks:
                return True
            if i in self.subjects and i not in allowed_subjects:
                return True
        return False
