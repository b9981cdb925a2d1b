"""Bad input to `twitchcheck serve` over a real socket: each gets a clear `error` or
`not-handled` (or a closed connection), and no other conversation notices."""

from __future__ import annotations

import asyncio
import json

from wyoming.asr import Transcript
from wyoming.client import AsyncTcpClient
from wyoming.event import Event, async_read_event
from wyoming.info import Describe

from dialog.text import MAX_CHARS
from tests.servefixtures import INVOCATION, run, say, served

MEGABYTE_OF_TWITCHING = ("my leg twitches a bit when i sit still and drink coffee. " * 18_000)[:1_000_000]


async def raw(host: str, port: int, data: bytes, *, replies: int = 1) -> tuple[list[Event], bool]:
    """Send raw bytes; read up to `replies` events; also whether the service then hung up."""
    reader, writer = await asyncio.open_connection(host, port)
    writer.write(data)
    await writer.drain()
    events: list[Event] = []
    for _ in range(replies):
        event = await async_read_event(reader)
        if event is None:
            break
        events.append(event)
    closed = await asyncio.wait_for(reader.read(1), 10) == b""
    writer.close()
    return events, closed


def header(**fields: object) -> bytes:
    return json.dumps(fields).encode() + b"\n"


def test_a_malformed_header_gets_an_error_and_the_other_conversation_goes_on() -> None:
    async def go():
        async with served() as s:
            await say(s.host, s.port, INVOCATION, "other")
            bad = await raw(s.host, s.port, b"this is not json\n")
            after = await say(s.host, s.port, "no", "other")
            return bad, after

    (events, closed), after = run(go())
    assert [e.type for e in events] == ["error"] and events[0].data["code"] == "malformed"
    assert "not valid JSON" in events[0].data["text"]
    assert closed
    assert after.type == "handled" and after.data["context"]["events"][-1]["slot"] == "duration"


def test_headers_that_are_not_objects_lack_a_type_or_declare_bad_lengths_are_refused() -> None:
    cases = {b"[1, 2]\n": "malformed", header(data={"text": "hi"}): "malformed",
             header(type="transcript", data_length=-5): "bad-length",
             header(type="transcript", data_length="ten"): "bad-length",
             header(type="transcript", data_length=10**9): "too-large",
             header(type="transcript", payload_length=10**9): "too-large",
             b"{" + b" " * 70_000 + b"\n": "too-large"}

    async def go():
        async with served() as s:
            return [await raw(s.host, s.port, data) for data in cases]

    for (data, code), (events, closed) in zip(cases.items(), run(go())):
        assert [e.data.get("code") for e in events] == [code], data[:60]
        assert closed


def test_more_bytes_than_declared_are_read_as_the_next_header_and_refused() -> None:
    body = json.dumps({"text": INVOCATION, "context": {"conversation_id": "x"}}).encode()
    data = header(type="transcript", data_length=len(body), payload_length=4) + body + b"1234" + b"EXTRA BYTES\n"

    async def go():
        async with served() as s:
            return await raw(s.host, s.port, data, replies=2)

    events, closed = run(go())
    assert [e.type for e in events] == ["handled", "error"]
    assert events[1].data["code"] == "malformed" and closed


def test_a_connection_that_ends_mid_message_loses_nothing_else() -> None:
    async def go():
        async with served() as s:
            await say(s.host, s.port, INVOCATION, "keep")
            reader, writer = await asyncio.open_connection(s.host, s.port)
            writer.write(header(type="transcript", data_length=500) + b'{"text": "i can')
            writer.write_eof()  # gone in the middle of the data
            told = await async_read_event(reader)
            ended = await asyncio.wait_for(reader.read(1), 10) == b""
            writer.close()
            for _ in range(100):  # the service's side of both connections winds down
                if s.gate.open == 0:
                    break
                await asyncio.sleep(0.05)
            handlers_left = s.gate.open
            return told, ended, handlers_left, await say(s.host, s.port, "no", "keep")

    told, ended, handlers_left, after = run(go())
    assert told is not None and told.data["code"] == "malformed" and "declared data" in told.data["text"]
    assert ended and handlers_left == 0
    assert after.type == "handled" and after.data["context"]["continue_conversation"] is True


