"""benchmarks/answers_eval.py: ordinary answers, each given to its own question."""

from __future__ import annotations

import json
from pathlib import Path

from benchmarks import answers_eval

ROOT = Path(__file__).resolve().parent.parent


def test_each_line_is_heard_at_its_own_question_and_the_result_is_counted(tmp_path: Path, capsys) -> None:
    rows = [{"slot": "location", "text": "my head"}, {"slot": "location", "text": "my calf and i cant breathe"},
            {"slot": "pattern", "text": "three to five times an hour"}, {"slot": "triggers", "text": "coffee"}]
    (tmp_path / "a.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    heard = answers_eval.evaluate(answers_eval.load([tmp_path]))
    assert [h.result for h in heard] == ["answered", "emergency", "answered", "answered"]
    answers_eval.report(heard, show=True)
    out = capsys.readouterr().out
    assert "location" in out and "emergency" in out and "my calf and i cant breathe" in out


def test_the_development_set_of_ordinary_answers_raises_no_emergency() -> None:
    """Regression guard on dialog/data/answers/dev (measured: 0 emergencies and 0 "did you
    say" questions in 395 lines; before this change 1 and 5)."""
    heard = answers_eval.evaluate(answers_eval.load([ROOT / "dialog" / "data" / "answers" / "dev"]))
    assert len(heard) >= 395
    alarms = [h for h in heard if h.result == "emergency"]
    asks = [h for h in heard if h.result == "did_you_say"]
    assert not alarms, alarms
    assert len(asks) <= len(heard) // 100, asks
