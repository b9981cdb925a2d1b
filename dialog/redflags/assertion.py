"""Is a red flag said as happening, or denied, asked about, or long past?

One reading for every layer: the lexicon's mentions and the learned layer's
anchors (the word that carried its decision) are both judged here, on the
clause that holds them, in this order:

1. denied ("no trouble breathing", "never once fainted") -> `denied`
   (dialog.language.negation: a cue before it, in reach, in the same clause);
2. asked about, supposed, or advice reported ("what if i get a seizure",
   "the doctor said to call if i faint") -> `hypothetical`
   (dialog.redflags.context.QuestionContext);
3. only in the clearly distant past ("as a child", "back when i was a
   student") -> `past`, or `other_past` when the clause is about someone else
   (dialog.redflags.context.TimeContext), and someone else's history named as
   such ("my dad used to have fits", "epilepsy runs in the family") ->
   `other_past` (a bare "my husband had a seizure" may be now: it escalates);
4. happened and over, days to a few weeks ago ("i fainted last week", "threw up at the
   weekend") -> `past_weeks` (dialog.redflags.context.TimeContext.weeks_ago): history the
   summary keeps, `urgent` when neurological (policy "Past events"), never an emergency;
5. otherwise `present`: hedged ("i think i might have passed out"), about
   someone else now ("my husband cant breathe"), recent ("last night"): when
   in doubt, escalate.

Only 1-4 clear a red flag, and each needs words that say so.
"""

from __future__ import annotations

import re
from functools import cached_property

from dialog.language.negation import Negation
from dialog.language.words import KIN, Words
from dialog.redflags.context import (
    RECENT,
    RECENT_TIME,
    YEAR_WORDS,
    PastTime,
    QuestionContext,
    TimeContext,
)
from models.detection import Assertion

# Someone else's history, said as such: the clause's subject is another person and
# the verb is one of having had it, not of it happening now.
_KIN_SUBJECT = re.compile(
    rf"\b(?:my|our|his|her|their) (?:\w+ )?(?:{KIN}|family|parents?|grandparents?|relatives?)s?\b"
    r"|\b(?:he|she|they)\b"
)
_HISTORY_VERB = re.compile(
    r"\b(?:used to|use to|suffered|suffered from|was diagnosed|got diagnosed|has a history"
    r"|had a history|passed away|died|was prone|were prone|would get|would have|was always|were always"
    r"|always had|had (?:copd|asthma|epilepsy|dementia|alzheimers|parkinsons|ms|a stroke|strokes|cancer"
    r"|a tumou?r|diabetes|malaria|covid|pneumonia|the flu|flu|bells palsy|als|mnd)"
    # a named illness of theirs, in the past tense: "my uncle had throat cancer and couldnt swallow"
    r"|had (?:\w+ )?(?:cancer|tumou?r|glaucoma|cataracts|menieres(?: disease)?|emphysema|tb|typhoid"
    r"|heart failure|macular degeneration|motor neurone disease|aphasia|ms|parkinsons|dementia))\b"
)
_JUST_HAD = re.compile(r"\b(?:has|have|hes|shes|theyve|just) (?:just )?had\b")
# Someone else's history told with its own time: their illness or life ("after her stroke",
# "at the end", "for years", "before his pacemaker", "back then", "when we were kids", "in
# twenty fifteen"). Read only with another person as the subject and nothing said as now.
_THEIR_TIME = re.compile(
    r"\b(?:for (?:\w+ )?years|for most of (?:the|his|her|their) \w+|(?:his|her|their) whole life"
    r"|all (?:his|her|their) life|(?:at|in|towards|near) the end(?! of)"
    r"|(?:at|towards|near) the end of (?:his|her|their) (?:life|days)|the (?:night|day|week) (?:he|she|they) died"
    # an event of theirs that is known and named, not one that may be today's ("after his fall")
    r"|after (?:his|her|their) (?:\w+ ){0,2}?(?:stroke|strokes|bypass|chemo|chemotherapy|radiotherapy|tumou?r"
    r"|cancer|transplant)"
    r"|before (?:his|her|their) (?:\w+ ){0,2}?(?:pacemaker|bypass|hip|knee|diagnosis|tumou?r|transplant|death)"
    r"|before (?:he|she|they) (?:had|got) (?:his|her|their) (?:\w+ ){0,2}?(?:pacemaker|bypass|hip|knee|transplant)"
    r"|before (?:he|she|they) (?:died|passed|was diagnosed|were diagnosed)|before they found"
    r"|back then|in those days|in (?:his|her|their) (?:young|younger|old) (?:age|days)|long time (?:back|ago)"
    r"|many years|(?:when|while) (?:we|they|he|she|you) (?:were|was) (?:\w+ ){0,2}?(?:kids|children|students"
    r"|at school|at uni|young|little|teenagers|younger|old|older|an athlete)"
    r"|before (?:we|they) (?:were |got )?married|when (?:our|my|his|her) (?:\w+ )?(?:was|were) born"
    r"|at (?:my|me) christening|in the army|last (?:winter|summer|christmas|easter|spring|autumn)"
    r"|in year (?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen)"
    rf"|in {YEAR_WORDS}"
    r"|in (?:ninety|eighty|seventy|sixty)(?: (?:one|two|three|four|five|six|seven|eight|nine))?"
    r"(?! (?:minutes?|seconds?|hours?|mins?|secs?|days?|weeks?|months?|years?))"
    r"|in the (?:first|second|last) lockdown)\b"
)
# Said as now, these undo another person's history: "my dad has had vertigo for years and now he
# collapsed", "my mum had a stroke and cant talk". After "to" or a modal a verb has no tense: "my dad
# used to have fits", "she would keep falling" are history.
_NOW_WORDS = frozenset({"is", "are", "am", "cant", "cannot", "wont", "isnt", "arent", "keeps", "keep", "now",
                        "still", "currently", "has", "have", "hes", "shes", "theyre", "doesnt", "dont", "again",
                        "today", "tonight", "right", "suddenly"})
