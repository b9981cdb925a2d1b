"""A spoken check for one satellite connection: the local loop, fed from the network.

The same check as `twitchcheck` on a sound card, assembled by the same code
(voice/spokencheck.py: `Skill`, speech synthesis, `Listener` with the safety channel
on every partial, spotter and endpointing, the red-flag stream check, `SpokenLoop`);
only its input and output are the connection's (voice/audio/network.py). It runs on a thread of its own: recognition is the
costly part, and one conversation must never hold up another's events.
"""

from __future__ import annotations

import itertools
import logging
import threading
import wave
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from pydantic import BaseModel
from wyoming.error import Error
from wyoming.handle import Handled

from dialog.skill import Skill
from models.events import Emergency, End, Heard, OutcomeEvent
from voice.asr.base import Recognizer
from voice.audio.input import CHUNK_RATE
from voice.audio.network import AudioFormatIn, NetworkInput, NetworkOutput, Outbox
from voice.endpoint import EndpointConfig
from voice.frontends.agent import jsonl_events
from voice.frontends.serve.wire import reply_data
from voice.listen import AnswerHeard, ListenEvent, SpeechStarted
from voice.speech.tts import DEFAULT_RATE, Synthesizer
from voice.speech.voice import Voice
from voice.spokencheck import Hearing, SpokenCheck

log = logging.getLogger(__name__)

_ids = itertools.count(1)


class HungUp(Exception):
    """The satellite closed the connection: the check ends where it is."""


@dataclass(frozen=True)
class SpokenSettings:
    """What every audio conversation on this server shares."""

    make_recognizer: Callable[[], Recognizer]
    make_skill: Callable[[], Skill]
    use_grammar: bool
    """Vosk only: PocketSphinx's grammars turned a spoken "no" into "help"."""
    trust_confidence: bool
    emergency_number: str
    voice: str | None = None
    rate: int | None = None
    """Words per minute; None: the speech engine's default."""
    endpoint: EndpointConfig = field(default_factory=EndpointConfig)
    record_dir: Path | None = None
    spotter: bool = True
    barge_in: bool = False
    """Keep listening while speaking, so the person can interrupt a question: only for a
    satellite that cancels its own speaker's echo (or a headset), else the check hears itself."""

    @property
    def hearing(self) -> Hearing:
        return Hearing(self.make_recognizer, use_grammar=self.use_grammar,
                       trust_confidence=self.trust_confidence, endpoint=self.endpoint,
                       spotter=self.spotter)


PRE_ROLL_BYTES = CHUNK_RATE * 2
"""One second of 16 kHz int16 audio."""


class UtteranceRecorder:
    """`--record-dir`: one WAV per utterance (16 kHz mono, as recognized), named
    `<conversation>-<start time>-<n>.wav` so a person can find a conversation's audio."""

    def __init__(self, folder: Path, conversation: str) -> None:
        self.folder = folder
        self.conversation = conversation
        self._audio = bytearray()
        self._in_speech = False
        self._count = 0
        self.written: list[Path] = []

    def chunk(self, pcm: bytes) -> None:
        self._audio += pcm
        if not self._in_speech:
            # Before speech, only the last second is kept (what the recognizers also got
            # as pre-roll): a satellite streaming silence for an hour holds a second.
            del self._audio[: max(0, len(self._audio) - PRE_ROLL_BYTES)]

    def event(self, event: ListenEvent) -> None:
        if isinstance(event, SpeechStarted):
            self._in_speech = True
        elif isinstance(event, AnswerHeard):
            self._in_speech = False
            self._write()

    def _write(self) -> None:
        if not self._audio:
            return
        self._count += 1
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        path = self.folder / f"{self.conversation}-{stamp}-{self._count:02d}.wav"
        audio, self._audio = bytes(self._audio), bytearray()
        try:
            with path.open("wb") as f, wave.open(f, "wb") as w:
                w.setnchannels(1)
                w.setsampwidth(2)
                w.setframerate(CHUNK_RATE)
                w.writeframes(audio)
        except OSError as exc:  # a full disk must not stop the check, least of all an emergency
            log.warning("%s: could not keep the utterance in %s: %s", self.conversation, path, exc)
            return
        self.written.append(path)


