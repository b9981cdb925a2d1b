"""Speed of the red-flag detector on every labelled phrasing.

Run from the repository root: `.venv/bin/python -m benchmarks.bench_redflags`.
Prints figures only; nothing is asserted.
"""

from __future__ import annotations

import json
import statistics
import time
from pathlib import Path

from dialog.load import load_red_flags
from dialog.redflags import RedFlagDetector

ROOT = Path(__file__).resolve().parent.parent
SOURCES = (
    ROOT / "tests" / "data" / "examples" / "redflags.jsonl",
    ROOT / "tests" / "data" / "redflags_more.jsonl",
)
ROUNDS = 20


def _texts() -> list[str]:
    texts: list[str] = []
    for path in SOURCES:
        texts += [json.loads(line)["text"] for line in path.read_text().splitlines() if line.strip()]
    vignettes = ROOT / "tests" / "data" / "examples" / "vignettes.jsonl"
    for line in vignettes.read_text().splitlines():
        if line.strip():
            texts += list(json.loads(line)["answers"].values())
    return texts


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def main() -> None:
    flags = load_red_flags()
    started = time.perf_counter()
    detector = RedFlagDetector(flags)
    construction = time.perf_counter() - started

    texts = _texts()
    for text in texts:  # warm up
        detector.detect(text)
    latencies: list[float] = []
    total_started = time.perf_counter()
    for _ in range(ROUNDS):
        for text in texts:
            t0 = time.perf_counter()
            detector.detect(text)
            latencies.append(time.perf_counter() - t0)
    total = time.perf_counter() - total_started

    long_line = "my calf is twitching and i feel tired " * 2700
    t0 = time.perf_counter()
    detector.detect(long_line)
    long_time = time.perf_counter() - t0

    print(f"utterances:          {len(texts)} x {ROUNDS} rounds")
    print(f"construction:        {construction * 1000:.1f} ms")
    print(f"throughput:          {len(latencies) / total:,.0f} utterances/s")
    print(f"latency p50:         {_percentile(latencies, 0.50) * 1e6:.0f} us")
    print(f"latency p99:         {_percentile(latencies, 0.99) * 1e6:.0f} us")
    print(f"latency max:         {max(latencies) * 1e6:.0f} us")
    print(f"latency mean:        {statistics.fmean(latencies) * 1e6:.0f} us")
    print(f"{len(long_line) // 1000} kB line:         {long_time * 1000:.1f} ms")


if __name__ == "__main__":
    main()
