"""`twitchcheck serve`: options, and the server that runs until stopped."""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sys
import time
from collections.abc import Coroutine
from datetime import date
from functools import partial
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from pydantic import ValidationError
from wyoming.server import AsyncServer

from models.settings import DEFAULT_EMERGENCY_NUMBER, CheckSettings
from voice.asr.base import RecognizerError
from voice.exitcodes import ExitCode
from voice.frontends.agent import TextService
from voice.frontends.options import describe_error
from voice.frontends.serve.dialer import SatelliteDialer, satellite_uri_problem
from voice.frontends.serve.handler import Gate, TextHandler, describe
from voice.frontends.serve.programs import SpeechPrograms
from voice.frontends.serve.satellite import SpokenService, SpokenSettings

DEFAULT_URI = "tcp://127.0.0.1:10800"
DEFAULT_MAX_AUDIO = 4
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="twitchcheck serve",
        description="Serve the check as a Wyoming conversation agent (Home Assistant). Wyoming has "
                    "no authentication or encryption: serve only a network you trust.")
    parser.add_argument("--uri", default=DEFAULT_URI,
                        help=f"where to listen: tcp://HOST:PORT, unix://PATH or stdio:// (default: "
                             f"{DEFAULT_URI}; tcp://0.0.0.0:10800 serves the whole network)")
    parser.add_argument("--emergency-number", default=DEFAULT_EMERGENCY_NUMBER, metavar="NUMBER",
                        help=f"the number the emergency message tells you to call (default: {DEFAULT_EMERGENCY_NUMBER})")
    parser.add_argument("--idle-timeout", type=float, default=600.0, metavar="SECONDS",
                        help="a check with no answer for this long is closed (default: 600)")
    parser.add_argument("--max-conversations", type=int, default=1000, metavar="N",
                        help="open checks held at once; more get a 'try again' reply (default: 1000)")
    parser.add_argument("--max-connections", type=int, default=256, metavar="N",
                        help="connections open at once; more are refused (default: 256)")
    parser.add_argument("--read-timeout", type=float, default=60.0, metavar="SECONDS",
                        help="a connection that sends nothing for this long is closed (default: 60)")
    parser.add_argument("--max-audio", type=int, default=DEFAULT_MAX_AUDIO, metavar="N",
                        help="spoken checks (satellite audio) at once; each holds its own recognizers "
                             f"(default: {DEFAULT_MAX_AUDIO}, what 2 cores hear in real time)")
    parser.add_argument("--asr", choices=("auto", "vosk", "pocketsphinx"), default="auto",
                        help="speech recognizer for satellite audio (default: auto, Vosk when an English "
                             "model is found, else PocketSphinx)")
    parser.add_argument("--model", metavar="PATH", help="the Vosk model folder for satellite audio")
    parser.add_argument("--voice", metavar="NAME", help="the espeak-ng voice that speaks to satellites")
    parser.add_argument("--rate", type=int, metavar="WPM",
                        help="speaking rate for satellites, in words per minute (80-400)")
    parser.add_argument("--barge-in", action="store_true",
                        help="keep listening to satellites while speaking, so a person can interrupt a "
                             "question (only for satellites that cancel their speaker's echo, or headsets)")
    parser.add_argument("--record-dir", type=Path, metavar="DIR",
                        help="write each heard utterance of satellite audio to DIR as a WAV file (by "
                             "default no audio is written anywhere)")
    parser.add_argument("--satellite", action="append", default=[], metavar="URI",
                        help="connect out to a wyoming-satellite listening at tcp://HOST:PORT and run the "
                             "spoken check on it when someone speaks (repeatable; kept connected, "
                             "retried when it is unreachable or drops)")
    parser.add_argument("--verbose", action="store_true", help="log details to stderr")
    return parser


def package_version() -> str:
    try:
        return version("twitchcheck")
    except PackageNotFoundError:
        return "0+unknown"


