"""`twitchcheck serve --satellite tcp://HOST:PORT`: connecting out to a wyoming-satellite.

A wyoming-satellite is itself a server: it waits for a pipeline host (Home Assistant,
or twitchcheck here) to connect and send `run-satellite`; it then streams its
microphone (`run-pipeline`, then `audio-chunk`s) and plays the audio it is sent. Once
connected, the connection is served by the same `TextHandler` as one that came in
(voice/frontends/serve/handler.py), marked `dialed`: only who opened it differs.

An unreachable satellite, or one that drops, is said on stderr and dialed again after a
pause that doubles up to `RETRY_MOST_SECONDS`; the service's own `--uri` is served all
the while.
"""

from __future__ import annotations

import asyncio
import sys
import time
from collections.abc import Callable
from urllib.parse import urlparse

from wyoming.satellite import RunSatellite

from voice.frontends.serve.handler import TextHandler

RETRY_FIRST_SECONDS = 1.0
RETRY_MOST_SECONDS = 30.0
HELD_SECONDS = 10.0
"""A connection that lasted this long worked: after it drops, the back-off starts again.
One that closes sooner (a satellite that already has a pipeline host) keeps backing off."""
CONNECT_TIMEOUT_SECONDS = 10.0

MakeHandler = Callable[[asyncio.StreamReader, asyncio.StreamWriter], TextHandler]


def satellite_uri_problem(uri: str) -> str | None:
    """Why `uri` cannot be dialed, or None."""
    target = urlparse(uri)
    if target.scheme == "tcp" and target.hostname and target.port:
        return None
    if target.scheme == "unix" and target.path:
        return None
    return f"--satellite {uri!r}: use tcp://HOST:PORT (or unix://PATH), where wyoming-satellite's --uri listens"


def say(text: str) -> None:
    print(f"twitchcheck: {text}", file=sys.stderr, flush=True)


class SatelliteDialer:
    """Keeps one satellite connected for as long as the service runs."""

    def __init__(self, uri: str, make_handler: MakeHandler, *, first: float = RETRY_FIRST_SECONDS,
                 most: float = RETRY_MOST_SECONDS, report: Callable[[str], None] = say) -> None:
        self.uri = uri
        self.make_handler = make_handler
        self.first = first
        self.most = most
        self.report = report
        self.connections = 0

    async def _open(self) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        target = urlparse(self.uri)
        if target.scheme == "unix":
            opening = asyncio.open_unix_connection(target.path)
        else:
            opening = asyncio.open_connection(target.hostname, target.port)
        return await asyncio.wait_for(opening, CONNECT_TIMEOUT_SECONDS)

    async def run(self) -> None:
        delay = self.first
        while True:
            try:
                reader, writer = await self._open()
            except (OSError, TimeoutError) as exc:
                reason = "no answer" if isinstance(exc, TimeoutError) else (exc.strerror or str(exc))
                self.report(f"cannot reach the satellite at {self.uri}: {reason}; "
                            f"trying again in {delay:g} s")
                await asyncio.sleep(delay)
                delay = min(delay * 2, self.most)
                continue
            self.connections += 1
            self.report(f"connected to the satellite at {self.uri}")
            began = time.monotonic()
            handler = self.make_handler(reader, writer)
            try:
                await handler.write_event(RunSatellite().event())
                await handler.run()
            except ConnectionError:
                pass
            finally:
                writer.close()
            if time.monotonic() - began >= HELD_SECONDS:
                delay = self.first
            self.report(f"the satellite at {self.uri} closed the connection (if another pipeline host, "
                        f"such as Home Assistant, is connected to it, it takes only one); "
                        f"connecting again in {delay:g} s")
            await asyncio.sleep(delay)
            delay = min(delay * 2, self.most)
