"""An event as one line of JSON: what `--jsonl` prints and what every door sends.

One place, so the typed check's JSON lines, `serve`'s turn context and the
OpenVoiceOS skill can never drift apart."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from dialog.skill import Event


def event_line(event: Event) -> str:
    """The event as compact JSON, its `type` first."""
    return event.model_dump_json()


def event_dicts(events: Iterable[Event]) -> list[dict[str, Any]]:
    """The events as `--jsonl` prints them, read back as objects."""
    return [json.loads(event_line(event)) for event in events]
