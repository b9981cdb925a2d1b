"""A nurse's ear (issue 14): red flags as real people say them -- carers describing someone in
the third person, pleas for help, emergencies named, chest pressure now, one side gone dead -- and
past events said the way people date them ("in late may", "a week ago today", "back in twenty
fifteen"). Every sentence here was written for this file (none is a corpus line); each reading
is tested both ways: what must escalate, and the look-alikes and twitch-forum sentences beside
it that must stay quiet (a false alarm is the second worst failure)."""

from __future__ import annotations

import pytest

from tests.redflag_cases import (
    case_ids,
    detector,
    escalates,
    not_read_as,
    raises_nothing,
)

# ---------------------------------------------------------------- past events, dated as people do

PAST: list[tuple[str, str]] = [
    # (text, the red flag kept as a past event)
    ("in early march i fainted in the kitchen", "consciousness"),
    ("i fainted in the kitchen in early march", "consciousness"),
    ("a week ago today i had a seizure at the shops", "seizure"),
    ("a few weeks ago i missed two days of work with a high fever", "fever"),
    ("two weeks ago i blacked out on the stairs", "consciousness"),
    ("some time ago i had a fit at work", "seizure"),
    ("back in june i had an episode of feeling faint on a hike", "dizziness"),
]


@pytest.mark.parametrize(("text", "flag"), PAST, ids=case_ids(t for t, _ in PAST))
def test_a_red_flag_dated_days_to_weeks_ago_is_a_past_event(text: str, flag: str) -> None:
    found = raises_nothing(text)
    assert flag in {e.flag for e in found.past_events}


DISTANT = [
    "back in twenty fifteen i had a seizure",
    "i had a stroke in november twenty twelve and could not speak for a week",
    "i had fits as a twelve year old",
    "i blacked out at a party last summer",
]


@pytest.mark.parametrize("text", DISTANT)
def test_a_year_said_in_words_an_age_or_a_season_gone_by_is_history(text: str) -> None:
    assert raises_nothing(text).past_events == ()


STILL_NOW = [
    "i fainted this morning",
    "i fainted today",
    "a week ago i started twitching and today i passed out",
    "i fainted on friday and again today",
    "in may i fainted and again just now",
    "a few days ago i started twitching and i passed out",
    "two weeks ago i had a seizure and i still cant move my arm",
    "i had a seizure",
    "she had a fit in the bath just now",
    "last night he collapsed in the hall",
]


@pytest.mark.parametrize("text", STILL_NOW)
def test_recent_timeless_or_ongoing_red_flags_still_escalate(text: str) -> None:
    escalates(text)


# ---------------------------------------------------------------- what a carer sees, and other words

SAID: list[tuple[str, str]] = [
    # (the red flag, what was said)
    ("confusion", "my nan is seeing cats on the ceiling that arent there"),
    ("confusion", "grandad is hallucinating tonight"),
    ("confusion", "my husband has stopped making any sense"),
    ("confusion", "she keeps saying really strange things about the neighbours"),
    ("confusion", "he thinks its nineteen sixty and wants to go to work"),
    ("confusion", "mum hasnt been herself since lunch"),
    ("confusion", "dad looks really dazed"),
    ("confusion", "he got lost driving home on a road he knows well"),
    ("confusion", "i cant remember how i got home"),
    ("consciousness", "my wife just went limp in my arms"),
    ("consciousness", "he slumped forward onto his plate"),
    ("consciousness", "my son just dropped to the floor"),
    ("consciousness", "her eyes went glassy and she fell"),
    ("consciousness", "no response when i shake him"),
    ("consciousness", "i waved my hand in front of her face and nothing"),
    ("consciousness", "i came round on the kitchen floor"),
    ("consciousness", "the next thing you know hes on the floor"),
    ("consciousness", "grandpa just isnt with it today"),
    ("coordination", "she keeps tipping over to the left"),
    ("coordination", "his legs keep going from under him"),
    ("coordination", "my legs wont hold me"),
    ("coordination", "her hands wont go where she wants them to"),
    ("coordination", "he cant get his foot to go where he wants"),
    ("coordination", "he keeps missing his mouth with the fork"),
    ("coordination", "she fell and cant get up off the floor"),
    ("coordination", "hes bumping into the door frames"),
    ("coordination", "hes lurching around the living room"),
    ("paralysis", "hes dragging his right foot"),
    ("paralysis", "her arm is just hanging by her side"),
    ("paralysis", "my left arm has gone dead"),
    ("paralysis", "numbness spread down the right side of my face"),
    ("paralysis", "i cant feel my left side"),
    ("paralysis", "he has no strength to lift his arms"),
    ("paralysis", "my mum can barely move"),
    ("paralysis", "his hand just flopped"),
    ("seizure", "his eyes have rolled up and hes gone quiet"),
    ("seizure", "she went rigid and then started jerking"),
    ("seizure", "he bit his tongue and wet himself"),
    ("seizure", "theres froth at the mouth"),
    ("seizure", "my daughter is on the floor jerking"),
    ("vision", "my sight just went"),
    ("vision", "part of my vision is gone"),
    ("vision", "i saw double and then it cleared"),
    ("vision", "everything went white for a moment"),
    ("vision", "ive lost my peripheral vision on the right"),
    ("speech", "his speech was starting to slur"),
    ("speech", "she is incoherent"),
    ("speech", "hes babbling and i cant follow him"),
    ("speech", "i tried to talk but no words came out"),
    ("speech", "she sounds as if shes drunk"),
    ("swallowing", "he chokes a lot when eating"),
    ("swallowing", "food keeps falling out of her mouth"),
    ("chest", "it feels like a brick is sitting on my chest"),
    ("chest", "like a knife stuck in my chest"),
    ("chest", "my chest feels like its on fire"),
    ("chest", "my chest grew tight"),
    ("chest", "a pressure in the middle of my chest"),
    ("chest", "pain going up my left arm to my jaw"),
    ("emergency_named", "is it a stroke"),
    ("emergency_named", "does it look like ive had a stroke"),
    ("emergency_named", "she says she feels like shes dying"),
    ("emergency_named", "i was sure i was dying"),
    ("emergency_named", "i think he has meningitis"),
    ("help", "please help"),
    ("help", "somebody help"),
    ("help", "please help my wife"),
    ("help", "help my son is not breathing right"),
    ("help", "please hurry"),
    ("help", "come quick"),
    ("help", "i need medical attention"),
    ("help", "send someone now"),
    ("help", "i screamed for help"),
    ("help", "i pressed my alarm button"),
    ("help", "i told him to call an ambulance"),
]


