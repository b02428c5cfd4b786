"""PDF tables: a table's pieces put back into one block, its caption found, its rows read as facts.

On a financial statement the header rows ("Year Ended December 31,", "2021 | 2020 | 2019") and
the label rows without figures ("Cash flows from investing activities") are lines of their own,
often bold; read one by one they would be taken for headings. Here they rejoin the rows of
figures they belong to, so that a table is one block, and :mod:`caseqa.ingest.tables` reads it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from caseqa.ingest.formats.builder import clean_line
from caseqa.ingest.formats.pdf_runs import CELL, Line
from caseqa.ingest.structure import BlockKind
from caseqa.ingest.tables import YEAR_IN, Cell, is_figure, is_period_header, is_scale_note, scale_of, table_rows
from caseqa.types import TableRow

_MAX_LABEL_WORDS = 16  # a row label set on a line of its own is short, and no sentence
_NEAR = 4.0  # a table's pieces are at most this many line heights apart
_BESIDE_LINES = 1.5  # a column header beside another is set at most this many line heights higher


def cells_of(line: Line) -> list[Cell]:
    """A line's cells with their left and right edges."""
    texts = line.text.split(CELL)
    if len(line.columns) == len(texts):
        return [(t.strip(), a, b) for t, (a, b) in zip(texts, line.columns)]
    return [(t.strip(), float(i), float(i)) for i, t in enumerate(texts)]


def figure_count(text: str) -> int:
    """How many figures a line shows ("Net income $ 1,234 $ (567)" shows two)."""
    return sum(is_figure(token) for token in text.replace(CELL, " ").replace("$ ", "$").split())


def is_row(text: str) -> bool:
    """A line that belongs to a table, not a heading: two figures or more, a header of periods, or a
    scale note ("(in thousands)"), bold or large as it may be."""
    return figure_count(text) >= 2 or is_period_header(text.split(CELL)) or is_scale_note(text)


def _tabular(block: list[Line]) -> bool:
    """Rows of figures (a block with a line of several cells, one of them a figure)."""
    return any(line.cells > 1 and figure_count(line.text) for line in block)


def _header(block: list[Line]) -> bool:
    return all(is_period_header(line.text.split(CELL)) for line in block)


def _labels(block: list[Line]) -> bool:
    return all(line.cells == 1 and len(line.text.split()) <= _MAX_LABEL_WORDS and line.text.rstrip()[-1:] != "."
               for line in block)


def _near(upper: list[Line], lower: list[Line]) -> bool:
    """Is ``lower`` just below ``upper``, or a column header beside the years heading its columns (set a
    little higher than their last line but not above their first: "2020 to 2021 %" beside
    "(In millions) | 2020 | 2021")?"""
    a, b, top = upper[-1], lower[0], upper[0]
    if a.y is None or b.y is None:
        return False
    beside = (a.y < b.y <= a.y + _BESIDE_LINES * max(a.size, b.size, 1) and top.y is not None and b.y <= top.y
              and _tabular(upper) and is_period_header(b.text.split(CELL)))
    return 0 <= a.y - b.y < _NEAR * max(a.size, b.size, 1) or beside


_MAX_LABEL_RUN = 3  # label lines between a table's header and its first row of figures, at most


def _labels_under_header(out: list[list[Line]]) -> bool:
    """Do the last blocks form a short run of label lines, each just below the one before, under a
    header of periods ("December 31," / "2021 2020" / "Assets" / "Current assets")?"""
    for run, k in enumerate(range(len(out) - 1, max(len(out) - 2 - _MAX_LABEL_RUN, -1), -1)):
        if _header(out[k]):
            return run > 0
        if not _labels(out[k]) or (k > 0 and not _near(out[k - 1], out[k])):
            return False
    return False


def join_tables(blocks: list[list[Line]]) -> list[list[Line]]:
    """A page's blocks with each table's pieces in one block.

    Headers of periods and label lines just above rows of figures ("Year Ended December 31,",
    "2021 | 2020 | 2019", "Cash flows from operating activities"), and label lines between two
    blocks of rows, join those rows.
    """
    out: list[list[Line]] = []
    i = 0
    while i < len(blocks):
        block = blocks[i]
        if _tabular(block):
            # Take in the headers and labels just above, nearest first, back to the first header:
            # label lines ("Assets", "Current assets") join only with a header above them.
            while out and _near(out[-1], block) and (_header(out[-1]) or _labels_under_header(out)):
                block = out.pop() + block
            if out and _tabular(out[-1]) and _near(out[-1], block):
                block = out.pop() + block
            out.append(block)
        elif (out and _tabular(out[-1]) and _labels(block) and i + 1 < len(blocks) and _tabular(blocks[i + 1])
              and _near(out[-1], block) and _near(block, blocks[i + 1])):
            out[-1] = out[-1] + block + blocks[i + 1]
            i += 1
        else:
            out.append(block)
        i += 1
    return out


