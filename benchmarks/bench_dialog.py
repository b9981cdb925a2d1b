"""Dialogue figures: protocol load (skill start-up) and whole-turn processing.

Run: .venv/bin/python -m benchmarks.bench_dialog
A "turn" is one `Skill.hear()` call: red-flag detection, understanding, rules and
the events it returns. Figures are printed, never asserted.
"""

from __future__ import annotations

import json
import statistics
import time
from datetime import date
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parent.parent / "tests" / "data" / "examples"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    started = time.perf_counter()
    from dialog.load import load_protocol
    from dialog.skill import Skill, SkillConfig
    imported = time.perf_counter()
    protocol = load_protocol()
    loaded = time.perf_counter()
    Skill(protocol, SkillConfig(today=date(2026, 11, 22))).start()
    first = time.perf_counter()
    print(f"import dialog: {(imported - started) * 1000:.1f} ms")
    print(f"protocol load + validation: {(loaded - imported) * 1000:.1f} ms")
    print(f"skill construction + greeting (detector compiled): {(first - loaded) * 1000:.1f} ms")
    print(f"start-up total (import + load + first question): {(first - started) * 1000:.1f} ms")

    vignettes = [json.loads(line) for line in (EXAMPLES / "vignettes.jsonl").read_text().splitlines()]
    partials = [json.loads(line)["text"] for line in (EXAMPLES / "redflags.jsonl").read_text().splitlines()]
    latencies: list[float] = []
    partial_latencies: list[float] = []
    for _ in range(20):
        for vignette in vignettes:
            skill = Skill(protocol, SkillConfig(today=date(2026, 11, 22)))
            events = skill.start()
            asked: dict[str, int] = {}
            while not skill.finished:
                slot = events[-1].slot  # type: ignore[union-attr]
                asked[slot] = asked.get(slot, 0) + 1
                reply = vignette["answers"].get(slot, "no") if asked[slot] == 1 else "i dont know"
                t0 = time.perf_counter()
                events = skill.hear(reply)
                latencies.append(time.perf_counter() - t0)
        skill = Skill(protocol, SkillConfig(today=date(2026, 11, 22)))
        skill.start()
        for text in partials:
            t0 = time.perf_counter()
            skill.hear(text, final=False)
            partial_latencies.append(time.perf_counter() - t0)
            if skill.finished:
                skill = Skill(protocol, SkillConfig(today=date(2026, 11, 22)))
                skill.start()
    for name, values in (("whole turn (final answer)", latencies), ("partial result (red-flag check)", partial_latencies)):
        total = sum(values)
        print(f"{name}: {len(values)} turns, {len(values) / total:,.0f} turns/s, "
              f"p50 {percentile(values, 0.5) * 1e6:.0f} us, p99 {percentile(values, 0.99) * 1e6:.0f} us, "
              f"max {max(values) * 1e6:.0f} us, mean {statistics.mean(values) * 1e6:.0f} us")


if __name__ == "__main__":
    main()
