"""One transcript in, the skill's reply out: the text service without a transport.

Shared by the transports that hold many conversations at once: `twitchcheck serve`
(Wyoming, keyed by Home Assistant's conversation id) and the OpenVoiceOS skill (keyed
by OVOS's session id).

The red-flag check runs first on every transcript, whatever happens next: a check
that cannot be opened (too many open), one gone on too long, or a transcript too
long to be an answer still get the emergency message when a red flag is in it."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict

from dialog.language.english import NOT_ENGLISH, not_english
from dialog.load import default_protocol
from dialog.redflags import RedFlagDetector
from dialog.redflags.windows import windows
from dialog.skill import Event, Skill, SkillConfig
from dialog.text import MAX_CHARS
from models.events import End, OutcomeEvent, Say
from models.settings import DEFAULT_EMERGENCY_NUMBER
from voice.encoderload import load_in_background
from voice.eventjson import event_dicts
from voice.frontends.conversations import MAX_TURNS, Conversation, Conversations
from voice.lines import clean

log = logging.getLogger(__name__)

NO_CONVERSATION = ("This device can't keep our conversation going, so I can't hear your answer. "
                   "If any of those is happening, call {number} now.")
"""Said when a transcript comes without a conversation id: to the person, not the integrator."""


class TurnContext(BaseModel):
    """The `context` of a `handled` / `not-handled` reply.

    `events` are the skill's events of this turn exactly as `--jsonl` prints them,
    so a program can drive the service as it drives `--jsonl`."""

    model_config = ConfigDict(extra="forbid")
    conversation_id: str | None
    continue_conversation: bool
    """True while a question is open; false after the outcome or an emergency."""
    events: list[dict[str, Any]]


@dataclass(frozen=True)
class Reply:
    handled: bool
    text: str
    context: TurnContext


def jsonl_events(events: list[Event]) -> list[dict[str, Any]]:
    """The events exactly as `--jsonl` prints them."""
    return event_dicts(events)


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


class TextService:
    """Conversations by id, each a `Skill`; the clocks are handed in by the caller."""

    def __init__(self, *, emergency_number: str = DEFAULT_EMERGENCY_NUMBER, max_conversations: int = 1000,
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

    def new_skill(self, emergency_number: str | None = None) -> Skill:
        config = SkillConfig(emergency_number=emergency_number or self.emergency_number, today=self.today(),
                             started=datetime.now().astimezone(), spoken=True)
        return Skill(self.protocol, config, detector=self.detector)

    # ------------------------------------------------------------ red flags first

    def _flagged_piece(self, text: str) -> str | None:
        """The first piece of `text` in which the red-flag check hears or suspects a red flag."""
        for piece in windows([text]):
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

    async def turn(self, text: str, conversation_id: str | None, *,
                   emergency_number: str | None = None) -> Reply:
        """`emergency_number`: the number a check opened by this turn gives, when it is not
        the service's (a satellite in another country); an open check keeps its own."""
        now = self.clock()
        if conversation_id is None:
            return await self._one_turn(text, emergency_number)
        conversation = self.conversations.get(conversation_id, now)
        if conversation is not None:
            return await self._next_turn(conversation, conversation_id, text)
        expired = self.conversations.was_expired(conversation_id)
        conversation = self.conversations.open(conversation_id, now,
                                               lambda: self.new_skill(emergency_number))
        if conversation is None:
            return await self._full(text, conversation_id, emergency_number)
        events: list[Event] = []
        if expired:
            events.append(Say(kind="notice", text=f"Your earlier check was closed after "
                                                  f"{_how_long(self.conversations.idle_timeout)} without an answer, "
                                                  "so this is a new check."))
        async with conversation.lock:
            conversation.turns += 1
            return await self._first_words(conversation, conversation_id, text, events)

    async def _first_words(self, conversation: Conversation, conversation_id: str | None, text: str,
                           events: list[Event]) -> Reply:
        """The words that open a check ("check my twitching") are no answer, unless they
        hold a red flag: then the emergency comes first, before any greeting (Skill.hear)."""
        piece = await self._red_flag_in(text)
        if piece is not None:
            events += conversation.skill.hear(self._clean(piece))
            return self._reply(events, conversation, conversation_id)
        if not too_long(text) and not_english(text):  # the skill reads the answers; these words open it
            number = conversation.skill.config.emergency_number
            events.append(Say(kind="notice", text=NOT_ENGLISH.format(number=number)))
        events += conversation.skill.start()
        if too_long(text):
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

    async def _one_turn(self, text: str, emergency_number: str | None) -> Reply:
        """No conversation id: nothing said next can be tied to this turn. The check opens as
        always (its first question names the warning signs) and the person is told, in their
        words, that no answer can be heard here and when to call."""
        conversation = Conversation(skill=self.new_skill(emergency_number), last_seen=self.clock())
        reply = await self._first_words(conversation, None, text, [])
        if conversation.skill.finished:
            return reply
        log.warning("a transcript came without a conversation id: the client must send one "
                    "(context.conversation_id) for the check to hear the answers")
        notice = Say(kind="notice", text=NO_CONVERSATION.format(number=conversation.skill.config.emergency_number))
        return Reply(handled=reply.handled, text=f"{reply.text} {notice.text}",
                     context=reply.context.model_copy(
                         update={"events": reply.context.events + jsonl_events([notice])}))

    async def _full(self, text: str, conversation_id: str, emergency_number: str | None) -> Reply:
        piece = await self._red_flag_in(text)
        if piece is not None:  # no room for a check, but the emergency message is always given
            skill = self.new_skill(emergency_number)
            skill.start()
            events = skill.hear(self._clean(piece))
            return Reply(handled=True, text=spoken_words(events),
                         context=TurnContext(conversation_id=conversation_id, continue_conversation=False,
                                             events=jsonl_events(events)))
        number = emergency_number or self.emergency_number
        return Reply(handled=False,
                     text=f"twitchcheck is already holding {self.conversations.limit} checks, the most it "
                          "can. Please try again in a few minutes. If you think you may have a medical "
                          f"emergency, call {number} now.",
                     context=TurnContext(conversation_id=conversation_id, continue_conversation=False,
                                         events=[]))

    # ------------------------------------------------------------ without words

    def open_check(self, conversation_id: str) -> Skill | None:
        """The check open under this id (None: never opened, expired or closed), without
        counting as a turn of it."""
        conversation = self.conversations.peek(conversation_id, self.clock())
        return conversation.skill if conversation is not None else None

    def close(self, conversation_id: str) -> None:
        """Forget the check under this id, so the next turn with it opens a new one."""
        self.conversations.close(conversation_id)

    async def stop(self, conversation_id: str) -> Reply | None:
        """The check was stopped without words to read (a stop button, a voice assistant's
        own "stop"): the outcome of what is known, as when the person says "stop". None
        when no check is open under this id or it has already ended."""
        conversation = self.conversations.get(conversation_id, self.clock())
        if conversation is None:
            return None
        async with conversation.lock:
            if conversation.skill.finished:
                return None
            return self._reply(conversation.skill.stop(), conversation, conversation_id)

    # ------------------------------------------------------------ replies

    @staticmethod
    def _clean(text: str) -> str:
        return clean(text.encode("utf-8", errors="replace"))

    @staticmethod
    def _too_long(text: str) -> str:
        # words for a person: the numbers are in the log for whoever sent it
        log.info("a transcript of %s characters (at most %s) was not read as an answer", f"{len(text):,}",
                 f"{MAX_CHARS:,}")
        return "That was too long for me to take as one answer, so I did not use it. Please say it again in fewer words."

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


def _how_long(seconds: float) -> str:
    """A wait in the words a person uses: "45 seconds", "1 minute", "10 minutes"."""
    if seconds < 60:
        whole = max(1, round(seconds))
        return f"{whole} second{'s' if whole != 1 else ''}"
    minutes = round(seconds / 60)
    return f"{minutes} minute{'s' if minutes != 1 else ''}"
