"""The escalation gate (dialog/redflags/stream.py): when a listening result reaches the
red-flag detector. Driven with the listener's own event types and the real detector;
times are stream seconds, so these run without audio."""

from __future__ import annotations

from collections import Counter

import pytest

from dialog.load import default_protocol
from dialog.redflags import RedFlagDetector
from dialog.redflags.detector import Answering
from dialog.redflags.stream import HOLD_SECONDS, RedFlagGate, heard_cant, rebuild
from models.detection import Detection
from models.events import Emergency, Heard
from models.listening import SafetyHeard, SpotterHeard
from tests.redflag_cases import spoken
from voice.asr.spotter import load_phrases

PROTOCOL = default_protocol()
SPOKEN = spoken()


@pytest.fixture()
def gate() -> RedFlagGate:
    return RedFlagGate(SPOKEN, red_flags=PROTOCOL.red_flags)


def partial(text: str, at: float, *, final: bool = False, utterance: int = 1) -> SafetyHeard:
    return SafetyHeard(utterance=utterance, text=text, final=final, at=at)


def hit(phrase: str, at: float, *, utterance: int = 1) -> SpotterHeard:
    (p,) = [p for p in load_phrases() if p.text == phrase]
    return SpotterHeard(utterance=utterance, phrase=p.text, flag=p.flag, critical=p.critical,
                        ambiguous=p.ambiguous_cant, reassures=p.reassures, start=at - 0.6,
                        end=at - 0.03, at=at)


def test_a_plain_red_flag_in_a_partial_goes_on_at_once(gate: RedFlagGate) -> None:
    (out,) = gate.on_event(partial("it started two weeks ago and now i cant breathe", 2.0))
    assert out.channel == "safety" and out.at == 2.0
    assert SPOKEN.detect(out.text).red_flags == ("breathing",)


def test_a_partial_only_the_spoken_reading_flags_waits_for_more_words(gate: RedFlagGate) -> None:
    # "i can breathe|" may still become "i can breathe fine".
    assert gate.on_event(partial("i can breathe", 1.0)) == []
    assert gate.tick(1.0 + HOLD_SECONDS - 0.03) == []
    assert gate.on_event(partial("i can breathe fine", 1.2)) == []
    assert gate.tick(5.0) == []  # the reassuring word cleared it for good


def test_a_held_partial_escalates_when_no_reassuring_word_comes(gate: RedFlagGate) -> None:
    assert gate.on_event(partial("i can breathe", 1.0)) == []
    assert gate.on_event(partial("i can breathe and my chest", 1.2)) == []  # still flagged
    assert gate.tick(1.0 + HOLD_SECONDS - 0.03) == []
    (out,) = gate.tick(1.0 + HOLD_SECONDS)  # the first deadline: steady talk cannot postpone it
    assert out.channel == "safety-held" and out.text == "i can breathe and my chest"


def test_a_partial_that_rewrote_the_held_words_does_not_clear_them(gate: RedFlagGate) -> None:
    # Partials flicker: "breathe" became "read" while the person went on talking. That is
    # no denial (the e2e test "cant breathe mid sentence" escalated only at the end of the
    # utterance, 2 runs in 3, when such a rewrite cleared the hold).
    assert gate.on_event(partial("now i can breathe", 1.0)) == []
    assert gate.on_event(partial("now i can read and my chest", 1.2)) == []
    (out,) = gate.tick(1.0 + HOLD_SECONDS)
    assert out.channel == "safety-held"
    assert SPOKEN.detect(out.text).red_flags == ("breathing",)


def test_a_reassuring_word_after_a_rewrite_still_clears(gate: RedFlagGate) -> None:
    assert gate.on_event(partial("i can breathe", 1.0)) == []
    assert gate.on_event(partial("i can breed fine thanks", 1.2)) == []
    assert gate.tick(5.0) == []
    assert gate.on_event(partial("i can breed fine thanks", 1.6, final=True)) == []


