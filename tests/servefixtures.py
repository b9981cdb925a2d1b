"""A real `twitchcheck serve` service on a free loopback port, and a client that plays
Home Assistant's part: a new connection for every turn, `Transcript(text,
context={"conversation_id": ...})`, reading `handled` / `not-handled` back."""

from __future__ import annotations

import asyncio
import socket
import subprocess
from collections.abc import AsyncIterator, Coroutine
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from functools import partial
from typing import Any, TypeVar

from wyoming.asr import Transcript
from wyoming.client import AsyncTcpClient
from wyoming.event import Event
from wyoming.server import AsyncServer

from tests.harness import TODAY
from voice.frontends.agent import TextService
from voice.frontends.serve.command import package_version
from voice.frontends.serve.handler import Gate, TextHandler, describe

T = TypeVar("T")
INVOCATION = "check my twitching"
TIMEOUT = 120.0


def run(coro: Coroutine[Any, Any, T], timeout: float = TIMEOUT) -> T:
    """Every test's asyncio work, bounded in time."""
    return asyncio.run(asyncio.wait_for(coro, timeout))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Clock:
    """The monotonic time handed to the service (it reads no clock itself)."""

    now: float = 1000.0

    def __call__(self) -> float:
        return self.now


@dataclass
class Served:
    host: str
    port: int
    clock: Clock
    service: TextService
    gate: Gate


@asynccontextmanager
async def served(*, max_conversations: int = 1000, idle_timeout: float = 600.0, max_connections: int = 256,
                 read_timeout: float = 30.0, uri: str | None = None) -> AsyncIterator[Served]:
    port = free_port()
    clock = Clock()
    service = TextService(max_conversations=max_conversations, idle_timeout=idle_timeout, clock=clock,
                          today=lambda: TODAY)
    gate = Gate(max_connections)
    server = AsyncServer.from_uri(uri or f"tcp://127.0.0.1:{port}")
    await server.start(partial(TextHandler, service=service, info=describe(package_version()), gate=gate,
                               read_timeout=read_timeout))
    try:
        yield Served("127.0.0.1", port, clock, service, gate)
    finally:
        await server.stop()


async def say(host: str, port: int, text: str, conversation_id: str | None) -> Event:
    """One turn as Home Assistant sends it: its own connection, one transcript, one reply."""
    context = None if conversation_id is None else {"conversation_id": conversation_id}
    async with AsyncTcpClient(host, port) as client:
        await client.write_event(Transcript(text, context=context).event())
        reply = await client.read_event()
    assert reply is not None, "the service closed the connection without a reply"
    return reply


@dataclass
class Check:
    """A whole check driven over the network, as `tests.harness.converse` drives a Skill."""

    replies: list[Event] = field(default_factory=list)

    @property
    def events(self) -> list[dict[str, Any]]:
        return [e for reply in self.replies for e in reply.data["context"]["events"]]

    @property
    def level(self) -> str:
        outcomes = [e for e in self.events if e["type"] == "outcome"]
        assert outcomes, f"no outcome: {self.events[-3:]}"
        return outcomes[-1]["level"]


async def whole_check(host: str, port: int, conversation_id: str, answers: dict[str, str], *,
                      default: str = "no", pause: float = 0.0, max_turns: int = 60) -> Check:
    check = Check()
    asked: dict[str, int] = {}
    text = INVOCATION
    for _ in range(max_turns):
        reply = await say(host, port, text, conversation_id)
        check.replies.append(reply)
        assert reply.type == "handled", reply
        context = reply.data["context"]
        assert context["conversation_id"] == conversation_id
        if not context["continue_conversation"]:
            return check
        asks = [e for e in context["events"] if e["type"] == "ask"]
        assert asks, f"a question is open but none was asked: {context['events']}"
        slot = asks[-1]["slot"]
        asked[slot] = asked.get(slot, 0) + 1
        text = answers.get(slot, default) if asked[slot] == 1 else "i dont know"
        if pause:
            await asyncio.sleep(pause)
    raise AssertionError("the check did not end")


def stop(proc: subprocess.Popen[Any]) -> None:
    """End a server or client process: politely, then for sure."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
