"""Sound devices: listing them for `--list-devices`, choosing one by index or name.

Also holds the audio error classes, so that both this module and
`voice.audio.capture` raise the same kinds without importing each other in a loop.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
from types import ModuleType
from typing import Any, Literal

DeviceKind = Literal["input", "output"]


class AudioError(RuntimeError):
    """Base of every audio problem the skill reports to a person."""


class AudioDeviceError(AudioError):
    """The sound system or a device failed (could not open, stopped mid-stream)."""


class NoMicrophoneError(AudioDeviceError):
    """There is no input device at all."""


class DeviceNotFoundError(AudioDeviceError):
    """A device asked for by index or name does not exist."""


_alsa_handler: object = None


def _quiet_alsa() -> None:
    """Route ALSA's own error prints ("underrun occurred", "Unknown PCM") to nowhere.

    They go straight to stderr from C, mean nothing to a person, and real faults
    still surface as PortAudio errors with our own message. Kept with --verbose.
    """
    global _alsa_handler
    if _alsa_handler is not None or logging.getLogger("twitchcheck").isEnabledFor(logging.INFO):
        return
    name = ctypes.util.find_library("asound")
    if name is None:
        return
    try:
        library = ctypes.CDLL(name)
    except OSError:
        return
    handler_type = ctypes.CFUNCTYPE(None, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_int,
                                    ctypes.c_char_p)
    _alsa_handler = handler_type(lambda *_: None)  # kept referenced: ALSA holds the pointer
    library.snd_lib_error_set_handler(_alsa_handler)


def sounddevice_module() -> ModuleType:
    """Import sounddevice, turning a missing PortAudio library into a clear error."""
    _quiet_alsa()
    try:
        import sounddevice
    except OSError as exc:  # raised when libportaudio cannot be loaded
        raise AudioDeviceError(
            "The PortAudio sound library is missing, so no microphone or speaker can be used "
            "(on Debian/Ubuntu: apt-get install libportaudio2)."
        ) from exc
    return sounddevice


def _query() -> list[dict[str, Any]]:
    sd = sounddevice_module()
    try:
        return [dict(d) for d in sd.query_devices()]
    except sd.PortAudioError as exc:
        raise AudioDeviceError(f"The sound system could not list its devices: {exc}") from exc


def _defaults() -> tuple[int, int]:
    sd = sounddevice_module()
    try:
        inp, out = sd.default.device
    except (TypeError, ValueError):
        inp = out = -1
    return int(inp if inp is not None else -1), int(out if out is not None else -1)


def _channels_key(kind: DeviceKind) -> str:
    return "max_input_channels" if kind == "input" else "max_output_channels"


def list_devices() -> str:
    """A table of every sound device, one line each, for `--list-devices`."""
    devices = _query()
    if not devices:
        return ("No sound devices found. (Is a sound server running, or a sound card present? "
                "You can still use --audio-in FILE.wav or the typed mode.)")
    default_in, default_out = _defaults()
    lines = [f"{'#':>3}  {'name':<40} {'in':>3} {'out':>3} {'rate':>7}  default"]
    for i, dev in enumerate(devices):
        marks = [label for label, idx in (("input", default_in), ("output", default_out)) if idx == i]
        lines.append(f"{i:>3}  {str(dev['name'])[:40]:<40} {dev['max_input_channels']:>3} "
                     f"{dev['max_output_channels']:>3} {int(dev['default_samplerate']):>7}  "
                     f"{', '.join(marks)}".rstrip())
    return "\n".join(lines)


def _choices(devices: list[dict[str, Any]], kind: DeviceKind) -> str:
    usable = [f"  {i}: {d['name']}" for i, d in enumerate(devices) if d[_channels_key(kind)] > 0]
    if not usable:
        return f"There is no {kind} device at all."
    return f"Available {kind} devices:\n" + "\n".join(usable)


def resolve_device(spec: str | int | None, kind: DeviceKind) -> int | None:
    """Turn `--input-device`/`--output-device` into a PortAudio index.

    None or "" means the system default (returned as None). A number is an
    index; anything else is matched against device names, case-insensitively,
    first as the whole name and then as part of it.
    """
    if spec is None or (isinstance(spec, str) and not spec.strip()):
        return None
    devices = _query()
    key = _channels_key(kind)
    text = str(spec).strip()
    if text.lstrip("-").isdigit():
        index = int(text)
        if 0 <= index < len(devices) and devices[index][key] > 0:
            return index
        if 0 <= index < len(devices):
            raise DeviceNotFoundError(
                f"Device {index} ({devices[index]['name']}) has no {kind} channels.\n"
                + _choices(devices, kind))
        raise DeviceNotFoundError(f"There is no sound device number {index}.\n" + _choices(devices, kind))
    wanted = text.casefold()
    usable = [(i, str(d["name"])) for i, d in enumerate(devices) if d[key] > 0]
    exact = [i for i, name in usable if name.casefold() == wanted]
    if exact:
        return exact[0]
    partial = [(i, name) for i, name in usable if wanted in name.casefold()]
    if len(partial) == 1:
        return partial[0][0]
    if len(partial) > 1:
        names = "\n".join(f"  {i}: {name}" for i, name in partial)
        raise DeviceNotFoundError(
            f"More than one {kind} device matches {text!r}; give its number or more of its name:\n{names}")
    raise DeviceNotFoundError(f"No {kind} device matches {text!r}.\n" + _choices(devices, kind))


def default_device(kind: DeviceKind) -> int:
    """Index of the default device of that kind; NoMicrophoneError if there is no input."""
    devices = _query()
    default_in, default_out = _defaults()
    index = default_in if kind == "input" else default_out
    key = _channels_key(kind)
    if 0 <= index < len(devices) and devices[index][key] > 0:
        return index
    usable = [i for i, d in enumerate(devices) if d[key] > 0]
    if usable:
        return usable[0]
    if kind == "input":
        raise NoMicrophoneError(
            "No microphone found: the sound system reports no input device. Connect a microphone "
            "(or start the sound server), or answer by typing, or pass --audio-in FILE.wav.")
    raise AudioDeviceError("No speaker found: the sound system reports no output device.")


def device_info(index: int) -> dict[str, Any]:
    devices = _query()
    if not 0 <= index < len(devices):
        raise DeviceNotFoundError(f"There is no sound device number {index}.")
    return devices[index]
