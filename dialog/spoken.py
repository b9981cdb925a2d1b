"""Small helpers that turn values into words a person hears."""

from __future__ import annotations

_ONES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
         "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
         "eighteen", "nineteen"]
_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def number_words(n: int) -> str:
    if n < 0:
        return "minus " + number_words(-n)
    if n < 20:
        return _ONES[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return _TENS[tens] + ("" if ones == 0 else " " + _ONES[ones])
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        return _ONES[hundreds] + " hundred" + ("" if rest == 0 else " and " + number_words(rest))
    for size, name in ((10**9, "billion"), (10**6, "million"), (1000, "thousand")):
        if n >= size:
            high, rest = divmod(n, size)
            tail = "" if rest == 0 else (" and " if rest < 100 else " ") + number_words(rest)
            return number_words(high) + " " + name + tail
    raise AssertionError("unreachable")


def _count(n: int, unit: str) -> str:
    return f"{'one' if n == 1 else number_words(n)} {unit}{'' if n == 1 else 's'}"


def duration_words(days: float) -> str:
    """3 -> "three days", 21 -> "three weeks", 0.25 -> "less than a day"."""
    if days < 1:
        return "less than a day"
    if days == 7:
        return "a week"
    if days < 7 and days % 1 == 0.5:
        return f"{number_words(int(days))} and a half days"
    if days < 14:
        return _count(round(days), "day")
    if days < 60:
        weeks = days / 7
        if abs(weeks - round(weeks)) < 0.15:
            return _count(round(weeks), "week")
        if abs(weeks % 1 - 0.5) < 0.15:
            return "a week and a half" if int(weeks) == 1 else f"{number_words(int(weeks))} and a half weeks"
        return "about " + _count(round(weeks), "week")
    if days < 365:
        return ("" if days % 30 == 0 else "about ") + _count(round(days / 30), "month")
    years = round(days / 365)
    return ("" if days % 365 == 0 else "about ") + (_count(years, "year") if years > 1 else "a year")


def join_words(items: list[str], last: str = "and") -> str:
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + f" {last} " + items[-1]


_SECOND_PERSON = {
    "i": "you", "im": "you're", "me": "you", "my": "your", "mine": "yours", "myself": "yourself",
    "ive": "you've", "id": "you'd", "ill": "you'll", "am": "are", "hes": "he's", "shes": "she's",
    "its": "it's", "theyre": "they're", "thats": "that's", "dont": "don't", "cant": "can't",
    "wont": "won't", "isnt": "isn't", "doesnt": "doesn't", "theres": "there's", "weve": "we've",
    "we": "we", "our": "our", "us": "us",
}


def second_person(words: str) -> str:
    """What the person said, said back to them: "i think im having a stroke" -> "you think
    you're having a stroke" (normalized words in; apostrophes put back where they were dropped)."""
    return " ".join(_SECOND_PERSON.get(w, w) for w in words.split())