@pytest.mark.parametrize(("flag", "text"), SAID, ids=case_ids(t for _, t in SAID))
def test_said_in_a_carers_or_everyday_words_escalates_with_its_flag(flag: str, text: str) -> None:
    escalates(text, flag)


NOT_SAID = [
    # twitch-forum sentences and everyday look-alikes beside the new readings
    "my calf has been twitching all day",
    "it doesnt make sense that my twitch moves around",
    "people say strange things about twitching online",
    "i was lost for words when he proposed",
    "my fantasy league is out of it this week",
    "my shoulders are stiff from the desk and theres a twitch in my neck",
    "he went to the shop and shook hands with the owner",
    "i slumped on the sofa after work",
    "i dropped my keys on the floor",
    "the stuck window wont move",
    "the car would not move",
    "my uncle used to slur when he drank",
    "i saw double decker buses in london",
    "i walked into the door because i was looking at my phone",
    "the kids are bouncing off the walls",
    "my twitchy calf flops around when i rest it",
    "my baby is babbling away happily",
    "i have a dead arm from sleeping on it",
    "my legs feel dead after the gym",
    "the twitches come quick and go",
    "please help me understand my twitching",
    "can you help with my eyelid twitch",
    "the doctor told me to call an ambulance if it happens again",
    "i told him to call an ambulance if it gets worse",
    "do i need medical attention for this twitch",
    "my cousin has meningitis and is in hospital",
    "you nearly gave me a heart attack",
    "my grandmother was dying of cancer when i was a child",
    "my chest is sore from bench press",
    "the screen is a pain to read when my eye twitches",
    "i fell asleep on the sofa",
    "my eyes are tired",
]


@pytest.mark.parametrize("text", NOT_SAID)
def test_look_alikes_of_the_new_readings_raise_nothing(text: str) -> None:
    raises_nothing(text)


# ---------------------------------------------------------------- to hospital now, the ambulance called

TO_HOSPITAL = [
    "we need to go to the er now",          # "er" arrives as a filler sound and is dropped
    "take me to the er please",
    "i need to get to the emergency room",
    "we have to go to the hospital",
    "my husband rushed me to the hospital",
    "i was taken by ambulance",
    "the paramedics arrived",
    "she was rushed to hospital",
    "can someone take me to the hospital",
    "i want an ambulance",
    "i asked to be taken to hospital",
]


@pytest.mark.parametrize("text", TO_HOSPITAL)
def test_going_to_hospital_now_or_the_ambulance_called_is_a_plea_for_help(text: str) -> None:
    escalates(text, "help")


NOT_TO_HOSPITAL = [
    "we have to go to the hospital tomorrow for a scan",
    "i need to go to the shop now",
    "can you take me to the hospital for my appointment tomorrow",
    "could you take me to the hospital tomorrow",
    "i want to go to the hospital to visit my mum",
    "the emergency room was packed",
    "we went to the hospital in the car",
    "do i need to go to the hospital",
]


@pytest.mark.parametrize("text", NOT_TO_HOSPITAL)
def test_an_ordinary_visit_or_a_question_about_hospital_raises_nothing(text: str) -> None:
    raises_nothing(text)


@pytest.mark.parametrize("text", ["i need to go to the", "take me to the", "we have to go to the"])
def test_a_partial_that_stops_before_the_place_raises_nothing(text: str) -> None:
    # the person may be about to say "shop" or "doctor": only the finished words decide
    assert detector().detect(text, final=False).red_flags == ()


