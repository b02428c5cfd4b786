"""Markdown case files: ATX and setext headings become sections, front matter gives the title.

Code (fenced with ``` or ~~~, or indented by four spaces) is kept as text but never read as a
heading: a shell comment "# install the tools" is not a section.
"""

from __future__ import annotations

import re

from caseqa.config import Limits
from caseqa.ingest.formats.text import read_plain
from caseqa.ingest.structure import IMAGE_LINE, Block, BlockKind, Classifier, Line, classify_plain, is_list_item
from caseqa.types import Document

ATX = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
SETEXT = re.compile(r"^(=+|-+)\s*$")
RULE = re.compile(r"^(?:(?:\*\s*){3,}|(?:-\s*){3,}|(?:_\s*){3,})$")
IMAGE = re.compile(r"^!\[[^\]]*\]\([^)]*\)$")
FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---[ \t]*(?:\n|\Z)", re.DOTALL)
FM_TITLE = re.compile(r"^title\s*:\s*[\"']?(.*?)[\"']?\s*$", re.IGNORECASE | re.MULTILINE)


def _code_lines(text: str) -> tuple[set[int], set[int]]:
    """Start offsets of the lines inside code blocks, and of the fence lines themselves.

    A fence closes with the same character, at least as long; an unclosed fence runs to the end,
    as in CommonMark. An indented line is code when it follows a blank line or other code and
    does not continue a list item.
    """
    code: set[int] = set()
    fences: set[int] = set()
    fence = ""  # the open fence ("```", "~~~~", ...), or "" outside one
    previous_blank, previous_code, in_list = True, False, False
    pos = 0
    for raw in text.split("\n"):
        line = raw.rstrip("\r")
        marker = FENCE.match(line)
        if fence:
            closes = (marker is not None and marker.group(1)[0] == fence[0] and len(marker.group(1)) >= len(fence)
                      and not line.strip().strip(fence[0]))
            (fences if closes else code).add(pos)
            fence = "" if closes else fence
            previous_blank, previous_code = False, True
        elif marker and not (marker.group(1)[0] == "`" and "`" in line.strip()[len(marker.group(1)):]):
            fences.add(pos)
            fence = marker.group(1)
            previous_blank, previous_code = False, True
        elif not line.strip():
            previous_blank = True
        else:
            indented = line.startswith(("    ", "\t"))
            previous_code = indented and (previous_code or previous_blank) and not in_list
            if previous_code:
                code.add(pos)
            elif not indented:
                in_list = is_list_item(line.strip())
            previous_blank = False
        pos += len(raw) + 1
    return code, fences


def _classify(text: str, front_matter_end: int):
    code, fences = _code_lines(text)

    def indent(line: Line) -> int:
        return line.start - (text.rfind("\n", 0, line.start) + 1)

    def classify(lines: list[Line]) -> list[Block]:
        out: list[Block] = []
        pending: list[Line] = []

        def flush() -> None:
            if pending:
                kind = BlockKind.TABLE if all(p.text.startswith("|") for p in pending) else None
                blocks = [Block(tuple(pending), kind)] if kind else classify_plain(list(pending))
                # A lone short line is only a heading in Markdown when marked as one.
                out.extend(Block(b.lines, BlockKind.TEXT) if b.kind == BlockKind.HEADING else b for b in blocks)
                pending.clear()

        for i, line in enumerate(lines):
            nxt = lines[i + 1] if i + 1 < len(lines) else None
            if line.end <= front_matter_end:
                continue
            start = line.start - indent(line)  # where the raw line starts, as _code_lines counts
            if start in fences:
                flush()
                continue
            if start in code:
                pending.append(line)
                continue
            atx = ATX.match(line.text) if indent(line) <= 3 else None
            if atx and atx.group(2):
                flush()
                out.append(Block((line,), BlockKind.HEADING, atx.group(2)))
            elif (nxt is not None and SETEXT.match(nxt.text) and not is_list_item(line.text) and not pending
                  and indent(line) <= 3 and nxt.start - indent(nxt) not in code):
                flush()
                out.append(Block((line,), BlockKind.HEADING, line.text))
            elif (SETEXT.match(line.text) and out and out[-1].kind == BlockKind.HEADING
                  and out[-1].lines[-1] is lines[i - 1]):
                continue  # the underline of a setext heading
            elif any(p.match(line.text) for p in (RULE, IMAGE, IMAGE_LINE)):
                flush()
            else:
                pending.append(line)
        flush()
        return out

    return classify


def _layout(text: str) -> tuple[Classifier, str | None]:
    """Markdown rules, skipping front matter, whose ``title:`` is the title."""
    fm = FRONT_MATTER.match(text)
    title = None
    if fm:
        found = FM_TITLE.search(fm.group(1))
        title = found.group(1) if found else None
    return _classify(text, fm.end() if fm else 0), title


def read(data: bytes, doc_id: str, limits: Limits | None = None) -> Document:
    """Read a .md file; the title comes from front matter, else the first heading before any text."""
    return read_plain(data, doc_id, limits, _layout)
