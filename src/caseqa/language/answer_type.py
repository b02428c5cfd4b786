"""What kind of answer a question asks for, and whether a sentence holds one.

"How many" wants a figure, "how long" a duration, "when" a date, "why" a cause, "who" a person,
"which company" an organisation, "where" a place, "how did" a method. Questions in the wild put
the question word anywhere ("In what year did ...", "The Normans came from which country?"), so
the patterns are searched, most specific first. A sentence *offers* a kind when it states one that
the question does not already hold (the question's own names and figures are not the answer).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from caseqa.language.quantities import MONTH_WORDS, TIME_UNITS, Kind, Quantity, extract
from caseqa.language.terms import STOPWORDS, related, stem, tokenize


class AnswerType(StrEnum):
    """The kinds of answer told apart; ``OTHER`` for "what did ...", yes/no and the rest."""

    QUANTITY = "quantity"
    DURATION = "duration"
    DATE = "date"
    CAUSE = "cause"
    PERSON = "person"
    ORGANISATION = "organisation"
    PLACE = "place"
    METHOD = "method"
    OTHER = "other"

    @property
    def label(self) -> str:
        """What a notice calls the thing asked for ("no passage gives a figure")."""
        return _LABELS[self]


# The kinds a sentence answers with a figure of its own (see :func:`offers`).
_STATED_IN_FIGURES = frozenset({AnswerType.QUANTITY, AnswerType.DURATION, AnswerType.DATE})

_LABELS = {
    AnswerType.QUANTITY: "a figure", AnswerType.DURATION: "a length of time", AnswerType.DATE: "a date",
    AnswerType.CAUSE: "a reason", AnswerType.PERSON: "a name", AnswerType.ORGANISATION: "an organisation",
    AnswerType.PLACE: "a place", AnswerType.METHOD: "a way it was done", AnswerType.OTHER: "an answer",
}

_ORG_NOUNS = (r"(?:company|companies|firm|firms|organi[sz]ations?|partners?|brands?|business(?:es)?|units?|"
              r"departments?|teams?|groups?|agenc(?:y|ies)|institutions?|banks?|universit(?:y|ies)|schools?|"
              r"restaurants?|hospitals?|platforms?|subsidiar(?:y|ies)|retailers?|suppliers?|manufacturers?|"
              r"party|parties|newspapers?|network|channel|club|team)")
_PLACE_NOUNS = r"(?:city|cities|country|countries|province|state|region|district|town|continent|island|area)"
_TIME_UNITS = r"(?:hours|days|weeks|months|years|minutes|seconds|decades|centuries)"
# Up to two words naming the measure ("what weighted-average discount rate", "what interest rate"); not
# a verb or an article ("what did Alibaba share", "what was the rate of growth", which SQuAD answers in words).
_MEASURE_MODIFIERS = (r"(?:(?!(?:did|does|do|will|would|can|could|should|might|may|was|is|were|are|the|a|an)\b)"
                      r"[\w-]+ ){0,2}?")
# Most specific first: "how many days" is a duration before it is a quantity.
_QUESTION_PATTERNS: tuple[tuple[AnswerType, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern, re.IGNORECASE)) for kind, pattern in (
        (AnswerType.DURATION, rf"\bhow (?:long|quickly|fast|soon)\b|\bhow many {_TIME_UNITS}\b|"
                              rf"\bin how many {_TIME_UNITS}\b|\bwithin how\b|\bfor how long\b|"
                              r"\bwhat (?:length|period|duration)\b"),
        (AnswerType.QUANTITY, r"\bhow (?:many|much|often|old|far|big|large|high|low|tall|wide|deep|heavy)\b|"
                              rf"\bwhat {_MEASURE_MODIFIERS}(?:percentage|percent|share|amount|number|size|price|"
                              r"proportion|fraction|portion|rate|ratio|value|sum|cost|population|total)\b|"
                              r"\bwhat (?:was|is|were|are) the (?:maximum|minimum|average|total|largest|smallest)\b"),
        (AnswerType.DATE, r"\bwhen\b|\b(?:what|which) (?:year|years|date|dates|time|day|month|century|decade|"
                          r"period of time)\b|\bby when\b|\bsince when\b"),
        (AnswerType.CAUSE, r"\bwhy\b|\bwhat (?:was|is|were|are) the (?:(?:main|chief|primary|principal|key|real|"
                           r"major|biggest|underlying|stated|official) )?"
                           r"(?:reasons?|purposes?|goals?|aims?|causes?|motives?|drivers?)\b|"
                           r"\bfor what (?:reason|purpose)\b|\bwhat (?:was|is|were|are|went) wrong\b|"
                           r"\bwhat (?:caused|led to|made|explains?|explained|drove|drives|"
                           r"accounts? for|accounted for)\b"),
        (AnswerType.PERSON, r"\bwho(?:m|se)?\b|\b(?:what|which) (?:person|people|man|woman|individual|leader|"
                            r"founder|president|king|queen|ceo|scientist|author|owner)\b"),
        (AnswerType.PLACE, rf"\bwhere\b|\b(?:what|which) {_PLACE_NOUNS}\b"),
        (AnswerType.ORGANISATION, rf"\b(?:what|which) (?:\w+ )?{_ORG_NOUNS}\b|\bwhat (?:is|was) the name\b|"
                                  r"\bwhat (?:is|was) (?:it|he|she|they) called\b"),
        (AnswerType.METHOD, r"\bhow (?:did|does|do|was|were|is|are|can|could|will|would|has|have|had)\b|"
                            r"\bin what way\b|\bby what (?:means|method)\b|\bwhat (?:method|means|way)\b"),
    )
)


# "who", "when" and "where" also open a clause about a noun ("workers who could not get home",
# "the day when ..."): inside a question they ask only after a preposition or a verb of being
# ("led by whom?", "it was where?") or at its end.
_RELATIVE = re.compile(r"\b(?:who|whom|whose|when|where)\b", re.IGNORECASE)
_ASKING_BEFORE = re.compile(r"(?:^|[,;:(]|\b(?:by|to|for|with|from|of|at|in|on|about|and|or|but|was|is|were|are|"
                            r"be|been|since|until|till|exactly|then))\s*$", re.IGNORECASE)


def _asking(question: str, match: re.Match[str]) -> bool:
    """Does this match ask, rather than open a relative clause about the noun before it?"""
    first = _RELATIVE.match(question, match.start())
    if first is None or first.start() != match.start():
        return True
    return bool(_ASKING_BEFORE.search(question[:match.start()])) or not question[first.end():].strip(" ?!.")


@lru_cache(maxsize=20_000)
def asked(question: str) -> AnswerType:
    """The kind of answer a question asks for: its first question word decides ("Who was the CEO
    when ..." wants a person), and the more specific pattern when two start at the same word."""
    best: tuple[int, int] | None = None
    found = AnswerType.OTHER
    for order, (kind, pattern) in enumerate(_QUESTION_PATTERNS):
        for match in pattern.finditer(question):
            if _asking(question, match):
                if best is None or (match.start(), order) < best:
                    best, found = (match.start(), order), kind
                break
    return found


_CAUSE = re.compile(r"\b(?:because|due to|since|so that|in order to|as a result|reasons?|thanks to|therefore|"
                    r"driven (?:\w+ )?by|attributable to|"
                    r"to help|to provide|to ensure|to support|to make|to allow|to enable|to avoid|to prevent|"
                    r"aimed? to|so as to|caused|led to|result(?:ed)? (?:in|from)|owing to|purpose)\b", re.IGNORECASE)
# A cause said outright, as opposed to a purpose ("to help") or a mere "since".
_STATED_CAUSE = re.compile(r"\b(?:because|due (?:\w+ )?to|driven (?:\w+ )?by|attributable to|as a result of|owing to|"
                           r"thanks to|caused by|reasons?|problems?)\b", re.IGNORECASE)
# A sentence that opens by explaining what the sentence before it stated: "The increase was due
# primarily to ...", "This was driven by ...", "This model had two problems: ...".
_EXPLAINS = re.compile(r"^\W*(?:the|this|these|that|those|such)\b(?:\s+[\w-]+){0,3}?\s+(?:was|were|is|are|has been|"
                       r"have been)\s+(?:\w+\s+)?(?:due|driven|attributable|caused|because|primarily|mainly|largely|"
                       r"partly|partially)\b|^\W*(?:the|this|these|that|those|such)\b(?:\s+[\w-]+){0,3}?\s+(?:had|has|"
                       r"faced)\s+(?:\w+\s+)?(?:problems?|drawbacks?|reasons?|issues?|flaws?)\b", re.IGNORECASE)
_METHOD = re.compile(r"\b(?:by|through|via|using|with the help of|by means of)\b|\b(?:set up|launched|created|"
                     r"introduced|built|used|adopted|established|developed|organi[sz]ed|arranged|offered)\b",
                     re.IGNORECASE)
# A capitalised word not at the start of a sentence: a name of a person, organisation or place.
_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][\w&.\-']*[a-zA-Z]")
_PERSON = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|Prof|Sir|Lord|King|Queen|President|CEO)\b|\b[A-Z][a-z]+ [A-Z][a-z]+\b|"
                     r"(?i:\b(?:founder|chairman|director|manager|owner|minister|he|she|his|her)\b)")
