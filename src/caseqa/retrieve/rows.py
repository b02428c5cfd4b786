"""The table row a question names: on a financial report, the statement row that states the figure asked for.

"How much did Lyft spend on research and development in 2021?" is answered by the row
"Research and development | 911,946 | 909,126 | 1,505,640" under "2021 | 2020 | 2019". The row
shares few words with the question beyond its label and none of a sentence's verbs, and the
answer model, trained on prose, rates it far below a sentence about research costs that states
another amount. So a row is taken as the answer when the question names it: every content word
of its label is in the question, its label and table title hold at least
``SearchSettings.row_coverage`` of the question's other content (idf-weighted; the report's own
company name and the figures aside), every name the question uses (beyond the company's) is in
them, the question asks for a figure or "what was X", and it names a year that the row has a
figure under (a row whose columns carry no year is read as the question's period). A question
without a year is not about one column of a statement, and gets no row. In a quarterly table the
rows are the quarters ("Three Months Ended December 31 | $51.79 | $45.40") and the title says what
they count ("Revenue per Active Rider"): there the title must be named, and the row is the quarter
the question asks for ("Q4", "the fourth quarter"; calendar quarters).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from caseqa.index.model import Index
from caseqa.ingest.tables import YEAR_IN, per_share, states_money
from caseqa.language.answer_type import ASKING_WORDS, AnswerType, figure_asked
from caseqa.language.glossary import LINE_ITEMS
from caseqa.language.quantities import MONTH_WORDS, Kind
from caseqa.language.self_reference import is_self, own_initials, spoken_as_self
from caseqa.language.terms import initials_in, related, stem, terms_with_words, without_possessive
from caseqa.retrieve.signals import Question, Vocabulary
from caseqa.types import Span, TableRow

# "What was X" asks for X's value as often as it asks for a thing; a cause, a person, a date or a
# way is never a row of figures.
_ASKING_FIGURES = frozenset({AnswerType.QUANTITY, AnswerType.OTHER})
_DASH = frozenset("—–-")
# Capitalised words that name a period, not a thing the row must name ("December 31", "Q4", "FY2021").
_PERIOD_NAME = re.compile(r"^(?:q[1-4]|h[12]|fy\d*)$")
_GLOSS = re.compile(r"\([^)]*\)")
_LEGAL_FORMS = frozenset(stem(w) for w in ("inc", "incorporated", "corp", "corporation", "llc", "ltd", "limited",
                                           "plc", "co"))
# Words of a period, which a statement says in its columns, not its labels ("year-end", "fourth quarter").
_PERIOD_WORDS = frozenset({"year", "years", "quarter", "quarters", "month", "months", "end", "ended", "fiscal",
                           "first", "second", "third", "fourth"})
_BEGINNING = re.compile(r"\bbeginning\b", re.IGNORECASE)
_OTHER = re.compile(r"\s*(?:total\s+)?other\b", re.IGNORECASE)
_OTHER_ASKED = re.compile(r"\bother\b", re.IGNORECASE)
_WHOLE_ITEM = frozenset({stem("total"), stem("net"), stem("consolidated")})
# "Expense" says which figure of an item a statement gives ("Research and development expense, net"),
# which a reader asking what went into research and development means too; said of one word alone
# ("Interest expense") it tells the item from its income, and must be asked for.
_EXPENSE = frozenset({stem("expense"), stem("expenses")})
# Words with which a report introduces a table or names a statement, not a part of the company the
# table is about: "The following table summarizes key indicators of consolidated results of
# operations" is no more about something else than a segment's "Results of Operations".
_TABLE_WORDS = frozenset(stem(w) for w in (
    "following", "table", "tables", "summarizes", "summarises", "summary", "presents", "shows", "sets", "forth",
    "below", "key", "indicators", "selected", "consolidated", "condensed", "results", "operations", "statement",
    "statements", "financial", "data", "information", "company", "subsidiaries", "and", "of"))
# "Operating revenues" are the revenues ("Total Operating Revenues | 136,835"), which a reader asks for as such.
_REVENUE_ITEM = frozenset({stem("revenues"), stem("sales")})
_OPERATING, _CUSTOMERS = stem("operating"), stem("customers")
_CASH, _EQUIVALENTS = stem("cash"), stem("equivalents")
_PERIOD_STEMS = frozenset(stem(w) for w in _PERIOD_WORDS | {"beginning", "period"})
# A quarterly table's rows are its periods ("Three Months Ended December 31 | 18,728 | 12,552"); what they
# count is the table's title ("Active Riders").
_QUARTER_ROW = re.compile(r"^three months ended (march|june|september|december)\b", re.IGNORECASE)
_QUARTER_ENDS = {"march": 1, "june": 2, "september": 3, "december": 4}
_QUARTER_ASKED = re.compile(r"\bQ([1-4])\b|\b(first|second|third|fourth) quarter\b", re.IGNORECASE)
_ORDINAL = {"first": 1, "second": 2, "third": 3, "fourth": 4}


@dataclass(frozen=True)
class NamedRow:
    """A table row a question names, located in the index."""

    row: int  # the passage's row in the index
    sentence: int  # the row's sentence among the passage's sentences
    coverage: float  # idf-weighted share of the question's content its label and title hold


def _stems(text: str) -> frozenset[str]:
    return frozenset(s for s, _ in terms_with_words(text))


# Words a statement's label and a reader use for one line item (glossary.LINE_ITEMS: "revenues" for "net
# sales", "earnings" for "net income"), and dividends "paid" for what a company "pays".
_SAME_ITEM = (*LINE_ITEMS, frozenset({"pay", "paid"}))
_ITEM_OF = {s: group for group in _SAME_ITEM for s in group}


def _held(stems: frozenset[str] | set[str], by: frozenset[str]) -> set[str]:
    """The stems that a word of ``by`` holds: the word's family, or another word for the same line item."""
    return {s for s in stems if any(related(s, t) or t in _ITEM_OF.get(s, ()) for t in by)}


