"""Issue 15 item 9: the outcome's reasons are said by clinical weight, not in rule-file order."""

from __future__ import annotations

from dialog.load import default_protocol
from tests.harness import converse

WASTING_WEAK_CALF = {"duration": "about two months", "location": "my right calf and my left thigh",
                     "severity": "mild", "other_symptoms": "my calf is getting smaller and it feels weak"}


def test_a_weak_wasting_calf_is_told_weakness_first_not_how_long() -> None:
    run = converse(WASTING_WEAK_CALF)
    said = run.outcome.breaths[0]
    assert run.level == "doctor"
    assert "because you noticed weakness and a muscle looks smaller" in said
    assert "two months" not in said  # duration is the least specific reason: it waits for "more"
    assert "two months" in run.outcome.more


def test_worsening_and_spreading_come_before_duration() -> None:
    run = converse({"duration": "three weeks", "location": "my left calf and my right calf",
                    "severity": "moderate and getting worse"})
    rules = [r.rule for r in run.outcome.reasons]
    assert rules.index("worsening") < rules.index("more_than_three_days")
    assert rules.index("more_than_one_area") < rules.index("more_than_three_days")
    assert "getting worse" in run.outcome.breaths[0]


def test_the_weights_are_data_with_sources_and_rank_the_named_signs_first() -> None:
    rules = {r.id: r for r in default_protocol().rules}
    for heavy in ("weakness", "atrophy", "worsening", "more_than_one_area"):
        assert rules[heavy].weight > rules["more_than_three_days"].weight, heavy
        assert rules[heavy].weight_sources
    assert rules["weakness"].weight >= rules["atrophy"].weight > rules["worried"].weight
