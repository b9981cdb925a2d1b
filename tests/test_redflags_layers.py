"""The red-flag package's layers: learned, sounds-like, clauses, fusion, explanation."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from dialog.language.clauses import clauses
from dialog.language.words import Words
from dialog.load import default_protocol
from dialog.redflags import RedFlagDetector
from dialog.redflags.corpus import (
    CORPUS_DIR,
    learned_training_files,
    load_corpus,
    split,
)
from dialog.redflags.learned import LearnedLayer
from dialog.redflags.phonetic import SoundsLike
from models.common import RED_FLAG_IDS, SEED_RED_FLAG_IDS
from tests.redflag_cases import (
    detector,
    escalates,
    lexicon_only,
    raises_nothing,
    spoken,
)

ROOT = Path(__file__).resolve().parent.parent


# -------------------------------------------------------------- the learned layer

# People's own words that name no textbook phrase: the learned layer is what catches them.
OWN_WORDS = [
    ("its like sucking air through a coffee stirrer", "breathing"),
    ("my tongue feels too big to make words", "speech"),
    ("keep heaving it all up", "vomiting"),
    ("the beat in my wrist is really faint", "pulse"),
]


@pytest.mark.parametrize("text,flag", OWN_WORDS)
def test_learned_layer_reads_descriptions_no_phrase_names(text: str, flag: str) -> None:
    assert flag not in lexicon_only().detect(text).red_flags  # the lexicon alone misses it
    found = detector().detect(text)
    assert flag in found.red_flags + found.uncertain, found


@pytest.mark.parametrize("text,flag", [
    ("the twitch is in my lip and chin mostly and its been a few weeks and i drink a lot of tea "
     "and lately my food gets stuck halfway", "swallowing"),
    ("it flickers in my forearm and wrist and i type all day and i had a cold last week "
     "and since lunch i keep forgetting where i am", "confusion"),
])
def test_learned_layer_reads_a_red_flag_at_the_end_of_a_long_answer(text: str, flag: str) -> None:
    # Read whole, the lead-in dilutes the last clauses; two clauses at a time keep them whole.
    learned_only = RedFlagDetector(default_protocol().red_flags, use_lexicon=False)
    assert flag in learned_only.detect(text).red_flags


def test_learned_layer_alone_escalates_with_its_reason() -> None:
    found = detector().detect("its like sucking air through a coffee stirrer")
    learned = [f for f in found.findings if f.layer == "learned" and f.flag == "breathing"]
    assert learned and learned[0].score is not None and learned[0].assertion == "present"


@pytest.mark.parametrize("text,flag", [
    ("theres foam at her mouth and her arms are going", "seizure"),
    ("his eyes have gone up and hes shaking", "seizure"),
    ("i tried to pour the milk and it went everywhere i couldnt aim", "coordination"),
])
def test_learned_layer_reads_what_a_caller_sees_in_their_own_words(text: str, flag: str) -> None:
    # Paraphrases of the emergency dispatcher's and the bedside speaker's lines (stop 17): the
    # layer trained on train/ alone did not escalate them, with no encoder to settle a doubt.
    # Read by the learned layer alone (the lexicon has since learned some of these words too).
    learned_only = RedFlagDetector(default_protocol().red_flags, use_lexicon=False)
    assert flag in learned_only.detect(text).red_flags, learned_only.detect(text)
    escalates(text, flag)


@pytest.mark.parametrize("text", [
    "i can breathe fine just twitchy",
    "she can swallow",
    "under my left eye",
    "my left foot",
    "im fit and healthy",
    "i have a headache",
    "my pulse is racing after coffee",
])
def test_ordinary_and_reassuring_words_do_not_escalate(text: str) -> None:
    raises_nothing(text)


@pytest.mark.parametrize("text", [
    "i never once fainted",
    "i wouldnt call it dizzy",
    "back when i was a student i fainted a couple of times",
    "years ago i had an ear infection and lost my balance for a week",
    "in primary school i had fits",
    "my grandad used to have seizures",
    "the leaflet says seek help for sudden confusion",
    "at which point should i worry about fits",
    "im not what youd call confused",
])
def test_cleared_by_explicit_words(text: str) -> None:
    raises_nothing(text)


@pytest.mark.parametrize("text,flag", [
    ("years ago i fainted and now i cant breathe", "breathing"),
    ("a few days now and honestly my left arm feels kind of heavy and i cant really lift it", "paralysis"),
    ("i choke when i eat", "swallowing"),
    ("no fever but i threw up twice", "vomiting"),
])
def test_escalates_where_explicit_words_do_not_clear(text: str, flag: str) -> None:
    escalates(text, flag)


def test_partial_waits_for_a_learned_reading_until_the_clause_is_said() -> None:
    det = detector()
    partial = "my leg keeps twitching and i cant"
    assert det.detect(partial, final=False).red_flags == ()
    assert "paralysis" in det.detect("my leg keeps twitching and i cant move it", final=True).red_flags


@pytest.mark.parametrize("partial", [
    "my vision is clear and i have",  # heard mid-sentence in bench_escalation (30 dB noise)
    "my speech is fine and i have",
])
def test_the_clause_being_said_does_not_colour_the_finished_ones(partial: str) -> None:
    assert detector().detect(partial, final=False).red_flags == ()


def test_a_finished_clause_still_escalates_on_a_partial() -> None:
    assert "vision" in detector().detect("i have blurred vision and i", final=False).red_flags


def test_lexicon_escalates_on_a_partial_at_once() -> None:
    assert detector().detect("so the twitching and now i cant breathe", final=False).red_flags == ("breathing",)


# -------------------------------------------------------------- sounds like

@pytest.mark.parametrize("text,flag", [
    ("i think i had a seesure", "seizure"),
    ("i had a sea sure this morning", "seizure"),
    ("i black doubt at work", "consciousness"),
    ("i keep vomit in", "vomiting"),
    ("im really dizy", "dizziness"),
])
def test_misheard_key_words_escalate_by_sound(text: str, flag: str) -> None:
    found = spoken().detect(text)
    assert flag in found.red_flags, found


def test_seeing_a_specialist_is_not_wheezing() -> None:
    # "was seeing" sounded like "wheezing" and called an ambulance for a person telling who
    # they see about the twitch
    raises_nothing("i was seeing a specialist for my back")
    raises_nothing("i was seeing a specialist for my back", by=spoken())


def test_sounds_like_keeps_a_denial() -> None:
    raises_nothing("no seesure nothing like that", by=spoken())


@pytest.mark.parametrize("words", ["does it matter", "it calms down at night", "my pulse feels faint and slow",
                                   "i fainted as a child", "a fiver for the bus", "i was seeing a specialist",
                                   "she was seeing red"])
def test_sounds_like_leaves_real_words_alone(words: str) -> None:
    terms = [t for flag in default_protocol().red_flags for t in flag.key_words if t != "fever"]
    assert SoundsLike(terms).rewrite(words.split()) is None


# -------------------------------------------------------------- clauses

def test_clauses_split_at_new_subjects_and_subordinators_not_inside_lists() -> None:
    words = Words("no fever or vomiting but i cant breathe because my chest is tight")
    parts = [c.text(words) for c in clauses(words)]
    assert parts == ["no fever or vomiting", "but i cant breathe", "because my chest is tight"]


# -------------------------------------------------------------- explanation

def test_detect_explain_names_layer_clause_and_assertion() -> None:
    proc = subprocess.run([sys.executable, "-m", "voice.frontends.cli", "detect", "--explain"], cwd=ROOT,
                          input="no fever but i threw up twice\n", capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    record = json.loads(proc.stdout.splitlines()[0])
    assert record["red_flags"] == ["vomiting"]
    by_flag = {f["flag"]: f for f in record["findings"]}
    assert by_flag["fever"]["assertion"] == "denied" and by_flag["fever"]["decision"] == "clear"
    assert by_flag["vomiting"]["layer"] == "lexicon" and by_flag["vomiting"]["clause"] == "but i threw up twice"


# -------------------------------------------------------------- corpus and model

def test_corpus_is_large_labelled_and_its_parts_disjoint() -> None:
    train, held, second, third = split("train"), split("heldout"), split("heldout2"), split("heldout3")
    for part in (held, second, third):
        assert not {line.text for line in train} & {line.text for line in part}
        assert not {line.writer for line in train} & {line.writer for line in part}
    assert not {line.text for line in held} & {line.text for line in second}
    assert not {line.text for line in held + second} & {line.text for line in third}
    # the corpora were written for the seeds' red flags; the policy's own-alarm ids are lexicon-only
    assert {f for line in second for f in line.expect} == set(SEED_RED_FLAG_IDS)
    assert {f for line in third for f in line.expect} == set(SEED_RED_FLAG_IDS)
    everything = train + held
    assert sum(bool(line.expect) for line in everything) >= 4000
    assert sum(not line.expect for line in everything) >= 4000
    assert {f for line in held for f in line.expect} == set(SEED_RED_FLAG_IDS)
    assert not {line.text for line in train} & {line.text for line in held}
    assert len({line.writer for line in held}) >= 3
    assert not {line.writer for line in train} & {line.writer for line in held}


def test_the_real_language_held_out_part_is_real_sourced_and_shares_no_page_or_line_with_training() -> None:
    real = split("heldout_real")
    assert len(real) >= 400 and sum(bool(line.expect) for line in real) >= 200
    assert all(line.source and line.original for line in real)  # every line names its page
    assert {f for line in real for f in line.expect} == set(RED_FLAG_IDS)
    trained = split("train") + load_corpus(sorted((CORPUS_DIR / "candidates").glob("*.jsonl")))
    assert not {line.text for line in trained} & {line.text for line in real}
    assert not {line.source for line in trained if line.source} & {line.source for line in real}
    others = split("heldout") + split("heldout2") + split("heldout3")
    assert not {line.text for line in others} & {line.text for line in real}


def test_committed_model_was_trained_on_exactly_the_committed_training_files() -> None:
    model = LearnedLayer.load()
    files = learned_training_files()
    expected = {f.relative_to(ROOT).as_posix(): hashlib.sha256(f.read_bytes()).hexdigest() for f in files}
    assert model.info.trained_on == expected
    assert set(CORPUS_DIR.glob("train/*.jsonl")) <= set(files)  # every training file, and the candidates named
    assert not any("heldout" in name for name in model.info.trained_on)


# Descriptions between the learned layer's thresholds (which one is, moves with retraining).
HALF_SURE = ["everything tastes like metal and i feel strange", "my throat feels funny when i eat",
             "i feel kind of weird in my head", "its like my chest is in a vice", "my legs feel odd and floaty",
             "i feel a bit off somehow and the words are hard", "my eyes feel funny"]


def test_the_real_detector_asks_about_some_half_sure_descriptions_and_the_skill_asks_the_person() -> None:
    from models.events import Ask
    from tests.harness import new_skill, script

    unsure = [t for t in HALF_SURE if detector().detect(t).uncertain and not detector().detect(t).red_flags]
    assert unsure, "no description falls between the learned layer's thresholds"
    skill = new_skill()
    events = script(skill, "no", unsure[0])
    assert isinstance(events[-1], Ask) and skill.state == "checking_flag"
    assert events[-1].text.startswith(f"You said '{unsure[0]}'. Is that happening now: "), "in the person's words"


def test_held_out_figures_do_not_fall_below_what_was_measured() -> None:
    """Regression guard on the frozen held-out part (measured 2026-11-28: recall 0.921, exact
    0.909, specificity 0.913, every id's recall 0.80 or more). A change that loses emergencies
    people said in their own words fails here; the figures themselves are in the benchmark."""
    lines = split("heldout")
    det = detector()
    found = [set(det.detect(line.text).red_flags) for line in lines]
    positives = [(line, f) for line, f in zip(lines, found) if line.expect]
    negatives = [f for line, f in zip(lines, found) if not line.expect]
    recall = sum(bool(f) for _, f in positives) / len(positives)
    exact = sum(set(line.expect) <= f for line, f in positives) / len(positives)
    specificity = sum(not f for f in negatives) / len(negatives)
    assert recall >= 0.91 and exact >= 0.90 and specificity >= 0.90, (recall, exact, specificity)
    for flag in SEED_RED_FLAG_IDS:
        with_flag = [(line, f) for line, f in positives if flag in line.expect]
        assert sum(flag in f for _, f in with_flag) / len(with_flag) >= 0.80, flag
    # every way of saying it (measured: the lowest, descriptions that never name it, 0.81)
    for style in {line.style for line, _ in positives}:
        said = [f for line, f in positives if line.style == style]
        assert sum(bool(f) for f in said) / len(said) >= 0.78, style


def test_detect_checks_a_line_longer_than_it_reads_to_its_end() -> None:
    line = "my calf twitches now and then " * 4000 + "and now i cant breathe"
    proc = subprocess.run([sys.executable, "-m", "voice.frontends.cli", "detect"], cwd=ROOT, input=line + "\n",
                          capture_output=True, text=True, timeout=120)
    record = json.loads(proc.stdout)
    assert record["red_flags"] == ["breathing"] and record["too_long"] is True


@pytest.mark.parametrize("text", ["did you say trouble breathing", "what do you mean by slurred speech",
                                  "are you asking if i fainted"])
def test_asking_back_what_the_skill_said_is_a_question(text: str) -> None:
    raises_nothing(text)


def test_asking_back_then_saying_a_red_flag_escalates() -> None:
    assert detector().detect("did you say fainting because i cant breathe").red_flags == ("breathing",)