_ORG = re.compile(rf"(?i:\b{_ORG_NOUNS}\b)|\b(?:Inc|Corp|Ltd|Co|Group|LLC|plc|AG|GmbH)\b|\b[A-Z]{{2,}}\b|"
                  r"\b[A-Z][a-z]+[A-Z]\w*")
_PLACE = re.compile(rf"\b{_PLACE_NOUNS}\b")
# A name where a place goes: after a preposition of place or a verb of going ("They left Anhui").
PLACE_BEFORE = (r"\b(?:in|at|from|to|into|near|across|throughout|via|outside|inside|around|left|leaving|"
                r"leave|reached|reaching|entered|visited|toward|towards)\s+(?:the\s+)?")
_PLACE_NAME = re.compile(PLACE_BEFORE + r"([A-Z][\w.\-']*[a-zA-Z])")
_DURATION_WORDS = re.compile(rf"\b{_TIME_UNITS}\b|\b(?:hour|day|week|month|year|minute|overnight)\b", re.IGNORECASE)
_QUANTITY_KINDS = frozenset({Kind.COUNT, Kind.MONEY, Kind.PERCENT, Kind.MULTIPLIER})
_DATE_KINDS = frozenset({Kind.DATE, Kind.MONTH, Kind.YEAR, Kind.TIME})


