"""Run the real `twitchcheck` command as a separate process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

BIN = Path(sys.executable).parent / "twitchcheck"


def command() -> list[str]:
    return [str(BIN)] if BIN.exists() else [sys.executable, "-m", "voice.frontends.cli"]


def run(args: list[str], stdin: bytes | str = b"", timeout: float = 60,
        env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    data = stdin.encode() if isinstance(stdin, str) else stdin
    return subprocess.run(command() + args, input=data, capture_output=True, timeout=timeout,
                          env={**os.environ, **(env or {})})


class JsonlSession:
    """An interactive `twitchcheck --text --jsonl` process, answered line by line."""

    def __init__(self, *extra: str) -> None:
        self.proc = subprocess.Popen(command() + ["--text", "--jsonl", *extra], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.events: list[dict] = []

    def read_until_waiting(self) -> list[dict]:
        """Read events until the skill asks a question or the conversation ends."""
        assert self.proc.stdout is not None
        new: list[dict] = []
        while True:
            line = self.proc.stdout.readline()
            if not line:
                return new
            event = json.loads(line)
            new.append(event)
            self.events.append(event)
            if event["type"] in ("ask", "end"):
                return new

    def say(self, text: str) -> list[dict]:
        assert self.proc.stdin is not None
        self.proc.stdin.write(text + "\n")
        self.proc.stdin.flush()
        return self.read_until_waiting()

    def close(self) -> int:
        rest, _ = self.proc.communicate(timeout=30)  # closes stdin: end of input
        self.events += [json.loads(line) for line in rest.splitlines() if line.strip()]
        return self.proc.returncode
