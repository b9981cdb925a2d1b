"""Red-flag detector (safety-critical). INTERFACE STUB: being implemented."""

from __future__ import annotations

from collections.abc import Sequence

from models.detection import Detection
from models.protocol import RedFlag


class RedFlagDetector:
    def __init__(self, red_flags: Sequence[RedFlag]) -> None:
        self._flags = tuple(red_flags)

    def detect(self, text: str) -> Detection:
        raise NotImplementedError