def test_a_red_flag_past_what_the_dialogue_reads_of_one_utterance_is_still_heard() -> None:
    text = "my leg twitches a bit when i sit still. " * (MAX_CHARS // 30) + "and i can't breathe"

    async def go():
        async with served() as s:
            await say(s.host, s.port, INVOCATION, "past")
            await say(s.host, s.port, "no", "past")  # past the screening question: only the red flag counts
            return await say(s.host, s.port, text, "past")

    reply = run(go())
    assert len(text) > MAX_CHARS
    assert reply.type == "handled"
    assert [e["red_flags"] for e in reply.data["context"]["events"] if e["type"] == "emergency"] == [["breathing"]]


def test_unknown_event_types_get_an_error_and_the_connection_stays_usable() -> None:
    async def go():
        async with served() as s, AsyncTcpClient(s.host, s.port) as client:
            await client.write_event(Event(type="run-satellite"))
            unknown = await client.read_event()
            await client.write_event(Event(type="transcript", data={"txt": "wrong field"}))
            no_text = await client.read_event()
            await client.write_event(Transcript("hi", context={"conversation_id": 7}).event())
            bad_id = await client.read_event()
            await client.write_event(Describe().event())
            info = await client.read_event()
            return unknown, no_text, bad_id, info

    unknown, no_text, bad_id, info = run(go())
    assert unknown.type == "error" and unknown.data["code"] == "unsupported"
    assert "run-satellite" in unknown.data["text"]
    assert no_text.type == "error" and no_text.data["code"] == "bad-transcript"
    assert bad_id.type == "error" and "conversation_id" in bad_id.data["text"]
    assert info.type == "info"


def test_a_megabyte_transcript_is_refused_and_the_question_stays_open() -> None:
    async def go():
        async with served() as s:
            await say(s.host, s.port, INVOCATION, "long")
            await say(s.host, s.port, "no", "long")
            long = await say(s.host, s.port, MEGABYTE_OF_TWITCHING, "long")
            next_answer = await say(s.host, s.port, "two weeks", "long")
            return long, next_answer

    long, next_answer = run(go())
    assert long.type == "not-handled"
    assert "too long" in long.data["text"] and "fewer words" in long.data["text"]
    assert not any(c.isdigit() for c in long.data["text"])  # said to a person, not a count
    assert long.data["context"]["continue_conversation"] is True
    assert next_answer.data["context"]["events"][0] == {"type": "confirm", "slot": "duration",
                                                         "text": "Two weeks, got it."}


def test_a_red_flag_anywhere_in_a_megabyte_transcript_still_gets_the_emergency_message() -> None:
    at_end = MEGABYTE_OF_TWITCHING + " and now i can't breathe"
    middle = len(MEGABYTE_OF_TWITCHING) // 2
    # Said across the end of the first piece the text is read in.
    across = MEGABYTE_OF_TWITCHING[:MAX_CHARS - 8] + " i had a seizure " + MEGABYTE_OF_TWITCHING[MAX_CHARS - 8:]
    in_middle = MEGABYTE_OF_TWITCHING[:middle] + " i can't swallow " + MEGABYTE_OF_TWITCHING[middle:]

    async def go():
        async with served() as s:
            await say(s.host, s.port, INVOCATION, "a")
            replies = [await say(s.host, s.port, at_end, "a"),
                       await say(s.host, s.port, across, "b"),
                       await say(s.host, s.port, in_middle, None)]
            return replies

    for reply, flag in zip(run(go(), timeout=240), ("breathing", "seizure", "swallowing")):
        assert reply.type == "handled"
        emergencies = [e for e in reply.data["context"]["events"] if e["type"] == "emergency"]
        assert emergencies and flag in emergencies[0]["red_flags"]
        assert reply.data["context"]["continue_conversation"] is False


def test_a_flood_of_connections_is_turned_away_and_a_conversation_still_gets_through() -> None:
    async def go():
        async with served(max_connections=5) as s:
            held = [await asyncio.open_connection(s.host, s.port) for _ in range(5)]
            await asyncio.sleep(0.1)
            turned_away = [await raw(s.host, s.port, b"") for _ in range(20)]
            for _, writer in held:
                writer.close()
            await asyncio.sleep(0.2)
            return turned_away, await say(s.host, s.port, INVOCATION, "through")

    turned_away, through = run(go())
    for events, closed in turned_away:
        assert [e.data["code"] for e in events] == ["busy"] and closed
    assert through.type == "handled"


def test_a_silent_connection_is_closed_after_the_read_timeout() -> None:
    async def go():
        async with served(read_timeout=0.3) as s:
            return await raw(s.host, s.port, b"")

    events, closed = run(go())
    assert [e.data["code"] for e in events] == ["timeout"] and closed


def test_a_fault_inside_a_turn_still_answers_with_the_emergency_number_fake_fault() -> None:
    """The fault is injected (no real input is known to make the skill fail)."""

    async def go():
        async with served() as s:
            async def broken(text: str, conversation_id: str | None):
                raise RuntimeError("injected")
            s.service.turn = broken  # type: ignore[method-assign]
            return await say(s.host, s.port, INVOCATION, "faulty")

    reply = run(go())
    assert reply.type == "not-handled" and "call nine one one now" in reply.data["text"]
    assert "call 911 now" in reply.data["context"]["display_text"]
    assert reply.data["context"]["continue_conversation"] is False
