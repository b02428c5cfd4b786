"""What a PDF's pages are, beyond their lines: a filing's cover page and title, a table of contents.

An SEC filing's Title property is usually an accession number ("0001759509-22-000016") and its
first heading a banner ("UNITED STATES SECURITIES AND EXCHANGE COMMISSION"); its cover page says
what it is: "Lyft, Inc." above "(Exact name of registrant as specified in its charter)", "FORM
10-K", "For the fiscal year ended December 31, 2021".
"""

from __future__ import annotations

import re
from collections import Counter

from caseqa.ingest.formats.pdf_runs import CELL, Line
from caseqa.language.self_reference import FILING_FORMS

_BANNER = re.compile(r"^(?:united states\s+)?securities and exchange commission$|^washington, d\.?c\.?", re.IGNORECASE)
_IDENTIFIER = re.compile(r"^[\d\s\-_./]+$|^\d{10}-\d{2}-\d{6}")  # an accession number, a file number
_FORM = re.compile(r"^form\s+(" + "|".join(map(re.escape, FILING_FORMS)) + r")\b", re.IGNORECASE)
_REGISTRANT = re.compile(r"exact name of (?:the\s+)?registrant", re.IGNORECASE)
_FISCAL = re.compile(r"fiscal year ended\s+\w+\s+\d{1,2}\s*,?\s+((?:19|20)\d\d)", re.IGNORECASE)
# A registrant's name set in capitals without the "(Exact name of registrant ...)" line under it
# ("3M COMPANY"): a line that ends as a company's name does, above the securities it registers.
_COMPANY_LINE = re.compile(r"^[A-Z0-9][A-Z0-9&.,'’\- ]{0,60}\b(?:COMPANY|INC\.?|INCORPORATED|CORPORATION|CORP\.?|"
                           r"LTD\.?|LIMITED|PLC|LLC|L\.P\.|N\.V\.|S\.A\.|HOLDINGS|GROUP|CO\.)$")
_NOT_A_NAME = re.compile(r"\b(?:EXCHANGE|MARKET|COMMISSION)\b")
_REGISTERED = re.compile(r"^securities registered pursuant", re.IGNORECASE)
_PERIOD = re.compile(r"quarterly period ended\s+(\w+\s+\d{1,2},?\s+(?:19|20)\d\d)", re.IGNORECASE)
_CONTENTS = re.compile(r"^(?:table of contents|contents|index)\b", re.IGNORECASE)
_ENTRY = re.compile(r"(?:\s|\.{2,}|" + re.escape(CELL) + r")(?:\d{1,3}|[ivxlc]{1,6}|[A-Z]-\d{1,3})$")
_ENDS = frozenset("0123456789ivxlc")  # what an entry's page number ends with
_SMALL_WORDS = frozenset({"of", "and", "the", "for", "in", "on", "at", "a", "an", "to", "de"})


def generic_title(title: str | None) -> bool:
    """No title, an identifier, or the banner every SEC filing opens with."""
    return not title or bool(_IDENTIFIER.match(title.strip()) or _BANNER.match(title.strip()))


def is_filing_cover(lines: list[Line]) -> bool:
    """A filing's cover page: the SEC banner and a form name near its top."""
    texts = [line.text.replace(CELL, " ").strip() for line in lines[:40]]
    return any(_BANNER.match(t) for t in texts) and any(_FORM.match(t) for t in texts)


def cover_title(lines: list[Line], body: str = "") -> str | None:
    """"Lyft, Inc. — Form 10-K, fiscal 2021" from a filing's cover page, or None when it is none. A cover
    whose name is drawn as a picture gives none: the name the report's first pages write most often
    ("Foot Locker, Inc.") stands for it, read from ``body``."""
    if not is_filing_cover(lines):
        return None
    texts = [line.text.replace(CELL, " ").strip() for line in lines]
    form = next((m.group(1).upper() for t in texts if (m := _FORM.match(t))), None)
    company = None
    for i, text in enumerate(texts):
        if _REGISTRANT.search(text) and i > 0:
            # The line above is the name, unless the name is a picture ("Commission File No. 1-10299").
            company = None if _NOT_NAME_LINE.search(texts[i - 1]) else _company(texts[i - 1])
            break
    if company is None:
        for text in texts:
            if _REGISTERED.match(text):
                break
            if _COMPANY_LINE.match(text) and not _NOT_A_NAME.search(text):
                company = _company(text)
                break
    company = company or registrant_in(body)
    joined = " ".join(texts)
    fiscal = _FISCAL.search(joined)
    period = _PERIOD.search(joined)
    when = f"fiscal {fiscal.group(1)}" if fiscal else (f"period ended {period.group(1)}" if period else None)
    if not company or not form:
        return None
    return f"{company} — Form {form}" + (f", {when}" if when else "")


_NOT_NAME_LINE = re.compile(r"commission file|file number|\bno\.\s*\d|^\(|^form\b|^for the\b|^or$|^\W*$|"
                            r"^[\d\s\-_./]+$", re.IGNORECASE)
# A company's name with its legal form, as a report writes it in its text ("Foot Locker, Inc.").
_NAMED_COMPANY = re.compile(r"\b((?:[A-Z][\w&'’.-]*\s+){0,3}[A-Z][\w&'’.-]*),?\s+(Inc\.|Incorporated|Corporation|"
                            r"Corp\.|Company|plc|N\.V\.|S\.A\.|Ltd\.)")
_NOT_COMPANY = re.compile(r"^(?:The|Our|This|Each|Any|Such|Commission|Securities|Exchange|Annual|Form|Item)\b")


def registrant_in(body: str) -> str | None:
    """The company name with a legal form the text writes most often, three times at least ("Foot
    Locker, Inc."), or None."""
    counts = Counter(f"{m.group(1)}, {m.group(2)}" for m in _NAMED_COMPANY.finditer(body)
                     if not _NOT_COMPANY.match(m.group(1)))
    best = counts.most_common(1)
    return best[0][0] if best and best[0][1] >= 3 else None


def _company(name: str) -> str:
    """A registrant's name as people write it ("UBER TECHNOLOGIES, INC." -> "Uber Technologies, Inc.")."""
    name = name.strip()
    if not name.isupper():
        return name
    words = []
    for i, word in enumerate(name.split()):
        if "." in word.strip(".,") or len(word.strip(".,")) <= 1 or any(ch.isdigit() for ch in word):
            words.append(word)  # "N.V.", "S.A.", "&", "3M"
        elif word.lower() in _SMALL_WORDS and i:
            words.append(word.lower())
        else:
            words.append(word[:1] + word[1:].lower())
    return " ".join(words)


def is_contents_page(lines: list[Line]) -> bool:
    """A table of contents (or an index of statements): most lines end in a page number."""
    texts = [line.text.strip() for line in lines if line.text.strip()]
    if len(texts) < 6:
        return False
    entries = sum(bool(t[-1] in _ENDS and _ENTRY.search(t)) for t in texts)
    titled = any(_CONTENTS.match(t) for t in texts[:5])
    return entries >= 5 and entries >= (0.3 if titled else 0.6) * len(texts)