_NO_TENSE_AFTER = frozenset({"to", "would", "could", "might", "may", "should", "will", "must"})
# A long, slow illness named as the cause, after the red flag ("from ms", "with his parkinsons"). Not
# one whose red flag may be today's emergency: a stroke, a crash, epilepsy, diabetes, copd, chemo,
# drink or blood pressure.
_PAST_TELLING = frozenset({"had", "went", "lost", "was", "were", "got", "kept", "became"})
_CHRONIC_CAUSE = re.compile(
    r"^(?:\w+ ){0,5}?(?:from|with|because of|due to|through) (?:(?:his|her|their|the) )?(?:ms|multiple sclerosis"
    r"|parkinsons|glaucoma|cataracts|macular degeneration|dementia|alzheimers|motor neurone disease|mnd|als"
    r"|menieres)\b"
)
_FAMILY_HISTORY = re.compile(
    r"\b(?:runs? in (?:my|our|the|his|her) family|family history|in the family|hereditary"
    r"|(?:my|our|his|her) late (?:\w+ )?(?:husband|wife|father|mother|dad|mum|mom|son|daughter|brother"
    r"|sister|grandfather|grandmother|grandad|grandma|nan|uncle|aunt|friend|partner)"
    r"|(?:my|our) (?:whole )?family (?:has|have|had))\b"
)
# Someone the speaker looks after or looked after, named by that: "the lady i cared for".
_CARED_FOR = re.compile(
    r"\b(?:the|a|one) (?:\w+ )?(?:lady|man|woman|gentleman|client|patient|resident|person|chap|fella|gent)"
    r" (?:that |who )?i (?:used to )?(?:cared for|care for|looked after|look after|nursed|had|worked with"
    r"|visited|supported)\b"
)
_FIRST_PERSON = frozenset({"i", "im", "ive", "id", "me", "myself"})
"""The speaker as a subject or object ("my" is not one: "my grandad had fits" is about him)."""
# "i can swallow", "she can still breathe", "im able to talk": the act is possible.
_ABLE = frozenset({("can",), ("could",), ("can", "still"), ("able", "to"), ("can", "easily"),
                   ("can", "normally"), ("can", "actually"), ("could", "still"), ("can", "definitely")})