@dataclass(frozen=True)
class SentenceFacts:
    """What a sentence states, computed once per sentence: its terms, figures, names and markers."""

    terms: frozenset[str]
    quantities: tuple[Quantity, ...]
    quantity_kinds: frozenset[str]
    names: frozenset[str]  # capitalised words, lower-cased
    cause: bool
    method: bool
    person: bool
    organisation: bool
    place: bool  # a word for a place ("city", "province")
    places: frozenset[str]  # names where a place goes ("from Anhui"), lower-cased
    duration_words: bool
    words: int


@lru_cache(maxsize=100_000)
def facts(sentence: str) -> SentenceFacts:
    """The facts of a sentence (cached: sentences recur across questions)."""
    found = tuple(extract(sentence))
    return SentenceFacts(
        terms=frozenset(tokenize(sentence)),
        quantities=found,
        quantity_kinds=frozenset(q.kind for q in found),
        names=frozenset(w.lower() for w in _NAME.findall(sentence)),
        cause=bool(_CAUSE.search(sentence)),
        method=bool(_METHOD.search(sentence)),
        person=bool(_PERSON.search(sentence)),
        organisation=bool(_ORG.search(sentence)),
        place=bool(_PLACE.search(sentence)),
        places=frozenset(_bare(m.group(1).lower()) for m in _PLACE_NAME.finditer(sentence)),
        duration_words=bool(_DURATION_WORDS.search(sentence)),
        words=len(sentence.split()),
    )


def explains_previous(kind: AnswerType, sentence: str, following: str, question: str = "") -> bool:
    """For a question asking why, does ``following`` give the cause of what ``sentence`` states,
    which does not give one itself? "Cost of revenue increased $202.0 million, or 14%, in 2021." /
    "The increase was due primarily to an increase of $160.6 million in insurance costs ...". For
    one asking why something could not be done, the cause may be the obstacle met next: "... starting
    from the convenience store." / "But then the team found that there are not many convenience
    stores open ..."."""
    if kind != AnswerType.CAUSE or _STATED_CAUSE.search(sentence):
        return False
    if _EXPLAINS.match(following):
        return True
    return bool(_WHY_NOT.search(question) and _OBSTACLE.match(following) and _DENIED.search(following))


# "Why couldn't Eleme rely on ...", "Why didn't the plan work": a question about what failed.
_WHY_NOT = re.compile(r"^\W*why\b[^?]*?\b(?:\w+n[’']t|not|never|unable|fail(?:ed|s)?)\b", re.IGNORECASE)
# A sentence that turns to what stood in the way: "But then the team found that there are not many ...".
_OBSTACLE = re.compile(r"^\W*(?:but|however|yet|unfortunately)\b", re.IGNORECASE)
_DENIED = re.compile(r"\b(?:not|no|never|none|nothing|unable|could\s*n[’']t|closed|failed|lack(?:ed)?|few)\b|n[’']t\b",
                     re.IGNORECASE)


