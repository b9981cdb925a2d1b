"""Numbers as people say them: the words every speaking path hands its speech engine
(dialog/language/speakable.py). What the engine makes of them is tests/test_speakable_speech.py."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from dialog.language.speakable import digits_words, speakable
from dialog.spoken import number_words
from models.events import Emergency
from models.settings import DEFAULT_EMERGENCY_NUMBER
from tests.harness import new_skill

NUMBERS_FILE = Path(__file__).resolve().parent.parent / "dialog" / "data" / "emergency_numbers.toml"
KNOWN_NUMBERS = sorted({entry["number"] for entry in tomllib.loads(NUMBERS_FILE.read_text())["numbers"]}
                       | {DEFAULT_EMERGENCY_NUMBER})
SAID = {"911": "nine one one", "112": "one one two", "999": "nine nine nine", "111": "one one one",
        "000": "zero zero zero"}
SETTINGS_NUMBERS = ["1", "15", "10111", "123456789012345", "+44 20 7946 0000", "1-800-222-1222", "0800 123 456"]
"""Numbers the settings may hold (digits, an optional +, spaces and dashes)."""


def test_every_known_emergency_number_is_one_the_test_says() -> None:
    assert set(KNOWN_NUMBERS) <= set(SAID), "a number was added to emergency_numbers.toml: say it here"


@pytest.mark.parametrize("number", KNOWN_NUMBERS)
def test_the_emergency_number_is_said_digit_by_digit(number: str) -> None:
    said = SAID[number]
    assert speakable(f"Call emergency services now, on {number}.") == f"Call emergency services now, on {said}."
    assert speakable(f"ask someone near you to call {number}.") == f"ask someone near you to call {said}."
    assert speakable(f"call {number} now") == f"call {said} now"
    assert speakable(f"Call {number} or 112.") == f"Call {said} or one one two."


@pytest.mark.parametrize("number, said", [
    ("15", "one five"), ("10111", "one zero one one one"),
    ("+44 20 7946 0000", "plus four four, two zero, seven nine four six, zero zero zero zero"),
    ("1-800-222-1222", "one, eight zero zero, two two two, one two two two"),
    ("0800 123 456", "zero eight zero zero, one two three, four five six"),
])
def test_any_number_the_settings_hold_is_said_digit_by_digit(number: str, said: str) -> None:
    assert digits_words(number) == said
    assert speakable(f"If you can't call, ask someone near you to call {number}.") == \
        f"If you can't call, ask someone near you to call {said}."
    assert speakable(f"call {number} now") == f"call {said} now"


@pytest.mark.parametrize("number", KNOWN_NUMBERS + SETTINGS_NUMBERS)
def test_every_emergency_sentence_the_skill_says_has_the_number_in_words(number: str) -> None:
    skill = new_skill(emergency_number=number)
    skill.start()
    [emergency] = [e for e in skill.hear("i cant breathe") if isinstance(e, Emergency)]
    # What is printed keeps the number as written; what is said has it digit by digit.
    assert f"on {number}." in emergency.text and f"on {number}." in emergency.head
    texts = [emergency.text, emergency.head, emergency.rest, *skill.fixed_prompts()]
    with_number = [t for t in texts if number in t]
    assert len(with_number) >= 4, "the emergency sentences give the number"
    for text in with_number:
        said = speakable(text)
        assert not re.search(r"\d", said), said
        assert said == text.replace(number, digits_words(number))


@pytest.mark.parametrize("shown, said", [
    ("a fever of 38 degrees", "a fever of thirty eight degrees"),
    ("100.4 F", "one hundred point four degrees Fahrenheit"),
    ("100.4°F", "one hundred point four degrees Fahrenheit"),
    ("39.5 °C or more", "thirty nine point five degrees Celsius or more"),
    ("103 °F", "one hundred and three degrees Fahrenheit"),
    ("38.5C", "thirty eight point five degrees Celsius"),
    ("37 degrees Celsius", "thirty seven degrees Celsius"),
    ("1 degree", "one degree"),
])
def test_temperatures_are_said_with_their_unit(shown: str, said: str) -> None:
    assert speakable(shown) == said


@pytest.mark.parametrize("shown, said", [
    ("for 2 weeks", "for two weeks"),
    ("more than 3 days", "more than three days"),
    ("1 minute", "one minute"),
    ("closed after 10 minutes", "closed after ten minutes"),
    ("after 45 seconds", "after forty five seconds"),
    ("on 3 days", "on three days"),  # "on" before a quantity: not a telephone number
    ("call 3 times", "call three times"),
    ("it started on 12 March", "it started on twelve March"),
    ("on 10 pm", "on ten pm"),
    ("on 3-5 days", "on three to five days"),
    ("3-5 times an hour", "three to five times an hour"),
    ("more than 1000 turns", "more than one thousand turns"),
    ("at most 20,000 characters", "at most twenty thousand characters"),
    ("50% of people", "fifty percent of people"),
    ("the 2nd time", "the second time"),
    ("half a day, 0.5 days", "half a day, zero point five days"),
])
def test_durations_and_counts_are_said_as_numbers(shown: str, said: str) -> None:
    assert speakable(shown) == said


def test_text_without_numbers_is_said_as_written_and_words_stay_words() -> None:
    question = "How long have you had the twitching? For example, three days or two weeks."
    assert speakable(question) == question
    for shown in ["Call emergency services now, on 911.", "100.4 F", "call +44 20 7946 0000", "for 2 weeks"]:
        assert speakable(speakable(shown)) == speakable(shown)


def test_number_words_say_large_numbers() -> None:
    assert number_words(1000) == "one thousand"
    assert number_words(1001) == "one thousand and one"
    assert number_words(25_000) == "twenty five thousand"
    assert number_words(2_500_000) == "two million five hundred thousand"
