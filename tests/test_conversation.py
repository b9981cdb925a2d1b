"""Conversation scenarios: every rule, every red flag at every question,
negation traps, over-answering, reprompts, commands, silence and endings."""

from __future__ import annotations

import pytest

from models.common import RED_FLAG_IDS, SLOT_ORDER
from models.events import Ask, Confirm, Control, Emergency, End, OutcomeEvent, Say
from tests.harness import converse, new_skill, script

BENIGN = {"duration": "two days", "location": "my left eyelid", "pattern": "it comes and goes",
          "severity": "mild", "triggers": "too much coffee"}


def with_answers(**answers: str) -> dict[str, str]:
    return {**BENIGN, **answers}


# ---------------------------------------------------------------- each rule reaches its level

RULE_CASES = [
    # (rule id, answers, expected level)
    ("severe", with_answers(severity="severe it really hurts"), "urgent"),
    ("severe", with_answers(severity="about an eight out of ten"), "urgent"),
    ("widespread", with_answers(location="all over my body"), "urgent"),
    ("widespread", with_answers(location="pretty much everywhere"), "urgent"),
    ("widespread_regions", with_answers(location="my arms", multiple_locations="yes my back and both legs too"), "urgent"),
    ("new_medication", with_answers(medications="i started a new pill last week and then it began"), "urgent"),
    ("more_than_three_days", with_answers(duration="three weeks"), "doctor"),
    ("more_than_three_days", with_answers(duration="four days"), "doctor"),
    ("more_than_three_days", with_answers(duration="on and off for a year"), "doctor"),
    ("more_than_one_area", with_answers(multiple_locations="yes my right thigh as well"), "doctor"),
    ("more_than_one_area", with_answers(location="both legs"), "doctor"),
    ("constant", with_answers(pattern="its constant it never stops"), "doctor"),
    ("worsening", with_answers(severity="mild but getting worse"), "doctor"),
    ("weakness", with_answers(other_symptoms="my grip feels weaker"), "doctor"),
    ("atrophy", with_answers(other_symptoms="the muscle looks smaller than the other side"), "doctor"),
    ("daily_impact", with_answers(daily_impact="yes i cant work properly"), "doctor"),
    ("numbness", with_answers(other_symptoms="my toes feel numb"), "doctor"),
    ("benzo_withdrawal", with_answers(medications="im coming off benzodiazepines"), "doctor"),
    ("chronic_condition", with_answers(conditions="i have thyroid disease"), "doctor"),
    ("chronic_condition", with_answers(conditions="multiple sclerosis"), "doctor"),
    ("chronic_condition", with_answers(conditions="chronic kidney disease"), "doctor"),
    ("worried", with_answers(other_symptoms="no but im really worried its something serious"), "doctor"),
]


@pytest.mark.parametrize(("rule", "answers", "level"), RULE_CASES,
                         ids=[f"{r}-{i}" for i, (r, _, _) in enumerate(RULE_CASES)])
def test_each_rule_reaches_its_level_and_is_named(rule: str, answers: dict[str, str], level: str) -> None:
    run = converse(answers)
    assert run.level == level
    assert rule in {r.rule for r in run.outcome.reasons}
    reason = next(r for r in run.outcome.reasons if r.rule == rule)
    assert reason.sources, "every reason points to its source"
    assert reason.text in run.outcome.text, "the spoken outcome names the reason in plain words"


def test_nothing_concerning_is_self_care_with_advice_and_safety_net() -> None:
    run = converse(BENIGN)
    assert run.level == "self_care"
    assert run.outcome.reasons == ()
    assert any("caffeine" in a.lower() for a in run.outcome.advice), "advice follows the reported trigger"
    assert run.outcome.advice[0].lower().startswith("cut down on caffeine")
    assert "Call emergency services at once" in run.outcome.text
    assert run.outcome.finished


def test_exactly_three_days_is_not_more_than_three() -> None:
    assert converse(with_answers(duration="three days")).level == "self_care"


def test_highest_level_wins_and_lower_reasons_are_kept() -> None:
    run = converse(with_answers(duration="three weeks", severity="severe"))
    assert run.level == "urgent"
    rules = [r.rule for r in run.outcome.reasons]
    assert rules[0] == "severe" and "more_than_three_days" in rules


def test_spoken_reason_uses_plain_duration_words() -> None:
    # weakness first: reasons go by clinical weight (issue 15 item 9); the duration in plain words
    run = converse(with_answers(duration="three weeks", other_symptoms="some weakness"))
    assert "because you noticed weakness and it has lasted three weeks" in run.outcome.text


