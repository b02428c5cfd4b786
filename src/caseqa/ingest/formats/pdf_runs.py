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

_NOTE_MARK = re.compile(r"^(?:\d{1,3}|[*†‡§]{1,3})$")  # a note reference drawn on its own
_CURRENCY = re.compile(r"^(?:US\$|\$|€|£|¥|₹|RMB)$")  # a currency sign set in a column of its own
_CLOSING = re.compile(r"^(?:%|\)|pts?|bps|x)$")  # the end of a figure set apart from it ("12.5 %")
CELL = " | "  # between the cells of a table row, as the DOCX and HTML readers write them
# Gaps between runs, in ems of the font size: word spaces in justified text stay well under 1 em,
# while the columns of a table are 2 ems apart or more (5.7 on a 10-K's financial statements).
_SPACE_GAP = 0.12
_CELL_GAP = 1.5


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


def _cells(group: list[Run]) -> list[tuple[str, float, float]]:
    """The runs of one line joined into cells: text, left edge, right edge."""
    base_size = max(r.size for r in group)
    cells: list[list] = []
    previous: Run | None = None
    for run in group:
        text = run.text.strip()
        if not text:
            continue
        if previous is None:
            cells.append([text, run.x0, run.x1])
        else:
            gap = run.x0 - previous.x1
            # A currency sign opens a cell (it is set at the left of its column, close to the
            # figure before it).
            if ((gap > _CELL_GAP * base_size or (_CURRENCY.match(text) and gap > _SPACE_GAP * base_size))
                    and not (len(cells) == 1 and _lone_marker(cells[0][0])) and not _raised(run, previous)):
                cells.append([text, run.x0, run.x1])
            else:
                # An inline note reference sticks to its word ("Hartmann,1"); a footnote's own
                # number is followed by a space ("1 Nordlicht is ...").
                opens_note = len(cells) == 1 and cells[0][0] == previous.text.strip() and _raised(previous, run)
                spaced = opens_note or (not _raised(run, previous) and (
                    gap > _SPACE_GAP * run.size or run.text[:1].isspace() or previous.text[-1:].isspace()))
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
    return out
