"""Clearing rules added at stop 18 (issue 14: fewer false alarms), each with the near case that
must still escalate. Every rule is narrow: when in doubt, escalate.

- a denial the speaker says of their own words: "i wouldnt say my X", a belief taken back ("i
  thought i was X but no"), a denial after the topic ("X i am not", "X is nil");
- a past dated after a "but": "i fainted once but that was years ago";
- a childhood told by what the speaker was ("as a clumsy kid"), "back at school", "before my son
  was born", "three years since my last seizure";
- questions of what the twitching may do ("can it stop me breathing", "does X make it hard to
  breathe"), recognising something supposed ("would i know if i had a seizure"), a chance or a
  fear of the future ("any chance ill start throwing up", "scared shell have trouble breathing");
- a mention read again after a misheard word was put right keeps the reading of its words as said
  ("my gran" heard as "migraine" must not take the grandmother away).

And misses found on the way, which now escalate: a question or supposition whose own words say it
is happening ("could i be having a stroke", "what if im having a stroke"), a later word that
points back at it ("... i think i just had one"), and a question's "right now".
"""

from __future__ import annotations

from functools import lru_cache

import pytest

from dialog.load import load_red_flags
from dialog.redflags import RedFlagDetector
from models.detection import Detection


@lru_cache(maxsize=1)
def detector() -> RedFlagDetector:
    return RedFlagDetector(load_red_flags())


def detect(text: str) -> Detection:
    return detector().detect(text)


def escalates(text: str) -> bool:
    return bool(detect(text).red_flags)


# ---------------------------------------------------------------- denials


@pytest.mark.parametrize("text", [
    "i wouldnt say my speech is slurred",
    "i wouldnt say ive passed out",
    "i wouldnt say im confused really",
    "i wouldnt say i cant lift my arm it just jumps",
    "honestly i wouldnt say my eyesight is blurred",
    "i dont think im confused",
])
def test_the_speakers_own_wouldnt_say_denies(text: str) -> None:
    assert not escalates(text), detect(text)


@pytest.mark.parametrize("text", [
    "she wouldnt say her name and shes confused",
    "he wouldnt say a word and he cant breathe",
    "i wouldnt say its bad but i cant swallow",
    "i wouldnt say much about it but i passed out this morning",
])
def test_wouldnt_say_of_someone_else_or_before_a_new_statement_escalates(text: str) -> None:
    assert escalates(text), detect(text)


@pytest.mark.parametrize("text", [
    "i thought i was dizzy but no",
    "at first i thought i might be confused but no im fine",
    "i thought i had blurred vision but no its fine it was my glasses",
    "i was worried i had a fever but honestly i dont",
    "dizzy i am not",
    "vomiting is nil",
])
def test_a_belief_taken_back_or_a_denial_after_the_topic_denies(text: str) -> None:
    assert not escalates(text), detect(text)


@pytest.mark.parametrize("text", [
    "i thought i was dizzy but no its worse now",
    "i thought i was dizzy but now i cant see",
    "i thought i passed out but im fine now",
    "i thought i was just tired but no im dizzy",
    "i thought i was dizzy and i am",
    "dizzy im not sure",
])
def test_a_belief_not_taken_back_escalates(text: str) -> None:
    assert escalates(text), detect(text)


# ---------------------------------------------------------------- past


@pytest.mark.parametrize("text", [
    "i passed out once but that was decades ago",
    "i had a fit but it was when i was a teenager",
    "my nan fainted a lot but that was back in the seventies",
    "i kept falling over as a gangly kid",
    "i was always a sickly child and threw up a lot",
    "i used to get dizzy back at school",
    "i had a seizure before my daughter was born and she is nine now",
    "it has been four years since my last seizure",
])
def test_a_distant_past_said_these_ways_is_history(text: str) -> None:
    assert not escalates(text), detect(text)


@pytest.mark.parametrize("text", [
    "i passed out but that was this morning",
    "i passed out once but that was decades ago and now i cant breathe",
    "i had a fit as a teenager and i had one today",
    "it has been four years since my last seizure and i had one this morning",
    "i had a seizure years ago and ive got it now",
    "my daughter is a clumsy kid and keeps falling over",
    "i fainted at school",
])
def test_a_distant_past_with_something_now_escalates(text: str) -> None:
    assert escalates(text), detect(text)


