"""Every message type round-trips through JSON; bad protocol data names file and field."""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path

import pytest
from pydantic import BaseModel, TypeAdapter

from dialog.load import DATA_DIR, ProtocolError, load_protocol
from models.common import RED_FLAG_IDS, SEED_RED_FLAG_IDS, SLOT_ORDER
from models.events import Event, Heard, Listening
from tests.harness import converse, new_skill, script

EVENTS = TypeAdapter(Event)


def test_every_event_of_real_conversations_round_trips_through_json() -> None:
    runs: list[Sequence[BaseModel]] = [converse({"duration": "three weeks", "severity": "severe"}).events,
            converse({"pattern": "now i cant breathe"}).events,
            script(new_skill(), "no", "slower", "help", "repeat", "skip", "stop"),
            [Listening(slot="duration"), Heard(text="two weeks", final=True, confidence=0.9)]]
    kinds: set[str] = set()
    for events in runs:
        for event in events:
            again = EVENTS.validate_json(event.model_dump_json())
            assert again == event
            kinds.add(event.type)
    assert kinds >= {"say", "ask", "confirm", "emergency", "outcome", "control", "end", "listening", "heard"}


def test_slot_and_red_flag_names_are_the_published_ones() -> None:
    assert SLOT_ORDER == ("screening", "duration", "location", "multiple_locations", "pattern", "severity",
                          "daily_impact", "other_symptoms", "medications", "conditions", "triggers")
    assert set(RED_FLAG_IDS) == {"breathing", "swallowing", "speech", "consciousness", "confusion", "seizure",
                                 "paralysis", "coordination", "vision", "dizziness", "headache", "fever",
                                 "vomiting", "pulse", "help", "emergency_named", "chest"}
    assert set(SEED_RED_FLAG_IDS) == set(RED_FLAG_IDS) - {"help", "emergency_named", "chest"}


def test_every_protocol_item_carries_its_source() -> None:
    protocol = load_protocol()
    items = [*protocol.questions, *protocol.rules, *protocol.red_flags, *protocol.advice]
    assert items and all(item.sources for item in items)


@pytest.fixture()
def data_copy(tmp_path: Path) -> Path:
    for name in ("protocol.toml", "redflags.toml"):
        shutil.copy(DATA_DIR / name, tmp_path / name)
    return tmp_path


@pytest.mark.parametrize(("file", "old", "new", "field"), [
    ("protocol.toml", 'id = "severe"\nlevel = "urgent"', 'id = "severe"\nlevel = "very urgent"', "rule[0](id=severe).level"),
    ("protocol.toml", 'slot = "duration"\nsources = ["002"]', 'slot = "duration"\nsources = []', "question[1](id=duration).sources"),
    ("protocol.toml", 'when = { fact = "worried" }', 'when = { fact = "anxious" }', "rule[16](id=worried).when.fact"),
    ("redflags.toml", 'id = "fever"', 'id = "hot"', "red_flag[11](id=hot).id"),
])
def test_bad_field_fails_naming_file_and_field(data_copy: Path, file: str, old: str, new: str, field: str) -> None:
    path = data_copy / file
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    with pytest.raises(ProtocolError) as failure:
        load_protocol(data_copy)
    message = str(failure.value)
    assert str(path) in message
    assert field in message


def test_bad_regular_expression_in_red_flags_is_reported(data_copy: Path) -> None:
    path = data_copy / "redflags.toml"
    text = path.read_text()
    path.write_text(text.replace("patterns = [", "patterns = [\n    '(unclosed',", 1))
    with pytest.raises(ProtocolError) as failure:
        load_protocol(data_copy)
    assert "red_flag[0](id=breathing).patterns" in str(failure.value) and "unclosed" in str(failure.value)


def test_missing_or_broken_file_is_reported(data_copy: Path) -> None:
    (data_copy / "redflags.toml").unlink()
    with pytest.raises(ProtocolError, match="redflags.toml: protocol file not found"):
        load_protocol(data_copy)
    (data_copy / "protocol.toml").write_text("this is = = not toml")
    with pytest.raises(ProtocolError, match="protocol.toml: not valid TOML"):
        load_protocol(data_copy)
