"""Issue 15 item 10: a twitch-causing medication claim rests on a seed's own words, or goes;
"a doctor can advise on medication" is said only where medicines or relief came up."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import ValidationError

from dialog.understand.lexicon import MedicationGroup, lexicon
from dialog.understand.medications import parse_medications
from tests.harness import converse

SEEDS = Path("/work/shared/seeds")
ADVISE = "A doctor can advise on medication."


def _seed_text(source: str) -> str:
    files = sorted(SEEDS.glob(f"{source}_*.txt"))
    if not files:
        pytest.skip(f"seed {source} is not on this machine")
    return re.sub(r"\s+", " ", files[0].read_text(encoding="utf-8"))


def test_every_claim_that_a_medicine_causes_twitching_is_in_the_seed_it_names() -> None:
    claiming = [g for g in lexicon().medication if g.twitch or g.benzodiazepine]
    assert claiming
    for group in claiming:
        assert "policy" not in group.sources, group.group
        texts = [_seed_text(source) for source in group.sources]
        parts = [p.strip() for p in group.evidence.split("...")]
        assert any(_in_order(parts, text) for text in texts), f"{group.group}: {group.evidence!r} not in {group.sources}"


def _in_order(parts: list[str], text: str) -> bool:
    at = 0
    for part in parts:
        at = text.find(part, at)
        if at < 0:
            return False
        at += len(part)
    return True


def test_a_claim_without_a_seed_is_refused() -> None:
    with pytest.raises(ValidationError):
        MedicationGroup(group="estrogen", names=("the pill",), twitch=True, sources=("policy",))
    with pytest.raises(ValidationError):
        MedicationGroup(group="estrogen", names=("the pill",), twitch=True, sources=("003",))


@pytest.mark.parametrize("text", ["just the pill", "prednisone", "a water pill", "my ventolin inhaler", "hrt"])
def test_medicines_no_seed_ties_to_twitching_are_recorded_and_claim_nothing(text: str) -> None:
    answer = parse_medications(text)
    assert answer is not None and answer.names and not answer.twitch_medication


def test_just_the_pill_leaves_a_three_day_coffee_twitch_at_self_care() -> None:
    run = converse({"duration": "three days", "location": "my left eyelid", "severity": "mild",
                    "medications": "just the pill", "triggers": "lots of coffee"})
    everything = " ".join([run.outcome.text, run.outcome.more, *(s.text for s in run.outcome.sections)])
    assert run.level == "self_care"
    assert "medication that can cause twitching" not in everything
    assert ADVISE not in everything


def test_doctor_advice_on_medication_only_where_medicines_or_relief_came_up() -> None:
    weak = {"duration": "two weeks", "location": "my right calf", "other_symptoms": "my leg feels weak"}
    plain = converse(weak)
    assert plain.level == "doctor" and ADVISE not in plain.outcome.text + plain.outcome.more
    relief = converse({**weak, "medications": "none but what can i take for it"})
    assert ADVISE in relief.outcome.text + relief.outcome.more
    medicine = converse({**weak, "medications": "i started sertraline last week"})
    assert ADVISE in medicine.outcome.text + medicine.outcome.more
