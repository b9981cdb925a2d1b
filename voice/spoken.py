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
from typing import TextIO

from pydantic import BaseModel

from dialog.redflags import RedFlagDetector
from dialog.skill import Skill
from models.events import Emergency, Heard, Listening
from voice.exitcodes import ExitCode
from voice.transcript import Transcript
from voice.typed import JsonWriter, TextWriter, run_typed
from voice.summaryfile import write_summary

log = logging.getLogger("twitchcheck")


class Captions:
    """Everything said and heard: plain text for people, JSON lines for programs,
    and the `--transcript` file."""

    def __init__(self, *, jsonl: bool, transcript: Transcript | None, out: TextIO = sys.stdout) -> None:
        self.jsonl = jsonl
        self.transcript = transcript
        self.json = JsonWriter(out)
        self.text = TextWriter(out)
        self.out = out

    def __call__(self, event: BaseModel) -> None:
        if self.transcript is not None:
            self.transcript.write(event)
        if self.jsonl:
            self.json(event)  # type: ignore[arg-type]
            if isinstance(event, Emergency):
                print(f"EMERGENCY: {event.text}", file=sys.stderr, flush=True)
        elif isinstance(event, Heard):
            if event.final:
                self.out.write(f"  (you said: {event.text})\n")
                self.out.flush()
        elif not isinstance(event, Listening):
            self.text(event)  # type: ignore[arg-type]

    def notice(self, text: str) -> None:
        """A message about the program itself (fallbacks, faults)."""
        print(f"twitchcheck: {text}", file=sys.stderr if self.jsonl else self.out, flush=True)


def run_spoken(skill: Skill, args: argparse.Namespace) -> int:
    logging.basicConfig(level=logging.INFO if args.verbose else logging.ERROR,
                        format="twitchcheck: %(message)s", stream=sys.stderr)
    transcript = Transcript(args.transcript) if args.transcript else None
    captions = Captions(jsonl=args.jsonl, transcript=transcript)
    try:
        return _run(skill, args, captions)
    finally:
        if args.summary is not None and skill.outcome is not None:
            write_summary(args.summary, skill.outcome, skill.session,
                          skill.emergency.text if skill.emergency else None)
        if transcript is not None:
            transcript.close()


def _run(skill: Skill, args: argparse.Namespace, captions: Captions) -> int:
    from voice.asr.base import RecognizerError
    from voice.asr.model import choose_engine, recognizer_factory
    from voice.audio_in import AudioFileError, Microphone
    from voice.devices import AudioDeviceError, DeviceNotFoundError, NoMicrophoneError, resolve_device
    from voice.endpoint import EndpointConfig
    from voice.listen import Listener
    from voice.loop import SpokenLoop
    from voice.sources import FilesSource, MicrophoneSource
    from voice.speech import Voice
    from voice.tts import VoiceNotFound

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
                             rate=args.rate, volume=args.volume if args.volume is not None else 1.0,
                             device=output)
    except (VoiceNotFound, DeviceNotFoundError) as exc:
        print(f"twitchcheck: {exc}", file=sys.stderr)
        return ExitCode.USAGE
    except AudioDeviceError as exc:
        voice = Voice(None, None, print_fallback=printed, on_failure=speech_failed, failure=exc)
    voice.prepare(skill.fixed_prompts())

    # Where the answers come from: files, or the microphone (else: typing).
    if args.audio_in:
        source: FilesSource | MicrophoneSource = FilesSource(args.audio_in)
    else:
        try:
            device = resolve_device(args.input_device, "input") if args.input_device else None
            source = MicrophoneSource(Microphone(device).open())
        except DeviceNotFoundError as exc:
            print(f"twitchcheck: {exc}", file=sys.stderr)
            return ExitCode.USAGE
        except (NoMicrophoneError, AudioDeviceError) as exc:
            message = f"I can't find a working microphone ({exc}), so let's do the check by typing instead."
            captions.notice(message)
            if not voice.fallback:  # a printing voice would show the same notice twice
                voice.say(message)
            voice.close()
            # Typed text is read as typed: recognizer mishearings no longer apply.
            skill.detector = RedFlagDetector(skill.protocol.red_flags)
            # The summary is written on the way out, by run_spoken.
            return run_typed(skill, jsonl=args.jsonl, summary_path=None,
                             transcript=captions.transcript)

    try:
        choice = choose_engine(args.asr, args.model, allow_download=args.asr != "pocketsphinx")
        make = recognizer_factory(choice, verbose=args.verbose)
        safety = make()
        answer = make()
    except RecognizerError as exc:
        if args.asr == "vosk":
            print(f"twitchcheck: {exc}", file=sys.stderr)
            source.close()
            return ExitCode.FAULT
        choice = choose_engine("pocketsphinx")
        make = recognizer_factory(choice, verbose=args.verbose)
        safety, answer = make(), make()
        choice = choice.model_copy(update={"notice": f"The Vosk model could not be used ({exc}); "
                                                     "using PocketSphinx speech recognition instead."})
    if choice.notice:
        captions.notice(choice.notice)
        if not voice.fallback:
            voice.say(choice.notice)

    endpoint = EndpointConfig(silence_seconds=args.end_silence, no_speech_seconds=args.reprompt_after)
    from voice.asr.spotter import spotter_for
    spotter = None if getattr(args, "no_spotter", False) else spotter_for(safety, verbose=args.verbose)
    listener = Listener(safety, answer, spotter=spotter, endpoint=endpoint)
    loop = SpokenLoop(skill, voice, listener, source, captions, barge_in=args.barge_in,
                      trust_confidence=choice.engine == "vosk", use_grammar=choice.engine == "vosk")
    try:
        return loop.run()
    except KeyboardInterrupt:
        voice.close()
        if skill.emergency is not None:
            # The message was given; Ctrl-C only ends the wait for "repeat". Callers
            # (and the person's family reading a log) must still see "emergency".
            return ExitCode.EMERGENCY
        for event in skill.stop():
            captions(event)
        return ExitCode.INTERRUPTED
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
