"""Numbers in text, normalised so that like can be compared with like.

``1,800`` = ``1800`` = ``one thousand eight hundred``; ``sixfold`` = ``6 times``; ``50-100`` is a
range; ``RMB 1 billion`` is money with a currency and a scale; ``May 10th`` is a date; ``13 hours``
a duration (kept in hours); ``less than 24 hours`` an interval; ``in March`` a month; ``the third
day`` an ordinal. Two quantities are comparable when they are of the same kind (and currency, and a
month with a date); whether they agree is read the way a person reads a case (see :func:`agree`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import StrEnum
from functools import lru_cache

_UNITS = {
    "zero": 0, "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
         "ninety": 90}
_SCALES = {"hundred": 100, "thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "mn": 1e6, "mln": 1e6,
           "billion": 1e9, "bn": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12, "dozen": 12}
_MULTIPLIER_WORDS = {"double": 2, "doubled": 2, "twice": 2, "triple": 3, "tripled": 3, "quadruple": 4,
                     "quadrupled": 4}
_HOURS = {"second": 1 / 3600, "minute": 1 / 60, "hour": 1, "day": 24, "week": 168, "month": 730, "year": 8760}
TIME_UNITS = frozenset(_HOURS)  # the units of a length of time
_MONTHS = {m: i for i, m in enumerate(
    "january february march april may june july august september october november december".split(), start=1)}
_MONTHS.update({m[:3]: i for m, i in list(_MONTHS.items())} | {"sept": 9})
_CURRENCIES = {
    "$": "USD", "us$": "USD", "usd": "USD", "dollar": "USD", "dollars": "USD",
    "rmb": "CNY", "cny": "CNY", "yuan": "CNY", "¥": "CNY", "renminbi": "CNY",
    "€": "EUR", "eur": "EUR", "euro": "EUR", "euros": "EUR", "£": "GBP", "gbp": "GBP", "pound": "GBP",
    "pounds": "GBP", "hk$": "HKD", "hkd": "HKD", "inr": "INR", "rupees": "INR", "₹": "INR", "jpy": "JPY",
    "yen": "JPY",
}
# The words of figures, for modules that must tell them from names and content words.
NUMBER_WORDS = frozenset(_UNITS) | frozenset(_TENS)
MONTH_WORDS = frozenset(_MONTHS)
CURRENCY_WORDS = frozenset(_CURRENCIES)
_NUMBER_WORD = "|".join(sorted([*_UNITS, *_TENS, "hundred", "thousand", "million", "billion", "trillion",
                                "dozen", "and"], key=len, reverse=True))
_NUM = r"(?<![\w.])(?<![A-Za-z]-)(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?![\d])(?!(?:st|nd|rd|th)\b)"
_WORDS = rf"\b(?:(?:{_NUMBER_WORD})(?:[\s-]+(?:{_NUMBER_WORD}))*)\b"
_CUR_PRE = r"(?:US\$|HK\$|\$|€|£|¥|₹|RMB|CNY|USD|EUR|GBP|HKD|INR|JPY)"
_CUR_POST = r"(?:yuan|dollars?|euros?|pounds?|renminbi|rupees|yen|RMB)"
_SCALE = r"(?:hundred|thousand|million|billion|trillion|mln|mn|bn|tn|k|m|b)"
_TIME_UNIT = r"(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?|yrs?)"
# The words that qualify a figure, by what they do to it (see _bounds); the rest leave it as it is.
_APPROXIMATELY = ("about", "around", "approximately", "approx.", "roughly", "some", "nearly", "almost", "close to",
                  "just about", "an estimated", "as many as", "as much as")
_AT_LEAST = ("over", "more than", "greater than", "above", "at least", "upwards of", "just over", "a little over",
             "slightly over", "slightly more than", "well over",
             # verbs that only set a figure's floor ("passed one million sign-ups", "exceeded $1 billion")
             "passed", "surpassed", "exceeded", "topped", "crossed", "pass", "surpass", "exceed", "exceeds",
             "exceeding", "passing", "surpassing")
_AT_MOST = ("less than", "fewer than", "under", "below", "in under", "in less than", "up to", "at most",
            "no more than", "within", "within about", "within around", "within roughly", "within approximately",
            "just under", "a little under", "slightly under", "slightly less than")
_AS_IS = ("in just", "just", "only", "exactly")
# Longest first, so that "just over" is read whole, not as "just".
_QUAL = "(?:" + "|".join(re.escape(q) for q in sorted(_APPROXIMATELY + _AT_LEAST + _AT_MOST + _AS_IS,
                                                       key=len, reverse=True)) + ")"
_MONTH = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|" \
         r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
_ORD = r"(?:st|nd|rd|th)?"
_YEAR = r"(?:,?\s+(?P<year>(?:19|20)\d\d)\b)?"
# A month on its own needs a word that makes it a time ("in March"): "may" is also a verb.
_MONTH_ALONE = (r"\b(?:in|by|since|until|till|during|from|of|early|late|mid|end of|beginning of|start of)[\s-]+"
                r"(?P<month>january|february|march|april|may|june|july|august|september|october|november|"
                r"december)\b" + _YEAR)
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
             "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12}
ORDINAL_WORDS = frozenset(_ORDINALS)


class Kind(StrEnum):
    """What a quantity measures; only quantities of one kind are compared (see :func:`comparable`)."""

    COUNT = "count"
    MONEY = "money"
    PERCENT = "percent"
    MULTIPLIER = "multiplier"  # "sixfold", "6 times", "doubled"
    DURATION = "duration"  # in hours
    DATE = "date"  # month * 100 + day
    MONTH = "month"
    YEAR = "year"
    TIME = "time"  # of day, in hours
    ORDINAL = "ordinal"  # "the third day"


AMOUNTS = frozenset({Kind.MONEY, Kind.COUNT, Kind.PERCENT})  # how much of something
WHEN = frozenset({Kind.YEAR, Kind.DATE, Kind.MONTH})  # when something happened


class Bound(StrEnum):
    """A one-sided figure: "more than N" (``LOWER``: high is infinite) or "less than N" (``UPPER``: low is 0)."""

    LOWER = "lower"
    UPPER = "upper"


@dataclass(frozen=True)
class Quantity:
    """A normalised quantity found in text.

    ``low``/``high`` bound the value (equal for an exact figure); for dates, ``value`` is
    month*100+day (year in ``year``); durations are in hours; money keeps ``currency``.
    """

    kind: Kind
    low: float
    high: float
    text: str
    start: int
    end: int
    currency: str | None = None
    noun: str | None = None  # the word counted: "400 hotlines" -> "hotlines"
    year: int | None = None
    approximate: bool = False
    bound: Bound | None = None


def words_to_number(text: str) -> float | None:
    """'one thousand eight hundred' -> 1800; 'a dozen' -> 12; None when not a number phrase."""
    tokens = [t for t in re.split(r"[\s-]+", text.lower()) if t and t != "and"]
    if not tokens or all(t in ("a", "an") for t in tokens):
        return None
    if len(tokens) > 1 and tokens[0] in ("a", "an") and tokens[1] in _UNITS:
        tokens = tokens[1:]  # "a one-billion fund": the article, not one more
    total, current, seen = 0.0, 0.0, False
    for tok in tokens:
        if tok in _UNITS:
            current += _UNITS[tok]
        elif tok in _TENS:
            current += _TENS[tok]
        elif tok == "hundred":
            current = (current or 1) * 100
        elif tok in ("thousand", "million", "billion", "trillion", "dozen"):
            total += (current or 1) * _SCALES[tok]
            current = 0
        else:
            return None
        seen = True
    return total + current if seen else None


def _number(text: str) -> float | None:
    text = text.strip()
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?", text):
        return float(text.replace(",", ""))
    return words_to_number(text)


# How far "about N" reaches either way in a case's prose: "about 300 hotlines" for 280 is the same
# figure. A number written to more digits says how close it means to be: "about 39,300" or "about
# $15.5 billion" reaches APPROXIMATE_CLOSE (or one unit of its last digit, if more), not 29,300 or $17.5 billion.
APPROXIMATE_SPAN = 0.15
APPROXIMATE_CLOSE = 0.05
# ... and one written to three significant digits or more ("about $48.3 billion") was rounded at that
# precision: it reaches 1 % (or one unit of its last digit), not $46.3 billion.
APPROXIMATE_PRECISE = 0.01


def _bounds(value: float, hi: float | None, qual: str | None,
            unit: float | None = None) -> tuple[float, float, bool, Bound | None]:
    """Interval for a value under a qualifier ('about' widens it, 'less than' opens it), and its bound.

    ``unit`` is the value of the last significant digit as written (100 for "39,300", 0.1 billion for
    "15.5 billion"); None for numbers in words ("about a million"), which reach APPROXIMATE_SPAN.
    """
    if hi is not None:
        return min(value, hi), max(value, hi), False, None
    q = (qual or "").lower()
    if q in _APPROXIMATELY:
        close = APPROXIMATE_PRECISE if unit and abs(value) >= 100 * abs(unit) else APPROXIMATE_CLOSE
        reach = min(max(abs(unit if unit is not None else value), close * abs(value)),
                    APPROXIMATE_SPAN * abs(value))
        return value - reach, value + reach, True, None
    if q in _AT_LEAST:
        return value, math.inf, False, Bound.LOWER
    if q in _AT_MOST:
        return 0.0, value, False, Bound.UPPER
    return value, value, False, None


_NOT_NOUNS = frozenset("and or to in of the a an on at by for from with than as is was were are be within during "
                       "after before over across since until per each into through under about around".split())


# Words that measure what is counted: "300,000 units of life saving items" counts the items.
_MEASURE = re.compile(r"\s+(?:units|pieces|sets|boxes|cartons|packs|pairs|bottles|batches|kinds|types|tons|tonnes)"
                      r"\s+of(?=\s)", re.IGNORECASE)


def _noun_after(text: str, end: int) -> str | None:
    """Up to three words after a number, up to punctuation: "50 Ant Financial people" -> "ant financial people";
    after a measure, what it measures ("300,000 units of life saving items" -> "life saving items")."""
    measure = _MEASURE.match(text, end, end + 40)
    if measure:
        end = measure.end()
    found = re.match(r"(?:\s+(?:of\s+)?[A-Za-z][\w'’.-]*){1,3}", text[end:end + 60])
    if not found:
        return None
    words = []
    for word in found.group().split():
        if word.lower() in _NOT_NOUNS:
            break
        words.append(word.lower().strip(".'’"))
        if word.endswith(".") and not re.fullmatch(r"(?:[A-Za-z]\.)+", word):
            break  # the sentence ends ("72 countries. Drivers are ..."), unless an abbreviation ("U.S.")
    return " ".join(words) or None


@dataclass(frozen=True)
class _Found:
    """A pattern's match, trimmed: its text and where it sits."""

    match: re.Match[str]
    text: str  # the whole document text the match was found in
    span: str
    start: int
    end: int

    def group(self, name: str) -> str | None:
        return self.match.groupdict().get(name)


