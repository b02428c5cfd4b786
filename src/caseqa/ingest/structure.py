"""Recover title, sections and paragraphs from plain text or Markdown, keeping exact offsets."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import PurePosixPath

from caseqa.language.sentences import LIST_MARKER, TERMINAL
from caseqa.types import Paragraph, ParagraphKind, Section

IMAGE_LINE = re.compile(r"^\S+\.(?:jpe?g|png|gif|svg|bmp|tiff?|webp)$", re.IGNORECASE)
BYLINE = re.compile(
    r"^(?:(?:curated|written|prepared|edited|compiled|authored|reviewed)\s+by\b|by\s+[A-Z]|authors?\s*:|"
    r"copyright\b|©|\(c\)|all rights reserved|revised\b|rev\.\s|version\b|date\s*:|case\s+(?:no|number)\b)",
    re.IGNORECASE,
)
MAX_HEADING_WORDS = 12
MAX_HEADING_CHARS = 90


class BlockKind(StrEnum):
    """What a run of lines was recognised as, by any reader, before it becomes a paragraph."""

    TITLE = "title"  # the document's title: shown, but opens no section
    HEADING = "heading"  # opens a section
    TEXT = "text"
    LIST = "list"
    TABLE = "table"
    IMAGE = "image"  # an image file name in plain text: separates paragraphs, never shown as one
    SKIP = "skip"  # taken out (a title line already used as the title)


PARAGRAPH_KINDS = (BlockKind.TEXT, BlockKind.LIST, BlockKind.TABLE)


@dataclass(frozen=True)
class Line:
    """One non-blank line: offsets of its stripped content in the document text."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Block:
    """A run of non-blank lines and what it was recognised as."""

    lines: tuple[Line, ...]
    kind: BlockKind
    heading: str | None = None  # the heading text when kind is HEADING

    @property
    def start(self) -> int:
        return self.lines[0].start

    @property
    def end(self) -> int:
        return self.lines[-1].end


@dataclass(frozen=True)
class Structure:
    """What a document's text turned out to contain."""

    title: str | None
    sections: tuple[Section, ...]
    paragraphs: tuple[Paragraph, ...]


def iter_lines(text: str) -> list[Line | None]:
    """Split text into lines; blank lines become None. Offsets exclude surrounding spaces."""
    out: list[Line | None] = []
    pos = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            lead = len(raw) - len(raw.lstrip())
            start = pos + lead
            out.append(Line(start, start + len(stripped), stripped))
        else:
            out.append(None)
        pos += len(raw) + 1
    return out


def is_list_item(line: str) -> bool:
    """True when a line starts with a bullet or an enumerator followed by a space."""
    return LIST_MARKER.match(line) is not None


def looks_like_heading(line: str) -> bool:
    """A short line without final punctuation that starts like a title."""
    words = line.split()
    if not (1 <= len(words) <= MAX_HEADING_WORDS) or len(line) > MAX_HEADING_CHARS:
        return False
    if line[-1] in TERMINAL or is_list_item(line) or BYLINE.match(line) or IMAGE_LINE.match(line):
        return False
    first = line[0]
    return first.isupper() or first.isdigit() or (not first.isalpha() and first not in "([{<")


def is_prose(text: str) -> bool:
    """Running text: at least eight words ending in sentence punctuation."""
    return len(text.split()) >= 8 and text.rstrip()[-1:] in TERMINAL


def _prose_block(block: Block) -> bool:
    """A text or list block that reads as running text."""
    return block.kind in (BlockKind.TEXT, BlockKind.LIST) and is_prose(" ".join(line.text for line in block.lines))


def blocks_of(text: str) -> list[list[Line]]:
    """Group lines into runs separated by blank lines."""
    blocks: list[list[Line]] = []
    current: list[Line] = []
    for line in iter_lines(text):
        if line is None:
            if current:
                blocks.append(current)
                current = []
        else:
            current.append(line)
    if current:
        blocks.append(current)
    return blocks


Classifier = Callable[[list[Line]], list[Block]]


