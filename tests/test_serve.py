"""`twitchcheck serve` over real sockets, driven by the wyoming library's own client
the way Home Assistant's conversation agent drives it (a new connection per turn)."""

from __future__ import annotations

import asyncio
import random

import pytest
from wyoming.asr import Transcript
from wyoming.client import AsyncTcpClient, AsyncUnixClient
from wyoming.info import Describe, Info

from models.common import SLOT_ORDER
from tests.harness import load_jsonl
from tests.servefixtures import INVOCATION, run, say, served, whole_check

VIGNETTES = load_jsonl("vignettes.jsonl")


def test_describe_lists_twitchcheck_as_an_english_handle_program() -> None:
    async def go() -> Info:
        async with served() as s, AsyncTcpClient(s.host, s.port) as client:
            await client.write_event(Describe().event())
            reply = await client.read_event()
            assert reply is not None
            return Info.from_event(reply)

    info = run(go())
    [program] = info.handle
    assert program.name == "twitchcheck" and program.installed and program.version
    assert program.attribution.name
    assert program.models[0].languages == ["en"]
    assert not info.asr and not info.tts  # not served yet: no audio programs are claimed


@pytest.mark.parametrize("vignette", VIGNETTES, ids=[v["id"] for v in VIGNETTES])
def test_a_whole_check_over_a_new_connection_per_turn_reaches_the_vignettes_level(vignette: dict) -> None:
    async def go():
        async with served() as s:
            return await whole_check(s.host, s.port, f"ha-{vignette['id']}", vignette["answers"])

    check = run(go())
    assert check.level == vignette["expect"], vignette["why"]
    last = check.replies[-1]
    assert last.data["context"]["continue_conversation"] is False
    if vignette["expect"] == "emergency":
        assert any(e["type"] == "emergency" for e in check.events)
        assert "emergency" in last.data["text"].lower()
    else:
        outcome = [e for e in check.events if e["type"] == "outcome"][-1]
        assert outcome["text"] in last.data["text"]  # what is said is the outcome's words


def test_events_are_exactly_what_jsonl_prints() -> None:
    import io
    import json

    from dialog.skill import Skill, SkillConfig
    from tests.harness import TODAY
    from voice.frontends.typed import JsonWriter

    async def go():
        async with served() as s:
            first = await say(s.host, s.port, INVOCATION, "same")
            second = await say(s.host, s.port, "no", "same")
            return first, second

    first, second = run(go())
    skill = Skill(config=SkillConfig(today=TODAY, spoken=True))
    out = io.StringIO()
    for event in skill.start() + skill.hear("no"):
        JsonWriter(out)(event)
    printed = [json.loads(line) for line in out.getvalue().splitlines()]
    assert first.data["context"]["events"] + second.data["context"]["events"] == printed
    assert printed[-1]["type"] == "ask" and printed[-1]["slot"] == "duration"


RED_FLAG_SAYINGS = [("i can't breathe", "breathing"), ("i cannot swallow anything", "swallowing"),
                    ("my speech is slurred", "speech"), ("i passed out this morning", "consciousness"),
                    ("i had a seizure", "seizure"), ("my arm is paralyzed", "paralysis"),
                    ("i'm seeing double", "vision"), ("i have the worst headache of my life", "headache"),
                    ("i can't breathe", "breathing"), ("i cannot swallow anything", "swallowing"),
                    ("i had a seizure", "seizure")]
WHOLE_ANSWERS = {"screening": "no", "duration": "three weeks", "location": "my left calf",
                 "multiple_locations": "yes", "pattern": "comes and goes", "severity": "mild",
                 "daily_impact": "no", "other_symptoms": "no", "medications": "none",
                 "conditions": "no", "triggers": "coffee"}


@pytest.mark.parametrize("slot,saying", list(zip(SLOT_ORDER, RED_FLAG_SAYINGS)), ids=list(SLOT_ORDER))
def test_a_red_flag_at_any_question_gets_the_emergency_message_and_ends_the_turns(slot: str, saying) -> None:
    words, flag = saying

    async def go():
        async with served() as s:
            answers = {**WHOLE_ANSWERS, slot: words}
            return await whole_check(s.host, s.port, f"flag-{slot}", answers)

    check = run(go())
    asked = [e["slot"] for e in check.events if e["type"] == "ask"]
    assert asked[-1] == slot, f"the check never asked {slot}: {asked}"
    [emergency] = [e for e in check.events if e["type"] == "emergency"]
    assert flag in emergency["red_flags"]
    last = check.replies[-1]
    assert last.type == "handled" and last.data["context"]["continue_conversation"] is False
    assert last.data["context"]["display_text"].startswith(emergency["head"])
    assert last.data["text"].startswith("This may be a medical emergency. Call emergency services now, on nine one one.")


