"""`twitchcheck serve --satellite`: the real serve process connecting OUT to a satellite.

The satellite here is a stand-in written with the wyoming library's own server, so the
test can drop the connection when it likes; it behaves as wyoming-satellite 1.0.0 does
(on `run-satellite` it sends `run-pipeline`, then its microphone as `audio-chunk`s that
carry their format). The real program is in tests/test_serve_real_satellite.py."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from wyoming.asr import Transcript
from wyoming.audio import AudioChunk
from wyoming.client import AsyncTcpClient
from wyoming.event import Event
from wyoming.pipeline import PipelineStage, RunPipeline
from wyoming.server import AsyncEventHandler, AsyncServer

from tests.cli import command
from tests.e2efixtures import FAST
from tests.satellitefixtures import CHUNK_SECONDS, read_pcm
from tests.servefixtures import free_port, run
from tests.voicefixtures import say  # noqa: F401  (pytest fixture)

pytestmark = pytest.mark.slow


class StandInSatellite(AsyncEventHandler):
    """One connection from twitchcheck: everything it sends is kept; `speak` streams a WAV
    as the microphone; `drop` hangs up."""

    def __init__(self, connections: list[StandInSatellite], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.received: list[Event] = []
        self.last_at = time.monotonic()
        connections.append(self)

    async def handle_event(self, event: Event) -> bool:
        self.received.append(event)
        self.last_at = time.monotonic()
        if event.type == "run-satellite":
            await self.write_event(RunPipeline(start_stage=PipelineStage.WAKE,
                                               end_stage=PipelineStage.TTS).event())
        return True

    def skill_events(self) -> list[dict[str, Any]]:
        return [e for event in self.received if event.type == "handled"
                for e in event.data["context"]["events"]]

    async def speak(self, path: Path, silence_after: float = 1.0) -> None:
        pcm, rate, _ = read_pcm(path)
        await self.stream(pcm + bytes(int(silence_after * rate) * 2), rate)

    async def stream(self, pcm: bytes, rate: int) -> None:
        step = int(CHUNK_SECONDS * rate) * 2
        for i in range(0, len(pcm), step):
            await self.write_event(AudioChunk(rate=rate, width=2, channels=1, audio=pcm[i:i + step]).event())
            await asyncio.sleep(CHUNK_SECONDS)

    async def drop(self) -> None:
        self.writer.close()


async def until(test: Callable[[], bool], what: str | Callable[[], str], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not test():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what if isinstance(what, str) else what()}")
        await asyncio.sleep(0.1)


def test_serve_dials_a_stand_in_satellite_until_it_is_up_starts_a_check_on_speech_and_a_clean_one_after_a_drop(
        say: Callable[[str], Path], tmp_path: Path) -> None:
    opening = say("check my twitching")
    satellite_port, serve_port = free_port(), free_port()
    log = tmp_path / "serve.log"

    async def go() -> tuple[list[StandInSatellite], int, float]:
        connections: list[StandInSatellite] = []
        with log.open("wb") as err:
            proc = subprocess.Popen(command() + ["serve", "--uri", f"tcp://127.0.0.1:{serve_port}",
                                                 "--asr", "pocketsphinx", *FAST,
                                                 "--satellite", f"tcp://127.0.0.1:{satellite_port}"],
                                    stdout=subprocess.DEVNULL, stderr=err, env=dict(os.environ))
        try:
            # Not up yet: said on stderr, and tried again.
            await until(lambda: log.read_text().count("cannot reach the satellite") >= 2, "two failed tries")
            server = AsyncServer.from_uri(f"tcp://127.0.0.1:{satellite_port}")
            await server.start(partial(StandInSatellite, connections))
            await until(lambda: bool(connections) and bool(connections[0].received), "a connection")
            first = connections[0]
            assert first.received[0].type == "run-satellite"
            # Its microphone streams silence: no check starts until someone speaks.
            await first.stream(bytes(int(2.0 * 16000) * 2), 16000)
            assert not first.skill_events()
            await first.speak(opening)
            await until(lambda: any(e["type"] == "listening" for e in first.skill_events()), "the first question")
            assert any(e.type == "audio-chunk" for e in first.received)  # spoken to the satellite
            # The --uri is served meanwhile.
            async with AsyncTcpClient("127.0.0.1", serve_port) as client:
                await client.write_event(Transcript(text="check my twitching").event())
                reply = await asyncio.wait_for(client.read_event(), 30)
                assert reply is not None and reply.type == "handled"
            # The satellite drops mid-check: twitchcheck says so and connects again.
            await first.drop()
            await until(lambda: len(connections) >= 2 and bool(connections[1].received), "a new connection", 30)
            second = connections[1]
            await second.speak(opening)
            await until(lambda: any(e["type"] == "listening" for e in second.skill_events()),
                        "the first question again")
            # A check that ends leaves the connection open; the next speech starts another.
            await second.speak(say("i want to stop"))
            await until(lambda: any(e["type"] == "end" for e in second.skill_events()), lambda: f"the end of the check: {second.skill_events()}")
            # The person waits until it has finished speaking (the last words come after `end`).
            await until(lambda: time.monotonic() - second.last_at > 3.0, "silence from twitchcheck")
            assert not second.writer.is_closing()
            await second.speak(opening)
            await until(lambda: sum(e["type"] == "listening" for e in second.skill_events()) >= 2,
                        "a new check on the same connection")
            # Ctrl-C's twin, SIGTERM, stops the service.
            proc.send_signal(signal.SIGTERM)
            stopped = time.monotonic()
            code = await asyncio.to_thread(proc.wait, 15)
            await server.stop()
            return connections, code, time.monotonic() - stopped
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait(10)

    connections, code, took = run(go(), timeout=180)
    stderr = log.read_text()
    second = connections[1].skill_events()
    # A clean check on the new connection: greeted and asked from the start; then, after
    # "stop", another one on the same connection.
    greetings = [i for i, e in enumerate(second) if e.get("kind") == "greeting"]
    assert len(greetings) == 2 and greetings[0] == 0, second
    assert [e.get("slot") for e in second if e["type"] == "ask"] == ["screening", "screening"], second
    assert "the satellite at tcp://127.0.0.1" in stderr and "closed the connection" in stderr, stderr
    assert stderr.count("connected to the satellite") == 2, stderr
    assert code == 143 and took < 10, (code, took)


def test_a_red_flag_in_the_words_that_start_a_dialed_check_is_acted_on_at_once(
        say: Callable[[str], Path]) -> None:
    # Nobody asked anything yet: the speaker was only listening. The words that start the
    # check are still read for red flags, before the greeting and its first question.
    first_words = say("help i have trouble breathing")
    satellite_port, serve_port = free_port(), free_port()

    async def go() -> list[dict[str, Any]]:
        connections: list[StandInSatellite] = []
        server = AsyncServer.from_uri(f"tcp://127.0.0.1:{satellite_port}")
        await server.start(partial(StandInSatellite, connections))
        proc = subprocess.Popen(command() + ["serve", "--uri", f"tcp://127.0.0.1:{serve_port}",
                                             "--asr", "pocketsphinx", *FAST,
                                             "--satellite", f"tcp://127.0.0.1:{satellite_port}"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=dict(os.environ))
        try:
            await until(lambda: bool(connections) and bool(connections[0].received), "a connection", 60)
            satellite = connections[0]
            await satellite.speak(first_words)
            await until(lambda: any(e["type"] == "emergency" for e in satellite.skill_events()),
                        lambda: f"the emergency: {satellite.skill_events()}", 60)
            return satellite.skill_events()
        finally:
            proc.terminate()
            await asyncio.to_thread(proc.wait, 15)
            await server.stop()

    events = run(go(), timeout=120)
    emergency = next(e for e in events if e["type"] == "emergency")
    assert "breathing" in emergency["red_flags"], emergency
    assert not any(e["type"] == "listening" for e in events[:events.index(emergency)]), events
