"""Speech output figures: engine start, synthesis, cache hits, and say_now latency.

Run from the repository root: `.venv/bin/python -m benchmarks.bench_tts`.
The say_now figures are measured in the virtual audio room (PulseAudio null sink):
from the output stream's callbacks, and from a recording of `spk.monitor`.
Prints figures; asserts nothing.
"""

from __future__ import annotations

import json
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np

PROMPTS = [
    "How long have you had the twitching?",
    "Where do you feel it? For example your eyelid, your calf, or your hand.",
    "Does the twitching come and go, or is it there all the time?",
    "Do you have any weakness, numbness, or trouble swallowing?",
    "Have you started any new medication recently?",
]
EMERGENCY = "This could be an emergency. Call your local emergency number now."
LONG = ("Thank you. I will now ask you a few questions about the twitching, one at a time. "
        "Take your time, answer in your own words, and say stop at any moment to end the check.")

ROOM_CHILD = """
import json, time
from voice.speech import Voice
v = Voice.create(print_fallback=print)
v.prepare([EMERGENCY])
out = []
for i in range(RUNS):
    v.say(LONG, wait=False)
    while v.current.played_seconds < 1.5:
        time.sleep(0.005)
    long_handle = v.current
    t0 = time.monotonic()
    v.say_now(EMERGENCY, wait=False)
    t1 = time.monotonic()
    em = v.current
    while em.first_frame_at is None:
        time.sleep(0.0005)
    v.wait()
    out.append({"stop_s": long_handle.ended_at - t0, "say_now_return_s": t1 - t0,
                "first_frame_s": em.first_frame_at - t0})
    time.sleep(1.0)
print(json.dumps(out))
"""


def ms(x: float) -> str:
    return f"{1000 * x:7.1f} ms"


def bench_synthesis() -> None:
    from voice.tts import Synthesizer
    t0 = time.perf_counter()
    synth = Synthesizer()
    t1 = time.perf_counter()
    synth.synthesize("Hello.")
    t2 = time.perf_counter()
    print(f"engine init (Synthesizer())          {ms(t1 - t0)}")
    print(f"init -> first clip ('Hello.')        {ms(t2 - t0)}")
    per = []
    for text in PROMPTS:
        a = time.perf_counter()
        clip = synth.synthesize(text)
        per.append(time.perf_counter() - a)
        print(f"  synth {clip.duration:4.1f} s of audio        {ms(per[-1])}  ({text[:40]}...)")
    print(f"synthesis per prompt: median          {ms(statistics.median(per))}")
    hits = []
    for _ in range(200):
        a = time.perf_counter()
        synth.synthesize(PROMPTS[0])
        hits.append(time.perf_counter() - a)
    print(f"cache hit: median                     {1e6 * statistics.median(hits):7.1f} us")
    with tempfile.TemporaryDirectory() as d:
        Synthesizer(cache_dir=Path(d)).synthesize(EMERGENCY)
        fresh = Synthesizer(cache_dir=Path(d))
        a = time.perf_counter()
        fresh.synthesize(EMERGENCY)
        print(f"disk cache hit (new Synthesizer)      {ms(time.perf_counter() - a)}")


def bench_say_now() -> None:
    from tests.audioroom import AudioRoom, AudioRoomUnavailable
    from tests.speechfixtures import find_clip, record_while, run_python
    from voice.tts import Synthesizer
    try:
        room = AudioRoom().start()
    except AudioRoomUnavailable as exc:
        print(f"say_now latency: audio room unavailable ({exc})")
        return
    try:
        child = f"EMERGENCY = {EMERGENCY!r}\nLONG = {LONG!r}\n"
        # Timing over several runs; the recording gets one run so the message is unique in it.
        proc = run_python(child + "RUNS = 5\n" + ROOM_CHILD, env=room.env)
        with tempfile.TemporaryDirectory() as d:
            _, rec = record_while(room, Path(d) / "spk.wav", child + "RUNS = 1\n" + ROOM_CHILD, tail=1.5)
    finally:
        room.stop()
    if proc.returncode != 0:
        print("say_now run failed:", proc.stderr.decode(errors="replace")[-1500:])
        return
    runs = json.loads(proc.stdout.decode().strip().splitlines()[-1])
    for key, label in (("stop_s", "say_now -> old clip silenced"),
                       ("say_now_return_s", "say_now call returns (wait=False)"),
                       ("first_frame_s", "say_now -> first emergency frame to device")):
        vals = [r[key] for r in runs]
        print(f"{label:42s}{ms(statistics.median(vals))}  (runs: {', '.join(f'{1000 * v:.1f}' for v in vals)} ms)")
    # In the recording: the silence between the cut-off sentence and the emergency.
    emergency = Synthesizer().synthesize(EMERGENCY)
    found, at = find_clip(rec, emergency.samples, emergency.sample_rate)
    frame = int(rec.rate * 0.01)
    before = rec.samples[: int(at * rec.rate)].astype(np.float64)
    n = len(before) // frame
    rms = np.sqrt((before[: n * frame].reshape(n, frame) ** 2).mean(axis=1)) if n else np.array([])
    loud = np.flatnonzero(rms > 200)
    lead_in = int(np.argmax(np.abs(emergency.samples.astype(np.int32)) > 600)) / emergency.sample_rate
    if found > 0.5 and len(loud):
        gap = at + lead_in - (loud[-1] + 1) * 0.01
        print(f"recorded gap: old speech -> emergency speech {ms(gap)}  "
              f"(last match in recording; {found:.0%} of the message found; "
              f"includes {1000 * lead_in:.0f} ms of leading silence in the clip)")
    else:
        print(f"recorded gap: emergency message not located (found {found:.0%})")


def main() -> None:
    print("== synthesis (pyttsx3 2.99 + espeak-ng, in-process) ==")
    bench_synthesis()
    print("== say_now in the audio room (PulseAudio null sink) ==")
    bench_say_now()


if __name__ == "__main__":
    main()
