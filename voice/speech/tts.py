"""Text to audio: one pyttsx3 (espeak-ng) engine in one worker thread, with a clip cache.

pyttsx3's espeak driver plays through a blocking `aplay` that `stop()` cannot cut
short, so we only ever ask it to write WAV files (`save_to_file`) and play the
samples ourselves (voice/audio/playback.py). That also tells us exactly when speech ends.

Traps this module works around (see shared/spec/voice-notes.md):
- The engine is not thread-safe, and espeak-ng itself is process-global (one synth
  callback per process), so the whole process shares ONE worker thread that creates
  and uses the engine. Every `Synthesizer` sends jobs to it with its own settings.
- Only one `save_to_file()` per `runAndWait()` is honoured; we do exactly one.
- `runAndWait()` does NOT wait for `save_to_file()`: espeak-ng synthesizes on its own
  thread and pyttsx3 returns after a fixed 10 ms sleep, so a longer text (about 150
  characters and up, or right after a property change) is written after it returns,
  and a later utterance can flush it into the wrong file. We wait for pyttsx3's
  "finished-utterance" event (sent once the WAV is written) and use a new file per job.
- Property changes go through espeak-ng's command queue, and pyttsx3's runAndWait
  calls espeak_Cancel() when that queue is busy, which silently drops a rate change
  made just before (measured: about half of alternating rate changes were lost), or
  the end of the previous utterance, which espeak-ng's thread is still finishing when it
  reports the file written. We wait for the queue (espeak_Synchronize) before every job,
  and only a completed utterance ends a job's wait. Volume is applied by
  scaling the samples here: exact, and one fewer espeak parameter to lose.
- The driver `print`s "Audio saved to ..." on stdout, which would corrupt the
  JSON-lines output. We shadow `print` inside the driver module only: a process-wide
  stdout or fd-1 redirect would also swallow other threads' output while we synthesize.
"""

from __future__ import annotations

import hashlib
import itertools
import logging
import os
import queue
import shutil
import tempfile
import threading
import time
import types
import wave
from collections.abc import Iterable
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from dialog.language.speakable import speakable
from models.settings import MAX_RATE, MIN_RATE
from voice.audio.clip import Clip

log = logging.getLogger(__name__)

DEFAULT_RATE = 175
"""Words per minute. espeak-ng's own default; pyttsx3's 200 is hurried for health questions."""
RATE_STEP = 25

ESPEAK_SAMPLE_RATE = 22_050
_INIT_TIMEOUT_S = 20.0
_SYNTH_TIMEOUT_S = 120.0


