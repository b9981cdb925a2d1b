"""Every line the skill can say is one a listener can follow (issue 15, item 3).

The check: no "(s)", no brackets (an unfilled {placeholder} is a bracket too), no "::" and at
most one colon in a sentence, no internal ids (snake_case: slot names, rule ids, levels), and
one breath per sentence: at most 25 words. It runs over everything the protocol holds (each
template filled as the skill fills it, in its own and the third-person wordings) and over what
whole conversations actually produce: every question, reprompt, echo, notice, emergency and
outcome, with many combinations of reasons, "more" and "summary".
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterable, Iterator
from io import StringIO
from pathlib import Path

import pytest

from dialog.compose import emergency_text, summary_words
from dialog.load import default_protocol
from dialog.proxy import about_person
from dialog.skill import Event, Skill, SkillConfig
from models.common import RED_FLAG_IDS, SLOT_ORDER
from models.events import Ask, Confirm, Control, Emergency, OutcomeEvent, Say
from models.protocol import Protocol
from models.session import Proxy
from tests.harness import TODAY, converse, script

MAX_WORDS = 25
_SKILL = Skill(config=SkillConfig(today=TODAY))


def new_skill() -> Skill:
    """A fresh conversation that shares one red-flag detector (stateless), for speed."""
    return Skill(config=_SKILL.config, detector=_SKILL.detector)
EXAMPLES = Path(__file__).parent / "data" / "examples"

_SENTENCE_END = re.compile(r"(?<=[.?!])['\"]?\s+")
_SNAKE = re.compile(r"\b[a-z][a-z0-9]*_[a-z0-9_]+\b")
_BRACKETS = set("()[]{}<>")


def problems(text: str) -> list[str]:
    """What a listener would stumble on in `text`, one entry per fault."""
    found: list[str] = []
    if "(s)" in text:
        found.append('"(s)"')
    if _BRACKETS & set(text):
        found.append("a bracket: " + "".join(sorted(_BRACKETS & set(text))))
    if "::" in text:
        found.append('"::"')
    for match in _SNAKE.finditer(text):
        found.append(f"an internal id: {match.group(0)}")
    for line in text.splitlines():
        for sentence in _SENTENCE_END.split(line.strip()):
            words = len(sentence.split())
            if words > MAX_WORDS:
                found.append(f"{words} words in one sentence: {sentence!r}")
            if sentence.count(":") > 1:
                found.append(f"two colons in one sentence: {sentence!r}")
    return found


def assert_wording(lines: Iterable[tuple[str, str]]) -> int:
    """Check every (where, text); fail with every fault found. Returns how many were checked."""
    seen: dict[str, str] = {}
    for where, text in lines:
        seen.setdefault(text, where)
    bad = [f"{where}: {text!r}: {'; '.join(faults)}" for text, where in seen.items() if (faults := problems(text))]
    assert not bad, "\n".join(bad)
    return len(seen)


# ------------------------------------------------------------ the checker itself

@pytest.mark.parametrize("text", [
    "Location(s): left calf.",
    "Duration: unknown (no answer).",
    "I'll ask about {relation}.",
    "Reasons: more_than_three_days.",
    "Also: Reduce stress where you can: slow breathing helps.",
    "Summary:: nothing.",
    " ".join(["word"] * 26) + ".",
])
def test_the_check_finds_each_kind_of_fault(text: str) -> None:
    assert problems(text)


def test_the_check_passes_plain_sentences() -> None:
    assert problems("Where: left calf. Please say yes or no. You said 'my eye'. Is that happening now: "
                    "has your sight suddenly changed?") == []


# ------------------------------------------------------------ everything the protocol holds

PROXIES = (Proxy(relation="dad", pronoun="he"), Proxy(relation="mum", pronoun="she"),
           Proxy(relation="friend"), Proxy(relation="him", pronoun="he"))

SAMPLE = {"number": "911", "heard": "You mentioned trouble breathing.", "flag": "Trouble breathing",
          "said": "my eye", "check": "do you have trouble breathing", "topic": "the warning signs",
          "relation": "your dad", "asked": "an ambulance", "words": "you think you're having a stroke",
          "value": "two weeks", "region_count": "three", "duration": "two weeks",
          "conditions": "thyroid disease", "past_events": "you fainted three weeks ago"}


def _filled(template: str) -> str:
    return template.format_map(SAMPLE)


def protocol_lines(protocol: Protocol, name: str) -> Iterator[tuple[str, str]]:
    for q in protocol.questions:
        for field in ("text", "reprompt", "silence", "expects", "plainly", "confirm", "confirm_yes",
                      "confirm_no", "confirm_other", "label"):
            value = getattr(q, field)
            if value is not None:
                yield f"{name} question {q.slot}.{field}", _filled(value)
        for wording in q.simpler:
            yield f"{name} question {q.slot}.simpler", wording
        yield f"{name} moving on from {q.slot}", protocol.messages.moving_on.format(topic=q.topic)
    m = protocol.messages
    for field, value in m.model_dump(exclude={"about"}).items():
        if isinstance(value, str):
            yield f"{name} messages.{field}", _filled(value)
    for flag, words in m.heard.items():
        yield f"{name} messages.heard.{flag}", m.mentioned.format(heard=words)
        yield f"{name} emergency_info {flag}", m.emergency_info.format(flag=words[0].upper() + words[1:], number="911")
    for flag, words in m.check.items():
        yield f"{name} messages.check.{flag}", m.flag_check.format(said="my eye feels strange", check=words)
    for flag, words in m.said.items():
        yield f"{name} messages.said.{flag}", _filled(words)
    for flag, words in m.past.items():
        yield f"{name} messages.past.{flag}", f"This is because {words} three weeks ago."
    for level, words in m.levels.items():
        yield f"{name} messages.levels.{level}", words
    for rule in protocol.rules:
        yield f"{name} rule {rule.id}", _filled(f"This is because {rule.reason}.")
    for advice in protocol.advice:
        yield f"{name} advice {advice.id}", advice.text


def test_every_line_the_protocol_holds_passes() -> None:
    protocol = default_protocol()
    lines = list(protocol_lines(protocol, "own"))
    for proxy in PROXIES:
        lines += protocol_lines(about_person(protocol, proxy), f"for {proxy.relation}")
    assert assert_wording(lines) > 300


def test_the_third_person_wordings_leave_no_you_where_the_person_is_meant() -> None:
    """Every question said to a carer speaks of the person: none keeps "are you" or "your"."""
    protocol = about_person(default_protocol(), Proxy(relation="dad", pronoun="he"))
    for q in protocol.questions:
        for text in (q.text, *q.simpler):
            assert not re.search(r"\b(?:are you|do you have|have you|your)\b", text), (q.slot, text)


# ------------------------------------------------------------ what conversations produce

def event_lines(events: Iterable[Event], where: str) -> Iterator[tuple[str, str]]:
    for event in events:
        if isinstance(event, Say) and event.kind == "summary" and "\n" in event.text:
            # the typed check shows the written summary: "Label: value" lines for reading and
            # screen readers (test_doctor_summary.py); its spoken form is checked below
            continue
        if isinstance(event, (Ask, Say, Confirm, Control)):
            yield f"{where} {event.type}", event.text
        elif isinstance(event, Emergency):
            yield f"{where} emergency", event.text
        elif isinstance(event, OutcomeEvent):
            yield f"{where} outcome", event.text
            yield f"{where} outcome more", event.more
            for section in event.sections:
                yield f"{where} outcome section {section.heading}", section.text
            yield f"{where} summary", summary_words(event.summary)


def _after_outcome(skill: Skill) -> list[Event]:
    if skill.state != "finished":
        return []
    return [e for said in ("more", "summary", "thanks", "repeat") for e in skill.hear(said)]


POOL: dict[str, tuple[str, ...]] = {
    "duration": ("two days", "three weeks", "about two months", "since yesterday", "a year or so"),
    "location": ("my left eyelid", "both calves", "my arms legs and back", "all over", "my right thumb",
                 "my left calf and right thigh"),
    "multiple_locations": ("no", "yes my thigh too"),
    "pattern": ("comes and goes", "constant", "on and off a few seconds each time"),
    "severity": ("mild", "severe and getting worse", "moderate", "seven out of ten"),
    "daily_impact": ("no", "yes"),
    "other_symptoms": ("no", "my grip is weaker", "numbness in my fingers", "im tripping on stairs a lot",
                       "the muscle looks smaller and its weak", "cramps"),
    "medications": ("none", "i started a new pill last week", "im coming off diazepam", "salbutamol inhaler"),
    "conditions": ("no", "thyroid disease", "kidney disease", "asthma"),
    "triggers": ("no", "lots of coffee", "stress and poor sleep", "hard exercise and not enough water",
                 "alcohol at the weekend"),
}


def answering(skill: Skill, answers: dict[str, str], events: list[Event]) -> list[Event]:
    """Answer each question as `converse` does, from a skill already under way."""
    said: list[Event] = []
    asked: dict[str, int] = {}
    for _ in range(60):
        if skill.finished:
            break
        slot = [e for e in events if isinstance(e, Ask)][-1].slot
        asked[slot] = asked.get(slot, 0) + 1
        events = skill.hear(answers.get(slot, "no") if asked[slot] == 1 else "i dont know")
        said += events
    return said


def _combinations(count: int) -> Iterator[dict[str, str]]:
    rng = random.Random(15)
    for _ in range(count):
        yield {slot: rng.choice(options) for slot, options in POOL.items()}


def test_whole_conversations_say_only_lines_a_listener_can_follow() -> None:
    lines: list[tuple[str, str]] = []
    answer_sets = [json.loads(line)["answers"] for line in (EXAMPLES / "vignettes.jsonl").read_text().splitlines()
                   if line.strip()]
    answer_sets += list(_combinations(50))
    for n, answers in enumerate(answer_sets):
        for proxy in ("", "im answering for my dad", "im answering for my friend"):
            if proxy:
                skill = new_skill()
                events = skill.hear(proxy)
                events += answering(skill, answers, events)
            else:
                run = converse(answers, skill=new_skill())
                skill, events = run.skill, run.events
            lines += event_lines(events + _after_outcome(skill), f"conversation {n} {proxy}")
    assert assert_wording(lines) > 200


SCRIPTS: tuple[tuple[str, ...], ...] = (
    ("no, but im really worried it could be als", "three weeks", "help", "repeat", "go back", "two weeks",
     "skip", "slower", "faster", "stop"),
    ("my eye", "no", "i dont know", "no", "no", "no", "no", "no", "two days"),
    ("maybe", "no", "i dont know", "no", "no", "no", "no"),
    ("sure", "no", "what", "banana", "banana", "my calf", "purple", "purple"),
    ("skip", "skip", "skip", "skip", "skip", "skip", "skip", "skip"),
    ("go back", "no", "go back", "go back", "three days", "the left one", "potato", "potato"),
    ("no", "i dont know", "i dont know", "i dont know", "i dont know", "i dont know", "i dont know",
     "i dont know", "i dont know", "i dont know", "i dont know", "i dont know", "more", "summary"),
    ("no", "two weeks", "what if i get a seizure", "my calf", "no", "it never stops", "severe"),
    ("answering for my mum", "no", "she is worried it is als", "a month", "her left hand", "no",
     "comes and goes", "mild", "yes", "her hand is weaker", "none", "no", "no", "more", "summary"),
    ("im doing this for my partner, she cant sleep", "no", "i dont know", "skip"),
    ("no", "two weeks and im tripping on stairs", "my left leg", "no", "constant"),
    ("no", "", "", "", "", "my calf"),
)


@pytest.mark.parametrize("utterances", SCRIPTS, ids=lambda s: s[0][:20] or "silence")
def test_scripted_turns_say_only_lines_a_listener_can_follow(utterances: tuple[str, ...]) -> None:
    skill = new_skill()
    events = skill.start()
    for said in utterances:
        events += skill.hear(said) if said else skill.silence()
        if skill.finished:
            break
    events += skill.end_of_input() + skill.stop() + _after_outcome(skill)
    assert_wording(event_lines(events, " / ".join(utterances)))


def test_every_emergency_message_passes() -> None:
    protocol = default_protocol()
    lines: list[tuple[str, str]] = []
    flags = tuple(RED_FLAG_IDS)
    for n, flag in enumerate(flags):
        pair = (flag, flags[(n + 1) % len(flags)])
        for proto, name in ((protocol, "own"), (about_person(protocol, PROXIES[0]), "for dad")):
            lines.append((f"{name} {flag}", emergency_text(proto, (flag,), "911")))
            lines.append((f"{name} {pair}", emergency_text(proto, pair, "112")))
            lines.append((f"{name} screening", emergency_text(proto, (), "999")))
    for line in (EXAMPLES / "redflags.jsonl").read_text().splitlines():
        if line.strip():
            said = json.loads(line)["text"]
            lines += event_lines(script(new_skill(), said), said)
    assert assert_wording(lines) > 50


# ------------------------------------------------------------ item 3, one by one

def _texts(events: Iterable[Event]) -> list[str]:
    return [e.text for e in events if isinstance(e, (Ask, Say, Confirm, Emergency, OutcomeEvent))]


def test_asking_the_signs_one_at_a_time_names_them() -> None:
    """ "Eye, got it. Let me ask about them one at a time.": "them" named as the warning signs."""
    texts = _texts(script(new_skill(), "my eye", "no"))
    intro = next(t for t in texts if "one at a time" in t)
    assert "the warning signs" in intro


def test_moving_on_names_the_question_it_leaves() -> None:
    """The last sign's answer is a clear "no", but an earlier one was not known: "I'll note that
    as unknown" right after "Okay, none" would seem to be about that "no". It names the signs."""
    events = script(new_skill(), "maybe", "no", "i dont know", "no", "no", "no", "no")
    moving = [e for e in events if isinstance(e, Say) and e.kind == "moving_on"]
    assert moving and "that" not in moving[0].text.split()
    assert "the warning signs" in moving[0].text


