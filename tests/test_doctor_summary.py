"""Issue 15 item 11: the summary a doctor reads."""

from __future__ import annotations

import re
from datetime import datetime, timezone
from pathlib import Path

from dialog.clinical import clinical_document
from dialog.compose import summary_text
from dialog.load import default_protocol
from dialog.skill import Skill, SkillConfig
from models.events import Say
from tests.harness import TODAY, script
from voice.summaryfile import markdown, text_path, write_summary

ROOT = Path(__file__).resolve().parent.parent
STARTED = datetime(2026, 11, 22, 9, 41, tzinfo=timezone.utc)
SLURRED = "he slurred his words a bit this morning, but it seems ok now"
CALF = ("no", "about three weeks", "my right calf", "comes and goes", "mild and getting worse", "no",
        "my leg feels weak", "none", "no", "coffee")


def _skill(*, spoken: bool = False) -> Skill:
    return Skill(config=SkillConfig(today=TODAY, started=STARTED, spoken=spoken))


def test_a_red_flag_stands_in_their_words_with_its_time_and_what_followed(tmp_path: Path) -> None:
    skill = _skill()
    script(skill, "no", SLURRED)
    assert skill.outcome is not None and skill.emergency is not None
    summary = skill.outcome.summary
    [raised] = summary.alarms
    assert raised.said == (SLURRED,) and raised.when == "this morning"
    assert raised.what == "trouble speaking" and raised.asked == "How long have you had the twitching?"
    duration = next(item for item in summary.items if item.label == "Duration")
    assert "no answer" not in duration.value and SLURRED in duration.said
    write_summary(tmp_path / "visit.md", skill.outcome, skill.session, skill.emergency.text)
    for written in (tmp_path / "visit.md", tmp_path / "visit.txt"):
        text = written.read_text()
        assert SLURRED in text and "this morning" in text
    assert "Time they gave: this morning" in (tmp_path / "visit.txt").read_text()


def test_the_summary_is_dated_and_timed_with_the_time_handed_in() -> None:
    skill = _skill()
    script(skill, *CALF)
    assert skill.outcome is not None and skill.outcome.summary.at == STARTED
    text = summary_text(skill.outcome.summary)
    assert "Date: Sunday 22 November 2026" in text and "Time: 09:41 UTC" in text
    assert "**Date:** Sunday 22 November 2026, 09:41 UTC" in markdown(skill.outcome, skill.session, None)
    for source in (ROOT / "dialog").rglob("*.py"):  # dialog never reads the clock
        assert not re.search(r"\b(?:datetime\.now|date\.today|time\.time)\(", source.read_text()), source


def test_each_answer_is_in_their_words_beside_its_reading_under_its_question() -> None:
    skill = _skill()
    script(skill, *CALF)
    assert skill.outcome is not None
    lines = summary_text(skill.outcome.summary).splitlines()
    at = lines.index("Question: How long have you had the twitching?")
    assert lines[at + 1] == "Duration: three weeks"
    assert lines[at + 2] == "In their words: \u201cabout three weeks\u201d"
    at = lines.index("Question: Any other symptoms, such as weakness, a muscle getting smaller, or numbness?")
    assert lines[at + 1:at + 3] == ["Other symptoms: weakness", "In their words: \u201cmy leg feels weak\u201d"]
    row = next(line for line in markdown(skill.outcome, skill.session, None).splitlines()
               if line.startswith("| Duration |"))
    assert "\u201cabout three weeks\u201d" in row and "How long have you had the twitching?" in row


def test_the_one_sign_at_a_time_answers_are_listed_sign_by_sign() -> None:
    skill = _skill()
    script(skill, "maybe", "no", "no", "not at all", "no", "no", "no", *CALF[1:])
    assert skill.outcome is not None
    screening = skill.outcome.summary.items[0]
    signs = skill.protocol.question("screening").simpler
    assert [part.question for part in screening.parts] == list(signs)
    assert [part.value for part in screening.parts] == ["no"] * len(signs)
    assert screening.parts[2].said == ("not at all",) and screening.said == ("maybe",)
    text = summary_text(skill.outcome.summary)
    assert f"Sign 3: {signs[2]}\nSign 3 answer: no\nSign 3 in their words: \u201cnot at all\u201d" in text
    assert "| Sign 3 | no | \u201cnot at all\u201d |" in markdown(skill.outcome, skill.session, None)


