"""PDF lines: what pypdf extracted, with the pieces it split off one printed line put back together.

Generators such as reportlab end every drawn string with a line move, so pypdf gives a bullet, a
raised note number or a table cell as a line of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from caseqa.ingest.structure import LIST_MARKER

_NOTE_MARK = re.compile(r"^(?:\d{1,3}|[*†‡§]{1,3})$")  # a note reference drawn on its own
CELL = " | "  # between the cells of a table row, as the DOCX and HTML readers write them


@dataclass
class Line:
    """One line of a page as pypdf extracted it, with where and how it was drawn."""

    text: str
    y: float | None
    size: float
    bold: bool
    cells: int = 1  # pieces of a table row joined with CELL


def _lone_marker(text: str) -> bool:
    """A bullet or enumerator drawn as a run of its own ("•", "2.").

    Not a dash: a lone "–" or "-" is more often an empty table cell than a list item.
    """
    text = text.strip()
    found = LIST_MARKER.match(text + " ")
    return found is not None and found.end() == len(text) and text not in ("-", "–", "—")


def _same_baseline(a: Line, b: Line) -> bool:
    return a.y is not None and b.y is not None and abs(a.y - b.y) < 0.2 * max(a.size, b.size, 1)


def _raised(mark: Line, base: Line) -> bool:
    """``mark`` is a small note number set above ``base``'s baseline (a superscript)."""
    if mark.y is None or base.y is None or not _NOTE_MARK.match(mark.text.strip()):
        return False
    return mark.size < 0.9 * base.size and 0 < mark.y - base.y < base.size


def _join_runs(pieces: list[Line]) -> list[Line]:
    """Pieces pypdf gave as lines of their own although they share a baseline.

    A piece that starts or ends with a space continues the line (a run in another font); pieces
    that do not, most of them short, are the cells of a table row; anything else (two columns
    read across) is left as it was.
    """
    texts = [pieces[0].text]
    inline = True
    for piece in pieces[1:]:
        if texts[-1][-1:].isspace() or piece.text[:1].isspace():
            texts[-1] += piece.text
        else:
            texts.append(piece.text)
            inline = False
    first = pieces[0]
    if inline or len(texts) == 1:
        return [replace(first, text=texts[0], bold=all(p.bold for p in pieces))]
    if sum(len(t.split()) <= 4 for t in texts) * 2 >= len(texts):
        return [replace(first, text=CELL.join(t.strip() for t in texts), bold=all(p.bold for p in pieces),
                        cells=len(texts))]
    return pieces


def merge_runs(lines: list[Line]) -> list[Line]:
    """Put back together what was drawn as separate runs on one line (see :func:`_join_runs`).

    A lone bullet joins the text beside it; a raised note number joins the line it is set in
    (an inline reference, "Hartmann,1") or the line it opens (a footnote, "1 Nordlicht is ...").
    """
    out: list[Line] = []
    group: list[Line] = []

    def close() -> None:
        if group:
            out.extend(_join_runs(group) if len(group) > 1 else group)
            group.clear()

    for line in lines:
        previous = group[-1] if group else None
        if previous is None:
            group.append(line)
        elif _lone_marker(previous.text) and line.y is not None and previous.y is not None \
                and abs(line.y - previous.y) < 0.5 * max(line.size, 1):
            group[-1] = replace(line, text=f"{previous.text.strip()} {line.text.strip()}")
        elif _raised(line, group[0]):
            group[-1] = replace(previous, text=previous.text.rstrip() + line.text.strip())
        elif _raised(previous, line) and len(group) == 1:
            group[-1] = replace(line, text=f"{previous.text.strip()} {line.text.strip()}")
        elif _same_baseline(group[0], line):
            group.append(line)
        else:
            close()
            group.append(line)
    close()
    return out