def test_a_past_dated_after_but_days_ago_is_a_past_event_not_an_emergency() -> None:
    found = detect("i threw up but that was last week")
    assert not found.red_flags and [e.flag for e in found.past_events] == ["vomiting"], found
    assert escalates("i threw up but that was last week and again today")


# ---------------------------------------------------------------- questions


@pytest.mark.parametrize("text", [
    "can it stop me breathing",
    "could this make me black out",
    "does ms make it hard to swallow",
    "can twitching ever make it hard to breathe",
    "how would i know if my speech was slurred",
    "would i know if i had a fit in my sleep",
    "would i notice if she started getting confused",
    "is there any chance ill start vomiting from the pills",
    "i heard on the radio that seizures need an ambulance",
    "im scared shell have trouble swallowing one day",
    "im worried the vertigo might come back like it did for my aunt",
])
def test_a_question_or_fear_about_the_future_is_asked_about(text: str) -> None:
    assert not escalates(text), detect(text)


@pytest.mark.parametrize("text", [
    "could it be a seizure",
    "can this be a seizure",
    "is it making it hard to breathe",
    "can it make me pass out again",
    "does it make it hard to breathe right now",
    "would i know if i had a fit i think i just had one",
    "i heard on the radio that seizures need an ambulance and my son is having one now",
    "worried the dizziness might be getting worse",
    "scared i might have passed out",
])
def test_a_question_about_what_is_happening_escalates(text: str) -> None:
    assert escalates(text), detect(text)


@pytest.mark.parametrize("text", [
    "could i be having a stroke",
    "what if im having a stroke",
    "what if hes having a stroke",
    "is there any chance im having a stroke",
    "is he having a seizure",
    "is she passing out",
    "what if i have a seizure i think i just had one",
    "is it normal to be dizzy right now",
])
def test_a_question_whose_words_say_it_is_happening_escalates(text: str) -> None:
    assert escalates(text), detect(text)


@pytest.mark.parametrize("text", [
    "if i ever think im having a stroke who do i call",
    "is throwing up a side effect of magnesium",
    "my biggest worry is having a fit at work",
    "what if i pass out",
])
def test_a_gerund_or_a_supposed_thought_is_still_asked_about(text: str) -> None:
    assert not escalates(text), detect(text)


# ---------------------------------------------------------------- misheard words


def test_a_rewrite_of_the_words_around_a_mention_keeps_its_subject() -> None:
    # "my gran" sounds like "migraine": the second reading must not make her fainting the speaker's
    found = detect("my gran couldnt swallow at the end")
    assert not found.red_flags, found
    assert escalates("my gran couldnt swallow this morning")
    assert escalates("i had a seesure")


# ---------------------------------------------------------------- said as now (one word list)


@pytest.mark.parametrize(("text", "now"), [
    ("my dad used to have fits", False),
    ("my grandad could have dizzy spells at the end", False),
    ("my grandad could have dizzy spells now", True),
    ("my grandad has dizzy spells at the end of the day", True),
    ("my mum has had a stroke and cant talk", True),
    ("my mum had a stroke and couldnt talk", False),
])
def test_another_persons_history_is_undone_only_by_a_word_said_as_now(text: str, now: bool) -> None:
    # "have" after "used to" or a modal has no tense; the same word said plainly is the present
    assert escalates(text) is now, detect(text)


# ---------------------------------------------------------------- round 2


@pytest.mark.parametrize("text", [
    "is this a seizure or just a muscle twitch",
    "how do i know if its a fit or just a twitch",
    "how can i tell if its a twitch or a seizure",
    "is it a seizure if only my thumb twitches",
])
def test_a_question_setting_the_red_flag_against_the_twitch_is_asked_about(text: str) -> None:
    assert not escalates(text), detect(text)


