"""Where the twitching is: body parts with their coarse region and side, or "all over"."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from dialog.understand.lexicon import BodyPart, lexicon
from dialog.understand.phrases import PhraseSet, norm, words_before
from models.answers import LocationAnswer, Place, Region, Side


@dataclass(frozen=True)
class _PartInfo:
    part: BodyPart
    region: Region


@dataclass
class _Found:
    start: int
    end: int
    word_start: int
    word_end: int
    info: _PartInfo
    said: str
    side: Side | None = None


DETERMINERS = frozenset({
    "my", "her", "his", "their", "your", "our", "the", "both", "left", "right", "upper", "lower", "top",
    "bottom", "inner", "outer", "mid", "middle", "a", "an", "in", "on", "each", "either", "two", "whole",
    "entire", "other", "this", "that", "one", "under", "above", "behind", "around", "near", "sides", "side",
})
_PREPARE: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(a), b) for a, b in (
    (r"\b(left|right) hand side\b", r"\1 side"),
    (r"\bon the other hand\b", " "),
    (r"\bback of (?=(?:my|her|his|the|their|your) )", "on "),  # "the back of my hand" is the hand
    (r"\b(?:came|come|comes|coming|go|goes|going|went|got|get|gets|be|is|its|days|weeks|months|years|while|way"
     r"|bring|brings|brought|keeps coming|turn|turned) back\b", " "),
    (r"\bback (?=(?:then|again|and forth|to|when|home|up|off|in the day)\b)", " "),
    (r"\bhead to (?:toe|foot)\b", "all over"),
))
_SIDE = re.compile(r"(?<![a-z])(?P<side>left and right|right and left|left|right|both|either|each|two|the other)(?![a-z])")
_SIDE_AFTER = re.compile(r"^(?: (?:(?!and |or |but |also )\w+ ){0,2}?)(?:on )?(?:the )?(?:(?P<side>left|right|both)(?: one| side| sides| hand side)?"
                         r"|both sides|each side|either side)(?![a-z])")
_ON_BOTH_SIDES = re.compile(r"(?<![a-z])(?:on )?both sides(?![a-z])")
LINKS = frozenset({"near", "by", "at", "on", "of", "in", "under", "above", "below", "around", "the", "my", "her",
                    "his", "like", "part", "lower", "upper", "bottom", "top", "inner", "outer", "side", "base",
                    "just", "right", "close", "to", "next", "area"})
"""Words that tie a finer part to the coarser one before it: "my left hand near the thumb"."""
_THE_OTHER_ONE = re.compile(r"(?<![a-z])(?:the|my|her|his|their|your) (?P<side>left|right|other) (?:one|side)(?![a-z])")
""""the left one too", "the other side": the same paired part named before, on that side."""
_ALL_OVER_NOT = re.compile(r"^ (?:my |the |her |his |their |your )?(?:whole |entire |left |right )?(?P<word>\w+)")


@lru_cache(maxsize=1)
def body_parts() -> tuple[re.Pattern[str], tuple[_PartInfo, ...], PhraseSet]:
    infos: list[_PartInfo] = []
    alternatives: list[tuple[int, str]] = []
    for region in lexicon().body_region:
        for part in region.parts:
            index = len(infos)
            infos.append(_PartInfo(part, region.region))
            words = sorted(part.words, key=len, reverse=True)
            alternatives.append((len(words[0]), f"(?P<p{index}>" + "|".join(words) + ")"))
    # Longest first across parts too, so "shoulder blade" wins over "shoulder".
    ordered = [alt for _, alt in sorted(alternatives, key=lambda a: -a[0])]
    # The modifier is tried last ("??"), so a part that has it in its name wins: "lower back"
    # is the lower back, while "lower calf" is still the calf.
    pattern = re.compile(r"(?<![a-z0-9])(?:(?:upper|lower|top|bottom|inner|outer|mid|middle) )??(?:"
                         + "|".join(ordered) + r")(?![a-z0-9])")
    all_over = lexicon().all_over
    return pattern, tuple(infos), PhraseSet(all_over.phrases, all_over.exclude)


def _plural(said: str, part: BodyPart) -> bool:
    last = said.split()[-1]
    return part.paired and (last.endswith("s") and not last.endswith("ss") and last not in ("abs", "biceps", "triceps")
                            or last in ("feet", "calves"))


def _find(text: str, strict: bool) -> list[_Found]:
    pattern, infos, _ = body_parts()
    found: list[_Found] = []
    counted_to, words_so_far = 0, 0
    for m in pattern.finditer(text):
        index = next(int(k[1:]) for k, v in m.groupdict().items() if v is not None)
        words_so_far += len(text[counted_to:m.start()].split())
        counted_to = m.start()
        if strict and not set(words_before(text, m.start(), 3)) & DETERMINERS:
            continue  # over-answering needs "my calf", not a stray "calf"
        word_start = words_so_far
        found.append(_Found(m.start(), m.end(), word_start, word_start + len(m.group(0).split()),
                            infos[index], m.group(0)))
    return found


def _assign_sides(text: str, found: list[_Found]) -> None:
    words = text.split()
    for n, item in enumerate(found):
        floor = found[n - 1].word_end if n else 0
        window = words[max(floor, item.word_start - 5):item.word_start]
        side = _side_in(" ".join(window))
        if side is None and n:
            previous = found[n - 1]
            between = words[previous.word_end:item.word_start]
            if previous.side and previous.info.part.part in item.info.part.within and set(between) <= LINKS:
                side = previous.side  # "my left hand near the thumb": the thumb is on the left hand
        if side is None:
            ceiling = found[n + 1].start if n + 1 < len(found) else len(text)
            after = _SIDE_AFTER.match(text[item.end:ceiling])
            if after:
                side = _side_word(after.group("side") or "both")
        if side is None and _plural(item.said, item.info.part):
            side = "both"  # "my arms", "her hands"
        item.side = side
    if len(found) == 1 and found[0].side is None and _ON_BOTH_SIDES.search(text):
        found[0].side = "both"


def _side_in(window: str) -> Side | None:
    sides = [m.group("side") for m in _SIDE.finditer(window)]
    if not sides:
        return None
    return _side_word(sides[-1])


def _side_word(word: str) -> Side | None:
    if word in ("left", "right"):
        return word  # type: ignore[return-value]
    if word == "the other":
        return None
    return "both"


def _other_ones(text: str, found: list[_Found]) -> list[_Found]:
    """ "my right calf mostly, sometimes the left one too": a second place, the calf on the left."""
    extra: list[_Found] = []
    for m in _THE_OTHER_ONE.finditer(text):
        if any(f.start <= m.start() < f.end or m.start() <= f.start < m.end() for f in found):
            continue  # "the left side of my face" names its own part
        before = [f for f in found if f.end <= m.start() and f.info.part.paired]
        if not before or any(f.start >= m.end() and text[m.end():f.start].split()[:1] == ["of"] for f in found):
            continue
        named = before[-1]
        side: Side | None = m.group("side")  # type: ignore[assignment]
        if side == "other":
            side = {"left": "right", "right": "left"}.get(named.side or "")  # type: ignore[assignment]
        if side is None or side == named.side:
            continue
        word = len(text[:m.start()].split())
        extra.append(_Found(m.start(), m.end(), word, word + 3, named.info, named.said, side))
    return extra


def _both_sides(places: list[Place]) -> list[Place]:
    """The left and the right of one part are both of it, said once: "both calves"."""
    out: list[Place] = []
    for place in places:
        same = next((i for i, p in enumerate(out) if p.part == place.part), None)
        if same is None:
            out.append(place)
            continue
        had = out[same]
        if had.side == place.side or place.side is None:
            continue  # named again: one place ("my thigh" after "my right thigh")
        if had.side is None:
            out[same] = place  # now with its side
        elif {had.side, place.side} == {"left", "right"} or "both" in (had.side, place.side):
            out[same] = had.model_copy(update={"side": "both"})
    return out


def merge_locations(old: LocationAnswer, new: LocationAnswer) -> LocationAnswer:
    """Two answers about where (to "where?" and to "more than one place?"), each place once:
    "right thigh" and "my foot and thigh" are the right thigh and a foot; "right calf" and "both
    calves" are both calves."""
    text = f"{old.text} / {new.text}" if old.text and new.text and old.text != new.text else (new.text or old.text)
    return LocationAnswer(places=tuple(_both_sides(list(old.places) + list(new.places))),
                          all_over=old.all_over or new.all_over, text=text)


