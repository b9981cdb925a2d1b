"""`twitchcheck` (no --text): the spoken check, assembled from real devices.

Sets up speech output, the recognizer, and the microphone (or answer files),
reports every set-up problem in plain words, falls back to typing when there
is no microphone, and runs `voice.loop.SpokenLoop`.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from pydantic import BaseModel

from models.events import Emergency, Heard, Listening
from voice.exitcodes import ExitCode, for_signal
from voice.frontends.typed import JsonWriter, TextWriter, run_typed
from voice.lines import reader_gone
from voice.records import Records
from voice.signals import Interrupted, current

if TYPE_CHECKING:
    from models.settings import CheckSettings

log = logging.getLogger("twitchcheck")


class Captions:
    """Everything said and heard: plain text for people, JSON lines for programs,
    and the `--transcript` (through `Records`).

    If stdout's reader goes away the check goes on (the person hears it); only the
    captions stop."""

    def __init__(self, *, jsonl: bool, records: Records, out: TextIO = sys.stdout) -> None:
        self.jsonl = jsonl
        self.records = records
        self.json = JsonWriter(out)
        self.text = TextWriter(out)
        self.out = out
        self.reader_gone = False

    def __call__(self, event: BaseModel) -> None:
        self.records.event(event)
        if self.jsonl and isinstance(event, Emergency):
            print(f"EMERGENCY: {event.text}", file=sys.stderr, flush=True)
        if self.reader_gone:
            return
        try:
            if self.jsonl:
                self.json(event)  # type: ignore[arg-type]
            elif isinstance(event, Heard):
                if event.final:
                    self.out.write(f"  (you said: {event.text})\n")
                    self.out.flush()
            elif not isinstance(event, Listening):
                self.text(event)  # type: ignore[arg-type]
        except BrokenPipeError:
            self.reader_gone = True
            reader_gone()

    def notice(self, text: str) -> None:
        """A message about the program itself (fallbacks, faults)."""
        try:
            print(f"twitchcheck: {text}", file=sys.stderr if self.jsonl else self.out, flush=True)
        except BrokenPipeError:
            self.reader_gone = True
            reader_gone()


def run_spoken(args: argparse.Namespace, settings: CheckSettings, records: Records) -> int:
    logging.basicConfig(level=logging.INFO if args.verbose else logging.ERROR,
                        format="twitchcheck: %(message)s", stream=sys.stderr)
    return _run(args, settings, Captions(jsonl=args.jsonl, records=records))


def _run(args: argparse.Namespace, settings: CheckSettings, captions: Captions) -> int:
    from voice.asr.base import RecognizerError
    from voice.asr.model import EngineChoice, choose_engine, recognizer_factory
    from voice.audio.capture import AudioFileError, Microphone
    from voice.audio.devices import (
        AudioDeviceError,
        DeviceNotFoundError,
        NoMicrophoneError,
        resolve_device,
    )
    from voice.audio.sources import FilesSource, MicrophoneSource
    from voice.endpoint import EndpointConfig
    from voice.frontends.skillmaker import make_skill
    from voice.speech.tts import VoiceNotFound
    from voice.speech.voice import Voice
    from voice.spokencheck import Hearing, SpokenCheck

    records = captions.records
    for path in args.audio_in or ():
        if not Path(path).is_file():
            print(f"twitchcheck: audio file not found: {path}", file=sys.stderr)
            return ExitCode.USAGE

    def speech_failed(exc: Exception) -> None:
        captions.notice(f"speech output is not working ({exc}); everything will be printed instead.")

    printed = captions.notice if args.jsonl else (lambda text: None)  # captions already print it
    try:
        output = resolve_device(args.output_device, "output") if args.output_device else None
        voice = Voice.create(print_fallback=printed, on_failure=speech_failed, voice=args.voice,
                             rate=settings.rate, volume=settings.volume, device=output)
    except (VoiceNotFound, DeviceNotFoundError) as exc:
        print(f"twitchcheck: {exc}", file=sys.stderr)
        return ExitCode.USAGE
    except AudioDeviceError as exc:
        voice = Voice(None, None, print_fallback=printed, on_failure=speech_failed, failure=exc)

    # Where the answers come from: files, or the microphone (else: typing). The skill is
    # built once this is settled: recognizer text and typed text are read differently.
    if args.audio_in:
        source: FilesSource | MicrophoneSource = FilesSource(args.audio_in)
    else:
        try:
            device = resolve_device(args.input_device, "input") if args.input_device else None
            source = MicrophoneSource(Microphone(device).open())
        except DeviceNotFoundError as exc:
            print(f"twitchcheck: {exc}", file=sys.stderr)
            voice.close()
            return ExitCode.USAGE
        except (NoMicrophoneError, AudioDeviceError) as exc:
            message = f"I can't find a working microphone ({exc}), so let's do the check by typing instead."
            captions.notice(message)
            if not voice.fallback:  # a printing voice would show the same notice twice
                voice.say(message)
            voice.close()
            return run_typed(make_skill(settings, spoken=False), jsonl=args.jsonl, records=records)
    skill = make_skill(settings, spoken=True)
    records.attach(skill)
    check = SpokenCheck(skill, voice)

    endpoint = EndpointConfig(silence_seconds=settings.end_silence, no_speech_seconds=settings.reprompt_after)
    spotter = not getattr(args, "no_spotter", False)

    def hearing_for(engine_choice: EngineChoice) -> Hearing:
        return Hearing.of_engine(engine_choice.engine, recognizer_factory(engine_choice, verbose=args.verbose),
                                 endpoint=endpoint, spotter=spotter, verbose=args.verbose)

    try:
        # The network only when asked: `--download-model` here, or `twitchcheck model --download`.
        choice = choose_engine(args.asr, args.model, allow_download=args.download_model)
        hearing = hearing_for(choice)
        recognizers = hearing.recognizers()
    except RecognizerError as exc:
        if args.asr == "vosk":
            print(f"twitchcheck: {exc}", file=sys.stderr)
            source.close()
            voice.close()
            return ExitCode.FAULT
        choice = choose_engine("pocketsphinx")
        hearing = hearing_for(choice)
        recognizers = hearing.recognizers()
        choice = choice.model_copy(update={"notice": f"The Vosk model could not be used ({exc}); "
                                                     "using PocketSphinx speech recognition instead."})
    if choice.notice:
        captions.notice(choice.notice)
        if not voice.fallback:
            voice.say(choice.notice)

    signals = current()
    loop = check.loop(hearing, source, captions, recognizers=recognizers, barge_in=args.barge_in,
                      check=signals.check)
    try:
        with signals.checking():
            return loop.run()
    except KeyboardInterrupt as exc:
        # The outcome and the files first: closing the devices is what could hang.
        if skill.emergency is not None:
            # The message was given; a signal only ends the wait for "repeat". Callers
            # (and the person's family reading a log) must still see "emergency".
            records.save()
            return ExitCode.EMERGENCY
        for event in skill.stop():
            captions(event)
        records.save()
        return for_signal(exc.signum) if isinstance(exc, Interrupted) else ExitCode.INTERRUPTED
    except (AudioDeviceError, AudioFileError) as exc:
        voice.close()
        captions.notice(f"{exc} Your answers so far are kept; here is what they mean. "
                        "You can continue by typing with: twitchcheck --text")
        for event in skill.end_of_input():
            captions(event)
        return ExitCode.FAULT
    finally:
        voice.close()
        source.close()
