"""The text service without a transport (voice/frontends/agent.py): what the OpenVoiceOS
skill adds to it. A number per check, and a stop without words."""

from __future__ import annotations

import asyncio
from datetime import date

from voice.frontends.agent import TextService

TODAY = date(2025, 3, 14)


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def service(**kwargs: object) -> TextService:
    return TextService(clock=Clock(), today=lambda: TODAY, **kwargs)  # type: ignore[arg-type]


def test_a_check_keeps_the_number_it_was_opened_with() -> None:
    async def run() -> None:
        agent = service(emergency_number="911")
        await agent.turn("check my twitching", "london", emergency_number="999")
        await agent.turn("check my twitching", "boston")
        assert "on 999." in (await agent.turn("I can't breathe", "london", emergency_number="112")).text
        assert "on 911." in (await agent.turn("I can't breathe", "boston")).text
        assert "on 000." in (await agent.turn("I can't breathe", None, emergency_number="000")).text

    asyncio.run(run())


def test_the_full_service_still_gives_the_callers_number() -> None:
    async def run() -> None:
        agent = service(max_conversations=1)
        await agent.turn("check my twitching", "first")
        full = await agent.turn("check my twitching", "second", emergency_number="999")
        assert not full.handled and "call 999 now" in full.text
        assert "on 999." in (await agent.turn("I can't breathe", "third", emergency_number="999")).text

    asyncio.run(run())


def test_stop_without_words_gives_the_outcome_of_what_is_known_once() -> None:
    async def run() -> None:
        agent = service()
        assert await agent.stop("nobody") is None
        await agent.turn("check my twitching", "alice")
        await agent.turn("no", "alice")
        stopped = await agent.stop("alice")
        assert stopped is not None and stopped.handled
        assert stopped.text.startswith("Okay, stopping the check here.")
        assert stopped.context.continue_conversation is False
        assert [event["type"] for event in stopped.context.events][-2:] == ["outcome", "end"]
        assert await agent.stop("alice") is None, "a check that is over is not stopped again"
        assert agent.open_check("alice") is not None, "the outcome can still be asked for"
        summary = await agent.turn("summary", "alice")
        assert summary.text.startswith("Summary for a doctor.")

    asyncio.run(run())


def test_open_check_does_not_count_as_a_turn_and_close_forgets_it() -> None:
    async def run() -> None:
        clock = Clock()
        agent = TextService(clock=clock, today=lambda: TODAY, idle_timeout=60)
        await agent.turn("check my twitching", "alice")
        clock.now = 50
        assert agent.open_check("alice") is not None
        clock.now = 70  # 70 s since the last turn, though open_check looked at 50
        assert agent.open_check("alice") is None
        await agent.turn("check my twitching", "bob")
        agent.close("bob")
        assert agent.open_check("bob") is None
        again = await agent.turn("check my twitching", "bob")
        assert again.text.startswith("Hello."), "a closed check is not reported as expired"

    asyncio.run(run())