@pytest.mark.parametrize("text", [
    "is this a seizure",
    "is this a seizure or just a twitch he has been jerking for ten minutes",
    "is this a seizure or just a twitch again",
    "is it a seizure or just a twitch it started this morning",
    "its a seizure not just a twitch",
])
def test_a_twitch_question_that_goes_on_to_tell_what_is_happening_escalates(text: str) -> None:
    assert escalates(text), detect(text)


@pytest.mark.parametrize("text", [
    "my aunt had a feeding tube at the end because she couldnt swallow",
    "my grandad was on oxygen for years because he couldnt breathe",
    "years ago i ate bad mussels and vomited all night",
    "my wife had a tummy bug last year and was sick all night",
    "my uncle collapsed at the match in ninety eight",
    "my gran fainted at my christening",
])
def test_a_reason_or_a_nights_length_told_in_the_distant_past_is_history(text: str) -> None:
    assert not escalates(text), detect(text)


@pytest.mark.parametrize("text", [
    "my grandad was on oxygen for years because he cant breathe",
    "my aunt had a feeding tube at the end because she couldnt swallow and now she cant breathe",
    "i had fits as a child and ive been vomiting all night",
    "i vomited all night",
    "i collapsed in ninety minutes of football",
    "my head is pounding the worst ive known in sixty years",
])
def test_a_reason_or_a_night_said_as_now_escalates(text: str) -> None:
    assert escalates(text), detect(text)


@pytest.mark.parametrize(("text", "flag"), [
    ("the room isnt spinning", None),
    ("my head is not spinning at all", None),
    ("food isnt getting stuck", None),
    ("i drink fine nothing gets stuck", None),
    ("no weak pulse that i can tell", None),
    ("the room is still spinning", "dizziness"),
    ("the room wont stop spinning", "dizziness"),
    ("food keeps getting stuck", "swallowing"),
    ("he has no pulse", "pulse"),
])
def test_a_denial_inside_the_words_of_a_pattern_is_no_red_flag(text: str, flag: str | None) -> None:
    found = detect(text)
    assert (flag in found.red_flags) if flag else not found.red_flags, found


# ---------------------------------------------------------------- round 3


@pytest.mark.parametrize("text", [
    "i broke my ribs as a teenager and couldnt breathe properly but its fine now",
    "years ago i needed an operation because my food got stuck",
    "as a young lad i hurt my back and couldnt move my legs for days",
    "i took a fit in ma thirties and never again",
    "my son had a fever over the holidays but hes grand now",
    "im scared that one day i wont be able to swallow",
])
def test_round_three_clears(text: str) -> None:
    assert not escalates(text), detect(text)


@pytest.mark.parametrize("text", [
    "i broke my ribs as a teenager and couldnt breathe but now i cant breathe again",
    "years ago i needed an operation because my food gets stuck",
    "my son had a fever over the holidays and again today",
    "im scared i cant move my arm",
])
def test_round_three_near_cases_escalate(text: str) -> None:
    assert escalates(text), detect(text)


@pytest.mark.parametrize(("text", "now"), [
    ("my brother had blurred vision from his ms", False),
    ("my grandad lost his balance a lot with his parkinsons", False),
    ("my aunt went blind in one eye from glaucoma", False),
    ("my brother has blurred vision from his ms", True),
    ("my grandad lost his balance with his parkinsons this morning", True),
    ("my grandad is losing his balance with his parkinsons", True),
    ("i had blurred vision from ms", True),
    ("my aunt went blind in one eye from a stroke", True),
    ("my mum had a fever with her chemo", True),
    ("my dad had a fit from drinking", True),
    ("my dad was confused with his diabetes", True),
])
def test_another_persons_red_flag_from_a_long_slow_illness_is_history(text: str, now: bool) -> None:
    assert escalates(text) is now, detect(text)


@pytest.mark.parametrize(("text", "now"), [
    ("nae dizziness or nothin", False),
    ("ah dinnae feel confused at aw", False),
    ("she didnae pass out", False),
    ("nae fever but ive been sick all night", True),
    ("ah dinnae ken what happened but he cant breathe", True),
])
def test_a_scots_denial_denies_only_what_it_reaches(text: str, now: bool) -> None:
    assert escalates(text) is now, detect(text)
