"""The person's own alarm (policy): a plea for help, an emergency they name, chest pain, and
stroke signs in any words. The phrasings themselves are rows of tests/data/redflags_more.jsonl
(kinds own_alarm, own_alarm_negative); here is what the person hears and what the skill does."""

from __future__ import annotations

import pytest

from dialog.commands import match_command
from dialog.load import load_red_flags
from dialog.redflags import RedFlagDetector
from dialog.redflags.learned import LearnedLayer
from dialog.text import normalize
from models.common import OWN_ALARM_IDS, SEED_RED_FLAG_IDS
from models.events import Ask, Emergency, Say
from tests.harness import new_skill, script
from tests.redflag_cases import detector, escalates, raises_nothing


def emergency_after(*utterances: str) -> Emergency:
    events = script(new_skill(), *utterances)
    found = [e for e in events if isinstance(e, Emergency)]
    assert found, [e for e in events]
    return found[0]


@pytest.mark.parametrize(("said", "heard"), [
    ("call an ambulance", "You asked for an ambulance."),
    ("please ring an ambulance for me", "You asked for an ambulance."),
    ("call nine one one", "You asked for emergency services."),
    ("somebody help me", "You asked for help."),
    ("emergency", "You asked for emergency help."),
    ("i think im having a stroke", "You said you think you're having a stroke."),
    ("i think my husband is having a stroke", "You said you think your husband is having a stroke."),
    ("i feel like im having a heart attack", "You said you feel like you're having a heart attack."),
    ("hes having a heart attack", "You said he's having a heart attack."),
    ("i think shes dying", "You said you think she's dying."),
    ("it feels like a stroke", "You said it feels like a stroke."),
    ("i have chest pain", "You mentioned chest pain."),
    ("tightness in my chest", "You mentioned chest pain."),
])
def test_the_emergency_message_says_what_was_heard(said: str, heard: str) -> None:
    emergency = emergency_after(said)
    assert emergency.rest.startswith(heard + " That needs help now"), emergency.rest
    assert emergency.text == f"{emergency.head} {emergency.rest}"


def test_several_things_heard_are_each_said_once() -> None:
    emergency = emergency_after("call an ambulance i have chest pain and i cant breathe")
    assert set(emergency.red_flags) == {"help", "chest", "breathing"}
    assert emergency.rest.startswith("You mentioned chest pain and trouble breathing. You asked for an ambulance.")


def test_a_symptom_red_flag_keeps_its_old_wording() -> None:
    emergency = emergency_after("i cant breathe")
    assert emergency.rest.startswith("You mentioned trouble breathing. That needs help now")


def test_the_bare_command_word_help_gives_the_help_text_and_a_plea_escalates() -> None:
    # policy: "help me" said as a plea escalates; the command word "help" alone asks for the
    # check's help (dialog/commands.py), whose text says to tell any emergency at any time
    skill = new_skill()
    script(skill, "no")
    events = skill.hear("help")
    assert not any(isinstance(e, Emergency) for e in events)
    assert any(isinstance(e, Say) and e.kind == "help" and "emergency" in e.text for e in events)
    assert any(isinstance(e, Ask) for e in events)
    for plea in ("help me", "somebody help me", "help help", "please help me im on the floor"):
        escalates(plea, "help")
    for command in ("help", "help please", "can you help me"):
        raises_nothing(command)
        found = match_command(normalize(command))
        assert found is not None and found.command == "help", command


def test_help_with_the_twitching_or_the_questions_is_not_a_plea() -> None:
    for text in ("can you help with a twitch", "i want help with my twitching", "help me with this question",
                 "i need help understanding the question", "can anyone help me understand this"):
        raises_nothing(text)


def test_sudden_one_sided_numbness_escalates_but_plain_numbness_stays_a_doctor_rule() -> None:
    for text in ("my left side went numb suddenly", "sudden numbness down my right side",
                 "half my face has gone numb", "one side of his body went dead all of a sudden"):
        assert detector().detect(text).red_flags == ("paralysis",), text
    for text in ("my fingers feel numb", "i have numbness and tingling in my feet",
                 "my left hand goes numb at night", "a bit of tingling down my left side"):
        raises_nothing(text)
    # numbness is still a doctor-level answer to the symptoms question
    run_events = script(new_skill(), "no", "two days", "my calf", "no", "comes and goes", "mild", "no",
                        "my fingers feel numb", "none", "no", "no")
    assert not any(isinstance(e, Emergency) for e in run_events)


def test_the_learned_layer_has_no_class_for_the_own_alarm_ids_and_the_detector_still_reads_them() -> None:
    layer = LearnedLayer.load()
    assert set(layer.info.classes) == set(SEED_RED_FLAG_IDS)
    assert not set(layer.info.classes) & set(OWN_ALARM_IDS)
    learned_only = RedFlagDetector(load_red_flags(), use_lexicon=False, learned=layer)
    fused = RedFlagDetector(load_red_flags(), learned=layer)
    for text, flag in (("call an ambulance", "help"), ("i think im having a stroke", "emergency_named"),
                       ("i have chest pain", "chest")):
        assert flag not in learned_only.detect(text).red_flags
        assert flag in fused.detect(text).red_flags
        assert flag in fused.detect(text, final=False).red_flags  # a partial result too


def test_chest_tightness_keeps_the_learned_breathing_reading_beside_it() -> None:
    # the corpus's writers say trouble breathing as "my chest feels tight and i cant get a breath"
    found = detector().detect("my chest feels really tight and i cant get a breath")
    assert set(found.red_flags) == {"chest", "breathing"}


def test_a_named_emergency_that_is_asked_about_or_history_or_an_idiom_does_not_escalate() -> None:
    for text in ("if i ever think im having a stroke who do i call", "my grandad had a heart attack in the nineties",
                 "what does a stroke feel like", "you nearly gave me a heart attack", "im dying to know why",
                 "is this twitching an emergency", "do i need an ambulance for a twitch"):
        raises_nothing(text)


@pytest.mark.parametrize(("text", "flag"), [
    ("can you send an ambulance", "help"),
    ("could someone please call an ambulance", "help"),
    ("would you call an ambulance", "help"),
    ("would you call nine one one", "help"),
    ("can you come and get me i think im having a stroke", "emergency_named"),
    ("could somebody come quick i think hes having a heart attack", "emergency_named"),
    ("can someone get me help i cant breathe", "breathing"),
])
def test_a_plea_put_as_a_question_escalates(text: str, flag: str) -> None:
    # Found on real people's words (stop 18): a request ("can you ...") was read as a question
    # about the red flag, and "can you send an ambulance" raised nothing.
    escalates(text, flag)


def test_asking_whether_to_call_or_what_causes_a_red_flag_is_still_a_question() -> None:
    for text in ("would you call an ambulance for a twitch like this", "would you call nine one one if your eye twitched all day",
                 "when do you call an ambulance", "can you get chest pain from stress", "can you help me",
                 "could you tell me if a stroke feels like this", "can you call the doctor if i faint"):
        raises_nothing(text)
