"""One transcript in, the skill's reply out: the text service without the network.

The red-flag check runs first on every transcript, whatever happens next: a check
that cannot be opened (too many open), one gone on too long, or a transcript too
long to be an answer still get the emergency message when a red flag is in it."""

from __future__ import annotations

import asyncio
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from dialog.load import default_protocol
from dialog.redflags import RedFlagDetector
from dialog.skill import Event, Skill, SkillConfig
from models.events import End, OutcomeEvent, Say
from models.serve import TurnContext
from dialog.text import MAX_CHARS
from voice.encoderload import load_in_background
from voice.lines import clean
from voice.frontends.serve.conversations import MAX_TURNS, Conversation, Conversations
from voice.frontends.typed import JsonWriter

OVERLAP = 500
"""Characters shared by neighbouring pieces of an over-long transcript, so a red flag
said across a cut is read whole in one of them."""


@dataclass(frozen=True)
class Reply:
    handled: bool
    text: str
    context: TurnContext


def jsonl_events(events: list[Event]) -> list[dict[str, Any]]:
    """The events exactly as `--jsonl` prints them (its own writer, read back)."""
    out = io.StringIO()
    write = JsonWriter(out)
    for event in events:
        write(event)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def spoken_words(events: list[Event]) -> str:
    """What the spoken check would say for these events, in order."""
    said: list[str] = []
    for event in events:
        if isinstance(event, End) or (isinstance(event, OutcomeEvent) and event.level.value == "emergency"):
            continue  # an emergency outcome repeats the emergency message already said
        said.append(event.text)
    return " ".join(text for text in said if text)


def too_long(text: str) -> bool:
    """Longer than the dialogue reads of one utterance (`dialog.text.MAX_CHARS`): the
    rest would be dropped unread, so such a text is refused rather than cut."""
    return len(text) > MAX_CHARS


def pieces(text: str, size: int = MAX_CHARS, overlap: int = OVERLAP) -> list[str]:
    """`text` cut into pieces of at most `size` characters that overlap by `overlap`."""
    step = size - overlap
    return [text[i:i + size] for i in range(0, max(len(text) - overlap, 1), step)]


