"""Real people's words (issue 14): the red flags as people tell them in their own stories --
a carer finding someone lying still, a body that falls backwards, a mind that is not lucid,
eyes that will not focus, a hand grabbing the chest, a drink that comes straight back up.
Each family of readings in dialog/data/redflags.toml marked "real words" is tested here both
ways: what must escalate with its own red flag (read by the lexicon itself, so the reading
does not rest on the learned layer), the look-alikes a person with twitches may say that must
stay quiet, and the same words denied, supposed or long past, which the one assessment clears.
Every sentence was written for this file (none is a corpus or web-page line)."""

from __future__ import annotations

from functools import lru_cache

import pytest

from dialog.load import load_red_flags
from dialog.redflags import RedFlagDetector


@lru_cache(maxsize=1)
def fused() -> RedFlagDetector:
    return RedFlagDetector(load_red_flags())


@lru_cache(maxsize=1)
def lexicon() -> RedFlagDetector:
    return RedFlagDetector(load_red_flags(), use_learned=False)


SAID: list[tuple[str, str]] = [
    # consciousness: found lying still, not moving, out for minutes, not waking when shaken, floppy
    ("my neighbour is lying on the kitchen floor motionless", "consciousness"),
    ("grandpa is on the ground not moving", "consciousness"),
    ("shes not moving and her eyes are shut", "consciousness"),
    ("my son isnt moving at all", "consciousness"),
    ("they told me i was out for about two minutes", "consciousness"),
    ("i shook her and shouted her name to no avail", "consciousness"),
    ("we shook him trying to get him to wake up", "consciousness"),
    ("the baby has gone really floppy", "consciousness"),
    # coordination: falling backwards or to the knees, no balance, losing control of the body,
    # spilling drinks, a fall
    ("this afternoon i fell backwards against the fridge", "coordination"),
    ("she fell to her knees while walking to the car", "coordination"),
    ("i have no balance today", "coordination"),
    ("i have no sense of equilibrium", "coordination"),
    ("he has lost all control of his legs", "coordination"),
    ("i started spilling drinks this morning", "coordination"),
    ("my body keeps wanting to topple over", "coordination"),
    ("mum had a nasty fall in the garden this morning", "coordination"),
    ("she tumbled over in the kitchen just now", "coordination"),
    # confusion: not remembering where or who, delusional, not lucid, talk that does not hang together
    ("she can barely remember where she is", "confusion"),
    ("he couldnt tell the nurse what year it was", "confusion"),
    ("my nan has become delusional since yesterday", "confusion"),
    ("dad is not lucid at all today", "confusion"),
    ("her conversation is completely disjointed", "confusion"),
    ("his fathers thoughts are disconnected", "confusion"),
    ("he cant finish a sentence before losing the thread", "confusion"),
    ("i cant remember what just happened", "confusion"),
    ("my mothers mind is deteriorating fast", "confusion"),
    # vision: eyes that will not focus, sight closing in, gone blind, double, blotted out, aura
    ("my eyes wont focus on anything", "vision"),
    ("he cant focus his eyes", "vision"),
    ("my vision is closing in from the sides", "vision"),
    ("her left eye became blind this morning", "vision"),
    ("the letters on the page are in double", "vision"),
    ("a grey patch is blotting out half of my vision", "vision"),
    ("there is a growing blind spot in the middle of what i see", "vision"),
    ("i can see tiny squiggles everywhere i look", "vision"),
    ("my eyes keep flicking side to side on their own", "vision"),
    ("her sight is tunnelling", "vision"),
    # paralysis: a part not moving, an eye that will not close, one side of the face weak or numb
    ("his arm wasnt moving when i found him", "paralysis"),
    ("i cant close my right eye properly", "paralysis"),
    ("my left eyelid wont close all the way", "paralysis"),
    ("there is weakness on the left side of her face", "paralysis"),
    ("the right side of his lip has gone numb", "paralysis"),
    # chest: clutching the chest, a chest that closes up, pain moving into or across it
    ("he is clutching his chest and sweating", "chest"),
    ("my chest just closed up", "chest"),
    ("the ache has moved into my chest", "chest"),
    ("it feels like something is squeezing my heart", "chest"),
    ("there is a burning pain going all the way across my chest", "chest"),
    # breathing: ragged breathing, fighting for each breath, no oxygen getting in, choking
    ("his breathing is ragged and noisy", "breathing"),
    ("i have to concentrate on every breath", "breathing"),
    ("i feel like no oxygen is getting to my lungs", "breathing"),
    ("my son is choking", "breathing"),
    ("she keeps coughing and choking", "breathing"),
    # vomiting: sick all over, drink or food that comes back up
    ("she was sick all over the car seat", "vomiting"),
    ("every sip of water comes straight back up", "vomiting"),
    # dizziness: the walls or the bed moving, as if at sea
    ("the walls are tilting", "dizziness"),
    ("i feel as if i am on a boat", "dizziness"),
    # seizure: someone shaking hard, a body gone rigid
    ("shes shaking really hard on the sofa", "seizure"),
    ("my husband went rigid in his chair", "seizure"),
    # speech: speech that has not come back, a voice that is not one's own, not able to communicate
    ("his speech still hasnt come back", "speech"),
    ("she has an inability to speak since lunch", "speech"),
    ("my voice didnt sound like myself", "speech"),
    ("her words came out muffled and odd", "speech"),
    ("he cant communicate at all", "speech"),
    # emergency named: just had one, had one this morning, might have had one, a full blown one
    ("my wife just had a stroke", "emergency_named"),
    ("my grandad had a heart attack this morning", "emergency_named"),
    ("im scared he might have had a stroke", "emergency_named"),
    ("he is having a full blown heart attack", "emergency_named"),
    ("we thought it was a heart attack", "emergency_named"),
    # help: calling someone to come and help, unable to call for help, someone needed here now
    ("i shouted for my husband to come and help", "help"),
    ("i couldnt call for help", "help"),
    ("we need somebody here right now", "help"),
    ("i had no way to ask for help", "help"),
    # headache: a head about to explode, the worst one ever
    ("it feels like my head is going to explode", "headache"),
    ("this migraine is the worst one ive ever had", "headache"),
    ("his head felt ready to split open", "headache"),
    # round 2: words with no key word, as people tell it
    ("then everything goes black", "consciousness"),
    ("the whole world faded to black", "consciousness"),
    ("my brother dropped like a stone in the queue", "consciousness"),
    ("she talks in short halting bursts", "speech"),
    ("his speech is choppy and faltering", "speech"),
    ("my mouth wont form the words", "speech"),
    ("my words keep getting lost in the fog", "speech"),
    ("i can only see half of the clock face", "vision"),
    ("my left eye has gone dim", "vision"),
    ("i cant read the words on my screen", "vision"),
    ("her right leg is a dead weight", "paralysis"),
    ("my fingers wont cooperate", "coordination"),
    ("he couldnt do up his buttons this morning", "coordination"),
    ("i cant get the key in the lock", "coordination"),
    ("dad forgot how to use the kettle today", "confusion"),
    ("she cant remember her own address", "confusion"),
    ("my head hurts like never before", "headache"),
    ("i screamed help me and nobody came", "help"),
    ("her arms and legs are flailing", "seizure"),
    ("his face is turning blue", "breathing"),
    ("her eyes rolled backwards", "seizure"),
    ("his mouth is all foamy", "seizure"),
]


