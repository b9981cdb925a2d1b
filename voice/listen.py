"""Two listening channels on one stream of audio.

* The SAFETY channel always recognizes with the full vocabulary. Every partial
  and final result it produces is emitted (`SafetyHeard`) so that the red-flag
  detector (elsewhere; it takes text only) can catch "i can't breathe" while
  the person is still speaking. It never depends on the answer grammar: a
  grammar turns any speech into one of its phrases and would hide an emergency.
* The SPOTTER channel (optional) listens to the same audio for red-flag
  keyphrases only (voice/asr/spotter.py) and emits `SpotterHeard` per hit: a
  hypothesis for dialog/redflags/stream.py to check against the safety channel's words,
  never an escalation on its own.
* The ANSWER channel gives one `AnswerHeard` (text + confidence) per utterance,
  at its end. When the open question has a grammar, a second recognizer runs
  with it; without one, the safety channel's final result is reused, so only
  one recognizer burns CPU.

API (no threads; the caller drives it with chunks of 16 kHz mono int16 PCM):

    listener = Listener(safety=make(), answer=make())
    listener.set_grammar(["yes", "no"])   # or None: full vocabulary
    for chunk in source:                  # Microphone.chunks() or FileSource
        for event in listener.feed(chunk):
            ...                           # SpeechStarted / SafetyHeard / SpotterHeard / AnswerHeard / NoSpeech
    listener.finish()                     # end of input: closes an open utterance

or `for event in listener.listen(chunks): ...`, or pass `on_event=` to get a
callback per event. Recognizers only see audio inside utterances found by
`voice.endpoint` (plus a short pre-roll so the first syllable is kept), which
spares the CPU during silence. `AnswerHeard.text == ""` after speech means
"speech not understood"; `NoSpeech` means nothing was said before the timeout.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Annotated, Literal, Union

from pydantic import Field

from models.events import Heard
from models.listening import Listened, SafetyHeard, SpotterHeard
from voice.asr.base import RecognitionResult, Recognizer, WordInfo
from voice.asr.spotter import Spotter, SpotterHit
from voice.endpoint import (
    EndpointConfig,
    Endpointer,
    PreRoll,
    SegmentEvent,
    VoiceActivity,
)

EndedBy = Literal["silence", "max_length", "end_of_input"]

# SafetyHeard and SpotterHeard live in models/listening.py: the red-flag stream check
# (dialog/redflags/stream.py) reads them too.
__all__ = ["AnswerHeard", "EndedBy", "ListenEvent", "Listener", "NoSpeech", "SafetyHeard",
           "SpeechStarted", "SpotterHeard"]


class SpeechStarted(Listened):
    type: Literal["speech_started"] = "speech_started"
    utterance: int
    at: float
    """Stream seconds when the speech began."""


class AnswerHeard(Listened):
    """The answer to the open question, once per utterance."""

    type: Literal["answer"] = "answer"
    utterance: int
    text: str
    confidence: float | None = None
    words: tuple[WordInfo, ...] = ()
    grammar: tuple[str, ...] | None = None
    """The phrases the answer was restricted to, if any."""
    ended_by: EndedBy
    at: float

    def to_heard(self) -> Heard:
        return Heard(text=self.text, final=True, confidence=self.confidence)


class NoSpeech(Listened):
    type: Literal["no_speech"] = "no_speech"
    waited: float
    at: float


ListenEvent = Annotated[Union[SpeechStarted, SafetyHeard, SpotterHeard, AnswerHeard, NoSpeech],
                        Field(discriminator="type")]

_ENDINGS: dict[str, EndedBy] = {"speech_end": "silence", "max_length": "max_length"}


class Listener:
    def __init__(self, safety: Recognizer, answer: Recognizer | None = None, *,
                 spotter: Spotter | None = None, endpoint: EndpointConfig | None = None,
                 vad: VoiceActivity | None = None,
                 pre_roll_seconds: float = 0.3,
                 on_event: Callable[[ListenEvent], None] | None = None) -> None:
        self.safety = safety
        self.answer = answer
        self.spotter = spotter if spotter is not None and spotter.available else None
        self.endpointer = Endpointer(endpoint, vad)
        self.on_event = on_event
        config = self.endpointer.segmenter.config
        frames = math.ceil((pre_roll_seconds + config.speech_seconds) / self.endpointer.vad.frame_seconds)
        self._pre_roll = PreRoll(max(1, frames) * self.endpointer.vad.frame_seconds)
        self._grammar: tuple[str, ...] | None = None
        self._pending_grammar: tuple[tuple[str, ...] | None] | None = None
        self._utterance = 0
        self._origin = 0.0
        """Stream seconds of the first sample the recognizers got in this utterance."""

    @property
    def now(self) -> float:
        """Stream seconds of audio fed so far (not wall-clock time)."""
        return self.endpointer.segmenter.now

    # -- grammar ------------------------------------------------------------------------
    @property
    def grammar(self) -> tuple[str, ...] | None:
        return self._grammar

    @property
    def answer_channel_separate(self) -> bool:
        """True when a second recognizer is running for the answer (a grammar is set)."""
        return self._grammar is not None

    def set_grammar(self, words: Sequence[str] | None) -> None:
        """Restrict the ANSWER channel (never the safety channel) from the next utterance on."""
        wanted = tuple(words) if words is not None else None
        if self.endpointer.segmenter.in_speech:
            self._pending_grammar = (wanted,)  # do not switch in the middle of an utterance
            return
        self._apply_grammar(wanted)

    def _apply_grammar(self, words: tuple[str, ...] | None) -> None:
        self._pending_grammar = None
        if words is None or self.answer is None or not self.answer.supports_grammar:
            self._grammar = None
            if self.answer is not None:
                self.answer.set_grammar(None)
            return
        self.answer.set_grammar(words)
        # The engine may drop every phrase it cannot say; then there is no grammar.
        self._grammar = self.answer.grammar

    # -- audio --------------------------------------------------------------------------
    def _emit(self, out: list[ListenEvent], event: ListenEvent) -> None:
        out.append(event)
        if self.on_event is not None:
            self.on_event(event)

    def _spotted(self, out: list[ListenEvent], hits: list[SpotterHit], at: float) -> None:
        for hit in hits:
            self._emit(out, SpotterHeard(
                utterance=self._utterance, phrase=hit.phrase.text, flag=hit.phrase.flag,
                critical=hit.phrase.critical, ambiguous=hit.phrase.ambiguous_cant,
                reassures=hit.phrase.reassures,
                start=self._origin + hit.start, end=self._origin + hit.end, at=at))

    def _recognize(self, out: list[ListenEvent], audio: bytes, at: float) -> None:
        partial = self.safety.accept(audio)
        if partial is not None:
            self._emit(out, SafetyHeard(utterance=self._utterance, text=partial.text, final=False,
                                        at=at))
        if self.spotter is not None:
            self._spotted(out, self.spotter.accept(audio), at)
        if self.answer_channel_separate and self.answer is not None:
            self.answer.accept(audio)  # its partials are of no use: only the final counts

    def _close(self, out: list[ListenEvent], ended_by: EndedBy, at: float) -> None:
        if self.spotter is not None:
            self._spotted(out, self.spotter.final(), at)
        safety: RecognitionResult = self.safety.final()
        self._emit(out, SafetyHeard(utterance=self._utterance, text=safety.text, final=True,
                                    confidence=safety.confidence, at=at))
        answer = safety
        if self.answer_channel_separate and self.answer is not None:
            answer = self.answer.final()
        self._emit(out, AnswerHeard(utterance=self._utterance, text=answer.text,
                                    confidence=answer.confidence, words=answer.words,
                                    grammar=self._grammar, ended_by=ended_by, at=at))
        if self._pending_grammar is not None:
            self._apply_grammar(self._pending_grammar[0])

    def _on_segment(self, out: list[ListenEvent], event: SegmentEvent, frame: bytes) -> None:
        if event.kind == "speech_start":
            self._utterance += 1
            self._emit(out, SpeechStarted(utterance=self._utterance, at=event.start or event.at))
            self._origin = event.at - self._pre_roll.seconds
            self._recognize(out, self._pre_roll.take(), event.at)
        elif event.kind == "no_speech":
            waited = self.endpointer.segmenter.config.no_speech_seconds or 0.0
            self._emit(out, NoSpeech(waited=waited, at=event.at))
        else:
            self._close(out, _ENDINGS[event.kind], event.at)

    def feed(self, chunk: bytes) -> list[ListenEvent]:
        """Process one chunk; returns the events it caused (also sent to `on_event`)."""
        out: list[ListenEvent] = []
        speech = bytearray()
        segmenter = self.endpointer.segmenter
        for frame in self.endpointer.frames(chunk):
            was_in_speech = segmenter.in_speech
            event = self.endpointer.process_frame(frame)
            if was_in_speech:
                speech += frame  # the frame that ends an utterance still belongs to it
            else:
                self._pre_roll.append(frame)
            if event is None:
                continue
            if speech:  # recognize what came before the event, in order
                self._recognize(out, bytes(speech), segmenter.now)
                speech.clear()
            self._on_segment(out, event, frame)
        if speech:
            # Batched per chunk: one decoder call per chunk, not per 30 ms frame.
            self._recognize(out, bytes(speech), segmenter.now)
        return out

    def finish(self) -> list[ListenEvent]:
        """End of input: an utterance still open is closed and reported."""
        out: list[ListenEvent] = []
        segmenter = self.endpointer.segmenter
        if segmenter.in_speech:
            self._close(out, "end_of_input", segmenter.now)
        segmenter.reset()
        self._pre_roll.clear()
        return out

    def listen(self, chunks: Iterable[bytes]) -> Iterator[ListenEvent]:
        for chunk in chunks:
            yield from self.feed(chunk)
        yield from self.finish()

    def reset(self) -> None:
        """Forget the utterance in progress (e.g. while the skill itself is speaking)."""
        self.safety.reset()
        if self.answer is not None:
            self.answer.reset()
        if self.spotter is not None:
            self.spotter.reset()
        self.endpointer.reset()
        self._pre_roll.clear()
