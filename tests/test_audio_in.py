"""Audio sources: WAV files of any format, and a real microphone via the audio room."""

from __future__ import annotations

import subprocess
import sys
import wave
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from tests.audioroom import AudioRoom
from tests.voicefixtures import convert, no_sound_env, run_python
from voice.asr.sphinx_engine import SphinxRecognizer
from voice.audio.capture import AudioFileError, FileSource, read_wav_16k

PHRASE = "i have trouble breathing"


def transcribe(pcm16: bytes) -> str:
    rec = SphinxRecognizer()
    rec.accept(pcm16)
    return rec.final().text


@pytest.mark.slow
@pytest.mark.parametrize("rate,channels", [(8000, 1), (22050, 1), (44100, 2)])
def test_file_source_any_rate_and_channels_becomes_16k_speech(
        say: Callable[[str], Path], tmp_path: Path, rate: int, channels: int) -> None:
    src = convert(say(PHRASE), tmp_path / f"in_{rate}_{channels}.wav", rate=rate, channels=channels)
    with wave.open(str(src)) as w:
        assert (w.getframerate(), w.getnchannels()) == (rate, channels)
        seconds = w.getnframes() / rate
    chunks = list(FileSource([src], pad_seconds=0.5))
    assert all(len(c) == 960 for c in chunks[:-1])  # 30 ms at 16 kHz mono int16
    total = sum(len(c) for c in chunks) / 2 / 16000
    assert total == pytest.approx(seconds + 0.5, abs=0.02)
    if rate == 8000:
        # Telephone-band audio lacks what a 16 kHz acoustic model listens for, so
        # recognition is a coin toss even after a perfect conversion: compare
        # with sox's own conversion instead.
        reference = convert(src, tmp_path / "sox16.wav", rate=16000)
        with wave.open(str(reference)) as w:
            ref = np.frombuffer(w.readframes(w.getnframes()), dtype=np.int16).astype(float)
        ours = np.frombuffer(b"".join(chunks), dtype=np.int16).astype(float)
        n = ref.size - 100
        # Our filter is causal (about 1 ms late); sox's is not. Allow for the lag.
        best = max(np.corrcoef(ref[:n], ours[lag:lag + n])[0, 1] for lag in range(0, 80))
        assert best > 0.95
    else:
        assert transcribe(b"".join(chunks)) == PHRASE


@pytest.mark.slow
def test_file_source_plays_files_in_order_with_a_pause_between(
        say: Callable[[str], Path]) -> None:
    first, second = say(PHRASE), say("about three weeks")
    both = b"".join(FileSource([first, second], pad_seconds=1.0))
    one = read_wav_16k(first)
    assert both[: len(one)] == one
    assert both[len(one): len(one) + 32000] == bytes(32000)  # one second of silence
    assert transcribe(both[len(one) + 32000:]) == "about three weeks"


def test_file_source_realtime_yields_the_same_audio(say: Callable[[str], Path]) -> None:
    path = say("yes")
    assert b"".join(FileSource([path], realtime=True, pad_seconds=0.1)) == \
        b"".join(FileSource([path], pad_seconds=0.1))


def test_missing_or_bad_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(AudioFileError, match="not found"):
        FileSource([tmp_path / "nope.wav"])
    bad = tmp_path / "notes.wav"
    bad.write_text("this is not audio")
    with pytest.raises(AudioFileError, match="not a WAV file"):
        FileSource([bad])


MIC_SCRIPT = """
import sys
from voice.audio.capture import Microphone
from voice.asr.sphinx_engine import SphinxRecognizer
rate = int(sys.argv[1]) or None
rec = SphinxRecognizer()
with Microphone(capture_rate=rate) as mic:
    print("READY", mic.capture_rate, flush=True)
    for chunk in mic.chunks(float(sys.argv[2])):
        rec.accept(chunk)
    print("HEARD", rec.final().text, flush=True)
    print("OVERFLOWS", mic.overflows, flush=True)
"""


def _start(room: AudioRoom, script: str, *args: str) -> subprocess.Popen[str]:
    proc = subprocess.Popen([sys.executable, "-c", script, *args], env=room.env,
                            cwd=Path(__file__).resolve().parent.parent,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    line = proc.stdout.readline()
    assert line.startswith("READY"), line + proc.stderr.read() if proc.stderr else line
    return proc


@pytest.mark.audio
@pytest.mark.slow
@pytest.mark.parametrize("capture_rate", [0, 44100, 48000])
def test_microphone_hears_speech_played_into_the_virtual_mic(
        audio_room: AudioRoom, say: Callable[[str], Path], capture_rate: int) -> None:
    proc = _start(audio_room, MIC_SCRIPT, str(capture_rate), "4.0")
    audio_room.play_into_mic(say(PHRASE))
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert f"HEARD {PHRASE}" in out


LOST_SCRIPT = """
from voice.audio.capture import Microphone, AudioDeviceError
mic = Microphone(stall_seconds=1.0).open()
print("READY", flush=True)
try:
    while True:
        mic.read()
except AudioDeviceError as exc:
    print("LOST", exc, flush=True)
"""


@pytest.mark.audio
def test_microphone_lost_mid_stream_is_a_clear_error() -> None:
    room = AudioRoom().start()
    try:
        proc = _start(room, LOST_SCRIPT)
    finally:
        room.stop()  # the sound server goes away under the open stream
    out, err = proc.communicate(timeout=60)
    assert "LOST The microphone" in out, out + err
    assert "stopped working" in out


@pytest.mark.audio
def test_no_input_device_gives_no_microphone_error() -> None:
    result = run_python("""
        from voice.audio.capture import Microphone, NoMicrophoneError
        try:
            Microphone().open()
        except NoMicrophoneError as exc:
            print("NOMIC", exc)
    """, no_sound_env())
    assert "NOMIC No microphone found" in result.stdout, result.stdout + result.stderr