def offering(kind: AnswerType, sentences: Sequence[str], first: int, logits: Sequence[float], question: str) -> int:
    """The sentence to highlight first for a question asking for a figure, a length of time or a date:
    when ``first`` is a table's header line ("Weighted-average discount rate": short, no full stop,
    no figure), the most likely of the rows under it that offers one ("Operating leases 6.3 % 6.4 %");
    else ``first``. In prose the sentence the model chose stands: moving to any sentence with a
    figure lowered held-out SQuAD."""
    if kind not in _STATED_IN_FIGURES or not header_line(sentences[first]) or offers(kind, sentences[first], question):
        return first
    below = [i for i in range(first + 1, min(len(sentences), first + 1 + _ROWS_UNDER_HEADER))
             if offers(kind, sentences[i], question)]
    return max(below, key=lambda i: logits[i]) if below else first


# A header line of a table: a few words, no sentence's full stop ("Weighted- Average Grant Date Fair Value").
_HEADER_LINE = re.compile(r"^[^.!?|]{1,80}$")
_ROWS_UNDER_HEADER = 6


def header_line(sentence: str) -> bool:
    """Is the sentence a table's header line (a few words, no full stop), whose rows give its figures?"""
    return bool(_HEADER_LINE.match(sentence.strip()))


# A sentence that opens by referring back to what the sentence before it named.
_REFERS_BACK = re.compile(r"^\W*(?:it|they|he|she|this company|the company|this firm)\b", re.IGNORECASE)
_PERSONAL = re.compile(r"^\W*(?:he|she)\b", re.IGNORECASE)


def said_next(kind: AnswerType, sentence: str, following: str, question: str) -> bool:
    """For a question asking for a place, a name, a date or a figure, does ``following`` give it by
    referring back to what ``sentence`` named, which gives none ("These masks were the first donation
    Alibaba Group sent to Wuhan." / "They left Anhui at 7pm the day before." for "Where did the first
    donation set out from?")?"""
    if kind not in _SAID_NEXT or not _REFERS_BACK.match(following):
        return False
    return not offers(kind, sentence, question) and offers(kind, following, question)


_SAID_NEXT = frozenset({AnswerType.PLACE, AnswerType.PERSON, AnswerType.ORGANISATION, AnswerType.DATE,
                        AnswerType.QUANTITY, AnswerType.DURATION})


def actor_next(kind: AnswerType, sentence: str, following: str, question: str) -> bool:
    """For a question asking what someone did or how ("What did Fliggy staff do for healthcare workers
    ...?", "How did Fliggy respond ...?"), does ``following`` say it of that actor ("The Fliggy employees
    would contact the nearby local hotels ...") while ``sentence`` only sets the scene and names it
    nowhere ("... the healthcare staff could not commute to and from work.")? A sentence that opens by
    referring back ("It suffered ...", "They ...") may speak of the actor and is left to the model."""
    if kind not in (AnswerType.OTHER, AnswerType.METHOD):
        return False
    actor = _ACTOR_ASKED.match(question)
    if actor is None or _REFERS_BACK.match(sentence) or _REFERS_BACK.match(following):
        return False
    name = _bare(actor.group(1).lower())

    def named(text: str) -> bool:
        return any(_bare(w.lower()) in (name, name + "s") for w in _WORD.findall(text))

    return not named(sentence) and named(following)


# How many sentences on a scene may run before the one saying what the actor asked about did.
_ACTOR_REACH = 2


def actor_ahead(kind: AnswerType, sentences: Sequence[str], first: int, question: str) -> int:
    """The sentence to highlight for a question asking what someone did: the first of the next
    ``_ACTOR_REACH`` sentences that says it of the actor (:func:`actor_next`) when ``first`` and the
    ones between only set the scene, naming no one ("The outbreak happened during the Chinese New
    Year ... The turn of events saw many people cancelling ... Fliggy was the first to issue the
    refund notices ..."); else ``first``."""
    for ahead in range(first + 1, min(len(sentences), first + 1 + _ACTOR_REACH)):
        if actor_next(kind, sentences[first], sentences[ahead], question):
            return ahead
        # A sentence between must set the scene too: naming no one and not referring back.
        if _REFERS_BACK.match(sentences[ahead]) or _NAME_IN.search(sentences[ahead][1:]):
            return first
    return first


def next_step(kind: AnswerType, sentence: str, following: str, question: str) -> bool:
    """For a question asking what someone did or how once something had failed ("How did the Eleme
    team try to get self-pickup points once convenience stores and bakeries turned out to be
    closed?"), does ``sentence`` only tell that failure (it holds a word of the question's "once ..."
    clause: "... tried to find some bakery stores, but still ended up with the same problem.") and
    ``following`` open on the next step ("Later, Eleme tried to contact the local government ...")?"""
    if kind not in (AnswerType.OTHER, AnswerType.METHOD):
        return False
    premise = _PREMISE.search(question)
    if premise is None or not _NEXT_STEP.match(following):
        return False
    told = {stem(w) for w in _WORD.findall(premise.group(1).lower()) if len(w) > 3}
    said = {stem(w) for w in _WORD.findall(sentence.lower())}
    return any(related(t, u) for t in told for u in said)


