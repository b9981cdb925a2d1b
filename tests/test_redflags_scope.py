"""Issue 14: what a red-flag word is said about (policy "Judgement calls", "Past events").

A rule reported from a clinician, a supposition, a fear of the future or a "why do people ..."
question is asked about, not said; someone else's illness told with its own time long ago is
their history; an idiom or a device is not a person. Each of these is answered, not escalated.
The other direction matters more: someone else now, a hedge, a recent time, a report of what is
happening, or a look-alike word next to the real thing still calls for help.
The sentences are written for these tests (none is a corpus line).
"""

from __future__ import annotations

import pytest

from models.common import RedFlagId
from tests.redflag_cases import escalates, raises_nothing


@pytest.mark.parametrize(("text", "flag"), [
    # advice reported about the symptom in general
    ("the practice nurse said a high fever with a stiff neck should be seen quickly", "fever"),
    ("my consultant told me that double vision would be a reason to ring them", "vision"),
    ("the ward sister mentioned fainting as a thing to report", "consciousness"),
    ("my gp said if i black out i should go straight to a and e", "consciousness"),
    ("the midwife said if she gets a fever again to bring her in", "fever"),
    ("the chemist warned that these tablets could make me dizzy", "dizziness"),
    # a fear of what may come
    ("im petrified of choking on my food", "swallowing"),
    ("my worst fear is that one day i will be paralysed", "paralysis"),
    ("im frightened that one day she wont be able to swallow", "swallowing"),
    # why, of people in general or of a known trigger
    ("why do people pass out when they give blood", "consciousness"),
    ("why do i get lightheaded after a long shower", "dizziness"),
    # a supposition goes on through its "and"; what is yet to come tonight is supposed too
    ("suppose the twitching spreads to my throat and i cant swallow", "swallowing"),
    ("if my daughter gets a fever tonight what should i give her", "fever"),
    ("could a virus cause a fit", "seizure"),
    ("does that mean ill have trouble breathing", "breathing"),
    ("will she be paralysed in the end", "paralysis"),
    ("the clinic told us to let them know if he gets breathless", "breathing"),
])
def test_a_red_flag_asked_about_is_answered_not_escalated(text: str, flag: RedFlagId) -> None:
    detection = raises_nothing(text)
    assert flag in detection.asked_about, detection.findings


@pytest.mark.parametrize(("text", "flag"), [
    ("my granny couldnt get her words out after her stroke in two thousand and nine", "speech"),
    ("my aunt was too breathless to talk at the end", "breathing"),
    ("my brother had a seizure on the school bus when we were teenagers", "seizure"),
    ("my grandma had a very weak pulse before her pacemaker went in", "pulse"),
    ("my uncle kept losing his balance for years before his diagnosis", "coordination"),
    ("my father had lung cancer and couldnt breathe", "breathing"),
    ("my grandfather got very dizzy on his heart pills back then", "dizziness"),
    ("the gentleman i looked after used to have fits", "seizure"),
])
def test_someone_elses_history_with_its_own_time_is_history(text: str, flag: RedFlagId) -> None:
    detection = raises_nothing(text)
    assert flag in detection.history, detection.findings


@pytest.mark.parametrize(("text", "flag"), [
    ("in twenty twelve i had double vision for a month after a car crash", "vision"),
    ("as teenager i fainted in the heat a few times", "consciousness"),
    ("in my young age i had fits but none since", "seizure"),
    ("twenty years before i had one seizure and never again", "seizure"),
    ("when i was forty i was dizzy for weeks with an ear infection", "dizziness"),
])
def test_the_speakers_own_distant_past_said_plainly_is_history(text: str, flag: RedFlagId) -> None:
    detection = raises_nothing(text)
    assert flag in detection.history, detection.findings


@pytest.mark.parametrize("text", [
    "the tv blacked out in the middle of the match",
    "our dog threw up on the sofa",
    "the kitten is throwing up hairballs again",
    "im dizzy with relief",
    "my head is spinning with all the options",
    "that excuse is hard to swallow",
    "she sees double the number of customers i do",
    "customs found a big cocaine seizure at the airport",
    "i wear a fit bit on my wrist for my steps",
    "the whole weekend was a blur",
    "the roof collapsed in the storm",
    "i wouldnt lift a finger to help him",
])
def test_an_idiom_or_a_thing_is_not_a_red_flag(text: str) -> None:
    raises_nothing(text)


