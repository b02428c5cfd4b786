"""PDF case files via pypdf: page-numbered paragraphs, running headers and footers dropped, hyphens rejoined."""

from __future__ import annotations

import contextlib
import io
import itertools
import logging
import math
import re
import time
import warnings
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from ..config import Limits
from ..errors import CorpusError, EmptyDocumentError
from ..structure import LIST_MARKER, TERMINAL, looks_like_heading
from ..types import Document
from .builder import DocumentBuilder, clean_line, is_prose
from .decoding import sha256, too_long

_BOLD = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)
_PAGE_NUMBER = re.compile(
    r"^(?:page\s*)?[-–—(\[]?\s*(?:\d{1,4}|[ivxlc]{1,6})\s*[-–—)\]]?(?:\s*(?:of|/)\s*\d{1,4})?$", re.IGNORECASE
)
_HYPHENATED = re.compile(r"\b[^\W\d_]+-[^\W\d_]+\b")
_BAD_TITLE = re.compile(r"^(?:microsoft\s+\w+\s+-|untitled|document\d*$)|\.(?:docx?|pdf|indd|qxd|rtf|txt)$",
                        re.IGNORECASE)
_MIN_PAGE_CHARS = 20  # a page with fewer non-space characters has no real text layer
_EDGE_LINES = 2  # lines at the top and at the bottom of a page that may be headers or footers
MAX_SECONDS = 120.0  # extracting text from one PDF stops after this long


@dataclass
class _Line:
    """One line of a page as pypdf extracted it, with where and how it was drawn."""

    text: str
    y: float | None
    size: float
    bold: bool


def _page_lines(page) -> list[_Line]:
    """The page's lines in pypdf's reading order, with baseline height, font size and weight."""
    lines: list[_Line] = []
    parts: list[str] = []
    chars: list[tuple[int, float, bool]] = []  # per fragment: characters, size, bold
    first_y: list[float] = []

    def end_line() -> None:
        text = "".join(parts)
        if text.strip():
            total = sum(n for n, _, _ in chars) or 1
            size = max((s for n, s, _ in chars if n), default=0.0)
            bold = sum(n for n, _, b in chars if b) >= 0.8 * total
            lines.append(_Line(text, first_y[0] if first_y else None, size, bold))
        parts.clear()
        chars.clear()
        first_y.clear()

    def visit(text: str, cm: list[float], tm: list[float], font: dict | None, font_size: float) -> None:
        pieces = text.split("\n")
        for i, piece in enumerate(pieces):
            if i:
                end_line()
            if not piece:
                continue
            parts.append(piece)
            if piece.strip():
                # Position and size of the text in page space: the text matrix times the CTM.
                b, d = tm[2] * cm[0] + tm[3] * cm[2], tm[2] * cm[1] + tm[3] * cm[3]
                y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                size = abs(font_size) * math.hypot(b, d)
                name = str(font.get("/BaseFont", "")) if isinstance(font, dict) else ""
                chars.append((len(piece.strip()), round(size * 2) / 2, bool(_BOLD.search(name))))
                if not first_y:
                    first_y.append(y)

    page.extract_text(visitor_text=visit)
    end_line()
    return lines


def _edge_key(line: _Line) -> tuple[str, int]:
    """A header or footer line with its page number blanked out, and its height on the page."""
    text = re.sub(r"\d+", "#", re.sub(r"\s+", " ", line.text.strip().lower()))
    return text, round(line.y or 0)


def _drop_running_lines(pages: list[list[_Line]]) -> None:
    """Remove page numbers, and lines repeated at the same height at the top or bottom of many pages."""
    edges: list[list[_Line]] = []
    for lines in pages:
        placed = sorted((line for line in lines if line.y is not None), key=lambda line: -(line.y or 0))
        edges.append(placed[:_EDGE_LINES] + placed[-_EDGE_LINES:] if len(placed) > 1 else placed)
    # Count repeats on pages with body text between their edges: on a page of a few lines,
    # every line is at an edge.
    counts = Counter(
        key for lines, edge in zip(pages, edges) if len(lines) > 2 * _EDGE_LINES
        for key in {_edge_key(line) for line in edge}
    )
    needed = max(2, math.ceil(0.4 * len(pages)))
    for lines, edge in zip(pages, edges):
        drop = {
            id(line) for line in edge
            if _PAGE_NUMBER.match(line.text.strip())
            or (counts[_edge_key(line)] >= needed and len(line.text) <= 150)
        }
        lines[:] = [line for line in lines if id(line) not in drop]


