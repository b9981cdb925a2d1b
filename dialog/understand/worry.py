"""Worry about the twitching itself (seed 000: "if the twitching concerns you"), heard in any answer.

Policy judgement call: being stressed or nervous in general ("stressed and
nervous about my exams") is a trigger, not worry. So "nervous" and "anxious"
count only with the twitching as their object, and a worry word whose object
is something else ("worried about work") does not count.
"""

from __future__ import annotations

import re

from dialog.understand.phrases import PhraseSet, norm

WORRY = PhraseSet([
    "worried", "worry", "worrying", "worries me", "scared", "scary", "afraid", "frightened", "frightening",
    "terrified", "terrifying", "concerned", "concerns me", "concerning", "it concerns", "freaking (?:me )?out",
    "freaked out", "panick(?:ing|ed) about (?:it|this|that)", "paranoid", "fear", "fearful", "petrified",
    "(?:anxious|nervous|stressed|stressing) (?:about|that|over) (?:it|this|that|the twitch\\w*|what|its|my twitch\\w*|these twitch\\w*)",
    "(?:anxious|nervous) (?:its|it is|it might be|it could be)",
    "(?:it|this|the twitch\\w*) (?:is )?(?:stressing|stresses|freaks|freaking) me out",
    "something serious", "something (?:bad|wrong|sinister)", "(?:could|might|can) it be", "is it (?:something|als|ms|serious|bad|dangerous|cancer)",
    "what if (?:it|its)", "cant stop thinking about it", "keeps me worried", "hope its nothing(?: serious| bad)?",
    "(?:want|need|like) to (?:rule out|make sure|be sure|get it checked)", "googl\\w*", "(?:is it|its not) (?:als|ms)",
    "(?:it )?(?:could|might|may) be (?:als|ms|something|serious|bad|a sign|cancer|a tumou?r)", "read (?:online|that)",
    "(?:it|this|the twitch\\w*) (?:makes|is making|made) me (?:anxious|nervous|worried|scared|panic\\w*)",
    "like als", "its als", "have als", "got als", "(?:motor neurone?|lou gehrigs?)",
], exclude=["no worries", "dont worry", "not to worry", "nothing to worry about", "worry about (?:work|money)"])
_OTHER_TOPIC = re.compile(
    r"^ (?:about|of|for|over|with) (?:my |the |our |his |her |a |an |some |all )?(?:upcoming |big |final )?"
    r"(?:exams?|tests?|work|job|boss|money|bills|rent|kids|children|family|mum|mom|dad|wife|husband|partner|school"
    r"|studies|uni|university|college|deadlines?|interviews?|wedding|moving|flights?|driving test|finances|mortgage"
    r"|presentation|assignment|results)(?![a-z])")


def is_worried(text: str) -> bool:
    """Whether the person says they are worried or scared about the twitching."""
    return find_worry(norm(text))


def find_worry(normalized: str) -> bool:
    for hit in WORRY.hits(normalized):
        if hit.negated:
            continue  # "im not worried"
        if _OTHER_TOPIC.match(normalized[hit.end:]):
            continue  # "worried about my exams" is stress, a trigger
        return True
    return False
