"""Red-flag detection (safety-critical): the one entry point the skill and
`twitchcheck detect` call."""

from dialog.redflags.lexicon import RedFlagDetector

__all__ = ["RedFlagDetector"]