def test_reasons_are_plain_clinical_words_and_sources_have_title_and_address() -> None:
    skill = _skill()
    script(skill, *CALF)
    assert skill.outcome is not None
    rules = [r.rule for r in skill.outcome.reasons]
    assert "weakness" in rules and "more_than_three_days" in rules
    for text in (summary_text(skill.outcome.summary), markdown(skill.outcome, skill.session, None)):
        assert "rule `" not in text and "more_than_three_days" not in text and "worsening" not in text
        assert "twitching for more than three days (three weeks)" in text
        assert "At what severity of muscle twitching should I seek medical attention?" in text
        assert "https://www.droracle.ai/articles/178743/at-what-severity-of-muscle-twitching-should-i-seek" in text


def test_the_reasons_and_the_sources_they_cite_read_the_same_in_plain_text_and_markdown() -> None:
    skill = _skill()
    script(skill, *CALF)
    assert skill.outcome is not None
    plain = summary_text(skill.outcome.summary).splitlines()
    marked = markdown(skill.outcome, skill.session, None).splitlines()
    reasons = [line.removeprefix("Reason: ") for line in plain if line.startswith("Reason: ")]
    assert len(reasons) >= 2 and "weakness (sources 1, 2, 3)" in reasons
    assert reasons == [line.removeprefix("- ") for line in marked[marked.index("**Reasons:**") + 1:]
                       if line.startswith("- ")][:len(reasons)]
    listed = [re.sub(r"^Source (\d+): \u201c(.*?)\u201d.*", r"\1 \2", line) for line in plain
              if line.startswith("Source ")]
    assert listed == [re.sub(r"^(\d+)\. (?:\[(.*?)\]|\*(.*?)\*).*", r"\1 \2\3", line) for line in marked
                      if re.match(r"^\d+\. (?:\[|\*)", line)]
    assert [n.split()[0] for n in listed] == [str(n) for n in range(1, len(listed) + 1)]


def test_the_plain_text_form_is_label_value_lines_beside_markdown_and_json(tmp_path: Path) -> None:
    skill = _skill()
    script(skill, *CALF)
    assert skill.outcome is not None
    write_summary(tmp_path / "visit.md", skill.outcome, skill.session, None)
    assert text_path(tmp_path / "visit.md") == tmp_path / "visit.txt"
    plain = (tmp_path / "visit.txt").read_text()
    assert all(re.match(r"^[A-Z][^:|#*]*: \S", line) for line in plain.splitlines() if line), plain
    assert (tmp_path / "visit.json").exists() and (tmp_path / "visit.md").exists()


def test_the_summary_command_typed_gives_the_plain_text_spoken_the_short_form() -> None:
    typed, spoken = _skill(), _skill(spoken=True)
    script(typed, *CALF)
    script(spoken, *CALF)
    [typed_say] = [e for e in typed.hear("summary") if isinstance(e, Say)]
    [spoken_say] = [e for e in spoken.hear("summary") if isinstance(e, Say)]
    assert "Question: How long have you had the twitching?" in typed_say.text
    assert "Date: Sunday 22 November 2026" in typed_say.text
    assert "Question:" not in spoken_say.text and "Duration: three weeks." in spoken_say.text


def test_the_clinical_document_is_in_the_repository_made_from_the_data_and_readme_points_to_it() -> None:
    committed = (ROOT / "docs" / "clinical.md").read_text(encoding="utf-8")
    assert committed == clinical_document(default_protocol()), \
        "docs/clinical.md differs from the data: run .venv/bin/python scripts/clinical_doc.py"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "(docs/clinical.md)" in readme
    assert "shared/spec" not in readme and "shared/seeds" not in readme
