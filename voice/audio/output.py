"""Where the skill's voice goes: an audio OUTPUT, whatever carries the sound.

Implementations: the sound card (`voice.audio.playback.Speaker`) and a Wyoming
connection (`voice.audio.network.NetworkOutput`). `voice.speech.voice.Voice`
(synthesis, fallback to print, never losing a message) sees only this.

An output plays one clip at a time: `play()` cuts whatever it was playing and
returns a `Playback` at once, so the loop keeps listening meanwhile. Times are
`time.monotonic()` seconds of when the sound is *heard*, so the loop can wait out
the echo of its own voice before it listens.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, runtime_checkable

from voice.speech.tts import Clip


@runtime_checkable
class Playback(Protocol):
    """One clip being played."""

    clip: Clip
    completed: bool
    """Played to its end (not stopped, no failure)."""
    first_frame_at: float | None
    ended_at: float | None
    """When its final frame (or the silence that cut it) is heard; None while playing."""

    @property
    def is_playing(self) -> bool: ...

    @property
    def played_seconds(self) -> float: ...

    def wait(self, timeout: float | None = None) -> bool:
        """True once playback ended (finished or stopped), False on timeout; raises
        `voice.audio.playback.AudioOutputError` when the output failed."""
        ...

    def check(self) -> None:
        """Raise the output's failure, if any, without waiting."""
        ...

    def stop(self) -> None:
        """Cut it short now (barge-in, emergencies); returns once silence is on its way."""
        ...


DoneCallback = Callable[[Playback], None]


@runtime_checkable
class AudioOutput(Protocol):
    def play(self, clip: Clip, *, on_done: DoneCallback | None = None) -> Playback:
        """Start `clip` (cutting whatever was playing) and return at once. Raises
        `AudioOutputError` when the output cannot play."""
        ...

    def close(self) -> None:
        """Cut what plays and release the output."""
        ...