@dataclass(frozen=True)
class _Style:
    """What ordinary body text looks like in this document."""

    size: float
    bold: bool
    leading: float
    line_chars: int


def _body_style(pages: list[list[_Line]]) -> _Style:
    sizes: Counter[float] = Counter()
    bold = 0
    for lines in pages:
        for line in lines:
            sizes[line.size] += len(line.text)
            bold += len(line.text) if line.bold else 0
    size = sizes.most_common(1)[0][0] if sizes else 0.0
    gaps: Counter[float] = Counter()
    lengths = []
    for lines in pages:
        for a, b in itertools.pairwise(lines):
            if a.size == size == b.size and a.y is not None and b.y is not None and 0.8 * size < a.y - b.y < 3 * size:
                gaps[round(a.y - b.y, 1)] += 1
        lengths.extend(len(line.text.strip()) for line in lines if line.size == size)
    lengths.sort()
    leading = gaps.most_common(1)[0][0] if gaps else 1.2 * size
    line_chars = lengths[int(0.9 * (len(lengths) - 1))] if lengths else 80
    return _Style(size, bold > 0.6 * sum(sizes.values()), leading, line_chars)


def _distinct(line: _Line, style: _Style) -> bool:
    """Drawn larger than body text, or bold where the body is not."""
    return line.size >= style.size + 1 or (line.bold and not style.bold)


def _breaks(prev: _Line, line: _Line, style: _Style) -> bool:
    """True when ``line`` starts a new block rather than continuing ``prev``'s."""
    if LIST_MARKER.match(line.text.strip()):
        return True
    if abs(prev.size - line.size) >= 1 or prev.bold != line.bold:
        return True
    if prev.y is not None and line.y is not None:
        gap = prev.y - line.y
        if gap < 0.3 * max(line.size, 1) or gap > 1.5 * max(style.leading, line.size):
            return True  # moved up (a new column), stayed on the baseline, or left a blank line
    text, following = prev.text.strip(), line.text.strip()
    if len(text) >= 0.75 * style.line_chars or text.endswith("-") or following[:1].islower():
        return False
    # A short line ends a paragraph, or is a heading set in the body font.
    return text[-1] in ".!?:" or looks_like_heading(text)


def _blocks(lines: list[_Line], style: _Style) -> list[list[_Line]]:
    """Group a page's lines into blocks (paragraphs, headings, list items)."""
    out: list[list[_Line]] = []
    for line in lines:
        if out and not _breaks(out[-1][-1], line, style):
            out[-1].append(line)
        else:
            out.append([line])
    return out


def _joint(left: str, right: str, hyphenated: set[str]) -> tuple[int, str]:
    """How to join two wrapped lines: characters to drop from the end of ``left``, and the joiner.

    A word hyphenated across the break is rejoined ("man-" + "agement"), unless the document
    spells it with a hyphen elsewhere ("well-known"); a dash or slash joins without a space.
    """
    if left.endswith("\u00ad"):
        return 1, ""
    if left.endswith("-") and left[-2:-1].isalpha() and right[:1].islower():
        head = re.search(r"[^\W\d_]+-$", left)
        tail = re.match(r"[^\W\d_]+", right)
        if head and tail and (head.group(0) + tail.group(0)).lower() in hyphenated:
            return 0, ""
        return 1, ""
    if left.endswith(("—", "–", "/")):
        return 0, ""
    return 0, " "


def _join(left: str, right: str, hyphenated: set[str]) -> str:
    """Two wrapped lines as one (see :func:`_joint`)."""
    left, right = left.rstrip(), right.lstrip()
    drop, joiner = _joint(left, right, hyphenated)
    return left[:len(left) - drop] + joiner + right