def _date(f: _Found) -> Quantity | None:
    """"May 10th", "10 May 2020"."""
    month = _MONTHS.get((f.group("month") or "").lower().rstrip("."))
    day = int(f.group("day") or 0)
    if not month or not 1 <= day <= 31:
        return None
    year = int(f.group("year")) if f.group("year") else None
    return Quantity(Kind.DATE, month * 100 + day, month * 100 + day, f.span, f.start, f.end, year=year)


def _named_month(f: _Found) -> Quantity | None:
    """"in March" (the month alone, after a word that makes it a time)."""
    month = _MONTHS[(f.group("month") or "").lower()]
    year = int(f.group("year")) if f.group("year") else None
    at = f.match.start("month")
    return Quantity(Kind.MONTH, month, month, f.text[at:f.end], at, f.end, year=year)


# "Lyft first launched ...", "we first introduced ...": "first" as an adverb of a verb, no rank.
_ADVERB_FIRST = re.compile(r"\s+[a-z]+ed\b")
_DETERMINER_BEFORE = re.compile(r"\b(?:the|its|their|our|his|her|a|an|this|that)\s*$", re.IGNORECASE)


def _ordinal(f: _Found) -> Quantity | None:
    """"the third day", "5th"; not "first" before a verb ("first launched")."""
    word = (f.group("o") or "").lower()
    before = f.text[max(0, f.start - 8):f.start]
    if word == "first" and _ADVERB_FIRST.match(f.text, f.end) and not _DETERMINER_BEFORE.search(before):
        return None
    value = float(_ORDINALS.get(word) or int(word[:-2]))
    return Quantity(Kind.ORDINAL, value, value, f.span, f.start, f.end, noun=_noun_after(f.text, f.end))


