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

import logging
import threading
from collections.abc import Callable
from typing import Any, Protocol, runtime_checkable

from voice.audio.clip import Clip

log = logging.getLogger(__name__)


class AudioOutputError(RuntimeError):
    """The output device is missing, refused the stream, or failed while playing."""


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
        `AudioOutputError` when the output failed."""
        ...

    def check(self) -> None:
        """Raise the output's failure, if any, without waiting."""
        ...

    def stop(self) -> None:
        """Cut it short now (barge-in, emergencies); returns once silence is on its way."""
        ...


DoneCallback = Callable[[Playback], None]


class PlaybackBase:
    """What every `Playback` shares, whatever carries the sound: it ends once (`done`),
    perhaps with the output's failure (`error`), and then tells `on_done`. Subclasses
    set `completed` / `ended_at` and call `_announce_done()`; `stop()` is theirs."""

    def __init__(self, clip: Clip, on_done: Callable[[Any], None] | None) -> None:
        # Any: each transport's callback takes its own handle (PlayHandle, NetworkPlayback).
        self.clip = clip
        self.completed = False
        self.first_frame_at: float | None = None
        self.ended_at: float | None = None
        self.error: AudioOutputError | None = None
        self.done = threading.Event()
        self._on_done = on_done

    @property
    def is_playing(self) -> bool:
        return not self.done.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        """True once playback has ended (finished or stopped); False on timeout.
        Raises `AudioOutputError` if the output failed."""
        self.done.wait(timeout)
        if self.error is not None:
            raise self.error
        return self.done.is_set()

    def check(self) -> None:
        """Raise the output's failure, if any, without waiting."""
        if self.error is not None:
            raise self.error

    def _announce_done(self) -> None:
        self.done.set()
        if self._on_done is not None:
            try:
                self._on_done(self)  # type: ignore[arg-type]
            except Exception:
                log.exception("on_done callback failed")


@runtime_checkable
class AudioOutput(Protocol):
    def play(self, clip: Clip, *, on_done: DoneCallback | None = None) -> Playback:
        """Start `clip` (cutting whatever was playing) and return at once. Raises
        `AudioOutputError` when the output cannot play."""
        ...

    def close(self) -> None:
        """Cut what plays and release the output."""
        ...
