"""The red-flag detector (safety-critical): does this utterance name an emergency?

It runs on every recognizer result, partial or final, whatever question is
open, and takes only the text. Two layers read it, each clause by clause:

- the lexicon (dialog.redflags.lexicon): the textbook words, fast and reviewable;
- the learned layer (dialog.redflags.learned): people's own words;

and, when the detector has been given one, a third reads final results whole:

- the encoder layer (dialog.redflags.encoder): what the words mean, from a
  frozen sentence encoder. It turns the learned layer's `confirm` into an
  escalation when it agrees (`support_at`). Its header can also let it escalate
  alone when very sure (`escalate_at`) or ask (`confirm_at`); the committed one
  does not (1.0: off), since on the held-out corpora that cost specificity.
  Its findings are judged by the same assessment as the others'.

Both are read again on the text with misheard key words put right
(dialog.redflags.phonetic). Every finding is then judged in its clause by one
assessment (dialog.redflags.assertion): denied, supposed, long past, or said.

Fusion fails safe. A red flag escalates when either layer finds it said as
happening: the lexicon's match, or a learned score at or above the model's
`escalate_at` (per red flag, chosen by cross-validation so that people the
model never read rarely set it off). Only words that say so clear it (a
denial, a clear distant past, someone else's history, a question, a
look-alike, "i can swallow"). A learned score between `confirm_at` and
`escalate_at` that nothing clears, with no escalation for that flag, is
`uncertain`: the conversation asks the person rather than guessing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from dialog.language.clauses import Clause, clauses
from dialog.language.words import Words
from dialog.redflags.assertion import Assessor
from dialog.redflags.encoder import EncoderLayer
from dialog.redflags.learned import LearnedLayer, Score
from dialog.redflags.lexicon import Lexicon, Lookalikes, Mention
from dialog.redflags.phonetic import SoundsLike
from dialog.text import normalize
from models.common import RedFlagId
from models.detection import Assertion, Decision, Detection, Finding, PastEvent
from models.protocol import RedFlag

_CLEARED_AS: dict[Assertion, str] = {
    "denied": "negated", "hypothetical": "asked_about", "past": "history", "other_past": "history",
    "past_weeks": "past_weeks",
}
_NOT_KEY = frozenset({"out", "up", "double", "passed", "blacked", "threw", "throwing"})
"""Words of multi-word key terms that say nothing alone ("passed" my test, "threw" a ball)."""
Answering = Callable[[str], Sequence[str]]
"""The open question's answer vocabulary: normalized utterance -> the words its answer does
not account for (dialog.understand.slots.SlotSpec.left_over). The detector knows no question."""
_MAX_WORDS = 40
"""The learned layer reads a long utterance in overlapping windows of this many words."""


class RedFlagDetector:
    def __init__(self, red_flags: Sequence[RedFlag], *, spoken: bool = False,
                 learned: LearnedLayer | None = None, use_learned: bool = True,
                 use_lexicon: bool = True, encoder: EncoderLayer | None = None) -> None:
        """`spoken`: the text comes from a speech recognizer, so each flag's `heard_as`
        patterns (known mishearings) count too. `learned`: the learned layer, loaded from
        the committed model when not given; `use_learned`/`use_lexicon` switch a layer off
        (for measuring each alone). `encoder`: the encoder layer, off when not given (it
        takes about a second to load: see `set_encoder`)."""
        self.spoken = spoken
        self.encoder = encoder
        self._lexicon = Lexicon(red_flags, spoken=spoken) if use_lexicon else None
        self._learned = (learned or LearnedLayer.committed()) if use_learned else None
        self._sounds = SoundsLike(term for flag in red_flags for term in flag.key_words)
        self._order = {flag.id: i for i, flag in enumerate(red_flags)}
        self._neurological = frozenset(flag.id for flag in red_flags if flag.neurological)
        self._quieting = frozenset(flag.id for flag in red_flags if flag.quiets_learned)
        self._beside_lexicon_at = self._learned.info.beside_lexicon_at if self._learned else 1.0
        self._key_words = {flag.id: frozenset(w for term in flag.key_words for w in term.split()
                                              if w not in _NOT_KEY) for flag in red_flags}

    def set_encoder(self, encoder: EncoderLayer | None) -> None:
        """Hand over the encoder layer once it has loaded (voice/ loads it off the
        conversation's path); until then the other layers decide alone. An attribute
        set is atomic: a detection reads either no encoder or the whole of it."""
        self.encoder = encoder

    def mentions(self, text: str) -> tuple[Words, list[Mention]]:
        """Where the lexicon names a red flag in `text` (normalized first), in text order."""
        words = Words(normalize(text))
        return words, self._lexicon.read(words)[0] if self._lexicon is not None else []

    def detect(self, text: str, *, final: bool = True, answering: Answering | None = None) -> Detection:
        """Read one utterance. `final=False` for a recognizer's partial result: the clause
        still being spoken is then read by the lexicon only, since a learned reading of half a
        clause ("my leg keeps twitching and i cant") is not yet a statement.

        `answering`: the open question's answer vocabulary, which tells the words of the
        normalized utterance its answer does not account for. Where it accounts for every word
        ("my head" to "where do you feel it?"), the utterance is that answer, and the learned
        and encoder layers' findings are quieted: they read a place, a count or a severity out
        of its conversation (the encoder's support of a quieted doubt, or its own reading, is
        learned evidence too). Lexicon findings, and any utterance with a word left over, are
        read as always."""
        normalized = normalize(text)
        words = Words(normalized)
        findings, past = self._read(words, final=final, sounds_like=False)
        rewritten = self._sounds.rewrite(words.tokens)
        if rewritten is not None:
            more, more_past = self._read(Words(" ".join(rewritten)), final=final, sounds_like=True)
            # The second reading adds what a misheard word names. A lexicon mention whose words
            # were read as said is judged there, on the words around it as said: a rewrite of
            # those ("my gran" read as "migraine") must not take its subject away.
            said = {(f.flag, f.words) for f in findings if f.layer == "lexicon"}
            findings += [f for f in more if not (f.layer == "lexicon" and (f.flag, f.words) in said)]
            past += more_past
        if answering is not None and words.tokens and not answering(normalized):
            findings = [f.model_copy(update={"decision": "clear", "answered": True})
                        if f.layer in ("learned", "encoder") and f.decision != "clear" else f
                        for f in findings]
        return self._fuse(text, findings, past)

    # ------------------------------------------------------------------ layers

    def _read(self, words: Words, *, final: bool,
              sounds_like: bool) -> tuple[list[Finding], list[PastEvent]]:
        """Every layer's findings, and the red flags said as over, days to weeks ago."""
        if not words.tokens:
            return [], []
        lexicon = self._lexicon
        mentions, lookalikes = lexicon.read(words) if lexicon is not None else ([], Lookalikes(words, {}))
        assessor = Assessor(words, frozenset(m.end for m in mentions))
        parts = clauses(words)
        findings: list[Finding] = []
        past: list[PastEvent] = []
        for mention in mentions:
            clause = self._clause_of(parts, mention.start)
            assertion = assessor.assertion(mention.start, mention.end)
            if assertion == "past_weeks":
                past.append(self._past_event(assessor, mention.flag, mention.start, mention.end))
            findings.append(Finding(
                flag=mention.flag, layer="lexicon", clause=clause.text(words),
                words=" ".join(words.tokens[mention.start:mention.end]), assertion=assertion,
                decision="escalate" if assertion == "present" else "clear", sounds_like=sounds_like,
                mishearing=mention.heard_as))
        if self._learned is not None:
            findings += self._learned_findings(words, parts, mentions, lookalikes, assessor, final,
                                               sounds_like, past)
        encoder = self.encoder
        if encoder is not None and final and (not encoder.supports_only or any(
                f.layer == "learned" and f.decision == "confirm" for f in findings)):
            # a supporting encoder has nothing to say where the learned layer has no doubt: it
            # runs only on the few utterances that have one (its few milliseconds, saved)
            findings += self._encoder_findings(encoder, words, parts, mentions, lookalikes, assessor,
                                               findings, sounds_like)
        return findings, past

    def _past_event(self, assessor: Assessor, flag: RedFlagId, start: int, end: int) -> PastEvent:
        time = assessor.weeks_ago(start, end)
        assert time is not None  # only asked for a mention read as `past_weeks`
        return PastEvent(flag=flag, words=time.words, when=time.when, neurological=flag in self._neurological,
                         within_four_weeks=time.within_four_weeks)

    @staticmethod
    def _clause_of(parts: Sequence[Clause], token: int) -> Clause:
        return next(c for c in parts if c.start <= token < c.end)

    def _learned_scores(self, words: Words, upto: int,
                        parts: Sequence[Clause] = ()) -> dict[RedFlagId, Score]:
        """The learned layer's best score per red flag over the utterance's first `upto` tokens,
        read whole as it was trained (a long one in overlapping windows), and two finished
        clauses at a time, with its anchor token: the whole reading is diluted by a long
        lead-in ("it has been twitching for days but now i cant see")."""
        assert self._learned is not None
        best: dict[RedFlagId, Score] = {}
        n = upto
        spans: list[tuple[int, int]] = []
        for start in range(0, n, _MAX_WORDS // 2):
            end = min(n, start + _MAX_WORDS)
            spans.append((start, end))
            if end == n:
                break
        if len(parts) > 2:
            # two clauses at a time: enough context that "and it really hurts" keeps its thigh
            spans += [(a.start, min(b.end, n)) for a, b in zip(parts, parts[1:]) if b.start < n]
        for (start, _), scores in zip(spans, self._learned.scores_of_spans(words.tokens[:n], spans)):
            for score in scores:
                if score.flag in self._order and (
                        score.flag not in best or score.probability > best[score.flag].probability):
                    best[score.flag] = replace(score, anchor=start + score.anchor)
        return best

    def _learned_findings(self, words: Words, parts: Sequence[Clause], mentions: Sequence[Mention],
                          lookalikes: Lookalikes, assessor: Assessor, final: bool,
                          sounds_like: bool, past: list[PastEvent]) -> list[Finding]:
        """The learned layer's findings; a reading that would have escalated but is said as over,
        days to weeks ago, is added to `past` too."""
        named_anywhere = {m.flag for m in mentions}
        findings: list[Finding] = []
        # On a partial, the clause still being spoken is not yet a statement, and its first
        # words must not colour the finished ones ("my vision is clear | and i have").
        upto = len(words.tokens) if final else parts[-1].start
        for score in (self._learned_scores(words, upto, parts) if upto else {}).values():
            if score.flag in named_anywhere:
                continue  # where the lexicon named this flag, its reading stands
            anchor = score.anchor
            clause = self._clause_of(parts, anchor)
            tokens = words.tokens[clause.start:clause.end]
            # another flag named in this clause, or this flag's key word read by the lexicon and
            # not matched ("a headache", "my pulse is racing"): the learned layer overrules only when sure
            # (a mention cleared where it stands says nothing of this flag: "no vomiting, it just
            # wont go down" keeps the swallowing reading)
            overruling = (any(clause.start <= m.start < clause.end and m.flag in self._quieting
                              and assessor.assertion(m.start, m.end) == "present" for m in mentions)
                          or any(t in self._key_words[score.flag] for t in tokens))
            needed = self._beside_lexicon_at if overruling else score.escalate_at
            if overruling and score.probability < needed:
                continue
            assertion: Assertion = "present"
            decision: Decision
            if lookalikes.cover(score.flag, anchor):
                decision = "clear"  # "a fit of coughing": the words say it is something else
            elif assessor.able(anchor):
                assertion, decision = "denied", "clear"  # "i can swallow", "she can still talk"
            else:
                assertion = assessor.assertion(anchor, anchor + 1)
                if assertion != "present":
                    decision = "clear"
                    if assertion == "past_weeks" and score.probability >= needed:
                        past.append(self._past_event(assessor, score.flag, anchor, anchor + 1))
                elif score.probability >= needed:
                    decision = "escalate"
                else:
                    decision = "confirm"
            findings.append(Finding(
                flag=score.flag, layer="learned", clause=clause.text(words), words=words.tokens[anchor],
                assertion=assertion, score=round(score.probability, 4), decision=decision,
                sounds_like=sounds_like))
        return findings

    def _encoder_findings(self, encoder: EncoderLayer, words: Words, parts: Sequence[Clause],
                          mentions: Sequence[Mention], lookalikes: Lookalikes,
                          assessor: Assessor, found: Sequence[Finding],
                          sounds_like: bool) -> list[Finding]:
        named_anywhere = {m.flag for m in mentions}
        to_confirm = {f.flag for f in found if f.layer == "learned" and f.decision == "confirm"}
        findings: list[Finding] = []
        for score in encoder.scores(words.tokens):
            if score.flag in named_anywhere or score.flag not in self._order:
                continue  # where the lexicon named this flag, its reading stands
            anchor = score.anchor
            clause = self._clause_of(parts, anchor)
            tokens = words.tokens[clause.start:clause.end]
            # another flag named here, or this flag's key word read and not matched ("a
            # headache"): as for the learned layer, the words already had a reader; the
            # encoder may then only support the learned layer's doubt
            overruling = (any(clause.start <= m.start < clause.end for m in mentions)
                          or any(t in self._key_words[score.flag] for t in tokens))
            supports = score.flag in to_confirm and score.probability >= score.support_at
            alone = not overruling and score.escalate_at < 1 and score.probability >= score.escalate_at
            asks = not overruling and score.confirm_at < 1 and score.probability >= score.confirm_at
            if not (supports or alone or asks):
                continue
            assertion: Assertion = "present"
            decision: Decision
            if lookalikes.cover(score.flag, anchor):
                decision = "clear"
            elif assessor.able(anchor):
                assertion, decision = "denied", "clear"
            else:
                assertion = assessor.assertion(anchor, anchor + 1)
                decision = ("clear" if assertion != "present" else
                            "escalate" if alone or supports else "confirm")
            findings.append(Finding(
                flag=score.flag, layer="encoder", clause=clause.text(words), words=words.tokens[anchor],
                assertion=assertion, score=round(score.probability, 4), decision=decision,
                sounds_like=sounds_like))
        return findings

    # ------------------------------------------------------------------ fusion

    def _fuse(self, text: str, findings: list[Finding], past: list[PastEvent]) -> Detection:
        escalated: dict[RedFlagId, None] = {}
        confirm: dict[RedFlagId, None] = {}
        cleared: dict[str, dict[RedFlagId, None]] = {"negated": {}, "asked_about": {}, "history": {},
                                                     "past_weeks": {}}
        for finding in findings:
            if finding.decision == "escalate":
                escalated[finding.flag] = None
            elif finding.decision == "confirm":
                confirm[finding.flag] = None
            elif finding.assertion != "present":
                cleared[_CLEARED_AS[finding.assertion]][finding.flag] = None

        def only(flags: dict[RedFlagId, None]) -> tuple[RedFlagId, ...]:
            return tuple(f for f in flags if f not in escalated)

        return Detection(
            text=text,
            red_flags=tuple(escalated),
            asked_about=only(cleared["asked_about"]),
            negated=only(cleared["negated"]),
            history=only(cleared["history"]),
            # each red flag once, as first said; one said as now as well is an emergency, not history
            past_events=tuple({e.flag: e for e in reversed(past) if e.flag not in escalated}.values())[::-1],
            uncertain=tuple(f for f in confirm if f not in escalated),
            findings=tuple(findings),
        )
