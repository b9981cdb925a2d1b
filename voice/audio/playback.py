"""Playing a `Clip` through one persistent sounddevice output stream, cut short on demand.

A `Speaker` opens ONE output stream (at construction) and keeps it running until
`close()`. Its audio callback plays the current clip's samples, or silence when
there is none. Opening a stream per clip cost a start-up wait on every prompt (about
1.8 s on a PulseAudio sink before the first sample is pulled), which delayed the
emergency message; with the stream already running a new clip is pulled within one
block.

Threads and hand-offs:
- The dialog thread prepares a clip (resampled, interleaved, as bytes) into a
  `PlayHandle`, then hands it over with one attribute assignment (`_Output.want`).
  `stop()` sets a flag on the handle and waits (one block, typically ~12 ms) for the
  callback to acknowledge it: from that block on the device gets silence.
- PortAudio's thread (the callback) only copies bytes from the prepared buffer into
  the device buffer, stores a few numbers, and writes one byte to a non-blocking pipe
  when a clip ends. No locks, no waiting, no buffers created.
- A watcher thread sleeps on that pipe. It marks a clip done once its final frame has
  been *heard* (handed to the device plus the device's output latency), runs the
  `on_done` callbacks, and turns a dead stream (PortAudio ended it: the device or its
  sound server went away) or a stalled one (no callback for `stall_timeout` while a
  clip plays) into `AudioOutputError`. It uses no CPU while nothing plays.
"""

from __future__ import annotations

import logging
import os
import select
import threading
import time
import weakref
from collections.abc import Callable
from typing import Any

import numpy as np
import numpy.typing as npt

from voice.audio.clip import Clip
from voice.audio.output import AudioOutputError, PlaybackBase
from voice.audio.resample import resample

log = logging.getLogger(__name__)

DoneCallback = Callable[["PlayHandle"], None]

_STALL_TIMEOUT_S = 4.0
"""No audio callback for this long while a clip plays means the device is gone. Generous
on purpose: a PulseAudio null sink (the test room) holds a new stream ~2 s before it pulls."""

PREFERRED_RATE = 22_050
"""The stream's rate when the device takes it: the synthesizer's (espeak-ng) rate, so
prompts need no resampling. Clips at other rates are resampled to the stream's rate."""

BLOCK_SECONDS = 0.01
"""Target callback block length; the block is the nearest power of two in frames
(256 frames = 11.6 ms at 22,050 Hz). `stop()` takes effect within one block."""

_STOP_ACK_TIMEOUT_S = 0.5
"""How long `stop()` waits for the callback to switch to silence before it gives up
(only when callbacks are not arriving: a stream that has not started pulling, or a dead one)."""


def _sd() -> Any:
    from voice.audio.devices import AudioDeviceError, sounddevice_module

    try:
        return sounddevice_module()
    except AudioDeviceError as exc:  # libportaudio2 missing
        raise AudioOutputError(str(exc)) from exc


def output_devices() -> list[str]:
    sd = _sd()
    try:
        return [f"{i}: {d['name']}" for i, d in enumerate(sd.query_devices())
                if d["max_output_channels"] > 0]
    except sd.PortAudioError:
        return []


def _sooner(a: float | None, b: float) -> float:
    return b if a is None else min(a, b)


def _block_for(rate: int) -> int:
    target = max(32.0, rate * BLOCK_SECONDS)
    return int(2 ** round(np.log2(target)))


