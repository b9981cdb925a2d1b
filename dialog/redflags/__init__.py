"""Red-flag detection (safety-critical): the one entry point the skill and
`twitchcheck detect` call.

lexicon.py (phrases) and learned.py (a classifier) find red flags; phonetic.py
reads misheard key words by sound; assertion.py judges each finding in its
clause; detector.py fuses them, failing safe.
"""

from dialog.redflags.detector import RedFlagDetector

__all__ = ["RedFlagDetector"]
