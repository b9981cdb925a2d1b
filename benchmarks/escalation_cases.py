"""Utterances for benchmarks/bench_escalation.py: red flags and denials, in
disjoint sets. TUNING is what thresholds were tuned on; REPORT is what the
figures are reported on (never tuned on); FRESH, by an independent writer, is a
second reported set. Each red flag has its words apart
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

# FRESH: written by a writer who never saw the project's code, lexicon or the sets above,
# after the REPORT figures of stop 11 and before the "can move my X" rule (stop 12);
# nothing was tuned on it. Reported apart: `--set fresh`.
FRESH: list[Case] = [
    # red flag at the very start of a long answer
    _f("", "i am gasping for air", "and the twitching in my chest muscles has not let up since about an hour ago", "breathing"),
    _f("", "i really cant catch my breath", "and my legs and arms have been jumping all evening while i sit here on the couch", "breathing"),
    _f("", "food keeps getting stuck when i try to swallow", "and the twitching around my jaw and throat started at about the same time last week", "swallowing"),
    _f("", "my words are coming out all slurred", "since this morning and the corner of my mouth keeps twitching every few minutes on the left side", "speech"),
    _f("", "i blacked out", "in the kitchen about twenty minutes ago and when i came to my whole arm was twitching nonstop", "consciousness"),
    _f("", "my wife just fainted", "right after dinner and before that she said her calf had been twitching on and off for days", "consciousness"),
    _f("", "i had what looked like a seizure", "last night according to my husband and ever since then my shoulder has been twitching like crazy", "seizure"),
    _f("", "i cant move my right arm", "at all since i woke up and the fingers on that hand were twitching for days before it happened", "paralysis"),
    _f("", "everything suddenly went blurry in my left eye", "about an hour ago and the eyelid on that side has been twitching for the past two weeks", "vision"),
    _f("", "i have this sharp pain behind my right eye", "that started this afternoon and the lid keeps twitching and fluttering every few seconds without stopping", "vision"),
    _f("", "i keep getting confused", "about where i am and what day it is and my hands have been twitching since early this morning", "confusion"),
    _f("", "i have the worst headache of my life", "right now and the muscles in my neck and face have been twitching since it started an hour ago", "headache"),
    # red flag mid sentence after a lead in
    _f("my calves have been twitching all week and now", "i am struggling to breathe", "even sitting down", "breathing"),
    _f("it started in my tongue a few days ago and", "now i can barely swallow", "anything not even water", "swallowing"),
    _f("my husband has had twitching in his neck but now", "he chokes every time he tries to swallow", "his food", "swallowing"),
    _f("my face was twitching around my lips and then", "i could not get my words out", "for a few minutes", "speech"),
    _f("i was standing at the sink and then", "i passed out", "and woke up on the floor", "consciousness"),
    _f("my son has had twitches in his arm and", "he started having convulsions", "this morning at breakfast", "seizure"),
    _f("the twitching got stronger and stronger and then", "my whole body started shaking and i lost control", "for maybe thirty seconds", "seizure"),
    _f("my leg was jumping all night and now", "i cant lift my left leg", "off the bed this morning", "paralysis"),
    _f("my eyelid has been twitching for days but now", "i cant see out of that eye", "since lunch", "vision"),
    _f("my mom has had twitching in her hands and", "today she seems really confused", "and keeps asking me the same thing", "confusion"),
    _f("i have had these muscle jumps all day and", "i cant understand what people are saying", "to me anymore", "confusion"),
    _f("the twitching is in my neck and shoulders and", "my head is absolutely killing me", "right now", "headache"),
    # red flag after a pause
    _f("it is bad", "i keep running out of breath", "just talking to you", "breathing", 0.45),
    _f("honestly not great", "swallowing has become really hard", "since yesterday", "swallowing", 0.45),
    _f("well let me think", "my speech has gone all garbled", "since this afternoon", "speech", 0.45),
    _f("its my husband", "he is talking funny and slurring", "his words since he sat down", "speech", 0.45),
    _f("um okay", "i keep drifting in and out", "and i can hardly stay awake right now", "consciousness", 0.45),
    _f("it was scary", "i think i had a seizure", "at work yesterday", "seizure", 0.45),
    _f("its getting worse", "now half of my face wont move", "when i try to smile", "paralysis", 0.45),
    _f("i dont know", "i suddenly cant move my fingers", "on my left hand at all", "paralysis", 0.45),
    _f("hmm let me see", "i am seeing double", "since this morning", "vision", 0.45),
    _f("its my dad", "he is not acting like himself", "and the twitching started in his arm yesterday", "confusion", 0.45),
    _f("yeah its bad", "i have a splitting headache", "and my scalp keeps twitching", "headache", 0.45),
    _f("thats not all", "i have a terrible headache", "that came on out of nowhere", "headache", 0.45),
]
FRESH_DENIALS: list[Case] = [
    _d("", "i can breathe fine", "its just my eyelid that keeps jumping"),
    _d("no", "no problems swallowing at all", "it is only the twitch in my thumb"),
    _d("", "i cant believe", "how long this has been going on it is almost a month now in my left calf"),
    _d("my therapist showed me some", "breathing exercises", "for stress and they help the twitching a bit"),
    _d("last week", "i passed my driving test", "but i was so stressed before it that my eyelid started twitching"),
    _d("", "my grandmother had a stroke years ago", "so i just wanted to check this twitching in my arm"),
    _d("", "what if i faint", "is that something that can happen with twitching"),
    _d("", "i can walk and talk normally", "and eat and see fine it is just the muscle in my thigh"),
    _d("", "i have not had any seizures", "just little flickers under the skin of my calf"),
    _d("", "im not dizzy or confused", "just tired and a bit stressed from work"),
    _d("", "my vision is perfectly normal", "the twitch is right under my eye though"),
    _d("", "i dont have a headache", "or anything like that just this flicker in my cheek"),
    _d("i went to a", "spin class", "three days ago and my legs have been twitching since"),
    _d("", "i threw a ball for the dog", "all afternoon and now my shoulder twitches"),
    _d("", "i swallowed a magnesium pill", "this morning because a friend said it helps with twitching"),
    _d("", "i cant stop thinking about it", "every time my eyelid jumps i get anxious"),
    _d("", "my grandfather passed away", "last month and i have not been sleeping much since then"),
    _d("", "i feel a little pulse in my calf", "when i lie down at night"),
    _d("as a child", "i had a seizure once", "but nothing like that since then just this twitch in my foot"),
    _d("", "i fainted once last year", "at a concert but that was from the heat"),
    _d("", "no trouble speaking or swallowing", "its mainly in my tongue it flutters sometimes"),
    _d("", "i am thinking clearly", "and i know exactly where i am i just want to know why my lip twitches"),
    _d("", "my arm feels a bit weak", "and tingly but i can still move it fine"),
    _d("", "my heart races after coffee", "and then my eyelid starts twitching"),
]
