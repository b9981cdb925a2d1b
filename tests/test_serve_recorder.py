"""`--record-dir`'s recorder: one WAV per utterance, bounded while nobody speaks, and a
failing disk never stops the check."""

from __future__ import annotations

import wave
from pathlib import Path

from voice.frontends.serve.satellite import UtteranceRecorder
from voice.listen import AnswerHeard, SpeechStarted

SECOND = bytes(32000)  # one second of 16 kHz int16 silence
VOICE = b"\x10\x27" * 16000  # one second at a constant level


def test_silence_before_speech_is_not_hoarded_and_each_utterance_is_one_file(tmp_path: Path) -> None:
    recorder = UtteranceRecorder(tmp_path, "satellite-7")
    for _ in range(600):  # ten minutes of a satellite streaming silence
        recorder.chunk(SECOND)
    assert len(recorder._audio) <= 32000
    recorder.event(SpeechStarted(utterance=1, at=600.0))
    recorder.chunk(VOICE)
    recorder.chunk(VOICE)
    recorder.event(AnswerHeard(utterance=1, text="no", ended_by="silence", at=602.0))
    recorder.chunk(SECOND)
    recorder.event(SpeechStarted(utterance=2, at=603.0))
    recorder.chunk(VOICE)
    recorder.event(AnswerHeard(utterance=2, text="mild", ended_by="silence", at=604.0))
    first, second = recorder.written
    assert first.name.startswith("satellite-7-") and first.name.endswith("-01.wav")
    assert second.name.endswith("-02.wav")
    with wave.open(str(first), "rb") as w:
        assert w.getframerate() == 16000 and w.getnframes() == 3 * 16000  # a second before, two spoken


def test_a_folder_gone_missing_loses_the_recording_not_the_check(tmp_path: Path) -> None:
    recorder = UtteranceRecorder(tmp_path / "gone", "satellite-8")
    recorder.event(SpeechStarted(utterance=1, at=0.0))
    recorder.chunk(VOICE)
    recorder.event(AnswerHeard(utterance=1, text="no", ended_by="silence", at=1.0))  # must not raise
    assert recorder.written == []
