"""How fast, and how surely, a red flag said mid-answer escalates (issue 7).

Run:
  .venv/bin/python -m benchmarks.bench_escalation              # audio room, REPORT set
  .venv/bin/python -m benchmarks.bench_escalation --offline    # no room: the listener in-process
  options: --set tuning|report|fresh, --noise DB (white noise at that SNR), --no-spotter,
           --factor F (spotter threshold exponent per phone), --limit N

Utterances (benchmarks/escalation_cases.py) are made with the Piper voice as the
tests make them, at three speaking rates (length_scale 0.85 / 1.0 / 1.2) and three
voices (the voice as is, and pitched -250 / +250 cents with sox), each red flag
early in a long answer, after a lead-in, or after a 0.45-0.5 s pause. Thresholds
were tuned on the TUNING set only; figures are reported on the REPORT set.

Audio room: one `twitchcheck --jsonl --verbose --asr pocketsphinx` per utterance;
the patient (benchmarks/patient.py) answers "no" to the first question and the
utterance to the second, and hears the speaker. Latency is from the end of the
red-flag words (as played into the microphone) to the emergency event (the
transcript's monotonic time) and to the first emergency audio on the speaker;
a red flag with no emergency within the utterance + 6 s is a miss, an emergency
on a denial a false alarm. Offline: the same audio through `Listener` and the
escalation gate in 30 ms chunks, on stream time (no device or process latency),
plus each channel's real-time factor and the spotter's memory.
Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import wave
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from benchmarks.escalation_cases import (
    FRESH,
    FRESH_DENIALS,
    REPORT,
    REPORT_DENIALS,
    TUNING,
    TUNING_DENIALS,
    Case,
)
from benchmarks.roomclient import EventStream, Patient, stop_within
from tests.piper import RATE, speech, write_wav

TWITCHCHECK = Path(sys.executable).parent / "twitchcheck"
SCALES = (1.0, 0.85, 1.2)
PITCHES = (0, -250, 250)

def _pitch(samples: np.ndarray, cents: int, folder: Path) -> np.ndarray:
    if cents == 0:
        return samples
    src, dst = folder / "pitch-in.wav", folder / "pitch-out.wav"
    write_wav(src, samples)
    subprocess.run(["sox", "-V1", str(src), str(dst), "pitch", str(cents)], check=True)
    with wave.open(str(dst)) as w:
        return np.frombuffer(w.readframes(w.getnframes()), dtype=np.int16).copy()


def make_case(case: Case, index: int, folder: Path, noise_db: float | None) -> tuple[Path, int, str]:
    """The utterance as a WAV, the sample where its red-flag words end, and its variant."""
    scale, cents = SCALES[index % 3], PITCHES[(index // 3) % 3]
    gap = lambda s: np.zeros(int(s * RATE), dtype=np.int16)  # noqa: E731
    parts = [gap(0.3)]
    if case.lead:
        parts += [speech(case.lead, scale), gap(case.pause)]
    parts.append(speech(case.flag, scale))
    mark = sum(len(p) for p in parts)
    if case.rest:
        parts += [gap(0.12), speech(case.rest, scale)]
    audio = np.concatenate(parts)
    if cents:
        audio = _pitch(audio, cents, folder)  # sox keeps the length, so the mark holds
    audio = np.concatenate([audio, gap(1.2)])
    if noise_db is not None:
        rng = np.random.default_rng(index)
        clean = audio.astype(np.float64)
        power = np.mean(clean[np.abs(clean) > 300] ** 2)
        noise = rng.normal(0.0, np.sqrt(power / 10 ** (noise_db / 10)), len(audio))
        audio = np.clip(clean + noise, -32768, 32767).astype(np.int16)
    return write_wav(folder / f"case-{index}.wav", audio), mark, f"rate x{1 / scale:.2f}, pitch {cents:+d}"


# ---------------------------------------------------------------- offline


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


class _Timed:
    """Wraps a recognizer or spotter and adds up the seconds its calls take."""

    def __init__(self, inner: object) -> None:
        self.inner = inner
        self.seconds = 0.0

    def __getattr__(self, name: str) -> object:
        attr = getattr(self.inner, name)
        if name not in ("accept", "final"):
            return attr

        def timed(*args: object) -> object:
            t = time.process_time()
            try:
                return attr(*args)  # type: ignore[operator]
            finally:
                self.seconds += time.process_time() - t
        return timed


def offline(cases: list[tuple[Case, Path, int, str]], spotter_on: bool, factor: float,
            hold: float | None = None) -> list[dict]:
    from dialog.load import default_protocol
    from dialog.redflags import RedFlagDetector
    from dialog.redflags.stream import RedFlagGate
    from models.listening import ToDetector
    from voice.asr.sphinx_engine import SphinxRecognizer
    from voice.asr.spotter import SphinxSpotter
    from voice.audio.capture import read_wav_16k
    from voice.listen import AnswerHeard, Listener, SafetyHeard, SpotterHeard

    protocol = default_protocol()
    gate_spoken = RedFlagDetector(protocol.red_flags, spoken=True)
    base = _rss_mb()
    safety = _Timed(SphinxRecognizer())
    after_safety = _rss_mb()
    spotter = _Timed(SphinxSpotter(factor=factor)) if spotter_on else None
    after_spotter = _rss_mb()
    print(f"memory: safety recognizer +{after_safety - base:.0f} MB, spotter +{after_spotter - after_safety:.0f} MB (RSS)")
    results = []
    audio_seconds = gate_seconds = 0.0
    for case, path, mark, variant in cases:
        listener = Listener(safety, spotter=spotter)  # type: ignore[arg-type]
        gate = RedFlagGate(gate_spoken, red_flags=protocol.red_flags)
        if hold is not None:
            gate.hold_seconds = hold
        pcm = read_wav_16k(path)
        audio_seconds += len(pcm) / 32000
        first = None
        heard: list[str] = []
        asked: list[str] = []

        def escalation(events: Sequence[object], now: float) -> ToDetector | None:
            """What the spoken loop (voice/loop.py) escalates on, of these listening events."""
            for event in events:
                heard_now = gate.on_event(event) if isinstance(event, SafetyHeard | SpotterHeard) else []
                for f in heard_now:
                    if f.detection is not None and f.detection.red_flags:  # what the skill acts on
                        return f
                if isinstance(event, AnswerHeard):  # the answer, read in full
                    heard.append(event.text)
                    text = gate.correct(event.text)
                    reading = gate_spoken.detect(text)
                    if reading.red_flags:
                        return ToDetector(text=text, channel="safety-final", at=now)
                    asked.extend(reading.uncertain)  # the skill asks "did you say ...?"
            for f in gate.tick(now):
                if f.detection is not None and f.detection.red_flags:
                    return f
            return None

        for i in range(0, len(pcm), 960):
            events = listener.feed(pcm[i:i + 960])
            t = time.process_time()
            found = escalation(events, listener.now)
            gate_seconds += time.process_time() - t
            first = first or found
        if first is None:
            first = escalation(listener.finish(), listener.now)
        listener.reset()
        results.append({"case": case, "variant": variant, "mark": mark / RATE,
                        "to_event": None if first is None else first.at - mark / RATE,
                        "channel": None if first is None else first.channel,
                        "text": None if first is None else first.text, "heard": " | ".join(heard),
                        "asked": sorted(set(asked))})
    print(f"real-time factor (CPU seconds per second of audio fed): safety {safety.seconds / audio_seconds:.3f}"
          + (f", spotter {spotter.seconds / audio_seconds:.3f}" if spotter else "")
          + f", escalation gate and the skill's red-flag readings {gate_seconds / audio_seconds:.3f}")
    return results


# ---------------------------------------------------------------- audio room


def room_run(case: Case, path: Path, mark: int, no: Path, extra: list[str]) -> dict:
    from tests.audioroom import AudioRoom

    with AudioRoom() as room, tempfile.TemporaryDirectory() as tmp:
        patient = Patient(room.env)
        transcript = Path(tmp) / "t.jsonl"
        proc = subprocess.Popen([str(TWITCHCHECK), "--jsonl", "--verbose", "--rate", "300",
                                 "--transcript", str(transcript), "--asr", "pocketsphinx", *extra],
                                env=room.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        stderr: list[str] = []
        threading.Thread(target=lambda: stderr.extend(proc.stderr), daemon=True).start()  # type: ignore[arg-type]
        with wave.open(str(path)) as w:
            seconds = w.getnframes() / RATE
        played: dict = {}
        thread: threading.Thread | None = None

        def stop(event: dict) -> bool:
            nonlocal thread
            if event["type"] == "listening" and thread is None:
                if event["slot"] == "screening":
                    patient.ask(f"play {no} 0")
                else:
                    thread = patient.play_async(path, mark, played)
                return False
            if event["type"] == "emergency":
                return True
            # A denial is done when the skill answers it (or at the deadline).
            return thread is not None and not thread.is_alive() and event["type"] in ("confirm", "ask", "say")

        events, _ = EventStream(proc).until(stop, time.monotonic() + 40 + seconds)
        if thread is not None:
            thread.join(timeout=seconds + 10)
        emergency = any(e["type"] == "emergency" for e in events)
        if emergency:
            time.sleep(3.0)  # let the emergency message reach the speaker
        onsets = patient.ask("onsets")["onsets"]
        proc.send_signal(signal.SIGINT)
        exited, _ = stop_within(proc, 15)
        patient.close()
        records = [json.loads(line) for line in transcript.read_text().splitlines()] if transcript.exists() else []
    emergency_at = next((r["mono"] for r in records if r["event"]["type"] == "emergency"), None)
    red_end = played.get("mark")
    after = [t for t in onsets if emergency_at is not None and t > emergency_at - 0.05]
    channel = next((m.group(1) for line in stderr
                    if (m := re.search(r"first heard by the (\S+) channel", line))), None)
    return {"case": case, "mark": mark / RATE,
            "to_event": emergency_at - red_end if emergency_at and red_end else None,
            "to_audio": after[0] - red_end if after and red_end else None,
            "emergency": emergency, "channel": channel,
            "hang": not exited}


# ---------------------------------------------------------------- report


def _stats(values: list[float]) -> str:
    if not values:
        return "n/a"
    ordered = sorted(values)
    p90 = ordered[min(len(ordered) - 1, int(round(0.9 * (len(ordered) - 1))))]
    return f"median {statistics.median(ordered):.2f} s, p90 {p90:.2f} s, worst {ordered[-1]:.2f} s"


def report(flags: list[dict], denials: list[dict], room: bool) -> None:
    hit = [r for r in flags if r["to_event"] is not None]
    fast = [r for r in hit if r["to_event"] <= 0.5]
    print(f"red flags: {len(flags)}; escalated {len(hit)}; within 0.5 s of the end of the words "
          f"{len(fast)} ({100 * len(fast) / max(1, len(flags)):.0f} %); within 1 s "
          f"{sum(r['to_event'] <= 1.0 for r in hit)}; missed {len(flags) - len(hit)}")
    print(f"  end of words -> emergency event: {_stats([r['to_event'] for r in hit])}")
    if not room:
        asked = [r for r in flags if r["to_event"] is None and r.get("asked")]
        print(f"  of those missed, asked about after the answer (\"did you say ...?\"): {len(asked)}")
    if room:
        print(f"  end of words -> first emergency audio: "
              f"{_stats([r['to_audio'] for r in flags if r.get('to_audio') is not None])}")
    for position in ("early", "lead-in", "pause"):
        mine = [r for r in flags if r["case"].position == position]
        ok = [r for r in mine if r["to_event"] is not None and r["to_event"] <= 0.5]
        print(f"  {position}: {len(ok)}/{len(mine)} within 0.5 s")
    for cents in PITCHES:
        mine = [r for r in flags if r.get("variant", "").endswith(f"pitch {cents:+d}")]
        ok = [r for r in mine if r["to_event"] is not None and r["to_event"] <= 0.5]
        missed = [r for r in mine if r["to_event"] is None]
        print(f"  voice pitched {cents:+d} cents: {len(ok)}/{len(mine)} within 0.5 s, {len(missed)} missed")
    channels: dict[str, int] = {}
    for r in hit:
        channels[str(r["channel"])] = channels.get(str(r["channel"]), 0) + 1
    print(f"  channel that fired first: {channels}")
    for r in flags:
        if r["to_event"] is None or r["to_event"] > 0.5:
            late = "MISSED" if r["to_event"] is None else f"{r['to_event']:.2f} s"
            print(f"    slow/missed: {late:>8}  {r['case'].text!r} ({r.get('variant', '')})")
            if r.get("heard") is not None:
                asked_about = f" (asked about: {', '.join(r['asked'])})" if r.get("asked") else ""
                print(f"                 recognized: {r['heard']!r}{asked_about}")
    alarms = [r for r in denials if (r["emergency"] if room else r["to_event"] is not None)]
    print(f"denials and look-alikes: {len(denials)}; false alarms {len(alarms)} "
          f"({100 * len(alarms) / max(1, len(denials)):.0f} %)")
    for r in alarms:
        print(f"    false alarm: {r['case'].text!r} via {r.get('channel')} {r.get('text', '')!r}")
    if room:
        print(f"hangs (no exit within 15 s of SIGINT): {sum(r['hang'] for r in flags + denials)}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="bench_escalation")
    parser.add_argument("--offline", action="store_true")
    parser.add_argument("--set", choices=("tuning", "report", "fresh"), default="report")
    parser.add_argument("--noise", type=float, metavar="DB")
    parser.add_argument("--no-spotter", action="store_true")
    parser.add_argument("--factor", type=float)
    parser.add_argument("--limit", type=int)
    parser.add_argument("--hold", type=float, help="offline: seconds a spoken-only partial waits")
    args = parser.parse_args(argv)
    flags, denials = {"report": (REPORT, REPORT_DENIALS), "tuning": (TUNING, TUNING_DENIALS),
                      "fresh": (FRESH, FRESH_DENIALS)}[args.set]
    if args.limit:
        flags, denials = flags[:args.limit], denials[:args.limit]
    load = os.getloadavg()
    print(f"set: {args.set}; noise: {'none' if args.noise is None else f'{args.noise:g} dB SNR'}; "
          f"spotter: {'off' if args.no_spotter else 'on'}; {'offline' if args.offline else 'audio room'}; "
          f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        made = [(c, *make_case(c, i, folder, args.noise)) for i, c in enumerate(flags + denials)]
        if args.offline:
            from voice.asr.spotter import DEFAULT_FACTOR
            results = offline(made, not args.no_spotter, args.factor or DEFAULT_FACTOR, args.hold)
            for r in results:
                r["emergency"] = r["to_event"] is not None
        else:
            no = write_wav(folder / "no.wav", np.concatenate([np.zeros(int(0.3 * RATE), dtype=np.int16),
                                                            speech("no", 1.0),
                                                            np.zeros(RATE // 2, dtype=np.int16)]))
            extra = ["--no-spotter"] if args.no_spotter else []
            results = []
            for case, path, mark, variant in made:
                r = room_run(case, path, mark, no, extra)
                r["variant"] = variant
                results.append(r)
                print(f"  {'flag ' if case.red_flag else 'denial'} {r['to_event'] if r['to_event'] is None else round(r['to_event'], 2)!s:>6} "
                      f"{r['channel']!s:>12}  {case.text[:70]!r}", flush=True)
    report(results[:len(flags)], results[len(flags):], room=not args.offline)
    load = os.getloadavg()
    print(f"load average at the end {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")


if __name__ == "__main__":
    main()
