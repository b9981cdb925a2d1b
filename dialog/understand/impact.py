"""Whether the twitching gets in the way of daily activities (seed 000), said as yes / no or as a story."""

from __future__ import annotations

from dialog.understand.phrases import PhraseSet, norm
from dialog.understand.yesno import hedge_then_no, strip_dont_know, yes_or_no
from models.answers import YesNoAnswer

IMPACT = PhraseSet([
    "wo(?:ke|kes|ken|king) me(?: up)?", "keeps? me (?:up|awake)", "kept me (?:up|awake)", "cant sleep", "couldnt sleep",
    "(?:trouble|hard|difficult) (?:to )?(?:sleep\\w*|work\\w*|concentrat\\w*|focus\\w*|driv\\w*|typ\\w*|writ\\w*|read\\w*|walk\\w*)",
    "cant (?:work|concentrate|focus|drive|type|write|read|do|play|go|get|sleep|walk|hold|use|function|enjoy|cope)",
    "couldnt (?:work|concentrate|focus|drive|type|write|read|do|play|go|get|sleep|walk|function)",
    "had to (?:cancel|stop|leave|quit|skip|miss|take|call in|go home|give up|pull over)", "cancel\\w*",
    "miss(?:ed|ing)? (?:work|school|class|classes|shifts?|days|my)", "off work", "off sick", "called in sick",
    "gets? in the way", "getting in the way", "got in the way", "interfer\\w*", "affect(?:s|ed|ing)? (?:my|me|how)",
    "stops? me", "stopping me", "stopped me", "struggl\\w*", "distract\\w*", "embarrass\\w*",
    "(?:ruin|ruins|ruined|ruining) (?:my|it|everything)", "impact\\w*", "disrupt\\w*", "bothers me (?:at|when|while|during)",
    "keeps? me from", "kept me from", "drives me (?:crazy|mad|nuts)", "driving me (?:crazy|mad|nuts)",
    "(?:i )?(?:couldnt|cant) (?:even )?(?:get dressed|button|open|lift|grip|hold)", "hard to do", "harder to do",
    "dropp\\w* things", "fall\\w* asleep", "at work",
])
NO_IMPACT = PhraseSet([
    "doesnt (?:really )?(?:affect|bother|stop|interfere|get in the way)", "dont (?:really )?(?:notice|mind)",
    "(?:i can|i still|can still|i manage|manage fine|still manage|carry on|i cope)", "(?:its|im) (?:fine|okay|alright)",
    "just annoying", "only annoying", "a bit annoying", "no problem", "not a problem", "not an issue", "no issue",
    "barely notice", "hardly notice", "life as normal", "as (?:normal|usual)", "nothing changed",
])


def find_impact(normalized: str) -> YesNoAnswer | None:
    text, _ = strip_dont_know(normalized)
    if hedge_then_no(text):
        return None  # "sorta, not really": asked again, not read as a yes
    answer = yes_or_no(text)
    if answer is not None:
        return YesNoAnswer(value=answer[0], text=normalized)
    if IMPACT.search(text):
        return YesNoAnswer(value=True, text=normalized)
    if NO_IMPACT.search(text) or any(h.negated for h in IMPACT.hits(text)):
        return YesNoAnswer(value=False, text=normalized)
    return None


def parse_daily_impact(text: str) -> YesNoAnswer | None:
    """Yes / no, or a story ("it woke me up all night", "i cant work"); `None` if not understood."""
    return find_impact(norm(text))
