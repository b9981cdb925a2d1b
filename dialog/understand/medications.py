"""Medications (question 8): names as heard, a new one started, one that may cause twitching, benzo withdrawal.

Judgement calls:
- Stopping or tapering a drug is not starting a new one ("i stopped my
  lorazepam" is benzodiazepine withdrawal, doctor; not a new medication, urgent).
- A supplement (magnesium, vitamins) is recorded but is neither "a new
  medication" nor a twitch-causing one: people often start magnesium because of
  the twitching, and seed 000's rule is about medicines.
- Something started long ago ("ive taken it for years") is not new.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from dialog.understand.duration import find_duration
from dialog.understand.lexicon import lexicon
from dialog.understand.listing import kept_as_said, says_none
from dialog.understand.phrases import (
    PhraseSet,
    clauses,
    compile_phrases,
    is_negated,
    norm,
)
from dialog.understand.yesno import strip_dont_know
from models.answers import MedicationsAnswer


@dataclass(frozen=True)
class _Group:
    name: str
    twitch: bool
    benzo: bool
    supplement: bool
    phrases: PhraseSet


@dataclass(frozen=True)
class _Named:
    start: int
    end: int
    said: str
    group: _Group | None


_STOPWORDS = frozenset({
    "a", "an", "the", "my", "new", "some", "any", "this", "that", "these", "those", "one", "only", "just", "i", "started",
    "starting", "start", "taking", "take", "took", "on", "of", "for", "no", "other", "daily", "every", "same", "couple",
    "few", "little", "regular", "prescription", "prescribed", "got", "and", "or", "but", "with", "to", "is", "its",
    "was", "since", "also", "another", "her", "his", "their", "your", "last", "week", "been", "have", "ive", "im",
    "stopped", "stopping", "put", "me", "recently", "doctor", "gave", "different", "kind", "type", "in", "at", "it",
    "like", "um", "well", "yes", "yeah", "not", "dont", "any", "all", "nothing", "none", "new", "called", "which",
    "more", "less", "day", "night", "morning", "two", "three", "four", "five", "then", "now", "am", "use", "using",
    "used", "need", "needed", "sleeping", "begun", "began", "tried", "trying",
})
_GENERIC_PREFIX = r"(?P<mods>(?:[a-z0-9]+ ){0,2})"
_DRUG_SUFFIX = re.compile(r"(?<![a-z])[a-z]{3,}(?:pril|olol|statin|sartan|dipine|prazole|cillin|mycin|cycline|formin"
                          r"|gliptin|flozin|xetine|zepam|zolam|triptan|profen|oxacin|tidine|setron|azepine|tadine"
                          r"|olone|sone|azole|afil|mab|tinib)(?![a-z])")
START = compile_phrases([
    "started", "starting", "start", "began", "begun", "begin", "beginning", "switched (?:to|over)", "changed (?:to|over)",
    "put me on", "put on", "was put on", "got put on", "been put on", "prescribed", "gave me", "added", "new", "newly",
    "just got", "first time", "trying", "tried",
])
LONG_AGO = re.compile(r"(?<![a-z])(?:for (?:\w+ )?years|years ago|for ages|a long time|since i was|for a decade|decades"
                      r"|for (?:\w+ )?months|months ago|ages ago|all my life)(?![a-z])")
"""Started long before the twitching: not "a new medication" (the twitching began after starting one)."""
STOP = compile_phrases([
    "stopped", "stopping", "stop", "coming off", "came off", "come off", "get off", "getting off", "going off",
    "went off", "off (?:my|the|of)", "quit", "quitting", "taper\\w*", "wean\\w*", "withdraw\\w*", "withdrawal",
    "cut down", "cutting down", "cut back", "cutting back", "reduc\\w*", "lower(?:ed|ing)? (?:the |my )?dose",
    "ran out", "run out", "running out", "no longer", "gave up", "giving up", "discontinu\\w*", "came off of",
    "dropped", "missed (?:a few |some |my )?doses?", "skipped",
])
RECENT_DAYS = 30
"""On a medicine for up to a month counts as new: the twitching may have begun after it (seed 000)."""
RELIEF = re.compile(
    r"(?<![a-z])(?:relief|reliev\w*|what (?:can|could|should) (?:i|he|she|we|they) (?:take|use|try)"
    r"|(?:anything|something|medicine|medication|pills?|tablets?|meds|cure|treatment) (?:i can take |to take )?"
    r"(?:for|to (?:stop|ease|calm|treat|help|settle|get rid of)) (?:it|this|that|the (?:twitch\w*|spasms?))"
    r"|(?:make|get) it (?:to )?stop|get rid of (?:it|this|the twitch\w*)|treat (?:it|this|the twitch\w*)"
    r"|muscle relaxants?)(?![a-z])")
"""The person asks for something to ease the twitching: then "a doctor can advise on medication"
(policy) answers it, and the skill names no drug."""
_PRONOUN_MED = re.compile(r"(?<![a-z])(?:one|something|anything|it|them|this|that|stuff|thing)(?![a-z])")


@lru_cache(maxsize=1)
def _groups() -> tuple[tuple[_Group, ...], re.Pattern[str]]:
    groups = tuple(_Group(g.group, g.twitch, g.benzodiazepine, g.supplement, PhraseSet(g.names))
                   for g in lexicon().medication)
    nouns = "|".join(sorted(lexicon().medication_nouns.words, key=len, reverse=True))
    generic = re.compile(rf"(?<![a-z0-9]){_GENERIC_PREFIX}(?P<noun>{nouns})(?![a-z0-9])")
    return groups, generic


def _named(text: str) -> list[_Named]:
    groups, generic = _groups()
    found: list[_Named] = []
    for group in groups:
        for hit in group.phrases.hits(text):
            if hit.negated or any(n.start <= hit.start < n.end for n in found):
                continue
            found.append(_Named(hit.start, hit.end, hit.text, group))
    for m in _DRUG_SUFFIX.finditer(text):
        if not any(n.start <= m.start() < n.end for n in found) and not is_negated(text, m.start()):
            found.append(_Named(m.start(), m.end(), m.group(0), None))
    for m in generic.finditer(text):
        mods = [w for w in m.group("mods").split() if w not in _STOPWORDS and not w.isdigit()]
        start = m.start("noun") - (len(" ".join(mods)) + 1 if mods else 0)
        if any(n.start <= m.start("noun") < n.end or n.start <= start < n.end for n in found):
            continue  # "a magnesium pill" is magnesium, already named
        if is_negated(text, m.start()) or is_negated(text, m.start("noun")):
            continue
        said = " ".join(mods + [_singular(m.group("noun"))])
        found.append(_Named(max(start, m.start()), m.end(), said, None))
    return sorted(found, key=lambda n: n.start)


def _singular(noun: str) -> str:
    if noun in ("meds", "drops", "tabs"):
        return noun
    if noun.endswith("es") and noun[:-2].endswith(("ch", "sh")):
        return noun[:-2]
    return noun[:-1] if noun.endswith("s") else noun


def _new_medication(text: str, named: list[_Named]) -> bool:
    """A medicine started recently: a start word in the same clause as a medicine (or "a new one")."""
    for offset, clause in clauses(text):
        in_clause = [n for n in named if offset <= n.start < offset + len(clause)]
        medicines = [n for n in in_clause if n.group is None or not n.group.supplement]
        if not medicines and not (not in_clause and _PRONOUN_MED.search(clause)):
            continue
        if LONG_AGO.search(clause):
            continue
        if medicines and not STOP.search(clause) and _recent(clause):
            return True  # "ive been on prednisone since monday"
        for m in START.finditer(clause):
            if is_negated(clause, m.start()) or _stopped_before(clause, m.start()):
                continue
            return True
    return False


def _recent(clause: str) -> bool:
    duration = find_duration(clause, strict=True)
    return duration is not None and duration.days <= RECENT_DAYS


def _stopped_before(clause: str, start: int) -> bool:
    """"i stopped the new pill": the start word describes what was stopped."""
    return bool(STOP.search(clause[:start]))


def find_medications(normalized: str, *, strict: bool = False) -> MedicationsAnswer | None:
    text, _ = strip_dont_know(normalized)
    named = _named(text)
    names = tuple(dict.fromkeys(n.said for n in named))
    twitch = any(n.group is not None and n.group.twitch for n in named)
    benzo = any(n.group is not None and n.group.benzo for n in named) and \
        any(not is_negated(text, m.start()) for m in STOP.finditer(text))
    new = _new_medication(text, named)
    if strict and not names:
        return None
    if names or new or benzo:
        return MedicationsAnswer(names=names, new_medication=new, twitch_medication=twitch,
                                 benzo_withdrawal=benzo, text=normalized)
    if says_none(text, False):
        return MedicationsAnswer(none=True, text=normalized)
    if kept_as_said(text):
        return MedicationsAnswer(text=normalized)
    return None


def parse_medications(text: str, *, strict: bool = False) -> MedicationsAnswer | None:
    """Medications named, new / twitch-causing / benzodiazepine withdrawal, or none; `None` if not understood."""
    return find_medications(norm(text), strict=strict)


def asks_about_relief(normalized: str) -> bool:
    """True when the words ask for something to ease the twitching ("what can i take for it")."""
    return any(not is_negated(clause, m.start()) for _, clause in clauses(normalized)
               for m in RELIEF.finditer(clause))
