"""The spoken check, assembled in one place for every way its sound travels.

`twitchcheck` on a sound card (voice/frontends/spoken.py) and a satellite of
`twitchcheck serve` (voice/frontends/serve/satellite.py) run the same check: the
skill, its voice warmed up with the fixed prompts, a `Listener` (the safety channel
on every partial, the red-flag spotter beside it, the answer channel, endpointing)
and the `SpokenLoop` that drives them. Only the transport differs: the
`AudioInput` the loop hears through and the `AudioOutput` under the voice
(voice/audio/input.py, output.py), which the caller brings.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from dialog.skill import Skill
from voice.asr.base import Recognizer
from voice.asr.spotter import spotter_for
from voice.audio.input import AudioInput
from voice.endpoint import EndpointConfig
from voice.listen import Listener, ListenEvent
from voice.loop import Sink, SpokenLoop
from voice.speech.voice import Voice

Recognizers = tuple[Recognizer, Recognizer | None]
"""The safety channel's recognizer, and the answer channel's own (or None)."""


@dataclass(frozen=True)
class Hearing:
    """How the check hears: one recognizer engine, and what it may be trusted with."""

    make_recognizer: Callable[[], Recognizer]
    use_grammar: bool
    """Restrict the answer channel to the open question's words: Vosk only (PocketSphinx's
    grammars were seen to turn a spoken "no" into "help")."""
    trust_confidence: bool
    """False where the engine's confidence means little (PocketSphinx): no explicit
    confirmations then."""
    endpoint: EndpointConfig = field(default_factory=EndpointConfig)
    spotter: bool = True
    verbose: bool = False

    @classmethod
    def of_engine(cls, engine: str, make_recognizer: Callable[[], Recognizer], *,
                  endpoint: EndpointConfig, spotter: bool = True, verbose: bool = False) -> Hearing:
        vosk = engine == "vosk"
        return cls(make_recognizer, use_grammar=vosk, trust_confidence=vosk, endpoint=endpoint,
                   spotter=spotter, verbose=verbose)

    def recognizers(self) -> Recognizers:
        """Loaded now (slow; a missing model raises `RecognizerError`). The answer channel's
        own recognizer runs only with a grammar; without one the safety channel's final
        result is the answer, so none is loaded (about 70 MB each for PocketSphinx)."""
        safety = self.make_recognizer()
        return safety, self.make_recognizer() if self.use_grammar else None

    def listener(self, recognizers: Recognizers | None = None, *,
                 on_event: Callable[[ListenEvent], None] | None = None) -> Listener:
        safety, answer = recognizers if recognizers is not None else self.recognizers()
        spotter = spotter_for(safety, verbose=self.verbose) if self.spotter else None
        return Listener(safety, answer, spotter=spotter, endpoint=self.endpoint, on_event=on_event)


class SpokenCheck:
    """One spoken check: a skill and the voice it speaks with, then the loop that hears."""

    def __init__(self, skill: Skill, voice: Voice) -> None:
        # In the background, while the recognizers load: the first words start at once.
        voice.prepare(skill.fixed_prompts())
        self.skill = skill
        self.voice = voice

    def loop(self, hearing: Hearing, source: AudioInput, sink: Sink, *,
             recognizers: Recognizers | None = None,
             on_event: Callable[[ListenEvent], None] | None = None, barge_in: bool = False,
             linger_seconds: float = 120.0, check: Callable[[], None] = lambda: None,
             opening: Sequence[bytes] = ()) -> SpokenLoop:
        """The loop, hearing through `source`; `recognizers` when already loaded."""
        return SpokenLoop(self.skill, self.voice, hearing.listener(recognizers, on_event=on_event),
                          source, sink, barge_in=barge_in, linger_seconds=linger_seconds,
                          trust_confidence=hearing.trust_confidence, use_grammar=hearing.use_grammar,
                          check=check, opening=opening)
