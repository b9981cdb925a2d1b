"""Wyoming text service figures: turns per second and latency over TCP, and memory
per open conversation, with the real `twitchcheck serve` process on loopback.

Run: .venv/bin/python -m benchmarks.bench_serve
Each turn is what Home Assistant does: a new TCP connection, one `transcript` with
a conversation id, one `handled` back. Clients replay the example vignettes as whole
checks. Bounded: at most SECONDS per concurrency level. Figures are printed, never asserted.
"""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path

from wyoming.asr import Transcript
from wyoming.client import AsyncTcpClient

from benchmarks.serveprocess import free_port, percentile, rss_kib, start_server

EXAMPLES = Path(__file__).resolve().parent.parent / "tests" / "data" / "examples"
SECONDS = 8.0
LEVELS = (1, 10, 100)
OPEN_FOR_MEMORY = 1000








async def turn(port: int, text: str, cid: str) -> dict:
    async with AsyncTcpClient("127.0.0.1", port) as client:
        await client.write_event(Transcript(text, context={"conversation_id": cid}).event())
        event = await client.read_event()
    assert event is not None and event.type == "handled", event
    return event.data["context"]


async def checks(port: int, worker: int, vignettes: list[dict], until: float, latencies: list[float]) -> None:
    n = 0
    while time.perf_counter() < until:
        vignette = vignettes[(worker + n) % len(vignettes)]
        cid, n = f"bench-{worker}-{n}", n + 1
        text, asked = "check my twitching", dict[str, int]()
        while time.perf_counter() < until:
            start = time.perf_counter()
            context = await turn(port, text, cid)
            latencies.append(time.perf_counter() - start)
            if not context["continue_conversation"]:
                break
            slot = [e for e in context["events"] if e["type"] == "ask"][-1]["slot"]
            asked[slot] = asked.get(slot, 0) + 1
            text = vignette["answers"].get(slot, "no") if asked[slot] == 1 else "i dont know"


async def measure(port: int, vignettes: list[dict]) -> None:
    for level in LEVELS:
        latencies: list[float] = []
        start = time.perf_counter()
        await asyncio.gather(*(checks(port, w, vignettes, start + SECONDS, latencies) for w in range(level)))
        wall = time.perf_counter() - start
        print(f"{level:>3} concurrent conversations: {len(latencies) / wall:7.1f} turns/s, "
              f"p50 {percentile(latencies, 0.5) * 1000:6.1f} ms, p99 {percentile(latencies, 0.99) * 1000:6.1f} ms "
              f"({len(latencies)} turns in {wall:.1f} s)", flush=True)


async def open_many(port: int, count: int) -> None:
    for i in range(0, count, 50):
        await asyncio.gather(*(_open_one(port, f"memory-{j}") for j in range(i, min(count, i + 50))))


async def _open_one(port: int, cid: str) -> None:
    for text in ("check my twitching", "no", "about three weeks", "my left calf"):
        await turn(port, text, cid)


def main() -> None:
    vignettes = [json.loads(line) for line in (EXAMPLES / "vignettes.jsonl").read_text().splitlines()]
    port = free_port()
    server = start_server(port, "--max-conversations", str(OPEN_FOR_MEMORY * 10))
    try:
        asyncio.run(_open_one(port, "warm-up"))
        before = rss_kib(server.pid)
        print(f"server memory after start-up and one check: {before / 1024:.1f} MB")
        started = time.perf_counter()
        asyncio.run(open_many(port, OPEN_FOR_MEMORY))
        after = rss_kib(server.pid)
        print(f"{OPEN_FOR_MEMORY} open conversations (4 turns each, {time.perf_counter() - started:.1f} s): "
              f"+{(after - before) / 1024:.1f} MB, {(after - before) / OPEN_FOR_MEMORY:.1f} KiB per conversation")
        asyncio.run(measure(port, vignettes))
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()
