"""How long the twitching has lasted, in days: "three weeks", "since monday", "48 hours".

Judgement calls (policy: "more than 3 days" is the doctor threshold, exactly
three is not more; when in doubt, the more urgent reading):
- "a few days" is 3, so it stays at the threshold; "several days" is 4, because
  several means more than a few in everyday speech and doubt escalates.
- A range takes its larger end: "three or four days" is 4.
- "over a week" / "more than three days" add a day: more than three days is 4.
- Vague long spans ("for ages", "a long time") are 30 days; "a while" is 7.
- A count said without a number ("a few weeks", "several days") is read as above for the
  rules, and kept in the person's words (`said_as`) to be said back and written: "a few
  weeks" is at least two weeks, past the threshold however it is read, but not "three weeks".
- A weekday or "the weekend" needs `today`; without one we assume 7 days, the
  conservative reading (it is past the threshold and at most a week ago).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from dialog.understand.phrases import digits, norm, words_before
from models.answers import DurationAnswer

UNIT_DAYS: dict[str, float] = {
    "minute": 1 / 1440, "min": 1 / 1440, "hour": 1 / 24, "hr": 1 / 24, "day": 1, "night": 1,
    "week": 7, "wk": 7, "fortnight": 14, "month": 30, "year": 365, "yr": 365, "decade": 3650,
}
VAGUE: dict[str, float] = {
    "a couple of": 2, "a couple": 2, "couple of": 2, "couple": 2, "a good couple of": 2,
    "a few": 3, "few": 3, "just a few": 3, "a good few": 4, "quite a few": 5, "several": 4,
    "some": 3, "a number of": 4, "a handful of": 4, "many": 7, "so many": 7, "a bunch of": 4,
}
"""Counts people say without a number; see the module docstring for "a few" and "several"."""
_UNCLEAR = frozenset(q for q in VAGUE if "couple" not in q)
"""Counts whose number is a guess: kept in the person's words ("a couple" is two)."""
_HEDGES = frozenset({"about", "around", "roughly", "approximately", "like", "maybe", "probably"})

BARE_PLURAL: dict[str, float] = {"minutes": 0.01, "hours": 0.2, "days": 4, "nights": 4, "weeks": 14,
                                 "months": 60, "years": 730, "decades": 3650}
"""A unit with no count ("for days", "years"): at least two of them; days read like "several"."""

_UNIT = r"(?P<unit>minutes?|mins?|hours?|hrs?|days?|nights?|weeks?|wks?|fortnights?|months?|years?|yrs?|decades?)"
_NUM = r"\d+(?:\.\d+)?"
_VAGUE = "|".join(sorted(map(re.escape, VAGUE), key=len, reverse=True))
_QTY = (rf"(?P<qty>{_NUM} and a half|{_NUM}\s*(?:or|to|-|and|or maybe)\s*{_NUM}|{_NUM} {_NUM}(?= )|{_NUM}"
        rf"|{_VAGUE}|half an?|a half|an?|one|the (?:past|last|previous)|(?:this )?past|last|previous)")
_MOD = (r"(?:(?P<mod>over|more than|longer than|at least|almost|nearly|just under|under|less than|not even"
        r"|about|around|roughly|approximately|close to|like|maybe|probably|only|just)\s+)?")
SPAN = re.compile(
    rf"(?<![a-z0-9.]){_MOD}{_QTY}\s+(?:more |whole |full |long |straight |solid |good )?{_UNIT}"
    rf"(?P<half> and a half)?(?P<tail> (?:or|or maybe|maybe|maybe even|possibly|perhaps|probably|more like|closer to) (?:(?P<or_num>{_NUM}|so|more|an?)(?: (?:{_UNIT.replace('?P<unit>', '')}))?))?(?![a-z0-9])")

_FREQUENCY_BEFORE = frozenset({"once", "twice", "thrice", "times", "time", "every", "each", "per", "x", "other"})
_EPISODE_AFTER = re.compile(r"^ (?:at a time|each time|every time|a time|each|long|per|at once|after|later|before"
                            r"|a (?:day|week|month|night)|every|in between|apart|or so at a time)(?![a-z])")
