"""PDF layout: the lines read off each page, page by page, turned into headings, paragraphs and lists.

Pieces drawn on one baseline are put back together (a bullet and its item, a raised note number
and its sentence, the cells of a table row), running headers and footers and page numbers are
dropped, wrapped lines are joined (rejoining words hyphenated at a line end), footnotes are kept
apart from the body, and a paragraph that runs on to the next page stays whole.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import cached_property

from caseqa.config import Limits
from caseqa.ingest.formats.builder import DocumentBuilder, is_prose
from caseqa.ingest.formats.pdf_filing import cover_title, generic_title, is_contents_page, is_filing_cover
from caseqa.ingest.formats.pdf_runs import CELL, Line
from caseqa.ingest.formats.pdf_tables import caption, facts, inherit_header, is_row, is_table, join_tables
from caseqa.ingest.structure import LIST_MARKER, TERMINAL, BlockKind, looks_like_heading
from caseqa.types import Document, TableRow

_PAGE_NUMBER = re.compile(
    r"^(?:page\s*)?[-–—(\[]?\s*(?:\d{1,4}|[ivxlc]{1,6})\s*[-–—)\]]?(?:\s*(?:of|/)\s*\d{1,4})?$", re.IGNORECASE
)
_LEADING_NUMBER = re.compile(r"^(\d{1,4})\b")
_TRAILING_NUMBER = re.compile(r"\b(\d{1,4})$")
_PRINTED = re.compile(r"\d{1,4}|\b[ivxlc]{1,6}\b", re.IGNORECASE)  # the number in a page-number line
_HYPHENATED = re.compile(r"\b[^\W\d_]+-[^\W\d_]+\b")
_LETTERS = re.compile(r"[^\W\d_]+")
_LINE_END_HALF = re.compile(r"([^\W\d_]+)-$")  # the first half of a word hyphenated at a line end
# Closed compounds of two common words ("how-" + "ever" is not "how-ever"): a short document may
# not spell them out elsewhere, and both halves are words in any document.
_CLOSED = frozenset("""
    anyone anything anyway become cannot elsewhere everyone everything furthermore hereby however
    into itself meanwhile moreover nevertheless nobody nothing onto otherwise ourselves overall
    someone something sometimes somewhat themselves therefore throughout today understand upon
    whatever whenever whereas wherever whether within without worldwide yourself
""".split())
_EDGE_LINES = 2  # lines at the top and at the bottom of a page that may be headers or footers
_COVER_WITHIN = 3  # a filing's cover is one of its first pages
_NOTE_START = re.compile(r"^(?:\d{1,3}|[*†‡§]{1,3})\s*[^\W\d_]")  # a footnote: its number, then its text
_ITEM = re.compile(r"^(?:item|part)\s+(?:\d{1,2}[a-d]?|[ivx]{1,4})\.\s+\w", re.IGNORECASE)  # "Item 7. Management's ..."
_WORD = re.compile(r"[^\W\d_]{2,}")  # a heading has at least one word: "2019", "3.4" or "•" is none


def _edge_keys(line: Line, page: int, outermost: bool) -> set[tuple[str, int]]:
    """What a running header or footer keeps from page to page.

    Its text with numbers blanked out at the same height ("Acme Tea — Case 9-#"), and, for the
    page's top or bottom line when it starts or ends with a number, the difference between that
    number and the page's index ("Chapter 3: Utilities 7" on page 10): the printed page number,
    whatever the text around it.
    """
    text = re.sub(r"\s+", " ", line.text.replace(CELL, " ").strip().lower())
    blanked = re.sub(r"\d+", "#", text)
    keys = {(blanked, round(line.y or 0))}
    if outermost:
        # The first or last line of many pages, wherever it is drawn ("Table of Contents" as a
        # link at the top of a 10-K's pages, set a little higher or lower from page to page).
        keys.add((blanked, "edge"))
        # Either end may hold it: "2023 FORM 10-K 3" ends with the page's number, not the year it opens with.
        for number in (_LEADING_NUMBER.search(text), _TRAILING_NUMBER.search(text)):
            if number:
                keys.add(("page number", int(number.group(1)) - page))
    return keys


def _page_number(text: str, page: int, n_pages: int) -> bool:
    """A page number ("7", "- 7 -", "Page 7 of 9"); in a short document, only the page's own."""
    if not _PAGE_NUMBER.match(text):
        return False
    # Repeats cannot be counted over one or two pages, so there a bare number must be the page's.
    digits = re.search(r"\d+", text)
    return n_pages > 2 or (digits is not None and int(digits.group(0)) == page)


