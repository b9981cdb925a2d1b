"""What the spoken loop listens to: an audio INPUT, whatever carries the sound.

Implementations: the sound card (`voice.audio.sources.MicrophoneSource`), answer
files (`FilesSource`, for `--audio-in`), and a Wyoming connection
(`voice.audio.network.NetworkInput`, for `twitchcheck serve`). The loop
(`voice.loop.SpokenLoop`) sees only this.

Every chunk is 16 kHz mono signed 16-bit little-endian PCM (what both recognizers
take), converted by the implementation from whatever its sound arrives in.
States:
- listening: `read()` returns the next chunk as it arrives (it may block for about
  one chunk's time; an empty chunk means nothing arrived yet);
- a turn's input ended (an answer file, or a client's `audio-stop`): `read()`
  returns None; the next `start_turn()` says whether more will come;
- closed (no more input ever): `start_turn()` returns False;
- failed (device unplugged, sound server gone): `read()` raises
  `voice.audio.devices.AudioError` with a message a person can act on.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

CHUNK_RATE = 16000
"""Samples per second of every chunk an input hands out."""


@runtime_checkable
class AudioInput(Protocol):
    @property
    def seconds(self) -> float:
        """Stream time: seconds of 16 kHz audio handed out by `read()` so far."""
        ...

    def start_turn(self) -> bool:
        """Begin listening for an answer; False when there is no more input."""
        ...

    def read(self) -> bytes | None:
        """The next chunk; None when this turn's input ended."""
        ...

    def idle(self) -> None:
        """Called instead of `read()` while the skill speaks: what arrives meanwhile
        is its own voice coming back, not an answer, and is dropped."""
        ...

    def close(self) -> None:
        ...
