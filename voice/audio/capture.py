"""Where the sound comes from: a live microphone or WAV files.

Both sources hand out the same thing: `bytes` of 16 kHz, mono, signed 16-bit
little-endian PCM (what both recognizers take), in chunks of about `chunk_ms`.

`Microphone` keeps the PortAudio callback trivial (copy into a queue, count
overflows) because anything slow there makes PortAudio drop audio; the
conversion to 16 kHz mono happens in `read()`, on the caller's thread.
"""

from __future__ import annotations

import queue
import time
import wave
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

import numpy as np

from voice.audio.devices import (
    AudioDeviceError,
    AudioError,
    DeviceNotFoundError,
    NoMicrophoneError,
    default_device,
    device_info,
    resolve_device,
    sounddevice_module,
)
from voice.audio.resample import StreamResampler, decode_pcm, to_mono_int16

__all__ = [
    "SAMPLE_RATE",
    "AudioDeviceError",
    "AudioError",
    "AudioFileError",
    "DeviceNotFoundError",
    "FileSource",
    "Microphone",
    "NoMicrophoneError",
    "read_wav_16k",
]

SAMPLE_RATE = 16000
"""What every consumer of audio in the skill expects."""


class AudioFileError(AudioError):
    """A WAV given with --audio-in cannot be read."""


STALL_SECONDS = 5.0
"""Silence from the device (not quiet audio: no blocks at all) for this long means it is gone.
2 s was tried: on a busy two-core machine the sound server was seen to deliver nothing for
over 2 s while the skill spoke, and a working microphone was declared unplugged."""


