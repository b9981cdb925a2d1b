"""Triage rules: the level is the highest any rule reaches, each reason cites its rule.

The reasons of one level are ordered by the clinical weight the protocol gives each rule
(`Rule.weight`), so the one said with the result is the one that matters most: weakness
and a wasting muscle before how long it has lasted.
"""

from __future__ import annotations

from collections.abc import Sequence

from dialog.facts import condition_words
from dialog.spoken import duration_words, join_words, number_words
from models.common import Level, RedFlagId
from models.facts import Facts
from models.outcome import Reason
from models.protocol import Condition, Protocol


def _holds(condition: Condition, facts: Facts) -> bool:
    value = getattr(facts, condition.fact)
    if condition.op == "true":
        return bool(value)
    if value is None or condition.value is None:
        return False
    if condition.op == "gt":
        return float(value) > condition.value
    return float(value) >= condition.value


def _reason_text(protocol: Protocol, template: str, facts: Facts) -> str:
    chronic = [condition_words(c) for c in facts.conditions if c != "other"] or ["a long-term condition"]
    past = {f"{protocol.messages.past[e.flag]} {e.when}": None for e in facts.recent_events}
    return template.format(
        duration=facts.duration_said_as or duration_words(facts.duration_days or 0),
        region_count=number_words(facts.region_count),
        conditions=join_words(chronic),
        past_events=join_words(list(past)),
    )


def triage(protocol: Protocol, facts: Facts, red_flags: Sequence[RedFlagId] = (),
           screening_yes: bool = False) -> tuple[Level, tuple[Reason, ...]]:
    """Return the highest level reached and the reasons, most urgent first, heaviest first within a level."""
    reasons: list[Reason] = []
    labels = {flag.id: flag for flag in protocol.red_flags}
    for flag_id in red_flags:
        flag = labels[flag_id]
        heard = protocol.messages.heard[flag_id]
        reasons.append(Reason(rule=f"red_flag:{flag_id}", level=Level.EMERGENCY,
                              text=f"you mentioned {heard}", sources=flag.sources,
                              clinical=f"warning sign heard: {flag.label}"))
    if screening_yes:
        reasons.append(Reason(rule="screening", level=Level.EMERGENCY,
                              text="you said yes to a warning sign happening right now",
                              sources=("000", "002", "policy"),
                              clinical="yes to a warning sign happening now (screening question)"))
    for rule in protocol.rules:
        if _holds(rule.when, facts):
            reasons.append(Reason(rule=rule.id, level=rule.level, text=_reason_text(protocol, rule.reason, facts),
                                  sources=rule.sources, clinical=_reason_text(protocol, rule.clinical, facts)))
    # Widespread twitching is also "in more than one area", and "all over" already
    # covers "three regions": say each thing once, the plainest way.
    fired = {r.rule for r in reasons}
    redundant = set()
    if "widespread" in fired:
        redundant |= {"widespread_regions", "more_than_one_area"}
    if "widespread_regions" in fired:
        redundant.add("more_than_one_area")
    reasons = [r for r in reasons if r.rule not in redundant]
    weights = {rule.id: rule.weight for rule in protocol.rules}
    # Red flags and the screening yes keep the order they were heard in (stable sort).
    reasons.sort(key=lambda r: (-r.level.rank, -weights.get(r.rule, 0)))
    level = reasons[0].level if reasons else Level.SELF_CARE
    return level, tuple(reasons)
