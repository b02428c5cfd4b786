"""Facts a report states in one known way, found where it says them.

A question asking where the company's head office is ("Where is Boeing's head office?") is answered
by the report's own statement of it ("Our principal executive offices are located at 929 Long
Bridge Drive, Arlington, Virginia"), which a search for the question's words may rank below a
pension plan's "notice ... to The Boeing Company's headquarters". One asking who holds an office
("Who runs Boeing as chief executive?", "Who is Amazon's CFO?") is answered by the report's list of
its executive officers ("David L. Calhoun 65 President and Chief Executive Officer since January
2020"), which a search may rank below another officer's past ("... his previous positions include
Executive Vice President, President and Chief Executive Officer, Boeing Global Services").
"""

from __future__ import annotations

import re

import numpy as np

from caseqa.index.model import Index
from caseqa.language.answer_type import AnswerType, question_names
from caseqa.language.head_office import HEAD_OFFICE, MOVE, statements
from caseqa.language.self_reference import is_self, spoken_as_self
from caseqa.retrieve.rows import NamedRow, locate
from caseqa.types import Span


def _one_report(index: Index, rows: Span) -> str | None:
    """The document searched, when the rows are one report's."""
    doc_ids = index.docs_in(rows)
    return doc_ids[0] if len(doc_ids) == 1 else None


def head_office(index: Index, question: str, vector: np.ndarray, kind: AnswerType, rows: Span) -> NamedRow | None:
    """The sentence stating the searched report's head office, when the question asks where it is.

    Args:
        index: The loaded index.
        question: The question, in the report's words (a reader's "head office" is its "headquarters").
        vector: The question's vector, which chooses among the statements.
        kind: The kind of answer the question asks for; only a place is answered here.
        rows: The passage rows searched (one case, or all).

    Returns:
        Of the sentences in which the report gives its head office a place, the one closest to the
        question ("Our corporate headquarters are located in San Francisco, California, and consist
        of approximately 420,000 square feet" for one asking how much space it has, not a risk
        factor's "our corporate headquarters are located in the San Francisco Bay Area, a region
        known for seismic activity"); a filing's cover only when no sentence gives one; None for
        another kind of question, one about a move ("Where is the headquarters moving?"), no such
        statement, or a search over several reports.
    """
    if kind != AnswerType.PLACE or HEAD_OFFICE.search(question) is None or MOVE.search(question):
        return None
    doc_id = _one_report(index, rows)
    if doc_id is None:
        return None
    cache = index.cache.setdefault("head_office", {})
    if doc_id not in cache:
        said = statements(index.documents[doc_id].text)
        located = [at for s in ([s for s in said if not s.cover] or said)
                   if (at := locate(index, doc_id, s.start)) is not None]
        cache[doc_id] = list(dict.fromkeys(located))
    located = cache[doc_id]
    if not located:
        return None
    rows_of = [index.sentence_row(index.passages[row]) + sentence for row, sentence in located]
    best = int(np.argmax(index.sentence_vectors[rows_of] @ vector))
    return NamedRow(located[best][0], located[best][1], 1.0)


# An office asked for: "chief executive (officer)", "CFO".
_TITLE_ASKED = re.compile(r"\bchief\s+(executive|financial|operating|technology|accounting|legal|people|marketing|"
                          r"information)(?:\s+officer)?\b|\bC([EFOTA])O\b", re.IGNORECASE)
_ACRONYM = {"E": "executive", "F": "financial", "O": "operating", "T": "technology", "A": "accounting"}
# The words of a title, which the question says beside the report's name.
_TITLE_WORDS = frozenset("chief executive financial operating technology accounting legal people marketing "
                         "information officer ceo cfo coo cto cao".split())
# A question about who held the office before, or elsewhere.
_PAST = re.compile(r"\b(?:former|formerly|previous|previously|prior|before|first|last|until|was\s+the)\b",
                   re.IGNORECASE)
# A unit named after an office and a comma ("Chief Executive Officer, Boeing Global Services"), not
# another office ("Chief Financial Officer, Executive Vice President").
_UNIT = (r"(?!(?:Executive|Senior|Vice|President|Chair|Chairman|Chairwoman|Director|Member|Principal|Chief|"
         r"Corporate|Global|Group|General|Treasurer|Secretary|Controller)\b)[A-Z]")
# The unit an office is held in, after it: "Chief Executive Officer of CVS Caremark".
_OF_UNIT = re.compile(r"\s+of\s+((?:the\s+)?[A-Z][\w&.’'-]*(?:\s+[A-Z][\w&.’'-]*)*)")
_NAME = r"[A-Z][a-z]+(?:\s+[A-Z]\.)?(?:\s+[A-Z][\w'’-]+){1,3}(?:,?\s+(?:Jr\.|Sr\.|II|III|IV))?"


def officer(index: Index, question: str, kind: AnswerType, rows: Span) -> NamedRow | None:
    """The entry of the report's list of executive officers ("Name Age Position") holding the office
    the question asks about, when it asks who holds it now.

    The office must be the company's own, not a unit's ("President and Chief Executive Officer,
    Boeing Global Services"); a question naming another company ("Who was the CEO of Nielsen?") or
    asking about the past is left to the search.
    """
    asked_title = _TITLE_ASKED.search(question)
    if kind != AnswerType.PERSON or asked_title is None or _PAST.search(question):
        return None
    doc_id = _one_report(index, rows)
    if doc_id is None:
        return None
    document = index.documents[doc_id]
    selves = spoken_as_self(document.title, document.text)
    if any(n not in _TITLE_WORDS and not is_self(n, selves) for n in question_names(question)):
        return None
    word = asked_title.group(1) or _ACRONYM[asked_title.group(2).upper()]
    # Name, age, then the positions held (a table's cells, lines, or "Karen S. Lynch, age 60, President
    # and Chief Executive Officer of CVS Health Corporation"), the office asked for among them and not a
    # unit's ("..., Boeing Global Services", "... of CVS Caremark").
    entry = re.compile(rf"({_NAME}),?\s+(?:\|\s+)?(?:age\s+)?[2-9]\d,?\s+(?:\|\s+)?"
                       rf"([^.\n|]{{0,120}}?\bChief\s+{word.capitalize()}\s+Officer\b)(?!,\s*{_UNIT})")
    found = next((m for m in entry.finditer(document.text)
                  if not ((of := _OF_UNIT.match(document.text, m.end())) and not is_self(of.group(1), selves))),
                 None)
    if found is None:
        return None
    # The name answers; a line of its own in a list, it is read with the positions after it when one
    # passage holds both (its piece of text runs on: retrieve.highlight.whole_sentence). A name cut at
    # an initial ("Frank A." / "D’Amelio 64 Chief Financial Officer ...") is shown by the piece that
    # holds its surname and the office.
    at = locate(index, doc_id, found.start(1))
    surname = found.end(1) - len(found.group(1).split()[-1])
    if at is not None and index.passages[at[0]].sentences[at[1]][1] <= surname:
        at = locate(index, doc_id, surname) or at
    return None if at is None else NamedRow(at[0], at[1], 1.0)