def _kind(block: list[_Line], next_block: list[_Line] | None, style: _Style) -> str:
    text = " ".join(line.text.strip() for line in block)
    if LIST_MARKER.match(text):
        return "list"
    words = len(text.split())
    if len(block) <= 2 and words <= 15 and text[-1] not in ".,;" and _distinct(block[0], style):
        return "heading"
    if (len(block) == 1 and looks_like_heading(text) and next_block is not None
            and is_prose(" ".join(line.text for line in next_block))):
        return "heading"
    return "text"


@contextlib.contextmanager
def _quiet() -> Iterator[list[str]]:
    """Collect pypdf's log messages and warnings instead of printing them."""
    logger = logging.getLogger("pypdf")
    messages: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            messages.append(record.getMessage())

    handler = Collect(logging.WARNING)
    propagate = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield messages
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


def _open(data: bytes, doc_id: str, limits: Limits):
    """A PdfReader for the bytes, decrypted when it has an empty user password."""
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, PyPdfError

    if b"%PDF-" not in data[:1024]:
        raise CorpusError(
            f"{doc_id}: not a PDF (no %PDF- header); it may be another kind of file renamed to .pdf — "
            "give it its real extension or re-export it as PDF"
        )
    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        try:
            opened = bool(reader.decrypt(""))
        except DependencyError:
            raise CorpusError(
                f"{doc_id}: the PDF is encrypted with AES, which needs the 'cryptography' package to read; "
                "save an unprotected copy (e.g. `qpdf --decrypt in.pdf out.pdf`) and index that"
            ) from None
        except (PyPdfError, NotImplementedError):
            opened = False
        if not opened:
            raise CorpusError(
                f"{doc_id}: the PDF is encrypted (password-protected), so its text cannot be read; "
                "save an unprotected copy (e.g. `qpdf --decrypt --password=... in.pdf out.pdf`) and index that"
            )
    if len(reader.pages) > limits.max_pages:
        raise CorpusError(
            f"{doc_id}: {len(reader.pages):,} pages, over the {limits.max_pages:,}-page limit; "
            "split the PDF into smaller files"
        )
    return reader


def _metadata_title(reader) -> str | None:
    from pypdf.errors import PyPdfError

    try:
        title = clean_line(str((reader.metadata or {}).get("/Title") or ""))
    except (PyPdfError, ValueError, TypeError, KeyError):
        return None
    if not title or _BAD_TITLE.search(title) or not any(ch.isalpha() for ch in title) or len(title) > 200:
        return None
    return title


def _page_ranges(numbers: list[int]) -> str:
    """'3, 5–7' from [3, 5, 6, 7]."""
    out: list[str] = []
    for n in numbers:
        if out and n == int(out[-1].split("–")[-1]) + 1:
            out[-1] = f"{out[-1].split('–')[0]}–{n}"
        else:
            out.append(str(n))
    return ", ".join(out)


def _extract(reader, doc_id: str, limits: Limits) -> list[list[_Line]]:
    pages = []
    started = time.monotonic()
    total = 0
    for number, page in enumerate(reader.pages, start=1):
        if time.monotonic() - started > MAX_SECONDS:
            raise CorpusError(
                f"{doc_id}: reading its text took over {MAX_SECONDS:.0f} s (stopped at page {number} of "
                f"{len(reader.pages)}); the PDF is unusually complex — convert it to text and index that"
            )
        pages.append(_page_lines(page))
        total += sum(len(line.text) + 1 for line in pages[-1])
        if total > limits.max_text_chars:
            raise too_long(doc_id, limits.max_text_chars)
    return pages


