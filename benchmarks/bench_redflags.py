"""Red-flag detection: accuracy on the held-out corpus, speed, start-up and memory.

Run from the repository root: `.venv/bin/python -m benchmarks.bench_redflags`
(`--quick` skips the per-style and per-assertion tables; `--answers=DIR` adds a folder
of ordinary answers to those in dialog/data/answers). Prints figures only; nothing is
asserted.

Accuracy is measured on dialog/data/corpus/heldout: written by three writers
before any tuning and never used to train or choose anything. Each figure is
given for the lexicon alone, the learned layer alone, and both fused (what the
skill uses), and fused with the encoder layer when it loads (what the skill
uses once the encoder is ready; `--no-encoder` skips it).
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from benchmarks import answers_eval
from benchmarks.redflag_eval import evaluate, print_report
from dialog.load import load_red_flags
from dialog.redflags import RedFlagDetector
from dialog.redflags.corpus import split
from dialog.redflags.encoder import EncoderError, EncoderLayer

ROOT = Path(__file__).resolve().parent.parent
PUBLIC = ROOT / "tests" / "data" / "examples" / "redflags.jsonl"
ANSWERS = ROOT / "dialog" / "data" / "answers"
"""Ordinary answers per question (benchmarks/answers_eval.py), one folder per set."""
ROUNDS = 3


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def encoder_layer() -> EncoderLayer | None:
    try:
        return EncoderLayer.load()
    except EncoderError as exc:
        print(f"the encoder layer is off: {exc}")
        return None


def accuracy(detail: bool, encoder: EncoderLayer | None) -> None:
    flags = load_red_flags()
    lines = split("heldout")
    detectors = {
        "lexicon": RedFlagDetector(flags, use_learned=False),
        "learned": RedFlagDetector(flags, use_lexicon=False),
        "fused": RedFlagDetector(flags),
    }
    if encoder is not None:
        detectors["+encoder"] = RedFlagDetector(flags, encoder=encoder)
    print(f"held-out corpus: {len(lines)} lines, {sum(bool(ln.expect) for ln in lines)} must escalate")
    print("recall = any red flag escalates on a must-escalate line; exact = every expected id does;")
    print("spec. = no red flag escalates on a must-not line; asks = lines whose only result is a question")
    print_report(evaluate(lines, detectors), detail=detail)

    # The later parts (dialog/data/corpus/README.md): the skill's detector, and with the
    # rules for spoken input on.
    later = {"fused": detectors["fused"], "spoken": RedFlagDetector(flags, spoken=True)}
    if encoder is not None:
        later["+encoder"] = detectors["+encoder"]
        later["spoken+e"] = RedFlagDetector(flags, spoken=True, encoder=encoder)
    for part, written in (("heldout2", "written at stop 12"),
                          ("heldout3", "written at stop 14 before the training files of that stop"),
                          ("heldout_real", "real people's sentences from public pages, stop 15")):
        more = split(part)
        print(f"\n{part} ({written}: see dialog/data/corpus/README.md): {len(more)} lines, "
              f"{sum(bool(ln.expect) for ln in more)} must escalate")
        print_report(evaluate(more, later), detail=detail)

    fused = detectors["fused"]
    rows = [json.loads(line) for line in PUBLIC.read_text().splitlines() if line.strip()]
    same = sum(set(fused.detect(r["text"]).red_flags) == set(r["expect"]) for r in rows)
    print(f"\npublic examples (shared/spec/examples/redflags.jsonl): {same}/{len(rows)} exactly right")


def answers(extra: list[Path]) -> None:
    """Ordinary answers, each given to its own question: how many raise the emergency or a
    "did you say" question (both should be near zero)."""
    folders = sorted(p for p in ANSWERS.iterdir() if p.is_dir()) if ANSWERS.is_dir() else []
    for folder in folders + extra:
        lines = answers_eval.load([folder])
        print(f"\nordinary answers at their own question ({folder.relative_to(ROOT) if folder.is_relative_to(ROOT) else folder}):"
              f" {len(lines)} lines")
        answers_eval.report(answers_eval.evaluate(lines))


def speed(encoder: EncoderLayer | None = None) -> None:
    flags = load_red_flags()
    detector = RedFlagDetector(flags, encoder=encoder)
    if encoder is not None:
        print("\nwith the encoder layer (final results only; partials keep the other two layers):", end="")
    texts = [line.text for line in split("heldout")]
    for text in texts[:200]:
        detector.detect(text)  # warm up
    # wall time, and this thread's CPU time: on a shared machine the wall figures carry other
    # programs' load, the CPU figures do not
    finals: list[float] = []
    partials: list[float] = []
    finals_cpu: list[float] = []
    partials_cpu: list[float] = []
    for _ in range(ROUNDS):
        for text in texts:
            c0, t0 = time.thread_time(), time.perf_counter()
            detector.detect(text)
            finals.append(time.perf_counter() - t0)
            finals_cpu.append(time.thread_time() - c0)
    for text in texts[::3]:
        words = text.split()
        for k in range(1, len(words)):
            c0, t0 = time.thread_time(), time.perf_counter()
            detector.detect(" ".join(words[:k]), final=False)
            partials.append(time.perf_counter() - t0)
            partials_cpu.append(time.thread_time() - c0)
    long_line = "my calf is twitching and i feel tired " * 2700
    t0 = time.perf_counter()
    detector.detect(long_line)
    long_time = time.perf_counter() - t0
    print(f"\nper utterance ({len(finals)}): p50 {_percentile(finals, 0.5) * 1e3:.2f} ms, "
          f"p99 {_percentile(finals, 0.99) * 1e3:.2f} ms, max {max(finals) * 1e3:.2f} ms")
    print(f"per partial ({len(partials)}):   p50 {_percentile(partials, 0.5) * 1e3:.2f} ms, "
          f"p99 {_percentile(partials, 0.99) * 1e3:.2f} ms, max {max(partials) * 1e3:.2f} ms")
    print(f"CPU per utterance: p50 {_percentile(finals_cpu, 0.5) * 1e3:.2f} ms, "
          f"p99 {_percentile(finals_cpu, 0.99) * 1e3:.2f} ms; CPU per partial: "
          f"p50 {_percentile(partials_cpu, 0.5) * 1e3:.2f} ms, p99 {_percentile(partials_cpu, 0.99) * 1e3:.2f} ms")
    print(f"{len(long_line) // 1000} kB line:        {long_time * 1000:.1f} ms")


_PROBE = """
import resource, sys, time
t0 = time.perf_counter()
from dialog.load import load_red_flags
from dialog.redflags import RedFlagDetector
flags = load_red_flags()
RedFlagDetector(flags, use_learned={learned}).detect("i cant breathe")
print(time.perf_counter() - t0, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""

_ENCODER_PROBE = """
import json, time
from dialog.load import load_red_flags
from dialog.redflags import RedFlagDetector
def memory():
    with open("/proc/self/status") as f:
        return {k: int(v.split()[0]) / 1024 for k, _, v in (line.partition(":") for line in f)
                if k in ("VmRSS", "VmHWM", "RssAnon", "RssFile")}
detector = RedFlagDetector(load_red_flags())
detector.detect("i cant breathe")
with open("/proc/self/clear_refs", "w") as f:
    f.write("5")  # VmHWM := VmRSS: the peak below is this load's, not the detector's set-up's
before = memory()
t0 = time.perf_counter()
from dialog.redflags.encoder import EncoderLayer, onnxruntime
onnxruntime()
import tokenizers
imported = memory()
t1 = time.perf_counter()
detector.set_encoder(EncoderLayer.load())
loaded = memory()
t2 = time.perf_counter()
detector.detect("my chest wont fill up")
after = memory()
print(json.dumps({"imports_s": t1 - t0, "load_s": t2 - t1, "total_s": time.perf_counter() - t0,
                  "imports_mb": imported["VmRSS"] - before["VmRSS"],
                  "load_peak_mb": loaded["VmHWM"] - imported["VmRSS"],
                  "peak_mb": after["VmHWM"] - before["VmRSS"], "resident_mb": after["VmRSS"] - before["VmRSS"],
                  "anon_mb": after["RssAnon"] - before["RssAnon"], "file_mb": after["RssFile"] - before["RssFile"]}))
"""
_LOCK_PROBE = """
import threading, time
from dialog.load import load_red_flags
from dialog.redflags import RedFlagDetector
from voice import encoderload
detector = RedFlagDetector(load_red_flags())
ticks, done = [], threading.Event()
def tick():
    while not done.is_set():
        ticks.append(time.perf_counter())
        time.sleep(0.005)
threading.Thread(target=tick, daemon=True).start()
time.sleep(0.05)
t0 = time.perf_counter()
encoderload.load_in_background(detector)
returned = time.perf_counter()
encoderload._loader.join()
done.set()
gaps = [b - a for a, b in zip(ticks, ticks[1:]) if b > returned]
print(returned - t0, max(gaps))
"""


def startup() -> None:
    figures = {}
    for learned in (False, True):
        runs = [subprocess.run([sys.executable, "-c", _PROBE.format(learned=learned)], cwd=ROOT,
                               capture_output=True, text=True, check=True, timeout=120).stdout.split()
                for _ in range(3)]
        figures[learned] = (min(float(r[0]) for r in runs), min(float(r[1]) for r in runs))
    (t_lex, m_lex), (t_all, m_all) = figures[False], figures[True]
    print(f"\nstart-up (import + build + first detection, best of 3): lexicon only {t_lex * 1000:.0f} ms,"
          f" with the learned layer {t_all * 1000:.0f} ms (+{(t_all - t_lex) * 1000:.0f} ms)")
    print(f"peak memory of that process: lexicon only {m_lex:.0f} MB, with the learned layer {m_all:.0f} MB"
          f" (+{m_all - m_lex:.0f} MB)")


def encoder_startup() -> None:
    runs = [json.loads(subprocess.run([sys.executable, "-c", _ENCODER_PROBE], cwd=ROOT, capture_output=True,
                                      text=True, check=True, timeout=300).stdout) for _ in range(3)]
    best = {key: min(run[key] for run in runs) for key in runs[0]}
    print(f"encoder layer, best of 3 fresh processes (import its libraries, read and check the weights, build"
          f" the int8 network, first reading): {best['total_s'] * 1000:.0f} ms ({best['imports_s'] * 1000:.0f} ms"
          f" importing onnxruntime and tokenizers, {best['load_s'] * 1000:.0f} ms EncoderLayer.load)")
    print(f"  memory from /proc/self/status, in MB against VmRSS with the detector ready (its peak reset there):"
          f" peak +{best['peak_mb']:.0f} (VmHWM: what the machine must have free, file-backed pages included),"
          f" of which those imports +{best['imports_mb']:.0f} and the load +{best['load_peak_mb']:.0f} above them;"
          f" resident after +{best['resident_mb']:.0f} (VmRSS), +{best['anon_mb']:.0f} the process's own"
          f" (RssAnon) and +{best['file_mb']:.0f} pages of its libraries' files (RssFile, shared and reclaimable)")

    # An audio callback needs the interpreter lock: a long hold while the encoder loads on its
    # thread is a gap in what the microphone delivers and the speaker plays.
    runs = [subprocess.run([sys.executable, "-c", _LOCK_PROBE], cwd=ROOT, capture_output=True, text=True,
                           check=True, timeout=300).stdout.split() for _ in range(3)]
    before, hold = (min(float(r[i]) for r in runs) for i in range(2))
    print(f"encoder loading in the background (best of 3): the caller waits {before * 1000:.0f} ms for the"
          f" native libraries; afterwards the longest interpreter-lock hold on the loading thread is"
          f" {hold * 1000:.0f} ms (audio callbacks wait that long)")


def main() -> None:
    quick = "--quick" in sys.argv
    extra = [Path(a.split("=", 1)[1]) for a in sys.argv[1:] if a.startswith("--answers=")]
    encoder = None if "--no-encoder" in sys.argv else encoder_layer()
    accuracy(detail=not quick, encoder=encoder)
    answers(extra)
    speed()
    if encoder is not None:
        speed(encoder)
    startup()
    if encoder is not None:
        encoder_startup()


if __name__ == "__main__":
    main()