def place_count(location: LocationAnswer) -> int:
    """How many places an answer names: a part on both sides is two ("both calves")."""
    return len({(p.part, side) for p in location.places
                for side in (("left", "right") if p.side == "both" else (p.side,))})


_IRREGULAR_PLURALS = {"calf": "calves", "foot": "feet", "tooth": "teeth"}


def plural(part: str) -> str:
    """A part said of both sides: "both calves", "both feet", "both eyes"."""
    if part in _IRREGULAR_PLURALS:
        return _IRREGULAR_PLURALS[part]
    return part if part.endswith("s") else part + "s"


def _merge(found: list[_Found]) -> list[Place]:
    """One place per spot: a finer part swallows the coarser one it lies in."""
    places: list[Place] = []
    items = list(found)
    dropped: set[int] = set()
    for i, coarse in enumerate(items):
        for j, fine in enumerate(items):
            if i == j or j in dropped:
                continue
            if coarse.info.part.part in fine.info.part.within and \
                    (coarse.side is None or fine.side is None or coarse.side == fine.side):
                fine.side = fine.side or coarse.side
                dropped.add(i)
                break
    seen: set[tuple[str, str | None]] = set()
    for i, item in enumerate(items):
        if i in dropped:
            continue
        key = (item.info.part.part, item.side)
        if key in seen:
            continue
        seen.add(key)
        places.append(Place(part=item.info.part.part, region=item.info.region, side=item.side))
    return _both_sides(places)


