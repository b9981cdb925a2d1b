"""The `twitchcheck` command line."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from voice.exitcodes import ExitCode

COMMANDS = ("detect", "model")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="twitchcheck",
        description="A spoken check of muscle twitching that tells you what to do. "
                    "General information, not a diagnosis or medical advice.",
        epilog="Other commands: 'twitchcheck detect' reads utterances and prints the red flags "
               "each would raise; 'twitchcheck model [--download]' shows or fetches the speech model.")
    mode = parser.add_argument_group("mode")
    mode.add_argument("--text", action="store_true", help="typed conversation instead of speech")
    mode.add_argument("--jsonl", action="store_true",
                      help="machine mode: one utterance per input line, one JSON event per output line")
    mode.add_argument("--audio-in", nargs="+", type=Path, metavar="WAV",
                      help="answers from these audio files, one per question, instead of the microphone")
    parser.add_argument("--emergency-number", default="911", metavar="NUMBER",
                        help="the number the emergency message tells you to call (default: 911)")
    parser.add_argument("--summary", type=Path, metavar="PATH",
                        help="write the doctor summary here as Markdown, and as JSON beside it (visit.md -> visit.json)")
    parser.add_argument("--transcript", type=Path, metavar="PATH",
                        help="write every event as JSON lines with timestamps, as it happens")
    audio = parser.add_argument_group("speech and audio")
    audio.add_argument("--list-devices", action="store_true", help="list audio devices and exit")
    audio.add_argument("--input-device", metavar="DEV", help="microphone: index or part of its name")
    audio.add_argument("--output-device", metavar="DEV", help="speaker: index or part of its name")
    audio.add_argument("--asr", choices=("auto", "vosk", "pocketsphinx"), default="auto",
                       help="speech recognizer (default: Vosk if a model is found, else PocketSphinx)")
    audio.add_argument("--model", type=Path, metavar="PATH", help="Vosk model folder")
    audio.add_argument("--rate", type=int, metavar="WPM", help="speaking rate in words per minute")
    audio.add_argument("--volume", type=float, metavar="0-1", help="speaking volume, 0 to 1")
    audio.add_argument("--voice", metavar="NAME", help="speech voice: id or part of its name")
    audio.add_argument("--barge-in", action="store_true",
                       help="keep listening while speaking (for headphones); you can interrupt")
    audio.add_argument("--end-silence", type=float, default=0.7, metavar="SECONDS",
                       help="silence that ends an answer (default: 0.7)")
    audio.add_argument("--reprompt-after", type=float, default=8.0, metavar="SECONDS",
                       help="silence before the question is asked again, shorter (default: 8)")
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
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        if argv and argv[0] == "detect":
            from voice.detectcmd import run_detect
            detect = argparse.ArgumentParser(
                prog="twitchcheck detect",
                description='Reads one utterance per line and prints one JSON line each: '
                            '{"text": "...", "red_flags": ["breathing", ...]} (the red flags that '
                            'would escalate; none for a negated mention or a plain question).')
            detect.add_argument("--spoken", action="store_true",
                                help="read the lines as speech-recognizer text: known mishearings of "
                                     "red flags count too")
            return run_detect(spoken=detect.parse_args(argv[1:]).spoken)
        if argv and argv[0] == "model":
            from voice.modelcmd import run_model
            return run_model(build_model_parser().parse_args(argv[1:]))
        args = build_parser().parse_args(argv)
    except SystemExit as exc:  # argparse: --help (0) or a usage error (2)
        return int(exc.code or 0)
    except KeyboardInterrupt:
        return ExitCode.INTERRUPTED
    try:
        return run(args)
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): nothing left to say to it.
        import os
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return ExitCode.NOT_FINISHED


def run(args: argparse.Namespace) -> int:
    from dialog.skill import Skill, SkillConfig

    if args.list_devices:
        from voice.devices import list_devices
        print(list_devices())
        return ExitCode.COMPLETED
    if not args.emergency_number.strip():
        print("twitchcheck: --emergency-number must not be empty", file=sys.stderr)
        return ExitCode.USAGE
    skill = Skill(config=SkillConfig(emergency_number=args.emergency_number.strip(), today=date.today(),
                                     spoken=not args.text))
    if args.text:
        from voice.transcript import Transcript
        from voice.typed import run_typed
        transcript = Transcript(args.transcript) if args.transcript else None
        try:
            return run_typed(skill, jsonl=args.jsonl, summary_path=args.summary, transcript=transcript)
        finally:
            if transcript is not None:
                transcript.close()
    from voice.spoken import run_spoken
    return run_spoken(skill, args)


if __name__ == "__main__":
    sys.exit(main())
