"""One Wyoming connection: describe, transcript, ping, and satellite audio (`audio-start`
/ `audio-chunk` / `audio-stop`, voice/frontends/serve/satellite.py); anything else gets a
clear error. The same handler serves a connection twitchcheck opened itself to a
wyoming-satellite (`--satellite`, voice/frontends/serve/dialer.py)."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field

from pydantic import ValidationError
from wyoming.asr import Transcribe, Transcript
from wyoming.audio import AudioChunk, AudioStart, AudioStop
from wyoming.error import Error
from wyoming.event import Event
from wyoming.handle import Handled, NotHandled
from wyoming.info import (
    AsrModel,
    AsrProgram,
    Attribution,
    Describe,
    HandleModel,
    HandleProgram,
    Info,
    TtsProgram,
    TtsVoice,
)
from wyoming.ping import Ping, Pong
from wyoming.pipeline import RunPipeline
from wyoming.server import AsyncEventHandler
from wyoming.tts import Synthesize

from voice.audio.network import AudioFormatIn, Converter, Outbox
from voice.endpoint import EndpointConfig, Endpointer, PreRoll
from voice.frontends.agent import TextService
from voice.frontends.serve.framing import FrameError, read_event, write_event
from voice.frontends.serve.programs import MAX_TRANSCRIBE_SECONDS, SpeechPrograms
from voice.frontends.serve.satellite import AudioSession, SpokenService
from voice.frontends.serve.wire import TranscriptIn, reply_data

log = logging.getLogger(__name__)

PRE_ROLL_SECONDS = 1.0
"""Audio kept from before speech is confirmed on a listening satellite."""
REARM_SECONDS = 2.0
"""After a dialed satellite's check ends, how long its audio is ignored before speech may
start a new one: the satellite is still playing the last words, which its microphone hears."""

ATTRIBUTION = Attribution(name="twitchcheck", url="https://github.com/twitchcheck/twitchcheck")


def describe(version: str, *, speech: bool = False) -> Info:
    """Only events and fields that exist in wyoming 1.7 (Home Assistant pins 1.7.2).
    `speech`: the asr and tts programs are served too."""
    model = HandleModel(name="twitchcheck", attribution=ATTRIBUTION, installed=True,
                        description="Questions about muscle twitching; says what to do",
                        version=version, languages=["en"])
    handle = [HandleProgram(name="twitchcheck", attribution=ATTRIBUTION, installed=True,
                            description="A doctor's questions about muscle twitching, "
                                        "and what to do. General information, not a diagnosis.",
                            version=version, models=[model])]
    if not speech:
        return Info(handle=handle)
    asr = [AsrProgram(name="twitchcheck-asr", attribution=ATTRIBUTION, installed=True, version=version,
                      description="Offline speech recognition (Vosk or PocketSphinx)",
                      models=[AsrModel(name="twitchcheck-asr", attribution=ATTRIBUTION, installed=True,
                                       description="English", version=version, languages=["en"])])]
    tts = [TtsProgram(name="twitchcheck-tts", attribution=ATTRIBUTION, installed=True, version=version,
                      description="Offline speech synthesis (espeak-ng through pyttsx3)",
                      voices=[TtsVoice(name="twitchcheck", attribution=ATTRIBUTION, installed=True,
                                       description="the voice of the spoken check", version=version,
                                       languages=["en"])])]
    return Info(handle=handle, asr=asr, tts=tts)


class Gate:
    """Counts open connections, so a flood is turned away instead of exhausting memory."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.open = 0

    def enter(self) -> bool:
        if self.open >= self.limit:
            return False
        self.open += 1
        return True

    def leave(self) -> None:
        self.open -= 1


@dataclass
class _Waking:
    """A dialed satellite's microphone while no check runs."""

    converter: Converter = field(default_factory=Converter)
    endpointer: Endpointer = field(default_factory=lambda: Endpointer(EndpointConfig(no_speech_seconds=None)))
    before: PreRoll = field(default_factory=lambda: PreRoll(PRE_ROLL_SECONDS))
    """The last moments before speech was confirmed: the first words' start."""
    said: bytearray | None = None
    """Since speech started (with what came just before), to its end."""