@pytest.mark.parametrize(("text", "flag"), SAID, ids=[t[:50] for t, _ in SAID])
def test_real_words_escalate_with_their_red_flag(text: str, flag: str) -> None:
    # the reading is the lexicon's own: it stands whatever the learned layer makes of the words
    assert flag in lexicon().detect(text).red_flags, lexicon().detect(text)
    assert flag in fused().detect(text).red_flags, fused().detect(text)


QUIET = [
    # the twitch's own effects and everyday look-alikes of the readings above
    "i drop things sometimes when my hand twitches",
    "i keep dropping my pen when my thumb twitches",
    "i lay still in bed trying to sleep",
    "he was out for twenty minutes walking the dog",
    "he isnt moving house until june",
    "the twitch in my calf wasnt moving around it stayed in one spot",
    "there is no balance left on my gift card",
    "i have no balance on my card",
    "we had a few falls of snow last week",
    "my husband dropped everything and drove over",
    "i nearly fell asleep at my desk",
    "the kids tumbled down the hill laughing",
    "the clothes go round and round in the tumble dryer",
    "am i being delusional thinking this twitch is als",
    "i had a lucid dream last night",
    "i cant finish a sentence without my eyelid twitching",
    "i cant focus on my work because of the twitching",
    "my eye twitches on its own",
    "the council became blind to the problem",
    "my eyes are tired but they focus fine",
    "the left side of my mouth went numb after the dentist",
    "i cant close my eyes at night because i worry",
    "the twitch moved from my arm into my chest",
    "i hold my baby against my chest to settle her",
    "i choked up during the speech",
    "i nearly choked laughing at the film",
    "i was choking back tears at the wedding",
    "focus on each breath during the meditation",
    "i got sick of waiting for the results",
    "we went on a boat trip and i felt fine",
    "he was shaking really hard from the cold",
    "my neck is stiff from sleeping badly",
    "i cant communicate with my doctor about this",
    "his voice sounded different after the cold",
    "he had a stroke of luck today",
    "we need someone here now to fix the boiler",
    "my head is going to explode with all these forms",
    "the worst twitch ive ever had",
    "the room went dark when the power cut out",
    "my world went dark when my dog died",
    "i cant read the small print without my glasses",
    "my eyelid twitch makes it hard to read my screen",
    "the twins speak in riddles to tease me",
    "i forgot how to use the new app",
    "i cant remember my password",
    "the shares dropped like a stone",
    "my legs jerk as i fall asleep",
    "she went blue with cold waiting for the bus",
    "my fingers turn blue in the cold",
    "food comes back up into my mouth when i bend over after dinner and it burns",
    "when i drink too fast the water comes back up through my nose",
]


@pytest.mark.parametrize("text", QUIET)
def test_look_alikes_of_the_real_words_stay_quiet(text: str) -> None:
    found = fused().detect(text)
    assert found.red_flags == (), found


CLEARED = [
    # the same readings denied, supposed, asked about or long past
    "i have never lost all control of my legs",
    "what should i do if my baby goes floppy",
    "she isnt delusional",
    "years ago my uncle was found lying motionless in the garden",
    "i had no balance as a child",
    "what if my chest closed up",
    "my speech has always come back within a minute as a teenager",
    "my dad had a heart attack in two thousand and ten",
    "if her eyes wont focus should i call someone",
    "no he isnt choking",
]


@pytest.mark.parametrize("text", CLEARED)
def test_real_words_denied_supposed_or_long_past_do_not_escalate(text: str) -> None:
    found = fused().detect(text)
    assert found.red_flags == (), found