class TextService:
    """Conversations by id, each a `Skill`; the clocks are handed in by the caller."""

    def __init__(self, *, emergency_number: str = "911", max_conversations: int = 1000,
                 idle_timeout: float = 600.0, clock: Callable[[], float],
                 today: Callable[[], date]) -> None:
        self.protocol = default_protocol()
        self.emergency_number = emergency_number
        # Transcripts come from a speech recognizer: known mishearings count too.
        self.detector = RedFlagDetector(self.protocol.red_flags, spoken=True)
        load_in_background(self.detector)  # shared by every conversation, once it has loaded
        self.clock = clock
        self.today = today
        self.conversations = Conversations(self.new_skill, limit=max_conversations,
                                           idle_timeout=idle_timeout)
        # Reading a megabyte for red flags takes seconds of CPU: one at a time, so a
        # client sending many cannot take both cores from everyone else.
        self._long_reads = asyncio.Semaphore(1)

    def new_skill(self) -> Skill:
        config = SkillConfig(emergency_number=self.emergency_number, today=self.today(), spoken=True)
        return Skill(self.protocol, config, detector=self.detector)

    # ------------------------------------------------------------ red flags first

    def _flagged_piece(self, text: str) -> str | None:
        """The first piece of `text` in which the red-flag check hears or suspects a red flag."""
        for piece in pieces(text):
            detection = self.detector.detect(piece)
            if detection.red_flags or detection.uncertain:
                return piece
        return None

    async def _red_flag_in(self, text: str) -> str | None:
        if not too_long(text):
            return self._flagged_piece(text)
        # A long text takes a while to read: other conversations go on meanwhile.
        async with self._long_reads:
            return await asyncio.to_thread(self._flagged_piece, text)

    # ------------------------------------------------------------ a turn

    async def turn(self, text: str, conversation_id: str | None) -> Reply:
        now = self.clock()
        if conversation_id is None:
            return await self._one_turn(text)
        conversation = self.conversations.get(conversation_id, now)
        if conversation is not None:
            return await self._next_turn(conversation, conversation_id, text)
        expired = self.conversations.was_expired(conversation_id)
        conversation = self.conversations.open(conversation_id, now)
        if conversation is None:
            return await self._full(text, conversation_id)
        events: list[Event] = []
        if expired:
            minutes = round(self.conversations.idle_timeout / 60)
            events.append(Say(kind="notice", text=f"Your earlier check was closed after {minutes} "
                                                  f"minute{'s' if minutes != 1 else ''} without an answer, "
                                                  "so this is a new check."))
        async with conversation.lock:
            conversation.turns += 1
            events += conversation.skill.start()
            return await self._first_words(conversation, conversation_id, text, events)

    async def _first_words(self, conversation: Conversation, conversation_id: str | None, text: str,
                           events: list[Event]) -> Reply:
        """The words that open a check ("check my twitching") are no answer, unless they
        hold a red flag."""
        piece = await self._red_flag_in(text)
        if piece is not None:
            events += conversation.skill.hear(self._clean(piece))
        elif too_long(text):
            return self._refused(events, conversation, conversation_id, self._too_long(text))
        return self._reply(events, conversation, conversation_id)

    async def _next_turn(self, conversation: Conversation, conversation_id: str, text: str) -> Reply:
        async with conversation.lock:
            conversation.turns += 1
            if conversation.turns > MAX_TURNS or too_long(text):
                piece = await self._red_flag_in(text)
                if piece is not None:
                    return self._reply(conversation.skill.hear(self._clean(piece)), conversation,
                                       conversation_id)
                if conversation.turns > MAX_TURNS:
                    self.conversations.close(conversation_id)
                    return Reply(handled=False, text=f"This check went on for more than {MAX_TURNS} turns "
                                 "and was closed. Say 'check my twitching' to start again.",
                                 context=TurnContext(conversation_id=conversation_id,
                                                     continue_conversation=False, events=[]))
                return self._refused([], conversation, conversation_id, self._too_long(text))
            return self._reply(conversation.skill.hear(self._clean(text)), conversation, conversation_id)

    async def _one_turn(self, text: str) -> Reply:
        conversation = Conversation(skill=self.new_skill(), last_seen=self.clock())
        events = conversation.skill.start()
        reply = await self._first_words(conversation, None, text, events)
        if conversation.skill.finished:
            return reply
        notice = Say(kind="notice", text="Without a conversation id each message starts a new check: "
                                         "the client must send one to answer the questions.")
        return Reply(handled=reply.handled, text=f"{reply.text} {notice.text}",
                     context=reply.context.model_copy(
                         update={"events": reply.context.events + jsonl_events([notice])}))

    async def _full(self, text: str, conversation_id: str) -> Reply:
        piece = await self._red_flag_in(text)
        if piece is not None:  # no room for a check, but the emergency message is always given
            skill = self.new_skill()
            skill.start()
            events = skill.hear(self._clean(piece))
            return Reply(handled=True, text=spoken_words(events),
                         context=TurnContext(conversation_id=conversation_id, continue_conversation=False,
                                             events=jsonl_events(events)))
        number = self.emergency_number
        return Reply(handled=False,
                     text=f"twitchcheck is already holding {self.conversations.limit} checks, the most it "
                          "can. Please try again in a few minutes. If you think you may have a medical "
                          f"emergency, call {number} now.",
                     context=TurnContext(conversation_id=conversation_id, continue_conversation=False,
                                         events=[]))

    # ------------------------------------------------------------ replies

    @staticmethod
    def _clean(text: str) -> str:
        return clean(text.encode("utf-8", errors="replace"))

    @staticmethod
    def _too_long(text: str) -> str:
        return (f"That was too long to be an answer ({len(text):,} characters; at most "
                f"{MAX_CHARS:,}), so it was not read as one. Please say it again in fewer words.")

    def _context(self, events: list[Event], conversation: Conversation,
                 conversation_id: str | None) -> TurnContext:
        return TurnContext(conversation_id=conversation_id,
                           continue_conversation=conversation_id is not None and not conversation.skill.finished,
                           events=jsonl_events(events))

    def _reply(self, events: list[Event], conversation: Conversation, conversation_id: str | None) -> Reply:
        return Reply(handled=True, text=spoken_words(events),
                     context=self._context(events, conversation, conversation_id))

    def _refused(self, events: list[Event], conversation: Conversation, conversation_id: str | None,
                 why: str) -> Reply:
        text = " ".join(part for part in (why, spoken_words(events)) if part)
        return Reply(handled=False, text=text, context=self._context(events, conversation, conversation_id))
