"""`understand`: the open slot, over-answering, vignette answers, robustness, and the lexicon file."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any, get_args

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dialog.understand import OVER_ANSWER, understand
from dialog.understand.lexicon import LEXICON_FILE, LexiconError, lexicon, load_lexicon
from models.answers import (
    ConditionsAnswer,
    DurationAnswer,
    LocationAnswer,
    MedicationsAnswer,
    PatternAnswer,
    SeverityAnswer,
    SymptomsAnswer,
    TriggersAnswer,
    YesNoAnswer,
)
from models.common import SLOT_ORDER, SlotName
from models.understanding import Understanding

VIGNETTES = Path(__file__).parent / "data" / "examples" / "vignettes.jsonl"
SLOT_TYPES: dict[SlotName, type] = {
    "screening": YesNoAnswer, "duration": DurationAnswer, "location": LocationAnswer,
    "multiple_locations": YesNoAnswer, "pattern": PatternAnswer, "severity": SeverityAnswer,
    "daily_impact": YesNoAnswer, "other_symptoms": SymptomsAnswer, "medications": MedicationsAnswer,
    "conditions": ConditionsAnswer, "triggers": TriggersAnswer,
}


def _vignette_answers() -> list[tuple[str, SlotName, str]]:
    rows: list[tuple[str, SlotName, str]] = []
    for line in VIGNETTES.read_text().splitlines():
        if line.strip():
            vignette = json.loads(line)
            rows.extend((vignette["id"], slot, text) for slot, text in vignette["answers"].items())
    return rows


# ------------------------------------------------------------------ vignettes

@pytest.mark.parametrize(("vid", "slot", "text"), _vignette_answers())
def test_every_vignette_answer_is_understood_for_its_slot(vid: str, slot: SlotName, text: str) -> None:
    u = understand(text, slot)
    assert slot in u.fills, (vid, text)
    assert isinstance(u.fills[slot], SLOT_TYPES[slot])
    assert not u.dont_know


EXPECT: dict[tuple[str, SlotName], dict[str, Any]] = {
    ("d01", "screening"): {"value": False},
    ("d02", "pattern"): {"pattern": "intermittent", "episode": "a few seconds each time"},
    ("d02", "other_symptoms"): {"none": True},
    ("d02", "medications"): {"new_medication": True},
    ("d03", "daily_impact"): {"value": False},
    ("d03", "triggers"): {"triggers": ("sleep",)},
    ("d04", "severity"): {"level": "moderate"},
    ("d04", "other_symptoms"): {"none": True, "symptoms": ()},
    ("d05", "duration"): {"days": 1},
    ("d05", "severity"): {"level": "severe"},
    ("d06", "duration"): {"days": 21},
    ("d06", "conditions"): {"conditions": ("multiple_sclerosis",), "chronic": True},
    ("d07", "screening"): {"value": False},
    ("d07", "multiple_locations"): {"value": False},
    ("d08", "duration"): {"days": 3},
    ("d08", "daily_impact"): {"value": True},
    ("d09", "severity"): {"level": "severe"},
    ("d09", "triggers"): {"triggers": ("exercise",)},
    ("d10", "location"): {"all_over": True},
    ("d10", "multiple_locations"): {"value": True},
    ("d11", "multiple_locations"): {"value": True},
    ("d12", "medications"): {"new_medication": True},
    ("d13", "duration"): {"days": 2},
    ("d13", "location"): {"all_over": True},
    ("d13", "severity"): {"level": "moderate"},
    ("d14", "duration"): {"days": 21},
    ("d14", "triggers"): {"triggers": ("caffeine",)},
    ("d15", "duration"): {"days": 4},
    ("d15", "triggers"): {"triggers": ("screen",)},
    ("d16", "multiple_locations"): {"value": True},
    ("d17", "pattern"): {"pattern": "constant"},
    ("d18", "severity"): {"level": "moderate", "worsening": True},
    ("d19", "other_symptoms"): {"symptoms": ("weakness", "atrophy")},
    ("d20", "duration"): {"days": 1},
    ("d20", "daily_impact"): {"value": True},
    ("d21", "medications"): {"benzo_withdrawal": True, "new_medication": False},
    ("d22", "conditions"): {"conditions": ("kidney",), "chronic": True},
    ("d23", "other_symptoms"): {"none": True},
    ("d24", "triggers"): {"triggers": ("caffeine", "sleep")},
    ("d25", "triggers"): {"triggers": ("exercise", "dehydration")},
    ("d26", "duration"): {"days": 3},
    ("d26", "triggers"): {"triggers": ("stress",)},
    ("d27", "screening"): {"value": False},
    ("d27", "medications"): {"new_medication": False, "twitch_medication": False, "names": ("magnesium",)},
    ("d28", "duration"): {"days": 2},
    ("d28", "triggers"): {"triggers": ("stress",)},
    ("d29", "duration"): {"days": 2},
    ("d29", "severity"): {"level": "mild"},
    ("d29", "triggers"): {"triggers": ("caffeine", "sleep")},
    ("d30", "severity"): {"level": "moderate", "worsening": False},
    ("d30", "triggers"): {"triggers": ("exercise",)},
    ("d31", "duration"): {"days": 2},
    ("d31", "severity"): {"level": "mild"},
    ("d31", "other_symptoms"): {"symptoms": ("fatigue",)},
}


@pytest.mark.parametrize(("key", "fields"), EXPECT.items(), ids=[f"{v}-{s}" for v, s in EXPECT])
def test_vignette_answer_values(key: tuple[str, SlotName], fields: dict[str, Any]) -> None:
    answers = {(v, s): t for v, s, t in _vignette_answers()}
    value = understand(answers[key], key[1]).fills[key[1]]
    for name, expected in fields.items():
        got = getattr(value, name)
        if isinstance(expected, tuple) and name in ("triggers", "symptoms", "conditions", "names"):
            assert set(got) == set(expected), (key, name, got)
        else:
            assert got == expected, (key, name, got)


def test_vignette_worry() -> None:
    answers = {(v, s): t for v, s, t in _vignette_answers()}
    assert understand(answers[("d23", "other_symptoms")], "other_symptoms").worried
    assert not understand(answers[("d28", "triggers")], "triggers").worried
    assert all(not understand(t, s).worried for v, s, t in _vignette_answers() if v != "d23")

# -------------------------------------------------------------- over-answering


def test_location_answer_with_duration_and_pattern() -> None:
    u = understand("my left eyelid for two weeks on and off", "location")
    location, duration, pattern = u.fills["location"], u.fills["duration"], u.fills["pattern"]
    assert isinstance(location, LocationAnswer) and location.places[0].part == "eyelid"
    assert location.places[0].side == "left"
    assert isinstance(duration, DurationAnswer) and duration.days == 14 and duration.on_and_off
    assert isinstance(pattern, PatternAnswer) and pattern.pattern == "intermittent"


def test_duration_answer_with_location() -> None:
    u = understand("three weeks, it's in my calf", "duration")
    assert u.fills["duration"].days == 21  # type: ignore[union-attr]
    assert u.fills["location"].places[0].part == "calf"  # type: ignore[union-attr]


@pytest.mark.parametrize(("text", "slot", "extra"), [
    ("about two weeks in my right thigh", "duration", {"location"}),
    ("three days and its constant", "duration", {"pattern"}),
    ("a week, mild", "duration", {"severity"}),
    ("my calf, about three weeks now, it comes and goes", "location", {"duration", "pattern"}),
    ("my left eye since monday", "location", {"duration"}),
    ("on and off for a year", "pattern", {"duration"}),
    ("comes and goes in my left calf", "pattern", {"location"}),
    ("mild, comes and goes", "severity", {"pattern"}),
    ("no but my eyelid has been twitching for three days", "screening", {"duration", "location"}),
    ("my left eyelid has been twitching on and off for three days its mild", None,
     {"duration", "location", "pattern", "severity"}),
    ("i have ms and im on a new steroid since monday", "conditions", {"medications"}),
    ("i take levothyroxine for my thyroid", "medications", {"conditions"}),
])
def test_over_answering_fills(text: str, slot: SlotName | None, extra: set[SlotName]) -> None:
    u = understand(text, slot, dt.date(2025, 6, 18))
    assert extra <= set(u.fills), u.fills


@pytest.mark.parametrize(("text", "slot", "absent"), [
    ("only a magnesium pill i swallow every night ive taken it for years", "medications", "duration"),
    ("i started a new asthma inhaler four days ago", "medications", "duration"),
    ("it comes and goes but yesterday she was shaking all over", "pattern", "location"),
    ("it comes and goes but yesterday she was shaking all over", "pattern", "duration"),
    ("severe the whole thigh jumps and it really hurts", "severity", "location"),
    ("severe the whole thigh jumps and it really hurts", "severity", "other_symptoms"),
    ("yes it woke me up all night", "daily_impact", "pattern"),
    ("no", "screening", "pattern"),
    ("yes", "multiple_locations", "location"),
    ("no weakness but my calf has been twitching for weeks", "other_symptoms", "duration"),
    ("i started a new blood pressure pill last week", "medications", "conditions"),
    ("im scared its something serious like als", "other_symptoms", "conditions"),
    ("just a mild headache", "other_symptoms", "severity"),
    ("three weeks and its getting worse", "duration", "severity"),
    ("my heart races a bit after coffee but thats it", "other_symptoms", "triggers"),
])
def test_no_over_answering_on_weak_evidence(text: str, slot: SlotName, absent: SlotName) -> None:
    assert absent not in understand(text, slot).fills


@pytest.mark.parametrize("slot", [s for s in SLOT_ORDER if s not in ("screening", "multiple_locations", "daily_impact")])
@pytest.mark.parametrize("text", ["yes", "no", "yeah", "nope"])
def test_yes_no_never_fills_another_slot(slot: SlotName, text: str) -> None:
    assert set(understand(text, slot).fills) <= {slot}


@pytest.mark.parametrize(("slot", "kind"), [
    ("other_symptoms", SymptomsAnswer), ("medications", MedicationsAnswer), ("conditions", ConditionsAnswer),
    ("triggers", TriggersAnswer),
])
@pytest.mark.parametrize("text", ["no", "nothing", "none", "nope", "no nothing else"])
def test_none_for_list_slots(slot: SlotName, kind: type, text: str) -> None:
    value = understand(text, slot).fills[slot]
    assert isinstance(value, kind) and getattr(value, "none") is True


@pytest.mark.parametrize("slot", ["screening", "multiple_locations", "daily_impact"])
@pytest.mark.parametrize(("text", "value"), [("yes", True), ("no", False), ("yeah", True), ("not really", False)])
def test_yes_no_slots(slot: SlotName, text: str, value: bool) -> None:
    answer = understand(text, slot).fills[slot]
    assert isinstance(answer, YesNoAnswer) and answer.value is value


def test_no_open_slot_reads_an_opening_statement() -> None:
    u = understand("my right calf has been twitching for three weeks and im worried", None)
    assert u.fills["duration"].days == 21  # type: ignore[union-attr]
    assert u.fills["location"].places[0].part == "calf"  # type: ignore[union-attr]
    assert u.worried and not u.dont_know


def test_since_monday_uses_today() -> None:
    friday = dt.date(2025, 6, 20)
    assert understand("since monday", "duration", friday).fills["duration"].days == 4  # type: ignore[union-attr]
    assert understand("since monday", "duration").fills["duration"].days == 7  # type: ignore[union-attr]


def test_over_answer_table_covers_every_slot() -> None:
    assert set(OVER_ANSWER) == set(SLOT_ORDER) | {None}
    for slot, others in OVER_ANSWER.items():
        assert slot not in others

# ------------------------------------------------------------------ robustness


def _valid(u: Understanding) -> None:
    assert isinstance(u, Understanding)
    for slot, value in u.fills.items():
        assert slot in get_args(SlotName)
        assert isinstance(value, SLOT_TYPES[slot])


_VOCAB = ["no", "yes", "my", "left", "right", "calf", "eyelid", "for", "two", "weeks", "since", "monday", "not",
          "weakness", "coffee", "worried", "all", "over", "started", "new", "pill", "kidney", "ms", "severe", "out",
          "of", "ten", "comes", "and", "goes", "i", "dont", "know", "a", "few", "days", "back", "the", "x", "3", "10"]


@settings(max_examples=150, deadline=None)
@given(text=st.text(max_size=300), slot=st.sampled_from([None, *SLOT_ORDER]))
def test_random_text_never_raises(text: str, slot: SlotName | None) -> None:
    _valid(understand(text, slot))


@settings(max_examples=150, deadline=None)
@given(words=st.lists(st.sampled_from(_VOCAB), max_size=40), slot=st.sampled_from([None, *SLOT_ORDER]),
       today=st.one_of(st.none(), st.dates(dt.date(2000, 1, 1), dt.date(2100, 1, 1))))
def test_random_answers_never_raise(words: list[str], slot: SlotName | None, today: dt.date | None) -> None:
    _valid(understand(" ".join(words), slot, today))


@pytest.mark.parametrize("slot", [None, *SLOT_ORDER])
def test_long_garbage(slot: SlotName | None) -> None:
    garbage = ("my left calf for two weeks no weakness coffee 10 out of 10 " * 400)[:20_000] + "\x00\u202e" * 50
    _valid(understand(garbage, slot))


def test_deterministic() -> None:
    text = "my left eyelid for two weeks on and off, im worried"
    assert understand(text, "location") == understand(text, "location")


def test_pure_modules() -> None:
    """No voice, no clock, no printing; the only file read is the lexicon (lexicon.py)."""
    package = Path(__file__).parent.parent / "dialog" / "understand"
    for module in package.glob("*.py"):
        source = module.read_text()
        for banned in ("import voice", "from voice", "date.today(", "datetime.now(", "time.time(", "print("):
            assert banned not in source, (module.name, banned)
        if module.name != "lexicon.py":
            assert "open(" not in source, module.name


# ---------------------------------------------------------------- the lexicon


def test_lexicon_groups_have_sources() -> None:
    lx = lexicon()
    groups = [*lx.body_region, *lx.symptom, *lx.trigger, *lx.condition, *lx.medication, lx.all_over,
              lx.medication_nouns]
    assert all(group.sources for group in groups)


def test_twitch_medication_list_has_the_seed_backed_classes() -> None:
    # stimulants and medicines that act on the nervous system (003); the rest are in no seed
    groups = {g.group for g in lexicon().medication if g.twitch}
    assert groups == {"stimulant", "antidepressant", "antipsychotic", "antiepileptic", "lithium"}


def test_bad_lexicon_names_file_and_field(tmp_path: Path) -> None:
    text = LEXICON_FILE.read_text().replace('id = "weakness"', 'id = "wobbliness"', 1)
    bad = tmp_path / "lexicon.toml"
    bad.write_text(text)
    with pytest.raises(LexiconError) as error:
        load_lexicon(bad)
    assert str(bad) in str(error.value) and "symptom[0](id=wobbliness).id" in str(error.value)


def test_bad_regex_in_lexicon(tmp_path: Path) -> None:
    text = LEXICON_FILE.read_text().replace('"numbness", "numbed"', '"numbness(", "numbed"', 1)
    bad = tmp_path / "lexicon.toml"
    bad.write_text(text)
    with pytest.raises(LexiconError, match="phrases"):
        load_lexicon(bad)


def test_missing_sources_in_lexicon(tmp_path: Path) -> None:
    text = LEXICON_FILE.read_text().replace('id = "caffeine"\nsources = ["000", "001", "003"]', 'id = "caffeine"', 1)
    bad = tmp_path / "lexicon.toml"
    bad.write_text(text)
    with pytest.raises(LexiconError, match=r"trigger\[0\]\(id=caffeine\)\.sources"):
        load_lexicon(bad)


def test_missing_lexicon_file(tmp_path: Path) -> None:
    with pytest.raises(LexiconError, match="not found"):
        load_lexicon(tmp_path / "nope.toml")


def test_invalid_toml(tmp_path: Path) -> None:
    bad = tmp_path / "lexicon.toml"
    bad.write_text("[[symptom]\n")
    with pytest.raises(LexiconError, match="not valid TOML"):
        load_lexicon(bad)
