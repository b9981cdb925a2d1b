"""Property tests: a red-flag phrase escalates wherever it lands; nothing crashes."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from models.common import RED_FLAG_IDS
from models.detection import Detection
from tests.redflag_cases import detector, escalates, not_read_as, raises_nothing

# Answers to the protocol's questions with no red flag, no negation, no question,
# no distant past and no look-alike words, so that an inserted phrase stands alone.
CARRIERS = (
    "about two weeks in my left calf",
    "it comes and goes a few seconds at a time",
    "my right eyelid has been jumping since monday",
    "i drink maybe four coffees a day and work late",
    "mostly in the evening after work when i sit down",
    "moderate i would say and it is getting in the way of my sleep",
    "i take a magnesium supplement and vitamin d",
    "my thigh and my forearm both twitch now",
    "i started a new job and i have been stressed",
    "it feels like a flicker under the skin",
    "the twitching started after my holiday",
    "my back and both legs too",
)

# Self-contained ways of saying each red flag, as a person or about someone else.
PHRASES: dict[str, tuple[str, ...]] = {
    "breathing": ("i cant breathe", "i am short of breath", "my husband is struggling to breathe"),
    "swallowing": ("i cant swallow", "it is really hard to swallow", "food keeps getting stuck"),
    "speech": ("my speech is slurred", "my words come out wrong", "she is slurring her words"),
    "consciousness": ("i passed out", "i blacked out", "my dad fainted"),
    "confusion": ("i am really confused", "i dont know where i am", "he keeps forgetting things"),
    "seizure": ("i had a seizure", "my son is having a fit", "she was convulsing"),
    "paralysis": ("i cant move my left arm", "my leg wont move", "i cant lift my right arm"),
    "coordination": ("i keep losing my balance", "i keep stumbling", "i keep falling over"),
    "vision": ("everything went blurry", "i am seeing double", "my left eye really hurts"),
    "dizziness": ("i feel really dizzy", "the room is spinning", "i feel lightheaded"),
    "headache": ("i have the worst headache of my life", "my head is killing me", "a splitting headache"),
    "fever": ("i have a fever", "i am burning up", "my temperature is thirty nine point eight"),
    "vomiting": ("i threw up", "i have been vomiting", "she keeps throwing up"),
    "pulse": ("my pulse is really weak", "i can barely find a pulse", "his pulse is barely there"),
    "help": ("call an ambulance", "please get help", "somebody help me"),
    "emergency_named": ("i think im having a stroke", "he is having a heart attack", "i think she is dying"),
    "chest": ("i have chest pain", "my chest feels really tight", "a crushing pain in my chest"),
}
assert set(PHRASES) == set(RED_FLAG_IDS)

flags = st.sampled_from(sorted(PHRASES))


@settings(max_examples=400, deadline=None)
@given(flag=flags, pick=st.integers(0, 2), carrier=st.sampled_from(CARRIERS), where=st.integers(0, 40))
def test_phrase_inserted_anywhere_escalates(flag: str, pick: int, carrier: str, where: int) -> None:
    words = carrier.split()
    at = where % (len(words) + 1)
    phrase = PHRASES[flag][pick]
    text = " ".join(words[:at] + phrase.split() + words[at:])
    escalates(text, flag)


@settings(max_examples=300, deadline=None)
@given(flag=flags, pick=st.integers(0, 2), carrier=st.sampled_from(CARRIERS), where=st.integers(0, 40))
def test_partial_result_escalates_once_the_phrase_is_complete(
    flag: str, pick: int, carrier: str, where: int
) -> None:
    words = carrier.split()
    at = where % (len(words) + 1)
    prefix = " ".join(words[:at] + PHRASES[flag][pick].split())
    escalates(prefix, flag)


@settings(max_examples=200, deadline=None)
@given(first=flags, second=flags, carrier=st.sampled_from(CARRIERS))
def test_two_phrases_both_escalate_in_order(first: str, second: str, carrier: str) -> None:
    text = f"{PHRASES[first][0]} and {carrier} and {PHRASES[second][1]}"
    found = detector().detect(text).red_flags
    assert first in found and second in found, text
    assert len(found) == len(set(found))
    if first != second:
        assert found.index(first) < found.index(second)


DENIED = {
    "breathing": "no trouble breathing",
    "swallowing": "no difficulty swallowing",
    "speech": "no slurred speech",
    "consciousness": "never fainted",
    "confusion": "not confused",
    "seizure": "no seizures",
    "dizziness": "not dizzy",
    "headache": "no severe headache",
    "fever": "no fever",
    "vomiting": "no vomiting",
    "vision": "no blurry vision",
}


@settings(max_examples=200, deadline=None)
@given(flag=st.sampled_from(sorted(DENIED)), carrier=st.sampled_from(CARRIERS), before=st.booleans())
def test_denied_flag_in_its_own_clause_does_not_escalate(flag: str, carrier: str, before: bool) -> None:
    text = f"{DENIED[flag]} {carrier}" if before else f"{carrier} but {DENIED[flag]}"
    assert flag in raises_nothing(text).negated


@settings(max_examples=150, deadline=None)
@given(flag=st.sampled_from(sorted(DENIED)), other=flags, carrier=st.sampled_from(CARRIERS))
def test_denial_ends_at_but(flag: str, other: str, carrier: str) -> None:
    text = f"{DENIED[flag]} {carrier} but {PHRASES[other][0]}"
    escalates(text, other)


VOCAB = (
    "no not never but i im cant breathe breath swallow slurred passed out fainted confused seizure fit "
    "move arm leg balance blurry dizzy spinning headache worst fever temperature thirty nine point eight "
    "hundred and for vomiting threw up pulse weak what if is can my husband years ago as a child "
    "yesterday again before today and or because just also except the a of in um uh"
).split()


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(VOCAB), max_size=40))
def test_word_salad_gives_a_valid_detection(words: list[str]) -> None:
    _check_valid(" ".join(words))


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_any_text_gives_a_valid_detection(text: str) -> None:
    _check_valid(text)


def _check_valid(text: str) -> None:
    found = detector().detect(text)
    assert isinstance(found, Detection)
    assert found.text == text
    every = (found.red_flags, found.asked_about, found.negated, found.history)
    for group in every:
        assert len(group) == len(set(group))
        assert set(group) <= set(RED_FLAG_IDS)
    # a flag that escalates is never also explained away
    assert not set(found.red_flags) & (set(found.asked_about) | set(found.negated) | set(found.history))
    # deterministic
    assert detector().detect(text) == found


# Each red flag as a noun phrase, and as something that happened to the speaker.
NOUNS: dict[str, str] = {
    "breathing": "trouble breathing", "swallowing": "trouble swallowing", "speech": "slurred speech",
    "consciousness": "blackouts", "confusion": "confusion", "seizure": "seizures",
    "paralysis": "paralysis", "coordination": "balance problems", "vision": "blurred vision",
    "dizziness": "dizziness", "headache": "a severe headache", "fever": "a fever",
    "vomiting": "vomiting", "pulse": "a weak pulse", "help": "need for an ambulance",
    "emergency_named": "the feeling that im having a stroke", "chest": "chest pain",
}
PAST: dict[str, str] = {
    "breathing": "i couldnt breathe", "swallowing": "i couldnt swallow", "speech": "my speech was slurred",
    "consciousness": "i passed out", "confusion": "i got very confused", "seizure": "i had a seizure",
    "paralysis": "i couldnt move my arm", "coordination": "i kept losing my balance",
    "vision": "my vision went blurry", "dizziness": "i got really dizzy",
    "headache": "i had the worst headache of my life", "fever": "i had a high fever",
    "vomiting": "i was vomiting", "pulse": "my pulse was really weak",
    "help": "i kept shouting somebody help me", "emergency_named": "i thought i was having a heart attack",
    "chest": "i had chest pain",
}
NEGATIONS = ("no {np}", "i dont have {np}", "i havent had {np}", "ive never had {np}", "without any {np}",
             "there is no sign of {np}", "i have not had any {np}", "never once had {np}")
DISTANT = ("as a child", "years ago", "when i was a teenager", "back in my twenties", "last year",
           "in primary school", "a long time ago", "back when i was a student")
assert set(NOUNS) == set(PAST) == set(RED_FLAG_IDS)


@settings(max_examples=300, deadline=None)
@given(flag=flags, form=st.sampled_from(NEGATIONS), carrier=st.sampled_from(CARRIERS), before=st.booleans())
def test_negating_a_red_flag_clears_it(flag: str, form: str, carrier: str, before: bool) -> None:
    denial = form.format(np=NOUNS[flag])
    text = f"{denial} {carrier}" if before else f"{carrier} but {denial}"
    not_read_as(text, flag)


@settings(max_examples=300, deadline=None)
@given(flag=flags, when=st.sampled_from(DISTANT), front=st.booleans(), carrier=st.sampled_from(CARRIERS))
def test_backdating_a_red_flag_clears_it(flag: str, when: str, front: bool, carrier: str) -> None:
    said = f"{when} {PAST[flag]}" if front else f"{PAST[flag]} {when}"
    text = f"{carrier} but {said}"
    not_read_as(text, flag)


@settings(max_examples=300, deadline=None)
@given(flag=flags, pick=st.integers(0, 2), talk=st.lists(st.sampled_from(CARRIERS), min_size=1, max_size=4))
def test_twitching_talk_before_a_red_flag_never_clears_it(flag: str, pick: int, talk: list[str]) -> None:
    text = " and ".join(talk) + " and " + PHRASES[flag][pick]
    escalates(text, flag)