def _drop_running_lines(pages: list[list[Line]]) -> list[str]:
    """Remove page numbers, and lines repeated at the top or bottom of many pages.

    Returns:
        The page number printed on each page ("" where none was found), from the page-number
        lines removed.
    """
    edges: list[list[Line]] = []
    for lines in pages:
        placed = sorted((line for line in lines if line.y is not None), key=lambda line: -(line.y or 0))
        edges.append(placed[:_EDGE_LINES] + placed[-_EDGE_LINES:] if len(placed) > 1 else placed)
    # Count repeats on pages with body text between their edges: on a page of a few lines,
    # every line is at an edge.
    keys = [
        [_edge_keys(line, number, line is edge[0] or line is edge[-1]) for line in edge]
        for number, edge in enumerate(edges)
    ]
    counts = Counter(
        key for lines, page_keys in zip(pages, keys) if len(lines) > 2 * _EDGE_LINES
        for key in set().union(*page_keys)
    )
    needed = max(2, math.ceil(0.4 * len(pages)))
    printed: list[str] = []
    for number, (lines, edge, page_keys) in enumerate(zip(pages, edges, keys), start=1):
        numbers = [line for line in edge if _page_number(line.text.strip(), number, len(pages))]
        drop = {id(line) for line in numbers} | {
            id(line) for line, line_keys in zip(edge, page_keys)
            if len(line.text) <= 150 and any(counts[key] >= needed for key in line_keys)
        }
        lines[:] = [line for line in lines if id(line) not in drop]
        label = _PRINTED.search(numbers[-1].text) if numbers else None
        offsets = [key[1] for line_keys in page_keys for key in line_keys
                   if key[0] == "page number" and counts[key] >= needed]
        # The offsets were counted from 0-based page indexes ("Annual Report 36" on the 36th page).
        printed.append(label.group(0) if label else str(number - 1 + offsets[0]) if offsets else "")
    return printed


@dataclass(frozen=True)
class _Words:
    """What the document itself says about how it spells words, for rejoining line-end hyphens.

    Attributes:
        hyphenated: Hyphenated words it contains on one line ("cost-effective"), lowercased.
        counts: How often each word occurs, lowercased, not counting the two halves of a word
            hyphenated at a line end: a half is a word only if it occurs somewhere else too.
    """

    hyphenated: frozenset[str] = frozenset()
    counts: Counter[str] = field(default_factory=Counter)


def _words(pages: list[list[Line]]) -> _Words:
    """The document's words (see :class:`_Words`)."""
    lines = [line.text for page in pages for line in page]
    # Patterns run on each distinct whitespace-separated token once, not over the whole text.
    tokens = Counter("\n".join(lines).lower().split())
    counts: Counter[str] = Counter()
    hyphenated = set()
    for token, n in tokens.items():
        for word in _LETTERS.findall(token):
            counts[word] += n
        if "-" in token:
            hyphenated.update(_HYPHENATED.findall(token))
    for left, right in itertools.pairwise(lines):
        if not left.rstrip().endswith("-"):
            continue
        head = _LINE_END_HALF.search(left.rstrip())
        tail = _LETTERS.match(right.lstrip())
        if head and tail:  # the halves at a line break are no evidence that they are words
            counts[head.group(1).lower()] -= 1
            counts[tail.group(0).lower()] -= 1
    return _Words(frozenset(hyphenated), +counts)


@dataclass(frozen=True)
class _Style:
    """What ordinary body text looks like in this document."""

    size: float
    bold: bool
    leading: float
    line_chars: int
    widths: tuple[tuple[float, int], ...] = ()  # characters in a full line, by font size
    leadings: tuple[tuple[float, float], ...] = ()  # usual baseline-to-baseline distance, by font size

    def full_line(self, size: float) -> int:
        """Characters in a full line of text of this size (narrower in a column set smaller)."""
        return self._widths.get(size, self.line_chars)

    def leading_of(self, size: float) -> float | None:
        """The usual baseline-to-baseline distance of text of this size, if seen often enough."""
        return self._leadings.get(size)

    @cached_property
    def _widths(self) -> dict[float, int]:
        return dict(self.widths)

    @cached_property
    def _leadings(self) -> dict[float, float]:
        return dict(self.leadings)