# "... once convenience stores turned out to be closed", "after the first plan failed": what had happened.
_PREMISE = re.compile(r"\b(?:once|after|when)\s+([^?]+?)(?:\s+(?:turned out|proved|failed|fell through|"
                      r"did(?:n[’']t| not) work|(?:were|was) (?:closed|unavailable|not)))\b", re.IGNORECASE)
# A sentence that tells the next step of a story: "Later, ...", "Then ...", "Eventually ...".
_NEXT_STEP = re.compile(r"^\W*(?:later|then|next|eventually|finally|afterwards|subsequently|in the end)\b",
                        re.IGNORECASE)


# A capitalised word after a sentence's first letter: a name (or an acronym) the sentence gives.
_NAME_IN = re.compile(r"(?<![.!?]\s)\b[A-Z][a-z]+[A-Za-z]*\b")


# "What did Fliggy staff do ...", "How did Ele.me respond ...": the name after the verb is the actor asked about.
_ACTOR_ASKED = re.compile(r"^\W*(?i:what|how)\s+(?i:did|does|do|has|have|had|will|would|could|can)\s+(?:the\s+)?"
                          r"([A-Z][\w&.\-'’]*[A-Za-z](?:'s|’s)?)")
# A word as a name is written: "Ele.me's", "Alibaba", "Hema".
_WORD = re.compile(r"[A-Za-z][\w&.\-'’]*[A-Za-z](?:'s|’s)?")


def named_before(kind: AnswerType, sentence: str, previous: str, question: str) -> bool:
    """For a question asking for a name ("Which company ..."), does ``sentence`` refer back ("It had its own
    cold storage ...") without naming anything the question does not, while ``previous`` names it ("...
    found a local company called WanDunTong")?"""
    if kind not in (AnswerType.ORGANISATION, AnswerType.PERSON, AnswerType.PLACE) or not _REFERS_BACK.match(sentence):
        return False
    asked_about = question_names(question)

    def new_names(text: str) -> set[str]:
        return {_bare(n) for n in facts(text).names} - asked_about - MONTH_WORDS

    # "He" or "she" asked who is someone: the person is named before, whatever offices the sentence
    # names ("He joined NIKE as Senior Director ..., and was appointed Chief Financial Officer of
    # Emerging Markets" after "Matthew Friend, Executive Vice President and Chief Financial Officer").
    if kind == AnswerType.PERSON and _PERSONAL.match(sentence):
        return bool(new_names(previous))
    return not new_names(sentence) and bool(new_names(previous))


def _bare(name: str) -> str:
    """A name without its possessive: "alibaba's" is "alibaba"."""
    return name[:-2] if name.endswith(("'s", "’s")) else name


def question_names(question: str) -> frozenset[str]:
    """The capitalised words of a question, lower-cased and without a possessive ("Ele.me's" is
    "ele.me"): they name what is asked about, not the answer."""
    return frozenset(_bare(w.lower()) for w in _NAME.findall(question))


def offers(kind: AnswerType, sentence: str, question: str) -> bool:
    """Does the sentence hold something of the kind asked for, beyond what the question already says?

    Args:
        kind: What the question asks for (see :func:`asked`).
        sentence: A sentence of the case.
        question: The question, whose own figures and names do not count as an answer.
    """
    here = facts(sentence)
    if kind in _STATED_IN_FIGURES:
        # "How much sleep did they get?" is answered by "five hours": a quantity question takes durations too.
        wanted = {AnswerType.QUANTITY: _QUANTITY_KINDS | {Kind.DURATION},
                  AnswerType.DURATION: frozenset({Kind.DURATION}), AnswerType.DATE: _DATE_KINDS}[kind]
        own = {(q.kind, q.low, q.high) for q in extract(question)}
        return any(q.kind in wanted and (q.kind, q.low, q.high) not in own for q in here.quantities) or (
            kind == AnswerType.DURATION and here.duration_words and bool(here.quantities))
    if kind == AnswerType.CAUSE:
        return here.cause
    if kind == AnswerType.METHOD:
        return here.method
    asked_about = question_names(question)
    new_names = bool({_bare(n) for n in here.names} - asked_about)
    if kind == AnswerType.PERSON:
        return new_names and here.person
    if kind == AnswerType.ORGANISATION:
        return new_names or here.organisation
    if kind == AnswerType.PLACE:
        # A place the question names already ("sent to Wuhan" for "... to Wuhan set off from?") is not the answer.
        return bool(here.places - asked_about) or (new_names and here.place)
    return False