def test_a_red_flag_in_the_words_that_open_the_check_is_an_emergency_at_once() -> None:
    async def go():
        async with served() as s:
            return await say(s.host, s.port, "check my twitching, and i can't breathe properly", "open")

    reply = run(go())
    types = [e["type"] for e in reply.data["context"]["events"]]
    assert "emergency" in types and reply.data["context"]["continue_conversation"] is False


@pytest.mark.parametrize("conversation_id", ["first", None])
def test_the_emergency_in_the_opening_words_comes_before_any_greeting(conversation_id: str | None) -> None:
    async def go():
        async with served() as s:
            return await say(s.host, s.port, "check my twitching, I can't breathe", conversation_id)

    reply = run(go())
    types = [e["type"] for e in reply.data["context"]["events"]]
    assert types[0] == "emergency", types
    assert "say" not in types[:types.index("outcome")] and "ask" not in types, "no greeting, disclaimer or question"
    assert reply.data["text"].startswith("This may be a medical emergency")


def test_a_transcript_without_an_id_speaks_to_the_person_and_still_reads_red_flags() -> None:
    async def go():
        async with served() as s:
            first = await say(s.host, s.port, INVOCATION, None)
            again = await say(s.host, s.port, "no", None)
            flagged = await say(s.host, s.port, "check my twitching i cant breathe", None)
            return first, again, flagged

    first, again, flagged = run(go())
    for reply in (first, again):
        context = reply.data["context"]
        assert context["conversation_id"] is None and context["continue_conversation"] is False
        assert [e["type"] for e in context["events"]][:3] == ["say", "say", "ask"]  # starts afresh
        text = reply.data["text"]
        assert "conversation id" not in text and "client" not in text  # words for the person
        assert "can't hear your answer" in text and text.endswith("call nine one one now.")
        assert reply.data["context"]["display_text"].endswith("call 911 now.")
    assert flagged.data["context"]["events"][0]["type"] == "emergency"


def test_fifty_interleaved_conversations_each_reach_their_own_outcome() -> None:
    cases = [(f"c{i:02d}", VIGNETTES[i % len(VIGNETTES)]) for i in range(50)]
    rng = random.Random(8)

    async def go():
        async with served() as s:
            async def one(cid: str, vignette: dict):
                await asyncio.sleep(rng.random() * 0.05)
                return await whole_check(s.host, s.port, cid, vignette["answers"], pause=rng.random() * 0.02)
            checks = await asyncio.gather(*(one(cid, v) for cid, v in cases))
            return checks, len(s.service.conversations)

    checks, still_open = run(go(), timeout=300)
    assert {v["expect"] for _, v in cases} >= {"emergency", "self_care", "doctor", "urgent"}
    for (cid, vignette), check in zip(cases, checks):
        assert check.level == vignette["expect"], (cid, vignette["id"])
        assert all(r.data["context"]["conversation_id"] == cid for r in check.replies)
    assert still_open == 50  # kept for "repeat", "more" and "summary" until they go idle


def test_state_survives_across_connections_and_interleaving_with_an_emergency() -> None:
    async def go():
        async with served() as s:
            await say(s.host, s.port, INVOCATION, "calm")
            await say(s.host, s.port, INVOCATION, "alarm")
            calm = await say(s.host, s.port, "no", "calm")
            alarm = await say(s.host, s.port, "i can't breathe", "alarm")
            after = await say(s.host, s.port, "two weeks", "calm")
            return calm, alarm, after

    calm, alarm, after = run(go())
    assert [e["slot"] for e in calm.data["context"]["events"] if e["type"] == "ask"] == ["duration"]
    assert alarm.data["context"]["continue_conversation"] is False
    assert [e["type"] for e in after.data["context"]["events"]][0] == "confirm"
    assert after.data["context"]["continue_conversation"] is True


def test_an_idle_conversation_expires_and_a_later_turn_says_it_starts_again() -> None:
    async def go():
        async with served(idle_timeout=600) as s:
            await say(s.host, s.port, INVOCATION, "slow")
            await say(s.host, s.port, "no", "slow")
            s.clock.now += 599
            kept = await say(s.host, s.port, "two weeks", "slow")
            s.clock.now += 601
            expired = await say(s.host, s.port, "my calf", "slow")
            return kept, expired

    kept, expired = run(go())
    assert kept.data["context"]["events"][0]["type"] == "confirm"
    events = expired.data["context"]["events"]
    assert events[0] == {"type": "say", "kind": "notice", "text": events[0]["text"]}
    assert "new check" in events[0]["text"] and "10 minutes" in events[0]["text"]
    assert [e["slot"] for e in events if e["type"] == "ask"] == ["screening"]