CUE_BEFORE = frozenset({"for", "since", "past", "last", "from", "over", "about", "around", "nearly", "almost",
                         "been", "lasted", "lasting", "had", "roughly", "now", "already", "started", "began"})
_CUE_AFTER = re.compile(r"^ (?:ago|now|already|so far|back|straight|running|in a row|or so)(?![a-z])")


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    days: float
    said_as: str | None = None


def _qty_value(qty: str) -> float:
    if qty in VAGUE:
        return VAGUE[qty]
    if qty.endswith("and a half"):
        return float(qty.split()[0]) + 0.5
    numbers = re.findall(_NUM, qty)
    if numbers:
        return max(float(n) for n in numbers)  # a range takes its larger end: when in doubt, escalate
    if qty.startswith("half") or qty == "a half":
        return 0.5
    return 1.0  # a, an, one, the past, last


_UNIT_NAMES = {"min": "minute", "hr": "hour", "wk": "week", "yr": "year"}


def _unit_days(unit: str) -> float:
    return UNIT_DAYS[unit[:-1] if unit.endswith("s") and unit[:-1] in UNIT_DAYS else unit]


def _spans(text: str, strict: bool) -> list[_Span]:
    found: list[_Span] = []
    for m in SPAN.finditer(text):
        unit, qty, mod = m.group("unit"), m.group("qty"), m.group("mod")
        before = words_before(text, m.start(), 2)
        prev = before[-1] if before else ""
        after = text[m.end():]
        if prev in _FREQUENCY_BEFORE or _EPISODE_AFTER.match(after):
            continue  # "twice a day", "two hours each time": how often or how long an episode, not how long overall
        if qty in ("a", "an", "one") and len(before) >= 2 and before[-2].isdigit():
            continue  # "two coffees a day"
        per_unit = _unit_days(unit)
        if per_unit < 1 / 24 and not (_CUE_AFTER.match(after) or prev in {"past", "last", "since"}
                                      or (qty or "").startswith(("the", "past", "last"))):
            continue  # "a few minutes" on its own is how long an episode lasts
        if strict and not (prev in CUE_BEFORE or mod or _CUE_AFTER.match(after)
                           or qty.startswith(("the", "past", "last", "previous", "this"))):
            continue  # over-answering needs a clear cue: "for two weeks", "three weeks ago"
        days = _qty_value(qty) * per_unit
        if m.group("half"):
            days += per_unit / 2
        if m.group("or_num"):
            other = m.group("or_num")
            if other.replace(".", "", 1).isdigit():
                tail_unit = re.search(r"(minutes?|mins?|hours?|hrs?|days?|nights?|weeks?|wks?|fortnights?|months?|years?|yrs?|decades?)$",
                                      m.group("tail"))
                days = max(days, float(other) * (_unit_days(tail_unit.group(1)) if tail_unit else per_unit))
        days = _modify(days, mod, per_unit)
        said_as = None
        if qty in _UNCLEAR and not m.group("half") and not m.group("or_num"):
            unit_name = _UNIT_NAMES.get(unit.rstrip("s"), unit.rstrip("s")) + "s"
            said_as = " ".join(w for w in (mod if mod not in _HEDGES else None, qty, unit_name) if w)
        found.append(_Span(m.start(), m.end(), days, said_as))
    return found


def _modify(days: float, mod: str | None, per_unit: float) -> float:
    if mod in ("over", "more than", "longer than"):
        return days + (1 if per_unit >= 1 else 1 / 24)  # more than three days is at least four
    if mod in ("under", "less than", "just under", "not even"):
        return days - 1 if per_unit >= 1 and days >= 2 else days / 2
    return days


def _join(spans: list[_Span], text: str) -> list[tuple[float, str | None]]:
    """"a week and two days" is nine days: adjacent spans joined by "and" add up (and are no
    longer one count said without a number)."""
    totals: list[tuple[float, str | None]] = []
    previous: _Span | None = None
    for span in spans:
        if previous is not None and re.fullmatch(r"\s*(?:and\s+)?", text[previous.end:span.start]):
            totals[-1] = (totals[-1][0] + span.days, None)
        else:
            totals.append((span.days, span.said_as))
        previous = span
    return totals


