"""Reading Wyoming events from a socket with every length bounded.

The library's own reader trusts the declared lengths (a header may ask it to
read a gigabyte) and turns every malformed message into a silent hang-up; this
one says what was wrong, so the client can be told before the connection ends."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from wyoming import __version__ as wyoming_version
from wyoming.event import Event

from voice.eventjson import json_line

MAX_HEADER_BYTES = 64 * 1024
"""asyncio's default stream limit: the header line is small (type and lengths)."""
MAX_DATA_BYTES = 4 * 1024 * 1024
"""A transcript well past the longest accepted answer must still be read whole, so
its red flags can be checked before it is refused."""
MAX_PAYLOAD_BYTES = 1024 * 1024
"""The text service takes no binary payload; a small one is read and ignored."""


class FrameError(Exception):
    """The message could not be read; `code` names the problem for the client."""

    def __init__(self, code: str, text: str) -> None:
        super().__init__(text)
        self.code = code
        self.text = text


def _length(header: dict[str, Any], key: str, most: int) -> int:
    value = header.get(key)
    if value is None:
        return 0
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise FrameError("bad-length", f"'{key}' must be a whole number of bytes, not {value!r}")
    if value > most:
        raise FrameError("too-large", f"'{key}' is {value} bytes; at most {most} are accepted")
    return value


def _object(raw: bytes, what: str) -> dict[str, Any]:
    try:
        value = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FrameError("malformed", f"the {what} is not valid JSON: {exc}") from None
    if not isinstance(value, dict):
        raise FrameError("malformed", f"the {what} must be a JSON object, not {type(value).__name__}")
    return value


async def read_event(reader: asyncio.StreamReader) -> Event | None:
    """The next event, or None at the end of the stream; FrameError when it is malformed."""
    try:
        line = await reader.readuntil(b"\n")
    except asyncio.IncompleteReadError as exc:
        if not exc.partial.strip():
            return None
        raise FrameError("malformed", "the connection ended in the middle of a header line") from None
    except asyncio.LimitOverrunError:
        raise FrameError("too-large", f"the header line is longer than {MAX_HEADER_BYTES} bytes") from None
    header = _object(line, "header line")
    kind = header.get("type")
    if not isinstance(kind, str) or not kind:
        raise FrameError("malformed", "the header has no 'type'")
    data = header.get("data") or {}
    if not isinstance(data, dict):
        raise FrameError("malformed", "'data' must be a JSON object")
    data_length = _length(header, "data_length", MAX_DATA_BYTES)
    payload_length = _length(header, "payload_length", MAX_PAYLOAD_BYTES)
    try:
        if data_length:
            data = {**data, **_object(await reader.readexactly(data_length), "data")}
        payload = await reader.readexactly(payload_length) if payload_length else None
    except asyncio.IncompleteReadError:
        raise FrameError("malformed", "the connection ended before the declared data arrived") from None
    return Event(type=kind, data=data, payload=payload)


async def write_event(event: Event, writer: asyncio.StreamWriter) -> None:
    """The library's framing (header line, then data, then payload), in compact JSON with
    `type` first, as every event twitchcheck writes."""
    header: dict[str, Any] = {"type": event.type, "version": wyoming_version}
    data = json_line(event.data).encode("utf-8") if event.data else b""
    if data:
        header["data_length"] = len(data)
    if event.payload:
        header["payload_length"] = len(event.payload)
    writer.writelines((json_line(header).encode("utf-8"), b"\n"))
    if data:
        writer.write(data)
    if event.payload:
        writer.write(event.payload)
    await writer.drain()
