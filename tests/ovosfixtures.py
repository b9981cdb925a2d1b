"""OpenVoiceOS for the skill's tests: real OVOS code, nothing of it replaced.

`Device` is what a voice satellite or the OVOS listener is to the core: it sends an
utterance with its session, and keeps the session the core hands back (the skills
that are active in it), as HiveMind satellites do. It works on any bus object with
`on` and `emit`: the in-process FakeBus of ovoscope's MiniCroft or a real
`ovos-bus-client` connection to an `ovos-messagebus` server.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from ovos_bus_client.message import Message
from ovos_bus_client.session import Session

SKILL_ID = "ovos-skill-twitchcheck.twitchcheck"
DONE = ("ovos.utterance.handled", "complete_intent_failure", f"{SKILL_ID}.stop.response")
"""What the core sends when it has finished with an utterance (a skill's stop ends with
its `stop.response`: ovos-core 2.1 sends no `ovos.utterance.handled` after it)."""


def _message(raw: Any) -> Message:
    if isinstance(raw, Message):
        return raw
    data = json.loads(raw) if isinstance(raw, str) else raw
    return Message(data.get("type", ""), data.get("data", {}), data.get("context", {}))


@dataclass
class Heard:
    """What came back for one utterance."""

    spoken: list[str]
    """The `speak` messages' texts, in order."""
    expect_response: list[bool]
    handled: bool
    """The core said it finished with the utterance."""

    @property
    def text(self) -> str:
        return " ".join(self.spoken)


@dataclass
class Device:
    bus: Any
    session_id: str
    location: dict[str, Any] | None = None
    pipeline: list[str] | None = None
    """The session's intent pipeline (default: this process's OVOS configuration's)."""
    session: dict[str, Any] = field(init=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False)
    _spoken: list[tuple[str, bool]] = field(default_factory=list, init=False)
    _done: threading.Event = field(default_factory=threading.Event, init=False)

    def __post_init__(self) -> None:
        session = Session(self.session_id)
        if self.location is not None:
            session.location_preferences = self.location
        if self.pipeline is not None:
            session.pipeline = self.pipeline
        self.session = session.serialize()
        self.bus.on("message", self._on_message)

    def _on_message(self, raw: Any) -> None:
        message = _message(raw)
        session = message.context.get("session") or {}
        if session.get("session_id") != self.session_id:
            return
        with self._lock:
            if message.msg_type in DONE or message.msg_type == "speak":
                self.session = session  # the core's latest view: which skills are active
            if message.msg_type == "speak":
                self._spoken.append((message.data.get("utterance", ""),
                                     bool(message.data.get("expect_response"))))
            if message.msg_type in DONE:
                self._done.set()

    def say(self, text: str, *, timeout: float = 20.0, settle: float = 0.05) -> Heard:
        """Send one utterance; wait until the core is done with it (and `settle` seconds
        for a speak sent after that), or `timeout`."""
        with self._lock:
            self._spoken.clear()
            self._done.clear()
            session = self.session
        self.bus.emit(Message("recognizer_loop:utterance", {"utterances": [text], "lang": "en-US"},
                              {"session": session, "source": "test", "destination": "skills"}))
        handled = self._done.wait(timeout)
        time.sleep(settle)
        with self._lock:
            return Heard(spoken=[text for text, _ in self._spoken],
                         expect_response=[expect for _, expect in self._spoken], handled=handled)
