"""Satellite audio figures: spoken checks over Wyoming against the real `twitchcheck
serve` process on loopback (PocketSphinx), clients streaming the Piper patient's voice
as `audio-chunk` events at the speed of speech.

Run: .venv/bin/python -m benchmarks.bench_satellite
Per concurrency level N (N checks started together), each check answers "no" to the
first question, then says a red flag mid-sentence in its second answer:
- heard lag: from the end of "no" (the person's last sample) to the `heard` event;
  it includes the 0.7 s of silence that ends an utterance;
- red flag -> first emergency audio chunk: from the moment the last sample of the
  red-flag words was sent to the moment the first chunk of the emergency message
  arrived back, while the person is still talking;
- CPU per second of audio: the server's CPU seconds / seconds of audio streamed to it
  (recognition of three channels, endpointing, synthesis): a real-time factor per
  check, so 2 cores hold about 2 / that many checks in real time;
- memory per spoken check: the server's RSS with N checks open (recognizers loaded,
  first question asked) minus before, over N.
Figures are printed, never asserted.
"""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
from pathlib import Path

from wyoming.audio import AudioChunk, AudioStart, AudioStop
from wyoming.client import AsyncTcpClient
from wyoming.event import Event

from benchmarks.bench_voice import RATE, make_audio
from benchmarks.serveprocess import cpu_seconds, free_port, rss_kib, start_server

LEVELS = (1, 2, 4, 6, 8)
CHUNK_SECONDS = 0.03
CHECK_DEADLINE = 150.0
MEMORY_CHECKS = 4








def pcm_of(path: Path) -> bytes:
    import wave
    with wave.open(str(path), "rb") as w:
        return w.readframes(w.getnframes())


class Check:
    """One satellite: its events with arrival times, and the audio it streamed."""

    def __init__(self, client: AsyncTcpClient) -> None:
        self.client = client
        self.events: list[tuple[float, Event]] = []
        self.changed = asyncio.Event()
        self.streamed = 0.0

    async def read(self) -> None:
        try:
            while (event := await self.client.read_event()) is not None:
                self.events.append((time.monotonic(), event))
                self.changed.set()
        except ConnectionError:
            pass
        self.changed.set()

    def skill(self, kind: str) -> list[tuple[float, dict]]:
        return [(t, x) for t, e in self.events if e.type == "handled"
                for x in e.data["context"]["events"] if x.get("type") == kind]

    async def until(self, test, timeout: float) -> None:  # type: ignore[no-untyped-def]
        deadline = time.monotonic() + timeout
        while not test():
            self.changed.clear()
            await asyncio.wait_for(self.changed.wait(), max(0.01, deadline - time.monotonic()))

    async def stream(self, pcm: bytes, mark: int | None = None) -> tuple[float, float | None]:
        """Send at the speed of speech; (time the last sample went, time sample `mark` went)."""
        await self.client.write_event(AudioStart(rate=RATE, width=2, channels=1).event())
        step = int(CHUNK_SECONDS * RATE) * 2
        begun, marked = time.monotonic(), None
        for n, i in enumerate(range(0, len(pcm), step)):
            await self.client.write_event(AudioChunk(rate=RATE, width=2, channels=1,
                                                     audio=pcm[i:i + step]).event())
            if mark is not None and marked is None and i + step >= 2 * mark:
                marked = time.monotonic()
            delay = begun + (n + 1) * CHUNK_SECONDS - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
        self.streamed += len(pcm) / 2 / RATE
        last = time.monotonic()
        await self.client.write_event(AudioStop().event())
        return last, marked


async def one_check(port: int, no: bytes, redflag: bytes, mark: int, no_speech: int) -> dict[str, float]:
    async with AsyncTcpClient("127.0.0.1", port) as client:
        check = Check(client)
        reader = asyncio.create_task(check.read())
        await client.write_event(AudioStart(rate=RATE, width=2, channels=1).event())
        await check.until(lambda: len(check.skill("listening")) >= 1, CHECK_DEADLINE)
        said_at, _ = await check.stream(no)
        end_of_no = said_at - (len(no) / 2 - no_speech) / RATE  # the trailing silence is not speech
        await check.until(lambda: len(check.skill("heard")) >= 1, CHECK_DEADLINE)
        heard_lag = check.skill("heard")[0][0] - end_of_no
        await check.until(lambda: len(check.skill("listening")) >= 2 or check.skill("emergency"),
                          CHECK_DEADLINE)
        _, marked = await check.stream(redflag, mark)
        await check.until(lambda: bool(check.skill("emergency")), CHECK_DEADLINE)
        raised = check.skill("emergency")[0][0]
        await check.until(lambda: any(e.type == "audio-chunk" and t >= raised for t, e in check.events),
                          CHECK_DEADLINE)
        first_audio = next(t for t, e in check.events if e.type == "audio-chunk" and t >= raised)
        reader.cancel()
        assert marked is not None
        return {"heard_lag": heard_lag, "to_audio": first_audio - marked, "streamed": check.streamed}


async def level(port: int, n: int, audio: tuple[bytes, bytes, int, int]) -> list[dict[str, float]]:
    no, redflag, mark, no_speech = audio
    return list(await asyncio.gather(*(one_check(port, no, redflag, mark, no_speech) for _ in range(n))))


async def hold_open(port: int, n: int, pid: int) -> int:
    """RSS with n checks open, each past its first question."""
    clients = [AsyncTcpClient("127.0.0.1", port) for _ in range(n)]
    checks = []
    for client in clients:
        await client.connect()
        check = Check(client)
        checks.append((check, asyncio.create_task(check.read())))
        await client.write_event(AudioStart(rate=16000, width=2, channels=1).event())
    for check, _ in checks:
        await check.until(lambda c=check: len(c.skill("listening")) >= 1, CHECK_DEADLINE)
    rss = rss_kib(pid)
    for (check, task), client in zip(checks, clients):
        task.cancel()
        await client.disconnect()
    return rss




def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        redflag_path, mark, no_path = make_audio(Path(tmp))
        no, redflag = pcm_of(no_path), pcm_of(redflag_path)
        no_speech = RATE // 2  # make_audio ends "no" with half a second of silence
        port = free_port()
        server = start_server(port, "--asr", "pocketsphinx", "--max-audio", "16")
        try:
            base = rss_kib(server.pid)
            held = asyncio.run(hold_open(port, MEMORY_CHECKS, server.pid))
            print(f"server memory at start: {base / 1024:.0f} MB; with {MEMORY_CHECKS} spoken checks open: "
                  f"{held / 1024:.0f} MB, {(held - base) / 1024 / MEMORY_CHECKS:.0f} MB per spoken check "
                  "(PocketSphinx: safety channel and spotter decoders, plus synthesis)")
            time.sleep(2.0)  # let the held checks' threads end
            for n in LEVELS:
                cpu0, t0 = cpu_seconds(server.pid), time.monotonic()
                results = asyncio.run(level(port, n, (no, redflag, mark, no_speech)))
                cpu = cpu_seconds(server.pid) - cpu0
                streamed = sum(r["streamed"] for r in results)
                lags = [r["heard_lag"] for r in results]
                to_audio = [r["to_audio"] for r in results]
                print(f"{n} at once ({time.monotonic() - t0:.0f} s): heard lag p50 {statistics.median(lags):.2f} s "
                      f"max {max(lags):.2f} s; red flag -> first emergency audio p50 "
                      f"{statistics.median(to_audio):.2f} s max {max(to_audio):.2f} s; server CPU "
                      f"{cpu / streamed:.2f} s per second of audio streamed", flush=True)
                time.sleep(2.0)
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
