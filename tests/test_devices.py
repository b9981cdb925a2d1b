"""Listing and choosing sound devices, for real, through the audio room."""

from __future__ import annotations

import pytest

from tests.audioroom import AudioRoom
from tests.voicefixtures import no_sound_env, run_python

pytestmark = pytest.mark.audio


def test_list_devices_shows_the_rooms_devices_and_defaults(audio_room: AudioRoom) -> None:
    result = run_python("from voice.audio.devices import list_devices; print(list_devices())",
                        audio_room.env)
    lines = result.stdout.splitlines()
    assert lines[0].split()[:2] == ["#", "name"]
    assert any("pulse" in line for line in lines)
    default = [line for line in lines if line.split()[1:2] == ["default"]]
    assert default and default[0].rstrip().endswith("input, output")


def test_resolve_device_by_index_and_name_part(audio_room: AudioRoom) -> None:
    result = run_python("""
        from voice.audio.devices import resolve_device
        print(resolve_device(None, "input"), resolve_device("PULS", "input"),
              resolve_device("Default", "output"), resolve_device("0", "input"))
    """, audio_room.env)
    assert result.stdout.split() == ["None", "0", "1", "0"], result.stderr


def test_unknown_device_name_lists_the_choices(audio_room: AudioRoom) -> None:
    result = run_python("""
        from voice.audio.devices import resolve_device, DeviceNotFoundError
        for spec in ("usb headset", "42"):
            try:
                resolve_device(spec, "input")
            except DeviceNotFoundError as exc:
                print(exc)
    """, audio_room.env)
    assert "No input device matches 'usb headset'" in result.stdout, result.stderr
    assert "There is no sound device number 42" in result.stdout
    assert "Available input devices:" in result.stdout
    assert "0: pulse" in result.stdout


def test_without_a_sound_system_listing_says_so_and_naming_fails_clearly() -> None:
    result = run_python("""
        from voice.audio.devices import list_devices, resolve_device, DeviceNotFoundError
        print(list_devices())
        try:
            resolve_device("mic", "input")
        except DeviceNotFoundError as exc:
            print(exc)
    """, no_sound_env())
    assert "No sound devices found" in result.stdout, result.stderr
    assert "There is no input device at all" in result.stdout