def test_a_final_result_that_lost_the_held_words_still_escalates(gate: RedFlagGate) -> None:
    assert gate.on_event(partial("now i can breathe", 1.0)) == []
    (out,) = gate.on_event(partial("now i can read and my chest feels tight", 1.3, final=True))
    assert out.channel == "safety-final"
    # chest tightness now is a red flag of its own (policy: the person's own alarm); the held
    # breathing is kept beside it
    assert SPOKEN.detect(out.text).red_flags == ("breathing", "chest")


def test_a_final_result_with_the_reassuring_word_clears_the_held_words(gate: RedFlagGate) -> None:
    assert gate.on_event(partial("i can breathe", 1.0)) == []
    assert gate.on_event(partial("i can breathe fine and i feel well", 1.3, final=True)) == []


def test_a_final_result_never_waits(gate: RedFlagGate) -> None:
    (out,) = gate.on_event(partial("i can breathe", 3.0, final=True))
    assert out.channel == "safety-final" and out.at == 3.0


def test_a_spotted_phrase_is_judged_in_the_words_around_it(gate: RedFlagGate) -> None:
    # The transcript lags behind: the phrase is added after what it has so far.
    gate.on_event(partial("it started in my calf and now i have", 2.0))
    (out,) = gate.on_event(hit("trouble breathing", 2.2))
    assert out.channel == "spotter" and out.text.endswith("now ive trouble breathing")
    # Denied in the words around it: no escalation from the hit.
    gate.on_event(partial("i have no", 0.8, utterance=2))
    assert gate.on_event(hit("trouble breathing", 1.2, utterance=2)) == []


def test_a_critical_phrase_the_transcript_lost_still_escalates(gate: RedFlagGate) -> None:
    gate.on_event(partial("it is notably the much as", 2.0))
    (out,) = gate.on_event(hit("slurred speech", 2.1))
    assert SPOKEN.detect(out.text).red_flags == ("speech",)


def test_cant_hits_are_read_as_can_so_a_reassuring_word_clears_them(gate: RedFlagGate) -> None:
    gate.on_event(partial("i can breed", 1.0))
    assert gate.on_event(hit("can't breathe", 1.05)) == []  # waits like a spoken-only partial
    gate.on_event(partial("i can breed fine", 1.2))
    gate.on_event(partial("i can breed fine and the twitching", 1.6))
    assert gate.tick(2.0) == []
    assert gate.on_event(partial("i can breathe fine and the twitching is in my calf", 3.0,
                                 final=True)) == []


def test_cant_hit_with_nothing_reassuring_after_it_escalates(gate: RedFlagGate) -> None:
    gate.on_event(partial("it started two weeks ago and now i", 1.0))
    assert gate.on_event(hit("can't breathe", 1.1)) == []
    (out,) = gate.tick(1.1 + HOLD_SECONDS)
    assert out.channel == "spotter" and SPOKEN.detect(out.text).red_flags == ("breathing",)


def test_cant_hit_where_the_transcript_heard_cant_and_another_verb_escalates(gate: RedFlagGate) -> None:
    # Measured with room noise (PocketSphinx): the spotter heard "can't breathe" while every
    # partial had "can't believe", and the red flag came only with "chest" in the final
    # result, after the person had stopped. The transcript heard the "t": "can't" stands.
    gate.on_event(partial("it started in my calf two weeks ago an ally cant believe that much", 3.6))
    assert gate.on_event(hit("can't breathe", 3.3)) == []
    (out,) = gate.tick(3.3 + HOLD_SECONDS)
    assert out.channel == "spotter" and SPOKEN.detect(out.text).red_flags == ("breathing",)
    assert "cant breathe that much" in out.text


