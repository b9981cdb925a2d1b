"""The `twitchcheck` command line."""

from __future__ import annotations

import signal

# Before anything else loads: a Ctrl-C, SIGTERM or SIGHUP from here on waits for
# `voice.signals` (started by `main`), so it never ends in a traceback.
signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM, signal.SIGHUP})

import argparse
import faulthandler
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from voice.exitcodes import ExitCode

if TYPE_CHECKING:
    from models.settings import CheckSettings

COMMANDS = ("detect", "model")


def build_parser() -> argparse.ArgumentParser:
    from models.settings import MAX_NUMBER_DIGITS, CheckSettings
    from voice.frontends.options import bounds

    defaults = CheckSettings()

    def allowed(field: str) -> str:
        low, high = bounds(field)
        return f"{low:g}-{high:g}"

    parser = argparse.ArgumentParser(
        prog="twitchcheck",
        description="A spoken check of muscle twitching that tells you what to do.\n"
                    "General information, not a diagnosis or medical advice.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="other commands (each has its own --help):\n"
               "  twitchcheck serve               serve the check to Home Assistant, voice satellites\n"
               "                                  and other Wyoming clients\n"
               "  twitchcheck detect              read utterances and print the red flags each would raise\n"
               "  twitchcheck model [--download]  show, or fetch, the speech model")
    mode = parser.add_argument_group("mode")
    mode.add_argument("--text", action="store_true", help="typed conversation instead of speech")
    mode.add_argument("--jsonl", action="store_true",
                      help="machine mode: one utterance per input line, one JSON event per output line")
    mode.add_argument("--audio-in", nargs="+", type=Path, metavar="WAV",
                      help="answers from these audio files, one per question, instead of the microphone")
    parser.add_argument("--emergency-number", metavar="NUMBER",
                        help="the number the emergency message tells you to call: digits, a leading +, "
                             f"spaces and dashes, at most {MAX_NUMBER_DIGITS} digits "
                             f"(default: {defaults.emergency_number})")
    parser.add_argument("--summary", type=Path, metavar="PATH",
                        help="write the doctor summary here as Markdown, with JSON and plain text beside it "
                             "(visit.md -> visit.json, visit.txt)")
    parser.add_argument("--transcript", type=Path, metavar="PATH",
                        help="write every event as JSON lines with timestamps, as it happens")
    audio = parser.add_argument_group("speech and audio")
    audio.add_argument("--list-devices", action="store_true", help="list audio devices and exit")
    audio.add_argument("--input-device", metavar="DEV", help="microphone: index or part of its name")
    audio.add_argument("--output-device", metavar="DEV", help="speaker: index or part of its name")
    audio.add_argument("--asr", choices=("auto", "vosk", "pocketsphinx"), default="auto",
                       help="speech recognizer (default: Vosk if a model is found, else PocketSphinx)")
    audio.add_argument("--model", type=Path, metavar="PATH", help="Vosk model folder")
    audio.add_argument("--download-model", action="store_true",
                       help="if no Vosk model is found, download the small US-English one first "
                            "(uses the network, as 'twitchcheck model --download' does; nothing else does)")
    audio.add_argument("--rate", type=int, metavar="WPM",
                       help=f"speaking rate in words per minute ({allowed('rate')})")
    audio.add_argument("--volume", type=float, metavar="0-1", help=f"speaking volume ({allowed('volume')})")
    audio.add_argument("--voice", metavar="NAME", help="speech voice: id or part of its name")
    audio.add_argument("--barge-in", action="store_true",
                       help="keep listening while speaking (for headphones); you can interrupt")
    audio.add_argument("--end-silence", type=float, metavar="SECONDS",
                       help=f"silence that ends an answer ({allowed('end_silence')}; "
                            f"default: {defaults.end_silence:g})")
    audio.add_argument("--reprompt-after", type=float, metavar="SECONDS",
                       help=f"silence before the question is asked again, shorter ({allowed('reprompt_after')}; "
                            f"default: {defaults.reprompt_after:g})")
    audio.add_argument("--no-spotter", action="store_true",
                       help="no red-flag keyphrase spotter beside the recognizer (slower escalation)")
    parser.add_argument("--verbose", action="store_true", help="log details to stderr")
    return parser


def build_model_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="twitchcheck model",
                                     description="Show which speech model is in use and where.")
    parser.add_argument("--model", type=Path, metavar="PATH", help="Vosk model folder to check")
    parser.add_argument("--download", action="store_true",
                        help="download the small US-English Vosk model if none is found")
    return parser


