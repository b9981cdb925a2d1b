"""Is a red-flag mention asked about, or in the distant past?

Questions. A plain question about a red flag ("what if i get a seizure", "can
twitching make you pass out", "is confusion one of the warning signs") is
answered, not escalated. A mention counts as asked about when it sits inside
- a condition: "if i pass out", "in case", "what happens if", "when you ..."
  (but not a hedge: "not sure if", "i wonder if i had a seizure");
- a generic cause: "make you", "cause", "lead to";
- a fear of the future: "scared i might have a seizure";
- a question opened by an auxiliary or wh-word at the start of a clause
  ("is trouble swallowing a sign ...", "how high does a fever have to be").
Any of these is overruled, and the mention escalates, when the same clause
asserts it: a new subject ("what do i do I think im having a seizure"), a
present-tense "if im", a recent time ("if i fainted this morning"), "again",
a demonstrative ("is this a seizure"), a possessive ("is my speech slurred"),
or wanting it to stop ("how do i stop throwing up").

Time. "yesterday", "last night", "earlier", "this morning" are recent and
escalate. Only a clearly distant past in the same clause ("as a child",
"years ago", "last year", "as a teenager") makes a mention history, and a later
recurrence ("it happened again last night") undoes that.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dialog.language.words import PRESENT_SUBJECTS, Words

# "wondering if ill be paralysed one day" supposes; it does not hedge.
_FUTURE = frozenset({"ill", "will", "might", "would", "could", "shell", "hell", "theyll", "id", "gonna"})
_HEDGE_BEFORE_IF = frozenset({
    "know", "knows", "sure", "tell", "wonder", "wondering", "wondered", "remember", "idea", "see",
    "check", "checking", "unsure", "certain", "clue", "notice", "noticed", "matter", "figure",
    "recall", "guess", "doubt", "even",
})

CONDITIONS = re.compile(
    r"\b(?:what if|what happens if|what would happen if|what should i do if|what do i do if"
    r"|what about if|and if|if|in case|just in case|suppose|supposing|assuming|unless|whenever"
    r"|in the event|when (?:you|someone|somebody|people|a person|anyone|one)"
    r"|whenever (?:you|someone|people)|risk of|risks of|chance of|chances of|possibility of"
    r"|odds of|likelihood of|to prevent|to avoid|prevent|avoid|watch (?:out )?for|look (?:out )?for"
    r"|keep an eye out for|be aware of|on the lookout for|worst case"
    # reported advice: "the doctor said to call if", "the leaflet says seek help for"
    # (its words never swallow an "if": "my gp said if i faint go straight to a and e" keeps the "if")
    r"|(?:said|says|say|told (?:me|us|him|her)|tells (?:me|us)|advised|advises|warned|warns|recommended"
    r"|recommends|explained|mentioned|instructed|taught (?:me|us)|showed (?:me|us) how) (?:(?!if\b)\w+ ){0,3}?(?:to )?(?:report|call|ring|phone|seek"
    r"|watch|look out for|go (?:to|straight)|come (?:back|in)|get help|get seen|check for|tell|let \w+ know"
    r"|mention|be careful of|be wary of|time|note|record|write down|log|keep a (?:diary|note|record) of"
    r"|keep an eye (?:on|out for))"
    r"|(?:read|heard|seen|saw|learned|learnt) (?:\w+ ){0,2}?(?:online|somewhere|on the internet|on the news"
    r"|on tiktok|on google|in a leaflet|in an article|on (?:the )?(?:tv|telly|television|radio)|on youtube"
    r"|on facebook|on reddit|on a forum) (?:that|about)?"
    r"|(?:read|heard|saw|seen) that"
    r"|(?:leaflet|pamphlet|website|nhs|poster|article|guidelines?|instructions|label|box) (?:\w+ )?(?:says|said|say|mentions|lists|warns)"
    r"|warning signs? (?:like|such as|include|including|are)|a sign of|signs of|symptoms? of|symptoms? like"
    r"|(?:red|danger|warning|bad) (?:signs?|flags?|symptoms?) (?:are|is|include|including|like|such as)"
    # a future asked about: "does that mean ill have trouble swallowing", "will i be paralysed"
    r"|(?:does|do|will|would|could) (?:that|this|it) mean (?=(?:ill|i will|i might|i could|i would|hell|shell"
    r"|he will|she will)\b)|will (?:i|he|she|they|we) (?:ever |eventually )?(?=(?:be|get|end up|lose|need)\b)"
    r"|have you ever|did you ever|has (?:he|she) ever"
    r"|^(?:ok |okay |so |and )?say (?=(?:i|he|she|we|they|my \w+) (?:\w+ ){1,8}?(?:would|will|could) (?:you|i|we)\b)"
    r"|red flags? (?:like|such as|include)|watch for (?:signs|things) like"
    r"|lets say|let us say|imagine(?: if)?|picture this|hypothetically|in theory"
    # asking back what the skill said: "did you say trouble breathing"
    r"|did you (?:just )?say|you said|do you mean|what do you mean(?: by)?|are you asking (?:about|if|whether)"
    r"|what counts as|what does (?:\w+ ){1,2}?mean|what is meant by"
    r"|warns? (?:about|of|against)|warned (?:me )?(?:about|of|against)"
    r"|at what point|at which point|how do (?:i|you) know (?:if|when)|how would (?:i|you) know(?: if| whether)?"
    # recognising it, supposed: "would i know if i had a seizure in my sleep", "would i notice if he"
    r"|(?:would|will) (?:i|you|we) (?:even )?(?:know|notice|realise|realize|be able to tell)(?: if| whether)"
    # a chance asked about in the future: "is there any chance ill start throwing up"
    r"|(?:any|a|what) chance (?:that )?(?=(?:ill|i will|i might|i could|id|hell|he will|shell|she will)\b)"
    r"|when should (?:i|we) (?:worry|be worried|call|go|ring|phone|panic)|is it normal to"
    # a topic, not a symptom: "i watched a film about seizures"
    r"|(?:article|video|film|movie|documentary|book|show|programme|program|podcast|post|story|read"
    r"|reading|heard|hearing|learning|learned|learnt|leaflet|website|studying|lecture) (?:\w+ ){0,2}?(?:about|on))\b"
)
_CONDITION_REACH = 8

CAUSES = re.compile(
    r"\b(?:(?:make|makes|give|gives|giving) (?=you|your|someone|somebody|people|a person|anyone|one\b)"
    r"|cause|causes|causing|lead to|leads to|leading to|trigger"
    r"|triggers|bring on|brings on|result in|results in|turn into|turns into|develop into|progress to"
    r"|progresses to|associated with|linked to|related to|end up with|end up)"
    r"(?: (?:you|your|someone|someones|people|peoples|a person|anyone|anyones|one|a|an|any|the|some))?\b"
    # a possible side effect: "the tablets might make me dizzy", "can make dizzy" (not "they make me dizzy")
    r"|\b(?:might|may|could|can|will|would|ll) (?:make|give) (?:(?:me|him|her|them|us|you) )?(?:feel )?"
)
_CAUSE_REACH = 3

FEARS = re.compile(
    r"\b(?:worried|worry|worrying|worries|scared|afraid|fear|fearful|terrified|concerned|anxious"
    r"|paranoid|nervous|panicking|panicked|frightened|petrified)"
    r"(?: that| about| of)?(?: maybe)?(?: one day)?(?: (?:i|he|she|they|it|we|my \w+|the \w+))?"
    r"(?: (?:might|could|will|would|may|going to|gonna|getting|developing|having|get|start|end up"
    r"|ill|hell|shell)\b|(?= (?:wont|will not|will never)\b))"
    # a fear of one day not being able to: "scared maybe one day i cannot move my arm"
    r"|\b(?:worried|worry|scared|afraid|terrified|frightened|petrified|fear) (?:that )?(?:maybe )?one day"
    r"(?: (?:i|he|she|they|we|my \w+))?(?= (?:cant|cannot|couldnt|wont)\b)"
    # a fear of doing it: "im terrified of fainting in public", "scared of losing my sight"
    r"|\b(?:scared|afraid|terrified|frightened|petrified|fearful|nervous) of(?= \w+ing\b)"
    # the fear named: "my biggest fear is to be paralysed", "my worry is that one day i will ..."
    r"|\b(?:my|our|the|his|her) (?:biggest |main |worst |greatest |only |big |real |one )?(?:fear|worry|nightmare"
    r"|dread) is(?: that)?(?: one day)?(?: (?:i|he|she|they|we|my \w+) (?:might|could|will|would|may|wont"
    r"|am going to|is going to|gonna)| ill| hell| shell| to be| to get| to have| to lose| having(?= a\b)| going to)\b"
    # imagining it: "i keep picturing myself not being able to swallow"
    r"|\b(?:picturing|imagining|visualising|visualizing) (?:myself|me|him|her|them)?\b"
)

# Advice reported about a red flag in general: "the nurse said fever with twitching should be
# checked", "my gp told me that blacking out would be a red flag". Reported words about a person
# ("the doctor said my pulse is weak", "she said im fitting") are what is happening: they assert.
_REPORTED = re.compile(
    r"\b(?:said|says|say|told (?:me|us|him|her|them)|tells (?:me|us|him|her)|mentioned|warned|warns"
    r"|explained|advised|reckons)(?: (?:me|us))?(?: that)?\b"
)
_REPORT_REACH = 7
# None of these may stand between the reporting verb and the red flag: they make it someone's
# ("the" only before "worst" or after "at": "the fever is dangerous" is one fever, someone's).
_SOMEONES = frozenset({"i", "im", "ive", "id", "my", "me", "mine", "he", "hes", "his", "him", "she", "shes", "her",
                       "they", "theyre", "their", "them", "we", "our", "us", "it", "its", "this", "these",
                       "those", "you", "your", "youre", "the", "was", "were", "is", "are", "am", "has", "have",
                       "had", "been", "now", "still"})
# After the red flag, words that make it a rule about the symptom rather than a statement of it.
_GENERIC_AFTER = re.compile(
    r"^(?P<pre>(?:\w+ ){0,6}?)(?:(?:would|could|can|might|may|should|must|will) (?:be|mean|need|change|happen|come)"
    r"|means?|is (?:a|an|one|something|warning|worth|for|normal|common|rare|serious|dangerous|an)"
    r"|are (?:a|an|signs?|warning|red|something|normal|common|rare|serious|dangerous|emergencies)"
    r"|as (?:a|an|something)|needs|need (?:a|an|checking|urgent)|requires?|if it happens)\b"
    # an instruction straight after it: "any sudden loss of vision call straight away"
    r"|^(?:to |then |and )?(?:call|ring|phone|go (?:to|straight)|come (?:in|back|straight))\b"
)

_OF_A_LIFE = re.compile(r"\bof (?:my|your|his|her|their|a) life\b")  # "the worst headache of my life"

# "why" asks for a cause. Of people in general ("why do people get dizzy when they stand up") it asks
# about the symptom; of the speaker it asks about a known trigger only ("why do my legs feel wobbly
# after the gym"): "why cant i breathe", "why is my vision blurry" are said as happening.
_WHY = re.compile(
    r"\bwhy (?:do |does |would |might |could |can |will )?(?:(?:old |young |some |many |most )?(?:people"
    r"|someone|somebody|anyone|you|a person|kids|children|twitching|twitches|anxiety|stress)"
    r"|(?P<mine>i|my \w+))\b"
)
_WHY_REACH = 6
_TRIGGER_AFTER = re.compile(r"^(?:\w+ ){0,2}?(?:after|whenever|every time|when (?:i|you))\b")

# Within a supposition, these say it is happening now ("what if this is a stroke and i cant move").
_HAPPENING = re.compile(r"\b(?:is|are|am|was|were) \w+ing\b")
# The mention's own words said as happening, even inside a question: "could i be having a
# stroke", "is there any chance im having a stroke", "what if hes having a stroke".
# A person is its subject: "is vomiting a red flag" asks about a gerund.
_HAPPENING_HERE = re.compile(
    r"\b(?:(?:i|he|she|they|we|you) (?:am|is|are|be|was|were)|(?:is|are|am) (?:he|she|they|i|you|we)"
    r"|im|hes|shes|theyre|youre) (?!going\b)\w+ing\b"
)
# The same said again, of now, by a word that points back: "years ago and i had one today", "would
# i know if i had a seizure i think i just had one", "and my son is having one now".
_REFERS_BACK_WORDS = (
    r"(?:had|have|ive|having|got|get|getting) (?:one|it|them|that|those)(?= (?:\w+ ){0,2}?(?:today|tonight"
    r"|yesterday|last night|this (?:morning|afternoon|evening)|earlier|just now|right now|now"
    r"|(?:\w+ )?(?:minutes?|hours?) ago)\b)|(?:just|already) (?:had|got|felt) (?:one|it|them)"
)
REFERS_BACK = re.compile(rf"\b(?:{_REFERS_BACK_WORDS})\b")
# After a fear's "might", these hedge what is happening or has happened ("worried he might be having
# a seizure", "scared i might have passed out"): hedges escalate.
# ("scared shell have trouble breathing" fears the future: "have" with a noun is no perfect tense)
_HEDGED_NOW = re.compile(r"(?:be \w+ing|have (?:\w+ed|\w+en|had|been|lost|got|hit|felt|struck|slept|done|gone|seen"
                         r"|spun|bit|fell|threw|passed|blacked)|already)\b")
_SAID_AS_NOW = frozenset({"this", "that", "it", "its", "is", "are", "am", "im", "was", "were", "now", "already",
                          "hes", "shes", "theyre", "right", "currently"})

# Auxiliaries and wh-words that open a question at the start of a clause. Negative
# auxiliaries and "have" are left out: after "and"/"but" they mostly continue a
# statement ("she collapsed and wont wake up").
_OPENERS = frozenset({
    "is", "are", "can", "could", "would", "should", "does", "do", "will", "might", "may", "shall",
    "whats", "what", "which", "who", "whos", "how", "hows", "where", "wheres", "when",
})
_WH = frozenset({"whats", "what", "which", "who", "whos", "how", "hows", "where", "wheres", "when"})
_AUX = frozenset({
    "do", "does", "is", "are", "can", "could", "would", "should", "will", "has", "have", "counts",
    "might", "may", "shall", "did", "makes", "happens", "causes",
})
# After these an auxiliary continues a statement: "i tried but can barely move it".
_STATEMENT_NEXT = frozenset({
    "barely", "hardly", "only", "just", "not", "never", "still", "really", "even", "no", "also",
    "always", "definitely", "probably", "actually", "sometimes", "now", "feel", "see", "move",
    "walk", "talk", "speak", "breathe", "swallow", "stand", "lift", "get", "keep", "hear",
    "remember", "think", "be", "have", "go", "tell", "find", "say",
})
_SUBJECT_WORDS = frozenset({
    "i", "im", "ive", "id", "ill", "he", "hes", "she", "shes", "they", "theyre", "we", "my",
})
# "what do i do" is a whole question: what follows is a new statement.
_WHOLE_QUESTIONS = re.compile(
    r"\b(?:what (?:do|should|can|shall|must) (?:i|we) do|what do i do now|what now|help me|help"
    r"|please help|is that (?:bad|normal|serious|okay|dangerous)|should i be worried)\b"
)

# Said within a question clause, these assert the symptom rather than ask about it.
RECENT = re.compile(
    r"\b(?:today|tonight|yesterday|last night|this (?:morning|afternoon|evening|week)|earlier"
    r"|just now|right now|currently|at the moment|(?:\w+ )?(?:minutes?|hours?|days?|weeks?) ago"
    r"|again|already|since (?:this|last|yesterday|lunch|breakfast|dinner|morning|then)|this past"
    r"|the other day|all (?:day|night|morning)|keeps?|kept|still)\b"
)
_LATER = frozenset({"tonight", "today"})
_COMING = re.compile(r"\b(?:get|gets|getting|come|comes|start|starts|develop|develops|happen|happens|spike|spikes"
                     r"|go|goes)\b")
# "i keep picturing myself not being able to swallow": the habit is the thought's, not the symptom's
_KEEP_THINKING = re.compile(r"\bkeeps? (?:on )?(?:picturing|imagining|thinking|worrying|wondering|reading)\b")
_DEMONSTRATIVES = frozenset({"this", "that", "it", "these", "those"})
# The twitching set against the red flag in a question, after it or before it.
_TWITCH_WORDS = r"(?:twitch|twitches|twitching|twitchy \w+|spasm|spasms|muscle twitch|muscle twitches)"
_OR_THE_TWITCH = re.compile(
    rf"^(?:or (?:is it |its |it is )?(?:just |only |simply )?(?:a |an |my |the |normal |muscle )*{_TWITCH_WORDS}"
    rf"|if (?:it is |its )?(?:only|just) (?:\w+ ){{0,3}}?(?:twitch\w*|spasm\w*))\b"
)
_ONLY_HOW_TO_TELL = re.compile(r"^(?:how (?:do|can|would|should) (?:i|you|we) (?:tell|know)|please|thanks|thank you)?$")
_THE_TWITCH_OR = re.compile(rf"\b{_TWITCH_WORDS} or(?: is it| its)?(?: a| an)?$")
# A question of what the twitching may do, the demonstrative its subject: "can it stop me breathing".
_MODALS = frozenset({"can", "could", "will", "would", "might", "may", "does", "do"})
_EFFECTS = frozenset({"make", "cause", "give", "stop", "lead", "turn", "trigger", "bring", "affect", "spread",
                      "progress", "develop"})
_MAKE = frozenset({"make", "makes", "made"})
_POSSESSIVES = frozenset({"my", "his", "her", "their", "our"})
# A request for help put as a question is a plea, and what follows it is said as now: "can
# you send an ambulance", "could someone come i think hes having a stroke". Not "can you help
# me" (the check's own help: dialog/commands.py) nor "can you get chest pain from stress".
_REQUEST = re.compile(
    r"(?:can|could|would|will) (?:you|u|someone|somebody|anyone|anybody|one of you)(?: please)?"
    r" (?:please )?(?:send|call|ring|phone|dial|fetch|come|get (?:me|us|him|her|them|someone|somebody"
    r"|help|an ambulance|a doctor|the (?:ambulance|paramedics|doctor|police)))\b"
)
_WANT_GONE = re.compile(
    r"\b(?:stop|stops|stopping|get rid of|treat|cure|ease|relieve|help with|helps with|deal with"
    r"|cope with|manage|do about|handle|fix|calm|settle)\b"
)

_AGES = (
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen"
    r"|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|\d+)"
)
# A year said in words, two or more years back ("in twenty fifteen", "in twenty twenty"); the last
# two years are left out: "in twenty twenty five" may be weeks ago.
YEAR_WORDS = (
    r"(?:(?:nineteen|two thousand) \w+|twenty (?:oh \w+|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen"
    r"|seventeen|eighteen|nineteen|twenty(?: (?:one|two|three))?)\b(?! (?:four|five|six|seven|eight|nine)\b))"
)
# Recent times that undo a distant past in the same clause ("years ago and again this morning");
# unlike RECENT, habit words ("kept", "still") are not times: "i kept falling as a child".
RECENT_TIME = re.compile(
    r"\b(?:today|tonight|yesterday|last night|this (?:morning|afternoon|evening|week)|earlier"
    r"|just now|right now|currently|at the moment|(?:\w+ )?(?:minutes?|hours?|days?|weeks?) ago"
    r"|since (?:this|last|yesterday|lunch|breakfast|dinner|morning)|this past|the other day"
    r"|all (?:day|night|morning))\b"
)
DISTANT = re.compile(
    r"\b(?:as an? (?:child|kid|teen|teenager|baby|toddler|young (?:boy|girl|man|woman|adult|kid|lad|lass)"
    r"|youngster|little (?:boy|girl|kid|one|un)|boy|girl|student|infant|schoolboy|schoolgirl|lad|lass"
    r"|younger (?:man|woman|person)|newborn|nipper)"
    r"|when (?:i|he|she|they|we|you) (?:was|were) (?:still )?(?:a |an |in |at |just )?(?:\w+ )?"
    r"(?:little|young|younger|small|kid|child|baby|teen|teenager|toddler|boy|girl|pregnant|student"
    r"|school|college|university|high school|uni|primary|secondary|nursery|kindergarten|infant|newborn"
    rf"|in my \w+|{_AGES}(?: years old| year old| or {_AGES})?)"
    # a childhood told by what the speaker was then: "as a clumsy kid", "i was always a sickly child"
    r"|as an? \w+ (?:kid|child|teen|teenager|baby|toddler|youngster|boy|girl|fella|fellow|lad|lass)"
    r"|(?:i|he|she|we|they) (?:was|were) (?:always |such )?(?:a |an )?(?:\w+ )?(?:kid|kids|child|children|teenager"
    r"|teenagers|toddler|youngster)"
    r"|back at (?:school|college|uni|university)|before (?:my|our|his|her|their) (?:\w+ ){0,2}?(?:was|were) born"
    # the time since the last one: "it has been three years since my last seizure"
    r"|(?:years|months) (?:\w+ ){0,3}?since (?:my|his|her|their|the) (?:\w+ )?last"
    r"|(?:\w+ )?years? ago|years back|last year|the year before|(?:long|ages|decades|a long time"
    r"|many years|several years|a few years|months|many months|several months|a good while|a long while) (?:ago|back)"
    r"|long ago|way back|years and years|donkeys years|yonks ago|back in the day|back when"
    r"|in (?:my|ma|me|his|her|their|our) (?:teens|twenties|thirties|forties|fifties|sixties|childhood|youth"
    r"|teenage years|\w+ties|old age|last years|final years|later years|younger days|school days"
    r"|student days|uni days|college days|army days|navy days|early \w+)"
    r"|towards the end of (?:his|her|their) life|towards the end|before (?:he|she|they) (?:died|passed)"
    r"|growing up|back in (?:the day|school|college|uni|nineteen|twenty|two thousand|the \w+ties|the nineties"
    r"|the eighties|the seventies|the sixties|\d{4}|my \w+ days|my \w+ years)"
    rf"|in (?:19|20)\d\d|in {YEAR_WORDS}|at (?:my|me) christening"
    r"|in (?:ninety|eighty|seventy|sixty)(?: (?:one|two|three|four|five|six|seven|eight|nine))?"
    r"(?! (?:minutes?|seconds?|hours?|mins?|secs?|days?|weeks?|months?|years?|percent|degrees?"
    r"|\w+ (?:minutes?|seconds?|hours?|days?|weeks?|months?|years?)))"
    r"|in the (?:late |early |mid )?(?:eighties|nineties|seventies|sixties|fifties)"
    # said plainly ("as teenager", "in my young age", "before fifteen years", "ten years before")
    r"|as (?:small |little |young )?(?:child|kid|teenager|teen|girl|boy|baby)|in childhood|long time (?:ago|back)"
    r"|in (?:my|his|her|their) (?:young age|small age|young days|school time|school years|teen years"
    r"|university years|college years|student years)"
    r"|before (?:many|\w+) years|(?:many|\w+) years before"
    r"|years earlier|in (?:high school|college|university|primary school|grade school|secondary school"
    r"|middle school|uni|junior school|infant school|nursery)"
    r"|at (?:primary|secondary|junior|infant|boarding|high) school"
    r"|(?:my|his|her) childhood|as a teenager|once as a|decades"
    r"|before (?:i|we) (?:had|got) (?:my |the )?(?:kids|children|married|my \w+)|before (?:my|our) kids were born"
    r"|(?:a|one) (?:time|summer|winter|christmas|holiday) (?:as|when) (?:a |i was )?(?:kid|child|teenager|little)"
    r"|after (?:i|he|she) (?:was )?born|as a (?:newborn|baby)"
    rf"|before {_AGES} (?:\w+ )?years|last decade|the (?:\w+ )?before last|at the end of (?:his|her|their) life"
    r"|(?:his|her|their) last (?:years|months|weeks|days)"
    # a year said as words ("in december twenty eleven"), an age ("as a ten year old")
    r"|(?:in |of |back in )(?:(?:january|february|march|april|may|june|july|august|september|october"
    r"|november|december) (?:of )?)?twenty (?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen"
    r"|eighteen|nineteen)"
    rf"|as an? {_AGES} (?:year|yr) old"
    # a season or holiday gone by is months ago: "last summer", "the christmas before"
    r"|last (?:summer|winter|spring|autumn|fall|christmas|easter)"
    # a life's history: "twice in my life", "in the past" (not "in the past few days"), "since i was a kid"
    rf"|(?:once|twice|a few times|a couple of times|{_AGES} times|(?:one|two|three|four|five|a few|a couple of"
    r"|several) (?:\w+ )?(?:seizures|fits|episodes|blackouts|faints|migraines|attacks)) (?:before )?in (?:my|his|her)"
    r" (?:life|lifetime|whole life)"
    r"|in the past(?! (?:few|couple|several|\w+ (?:days?|hours?|weeks?|minutes?|nights?)|days?|hours?|weeks?"
    r"|minutes?|nights?|month))"
    rf"|since (?:childhood|birth|i was (?:a |an )?(?:kid|child|baby|teen|teenager|toddler|little|young|boy|girl|{_AGES})))\b"
)
# Days to a few weeks ago (policy "Past events"): a red flag said with one of these, and over,
# is history the summary keeps, not an emergency. Yesterday, last night, this morning, earlier,
# just now and today are recent (RECENT_TIME without these) and escalate as now.
_WEEKDAYS = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_MONTHS = (r"(?:january|february|march|april|may|june|july|august|september|october|november|december)")
_COUNT = (
    r"(?:a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen"
    r"|sixteen|seventeen|eighteen|nineteen|twenty|twenty \w+|thirty|a few|a couple of|a couple|couple of"
    r"|several|some|few|\d+)"
)
WEEKS_AGO = re.compile(
    rf"\b(?:(?:about |around |roughly |maybe |nearly |almost |over |just over |like |only |barely )?"
    rf"{_COUNT} (?:days?|weeks?|fortnights?|months?) (?:ago|back)"
    rf"|a fortnight (?:ago|back)|a month (?:ago|back)"
    rf"|last (?:week|weekend|month|fortnight|{_WEEKDAYS})(?: (?:morning|afternoon|evening|night))?"
    rf"|the (?:week|weekend) before last|(?:at|over|on) the weekend|this past weekend"
    r"|over (?:christmas|easter|new year|the holidays|half term|the bank holiday)"
    rf"|on (?:the )?{_WEEKDAYS}s?(?: (?:morning|afternoon|evening|night))?|the other day"
    r"|at the start of the month|(?:some|a short) time (?:ago|back)"
    # a month named as when it happened: "in late may", "back in march", "last april"
    rf"|(?:back )?in (?:(?:early|late|mid|the middle of|the end of|the start of|the beginning of) )?{_MONTHS}"
    rf"|(?:early|late|mid) {_MONTHS}|last {_MONTHS})\b"
)
# The words of WEEKS_AGO that may not mean within four weeks: a number of weeks or months read.
_OVER_FOUR_WEEKS = re.compile(
    r"\b(?:(?:five|six|seven|eight|nine|ten|eleven|twelve|\d\d+|[5-9]) weeks?"
    r"|(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|[2-9]|\d\d+|a couple of|a few"
    r"|couple of|some|few) months?|(?:thirty|forty|fifty|sixty|[3-9]\d) days?)\b"
)
# The time says when something began, not when it happened: "since last week", "for the last week",
# "in the last few days" -- it may go on now.
_STARTED_AT = frozenset({"since", "for", "from", "over", "during", "throughout", "in", "past", "started",
                         "starting", "began", "begun", "start"})
# Words that say the red flag is not over, or that the clause's time belongs to the twitching
# ("the twitch came on a week ago and i passed out"): then it is read as now.
_NOT_OVER = re.compile(
    r"\b(?:still|keeps?|kept|keep on|ongoing|every (?:day|night|morning)|all the time|constantly"
    r"|on and off|off and on|wont stop|hasnt stopped|havent stopped|not stopped|started|starting|began"
    r"|begun|came on|come on|comes on|noticed|twitch\w*|spasm\w*|now|currently|continu\w*|since"
    r"|again|anymore|any more|cant|is|are|am|im|hes|shes|theyre|feel|feels|(?<!of )feeling|keeps|goes|gets"
    r"|getting)\b"
)
# "fine since", "nothing since": the event is over.
_OVER_SINCE = re.compile(r"\b(?:fine|ok|okay|alright|all right|nothing|none|normal|well|better|good|never"
                         r"|not|no problems?|no more) (?:ever )?since\b")
# Said after the event, these say it goes on: "i had a fever last week and i still have it".
_STILL = re.compile(r"\b(?:still|ever since|since then|hasnt (?:gone|stopped|settled|cleared|eased)"
                    r"|havent stopped|wont go away|not gone|keeps? coming back|keeps? happening)\b")
NOW_TIME = re.compile(
    r"\b(?:(?<!ago )today|tonight|yesterday|last night|this (?:morning|afternoon|evening|week)|earlier"
    r"|just now|right now|currently|at the moment|(?:\w+ )?(?:minutes?|hours?|an hour|half an hour) ago"
    r"|this past (?!weekend)\w+|all (?:day|night|morning))\b"
)

RECURRENCE = re.compile(
    r"\b(?:again|another one|had another|another (?:seizure|fit|one|episode|attack|blackout)"
    r"|came back|come back|coming back|back again|returned|recurred|happened again|starting again"
    r"|all over again|for the first time since|first time in years"
    r"|" + _REFERS_BACK_WORDS + r")\b"
)


class QuestionContext:
    """Decides, per mention, whether it is asked about rather than said."""

    def __init__(self, words: Words) -> None:
        self._w = words
        tokens = words.tokens
        self._conditions = self._hypothetical_conditions(words)
        self._causes = words.spans(CAUSES)
        self._fears = words.spans(FEARS)
        whole = words.spans(_WHOLE_QUESTIONS)
        whole_ends = {end for _, end in whole}
        self._openers = self._clause_openers(tokens, whole_ends)
        self._reported = words.spans(_REPORTED)
        self._why = [(m.end(), m.group("mine") is not None) for m in _WHY.finditer(words.text)]

    @staticmethod
    def _hypothetical_conditions(words: Words) -> list[tuple[int, int]]:
        spans = []
        for start, end in words.spans(CONDITIONS):
            before = words.tokens[start - 1] if start > 0 else ""
            after = words.tokens[end:end + 3]
            future = bool(after) and (after[0] in _FUTURE or (len(after) > 1 and after[1] in _FUTURE))
            told = start > 2 and words.tokens[start - 3] == "let"  # "let them know if he gets wheezy"
            if before in _HEDGE_BEFORE_IF and words.tokens[start] in {"if", "whether"} and not future and not told:
                continue  # "not sure if i blacked out" is a hedge, and hedges escalate
            spans.append((start, end))
        return spans

    @staticmethod
    def _clause_openers(tokens: list[str], whole_ends: set[int]) -> list[int]:
        openers: list[int] = []
        at_start = True
        for i, token in enumerate(tokens):
            if i in whole_ends:
                at_start = True
            if at_start and token in _OPENERS:
                following = tokens[i + 1] if i + 1 < len(tokens) else ""
                if token in _WH:
                    if following not in _SUBJECT_WORDS:
                        openers.append(i)  # "when should i" asks; "when i stand up" tells
                elif following and following not in _STATEMENT_NEXT:
                    openers.append(i)
                at_start = False
                continue
            if token in CLAUSE_OPENING:
                at_start = True
            elif token not in DISCOURSE_WORDS:
                at_start = False
        return openers

    def asked(self, start: int, end: int) -> bool:
        w = self._w
        if self._asserted_here(start, end):
            return False
        if REFERS_BACK.search(" ".join(w.tokens[end:])):
            return False
        if self._or_the_twitch(start, end):
            return True
        for c_start, c_end in self._conditions:
            if c_end <= start and start - c_end <= _CONDITION_REACH:
                first = w.tokens[c_end] if c_end < len(w.tokens) else ""
                if first in PRESENT_SUBJECTS and c_end <= start:
                    continue  # "what if im having a seizure": said as happening now (the mention may start so)
                between = w.tokens[c_end:start]
                if _HAPPENING.search(" ".join(between)):
                    continue  # "what do i do if my son is having a seizure": happening now
                allowed = {c_end}
                if not any(t in _SAID_AS_NOW for t in between):
                    # "suppose the twitching spreads to my chest and i cant breathe": the "and"
                    # goes on supposing
                    allowed |= {i for i in range(c_end + 1, start) if w.tokens[i - 1] in {"and", "or"}}
                if not w.blocked(c_end, start, allowed_subjects=frozenset(allowed)):
                    return True
        # outside a supposition ("if i ever think im having a stroke" supposes the thought), the
        # mention's own words said as happening are said: "could i be having a stroke"
        if _HAPPENING_HERE.search(" ".join(w.tokens[max(0, start - 4):end])):
            return False
        for c_start, c_end in self._causes:
            # the cause's article may be the mention's own: "could stress cause a fit"
            if c_start < start and start - c_end <= _CAUSE_REACH and not w.blocked(min(c_end, start), start):
                return True
        for f_start, f_end in self._fears:
            # the fear's subject may be the mention's own: "worried my pulse might be weak"
            # what follows the fear's "might" is read even when the mention is its subject: "worried
            # the dizziness might be getting worse" hedges what is happening
            if f_start < start and start - f_end <= 4 and not w.blocked(min(f_end, start), start) and not (
                    _HEDGED_NOW.match(" ".join(w.tokens[f_end:max(end, f_end + 3)]))):
                return True
        return self._reported_rule(start, end) or self._why_cause(start, end) or self._in_open_question(start)

    def _why_cause(self, start: int, end: int) -> bool:
        w = self._w
        for char_end, mine in self._why:
            why_end = w.token_end(char_end)
            if why_end <= start and start - why_end <= _WHY_REACH and not w.blocked(why_end, start) and (
                    not mine or _TRIGGER_AFTER.search(" ".join(w.tokens[end:end + 5]))):
                return True
        return False

    def _reported_rule(self, start: int, end: int) -> bool:
        """True when the mention is advice reported about the symptom in general."""
        w = self._w
        for r_start, r_end in self._reported:
            if r_start > 0 and w.tokens[r_start - 1] in {"i", "we"}:
                continue  # "i said fork instead of phone": the speaker's own words
            if r_end <= start and start - r_end <= _REPORT_REACH and not w.blocked(r_end, start) and not any(
                    t in _SOMEONES and not (t == "the" and (w.tokens[i + 1] == "worst" or w.tokens[i - 1] == "at"))
                    for i, t in enumerate(w.tokens[r_end:start], r_end)):
                # its rule in its own words: "my mum said slurred she needed to go" is two clauses
                right = next((i for i in range(end, min(len(w.tokens), end + 8)) if w.blocked(i, i + 1)),
                             min(len(w.tokens), end + 8))
                rule = _GENERIC_AFTER.search(" ".join(w.tokens[end:right]))
                # "a seizure like this needs hospital" is about one seizure, someone's
                pre = _OF_A_LIFE.sub(" ", rule.group("pre") or "") if rule else ""
                if rule and not any(t in _SOMEONES and t != "the" for t in pre.split()):
                    return True
        return False

    def _in_open_question(self, start: int) -> bool:
        w = self._w
        tokens = w.tokens
        opener = next((o for o in reversed(self._openers) if o < start), None)
        if opener is None or start - opener > 14:
            return False
        if _REQUEST.match(" ".join(tokens[opener:opener + 6])):
            return False
        allowed = {opener + 1}
        if tokens[opener] in _WH and opener + 1 < len(tokens) and tokens[opener + 1] in _AUX:
            allowed.add(opener + 2)  # "what do i", "how should i"
        # the empty "it" of "make it hard to" is no new subject: "does als make it hard to breathe"
        allowed |= {i for i in range(opener + 2, start) if tokens[i] == "it" and tokens[i - 1] in _MAKE}
        if w.blocked(opener + 1, start, allowed_subjects=frozenset(allowed)):
            return False
        between = tokens[opener + 1:start]
        # "what should i do he is fitting": the question ended before the statement began
        asked_first = " ".join(tokens[opener:start])
        whole = _WHOLE_QUESTIONS.match(asked_first)
        if whole is not None and whole.end() == len(asked_first):
            return False
        # "is this a seizure", "could it be vertigo": asking about what is happening
        if any(t in _DEMONSTRATIVES and not self._cause_not_thing(i) for i, t in
               enumerate(tokens[max(opener + 1, start - 3):start], max(opener + 1, start - 3))):
            return False
        # "is my speech slurred", but not "can low potassium make my pulse weak"
        if between and between[-1] in _POSSESSIVES:
            if not (len(between) > 1 and between[-2] in {"make", "makes", "cause", "causes", "affect", "affects"}):
                return False
        if _WANT_GONE.search(" ".join(between)):
            return False
        return True

    def _or_the_twitch(self, start: int, end: int) -> bool:
        """A question that sets the red flag against the twitching itself: "is this a seizure or
        just a twitch", "how do i know if its a twitch or a fit", "is it a seizure if only one
        muscle twitches". The twitching is what the person has; its own effects are no red flag."""
        w = self._w
        tokens = w.tokens
        left, _ = w.clause_bounds(start, end, limit=12)
        question = any(left <= o < start for o in self._openers) or any(
            left <= c_end <= start and tokens[c_start] == "how" for c_start, c_end in self._conditions)
        if not question:
            return False
        # and nothing after it but how to tell: "... or just a twitch he has been shaking for five
        # minutes" tells what is happening
        after = _OR_THE_TWITCH.match(" ".join(tokens[end:]))
        if after is not None:
            return _ONLY_HOW_TO_TELL.match(" ".join(tokens[end:])[after.end():].strip()) is not None
        return (_THE_TWITCH_OR.search(" ".join(tokens[max(left, start - 4):start])) is not None
                and _ONLY_HOW_TO_TELL.match(" ".join(tokens[end:])) is not None)

    def _cause_not_thing(self, i: int) -> bool:
        """True when the demonstrative at token i names a cause, not the thing asked about: the
        subject of an effect after a modal ("could it stop me breathing", "can this make me pass
        out") or the empty object of "make it hard to"; "could it be a stroke" names it."""
        tokens = self._w.tokens
        following = tokens[i + 1:i + 3]
        if tokens[i] == "it" and i > 0 and tokens[i - 1] in _MAKE:
            return True
        return (i > 0 and tokens[i - 1] in _MODALS and bool(following)
                and (following[0] in _EFFECTS or following[0] == "ever" and len(following) > 1 and following[1] in _EFFECTS))

    def _asserted_here(self, start: int, end: int) -> bool:
        """A recent time in the mention's own clause makes it a statement."""
        left, right = self._w.clause_bounds(start, end, limit=8)
        tokens = self._w.tokens
        if right < len(tokens) and tokens[right] == "now":
            right += 1  # "now" is a break, and the clause's own time: "is it normal to be dizzy right now"
        around = " ".join(tokens[left:start]) + " | " + " ".join(tokens[end:right])
        # the symptom's own words ("cant keep food down") say no time
        found = [m.group() for m in RECENT.finditer(_KEEP_THINKING.sub(" ", around))]
        if not found:
            return False
        # "if he faints again, phone them", "afraid of getting vertigo again": the recurrence is
        # supposed too, not said; so is "tonight" where it is yet to come ("if i get a fever tonight")
        supposed = any(left <= c_start < start for c_start, _ in self._conditions + self._fears)
        coming = _COMING.search(" ".join(tokens[left:right])) is not None
        return not (supposed and all(f == "again" or f in _LATER and coming for f in found))


