"""The optional Wyoming programs: `asr` (transcribe -> audio -> transcript) and `tts`
(synthesize -> audio), so a Home Assistant pipeline can use twitchcheck's recognizer
and voice too. The same recognizers and pyttsx3 synthesis as the spoken check.

Red flags in audio sent for transcription are not acted on here: this is one stage of
Home Assistant's pipeline, whose conversation agent gets the text next (twitchcheck's
own handle service runs its red-flag check first on every transcript).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from wyoming.audio import AudioChunk, AudioStart, AudioStop
from wyoming.event import Event

from voice.asr.base import Recognizer
from voice.audio.network import CHUNK_SAMPLES
from voice.speech.tts import Synthesizer

MAX_TRANSCRIBE_SECONDS = 60.0
"""Audio held for one transcription at most: longer is refused, not cut."""


class SpeechPrograms:
    def __init__(self, make_recognizer: Callable[[], Recognizer], *, voice: str | None, limit: int) -> None:
        self.make_recognizer = make_recognizer
        self.voice = voice
        # Each transcription holds a recognizer while it runs, as a spoken check does.
        self._recognizing = asyncio.Semaphore(limit)
        self._synth: Synthesizer | None = None

    async def transcribe(self, pcm16k: bytes) -> str:
        """Recognize a whole utterance (16 kHz mono int16) off the event loop."""
        async with self._recognizing:
            return await asyncio.to_thread(self._recognize, pcm16k)

    def _recognize(self, pcm16k: bytes) -> str:
        recognizer = self.make_recognizer()
        step = 16000 * 2  # one second per call
        for i in range(0, len(pcm16k), step):
            recognizer.accept(pcm16k[i:i + step])
        return recognizer.final().text

    async def synthesize(self, text: str) -> list[Event]:
        """`audio-start`, the chunks and `audio-stop` of `text` spoken (sent as fast as made:
        a TTS program's client buffers and plays it)."""
        if self._synth is None:
            self._synth = Synthesizer(voice=self.voice)
        clip = await asyncio.to_thread(self._synth.synthesize, text)
        rate = clip.sample_rate
        events = [AudioStart(rate=rate, width=2, channels=1).event()]
        for i in range(0, len(clip.samples), CHUNK_SAMPLES):
            events.append(AudioChunk(rate=rate, width=2, channels=1,
                                     audio=clip.samples[i:i + CHUNK_SAMPLES].tobytes()).event())
        events.append(AudioStop().event())
        return events
