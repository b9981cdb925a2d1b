"""An answer in another language gets a short English reply saying so (issue 15, item 13),
in the typed and machine check and in `serve`; red flags are read first, whatever the
language, and a short answer ("ja", "si", "no", a number) is never refused as foreign."""

from __future__ import annotations

import json

import pytest

from dialog.language.english import not_english
from dialog.skill import Skill, SkillConfig
from models.events import Ask, Emergency, Say
from tests.cli import run
from tests.harness import TODAY
from tests.servefixtures import run as run_async
from tests.servefixtures import say, served

SORRY = "Sorry, I can only understand English."

OTHER_LANGUAGES = [
    "me duele el brazo y tengo espasmos",
    "tengo espasmos en la pierna desde hace dos semanas",
    "ich habe seit zwei Wochen Zuckungen im Augenlid",
    "j'ai des tremblements dans la jambe depuis trois jours",
    "ho dei tremori alla palpebra",
    "eu tenho contrações no olho",
    "у меня дёргается веко уже неделю",
    "眼皮一直在跳",
    "أعاني من ارتعاش في جفني",
]
ENGLISH = [
    "my left calf has been twitching for two weeks", "im very dizzy", "asthma i guess",
    "i take gabapentin, levothyroxine and metoprolol", "gabapentin levothyroxine metoprolol",
    "lisinopril metformin atorvastatin", "fibromyalgia and hashimotos", "kinda sorta, not rly",
    "comes and goes every few minutes", "dont know", "ah cannae talk right ma mooth isnae workin",
]
SHORT = ["ja", "si", "no", "oui", "nein", "si señor", "да", "нет", "是的", "2", "3 semanas", "ja bitte"]


@pytest.mark.parametrize("text", OTHER_LANGUAGES)
def test_a_sentence_in_another_language_is_not_english(text: str) -> None:
    assert not_english(text)


@pytest.mark.parametrize("text", ENGLISH + SHORT)
def test_english_and_short_answers_are_never_foreign(text: str) -> None:
    assert not not_english(text)


def skill() -> Skill:
    return Skill(config=SkillConfig(today=TODAY, emergency_number="112"))


def test_the_check_says_it_understands_only_english_and_asks_the_question_again() -> None:
    check = skill()
    check.start()
    check.hear("no")
    events = check.hear("me duele el brazo y tengo espasmos desde hace dos semanas")
    notice, question = events
    assert isinstance(notice, Say) and notice.text.startswith(SORRY) and "call 112 now" in notice.text
    assert isinstance(question, Ask) and question.slot == "duration"
    assert "duration" not in check.session.answers, "nothing was read as an answer"


def test_the_second_foreign_answer_to_the_same_question_is_read_as_usual_no_loop() -> None:
    check = skill()
    check.start()
    check.hear("no")
    check.hear("me duele el brazo y tengo espasmos")
    again = check.hear("me duele el brazo y tengo espasmos")
    assert not any(isinstance(e, Say) and e.text.startswith(SORRY) for e in again)


@pytest.mark.parametrize("text", ["no puedo respirar, i can't breathe", "ich habe Zuckungen und i cant breathe",
                                  "tengo espasmos y mi hijo dice que I had a seizure", "я не могу i can't breathe"])
def test_a_red_flag_inside_another_language_still_escalates(text: str) -> None:
    check = skill()
    check.start()
    check.hear("no")
    events = check.hear(text)
    assert any(isinstance(e, Emergency) for e in events), events
    assert not any(isinstance(e, Say) and e.text.startswith(SORRY) for e in events)


@pytest.mark.parametrize("text", SHORT)
def test_a_short_answer_to_the_screening_question_is_never_refused_as_foreign(text: str) -> None:
    check = skill()
    check.start()
    events = check.hear(text)
    assert not any(isinstance(e, Say) and e.text.startswith(SORRY) for e in events)


def test_the_machine_check_replies_in_english_to_another_language() -> None:
    result = run(["--text", "--jsonl"], stdin="no\nich habe seit zwei Wochen Zuckungen im Augenlid\n")
    events = [json.loads(line) for line in result.stdout.decode().splitlines()]
    notice = next(e for e in events if e["type"] == "say" and e["text"].startswith(SORRY))
    after = events[events.index(notice) + 1]
    assert after["type"] == "ask" and after["slot"] == "duration"


def test_serve_replies_in_english_to_another_language_at_the_opening_and_to_an_answer() -> None:
    async def go():
        async with served() as s:
            opening = await say(s.host, s.port, "por favor revisa mis espasmos musculares de la pierna", "es")
            screening = await say(s.host, s.port, "no", "es")
            answer = await say(s.host, s.port, "tengo espasmos en la pierna desde hace dos semanas", "es")
            alarm = await say(s.host, s.port, "tengo espasmos y ahora i can't breathe", "es")
            return opening, screening, answer, alarm

    opening, screening, answer, alarm = run_async(go())
    assert opening.data["text"].startswith(SORRY)
    assert opening.data["context"]["events"][-1]["slot"] == "screening"
    assert SORRY not in screening.data["text"]
    assert answer.data["text"].startswith(SORRY) and answer.data["context"]["continue_conversation"] is True
    assert answer.data["context"]["events"][-1]["slot"] == "duration"
    assert any(e["type"] == "emergency" for e in alarm.data["context"]["events"])