class PlayHandle(PlaybackBase):
    """One clip being played. Times are `time.monotonic()` seconds.

    `first_frame_at` / `ended_at` are when the first / final frame is *heard*: the time it
    was handed to the device plus the device's reported output latency. A stopped clip's
    `ended_at` is when the silence that replaced it is heard.
    """

    def __init__(self, clip: Clip, data: npt.NDArray[np.int16], rate: int,
                 on_done: DoneCallback | None, stall_timeout: float,
                 output: _Output | None = None) -> None:
        super().__init__(clip, on_done)
        self.device_rate = rate
        data = np.ascontiguousarray(data, dtype=np.int16)
        self._data = data                      # (frames, channels), prepared before hand-off
        # What the callback copies from (an empty clip has no buffer to cast).
        self._buf = data.data.cast("B") if data.size else memoryview(b"")
        self._frames = len(data)
        self._pos = 0                          # frames handed to the device (callback writes)
        self._stop_requested = False           # caller writes, callback reads
        self._end_time: float | None = None    # callback writes: when the last frame / the cut is heard
        self._cut = False                      # callback writes: ended by a stop, not by running out
        self._stall_timeout = stall_timeout
        self._output = output
        self._owner: object = None
        self._finalized = False
        self.started_at: float = time.monotonic()
        self.last_callback_at: float | None = None

    # caller thread -------------------------------------------------------------
    @property
    def played_seconds(self) -> float:
        return self._pos / self.device_rate

    def stop(self) -> None:
        """Cut playback short. Returns once the callback has switched to silence
        (within one block); `ended_at` is then when that silence is heard."""
        if self.done.is_set():
            return
        self._stop_requested = True
        out = self._output
        running = out is not None and out.error is None and not out.dead and not out.closing
        deadline = time.monotonic() + (_STOP_ACK_TIMEOUT_S if running else 0.0)
        while self._end_time is None and not self.done.is_set() and time.monotonic() < deadline:
            time.sleep(0.001)
        if self._end_time is None:  # no callback came: nothing more of it will be played
            self._end_time = time.monotonic()
            self._cut = True
        self._finalize()

    def close(self) -> None:
        """Kept for compatibility: the stream belongs to the `Speaker`, which closes it."""

    # watcher / caller ----------------------------------------------------------
    def _finalize(self, error: AudioOutputError | None = None) -> None:
        output = self._output
        lock = output.lock if output is not None else threading.Lock()
        with lock:
            if self._finalized:
                return
            self._finalized = True
            if output is not None:
                output.forget(self)
        if error is not None and self.error is None:
            self.error = error
        self.ended_at = self._end_time if self._end_time is not None and error is None else time.monotonic()
        self.completed = (self._pos >= self._frames and not self._cut and not self._stop_requested
                          and self.error is None)
        self._announce_done()


