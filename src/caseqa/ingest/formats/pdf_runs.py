"""PDF lines: the runs of text PDFium found on a page, put together into printed lines by their geometry.

A run is one text object (one string drawn with one font at one place). Runs on one baseline,
left to right, make one line: a small gap is a space, a wide one is a gap between the cells of a
table row. A raised note number joins the line it is set in, a lone bullet the item beside it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import NamedTuple

from caseqa.ingest.structure import LIST_MARKER
from caseqa.ingest.tables import is_period_header

_NOTE_MARK = re.compile(r"^(?:\d{1,3}|[*†‡§]{1,3})$")  # a note reference drawn on its own
_CURRENCY = re.compile(r"^(?:US\$|\$|€|£|¥|₹|RMB)$")  # a currency sign set in a column of its own
_PRICED = re.compile(r"^(?:US\$|\$|€|£|¥|₹)\s*\(?\d")  # a figure drawn with its currency sign: "$ 14,573"
_FIGURE_ENDS = frozenset("0123456789)%—–-")  # how a figure (or an empty cell's dash) ends
_BARE_FIGURE = re.compile(r"^\(?\d[\d,]*(?:\.\d+)?\)?\s?%?$")  # "(351)", "128.7", "4,532": no "130," nor "5 billion"
_CLOSING = re.compile(r"^(?:%|\)|pts?|bps|x)$")  # the end of a figure set apart from it ("12.5 %")
# One figure of a table row as printed: "$ 51,217", "(72)", "10 %", "2023", or a dash for an empty cell.
ONE_FIGURE = r"(?:(?:US\$|\$|€|£|¥)\s?)?\(?-?\d(?:[\d,]*\d)?(?:\.\d+)?\)?(?:\s?%)?|[—–-]"
_WHOLE_FIGURE = re.compile(rf"^(?:{ONE_FIGURE})$")
CELL = " | "  # between the cells of a table row, as the DOCX and HTML readers write them
# Gaps between runs, in ems of the font size: word spaces in justified text stay well under 1 em,
# while the columns of a table are 2 ems apart or more (5.7 on a 10-K's financial statements).
_SPACE_GAP = 0.12
# After punctuation a word space may be set tighter (justified lines): 0.10 em seen in a 10-K,
# while the glyphs of one word ("U.S.", "e.g.") touch.
_PUNCT_GAP = 0.05
_CELL_GAP = 1.5
# A figure drawn with its currency sign opens a cell after a narrower gap: its column's sign is set
# at the column's left edge, closer to the figure before it than the columns' usual 2 ems.
_PRICED_GAP = 0.6


class Run(NamedTuple):
    """One text object of a page: its text and where and how it was drawn (PDF points).

    A named tuple: a 300-page PDF has tens of thousands of runs, and a tuple is made fastest.
    """

    text: str
    x0: float
    x1: float
    y: float  # baseline
    size: float
    bold: bool


@dataclass(slots=True)
class Line:
    """One printed line of a page, with where and how it was drawn."""

    text: str
    y: float | None
    size: float
    bold: bool
    cells: int = 1  # pieces of a table row joined with CELL
    columns: tuple[tuple[float, float], ...] = field(default=())  # left and right edge of each cell


def _lone_marker(text: str) -> bool:
    """A bullet or enumerator drawn as a run of its own ("•", "2.").

    Not a dash: a lone "–" or "-" is more often an empty table cell than a list item.
    """
    text = text.strip()
    found = LIST_MARKER.match(text + " ")
    return found is not None and found.end() == len(text) and text not in ("-", "–", "—")


def _same_baseline(a: Run, b: Run) -> bool:
    return abs(a.y - b.y) < 0.2 * max(a.size, b.size, 1)


def _raised(mark: Run, base: Run) -> bool:
    """``mark`` is a small note number set above ``base``'s baseline (a superscript)."""
    if not _NOTE_MARK.match(mark.text.strip()):
        return False
    return mark.size < 0.9 * base.size and 0 < mark.y - base.y < base.size


def _continues(group: list[Run], base: Run, run: Run) -> bool:
    """``run`` goes on the line ``group`` has started on ``base``: the same baseline (or a note mark), further right."""
    last = group[-1]
    if run.x0 < last.x1 - 0.5 * max(run.size, last.size):
        return False  # back to the left: the next line, or another column
    if _same_baseline(base, run) or _raised(run, base):
        return True
    return len(group) == 1 and _raised(base, run)  # a footnote's raised number, then its text


