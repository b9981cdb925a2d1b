"""How severe the twitching is (mild / moderate / severe, or a score out of ten) and whether it is getting worse.

Judgement calls (policy: when in doubt, the more urgent reading):
- Two levels in one answer take the higher: "mild to moderate" is moderate.
- "pretty bad", "really bad", and a bare "bad" are severe: an intensified or
  unqualified "bad", given in answer to "mild, moderate or severe?", is the
  top choice offered, and doubt escalates. "not bad" and "not too bad" are mild.
- A score maps 0-3 mild, 4-6 moderate, 7-10 severe (the usual pain-scale bands).
- "not severe", like "not bad", is mild (what people mean by it); any other
  negated level ("not mild") leaves moderate.
"""

from __future__ import annotations

import re

from dialog.understand.phrases import PhraseSet, digits, norm
from dialog.understand.yesno import strip_dont_know, yes_or_no
from models.answers import SeverityAnswer

Level = str
PLAIN_YES_NO = frozenset({"yes", "yeah", "yep", "yup", "ya", "yea", "no", "nope", "nah", "not really", "i think so",
                           "i dont think so", "definitely", "definitely not", "not at all", "a little", "a bit",
                           "a little bit", "sure", "absolutely", "probably", "probably not", "i guess so"})
"""Yes / no words that can answer "is it getting worse?" on their own ("a lot" in "it hurts a lot" cannot)."""
_RANK = {"mild": 0, "moderate": 1, "severe": 2}

LEVELS: dict[Level, PhraseSet] = {
    "mild": PhraseSet([
        "mild", "mildly", "slight", "slightly", "minor", "light", "small", "little", "tiny", "faint", "gentle",
        "barely(?: noticeable)?", "hardly noticeable", "not (?:too |that |so |very |really )?bad", "not (?:too |that |so |very )?strong",
        "not (?:too |that |so |very )?severe", "weak", "subtle", "bearable", "manageable", "annoying", "just annoying",
        "nothing (?:major|serious|much)", "low", "fine", "okay", "mild ish", "not a big deal", "no big deal",
    ], exclude=["a little bit worse", "little bit worse", "a little worse", "not too bad to"]),
    "moderate": PhraseSet([
        "moderate\\w*", "medium", "middle", "in the middle", "in between", "in-between", "average", "fair", "fairly (?:bad|strong)",
        "noticeable", "quite noticeable", "somewhere in between", "mid", "so so", "halfway",
    ], exclude=["(?:barely|hardly|not very|not really) noticeable"]),
    "severe": PhraseSet([
        "severe\\w*", "really bad", "very bad", "pretty bad", "quite bad", "so bad", "super bad", "too bad", "bad",
        "terrible", "terribly", "awful", "horrible", "horrendous", "extreme\\w*", "intense", "violent\\w*",
        "unbearable", "excruciating", "agoni\\w*", "debilitating", "worst", "really strong", "very strong",
        "strong", "serious", "massive", "huge", "big", "heavy", "crazy", "insane", "out of control", "really hurts",
        "hurts (?:a lot|so much|badly)",
    ], exclude=["not (?:too |that |so |very |really )?(?:bad|strong|severe)", "too bad to", "nothing serious",
               "worst (?:case|thing)", "big deal"]),
}
_STRICT_LEVELS = re.compile(r"(?<![a-z])(?:mild|moderate|medium|severe|really bad|very bad|pretty bad|terrible"
                            r"|extreme|intense|unbearable)(?![a-z])(?! (?:headache|pain|cramps?|fever|ache|cold|flu))")
"""Over-answering reads only plain level words, and not about another complaint ("a mild headache")."""

SCORE = re.compile(r"(?<![0-9.])(?P<score>10|\d)(?: (?:or|to|and) (?P<score2>10|\d))? ?(?:out of|outta|over|of|on a scale of|/|)"
                   r" ?10(?![0-9])(?! (?:minutes?|seconds?|hours?|days?|weeks?|months?|years?|times?))")
_BARE_SCORE = re.compile(r"(?:^|(?<![a-z0-9])(?:an?|about|around|maybe|like|probably|say|its|rate it|roughly|perhaps|give it|call it|is) )"
                         r"(?P<score>10|\d)(?: (?:or|to|and|maybe) (?P<score2>10|\d))?(?![0-9.])"
                         r"(?! (?:minutes?|seconds?|hours?|days?|weeks?|months?|years?|times?|am|pm|cups?|coffees?))")