def test_cant_hit_the_transcript_lost_entirely_escalates(gate: RedFlagGate) -> None:
    # Measured with room noise: the spotter heard "can't breathe" while the partials read
    # "when mao like him worry to much a"; nothing in them says "can", so the "can't"
    # reading stands (it escalated only with the final result, after the person stopped).
    gate.on_event(partial("it started in my cat few weeks ago when mao like him worry to much a", 3.7))
    gate.on_event(hit("can't breathe", 3.25))
    (out,) = gate.tick(3.25 + HOLD_SECONDS)
    assert out.channel == "spotter" and SPOKEN.detect(out.text).red_flags == ("breathing",)


def test_cant_hit_the_transcript_lost_is_still_cleared_by_a_spotted_reassurance(gate: RedFlagGate) -> None:
    gate.on_event(partial("it started in my cat few weeks ago when mao like him", 3.0))
    gate.on_event(hit("can't breathe", 3.25))
    gate.on_event(hit("breathe fine", 3.4))
    assert gate.tick(3.25 + HOLD_SECONDS) == []


def test_cant_hit_over_a_transcript_with_can_is_left_to_the_can_rule(gate: RedFlagGate) -> None:
    # "i cant relieve it" heard as "i cant really do with anything": the transcript heard a
    # "can" word and another verb after it, so the spotter's hit is read as "can breathe".
    gate.on_event(partial("i cant really do with anything", 1.0))
    gate.on_event(hit("can't breathe", 1.1))
    assert [o for o in gate.tick(1.1 + HOLD_SECONDS) if o.detection.red_flags] == []


def test_only_a_verb_of_the_red_flags_outline_after_cant_takes_the_phrase() -> None:
    assert heard_cant("i cant believe that much", "can't breathe") == "i cant breathe that much"
    assert heard_cant("i cant really do with anything", "can't breathe") is None
    assert heard_cant("i cant lose my arm", "can't move my arm") is None
    assert heard_cant("i can breathe in my chest", "can't breathe") is None  # no "t" heard


def test_cant_move_hit_over_a_misheard_verb_escalates(gate: RedFlagGate) -> None:
    gate.on_event(partial("since this morning i cant mode my arm at all", 1.0))
    gate.on_event(hit("can't move my arm", 1.1))
    (out,) = gate.tick(1.1 + HOLD_SECONDS)
    assert out.text.endswith("i cant move my arm at all")
    assert SPOKEN.detect(out.text).red_flags == ("paralysis",)


def test_cant_hit_ahead_of_a_lagging_transcript_escalates(gate: RedFlagGate) -> None:
    # The transcript has only "i can move my" when the spotter hears "can't move my leg";
    # nothing reassuring follows: when in doubt, escalate.
    gate.on_event(partial("mostly my legs i can move my", 1.0))
    assert gate.on_event(hit("can't move my leg", 1.1)) == []
    (out,) = gate.tick(1.1 + HOLD_SECONDS)
    assert SPOKEN.detect(out.text).red_flags == ("paralysis",)


def test_a_spotted_reassurance_clears_a_mangled_denial_still_waiting(gate: RedFlagGate) -> None:
    # Heard by the recognizer as "i can brief i'm in the...": only the spotter heard "fine".
    gate.on_event(partial("about two weeks and i can", 1.47))
    assert gate.on_event(hit("can't breathe", 1.71)) == []
    assert gate.on_event(partial("about two weeks and i can brief", 1.77)) == []
    assert gate.on_event(hit("breathe fine", 2.0)) == []
    gate.on_event(partial("about two weeks and i can brief im in the", 2.3))
    assert gate.tick(3.0) == []
    # The final transcript kept the mangled words: the reassurance is put back in place.
    final = "about two weeks and i can brief im in the twitching"
    assert gate.on_event(partial(final, 4.0, final=True)) == []
    assert gate.correct(final) == "about two weeks and i can breathe fine in the twitching"
    assert not SPOKEN.detect(gate.correct(final)).red_flags


def test_putting_a_reassurance_back_never_removes_another_red_flag(gate: RedFlagGate) -> None:
    gate.on_event(hit("breathe fine", 1.0))
    final = "i can breed passed out"  # the splice would overwrite "passed"
    assert gate.correct(final) == final
    (out,) = gate.on_event(partial(final, 2.0, final=True))
    assert "consciousness" in SPOKEN.detect(out.text).red_flags