def test_outcome_never_names_or_doses_a_drug() -> None:
    for answers in (with_answers(medications="i take adderall and i started prednisone last week"),
                    with_answers(medications="coming off lorazepam"), with_answers(severity="severe")):
        run = converse(answers)
        spoken = " ".join([run.outcome.text, *run.outcome.advice]).lower()
        for drug in ("adderall", "prednisone", "lorazepam", "cyclobenzaprine", "magnesium supplement",
                     "mg", "milligram", "ibuprofen", "diazepam", "try taking", "you should take",
                     "muscle relaxant"):
            assert f" {drug}" not in spoken
        # said where medicines came up, not after every result (issue 15 item 10)
        came_up = "medications" in answers
        assert ("a doctor can advise on medication" in spoken) == came_up


def test_summary_lists_answers_in_question_order() -> None:
    run = converse(with_answers(duration="three weeks", location="my left calf"))
    labels = [item.label for item in run.outcome.summary.items]
    assert labels[:5] == ["Warning signs right now", "Duration", "Where", "More than one place", "Pattern"]
    values = {item.label: item.value for item in run.outcome.summary.items}
    assert values["Warning signs right now"] == "no"
    assert values["Duration"].startswith("three weeks")
    assert "left calf" in values["Where"]
    summary_say = [e for e in run.skill.hear("summary") if isinstance(e, Say) and e.kind == "summary"]
    assert summary_say and "Summary for a doctor" in summary_say[0].text


# ---------------------------------------------------------------- red flags at every question

PHRASES = {
    "breathing": ["i cant catch my breath", "im struggling to breathe", "i feel short of breath"],
    "swallowing": ["i cant swallow properly", "food gets stuck when i swallow", "its hard to swallow"],
    "speech": ["my speech is slurred", "my words come out wrong", "i cant get my words out"],
    "consciousness": ["i blacked out earlier", "i fainted this morning", "i passed out yesterday"],
    "confusion": ["i feel really confused", "i dont know where i am", "i keep forgetting things today"],
    "seizure": ["i had a seizure", "i had a fit this morning", "i was having convulsions"],
    "paralysis": ["i cant lift my arm", "i cant move my leg", "my hand is paralysed"],
    "coordination": ["i keep losing my balance", "i keep stumbling", "i cant walk straight"],
    "vision": ["everything went blurry", "im seeing double", "i lost vision in one eye"],
    "dizziness": ["the room is spinning", "im really dizzy", "i feel lightheaded"],
    "headache": ["i have the worst headache of my life", "my head is killing me", "a splitting headache"],
    "fever": ["i have a fever", "im burning up", "my temperature is thirty nine point eight"],
    "vomiting": ["i threw up twice", "ive been vomiting", "i keep being sick"],
    "pulse": ["my pulse is really weak", "i can barely feel a pulse", "my heartbeat feels faint"],
    "help": ["call an ambulance", "please get help", "somebody help me"],
    "emergency_named": ["i think im having a stroke", "he is having a heart attack", "i think she is dying"],
    "chest": ["i have chest pain", "my chest feels really tight", "a crushing pain in my chest"],
}
RED_FLAG_AT_SLOT = [(flag, slot, PHRASES[flag][i % 3])
                    for i, (flag, slot) in enumerate((f, s) for f in RED_FLAG_IDS for s in SLOT_ORDER)]


@pytest.mark.parametrize(("flag", "slot", "phrase"), RED_FLAG_AT_SLOT,
                         ids=[f"{f}@{s}" for f, s, _ in RED_FLAG_AT_SLOT])
def test_red_flag_at_every_question_escalates_at_once(flag: str, slot: str, phrase: str) -> None:
    answers = {**BENIGN, "multiple_locations": "no", slot: f"well {phrase} to be honest"}
    run = converse(answers)
    assert run.level == "emergency"
    assert len(run.emergencies) == 1
    emergency = run.emergencies[0]
    assert flag in emergency.red_flags
    assert "Call emergency services now" in emergency.text and "911" in emergency.text
    # The questions end at once: nothing is asked after the emergency.
    after = run.events[run.events.index(emergency):]
    assert not any(isinstance(e, Ask) for e in after)
    assert isinstance(run.events[-1], End) and run.events[-1].reason == "emergency"


def test_emergency_names_what_was_heard_and_the_configured_number() -> None:
    skill = new_skill(emergency_number="112")
    events = script(skill, "my husband cant breathe and hes slurring his words")
    emergency = next(e for e in events if isinstance(e, Emergency))
    assert set(emergency.red_flags) == {"breathing", "speech"}
    assert "112" in emergency.text and "911" not in emergency.text
    assert "trouble breathing" in emergency.text


def test_partial_result_escalates_before_the_utterance_ends() -> None:
    skill = new_skill()
    skill.start()
    assert skill.hear("it started in my calf", final=False) == []
    events = skill.hear("it started in my calf two weeks ago and now i cant breathe", final=False)
    assert any(isinstance(e, Emergency) for e in events)
    # The final result of the same utterance does not raise a second alarm.
    assert not any(isinstance(e, Emergency) for e in skill.hear(
        "it started in my calf two weeks ago and now i cant breathe properly", final=True))


