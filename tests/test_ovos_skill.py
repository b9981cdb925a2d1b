"""The OpenVoiceOS skill inside a real, in-process ovos-core (ovoscope's MiniCroft): the
real intent pipeline (stop, converse, padacioso, fallback), the real skill loader and
the skill's real settings and file system, on OVOS's FakeBus. Nothing of OVOS is
replaced; each test is one person (or two) talking to the device.

Needs the `ovos-test` extra; run with the serial part of scripts/test.sh (marker `ovos`).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

if os.environ.get("TWITCHCHECK_REQUIRE_OVOS") != "1":  # CI sets it: there a missing OVOS fails
    pytest.importorskip("ovoscope", reason="the OpenVoiceOS tests need the ovos-test extra")

# OVOS's own modules warn about their deprecated calls on every message.
pytestmark = [pytest.mark.ovos, pytest.mark.filterwarnings("ignore::DeprecationWarning")]

EMERGENCY_HEAD = "Call emergency services now, on"
FIRST_QUESTION = "are you having trouble breathing, swallowing or speaking"


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """OVOS's configuration, data and cache directories, in a temporary directory."""
    root = tmp_path_factory.mktemp("ovos-home")
    with pytest.MonkeyPatch.context() as patch:
        for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
            (root / name.lower()).mkdir()
            patch.setenv(name, str(root / name.lower()))
        yield root


@pytest.fixture(scope="module")
def croft(home: Path) -> Iterator[Any]:
    from ovoscope import get_minicroft

    from tests.ovosfixtures import SKILL_ID

    core = get_minicroft([SKILL_ID])
    try:
        yield core
    finally:
        core.stop()


@pytest.fixture
def skill(croft: Any) -> Iterator[Any]:
    from tests.ovosfixtures import SKILL_ID

    instance = croft.plugin_skills[SKILL_ID].instance
    yield instance
    instance.settings["emergency_number"] = ""


def device(croft: Any, name: str, **kwargs: Any) -> Any:
    from tests.ovosfixtures import Device

    return Device(croft.bus, f"{name}-{os.urandom(4).hex()}", **kwargs)


def test_the_core_loaded_the_installed_skill_by_its_entry_point(croft: Any) -> None:
    from tests.ovosfixtures import SKILL_ID

    assert SKILL_ID in croft.plugin_skills
    assert "ovos-converse-pipeline-plugin" in croft.pipeline


@pytest.mark.parametrize("words", ["check my twitching", "my eye keeps twitching", "I have a muscle twitch",
                                   "can you help with a twitch"])
def test_each_start_phrase_starts_the_check(croft: Any, words: str) -> None:
    alice = device(croft, "alice")
    heard = alice.say(words)
    assert heard.handled
    assert len(heard.spoken) == 1
    assert heard.text.startswith("Hello.") and FIRST_QUESTION in heard.text
    assert heard.expect_response == [True], "the microphone opens again for the answer"


def test_other_words_do_not_start_it(croft: Any) -> None:
    alice = device(croft, "alice")
    assert alice.say("what time is it").spoken == []


def test_answers_go_through_converse_to_the_check(croft: Any) -> None:
    from dialog.load import default_protocol

    how_long = default_protocol().question("duration").text
    alice = device(croft, "alice")
    alice.say("check my twitching")
    first = alice.say("no")
    assert first.handled and first.text.endswith(how_long), first.text
    assert first.expect_response == [True]
    assert alice.say("repeat").text == how_long
    back = alice.say("go back")
    assert back.text.startswith("Okay, let's change that.") and FIRST_QUESTION in back.text
    assert alice.say("no").text.endswith(how_long)


def test_a_red_flag_mid_check_is_the_first_thing_spoken(croft: Any) -> None:
    alice = device(croft, "alice")
    alice.say("check my twitching")
    alice.say("no")
    heard = alice.say("my arm went numb and I can't breathe")
    assert heard.spoken, "nothing was said"
    assert EMERGENCY_HEAD in heard.spoken[0]
    assert "breathing" in heard.spoken[0]
    assert heard.expect_response == [False] * len(heard.spoken)
    # and it cannot be talked away: whatever is said next, the emergency is said again
    for words in ("no I'm fine", "forget it, next question"):
        after = alice.say(words)
        assert len(after.spoken) == 1 and EMERGENCY_HEAD in after.spoken[0], (words, after.spoken)