def test_without_a_reassurance_the_final_transcript_is_left_as_heard(gate: RedFlagGate) -> None:
    final = "about two weeks and i can brief im in the twitching"
    (out,) = gate.on_event(partial(final, 4.0, final=True))
    assert out.channel == "safety-final" and gate.correct(final) == final


def test_a_reassurance_never_clears_what_the_plain_reading_escalates(gate: RedFlagGate) -> None:
    gate.on_event(hit("breathe fine", 1.0))
    (out,) = gate.on_event(partial("i can breathe fine but now i cant breathe", 2.0))
    assert out.channel == "safety"


def test_cant_move_hit_is_cleared_by_a_reassuring_word_in_the_transcript(gate: RedFlagGate) -> None:
    # "i can move my arm fine" with the spotter hearing "can't move my arm" (a false alarm
    # in the issue 7 benchmark): read as "can move my arm", the denial rule decides.
    gate.on_event(partial("i can move my arm", 1.0))
    assert gate.on_event(hit("can't move my arm", 1.05)) == []
    gate.on_event(partial("i can move my arm fine", 1.2))
    gate.on_event(partial("i can move my arm fine it just twitches", 1.8))
    assert gate.tick(2.2) == []
    assert gate.on_event(partial("i can move my arm fine it just twitches", 2.5, final=True)) == []


def test_cant_move_hit_with_nothing_reassuring_after_it_escalates(gate: RedFlagGate) -> None:
    gate.on_event(partial("it is in my arm and i can move my left", 1.0))
    assert gate.on_event(hit("can't move my leg", 1.1)) == []
    gate.on_event(partial("it is in my arm and i can move my left leg at all", 1.3))
    (out,) = gate.tick(1.1 + HOLD_SECONDS)
    assert SPOKEN.detect(out.text).red_flags == ("paralysis",)


def test_rebuild_finishes_a_transcript_that_lags_behind_the_spotter() -> None:
    assert rebuild("mostly my legs i can move my", "can move my leg") == \
        "mostly my legs i can move my leg"
    assert rebuild("and now she has trouble", "trouble breathing") == "and now she has trouble breathing"


def test_rebuild_places_the_phrase_where_the_transcript_heard_it() -> None:
    assert rebuild("she has double breathing and my chest", "trouble breathing") == \
        "she has trouble breathing and my chest"
    assert rebuild("she has no", "trouble breathing") == "she has no trouble breathing"
    assert rebuild("i can breed fine", "can breathe") == "i can breathe fine"


@pytest.mark.parametrize("phrase", [p for p in load_phrases() if p.critical], ids=lambda p: p.text)
def test_every_critical_phrase_alone_escalates_its_red_flag(phrase) -> None:  # type: ignore[no-untyped-def]
    assert phrase.flag in SPOKEN.detect(phrase.text).red_flags


@pytest.mark.parametrize("phrase", load_phrases(), ids=lambda p: p.text)
def test_every_phrase_names_a_red_flag_the_detector_knows(phrase) -> None:  # type: ignore[no-untyped-def]
    assert phrase.flag in {f.id for f in PROTOCOL.red_flags}
    said = f"i {phrase.text}" if phrase.ambiguous_cant else phrase.text
    assert phrase.flag in SPOKEN.detect(said).red_flags or not phrase.critical


class CountingWrapperAroundRealDetector(RedFlagDetector):
    """A counting wrapper around the real detector: every reading is the real one; `reads`
    says how often each (text, final) was read."""

    def __init__(self) -> None:
        super().__init__(PROTOCOL.red_flags, spoken=True)
        self.reads: Counter[tuple[str, bool]] = Counter()

    def detect(self, text: str, *, final: bool = True, answering: Answering | None = None) -> Detection:
        self.reads[(text, final)] += 1
        return super().detect(text, final=final, answering=answering)


