"""Events are compact JSON with `type` first wherever they are written (issue 15, item 13):
`--jsonl`, the `--transcript` file, and `serve`'s replies. Each line is parsed (keeping its
key order) and compared with the compact form of what it holds."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

from wyoming.asr import Transcript

from tests.cli import run
from tests.servefixtures import run as run_async
from tests.servefixtures import served

ANSWERS = "no\ntwo days\nmy eyelid\nno\ncomes and goes\nmild\nno\nno\nno\nno\ncoffee\n"


def ordered(text: str | bytes) -> Any:
    """The JSON value; its objects keep their keys in the order they were written (dicts
    keep insertion order, and the parser inserts in reading order)."""
    return json.loads(text)


def compact(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def keys(value: dict[str, Any]) -> list[str]:
    return list(value)


def assert_compact_type_first(line: str) -> None:
    pairs = ordered(line)
    assert keys(pairs)[0] == "type", line[:120]
    assert line == compact(pairs), f"not compact: {line[:120]}"


def test_every_jsonl_line_is_compact_with_type_first_the_outcome_too() -> None:
    result = run(["--text", "--jsonl"], stdin='{"text": 5}\n' + ANSWERS)
    lines = result.stdout.decode().splitlines()
    kinds = [ordered(line)["type"] for line in lines]
    assert "outcome" in kinds and "error" in kinds
    for line in lines:
        assert_compact_type_first(line)


def test_transcript_records_are_compact_and_each_event_has_type_first(tmp_path: Path) -> None:
    transcript = tmp_path / "log.jsonl"
    result = run(["--text", "--transcript", str(transcript)], stdin=ANSWERS)
    assert result.returncode == 0
    lines = transcript.read_text(encoding="utf-8").splitlines()
    events = [ordered(line)["event"] for line in lines]
    assert {event["type"] for event in events} >= {"say", "ask", "heard", "outcome", "end"}
    for line, event in zip(lines, events):
        assert line == compact(ordered(line))
        assert keys(event)[0] == "type"


async def _raw_turn(host: str, port: int, text: str, conversation_id: str) -> tuple[bytes, bytes]:
    """One transcript; the reply's header line and data exactly as they came off the socket."""
    reader, writer = await asyncio.open_connection(host, port)
    event = Transcript(text, context={"conversation_id": conversation_id}).event()
    writer.write((json.dumps({"type": event.type, "data": event.data}) + "\n").encode())
    await writer.drain()
    header = await reader.readline()
    length = json.loads(header)["data_length"]
    data = await reader.readexactly(length)
    writer.close()
    return header.rstrip(b"\n"), data


def test_serve_writes_compact_json_and_its_events_have_type_first() -> None:
    async def go() -> list[tuple[bytes, bytes]]:
        async with served() as s:
            said = []
            for text in ["check my twitching", *ANSWERS.splitlines()]:
                said.append(await _raw_turn(s.host, s.port, text, "compact"))
            return said

    turns = run_async(go())
    outcome_seen = False
    for header, data in turns:
        assert keys(ordered(header))[0] == "type" and header.decode() == compact(ordered(header))
        assert data.decode() == compact(ordered(data)), data[:120]
        context = ordered(data)["context"]
        for event in context["events"]:
            assert keys(event)[0] == "type", keys(event)[:2]
            outcome_seen = outcome_seen or event["type"] == "outcome"
    assert outcome_seen
