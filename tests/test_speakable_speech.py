"""The emergency number as the speech engine says it, on every path that speaks: the
sound card's and a satellite's voice (the Synthesizer), a Wyoming client's speech engine
(the text of `serve`'s replies) and a satellite's events. Judged on espeak-ng's phonemes
(`espeak-ng -q -x`), not on the string: "911" given to it is "nine hundred and eleven"."""

from __future__ import annotations

import re
import shutil
import subprocess
from types import SimpleNamespace
from typing import Any

import pytest
from wyoming.event import Event as WyomingEvent

from models.events import Emergency
from tests.harness import new_skill
from tests.servefixtures import run, say, served
from voice.frontends.serve.satellite import AudioSession

ESPEAK = shutil.which("espeak-ng")
needs_espeak = pytest.mark.skipif(ESPEAK is None, reason="espeak-ng is not installed")

SAID = {"911": "nine one one", "112": "one one two", "999": "nine nine nine", "111": "one one one",
        "000": "zero zero zero"}


def phonemes(text: str) -> str:
    """espeak-ng's phoneme mnemonics for `text`, without stress marks and word breaks."""
    assert ESPEAK is not None
    out = subprocess.run([ESPEAK, "-q", "-x", text], capture_output=True, text=True, timeout=60,
                         check=True).stdout
    return re.sub(r"[\s',]", "", out)


def emergency_for(number: str) -> Emergency:
    skill = new_skill(emergency_number=number)
    skill.start()
    [emergency] = [e for e in skill.hear("i cant breathe") if isinstance(e, Emergency)]
    return emergency


def assert_said_digit_by_digit(spoken: str, number: str) -> None:
    said = phonemes(spoken)
    assert phonemes(SAID[number]) in said, (spoken, said)
    assert phonemes("hundred") not in said, (spoken, said)


@pytest.fixture(scope="module")
def synth() -> Any:
    if ESPEAK is None:
        pytest.skip("espeak-ng is not installed")
    from voice.speech.tts import Synthesizer
    return Synthesizer()


@needs_espeak
def test_the_engine_reads_the_digits_as_a_quantity_so_the_check_means_something() -> None:
    assert phonemes("hundred") in phonemes("Call emergency services now, on 911.")


@needs_espeak
@pytest.mark.parametrize("number", sorted(SAID))
def test_the_voice_says_the_emergency_number_digit_by_digit(synth: Any, number: str) -> None:
    emergency = emergency_for(number)
    for text in (emergency.head, emergency.text):
        clip = synth.synthesize(text)  # the sound card's and a satellite's voice
        assert len(clip.samples) > 0
        assert_said_digit_by_digit(clip.text, number)  # the words the engine was given


def _wyoming_emergency(number: str) -> WyomingEvent:
    async def go() -> WyomingEvent:
        async with served() as s:
            s.service.emergency_number = number
            return await say(s.host, s.port, "check my twitching, I can't breathe", "numbers-1")
    return run(go())


@pytest.mark.parametrize("number", ["911", "000"])
def test_a_wyoming_client_is_sent_the_number_in_words_and_shown_it_in_digits(number: str) -> None:
    reply = _wyoming_emergency(number)
    text, context = reply.data["text"], reply.data["context"]
    assert reply.type == "handled" and context["events"][0]["type"] == "emergency"
    assert text.startswith(f"This may be a medical emergency. Call emergency services now, on {SAID[number]}.")
    assert number not in text
    # what a screen shows keeps the digits: the reply's display text and the events
    assert context["display_text"].startswith(f"This may be a medical emergency. Call emergency services "
                                              f"now, on {number}.")
    assert context["events"][0]["text"].startswith(context["events"][0]["head"])
    assert f"on {number}." in context["events"][0]["head"] and context["events"][0]["number"] == number


@needs_espeak
def test_a_wyoming_clients_speech_engine_says_nine_one_one() -> None:
    assert_said_digit_by_digit(_wyoming_emergency("911").data["text"], "911")


def test_a_satellites_emergency_event_is_sent_in_words_with_the_digits_for_display() -> None:
    sent: list[WyomingEvent] = []
    session = SimpleNamespace(id="satellite-numbers", outbox=SimpleNamespace(put=sent.append))
    emergency = emergency_for("112")
    AudioSession._send(session, emergency)  # type: ignore[arg-type]
    [handled] = sent
    assert handled.type == "handled"
    assert "on one one two." in handled.data["text"] and "112" not in handled.data["text"]
    assert handled.data["context"]["display_text"] == emergency.text
    assert handled.data["context"]["events"][0]["number"] == "112"


def test_openvoiceos_is_given_the_number_in_words_and_the_digits_for_display() -> None:
    pytest.importorskip("ovos_workshop")
    from voice.frontends.agent import Reply, TurnContext
    from voice.frontends.ovos.skill import TwitchCheckSkill

    emergency = emergency_for("999")
    spoken: list[tuple[str, dict[str, Any]]] = []
    skill = SimpleNamespace(speak=lambda text, **kw: spoken.append((text, kw)),
                            speak_dialog=lambda key, data: spoken.append((key, data)),
                            log=SimpleNamespace(exception=lambda *a: None), _save_summary=lambda sid: None)
    skill._speak = lambda text, **kw: TwitchCheckSkill._speak(skill, text, **kw)  # type: ignore[arg-type]
    reply = Reply(handled=True, text=emergency.text, context=TurnContext(
        conversation_id="ovos-1", continue_conversation=False,
        events=[emergency.model_dump(mode="json")]))
    TwitchCheckSkill._answer(skill, reply, "ovos-1", None)  # type: ignore[arg-type]
    TwitchCheckSkill._failed(skill, "999", None)  # type: ignore[arg-type]
    [(said, options), (dialog, data)] = spoken
    assert "on nine nine nine." in said and "999" not in said
    assert options["meta"]["display_text"] == emergency.text
    assert dialog == "error" and data == {"number": "nine nine nine"}
