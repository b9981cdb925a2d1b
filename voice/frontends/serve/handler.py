"""One Wyoming connection: describe, transcript, ping; anything else gets a clear error."""

from __future__ import annotations

import asyncio
import logging

from pydantic import ValidationError
from wyoming.asr import Transcript
from wyoming.error import Error
from wyoming.event import Event
from wyoming.handle import Handled, NotHandled
from wyoming.info import Attribution, Describe, HandleModel, HandleProgram, Info
from wyoming.ping import Ping, Pong
from wyoming.server import AsyncEventHandler

from models.serve import TranscriptIn
from voice.frontends.serve.framing import FrameError, read_event
from voice.frontends.serve.turns import TextService

log = logging.getLogger(__name__)

ATTRIBUTION = Attribution(name="twitchcheck", url="https://github.com/twitchcheck/twitchcheck")


def describe(version: str) -> Info:
    """Only events and fields that exist in wyoming 1.7 (Home Assistant pins 1.7.2)."""
    model = HandleModel(name="twitchcheck", attribution=ATTRIBUTION, installed=True,
                        description="Questions about muscle twitching; says what to do",
                        version=version, languages=["en"])
    return Info(handle=[HandleProgram(name="twitchcheck", attribution=ATTRIBUTION, installed=True,
                                      description="A doctor's questions about muscle twitching, "
                                                  "and what to do. General information, not a diagnosis.",
                                      version=version, models=[model])])


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


class TextHandler(AsyncEventHandler):
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, *,
                 service: TextService, info: Info, gate: Gate, read_timeout: float) -> None:
        super().__init__(reader, writer)
        self.service = service
        self.info = info
        self.gate = gate
        self.read_timeout = read_timeout

    async def run(self) -> None:
        """The library's loop, with bounded reads and a reason given before hanging up."""
        if not self.gate.enter():
            await self._send(Error(text=f"too many connections (at most {self.gate.limit}); "
                                        "try again shortly", code="busy").event())
            self.writer.close()
            return
        try:
            while True:
                try:
                    event = await asyncio.wait_for(read_event(self.reader), self.read_timeout)
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
            self.gate.leave()
            self.writer.close()
            await self.disconnect()

    async def _send(self, event: Event) -> None:
        try:
            await self.write_event(event)
        except ConnectionError:
            pass

    async def handle_event(self, event: Event) -> bool:
        if Describe.is_type(event.type):
            await self.write_event(self.info.event())
        elif Ping.is_type(event.type):
            await self.write_event(Pong(text=Ping.from_event(event).text).event())
        elif Transcript.is_type(event.type):
            await self.write_event(await self._transcript(event))
        else:
            await self.write_event(Error(text=f"unsupported event type '{event.type}': this service "
                                              "answers describe, transcript and ping",
                                         code="unsupported").event())
        return True

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
            return NotHandled(text="Sorry, twitchcheck failed to handle that. If you think you may have a "
                                   f"medical emergency, call {self.service.emergency_number} now.",
                              context={"conversation_id": transcript.conversation_id,
                                       "continue_conversation": False, "events": []}).event()
        context = reply.context.model_dump(mode="json")
        if reply.handled:
            return Handled(text=reply.text, context=context).event()
        return NotHandled(text=reply.text, context=context).event()
