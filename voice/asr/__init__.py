"""Speech recognizers behind one small interface (`voice.asr.base.Recognizer`)."""

from voice.asr.base import RecognitionResult, Recognizer, RecognizerError, WordInfo

__all__ = ["RecognitionResult", "Recognizer", "RecognizerError", "WordInfo"]