class AudioSession:
    """One satellite's spoken check. Create it on the connection's event loop."""

    def __init__(self, settings: SpokenSettings, outbox: Outbox, *, on_end: Callable[[], None],
                 opening: bytes = b"") -> None:
        """`opening`: 16 kHz audio that started this check (a dialed satellite's speech),
        read for red flags first."""
        self.opening = opening
        self.settings = settings
        self.outbox = outbox
        self.id = f"satellite-{next(_ids)}"
        self.recorder = (UtteranceRecorder(settings.record_dir, self.id)
                         if settings.record_dir is not None else None)
        self.input = NetworkInput(on_chunk=self.recorder.chunk if self.recorder else None)
        self.format: AudioFormatIn | None = None
        self.exit_code: int | None = None
        self._on_end = on_end
        self._hung_up = False
        self._thread = threading.Thread(target=self._run, name=self.id, daemon=True)
        self._thread.start()

    # -- the connection's side ------------------------------------------------------------
    def audio(self, pcm: bytes, fmt: AudioFormatIn) -> None:
        self.input.push(pcm, fmt)

    def end_utterance(self) -> None:
        self.input.end_utterance()

    def hang_up(self) -> None:
        self._hung_up = True
        self.input.hang_up()

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    # -- the loop's thread ----------------------------------------------------------------
    def _check(self) -> None:
        if self._hung_up or self.input.closed:
            raise HungUp

    def _send(self, event: BaseModel) -> None:
        """The loop's sink: each event as `--jsonl` prints it, in a `handled` event."""
        if isinstance(event, Heard) and not event.final:
            return  # a partial every few hundred ms is for the red-flag check, not the client
        over = isinstance(event, (End, Emergency, OutcomeEvent))
        text = getattr(event, "text", "") or ""
        self.outbox.put(Handled(**reply_data(text, {
            "conversation_id": self.id, "continue_conversation": not over,
            "events": jsonl_events([event])})).event())  # type: ignore[list-item]

    def _run(self) -> None:
        voice: Voice | None = None
        try:
            skill = self.settings.make_skill()
            output = NetworkOutput(self.outbox)
            synth = Synthesizer(voice=self.settings.voice, rate=self.settings.rate or DEFAULT_RATE)
            voice = Voice(synth, output, print_fallback=lambda text: None,
                          on_failure=lambda exc: log.info("%s: speech not sent: %s", self.id, exc))
            check = SpokenCheck(skill, voice)
            # Loading recognizers: here, on this session's thread, never on the event loop.
            loop = check.loop(self.settings.hearing, self.input, self._send,
                              on_event=self.recorder.event if self.recorder is not None else None,
                              check=self._check, barge_in=self.settings.barge_in, linger_seconds=60.0,
                              opening=[self.opening[i:i + 960] for i in range(0, len(self.opening), 960)])
            self.exit_code = int(loop.run())
        except HungUp:
            log.info("%s: the satellite hung up; its check ends here", self.id)
        except Exception:
            log.exception("%s: the spoken check failed", self.id)
            self.outbox.put(Error(text="twitchcheck failed during this check. If you think you may have a "
                                       f"medical emergency, call {self.settings.emergency_number} now.",
                                  code="fault").event())
        finally:
            if voice is not None:
                voice.close()
            self.input.close()
            self.outbox.close()
            try:
                self.outbox.loop.call_soon_threadsafe(self._on_end)
            except RuntimeError:
                pass  # the server is shutting down

    def join(self, timeout: float | None = None) -> None:
        self._thread.join(timeout)


class SpokenService:
    """The server's audio conversations: at most `limit` at once (each holds recognizers)."""

    def __init__(self, settings: SpokenSettings, *, limit: int) -> None:
        self.settings = settings
        self.limit = limit
        self.sessions: set[AudioSession] = set()

    @property
    def full(self) -> bool:
        return len(self.sessions) >= self.limit

    def open(self, outbox: Outbox, on_end: Callable[[], None], opening: bytes = b"") -> AudioSession:
        """A new spoken check (check `full` first). Call on the event loop."""
        holder: list[AudioSession] = []

        def ended() -> None:
            self.sessions.discard(holder[0])
            on_end()

        session = AudioSession(self.settings, outbox, on_end=ended, opening=opening)
        holder.append(session)
        self.sessions.add(session)
        return session

    def busy_text(self) -> str:
        return (f"twitchcheck is already running {self.limit} spoken checks, the most this machine can "
                "hear at once. Please try again in a few minutes. If you think you may have a medical "
                f"emergency, call {self.settings.emergency_number} now.")