def _cell_after(group: list[Run], k: int) -> str:
    """The text of the runs after ``group[k]`` up to the next gap between cells, the next column's
    currency sign or the line's end."""
    size = max(r.size for r in group)
    parts: list[str] = []
    for before, run in zip(group[k:], group[k + 1:]):
        gap = run.x0 - before.x1
        if gap > _CELL_GAP * size or (parts and gap > _SPACE_GAP * run.size
                                      and (_CURRENCY.match(run.text.strip()) or _PRICED.match(run.text.strip()))):
            break  # the next cell, or the next column's sign
        parts.append((" " if parts and gap > _SPACE_GAP * run.size else "") + run.text.strip())
    return "".join(parts).strip()


def _cells(group: list[Run]) -> list[tuple[str, float, float]]:
    """The runs of one line joined into cells: text, left edge, right edge."""
    base_size = max(r.size for r in group)
    cells: list[list] = []
    previous: Run | None = None
    for k, run in enumerate(group):
        text = run.text.strip()
        if not text:
            continue
        if previous is None:
            cells.append([text, run.x0, run.x1])
        else:
            gap = run.x0 - previous.x1
            # A currency sign opens a cell (it is set at the left of its column, close to the
            # figure before it), but not in running prose ("the repurchase of up to $5 billion of
            # its common stock", the sign drawn on its own): after a word, only before a bare figure
            # or standing alone before the next cell (a column's sign set apart from its figures).
            after = _cell_after(group, k) if _CURRENCY.match(text) else ""
            sign = (_CURRENCY.match(text) is not None and gap > _SPACE_GAP * base_size
                    and (previous.text.rstrip()[-1:] in _FIGURE_ENDS or not after or _BARE_FIGURE.match(after)))
            # Two figures a space apart are two cells: a row drawn as one text object ("10 % $ 44,538").
            figures = gap > _SPACE_GAP * run.size and all(_WHOLE_FIGURE.match(t) and any(ch.isdigit() for ch in t)
                                                           for t in (text, cells[-1][0]))
            priced = _PRICED.match(text) and gap > _PRICED_GAP * base_size
            if ((gap > _CELL_GAP * base_size or sign or figures or priced)
                    and not (len(cells) == 1 and _lone_marker(cells[0][0])) and not _raised(run, previous)):
                cells.append([text, run.x0, run.x1])
            else:
                # An inline note reference sticks to its word ("Hartmann,1"); a footnote's own
                # number is followed by a space ("1 Nordlicht is ..."), and so is a list marker
                # drawn on its own ("1. Introduction", however close its advance).
                alone = len(cells) == 1 and cells[0][0] == previous.text.strip()
                opens_note = alone and _raised(previous, run)
                space = _PUNCT_GAP if previous.text[-1:] in ".,;:)" and text[:1].isalpha() else _SPACE_GAP
                spaced = opens_note or (alone and _lone_marker(previous.text)) or (not _raised(run, previous) and (
                    gap > space * run.size or run.text[:1].isspace() or previous.text[-1:].isspace()))
                cells[-1][0] += (" " if spaced else "") + text
                cells[-1][2] = max(cells[-1][2], run.x1)
        previous = run
    # A currency sign in its own column belongs to the figure after it, a "%" to the one before.
    out: list[list] = []
    for cell in cells:
        if out and _CURRENCY.match(out[-1][0]):
            out[-1] = [f"{out[-1][0]} {cell[0]}", out[-1][1], cell[2]]
        elif out and _CLOSING.match(cell[0]):
            out[-1] = [out[-1][0] + ("" if cell[0] in "%)" else " ") + cell[0], out[-1][1], cell[2]]
        else:
            out.append(cell)
    return [(t, a, b) for t, a, b in out]


