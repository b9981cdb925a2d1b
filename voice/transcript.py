"""`--transcript PATH`: every event as a JSON line with a timestamp, written as it happens."""

from __future__ import annotations

import json
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import TextIO

from pydantic import BaseModel


class Transcript:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._file: TextIO = path.open("a", encoding="utf-8")
        self._start = time.monotonic()

    def write(self, event: BaseModel) -> None:
        record = {"at": datetime.now(timezone.utc).isoformat(timespec="milliseconds"),
                  "t": round(time.monotonic() - self._start, 3),
                  # CLOCK_MONOTONIC is system-wide: other processes (benchmarks) can
                  # line these up with their own audio timings.
                  "mono": round(time.monotonic(), 4),
                  "event": event.model_dump(mode="json")}
        self._file.write(json.dumps(record) + "\n")
        self._file.flush()  # a crash or power cut must not lose what was said

    def close(self) -> None:
        self._file.close()
