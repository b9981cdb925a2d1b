"""Playing a `Clip` through a sounddevice output stream, cut short on demand.

One stream per clip: PortAudio's finished callback then tells us exactly when the
last sample left (the listener ignores the microphone until then plus a tail), and
`abort()` drops whatever is still buffered, so `stop()` silences the speaker at once.
The audio callback only copies from a buffer prepared beforehand; it never blocks.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

import numpy as np
import numpy.typing as npt

from voice.tts import Clip

log = logging.getLogger(__name__)

DoneCallback = Callable[["PlayHandle"], None]

_STALL_TIMEOUT_S = 4.0
"""No audio callback for this long means the device is gone. Generous on purpose:
a PulseAudio null sink (the test room) can hold a new stream for ~2 s before it pulls."""


class AudioOutputError(RuntimeError):
    """The output device is missing, refused the stream, or failed while playing."""


def _sd() -> Any:
    try:
        import sounddevice as sd
    except OSError as exc:  # libportaudio2 missing
        raise AudioOutputError(f"no audio output library: {exc} (install libportaudio2)") from exc
    return sd


def output_devices() -> list[str]:
    sd = _sd()
    try:
        return [f"{i}: {d['name']}" for i, d in enumerate(sd.query_devices())
                if d["max_output_channels"] > 0]
    except sd.PortAudioError:
        return []


def resample(samples: npt.NDArray[np.int16], src_rate: int, dst_rate: int) -> npt.NDArray[np.int16]:
    """Linear interpolation: enough for speech, and free of extra dependencies."""
    if src_rate == dst_rate or len(samples) == 0:
        return samples
    n_out = max(1, round(len(samples) * dst_rate / src_rate))
    x_out = np.arange(n_out) * (src_rate / dst_rate)
    out = np.interp(x_out, np.arange(len(samples)), samples.astype(np.float32))
    return np.clip(np.rint(out), -32768, 32767).astype(np.int16)


class PlayHandle:
    """One clip being played. Times are `time.monotonic()` seconds."""

    def __init__(self, clip: Clip, data: npt.NDArray[np.int16], rate: int,
                 on_done: DoneCallback | None, stall_timeout: float, sd: Any) -> None:
        self.clip = clip
        self._CallbackStop = sd.CallbackStop
        self._CallbackAbort = sd.CallbackAbort
        self.device_rate = rate
        self._data = data                      # (frames, channels), prepared before start
        self._frames = len(data)
        self._pos = 0
        self._stop_requested = False
        self._on_done = on_done
        self._stall_timeout = stall_timeout
        self._stream: Any = None
        self._closed = False
        self.done = threading.Event()
        self.started_at: float = time.monotonic()
        self.first_frame_at: float | None = None
        """When the first frame was handed to the device (plus its reported latency)."""
        self.last_callback_at: float | None = None
        self.ended_at: float | None = None
        self.completed = False
        self.error: AudioOutputError | None = None

    # PortAudio thread ----------------------------------------------------------
    def _callback(self, outdata: Any, frames: int, time_info: Any, status: Any) -> None:
        now = time.monotonic()
        if self.first_frame_at is None:
            ahead = time_info.outputBufferDacTime - time_info.currentTime
            self.first_frame_at = now + ahead if 0.0 < ahead < 1.0 else now
        self.last_callback_at = now
        if self._stop_requested:
            outdata.fill(0)
            raise self._CallbackAbort
        pos = self._pos
        n = min(frames, self._frames - pos)
        outdata[:n] = self._data[pos:pos + n]
        self._pos = pos + n
        if n < frames:
            outdata[n:] = 0
            raise self._CallbackStop  # PortAudio drains what is queued, then calls _finished

    def _finished(self) -> None:
        self.ended_at = time.monotonic()
        if self._pos < self._frames and not self._stop_requested and self.error is None:
            # PortAudio ended the stream by itself: the device or its sound server went away.
            self.error = AudioOutputError(
                f"the output device failed after {self.played_seconds:.1f} s of "
                f"{self.clip.duration:.1f} s (unplugged or its sound server stopped?)")
        self.completed = self._pos >= self._frames and not self._stop_requested and self.error is None
        self.done.set()
        if self._on_done is not None:
            try:
                self._on_done(self)
            except Exception:  # noqa: BLE001 - a caller's bug must not kill PortAudio's thread
                log.exception("on_done callback failed")

    # caller thread -------------------------------------------------------------
    @property
    def is_playing(self) -> bool:
        return not self.done.is_set()

    @property
    def played_seconds(self) -> float:
        return self._pos / self.device_rate

    def wait(self, timeout: float | None = None) -> bool:
        """True once playback has ended (finished or stopped); False on timeout.

        Raises `AudioOutputError` if the device failed or stopped pulling audio.
        """
        deadline = None if timeout is None else time.monotonic() + timeout
        while not self.done.is_set():
            remaining = 0.1 if deadline is None else min(0.1, deadline - time.monotonic())
            if remaining <= 0:
                break
            if self.done.wait(remaining):
                break
            self._check_stall()
        if self.done.is_set():
            self.close()
        if self.error is not None:
            raise self.error
        return self.done.is_set()

    def _check_stall(self) -> None:
        last = self.last_callback_at or self.started_at
        if time.monotonic() - last > self._stall_timeout and not self.done.is_set():
            self.error = AudioOutputError(
                f"the output device stopped taking audio for {self._stall_timeout:.0f} s "
                "(unplugged or its sound server stopped?)")
            self._abort()
            if not self.done.is_set():
                self._finished()

    def check(self) -> None:
        """Raise the device error, if any, without waiting."""
        if not self.done.is_set():
            self._check_stall()
        if self.error is not None:
            raise self.error

    def stop(self) -> None:
        """Cut playback short. Returns once the stream is silenced."""
        if self.done.is_set():
            self.close()
            return
        self._stop_requested = True
        self._abort()
        # Abort normally calls _finished synchronously; make sure the end time exists.
        self.done.wait(0.5)
        if not self.done.is_set():
            self._finished()
        self.close()

    def _abort(self) -> None:
        stream = self._stream
        if stream is None:
            return
        try:
            stream.abort(ignore_errors=True)
        except Exception as exc:  # noqa: BLE001 - the device may be gone already
            log.debug("abort failed: %s", exc)

    def close(self) -> None:
        if self._closed or self._stream is None:
            return
        self._closed = True
        try:
            self._stream.close(ignore_errors=True)
        except Exception as exc:  # noqa: BLE001
            log.debug("close failed: %s", exc)


class Speaker:
    """Plays one clip at a time on an output device (index, name substring, or None)."""

    def __init__(self, device: int | str | None = None, *, latency: float | str = "low",
                 on_done: DoneCallback | None = None,
                 stall_timeout: float = _STALL_TIMEOUT_S) -> None:
        sd = _sd()
        self._sd = sd
        self.latency = latency
        self.on_done = on_done
        self.stall_timeout = stall_timeout
        try:
            info = sd.query_devices(device, "output")
        except (ValueError, sd.PortAudioError) as exc:
            available = output_devices()
            what = "no default output device" if device is None else f"no output device matches {device!r}"
            listing = "; ".join(available) if available else "none"
            raise AudioOutputError(f"{what} ({exc}); output devices: {listing}") from exc
        self.device: int = int(info["index"])
        self.device_name: str = str(info["name"])
        self.default_rate = int(info["default_samplerate"])
        self.max_channels = int(info["max_output_channels"])
        self._formats: dict[int, tuple[int, int]] = {}
        self._current: PlayHandle | None = None

    def _format_for(self, clip_rate: int) -> tuple[int, int]:
        """(rate, channels) the device accepts, preferring the clip's own rate and mono."""
        if clip_rate in self._formats:
            return self._formats[clip_rate]
        sd = self._sd
        candidates = [(clip_rate, 1), (self.default_rate, 1), (clip_rate, 2), (self.default_rate, 2),
                      (48_000, 2), (44_100, 2)]
        for rate, channels in candidates:
            if channels > self.max_channels:
                continue
            try:
                sd.check_output_settings(self.device, samplerate=rate, channels=channels, dtype="int16")
            except (ValueError, sd.PortAudioError):
                continue
            self._formats[clip_rate] = (rate, channels)
            return rate, channels
        raise AudioOutputError(f"{self.device_name} accepts none of the formats tried: {candidates}")

    def play(self, clip: Clip, *, on_done: DoneCallback | None = None) -> PlayHandle:
        """Start playing `clip` (stopping whatever this speaker was playing) and return at once."""
        self.stop()
        rate, channels = self._format_for(clip.sample_rate)
        mono = resample(clip.samples, clip.sample_rate, rate)
        data = np.repeat(mono.reshape(-1, 1), channels, axis=1) if channels > 1 else mono.reshape(-1, 1)
        callbacks = [cb for cb in (self.on_done, on_done) if cb is not None]
        handle = PlayHandle(clip, np.ascontiguousarray(data), rate,
                            (lambda h: [cb(h) for cb in callbacks]) if callbacks else None,
                            self.stall_timeout, self._sd)
        sd = self._sd
        try:
            stream = sd.OutputStream(device=self.device, samplerate=rate, channels=channels,
                                     dtype="int16", latency=self.latency, callback=handle._callback,
                                     finished_callback=handle._finished)
            handle._stream = stream
            handle.started_at = time.monotonic()
            stream.start()
        except sd.PortAudioError as exc:
            handle.close()
            raise AudioOutputError(f"cannot play on {self.device_name}: {exc}") from exc
        self._current = handle
        return handle

    @property
    def current(self) -> PlayHandle | None:
        return self._current

    @property
    def is_playing(self) -> bool:
        return self._current is not None and self._current.is_playing

    def wait(self, timeout: float | None = None) -> bool:
        return True if self._current is None else self._current.wait(timeout)

    def stop(self) -> bool:
        """Cut the current clip short. True if something was playing."""
        handle = self._current
        if handle is None:
            return False
        was_playing = handle.is_playing
        handle.stop()
        return was_playing

    def play_blocking(self, clip: Clip) -> bool:
        """Play to the end. True if it completed, False if stopped from elsewhere."""
        handle = self.play(clip)
        handle.wait()
        return handle.completed

    def close(self) -> None:
        self.stop()
        self._current = None

    def __enter__(self) -> Speaker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


__all__ = ["AudioOutputError", "PlayHandle", "Speaker", "output_devices", "resample"]
