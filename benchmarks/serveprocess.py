"""A real `twitchcheck serve` process for the serve benchmarks, and what they read of it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

START_DEADLINE = 60.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int, *extra: str) -> subprocess.Popen[bytes]:
    """`twitchcheck serve` on 127.0.0.1:`port`, once it accepts connections."""
    binary = Path(sys.executable).parent / "twitchcheck"
    server = subprocess.Popen([str(binary), "serve", "--uri", f"tcp://127.0.0.1:{port}", *extra],
                              stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + START_DEADLINE
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                raise
            time.sleep(0.1)


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]