class Assessor:
    """Reads every span of one utterance in its clause; built once per utterance."""

    def __init__(self, words: Words, mention_ends: frozenset[int] = frozenset()) -> None:
        self._w = words
        self._mention_ends = mention_ends

    # Each reading is built on first use: most partial results name no red flag and are never judged.
    @cached_property
    def _negation(self) -> Negation:
        return Negation(self._w, self._mention_ends)

    @cached_property
    def _questions(self) -> QuestionContext:
        return QuestionContext(self._w)

    @cached_property
    def _times(self) -> TimeContext:
        return TimeContext(self._w)

    @cached_property
    def _family(self) -> list[tuple[int, int]]:
        return self._w.spans(_FAMILY_HISTORY)

    @cached_property
    def _cared_for(self) -> list[tuple[int, int]]:
        return self._w.spans(_CARED_FOR)

    def assertion(self, start: int, end: int) -> Assertion:
        if self._negation.denies(start, end):
            return "denied"
        if self._questions.asked(start, end):
            return "hypothetical"
        if self._times.distant(start, end):
            return "other_past" if self._about_someone_else(start, end) else "past"
        if self._someone_elses_history(start, end) or self._their_time(start, end):
            return "other_past"
        if self._times.weeks_ago(start, end) is not None:
            return "past_weeks"
        return "present"

    def weeks_ago(self, start: int, end: int) -> PastTime | None:
        """For a `past_weeks` mention: its time phrase and clause, and whether within four weeks."""
        return self._times.weeks_ago(start, end)

    def able(self, anchor: int) -> bool:
        """True when the words before `anchor` say the act can be done ("i can swallow").
        For the learned layer's anchors only: the lexicon reads "cant" inside its own match,
        and its spoken-only readings of "can breathe" (a misheard "can't") must stand."""
        tokens = self._w.tokens
        return any(tuple(tokens[max(0, anchor - n):anchor]) in _ABLE for n in (1, 2))

    def _clause(self, start: int, end: int) -> tuple[int, int]:
        return self._w.clause_bounds(start, end, limit=10)

    def _about_someone_else(self, start: int, end: int) -> bool:
        left, right = self._clause(start, end)
        clause = " ".join(self._w.tokens[left:right])
        return bool(_KIN_SUBJECT.search(clause)) and not any(
            t in _FIRST_PERSON for t in self._w.tokens[left:start])

    def _another_subject(self, left: int, start: int) -> bool:
        """True when the words before the mention name another person as its subject and not the
        speaker ("the lady i cared for" is her: the speaker is only in her description)."""
        tokens = self._w.tokens
        cared = [(s, e) for s, e in self._cared_for if left <= s and e <= start]
        mine = any(t in _FIRST_PERSON and not any(s <= i < e for s, e in cared)
                   for i, t in enumerate(tokens[left:start], left))
        return not mine and (bool(cared) or bool(_KIN_SUBJECT.search(" ".join(tokens[left:start]))))

    def _from_their_illness(self, left: int, start: int, end: int, right: int) -> bool:
        """Told in the past with a long illness of theirs as its cause: "my sister had double vision
        from ms", "my dad lost his balance a lot with his parkinsons". Nothing in the clause may be
        said as now ("my dad has double vision from his ms")."""
        tokens = self._w.tokens
        return (any(t in _PAST_TELLING for t in tokens[left:start + 1])
                and _CHRONIC_CAUSE.match(" ".join(tokens[end:right])) is not None
                and not any(self._said_as_now(i) for i in range(left, right)))

    def _said_as_now(self, i: int) -> bool:
        tokens = self._w.tokens
        return tokens[i] in _NOW_WORDS and not (i > 0 and tokens[i - 1] in _NO_TENSE_AFTER)

    def _their_time(self, start: int, end: int) -> bool:
        """Another person's red flag told with a time of their illness or life, all in the past."""
        left, right = self._times.history_clause(start, end)
        tokens = self._w.tokens
        if not self._another_subject(left, start):
            return False
        if any(self._said_as_now(i) for i in range(left, right)):
            return False
        clause = " ".join(tokens[left:right + 1])  # the word that ends it too: "back then" ends at "then"
        return _THEIR_TIME.search(clause) is not None and RECENT_TIME.search(clause) is None

    def _someone_elses_history(self, start: int, end: int) -> bool:
        left, right = self._clause(start, end)
        if any(left <= s < right or abs(s - start) <= 12 for s, _ in self._family):
            return True
        if not self._another_subject(left, start):
            return False
        # the habit may open the mention itself: "my mum used to faint a lot"
        if not (_HISTORY_VERB.search(" ".join(self._w.tokens[left:min(end, start + 2)]))
                or self._from_their_illness(left, start, end, right)):
            return False
        # "my mum has had a stroke and cant talk": the illness is named, but the red flag is said
        # as it is now (when in doubt, escalate); "had a stroke and couldnt talk" stays history
        if self._said_as_now(start) or _JUST_HAD.search(" ".join(self._w.tokens[left:start])):
            return False
        # "my dad had a seizure this morning" is happening now, to someone who is with them
        return RECENT.search(" ".join(self._w.tokens[left:right])) is None
