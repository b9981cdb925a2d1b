"""Someone answering for another person ("i'm answering for my dad"): who, and the protocol's
wordings that speak of that person ("Is he having trouble breathing right now?").

Only what is said outright counts: a relation word after "answering for", "asking for",
"this is for", "on behalf of". Its sex comes from the relation ("dad", "wife") or, for a word
that has none ("partner", "friend"), from an explicit "he" or "she" in the same words; without
one the person is named ("your friend"). The red-flag reading never depends on any of this.
"""

from __future__ import annotations

import re

from models.protocol import Protocol, Question
from models.session import Proxy

_MALE = ("dad", "daddy", "father", "papa", "pa", "grandad", "granddad", "grandpa", "grandfather",
         "husband", "son", "brother", "boyfriend", "uncle", "nephew", "grandson", "stepfather",
         "stepdad", "fiance", "boy")
_FEMALE = ("mum", "mom", "mummy", "mommy", "mother", "mam", "ma", "nan", "nana", "gran", "granny",
           "grandma", "grandmother", "wife", "daughter", "sister", "girlfriend", "aunt", "auntie",
           "niece", "granddaughter", "stepmother", "stepmum", "stepmom", "fiancee", "girl")
_NEUTRAL = ("partner", "spouse", "child", "kid", "baby", "toddler", "friend", "parent", "neighbour",
            "neighbor", "flatmate", "roommate", "patient", "client", "relative", "cousin",
            "grandchild", "teenager", "teen", "carer", "colleague")
_RELATIONS = "|".join(sorted(_MALE + _FEMALE + _NEUTRAL, key=len, reverse=True))

_SAYS_FOR = re.compile(
    r"\b(?:(?:im|i am|ill be|i will be|were|we are|i\s?m)\s+)?"
    r"(?:answering|answer|asking|speaking|doing (?:this|it|the check)|filling (?:this|it) (?:in|out)|"
    r"checking|calling|here|responding|typing|talking)\s+(?:for|on behalf of|about)\s+"
    rf"(?:my|our)\s+(?:(?:\w+\s+)?(?:old|little|young|elderly|older|younger)\s+)?(?P<rel>{_RELATIONS})s?\b"
    rf"|\b(?:this|it|its|this check|the check|the twitching|this is)\s+(?:is\s+)?(?:for|about)\s+my\s+(?P<rel2>{_RELATIONS})\b"
    rf"|\bon behalf of my\s+(?P<rel3>{_RELATIONS})\b"
    r"|\b(?:answering|asking|speaking|doing this)\s+for\s+(?P<pro>him|her)\b")
_HE = re.compile(r"\b(?:he|hes|him|his|himself)\b")
_SHE = re.compile(r"\b(?:she|shes|her|hers|herself)\b")


def find_proxy(normalized: str) -> Proxy | None:
    """Who the person says they answer for, from normalized words; None when they do not say."""
    found = _SAYS_FOR.search(normalized)
    if found is None:
        return None
    if found.group("pro"):
        if found.group("pro") == "him":
            return Proxy(relation="him", pronoun="he")
        return Proxy(relation="her", pronoun="she")
    relation = found.group("rel") or found.group("rel2") or found.group("rel3")
    if relation in _MALE:
        return Proxy(relation=relation, pronoun="he")
    if relation in _FEMALE:
        return Proxy(relation=relation, pronoun="she")
    he, she = bool(_HE.search(normalized)), bool(_SHE.search(normalized))
    return Proxy(relation=relation, pronoun="he" if he and not she else "she" if she and not he else None)


def named(proxy: Proxy) -> str:
    """The person as the skill names them to the one answering: "your dad", or "him"."""
    return proxy.relation if proxy.relation in ("him", "her") else f"your {proxy.relation}"


def pronouns(proxy: Proxy) -> dict[str, str]:
    """What {he}, {his}, {him} (and {He}, {His}) become for this person."""
    if proxy.pronoun == "he":
        words = {"he": "he", "his": "his", "him": "him"}
    elif proxy.pronoun == "she":
        words = {"he": "she", "his": "her", "him": "her"}
    else:  # no sex said: name them, which keeps every verb as written ("is your friend having")
        person = named(proxy)
        words = {"he": person, "his": f"{person}'s", "him": person}
    words |= {key.capitalize(): value[0].upper() + value[1:] for key, value in words.items()}
    return words


def fill(template: str, proxy: Proxy) -> str:
    """`template` with {he}, {his}, {him} filled; other {placeholders} are left for later."""
    for key, value in pronouns(proxy).items():
        template = template.replace("{" + key + "}", value)
    return template


_VERBS = {"are": "is", "were": "was", "have": "has", "had": "had", "take": "takes", "took": "took",
          "noticed": "noticed", "fainted": "fainted", "could": "could", "lost": "lost", "get": "gets",
          "feel": "feels", "do": "does", "started": "started", "mentioned": "mentioned", "said": "said"}
_YOU_VERB = re.compile(r"\byou (" + "|".join(_VERBS) + r")\b")
_KEPT = re.compile(r"\byou (?:are|were) (?:worried|scared|concerned|afraid)\b|\byou (?:mentioned|said)\b")
"""Left as they are: a worry is the speaker's own, and "you said" is what the speaker said."""


def third_person(text: str) -> str:
    """A reason said to the person ("you have thyroid disease", "you fainted three weeks ago")
    as said of the one answered for: "{he} has thyroid disease", with {his} for "your" and
    {him} for any other "you". One place for the rule reasons, whoever words them."""
    kept = _KEPT.search(text)
    if kept is not None:
        return third_person(text[:kept.start()]) + kept.group(0) + third_person(text[kept.end():])
    text = _YOU_VERB.sub(lambda m: "{he} " + _VERBS[m.group(1)], text)
    text = re.sub(r"\byour\b", "{his}", text)
    text = re.sub(r"\byourself\b", "{him}self", text)
    return re.sub(r"\byou\b", "{him}", text)


def _question(question: Question, proxy: Proxy) -> Question:
    if question.about is None:
        return question
    update: dict[str, object] = {}
    for name, value in question.about.model_dump(exclude_none=True).items():
        update[name] = tuple(fill(v, proxy) for v in value) if isinstance(value, (list, tuple)) \
            else fill(value, proxy)
    return question.model_copy(update=update)


def about_person(protocol: Protocol, proxy: Proxy) -> Protocol:
    """`protocol` as said to someone answering for `proxy`: each question's and message's
    third-person form (its `about`) in place of the one that says "you"."""
    messages = protocol.messages
    update: dict[str, object] = {}
    for key, text in messages.about.items():
        field, _, entry = key.partition(".")
        if entry:
            table = dict(update.get(field, getattr(messages, field)))  # type: ignore[call-overload]
            table[entry] = fill(text, proxy)
            update[field] = table
        else:
            update[field] = fill(text, proxy)
    update["past"] = {flag: fill(third_person(words), proxy) for flag, words in messages.past.items()}
    return protocol.model_copy(update={
        "questions": tuple(_question(q, proxy) for q in protocol.questions),
        "rules": tuple(r.model_copy(update={"reason": fill(third_person(r.reason), proxy)}) for r in protocol.rules),
        "messages": messages.model_copy(update=update),
    })