def main(argv: list[str] | None = None) -> int:
    # First of all: from here on Ctrl-C, SIGTERM and SIGHUP end the program cleanly
    # (no traceback, even while the modules below are still loading).
    from voice.signals import install
    signals = install()
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        if argv and argv[0] == "detect":
            from voice.frontends.detectcmd import main_detect
            return main_detect(argv[1:])
        if argv and argv[0] == "serve":
            from voice.frontends.serve.command import main_serve
            return main_serve(argv[1:])
        if argv and argv[0] == "model":
            from voice.frontends.modelcmd import run_model
            return run_model(build_model_parser().parse_args(argv[1:]))
        return run(build_parser().parse_args(argv))
    except SystemExit as exc:  # argparse: --help (0) or a usage error (2)
        return int(exc.code or 0)
    except KeyboardInterrupt:  # a signal before the check began, or in `detect`
        return signals.exit_code()
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): nothing left to say to it.
        from voice.lines import reader_gone
        reader_gone()
        return ExitCode.NOT_FINISHED
    except ValueError as exc:
        # A broken learned red-flag model (a truncated or corrupt install): refuse to run, naming
        # the file. Running on the lexicon alone would silently miss a quarter of the red flags
        # the check is trusted to hear (measured: recall 0.77 alone, 0.93 with it).
        from dialog.redflags.learned import LearnedModelError
        if not isinstance(exc, LearnedModelError):
            raise
        print(f"twitchcheck: {exc}; the red-flag check cannot run without it (reinstall twitchcheck)",
              file=sys.stderr, flush=True)
        return ExitCode.FAULT


def settings_of(args: argparse.Namespace) -> CheckSettings | str:
    """The checked settings, or the message that says what is wrong."""
    from pydantic import ValidationError

    from models.settings import CheckSettings
    from voice.frontends.options import describe_error
    try:
        given = {"emergency_number": args.emergency_number, "rate": args.rate, "volume": args.volume,
                 "end_silence": args.end_silence, "reprompt_after": args.reprompt_after}
        return CheckSettings(**{name: value for name, value in given.items() if value is not None})
    except ValidationError as exc:
        return describe_error(exc)


def run(args: argparse.Namespace) -> int:
    from voice.records import Records, RecordsError
    from voice.signals import current

    if args.list_devices:
        from voice.audio.devices import list_devices
        print(list_devices())
        return ExitCode.COMPLETED
    settings = settings_of(args)
    if isinstance(settings, str):
        for line in settings.splitlines():
            print(f"twitchcheck: {line}", file=sys.stderr)
        return ExitCode.USAGE
    try:
        records = Records(args.summary, args.transcript)
    except RecordsError as exc:
        print(f"twitchcheck: {exc}", file=sys.stderr)
        return ExitCode.USAGE
    current().emergency_given = lambda: records.emergency_given
    try:
        if args.text:
            from voice.frontends.skillmaker import make_skill
            from voice.frontends.typed import run_typed
            return run_typed(make_skill(settings, spoken=False), jsonl=args.jsonl, records=records)
        from voice.frontends.spoken import run_spoken
        return run_spoken(args, settings, records)
    finally:
        records.close()


def entry() -> NoReturn:
    """The installed command: `main`, then leave without tearing the interpreter down.

    Why not `sys.exit`: the sound server client, PortAudio and espeak-ng keep native
    threads that can call back into Python while it finalizes, and once that crashed
    the process (SIGSEGV, not exit 4, after a SIGHUP that followed an emergency).
    Everything that matters is written and closed before `main` returns: the outcome,
    the summary, the transcript, the devices. A crash anywhere prints every thread's
    Python stack on stderr (faulthandler), so that it can be found.
    """
    if sys.stderr is None:  # started with stderr closed (`2>&-`): notices go nowhere
        sys.stderr = open(os.devnull, "w")  # noqa: SIM115 - for the life of the process
    if sys.stdout is None:  # `>&-`: what would be printed (an emergency too) goes to stderr
        print("twitchcheck: standard output is closed; printing on standard error instead.",
              file=sys.stderr)
        sys.stdout = sys.stderr
    try:
        faulthandler.enable()
    except (RuntimeError, ValueError, OSError):  # no usable stderr: nowhere to print a crash
        pass
    code = main()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # the reader went away, or the stream is closed
            pass
    os._exit(int(code))


if __name__ == "__main__":
    entry()
