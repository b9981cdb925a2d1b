"""The red-flag spotter's phrases (voice/asr/redflag_phrases.toml) against the red flags the
detector knows: every red flag, the person's own alarm included (issue 14: "call an
ambulance", "having a stroke", "chest pain"), has a phrase the keyword spotter can listen for,
and every phrase said alone is that red flag to the detector. Text only, no audio."""

from __future__ import annotations

import pytest

from models.common import OWN_ALARM_IDS, RED_FLAG_IDS
from tests.redflag_cases import escalates, raises_nothing, spoken
from voice.asr.spotter import KeyPhrase, load_phrases

PHRASES = load_phrases()
ALARMS = [p for p in PHRASES if not p.reassures]
SPOKEN = spoken()


@pytest.mark.parametrize("flag", RED_FLAG_IDS)
def test_every_red_flag_has_a_spotter_phrase(flag: str) -> None:
    assert any(p.flag == flag for p in ALARMS), f"no spotter phrase for {flag}"


@pytest.mark.parametrize("flag", OWN_ALARM_IDS)
def test_the_persons_own_alarm_has_a_critical_phrase(flag: str) -> None:
    # lost by the transcript, a plea for an ambulance must still escalate on the hit alone
    assert any(p.flag == flag and p.critical for p in ALARMS)


@pytest.mark.parametrize("phrase", ALARMS, ids=lambda p: p.text)
def test_every_phrase_said_alone_is_its_red_flag(phrase: KeyPhrase) -> None:
    said = f"i {phrase.text}" if phrase.ambiguous_cant else phrase.text
    escalates(said, phrase.flag, by=SPOKEN)


@pytest.mark.parametrize("said", ["call an ambulance", "please call nine one one", "help me",
                                  "having a stroke", "help having a heart attack", "chest pain"])
def test_the_own_alarm_phrases_escalate_in_a_short_plea(said: str) -> None:
    escalates(said, by=SPOKEN)


@pytest.mark.parametrize("said", ["am i having a stroke", "you nearly gave me a heart attack", "having a stroke is my biggest fear",
                                  "help me with this question", "should i call an ambulance if it spreads"])
def test_a_phrase_in_a_question_or_an_idiom_does_not(said: str) -> None:
    raises_nothing(said, by=SPOKEN)