class _QuietVoice:
    """Enough of `Voice` for the loop to hand it what to say; nothing plays."""

    speaking = False
    last_end_time = None

    def __init__(self) -> None:
        self.said: list[str] = []

    def say_now(self, text: str, wait: bool = False) -> None:
        self.said.append(text)

    def say(self, text: str, wait: bool = False) -> None:
        self.said.append(text)

    def stop(self) -> bool:
        return False


def _loop_reading(events: list[SafetyHeard | SpotterHeard | float]) -> tuple[
        CountingWrapperAroundRealDetector, list[object]]:
    """The spoken loop's path from listening results to the skill (`_on_listen`, and the
    gate's tick as `_feed` makes it; a float is a tick at that stream time)."""
    from dialog.skill import Skill, SkillConfig
    from voice.loop import SpokenLoop

    detector = CountingWrapperAroundRealDetector()
    skill = Skill(PROTOCOL, SkillConfig(spoken=True), detector=detector)
    sunk: list[object] = []
    loop = SpokenLoop(skill, _QuietVoice(), None, None, sunk.append)  # type: ignore[arg-type]
    loop.handle(skill.start())
    detector.reads.clear()
    for event in events:
        if isinstance(event, float):
            loop._to_detector(loop.gate.tick(event))
        else:
            loop._on_listen(event)
    return detector, sunk


@pytest.mark.parametrize("events, channel", [
    ([partial("it started two weeks ago", 1.0),
      partial("it started two weeks ago and now i cant breathe", 1.5)], "safety"),
    ([partial("i can breathe", 1.0), partial("i can breathe and my chest", 1.2),
      1.0 + HOLD_SECONDS], "safety-held"),
    ([partial("it started in my calf and now i have", 2.0), hit("trouble breathing", 2.2)], "spotter"),
    ([partial("now i can breathe", 1.0),
      partial("now i can read and my chest feels tight", 1.3, final=True)], "safety-final"),
], ids=["plain partial", "held partial", "spotter hit", "final that lost the held words"])
def test_each_partial_is_read_once_and_the_skill_acts_on_that_reading(
        events: list[SafetyHeard | SpotterHeard | float], channel: str) -> None:
    # Before, the gate read a partial and the skill read the same text again.
    detector, sunk = _loop_reading(events)
    emergencies = [e for e in sunk if isinstance(e, Emergency)]
    # one emergency, for breathing ("my chest feels tight" is the person's own alarm too: chest)
    assert len(emergencies) == 1 and emergencies[0].red_flags[0] == "breathing"
    handed = [e for e in sunk if isinstance(e, Heard) and e.channel == channel] if channel != "safety" \
        else [e for e in sunk if isinstance(e, Heard)]
    assert handed
    partial_reads = {key: n for key, n in detector.reads.items() if not key[1]}
    assert partial_reads and max(partial_reads.values()) == 1, partial_reads


def test_a_partial_that_flags_nothing_is_read_once_too() -> None:
    detector, sunk = _loop_reading([partial("it started", 0.5), partial("it started two weeks ago", 1.0),
                                    2.0])
    assert not [e for e in sunk if isinstance(e, Emergency)]
    assert detector.reads == Counter({("it started", False): 1, ("it started two weeks ago", False): 1})


def test_the_skill_reads_a_final_utterance_itself() -> None:
    from dialog.skill import Skill, SkillConfig

    detector = CountingWrapperAroundRealDetector()
    skill = Skill(PROTOCOL, SkillConfig(spoken=True), detector=detector)
    skill.start()
    reading = detector.detect("i cant breathe", final=False)
    with pytest.raises(ValueError):
        skill.hear("i cant breathe", final=True, detection=reading)
    events = skill.hear("i cant breathe", final=True)
    assert detector.reads[("i cant breathe", True)] == 1
    assert any(isinstance(e, Emergency) for e in events)