def own_stems(title: str, text: str) -> frozenset[str]:
    """The words of the report's own names and their initials, as written and stemmed, with or without a
    possessive ("McDONALD’S CORPORATION" is McDonald; "AMD" is Advanced Micro Devices, Inc.)."""
    selves = spoken_as_self(title, text)
    words = {w for own in selves for w in own.split()} | own_initials(selves)
    return frozenset(words | {stem(w) for w in words} | {stem(without_possessive(w)) for w in words})


# A question asking for the report's own year without naming it.
_LATEST_ASKED = re.compile(r"\b(?:last|this|the\s+(?:latest|most\s+recent|past))\s+(?:fiscal\s+|financial\s+)?year\b",
                           re.IGNORECASE)


def _question_years(q: Question) -> set[int]:
    years = {int(f.low) for f in q.figures if f.kind == Kind.YEAR}
    return years | {f.year for f in q.figures if f.kind == Kind.DATE and f.year}


def _column_years(row: TableRow) -> list[set[int]]:
    """The years each of the row's column headers names."""
    return [{int(y) for y in YEAR_IN.findall(c)} for c in row.columns]


def _has_figure_for(row: TableRow, years: set[int]) -> bool:
    """Does the row state a figure under one of the years (or carry no dated column at all)?"""
    dated = _column_years(row)
    if not any(dated):
        return True
    return any(ys & years and row.values[i].strip(" $") not in _DASH for i, ys in enumerate(dated))


def _under(row: TableRow, years: set[int]) -> list[str]:
    """The row's values printed under one of the years (all of them when no column is dated)."""
    dated = _column_years(row)
    return [value for i, value in enumerate(row.values) if not any(dated) or dated[i] & years]


def _magnitude(row: TableRow, years: set[int]) -> float:
    """The largest size of a figure the row gives under one of the years (any column when none is dated)."""
    sizes = []
    for value in _under(row, years):
        digits = re.sub(r"[^\d.]", "", value)
        if digits.count(".") <= 1 and digits.strip("."):
            sizes.append(float(digits))
    return max(sizes, default=0.0)


