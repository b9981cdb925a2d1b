"""Soak: 10,000 whole checks through a service that holds at most 1,000.

Run: .venv/bin/python -m benchmarks.bench_soak [conversations] [slots] [in_flight]
The text service (`TextService.turn`, what `serve` and the other doors call) in this
process, its clock frozen so that no check ever goes idle: every check that finished
stays held until a newcomer needs its place. Clients replay the example vignettes as
whole checks, `in_flight` at once. Prints turns per second, refusals (a newcomer told
to try again later) and the process's memory every 1,000 checks: it should stay flat.
Figures are printed, never asserted.
"""

from __future__ import annotations

import asyncio
import json
import resource
import sys
import time
from datetime import date
from pathlib import Path

from voice.frontends.serve.turns import TextService

VIGNETTES = Path(__file__).resolve().parent.parent / "tests" / "data" / "examples" / "vignettes.jsonl"


def rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def one_check(service: TextService, cid: str, answers: dict[str, str]) -> tuple[int, bool]:
    """Turns taken, and whether the newcomer was refused."""
    text, asked, turns = "check my twitching", dict[str, int](), 0
    while True:
        reply = await service.turn(text, cid)
        turns += 1
        if not reply.handled and turns == 1:
            return turns, True
        if not reply.context.continue_conversation:
            return turns, False
        slot = [e for e in reply.context.events if e["type"] == "ask"][-1]["slot"]
        asked[slot] = asked.get(slot, 0) + 1
        text = answers.get(slot, "no") if asked[slot] == 1 else "i dont know"


async def soak(total: int, slots: int, in_flight: int) -> None:
    vignettes = [json.loads(line) for line in VIGNETTES.read_text().splitlines() if line.strip()]
    service = TextService(max_conversations=slots, clock=lambda: 0.0, today=lambda: date(2026, 12, 6))
    queue: asyncio.Queue[int] = asyncio.Queue()
    for n in range(total):
        queue.put_nowait(n)
    turns = refusals = done = 0
    start = last = time.perf_counter()
    print(f"{total} checks through {slots} slots, {in_flight} at once; memory at start {rss_mib():.0f} MiB")

    async def worker() -> None:
        nonlocal turns, refusals, done, last
        while not queue.empty():
            n = queue.get_nowait()
            took, refused = await one_check(service, f"soak-{n}", vignettes[n % len(vignettes)]["answers"])
            turns += took
            refusals += refused
            done += 1
            if done % 1000 == 0:
                now = time.perf_counter()
                print(f"  {done:6d} checks: {turns / (now - start):7.0f} turns/s overall, "
                      f"{len(service.conversations):5d} held, refusals {refusals}, memory {rss_mib():.0f} MiB "
                      f"({now - last:.1f} s for the last 1,000)")
                last = now

    await asyncio.gather(*(worker() for _ in range(in_flight)))
    seconds = time.perf_counter() - start
    print(f"{done} checks, {turns} turns in {seconds:.1f} s: {turns / seconds:.0f} turns/s; refusals {refusals}")


def main() -> None:
    args = [int(a) for a in sys.argv[1:4] if a.isdigit()]
    total, slots, in_flight = (args + [10_000, 1_000, 100][len(args):])[:3]
    asyncio.run(soak(total, slots, in_flight))


if __name__ == "__main__":
    main()