def _rank_number(f: _Found) -> Quantity | None:
    """"number one", "No. 1": a rank, as "first" is."""
    word = (f.group("rank") or "").lower()
    value = float(_UNITS[word]) if word in _UNITS else float(word)
    return Quantity(Kind.ORDINAL, value, value, f.span, f.start, f.end, noun=_noun_after(f.text, f.end))


_DAY_WORDS = tuple(w for w in _UNITS if w not in ("zero", "a", "an"))  # "day one" ... "day nineteen"


def _day_number(f: _Found) -> Quantity | None:
    """"day three", "Day 2": the same rank as "the third day"."""
    value = _number(f.group("dn") or "")
    if value is None or not 1 <= value <= 31:
        return None
    return Quantity(Kind.ORDINAL, value, value, f.span, f.start, f.end, noun="day")


def _time(f: _Found) -> Quantity | None:
    """"9 a.m.", "21:30"."""
    hour, minute = int(f.group("h") or 0), int(f.group("m") or 0)
    ap = (f.group("ap") or "").lower().replace(".", "")
    if ap == "pm" and hour < 12:
        hour += 12
    if ap == "am" and hour == 12:
        hour = 0
    if hour > 23:
        return None
    value = hour + minute / 60
    return Quantity(Kind.TIME, value, value, f.span, f.start, f.end)


def _multiplier(f: _Found) -> Quantity | None:
    """"sixfold", "6 times", "doubled"."""
    if f.group("w"):
        value: float | None = float(_MULTIPLIER_WORDS[(f.group("w") or "").lower()])
    else:
        value = _number(f.group("n") or f.group("n2") or "")
    if value is None:
        return None
    return Quantity(Kind.MULTIPLIER, value, value, f.span, f.start, f.end)


