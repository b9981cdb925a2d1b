"""Fixtures every test module can use without importing them.

`room` (alias `audio_room`) is a fresh virtual audio room per test; test speech
(`say`), Korean test audio and the Korean Vosk model come from tests/voicefixtures.py.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator

import pytest

from tests.audioroom import AudioRoom, AudioRoomUnavailable

pytest.register_assert_rewrite("tests.redflag_cases")  # its checks fail showing the values compared

pytest_plugins = ("tests.voicefixtures",)

REQUIRE_AUDIO = os.environ.get("TWITCHCHECK_REQUIRE_AUDIO") == "1"
"""CI sets it: the audio tests must run there, so a room that cannot start fails them."""


def start_room() -> AudioRoom:
    """A fresh audio room; fails (not skips) when CI says the room is required."""
    room = AudioRoom()
    try:
        return room.start()
    except (AudioRoomUnavailable, OSError, subprocess.SubprocessError) as exc:
        try:
            room.stop()  # a half-started server must not outlive the test
        except (OSError, subprocess.SubprocessError):
            pass
        message = f"the virtual audio room could not start: {exc}"
        if REQUIRE_AUDIO:
            pytest.fail(message + " (TWITCHCHECK_REQUIRE_AUDIO=1)")
        pytest.skip(message)


@pytest.fixture
def room() -> Iterator[AudioRoom]:
    """One room per test: a scenario that stops the sound server must not affect the next."""
    r = start_room()
    try:
        yield r
    finally:
        r.stop()


@pytest.fixture
def audio_room(room: AudioRoom) -> AudioRoom:
    return room


LONGEST_FIRST = ("test_e2e_voice.py", "test_serve_dialer.py", "test_serve_audio.py",
                 "test_e2e_signals.py", "test_audio_out.py", "test_speech.py")
"""Modules whose tests hold whole spoken conversations (20 to 90 s of real time each), longest
first: xdist hands tests out in collection order, so starting these first lets the workers
finish together instead of one of them starting a 90 s conversation at the end."""


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    def rank(item: pytest.Item) -> int:
        name = item.path.name
        return LONGEST_FIRST.index(name) if name in LONGEST_FIRST else len(LONGEST_FIRST)
    items.sort(key=rank)  # stable: the order inside a module is kept