class Microphone:
    """A live input stream delivering 16 kHz mono int16 chunks.

    `capture_rate` None asks the device for 16 kHz and falls back to the
    device's own default rate if it refuses; a number forces that capture rate
    (the audio is then converted to 16 kHz here).
    """

    def __init__(self, device: str | int | None = None, *, capture_rate: int | None = None,
                 chunk_ms: int = 30, queue_seconds: float = 10.0,
                 stall_seconds: float = STALL_SECONDS) -> None:
        self.device_spec = device
        self.requested_rate = capture_rate
        self.chunk_ms = chunk_ms
        self.stall_seconds = stall_seconds
        self.overflows = 0
        """Times PortAudio reported input it had to drop (we were too slow)."""
        self.dropped_blocks = 0
        """Blocks discarded because nobody read the queue for `queue_seconds`."""
        self.capture_rate = 0
        self.capture_channels = 1
        self.device_index: int | None = None
        self.device_name = ""
        self._queue_seconds = queue_seconds
        self._queue: queue.Queue[bytes] = queue.Queue()
        self._stream: Any = None
        self._resampler: StreamResampler | None = None
        self._closed_reason: str | None = None

    # -- opening ------------------------------------------------------------------------
    def open(self) -> Microphone:
        sd = sounddevice_module()
        index = resolve_device(self.device_spec, "input")
        if index is None:
            index = default_device("input")
        info = device_info(index)
        self.device_index, self.device_name = index, str(info["name"])
        channels = 1 if info["max_input_channels"] >= 1 else int(info["max_input_channels"])
        rate = self.requested_rate or self._pick_rate(sd, index, channels, info)
        blocksize = max(1, rate * self.chunk_ms // 1000)
        self._queue = queue.Queue(maxsize=max(4, int(self._queue_seconds * 1000 / self.chunk_ms)))
        try:
            self._stream = sd.RawInputStream(
                device=index, samplerate=rate, channels=channels, dtype="int16",
                blocksize=blocksize, callback=self._callback,
                finished_callback=self._finished)
            self._stream.start()
        except sd.PortAudioError as exc:
            self._stream = None
            raise AudioDeviceError(
                f"Could not open the microphone '{self.device_name}' at {rate} Hz: {exc}") from exc
        self.capture_rate, self.capture_channels = rate, channels
        self._resampler = StreamResampler(rate, SAMPLE_RATE)
        self._closed_reason = None
        return self

    @staticmethod
    def _pick_rate(sd: Any, index: int, channels: int, info: dict[str, Any]) -> int:
        try:
            sd.check_input_settings(device=index, samplerate=SAMPLE_RATE, channels=channels,
                                    dtype="int16")
            return SAMPLE_RATE
        except sd.PortAudioError:
            # Many USB and HDMI devices only do 44.1/48 kHz; convert ourselves.
            return int(info["default_samplerate"])

    def _callback(self, indata: Any, frames: int, time_info: Any, status: Any) -> None:
        if status.input_overflow:
            self.overflows += 1
        try:
            self._queue.put_nowait(bytes(indata))
        except queue.Full:
            self.dropped_blocks += 1

    def _finished(self) -> None:
        if self._closed_reason is None:
            self._closed_reason = "the audio stream stopped"

    # -- reading ------------------------------------------------------------------------
    def read(self, timeout: float | None = None) -> bytes:
        """The next chunk at 16 kHz mono (may be empty right after a rate change).

        Raises AudioDeviceError when the device stops delivering sound for
        `stall_seconds` (unplugged, sound server gone), or when it was closed.
        """
        if self._stream is None or self._resampler is None:
            raise AudioDeviceError("The microphone is not open.")
        wait = self.stall_seconds if timeout is None else timeout
        try:
            block = self._queue.get(timeout=wait)
        except queue.Empty:
            reason = self._closed_reason or f"no sound arrived for {wait:g} s"
            raise AudioDeviceError(
                f"The microphone '{self.device_name}' stopped working ({reason}). "
                "Was it unplugged, or did the sound server stop?") from None
        samples = np.frombuffer(block, dtype=np.int16)
        if self.capture_channels > 1:
            samples = to_mono_int16(samples.reshape(-1, self.capture_channels))
        return self._resampler.process(samples).tobytes()

    def chunks(self, seconds: float | None = None) -> Iterator[bytes]:
        """Chunks until `seconds` of audio have been read (forever when None)."""
        wanted = None if seconds is None else int(seconds * SAMPLE_RATE) * 2
        got = 0
        while wanted is None or got < wanted:
            chunk = self.read()
            got += len(chunk)
            yield chunk

    def drain(self) -> None:
        """Discard what was captured but not read (e.g. our own prompt's echo)."""
        while True:
            try:
                self._queue.get_nowait()
            except queue.Empty:
                return

    def close(self) -> None:
        stream, self._stream = self._stream, None
        if stream is not None:
            self._closed_reason = "it was closed"
            try:
                stream.stop()
                stream.close()
            except Exception:  # the device may already be gone; closing must not fail
                pass

    def __enter__(self) -> Microphone:
        return self.open()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()


# -- files --------------------------------------------------------------------------------

def _decode_pcm(raw: bytes, width: int) -> np.ndarray:
    try:
        return decode_pcm(raw, width)
    except ValueError as exc:
        raise AudioFileError(str(exc)) from None


def _open_wav(path: Path) -> wave.Wave_read:
    if not path.is_file():
        raise AudioFileError(f"Audio file not found: {path}")
    try:
        return wave.open(str(path), "rb")
    except (wave.Error, EOFError) as exc:
        raise AudioFileError(
            f"{path} is not a WAV file this skill can read ({exc}); use 16-bit PCM WAV, "
            f"e.g. sox input.mp3 -r 16000 -c 1 {path.stem}.wav") from exc


def read_wav_16k(path: str | Path) -> bytes:
    """A whole WAV file converted to 16 kHz mono int16 bytes."""
    return b"".join(FileSource([path], pad_seconds=0.0))


class FileSource:
    """WAV files as a stream of 16 kHz mono int16 chunks (for `--audio-in a.wav b.wav`).

    Each file is followed by `pad_seconds` of silence so that the end of an
    utterance is detected the same way as with a microphone. `realtime` paces
    the chunks at the speed of speech; otherwise they come as fast as read.
    """

    def __init__(self, paths: Sequence[str | Path], *, realtime: bool = False, chunk_ms: int = 30,
                 pad_seconds: float = 1.0, read_frames: int = 4096) -> None:
        self.paths = [Path(p) for p in paths]
        self.realtime = realtime
        self.chunk_bytes = SAMPLE_RATE * chunk_ms // 1000 * 2
        self.pad_seconds = pad_seconds
        self._read_frames = read_frames
        for path in self.paths:  # fail before anything is played or asked
            _open_wav(path).close()

    def _file_samples(self, path: Path) -> Iterator[bytes]:
        with _open_wav(path) as wav:
            channels, width, rate = wav.getnchannels(), wav.getsampwidth(), wav.getframerate()
            if wav.getcomptype() != "NONE":
                raise AudioFileError(f"{path} is compressed ({wav.getcompname()}); use PCM WAV")
            resampler = StreamResampler(rate, SAMPLE_RATE)
            while raw := wav.readframes(self._read_frames):
                samples = _decode_pcm(raw, width)
                if channels > 1:
                    samples = to_mono_int16(samples[: samples.size - samples.size % channels]
                                            .reshape(-1, channels))
                yield resampler.process(samples).tobytes()
            yield resampler.flush().tobytes()
        if self.pad_seconds > 0:
            yield bytes(int(self.pad_seconds * SAMPLE_RATE) * 2)

    def __iter__(self) -> Iterator[bytes]:
        pending = b""
        started = time.monotonic()
        sent = 0
        for path in self.paths:
            for piece in self._file_samples(path):
                pending += piece
                while len(pending) >= self.chunk_bytes:
                    chunk, pending = pending[: self.chunk_bytes], pending[self.chunk_bytes:]
                    sent = self._pace(started, sent, len(chunk))
                    yield chunk
        if pending:
            self._pace(started, sent, len(pending))
            yield pending

    def _pace(self, started: float, sent: int, size: int) -> int:
        sent += size
        if self.realtime:
            due = started + sent / 2 / SAMPLE_RATE
            delay = due - time.monotonic()
            if delay > 0:
                time.sleep(delay)
        return sent