def _half(f: _Found) -> Quantity | None:
    """"half an hour", "half a day"."""
    unit = _unit(f.group("unit") or "")
    low, high, approx, bound = _bounds(0.5 * _HOURS[unit], None, f.group("qual"))
    return Quantity(Kind.DURATION, low, high, f.span, f.start, f.end, noun=unit, approximate=approx, bound=bound)


# Fractions of a whole, read as the percentages they are ("two-fifths of employees" is 40 %).
_FRACTIONS = {"half": 0.5, "third": 1 / 3, "thirds": 1 / 3, "quarter": 0.25, "quarters": 0.25, "fifth": 0.2,
              "fifths": 0.2, "tenth": 0.1, "tenths": 0.1}
_FRACTION = (r"(?:(?P<qual>" + _QUAL + r")\s+)?(?:(?P<count>a|an|one|two|three|four|nine)[\s-]+)?"
             r"(?P<frac>half|thirds?|quarters?|fifths?|tenths?)\s+of\b")
# A change by a share of what it was, or a share reached: "down by almost half", "cut by a third", "rose to
# one third".
_FRACTION_OF_CHANGE = _FRACTION.removesuffix(r"\s+of\b") + r"\b(?!\s+of\b)"


def _fraction(f: _Found) -> Quantity | None:
    """"half of", "two-fifths of", "nearly a quarter of": a share of a whole, as a percentage."""
    count_word = (f.group("count") or "a").lower()
    frac = (f.group("frac") or "").lower()
    count = 1.0 if count_word in ("a", "an") else float(_UNITS[count_word])
    if frac == "half" and f.group("count") and count_word not in ("a", "one"):
        return None  # "two half of" is not a fraction
    if frac != "half" and not f.group("count"):
        return None  # "third of" alone is a rank ("the third of June"), not a share
    value = 100.0 * count * _FRACTIONS[frac]
    if value > 100:
        return None
    low, high, approx, bound = _bounds(value, None, f.group("qual"))
    if not f.group("qual") and value != int(value):
        # "one third" is a whole percentage rounded either way (33% or 34%), as a report prints it.
        low, high = math.floor(value), math.ceil(value)
    return Quantity(Kind.PERCENT, low, high, f.span, f.start, f.end, approximate=approx, bound=bound)


def _in_half(f: _Found) -> Quantity | None:
    """"in half", "halved": a change of half of what it was, as a percentage."""
    low, high, approx, bound = _bounds(50.0, None, f.group("qual"))
    return Quantity(Kind.PERCENT, low, high, f.span, f.start, f.end, approximate=approx, bound=bound)


# Words a number labels rather than counts: "ASC 842", "Item 7A", "Note 4", "Topic 606", "Form 10".
_LABEL_BEFORE = re.compile(r"\b(?:Item|Items|Note|Notes|Topic|Section|Rule|Part|Exhibit|Form|Article|Chapter|Schedule|"
                           r"Level|Tier|Phase|Series|Class|ASC|ASU|IFRS|IAS|SFAS|SB|HB|AB)\s+$")


# A number that numbers a list item or a clause: "30. Effective Date of Agreement", "(2) Pay".
_ENUMERATOR = re.compile(r"\d{1,3}(?:\.\s+[A-Z(]|\)\s)")
_LINE_START = re.compile(r"(?:^|\n)[ \t(]*$")


# "a day" is a span of time after a word that measures one ("for a day", "took a week", "A day later");
# after any other word or a figure it is a rate ("four hours a day", "sleep a night", "1.5% a year"):
# no figure of its own.
_RATE_BEFORE = re.compile(r"(?<![\w-])(?!(?:in|for|within|over|after|about|around|than|nearly|almost|just|only|"
                          r"under|took|takes|take|taking|taken|lasted|lasts|last|spent|spend|spends|"
                          r"once|by|half)\b)[A-Za-z][\w'’-]*\s+$|[\d%]\s+$", re.IGNORECASE)


def _last_digit(raw: str, value: float) -> float | None:
    """The value of the last significant digit of a number as written, at the figure's scale:
    100 for "39,300", 0.1 x scale for "15.5"; None for a number in words."""
    digits = raw.replace(",", "")
    if not re.fullmatch(r"\d+(?:\.\d+)?", digits) or not float(digits):
        return None
    whole, _, fraction = digits.partition(".")
    place = 10.0 ** -len(fraction) if fraction else 10.0 ** (len(whole) - len(whole.rstrip("0")))
    return place * value / float(digits)


_CENTS = re.compile(r"\s*(?:cents?|¢)(?![a-z])", re.IGNORECASE)


_FROM_BEFORE = re.compile(r"\bfrom\s+$", re.IGNORECASE)
_SCALE_WORD = re.compile(r"\d\s*(?:hundred|thousand|million|billion|trillion|mln|mn|bn|tn|[kmb])\b", re.IGNORECASE)


