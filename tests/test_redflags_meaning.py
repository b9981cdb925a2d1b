"""Red flags said in everyday words that no key word gives away (issue 14): "its really hard for
me to swallow anything today", "talking is really difficult for me right now", "i had the attack
of epilepsy today in the morning", "theres a grey mist over my left eye that came on out of
nowhere". Each is found by the lexicon itself (general patterns in dialog/data/redflags.toml,
not the sentences), so it escalates whatever the learned layers make of it; the look-alikes
beside them must stay quiet (a false alarm is the second worst failure)."""

from __future__ import annotations

from functools import lru_cache

import pytest

from dialog.load import load_red_flags
from dialog.redflags import RedFlagDetector


@lru_cache(maxsize=1)
def detector() -> RedFlagDetector:
    return RedFlagDetector(load_red_flags())


@lru_cache(maxsize=1)
def lexicon_only() -> RedFlagDetector:
    return RedFlagDetector(load_red_flags(), use_learned=False)


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


@pytest.mark.parametrize(("flag", "text"), CASES, ids=[t[:50] for _, t in CASES])
def test_said_in_everyday_words_escalates_with_its_flag(flag: str, text: str) -> None:
    assert flag in detector().detect(text).red_flags, detector().detect(text)


@pytest.mark.parametrize(("flag", "text"), CASES, ids=[t[:50] for _, t in CASES])
def test_the_lexicon_alone_finds_it(flag: str, text: str) -> None:
    # the reviewed patterns carry it: no learned score has to be sure
    assert flag in lexicon_only().detect(text).red_flags, lexicon_only().detect(text)


@pytest.mark.parametrize("text", NOT_SAID, ids=[t[:50] for t in NOT_SAID])
def test_look_alikes_raise_nothing(text: str) -> None:
    found = detector().detect(text)
    assert not found.red_flags and not found.uncertain, found


@pytest.mark.parametrize("text", [
    "i had the attack of epilepsy today in the morning",
    "i had an epileptic fit this morning",
    "he had an epilepsy attack earlier today",
])
def test_a_seizure_earlier_today_is_not_history(text: str) -> None:
    # policy "Past events": "this morning", "earlier" are recent and escalate
    found = detector().detect(text)
    assert "seizure" in found.red_flags and not found.history, found


def test_an_attack_of_epilepsy_long_ago_is_history() -> None:
    found = detector().detect("i had an attack of epilepsy as a child")
    assert not found.red_flags, found