class TextHandler(AsyncEventHandler):
    """A connection: text turns (Home Assistant's conversation agent), a satellite's spoken
    check, or the asr / tts programs, by what it sends."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, *,
                 service: TextService, info: Info, gate: Gate, read_timeout: float,
                 spoken: SpokenService | None = None, programs: SpeechPrograms | None = None,
                 dialed: bool = False) -> None:
        super().__init__(reader, writer)
        self.service = service
        self.info = info
        self.gate = gate
        self.read_timeout = read_timeout
        self.spoken = spoken
        self.session: AudioSession | None = None
        self.outbox: Outbox | None = None
        self.format: AudioFormatIn | None = None
        self.programs = programs
        self.transcribing: bytearray | None = None
        """Audio for a `transcribe` request (the asr program), converted to 16 kHz mono."""
        self._converter = Converter()
        self._ending: asyncio.Future[None] | None = None
        self.dialed = dialed
        """twitchcheck connected out to this satellite: it streams its microphone all the time,
        so a check starts when someone speaks (and again after one ends), and the
        connection stays open between checks, with no read timeout."""
        self._waking: _Waking | None = None
        if dialed:
            self._arm()

    async def run(self) -> None:
        """The library's loop, with bounded reads and a reason given before hanging up."""
        if not self.dialed and not self.gate.enter():
            await self._send(Error(text=f"too many connections (at most {self.gate.limit}); "
                                        "try again shortly", code="busy").event())
            self.writer.close()
            return
        try:
            while True:
                try:
                    event = await asyncio.wait_for(read_event(self.reader),
                                                   None if self.dialed else self.read_timeout)
                except TimeoutError:
                    await self._send(Error(text=f"nothing received for {self.read_timeout:g} s; "
                                                "closing the connection", code="timeout").event())
                    break
                except FrameError as exc:
                    log.info("refused a malformed message: %s", exc.text)
                    await self._send(Error(text=exc.text, code=exc.code).event())
                    break
                if event is None or not await self.handle_event(event):
                    break
        except ConnectionError:
            pass  # the client went away; its conversation stays open for its next turn
        finally:
            if self.session is not None:
                self.session.hang_up()  # a satellite's check is its connection: it ends here
            if not self.dialed:
                self.gate.leave()
            self.writer.close()
            await self.disconnect()

    async def write_event(self, event: Event) -> None:
        await write_event(event, self.writer)

    async def _send(self, event: Event) -> None:
        try:
            await self.write_event(event)
        except ConnectionError:
            pass

    async def _write_open(self, event: Event) -> None:
        """A write that fails loudly once the client has gone (the outbox then stops)."""
        if self.writer.is_closing():
            raise ConnectionResetError("the connection is closed")
        await self.write_event(event)

    async def _reply(self, event: Event) -> None:
        """Once a spoken check runs, every event goes through its outbox, in order."""
        if self.outbox is not None:
            self.outbox.put(event)
        else:
            await self.write_event(event)

    async def handle_event(self, event: Event) -> bool:
        if self.dialed and self.session is None and (
                AudioChunk.is_type(event.type) or AudioStart.is_type(event.type)
                or RunPipeline.is_type(event.type) or AudioStop.is_type(event.type)):
            await self._await_speech(event)
        elif AudioChunk.is_type(event.type):
            await self._audio_chunk(event)
        elif AudioStart.is_type(event.type) or RunPipeline.is_type(event.type):
            await self._audio_start(event)
        elif AudioStop.is_type(event.type):
            if self.transcribing is not None:
                await self._transcribed()
            elif self.session is not None:
                self.session.end_utterance()
        elif Transcribe.is_type(event.type) and self.programs is not None and self.session is None:
            self.transcribing = bytearray()
            self._converter = Converter()
        elif Synthesize.is_type(event.type) and self.programs is not None:
            await self._synthesize(event)
        elif Describe.is_type(event.type):
            await self._reply(self.info.event())
        elif Ping.is_type(event.type):
            await self._reply(Pong(text=Ping.from_event(event).text).event())
        elif Transcript.is_type(event.type):
            await self._reply(await self._transcript(event))
        else:
            served = "describe, transcript, ping, audio-start / audio-chunk / audio-stop"
            if self.programs is not None:
                served += ", transcribe and synthesize"
            await self._reply(Error(text=f"unsupported event type '{event.type}': this service "
                                         f"answers {served}", code="unsupported").event())
        return True

    # ------------------------------------------------------------ satellite audio

    def _audio_format(self, event: Event) -> AudioFormatIn | str:
        try:
            return AudioFormatIn.model_validate(event.data)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(part) for part in first["loc"]) or "data"
            return f"{event.type}: '{where}': {first['msg'].removeprefix('Value error, ')}"

    async def _audio_start(self, event: Event) -> None:
        """`audio-start` (or a satellite's `run-pipeline`) begins a spoken check, once per connection."""
        if AudioStart.is_type(event.type):
            fmt = self._audio_format(event)
            if isinstance(fmt, str):
                await self._reply(Error(text=fmt, code="bad-audio").event())
                return
            self.format = fmt
        if self.transcribing is not None:
            return  # audio for the asr program, not a spoken check
        if self.session is not None:
            return  # the next utterance of the check already running
        await self._open_check()

    async def _open_check(self, opening: bytes = b"") -> bool:
        """A spoken check on this connection, if one may start now."""
        if self.spoken is None:
            await self._reply(Error(text="this server takes text only (started without spoken checks)",
                                    code="unsupported").event())
            return False
        if self.spoken.full:
            await self._reply(Error(text=self.spoken.busy_text(), code="busy").event())
            return False
        outbox = Outbox(self._write_open)

        def ended() -> None:
            self._ending = asyncio.ensure_future(self._spoken_ended(outbox))  # held: a task is weakly kept

        self.outbox, self.session = outbox, self.spoken.open(outbox, on_end=ended, opening=opening)
        return True

    async def _await_speech(self, event: Event) -> None:
        """A dialed satellite between checks: its microphone is listened to (the same voice
        activity detection as the check's endpointing) until someone speaks. What they say is
        kept to its end, then the check starts and reads it for red flags before its greeting:
        "help, he can't breathe" to a speaker that was only listening must not be lost."""
        if AudioStart.is_type(event.type):
            started = self._audio_format(event)
            if not isinstance(started, str):
                self.format = started
        if not AudioChunk.is_type(event.type) or self._waking is None:
            return
        fmt: AudioFormatIn | str | None = (self._audio_format(event) if {"rate", "width", "channels"}
                                           <= event.data.keys() else self.format)
        if fmt is None or isinstance(fmt, str):
            return  # nothing to judge it by; what a satellite's microphone sends always carries it
        waking = self._waking
        pcm = waking.converter.convert(event.payload or b"", fmt)
        heard = waking.endpointer.feed(pcm)
        if waking.said is None:
            waking.before.append(pcm)
            if any(e.kind == "speech_start" for e in heard):
                log.info("speech on the satellite: a check starts when it ends")
                waking.said = bytearray(waking.before.take())
            return
        waking.said += pcm
        if any(e.kind in ("speech_end", "max_length") for e in heard):
            self._waking = None
            if not await self._open_check(bytes(waking.said)):
                self._arm()

    def _arm(self) -> None:
        self._waking = _Waking()

    async def _audio_chunk(self, event: Event) -> None:
        if self.session is None and self.transcribing is None:
            await self._reply(Error(text="audio-chunk before audio-start: send audio-start (rate, width, "
                                         "channels) to begin a spoken check", code="no-audio-start").event())
            return
        fmt: AudioFormatIn | str | None = self.format
        if {"rate", "width", "channels"} <= event.data.keys():
            fmt = self._audio_format(event)
        if fmt is None:
            fmt = "audio-chunk: no format: give rate, width and channels in audio-start or in each chunk"
        if isinstance(fmt, str):
            await self._reply(Error(text=fmt, code="bad-audio").event())
            return
        if self.transcribing is not None:
            self.transcribing += self._converter.convert(event.payload or b"", fmt)
            if len(self.transcribing) > MAX_TRANSCRIBE_SECONDS * 16000 * 2:
                self.transcribing = None
                await self._reply(Error(text=f"more than {MAX_TRANSCRIBE_SECONDS:g} s of audio for one "
                                             "transcription: refused; send one utterance at a time",
                                        code="too-large").event())
            return
        assert self.session is not None
        self.session.audio(event.payload or b"", fmt)

    async def _transcribed(self) -> None:
        assert self.programs is not None and self.transcribing is not None
        audio, self.transcribing = bytes(self.transcribing) + self._converter.flush(), None
        await self._reply(Transcript(text=await self.programs.transcribe(audio)).event())

    async def _synthesize(self, event: Event) -> None:
        assert self.programs is not None
        text = event.data.get("text")
        if not isinstance(text, str) or not text.strip():
            await self._reply(Error(text="synthesize needs 'text' (a non-empty string)",
                                    code="bad-synthesize").event())
            return
        for reply in await self.programs.synthesize(text):
            await self._reply(reply)

    async def _spoken_ended(self, outbox: Outbox) -> None:
        """The check is over (its outcome said, or it failed): the connection closes once all is
        sent; a dialed satellite's stays, and its next speech starts a new check."""
        await outbox.flushed()
        if not self.dialed:
            self.writer.close()
            return
        await asyncio.sleep(REARM_SECONDS)
        if self.outbox is outbox:
            self.outbox, self.session = None, None
            self._arm()

    async def _transcript(self, event: Event) -> Event:
        try:
            transcript = TranscriptIn.model_validate(event.data)
        except ValidationError as exc:
            return Error(text=f"a transcript needs 'text' (a string) and an optional 'context' object: "
                              f"{exc.errors()[0]['msg']}", code="bad-transcript").event()
        given = (transcript.context or {}).get("conversation_id")
        if given is not None and not isinstance(given, str):
            return Error(text="'conversation_id' must be a string", code="bad-transcript").event()
        try:
            reply = await self.service.turn(transcript.text, transcript.conversation_id)
        except Exception:  # a fault of ours: say so, and where to turn, rather than go silent
            log.exception("a turn failed")
            return NotHandled(**reply_data(
                "Sorry, twitchcheck failed to handle that. If you think you may have a "
                f"medical emergency, call {self.service.emergency_number} now.",
                {"conversation_id": transcript.conversation_id, "continue_conversation": False,
                 "events": []})).event()
        data = reply_data(reply.text, reply.context.model_dump(mode="json"))
        if reply.handled:
            return Handled(**data).event()
        return NotHandled(**data).event()