@dataclass(frozen=True)
class FigureAsked:
    """What figure a "how many / how much / what share" question wants, as far as its words say.

    ``kinds`` are the kinds of quantity that can answer it; ``things`` the stems of the words for
    what is counted ("how many self-pickup points" -> self, pickup, point) and each word less its
    last letter; empty when the question does not say or counts something any figure may stand for
    ("how many people").
    """

    kinds: frozenset[Kind]
    things: frozenset[str]
    what: str = ""  # what is counted, as the question writes it
    money: bool = False  # "how much did it cost": an amount of money, or a bare figure (a table's cell)
    period: str = ""  # a year after the report's own that the figure must be said of ("2024")

    @property
    def label(self) -> str:
        """What a notice says no sentence gives: "a percentage", "a figure for “Hema stores”",
        "an amount of money for 2024"."""
        if self.money:
            said = "an amount of money"
        elif Kind.COUNT not in self.kinds:
            said = "a percentage or rate"
        else:
            said = f"a figure for “{self.what}”" if self.things else "a figure"
        return f"{said} for {self.period}" if self.period else said


# "What share / percentage", "what interest rate": a share of a whole. A rate is one only when a
# word names the measure ("attrition rate", "interest rate"): "at what rate" asks how fast. Ratios
# and proportions are left out: SQuAD answers them in words ("ten to one") as often as in figures.
# A named rate may also be a price (an hourly rate), so money answers it too.
_NAMED_RATE = r"(?!(?:what|the|a|an|its|their|at|this|that|which|is|was)\b)[a-z]+ rate"
# "Net loss per share", "share price", "share count", "share repurchases" speak of shares of stock,
# not a share of a whole.
_A_SHARE = (r"(?<!per )share(?!s)(?![\s-](?:price|count|counts|repurchases?|buybacks?|capital|issuances?|based|"
            r"awards?|options?|compensation)\b)")
_SHARE = re.compile(rf"\b(?:percentage|percent|per cent|{_A_SHARE}|{_NAMED_RATE})\b", re.IGNORECASE)
_HOW_MANY = re.compile(r"\bhow many ((?:[\w’'.-]+ ){0,4}?)(?=(?:did|do|does|were|was|are|is|had|have|has|will|would|"
                       r"could|can|should|might|must|in|of|on|at|for|from|to|per|across|during|under|over|by|"
                       r"with|within|between|among|that|which|who|than)\b|[?,;]|$)", re.IGNORECASE)
# Counted things any number of people or items may stand for: no word of the answer need name them.
_ANY_COUNT = frozenset(stem(w) for w in ("people", "persons", "individuals", "times", "units", "items", "more",
                                         "total", "number", "new", "other", "additional", "different", "such"))


# Words that ask for a figure, say how it came about or how much of it, not what it counts ("the size of
# the total order backlog", "how much money went into research", "how much revenue did it generate
# overall"): a row's
# label never says them (retrieve/rows.py), nor what a figure answering the question is said of (retrieve/weak.py).
ASKING_WORDS = frozenset(stem(w) for w in (
    "size", "money", "amount", "amounts", "sum", "figure", "value", "level", "generate", "generated", "generates",
    "bring", "brought", "went", "go", "goes", "spend", "spent", "produce", "produced", "post", "posted",
    "report", "reported", "record", "recorded", "make", "made", "overall", "whole", "entire", "combined"))


# The words for the people who work somewhere, one another's paraphrase when counted.
WORKFORCE = frozenset(stem(w) for w in ("workers", "employees", "staff", "personnel", "workforce", "headcount",
                                        "colleagues", "associates", "hires", "recruits"))
_HOW_MANY_ASKED = re.compile(r"\bhow many\b", re.IGNORECASE)
_HOW_BIG = re.compile(r"\bhow (?:big|large)\b|\bsize of\b", re.IGNORECASE)
# "What was Uber's ...", "What interest rate ...": the thing asked for right after "what", which the
# answer types read as OTHER.
_WHAT_IS = r"^\W*what (?:(?:was|is|were|are|will be) )?(?:the |its |their |(?:[\w.&-]+ ){0,2}[\w.&-]+['’]s )?"
# "What was Uber's attrition rate", "What interest rate did ...": a share.
_SHARE_ASKED = re.compile(rf"{_WHAT_IS}(?:[\w-]+ ){{0,3}}?(?:percentage|percent|{_A_SHARE}|{_NAMED_RATE})\b",
                          re.IGNORECASE)
