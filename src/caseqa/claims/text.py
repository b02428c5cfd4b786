"""The text side of claim checking: a claim's terms and figures, names, negation, titles, opposites, clauses."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from caseqa.language import quantities as qty
from caseqa.language.terms import STOPWORDS, common_word, initials_in, terms_with_words, without_possessive
from caseqa.types import Span

# Words that carry no claim on their own: verbs of saying/doing that paraphrase freely, and the
# words of figures (compared as quantities instead).
LIGHT_WORDS = frozenset(
    """
    make makes made take takes took taken set sets get gets got give gives gave given go goes went
    come comes came use uses used put puts say says said tell told want wants wanted become became
    posted posts reported reports recorded records booked logged
    also really actually still even already much many several various lot lots thanks no alone
    about around approximately nearly almost roughly over under within less more than least most upwards
    across among amid amidst via toward towards throughout despite along beyond besides plus versus vs
    percent per cent hundred thousand million billion trillion dozen half
    second seconds minute minutes hour hours day days week weeks month months year years
    rmb yuan dollar dollars usd cny euro euros pound pounds
    """.split()
) | qty.NUMBER_WORDS

# The words that place a figure in its period ("at the end of 2021", "year-end", "mid-March"): the date
# is compared as a figure, and the case writes it otherwise ("As of December 31, 2021", "March 13").
_PERIOD_OF = re.compile(r"\b(?:end|close|beginning|start|middle)s? of (?:the |its |their )?"
                        r"(?:fiscal |financial |calendar )?(?=year\b|quarter\b|\d{4}\b)|\b(?:year|quarter)[- ]end\b|"
                        r"\bmid-?(?=(?:january|february|march|april|may|june|july|august|september|october|november|"
                        r"december)\b)"
                        # "founded back in 1850", "as far back as 1998": a date said to be long ago.
                        r"|\b(?:way\s+)?back\s+(?=(?:in|to|as\s+early\s+as)\s+(?:the\s+)?\d{4}\b)|\bas\s+far\s+back\s+as\b",
                        re.IGNORECASE)

TITLES = (
    "chief executive officer", "chief executive", "chief financial officer", "chief technology officer",
    "chief operating officer", "executive vice president", "senior vice president", "corporate vice president",
    "group vice president", "vice president", "co-founder", "product owner", "executive chairman",
    "ceo", "cfo", "cto", "coo", "president", "chairman", "chairwoman", "chair", "founder", "director",
    "manager", "head", "owner", "secretary", "minister", "mayor", "governor", "professor", "partner",
    "designer", "engineer", "leader", "spokesperson", "spokesman", "spokeswoman", "analyst", "consultant",
)
# A verb that says no more than "is" of the figure right after it.
_FIGURE_VERB = re.compile(r"\b(?:reach(?:ed|es|ing)?|total(?:l?ed|l?ing|s)?|amount(?:ed|s|ing)?\s+to|"
                          r"st(?:ood|ands?|anding)\s+at|hit|hits|came\s+to|comes?\s+to|number(?:ed|s)?)\s+$",
                          re.IGNORECASE)
# ... and any chief officer a company names ("Chief Merchandising Officer", "Chief Digital and Technology Officer").
TITLE_RE = re.compile(r"\b(chief\s+(?:[a-z]+\s+){1,3}officer|" + "|".join(re.escape(t) for t in TITLES) + r")\b",
                       re.IGNORECASE)
_NEGATION = re.compile(r"\b(?:not|never|no longer|cannot|nobody|nothing|neither|nor|without|none of)\b|n[’']t\b|"
                       r"\bno\b(?!\.?\s*\d)(?=\s+[a-z])",
                       re.IGNORECASE)
# "did not arrive until January 31st" says when it arrived, and "not only ... but" adds; neither denies.
# Nor do "at no charge" (free), "no later than" (by) or "no more than" (at most).
_NOT_A_DENIAL = re.compile(r"\s*(?:only\b|just\b|(?:[\w’'-]+\s+){0,4}(?:until|till)\b|"
                           r"(?:extra\s+|additional\s+)?(?:charge|cost)\b|doubt\b|"
                           r"(?:more|less|fewer|later|sooner|earlier)\s+than\b)", re.IGNORECASE)
# A name's words, a middle initial among them ("Kofi A. Bruce"); a name may open in lower case ("iPad", "eBay"),
# or with initials ("U.S. Consumer Services").
_ENTITY = re.compile(r"\b(?:(?:[A-Z]\.){2,}(?=\s+[A-Z][a-z])|"
                     r"(?:[A-Z]|[a-z]{1,2}(?=[A-Z]))[\w&\-]*(?:\.[a-z]+)?(?:[’']s)?)"
                     r"(?:\s+(?:[A-Z]\.\s+(?=[A-Z][a-z]))?[A-Z][\w&\-]*(?:\.[a-z]+)?)*")
_CLAUSE_BREAK = re.compile(r"(?<!\d)[,:]|[,:](?!\d)|[;()]|\s[–—-]\s|\b(?:and|but|while|whereas|which|who)\b")
_MONTHS = {m for m in qty.MONTH_WORDS if len(m) > 3} | {"may"}


_NOT_NAMES = STOPWORDS | _MONTHS | qty.NUMBER_WORDS | frozenset(
    t for title in TITLES for t in title.split()) | qty.CURRENCY_WORDS | frozenset(  # "RMB" is money, not a name
    # Prepositions that open a sentence ("Outside the United States, ...") whatever a filing capitalises.
    "outside inside within across during despite unlike beyond throughout amid among upon toward towards "
    "besides following including excluding regarding".split()) | frozenset(
    # A legal form after a company's name ("Activision Blizzard, Inc.") is no name of its own.
    "inc llc ltd plc corp".split())


def _sentence_initial(text: str, at: int) -> bool:
    before = text[max(0, at - 8):at].rstrip(" \t“\"'‘(")
    return (not before and at < 8) or (bool(before) and before[-1] in ".!?\n:")


def _ordinary(word: str) -> bool:
    """Could the word be any English word capitalised to open a sentence ("According")? "JD.com",
    "ShuiFeng" and "IBM" could not: they are names wherever they stand."""
    return bool(re.fullmatch(r"[A-Z][a-z’'-]*", word))


def entities(text: str, context: str | None = None) -> list[str]:
    """Capitalised names in text ("Cainiao", "Jack Ma", "Ele.me"), possessives removed.

    A capitalised word that starts a sentence ("Two days later", "According to") is only a name
    if ``context`` (the document) also capitalises it in mid-sentence (but for an everyday word alone
    that it also writes in lower case: "Sales of devices"), or never uses it and it is
    no everyday word ("Deloitte audited ..." of a report that names another auditor), or if it is
    spelt as no ordinary word is ("JD.com", "ShuiFeng", "IBM"). Titles ("CEO") are not
    names: they are compared separately.
    """
    out = []
    for match in _ENTITY.finditer(text):
        words = without_possessive(match.group()).split()
        start = match.start()
        while words and (words[0].lower() in _NOT_NAMES or (
                start == match.start() and _sentence_initial(text, start) and _ordinary(words[0])
                and (words[0] not in _mid_sentence_capitals(context or text)
                     or (len(words) == 1 and context is not None and _lower_case(words[0], context)))
                and (context is None or without_possessive(words[0]).lower() in _words_of(context)
                     or common_word(without_possessive(words[0]))))):
            start += len(words[0]) + 1
            words = words[1:]
        # Inside a name a capitalised stop word is part of it ("Ban He"); titles and months are not.
        words = words[:1] + [w for w in words[1:] if w.lower() not in _NOT_NAMES or w.lower() in STOPWORDS]
        name = " ".join(words)
        if name and name not in out:
            out.append(name)
    # A model's designation is a name too ("the first 777-9", "the 737-10"), not a range of figures.
    out += [m.group() for m in qty.MODEL.finditer(text) if m.group() not in out]
    return out


_PREPOSITIONS = frozenset("in at with by from to for of on into onto under over via through".split())


# The slots of a place: a name there says where, not who.
PLACE_SLOTS = frozenset("in at from to into near".split())


def event_place(text: str, name: str) -> bool:
    """Does ``name`` say where the claim's event happened ("launched a service in Las Vegas"), rather
    than describe someone in a clause of its own ("Huang Hui, who works at a store in Wuhan, ...", "Huang
    Hui, an employee of a store in Wuhan, ...")?"""
    at = text.find(name)
    if at < 0 or slot(text, name) not in PLACE_SLOTS:
        return False
    clause = re.split(r"[,;:(]", text[:at])[-1]
    relative = re.search(r"\b(?:who|which|that|where|whose)\b", clause, re.IGNORECASE)
    # An apposition: ", an employee of a Hema store in Wuhan, delivered ..."
    apposition = bool(re.match(r"\s*(?:a|an|the)\b", clause, re.IGNORECASE)) \
        and text[at + len(name):].lstrip().startswith(",")
    return not (relative or apposition)


# A person by courtesy title and surname ("Mr. Halkyard").
COURTESY = re.compile(r"\b(?:Mr|Ms|Mrs|Dr)\.?\s+(?:[A-Z]\.\s*)*([A-Z][\w'’-]+)")  # "Mr. J. Duato" too
# A report's name for itself ("The company was incorporated in 1966").
THE_COMPANY = re.compile(r"\bthe\s+company\b", re.IGNORECASE)


def named_in(name: str, text: str) -> bool:
    """Is a name in the text, as written, without its punctuation ("Eleme" / "Ele.me"), word by
    word ("Ant's MYBANK" in "Ant financials MYBANK") or by its initials ("U.S." for "United States")?"""
    lower = text.lower()
    if name.lower() in lower:
        return True
    bare = re.sub(r"[^\w\s]", "", name.lower())
    if len(bare) >= 3 and re.search(rf"\b{re.escape(bare)}\b", re.sub(r"[^\w\s]", "", lower)):
        return True
    # Word by word, a lower-case ending joined by a hyphen is no part of the name ("AI-based").
    words = [re.sub(r"-[a-z]+$", "", without_possessive(w)) for w in name.split()]
    if (len(words) > 1 and all(re.search(rf"\b{re.escape(w.lower())}", lower) for w in words)) \
            or initials_in(name, text):
        return True
    # A person by courtesy title and surname ("Mr. Halkyard" for "Jonathan Halkyard").
    return len(words) in (2, 3) and all(w[:1].isupper() for w in words) and words[-1] in {
        without_possessive(w) for w in COURTESY.findall(text)}


def after_preposition(text: str, word: str) -> bool:
    """Does the word follow a preposition, an article or a possessive between ("by helicopter", "from
    the warehouse")? There it names a thing: an instrument, a source, a place."""
    return re.search(rf"\b(?:{'|'.join(_PREPOSITIONS)})\s+(?:(?:a|an|the|its|their|his|her|our)\s+)?"
                     rf"{re.escape(word)}\b", text, re.IGNORECASE) is not None


# A passive verb's participle, whose "by" gives the doer ("audited by", "led by", "owned by").
_PARTICIPLE = re.compile(r"[a-z]{2,}ed|made|run|led|held|owned|paid|done|given|taken|written|built|sold|bought|won|"
                         r"known|chosen|drawn|seen|shown|begun|founded")


_COPULAS = frozenset("is are was were remains remained became becomes".split())


def slot(text: str, name: str) -> str:
    """The grammatical slot a name fills, roughly: its preposition ("in"), or subject/object."""
    at = text.find(name)
    if at < 0:
        return ""
    before = re.findall(r"[\w’']+|[.,;:!?]", text[max(0, at - 40):at])
    if not before or before[-1] in ".,;:!?":
        return "subject"
    word = before[-1].lower()
    if word in ("the", "a", "an", "both", "either") and len(before) > 1 and before[-2].lower() in _PREPOSITIONS:
        # "in the Dong Xi Hu district", "in both Los Gatos and ...": the preposition's slot.
        before, word = before[:-1], before[-2].lower()
    if word == "by" and len(before) > 1 and _PARTICIPLE.fullmatch(before[-2].lower()):
        return "subject"  # "audited by PricewaterhouseCoopers": who did it, as "Deloitte audited" says
    if word in _PREPOSITIONS:
        return word
    # A name the clause ends on after "was" is what its subject is: "the largest market was Germany"
    # says "Germany was the largest market".
    if word in _COPULAS and re.match(r"\s*(?:[.,;:!?]|$)", text[at + len(name):]):
        return "subject"
    if word in ("and", "or") and len(before) > 1:  # "with Hema and ShuiFeng": the slot of the list
        return slot(text[:at - 1 - len(before[-1])].rstrip(), before[-2]) if before[-2][0].isupper() else "object"
    return "object"


def _lower_case(word: str, context: str) -> bool:
    """Is the word an everyday one that the context also writes in lower case ("Sales of devices"
    opening a claim about a report that says "sales" throughout, though its headings capitalise it)?"""
    return common_word(without_possessive(word)) and without_possessive(word).lower() in _lower_words(context)


@lru_cache(maxsize=64)
def _lower_words(text: str) -> frozenset[str]:
    """The text's words written in lower case."""
    return frozenset(re.findall(r"\b[a-z][a-z’'-]*", text))


@lru_cache(maxsize=64)
def _words_of(text: str) -> frozenset[str]:
    """The text's words, lower case."""
    return frozenset(w.lower() for w in re.findall(r"[\w’'-]+", text))


@lru_cache(maxsize=64)
def _mid_sentence_capitals(text: str) -> frozenset[str]:
    """Capitalised words that occur somewhere other than at the start of a sentence."""
    return frozenset(m.group() for m in re.finditer(r"\b[A-Z][\w&\-]*", text) if not _sentence_initial(text, m.start()))


def negated(text: str) -> bool:
    """Does the text deny something: a negation word, other than in "not until" or "not only"?"""
    return bool(denials(text))


def denials(text: str) -> list[int]:
    """Where the text's negation words that deny something end (see :func:`negated`)."""
    return [m.end() for m in _NEGATION.finditer(text) if not _NOT_A_DENIAL.match(text, m.end())]


def titles_in(text: str) -> list[str]:
    """The job titles a text names ("Chief Financial Officer", "president"), as written."""
    return [m.group(1) for m in TITLE_RE.finditer(text)]


_OWNER = re.compile(r"^\s*(?:the\s+|our\s+|its\s+)?(?:[A-Z][\w&.-]*\s+){0,3}[A-Z][\w&.-]*(?:[’']s|s[’'])\s+"
                    r"|^\s*(?:our|its)\s+")


def name_in(text: str, name: str) -> tuple[int, int] | None:
    """Where a person's or company's name stands in text, a middle initial allowed between its first
    and next word ("Amy E. Hood" for "Amy Hood"), case aside; None when it does not."""
    words = name.split()
    middle = r"(?:\s+[A-Z]\.)?" if len(words) > 1 else ""
    pattern = re.escape(words[0]) + middle + "".join(r"\s+" + re.escape(w) for w in words[1:]) if words else ""
    found = re.search(rf"(?<!\w){pattern}(?!\w)", text, re.IGNORECASE) if pattern else None
    return found.span() if found else None


def title_near(text: str, name: str) -> str | None:
    """The job title given to ``name`` in text, as written ("Wang Lei, president of ..." -> "president").
    The text may give the name with a middle initial ("Amy E. Hood" for "Amy Hood")."""
    found = name_in(text, name)
    if found is None:
        return None
    at, end = found
    after = text[end: end + 60]
    before = text[max(0, at - 40): at]

    def first_title(rest: str) -> str | None:
        # The title must belong to this name: no other name stands between them
        # ("the Chinese New Year, Wang Lei, president of ..." gives Wang Lei the title), but the
        # organisation's possessive may ("Best Buy's Chief Financial Officer").
        rest = _OWNER.sub("", rest, count=1)
        found = TITLE_RE.search(rest[:45])
        if found and not re.search(r"\b(?!The\b)[A-Z]", rest[:found.start()]):
            return found.group(1)
        return None

    copula = re.match(r"\s+(?:is|was|has been|had been|became|becomes|serves as|served as|acts as|acted as|"
                      r"(?:was|were|has been|is)\s+(?:appointed|named|promoted\s+to)(?:\s+as)?)\s+", after)
    if copula:  # "Wang Lei is the CEO of ..."
        return first_title(after[copula.end():])
    if re.match(r"\s*[,(|]", after):  # "Ben Tan, the product owner of ..."; a list of officers, "Name | Office"
        return first_title(after)
    found = list(TITLE_RE.finditer(before))
    # "... president Wang Lei", and "Oracle's Chief Executive Officer is Jeffrey Henley"
    if found and re.fullmatch(r"[\s,]*(?:(?:is|was|has\s+been)\s+)?", before[found[-1].end():]):
        return found[-1].group(1)
    return None


# A state the claim says something came to be or stayed in ("became profitable", "remained flat"):
# what the claim asserts, which the evidence must say itself.
_STATE_VERBS = r"(?:became|become|becomes|becoming|turned|turns|remained|remains|stayed|stays)"
BECAME_BEFORE = re.compile(rf"\b{_STATE_VERBS}\s+$", re.IGNORECASE)
BECAME = re.compile(rf"\b({_STATE_VERBS})\s+([a-z]{{4,}})\b", re.IGNORECASE)


# Words whose opposite in the aligned evidence contradicts the claim ("the smallest amount" where
# the case says "the largest amount"). Only clear, context-free opposites: a pair that can both be
# true of one event ("open"/"close" a store at different times) is left out.
OPPOSITES: tuple[tuple[frozenset[str], frozenset[str]], ...] = tuple(
    (frozenset(a.split()), frozenset(b.split())) for a, b in (
        ("largest biggest greatest", "smallest least lowest"),
        ("highest", "lowest"),
        ("maximum", "minimum"),
        ("first earliest", "last latest"),
        ("before", "after"),
        ("earlier", "later"),
        # "went up", "scaled back" are read as one word each (compare.opposite_words joins them).
        ("increase increased increases increasing rise rose risen rising grew grow grows growing "
         "raise raised raises raising surge surged surges surging soar soared soars soaring jump jumped jumps "
         "climb climbed climbs lift lifted lifts lifting boost boosted boosts boosting "
         "went-up go-up goes-up gone-up going-up scaled-up scale-up scales-up scaling-up ramped-up ramp-up "
         "ramps-up ramping-up stepped-up step-up steps-up stepping-up is-up are-up was-up were-up been-up",
         "decrease decreased decreases decreasing fall fell fallen falling shrank shrink declined decline "
         "declines declining drop dropped drops dropping plunge plunged plunges slump slumped slumps "
         "slip slipped slips slipping dip dipped dips dipping shrunk shrinks shrinking "
         "went-down go-down goes-down gone-down going-down scaled-back scale-back scales-back scaling-back "
         "scaled-down scale-down scales-down scaling-down cut-back cuts-back cutting-back "
         "is-down are-down was-down were-down been-down"),
        ("profit profits profitable profitability positive", "loss losses unprofitable negative"),
        ("success successful succeeded", "failure failed unsuccessful"),
        ("online", "offline"),
        ("domestic", "international overseas foreign"),
        ("majority", "minority"),
        ("accepted approved approve approves approving endorsed", "rejected reject rejects rejecting turned-down "
         "turn-down turns-down turning-down voted-down vote-down votes-down voting-down"),
        ("allowed permitted", "banned prohibited forbade forbidden"),
        ("charged fee fees paid", "free"),
        ("import imports imported", "export exports exported"),
        ("won", "lost"),
        # A court's ruling on the one below it.
        ("upheld uphold upholds upholding affirmed", "overturned overturn overturns overturning overruled reversed"),
        # General English pairs that read alike to the word alignment ("late in the evening" and
        # "early in the morning" pair up at 0.69-0.73 on our claims), so they must be told apart here.
        ("early", "late"),
        ("morning", "evening night"),
        ("raise raised raises raising lift lifted lifts lifting",
         "lower lowered lowers lowering cut cuts reduce reduced reduces reducing"),
        ("fast faster fastest quick quicker quickest", "slow slower slowest"),
        ("short shorter shortest shorten shortened", "long longer longest lengthen lengthened"),
        ("cheap cheaper cheapest", "expensive costly"),
        ("bought buy buys buying", "sold sell sells selling"),
        # The two sides of a marketplace are two groups ("134 million active buyers" counts no sellers).
        ("buyer buyers", "seller sellers"),
        ("hired", "fired"),
        # Cash flows (CASH_FLOW_PAIR): "cash provided by investing activities" is the opposite of cash
        # used in them.
        ("provided generated", "used consumed"),
        ("include included includes including", "exclude excluded excludes excluding"),
        ("strong stronger strongest strength strengthened strengthening",
         "weak weaker weakest weakness weakened weakening"),
        ("easy easier easiest", "difficult"),
        ("public", "private"),
        ("expand expanded expands expanding", "shrink shrank shrunk"),
        # What a deal was paid with (PAYMENT_PAIR): "an all-cash transaction" is not one paid in stock.
        ("cash all-cash", "stock all-stock shares"),
    ))


# The measures a company reports are different things however close their words sit in MiniLM's
# space: "net income" said as "revenues" is another line of the statement, not a paraphrase, and a window
# about another measure does not support a claim about this one.
MEASURES = tuple(frozenset(group.split()) for group in (
    "revenue revenues sales turnover",
    "income earnings profit profits",
    "cost costs expense expenses spending",
    "assets",
    "liabilities debt borrowings",
    "margin margins",
    "dividend dividends",
))


def other_measures(one: str, other: str, claim: str = "") -> bool:
    """Do two words name two different reported measures ("income" / "revenues"), or is ``one`` the
    qualifier of the claim's measure ("net" of "net income") set against another measure?"""
    a, b = one.lower(), other.lower()
    qualified = re.search(rf"\b{re.escape(a)}\s+(\w+)", claim, re.IGNORECASE) if claim else None
    measured = {a} | ({qualified.group(1).lower()} if qualified else set())
    return any(m in x and b in y for m in measured for x in MEASURES for y in MEASURES if x is not y)


def opposite_side(word: str) -> bool:
    """Is the word on one side of the listed opposites (a word of change or of a state: "cut", "rose", "free")?"""
    lower = word.lower()
    return any(lower in side for pair in OPPOSITES for side in pair)


def opposites_listed(one: str, other: str) -> bool:
    """Do two words stand on the two sides of one of the pairs of opposites ("evening" / "morning")?"""
    a, b = one.lower(), other.lower()
    return any((a in x and b in y) or (a in y and b in x) for x, y in OPPOSITES)


# Opposites only where both texts speak of cash: "Cainiao used drones" is no reversal of "provided".
CASH_FLOW_PAIR = (frozenset({"provided", "generated"}), frozenset({"used", "consumed"}))
# ... and only where both speak of a deal: "cash and stock" on a balance sheet are no opposites.
PAYMENT_PAIR = (frozenset({"cash", "all-cash"}), frozenset({"stock", "all-stock", "shares"}))
DEAL_WORDS = frozenset("acquisition acquisitions acquire acquired acquires acquiring bought buy buys purchase "
                       "purchased paid pay pays deal transaction merger consideration financed funded".split())


# A sign is the opposite of the other side ("negative" Adjusted EBITDA / "profitability"), but not a word
# for its own side: "positively contributed" says nothing of profit.
_SIGNS = frozenset({"positive", "negative"})


def _synonym_stems() -> dict[str, frozenset[str]]:
    """Each side of an opposite pair is a set of words that say the same thing ("rose", "increase",
    "grew"): stem -> the stems of its set."""
    out: dict[str, frozenset[str]] = {}
    for pair in OPPOSITES:
        for side in pair:
            stems = frozenset(stem for stem, _ in terms_with_words(" ".join(side - _SIGNS)))
            for stem in stems:
                out[stem] = out.get(stem, frozenset()) | stems
    return out


SYNONYMS = _synonym_stems()


def clause_spans(text: str) -> list[Span]:
    """Spans of the clauses of a text (split at commas, semicolons, 'and', 'which', ...)."""
    spans, pos = [], 0
    for match in _CLAUSE_BREAK.finditer(text):
        if text[pos:match.start()].strip():
            spans.append((pos, match.start()))
        pos = match.end()
    if text[pos:].strip():
        spans.append((pos, len(text)))
    return spans or [(0, len(text))]


_NO_SINGLE = re.compile(r"\b(?:no|not\s+a|not\s+one)\s+(single)\b", re.IGNORECASE)
_PEOPLE = re.compile(r"\s+(people|persons|individuals)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Claim:
    """A claim ready for checking: its content terms (stems), names, figures and polarity."""

    text: str
    terms: tuple[str, ...]  # content stems, in order, without figures or light words
    words: dict[str, str]  # stem -> the word as written in the claim
    quantities: tuple[qty.Quantity, ...]
    negated: bool

    @classmethod
    def parse(cls, text: str) -> Claim:
        """Analyse a claim sentence."""
        quantities = tuple(qty.extract(text))
        # Words inside a figure ("sixfold", "three days") are compared as quantities, not terms.
        # So are the verbs that only join a figure to its subject ("reached 100,000", "stood at $1.7 billion").
        joining = [m.group() for q in quantities if (m := _FIGURE_VERB.search(text, 0, q.start))]
        figure_text = " ".join([q.text for q in quantities] + _PERIOD_OF.findall(text) + joining).lower()
        figure_words = set(re.findall(r"\w+", figure_text))
        # "No single customer" says no more than "no customer"; "83,700 people" counts whoever the case
        # counts there ("approximately 83,700 employees"): the figure says it.
        figure_words |= {m.group(1).lower() for m in _NO_SINGLE.finditer(text)}
        figure_words |= {m.group(1).lower() for q in quantities if (m := _PEOPLE.match(text, q.end))}
        words: dict[str, str] = {}
        for stem, word in terms_with_words(text):
            if word.lower() not in LIGHT_WORDS and word.lower() not in figure_words and stem not in words:
                words[stem] = word
        return cls(text, tuple(words), words, quantities, negated(text))