def test_a_short_idle_timeout_is_said_in_seconds_never_zero_minutes() -> None:
    async def go():
        async with served(idle_timeout=20) as s:
            await say(s.host, s.port, INVOCATION, "quick")
            s.clock.now += 21
            return await say(s.host, s.port, "no", "quick")

    notice = run(go()).data["context"]["events"][0]["text"]
    assert "after 20 seconds without an answer" in notice and "0 minutes" not in notice


def test_when_full_a_new_conversation_is_not_handled_but_a_red_flag_still_gets_the_emergency() -> None:
    async def go():
        async with served(max_conversations=2) as s:
            await say(s.host, s.port, INVOCATION, "a")
            await say(s.host, s.port, INVOCATION, "b")
            full = await say(s.host, s.port, INVOCATION, "c")
            flagged = await say(s.host, s.port, "help i had a seizure", "d")
            going_on = await say(s.host, s.port, "no", "a")
            s.clock.now += 601
            room = await say(s.host, s.port, INVOCATION, "c")
            return full, flagged, going_on, room

    full, flagged, going_on, room = run(go())
    assert full.type == "not-handled" and "try again" in full.data["text"] and "nine one one" in full.data["text"]
    assert "911" in full.data["context"]["display_text"]
    assert flagged.type == "handled"
    assert [e["type"] for e in flagged.data["context"]["events"]][0] == "emergency"
    assert going_on.type == "handled" and going_on.data["context"]["continue_conversation"] is True
    assert room.type == "handled"  # the idle ones expired and made room


def test_when_full_a_finished_check_gives_way_and_only_checks_in_progress_refuse() -> None:
    async def go():
        async with served(max_conversations=2) as s:
            await say(s.host, s.port, INVOCATION, "done")
            ended = await say(s.host, s.port, "yes", "done")  # screening yes: the emergency, finished
            await say(s.host, s.port, INVOCATION, "busy")
            newcomer = await say(s.host, s.port, INVOCATION, "new")  # the finished check gives way
            refused = await say(s.host, s.port, INVOCATION, "another")  # both held checks in progress
            returning = await say(s.host, s.port, "hello", "done")
            return ended, newcomer, refused, returning

    ended, newcomer, refused, returning = run(go())
    assert ended.data["context"]["continue_conversation"] is False
    assert newcomer.type == "handled"
    assert [e["slot"] for e in newcomer.data["context"]["events"] if e["type"] == "ask"] == ["screening"]
    assert refused.type == "not-handled" and "try again" in refused.data["text"]
    # the person whose finished check made room is not told a check "was closed without an answer"
    assert returning.type == "not-handled" or not any(
        "closed" in e.get("text", "") for e in returning.data["context"]["events"])


def test_unix_socket() -> None:
    import tempfile
    from pathlib import Path

    async def go(path: Path):
        async with served(uri=f"unix://{path}"):
            async with AsyncUnixClient(str(path)) as client:
                await client.write_event(Transcript(INVOCATION, context={"conversation_id": "u"}).event())
                return await client.read_event()

    with tempfile.TemporaryDirectory() as tmp:
        reply = run(go(Path(tmp) / "twitchcheck.sock"))
    assert reply is not None and reply.type == "handled"


def test_a_check_is_closed_after_its_turn_limit_but_a_red_flag_past_it_is_still_heard() -> None:
    from voice.frontends.conversations import MAX_TURNS

    async def go():
        async with served() as s:
            replies = [await say(s.host, s.port, INVOCATION, "chatty")]
            for _ in range(MAX_TURNS - 1):
                replies.append(await say(s.host, s.port, "repeat", "chatty"))
            over = await say(s.host, s.port, "repeat", "chatty")
            restarted = await say(s.host, s.port, INVOCATION, "chatty")
            for _ in range(MAX_TURNS - 1):
                await say(s.host, s.port, "repeat", "chatty")
            flagged = await say(s.host, s.port, "i can't breathe", "chatty")
            return replies, over, restarted, flagged

    replies, over, restarted, flagged = run(go())
    assert all(r.type == "handled" for r in replies)
    assert over.type == "not-handled" and f"more than {MAX_TURNS} turns" in over.data["context"]["display_text"]
    assert over.data["context"]["continue_conversation"] is False
    assert [e["slot"] for e in restarted.data["context"]["events"] if e["type"] == "ask"] == ["screening"]
    assert flagged.type == "handled"
    assert [e["type"] for e in flagged.data["context"]["events"]][0] == "emergency"
