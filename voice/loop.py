"""The spoken conversation loop: speak, listen, hand text to the skill, repeat.

The same loop serves the sound card and a Wyoming satellite: it hears through an
`AudioInput` (voice/audio/input.py) and speaks through a `Voice` on an
`AudioOutput` (voice/audio/output.py), and knows nothing of what carries them.

One thread drives everything; PortAudio's callbacks only queue audio. Speech
plays asynchronously so the loop keeps reading the microphone while the skill
talks: by default that audio is dropped (plus a short tail) so the skill never
hears itself; with barge-in it is recognized once the open question is the last
thing being said, and the person can interrupt the question. Speech before that
(the greeting, an acknowledgement) is not listened to even then: an answer said over it
would answer a question the person has not heard yet.
The safety channel's every partial result goes to the red-flag detector, and
an emergency cuts off whatever is playing at once.
"""

from __future__ import annotations

import logging
import time
from collections import deque
from collections.abc import Callable, Sequence

from pydantic import BaseModel

from dialog.redflags.stream import RedFlagGate
from dialog.skill import Event, Skill
from models.events import Ask, Control, Emergency, End, Heard, Listening, OutcomeEvent
from models.listening import ToDetector
from voice.audio.input import AudioInput
from voice.exitcodes import END_CODES, ExitCode
from voice.listen import (
    AnswerHeard,
    Listener,
    ListenEvent,
    NoSpeech,
    SafetyHeard,
    SpeechStarted,
    SpotterHeard,
)
from voice.speech.voice import Voice

log = logging.getLogger(__name__)


Sink = Callable[[BaseModel], None]


