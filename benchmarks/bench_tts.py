"""Speech output figures: engine start, synthesis, cache hits, and say_now latency.

Run from the repository root: `.venv/bin/python -m benchmarks.bench_tts`.
The say_now figures are measured in the virtual audio room (PulseAudio null sink):
from the output stream's callbacks, and from `spk.monitor` recorded in the same process
(so say_now and the recorded audio share one clock). The idle figures are the CPU used
by a Speaker whose persistent stream plays silence, in the process and in PulseAudio.
Prints figures; asserts nothing.
"""

from __future__ import annotations

import json
import statistics
import tempfile
import time
from pathlib import Path

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
from voice.speech.voice import Voice
v = Voice.create(print_fallback=print)
v.prepare([EMERGENCY, LONG])
time.sleep(2.5)  # session start-up: a new PulseAudio stream waits ~1.8 s before it is pulled
v.say(LONG, wait=False)
while v.current.played_seconds < 1.5:
    time.sleep(0.005)
long_handle = v.current
latency = v._speaker.output_latency
if FRESH:  # for comparison: a new stream for the emergency, as with one stream per clip
    v.close()
t0 = time.monotonic()
v.say_now(EMERGENCY, wait=False)
t1 = time.monotonic()
em = v.current
v.wait()
speaker = v._speaker
print(json.dumps({"stop_s": long_handle.ended_at - t0, "say_now_return_s": t1 - t0,
                  "first_frame_s": em.first_frame_at - t0, "long_played_s": long_handle.played_seconds,
                  "latency_s": latency, "rate": speaker.rate, "channels": speaker.channels,
                  "blocksize": speaker.blocksize, "underflows": speaker.underflows}))
"""

IDLE_CHILD = """
import json, resource, time

def cpu_now():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime

