"""Utterances for benchmarks/bench_escalation.py: red flags and denials, in two
disjoint sets. TUNING is what thresholds were tuned on; REPORT is what the
figures are reported on (never tuned on). Each red flag has its words apart
(`flag`) so the benchmark knows where they end in the audio; in REPORT the
`flag` part ends with the last word the detector needs ("i passed out", then
"this morning" as the rest).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

Position = Literal["early", "lead-in", "pause"]


class Case(BaseModel):
    model_config = ConfigDict(frozen=True)

    lead: str = ""
    flag: str
    """The red-flag words (for a denial: the whole look-alike part)."""
    rest: str = ""
    red_flag: str | None
    """The red flag it names; None for a denial or look-alike."""
    pause: float = 0.12
    """Seconds between the lead and the flag words (0.4-0.5: "after a pause")."""

    @property
    def position(self) -> Position:
        if not self.lead:
            return "early"
        return "pause" if self.pause >= 0.35 else "lead-in"

    @property
    def text(self) -> str:
        return " ".join(p for p in (self.lead, self.flag, self.rest) if p)


def _f(lead: str, flag: str, rest: str, red_flag: str, pause: float = 0.12) -> Case:
    return Case(lead=lead, flag=flag, rest=rest, red_flag=red_flag, pause=pause)


def _d(lead: str, words: str, rest: str = "") -> Case:
    return Case(lead=lead, flag=words, rest=rest, red_flag=None)


LONG = "and it started in my left calf about two weeks ago and it keeps coming back every day"

REPORT: list[Case] = [
    # early in a long answer
    _f("", "i cant breathe", LONG, "breathing"),
    _f("", "i have trouble breathing", LONG, "breathing"),
    _f("", "i passed out", "this morning " + LONG, "consciousness"),
    _f("", "my speech is slurred", LONG, "speech"),
    _f("", "i had a seizure", "last night " + LONG, "seizure"),
    _f("", "i cant swallow", LONG, "swallowing"),
    _f("", "i suddenly cant move my right arm", LONG, "paralysis"),
    _f("", "i have double vision", LONG, "vision"),
    _f("", "i am short of breath", LONG, "breathing"),
    _f("", "my face is drooping", "on one side " + LONG, "paralysis"),
    # after a lead-in
    _f("it started in my calf two weeks ago and now", "i cant breathe", "and my chest feels tight", "breathing"),
    _f("about three weeks and today", "i fainted", "at work and i feel awful", "consciousness"),
    _f("it comes and goes but now", "i have trouble swallowing", "even water", "swallowing"),
    _f("for a month and this morning", "i blacked out", "in the kitchen", "consciousness"),
    _f("in my legs mostly and", "my words are slurred", "since lunch", "speech"),
    _f("two weeks and yesterday", "i had a seizure", "for the first time", "seizure"),
    _f("it is in my arm and", "i cant move my left leg", "at all", "paralysis"),
    _f("a few days and", "i suddenly have blurred vision", "in one eye", "vision"),
    _f("since monday and", "it is hard to breathe", "when i lie down", "breathing"),
    _f("it started last week and my wife says", "my face is drooping", "on the left", "paralysis"),
    _f("about a month and", "i am really confused", "about where i am", "confusion"),
    # after a pause
    _f("it started two weeks ago", "i cant breathe", "and i am scared", "breathing", 0.45),
    _f("in my calf", "i passed out", "yesterday and hit my head", "consciousness", 0.45),
    _f("on and off", "i have trouble breathing", "right now", "breathing", 0.5),
    _f("for a while now", "i had a seizure", "this morning", "seizure", 0.45),
    _f("mostly at night", "i cant swallow", "properly since today", "swallowing", 0.5),
    _f("three weeks", "my speech is slurred", "and my arm is weak", "speech", 0.45),
    _f("i am not sure", "i think i fainted", "last night", "consciousness", 0.5),
    _f("both legs", "i cant move my arm", "since this morning", "paralysis", 0.45),
    _f("it got worse", "i am short of breath", "all the time", "breathing", 0.5),
    _f("about ten days", "i have the worst headache", "of my life right now", "headache", 0.45),
    _f("in my thigh", "i have double vision", "since an hour ago", "vision", 0.5),
]

REPORT_DENIALS: list[Case] = [
    _d("", "i can breathe fine", "and the twitching is in my left calf"),
    _d("it started two weeks ago and", "i can breathe fine", "it is just the twitching"),
    _d("", "no trouble breathing at all", "just the twitching in my calf"),
    _d("", "i cant believe how long this has lasted", "it has been three weeks"),
    _d("", "i have no trouble swallowing", "and no other problems"),
    _d("", "i have never passed out", "it is only the twitching"),
    _d("", "my breathing is fine", "and so is my speech"),
    _d("", "i can swallow fine", "and i can talk normally"),
    _d("", "i took a deep breath and it stopped", "for a while"),
    _d("", "i do breathing exercises", "every morning for my back"),
    _d("", "i have never had a seizure", "in my life"),
    _d("", "what if i pass out", "is that something to worry about"),
    _d("", "i can move my arm fine", "it just twitches"),
    _d("", "my speech is normal", "and my vision is fine"),
    _d("", "i am not confused", "just worried about it"),
    _d("", "i can breathe normally", "and nothing else is wrong"),
    _d("", "no fainting and no seizures", "only the twitching"),
    _d("", "i can breathe okay", "it is only my calf"),
    _d("it has been a month and", "i can breathe fine", "but i am worried"),
    _d("", "i can talk fine", "and swallow fine"),
    _d("", "my vision is clear", "and i have no headache"),
    _d("", "i can walk fine", "it is just annoying"),
]

TUNING: list[Case] = [
    _f("", "i cannot breathe", "and my calf has been twitching for a week now", "breathing"),
    _f("", "he passed out", "and the twitching started before that", "consciousness"),
    _f("it is in my foot and now", "i have trouble breathing", "and i feel dizzy", "breathing"),
    _f("about a week and", "she had a seizure", "an hour ago", "seizure"),
    _f("in my arm and", "i cant swallow anything", "since noon", "swallowing"),
    _f("a few weeks", "i cant breathe properly", "right now", "breathing", 0.45),
    _f("on and off", "i fainted", "in the shower", "consciousness", 0.45),
    _f("", "my speech is slurred", "and it started today", "speech"),
    _f("two days and", "i am short of breath", "when i walk", "breathing"),
    _f("mostly my legs", "i cant move my right leg", "since this morning", "paralysis", 0.45),
    _f("", "i have blurred vision", "and the twitching is worse", "vision"),
    _f("for a month and", "i blacked out", "twice this week", "consciousness"),
    _f("", "it is hard to breathe", "and my chest hurts", "breathing"),
    _f("a week", "my face is drooping", "on the right side", "paralysis", 0.45),
    _f("since friday and", "i am confused", "all the time", "confusion"),
]

TUNING_DENIALS: list[Case] = [
    _d("", "i can breathe fine", "thank you"),
    _d("", "i can swallow fine", "no problems there"),
    _d("", "i have no trouble breathing", "at all"),
    _d("", "i cant believe it has been a month", "already"),
    _d("", "i never fainted", "not once"),
    _d("", "breathing is normal", "and speech too"),
    _d("", "no seizures", "ever"),
    _d("", "i can breathe fine", "and walk fine"),
    _d("", "i can move my leg fine", "it just twitches"),
    _d("", "i can breathe well", "it is only my calf"),
]
