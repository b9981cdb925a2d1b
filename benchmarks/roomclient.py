"""The benchmarks' side of the audio room: the patient process (benchmarks/patient.py)
and the skill's event stream read with a deadline, so that no benchmark waits forever
when an expected event (an emergency) never comes."""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


class Patient:
    """Plays answers into the virtual microphone and hears the virtual speaker."""

    def __init__(self, env: dict[str, str]) -> None:
        self.proc = subprocess.Popen([sys.executable, "-m", "benchmarks.patient"], cwd=REPO, text=True,
                                     env={**env, "PULSE_SINK": "micfeed", "PULSE_SOURCE": "spk.monitor"},
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.ask()

    def ask(self, command: str | None = None) -> dict:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        if command:
            self.proc.stdin.write(command + "\n")
            self.proc.stdin.flush()
        return json.loads(self.proc.stdout.readline())

    def play_async(self, path: Path, mark: int, result: dict) -> threading.Thread:
        thread = threading.Thread(target=lambda: result.update(self.ask(f"play {path} {mark}")))
        thread.start()
        return thread

    def close(self) -> None:
        self.proc.kill()
        self.proc.wait()


class EventStream:
    """JSON events from a process's stdout, read on a thread, taken with a deadline."""

    def __init__(self, proc: subprocess.Popen[str]) -> None:
        self._lines: queue.Queue[str | None] = queue.Queue()
        assert proc.stdout is not None
        stdout = proc.stdout

        def read() -> None:
            for line in stdout:
                self._lines.put(line)
            self._lines.put(None)

        threading.Thread(target=read, daemon=True).start()

    def until(self, stop: Callable[[dict], bool], deadline: float) -> tuple[list[dict], bool]:
        """Events until `stop(event)` is true (then True) or the deadline / end (then False)."""
        events: list[dict] = []
        while (left := deadline - time.monotonic()) > 0:
            try:
                line = self._lines.get(timeout=left)
            except queue.Empty:
                break
            if line is None:
                break
            events.append(json.loads(line))
            if stop(events[-1]):
                return events, True
        return events, False


def stop_within(proc: subprocess.Popen[str], seconds: float) -> tuple[bool, float | None]:
    """Wait for the process (after a SIGINT), killing it past `seconds`.

    Returns (exited by itself, its peak memory in MB). Reaped with wait4 for the
    peak memory; Popen is told so it does not wait for a process already gone.
    """
    deadline = time.monotonic() + seconds
    exited = False
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            exited = True
            break
        if time.monotonic() >= deadline:
            proc.kill()
            pid, status, usage = os.wait4(proc.pid, 0)
            break
        time.sleep(0.05)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return exited, usage.ru_maxrss / 1024