def is_table(block: list[Line]) -> bool:
    """A block of table rows (several lines, some with cells)."""
    return len(block) > 1 and any(line.cells > 1 for line in block)


_INTRO_SCALE = re.compile(r"\bin\s+(thousands|millions|billions)\b[^.:]*:\s*$", re.IGNORECASE)


def caption(before: list[tuple[str, str]], fallback: str | None) -> tuple[str | None, str | None]:
    """A table's title and scale from the short blocks just above it on its page.

    Args:
        before: The (kind, text) blocks above the table on its page, nearest last.
        fallback: The section the table is in: its title when the page gives none.

    Returns:
        The title (a statement's name) and the scale ("thousands") or None for each.
    """
    title = scale = None
    if before and before[-1][0] == BlockKind.TEXT and before[-1][1].rstrip().endswith(":"):
        # A paragraph that introduces the table may end by giving its scale: "... for the years ended
        # December 31, 2019, 2020 and 2021, respectively (in millions):" (not "tens of millions of ...").
        said = _INTRO_SCALE.search(before[-1][1][-60:])
        scale = said.group(1).lower() if said else None
    for kind, text in reversed(before[-4:]):
        if (kind not in (BlockKind.HEADING, BlockKind.TEXT) or len(text.split()) > _MAX_LABEL_WORDS
                or text.endswith(".")):
            break
        if is_scale_note(text):
            scale = scale or scale_of(text)
            continue
        if is_row(text):
            continue
        title = text.replace("\n", " ").rstrip(":")
        scale = scale or scale_of(title)  # "CONSOLIDATED STATEMENTS OF CASH FLOWS (In millions)"
        break
    if title is None and fallback:  # the section's heading is the statement's name and scale
        scale = scale or scale_of(fallback)
    return title or fallback, scale


def facts(block: list[Line], start: int, title: str | None, scale: str | None) -> list[TableRow]:
    """The TableRows of a table block whose text begins at ``start`` in the document.

    The block's text is its lines cleaned and joined with newlines, as the builder writes it.
    """
    rows, spans = [], []
    position = start
    for line in block:
        text = clean_line(line.text.strip())
        if not text:
            continue
        rows.append(cells_of(line))
        spans.append((position, position + len(text)))
        position += len(text) + 1
    header_scale = next((scale_of(c[0]) for row in rows[:3] for c in row if scale_of(c[0])), None)
    return table_rows(rows, spans, title, scale or header_scale)


def inherit_header(new: list[TableRow], earlier: Sequence[TableRow],
                   earlier_section: str | None = None) -> list[TableRow]:
    """A table's rows with the column headers, scale and statement of the table above it on its
    page, when it has no dated headers of its own: a statement set in pieces under subheadings
    ("Total assets" ... "Liabilities and Stockholders' Equity" / "Current liabilities" / "Insurance
    reserves | 1,068,628 | 987,064") keeps the periods of its one header ("December 31," / "2021 |
    2020") and is titled under the statement it continues ("Consolidated Balance Sheets: Current
    liabilities"). Only rows with as many values as the header has columns take them.

    Args:
        new: The rows of the table just read.
        earlier: The rows of the tables above it on the same page.
        earlier_section: The section the table above was read in: a title that only repeats it (taken
            when the page gave the table none) is no subheading of the statement.
    """
    if not new or not earlier or any(_dated(row) for row in new):
        return new
    dated = next((row for row in reversed(earlier) if _dated(row)), None)
    if dated is None:
        return new
    return [replace(row, columns=dated.columns, scale=row.scale or dated.scale,
                    title=_under(dated.title, None if row.title == earlier_section else row.title))
            if len(row.values) == len(dated.columns) else row for row in new]


def _under(statement: str | None, title: str | None) -> str | None:
    """A piece's title under the statement it continues: "Consolidated Balance Sheets: Current
    liabilities"; either alone when the other is missing or says the same."""
    if not statement or not title or title.lower() in statement.lower():
        return statement or title
    if statement.lower() in title.lower():
        return title
    return f"{statement}: {title}"


def _dated(row: TableRow) -> bool:
    """Does a column header of the row name a year?"""
    return any(YEAR_IN.search(c) for c in row.columns)