def _body_style(pages: list[list[Line]]) -> _Style:
    sizes: Counter[float] = Counter()
    bold = 0
    for lines in pages:
        for line in lines:
            sizes[line.size] += len(line.text)
            bold += len(line.text) if line.bold else 0
    size = sizes.most_common(1)[0][0] if sizes else 0.0
    gaps: dict[float, Counter[float]] = {}
    lengths: dict[float, list[int]] = {}
    for lines in pages:
        for a, b in itertools.pairwise(lines):
            if a.size == b.size and a.y is not None and b.y is not None and 0.8 * a.size < a.y - b.y < 3 * a.size:
                gaps.setdefault(a.size, Counter())[round(a.y - b.y, 1)] += 1
        for line in lines:
            lengths.setdefault(line.size, []).append(len(line.text.strip()))
    # Text set in another size (a two-column page, an abstract) has its own line length and spacing.
    widths = {s: sorted(n)[int(0.9 * (len(n) - 1))] for s, n in lengths.items() if len(n) >= 8}
    leadings = {s: c.most_common(1)[0][0] for s, c in gaps.items() if c.total() >= 8}
    leading = gaps[size].most_common(1)[0][0] if size in gaps else 1.2 * size
    return _Style(size, bold > 0.6 * sum(sizes.values()), leading, widths.get(size, 80), tuple(widths.items()),
                  tuple(leadings.items()))


def _distinct(line: Line, style: _Style) -> bool:
    """Drawn larger than body text, or bold where the body is not."""
    return line.size >= style.size + 1 or (line.bold and not style.bold)


def _breaks(prev: Line, line: Line, style: _Style) -> bool:
    """True when ``line`` starts a new block rather than continuing ``prev``'s."""
    if LIST_MARKER.match(line.text.strip()):
        return True
    if (prev.cells > 1) != (line.cells > 1):
        return True
    if prev.cells > 1:  # the rows of one table, header and total rows in bold included, in one size
        return (abs(prev.size - line.size) >= 1 or prev.y is None or line.y is None
                or not 0.3 * line.size < prev.y - line.y < 2.5 * max(line.size, 1))
    if abs(prev.size - line.size) >= 1 or prev.bold != line.bold:
        return True
    if prev.y is not None and line.y is not None:
        gap = prev.y - line.y
        usual = style.leading_of(line.size)
        if gap < 0.3 * max(line.size, 1) or gap > (1.3 * usual if usual else 1.5 * max(style.leading, line.size)):
            return True  # moved up (a new column), stayed on the baseline, or left a blank line
    text, following = prev.text.strip(), line.text.strip()
    if _distinct(prev, style) and _distinct(line, style):
        # A heading set on two or three lines stays one heading unless a sentence ends.
        return text[-1] in ".!?"
    if len(text) >= 0.75 * style.full_line(prev.size) or text.endswith("-") or following[:1].islower():
        return False
    # A short line ends a paragraph, or is a heading set in the body font.
    return text[-1] in ".!?:" or looks_like_heading(text)


def _blocks(lines: list[Line], style: _Style) -> list[list[Line]]:
    """Group a page's lines into blocks (paragraphs, headings, list items)."""
    out: list[list[Line]] = []
    for line in lines:
        if out and not _breaks(out[-1][-1], line, style):
            out[-1].append(line)
        else:
            out.append([line])
    return out


