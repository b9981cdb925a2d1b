"""A virtual audio room for end-to-end tests: PulseAudio null devices.

`micfeed` is a null sink whose monitor is remapped as the default source
`mic`: whatever a test plays into `micfeed` is what the skill hears. The
default sink `spk` is where the skill speaks; a test records `spk.monitor`.
No sound card is needed. This is real audio through real devices, not a fake.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path


class AudioRoomUnavailable(RuntimeError):
    pass


class AudioRoom:
    def __init__(self) -> None:
        self.runtime_dir = Path(tempfile.mkdtemp(prefix="twitchcheck-pulse-"))
        self.env = dict(os.environ, XDG_RUNTIME_DIR=str(self.runtime_dir),
                        PULSE_RUNTIME_PATH=str(self.runtime_dir / "pulse"))
        self._recorders: list[subprocess.Popen[bytes]] = []

    def start(self) -> AudioRoom:
        if shutil.which("pulseaudio") is None or shutil.which("pactl") is None:
            raise AudioRoomUnavailable("pulseaudio and pactl are not installed")
        cmd = [
            "pulseaudio", "-D", "--exit-idle-time=-1", "-n", "--system=false",
            "--disallow-exit=false", "--log-target=stderr",
            "--load=module-native-protocol-unix",
            "--load=module-null-sink sink_name=spk rate=22050",
            "--load=module-null-sink sink_name=micfeed rate=16000",
            "--load=module-remap-source source_name=mic master=micfeed.monitor",
        ]
        subprocess.run(cmd, env=self.env, check=True, capture_output=True, timeout=20)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.pactl("info", check=False).returncode == 0:
                break
            time.sleep(0.1)
        else:
            raise AudioRoomUnavailable("pulseaudio did not come up")
        self.pactl("set-default-source", "mic")
        self.pactl("set-default-sink", "spk")
        return self

    def pactl(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["pactl", *args], env=self.env, check=check, capture_output=True,
                              text=True, timeout=10)

    def play_into_mic(self, wav: Path, *, wait: bool = True) -> subprocess.Popen[bytes]:
        """Play a WAV file into the virtual microphone (what the skill will hear)."""
        proc = subprocess.Popen(["paplay", "-d", "micfeed", str(wav)], env=self.env)
        if wait:
            proc.wait(timeout=120)
        return proc

    def record_speaker(self, out: Path) -> subprocess.Popen[bytes]:
        """Start recording what is played on the default speaker into `out` (WAV)."""
        proc = subprocess.Popen(
            ["parecord", "-d", "spk.monitor", "--file-format=wav", "--rate=16000",
             "--channels=1", "--format=s16le", str(out)], env=self.env)
        self._recorders.append(proc)
        return proc

    def stop(self) -> None:
        for proc in self._recorders:
            if proc.poll() is None:
                proc.send_signal(signal.SIGINT)
                try:
                    proc.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    proc.kill()
        self.pactl("exit", check=False)
        shutil.rmtree(self.runtime_dir, ignore_errors=True)

    def __enter__(self) -> AudioRoom:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