def _in_cents(row: TableRow, years: set[int]) -> bool:
    """Does the row give its figure under one of the years (any column when none is dated) in cents?"""
    return any(re.search(r"\d\.\d\d(?!\d)", value) for value in _under(row, years))


def _in_percent(row: TableRow) -> bool:
    """Are the row's figures percentages (all of those printed)?"""
    values = [v for v in row.values if v.strip(" $") not in _DASH]
    return bool(values) and all(v.rstrip().endswith("%") for v in values)


def locate(index: Index, doc_id: str, at: int) -> tuple[int, int] | None:
    """The passage row and sentence holding character ``at`` of a document."""
    row = index.passage_at(doc_id, at)
    if row is None:
        return None
    return next(((row, i) for i, (s, e) in enumerate(index.passages[row].sentences) if s <= at < e), None)


def _vocabulary(index: Index, doc_id: str) -> Vocabulary:
    """The stems of a document's whole text, headings and table titles included, built once per index."""
    cache = index.cache.setdefault("row_vocabulary", {})
    if doc_id not in cache:
        cache[doc_id] = Vocabulary(s for s, _ in terms_with_words(index.documents[doc_id].text))
    return cache[doc_id]


@dataclass(frozen=True)
class _Label:
    """What a question must name for a table row to be its answer, read once per index."""

    row: TableRow
    must: frozenset[str]  # the label's content stems (a quarterly row: its title's)
    quarter: int | None  # the calendar quarter of a quarterly table's row
    # "Other income (expense), net" is not the income: "other", a stop word, must be asked for too.
    other: bool = False


def _labels(index: Index, doc_id: str) -> list[_Label]:
    cache = index.cache.setdefault("row_labels", {})
    if doc_id not in cache:
        out = []
        for row in index.documents[doc_id].tables:
            quarter_row = _QUARTER_ROW.match(row.label)
            if quarter_row:
                out.append(_Label(row, _stems(row.title or ""), _QUARTER_ENDS[quarter_row.group(1).lower()]))
            else:
                # A gloss in brackets ("(ASC 842)", "(“MAPCs”)") need not be asked for, nor the legal
                # form of a company's name ("Net loss attributable to Uber Technologies, Inc.").
                # Nor the period a label names ("Cash and equivalents at end of year"): the question
                # says it with its date, and the columns are checked against it.
                # "Total" and "net" say which figure of the item a statement gives, which a reader
                # asking for "revenues" or "income" means too, and so does "consolidated" (of the group).
                must = _stems(_GLOSS.sub(" ", row.label)) - _LEGAL_FORMS - _PERIOD_STEMS
                if must & _REVENUE_ITEM:  # ... and "Sales to customers" (Johnson & Johnson's) the sales
                    must -= {_OPERATING, _CUSTOMERS}
                if _CASH in must:  # "cash and cash equivalents" is the cash a reader asks for
                    must -= {_EQUIVALENTS}
                if len(must - _EXPENSE - _WHOLE_ITEM) >= 2:
                    must -= _EXPENSE
                out.append(_Label(row, must - _WHOLE_ITEM or must, None, bool(_OTHER.match(row.label))))
        cache[doc_id] = out
    return cache[doc_id]


# A name of two words or more, each capitalised or initials ("U.S. Consumer Services", "International
# Card Services"), which a table's title may give by its initials.
_NAME_WORD = r"(?:(?:[A-Z]\.){2,}|[A-Z][a-z]+)"
_SPELT_NAME = re.compile(rf"{_NAME_WORD}(?:\s+(?:&\s+|and\s+|of\s+)?{_NAME_WORD})+")


