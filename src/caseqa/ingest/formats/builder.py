"""A Document from blocks a reader already recognised (PDF, DOCX, HTML): joined text, exact offsets."""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import replace

from caseqa.errors import EmptyDocumentError
from caseqa.ingest.formats.decoding import too_long
from caseqa.ingest.structure import PARAGRAPH_KINDS, BlockKind, is_prose, sections_and_paragraphs, title_from_name
from caseqa.types import Document, Span, TableRow

# Control characters other than newline and tab, lone surrogates, soft hyphens, zero-width spaces
# and stray byte-order marks never belong in the text a reader sees; PDF extraction produces them.
_JUNK = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u00ad\u200b\u2060\ufeff\ud800-\udfff]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
BLOCK_KINDS = (BlockKind.TITLE, BlockKind.HEADING, *PARAGRAPH_KINDS)
SEPARATOR = "\n\n"


def clean_line(text: str) -> str:
    """One line of extracted text: junk characters removed, runs of spaces collapsed, NFC."""
    if text.isascii() and text.isprintable():  # most lines: nothing to remove or normalise
        return " ".join(text.split())
    text = _JUNK.sub("", text.replace("\r", " ").replace("\n", " "))
    return unicodedata.normalize("NFC", _SPACES.sub(" ", text)).strip()


def clean_block(text: str) -> str:
    """A block's lines cleaned (see :func:`clean_line`), blank lines dropped."""
    return "\n".join(line for line in (clean_line(raw) for raw in text.split("\n")) if line)


class DocumentBuilder:
    """Collects blocks in reading order and turns them into a Document.

    Blocks are joined with a blank line; ``Document.text`` is exactly that joined text, so every
    offset (paragraphs, sections, pages, later passages) indexes into what a viewer shows.

    Args:
        doc_id: The document's id, for messages.
        max_chars: Refuse to grow the text beyond this many characters.
    """

    def __init__(self, doc_id: str, max_chars: int) -> None:
        self.doc_id = doc_id
        self.max_chars = max_chars
        self._parts: list[str] = []
        self._length = 0
        self._blocks: list[list] = []  # [kind, start, end]
        self._page_pieces: list[tuple[int, int, int]] = []  # page, start, end
        self._last_text = ""

    @property
    def length(self) -> int:
        """Characters of text so far."""
        return self._length

    @property
    def last_kind(self) -> BlockKind | None:
        """Kind of the last block added, or None."""
        return self._blocks[-1][0] if self._blocks else None

    @property
    def last_text(self) -> str:
        """Text of the last block added ("" when there is none)."""
        return self._last_text

    def _append(self, text: str, page: int | None) -> None:
        if self._length + len(text) > self.max_chars:
            raise too_long(self.doc_id, self.max_chars)
        start = self._length
        self._parts.append(text)
        self._length += len(text)
        if page is not None:
            self._page_pieces.append((page, start, self._length))

    def add(self, kind: BlockKind, text: str, page: int | None = None) -> int | None:
        """Append a block; text is cleaned first and nothing is added when it is blank.

        Args:
            kind: One of "title", "heading", "text", "list" or "table".
            text: Its lines, separated by newlines.
            page: The 1-based page it sits on, for paged formats.

        Returns:
            Where the block's text starts in the document text, or None when nothing was added.
        """
        if kind not in BLOCK_KINDS:
            raise ValueError(f"unknown block kind {kind!r}; expected one of {BLOCK_KINDS}")
        text = clean_block(text)
        if not text:
            return None
        if self._parts:
            self._append(SEPARATOR, None)
        start = self._length
        self._append(text, page)
        self._blocks.append([kind, start, self._length])
        self._last_text = text
        return start

    def extend(self, text: str, page: int | None = None, joiner: str = " ", drop: int = 0) -> None:
        """Continue the last block (a paragraph running on across a page break).

        Args:
            text: The continuation.
            page: The page it sits on.
            joiner: Put between the last block and ``text``.
            drop: Characters to remove from the end of the last block first (a hyphen).
        """
        text = clean_block(text)
        if not text:
            return
        if not self._blocks:
            self.add(BlockKind.TEXT, text, page)
            return
        drop = min(drop, len(self._parts[-1]) - 1)
        if drop > 0:
            self._parts[-1] = self._parts[-1][:-drop]
            self._length -= drop
            self._blocks[-1][2] -= drop
            self._last_text = self._last_text[:-drop]
            if self._page_pieces and self._page_pieces[-1][2] > self._length:
                page_no, start, _ = self._page_pieces[-1]
                self._page_pieces[-1] = (page_no, start, self._length)
        self._append(joiner, None)
        self._append(text, page)
        self._blocks[-1][2] = self._length
        self._last_text += joiner + text

    def document(self, sha256: str, title: str | None = None, encoding: str = "utf-8",
                 warnings: tuple[str, ...] = (), n_pages: int = 0, page_labels: tuple[str, ...] = (),
                 tables: tuple[TableRow, ...] = ()) -> Document:
        """The Document.

        Args:
            sha256: Digest of the file's bytes.
            title: From metadata; when None the first heading before any prose is the title.
            encoding: How the file's text was decoded.
            warnings: Messages for the user.
            n_pages: Number of pages, for paged formats (0 otherwise).
            page_labels: The number printed on each page, for paged formats.
            tables: Rows of figures found in the text.

        Raises:
            EmptyDocumentError: No paragraph of text was found.
        """
        text = "".join(self._parts)
        blocks = [tuple(b) for b in self._blocks]
        title = clean_line(title or "") or None
        # The first heading before any prose is the title (when none is known, or when it
        # repeats the known one): it is shown, but opens no section.
        for i, (kind, start, end) in enumerate(blocks):
            heading = text[start:end].replace("\n", " ")
            if kind in (BlockKind.TITLE, BlockKind.HEADING):
                if title is None or heading.casefold() == title.casefold():
                    title = title or heading
                    blocks[i] = (BlockKind.TITLE, start, end)
                break
            if is_prose(text[start:end]):
                break
        pages = self._page_spans(n_pages)
        sections, paragraphs = sections_and_paragraphs(text, [(kind, start, end, None) for kind, start, end in blocks])
        if not paragraphs:
            raise EmptyDocumentError(f"{self.doc_id}: no text found in the file; check that it holds the case text")
        if pages:
            starts = [s for s, _ in pages]
            paragraphs = [replace(p, page=bisect.bisect_right(starts, p.start)) for p in paragraphs]
        return Document(
            id=self.doc_id,
            title=title or title_from_name(self.doc_id),
            text=text,
            sha256=sha256,
            sections=sections,
            paragraphs=tuple(paragraphs),
            encoding=encoding,
            pages=pages,
            warnings=warnings,
            page_labels=page_labels,
            tables=tables,
        )

    def _page_spans(self, n_pages: int) -> tuple[Span, ...]:
        """Character span of each page; a page without text gets an empty span where it would be."""
        spans: list[Span] = []
        pieces: dict[int, list[tuple[int, int]]] = {}
        for page, start, end in self._page_pieces:
            pieces.setdefault(page, []).append((start, end))
        pos = 0
        for page in range(1, n_pages + 1):
            if page in pieces:
                start, end = pieces[page][0][0], pieces[page][-1][1]
                spans.append((start, end))
                pos = end
            else:
                spans.append((pos, pos))
        return tuple(spans)