# "What portion of sales came from its biggest customer?": a share, however the question goes on.
_PORTION_ASKED = re.compile(r"\bwhat\s+(?:portion|proportion|fraction)\s+of\b", re.IGNORECASE)
# What a report measures in percent as often as in money: "how much input cost inflation", "how much
# growth" are answered by "approximately 14 percent".
_RATE_NOUN = re.compile(r"\b(?:inflation|deflation|growth|margin|yield|return)\b", re.IGNORECASE)


# "How much did it cost", "what was the average fare": money, which a statement's cell may give bare.
_MONEY_NOUNS = (r"revenues?|sales|costs?|prices?|wages?|salar(?:y|ies)|fares?|fees?|compensation|income|profits?|"
                r"budget|valuation|spending|expenses?|debt|funding|earnings|payouts?|payments?|bookings|assets|"
                r"liabilities|ebitda|proceeds|goodwill|loss(?:es)?|reserves|backlog|expenditures?|capex|dividends?|"
                r"margins?|cash flows?|purchase price|consideration")
_MONEY_WORD = re.compile(rf"\b(?:{_MONEY_NOUNS}|money|cash|spen[dt]|pa(?:y|id|ys)|earn(?:ed|s)?|charged?|funds?|"
                         r"invest(?:ed|s)?|investments?|donat(?:e|ed|ions?)|rais(?:e|ed)|lend|lent|loans?|"
                         r"worth|dollars?|yuan|rmb|euros?|pounds?)\b", re.IGNORECASE)
# "What was Alibaba's revenue in 2020?", "What hourly wage did Hema pay?": money asked after "what".
# The thing asked for is the money noun itself (not "the Yuan's ally", nor "the comparison in price").
_MONEY_ASKED = re.compile(rf"{_WHAT_IS}(?:(?!(?:in|of|for|between|on|to|at|by)\b)[\w'’.-]+ ){{0,4}}?"
                          rf"(?:{_MONEY_NOUNS})\b", re.IGNORECASE)
# "What did Oracle spend on capex in FY2023?", "What did Oracle pay for Cerner?": an amount of money.
_SPENT_ASKED = re.compile(r"^\W*what (?:did|does|do|will) (?:[\w.&'’-]+ ){1,4}?(?:spend|pay|earn|borrow|invest|"
                          r"raise|generate|charge)\b(?! (?:attention|tribute|homage)\b)", re.IGNORECASE)
# "What extra costs does Proposition 22 create", "What fees do drivers pay": which kinds of costs,
# not how much ("What price did Hema charge" and "What were Lyft's costs" still ask an amount).
_WHICH_KINDS = re.compile(r"^\W*what (?:[\w-]+ )?(?:costs|fees|prices|expenses|payments|charges) "
                          r"(?:does|do|did|will|would|can|could|might|may)\b", re.IGNORECASE)
# "How much did revenue grow": a change, which a percentage or a multiple may give.
_CHANGE_ASKED = re.compile(r"\b(?:grow|grew|grown|increase[ds]?|decrease[ds]?|rise|rose|risen|fall|fell|fallen|"
                           r"drop(?:ped)?|change[ds]?|by how much|improve[ds]?|decline[ds]?)\b", re.IGNORECASE)


# Rates that are prices ("an hourly rate", "the room rate"), answered in money; other named rates
# ("interest rate", "tax rate", "attrition rate") are shares.
_PAY_RATES = frozenset("hourly daily weekly monthly nightly day room pay wage base flat".split())
# ... and rates of incidents, given as a bare number per so many hours worked ("a Company-wide TRIR of
# just 0.46 in 2022").
_COUNTED_RATES = frozenset("injury incident accident recordable frequency severity safety".split())


# "At what rate is Orange County developing?": how fast, answered in words ("rapidly") as often as in figures.
_HOW_FAST = re.compile(r"\bat what (?:rate|pace|speed)\b", re.IGNORECASE)