def named_row(index: Index, q: Question, rows: Span, min_coverage: float) -> NamedRow | None:
    """The table row of the searched documents that the question names, if one does.

    Args:
        index: The loaded index.
        q: The prepared question.
        rows: The passage rows searched (one case, or all).
        min_coverage: The share of the question's content the row's label and title must hold
            (``SearchSettings.row_coverage``; above 1, never).

    Returns:
        The best such row (most of the question held, then by the label's own words, then one
        whose columns name the year asked for, then the fewest title words the question does not
        use, then the most similar to the question), or None.
    """
    if q.kind not in _ASKING_FIGURES or min_coverage > 1:
        return None
    asked_years = _question_years(q)
    if not asked_years and not _LATEST_ASKED.search(q.text):
        return None
    # Money asked for is not a row of percentages ("Research and development | 20 % | 12 %" of
    # revenue), nor a share a row of amounts.
    wanted = figure_asked(q.text)
    percent_wanted = None if wanted is None else (False if wanted.money else
                                                    True if Kind.COUNT not in wanted.kinds else None)
    per_share_asked = per_share(q.text)
    asked_quarter = _QUARTER_ASKED.search(q.text)
    quarter = None if asked_quarter is None else (
        int(asked_quarter.group(1)) if asked_quarter.group(1) else _ORDINAL[asked_quarter.group(2).lower()])
    found_rows: list[tuple[tuple[float, int, bool, int, float], TableRow, NamedRow, frozenset[str]]] = []
    spelt = [m.group() for m in _SPELT_NAME.finditer(q.text)]
    years_of: dict[str, set[int]] = {}
    part_named = False  # the question names something other than the report itself
    for doc_id in index.docs_in(rows):
        document = index.documents[doc_id]
        # "last year" is the report's own year, the latest of its columns.
        years = years_of[doc_id] = asked_years or ({latest} if (latest := index.latest_year(doc_id)) is not None
                                                   else set())
        if not document.tables or not years:
            continue
        selves = own_stems(document.title, document.text)
        # The company's own name and the period are not what the row must say (the year is checked
        # against its columns), nor is a word the report never uses ("spend"): no row can say it.
        vocabulary = _vocabulary(index, doc_id)
        terms = {s: idf for s, idf in q.idf.items() if s not in selves and q.words.get(s, "").lower() not in MONTH_WORDS
                 and not _PERIOD_NAME.match(q.words.get(s, "").lower()) and s in vocabulary
                 and q.words.get(s, "").lower() not in _PERIOD_WORDS and s not in ASKING_WORDS}
        total = sum(terms.values())
        # ... but a question whose own subject the report never speaks of ("total greenhouse gas
        # emissions" of a report that never says "emissions") names no row: "Total" is not its answer.
        unused = [idf for s, idf in q.idf.items() if s not in vocabulary and s not in selves
                  and s not in ASKING_WORDS and (word := q.words.get(s, "").lower()) not in _PERIOD_WORDS
                  and not _PERIOD_NAME.match(word) and word not in ("many", "much")]
        if len(unused) >= 2 and sum(unused) > total:  # (one word may be the reader's verb: "put into")
            continue
        spoken = spoken_as_self(document.title, document.text)
        names = {n for n in q.names if n not in selves and stem(n) not in selves and not is_self(n, spoken)
                 and n not in MONTH_WORDS and not _PERIOD_NAME.match(n)}
        part_named = part_named or bool(names)
        if total <= 0:
            continue
        # The label is checked against every word the question says, asking words included.
        asked = frozenset(terms) | {s for s in q.idf if s in ASKING_WORDS}
        labels = _labels(index, doc_id)
        # The labels' stems the question holds (word families included), found once for all rows.
        stems = index.cache.setdefault("row_label_stems", {})
        if doc_id not in stems:
            stems[doc_id] = frozenset().union(*(entry.must for entry in labels))
        held = _held(stems[doc_id], asked)
        for entry in labels:
            # The report's own name in a label ("... attributable to Uber Technologies, Inc.") is
            # no word the question must say.
            must = entry.must - selves
            if not must or not must <= held or (entry.quarter is not None and entry.quarter != quarter) \
                    or (entry.other and not _OTHER_ASKED.search(q.text)):
                continue
            # A balance at the beginning of a period is not the one at its end, which a question means
            # unless it says otherwise ("How much cash did Oracle have at the end of fiscal 2023?").
            if _BEGINNING.search(entry.row.label) and not _BEGINNING.search(q.text):
                continue
            table_row, label = entry.row, must
            found = locate(index, doc_id, table_row.start)
            if found is None:
                continue
            # The row is read under its table's title and its section's heading ("Segment Adjusted EBITDA").
            heading = f"{table_row.title or ''} {index.passages[found[0]].section or ''}"
            title = _stems(heading)
            said = _stems(table_row.label) | title
            # ... which may give a name by its initials ("TABLE 9: USCS SELECTED INCOME STATEMENT DATA" for
            # "the U.S. Consumer Services segment"): the row is then about it, though its words do not
            # count for more of the question than a row that prints them (a title listing "AWS" among the
            # segments of its columns against the row "AWS").
            # Only the table's own title: a section's heading may be misread from a block of the table.
            by_initials = {w.lower().rstrip(".") for name in spelt if initials_in(name, table_row.title or "")
                           for w in name.split()}
            if any(not _held({stem(n)}, said) and n not in by_initials for n in names):
                continue
            coverage = sum(terms[s] for s in _held(set(terms), said)) / total
            if coverage < min_coverage or not _has_figure_for(table_row, years):
                continue
            if percent_wanted is not None and _in_percent(table_row) != percent_wanted:
                continue
            # ... nor a row of a table that states no money and no year's figures ("Albert Bourla | 60 |
            # Chairman ..." under "Age", for "How much total compensation did Albert Bourla receive?").
            if wanted is not None and wanted.money and not states_money(table_row, document.money_titles) \
                    and not any(_column_years(table_row)):
                continue
            # An amount per share is given in cents ("Diluted | $ (6.81)"), not as a count of shares or
            # an amount in millions ("Diluted | 1,248,353" weighted-average shares).
            if per_share_asked and not _in_cents(table_row, years):
                continue
            extra = len(title - _held(title, frozenset(terms)) - label - _TABLE_WORDS - selves)
            # A row whose columns name the year asked for before one whose periods are unknown ("Total
            # assets | 2,671" of another company's condensed figures); equal on words, the row whose
            # facts (title, label, columns) read closest to the question.
            dated = any(ys & years for ys in _column_years(table_row))
            # The label itself saying more of the question beats a title saying it ("Total assets"
            # over a "Total" row under a title about assets).
            key = (coverage, len(_held(_stems(table_row.label), asked)), dated, -extra, float(index.sentence_vectors[
                index.sentence_row(index.passages[found[0]]) + found[1]] @ q.vector))
            found_rows.append((key, table_row, NamedRow(found[0], found[1], coverage), must))
    best: tuple[tuple[float, int, bool, int, float], TableRow, NamedRow, frozenset[str]] | None = None
    for candidate in found_rows:
        key, table_row, _, _ = candidate
        # Of rows of one table alike in all but their figures (its "Including Fuel" and "Excluding
        # Fuel" blocks each with an "Operating income" row), the first: a statement reports before it
        # adjusts.
        if best is not None and (best[1].label.lower(), best[1].title) == (table_row.label.lower(), table_row.title) \
                and key[:4] == best[0][:4]:
            continue
        if best is None or key > best[0]:
            best = candidate
    if best is None:
        return None
    # Of rows of the best one's line item in other tables, alike on words ("Revenues" of each segment's
    # "Results of Operations" and of the company's key indicators; "Research and development" and
    # "Research and development expense, net"), the largest figure in the year asked for: the whole of
    # which the others are parts, whatever words their titles add ("Consumer Business (15.5% of
    # consolidated sales)" against the statement of income's "Net sales").
    # A question naming a part ("Amazon Web Services") is not asking for the whole.
    alike = 4 if part_named else 3
    wholes = [c for c in found_rows if c[3] == best[3] and c[0][:alike] == best[0][:alike]]
    def size(candidate: tuple[tuple[float, int, bool, int, float], TableRow, NamedRow, frozenset[str]]) -> float:
        return _magnitude(candidate[1], years_of[index.passages[candidate[2].row].doc_id])

    largest = max(wholes, key=size)
    return (largest if size(largest) > size(best) else best)[2]