def test_yes_to_screening_escalates() -> None:
    for yes in ("yes", "yeah", "yes i am"):
        run = converse({"screening": yes})
        assert run.level == "emergency"
        assert "Call emergency services now" in run.emergencies[0].text


def test_after_an_emergency_every_utterance_repeats_the_message() -> None:
    skill = new_skill()
    script(skill, "i cant breathe")
    again = skill.hear("repeat")
    assert again and isinstance(again[0], Say) and "Call emergency services now" in again[0].text


def test_red_flag_after_the_outcome_still_escalates() -> None:
    skill = new_skill()
    run = converse(BENIGN, skill=skill)
    assert run.level == "self_care"
    assert any(isinstance(e, Emergency) for e in skill.hear("oh no now i cant breathe"))


# ---------------------------------------------------------------- negation traps in conversation

@pytest.mark.parametrize("answer", [
    "no trouble breathing or swallowing its just my eyelid",
    "no im breathing fine nothing like that",
    "i havent had a seizure or anything like that",
    "never fainted in my life",
    "none of those thankfully",
    "no fever no vomiting nothing like that",
])
def test_negated_screening_answer_does_not_escalate(answer: str) -> None:
    run = converse({**BENIGN, "screening": answer})
    assert run.level == "self_care"
    assert not run.emergencies


def test_negation_scope_ends_at_but() -> None:
    run = converse({**BENIGN, "other_symptoms": "no fever but i cant breathe"})
    assert run.level == "emergency"
    assert run.emergencies[0].red_flags == ("breathing",)


def test_plain_question_about_a_red_flag_gets_advice_not_an_alarm() -> None:
    skill = new_skill()
    events = script(skill, "no", "what if i get a seizure")
    assert not any(isinstance(e, Emergency) for e in events)
    info = [e for e in events if isinstance(e, Say) and e.kind == "info"]
    assert info and "call emergency services" in info[0].text.lower()
    assert isinstance(events[-1], Ask) and events[-1].slot == "duration"


# ---------------------------------------------------------------- over-answering

def test_one_answer_fills_several_slots_and_they_are_not_asked() -> None:
    run = converse({"duration": "my left eyelid for two weeks on and off", "severity": "mild"})
    assert run.asked["location"] == 0 and run.asked["pattern"] == 0
    assert run.level == "doctor"
    confirms = [e for e in run.events if isinstance(e, Confirm)]
    assert {c.slot for c in confirms} >= {"duration", "location", "pattern"}


def test_several_places_in_one_answer_skip_the_more_than_one_place_question() -> None:
    run = converse(with_answers(location="my left calf and my right thigh"))
    assert run.asked["multiple_locations"] == 0
    assert run.level == "doctor"


def test_understood_answer_gets_an_implicit_confirmation() -> None:
    events = script(new_skill(), "no", "two weeks")
    confirm = next(e for e in events if isinstance(e, Confirm) and e.slot == "duration")
    assert confirm.text == "Two weeks, got it."


def test_low_confidence_answer_is_confirmed_explicitly() -> None:
    skill = new_skill()
    script(skill, "no")
    events = skill.hear("two weeks", confidence=0.3)
    assert isinstance(events[-1], Ask) and events[-1].text == "Did you say two weeks?"
    events = skill.hear("yes")
    assert isinstance(events[-1], Ask) and events[-1].slot == "location"
    assert skill.session.answers["duration"].status == "answered"


def test_low_confidence_answer_rejected_is_asked_again() -> None:
    skill = new_skill()
    script(skill, "no")
    skill.hear("two weeks", confidence=0.3)
    events = skill.hear("no")
    assert isinstance(events[-1], Ask) and events[-1].slot == "duration"
    assert "duration" not in skill.session.answers


# ---------------------------------------------------------------- reprompts and unknowns

def test_not_understood_gets_one_rephrased_reprompt_then_moves_on() -> None:
    skill = new_skill()
    events = script(skill, "no", "banana telephone")
    asks = [e for e in events if isinstance(e, Ask)]
    assert asks[-1].slot == "duration" and asks[-1].reprompt
    assert asks[-1].text != asks[-2].text, "the reprompt is a rephrased question"
    events = skill.hear("purple monkey dishwasher")
    assert any(isinstance(e, Say) and e.kind == "moving_on" for e in events)
    assert isinstance(events[-1], Ask) and events[-1].slot == "location"
    assert skill.session.answers["duration"].status == "unknown"