@pytest.mark.parametrize(("text", "flag"), [
    # someone else now, a recent time, what is happening reported
    ("my husband cant breathe", "breathing"),
    ("my son had a fever this morning", "fever"),
    ("my mum slurred her words after her stroke this morning", "speech"),
    ("my dad is slurring his words after his stroke", "speech"),
    ("my grandad has had dizzy spells for years and now he has collapsed", "consciousness"),
    ("my wife collapsed at the end of the race", "consciousness"),
    ("my son passed out twice in twenty minutes", "consciousness"),
    ("my daughter had a fit at school", "seizure"),
    ("the doctor said my pulse is very weak", "pulse"),
    ("the paramedic said hes having a seizure", "seizure"),
    ("my mum said shes dizzy and needs to go to hospital", "dizziness"),
    ("the paramedic said a seizure like this needs hospital", "seizure"),
    # a hedge, and questions that say it is happening
    ("i think i might have passed out", "consciousness"),
    ("why cant my son breathe properly", "breathing"),
    ("why do i feel so dizzy", "dizziness"),
    ("why is my vision blurry", "vision"),
    ("what if im having a seizure", "seizure"),
    ("my worry is that my husband is confused", "confusion"),
    ("what do i do if my son is having a seizure", "seizure"),
    ("what if this is a stroke and i cant move my arm", "paralysis"),
    ("im worried my son might be having a seizure", "seizure"),
    ("im scared i might have passed out", "consciousness"),
    ("if he has a fever tonight what do i give him", "fever"),
    ("the lady i look after cant breathe", "breathing"),
    # a distant past that came back, or a recent year, is now
    ("as a child i had fits and never again until today", "seizure"),
    ("as a kid i fainted but never again till last night", "consciousness"),
    ("in twenty twenty five i fainted twice", "consciousness"),
    # a look-alike word beside the real thing
    ("i was watching tv and blacked out", "consciousness"),
    ("i ate a hot dog and threw up", "vomiting"),
    ("i reached for the shelf then fell over", "coordination"),
    ("i have a new blind spot in my vision", "vision"),
    ("everything is a blur", "vision"),
])
def test_what_is_happening_still_escalates(text: str, flag: RedFlagId) -> None:
    escalates(text, flag)


def test_another_red_flag_denied_in_the_clause_does_not_quiet_the_learned_reading() -> None:
    # "no vomiting" names vomiting only to deny it: it says nothing of the spinning room
    escalates("no vomiting and the whole room keeps spinnin round", "dizziness")


@pytest.mark.parametrize(("text", "flag"), [
    ("no fever and everything looks doubled up and fuzzy", "vision"),
    ("no fever and my speech is slurred", "speech"),
    ("he wasnt fitting he just went floppy and wouldnt wake", "consciousness"),
    ("he hasnt got a fever he just collapsed", "consciousness"),
    ("no chest pain my breathing is just really shallow", "breathing"),
])
def test_a_denial_does_not_reach_a_symptom_told_with_its_own_subject(text: str, flag: str) -> None:
    escalates(text, flag)


@pytest.mark.parametrize("text", ["no fever and vomiting", "no fever and no vomiting", "no my speech is fine",
                                  "no trouble breathing", "no shortness of breath at all"])
def test_a_denial_still_reaches_a_list_of_named_symptoms(text: str) -> None:
    raises_nothing(text)


@pytest.mark.parametrize("text", ["i nearly passed out laughing at his speech", "the sketch made him pass out laughing",
                                  "im dying of sleep after three nights on call", "he was seeing red after the match"])
def test_idioms_of_laughing_tiredness_and_anger_are_not_red_flags(text: str) -> None:
    raises_nothing(text)


@pytest.mark.parametrize(("text", "flag"), [("i passed out and he was laughing at me", "consciousness"),
                                            ("i think im dying", "emergency_named")])
def test_the_red_flag_beside_such_words_still_escalates(text: str, flag: str) -> None:
    escalates(text, flag)
