"""Who a document speaks as: a company's own report or a site's policy says "we", and means itself.

A 10-K calls the company "we", "our" or "the Company", and its tables are the company's own
figures; a privacy policy is the site saying "we collect ...". There, the company's name is said
without being written: claims and questions that name it ("Lyft's revenue", "contact the company")
find it in every passage.
"""

from __future__ import annotations

import re
from functools import lru_cache

# A company's own report (a 10-K, an annual report) calls it "we", "our" or "the Company", and its
# financial tables are its own figures: there, the company's name is said without being written.
_SELF_REFERENCE = re.compile(r"\b(?:we|our|us|the company(?:[’']s)?)\b", re.IGNORECASE)
_CORPORATE_SUFFIX = re.compile(
    r",?\s+(?:Inc|Incorporated|Corp|Corporation|Co|Company|Ltd|Limited|plc|LLC|L\.?P|N\.?V|S\.?A|AG|SE|"
    r"Holdings?|Group|Technologies|International)\.?$", re.IGNORECASE)


_NAMED_FIRST = re.compile(r"^(.+?,?\s+(?:Inc|Incorporated|Corp|Corporation|Ltd|Limited|plc|LLC|N\.V|S\.A|AG|SE)\.?)"
                          r"(?=\s|$)")


def own_names(title: str) -> frozenset[str]:
    """The names a company's own report goes by, read from its title, lower-cased.

    "Lyft, Inc. — Form 10-K, fiscal 2021" gives "lyft, inc." and "lyft"; "Uber Technologies, Inc."
    also "uber"; "MGM Resorts International — Form 10-K, fiscal 2022" "mgm resorts" and "mgm" (a
    filing's title is its registrant's name, whatever its legal form). Another title that does not
    name a company (no "Inc.", "Ltd", "plc", ...) gives none: a case written about a company in the
    third person names it in so many words.
    """
    head = re.split(r"\s+[—–]\s+|\s+-\s+", title, maxsplit=1)[0].strip()
    # "Acme Stores, Inc. Annual Report (Form 10-K)": the name ends at its legal form.
    named = _NAMED_FIRST.match(head)
    head = named.group(1) if named else head
    names = {head.lower()}
    core = head
    while (shorter := _CORPORATE_SUFFIX.sub("", core).strip(" ,")) != core and shorter:
        core = shorter
        names.add(core.lower())
    if core == head and not _FILING_TITLE.search(title):
        return frozenset()
    return frozenset(names | {core.split()[0].lower()})


# The SEC forms a company files about itself; a title naming one ("3M Company — Form 10-K, fiscal
# 2022", as the PDF reader writes a filing's) is the company's own report, however it refers to itself.
FILING_FORMS = ("10-K", "10-Q", "20-F", "40-F", "8-K", "S-1", "N-CSR", "10-KT")
_FILING_TITLE = re.compile(r"\s[—–-]\s+Form\s+(?:" + "|".join(map(re.escape, FILING_FORMS)) + r")\b",
                           re.IGNORECASE)

# Self-references per 1,000 words from which a document speaks as the company: annual reports run
# at 20-35 ("we", "our", "the Company"); a case written about a company, quoting it now and then, near 5.
SELF_REFERENCE_RATE = 15.0


@lru_cache(maxsize=64)
def spoken_as_self(title: str, doc_text: str) -> frozenset[str]:
    """The report's own names (:func:`own_names`, lower-cased) when the document is the company
    speaking of itself: a filing by its title (3M's 10-K says "3M" and "the Company" more than
    "we"), any other report when it speaks as "we" (see :func:`speaks_as_we`); else none."""
    own = own_names(title)
    return own if own and (_FILING_TITLE.search(title) or speaks_as_we(doc_text)) else frozenset()


@lru_cache(maxsize=256)
def speaks_as_we(doc_text: str) -> bool:
    """Does the document speak as "we" (a company's report, a site's privacy policy), at
    :data:`SELF_REFERENCE_RATE` or more, rather than of a company in the third person?"""
    words = len(doc_text.split()) or 1
    return 1000 * len(_SELF_REFERENCE.findall(doc_text)) / words >= SELF_REFERENCE_RATE


def says_we(text: str) -> bool:
    """Does the text speak as the company ("we", "our", "us", "the Company")?"""
    return _SELF_REFERENCE.search(text) is not None


# Words of a company's legal form and articles, which its initials leave out.
_FORMS = frozenset("the inc corp corporation company co ltd plc llc group holdings".split())


def is_self(name: str, selves: frozenset[str]) -> bool:
    """Is a claim's name ("Lyft's") one of the names the evidence says as "we" (see :func:`spoken_as_self`)?"""
    bare = re.sub(r"[’']s?$", "", name).lower()
    own_words = {w for own in selves for w in re.findall(r"\w+", own)}
    if bare in selves or (bool(own_words) and set(re.findall(r"\w+", bare)) <= own_words):
        return True
    # Its initials, joined by "&" or not ("J&J" for Johnson & Johnson, "P&G" for The Procter & Gamble
    # Company, "AMD" for Advanced Micro Devices, Inc.).
    if re.fullmatch(r"[a-z](?:&[a-z])+|[a-z]{2,6}", bare) and bare.replace("&", "") in own_initials(selves):
        return True
    # ... or its words clipped and joined ("Amex" for American Express, "FedEx" for Federal Express).
    return bool(re.fullmatch(r"[a-z]{4,12}", bare)) and any(_clipped(bare, words) for words in _own_words(selves))


def _own_words(selves: frozenset[str]) -> list[list[str]]:
    """The words of each of the report's own names of two words or more, legal forms and articles left out."""
    named = [[w for w in re.findall(r"[a-z]+", own) if w not in _FORMS] for own in selves]
    return [words for words in named if len(words) >= 2]


def _clipped(word: str, words: list[str]) -> bool:
    """Is the word the start of each of the words, two letters or more of each, joined in order?"""
    if not words:
        return not word
    return any(words[0].startswith(word[:n]) and _clipped(word[n:], words[1:])
               for n in range(2, min(len(word), len(words[0])) + 1))


def own_initials(selves: frozenset[str]) -> frozenset[str]:
    """The initials of the report's own names of two words or more, lower-cased, legal forms and
    articles left out ("amd" of "advanced micro devices, inc.", "jj" of "johnson & johnson")."""
    return frozenset("".join(w[0] for w in words) for words in _own_words(selves))


def without_self(name: str, selves: frozenset[str]) -> str:
    """A claim's name less the report's own name as its possessor: "Uber's Gross Bookings" is the
    report's "our Gross Bookings", so "Gross Bookings" is what the evidence must name."""
    match = re.match(r"(.+?)[’']s\s+(\S.*)$", name)
    return match.group(2) if match and is_self(match.group(1), selves) else name


_INITIALS = re.compile(r"\b[A-Z](?:&[A-Z])+\b")


def initials_spelt(text: str, title: str, doc_text: str) -> str:
    """The text with the report's own name where it is written by its initials joined by "&" ("J&J's net
    earnings" of Johnson & Johnson's report), which a search reads as no word at all."""
    selves = spoken_as_self(title, doc_text)
    if not selves or not _INITIALS.search(text):
        return text
    name = next((m.group() for own in sorted(selves, key=len, reverse=True)
                 if (m := re.search(re.escape(own), title, re.IGNORECASE))), None)
    if name is None:
        return text
    return _INITIALS.sub(lambda m: name if is_self(m.group(), selves) else m.group(), text)
