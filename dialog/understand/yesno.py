"""Yes / no in all its spoken forms, and "I don't know"."""

from __future__ import annotations

import re

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

NO_PHRASES = [
    "no", "nope", "nah", "naw", "na", "nay", "not really", "not at all", "not much", "not that much",
    "not so much", "not particularly", "(?:i )?dont think so", "i dont believe so", "(?:definitely|certainly|absolutely|of course) not",
    "not that i (?:know|can tell|can think|have noticed|noticed|am aware)(?: of)?", "none(?: of (?:those|them|that|these))?",
    "nothing(?: like (?:that|this))?", "negative", "never", "no way", "i dont", "it doesnt", "it isnt", "its not",
    "im not", "i havent", "it hasnt", "i wouldnt say so", "wouldnt say so", "not as far as i know",
    "not right now", "not currently", "not now", "no no", "nothing else", "all good", "im fine", "im okay",
    "im good", "im alright", "not really no", "hardly", "not anymore", "probably not", "maybe not",
    "i guess not", "i dont think it does", "not really sure",
]
YES_PHRASES = [
    "yes", "yeah", "yea", "yep", "yup", "ya", "yah", "yes please", "aye", "sure", "of course", "definitely",
    "absolutely", "certainly", "correct", "thats right", "thats correct", "true", "indeed", "affirmative",
    "i think so", "i guess so", "i believe so", "i suppose so", "i guess", "probably", "i do", "it does",
    "it is", "i am", "i have", "it has", "a little(?: bit)?", "a bit", "a tad", "a lot", "kind of", "kinda",
    "sort of", "sorta", "somewhat", "slightly", "sometimes", "occasionally", "mostly", "partly", "totally",
    "uh huh", "mhm", "mm hm", "yes it does", "it does yes", "quite a bit", "very much", "for sure", "oh yes",
    "too right", "big time", "it sure does", "you bet", "pretty much", "maybe", "perhaps",
]
_NO_RE = compile_phrases(NO_PHRASES)
_YES_RE = compile_phrases(YES_PHRASES)
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


_YES_HEDGES = compile_phrases([
    "maybe", "perhaps", "possibly", "probably", "kind of", "kinda", "sort of", "sorta", "somewhat", "a little(?: bit)?",
    "a bit", "a tad", "slightly", "sometimes", "i guess", "i suppose", "i think so", "i guess so", "partly",
])


def hedge_then_no(normalized: str) -> bool:
    """A hedged yes taken back at once ("sorta, not really", "kinda no"): neither a yes nor a
    no, so the question is asked again."""
    found = yes_or_no(normalized)
    if found is None or not found[0] or not _YES_HEDGES.fullmatch(found[1]):
        return False
    rest = normalized[normalized.find(found[1]) + len(found[1]):]
    taken_back = _NO_RE.search(rest)
    return taken_back is not None and taken_back.start() == len(rest) - len(rest.lstrip())


def parse_yesno(text: str) -> YesNoAnswer | None:
    """A yes or a no ("yeah", "a little", "i think so"; "nope", "not really", "no just her hands")."""
    normalized, _ = strip_dont_know(norm(text))
    found = yes_or_no(normalized)
    if found is None:
        return None
    return YesNoAnswer(value=found[0], text=normalized)



_HEDGE_WORDS = compile_phrases([
    "maybe", "perhaps", "possibly", "probably", "kind of", "kinda", "sort of", "sorta", "somewhat", "a little",
    "a bit", "a little bit", "i think so", "i guess", "i guess so", "i suppose", "i suppose so", "might be",
    "could be", "not sure", "im not sure", "i dont know", "dont know", "unsure", "yes", "yeah", "um", "well",
    "i think", "a tad", "slightly", "sometimes", "hmm",
])
_HEDGE_ONLY = compile_phrases(["yes", "yeah", "um", "well", "i think", "hmm"])
_CONSENT_WORDS = compile_phrases([
    "sure", "okay", "ok", "alright", "all right", "go ahead", "go on", "lets (?:start|go|begin|do (?:it|this|that))",
    "start", "begin", "ready", "im ready", "sounds good", "fine", "please", "yes", "yeah", "yep", "right", "cool",
    "great", "thanks", "thank you", "of course", "lets get started", "lets get going", "go for it",
])
_PLAIN_YES = compile_phrases(["yes", "yeah", "yep", "yes please", "please", "right", "of course"])


def _only(pattern: re.Pattern[str], normalized: str) -> bool:
    return bool(normalized) and not pattern.sub(" ", normalized).strip()


def bare_hedge(normalized: str) -> bool:
    """A reply that only hedges ("maybe", "kinda", "sort of", "i think so"): to a question about
    several things at once, it names none of them."""
    return _only(_HEDGE_WORDS, normalized) and not _only(_HEDGE_ONLY, normalized)


def consents(normalized: str) -> bool:
    """A reply that agrees to go on ("sure", "okay", "yes go ahead", "ok lets start") rather than
    answering a question; a plain "yes" (or "yes please") is not this: it answers."""
    return _only(_CONSENT_WORDS, normalized) and not _only(_PLAIN_YES, normalized)


_FINE = re.compile(
    r"(?<![a-z])(?:(?:is|are|its|feels?|seems?|looks?|was|went|been|working|works) (?:\w+ )?"
    r"(?:fine|okay|ok|alright|all right|normal|good|clear|perfect|great)"
    r"|(?:i can|can|i could) (?:\w+ ){0,4}?(?:fine|okay|ok|normally|properly|alright|no problem|perfectly)"
    r"|(?:it|its|it is|it only|it just) (?:just |only )?(?:a |the )?(?:twitch\w*|jump\w*|flicker\w*|spasm\w*)"
    r"|just (?:a |the |twitch\w* )?(?:twitch\w*|jump\w*|flicker\w*)|nothing wrong|no problem|all good)(?![a-z])")
_NOT_FINE = re.compile(
    r"(?<![a-z])(?:but|except|though|although|however|not|cant|cannot|isnt|wont|doesnt|dont|couldnt|wasnt"
    r"|hard|trouble|difficult|worse|weird|strange|funny|off)(?![a-z])")


def says_fine(normalized: str) -> bool:
    """A reply saying the function is fine ("my sight is fine", "i can move it fine", "it just
    twitches"): a no to "is that happening now?". Any word of trouble or contrast makes it unclear."""
    return _FINE.search(normalized) is not None and _NOT_FINE.search(normalized) is None


_PARDON = re.compile(r"^(?:(?:im |i am )?sorry|what|pardon(?: me)?|excuse me|huh|come again|say (?:that|it) again"
                     r"|what was that|what did you (?:say|ask|mean)|sorry what|repeat(?: that| the question)?)"
                     r"(?: please| again)?$")


def says_pardon(normalized: str) -> bool:
    """"Sorry?", "what?", "pardon": the question was not heard or not understood."""
    return _PARDON.match(normalized) is not None
