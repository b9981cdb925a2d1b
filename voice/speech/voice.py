"""The skill's voice: synthesize, play, interrupt, and never lose a message.

`Voice` joins a `Synthesizer` and an `AudioOutput` (the sound card's `Speaker`, or a
Wyoming connection). When speech fails (no engine, no
device, the device lost mid-sentence) it reports the failure once through
`on_failure` and from then on hands every text, including the one that failed, to
`print_fallback`, so the user always gets the message.
All methods are meant for the one dialog thread; the speaker's watcher thread only
sets `last_end_time` (when the clip's final frame is heard) through `on_done`.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from voice.audio.clip import Clip
from voice.audio.output import AudioOutput, AudioOutputError, Playback
from voice.audio.playback import Speaker
from voice.speech.tts import SpeechUnavailable, Synthesizer

log = logging.getLogger(__name__)

PrintFallback = Callable[[str], None]
FailureReport = Callable[[Exception], None]


class Voice:
    def __init__(self, synthesizer: Synthesizer | None, speaker: AudioOutput | None, *,
                 print_fallback: PrintFallback,
                 on_failure: FailureReport | None = None,
                 failure: Exception | None = None) -> None:
        self._synth = synthesizer
        self._speaker = speaker
        self._print = print_fallback
        self._on_failure = on_failure
        self.failure: Exception | None = None
        self._handle: Playback | None = None
        self._handle_text = ""
        self._handle_interruptible = True
        self.last_end_time: float | None = None
        """`time.monotonic()` when the last playback (or printed fallback) ended."""
        if failure is not None or synthesizer is None or speaker is None:
            self._fail(failure or SpeechUnavailable("speech output is off"))

    @classmethod
    def create(cls, *, print_fallback: PrintFallback, on_failure: FailureReport | None = None,
               voice: str | None = None, rate: int | None = None, volume: float = 1.0,
               device: int | str | None = None, cache_dir: Path | None = None) -> Voice:
        """Build the real thing; any failure yields a `Voice` that prints instead.

        `VoiceNotFound` (a bad `--voice`) is raised, not swallowed: that is the user's
        typo to fix, and its message lists the voices.
        """
        from voice.speech.tts import DEFAULT_RATE, VoiceNotFound
        synth: Synthesizer | None = None
        speaker: Speaker | None = None
        failure: Exception | None = None
        try:
            synth = Synthesizer(voice=voice, rate=rate or DEFAULT_RATE, volume=volume,
                                cache_dir=cache_dir)
            speaker = Speaker(device)
        except VoiceNotFound:
            raise
        except (SpeechUnavailable, AudioOutputError) as exc:
            failure = exc
        return cls(synth, speaker, print_fallback=print_fallback, on_failure=on_failure,
                   failure=failure)

    # state ---------------------------------------------------------------------
    @property
    def fallback(self) -> bool:
        """True once speech failed: every text is printed from then on."""
        return self.failure is not None

    @property
    def speaking(self) -> bool:
        return self._handle is not None and self._handle.is_playing

    @property
    def current(self) -> Playback | None:
        """The clip playing or last played (its `played_seconds`, `first_frame_at`, ...)."""
        return self._handle

    @property
    def synthesizer(self) -> Synthesizer | None:
        return self._synth

    def prepare(self, texts: Iterable[str]) -> None:
        """Synthesize in the background so a later `say`/`say_now` starts at once."""
        if self._synth is None or self.fallback:
            return
        try:
            self._synth.prepare([t for t in texts if t.strip()])
        except SpeechUnavailable as exc:
            self._fail(exc)

    def slower(self) -> int | None:
        return None if self._synth is None else self._synth.slower()

    def faster(self) -> int | None:
        return None if self._synth is None else self._synth.faster()

    # speaking ------------------------------------------------------------------
    def say(self, text: str, *, interruptible: bool = True, wait: bool = True) -> bool:
        """Say `text` after whatever is playing now.

        With `wait`, returns when it has ended: True if it was heard (or printed) in
        full, False if `stop()`/`say_now()` cut it short. Without `wait`, returns once
        playback has started (True) so the caller can listen meanwhile.
        """
        if not text.strip():
            return True
        self.poll()
        if self.fallback:
            return self._deliver_printed(text)
        try:
            clip = self._clip(text)
            self._wait_current()
            if self.fallback:  # the previous clip failed while we waited
                return self._deliver_printed(text)
            self._start(clip, text, interruptible)
        except (SpeechUnavailable, AudioOutputError) as exc:
            self._fail(exc)
            return self._deliver_printed(text)
        return self.wait() if wait else True

    def say_now(self, text: str, *, wait: bool = True) -> bool:
        """Cut off whatever is playing and say `text` at once (the emergency path).

        Not interruptible by `stop()`: only another `say_now` can cut it short.
        """
        self.poll()
        self._cut()  # silence first: the user must hear the old sentence stop at once
        if self.fallback:
            return self._deliver_printed(text)
        try:
            self._start(self._clip(text), text, interruptible=False)
        except (SpeechUnavailable, AudioOutputError) as exc:
            self._fail(exc)
            return self._deliver_printed(text)
        return self.wait() if wait else True

    def stop(self) -> bool:
        """Cut the current sentence short unless it was said as not interruptible."""
        if self._handle is None or not self._handle.is_playing or not self._handle_interruptible:
            return False
        self._cut()
        return True

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for the current playback. True if it (or its printed fallback) completed."""
        handle = self._handle
        if handle is None:
            return True
        try:
            if not handle.wait(timeout):
                return False
        except AudioOutputError as exc:
            self._handle = None
            self._note_end(handle)
            self._fail(exc)
            return self._deliver_printed(self._handle_text)
        self._note_end(handle)
        return handle.completed

    def poll(self) -> None:
        """Notice a device failure of a clip nobody waits for, and print its text."""
        handle = self._handle
        if handle is None or self.fallback:
            return
        try:
            handle.check()
        except AudioOutputError as exc:
            self._handle = None
            self._note_end(handle)
            self._fail(exc)
            self._deliver_printed(self._handle_text)
            return
        if not handle.is_playing:
            self._note_end(handle)

    def close(self) -> None:
        """Cut any speech, withdraw prepared clips not yet made, and close the speaker's
        output stream (a later `say` reopens it)."""
        self._cut()
        if self._synth is not None:
            self._synth.cancel_prepared()
        if self._speaker is not None:
            self._speaker.close()

    # internals -----------------------------------------------------------------
    def _clip(self, text: str) -> Clip:
        assert self._synth is not None
        return self._synth.synthesize(text)

    def _start(self, clip: Clip, text: str, interruptible: bool) -> None:
        assert self._speaker is not None
        self._handle = self._speaker.play(clip, on_done=self._on_done)
        self._handle_text = text
        self._handle_interruptible = interruptible

    def _on_done(self, handle: Playback) -> None:
        # PortAudio's thread: one float assignment, nothing that can block.
        self.last_end_time = handle.ended_at

    def _note_end(self, handle: Playback) -> None:
        if handle.ended_at is not None:
            self.last_end_time = handle.ended_at

    def _wait_current(self) -> None:
        if self._handle is not None and self._handle.is_playing:
            self.wait()

    def _cut(self) -> None:
        handle = self._handle
        if handle is not None and handle.is_playing:
            handle.stop()
            self._note_end(handle)

    def _fail(self, exc: Exception) -> None:
        if self.failure is not None:
            return
        self.failure = exc
        log.warning("speech output failed, printing instead: %s", exc)
        if self._on_failure is not None:
            self._on_failure(exc)

    def _deliver_printed(self, text: str) -> bool:
        self._print(text)
        self.last_end_time = time.monotonic()
        return True