def _change_start(span: str) -> Quantity | None:
    """The first figure of "$0.88 to $0.92" when each side is a whole figure of one kind (not "5 to 7
    million", whose first number takes the scale of the second)."""
    join = re.search(r"\s+to\s+", span)
    if join is None:
        return None
    head, tail = _extract(span[:join.start()]), _extract(span[join.end():])
    if len(head) != 1 or len(tail) != 1 or head[0].kind != tail[0].kind or head[0].currency != tail[0].currency:
        return None
    if _SCALE_WORD.search(span[join.end():]) and not _SCALE_WORD.search(span[:join.start()]):
        return None
    return head[0]


_FORM_AFTER = re.compile(r"-[KQF]\b")


def _figure(f: _Found) -> Quantity | None:
    """A number with what qualifies it: a duration, a percentage, money, a year or a count."""
    raw = f.group("n") or ""
    unit_word = f.group("unit")
    if not f.group("cur") and not f.group("qual") and _LABEL_BEFORE.search(f.text, max(0, f.start - 12), f.start):
        return None  # a label's number ("ASC 842", "Item 7", "Note 4"), not a quantity
    if _FORM_AFTER.match(f.text, f.end):
        return None  # a filing's form ("10-K", "8-K", "10-Q", "20-F"), not a count
    if not f.group("cur") and not f.group("qual") and not f.group("n_hi") and _ENUMERATOR.match(f.text, f.start) \
            and _LINE_START.search(f.text, max(0, f.start - 8), f.start):
        return None  # a list's or a clause's number at a line's start ("30. Effective Date", "(2) Pay"), not a count
    if raw.lower() == "one" and not (f.group("scale") or f.group("pct") or f.group("unit") or f.group("n_hi")) \
            and re.match(r"\s+of\b|\s+(?:another|other)\b", f.text[f.end:f.end + 9], re.IGNORECASE):
        return None  # "one of the largest", "one another": no count
    if (f.group("n_hi") and f.group("cur2") and not f.group("cur") and re.fullmatch(r"(?:19|20)\d\d", raw)
            and f.span.startswith(raw)):
        # "from $1.0 billion in 2020 to $1.1 billion": a year, then money, not a range of money.
        return Quantity(Kind.YEAR, float(raw), float(raw), raw, f.start, f.start + len(raw))
    if f.group("n_hi") and not f.group("cur") and re.fullmatch(r"(?:19|20)\d\d", raw) \
            and re.fullmatch(r"(?:19|20)\d\d", f.group("n_hi") or "") and re.search(r"\b(?:or|and)\b", f.span):
        # "2020 and 2021", "2020 or 2021": two years, not a range of anything.
        return Quantity(Kind.YEAR, float(raw), float(raw), raw, f.start, f.start + len(raw))
    if f.group("n_hi") and not f.group("cur") and re.fullmatch(r"(?:19|20)\d\d", raw) \
            and (_number(f.group("n_hi") or "") or 0.0) < float(raw):
        # "from 21% in 2021 to 18% in 2022": the year of the first figure, then the second; a range
        # never runs down from its first number.
        return Quantity(Kind.YEAR, float(raw), float(raw), raw, f.start, f.start + len(raw))
    if f.group("n_hi") and _FROM_BEFORE.search(f.text, max(0, f.start - 8), f.start):
        first = _change_start(f.span)
        if first is not None:
            # "from $0.88 to $0.92": a change, two figures in their order, not a range.
            return replace(first, start=f.start + first.start, end=f.start + first.end)
    if raw.lower() in ("a", "an"):  # "an hour" is a duration; "a" alone is not a number
        # ... and "a second warehouse" is an ordinal, not one second.
        if not unit_word or f.group("n_hi") or unit_word.lower() == "second":
            return None
        if not f.group("qual") and _RATE_BEFORE.search(f.text, max(0, f.start - 30), f.start):
            return None  # "five hours a day", "twice a week": a rate, not a day
        value: float | None = 1.0
    else:
        value = _number(raw)
    if value is None:
        return None
    if f.group("half"):
        value *= 0.5  # "half a billion dollars"
    hi = _number(f.group("n_hi") or "") if f.group("n_hi") else None
    scale = f.group("scale")
    if f.group("n_hi") and (f.group("n_hi") or "").lower() in _SCALES and not scale:
        # "10-million", "$5-million": the scale of the figure, hyphenated as an adjective, not a range.
        value *= _SCALES[(f.group("n_hi") or "").lower()]
        hi = None
    if scale:
        # "m"/"b"/"k" only count as scales right after digits ("5m"), not as words ("5 members").
        factor = _SCALES.get(scale.lower(), 1)
        if len(scale) == 1 and not re.search(r"\d" + re.escape(scale) + r"$", f.match.group().rstrip(), re.I):
            factor = 1
        value *= factor
        hi = hi * factor if hi is not None else None
    low, high, approx, bound = _bounds(value, hi, f.group("qual"), _last_digit(raw, value))
    if unit_word:
        unit = _unit(unit_word)
        factor = _HOURS[unit]
        return Quantity(Kind.DURATION, low * factor, high * factor, f.span, f.start, f.end, approximate=approx,
                        noun=unit, bound=bound)
    if f.group("pct"):
        return Quantity(Kind.PERCENT, low, high, f.span, f.start, f.end, approximate=approx, bound=bound)
    currency_word = (f.group("cur") or f.group("curpost") or "").lower()
    if currency_word:
        return Quantity(Kind.MONEY, low, high, f.span, f.start, f.end, currency=_CURRENCIES.get(currency_word),
                        approximate=approx, bound=bound)
    cents = _CENTS.match(f.text, f.end)
    if cents and not scale and not f.group("pct"):  # "29 cents a share" is $0.29
        end = f.end + len(cents.group())
        return Quantity(Kind.MONEY, low / 100, high / 100, f.text[f.start:end], f.start, end, currency=_CURRENCIES["$"],
                        approximate=approx, bound=bound)
    if hi is None and low == high and 1900 <= value <= 2099 and re.fullmatch(r"\d{4}", raw) and not scale:
        return Quantity(Kind.YEAR, value, value, f.span, f.start, f.end)
    return Quantity(Kind.COUNT, low, high, f.span, f.start, f.end, noun=_noun_after(f.text, f.end),
                    approximate=approx, bound=bound)