_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
           "october", "november", "december")
_POINT_CUE = r"(?:since|from|started|start|starting|began|begun|beginning|begin|on|it was|back on|noticed it|been)"
_POINTS: tuple[tuple[re.Pattern[str], float | str], ...] = tuple((re.compile(p), v) for p, v in (
    (r"(?:the )?day before yesterday", 2.0),
    (r"yesterday", 1.0),
    (r"last night|overnight", 0.5),
    (r"this morning|today|earlier today|when i woke up|when i got up", 0.25),
    (r"this afternoon|a few hours ago", 0.15),
    (r"this evening|tonight|just now|just started|a moment ago", 0.05),
    (r"the other day", 3.0),
    (r"i woke up|i got up", 0.25),
    (r"the (?:whole|entire) week|all week", 7.0),
    (r"the (?:start|beginning) of (?:the|this) week", "this_week"),
    (r"the (?:start|beginning) of (?:the|this) month", "this_month"),
    (r"last week|the week before|a week ago", 7.0),
    (r"last weekend", 8.0),
    (r"last month|a month ago", 30.0),
    (r"last year|a year ago", 365.0),
    (r"(?:i was )?(?:a )?(?:kid|child|baby|teenager|teen|little|young)|childhood|birth|school|forever", 3650.0),
    (r"(?:the |this )?weekend", "weekend"),
    (r"earlier this week|this week", "this_week"),
    (r"this month|earlier this month", "this_month"),
    (r"christmas", "christmas"),
    (r"new year(?:s)?", "new_year"),
    (rf"(?:last |this past |this )?(?P<weekday>{'|'.join(_WEEKDAYS)})s?", "weekday"),
    (rf"(?:early |late |mid |the start of |the end of |the beginning of )?(?P<month>{'|'.join(_MONTHS)})", "month"),
))
_VAGUE_LONG = re.compile(r"(?<![a-z])(?:ages|a long time|a long while|forever|donkeys years|a good while|quite a while"
                         r"|quite some time|a very long time|my whole life|all my life|as long as i can remember)(?![a-z])")
_A_WHILE = re.compile(r"(?<![a-z])(?:for |been )a while(?![a-z])|^a while(?: now)?$")
_BARE = re.compile(r"(?<![a-z0-9])(?:for |over |in |like |past |many |so many |a good many )?(?P<unit>minutes|hours|days|nights|weeks|months|years|decades)(?![a-z])")
_ORDINALS = {"first": "1", "second": "2", "third": "3", "fourth": "4", "fifth": "5", "sixth": "6", "seventh": "7",
             "eighth": "8", "ninth": "9", "tenth": "10"}
_ORDINAL_DAY = re.compile(r"(?<![a-z0-9])(?:(?:the|its|my) (?P<n>" + "|".join(_ORDINALS) + r"|\d+(?:st|nd|rd|th)) day"
                          r"|(?:its |on )day (?P<n2>\d+))(?![a-z0-9])")
""""this is the third day", "its day four": counting the days since it began."""
ON_AND_OFF = re.compile(r"(?<![a-z])(?:on and off|off and on|on off|comes? and goes?|coming and going|intermittent\w*"
                        r"|now and (?:then|again)|here and there|every so often|on and of|off and on again)(?![a-z])")


