"""Constant or coming and going, and how long an episode lasts in the person's words.

When both readings are said without negation ("it comes and goes but today it's
constant"), constant wins: it is the doctor-level reading (seed 002 "persistent").
"""

from __future__ import annotations

import re
from typing import Literal

from dialog.understand.phrases import PhraseSet, norm
from models.answers import PatternAnswer

CONSTANT = PhraseSet([
    "constant", "constantly", "all the time", "never stops?", "never (?:really )?(?:stops?|goes away|ends)",
    "doesnt (?:ever )?(?:stop|go away|let up)", "wont stop", "non ?stop", "continuous\\w*", "always", "24 7",
    "all day(?: long)?", "all night(?: long)?", "the whole time", "every second", "steady", "persistent",
    "keeps? going", "without (?:stopping|a break)", "nonstop", "hasnt stopped", "never (?:really )?lets up",
    "every minute", "round the clock", "around the clock", "permanently", "permanent", "all day every day",
    "it is there all the time", "never goes away", "unrelenting", "ongoing",
])
INTERMITTENT = PhraseSet([
    "comes? and goes?", "come and go", "coming and going", "on and off", "off and on", "on and of", "on off",
    "in bursts?", "bursts?", "flicker\\w*", "every now and (?:then|again)", "now and (?:then|again)",
    "occasionally", "occasional", "sometimes", "from time to time", "every so often", "once in a while",
    "here and there", "intermittent\\w*", "random\\w*", "stops and starts", "starts and stops", "in waves",
    "waves", "episodes?", "times (?:a|an|per) (?:minute|hour|day|week|night)", "at a time",
    "each time", "every time", "every few (?:seconds|minutes|hours|days)", "(?:then|and) (?:it )?stops",
    "(?:then|and) goes away", "not constant", "not all the time", "not always", "little twitch\\w*",
    "twitches", "spells?", "bouts?", "off and on again", "stop and start", "then nothing", "every once in a while",
    "few times a day", "once or twice", "twice a day", "once a day", "a few seconds", "a second or two",
    "goes away", "it stops", "it comes back", "comes back", "on occasion", "periodically", "at times",
    "happens (?:a lot|often)", "here and there",
], exclude=["not (?:constant|all the time|always)"])
""""not constant" is matched whole, so its negation reads as coming and going."""

_NOT_INTERMITTENT = PhraseSet(["comes? and goes?", "on and off", "stops?"])
_NUMBER = r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|fifteen|twenty|thirty|forty|fifty|sixty|a few|few|a couple(?: of)?|several|some|a|an|half a|half an)"
EPISODE = re.compile(
    rf"(?<![a-z0-9])(?:(?:for|lasts?|lasting|about|around|maybe|like|only|just|roughly|up to|under|less than|over) )*"
    rf"(?:{_NUMBER}(?: (?:or|to) {_NUMBER})? (?:split )?(?:seconds?|secs?|minutes?|mins?|hours?|moments?)"
    rf"|a (?:split )?second(?: or (?:two|2))?|a moment|a few moments|a split second|a blink|an instant|seconds|minutes|hours)"
    rf"(?: or (?:two|2|three|3|so|more))?(?: (?:each time|at a time|every time|or so|each|at most|long|max|tops))*(?![a-z0-9])")
_FREQUENCY = re.compile(r"(?:times|once|twice|every|per)\s*$")
""""a few times an hour", "every few minutes": how often, not how long an episode lasts."""
BRIEF = re.compile(r"(?<![a-z])(?:brief\w*|quick|short|fleeting|tiny)(?![a-z])")


def find_pattern(normalized: str, *, strict: bool = False) -> PatternAnswer | None:
    constant = CONSTANT.positive(normalized)
    negated_constant = [h for h in CONSTANT.hits(normalized) if h.negated]
    intermittent = INTERMITTENT.positive(normalized)
    # "on and off all day": the day is when it comes and goes, not a twitch that never stops
    constant = [h for h in constant if not (h.text.startswith(("all day", "all night")) and any(
        i.end <= h.start and not normalized[i.end:h.start].strip() for i in intermittent))]
    if strict:
        # Over-answering: only the unmistakable phrases, not "sometimes" or "always" in a story.
        constant = [h for h in constant if h.text in ("constant", "constantly", "all the time", "non stop", "nonstop")
                    or "stop" in h.text or "continuous" in h.text]
        intermittent = [h for h in intermittent if re.search(r"comes? and go|coming and going|on and of|off and on"
                                                             r"|bursts?|intermittent|not constant|on off", h.text)]
    value: Literal["constant", "intermittent"] | None
    if constant:
        value = "constant"
    elif intermittent or negated_constant:
        value = "intermittent"
    elif any(h.negated for h in _NOT_INTERMITTENT.hits(normalized)) and not strict:
        value = "constant"  # "it doesnt stop", "it doesnt come and go"
    else:
        value = None
    episode_match = next((m for m in EPISODE.finditer(normalized)
                          if not _FREQUENCY.search(normalized[:m.start()])), None)
    episode = episode_match.group(0).strip() if episode_match else None
    if episode is None and not strict:
        brief = BRIEF.search(normalized)
        episode = brief.group(0) if brief and value == "intermittent" else None
    if value is None and episode is not None and not strict:
        value = "intermittent"  # an episode length means it stops in between
    if value is None:
        return None
    return PatternAnswer(pattern=value, episode=episode if value == "intermittent" or episode else None,
                         text=normalized)


def parse_pattern(text: str, *, strict: bool = False) -> PatternAnswer | None:
    """Constant or intermittent, with the episode length as said; `None` if neither was said."""
    return find_pattern(norm(text), strict=strict)
