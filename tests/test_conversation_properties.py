"""Property tests: any sequence of utterances ends in a valid outcome; a red flag
inserted anywhere in a benign answer always escalates."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models.common import Level
from models.events import Ask, Emergency, End, OutcomeEvent
from tests.harness import new_skill
from tests.test_conversation import PHRASES

FRAGMENTS = [
    "no", "yes", "yeah", "nope", "i dont know", "skip", "repeat", "help", "go back", "two weeks",
    "three days", "my left calf", "both legs", "all over", "it comes and goes", "constant", "mild",
    "severe", "getting worse", "a little", "my grip is weaker", "none", "i take adderall",
    "i started a new pill", "thyroid disease", "lots of coffee", "stress", "slower", "faster",
    "what if i get a seizure", "no trouble breathing", "never fainted", "im worried", "",
    "asdf", "since monday", "a week and a half", "on and off for a year", "stop",
]
utterance = st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=60),
                      st.lists(st.sampled_from(FRAGMENTS), min_size=2, max_size=4).map(" ".join))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(utterance, st.booleans(), st.sampled_from(["hear", "silence"])), max_size=40))
def test_any_sequence_ends_in_a_valid_outcome(steps: list[tuple[str, bool, str]]) -> None:
    skill = new_skill()
    events = skill.start()
    for text, final, kind in steps:
        events += skill.silence() if kind == "silence" else skill.hear(text, final=final)
    events += skill.end_of_input()
    outcomes = [e for e in events if isinstance(e, OutcomeEvent)]
    assert outcomes, "every conversation ends with an outcome"
    assert isinstance(outcomes[-1].level, Level)
    ends = [e for e in events if isinstance(e, End)]
    # One end; a second only when a red flag is heard after the outcome was given.
    assert len(ends) == 1 or (len(ends) == 2 and ends[1].reason == "emergency")
    emergencies = [e for e in events if isinstance(e, Emergency)]
    assert len(emergencies) <= 1
    if emergencies:
        assert outcomes[-1].level is Level.EMERGENCY
    # Every question that waits names a real slot, and nothing waits after the end.
    assert not any(isinstance(e, Ask) for e in events[events.index(ends[0]):])


BENIGN_ANSWERS = st.sampled_from([
    "it has been about two weeks now", "my left calf mostly", "it comes and goes a few seconds at a time",
    "mild i would say", "i have been drinking a lot of coffee and not sleeping well",
    "nothing else really", "my right thigh as well", "work has been stressful lately",
])
RED_FLAG_PHRASES = st.sampled_from([(flag, phrase) for flag, phrases in PHRASES.items() for phrase in phrases])


@settings(max_examples=300, deadline=None)
@given(BENIGN_ANSWERS, RED_FLAG_PHRASES, st.integers(min_value=0, max_value=20),
       st.integers(min_value=0, max_value=10))
def test_red_flag_inserted_anywhere_in_a_benign_answer_escalates(
        answer: str, red_flag: tuple[str, str], position: int, questions_answered: int) -> None:
    flag, phrase = red_flag
    words = answer.split()
    at = position % (len(words) + 1)
    # "and" keeps the insertion its own statement; no negation stands before it.
    said = " ".join(words[:at] + ["and", phrase, "and"] + words[at:])
    skill = new_skill()
    skill.start()
    for _ in range(questions_answered):
        if skill.finished:
            break
        skill.hear("i dont know")
    events = skill.hear(said)
    emergencies = [e for e in events if isinstance(e, Emergency)]
    assert emergencies and flag in emergencies[0].red_flags, said
