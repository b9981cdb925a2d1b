"""Yes / no in all its spoken forms, and "I don't know"."""

from __future__ import annotations

from dialog.understand.phrases import compile_phrases, norm
from models.answers import YesNoAnswer

DONT_KNOW = compile_phrases([
    "i dont know", "dont know", "dunno", "idk", "(?:i have |ive got |i got )?no idea", "(?:im )?not (?:really |too |quite )?sure",
    "unsure", "no clue", "not a clue", "havent (?:got )?a clue", "(?:im )?not certain", "i cant remember",
    "cant remember", "dont remember", "cant recall", "dont recall", "i forget", "i forgot", "hard to say",
    "hard to tell", "difficult to say", "difficult to tell", "cant say", "cant tell", "couldnt say",
    "couldnt tell you", "who knows", "beats me", "i wouldnt know", "no way (?:to|of) knowing",
    "i dont really know", "never (?:really )?noticed", "didnt notice",
])
""""I don't know" and its cousins; removed before yes/no parsing so "no idea" is not a "no"."""

_NO = [
    "no", "nope", "nah", "naw", "na", "nay", "not really", "not at all", "not much", "not that much",
    "not so much", "not particularly", "(?:i )?dont think so", "i dont believe so", "(?:definitely|certainly|absolutely|of course) not",
    "not that i (?:know|can tell|can think|have noticed|noticed|am aware)(?: of)?", "none(?: of (?:those|them|that|these))?",
    "nothing(?: like (?:that|this))?", "negative", "never", "no way", "i dont", "it doesnt", "it isnt", "its not",
    "im not", "i havent", "it hasnt", "i wouldnt say so", "wouldnt say so", "not as far as i know",
    "not right now", "not currently", "not now", "no no", "nothing else", "all good", "im fine", "im okay",
    "im good", "im alright", "not really no", "hardly", "not anymore", "probably not", "maybe not",
    "i guess not", "i dont think it does", "not really sure",
]
_YES = [
    "yes", "yeah", "yea", "yep", "yup", "ya", "yah", "yes please", "aye", "sure", "of course", "definitely",
    "absolutely", "certainly", "correct", "thats right", "thats correct", "true", "indeed", "affirmative",
    "i think so", "i guess so", "i believe so", "i suppose so", "i guess", "probably", "i do", "it does",
    "it is", "i am", "i have", "it has", "a little(?: bit)?", "a bit", "a tad", "a lot", "kind of", "kinda",
    "sort of", "sorta", "somewhat", "slightly", "sometimes", "occasionally", "mostly", "partly", "totally",
    "uh huh", "mhm", "mm hm", "yes it does", "it does yes", "quite a bit", "very much", "for sure", "oh yes",
    "too right", "big time", "it sure does", "you bet", "pretty much", "maybe", "perhaps",
]
_NO_RE = compile_phrases(_NO)
_YES_RE = compile_phrases(_YES)
EARLY_WORDS = 4
"""A yes or no counts only near the start: later ones belong to a story ("... and no fever")."""


def strip_dont_know(normalized: str) -> tuple[str, bool]:
    """The text without its "don't know" phrases, and whether there was one."""
    stripped, count = DONT_KNOW.subn(" ", normalized)
    return " ".join(stripped.split()), count > 0


def says_dont_know(text: str) -> bool:
    return bool(DONT_KNOW.search(norm(text)))


def yes_or_no(normalized: str, *, anywhere: bool = False) -> tuple[bool, str] | None:
    """The first yes or no in `normalized` (already without "don't know" phrases).

    At the same position the longer phrase wins, so "not really" beats a
    bare "not" and "of course not" beats "of course".
    """
    if normalized == "not":
        # The whole answer "not": a recognizer's "no" (PocketSphinx hears an 8 kHz "no" as
        # "not"); nobody says "not" alone to mean anything else.
        return False, "not"
    best: tuple[int, int, bool, str] | None = None
    for value, pattern in ((False, _NO_RE), (True, _YES_RE)):
        m = pattern.search(normalized)
        if m is None:
            continue
        key = (m.start(), -(m.end() - m.start()))
        if best is None or key < (best[0], best[1]):
            best = (m.start(), -(m.end() - m.start()), value, m.group(0))
    if best is None:
        return None
    if not anywhere and len(normalized[:best[0]].split()) > EARLY_WORDS:
        return None
    return best[2], best[3]


def parse_yesno(text: str) -> YesNoAnswer | None:
    """A yes or a no ("yeah", "a little", "i think so"; "nope", "not really", "no just her hands")."""
    normalized, _ = strip_dont_know(norm(text))
    found = yes_or_no(normalized)
    if found is None:
        return None
    return YesNoAnswer(value=found[0], text=normalized)

