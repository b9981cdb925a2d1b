"""The OpenVoiceOS skill: OVOS's utterances in, the check's words spoken back.

A thin adapter over `TextService` (voice/frontends/agent.py), the same conversations
`twitchcheck serve` holds: one check per OVOS session id, so HiveMind satellites and
several people never share one, and the red-flag check reads every utterance first.

- "check my twitching" (locale/en-us/start.intent) starts a check, afresh.
- While a check is open, every utterance of its session comes to `converse`: the
  answers, "repeat", "go back", "summary", and a red flag said at any point. After
  an emergency everything said gets the emergency message again, as in the typed
  check, so it cannot be talked away. After any other outcome only what the check
  still answers is taken ("repeat", "more", "summary", a red flag); anything else
  goes on to the other skills.
- OVOS's own stop ("stop", "stop everything", a stop button) gives the outcome of
  what is known, as "stop" does in the typed check; a stop once the check is over
  closes it, and the device is the person's again.

TextService is asynchronous and not thread-safe, and OVOS calls a skill from many
threads: all of it runs on one event loop of the skill's own, in one thread.
"""

from __future__ import annotations

import asyncio
import re
import threading
from collections.abc import Coroutine
from datetime import date, datetime, timezone
from pathlib import Path
from time import monotonic
from typing import Any, TypeVar

from ovos_bus_client.message import Message, dig_for_message
from ovos_bus_client.session import Session, SessionManager
from ovos_utils import classproperty
from ovos_utils.process_utils import RuntimeRequirements
from ovos_workshop.decorators import intent_handler
from ovos_workshop.skills.converse import ConversationalSkill

from dialog.commands import match_command
from dialog.language.speakable import digits_words, speakable
from dialog.skill import Skill
from dialog.text import MAX_CHARS, normalize
from models.events import OutcomeEvent
from models.session import Session as SessionRecord
from voice.frontends.agent import Reply, TextService
from voice.frontends.ovos.number import emergency_number
from voice.summaryfile import write_summary

SKILL_ID = "ovos-skill-twitchcheck.twitchcheck"
TURN_TIMEOUT = 30.0
"""Seconds a turn may take before the skill gives up on it (one takes milliseconds)."""
DEFAULT_CONVERSE_TIMEOUT = 300.0
"""OVOS's own default (`skills.converse.timeout`): how long a skill stays active."""
AFTER_THE_END = frozenset({"repeat", "more", "summary"})
"""What a finished check still answers in converse; anything else is another skill's."""

T = TypeVar("T")