@dataclass(frozen=True, slots=True)
class PastTime:
    when: str
    """The time phrase as said ("last week")."""
    within_four_weeks: bool
    words: str
    """The clause that says it, with its time: the person's own words for the event."""


class TimeContext:
    """Decides, per mention, whether it lies only in the clearly distant past."""

    def __init__(self, words: Words) -> None:
        self._w = words
        self._distant = words.spans(DISTANT)
        self._recent = words.spans(RECENT_TIME)
        # "one seizure and never again" says it did not recur; "never again until today" did
        self._recurrences = [(s, e) for s, e in words.spans(RECURRENCE)
                             if not (s > 0 and words.tokens[s - 1] in {"never", "not", "nothing"}
                                     and not any(r >= e for r, _ in self._recent))]
        self._weeks = words.spans(WEEKS_AGO)

    def distant(self, start: int, end: int) -> bool:
        if not self._distant:
            return False
        left, right = self.history_clause(start, end)
        if not any(left <= s and e <= right for s, e in self._distant):
            return False
        if any(left <= s and e <= right for s, e in self._recent
               if not self._inside_distant(s, e) and not self._that_night(s)):
            return False  # "years ago and again this morning" in one breath
        # "i fainted as a teenager and it happened again last night"
        return not any(s >= right for s, _ in self._recurrences)

    def _that_night(self, s: int) -> bool:
        """True when "all night" (day, morning) at token s is how long a told past event lasted:
        "years ago i got food poisoning and vomited all night", "was sick all night"; not "ive
        been vomiting all night", which is now."""
        tokens = self._w.tokens
        if tokens[s] != "all":
            return False
        before = tokens[max(0, s - 3):s]
        return (any(t in _PAST_VERBS or t.endswith("ed") for t in before[-2:])
                and not any(t in _PERFECT_OR_NOW for t in before))

    def weeks_ago(self, start: int, end: int) -> PastTime | None:
        """When the mention happened days to a few weeks ago and is over ("i fainted last
        week"): its time phrase, whether that is within four weeks (taken as within when
        unsure: "last month", "a few weeks ago"), and its clause. None when it is now, recent,
        or distant."""
        left, right = self.history_clause(start, end)
        w = self._w
        tokens = w.tokens
        found = None
        for s, e in self._weeks:
            # the time must be the mention's own: no new subject or break between them, but for
            # the mention's own subject ("last week my dad fainted") or the subject right after a
            # time that opens the clause ("a few weeks ago i missed work with a fever", "a week ago
            # today i had my first seizure"); "the twitch came on a week ago and i passed out" is
            # the twitch's time
            own = frozenset(range(start - 3, start)) | ({e, e + 1} if s == left else frozenset())
            if left <= s and e <= right and not (
                    w.blocked(e, start, allowed_subjects=own) if e <= start else self._blocked_after(end, s)):
                found = (s, e)
        if found is None:
            return None
        s, e = found
        before = tokens[max(0, s - 2):s]
        if before and (before[-1] in _STARTED_AT
                       or before[-1] == "the" and len(before) > 1 and before[0] in _STARTED_AT):
            return None  # "since last week", "for the last week": it may go on
        clause = " ".join(tokens[left:right])
        if _NOT_OVER.search(_OVER_SINCE.sub(" ", clause)) or NOW_TIME.search(clause):
            return None
        if any(s2 >= right for s2, _ in self._recurrences) or _STILL.search(" ".join(tokens[right:])):
            return None  # "i fainted last week and it happened again", "and i still have it"
        phrase = " ".join(tokens[s:e])
        return PastTime(when=phrase, within_four_weeks=_OVER_FOUR_WEEKS.search(phrase) is None,
                        words=clause)

    def _inside_distant(self, start: int, end: int) -> bool:
        return any(s <= start and end <= e for s, e in self._distant)

    def history_clause(self, start: int, end: int) -> tuple[int, int]:
        # A new subject does not end a time phrase ("as a child i had seizures"), nor does an "and"
        # that goes on telling the same past ("years ago i had an infection and lost my balance");
        # an "and" into the present does ("years ago i fainted and now i cant breathe").
        w = self._w
        left = start
        while left > 0 and start - left < 16 and (left not in w.breaks or self._reason_after(left)) \
                and not self._present_and(left - 1):
            left -= 1
        right = end
        while right < len(w.tokens) and right - end < 14 and (
                right not in w.breaks or self._dated_after(right) or self._reason_after(right)) \
                and not self._present_and(right):
            right += 1
        return left, right

    def _blocked_after(self, end: int, time: int) -> bool:
        """Whether a time said after the mention is another clause's: "but that was" goes on with
        the mention's ("i threw up but that was last week")."""
        w = self._w
        dated = next((i for i in range(end, time) if self._dated_after(i)), None)
        if dated is None:
            return w.blocked(end, time)
        return w.blocked(end, dated) or w.blocked(dated + 2, time)

    def _reason_after(self, i: int) -> bool:
        """True when token i is a "because" that gives the reason for the past just told, in the past
        too: "my gran had a feeding tube at the end because she couldnt swallow"."""
        return self._w.tokens[i] == "because" and _PAST_REASON.match(" ".join(self._w.tokens[i + 1:i + 4])) is not None

    def _dated_after(self, i: int) -> bool:
        """True when token i is a "but" that goes on to date what was just told: "i fainted once but
        that was at my graduation" (its time is the event's; "but that was this morning" is recent)."""
        return self._w.tokens[i] == "but" and _DATED.match(" ".join(self._w.tokens[i + 1:i + 4])) is not None

    def _present_and(self, i: int) -> bool:
        """True when token i is an "and" that starts a clause in the present tense."""
        w = self._w
        if w.tokens[i] != "and":
            return False
        following = w.tokens[i + 1:i + 5]
        # only its own clause and the break that ends it: in "as a teenager and couldnt breathe but
        # its fine now" the present is after the "but"; "and ive got it now" ends in the present
        cut = next((k for k in range(i + 1, i + 1 + len(following)) if k in w.breaks), None)
        if cut is not None:
            following = w.tokens[i + 1:cut + 1]
        return not following or any(t in _PRESENT_TENSE for t in following)