def test_dont_know_is_an_answer() -> None:
    skill = new_skill()
    events = script(skill, "no", "i dont know")
    assert isinstance(events[-1], Ask) and events[-1].slot == "location"
    assert skill.session.answers["duration"].status == "dont_know"


@pytest.mark.parametrize("garbage", ["", "   ", "\x00\x01\x02", "🙂🙂🙂", "a" * 100_000, "asdf qwer zxcv"])
def test_garbage_never_crashes_and_the_question_stands(garbage: str) -> None:
    skill = new_skill()
    events = script(skill, "no", garbage)
    assert isinstance(events[-1], (Ask, Say))
    assert not skill.finished


# ---------------------------------------------------------------- commands

def test_repeat_repeats_the_open_question() -> None:
    skill = new_skill()
    events = script(skill, "no")
    question = events[-1]
    again = skill.hear("can you repeat that please")
    assert again == [question]


def test_help_explains_and_asks_again() -> None:
    skill = new_skill()
    events = script(skill, "no", "help")
    assert any(isinstance(e, Say) and e.kind == "help" and "go back" in e.text for e in events)
    assert isinstance(events[-1], Ask) and events[-1].slot == "duration"


def test_go_back_changes_the_last_answer() -> None:
    skill = new_skill()
    events = script(skill, "no", "two days", "go back")
    assert isinstance(events[-1], Ask) and events[-1].slot == "duration"
    assert "duration" not in skill.session.answers
    skill.hear("three weeks")
    assert skill.session.answers["duration"].value.days == 21  # type: ignore[union-attr]


def test_go_back_at_the_first_question_says_so() -> None:
    events = script(new_skill(), "go back")
    assert any("no earlier answer" in getattr(e, "text", "") for e in events)
    assert isinstance(events[-1], Ask) and events[-1].slot == "screening"


def test_skip_records_skipped_and_moves_on() -> None:
    skill = new_skill()
    events = script(skill, "no", "skip")
    assert isinstance(events[-1], Ask) and events[-1].slot == "location"
    assert skill.session.answers["duration"].status == "skipped"


def test_stop_ends_politely_with_the_safety_net() -> None:
    skill = new_skill()
    events = script(skill, "no", "two weeks", "stop")
    outcome = next(e for e in events if isinstance(e, OutcomeEvent))
    assert not outcome.finished
    assert "not finished" in outcome.text and "Call emergency services at once" in outcome.text
    assert outcome.level.value == "doctor", "what was said still counts"
    assert isinstance(events[-1], End) and events[-1].reason == "stopped"


def test_it_never_stops_is_an_answer_not_a_command() -> None:
    skill = new_skill()
    events = script(skill, "no", "two days", "my calf", "no", "it never stops")
    assert not skill.finished
    assert skill.session.answers["pattern"].value.pattern == "constant"  # type: ignore[union-attr]
    assert isinstance(events[-1], Ask)


def test_slower_and_faster_are_voice_controls() -> None:
    skill = new_skill()
    events = script(skill, "no", "slower please")
    assert any(isinstance(e, Control) and e.command == "slower" for e in events)
    assert isinstance(events[-1], Ask) and events[-1].slot == "duration"


# ---------------------------------------------------------------- silence and endings

def test_silence_reprompts_shorter_then_hints_and_keeps_waiting() -> None:
    skill = new_skill()
    script(skill, "no")
    first = skill.silence()
    assert isinstance(first[0], Ask) and first[0].slot == "duration"
    assert len(first[0].text) < len(skill.protocol.question("duration").text)
    skill.silence(), skill.silence()
    hint = skill.silence()
    assert isinstance(hint[0], Say) and "still here" in hint[0].text
    assert not skill.finished and skill.slot == "duration"
    assert isinstance(skill.hear("two weeks")[-1], Ask)


def test_end_of_input_gives_the_outcome_of_what_is_known() -> None:
    skill = new_skill()
    script(skill, "no", "three weeks")
    events = skill.end_of_input()
    outcome = next(e for e in events if isinstance(e, OutcomeEvent))
    assert outcome.level.value == "doctor" and not outcome.finished
    assert "not finished" in outcome.text
    assert isinstance(events[-1], End) and events[-1].reason == "end_of_input"


def test_stopping_before_anything_is_known_does_not_claim_self_care() -> None:
    skill = new_skill()
    events = script(skill, "no", "stop")
    outcome = next(e for e in events if isinstance(e, OutcomeEvent))
    assert "self-care" not in outcome.text.lower()
    assert "don't know enough" in outcome.text and "Call emergency services at once" in outcome.text
    assert outcome.level.value == "no_result" and outcome.summary.level.value == "no_result"
    summary = next(e for e in skill.hear("summary") if isinstance(e, Say) and e.kind == "summary")
    assert "  " not in summary.text and "self-care" not in summary.text
