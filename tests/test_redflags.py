"""Red-flag detector: the labelled phrasings, the vignettes, and partial results."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from dialog.load import load_red_flags
from dialog.redflags import RedFlagDetector
from dialog.text import normalize
from models.common import RED_FLAG_IDS
from models.detection import Detection
from models.protocol import RedFlag
from tests.redflag_cases import detector, raises_nothing

DATA = Path(__file__).parent / "data"
EXAMPLES = DATA / "examples" / "redflags.jsonl"
MORE = DATA / "redflags_more.jsonl"
VIGNETTES = DATA / "examples" / "vignettes.jsonl"
KINDS = {"plain", "paraphrase", "hedged", "other_person", "combined", "negated", "benign", "question", "asr_noise",
         "own_alarm", "own_alarm_negative", "past_weeks"}


def _read(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def _ids(rows: list[dict[str, Any]]) -> list[str]:
    return [f"{row['kind']}:{row['text'][:60]}" for row in rows]


EXAMPLE_ROWS = _read(EXAMPLES)
MORE_ROWS = _read(MORE)
VIGNETTE_ROWS = _read(VIGNETTES)


@pytest.mark.parametrize("row", EXAMPLE_ROWS, ids=_ids(EXAMPLE_ROWS))
def test_development_example(row: dict[str, Any]) -> None:
    found = detector().detect(row["text"])
    assert set(found.red_flags) == set(row["expect"]), found


@pytest.mark.parametrize("row", MORE_ROWS, ids=_ids(MORE_ROWS))
def test_own_phrasing(row: dict[str, Any]) -> None:
    found = detector().detect(row["text"])
    assert set(found.red_flags) == set(row["expect"]), found


def test_own_phrasings_are_new_and_cover_every_flag_and_kind() -> None:
    examples = {row["text"] for row in EXAMPLE_ROWS}
    texts = [row["text"] for row in MORE_ROWS]
    assert len(texts) >= 300
    assert len(set(texts)) == len(texts)
    assert not examples & set(texts)
    assert {row["kind"] for row in MORE_ROWS} == KINDS
    assert {flag for row in MORE_ROWS for flag in row["expect"]} == set(RED_FLAG_IDS)


EMERGENCY = [v for v in VIGNETTE_ROWS if v["expect"] == "emergency"]
NOT_EMERGENCY = [v for v in VIGNETTE_ROWS if v["expect"] != "emergency"]


@pytest.mark.parametrize("vignette", EMERGENCY, ids=[v["id"] for v in EMERGENCY])
def test_emergency_vignette_is_caught_in_some_answer(vignette: dict[str, Any]) -> None:
    hits = [slot for slot, answer in vignette["answers"].items() if detector().detect(answer).red_flags]
    assert hits, vignette["why"]


@pytest.mark.parametrize("vignette", NOT_EMERGENCY, ids=[v["id"] for v in NOT_EMERGENCY])
def test_other_vignettes_raise_no_false_alarm(vignette: dict[str, Any]) -> None:
    for slot, answer in vignette["answers"].items():
        assert detector().detect(answer).red_flags == (), (slot, answer)
    # the harness answers "no" and "i dont know" to anything left out
    assert detector().detect("no").red_flags == ()
    assert detector().detect("i dont know").red_flags == ()


LATE_CONTEXT = re.compile(r"\b(?:before|until|till|again|another)\b")
POSITIVE_ROWS = [row for row in EXAMPLE_ROWS + MORE_ROWS if row["expect"]]


@pytest.mark.parametrize("row", POSITIVE_ROWS, ids=_ids(POSITIVE_ROWS))
def test_partial_result_reports_flag_once_its_words_are_heard(row: dict[str, Any]) -> None:
    """Feeding growing prefixes, each flag is reported by the prefix that ends its words."""
    det = detector()
    words, mentions = det.mentions(row["text"])
    tokens = words.tokens
    for flag in row["expect"]:
        # A spoken temperature is its cue word plus the number that follows; a denial
        # or a distant past undone later ("never had one BEFORE TODAY", "as a teenager
        # and it happened AGAIN") completes the flag only with those later words.
        slack = 8 if flag == "fever" else 0
        if LATE_CONTEXT.search(words.text):
            slack = len(tokens)
        ends = [m.end for m in mentions if m.flag == flag]
        assert ends, (flag, row["text"])
        assert any(
            flag in det.detect(" ".join(tokens[:k])).red_flags
            for end in ends
            for k in range(end, min(len(tokens), end + slack) + 1)
        ), (flag, row["text"])


def test_growing_prefixes_never_lose_a_flag_in_plain_statements() -> None:
    """Once said, a plain statement stays flagged as the sentence goes on."""
    det = detector()
    text = "my leg keeps twitching and i cant breathe properly and now my vision went blurry"
    seen: set[str] = set()
    for k in range(1, len(text) + 1):
        flags: set[str] = set(det.detect(text[:k]).red_flags)
        assert seen <= flags, text[:k]
        seen = flags
    assert seen == {"breathing", "vision"}


def test_combined_flags_in_order_of_first_mention_each_once() -> None:
    found = detector().detect("im dizzy and i threw up and im still dizzy and i threw up again")
    assert found.red_flags == ("dizziness", "vomiting")
    found = detector().detect("short of breath dizzy and my pulse is barely there")
    assert found.red_flags == ("breathing", "dizziness", "pulse")


def test_other_lists_explain_what_did_not_escalate() -> None:
    det = detector()
    assert det.detect("what if i get a seizure").asked_about == ("seizure",)
    assert det.detect("no trouble breathing").negated == ("breathing",)
    assert det.detect("i had seizures as a child but none since").history == ("seizure",)
    mixed = det.detect("no fever but i cant breathe")
    assert mixed.red_flags == ("breathing",)
    assert mixed.negated == ("fever",)
    # a flag that escalates anywhere is not also listed as negated
    again = det.detect("i wasnt dizzy yesterday but today im really dizzy")
    assert again.red_flags == ("dizziness",)
    assert again.negated == ()


def test_detection_keeps_the_text_as_given() -> None:
    text = "My husband CAN'T breathe!!"
    found = detector().detect(text)
    assert isinstance(found, Detection)
    assert found.text == text
    assert found.red_flags == ("breathing",)


@pytest.mark.parametrize(
    "text",
    ["", " ", "um", "uh um er", ".", "?!", "no", "yes", "i dont know", "skip", "0", "a" * 5000],
)
def test_empty_and_odd_input(text: str) -> None:
    raises_nothing(text)


def test_very_long_line_returns() -> None:
    """A 100 kB line is cut by the normalizer and matched without catastrophic backtracking."""
    det = detector()
    filler = "i really really kind of sort of feel like my my calf is is twitching and and " * 1400
    assert len(filler) > 100_000
    assert det.detect(filler).red_flags == ()
    assert det.detect("i cant breathe " + filler).red_flags == ("breathing",)
    nasty = ("no " * 40_000) + "fever"
    assert det.detect(nasty).red_flags == ()
    digits = "temperature " + "one hundred and " * 8000
    det.detect(digits)


def test_every_flag_is_loaded_with_provenance() -> None:
    flags = load_red_flags()
    assert sorted(f.id for f in flags) == sorted(RED_FLAG_IDS)
    for flag in flags:
        assert flag.sources and flag.label and flag.patterns


def test_unknown_word_class_in_data_is_an_error() -> None:
    bad = RedFlag(id="fever", label="fever", sources=("002",), patterns=(r"\b{nosuchclass} fever\b",))
    with pytest.raises(ValueError, match="nosuchclass"):
        RedFlagDetector([bad])


def test_detector_uses_only_the_flags_it_is_given() -> None:
    only_fever = [f for f in load_red_flags() if f.id == "fever"]
    det = RedFlagDetector(only_fever)
    assert det.detect("i cant breathe and im burning up").red_flags == ("fever",)


def test_normalizer_forms_reach_the_patterns() -> None:
    """Apostrophes, "can not", fillers and stutters fold before matching."""
    det = detector()
    for text in ["I can't breathe", "i can not breathe", "i cannot breathe", "i i um cant breathe", "I CAN'T BREATHE."]:
        assert normalize(text) == "i cant breathe"
        assert det.detect(text).red_flags == ("breathing",)