class SpeechUnavailable(RuntimeError):
    """No usable speech engine; `reason` says why in words a user can act on."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class VoiceNotFound(SpeechUnavailable, ValueError):
    """`--voice` matched no installed voice. `available` lists what there is."""

    def __init__(self, wanted: str, available: list[VoiceInfo]) -> None:
        english = [v for v in available if any(lang.startswith("en") for lang in v.languages)]
        shown = english or available
        listing = ", ".join(f"{v.id} ({v.name})" for v in shown)
        scope = "English voices" if english else "voices"
        super().__init__(
            f"no voice matches {wanted!r}; installed {scope}: {listing}"
            + (f" (and {len(available) - len(shown)} more; see --list-voices)" if english else ""))
        self.wanted = wanted
        self.available = available


@dataclass(frozen=True)
class VoiceInfo:
    id: str
    name: str
    languages: tuple[str, ...] = ()
    gender: str | None = None


CacheKey = tuple[str, str, int, float]


@dataclass(order=True)
class _Job:
    priority: int
    seq: int
    text: str = field(compare=False)
    voice: str | None = field(compare=False)
    rate: int = field(compare=False)
    volume: float = field(compare=False)
    future: Future[Clip] = field(compare=False)


_URGENT, _BACKGROUND = 0, 1


class _EngineWorker:
    """The one thread that owns the pyttsx3 engine for the whole process."""

    _lock = threading.Lock()
    _instance: _EngineWorker | None = None

    @classmethod
    def get(cls) -> _EngineWorker:
        with cls._lock:
            if cls._instance is None:
                cls._instance = cls()
            return cls._instance

    def __init__(self) -> None:
        self._jobs: queue.PriorityQueue[_Job] = queue.PriorityQueue()
        self._seq = itertools.count()
        self._ready = threading.Event()
        self._espeak_sync: Any = lambda: None
        self._utterance_done = threading.Event()
        self.failure: SpeechUnavailable | None = None
        self.voices: list[VoiceInfo] = []
        self.default_voice: str = ""
        self._thread = threading.Thread(target=self._run, name="tts-engine", daemon=True)
        self._thread.start()

    def wait_ready(self) -> None:
        if not self._ready.wait(_INIT_TIMEOUT_S):
            raise SpeechUnavailable(f"the speech engine did not start within {_INIT_TIMEOUT_S:.0f} s")
        if self.failure is not None:
            raise self.failure

    def submit(self, text: str, voice: str | None, rate: int, volume: float,
               priority: int) -> Future[Clip]:
        fut: Future[Clip] = Future()
        self._jobs.put(_Job(priority, next(self._seq), text, voice, rate, volume, fut))
        return fut

    def _run(self) -> None:
        try:
            engine = self._start_engine()
        except SpeechUnavailable as exc:
            self.failure = exc
            self._ready.set()
            self._fail_all(exc)
            return
        self._ready.set()
        errors: list[BaseException] = []
        engine.connect("error", lambda **kw: errors.append(kw.get("exception") or RuntimeError("unknown")))
        engine.connect("finished-utterance", self._on_finished)
        applied: dict[str, Any] = {}
        while True:
            job = self._jobs.get()
            if not job.future.set_running_or_notify_cancel():
                continue
            try:
                job.future.set_result(self._synthesize(engine, job, applied, errors))
            except BaseException as exc:  # noqa: BLE001 - every failure goes to the waiting caller
                job.future.set_exception(exc)

    def _on_finished(self, completed: bool = True, **_kw: Any) -> None:
        # completed=True comes from espeak-ng's thread once the WAV file is written.
        # completed=False comes from pyttsx3's own loop when it cancelled what espeak-ng
        # was still busy with as the job started; the job's text is synthesized anyway
        # and its file written later, so that event must not end the wait: read early,
        # the file is missing or has a header that still says no samples (an empty clip,
        # seen once in CI under load).
        if completed:
            self._utterance_done.set()

    def _fail_all(self, exc: SpeechUnavailable) -> None:
        # Callers submitted before init failed must not wait forever.
        while True:
            job = self._jobs.get()
            if job.future.set_running_or_notify_cancel():
                job.future.set_exception(exc)

    def _start_engine(self) -> Any:
        try:
            import pyttsx3
        except Exception as exc:  # noqa: BLE001 - ImportError or the driver's own RuntimeError
            raise SpeechUnavailable(f"pyttsx3 cannot be imported ({exc})") from exc
        try:
            engine = pyttsx3.init()
        except Exception as exc:  # noqa: BLE001
            hint = ""
            if "espeak" in str(exc).lower() or isinstance(exc, (OSError, RuntimeError)):
                hint = "; install espeak-ng (apt-get install espeak-ng)"
            raise SpeechUnavailable(f"the speech engine failed to start: {exc}{hint}") from exc
        self._espeak_sync = _espeak_synchronize()
        # The proxy starts "busy", which would queue our first property change until
        # the runAndWait that also cancels it; an empty run leaves it idle. espeak-ng must
        # first finish the driver's own settings: cancelled, they left a stray "message
        # terminated" that ended a later job before its audio (an empty clip, under load).
        self._espeak_sync()
        engine.runAndWait()
        self._espeak_sync()
        driver_module = getattr(getattr(engine, "proxy", None), "_module", None)
        if isinstance(driver_module, types.ModuleType):
            # The driver's "Audio saved to ..." goes to our log, not to stdout.
            driver_module.print = _driver_print  # type: ignore[attr-defined]
        try:
            self.voices = [
                VoiceInfo(id=str(v.id), name=str(v.name),
                          languages=tuple(str(lang) for lang in (v.languages or ())),
                          gender=v.gender)
                for v in engine.getProperty("voices")]
            self.default_voice = str(engine.getProperty("voice") or "")
        except Exception as exc:  # noqa: BLE001
            raise SpeechUnavailable(f"the speech engine cannot list its voices: {exc}") from exc
        return engine

    def _synthesize(self, engine: Any, job: _Job, applied: dict[str, Any],
                    errors: list[BaseException]) -> Clip:
        errors.clear()
        wanted = {"voice": job.voice or self.default_voice, "rate": job.rate}
        for name, value in wanted.items():
            # Setting the voice reloads espeak's phoneme data; skip when unchanged.
            if applied.get(name) != value:
                engine.setProperty(name, value)
        # Wait until espeak-ng is idle: pyttsx3 cancels whatever it is still doing
        # when the job starts (a property change, or the end of the previous utterance,
        # which espeak-ng's thread finishes after telling us the file is written).
        self._espeak_sync()
        for attempt in range(2):
            # A folder per job, removed with it: should a timed-out utterance still be
            # written late, it cannot land in a later job's file, and no run leaves a
            # folder behind.
            with tempfile.TemporaryDirectory(prefix="twitchcheck-tts-") as folder:
                clip = self._synthesize_in(engine, job, applied, errors, wanted,
                                           Path(folder) / "utterance.wav")
            if len(clip.samples):
                return clip
            # An event left over from a cancelled utterance ended this one before its
            # audio; once espeak-ng is idle again the same text comes out whole.
            log.warning("speech synthesis gave an empty clip (attempt %d): %r", attempt + 1, job.text)
            self._espeak_sync()
        # Silence would be cached and "spoken" for the rest of the session; a failure
        # lets the caller print the words instead.
        raise SpeechUnavailable("speech synthesis produced an empty clip")

    def _synthesize_in(self, engine: Any, job: _Job, applied: dict[str, Any],
                       errors: list[BaseException], wanted: dict[str, Any], path: Path) -> Clip:
        self._utterance_done.clear()
        engine.save_to_file(job.text, str(path))
        engine.runAndWait()  # one utterance per runAndWait: queued files overwrite each other
        finished = self._utterance_done.wait(_SYNTH_TIMEOUT_S)
        self._settle(engine)
        if errors:
            applied.clear()
            raise SpeechUnavailable(f"speech synthesis failed: {errors[0]}")
        applied.update(wanted)
        if not finished or not path.exists():
            raise SpeechUnavailable("speech synthesis produced no audio "
                                    f"{'within ' + str(int(_SYNTH_TIMEOUT_S)) + ' s' if not finished else 'file'}")
        try:
            clip = Clip.from_wav(path, job.text)
        finally:
            path.unlink(missing_ok=True)
        if job.volume != 1.0:
            scaled = np.rint(clip.samples.astype(np.float32) * job.volume).astype(np.int16)
            clip = Clip(scaled, clip.sample_rate, clip.text)
        return clip

    @staticmethod
    def _settle(engine: Any) -> None:
        # After "finished-utterance" espeak's thread still marks the driver idle; let it,
        # so our next setProperty is not pumped from that thread at the same moment.
        proxy = getattr(engine, "proxy", None)
        for _ in range(50):
            if not getattr(proxy, "_busy", False):
                return
            time.sleep(0.001)


def _espeak_synchronize() -> Any:
    try:
        from pyttsx3.drivers import _espeak
        return _espeak.Synchronize
    except Exception:  # noqa: BLE001 - another driver: nothing to wait for
        return lambda: None


def _driver_print(*args: object, **_kwargs: object) -> None:
    log.debug("pyttsx3: %s", " ".join(str(a) for a in args))


def _clamp_rate(rate: int) -> int:
    return max(MIN_RATE, min(MAX_RATE, int(rate)))


class Synthesizer:
    """Text -> `Clip` of the words a person says for it (`speakable`), cached by (those
    words, voice, rate, volume).

    Construction starts (or reuses) the engine thread and raises `SpeechUnavailable`
    if no engine works, or `VoiceNotFound` for an unknown `voice`.
    """

    def __init__(self, *, voice: str | None = None, rate: int = DEFAULT_RATE,
                 volume: float = 1.0, cache_dir: Path | None = None) -> None:
        self._worker = _EngineWorker.get()
        self._worker.wait_ready()
        self._lock = threading.Lock()
        self._cache: dict[CacheKey, Clip] = {}
        self._pending: dict[CacheKey, Future[Clip]] = {}
        self._pending_urgent: dict[CacheKey, Future[Clip]] = {}
        self._background: dict[CacheKey, Future[Clip]] = {}
        """The engine's jobs for `prepare()`, so that `cancel_prepared()` can withdraw them."""
        self.cache_dir = cache_dir
        if cache_dir is not None:
            cache_dir.mkdir(parents=True, exist_ok=True)
        self.synth_count = 0
        """How many clips were actually synthesized (not served from a cache)."""
        self._voice_id: str = self._worker.default_voice
        self._rate = DEFAULT_RATE
        self._volume = 1.0
        if voice is not None:
            self.voice = voice
        self.rate = rate
        self.volume = volume

    # settings ----------------------------------------------------------------
    def list_voices(self) -> list[VoiceInfo]:
        return list(self._worker.voices)

    @property
    def voice(self) -> str:
        return self._voice_id

    @voice.setter
    def voice(self, wanted: str) -> None:
        self._voice_id = find_voice(self._worker.voices, wanted).id

    @property
    def rate(self) -> int:
        return self._rate

    @rate.setter
    def rate(self, value: int) -> None:
        if not MIN_RATE <= int(value) <= MAX_RATE:
            raise ValueError(f"speech rate {value} is outside {MIN_RATE}..{MAX_RATE} words per minute")
        self._rate = int(value)

    @property
    def volume(self) -> float:
        return self._volume

    @volume.setter
    def volume(self, value: float) -> None:
        if not 0.0 <= float(value) <= 1.0:
            raise ValueError(f"volume {value} is outside 0.0..1.0")
        self._volume = round(float(value), 2)

    def slower(self) -> int:
        self._rate = _clamp_rate(self._rate - RATE_STEP)
        return self._rate

    def faster(self) -> int:
        self._rate = _clamp_rate(self._rate + RATE_STEP)
        return self._rate

    # synthesis ---------------------------------------------------------------
    def key(self, text: str) -> CacheKey:
        # Every text reaches the engine as words to say ("911" -> "nine one one"), whoever
        # sends it (the sound card, a satellite, the Wyoming tts program): here, once.
        return (speakable(text), self._voice_id, self._rate, self._volume)

    def cached(self, text: str) -> Clip | None:
        with self._lock:
            return self._cache.get(self.key(text))

    def synthesize(self, text: str) -> Clip:
        """The clip for `text` with the current settings; blocks until it exists."""
        fut = self._request(text, _URGENT)
        try:
            return fut.result(timeout=_SYNTH_TIMEOUT_S)
        except TimeoutError as exc:
            raise SpeechUnavailable(f"speech synthesis took longer than {_SYNTH_TIMEOUT_S:.0f} s") from exc

    def prepare(self, texts: Iterable[str]) -> list[Future[Clip]]:
        """Synthesize `texts` in the background; a later `synthesize` of one is a cache hit."""
        return [self._request(t, _BACKGROUND) for t in texts]

    def _request(self, text: str, priority: int) -> Future[Clip]:
        if not text.strip():
            raise ValueError("nothing to say: empty text")
        key = self.key(text)
        with self._lock:
            if key in self._cache:
                done: Future[Clip] = Future()
                done.set_result(self._cache[key])
                return done
            if key in self._pending:
                # Already queued (e.g. prepared in the background): share that job.
                # An urgent request must not wait behind other background jobs though.
                # Its job may sit behind other background jobs: an urgent request queues
                # its own (a spare synthesis of ~10 ms beats waiting for the others).
                if priority == _URGENT and self._pending_urgent.get(key) is None:
                    fut = self._submit(key, priority)
                    self._pending_urgent[key] = fut
                    return fut
                return self._pending_urgent.get(key) or self._pending[key]
            disk = self._read_disk(key)
            if disk is not None:
                self._cache[key] = disk
                done = Future()
                done.set_result(disk)
                return done
            fut = self._submit(key, priority)
            self._pending[key] = fut
            if priority == _URGENT:
                self._pending_urgent[key] = fut
            return fut

    def _submit(self, key: CacheKey, priority: int) -> Future[Clip]:
        text, voice, rate, volume = key
        # Callers wait on `outer`, completed only after the clip is cached (memory and
        # disk), so a cache lookup right after `synthesize` returns always hits.
        outer: Future[Clip] = Future()
        inner = self._worker.submit(text, voice, rate, volume, priority)
        if priority == _BACKGROUND:
            self._background[key] = inner  # the caller holds self._lock
        inner.add_done_callback(lambda f: self._finished(key, f, outer))
        return outer

    def cancel_prepared(self) -> int:
        """Withdraw the `prepare()` jobs the engine has not started; returns how many.

        The engine is one thread for the whole process (a server's every conversation), so
        a voice that closes must not leave its prepared clips queued there: nobody would
        play them, and the engine would spend its time on them while other conversations'
        clips wait and other work (playing audio on time) competes for the CPU."""
        with self._lock:
            queued = list(self._background.values())
        return sum(1 for job in queued if job.cancel())

    def _finished(self, key: CacheKey, inner: Future[Clip], outer: Future[Clip]) -> None:
        exc = inner.exception() if not inner.cancelled() else SpeechUnavailable("synthesis cancelled")
        if exc is None:
            clip = inner.result()
            self._write_disk(key, clip)
            with self._lock:
                self.synth_count += 1
                self._cache.setdefault(key, clip)
        with self._lock:
            for pending in (self._pending, self._pending_urgent):
                if pending.get(key) is outer:
                    del pending[key]
            if self._background.get(key) is inner:
                del self._background[key]
        if exc is None:
            outer.set_result(clip)
        else:
            outer.set_exception(exc)

    # disk cache --------------------------------------------------------------
    def _disk_path(self, key: CacheKey) -> Path | None:
        if self.cache_dir is None:
            return None
        digest = hashlib.sha256(repr(key).encode("utf-8")).hexdigest()[:32]
        return self.cache_dir / f"{digest}.wav"

    def _read_disk(self, key: CacheKey) -> Clip | None:
        path = self._disk_path(key)
        if path is None or not path.exists():
            return None
        try:
            return Clip.from_wav(path, key[0])
        except (OSError, EOFError, wave.Error, ValueError):
            return None  # a torn or foreign file: synthesize again and overwrite it

    def _write_disk(self, key: CacheKey, clip: Clip) -> None:
        path = self._disk_path(key)
        if path is None:
            return
        try:
            tmp = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
            clip.save_wav(tmp)
            tmp.replace(path)  # atomic, so a concurrent reader never sees half a file
        except OSError as exc:
            log.warning("cannot write speech cache %s: %s", path, exc)


def find_voice(voices: list[VoiceInfo], wanted: str) -> VoiceInfo:
    """Exact id, exact name, id suffix ("en-us"), name prefix, then name/id substring."""
    w = wanted.strip().lower()
    if w:
        for match in (
            lambda v: v.id.lower() == w,
            lambda v: v.name.lower() == w,
            lambda v: v.id.lower().rsplit("/", 1)[-1] == w,
            lambda v: v.name.lower().startswith(w),
            lambda v: w in v.name.lower() or w in v.id.lower(),
        ):
            found = [v for v in voices if match(v)]
            if found:
                return found[0]
    raise VoiceNotFound(wanted, voices)


def espeak_installed() -> bool:
    return shutil.which("espeak-ng") is not None or shutil.which("espeak") is not None
