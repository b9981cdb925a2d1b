"""Answer understanding. INTERFACE STUB: being implemented.

understand(text, open_slot) -> Understanding
"""

from __future__ import annotations

from models.common import SlotName
from models.understanding import Understanding


def understand(text: str, open_slot: SlotName | None) -> Understanding:
    raise NotImplementedError
