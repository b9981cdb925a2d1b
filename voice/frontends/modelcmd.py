"""`twitchcheck model`: which speech model is in use and where; download on request."""

from __future__ import annotations

import argparse
import sys

from voice.asr.base import RecognizerError
from voice.asr.model import (
    DOWNLOAD_COMMAND,
    choose_engine,
    download_vosk_model,
    find_vosk_model,
    model_status,
)
from voice.exitcodes import ExitCode


def run_model(args: argparse.Namespace) -> ExitCode:
    try:
        if args.download and find_vosk_model(args.model) is None:
            try:
                download_vosk_model()
            except RecognizerError as exc:
                # one line: make run's set-up shows it as it is and goes on
                print(f"twitchcheck: no Vosk speech model yet. {exc} Until then the spoken check "
                      "uses PocketSphinx.", file=sys.stderr)
                return ExitCode.FAULT
        choice = choose_engine("auto", args.model)
    except RecognizerError as exc:
        print(f"twitchcheck: {exc}", file=sys.stderr)
        return ExitCode.FAULT
    print(model_status(choice).describe())
    if choice.engine != "vosk" and not args.download and not choice.notice:
        print(f"Run '{DOWNLOAD_COMMAND}' to fetch the small US-English Vosk model (about 40 MB).")
    return ExitCode.COMPLETED