def _point_days(kind: float | str, m: re.Match[str], today: dt.date | None) -> float:
    if isinstance(kind, float):
        return kind
    if today is None:
        # No date to count from: assume 7 days, past the threshold and at most a week ago.
        return {"this_week": 6.0, "this_month": 30.0, "month": 30.0, "christmas": 30.0, "new_year": 30.0}.get(kind, 7.0)
    if kind == "weekday":
        ago = (today.weekday() - _WEEKDAYS.index(m.group("weekday"))) % 7
        return float(ago or 7)  # "since monday" said on a monday means last monday
    if kind == "weekend":
        ago = (today.weekday() - 5) % 7
        return float(ago or 7)
    if kind == "this_week":
        return float(max(today.weekday(), 1))
    if kind == "this_month":
        return float(max(today.day - 1, 1))
    if kind in ("month", "christmas", "new_year"):
        month, day = {"christmas": (12, 25), "new_year": (1, 1)}.get(kind, (0, 1))
        if kind == "month":
            month = _MONTHS.index(m.group("month")) + 1
        year = today.year if (month, day) <= (today.month, today.day) else today.year - 1
        return float(max((today - dt.date(year, month, day)).days, 1))
    return 7.0


def _points(text: str, today: dt.date | None, strict: bool) -> list[float]:
    found: list[float] = []
    for pattern, kind in _POINTS:
        for m in re.finditer(rf"(?<![a-z])(?:(?P<cue>{_POINT_CUE}) (?:like |about |around |maybe |since |on |in )?)?"
                             rf"(?:{pattern.pattern})(?![a-z])", text):
            if kind == "month" and not m.group("cue"):
                continue  # "may" and "march" are ordinary words without "since" / "in"
            if kind in (3650.0,) and not m.group("cue"):
                continue  # "a kid", "school": only "since i was a kid" is a duration
            if strict and not m.group("cue"):
                continue  # "yesterday she was shaking" is a story, not an answer about duration
            found.append(_point_days(kind, m, today))
            break
    return found


def find_duration(normalized: str, today: dt.date | None = None, *, strict: bool = False) -> DurationAnswer | None:
    """The longest duration in `normalized` text (when in doubt, escalate)."""
    text = digits(normalized)
    spans = _spans(text, strict)
    joined = _join(spans, text)
    candidates = [days for days, _ in joined]
    masked = text
    for span in spans:
        masked = masked[:span.start] + " " * (span.end - span.start) + masked[span.end:]
    candidates += _points(masked, today, strict)
    if _VAGUE_LONG.search(masked):
        candidates.append(30.0)
    ordinal = _ORDINAL_DAY.search(masked)
    if ordinal:
        n = ordinal.group("n") or ordinal.group("n2")
        candidates.append(float(_ORDINALS.get(n) or n.rstrip("stndrh") or 0))
    if not strict and _A_WHILE.search(masked):
        candidates.append(7.0)  # "a while": past the threshold, the more urgent reading
    for m in _BARE.finditer(masked):
        cue = m.group(0) != m.group("unit")
        if strict and not cue:
            continue
        if m.group("unit") in ("minutes", "hours") and not cue:
            continue
        candidates.append(BARE_PLURAL[m.group("unit")])
    if not candidates:
        return None
    days = max(candidates)
    unclear = [said for d, said in joined if d == days and said]
    # the longest reading stands; it is in the person's words only when no number gave it too
    said_as = unclear[0] if unclear and len(unclear) == candidates.count(days) else None
    return DurationAnswer(days=round(days, 3), on_and_off=bool(ON_AND_OFF.search(normalized)), text=normalized,
                          said_as=said_as)


def parse_duration(text: str, today: dt.date | None = None, *, strict: bool = False) -> DurationAnswer | None:
    """How long the twitching has lasted, in days; `None` if no duration was said.

    `strict` (used when another question is open) accepts only a clearly
    marked duration ("for two weeks", "since monday", "three weeks ago").
    """
    return find_duration(norm(text), today, strict=strict)


PHRASES: tuple[re.Pattern[str], ...] = (
    SPAN, _VAGUE_LONG, _A_WHILE, _BARE, _ORDINAL_DAY, ON_AND_OFF,
    *(re.compile(rf"(?<![a-z])(?:(?:{_POINT_CUE}) (?:like |about |around |maybe |since |on |in )?)?"
                 rf"(?:{point.pattern})(?![a-z])") for point, _ in _POINTS),
)
"""Every way this parser reads a duration, on text with digits: for the words an answer
to "how long?" accounts for (dialog.understand.answer_words)."""
