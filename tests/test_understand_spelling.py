"""Issue 15 item 5: common misspellings of the skill's own words are read (pyspellchecker,
toward the answer parsers' vocabulary only); ordinary words are never "corrected" into
medical ones; red flags escalate with and without the correction, misspelt ones too."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import pytest

from dialog.language.spelling import english_words
from dialog.text import normalize
from dialog.understand import understand
from dialog.understand.known_words import speller
from models.answers import (
    LocationAnswer,
    MedicationsAnswer,
    SymptomsAnswer,
    TriggersAnswer,
)
from models.events import Emergency
from tests.harness import new_skill, script
from tests.redflag_cases import detector

TRAIN = Path(__file__).resolve().parent.parent / "dialog" / "data" / "corpus" / "train"


@pytest.mark.parametrize(("typed", "meant"), [
    ("weeker", "weaker"), ("protien", "protein"), ("twiching", "twitching"), ("calfs", "calf"),
    ("eylid", "eyelid"), ("caffiene", "caffeine"), ("coffe", "coffee"), ("wekness", "weakness"),
    ("numbnes", "numbness"), ("thyriod", "thyroid"), ("asthama", "asthma"), ("magnesum", "magnesium"),
])
def test_a_misspelt_skill_word_is_put_right(typed: str, meant: str) -> None:
    assert speller().word(typed) == meant


def test_misspelt_answers_are_read() -> None:
    symptoms = understand("my legs feel weeker", "other_symptoms").fills["other_symptoms"]
    assert isinstance(symptoms, SymptomsAnswer) and symptoms.symptoms == ("weakness",)
    meds = understand("just protien shakes", "medications").fills["medications"]
    assert isinstance(meds, MedicationsAnswer) and any("protein" in n for n in meds.names)
    where = understand("twiching in both calfs", "location").fills["location"]
    assert isinstance(where, LocationAnswer) and [(p.part, p.side) for p in where.places] == [("calf", "both")]
    triggers = understand("too much coffe", "triggers").fills["triggers"]
    assert isinstance(triggers, TriggersAnswer) and triggers.triggers == ("caffeine",)


@lru_cache(maxsize=1)
def _common_words() -> list[str]:
    counts = english_words().word_frequency.dictionary
    return sorted(counts, key=lambda w: (-counts[w], w))[:20_000]


def test_ordinary_words_are_never_corrected() -> None:
    changed = {w: speller().word(w) for w in _common_words() if speller().word(w) != w}
    assert changed == {}, "an ordinary English word was 'corrected'"


@pytest.mark.parametrize("word", ["sight", "eat", "thin", "calm", "harm", "deck", "sorta", "kinda", "gonna",
                                  "sake", "legend", "hart", "arn", "cheque"])
def test_words_that_look_like_skill_words_stay(word: str) -> None:
    assert speller().word(word) == word


def test_the_correction_is_deterministic() -> None:
    text = "twiching in my calfs and eylid, legs weeker, too much coffe"
    assert len({speller().correct(normalize(text)) for _ in range(3)}) == 1
    assert speller().correct(normalize(text)) == "twitching in my calf and eyelid legs weaker too much coffee"


# ---------------------------------------------------------------- red flags, with and without it

@lru_cache(maxsize=1)
def _red_flag_lines() -> list[str]:
    """Every 25th training line that must escalate (development data, never held out)."""
    lines: list[str] = []
    for path in sorted(TRAIN.glob("*.jsonl")):
        for line in path.read_text().splitlines():
            row = json.loads(line)
            if row["expect"]:
                lines.append(row["text"])
    return lines[::25]


def test_red_flag_sentences_escalate_with_and_without_the_correction() -> None:
    missed = []
    for text in _red_flag_lines():
        if not detector().detect(text).red_flags:
            continue  # the detector's own misses are measured elsewhere (benchmarks.bench_redflags)
        if not detector().detect(speller().correct(normalize(text))).red_flags:
            missed.append(text)
    assert missed == [], "a spelling correction hid a red flag"


@pytest.mark.parametrize("said", ["i cant breath", "i had a siezure just now", "my legs are weeker and i cant breath",
                                  "twiching and now i cant swallow", "siezure"])
def test_a_red_flag_in_an_answer_escalates_whatever_the_spelling(said: str) -> None:
    for slot_answers in (("no", "two days"), ("no", "two days", "my calf")):
        events = script(new_skill(), *slot_answers, said)
        assert any(isinstance(e, Emergency) for e in events), (slot_answers, said)
    assert detector().detect(said).red_flags
    assert detector().detect(speller().correct(normalize(said))).red_flags