def test_moving_on_after_an_echo_of_another_answer_names_its_question() -> None:
    events = script(new_skill(), "no", "banana", "my left calf")  # the duration question, asked twice
    texts = _texts(events)
    moving = [t for t in texts if "unknown" in t]
    assert moving == ["I'll note how long it has lasted as unknown for now, and move on."]


def test_worry_is_acknowledged_kindly_not_with_good() -> None:
    events = script(new_skill(), "no, but I'm really worried it could be ALS")
    texts = _texts(events)
    said_after = texts[texts.index(next(t for t in texts if t.startswith("First, are you"))) + 1:]
    assert said_after[0].startswith("I can hear that you're worried")
    assert "Good." not in said_after
    kind = said_after[0].lower()
    assert "als" not in kind.split() and "nothing to worry" not in kind and "not serious" not in kind


def test_worry_is_acknowledged_once() -> None:
    texts = _texts(script(new_skill(), "no im scared", "two weeks and im worried"))
    assert sum("you're worried" in t for t in texts) == 1


def test_the_emergency_comes_before_any_kind_word() -> None:
    skill = new_skill()
    skill.start()
    events = skill.hear("no but im so scared, i cant breathe")
    assert isinstance(events[0], Emergency)


def test_a_vague_nerve_symptom_is_echoed_in_the_persons_words() -> None:
    texts = _texts(script(new_skill(), "no", "im tripping on stairs a lot"))
    echo = next(t for t in texts if "tripping" in t)
    assert "tripping on stairs" in echo and "nerve" not in echo


def test_summary_rows_have_no_brackets() -> None:
    run = converse({"duration": "banana"}, skill=new_skill())  # then "i dont know"
    words = summary_words(run.outcome.summary)
    assert "Duration: unknown, did not know." in words and "(" not in words


def test_the_typed_check_says_type_or_say() -> None:
    from voice.frontends.typed import TextWriter

    skill = new_skill()
    out = StringIO()
    writer = TextWriter(out, skill.protocol.messages)
    for event in script(skill, "help", "no", "maybe"):
        writer(event)
    text = out.getvalue()
    assert "Answer in your own words, or type: repeat, go back" in text
    assert "Please type or say yes or no" in text
    assert not re.search(r"(?<!type or )\bsay (?:yes|no|repeat|more|summary)\b", text.lower()), text


def test_no_question_is_left_without_a_topic() -> None:
    for q in default_protocol().questions:
        assert q.topic != "that question", q.slot
    assert {q.slot for q in default_protocol().questions} == set(SLOT_ORDER)