def _all_over(text: str, strict: bool) -> bool:
    _, _, phrases = body_parts()
    pattern, _, _ = body_parts()
    for hit in phrases.hits(text):
        if hit.negated:
            continue
        if hit.text in ("all over", "everywhere", "all over the place"):
            follow = _ALL_OVER_NOT.match(text[hit.end:])
            if follow and follow.group("word") in ("on", "in", "my", "her", "his") or \
                    (follow and pattern.match(text, hit.end + follow.start("word"))):
                continue  # "all over my arm" is the arm
            if strict and hit.text != "everywhere":
                continue  # "shaking all over" in another answer is not a location
        return True
    return False


def find_location(normalized: str, *, strict: bool = False) -> LocationAnswer | None:
    text = normalized
    for pattern, replacement in _PREPARE:
        text = pattern.sub(replacement, text)
    text = " ".join(text.split())
    found = _find(text, strict)
    _assign_sides(text, found)
    found = sorted(found + _other_ones(text, found), key=lambda f: f.start)
    places = _merge(found)
    all_over = _all_over(text, strict)
    if not places and not all_over:
        return None
    return LocationAnswer(places=tuple(places), all_over=all_over, text=normalized)


def parse_location(text: str, *, strict: bool = False) -> LocationAnswer | None:
    """Body parts with region and side ("left calf", "her hands"), or all over; `None` if none named.

    `strict` (used when another question is open) needs "my calf" rather than a
    bare part name, and a whole-body phrase rather than a bare "all over".
    """
    return find_location(norm(text), strict=strict)

