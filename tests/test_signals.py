"""`voice.signals`: a signal always ends the program, whatever its main thread is doing.

Each case runs a small real process (signals cannot be sent to pytest's own).
"""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
import time

import pytest

PRELUDE = """
import sys, threading
from voice.signals import Interrupted, install
signals = install()
"""


def start(body: str) -> subprocess.Popen[str]:
    proc = subprocess.Popen([sys.executable, "-c", PRELUDE + textwrap.dedent(body)], text=True,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "ready"
    return proc


def test_a_main_thread_stuck_in_a_wait_without_timeout_still_exits_with_the_code() -> None:
    # The spoken check's hang after an emergency: the main thread waiting in C, no timeout.
    proc = start("""
        signals.mode = "poll"
        threading.Thread(target=threading.Event().wait, daemon=True).start()  # another thread
        print("ready", flush=True)
        threading.Event().wait()
    """)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130
    assert "did not end in time" in err and "Traceback" not in err


def test_a_second_signal_ends_it_at_once_with_the_emergency_code_after_an_emergency() -> None:
    proc = start("""
        signals.mode = "poll"
        signals.emergency_given = lambda: True
        print("ready", flush=True)
        threading.Event().wait()
    """)
    proc.send_signal(signal.SIGINT)
    time.sleep(0.3)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=3)  # well inside the grace time
    assert proc.returncode == 4
    assert "did not end in time" not in err


@pytest.mark.parametrize("signum, name", [(signal.SIGTERM, "SIGTERM"), (signal.SIGHUP, "SIGHUP")])
def test_a_wait_for_input_is_cut_short_and_the_program_ends_its_own_way(signum: int, name: str) -> None:
    proc = start("""
        signals.mode = "poll"
        print("ready", flush=True)
        try:
            with signals.interruptible():
                sys.stdin.readline()
        except Interrupted as exc:
            print("interrupted", exc.signum, flush=True)
    """)
    proc.send_signal(signum)
    assert proc.stdout is not None and proc.stdin is not None
    line = proc.stdout.readline()  # stdin stays open: only the signal can end the read
    proc.stdin.close()
    proc.wait(timeout=10)
    assert line.split() == ["interrupted", str(int(signum))]
    assert proc.returncode == 0


def test_before_the_check_begins_a_signal_ends_the_program_at_once() -> None:
    proc = start("""
        print("ready", flush=True)
        import time
        while True:
            time.sleep(0.01)  # loading models, opening devices: nothing known yet
    """)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=3)
    assert proc.returncode == 143 and "Traceback" not in err