def figure_asked(question: str) -> FigureAsked | None:
    """The figure a question asks for (see :class:`FigureAsked`), or None when it asks for none."""
    if _HOW_FAST.search(question):
        return None
    kind = asked(question)
    if _PORTION_ASKED.search(question):
        return FigureAsked(frozenset({Kind.PERCENT, Kind.MULTIPLIER}), frozenset())
    found = _SHARE.search(question)
    shared = _SHARE_ASKED.search(question)
    if (kind == AnswerType.QUANTITY and found and not _HOW_MANY_ASKED.search(question)) or (
            kind == AnswerType.OTHER and shared):
        words = (shared or found).group().lower().split()
        pay = words[-1] == "rate" and len(words) > 1 and words[-2] in _PAY_RATES
        counted = words[-1] == "rate" and len(words) > 1 and words[-2] in _COUNTED_RATES
        return FigureAsked(frozenset({Kind.PERCENT, Kind.MULTIPLIER}) | ({Kind.MONEY} if pay else set())
                           | ({Kind.COUNT} if counted else set()), frozenset())
    if kind == AnswerType.OTHER and (_MONEY_ASKED.search(question) or _SPENT_ASKED.search(question)) \
            and not _CHANGE_ASKED.search(question) and not _WHICH_KINDS.search(question):
        if _RATE_NOUN.search(question):  # "What was the hardware segment margin": money or a percentage
            return FigureAsked(frozenset({Kind.MONEY, Kind.COUNT, Kind.PERCENT, Kind.MULTIPLIER}), frozenset())
        return FigureAsked(frozenset({Kind.MONEY, Kind.COUNT}), frozenset(), money=True)
    if kind != AnswerType.QUANTITY:
        return None
    if (_MONEY_WORD.search(question) and not _CHANGE_ASKED.search(question)
            and not _HOW_MANY_ASKED.search(question)):
        if _RATE_NOUN.search(question):
            return FigureAsked(frozenset({Kind.MONEY, Kind.COUNT, Kind.PERCENT, Kind.MULTIPLIER}), frozenset())
        return FigureAsked(frozenset({Kind.MONEY, Kind.COUNT}), frozenset(), money=True)
    if _HOW_BIG.search(question) and {stem(w.lower()) for w in re.findall(r"[^\W\d_]+", question)} & WORKFORCE:
        # "How big is Pfizer's workforce?": a count of people, not "49% of our global workforce".
        return FigureAsked(frozenset({Kind.COUNT}), WORKFORCE, "employees")
    counted = _HOW_MANY.search(question)
    words = [w.lower() for w in re.findall(r"[^\W\d_]+", counted.group(1))] if counted else []
    words = [w for w in words if w not in STOPWORDS and len(w) > 2]
    if {stem(w) for w in words} & _ANY_COUNT:
        words = []
    # Each word's stem, and the word less its last letter ("deliver" of "delivery", whose stem
    # "deliveri" is not inside "deliverymen").
    things = frozenset(key for w in words for key in (stem(w), w[:-1] if len(w) > 4 else w))
    if things & WORKFORCE:  # "how many workers" is answered by "1800 employees"
        things |= WORKFORCE
    # "How many employees" is not answered by "5.8 million hours of learning": a length of time answers
    # a count only of units of time, or of what the question does not name.
    timed = not things or any(t.startswith(unit) for t in things for unit in TIME_UNITS)
    return FigureAsked(_QUANTITY_KINDS | ({Kind.DURATION} if timed else set()), things,
                       counted.group(1).strip() if things else "")


def _years(q: Quantity) -> bool:
    """A bare figure that reads as years ("Brazil | 2016 - 2021", the tax years open to examination),
    which is no amount of money."""
    return all(v == int(v) and 1900 <= v <= 2100 for v in (q.low, q.high))


def _aside(sentence: str, q: Quantity) -> bool:
    """Is the figure a bare number in brackets in prose ("Mr. Squeri (63) has been Chairman"): an age or
    a reference, not an amount (a table prints a negative amount so: "(93,639)")?"""
    return " | " not in sentence and sentence[q.start - 1:q.start] == "(" and sentence[q.end:q.end + 1] == ")"


def gives_figure(wanted: FigureAsked, sentence: str, question: str) -> bool:
    """Does the sentence give a figure of the kind asked, beside the words for what is counted?

    A figure the question itself states is not the answer. When the question says what it counts,
    the sentence must name it too (one of its words, maybe inside a longer one: "points" for
    "self-pickup points", "stockholders" for "holders"): a
    sentence counting something else ("200 deliverymen" for "how many masks") does not answer.
    """
    here = facts(sentence)
    own = {(q.kind, q.low, q.high) for q in extract(question)}
    if not any(q.kind in wanted.kinds and (q.kind, q.low, q.high) not in own
               and not (wanted.money and q.kind == Kind.COUNT and (q.noun or _years(q) or _aside(sentence, q)))
               for q in here.quantities):
        return False
    # A word may name it inside a longer one: "stockholders" for "holders", "deliverymen" for "delivery".
    low = sentence.lower()
    return not wanted.things or any(thing in low for thing in wanted.things)