def test_a_red_flag_in_the_words_that_start_it_is_said_at_once(croft: Any) -> None:
    alice = device(croft, "alice")
    heard = alice.say("my eye keeps twitching and I can't breathe")
    assert len(heard.spoken) == 1
    assert EMERGENCY_HEAD in heard.spoken[0]
    assert "Hello." not in heard.text and FIRST_QUESTION not in heard.text


def test_stop_gives_the_outcome_of_what_is_known_then_the_device_is_free(croft: Any) -> None:
    alice = device(croft, "alice")
    alice.say("check my twitching")
    alice.say("no")
    stopped = alice.say("stop")
    assert stopped.handled
    assert stopped.text.startswith("Okay, stopping the check here.")
    assert "not finished" in stopped.text and "Call emergency services at once for" in stopped.text
    assert stopped.expect_response == [False]
    summary = alice.say("summary")
    assert summary.text.startswith("Summary for a doctor.")
    assert "Warning signs right now: no." in summary.text
    alice.say("stop")  # a stop once it is over closes the check
    assert alice.say("no").spoken == [], "the check still took the words after it was closed"


def test_after_the_outcome_other_words_go_to_other_skills(croft: Any) -> None:
    alice = device(croft, "alice")
    alice.say("check my twitching")
    alice.say("stop")
    assert alice.say("what time is it").spoken == []
    later = alice.say("now I can't breathe")
    assert later.spoken and EMERGENCY_HEAD in later.spoken[0]


def test_two_sessions_keep_two_checks(croft: Any) -> None:
    alice, bob = device(croft, "alice"), device(croft, "bob")
    alice.say("check my twitching")
    bob.say("check my twitching")
    alice_next = alice.say("no")
    emergency = bob.say("I can't breathe")
    assert EMERGENCY_HEAD in emergency.spoken[0]
    # Alice's check goes on where she left it, untouched by Bob's emergency
    again = alice.say("repeat")
    assert EMERGENCY_HEAD not in again.text
    assert alice_next.text.endswith(again.text)
    assert again.expect_response == [True]


def test_the_emergency_number_follows_the_setting_then_the_country(croft: Any, skill: Any) -> None:
    british = {"city": {"code": "London", "name": "London",
                        "state": {"code": "ENG", "name": "England",
                                  "country": {"code": "GB", "name": "United Kingdom"}}},
               "coordinate": {"latitude": 51.5, "longitude": -0.12},
               "timezone": {"code": "Europe/London", "name": "GMT"}}
    heard = device(croft, "london", location=british).say("check my twitching and I can't breathe")
    assert "on nine nine nine." in heard.spoken[0]
    skill.settings["emergency_number"] = "112"
    heard = device(croft, "london", location=british).say("my eye keeps twitching and I can't breathe")
    assert "on one one two." in heard.spoken[0]
    skill.settings["emergency_number"] = "call the doctor"  # not a number: passed over
    heard = device(croft, "london", location=british).say("my eye keeps twitching and I can't breathe")
    assert "on nine nine nine." in heard.spoken[0]


def test_the_summary_is_written_to_the_skill_file_system(croft: Any, skill: Any) -> None:
    alice = device(croft, "alice")
    alice.say("check my twitching")
    alice.say("no")
    alice.say("stop")
    folder = Path(skill.file_system.path) / "summaries"
    written = sorted(folder.glob(f"*-{alice.session_id}.md"))
    assert len(written) == 1
    assert written[0].read_text().startswith("# Muscle twitching: summary for a doctor")
    data = json.loads(written[0].with_suffix(".json").read_text())
    assert data["outcome"]["summary"]["finished"] is False
    assert data["emergency"] is None
    alice.say("I can't breathe")  # a red flag after the outcome: the same check's file, updated
    assert sorted(folder.glob(f"*-{alice.session_id}.md")) == written
    assert json.loads(written[0].with_suffix(".json").read_text())["emergency"].startswith("This may be")
