"""Red flags said in everyday words that no key word gives away (issue 14): "its really hard for
me to swallow anything today", "talking is really difficult for me right now", "i had the attack
of epilepsy today in the morning", "theres a grey mist over my left eye that came on out of
nowhere". Each is found by the lexicon itself (general patterns in dialog/data/redflags.toml,
not the sentences), so it escalates whatever the learned layers make of it; the look-alikes
beside them must stay quiet (a false alarm is the second worst failure)."""

from __future__ import annotations

import pytest

from tests.redflag_cases import (
    case_ids,
    escalates,
    lexicon_only,
    not_read_as,
    raises_nothing,
)

# The four sentences first in each list, then variants written before the patterns.
SAID: dict[str, list[str]] = {
    "swallowing": [
        "its really hard for me to swallow anything today",
        "its so difficult for him to swallow his food",
        "it is a struggle for my mum to swallow even water",
        "im finding it really hard to get anything down when i swallow",
        "swallowing has become really difficult for me",
        "it has been tough for her to swallow since lunch",
    ],
    "speech": [
        "talking is really difficult for me right now",
        "speaking is so hard all of a sudden",
        "talking has become a real struggle for him",
        "my speech is difficult to get out",
        "its really hard for me to talk properly since this morning",
        "speaking feels like a huge effort since this morning",
        "getting my words out is hard",
    ],
    "seizure": [
        "i had the attack of epilepsy today in the morning",
        "my son had an epileptic attack an hour ago",
        "she is having an epilepsy fit",
        "i think that was an episode of epilepsy just now",
        "he had an epileptic seizure this afternoon",
        "another epilepsy attack this morning",
    ],
    "vision": [
        "theres a grey mist over my left eye that came on out of nowhere",
        "a fog came over my right eye",
        "its like a shadow across my vision",
        "theres a dark curtain over my eye",
        "a blur over one eye since lunch",
        "there is a haze in front of my eyes",
        "everything looks misty out of my left eye",
        "its like a veil over my sight",
    ],
}

NOT_SAID: list[str] = [
    "its hard to swallow my pride",
    "that news was hard for me to swallow",
    "the truth is hard for him to swallow",
    "talking about it is difficult",
    "talking to my boss is really hard",
    "speaking in public is hard for me",
    "its hard for me to talk about it",
    "my eye twitch is like a mist of annoyance",
    "the mist over the hills this morning was lovely",
    "i put a cold cloth over my eye and the twitch calmed down",
    "my sister has epilepsy",
    "does twitching mean epilepsy",
    "i take medicine for my epilepsy",
    "it feels like a little fit in my eyelid",
]


CASES = [(flag, text) for flag, texts in SAID.items() for text in texts]


@pytest.mark.parametrize(("flag", "text"), CASES, ids=case_ids(t for _, t in CASES))
def test_said_in_everyday_words_escalates_with_its_flag(flag: str, text: str) -> None:
    escalates(text, flag)


@pytest.mark.parametrize(("flag", "text"), CASES, ids=case_ids(t for _, t in CASES))
def test_the_lexicon_alone_finds_it(flag: str, text: str) -> None:
    # the reviewed patterns carry it: no learned score has to be sure
    escalates(text, flag, by=lexicon_only())


@pytest.mark.parametrize("text", NOT_SAID, ids=case_ids(NOT_SAID))
def test_look_alikes_raise_nothing(text: str) -> None:
    raises_nothing(text, nor_uncertain=True)


@pytest.mark.parametrize("text", [
    "i had the attack of epilepsy today in the morning",
    "i had an epileptic fit this morning",
    "he had an epilepsy attack earlier today",
])
def test_a_seizure_earlier_today_is_not_history(text: str) -> None:
    # policy "Past events": "this morning", "earlier" are recent and escalate
    found = escalates(text, "seizure")
    assert not found.history, found


def test_an_attack_of_epilepsy_long_ago_is_history() -> None:
    raises_nothing("i had an attack of epilepsy as a child")


# ---------------------------------------------------------------- issue 14 item 2: the weak ids
# A diminished pulse (002) said as a number: the policy names no number; below 50 a minute is
# read as diminished (dialog/redflags/heartrate.py). Sentences written here, not from a corpus.
LOW_RATES = [
    "my heart rate dropped to thirty eight",
    "the nurse says he has a pulse of forty",
    "my watch says my heart rate is forty two and im dizzy",
    "her pulse is down in the low thirties",
    "his heart rate keeps going between the mid forties and fifty",
    "it says thirty five beats per minute",
    "pulse was only forty four when the paramedic checked",
]
NOT_LOW_RATES = [
    "my heart rate was one hundred and twenty after three coffees",
    "my heart rate is sixty eight",
    "my heart rate dropped to seventy after i sat down",
    "my pulse has been normal for two days",
    "my pulse felt fine but im forty five",
    "my heart rate goes down to forty five when im asleep",
    "my resting heart rate is forty eight because i run a lot",
    "no my pulse isnt low its seventy",
    "my heart rate was thirty eight years ago when i was a runner",
]


@pytest.mark.parametrize("text", LOW_RATES)
def test_a_low_heart_rate_said_as_a_number_is_a_weak_pulse(text: str) -> None:
    escalates(text, "pulse", by=lexicon_only())


@pytest.mark.parametrize("text", NOT_LOW_RATES)
def test_an_ordinary_or_explained_heart_rate_is_not(text: str) -> None:
    not_read_as(text, "pulse")


WEAK_IDS: dict[str, list[str]] = {
    "vision": [
        "my sight just faded for a minute",
        "his vision went all distorted",
        "there is a black hole in the middle of my vision",
        "bright zigzags filling my vision",
        "i see two for one when i look at the road",
        "it feels like a knife behind my right eye",
        "suddenly i cant see",
        "a blind spot in my left eye",
    ],
    "coordination": [
        "she is having real trouble balancing",
        "i cant stay on my feet",
        "hes struggling to stay upright",
    ],
    "help": [
        "ive called nine nine nine",
        "my wife has rung for an ambulance",
        "we need to get him to the hospital now",
        "please send someone",
        "send help",
        "i need a doctor right now",
        "take me to the hospital",
        "we are waiting for the ambulance",
        "the ambulance is on its way",
    ],
}
WEAK_CASES = [(flag, text) for flag, texts in WEAK_IDS.items() for text in texts]
WEAK_NOT = [
    "i have a blind spot when i reverse the car",
    "i cant balance my checkbook because of the stress",
    "i need to go to the hospital for a blood test next week",
    "should i call nine one one if it spreads",
    "i cant see the point of worrying",
    "my eyelid twitch makes it annoying to read my phone",
    "they will take me to the hospital for tests",
    "please send someone an email",
    "i need a doctor to look at my twitch",
    "my brother is an ambulance driver and says its nothing",
    "i waited for the ambulance last year when i broke my leg",
    "should i get a doctor to look at it",
]


@pytest.mark.parametrize(("flag", "text"), WEAK_CASES, ids=case_ids(t for _, t in WEAK_CASES))
def test_the_weak_ids_in_other_words(flag: str, text: str) -> None:
    escalates(text, flag, by=lexicon_only())


@pytest.mark.parametrize("text", WEAK_NOT)
def test_their_look_alikes_raise_nothing(text: str) -> None:
    raises_nothing(text)
