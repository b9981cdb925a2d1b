"""Audio over one Wyoming connection: the satellite's microphone in, the skill's voice out.

`NetworkInput` is an `AudioInput` (voice/audio/input.py) and `NetworkOutput` an
`AudioOutput` (voice/audio/output.py), so the spoken loop runs on a satellite as
it runs on the sound card. Two threads meet here: the connection's asyncio loop
(which receives events and writes them) and the thread that runs the spoken loop
(which reads chunks and starts clips). Hand-offs are a thread-safe queue inward and
`Outbox` (one writer task, events in the order they were put) outward.

Outgoing speech is paced at the speed of speech, a little ahead (`LEAD_SECONDS`):
Wyoming has no event that takes back audio a satellite already holds, so what is
sent early cannot be cut when a red flag is heard. What a client holds is at most
that lead; the emergency message starts as soon as it is ready.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import queue
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, field_validator
from wyoming.audio import AudioChunk, AudioStart, AudioStop
from wyoming.event import Event

from voice.audio.clip import Clip
from voice.audio.input import CHUNK_RATE
from voice.audio.output import AudioOutputError, DoneCallback, PlaybackBase
from voice.audio.resample import StreamResampler, decode_pcm, to_mono_int16

log = logging.getLogger(__name__)

CHUNK_SAMPLES = 1024
"""Samples per outgoing `audio-chunk` (what Piper's Wyoming server sends; 46 ms at 22,050 Hz)."""
LEAD_SECONDS = 0.25
"""How far ahead of real time speech is sent: enough to ride out network jitter, small
enough that a cut (an emergency, a barge-in) is heard within a quarter second."""
READ_WAIT_SECONDS = 0.03
"""How long `read()` / `idle()` wait for audio: one chunk's time, which paces the loop."""
QUEUE_SECONDS = 10.0
"""Audio held for the loop at most; older audio is dropped (the loop fell behind)."""


AUDIO_WIDTHS = (1, 2, 4)
"""Bytes per sample accepted from a satellite: 8-bit unsigned, 16-bit and 32-bit signed."""


class AudioFormatIn(BaseModel):
    """The format an `audio-start` or `audio-chunk` declares (other fields are ignored)."""

    model_config = ConfigDict(extra="ignore")
    rate: int = Field(ge=1000, le=384_000)
    width: int
    channels: int = Field(ge=1, le=16)

    @field_validator("width")
    @classmethod
    def _known_width(cls, width: int) -> int:
        if width not in AUDIO_WIDTHS:
            bits = f" ({width * 8}-bit)" if width > 0 else ""
            raise ValueError(f"sample width {width}{bits} is not accepted; send width 2 (16-bit PCM, what "
                             "Wyoming satellites send), or 1 or 4")
        return width

    @property
    def frame_bytes(self) -> int:
        return self.width * self.channels


class Outbox:
    """Events to one client, written in the order they are put, from any thread.

    Create it on the connection's event loop. A write that fails (the client went
    away) is remembered in `failure`; later events are dropped."""

    def __init__(self, write: Callable[[Event], Awaitable[None]]) -> None:
        self._loop = asyncio.get_running_loop()
        self._loop_thread = threading.get_ident()
        self._write = write
        self._queue: asyncio.Queue[Event | None] = asyncio.Queue()
        self.failure: str | None = None
        self._task = self._loop.create_task(self._drain())

    @property
    def loop(self) -> asyncio.AbstractEventLoop:
        return self._loop

    def put(self, event: Event | None) -> None:
        """Queue `event` (None: nothing more will be sent)."""
        if threading.get_ident() == self._loop_thread:
            self._queue.put_nowait(event)
            return
        try:
            self._loop.call_soon_threadsafe(self._queue.put_nowait, event)
        except RuntimeError:  # the loop is closed: the connection is over
            self.failure = self.failure or "the connection was closed"

    def close(self) -> None:
        self.put(None)

    async def flushed(self) -> None:
        """Wait until everything put before `close()` was written (or writing failed)."""
        await asyncio.shield(self._task)

    async def _drain(self) -> None:
        while (event := await self._queue.get()) is not None:
            if self.failure is not None:
                continue
            try:
                await self._write(event)
            except (ConnectionError, OSError, RuntimeError) as exc:
                self.failure = f"the client went away ({exc.__class__.__name__})"


class NetworkPlayback(PlaybackBase):
    """One clip being sent to a client; a `Playback` (voice/audio/output.py).

    `is_playing` lasts until the client has had time to play it all (sent from
    `first_frame_at`, at the speed of speech), as the sound card's handle lasts until
    its final frame is heard."""

    def __init__(self, clip: Clip, on_done: DoneCallback | None) -> None:
        super().__init__(clip, on_done)
        self._sent = 0
        self._future: concurrent.futures.Future[None] | None = None

    @property
    def played_seconds(self) -> float:
        if self.first_frame_at is None:
            return 0.0
        heard = (self.ended_at or time.monotonic()) - self.first_frame_at
        return max(0.0, min(heard, self._sent / self.clip.sample_rate))

    def stop(self) -> None:
        """Send no more of it and end it with `audio-stop`; returns once that is queued."""
        if self.done.is_set() or self._future is None:
            return
        self._future.cancel()
        self.done.wait(0.5)

    def _finish(self, *, completed: bool, error: AudioOutputError | None = None) -> None:
        if self.done.is_set():
            return
        self.completed = completed and error is None
        self.error = error
        self.ended_at = time.monotonic()
        self._announce_done()


class NetworkOutput:
    """Speech to one Wyoming client as `audio-start` / `audio-chunk` / `audio-stop`."""

    def __init__(self, outbox: Outbox, *, lead_seconds: float = LEAD_SECONDS,
                 chunk_samples: int = CHUNK_SAMPLES) -> None:
        self.outbox = outbox
        self.lead_seconds = lead_seconds
        self.chunk_samples = chunk_samples
        self._current: NetworkPlayback | None = None
        self._closed = False

    def play(self, clip: Clip, *, on_done: DoneCallback | None = None) -> NetworkPlayback:
        if self._current is not None:
            self._current.stop()
        if self._closed or self.outbox.failure is not None:
            raise AudioOutputError(f"cannot speak to the satellite: {self.outbox.failure or 'closed'}")
        playback = NetworkPlayback(clip, on_done)
        try:
            playback._future = asyncio.run_coroutine_threadsafe(self._send(playback), self.outbox.loop)
        except RuntimeError as exc:  # the connection's loop is gone
            raise AudioOutputError(f"cannot speak to the satellite: {exc}") from None
        self._current = playback
        return playback

    def close(self) -> None:
        self._closed = True
        if self._current is not None:
            self._current.stop()

    async def _send(self, playback: NetworkPlayback) -> None:
        clip, box = playback.clip, self.outbox
        rate = clip.sample_rate
        box.put(AudioStart(rate=rate, width=2, channels=1).event())
        started = time.monotonic()
        playback.first_frame_at = started
        stop_sent = False
        try:
            for i in range(0, len(clip.samples), self.chunk_samples):
                delay = started + i / rate - self.lead_seconds - time.monotonic()
                if delay > 0:
                    await asyncio.sleep(delay)
                if box.failure is not None:
                    playback._finish(completed=False, error=AudioOutputError(box.failure))
                    return
                piece = clip.samples[i:i + self.chunk_samples]
                box.put(AudioChunk(rate=rate, width=2, channels=1, audio=piece.tobytes()).event())
                playback._sent = i + len(piece)
            box.put(AudioStop().event())
            stop_sent = True
            # Speaking lasts until the client has played it all.
            await asyncio.sleep(max(0.0, started + clip.duration - time.monotonic()))
            playback._finish(completed=box.failure is None,
                             error=None if box.failure is None else AudioOutputError(box.failure))
        except asyncio.CancelledError:
            if not stop_sent:
                box.put(AudioStop().event())
            playback._finish(completed=False)


class Converter:
    """Satellite audio in any accepted format -> 16 kHz mono int16, as a stream."""

    def __init__(self) -> None:
        self._resampler: StreamResampler | None = None

    def convert(self, pcm: bytes, fmt: AudioFormatIn) -> bytes:
        usable = len(pcm) - len(pcm) % fmt.frame_bytes
        samples = decode_pcm(pcm[:usable], fmt.width)
        if fmt.channels > 1:
            samples = to_mono_int16(samples.reshape(-1, fmt.channels))
        if self._resampler is None or self._resampler.in_rate != fmt.rate:
            self._resampler = StreamResampler(fmt.rate, CHUNK_RATE)
        return self._resampler.process(np.ascontiguousarray(samples)).tobytes()

    def flush(self) -> bytes:
        """The filter's last milliseconds, at the end of an utterance."""
        return b"" if self._resampler is None else self._resampler.flush().tobytes()


@dataclass(frozen=True)
class _Audio:
    pcm: bytes
    format: AudioFormatIn


_END = "end"
_CLOSED = "closed"
_Item = _Audio | str


class NetworkInput:
    """A satellite's microphone as an `AudioInput`: any rate, width and channel count in,
    16 kHz mono int16 out (converted on the loop's thread, off the event loop).

    The connection calls `push()` per `audio-chunk`, `end_utterance()` per `audio-stop`
    and `hang_up()` when it closes; the loop reads."""

    def __init__(self, *, read_wait: float = READ_WAIT_SECONDS, queue_seconds: float = QUEUE_SECONDS,
                 on_chunk: Callable[[bytes], None] | None = None) -> None:
        self.read_wait = read_wait
        self.queue_seconds = queue_seconds
        self.on_chunk = on_chunk
        """Sees every 16 kHz chunk handed to the loop (the `--record-dir` recorder)."""
        self._queue: queue.Queue[_Item] = queue.Queue()
        self._queued_bytes = 0
        self._lock = threading.Lock()
        self._converter = Converter()
        self._closed = False
        self._pending_end: str | None = None
        self._out = 0
        self.dropped_seconds = 0.0
        """Audio thrown away because the loop fell more than `queue_seconds` behind."""

    # -- the connection's side ------------------------------------------------------------
    def push(self, pcm: bytes, fmt: AudioFormatIn) -> None:
        with self._lock:
            limit = self.queue_seconds * fmt.rate * fmt.frame_bytes
            if self._queued_bytes + len(pcm) > limit:
                self.dropped_seconds += len(pcm) / (fmt.rate * fmt.frame_bytes)
                return
            self._queued_bytes += len(pcm)
        self._queue.put(_Audio(pcm, fmt))

    def end_utterance(self) -> None:
        self._queue.put(_END)

    def hang_up(self) -> None:
        self._queue.put(_CLOSED)

    # -- the loop's side (AudioInput) ------------------------------------------------------
    @property
    def seconds(self) -> float:
        return self._out / 2 / CHUNK_RATE

    @property
    def closed(self) -> bool:
        return self._closed

    def start_turn(self) -> bool:
        return not self._closed

    def read(self) -> bytes | None:
        if self._pending_end is not None:
            self._closed = self._pending_end == _CLOSED
            self._pending_end = None
            return None
        if self._closed:
            return None
        try:
            item = self._queue.get(timeout=self.read_wait)
        except queue.Empty:
            return b""
        if isinstance(item, _Audio):
            return self._hand_out(self._convert(item))
        tail = self._flush()
        if tail:  # the filter's last milliseconds first, then the end
            self._pending_end = item
            return self._hand_out(tail)
        self._closed = item == _CLOSED
        return None

    def _hand_out(self, chunk: bytes) -> bytes:
        self._out += len(chunk)
        if self.on_chunk is not None:
            self.on_chunk(chunk)
        return chunk

    def idle(self) -> None:
        """While the skill speaks: what arrives is dropped; a hang-up is kept."""
        deadline = time.monotonic() + self.read_wait
        while (left := deadline - time.monotonic()) > 0:
            try:
                item = self._queue.get(timeout=left)
            except queue.Empty:
                return
            if isinstance(item, _Audio):
                self._forget(item)
            elif item == _CLOSED:
                self._closed = True
                return

    def close(self) -> None:
        self._closed = True

    def _forget(self, item: _Audio) -> None:
        with self._lock:
            self._queued_bytes -= len(item.pcm)

    def _convert(self, item: _Audio) -> bytes:
        self._forget(item)
        return self._converter.convert(item.pcm, item.format)

    def _flush(self) -> bytes:
        return self._converter.flush()
