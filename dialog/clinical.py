"""The project's clinical document, docs/clinical.md, made from the protocol data itself.

Written by `scripts/clinical_doc.py`; tests/test_doctor_summary.py checks the committed file
is exactly what the data makes, so the document a clinician reviews cannot drift from what the
skill does. The summary for a doctor names its sources by title and address from the same list.
"""

from __future__ import annotations

from dialog.sources import source_refs
from dialog.understand.lexicon import lexicon
from models.common import Level, SourceId
from models.protocol import Protocol

_LEVEL_TITLES = {Level.URGENT: "Get medical care today (`urgent`)",
                 Level.DOCTOR: "See a doctor (`doctor`)"}


def _refs(ids: tuple[SourceId, ...]) -> str:
    return ", ".join(f"[{i}](#source-{i})" for i in ids)


def clinical_document(protocol: Protocol) -> str:
    sources = source_refs()
    out = [
        "# twitchcheck: clinical document",
        "",
        "<!-- Made by scripts/clinical_doc.py from dialog/data/*.toml: edit the data, then run",
        "     `.venv/bin/python scripts/clinical_doc.py`; a test fails when this file differs. -->",
        "",
        "What the check decides and why, rule by rule, with the article each rule comes from.",
        "Any red flag heard at any moment means \"call emergency services now\"; otherwise the",
        "result is the highest level any rule below reaches, and self-care when none does.",
        "The reasons of one level are said heaviest first (`weight`, 0-100).",
        "",
        "## Sources",
        "",
    ]
    for ref in sources.values():
        where = ref.address or "address not recorded with the project's copy"
        out.append(f"- <a id=\"source-{ref.id}\"></a>**{ref.id}**: \u201c{ref.title}\u201d, {ref.about}; {where}")
    out += ["", "## Red flags: call emergency services now", "",
            "| red flag | neurological | sources |", "|---|---|---|"]
    for flag in protocol.red_flags:
        out.append(f"| {flag.label} | {'yes' if flag.neurological else ''} | {_refs(flag.sources)} |")
    for level in (Level.URGENT, Level.DOCTOR):
        rules = sorted((r for r in protocol.rules if r.level == level), key=lambda r: -r.weight)
        out += ["", f"## {_LEVEL_TITLES[level]}", "",
                "| for a doctor | the skill says \"because ...\" | weight | weight from | sources | rule |",
                "|---|---|---|---|---|---|"]
        for rule in rules:
            out.append(f"| {rule.clinical} | {rule.reason} | {rule.weight} | {_refs(rule.weight_sources)} "
                       f"| {_refs(rule.sources)} | `{rule.id}` |")
    out += ["", "## Medicines that may cause twitching", "",
            "Only where an article says so, in its own words; other medicines are recorded for the",
            "doctor and claim nothing. The skill never names or doses a drug to take.", "",
            "| medicines | what the article says | sources |", "|---|---|---|"]
    for group in lexicon().medication:
        if group.twitch or group.benzodiazepine:
            what = "withdrawal" if group.benzodiazepine else "may cause twitching"
            out.append(f"| {group.group} ({what}) | \u201c{group.evidence}\u201d | {_refs(group.sources)} |")
    out += ["", "## Self-care advice", "", "| advice | sources |", "|---|---|"]
    for item in protocol.advice:
        out.append(f"| {item.text} | {_refs(item.sources)} |")
    out += ["", f"Where medicines or relief came up: \u201c{protocol.messages.medication}\u201d", ""]
    return "\n".join(out)
