"""An event as one line of JSON: what `--jsonl` prints and what every door sends.

One place, so the typed check's JSON lines, `serve`'s turn context, the
`--transcript` file and the OpenVoiceOS skill can never drift apart. Compact (no
spaces) with `type` first: a reader that looks only at the start of a line, or
greps for `{"type":"emergency"`, finds what it needs, and a long log stays small."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel

SEPARATORS = (",", ":")


def event_dict(event: BaseModel) -> dict[str, Any]:
    """The event as a JSON object, its `type` first (a subclass's fields would otherwise
    come before the `type` it declares, as the outcome's did)."""
    data = event.model_dump(mode="json")
    if "type" not in data:
        return data
    kind = data.pop("type")
    return {"type": kind, **data}


def json_line(value: Any) -> str:
    """Any JSON value as one compact line; non-ASCII text stays as it is (UTF-8)."""
    return json.dumps(value, separators=SEPARATORS, ensure_ascii=False)


def event_line(event: BaseModel) -> str:
    """The event as compact JSON, its `type` first."""
    return json_line(event_dict(event))


def event_dicts(events: Iterable[BaseModel]) -> list[dict[str, Any]]:
    """The events as `--jsonl` prints them, read back as objects."""
    return [event_dict(event) for event in events]
