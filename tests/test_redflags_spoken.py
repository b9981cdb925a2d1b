"""Recognizer mishearings of red flags: they escalate for spoken input only.

PocketSphinx hears "i can't breathe" as "i can breathe" or "i can't believe"
(measured here with a natural voice). A missed emergency is the worst failure,
so for recognizer text those mishearings escalate; typed text is read as typed.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.redflag_cases import detector, escalates, not_read_as, raises_nothing, spoken

SPOKEN = spoken()
TYPED = detector()


@pytest.mark.parametrize(("heard", "flag"), [
    ("it started in my calf two weeks ago when i can breathe", "breathing"),
    ("and now i cant believe", "breathing"),
    ("my husband can breathe", "breathing"),
    ("i can brief", "breathing"),
    ("now i can breathe and my chest feels tight", "breathing"),
    # "and my chest" heard as "in my chest" (the audio room, "i cant breathe and my chest...")
    ("it started in my calf two weeks ago when i can breathe in my chest", "breathing"),
    ("i can breathe in my chest feels tight", "breathing"),
    ("i cant believe properly", "breathing"),
    ("she can swallow", "swallowing"),
    ("i can swallow and my throat is tight", "swallowing"),
    # "can't move" heard as "can move" (issue 7: the recognizer confuses the two)
    ("it started two weeks ago and now i can move my left arm", "paralysis"),
    ("she can move her leg and she is scared", "paralysis"),
    ("i suddenly can move my right arm", "paralysis"),
    ("i can move my arm but its not fine", "paralysis"),
])
def test_mishearing_escalates_when_spoken_but_not_when_typed(heard: str, flag: str) -> None:
    escalates(heard, flag, by=SPOKEN)
    not_read_as(heard, flag, by=TYPED)


@pytest.mark.parametrize("heard", [
    "i can breathe fine",
    "no i can breathe",
    "yes i can breathe okay its just my eyelid",
    "i can breathe normally",
    "i cant believe how long its been going on",
    "i cant believe it",
    "i can swallow fine",
    "i can swallow a pill",
    "i can breathe through my nose",
    "i can breathe in and out fine",
    "i can breathe in deeply",
    "i can breathe in the morning",
    "i can move my arm fine it just twitches",
    "i can move my legs normally",
    "she can move her arm okay",
    "i can use my hands fine and walk fine",
    "i can move my arm find it just",  # "fine" as the room's recognizer wrote it
    "i can move my hands and feet okay",
    "he can raise his left arm up high with no problem",
    "i can breathe find thanks",
])
def test_reassuring_phrases_do_not_escalate_even_when_spoken(heard: str) -> None:
    raises_nothing(heard, by=SPOKEN)


def test_real_recognizer_text_for_cant_breathe_escalates(say: Callable[[str], Path]) -> None:
    """Piper says it, PocketSphinx hears it (however it mishears it), the detector catches it."""
    from voice.asr.sphinx_engine import SphinxRecognizer
    from voice.audio.capture import read_wav_16k

    caught = []
    for sentence in ("i cant breathe", "it started in my calf two weeks ago and now i cant breathe",
                     "help me i cant breathe"):
        recognizer = SphinxRecognizer()
        pcm = read_wav_16k(say(sentence))
        heard = [r.text for r in (recognizer.accept(pcm[i:i + 960]) for i in range(0, len(pcm), 960)) if r]
        heard.append(recognizer.final().text)
        caught.append(any("breathing" in SPOKEN.detect(text).red_flags for text in heard))
    assert all(caught), caught


@pytest.mark.parametrize(("said", "flag"), [
    ("nothing and food gets stuck when i swallow and else really", "swallowing"),
    ("no and i cant breathe", "breathing"),
    ("none and i threw up this morning", "vomiting"),
    ("nothing and my speech is slurred", "speech"),
])
def test_a_negation_directly_followed_by_and_denies_nothing(said: str, flag: str) -> None:
    """Found by the conversation property test: a bare "nothing and ..." hid a red flag."""
    escalates(said, flag, by=TYPED)