class _Output:
    """The persistent stream, its callback, and the watcher thread. Holds no reference
    to the `Speaker`, so a forgotten speaker can be collected (and its stream closed)."""

    def __init__(self, sd: Any, device: int, device_name: str, rate: int, channels: int,
                 blocksize: int, latency: float | str, stall_timeout: float) -> None:
        self.sd = sd
        self.device_name = device_name
        self.rate = rate
        self.channels = channels
        self.blocksize = blocksize
        self.frame_bytes = 2 * channels
        self.stall_timeout = stall_timeout
        self.lock = threading.Lock()            # caller <-> watcher only; never the callback
        self.live: list[PlayHandle] = []        # handed over and not finalized yet
        self.want: PlayHandle | None = None     # the clip to play: the hand-off slot
        self._cur: PlayHandle | None = None     # the clip the callback plays (callback only)
        self._silence = memoryview(bytes(self.frame_bytes * blocksize * 4))
        self.last_callback_at: float | None = None
        self.callbacks = 0
        self.underflows = 0
        self.latency = 0.0
        self.dead = False                       # PortAudio ended the stream by itself
        self.error: AudioOutputError | None = None
        self.closing = False
        self._rfd, self._wfd = os.pipe()
        os.set_blocking(self._wfd, False)
        self.opened_at = time.monotonic()
        try:
            self.stream = sd.RawOutputStream(device=device, samplerate=rate, channels=channels,
                                             dtype="int16", blocksize=blocksize, latency=latency,
                                             callback=self._callback, finished_callback=self._finished)
            self.latency = float(self.stream.latency)
            self.stream.start()
        except sd.PortAudioError as exc:
            self._close_fds()
            raise AudioOutputError(f"cannot play on {device_name}: {exc}") from exc
        self._watcher = threading.Thread(target=self._watch, name="speaker-watcher", daemon=True)
        self._watcher.start()

    # PortAudio thread ----------------------------------------------------------
    def _callback(self, outdata: Any, frames: int, time_info: Any, status: Any) -> None:
        now = time.monotonic()
        self.last_callback_at = now
        self.callbacks += 1
        if status:
            self.underflows += 1
        ahead = time_info.outputBufferDacTime - time_info.currentTime
        heard = now + (ahead if 0.0 <= ahead < 1.0 else self.latency)
        cur = self._cur
        want = self.want
        if cur is not want or (cur is not None and cur._stop_requested):
            if cur is not None and cur._end_time is None:  # swapped out or stopped: cut here
                cur._cut = True
                cur._end_time = heard
                self._wake()
            if want is not None and want._end_time is None and want._stop_requested:
                want._cut = True                             # stopped before it started
                want._end_time = heard
                self._wake()
            cur = want if want is not None and want._end_time is None else None
            self._cur = cur
        nbytes = len(outdata)
        if cur is None:
            outdata[:] = self._silence[:nbytes]
            return
        if cur.first_frame_at is None:
            cur.first_frame_at = heard
        cur.last_callback_at = now
        fb = self.frame_bytes
        pos = cur._pos
        n = min(frames, cur._frames - pos)
        outdata[:n * fb] = cur._buf[pos * fb:(pos + n) * fb]
        if n < frames:
            outdata[n * fb:] = self._silence[:nbytes - n * fb]
        cur._pos = pos + n
        if pos + n >= cur._frames:
            cur._end_time = heard + n / self.rate   # the final frame, heard
            self._cur = None
            self._wake()

    def _finished(self) -> None:
        if not self.closing:
            self.dead = True
            self._wake()

    def _wake(self) -> None:
        try:
            os.write(self._wfd, b"!")
        except OSError:  # pipe full (a wake-up is pending anyway) or closed
            pass

    # watcher thread ------------------------------------------------------------
    def _watch(self) -> None:
        rfd = self._rfd
        while True:
            try:
                timeout = self._sweep()
            except Exception:
                log.exception("speaker watcher failed")
                timeout = 0.1
            if self.closing and not self.live:
                return
            try:
                ready, _, _ = select.select([rfd], [], [], timeout)
                if ready:
                    os.read(rfd, 4096)
            except (OSError, ValueError):  # closed under us
                return

    def _sweep(self) -> float | None:
        """Finalize what has ended; return how long to sleep (None: until woken)."""
        with self.lock:
            live = list(self.live)
        now = time.monotonic()
        timeout: float | None = None
        for h in live:
            if h._end_time is not None:
                if h._end_time <= now:
                    h._finalize()
                else:
                    timeout = _sooner(timeout, h._end_time - now)
            elif self.error is not None:
                h._finalize(self.error)
            elif self.dead:
                self.error = AudioOutputError(
                    f"the output device failed after {h.played_seconds:.1f} s of "
                    f"{h.clip.duration:.1f} s (unplugged or its sound server stopped?)")
                h._finalize(self.error)
            else:
                last = max(self.last_callback_at or 0.0, h.started_at)
                left = last + self.stall_timeout - now
                if left <= 0:
                    self.error = AudioOutputError(
                        f"the output device stopped taking audio for {self.stall_timeout:.0f} s "
                        "(unplugged or its sound server stopped?)")
                    self._abort()
                    h._finalize(self.error)
                else:
                    timeout = _sooner(timeout, left)
        if self.closing:
            for h in live:
                if not h.done.is_set():
                    h._finalize()
        return None if timeout is None else max(timeout, 0.0005)

    def _abort(self) -> None:
        try:
            self.stream.abort(ignore_errors=True)
        except Exception as exc:  # noqa: BLE001 - the device may be gone already
            log.debug("abort failed: %s", exc)

    # caller thread -------------------------------------------------------------
    def failure(self) -> AudioOutputError | None:
        if self.error is None and self.dead:
            self.error = AudioOutputError(f"the output device {self.device_name} failed "
                                          "(unplugged or its sound server stopped?)")
        return self.error

    def hand_over(self, handle: PlayHandle) -> None:
        with self.lock:
            self.live.append(handle)
        self.want = handle          # the lock-free hand-off the callback picks up
        self._wake()

    def forget(self, handle: PlayHandle) -> None:
        """Called with `lock` held."""
        if handle in self.live:
            self.live.remove(handle)

    @property
    def active(self) -> bool:
        return not self.closing and not self.dead and bool(self.stream.active)

    def close(self) -> None:
        if self.closing:
            return
        self.closing = True
        self.want = None
        try:
            self.stream.abort(ignore_errors=True)
            self.stream.close(ignore_errors=True)
        except Exception as exc:  # noqa: BLE001 - the device may be gone already
            log.debug("close failed: %s", exc)
        self._wake()
        if self._watcher.is_alive() and threading.current_thread() is not self._watcher:
            self._watcher.join(2.0)
        self._close_fds()

    def _close_fds(self) -> None:
        for fd in (self._rfd, self._wfd):
            try:
                os.close(fd)
            except OSError:
                pass
        self._rfd = self._wfd = -1