async def serve(args: argparse.Namespace) -> None:
    service = TextService(emergency_number=args.emergency_number, max_conversations=args.max_conversations,
                          idle_timeout=args.idle_timeout, clock=time.monotonic, today=date.today)
    gate = Gate(args.max_connections)
    spoken = spoken_service(args, service)
    programs = SpeechPrograms(spoken.settings.make_recognizer, voice=args.voice, limit=args.max_audio)
    factory = partial(TextHandler, service=service, info=describe(package_version(), speech=True), gate=gate,
                      read_timeout=args.read_timeout, spoken=spoken, programs=programs)
    server = AsyncServer.from_uri(args.uri)
    dialers = [SatelliteDialer(uri, partial(factory, dialed=True)) for uri in args.satellite]
    # gather, not a TaskGroup: a port that cannot be listened on stays a plain OSError
    await asyncio.gather(server.run(factory), *(dialer.run() for dialer in dialers))


def spoken_service(args: argparse.Namespace, service: TextService) -> SpokenService:
    """Satellite audio: the recognizer is chosen (and a Vosk model loaded) once, here."""
    from voice.asr.model import choose_engine, recognizer_factory
    from voice.endpoint import EndpointConfig

    choice = choose_engine(args.asr, args.model)
    if choice.notice:
        print(f"twitchcheck: {choice.notice}", file=sys.stderr, flush=True)
    check = CheckSettings()
    settings = SpokenSettings(
        make_recognizer=recognizer_factory(choice, verbose=args.verbose), make_skill=service.new_skill,
        use_grammar=choice.engine == "vosk", trust_confidence=choice.engine == "vosk",
        emergency_number=args.emergency_number, voice=args.voice, rate=args.rate,
        endpoint=EndpointConfig(silence_seconds=check.end_silence, no_speech_seconds=check.reprompt_after),
        record_dir=args.record_dir, barge_in=args.barge_in)
    return SpokenService(settings, limit=args.max_audio)


class Terminated(Exception):
    """SIGTERM: the service stops as on Ctrl-C (connections closed, checks ended)."""


async def until_stopped(work: Coroutine[Any, Any, None]) -> None:
    task = asyncio.ensure_future(work)
    terminated = False

    def terminate() -> None:
        nonlocal terminated
        terminated = True
        task.cancel()

    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, terminate)
    try:
        await task
    except asyncio.CancelledError:
        if terminated:
            raise Terminated from None
        raise


def main_serve(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    problems = [f"{name} must be more than 0" for name, value in
                (("--idle-timeout", args.idle_timeout), ("--max-conversations", args.max_conversations),
                 ("--max-audio", args.max_audio),
                 ("--max-connections", args.max_connections), ("--read-timeout", args.read_timeout))
                if value <= 0]
    if args.record_dir is not None and not args.record_dir.is_dir():
        problems.append(f"--record-dir {args.record_dir}: no such folder")
    try:  # the same checks as the local check's (models/settings.py)
        checked = CheckSettings(emergency_number=args.emergency_number, rate=args.rate)
        args.emergency_number, args.rate = checked.emergency_number, checked.rate
    except ValidationError as exc:
        problems += describe_error(exc).splitlines()
    problems += [problem for uri in args.satellite if (problem := satellite_uri_problem(uri))]
    target = urlparse(args.uri)
    if target.scheme not in ("tcp", "unix", "stdio") or (target.scheme == "tcp" and not target.port):
        problems.append(f"--uri {args.uri!r}: use tcp://HOST:PORT, unix://PATH or stdio://")
    if problems:
        for problem in problems:
            print(f"twitchcheck serve: {problem}", file=sys.stderr)
        return ExitCode.USAGE
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, stream=sys.stderr)
    if target.scheme != "stdio":
        print(f"twitchcheck: serving Wyoming on {args.uri}", file=sys.stderr, flush=True)
    if target.scheme == "tcp" and target.hostname not in LOCAL_HOSTS:
        print("twitchcheck: warning: Wyoming has no authentication or encryption; anyone who can reach "
              f"{target.hostname}:{target.port} can use this service. Serve only a network you trust.",
              file=sys.stderr, flush=True)
    try:
        asyncio.run(until_stopped(serve(args)))
    except KeyboardInterrupt:
        return ExitCode.INTERRUPTED
    except Terminated:
        return ExitCode.TERMINATED
    except OSError as exc:
        print(f"twitchcheck serve: cannot listen on {args.uri}: {exc}", file=sys.stderr)
        return ExitCode.FAULT
    except RecognizerError as exc:
        print(f"twitchcheck serve: {exc}", file=sys.stderr)
        return ExitCode.FAULT
    return ExitCode.COMPLETED