def read(data: bytes, doc_id: str, limits: Limits | None = None) -> Document:
    """Read a .pdf file.

    Args:
        data: The file's bytes.
        doc_id: Path relative to the corpus folder.
        limits: Page, text and decompression bounds (default: :class:`Limits`).

    Returns:
        The Document; ``text`` is the cleaned extracted text, ``pages`` the span of each page,
        and every paragraph knows its page, so citations read "p. 4".

    Raises:
        CorpusError: Not a PDF, damaged, encrypted, or over a limit.
        EmptyDocumentError: No page has extractable text (a scan: OCR it first).
    """
    from pypdf import apply_configuration
    from pypdf.errors import LimitReachedError, PyPdfError

    limits = limits or Limits()
    notes: list[str] = []
    with _quiet(), apply_configuration(
        zlib_maximum_output_length=limits.max_stream_bytes,
        lzw_maximum_output_length=limits.max_stream_bytes,
        run_length_maximum_output_length=limits.max_stream_bytes,
        brotli_maximum_output_length=limits.max_stream_bytes,
        array_based_stream_maximum_output_length=limits.max_stream_bytes,
        maximum_declared_stream_length=limits.max_stream_bytes,
        stream_decoding_work_maximum_length=2 * limits.max_stream_bytes,
    ):
        try:
            reader = _open(data, doc_id, limits)
            title = _metadata_title(reader)
            pages = _extract(reader, doc_id, limits)
        except LimitReachedError as exc:
            raise CorpusError(
                f"{doc_id}: the PDF expands beyond safe limits ({exc}); it may be a decompression bomb — "
                "re-export it from the original application"
            ) from None
        except (PyPdfError, ValueError, KeyError, TypeError, IndexError, AttributeError, AssertionError,
                RecursionError, OverflowError, ZeroDivisionError) as exc:
            # pypdf signals damage with many exception types; all mean the same to the user.
            raise CorpusError(
                f"{doc_id}: cannot be read as a PDF ({type(exc).__name__}: {str(exc)[:120]}); it may be "
                "truncated or damaged — download or export it again"
            ) from None
    if b"%%EOF" not in data[-2048:]:
        notes.append(f"{doc_id}: the PDF looks truncated (no end-of-file marker); only the readable part "
                      "was indexed — download or export it again")
    textless = [n for n, lines in enumerate(pages, start=1)
                if sum(len(line.text.strip()) for line in lines) < _MIN_PAGE_CHARS]
    if len(textless) == len(pages):
        raise EmptyDocumentError(
            f"{doc_id}: no extractable text in its {len(pages)} page(s) (a scan or images of text); "
            "OCR it first (e.g. `ocrmypdf in.pdf out.pdf`) and index the OCR'd copy"
        )
    if textless and len(textless) < len(pages):
        scanned = [n for n in textless if _has_images(reader.pages[n - 1])]
        if scanned:
            notes.append(f"{doc_id}: page(s) {_page_ranges(scanned)} have no extractable text (scanned?); "
                         "OCR the file to make them searchable")
    return _document(pages, doc_id, data, title, tuple(notes), limits)


def _has_images(page) -> bool:
    """True when the page's resources name image or form XObjects (a scanned page has one)."""
    try:
        resources = page.get("/Resources") or {}
        return bool(resources.get_object().get("/XObject"))
    except (AttributeError, KeyError, TypeError, ValueError):
        return False


def _document(pages: list[list[_Line]], doc_id: str, data: bytes, title: str | None,
              notes: tuple[str, ...], limits: Limits) -> Document:
    """Clean the extracted lines and lay them out as a Document."""
    if len(pages) > 1:
        _drop_running_lines(pages)
    style = _body_style(pages)
    hyphenated = {m.group(0).lower() for lines in pages for line in lines for m in _HYPHENATED.finditer(line.text)}
    builder = DocumentBuilder(doc_id, limits.max_text_chars)
    for number, lines in enumerate(pages, start=1):
        blocks = _blocks(lines, style)
        for i, block in enumerate(blocks):
            kind = _kind(block, blocks[i + 1] if i + 1 < len(blocks) else None, style)
            text = block[0].text.strip()
            for line in block[1:]:
                text = _join(text, line.text, hyphenated)
            # A page that ends mid-sentence runs on into the next page's first paragraph.
            previous = builder.last_text
            continues = (
                i == 0 and kind == "text" and builder.last_kind == "text" and previous[-1:] not in TERMINAL
                and (text[:1].islower() or previous.endswith("-") or len(previous.split()) >= 8)
            )
            if continues:
                drop, joiner = _joint(builder.last_text, text, hyphenated)
                builder.extend(text, number, joiner=joiner, drop=drop)
            elif kind == "list" and builder.last_kind == "list" and i > 0:
                builder.extend(text, number, joiner="\n")
            else:
                builder.add(kind, text, number)
    return builder.document(sha256(data), title=title, warnings=notes, n_pages=len(pages))