_PARTS_OF_DAY = {"morning": 0, "afternoon": 12, "evening": 12, "night": 12}
_HOUR_WORDS = "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"


def _time_of_day(f: _Found) -> Quantity | None:
    """"five in the morning" (5 a.m.), "7 in the evening" (7 p.m.)."""
    hour = _number(f.group("h"))
    if hour is None or not 1 <= hour <= 12:
        return None
    value = hour % 12 + _PARTS_OF_DAY[f.group("part").lower()]
    return Quantity(Kind.TIME, value, value, f.span, f.start, f.end)


# Patterns with the builder that reads each, tried in order: a stretch of text taken by an earlier
# pattern is not read again by a later one.
_PATTERNS: list[tuple[re.Pattern[str], Callable[[_Found], Quantity | None]]] = [
    (re.compile(rf"\b(?P<month>{_MONTH})\.?\s+(?P<day>\d{{1,2}}){_ORD}\b{_YEAR}", re.I), _date),
    (re.compile(rf"\b(?P<day>\d{{1,2}}){_ORD}\s+(?:of\s+)?(?P<month>{_MONTH})\b{_YEAR}", re.I), _date),
    (re.compile(r"\b(?P<h>\d{1,2})(?::(?P<m>\d\d))?\s*(?P<ap>a\.?m\.?|p\.?m\.?)(?![a-z])", re.I), _time),
    (re.compile(r"\b(?P<h>[01]?\d|2[0-3]):(?P<m>[0-5]\d)\b"), _time),
    (re.compile(rf"\b(?P<h>1[0-2]|[1-9]|{_HOUR_WORDS})(?:\s+o['’]clock)?\s+in\s+the\s+"
                r"(?P<part>morning|afternoon|evening|night)\b", re.I), _time_of_day),
    (re.compile(rf"(?P<n>{_NUM}|\b(?:{_NUMBER_WORD}))[\s-]?fold\b|"
                rf"\b(?P<n2>{_NUM}|{_WORDS})\s*(?:times|x)\b(?!\s+(?:a|per))", re.I), _multiplier),
    (re.compile(r"\b(?P<w>double[d]?|twice|triple[d]?|quadruple[d]?)\b", re.I), _multiplier),
    (re.compile(rf"(?:\b(?P<qual>{_QUAL})\s+)?\bhalf\s+(?:an?\s+)?(?P<unit>{_TIME_UNIT})\b", re.I), _half),
    (re.compile(r"\b(?:number|No\.)\s+(?P<rank>one|two|three|[1-9])\b(?!\s*(?:%|percent|million|billion))", re.I),
     _rank_number),
    (re.compile(r"\b" + _FRACTION, re.I), _fraction),
    (re.compile(r"(?<=\bby\s)" + _FRACTION_OF_CHANGE, re.I), _fraction),
    # ... and one it reached: "rose to one third", "fell to about a quarter".
    (re.compile(r"(?<=\bto\s)" + _FRACTION_OF_CHANGE + r"(?!\s+an?\s)", re.I), _fraction),
    # ... and a cut said as halving: "cut its marketing expense roughly in half", "halved its debt".
    (re.compile(rf"(?:\b(?P<qual>{_QUAL})\s+)?(?:\bin\s+(?P<frac>half)\b(?!\s+(?:of|an?)\b)|\b(?P<halved>halved)\b)",
                re.I), _in_half),
    (re.compile(_MONTH_ALONE, re.I), _named_month),
    (re.compile(r"\bday\s+(?P<dn>" + "|".join(_DAY_WORDS) + r"|\d{1,2})\b(?!\s*(?:%|percent|" + _TIME_UNIT
                + r"|" + _SCALE + r")\b)", re.I), _day_number),
    (re.compile(
        rf"(?:(?P<qual>{_QUAL})\s+)?(?:(?P<cur>{_CUR_PRE})\s?)?"
        rf"(?:(?P<half>half)\s+(?=an?\s+(?:million|billion|trillion|dozen)\b))?(?P<n>{_NUM}|{_WORDS})"
        rf"(?:\s*(?:-|–|—|to|and|or)\s*(?P<cur2>{_CUR_PRE})?\s?(?P<n_hi>{_NUM}|{_WORDS}))?"
        rf"(?:\s?(?P<scale>{_SCALE})\b)?"
        rf"(?:\s?(?P<pct>%|percent|per cent|percentage points?))?"
        rf"(?:[\s-]?(?P<curpost>{_CUR_POST})\b)?"
        rf"(?:[\s-](?P<unit>{_TIME_UNIT})\b)?",
        re.I), _figure),
    # Last, so that "May 10th", "30 seconds" and "the 5th to 8th years" are taken as what they are.
    # "a second warehouse" means another one, not the second in a row.
    (re.compile(r"(?<!\ba )(?<!\ban )\b(?P<o>" + "|".join(_ORDINALS) + r"|\d{1,2}(?:st|nd|rd|th))\b", re.I),
     _ordinal),
]


