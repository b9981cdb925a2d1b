"""Ctrl-C (SIGINT), SIGTERM and SIGHUP: one request to end the check, handled like Ctrl-C.

Why a thread that waits for the signals rather than a handler: PortAudio, the
sound server client and the speech engine run threads of their own, and the
kernel may hand a signal to any of them. Python then only sets a flag that the
main thread reads when it next runs Python code; a main thread waiting in C
without a timeout never does, which is how the spoken check twice failed to
exit on Ctrl-C after an emergency. So the three signals are blocked in every
thread (threads inherit the mask of the main thread, which blocks them before
any other thread exists) and one thread takes them with `sigwait`.

That thread records the request and acts on it as `Signals.mode` says: at once
when nothing is known yet; at the next `check()` while a check runs; or, while
the main thread waits for a typed line, by sending it SIGUSR1, whose handler
raises `Interrupted` and so cuts the blocking read short. A second signal, or a check still running `GRACE_SECONDS` after the first,
ends the process at once with the same exit code: leaving is never refused.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Literal

from voice.exitcodes import ExitCode, for_signal

SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
GRACE_SECONDS = 5.0
"""Time to write the outcome, the summary and the end of the transcript."""


class Interrupted(KeyboardInterrupt):
    """The person (Ctrl-C) or the system (SIGTERM, SIGHUP) asked the check to end."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


Mode = Literal["exit", "poll", "raise"]


class Signals:
    """Installed once, by `main`, before any other thread starts.

    What a signal does depends on what the main thread is doing (`mode`):
    - "exit": nothing is known yet (loading, setting up devices): leave at once.
    - "poll": a check is running; the main thread calls `check()` often (the spoken
      loop) or between lines (the typed check), and ends the check there, so that no
      exception is ever raised in the middle of other code (one raised inside
      pydantic's validator building turned into a SchemaError).
    - "raise": the main thread is waiting for the person's next line; the wait is
      cut short by raising `Interrupted` there.
    """

    def __init__(self, grace_seconds: float = GRACE_SECONDS) -> None:
        self.grace_seconds = grace_seconds
        self.received: int | None = None
        self.emergency_given: Callable[[], bool] = lambda: False
        """Set by whoever knows: a forced exit after an emergency still exits 4."""
        self.mode: Mode = "exit"
        self._raised = False
        self._main = threading.main_thread().ident

    def install(self) -> Signals:
        if threading.current_thread() is not threading.main_thread():
            return self
        signal.signal(signal.SIGUSR1, self._raise_in_main)
        signal.pthread_sigmask(signal.SIG_BLOCK, SIGNALS)
        threading.Thread(target=self._wait, name="signals", daemon=True).start()
        return self

    def exit_code(self) -> ExitCode:
        if self.emergency_given():
            return ExitCode.EMERGENCY
        return for_signal(self.received or signal.SIGINT)

    def check(self) -> None:
        """Raise `Interrupted` if a signal came and was not acted on yet."""
        if self.received is not None and not self._raised:
            self._raised = True
            raise Interrupted(self.received)

    @contextmanager
    def checking(self) -> Iterator[None]:
        """A check runs in this block: signals wait for `check()`."""
        self.mode = "poll"
        yield
        self.check()

    @contextmanager
    def interruptible(self) -> Iterator[None]:
        """A wait for input: a signal ends it at once with `Interrupted`."""
        self.mode = "raise"
        try:
            self.check()
            yield
        finally:
            self.mode = "poll"

    # the signal thread -------------------------------------------------------------
    def _wait(self) -> None:
        self.received = signal.sigwait(SIGNALS)
        if self.mode == "exit":
            os._exit(int(self.exit_code()))
        if self.mode == "raise":
            signal.pthread_kill(self._main, signal.SIGUSR1)  # type: ignore[arg-type]
        again = signal.sigtimedwait(SIGNALS, self.grace_seconds)
        if again is None:
            os.write(2, b"twitchcheck: the check did not end in time after the signal; leaving now.\n")
        os._exit(int(self.exit_code()))  # a second signal: the person insists

    def _raise_in_main(self, signum: int, frame: object) -> None:
        if self.mode == "raise":
            self.check()


_current: Signals | None = None


def install() -> Signals:
    """The process's `Signals` (installed on first call)."""
    global _current
    if _current is None:
        _current = Signals().install()
    return _current


def current() -> Signals:
    """The installed `Signals`, or an uninstalled one (in-process tests: signals stay Python's)."""
    return _current if _current is not None else Signals()


__all__ = ["GRACE_SECONDS", "Interrupted", "Signals", "current", "install"]
