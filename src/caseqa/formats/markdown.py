"""Markdown case files: ATX and setext headings become sections, front matter gives the title."""

from __future__ import annotations

import re

from ..config import Limits
from ..structure import IMAGE_LINE, Block, Classifier, Line, classify_plain, is_list_item
from ..types import Document
from .text import read_plain

ATX = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
SETEXT = re.compile(r"^(=+|-+)\s*$")
RULE = re.compile(r"^(?:(?:\*\s*){3,}|(?:-\s*){3,}|(?:_\s*){3,})$")
IMAGE = re.compile(r"^!\[[^\]]*\]\([^)]*\)$")
FENCE = re.compile(r"^(```|~~~)")
FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---[ \t]*(?:\n|\Z)", re.DOTALL)
FM_TITLE = re.compile(r"^title\s*:\s*[\"']?(.*?)[\"']?\s*$", re.IGNORECASE | re.MULTILINE)


def _classify(front_matter_end: int):
    def classify(lines: list[Line]) -> list[Block]:
        out: list[Block] = []
        pending: list[Line] = []

        def flush() -> None:
            if pending:
                kind = "table" if all(p.text.startswith("|") for p in pending) else None
                blocks = [Block(tuple(pending), kind)] if kind else classify_plain(list(pending))
                # A lone short line is only a heading in Markdown when marked as one.
                out.extend(Block(b.lines, "text") if b.kind == "heading" else b for b in blocks)
                pending.clear()

        for i, line in enumerate(lines):
            nxt = lines[i + 1] if i + 1 < len(lines) else None
            if line.end <= front_matter_end:
                continue
            atx = ATX.match(line.text)
            if atx and atx.group(2):
                flush()
                out.append(Block((line,), "heading", atx.group(2)))
            elif nxt is not None and SETEXT.match(nxt.text) and not is_list_item(line.text) and not pending:
                flush()
                out.append(Block((line,), "heading", line.text))
            elif SETEXT.match(line.text) and out and out[-1].kind == "heading" and out[-1].lines[-1] is lines[i - 1]:
                continue  # the underline of a setext heading
            elif any(p.match(line.text) for p in (RULE, FENCE, IMAGE, IMAGE_LINE)):
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
    return _classify(fm.end() if fm else 0), title


def read(data: bytes, doc_id: str, limits: Limits | None = None) -> Document:
    """Read a .md file; the title comes from front matter, else the first heading before any text."""
    return read_plain(data, doc_id, limits, _layout)
