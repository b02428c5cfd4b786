"""A reader's words for what a report names otherwise: "R&D" is "research and development", a "head
office" the "headquarters", "profit after tax" the "net income", cash operations "bring in" is cash
they "generate".

A question in the reader's words shares few words with the report's sentence or statement row that
answers it, and the search reads "R&D" as no word at all ("r" is too short and "d" a stop word). So
before a question is searched, each reader's phrase the searched text never uses itself is put in
the report's words (:func:`in_case_words`); a case that says "head office" keeps the phrase. The
list holds phrases with one meaning in business writing, not synonyms that depend on context
("turnover" is revenue or staff leaving).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Gloss:
    """One reader's phrase (a pattern, case-insensitive) and the report's words for it."""

    reader: re.Pattern[str]
    report: str
    # Spelt out whatever the case says: an abbreviation joined by "&" is no word to the search, so
    # a case using it still finds it only under its full words.
    always: bool = False


def _gloss(reader: str, report: str, always: bool = False) -> Gloss:
    return Gloss(re.compile(rf"(?<![\w&-])(?:{reader})(?![\w&-])", re.IGNORECASE), report, always)


def _verb(forms: Iterable[str], particle: str, report: Iterable[str]) -> tuple[Gloss, ...]:
    """A phrasal verb in each form ("bring in", "brings in", "brought in", "bringing in") and the
    report's verb in the same form."""
    return tuple(_gloss(rf"{form}\s+{particle}", said) for form, said in zip(forms, report))


GLOSSARY: tuple[Gloss, ...] = (
    _gloss(r"R&D|R\s&\sD", "research and development", always=True),
    _gloss(r"SG&A", "selling, general and administrative", always=True),
    _gloss(r"PP&E", "property, plant and equipment", always=True),
    _gloss(r"D&A", "depreciation and amortization", always=True),
    _gloss(r"M&A", "mergers and acquisitions", always=True),
    _gloss(r"head[\s-]offices?|HQ", "headquarters"),
    # One entry per word: a case writing "Net Operating income after tax" (McDonald's) still reads a
    # reader's "profit after tax" as its net income.
    *(_gloss(rf"{word}\s+after\s+(?:income\s+)?tax(?:es)?|after[\s-]tax\s+{word}", "net income")
      for word in ("profits?", "earnings", "income")),
    _gloss(r"bottom[\s-]line", "net income"),
    # ... and said apart: "How much profit did Kraft Heinz earn in 2022 after taxes?"
    _gloss(r"(?:profits?|earnings)\b([^?.;,]{1,40}?)\s+after\s+(?:income\s+)?tax(?:es)?", r"net income\1"),
    # "How much did the company earn after taxes in 2022?"
    _gloss(r"earn(?:ed|s)?((?:\s+[^?.;,\s]+){0,4}?)\s+after\s+(?:income\s+)?tax(?:es)?", r"earn\1 net income"),
    _gloss(r"biggest", "largest"),
    _gloss(r"rivals?", "competitors"),
    _gloss(r"(?:profits?|earnings)\s+before\s+(?:income\s+)?tax(?:es)?|pre[\s-]?tax\s+(?:profits?|earnings|income)",
           "income before income taxes"),
    _gloss(r"top[\s-]line", "revenue"),
    _gloss(r"capex|cap\s+ex", "capital expenditures"),
    _gloss(r"opex", "operating expenses"),
    _gloss(r"share\s+buybacks?|stock\s+buybacks?|buybacks?", "share repurchases"),
    *_verb(("bring", "brings", "brought", "bringing"), "in", ("generate", "generates", "generated", "generating")),
    *_verb(("buy", "buys", "bought", "buying"), "back", ("repurchase", "repurchases", "repurchased", "repurchasing")),
    _gloss(r"headcount|workforce|staff", "employees"),
    # "How many people worked for Verizon at the end of 2022?"
    _gloss(r"(?:people|persons|workers)\s+(?:work|works|worked|working)\s+(?:for|at)", "employees of"),
    # "How much cash did Walmart have on hand ...": a balance sheet's cash line.
    _gloss(r"cash\s+on\s+hand", "cash and cash equivalents"),
    _gloss(r"cash\b([^?.;]{1,40}?)\s+on\s+hand", r"cash and cash equivalents\1"),
    _gloss(r"capital\s+(?:spending|spend|outlays?|investments?)", "capital expenditures"),
    # A cash-flow statement's line: "operating cash flow was about $17.2 billion".
    _gloss(r"operating\s+cash\s+flows?|cash\s+flows?\s+from\s+operations|cash\s+from\s+operations",
           "net cash provided by operating activities"),
    # "How much cash did Boeing's operations generate in 2022?" (a reader's "bring in" is "generate" by now):
    # the statement's line, even in a report that says "cash provided by operations" in its prose.
    _gloss(r"cash\s+(?:(?:was|were|is)\s+)?(?:generated|produced|provided)\s+(?:by|from)\s+(?:its\s+|their\s+)?operations",
           "net cash provided by operating activities", always=True),
    _gloss(r"cash\s+(did|does|do)\s+((?:[\w.&'’-]+\s+){0,4}?)(?:operations|operating\s+activities)\s+"
           r"(?:generate|produce|provide)",
           r"net cash provided by operating activities \1 \2have", always=True),
    # "How many people does Nike employ?": the report counts its employees.
    _gloss(r"(?:people|persons|workers)\s+(does|did|do)\s+([\w.&'’-]+(?:\s+[\w.&'’-]+){0,3}?)\s+employ",
           r"employees \1 \2 have"),
)


# A reader's and a report's words for one line item, one another's paraphrase, as stems: "revenues" and
# "sales", "profit", "earnings" and "income", cash "provided by" operating activities and "cash flows",
# "spending" and "expenses".
LINE_ITEMS = (frozenset({"revenu", "sale"}), frozenset({"profit", "earn", "incom"}), frozenset({"provid", "flow"}),
              frozenset({"spend", "expens"}))


def as_line_items(stems: set[str] | frozenset[str]) -> set[str]:
    """The stems with the other words of each line item they name ("spend" gives "expens" too)."""
    return set(stems) | {t for group in LINE_ITEMS if group & stems for t in group}


def abbreviated(text: str) -> list[str]:
    """The full words of each abbreviation joined by "&" the text uses ("research and development"
    for a sentence saying "R&D expenses increased"): a claim's "research and development" is there."""
    return [gloss.report for gloss in GLOSSARY if gloss.always and "&" in gloss.reader.pattern
            and gloss.reader.search(text)]


def abbreviations_spelt(text: str) -> str:
    """The text with each abbreviation of :data:`GLOSSARY` joined by "&" spelt out ("R&D" is "research and
    development"), which no search or comparison reads as words."""
    return in_case_words(text, lambda pattern: True)


def in_report_words(text: str) -> str:
    """The text with every reader's phrase of :data:`GLOSSARY` in the report's words: the line item a
    claim names ("operating cash flow" is the row "Net cash provided by operating activities")."""
    return in_case_words(text, lambda pattern: False)


def in_case_words(text: str, uses: Callable[[re.Pattern[str]], bool]) -> str:
    """The text with each reader's phrase of :data:`GLOSSARY` in the report's words, unless
    ``uses(pattern)`` says the searched text writes that phrase itself.

    Args:
        text: A question or a claim.
        uses: Whether the searched case(s) contain a match of a compiled pattern.
    """
    for gloss in GLOSSARY:
        if gloss.reader.search(text) and (gloss.always or not uses(gloss.reader)):
            text = gloss.reader.sub(gloss.report, text)
    return text
