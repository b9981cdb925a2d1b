"""What the list questions share: "no", "nothing", "none" mean none; a vocabulary per item."""

from __future__ import annotations

import re
from collections.abc import Sequence

from dialog.understand.phrases import PhraseSet
from dialog.understand.yesno import strip_dont_know, yes_or_no

NONE_SENTENCE = re.compile(
    r"^(?:(?:no|nope|nah|none|nothing|not really|not that i (?:know|can think) of|none that i know of|i dont think so"
    r"|none of (?:those|them|that|these|the above)|nothing (?:else|more|like that|at all|of the sort|of that sort|really)"
    r"|thats it|thats all|thats about it|just that|all good|im (?:fine|good|okay|healthy) (?:otherwise|apart from that)"
    r"|(?:otherwise )?(?:im )?(?:fine|healthy|okay) otherwise|im healthy|healthy|fit and healthy|not at all|no other \w+"
    r"|no \w+|not any|not on any|i dont (?:take|have) any(?:thing)?|not taking any(?:thing)?|nothing regular"
    r"|(?:i dont|im not|i take no|im taking no|not|no) (?:take |taking |on |using |have |having )?(?:any |no )?"
    r"(?:regular |prescription |other )?(?:medicines?|medications?|meds|pills?|tablets?|drugs?|prescriptions?)"
    r"(?: at all| regularly| currently| right now| these days)?"
    r"|(?:just|only) (?:the )?(?:twitch\w*|that|this|it)|no not really|none at all|not a thing|never|not really no|no thanks|i dont|nothing i can think of|no nothing)\s*)+$")
""""no nothing else", "none of those", "not that i know of": the whole answer says none."""

CONTENT_WORDS = 3
"""An answer this long that names nothing known is kept as said (the doctor can read it)."""


def says_none(text: str, found_anything: bool) -> bool:
    if found_anything:
        return False
    if NONE_SENTENCE.match(text):
        return True
    answer = yes_or_no(text)
    return answer is not None and answer[0] is False and answer[1].split()[0] in STRONG_NO \
        and len(text[:text.find(answer[1])].split()) <= 1


STRONG_NO = frozenset({"no", "nope", "nah", "naw", "none", "nothing", "never", "negative", "not"})
"""A leading "i havent been sleeping" is a story, not a "no"; only these open a none answer."""


def only_negated(groups: Sequence[tuple[str, PhraseSet]], text: str) -> bool:
    """Every item named was negated ("i dont drink coffee", "no weakness"): a none answer."""
    return any(h.negated for _, phrases in groups for h in phrases.hits(text))


def positive_ids(groups: Sequence[tuple[str, PhraseSet]], text: str) -> tuple[str, ...]:
    ids: list[str] = []
    for ident, phrases in groups:
        if ident not in ids and phrases.search(text):
            ids.append(ident)
    return tuple(ids)


def substantive(text: str) -> bool:
    """Enough words to be an answer worth recording even when no item is recognized."""
    return len(text.split()) >= CONTENT_WORDS


def kept_as_said(text: str) -> bool:
    """A yes, or words enough to record, naming nothing known: an answer the doctor reads in
    the person's own words."""
    answer = yes_or_no(text)
    return (answer is not None and answer[0]) or substantive(text)


ALL_OF_THEM = re.compile(r"(?<![a-z])(?:all of (?:them|those|the above|that|it)|all (?:those|of those|the above)|everything"
                         r"|the lot|all the above)(?![a-z])")


def read_list(normalized: str, groups: Sequence[tuple[str, PhraseSet]], *, strict: bool = False,
              everything: tuple[str, ...] = ()) -> tuple[tuple[str, ...], bool] | None:
    """A list question's answer as (the items named, whether it says none); None when not
    understood. Items are `groups` said and not negated; "no", "nothing" or only negated items
    say none; a yes or a longer answer naming nothing known is kept, with neither.
    `everything`: the items "all of them" stands for, when the question listed them.
    `strict` (an answer heard while another question was open): named items only."""
    text, _ = strip_dont_know(normalized)
    ids = positive_ids(groups, text)
    if not strict and everything and not ids and ALL_OF_THEM.search(text):
        ids = everything
    if ids:
        return ids, False
    if strict:
        return None
    if says_none(text, False) or only_negated(groups, text):
        return (), True
    if kept_as_said(text):
        return (), False
    return None
