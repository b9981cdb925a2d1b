"""Run every benchmark: .venv/bin/python -m benchmarks"""

from __future__ import annotations

import importlib

for name in ("bench_dialog", "bench_redflags", "bench_asr", "bench_tts", "bench_voice", "bench_escalation",
             "bench_serve", "bench_soak", "bench_satellite"):
    try:
        module = importlib.import_module(f"benchmarks.{name}")
    except ModuleNotFoundError:
        continue
    print(f"\n== {name} ==", flush=True)
    module.main()