class SpokenLoop:
    def __init__(self, skill: Skill, voice: Voice, listener: Listener, source: AudioInput,
                 sink: Sink, *, barge_in: bool = False, tail_seconds: float = 0.3,
                 linger_seconds: float = 120.0, trust_confidence: bool = True,
                 use_grammar: bool = True,
                 clock: Callable[[], float] = time.monotonic,
                 check: Callable[[], None] = lambda: None,
                 opening: Sequence[bytes] = ()) -> None:
        """`opening`: 16 kHz audio said before the check began (the speech that started a
        satellite's check), read for red flags before anything else."""
        self.opening = opening
        self.skill = skill
        self.voice = voice
        self.listener = listener
        self.source = source
        self.sink = sink
        self.barge_in = barge_in
        self.tail_seconds = tail_seconds
        self.linger_seconds = linger_seconds
        self.use_grammar = use_grammar
        """Restrict the answer channel to the open question's words (Vosk): PocketSphinx's
        grammars were seen to turn a spoken "no" into "help", so they are not used there."""
        self.trust_confidence = trust_confidence
        """False for engines whose confidence means little (PocketSphinx): no explicit
        confirmations then, only implicit ones."""
        self.clock = clock
        self.check = check
        """Called once per turn of the loop (every audio chunk, about 30 ms): raises to end
        the check (`voice.signals.Signals.check`), so a signal is acted on at a point where
        nothing is half done, and promptly, whatever is playing."""
        self._queue: deque[str] = deque()
        self._want_listening = False
        self._listening = False
        self._ended: str | None = None
        self._input_over = False
        self._last_heard = clock()
        self.gate = RedFlagGate(skill.detector, red_flags=skill.protocol.red_flags,
                                answering=skill.answering)

    # ------------------------------------------------------------ driving

    def run(self) -> ExitCode:
        self.handle(self.skill.start())
        if self.opening:
            self._read_opening()
        while True:
            self.check()
            self.voice.poll()
            self._speak_next()
            code = self._exit_code()
            if code is not None:
                return code
            if self._want_listening and (self._interruptible() or self._quiet()):
                self._begin_listening()
            if self._listening and (self._interruptible() or self._quiet()):
                self._feed(self.source.read())
            else:
                self.source.idle()

    def _interruptible(self) -> bool:
        """Barge-in, and what is playing is the last thing queued: the open question."""
        return self.barge_in and not self._queue

    def _quiet(self) -> bool:
        """Nothing said or about to be said, and the echo tail has passed."""
        if self.voice.speaking or self._queue:
            return False
        ended = self.voice.last_end_time
        return ended is None or self.clock() - ended >= self.tail_seconds

    def _read_opening(self) -> None:
        """The words that started the check are not an answer to anything, but a red flag in
        them ("help, he can't breathe") is acted on at once: it cuts the greeting."""
        self.listener.reset()
        events = [e for chunk in self.opening for e in self.listener.feed(chunk)]
        events += self.listener.finish()
        for event in events:
            if isinstance(event, SafetyHeard | SpotterHeard):
                self._to_detector(self.gate.on_event(event))
            elif isinstance(event, AnswerHeard) and event.text:
                self._to_detector([ToDetector(text=self.gate.correct(event.text),
                                              channel="safety-final", at=event.at)])
        self.listener.reset()

    def _begin_listening(self) -> None:
        self._want_listening = False
        if not self.source.start_turn():
            self._input_over = True
            self._listening = False
            self.handle(self.skill.end_of_input())
            return
        self.listener.reset()
        self.listener.set_grammar(self.skill.expected_words() if self.use_grammar else None)
        self._listening = True
        self.sink(Listening(slot=self.skill.slot))

    def _feed(self, chunk: bytes | None) -> None:
        if chunk is None:  # the answer file ended
            answered = [self._on_listen(e) for e in self.listener.finish()]
            if self._listening and not any(answered) and not self.voice.speaking:
                # Nothing said when the input paused (a satellite's audio-stop): silence,
                # unless the question is still being asked (barge-in), which is no turn yet.
                self._listening = False
                self.handle(self.skill.silence())
                self._want_listening = True
            return
        for event in self.listener.feed(chunk):
            self._on_listen(event)
        self._to_detector(self.gate.tick(self.listener.now))

    def _exit_code(self) -> ExitCode | None:
        if self.voice.speaking or self._queue:
            return None  # every message is heard in full before the program ends
        if self._ended == "emergency":
            idle = self.clock() - self._last_heard > self.linger_seconds
            return ExitCode.EMERGENCY if self._input_over or idle else None
        if self._ended is not None:
            return END_CODES[self._ended]
        return ExitCode.NOT_FINISHED if self._input_over else None

    # ------------------------------------------------------------ hearing

    def _on_listen(self, event: ListenEvent) -> bool:
        """Handle one listening event; True if it ended the turn with an answer."""
        if isinstance(event, SpeechStarted):
            self._last_heard = self.clock()
            if self.barge_in and self.voice.speaking and self.voice.stop():
                self._queue.clear()  # the person is talking: the rest can wait
            return False
        if isinstance(event, SafetyHeard | SpotterHeard):
            if isinstance(event, SafetyHeard) and event.text:
                self.sink(Heard(text=event.text, final=False, confidence=event.confidence))
            # Every result goes to the gate, whatever the question or its grammar; it hands
            # the detector each text that may escalate, when it should (dialog/redflags/stream.py).
            self._to_detector(self.gate.on_event(event))
            return False
        if isinstance(event, AnswerHeard):
            self._last_heard = self.clock()
            self._listening = False
            self._want_listening = True
            if not event.text.strip():
                self.handle(self.skill.unclear())
            else:
                # A reassurance only the spotter heard ("breathe fine") is put back in place.
                heard = event.to_heard()
                heard = heard.model_copy(update={"text": self.gate.correct(heard.text)})
                self.sink(heard)
                confidence = event.confidence if self.trust_confidence else None
                self.handle(self.skill.hear(heard.text, final=True, confidence=confidence))
            return True
        if isinstance(event, NoSpeech) and self._ended is None:
            self._listening = False
            self.handle(self.skill.silence())
            self._want_listening = True
        return False

    def _to_detector(self, texts: list[ToDetector]) -> None:
        for item in texts:
            if item.channel != "safety":  # "safety" is the partial just shown as it was heard
                self.sink(Heard(text=item.text, final=False, channel=item.channel))
            # The gate's reading is the one the skill acts on: one detector read per partial.
            events = self.skill.hear(item.text, final=False, detection=item.detection)
            if any(isinstance(e, Emergency) for e in events):
                log.info("red flag first heard by the %s channel at %.2f s of audio: %r",
                         item.channel, item.at, item.text)
            self.handle(events)

    # ------------------------------------------------------------ speaking

    def handle(self, events: list[Event]) -> None:
        for event in events:
            self.sink(event)
            if isinstance(event, Emergency):
                self._emergency(event)
                continue
            if isinstance(event, End):
                self._ended = event.reason
                continue
            if isinstance(event, OutcomeEvent) and event.level.value == "emergency":
                continue  # the emergency message itself was already said
            if isinstance(event, Control):
                (self.voice.slower if event.command == "slower" else self.voice.faster)()
            self._say(event.text)
            if isinstance(event, Ask):
                self._want_listening = True

    def _say(self, text: str) -> None:
        self._queue.append(text)
        if not self.barge_in and self._listening:
            # The microphone is ignored while the skill speaks; listen afresh afterwards.
            self._listening = False
            self._want_listening = True

    def _emergency(self, event: Emergency) -> None:
        """Stop everything and say it now: the prepared head first, then the rest, then once more."""
        self._queue.clear()
        self.voice.say_now(event.head, wait=False)
        rest = event.rest
        if rest:
            self._queue.append(rest)
        self._queue.append(event.text)
        if not self.barge_in:
            self._listening = False
        self._want_listening = True  # stay available for "repeat"

    def _speak_next(self) -> None:
        if self._queue and not self.voice.speaking:
            self.voice.say(self._queue.popleft(), wait=False)
