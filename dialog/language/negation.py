"""Negation cues and how far they reach.

A cue ("no", "not", "never", "without", "havent" ...) denies a symptom named
after it in the same clause: "no trouble breathing or swallowing". Its reach
ends at a break ("but", "except", "also", "just", "and now" ...), at a new
subject ("no weakness ive had a fever"), at an "and" that starts a new
statement rather than a list ("no fever and then i threw up"), and after a few
words. Negations inside a symptom ("i cant breathe", "she wont wake up",
"im not able to swallow") are part of the red-flag pattern, so only cues that
end before the symptom starts count.

Some phrases look negative but deny nothing: "not just twitching", "no idea
why", "not sure if", "it hasnt stopped". They are matched first and ignored.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from dialog.language.words import Words

MAX_REACH = 7
"""Words a cue may reach over; long enough for "i havent had any kind of ... or fainting"."""

_PRONOUN = r"(?:i|im|ive|id|he|hes|she|shes|it|its|they|theyre|we|that|my \w+|his \w+|her \w+)"

# Alternation order matters: at one position the first alternative wins, so the
# look-alikes come before the plain cues they start with.
CUES = re.compile(
    r"\b(?:"
    # look-alikes that deny nothing
    r"(?P<pseudo>not only|not just|not merely|not simply|no idea|no clue|not sure|not certain"
    r"|not totally sure|not really sure|not a hundred percent|not one hundred percent|no doubt"
    r"|no matter|no wonder|not until|nothing but|none other than|not long (?:after|ago|before)"
    r"|no sooner|dont know|didnt know|doesnt know|dont remember|didnt remember|dont recall"
    r"|not that i (?:know|remember)|dont understand why|not to mention|no kidding|no joke|no lie"
    r"|no really|no seriously|not gonna lie|no offence|no offense|not kidding"
    # an evaluation, not a denial: "honestly not great, swallowing has become hard"
    r"|not (?:so |too |very |that |really |doing |feeling )?(?:great|good|well|brilliant|amazing|fine|okay|ok)"
    r"(?! at (?:all|swallowing|breathing|talking|speaking|walking))"
    r"|(?:dont|doesnt|didnt|havent|hasnt|hadnt|never|not|isnt|wasnt|wont|cant|aint) (?:\w+ )?"
    r"(?:stop|stopped|stops|stopping|go away|gone away|went away|goes away|ease|eased|easing|let up"
    r"|settled|settle|improve|improved|improving|getting better|gotten better|got better|better"
    r"|quit|end|ended|subsided|subside))"
    # disbelief reaches past its own subject: "i dont think IM having a seizure", "i wouldnt say MY
    # vision is blurry" (the speaker's own "wouldnt say": "he wouldnt say a word" denies nothing);
    # the subject may open the mention itself ("i dont think im muddled"), so it is kept apart
    r"|(?P<belief>(?:(?:dont|didnt|never|doesnt) (?:really )?(?:think|believe|reckon|feel like|suppose)"
    r"|(?<=\bi )(?:really |honestly )?wouldnt (?:really |honestly )?say)(?: that)?)(?P<subject> " + _PRONOUN + r")?"
    # perfect-tense denials, undone by "before today": "never had a seizure before today"
    # an inverted subject belongs to the cue: "not once have i slurred"
    r"|(?P<never>(?:never once|not once|never|not one time|at no point) (?:have|has|had|did) (?:i|he|she|they|we)"
    r"|never once|not once|never ever|never|havent|hasnt|hadnt|not ever|have never|has never"
    r"|at no point|at no time|not one time|not a single time)"
    r"|(?P<neg>no|not|without|none|nor|neither|didnt|dont|doesnt|isnt|arent|wasnt|werent|aint|wont"
    r"|nothing|nobody|no one|free of|free from|denies|deny|denied|ruled out|rules out|negative for"
    r"|nope|nah|no longer|not any|zero|absence of|lack of|no sign of|no signs of|no hint of"
    # Scots: "nae fever", "ah dinnae feel dizzy" ("cannae" is the symptom's own "cant", as "cant" is)
    r"|nae|dinnae|didnae|doesnae|isnae|wasnae|havenae|hasnae|hadnae"
    r"|wouldnt (?:call (?:it|that|myself|me|him|her|them)|say (?:im|its|it was|i was|i am|hes|shes|that)"
    r"|say|describe (?:it|that|myself) as)|not what (?:youd|you would|i would|id) call(?: (?:it|that|myself|me))?"
    r"|not in the slightest|not remotely|not at all)"
    r")\b"
)

# "never had a seizure before today": the denial covers only the past before now.
_UNTIL_NOW = re.compile(
    r"^(?:\w+ ){0,4}?(?:before|until|till|til|up until|up to|prior to) (?:today|now|tonight|this (?:morning|afternoon|evening|week)"
    r"|yesterday|last night|earlier|just now|the other day|this|that|recently|a few days ago|an hour ago)\b"
)

# A denial said after the symptom it names, the symptom first as the topic: "double vision i
# have not", "dizziness hasnt been an issue", "dizzy no not at all", "vomiting i never had with
# this". Only words that end the clause may follow: "swallowing i havent been able to" and
# "breathing isnt easy" are not denials.
_DENIED_AFTER = re.compile(
    r"^(?:"
    r"(?:(?:i|he|she|they|we) (?:(?:have|has|had|do|did|does|was|were) )?|im |hes |shes |theyre )"
    r"(?:not|never|dont|didnt|doesnt|havent|hasnt|hadnt)"
    r"(?: (?:have|had|get|got|felt|noticed))?(?: (?:it|that|any|them|at all|with this|with it|before|so far"
    r"|recently|lately|yet))*"
    r"|(?:is|was|are|were) (?:nil|none|absent)"
    r"|(?:(?:is|was|are|were|has|have) )?(?:not|isnt|wasnt|arent|werent|hasnt|havent)(?: been)?"
    r"(?: (?:there|present|a problem|an issue|a thing))?(?: (?:at all|so far|yet|either|really))*"
    r"|no(?: (?:not at all|none|never|nothing|not really))?"
    r")$"
)
# A belief taken back: "i thought i was short of breath but no its fine", "i worried i had trouble
# swallowing but honestly i dont". The speaker's own thought opens the clause, and right after the
# symptom a "but" denies it; only a denial ends the utterance or runs on into its being fine: "i
# thought i was dizzy but no its worse now" and "i thought i passed out but im fine now" (over,
# not denied: it may be minutes ago) are said.
_THOUGHT = re.compile(
    r"\b(?:at first |first |honestly )?i (?:thought|was worried|worried|wondered if|feared|was afraid)(?: that)?"
    r" (?:i|im|i was|i had|i might|i might be|i might have|i may|i may have|i could be|i could have)$"
)
_TAKEN_BACK = re.compile(
    r"^(?:\w+ ){0,2}?but (?:honestly |actually |no )?(?:no|nope|nah|not really|i dont|i didnt|i wasnt|i havent|im not"
    r"|it wasnt|it isnt|its not)(?: (?:i|it) (?:dont|didnt|wasnt|isnt))?"
    r"(?: (?:its|im|i am|it is|it was|thats|all) (?:fine|ok|okay|alright|all right|normal|grand|good)(?: \w+)*)?$"
)
_THOUGHT_REACH = 4
"""Words the thought may have between it and the symptom ("i thought i was maybe a bit")."""
_KINDS = ("pseudo", "belief", "never", "neg")
_BEFORE_TOPIC = 2
"""Words a topic may have before it in its clause ("as for vomiting", "the dizziness")."""


_EMBEDDING = frozenset({"that", "if", "whether", "like", "as"})


class Negation:
    """Finds, for a symptom at given tokens, whether a cue before it denies it."""

    def __init__(self, words: Words, mention_ends: frozenset[int] = frozenset()) -> None:
        """`mention_ends`: token indices where a red-flag mention ends, so that "and" counts
        as joining a list only after a named symptom ("no fever and vomiting")."""
        self._words = words
        self._mention_ends = mention_ends
        cues: list[tuple[int, int, str]] = []
        for match in CUES.finditer(words.text):
            kind = next((k for k in _KINDS if match.group(k) is not None), "neg")
            if kind == "pseudo":
                continue
            # a disbelief ends before its subject, which may open the mention ("dont think im muddled")
            end = match.end("belief") if kind == "belief" else match.end()
            cues.append((words.token_at(match.start()), words.token_end(end), kind))
        # Cues come in text order, so their ends are sorted: the nearest one is a bisection away.
        self._cues = cues
        self._ends = [end for _, end, _ in cues]

    def denies(self, start: int, end: int) -> bool:
        """True when a cue before tokens [start, end) reaches them, or the clause denies them
        after naming them first."""
        return self._denied_before(start, end) or self._denied_after(start, end) or self._taken_back(start, end)

    def _taken_back(self, start: int, end: int) -> bool:
        tokens = self._words.tokens
        before = range(max(0, start - _THOUGHT_REACH), start + 1)
        if not any(_THOUGHT.search(" ".join(tokens[max(0, i - 12):i])) for i in before):
            return False
        return _TAKEN_BACK.match(" ".join(tokens[end:])) is not None

    def _denied_after(self, start: int, end: int) -> bool:
        words = self._words
        left, right = words.clause_bounds(start, end)
        if start - left > _BEFORE_TOPIC or words.blocked(left, start) or right <= end:
            return False
        return _DENIED_AFTER.match(" ".join(words.tokens[end:right])) is not None

    def _denied_before(self, start: int, end: int) -> bool:
        cue = self._nearest_cue(start)
        if cue is None:
            return False
        cue_start, cue_end, kind = cue
        if start - cue_end > MAX_REACH:
            return False
        words = self._words
        # A disbelief reaches over its own subject ("dont think im"); only later subjects end its reach.
        if words.blocked(cue_end, start, allowed_subjects=frozenset({cue_end}) if kind == "belief" else frozenset()):
            return False
        # a mention that opens with its own subject after other words is a clause of its own:
        # "he wasnt fitting he just went floppy"; not one that a "that" or "if" embeds: "no
        # sign that im having a stroke"
        if start > cue_end and start in words.subjects and words.tokens[start - 1] not in _EMBEDDING:
            return False
        # "and" ends a denial unless it only joins two named symptoms: "no fever and vomiting".
        # After anything else it starts a new statement: "nothing else and food gets stuck"; so
        # does a symptom told with its own subject: "no fever and everything looks doubled".
        for i in range(cue_end, start):
            if i in words.ands and not (i == start - 1 and i in self._mention_ends and start not in words.subjects):
                return False
        if kind == "never":
            after = " ".join(words.tokens[end:end + 8])
            if _UNTIL_NOW.match(after):
                return False
        return True

    def _nearest_cue(self, start: int) -> tuple[int, int, str] | None:
        i = bisect_right(self._ends, start)
        return self._cues[i - 1] if i else None