def _joint(left: str, right: str, words: _Words) -> tuple[int, str]:
    """How to join two wrapped lines: characters to drop from the end of ``left``, and the joiner.

    A word hyphenated across the break is rejoined ("manage-" + "ment") unless it is a compound,
    as the document itself shows: it spells it with a hyphen elsewhere ("well-known"), or it
    never spells it closed ("costeffective") while both halves are words of it elsewhere ("cost",
    "effective"); the part before the break may also already have a hyphen ("state-of-the-" +
    "art"). A dash or slash joins without a space.
    """
    if left.endswith("\u00ad"):
        return 1, ""
    if left.endswith("-") and left[-2:-1].isalpha() and right[:1].islower():
        if "-" in left.rsplit(None, 1)[-1][:-1]:
            return 0, ""  # "state-of-the-" + "art": a compound keeps its hyphens
        head = re.search(r"[^\W\d_]+-$", left)
        tail = re.match(r"[^\W\d_]+", right)
        if head and tail and _compound(head.group(0)[:-1].lower(), tail.group(0).lower(), words):
            return 0, ""
        return 1, ""
    if left.endswith(("—", "–", "/")):
        return 0, ""
    return 0, " "


def _compound(head: str, tail: str, words: _Words) -> bool:
    """True when ``head``-``tail``, hyphenated at a line end, is a compound (see :func:`_joint`)."""
    if f"{head}-{tail}" in words.hyphenated:
        return True
    closed = head + tail
    if words.counts[closed] or closed in _CLOSED:
        return False
    return words.counts[head] > 0 and words.counts[tail] > 0


def _join(left: str, right: str, words: _Words) -> str:
    """Two wrapped lines as one (see :func:`_joint`)."""
    left, right = left.rstrip(), right.lstrip()
    drop, joiner = _joint(left, right, words)
    return left[:len(left) - drop] + joiner + right


def _kind(block: list[Line], next_block: list[Line] | None, style: _Style) -> BlockKind:
    if all(line.cells > 1 for line in block) or is_table(block):
        return BlockKind.TABLE
    text = " ".join(line.text.strip() for line in block)
    if LIST_MARKER.match(text):
        return BlockKind.LIST
    if not _WORD.search(text):
        return BlockKind.TEXT  # a number, a year, a figure or a bullet is never a heading
    words = len(text.split())
    headed = (len(block) <= 3 and words <= 20 and (text[-1] not in ".,;" or _ITEM.match(text))
              and _distinct(block[0], style)) or (
        len(block) == 1 and looks_like_heading(text) and next_block is not None
        and is_prose(" ".join(line.text for line in next_block)))
    # A row of a table is never a heading, bold or large as it may be.
    return BlockKind.HEADING if headed and not is_row(text) else BlockKind.TEXT


def _footnotes(lines: list[Line], style: _Style) -> tuple[list[Line], list[list[Line]]]:
    """A page's body lines, and its footnotes: small text below the body, each opening with its number.

    Lines of small text after a footnote's first line belong to it.
    """
    body_ys = [line.y for line in lines if line.y is not None and line.size >= style.size - 0.5]
    if not body_ys:
        return lines, []
    floor = min(body_ys)
    body: list[Line] = []
    notes: list[list[Line]] = []
    open_note = False
    for line in lines:
        small = line.y is not None and line.y < floor and line.size <= style.size - 1 and line.cells == 1
        if small and _NOTE_START.match(line.text.strip()):
            notes.append([line])
            open_note = True
        elif small and open_note:
            notes[-1].append(line)
        else:
            body.append(line)
            open_note = False
    return body, notes


def _text(block: list[Line], kind: BlockKind, words: _Words) -> str:
    if kind == BlockKind.TABLE:
        return "\n".join(line.text.strip() for line in block)
    text = block[0].text.strip()
    for line in block[1:]:
        text = _join(text, line.text, words)
    return text


def _runs_on(kind: BlockKind, text: str, next_kind: BlockKind, following: str) -> bool:
    """A text paragraph that ends mid-sentence continues in the next page's first paragraph."""
    return (
        kind == next_kind == BlockKind.TEXT and text[-1:] not in TERMINAL
        and (following[:1].islower() or text.endswith("-") or len(text.split()) >= 8)
    )