def _line(group: list[Run]) -> list[Line]:
    """One printed line (or, for two columns read across, one line per column)."""
    if len(group) == 1:  # most lines of prose are one run
        run = group[0]
        return [Line(run.text.strip(), run.y, run.size, run.bold, 1, ((run.x0, run.x1),))]
    plain = [r for r in group if not _NOTE_MARK.match(r.text.strip())] or group
    size = max(r.size for r in plain)
    base = next(r for r in plain if r.size == size)
    chars = sum(len(r.text.strip()) for r in group) or 1
    bold = sum(len(r.text.strip()) for r in group if r.bold) >= 0.8 * chars
    cells = _cells(group)
    if not cells:
        return []
    if len(cells) > 1 and sum(len(t.split()) <= 4 for t, _, _ in cells) * 2 < len(cells):
        # Long pieces side by side are columns of prose read across, not the cells of a row.
        return [Line(t, base.y, size, bold, 1, ((a, b),)) for t, a, b in cells]
    return [Line(CELL.join(t for t, _, _ in cells), base.y, size, bold, len(cells),
                 tuple((a, b) for _, a, b in cells))]


_STACK_WORDS = 4  # a column header's line is short ("December 2,", "2022", "November 27,")
_STACK_LINES = 3.0  # a stacked header spans at most this many line heights


def _short(line: Line) -> bool:
    return line.cells == 1 and line.y is not None and len(line.text.split()) <= _STACK_WORDS


def _restack(lines: list[Line]) -> list[Line]:
    """Column headers of periods drawn column by column put back into lines: "December 2," / "2022", then
    "December 3," / "2021", each set on two lines, read in that order, are the header lines
    "December 2, | December 3," and "2022 | 2021".

    The sign of such a stack is a short line set higher than the line before it, further right; it
    takes in the short lines around it within the stack's few line heights, as long as each line
    of the stack goes on further right. The line before may be a row of cells: "(dollars in
    millions) | 2022 | 2021", then "% Change" over "2022-2021" beside it.
    """
    out: list[Line] = []
    i = 0
    while i < len(lines):
        k = i + 1
        if not (k < len(lines) and lines[i].y is not None and _short(lines[k]) and lines[k].y > lines[i].y
                and lines[k].columns[0][0] > lines[i].columns[-1][1]):
            out.append(lines[i])
            i += 1
            continue
        top, bottom, size = lines[k].y, lines[i].y, max(lines[i].size, lines[k].size)
        tolerance = 0.2 * size
        # Back over the lines of the same stack above (its first column) ...
        start = i
        while (out and _short(out[-1]) and bottom - tolerance <= out[-1].y <= top + tolerance
               and out[-1].y > lines[start].y):
            start -= 1
            out.pop()
        # ... and on over its further columns.
        ends: dict[float, float] = {}
        members: list[Line] = []
        end = start
        while end < len(lines) and (_short(lines[end]) or end == i):
            line = lines[end]
            lowest = min(bottom, line.y)
            if not (lowest - tolerance <= line.y <= top + tolerance) or top - lowest > _STACK_LINES * size:
                break
            level = next((y for y in ends if abs(y - line.y) <= tolerance), line.y)
            if line.columns[0][0] < ends.get(level, float("-inf")):
                break
            ends[level] = line.columns[-1][1]
            bottom = lowest
            members.append(line)
            end += 1
        levels = sorted(ends, reverse=True)
        rows = [[m for m in members if abs(m.y - y) <= tolerance] for y in levels]
        if (end <= k or len(members) < 3 or all(len(row) < 2 for row in rows)
                or not any(is_period_header([m.text for m in row]) for row in rows)):  # the lines as they were
            out.extend(lines[start:i + 1])
            i += 1
            continue
        for row in rows:
            out.append(Line(CELL.join(m.text for m in row), row[0].y, max(m.size for m in row),
                            all(m.bold for m in row), sum(m.cells for m in row),
                            tuple(c for m in row for c in m.columns)))
        i = end
    return out


def lines_of(runs: list[Run]) -> list[Line]:
    """A page's runs, in the order they were drawn, as printed lines (see the module docstring)."""
    out: list[Line] = []
    group: list[Run] = []
    base = None  # the run that sets the line's baseline: its first one that is no note mark
    for run in runs:
        if group and not _continues(group, base, run):
            out.extend(_line(group))
            group = []
        group.append(run)
        if len(group) == 1 or (len(group) == 2 and _NOTE_MARK.match(base.text.strip())):
            base = run
    if group:
        out.extend(_line(group))
    return _restack(out)
