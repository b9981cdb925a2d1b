"""Score red-flag detectors on corpus lines: recall, exact-id recall, specificity.

A must-escalate line counts as escalated when any red flag escalates, and as
exact when every expected id does. A must-not line is a false alarm when any
red flag escalates. A line whose only result is a question to the person
(`uncertain`) is neither: it is counted apart, as "asks".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from dialog.redflags import RedFlagDetector
from models.corpus import CorpusLine


@dataclass(frozen=True, slots=True)
class Outcome:
    detector: str
    line: CorpusLine
    escalated: frozenset[str]
    asked: frozenset[str]

    @property
    def positive(self) -> bool:
        return bool(self.line.expect)


def evaluate(lines: Sequence[CorpusLine], detectors: Mapping[str, RedFlagDetector]) -> list[Outcome]:
    out: list[Outcome] = []
    for name, detector in detectors.items():
        for line in lines:
            found = detector.detect(line.text)
            out.append(Outcome(name, line, frozenset(found.red_flags), frozenset(found.uncertain)))
    return out


@dataclass
class Tally:
    positives: int = 0
    escalated: int = 0
    exact: int = 0
    asked_pos: int = 0
    negatives: int = 0
    false_alarms: int = 0
    asked_neg: int = 0

    def add(self, o: Outcome, flag: str | None = None) -> None:
        if o.positive:
            self.positives += 1
            hit = bool(o.escalated) if flag is None else flag in o.escalated
            self.escalated += hit
            self.exact += set(o.line.expect) <= o.escalated if flag is None else hit
            self.asked_pos += (not hit) and bool(o.asked)
        else:
            self.negatives += 1
            alarm = bool(o.escalated) if flag is None else flag in o.escalated
            self.false_alarms += alarm
            self.asked_neg += (not alarm) and bool(o.asked)

    def row(self) -> str:
        def ratio(a: int, b: int) -> str:
            return f"{a / b:.3f}" if b else "  -  "
        spec = ratio(self.negatives - self.false_alarms, self.negatives)
        return (f"{ratio(self.escalated, self.positives)} {ratio(self.exact, self.positives)} "
                f"{spec} | pos {self.positives:5d} neg {self.negatives:5d} | asks {self.asked_pos}/{self.asked_neg}")


HEADER = "recall exact  spec. |          counts       | asks pos/neg"


def tallies(outcomes: Iterable[Outcome], key: str) -> dict[tuple[str, str], Tally]:
    table: dict[tuple[str, str], Tally] = defaultdict(Tally)
    for o in outcomes:
        if key == "all":
            table[(o.detector, "all")].add(o)
        elif key == "id":
            for flag in o.line.expect:
                table[(o.detector, flag)].add(o, flag)
            for flag in o.line.cleared:
                table[(o.detector, flag)].add(o, flag)
        else:
            table[(o.detector, str(getattr(o.line, key)))].add(o)
    return table


def print_report(results: Sequence[Sequence[Outcome]] | Sequence[Outcome], *, detail: bool = True) -> None:
    flat: list[Outcome] = []
    for r in results:
        if isinstance(r, Outcome):
            flat.append(r)
        else:
            flat.extend(r)
    detectors = list(dict.fromkeys(o.detector for o in flat))
    keys = ["all", "writer"] + (["id", "style", "assertion"] if detail else [])
    for key in keys:
        table = tallies(flat, key)
        groups = sorted({g for _, g in table})
        print(f"\n-- by {key}: {HEADER}")
        for group in groups:
            for name in detectors:
                if (name, group) in table:
                    print(f"{group:16} {name:8} {table[(name, group)].row()}")


def misses(outcomes: Iterable[Outcome], detector: str) -> tuple[list[Outcome], list[Outcome]]:
    """(missed must-escalate lines, false alarms) of one detector."""
    chosen = [o for o in outcomes if o.detector == detector]
    return ([o for o in chosen if o.positive and not o.escalated],
            [o for o in chosen if not o.positive and o.escalated])
