"""`twitchcheck detect`: one JSON line per utterance with the red flags that escalate."""

from __future__ import annotations

import json
import sys

from dialog.load import default_protocol
from dialog.redflags import RedFlagDetector
from voice.exitcodes import ExitCode
from voice.lines import read_lines


def run_detect(*, spoken: bool = False) -> ExitCode:
    detector = RedFlagDetector(default_protocol().red_flags, spoken=spoken)
    try:
        for line in read_lines(sys.stdin.buffer):
            found = detector.detect(line)
            sys.stdout.write(json.dumps({"text": line, "red_flags": list(found.red_flags)}) + "\n")
            sys.stdout.flush()
    except KeyboardInterrupt:
        return ExitCode.INTERRUPTED
    return ExitCode.COMPLETED