class Speaker:
    """Plays one clip at a time on an output device (index, name substring, or None).

    The output stream is opened at construction (errors surface here, as
    `AudioOutputError`) and runs, silent when idle, until `close()`. `play()` after
    `close()` opens a new one.
    """

    def __init__(self, device: int | str | None = None, *, latency: float | str = "low",
                 on_done: DoneCallback | None = None,
                 stall_timeout: float = _STALL_TIMEOUT_S,
                 rate: int | None = None, blocksize: int | None = None) -> None:
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
        self._preferred_rate = rate or PREFERRED_RATE
        self.rate, self.channels = self._choose_format(self._preferred_rate)
        self.blocksize = blocksize or _block_for(self.rate)
        self._current: PlayHandle | None = None
        self._out: _Output | None = None
        self._finalizer: weakref.finalize | None = None
        self.open()

    def _choose_format(self, rate: int) -> tuple[int, int]:
        """(rate, channels) the device accepts, preferring `rate` and mono."""
        sd = self._sd
        candidates = [(rate, 1), (self.default_rate, 1), (rate, 2), (self.default_rate, 2),
                      (48_000, 2), (44_100, 2)]
        for r, channels in candidates:
            if channels > self.max_channels:
                continue
            try:
                sd.check_output_settings(self.device, samplerate=r, channels=channels, dtype="int16")
            except (ValueError, sd.PortAudioError):
                continue
            return r, channels
        raise AudioOutputError(f"{self.device_name} accepts none of the formats tried: {candidates}")

    def open(self) -> None:
        """Open and start the output stream if it is not running (done by the constructor)."""
        if self._out is not None:
            return
        self._out = _Output(self._sd, self.device, self.device_name, self.rate, self.channels,
                            self.blocksize, self.latency, self.stall_timeout)
        self._finalizer = weakref.finalize(self, self._out.close)

    # figures -------------------------------------------------------------------
    @property
    def output_latency(self) -> float:
        """Seconds from handing a frame to the device until it is heard, as reported."""
        return 0.0 if self._out is None else self._out.latency

    @property
    def stream_active(self) -> bool:
        return self._out is not None and self._out.active

    @property
    def callback_count(self) -> int:
        return 0 if self._out is None else self._out.callbacks

    @property
    def underflows(self) -> int:
        return 0 if self._out is None else self._out.underflows

    # playing -------------------------------------------------------------------
    def _prepare(self, clip: Clip) -> npt.NDArray[np.int16]:
        mono = resample(clip.samples, clip.sample_rate, self.rate)
        if self.channels > 1:
            return np.repeat(mono.reshape(-1, 1), self.channels, axis=1)
        return mono.reshape(-1, 1)

    def play(self, clip: Clip, *, on_done: DoneCallback | None = None) -> PlayHandle:
        """Start playing `clip` (stopping whatever this speaker was playing) and return at once."""
        data = self._prepare(clip)  # before the cut: the old clip plays on meanwhile
        self.stop()
        self.open()
        out = self._out
        assert out is not None
        error = out.failure()
        if error is not None:
            raise error
        callbacks = [cb for cb in (self.on_done, on_done) if cb is not None]
        def notify(h: PlayHandle) -> None:
            for cb in callbacks:
                cb(h)
        handle = PlayHandle(clip, data, self.rate, notify if callbacks else None, self.stall_timeout, out)
        handle._owner = self  # `Speaker().play(clip)`: the stream lives while its clip does
        handle.started_at = time.monotonic()
        out.hand_over(handle)
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
        """Cut the current clip short (silence within one block). True if something was playing."""
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
        """Cut the current clip and stop and close the stream."""
        self.stop()
        self._current = None
        out, self._out = self._out, None
        if self._finalizer is not None:
            self._finalizer.detach()
            self._finalizer = None
        if out is not None:
            out.close()

    def __enter__(self) -> Speaker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


__all__ = ["AudioOutputError", "PlayHandle", "Speaker", "output_devices"]