"""A bare rating under the severity question: "seven", "id say a four", "i would rate it an eight"."""

WORSE = PhraseSet([
    "(?:getting|got|gotten|get|gets|become|becoming|became|grown|growing|grew|seems?) (?:a lot |much |a bit |a little |slightly "
    "|way |even |quite a bit |a little bit )?(?:worse|stronger|more frequent|more often|more intense|bigger|more noticeable|more)",
    "worse", "worsening", "worsen\\w*", "increasing", "increased", "spreading", "spread", "escalating", "more and more",
    "progress\\w*", "intensif\\w*", "more often", "more frequent\\w*", "stronger",
], exclude=["worse (?:in|at) (?:the )?(?:morning|evening|night)s?", "more or less"])
BETTER = PhraseSet([
    "(?:getting|got|gotten) better", "better", "improving", "improved", "easing", "eased", "settling", "settled",
    "calming down", "going away", "fading", "(?:about|pretty much|kind of|much|staying|stayed|stays|still|always|just) the same",
    "same as (?:before|always|usual|ever)", "(?:its|it is|the) same", "same", "no change", "not changed", "hasnt changed", "unchanged", "stable", "steady",
    "not getting worse", "isnt getting worse", "no worse", "not worse", "hasnt (?:gotten|got) worse", "not any worse",
    "less", "not really changing", "not changing",
])
_WORSE_NEGATED_HERE = re.compile(r"(?<![a-z])(?:not|isnt|hasnt|no|doesnt|dont|never|wouldnt|wont)(?: \w+){0,3}? (?:getting |got |gotten |any )?worse")


def _levels(text: str) -> tuple[list[Level], list[Level]]:
    said: list[Level] = []
    negated: list[Level] = []
    for level, phrases in LEVELS.items():
        for hit in phrases.hits(text):
            (negated if hit.negated else said).append(level)
    return said, negated


def _score(text: str, bare: bool) -> int | None:
    m = SCORE.search(text)
    if m is None and bare:
        m = _BARE_SCORE.search(text)
    if m is None:
        return None
    values = [int(v) for v in (m.group("score"), m.group("score2")) if v is not None]
    best = max(values)
    return best if best <= 10 else None


def _score_level(score: int) -> Level:
    return "mild" if score <= 3 else "moderate" if score <= 6 else "severe"


def _worsening(text: str) -> bool | None:
    better = BETTER.positive(text)
    worse = [h for h in WORSE.positive(text)
             if not any(b.start <= h.start < b.end for b in better)]
    if _WORSE_NEGATED_HERE.search(text):
        return False
    if worse:
        return True
    if better or any(h.negated for h in WORSE.hits(text)):
        return False
    return None


def find_severity(normalized: str, *, strict: bool = False) -> SeverityAnswer | None:
    text, _ = strip_dont_know(normalized)
    number_text = digits(text)
    score = _score(number_text, bare=not strict)
    if strict:
        said = [m.group(0) for m in _STRICT_LEVELS.finditer(text)]
        levels = ["moderate" if w == "medium" else "severe" if w not in ("mild", "moderate") else w for w in said]
        if not levels and score is None:
            return None  # a worsening word alone is not enough to skip the severity question
        worsening = _worsening(text)
        negated: list[Level] = []
    else:
        levels, negated = _levels(text)
        worsening = _worsening(text)
    if score is not None:
        levels.append(_score_level(score))
    if not levels and "severe" in negated:
        levels.append("moderate")  # "not severe": less than severe, the higher of what remains
    elif not levels and "mild" in negated:
        levels.append("moderate")
    level = max(levels, key=_RANK.__getitem__) if levels else None
    if level is None and worsening is None and not strict:
        found = yes_or_no(text)
        if found is not None and found[1] in PLAIN_YES_NO:
            worsening = found[0]  # a bare yes / no answers the last question asked: "is it getting worse?"
    if level is None and score is None and worsening is None:
        return None
    return SeverityAnswer(level=level, score=score, worsening=worsening, text=normalized)  # type: ignore[arg-type]


def parse_severity(text: str, *, strict: bool = False) -> SeverityAnswer | None:
    """Mild / moderate / severe, a score out of ten, and getting worse or not; `None` if none said."""
    return find_severity(norm(text), strict=strict)