class TwitchCheckSkill(ConversationalSkill):

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="twitchcheck-agent", daemon=True)
        self._thread.start()
        self.service = TextService(clock=monotonic, today=date.today)
        self._summaries: dict[str, tuple[Skill, Path, OutcomeEvent | None]] = {}
        """Per session id: the check whose summary was written, where, and which outcome."""
        super().__init__(*args, **kwargs)

    @classproperty
    def runtime_requirements(self) -> RuntimeRequirements:
        return RuntimeRequirements(internet_before_load=False, network_before_load=False,
                                   gui_before_load=False, requires_internet=False, requires_network=False,
                                   requires_gui=False, no_internet_fallback=True, no_network_fallback=True,
                                   no_gui_fallback=True)

    def initialize(self) -> None:
        self.settings.merge({"emergency_number": ""}, new_only=True)
        # A check lasts as long as OVOS keeps the skill active: after that its answers
        # would go to other skills, so an older check is closed (and says so if resumed).
        converse = self.config_core.get("skills", {}).get("converse", {})
        timeout = converse.get("skill_timeouts", {}).get(self.skill_id) or converse.get("timeout")
        self.service.conversations.idle_timeout = float(timeout or DEFAULT_CONVERSE_TIMEOUT)

    def shutdown(self) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=5)

    # ------------------------------------------------------------ OVOS calls these

    @intent_handler("start.intent")
    def handle_start(self, message: Message) -> None:
        session_id = SessionManager.get(message).session_id
        number = self._number(message)
        heard = self._heard(message.data.get("utterances") or [message.data.get("utterance", "")])
        try:
            reply = self._run(self._start(session_id, heard, number))
        except Exception:
            return self._failed(number, message)
        self._answer(reply, session_id, message)

    def can_converse(self, message: Message) -> bool:
        session_id = SessionManager.get(message).session_id
        return self._run(self._claims(session_id, message.data.get("utterances") or []))

    def converse(self, message: Message) -> bool:
        session_id = SessionManager.get(message).session_id
        number = self._number(message)
        heard = self._heard(message.data.get("utterances") or [])
        try:
            reply = self._run(self.service.turn(heard, session_id, emergency_number=number))
        except Exception:
            self._failed(number, message)
            return True
        self._answer(reply, session_id, message)
        return True

    def can_stop(self, message: Message) -> bool:
        session_id = SessionManager.get(message).session_id
        return self._run(self._is_open(session_id))

    def stop_session(self, session: Session) -> bool:
        message = _message_of(session)
        reply = self._run(self.service.stop(session.session_id))
        if reply is not None:
            self._answer(reply, session.session_id, message)
        else:
            self._run(self._close(session.session_id))
        # False even when a check was stopped: True makes OVOS cut off speech still
        # playing, which would cut off the outcome this has just queued.
        return False

    # ------------------------------------------------------------ on the agent's loop

    def _run(self, coroutine: Coroutine[Any, Any, T]) -> T:
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(timeout=TURN_TIMEOUT)

    async def _start(self, session_id: str, text: str, number: str) -> Reply:
        """The start words begin a new check even when one is open (say, one the person
        left alone until OVOS stopped sending its answers here)."""
        self.service.close(session_id)
        return await self.service.turn(text, session_id, emergency_number=number)

    async def _claims(self, session_id: str, utterances: list[str]) -> bool:
        check = self.service.open_check(session_id)
        if check is None:
            return False
        if not check.finished or check.emergency is not None:
            return True
        text = self._heard(utterances)
        if len(text) <= MAX_CHARS and self.service.detector.detect(text).red_flags:
            return True  # a red flag after the outcome still gets the emergency message
        command = match_command(normalize(text))
        return command is not None and command.command in AFTER_THE_END

    async def _is_open(self, session_id: str) -> bool:
        return self.service.open_check(session_id) is not None

    async def _close(self, session_id: str) -> None:
        self.service.close(session_id)

    # ------------------------------------------------------------ helpers

    def _heard(self, utterances: list[str]) -> str:
        """Of OVOS's readings of one utterance (its normalizer adds one with contractions
        expanded and a normalized one), the first the red-flag check hears or suspects a
        red flag in; else the first. A reading too long to be an answer is read whole
        by the agent."""
        readings = [text for text in utterances if isinstance(text, str) and text.strip()]
        if not readings:
            return ""
        for text in readings:
            if len(text) > MAX_CHARS:
                return text
            detection = self.service.detector.detect(text)
            if detection.red_flags or detection.uncertain:
                return text
        return readings[0]

    def _number(self, message: Message) -> str:
        location = SessionManager.get(message).location_preferences
        number, source = emergency_number(self.settings.get("emergency_number"), location)
        if source == "default":
            self.log.warning(f"twitchcheck: no valid emergency_number setting and no number known for "
                             f"the location's country; the check gives {number}")
        elif source == "country" and self.settings.get("emergency_number"):
            self.log.warning(f"twitchcheck: the emergency_number setting "
                             f"{self.settings.get('emergency_number')!r} is not a telephone number; "
                             f"the check gives {number}, the location's")
        return number

    def _answer(self, reply: Reply, session_id: str, message: Message) -> None:
        """Speak the reply: an emergency first and alone (the greeting and question of a
        check opened with a red flag no longer apply), then write the summary."""
        emergencies = [event["text"] for event in reply.context.events if event.get("type") == "emergency"]
        if emergencies:
            self._speak(emergencies[0], expect_response=False)
        elif reply.text:
            self._speak(reply.text, expect_response=reply.context.continue_conversation)
        self._save_summary(session_id)

    def _speak(self, text: str, *, expect_response: bool) -> None:
        """OVOS's speech engine says the words ("call nine one one"); a screen can show the
        text as written, from the message's meta."""
        self.speak(speakable(text), expect_response=expect_response, meta={"display_text": text})

    def _failed(self, number: str, message: Message) -> None:
        """A bug or a stuck turn: the person still hears what to do in an emergency."""
        self.log.exception("twitchcheck: the turn failed")
        self.speak_dialog("error", {"number": digits_words(number)})

    def _save_summary(self, session_id: str) -> None:
        """Write the summary of a check that reached its outcome (again when it changed,
        as when a red flag is said after it), one file per check."""
        found = self._run(self._summary_due(session_id))
        if found is None:
            return
        path, outcome, session, emergency = found
        try:
            write_summary(path, outcome, session, emergency)
        except OSError as exc:
            self.log.error(f"twitchcheck: could not write the summary {path}: {exc}")

    async def _summary_due(self, session_id: str) -> tuple[Path, OutcomeEvent, SessionRecord, str | None] | None:
        # Forget the checks that are gone, so a long-running device keeps no list of them.
        self._summaries = {sid: saved for sid, saved in self._summaries.items()
                           if self.service.open_check(sid) is saved[0]}
        check = self.service.open_check(session_id)
        if check is None or check.outcome is None:
            return None
        saved = self._summaries.get(session_id)
        if saved is not None and saved[0] is check and saved[2] is check.outcome:
            return None
        path = saved[1] if saved is not None and saved[0] is check else self._summary_path(session_id)
        self._summaries[session_id] = (check, path, check.outcome)
        return (path, check.outcome, check.session.model_copy(deep=True),
                check.emergency.text if check.emergency else None)

    def _summary_path(self, session_id: str) -> Path:
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
        name = re.sub(r"[^A-Za-z0-9_-]", "_", session_id)[:64] or "session"
        return Path(self.file_system.path) / "summaries" / f"{stamp}-{name}.md"


def _message_of(session: Session) -> Message:
    """The stop message being handled (for speaking back to the right device), or a
    new one carrying the session."""
    message = dig_for_message()
    if message is None:
        message = Message("twitchcheck.stop", context={"session": session.serialize()})
    return message