def lay_out(pages: list[list[Line]], doc_id: str, sha256: str, title: str | None,
            notes: tuple[str, ...], limits: Limits, labels: tuple[str, ...] = ()) -> Document:
    """Clean the extracted lines and lay them out as a Document.

    Args:
        pages: Each page's lines in the order they were drawn (modified: running lines removed).
        doc_id: The document's id.
        sha256: Digest of the file's bytes.
        title: From the PDF's metadata, or None to take the first heading; a filing's cover page
            names it whatever the metadata says.
        notes: Warnings for the user.
        limits: The text size limit.
        labels: The PDF's /PageLabels, if it has them (else the page numbers printed on the pages).

    Returns:
        The Document, with a page for every paragraph and a span for every page.
    """
    # A filing's cover says what it is, whatever its metadata says ("ADBE 10-K FY22", "10-K -
    # 02/08/2023 - 3M Company").
    # The cover may follow a page that only names the form ("FORM 10-K" over a picture).
    cover_page = next((n for n, lines in enumerate(pages[:_COVER_WITHIN], start=1) if is_filing_cover(lines)), None)
    cover = cover_title(pages[cover_page - 1], " ".join(line.text for page in pages[:20] for line in page)) \
        if cover_page else None
    printed = _drop_running_lines(pages)
    style = _body_style(pages)
    words = _words(pages)
    laid: list[tuple[list[tuple[str, str]], list[str], list[list[Line]]]] = []  # per page: blocks, notes, lines
    for number, lines in enumerate(pages, start=1):
        # A table of contents, or a filing's cover page, opens no sections.
        plain = is_contents_page(lines) or number == cover_page
        body, footnotes = _footnotes(lines, style)
        # One row alone is no table: a running header or a label set in two runs ("Exhibit 1",
        # "Revenue by Channel") reads as one line.
        blocks = [[replace(block[0], text=block[0].text.replace(CELL, " "), cells=1)]
                  if len(block) == 1 and block[0].cells > 1 else block
                  for block in join_tables(_blocks(body, style))]
        kinds = [_kind(block, blocks[i + 1] if i + 1 < len(blocks) else None, style) for i, block in enumerate(blocks)]
        kinds = [BlockKind.TEXT if plain and kind == BlockKind.HEADING else kind for kind in kinds]
        laid.append(([(kind, _text(block, kind, words)) for block, kind in zip(blocks, kinds)],
                     [_text(note, BlockKind.TEXT, words) for note in footnotes], blocks))
    builder = DocumentBuilder(doc_id, limits.max_text_chars)
    rows: list[TableRow] = []
    section: str | None = None  # the last heading: a table's title when its page gives none
    after_note = False  # the last block added is a footnote, which no paragraph continues
    for number, (items, footnotes, blocks) in enumerate(laid, start=1):
        following = laid[number][0][0] if number < len(laid) and laid[number][0] else None
        page_rows: list[TableRow] = []  # this page's table rows so far: a table set in pieces keeps its header
        table_section: str | None = None  # the section the last of them was read in
        for i, (kind, text) in enumerate(items):
            if kind == BlockKind.TABLE:
                start = builder.add(kind, text, number)
                if start is not None:
                    found = inherit_header(facts(blocks[i], start, *caption(items[:i], section)), page_rows,
                                           table_section)
                    table_section = section
                    page_rows.extend(found)
                    rows.extend(found)
                after_note = False
                continue
            if kind == BlockKind.HEADING:
                section = text.replace("\n", " ")
            # A page that ends mid-sentence runs on into the next page's first paragraph.
            continues = (i == 0 and not after_note and builder.last_kind is not None
                         and _runs_on(builder.last_kind, builder.last_text, kind, text))
            if (footnotes and i == len(items) - 1 and not continues and following is not None
                    and _runs_on(kind, text, *following)):
                # This paragraph runs on to the next page: the page's footnotes go before it, so
                # that it stays whole and every block stays on its own page.
                for note in footnotes:
                    builder.add(BlockKind.TEXT, note, number)
                footnotes = []
            if continues:
                drop, joiner = _joint(builder.last_text, text, words)
                builder.extend(text, number, joiner=joiner, drop=drop)
            elif kind == BlockKind.LIST and builder.last_kind == BlockKind.LIST and i > 0:
                builder.extend(text, number, joiner="\n")
            else:
                builder.add(kind, text, number)
            after_note = False
        for note in footnotes:
            builder.add(BlockKind.TEXT, note, number)
            after_note = True
    if labels and any(labels):
        printed = list(labels)  # the PDF's own /PageLabels win over numbers read off the pages
    title = cover or (None if generic_title(title) else title)
    return builder.document(sha256, title=title, warnings=notes, n_pages=len(pages),
                            page_labels=tuple(printed), tables=tuple(rows))
