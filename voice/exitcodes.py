"""Exit codes of the `twitchcheck` command; README.md lists them for people."""

from __future__ import annotations

import signal
from enum import IntEnum


class ExitCode(IntEnum):
    COMPLETED = 0
    """The check ran to its outcome."""
    USAGE = 2
    """Bad command-line options, or a --summary / --transcript path that cannot be written."""
    NOT_FINISHED = 3
    """The person stopped, or the input ended before the last question."""
    EMERGENCY = 4
    """A red flag was heard; the emergency message was given (whatever ended the program after)."""
    FAULT = 5
    """Nothing to run on: no model, no audio device, no speech engine where one was required."""
    HANGUP = 128 + signal.SIGHUP
    """SIGHUP (the terminal closed): handled like Ctrl-C."""
    INTERRUPTED = 128 + signal.SIGINT
    """Ctrl-C."""
    TERMINATED = 128 + signal.SIGTERM
    """SIGTERM: handled like Ctrl-C."""


END_CODES = {"finished": ExitCode.COMPLETED, "stopped": ExitCode.NOT_FINISHED,
             "end_of_input": ExitCode.NOT_FINISHED, "emergency": ExitCode.EMERGENCY}
"""The exit code for each way a conversation ends (`models.events.End.reason`)."""


def for_signal(signum: int) -> ExitCode:
    """The exit code for a check ended by a signal (before any emergency)."""
    return {signal.SIGHUP: ExitCode.HANGUP, signal.SIGTERM: ExitCode.TERMINATED}.get(
        signal.Signals(signum), ExitCode.INTERRUPTED)
