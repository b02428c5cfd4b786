"""Tables as facts: which rows of a table hold figures, under which column headers, title and scale.

A format reader that sees a table's geometry (the PDF reader) hands its rows here as cells with
their left and right edges; what comes back says, for each row of figures, its label, its values
and the column header of each (see :class:`caseqa.types.TableRow`). :func:`figures` then reads a
row's values as numbers, parentheses as negatives and the table's scale applied, so that claim
checking can compare "about $94 million" with "(93,639)" in a table "in thousands".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from caseqa.types import TableRow

Cell = tuple[str, float, float]  # text, left edge, right edge

# A figure as tables print it: "$ 3,208,323", "(79,176)", "36 %", "(2.93)", "—" for none.
_FIGURE = re.compile(r"^(?:[$€£¥]\s?)?\(?-?(?:[$€£¥]\s?)?\d[\d,]*(?:\.\d+)?\s?%?\)?\s?%?$|^[—–-]+$")
_YEAR = re.compile(r"^(?:FY\s?)?(?:19|20)\d\d$")
_YEARS = re.compile(r"^(?:19|20)\d\d[-–](?:19|20)?\d\d$")  # "2022-2021", a change's two years
YEAR_IN = re.compile(r"\b(?:19|20)\d\d\b")  # a year anywhere in a text
_PERIOD_WORDS = re.compile(
    r"\b(?:year|years|ended|ending|months|weeks|quarter|fiscal|december|june|september|march|change|as of|"
    r"january|february|april|may|july|august|october|november)\b|%", re.IGNORECASE)
_NUMBERISH = re.compile(r"^[\d,.%()$—–-]+$")
_JOINERS = frozenset({"to", "and", "of", "the", "vs", "vs.", "from", "for", "as", "at", "on", "in"})
_SCALE = re.compile(r"\b(?:in\s+)?(thousands|millions|billions)\b", re.IGNORECASE)
SCALES = {"thousands": 1e3, "millions": 1e6, "billions": 1e9}


def is_figure(text: str) -> bool:
    """A cell that is a figure (a year alone is a column header, not a figure)."""
    return bool(_FIGURE.match(text.strip())) and not _YEAR.match(text.strip())


def is_period_header(cells: Sequence[str]) -> bool:
    """A header row of years or periods: "2021 | 2020 | 2019", "Year Ended December 31,", "% Change".

    Nearly every word is a period word, a number or a joining word ("Year Ended December 31, 2020
    to 2021 % Change"), which a heading that mentions a year is not. A scale note beside the
    periods ("(In millions, except percentages) | 2020 | 2021 | Change") is no other word.
    """
    texts = [c.strip() for c in cells if c.strip()]
    if len(texts) > 1:
        texts = [t for t in texts if not is_scale_note(t)]
    elif texts:
        texts = [_after_scale_note(texts[0])]
    if not texts or any(is_figure(t) for t in texts):
        return False
    tokens = " ".join(texts).split()
    dated = [t for t in tokens if _PERIOD_WORDS.search(t) or _YEAR.match(t.strip(",.")) or _YEARS.match(t)]
    other = [t for t in tokens if t not in dated and not _NUMBERISH.match(t) and t.lower() not in _JOINERS]
    return bool(dated) and len(other) * 4 <= len(tokens)


_LEADING_NOTE = re.compile(r"^\([^()]*\)\s+")


def _after_scale_note(text: str) -> str:
    """A header cell without the scale note it opens with: "2022 2021 2020" of "(dollars in millions)
    2022 2021 2020", printed as one line."""
    found = _LEADING_NOTE.match(text)
    return text[found.end():] if found and is_scale_note(found.group().strip()) else text


def scale_of(text: str) -> str | None:
    """The scale a note gives ("(in thousands)", "(In millions, except per share amounts)")."""
    found = _SCALE.search(text)
    return found.group(1).lower() if found else None


def is_scale_note(text: str) -> bool:
    """A bracketed line that says what the figures are in: "(in thousands)", "(Millions)", "(in
    thousands, except for share and per share data)" — the scale among its first words, so that a
    bracketed remark that mentions one later ("(excluding ... in millions of trips)") is not a note."""
    words = text.split()
    return (text.strip()[:1] in "([" and len(words) <= 16
            and scale_of(" ".join(words[:3])) is not None)


@dataclass(frozen=True)
class RowFacts:
    """What :func:`read_rows` found for one row of figures."""

    index: int  # the row's position in the rows given
    label: str
    values: tuple[str, ...]
    columns: tuple[str, ...]


def read_rows(rows: Sequence[Sequence[Cell]]) -> list[RowFacts]:
    """The rows of figures of one table, each with its label and its values' column headers.

    Header rows are the rows before the first row of figures that hold no figures (years count as
    headers); each value takes the header cell of the nearest header row above that has one over it
    (by order when the counts agree, else the header cell whose centre is nearest). A row whose
    label starts in lower case continues the label of the row of words just above it.

    Args:
        rows: Each row's cells, left to right.

    Returns:
        One record per row that has a label and at least one figure.
    """
    headers: list[Sequence[Cell]] = []
    out: list[RowFacts] = []
    pending = ""  # a label set on a line of its own, waiting for its figures
    for index, cells in enumerate(rows):
        texts = [c[0] for c in cells]
        values = [c for c in cells if is_figure(c[0])]
        words = [c for c in cells if not is_figure(c[0])]
        if not values:
            if not out and (len(cells) > 1 or is_period_header(texts)):
                headers.append(cells)
                pending = ""
            else:
                pending = " ".join(texts) if len(cells) == 1 else ""
            continue
        label = " ".join(c[0] for c in words if c[2] <= values[0][1])
        if not label:
            continue
        if pending and label[:1].islower():
            label = f"{pending} {label}"
        pending = ""
        out.append(RowFacts(index, label, tuple(v[0] for v in values), _columns(values, headers)))
    return out


def _over(cell: Cell, value: Cell, slack: float = 1.0) -> bool:
    """Is the header cell printed over the value (their extents overlap, within ``slack`` points)?"""
    return cell[1] < value[2] + slack and value[1] < cell[2] + slack


def _nearest(cells: Sequence[Cell], value: Cell) -> Cell:
    """The cell whose centre is nearest the value's."""
    return min(cells, key=lambda c: abs((c[1] + c[2]) / 2 - (value[1] + value[2]) / 2))


_BESIDE = 10.0  # points: a narrow figure set to the right of its column, under a centred year


def _printed_over(header: Sequence[Cell], value: Cell, values: Sequence[Cell]) -> str:
    """The text of one header line over a value: the cells over it, else the nearest within ``_BESIDE``
    points that is over no other value of the row ("93" set right of the "2020" above its column), else ""."""
    over = [c[0] for c in header if _over(c, value)]
    if over:
        return " ".join(over)
    free = [c for c in header if _over(c, value, _BESIDE) and not any(_over(c, v) for v in values if v is not value)]
    return _nearest(free, value)[0] if free else ""


def _stacked(headers: Sequence[Sequence[Cell]], value: Cell, values: Sequence[Cell]) -> str:
    """The header printed over a value, read upwards from the lowest header line until it names a year
    ("2020 to 2021 %" / "Change"; "2021" alone, as other tables give it)."""
    parts: list[str] = []
    for header in reversed(headers):
        text = _printed_over(header, value, values)
        if text:
            parts.insert(0, text)
            if YEAR_IN.search(text):
                break
    return " ".join(parts)


def _columns(values: Sequence[Cell], headers: Sequence[Sequence[Cell]]) -> tuple[str, ...]:
    """The header of each value: the lowest header row that covers them (see :func:`read_rows`).

    A header printed as one cell of years ("2021 2020") gives one year per value; headers printed
    one above the other, one per column ("As of December 31, 2020" / "As of December 31, 2021"),
    give theirs in order when nothing else covers the values.
    """
    for header in reversed(headers):
        cells = [c for c in header if not c[0].endswith(":")] if len(header) > 1 else header
        # A cell that ends before the first value begins heads the labels, not a column of figures
        # ("(Millions, except percentages ...) | 2022 | 2021 | 2020 | 2022 vs. 2021 | 2021 vs. 2020").
        cells = [c for c in cells if c[2] > values[0][1] - _BESIDE] if len(cells) > 1 else cells
        if len(cells) == len(values):
            return tuple(c[0] for c in cells)
        if len(cells) == 1 and len(values) > 1:
            years = _after_scale_note(cells[0][0]).replace(",", " ").split()
            if all(_YEAR.match(y) for y in years):
                if len(years) == len(values):
                    return tuple(years)
                # One column more than years, a percentage: the change beside the years.
                if len(years) == len(values) - 1 and values[-1][0].endswith("%"):
                    return (*years, "")
        if len(cells) >= 2 or (cells and len(values) == 1):
            nearest = [_nearest(cells, v) for v in values]
            # One cell nearest to several values it is not printed over ("Change" of a header printed
            # on two lines, "2020 to 2021 %" / "Change", nearest to the amounts' columns too) is not
            # their header: each value then takes the cells printed over it, line above line (the
            # nearest cell still, when none is).
            shared = [c for c in nearest if nearest.count(c) > 1 and not all(_over(c, v) for v, n in
                                                                          zip(values, nearest) if n is c)]
            if shared:
                return tuple(_stacked(headers, v, values) or n[0] for v, n in zip(values, nearest))
            return tuple(c[0] for c in nearest)
    stacked = [h[0][0] for h in headers if len(h) == 1 and YEAR_IN.search(h[0][0])][-len(values):]
    years = {found.group() for t in stacked if (found := YEAR_IN.search(t))}
    if len(values) > 1 and len(stacked) == len(values) == len(years):
        return tuple(stacked)
    return ("",) * len(values)


@dataclass(frozen=True)
class Figure:
    """One value of a table row, read as a number.

    Attributes:
        column: Its column header ("2020"), "" when none was found.
        text: As printed ("(93,639)").
        value: The number, negative when printed in parentheses or with a minus, times the table's
            scale (-93,639,000 for "(93,639)" in thousands); None for a dash (nil).
        percent: True for a percentage (never scaled).
    """

    column: str
    text: str
    value: float | None
    percent: bool = False


_PER_SHARE_LABEL = re.compile(r"\bper\s+(?:common\s+|diluted\s+|basic\s+)?share\b|\bEPS\b", re.IGNORECASE)


def states_money(row: TableRow, titles: frozenset[str]) -> bool:
    """Are the row's figures amounts of money: a scale ("in millions"), a "$" of its own, or a table of
    ``titles`` (its document's :attr:`~caseqa.types.Document.money_titles`)? Not an officers' ages
    ("Albert Bourla | 60 | Chairman ...")."""
    return bool(row.scale) or row.in_dollars or (row.title is not None and row.title in titles)


def per_share(label: str) -> bool:
    """Is a row an amount a share ("Net income per share", "Diluted EPS"), printed unscaled?"""
    return _PER_SHARE_LABEL.search(label) is not None


def figures(row: TableRow) -> list[Figure]:
    """A row's values with their column labels and scaled numbers (see :class:`Figure`).

    Per-share amounts are not scaled ("in thousands, except per share amounts").
    """
    scale = SCALES.get(row.scale or "", 1.0)
    if per_share(row.label):
        scale = 1.0
    out = []
    for column, text in zip(row.columns, row.values):
        digits = re.sub(r"[^\d.]", "", text)
        if not digits or digits == ".":
            out.append(Figure(column, text, None))
            continue
        number = float(digits)
        if "(" in text or "-" in text.replace("—", "").replace("–", "")[:2]:
            number = -number
        percent = "%" in text
        out.append(Figure(column, text, number if percent else number * scale, percent))
    return out


# Of a filing's rows whose columns name two or more years, the share that must run one way for its
# undated tables to be read in that order too, and how many such rows it must have.
_ORDER_SHARE = 0.8
_ORDER_ROWS = 5


@dataclass(frozen=True)
class ColumnOrder:
    """How a document orders its tables' year columns: its latest year, first or last."""

    latest: int
    latest_first: bool

    def position(self, year: int, columns: int) -> int | None:
        """The column (0-based, of ``columns``) that holds ``year`` in a table whose header was not read."""
        back = self.latest - year
        if not 0 <= back < columns:
            return None
        return back if self.latest_first else columns - 1 - back


def column_order(rows: Sequence[TableRow]) -> ColumnOrder | None:
    """The order a document's tables give their year columns, when it keeps to one.

    A filing orders its statements' columns one way throughout: "2022 | 2021 | 2020" (most 10-Ks)
    or "2019 | 2020 | 2021" (Uber's). Where a table's header was not read (its dates drawn as one
    string), its columns are in that order too, ending or starting at the year its dated rows most
    often lead with. None unless at least ``_ORDER_ROWS`` dated rows are in the document and
    ``_ORDER_SHARE`` of them run the same way.
    """
    leads: dict[bool, dict[int, int]] = {True: {}, False: {}}
    ordered = 0
    for row in rows:
        # Each column's one year ("% Change 2022 vs 2021" names two: a change, not a period), a run of
        # columns under one year (its quarters, its segments) read once.
        years = [int(found[0]) for column in row.columns if len(found := YEAR_IN.findall(column)) == 1]
        years = [y for i, y in enumerate(years) if i == 0 or y != years[i - 1]]
        if len(set(years)) < 2:
            continue
        ordered += 1
        top = max(years)
        # One way in each of the groups a wide table repeats ("2022 | 2021 | 2022 | 2021").
        down = [0] + [i for i, (a, b) in enumerate(pairwise(years), 1) if b > a]
        up = [i for i, (a, b) in enumerate(pairwise(years)) if b < a] + [len(years) - 1]
        for first, starts in ((True, down), (False, up)):
            if len(starts) < len(years) and all(years[i] == top for i in starts):
                leads[first][top] = leads[first].get(top, 0) + 1
    for first, counts in leads.items():
        if ordered >= _ORDER_ROWS and sum(counts.values()) >= _ORDER_SHARE * ordered:
            return ColumnOrder(max(counts, key=lambda y: (counts[y], y)), first)
    return None


def table_rows(rows: Sequence[Sequence[Cell]], spans: Sequence[tuple[int, int]], title: str | None,
               scale: str | None) -> list[TableRow]:
    """The TableRow records of one table whose rows sit at ``spans`` in the document text."""
    return [TableRow(spans[f.index][0], spans[f.index][1], f.label, f.values, f.columns, title, scale)
            for f in read_rows(rows)]
