"""Every labelled development conversation reaches its expected disposition."""

from __future__ import annotations

import pytest

from tests.harness import converse, load_jsonl

VIGNETTES = load_jsonl("vignettes.jsonl")


@pytest.mark.parametrize("vignette", VIGNETTES, ids=[v["id"] for v in VIGNETTES])
def test_vignette_reaches_expected_level(vignette: dict) -> None:
    run = converse(vignette["answers"])
    assert run.level == vignette["expect"], vignette["why"]
    if vignette["expect"] == "emergency":
        assert run.emergencies, "an emergency must come with the emergency message"
    else:
        assert not run.emergencies


@pytest.mark.parametrize("vignette", VIGNETTES, ids=[v["id"] for v in VIGNETTES])
def test_no_question_is_asked_twice_when_understood(vignette: dict) -> None:
    run = converse(vignette["answers"])
    repeated = {slot for slot, n in run.asked.items() if n > 1}
    assert not repeated, f"asked again although answered: {repeated}"