def server_cpu():
    with open(f"/proc/{PULSE_PID}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK

def window(seconds):
    c0, s0, w0 = cpu_now(), server_cpu(), time.monotonic()
    time.sleep(seconds)
    wall = time.monotonic() - w0
    return 100 * (cpu_now() - c0) / wall, 100 * (server_cpu() - s0) / wall

import sounddevice  # noqa: F401 - loaded in the baseline too
from voice.audio.playback import Speaker
result = {"baseline": window(SECONDS)}
for blocksize in BLOCKSIZES:
    speaker = Speaker(blocksize=blocksize)
    time.sleep(2.5)
    n0 = speaker.callback_count
    w0 = time.monotonic()
    proc, server = window(SECONDS)
    result[str(speaker.blocksize)] = {
        "process": proc, "server": server, "latency_s": speaker.output_latency,
        "callbacks_per_s": (speaker.callback_count - n0) / (time.monotonic() - w0),
        "active": speaker.stream_active}
    speaker.close()
print(json.dumps(result))
"""


def ms(x: float) -> str:
    return f"{1000 * x:7.1f} ms"


def bench_synthesis() -> None:
    from voice.speech.tts import Synthesizer
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


def _record_while(room, out: Path, code: str):
    """Like `tests.speechfixtures.record_while`, but recording at the sink's own 22,050 Hz:
    resampling to 16 kHz made the recording drift against the clips by tens of ms."""
    import signal
    import subprocess

    from tests.speechfixtures import read_wav, run_python
    recorder = subprocess.Popen(["parecord", "-d", "spk.monitor", "--file-format=wav", "--rate=22050",
                                 "--channels=1", "--format=s16le", str(out)], env=room.env)
    try:
        time.sleep(2.5)  # parecord's first ~2 s were measured to be partly missing
        proc = run_python(code, env=room.env)
        time.sleep(1.5)
    finally:
        recorder.send_signal(signal.SIGINT)
        recorder.wait(timeout=10)
    return proc, read_wav(out)


def _recorded_say_now(rec, run: dict, long_clip, emergency) -> dict:
    """Locate the cut and the emergency in a recording of spk.monitor, relative to say_now.

    The recording has its own clock, so say_now is placed on it through the long clip: the
    clip starts at `long_at` in the recording, and at say_now `long_played_s` of it had been
    handed to the device, of which the last `latency_s` was not heard yet.
    """
    import numpy as np

    from tests.speechfixtures import find_clip
    rate = long_clip.sample_rate
    _, long_at = find_clip(rec, long_clip.samples[: int(1.4 * rate)], rate)
    # The message's opening only: parecord's recording was seen to drop ~0.1 s of audio
    # now and then, which would shift the median origin of the whole message.
    em_rate = emergency.sample_rate
    found, em_at = find_clip(rec, emergency.samples[: int(1.2 * em_rate)], em_rate)
    t0 = long_at + run["long_played_s"] - run["latency_s"]
    frame = int(rec.rate * 0.005)
    seg = rec.samples[int(long_at * rec.rate): int(em_at * rec.rate)].astype(np.int32)
    n = len(seg) // frame
    loud = np.flatnonzero(np.abs(seg[: n * frame].reshape(n, frame)).max(axis=1) > 600)
    cut = long_at + (loud[-1] + 1) * 0.005 if len(loud) else float("nan")
    lead_in = int(np.argmax(np.abs(emergency.samples.astype(np.int32)) > 600)) / emergency.sample_rate
    return {"found": found, "rec_first_s": em_at - t0, "rec_voice_s": em_at + lead_in - t0,
            "rec_cut_s": cut - t0, "rec_gap_s": em_at + lead_in - cut}


def bench_say_now(runs: int = 3) -> None:
    from tests.audioroom import AudioRoom, AudioRoomUnavailable
    from voice.speech.tts import Synthesizer
    synth = Synthesizer()
    long_clip, emergency = synth.synthesize(LONG), synth.synthesize(EMERGENCY)
    results: dict[bool, list[dict]] = {False: [], True: []}
    for fresh in [False] * runs + [True]:
        try:
            room = AudioRoom().start()
        except AudioRoomUnavailable as exc:
            print(f"say_now latency: audio room unavailable ({exc})")
            return
        try:  # one run per recording, recorded with parecord as in the tests
            with tempfile.TemporaryDirectory() as d:
                child = f"EMERGENCY = {EMERGENCY!r}\nLONG = {LONG!r}\nFRESH = {fresh}\n"
                proc, rec = _record_while(room, Path(d) / "spk.wav", child + ROOM_CHILD)
        finally:
            room.stop()
        if proc.returncode != 0:
            print("say_now run failed:", proc.stderr.decode(errors="replace")[-1500:])
            return
        run = json.loads(proc.stdout.decode().strip().splitlines()[-1])
        run.update(_recorded_say_now(rec, run, long_clip, emergency))
        results[fresh].append(run)
    persistent = results[False]
    info = persistent[0]
    print(f"persistent stream: {info['rate']} Hz x{info['channels']}, block {info['blocksize']} frames "
          f"({1000 * info['blocksize'] / info['rate']:.1f} ms), reported output latency "
          f"{ms(info['latency_s']).strip()}, underflows {sum(r['underflows'] for r in persistent)}")
    for key, label in (("say_now_return_s", "say_now call returns (wait=False)"),
                       ("stop_s", "say_now -> old clip ended (heard, est.)"),
                       ("first_frame_s", "say_now -> first emergency frame heard (est.)"),
                       ("rec_cut_s", "recorded: say_now -> old speech silent"),
                       ("rec_first_s", "recorded: say_now -> emergency clip starts"),
                       ("rec_voice_s", "recorded: say_now -> emergency speech"),
                       ("rec_gap_s", "recorded: old speech -> emergency speech gap")):
        vals = [r[key] for r in persistent]
        print(f"{label:48s}{ms(statistics.median(vals))}  "
              f"(runs: {', '.join(f'{1000 * v:.1f}' for v in vals)} ms)")
    print("  (recordings of spk.monitor by parecord; say_now placed on the recording through the "
          "long clip's position; 'speech' includes the clip's leading silence; found "
          + ", ".join(f"{r['found']:.0%}" for r in persistent) + " of the message's opening)")
    fresh_run = results[True][0]
    print(f"{'a new stream per clip instead (for comparison):':48s}{ms(fresh_run['rec_first_s'])}  "
          f"(recorded: say_now -> emergency clip starts; found {fresh_run['found']:.0%})")


def bench_idle_cpu(seconds: float = 10.0) -> None:
    import os

    from tests.audioroom import AudioRoom, AudioRoomUnavailable
    from tests.speechfixtures import run_python
    try:
        room = AudioRoom().start()
    except AudioRoomUnavailable as exc:
        print(f"idle CPU: audio room unavailable ({exc})")
        return
    try:
        pid = int((room.runtime_dir / "pulse" / "pid").read_text().split()[0])
        child = (f"PULSE_PID = {pid}\nCLK_TCK = {os.sysconf('SC_CLK_TCK')}\nSECONDS = {seconds}\n"
                 f"BLOCKSIZES = [None, 512]\n")
        proc = run_python(child + IDLE_CHILD, env=room.env)
    finally:
        room.stop()
    if proc.returncode != 0:
        print("idle CPU run failed:", proc.stderr.decode(errors="replace")[-1500:])
        return
    result = json.loads(proc.stdout.decode().strip().splitlines()[-1])
    base_proc, base_server = result.pop("baseline")
    print(f"no stream (baseline, {seconds:.0f} s)            process {base_proc:5.2f} %   "
          f"pulseaudio {base_server:5.2f} %  (% of one core)")
    for block, r in result.items():
        print(f"idle stream, block {int(block):4d} ({1000 * r['latency_s']:4.1f} ms latency)  "
              f"process {r['process']:5.2f} %   pulseaudio {r['server']:5.2f} %  "
              f"({r['callbacks_per_s']:.0f} callbacks/s, active {r['active']})")


def main() -> None:
    print("== synthesis (pyttsx3 2.99 + espeak-ng, in-process) ==")
    bench_synthesis()
    print("== say_now in the audio room (PulseAudio null sink), persistent stream ==")
    bench_say_now()
    print("== idle output stream CPU (audio room, 2 cores; % of one core) ==")
    bench_idle_cpu()


if __name__ == "__main__":
    main()