# A model's designation led by its number: "777-9", "737-10", "777X-9" (a range never runs down).
MODEL = re.compile(r"(?<![\w$.,-])\d{3}[A-Z]?-\d{1,2}[A-Z]?(?![\w%-])")


def extract(text: str) -> list[Quantity]:
    """Every quantity in ``text``, in order, without overlaps (earlier patterns win)."""
    return list(_extract(text))


@lru_cache(maxsize=100_000)
def _extract(text: str) -> tuple[Quantity, ...]:
    """Cached: case sentences are parsed again for every claim that lands on them."""
    # A model's designation holds no figure ("the first 777-9", "777X-9", "737-10").
    taken: list[tuple[int, int]] = [m.span() for m in MODEL.finditer(text)]
    out: list[Quantity] = []
    for pattern, build in _PATTERNS:
        pos = 0
        while (m := pattern.search(text, pos)) is not None:
            q = None
            if m.group().strip() and not any(m.start() < e and s < m.end() for s, e in taken):
                span = m.group().strip()
                start = m.start() + (len(m.group()) - len(m.group().lstrip()))
                q = build(_Found(m, text, span, start, start + len(span)))
                if q is not None and _names_it(text, q):
                    q = None
            if q is None:
                pos = m.start() + 1  # not a quantity here ("a" alone): look again one character on
                continue
            out.append(q)
            taken.append((q.start, q.end))
            pos = max(q.end, m.start() + 1)  # a builder may take less than the match ("2020" of "2020 to $1.1 billion")
    return tuple(sorted(out, key=lambda q: q.start))


_NAME_BEFORE = re.compile(r"\b[A-Z][\w&'’-]*\s+$")
_NAME_LIKE = re.compile(r"^\d{1,4}[MBK]$")  # "3M": a company's name, a count only with a currency ("$5M")


def _names_it(text: str, q: Quantity) -> bool:
    """Is a figure part of a name? A figure written in words is ("Uber One", "Formula One") when it
    is capitalised right after a capitalised word; a count written "3M" always is: a business
    text writes "3 million" or "$3M", and names a company "3M"."""
    if q.kind == Kind.COUNT and _NAME_LIKE.match(q.text):
        return True
    first = q.text.split()[0]
    return first[:1].isupper() and first.lower() in NUMBER_WORDS and bool(_NAME_BEFORE.search(text, 0, q.start))


def _unit(word: str) -> str:
    unit = word.lower().rstrip("s")
    return {"min": "minute", "hr": "hour", "yr": "year"}.get(unit, unit)


def comparable(a: Quantity, b: Quantity) -> bool:
    """Same kind (and the same currency for money; a month with a date): the two can be compared at all.

    Not symmetric: a year (``a``, the claim's: "at the end of 2021") is compared with a dated day
    or month of the case that gives its year ("As of December 31, 2021").
    """
    if a.kind == Kind.YEAR and b.kind in (Kind.DATE, Kind.MONTH) and b.year is not None:
        return True
    if {a.kind, b.kind} <= {Kind.DATE, Kind.MONTH}:
        return True
    if a.kind != b.kind:
        return False
    return not (a.kind == Kind.MONEY and a.currency and b.currency and a.currency != b.currency)


def _month(q: Quantity) -> float:
    """The month of a month or a date (dates are month*100+day)."""
    return q.low if q.kind == Kind.MONTH else q.low // 100


