"""Is it in more than one place? A yes / no, plus any additional places named."""

from __future__ import annotations

import re

from dialog.understand.location import find_location
from dialog.understand.phrases import norm
from dialog.understand.yesno import strip_dont_know, yes_or_no
from models.answers import LocationAnswer, YesNoAnswer

ONLY_ONE = re.compile(
    r"^(?:(?:um|well|oh|no|nope|nah) )*(?:just|only|its just|its only|it is just|only ever|just ever|always|its always)"
    r"(?: (?:the|that|this|my|her|his|in|on|there|one|1|place|spot|area|same|one place|one spot|in the one))*(?![a-z])"
    r"|^(?:(?:um|well|oh) )*(?:one place|one spot|the one place|the same place|same place|same spot|just one|only one"
    r"|only there|just there|just the one|only the one|single)(?![a-z])")
""""just the one", "only my calf", "always the same spot": a no."""
SEVERAL = re.compile(
    r"(?<![a-z])(?:(?:moves?|moving|jumps?|jumping) around|different (?:places|spots|areas|parts|muscles)|other (?:places|spots|areas|parts|side)"
    r"|(?:a few|several|many|lots of|multiple|two|three|a couple of|various|random) (?:places|spots|areas|parts|muscles)"
    r"|as well|too|also|both|all over|everywhere|here and there|the other (?:one|side|leg|arm|eye|hand|foot)"
    r"|sometimes (?:in )?(?:my|the|her|his))(?![a-z])")


def find_multiple(normalized: str) -> tuple[YesNoAnswer | None, LocationAnswer | None]:
    text, _ = strip_dont_know(normalized)
    places = find_location(text)
    answer = yes_or_no(text)
    value: bool | None = answer[0] if answer is not None else None
    if value is not False and ONLY_ONE.search(text):
        value = False
    if value is None and (places is not None or SEVERAL.search(text)):
        value = True  # naming more places, or "it moves around", answers yes
    if value is None:
        return None, None
    extra = places if value and places is not None else None
    return YesNoAnswer(value=value, text=normalized), extra


def parse_multiple_locations(text: str) -> YesNoAnswer | None:
    """Yes / no to "is it in more than one place?"; the places named come from `parse_location`."""
    return find_multiple(norm(text))[0]
