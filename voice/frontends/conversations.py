"""Open checks, keyed by a conversation id, in this process's memory.

Home Assistant opens a new connection for every turn, and OpenVoiceOS has one skill
for every session, so a check lives here, not in a connection. Time comes from the
caller (`now`, monotonic seconds): the store reads no clock, which keeps expiry
testable without waiting."""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field

from dialog.skill import Skill

MAX_TURNS = 200
"""Turns one check may take: with each utterance capped in length this bounds a
conversation's memory (a whole check is about twenty turns)."""
REMEMBERED_EXPIRED = 10_000
"""Ids of expired checks kept, so a late reply can be told its check started again."""


@dataclass
class Conversation:
    skill: Skill
    last_seen: float
    turns: int = 0
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    """One turn at a time even when a client sends two at once on two connections."""


class Conversations:
    """At most `limit` open checks; one left alone for `idle_timeout` seconds is forgotten.

    A finished check (outcome or emergency given) is kept so that "repeat" and "summary"
    still work, but only while nobody needs its place: when the store is full, the
    finished check seen longest ago gives way to a new one. A person is refused only
    when every check held is still in progress."""

    def __init__(self, new_skill: Callable[[], Skill], *, limit: int, idle_timeout: float) -> None:
        self._new_skill = new_skill
        self.limit = limit
        self.idle_timeout = idle_timeout
        self._open: OrderedDict[str, Conversation] = OrderedDict()  # least recently seen first
        self._expired: OrderedDict[str, None] = OrderedDict()

    def __len__(self) -> int:
        return len(self._open)

    def get(self, conversation_id: str, now: float) -> Conversation | None:
        """The open check with this id, or None (never seen, expired or forgotten)."""
        self.expire(now)
        conversation = self._open.get(conversation_id)
        if conversation is not None:
            conversation.last_seen = now
            self._open.move_to_end(conversation_id)
        return conversation

    def was_expired(self, conversation_id: str) -> bool:
        return conversation_id in self._expired

    def peek(self, conversation_id: str, now: float) -> Conversation | None:
        """The open check with this id, or None, without counting as a turn of it."""
        self.expire(now)
        return self._open.get(conversation_id)

    def open(self, conversation_id: str, now: float,
             new_skill: Callable[[], Skill] | None = None) -> Conversation | None:
        """Start a check under this id (made by `new_skill` when given); None when `limit`
        checks are already open."""
        self.expire(now)
        if len(self._open) >= self.limit and not self._make_room():
            return None
        self._expired.pop(conversation_id, None)
        conversation = Conversation(skill=(new_skill or self._new_skill)(), last_seen=now)
        self._open[conversation_id] = conversation
        return conversation

    def _make_room(self) -> bool:
        """Forget the finished check seen longest ago; False when every check is in progress."""
        for held_id, held in self._open.items():  # least recently seen first
            if held.skill.finished and not held.lock.locked():
                # not "expired": its person had their outcome, so a later word from them
                # simply starts a new check, with no notice that one was closed unanswered
                del self._open[held_id]
                return True
        return False

    def _remember_expired(self, conversation_id: str) -> None:
        self._expired[conversation_id] = None
        if len(self._expired) > REMEMBERED_EXPIRED:
            self._expired.popitem(last=False)

    def close(self, conversation_id: str) -> None:
        self._open.pop(conversation_id, None)

    def expire(self, now: float) -> None:
        while self._open:
            oldest_id, oldest = next(iter(self._open.items()))
            if now - oldest.last_seen < self.idle_timeout or oldest.lock.locked():
                return
            del self._open[oldest_id]
            self._remember_expired(oldest_id)