# How a case's one-sided figure is read: "more than 1,800 employees" means some number a little
# above 1,800, not any number at all; a claim of 18,000 (or 2,000 deliverymen for "more than
# 200") is a different figure. Within a factor of two of the stated number counts as the same.
NATURAL_SPAN = 2.0
_LIMIT = re.compile(r"(?:up\s+to|at\s+most|no\s+more\s+than)\b", re.IGNORECASE)


def _month_span(q: Quantity) -> Quantity:
    """A duration in months as the days it may span (28 to 31 a month); any other as it is."""
    if q.noun != "month":
        return q
    return replace(q, low=q.low * 28 * 24 / _HOURS["month"], high=q.high * 31 * 24 / _HOURS["month"])


def _written_digit(q: Quantity) -> float | None:
    """The value of the last significant digit of a figure as written (1,000 for "95,000", 0.1 billion
    for "$4.3 billion"; see :func:`_last_digit`)."""
    m = re.search(r"\d[\d,]*(?:\.\d+)?", q.text)
    nominal = abs(q.low + q.high) / 2
    return _last_digit(m.group(), nominal) if m is not None and nominal else None


def agree(claim: Quantity, case: Quantity) -> bool:
    """Does the claim's figure say the same as the case's? Not symmetric: the case is read naturally.

    * exact or ranged figures agree when their intervals overlap ("about" widens one);
    * a one-sided figure ("more than N", "less than N") stands for a figure near N: within
      ``NATURAL_SPAN`` of it on the open side; so does a claim's "at least N" ("at least 15 stores"
      does not report 50), but not its "within N" ("within three days" holds for four hours);
    * two one-sided figures the same way agree only if the claim is no stronger than the case, and
      within ``NATURAL_SPAN`` of it: "more than 1,000" agrees with "more than 1,800", "more than
      18,000" does not, nor does "more than 500" (each stands for a figure near it); opposite ways
      ("fewer than 1,800" against "more than 1,800") must leave room for a common value;
    * dates agree on month and day (and year when both give one); a month agrees with a date in it;
      a year with a dated day or month of that year.
    """
    if claim.kind == Kind.YEAR and case.kind in (Kind.DATE, Kind.MONTH):
        return case.year == claim.low
    if {claim.kind, case.kind} & {Kind.DATE, Kind.MONTH}:
        # A month agrees with any date in it; two dates need the same month and day.
        same = _month(claim) == _month(case) if Kind.MONTH in (claim.kind, case.kind) else claim.low == case.low
        return same and (claim.year is None or case.year is None or claim.year == case.year)
    if claim.kind == case.kind == Kind.DURATION and claim.noun != case.noun:
        # Months told in weeks or days: a month is 28 to 31 days ("two weeks" is "half a month").
        claim, case = _month_span(claim), _month_span(case)
    # Float rounding only: approximate figures ("about 100,000") already carry a wider interval.
    slack = 1e-9 * max(abs(claim.low), abs(case.low), 1.0)
    if claim.approximate and case.approximate and not (claim.bound or case.bound):
        # Both "about": one's figure must fall within the other's reach, not the two reaches meet
        # ("about 39,300" against "approximately 29,300" do not).
        mid_claim, mid_case = (claim.low + claim.high) / 2, (case.low + case.high) / 2
        # ... and one is the other rounded, at the coarser one's last digit: "about 90,000" or "about
        # 92,000" says "approximately 92,000", "approximately 95,000" does not.
        units = [u for u in (_written_digit(claim), _written_digit(case)) if u is not None]
        rounded = len(units) < 2 or abs(mid_claim - mid_case) <= max(units) / 2 + slack
        return rounded and (case.low - slack <= mid_claim <= case.high + slack
                            or claim.low - slack <= mid_case <= claim.high + slack)
    if claim.bound and case.bound:
        # Each stands for a figure near its number, so the claim's may be weaker but not far off:
        # "at least 15 new stores" misreports "at least 50".
        if claim.bound == case.bound == Bound.LOWER:
            return claim.low <= case.low + slack and case.low <= claim.low * NATURAL_SPAN + slack
        if claim.bound == case.bound == Bound.UPPER:
            if _LIMIT.match(claim.text) and _LIMIT.match(case.text):
                # "up to $5 billion" is a limit set, not a figure near it: another limit is another figure.
                return abs(claim.high - case.high) <= slack
            return claim.high >= case.high - slack and claim.high <= case.high * NATURAL_SPAN + slack
        lower, upper = (claim, case) if claim.bound == Bound.LOWER else (case, claim)
        return lower.low < upper.high - slack
    low, high = case.low, case.high
    if case.bound == Bound.LOWER:
        high = case.low * NATURAL_SPAN
    elif case.bound == Bound.UPPER:
        low = case.high / NATURAL_SPAN
    # So is the claim's "at least N": "at least 15 new stores" does not report the case's 50. A
    # claim's "within three days" does hold for what took four hours.
    claim_high = claim.low * NATURAL_SPAN if claim.bound == Bound.LOWER else claim.high
    return claim.low <= high + slack and low <= claim_high + slack