def classify_plain(lines: list[Line]) -> list[Block]:
    """Plain text: image names are dropped; a lone short unpunctuated line is a heading."""
    out: list[Block] = []
    run: list[Line] = []
    for line in [*lines, None]:
        if line is not None and not IMAGE_LINE.match(line.text):
            run.append(line)
            continue
        if len(run) == 1 and looks_like_heading(run[0].text):
            out.append(Block(tuple(run), BlockKind.HEADING, run[0].text))
        elif run:
            kind = BlockKind.LIST if all(is_list_item(r.text) for r in run) else BlockKind.TEXT
            out.append(Block(tuple(run), kind))
        if line is not None:
            out.append(Block((line,), BlockKind.IMAGE))
        run = []
    return out


def assemble(text: str, classify: Classifier, fallback_title: str, title: str | None = None) -> Structure:
    """Turn classified blocks into a title, sections and paragraphs.

    Args:
        text: The document text.
        classify: Splits a run of lines into typed blocks (plain text or Markdown rules).
        fallback_title: Used when the text offers no title.
        title: A title known from metadata; when given, no line is taken as the title.

    Returns:
        The recovered structure; paragraph offsets index into ``text``.
    """
    blocks = [b for run in blocks_of(text) for b in classify(run)]
    known = title.strip() if title is not None else None
    title = None if known == "" else _take_title(blocks, known)
    outline = [(b.kind, b.start, b.end, b.heading) for b in blocks if b.kind != BlockKind.SKIP]
    return Structure(title, *sections_and_paragraphs(text, outline))


def _take_title(blocks: list[Block], known: str | None = None) -> str | None:
    """The title: the first heading before the first prose block, which is then skipped.

    With a title ``known`` from metadata, that heading is only skipped when it repeats the known
    title (a Markdown "# Title" under front matter naming the same), so it opens no section.
    """
    for i, block in enumerate(blocks):
        if _prose_block(block):
            break
        if block.kind == BlockKind.HEADING:
            if known is None or (block.heading or "").strip().casefold() == known.casefold():
                blocks[i] = Block(block.lines, BlockKind.SKIP)
                return known or block.heading
            break
    return known


def sections_and_paragraphs(text: str, blocks: list[tuple[str, int, int, str | None]]
                            ) -> tuple[tuple[Section, ...], tuple[Paragraph, ...]]:
    """Sections from headings, and paragraphs numbered from 1 within their section, as a reader counts.

    Every reader (plain text, Markdown, PDF, DOCX, HTML) ends here, so citations count alike.

    Args:
        text: The document text.
        blocks: ``(kind, start, end, heading)`` in reading order: a "heading" opens a section (its
            ``heading`` text, else the text it spans, is the title); "text", "list" and "table" are
            paragraphs; any other kind (a title, an image) only separates them. A list right after a
            paragraph that ends with a colon stays with it ("Three things were done:" + the list).

    Returns:
        The sections (the first, untitled, holds what comes before any heading) and paragraphs.
    """
    heads: list[tuple[str | None, int]] = [(None, 0)]
    paragraphs: list[Paragraph] = []
    counts: dict[int, int] = {}  # paragraphs so far, per section
    previous: str | None = None
    for kind, start, end, heading in blocks:
        if kind == BlockKind.HEADING:
            heads.append((heading if heading is not None else text[start:end].replace("\n", " "), start))
        elif kind in PARAGRAPH_KINDS:
            section = len(heads) - 1
            last = paragraphs[-1] if paragraphs else None
            if (kind == BlockKind.LIST and previous in (BlockKind.TEXT, BlockKind.LIST) and last is not None
                    and last.section == section and text[last.end - 1] == ":"):
                paragraphs[-1] = replace(last, end=end, kind=ParagraphKind.LIST)
            else:
                counts[section] = counts.get(section, 0) + 1
                paragraphs.append(Paragraph(counts[section], section, start, end, kind=ParagraphKind(kind)))
        previous = kind
    sections = tuple(Section(i, title, start, heads[i + 1][1] if i + 1 < len(heads) else len(text))
                     for i, (title, start) in enumerate(heads))
    return sections, tuple(paragraphs)


def title_from_name(doc_id: str) -> str:
    """A readable title from a file name: 'alibaba-covid19.txt' -> 'Alibaba covid19'."""
    stem = PurePosixPath(doc_id).stem
    words = re.sub(r"[_\-]+", " ", stem).strip() or stem
    return words[:1].upper() + words[1:]