_PAST_VERBS = frozenset({"was", "were", "sick", "threw", "up", "sat", "stayed", "lay", "slept", "spent", "felt", "kept",
                         "had", "got", "went"})
_PERFECT_OR_NOW = frozenset({"ive", "have", "has", "hes", "shes", "been", "im", "is", "are", "keep", "keeps", "weve",
                             "theyve"})
# After "because", a reason told in the past, of the same person.
_PAST_REASON = re.compile(r"^(?:i|he|she|they|it|things|everything|food|my \w+|his \w+|her \w+|their \w+)"
                          r" (?:couldnt|could not|was|were|wasnt|werent|had|kept|would|used to|got|went)\b")
# After "but", a sentence that dates the event just told, not a new one.
_DATED = re.compile(r"^(?:that|it|this) (?:was|were|happened)\b")

# Words that put a clause in the present: an "and" before them starts something happening now.
_PRESENT_TENSE = frozenset({
    "now", "cant", "can", "im", "am", "is", "are", "keep", "keeps", "today", "tonight", "currently",
    "still", "isnt", "arent", "dont", "doesnt", "feel", "feels", "have", "has", "its", "theres",
    "again", "this", "hes", "shes", "theyre", "getting", "started", "starting", "just", "suddenly",
})

# Words after which a new clause, and so possibly a question, begins.
CLAUSE_OPENING = frozenset({
    "but", "so", "because", "cause", "cos", "coz", "cuz", "although", "though", "however",
    "whereas", "anyway", "okay", "ok", "well", "wait", "alright", "hey", "oh", "yeah", "yes", "no",
    "nope", "hmm", "right", "then", "and", "or", "also", "actually", "like", "sorry", "please",
    "listen", "question", "basically", "honestly", "hi", "hello", "doctor", "doc", "asked", "asks",
})
# Words that may stand before a question word without making the clause a statement.
DISCOURSE_WORDS = frozenset({
    "just", "quick", "one", "more", "thing", "seriously", "now", "ooh", "wow", "lowkey", "excuse",
    "me", "mate", "dear", "love", "hun", "sir", "maam", "nurse", "another", "my", "first", "second",
    "real", "um", "uh",
})