LIFE_HISTORY = [
    "i have fainted twice in my life",
    "ive had two seizures in my life",
    "i have had seizures in the past",
    "ive had fits since i was a kid",
]


@pytest.mark.parametrize("text", LIFE_HISTORY)
def test_a_lifes_history_is_history(text: str) -> None:
    raises_nothing(text)


@pytest.mark.parametrize("text", [
    "i passed out in the past few days",
    "ive blacked out in the past week",
    "the worst headache i have ever had in my life",
    "i fainted in the past but today i fainted again",
])
def test_the_past_few_days_and_the_worst_of_my_life_still_escalate(text: str) -> None:
    escalates(text)


@pytest.mark.parametrize(("flag", "text"), [
    ("headache", "its like a knife through my skull"),
    ("headache", "it felt like something exploded in my head"),
    ("headache", "my head is being squeezed in a vice"),
    ("headache", "like i was stabbed in the head"),
    ("consciousness", "i woke up sprawled all over the kitchen floor"),
])
def test_pain_and_waking_said_as_a_picture(flag: str, text: str) -> None:
    escalates(text, flag)


@pytest.mark.parametrize("text", [
    "a thought popped in my head",
    "the song went off in my head all day",
    "i have a nail in my foot",
    "a twitch in my head",
    "i woke up and put my feet on the floor",
])
def test_a_thought_in_the_head_is_no_headache(text: str) -> None:
    raises_nothing(text)


@pytest.mark.parametrize(("flag", "text"), [
    ("vision", "my left eye is not seeing properly"),
    ("vision", "he says hes lost part of his sight"),
    ("confusion", "my dad is not understanding anything we say"),
    ("confusion", "she hasnt got a clue where she is"),
    ("confusion", "grandad was in the garden at midnight not knowing where he was"),
    ("seizure", "theres foam round his mouth and hes jerking"),
])
def test_more_of_what_a_carer_sees(flag: str, text: str) -> None:
    escalates(text, flag)


@pytest.mark.parametrize("text", [
    "im not understanding what the doctor said about my results",
    "im not understanding anything about these twitches",
    "i have no clue where i am going with this twitch",
    "my eye is not focusing on the screen because it twitches",
])
def test_puzzled_about_the_twitch_is_not_confused(text: str) -> None:
    raises_nothing(text)


@pytest.mark.parametrize("text", [
    "she has to hold onto the furniture to walk",
    "his gait is all over the place",
    "i keep falling for no reason",
    "my balance suddenly went",
])
def test_walking_and_balance_in_other_words_is_coordination(text: str) -> None:
    escalates(text, "coordination")


@pytest.mark.parametrize("text", [
    "my balance went back to normal after the cold",
    "i fell for it again",
    "i hold on to the railing on the bus",
])
def test_balance_back_or_an_idiom_raises_nothing(text: str) -> None:
    raises_nothing(text)


# ------------------------------------------------ "that doesnt make sense" said back to the skill

@pytest.mark.parametrize("text", [
    "this doesnt make any sense to me",
    "that doesnt make sense",
    "the question doesnt make much sense",
    "it doesnt make sense that my arm twitches so much",
])
def test_a_question_that_makes_no_sense_to_the_person_is_not_confusion(text: str) -> None:
    not_read_as(text, "confusion")


@pytest.mark.parametrize("text", [
    "he is not making any sense",
    "nothing she says makes sense",
    "what my dad says makes no sense",
    "i dont make sense when i talk",
])
def test_a_person_who_makes_no_sense_is_still_confusion(text: str) -> None:
    escalates(text, "confusion")


def test_saying_the_question_makes_no_sense_gets_no_emergency() -> None:
    from models.events import Emergency
    from tests.harness import new_skill, script

    skill = new_skill()
    script(skill, "no")
    events = skill.hear("that doesnt make sense")
    assert not any(isinstance(e, Emergency) for e in events), events
    assert skill.emergency is None


@pytest.mark.parametrize("text", ["my mum cant talk at the moment", "mummy cant talk at the moment",
                                  "he cant talk right now", "my husband cant speak now"])
def test_a_carer_saying_someone_cant_talk_now_escalates(text: str) -> None:
    escalates(text, "speech")


@pytest.mark.parametrize("text", ["sorry i cant talk right now im at work", "he cant talk right now hes at work",
                                  "she cant talk now shes asleep", "we cant talk now", "i cant speak at the moment"])
def test_being_busy_or_asleep_is_not_losing_speech(text: str) -> None:
    raises_nothing(text)


@pytest.mark.parametrize("text", ["i dont think hes breathing", "im not sure shes breathing", "i dont think hes breathing properly",
                                  "i cant tell if the baby is breathing", "i dont know if my husband is breathing"])
def test_doubting_that_someone_breathes_escalates(text: str) -> None:
    escalates(text, "breathing")


@pytest.mark.parametrize("text", ["i dont think hes breathing any differently", "im not sure shes breathing through her nose",
                                  "i dont think my breathing is affected", "not sure if breathing exercises help"])
def test_doubt_about_how_someone_breathes_is_not_the_red_flag(text: str) -> None:
    raises_nothing(text)
