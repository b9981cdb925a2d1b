"""`twitchcheck model`: which speech model is in use and where; download on request."""

from __future__ import annotations

import argparse
import sys

from voice.asr.model import DOWNLOAD_COMMAND, RecognizerError, choose_engine, model_status
from voice.exitcodes import ExitCode


def run_model(args: argparse.Namespace) -> ExitCode:
    try:
        choice = choose_engine("auto", args.model, allow_download=args.download)
    except RecognizerError as exc:
        print(f"twitchcheck: {exc}", file=sys.stderr)
        return ExitCode.FAULT
    print(model_status(choice).describe())
    if choice.engine != "vosk" and not args.download and not choice.notice:
        print(f"Run '{DOWNLOAD_COMMAND}' to fetch the small US-English Vosk model (about 40 MB).")
    return ExitCode.COMPLETED
