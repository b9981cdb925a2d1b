"""Exit codes of the `twitchcheck` command; README.md lists them for people."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    COMPLETED = 0
    """The check ran to its outcome."""
    USAGE = 2
    """Bad command-line options."""
    NOT_FINISHED = 3
    """The person stopped, or the input ended before the last question."""
    EMERGENCY = 4
    """A red flag was heard; the emergency message was given."""
    FAULT = 5
    """Nothing to run on: no model, no audio device, no speech engine where one was required."""
    INTERRUPTED = 130
    """Ctrl-C."""


END_CODES = {"finished": ExitCode.COMPLETED, "stopped": ExitCode.NOT_FINISHED,
             "end_of_input": ExitCode.NOT_FINISHED, "emergency": ExitCode.EMERGENCY}
"""The exit code for each way a conversation ends (`models.events.End.reason`)."""
