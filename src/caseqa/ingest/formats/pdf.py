"""PDF case files via pypdf: the text layer with page, size and weight of each line, safely read."""

from __future__ import annotations

import contextlib
import io
import logging
import math
import re
import time
import warnings
from collections.abc import Iterator

from caseqa.config import Limits
from caseqa.errors import CorpusError, EmptyDocumentError
from caseqa.ingest.formats.builder import clean_line
from caseqa.ingest.formats.decoding import sha256, too_long
from caseqa.ingest.formats.pdf_layout import lay_out
from caseqa.ingest.formats.pdf_runs import Line
from caseqa.types import Document

_BOLD = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)
_BAD_TITLE = re.compile(r"^(?:microsoft\s+\w+\s+-|untitled|document\d*$)|\.(?:docx?|pdf|indd|qxd|rtf|txt)$",
                        re.IGNORECASE)
_MIN_PAGE_CHARS = 20  # a page with fewer non-space characters has no real text layer


def _page_lines(page) -> list[Line]:
    """The page's lines in pypdf's reading order, with baseline height, font size and weight."""
    lines: list[Line] = []
    parts: list[str] = []
    chars: list[tuple[int, float, bool]] = []  # per fragment: characters, size, bold
    first_y: list[float] = []

    def end_line() -> None:
        text = "".join(parts)
        if text.strip():
            total = sum(n for n, _, _ in chars) or 1
            size = max((s for n, s, _ in chars if n), default=0.0)
            bold = sum(n for n, _, b in chars if b) >= 0.8 * total
            lines.append(Line(text, first_y[0] if first_y else None, size, bold))
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


def _extract(reader, doc_id: str, limits: Limits) -> list[list[Line]]:
    pages = []
    started = time.monotonic()
    total = 0
    for number, page in enumerate(reader.pages, start=1):
        if time.monotonic() - started > limits.max_pdf_seconds:
            raise CorpusError(
                f"{doc_id}: reading its text took over {limits.max_pdf_seconds:.0f} s (stopped at page {number} of "
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
            textless = [n for n, lines in enumerate(pages, start=1)
                        if sum(len(line.text.strip()) for line in lines) < _MIN_PAGE_CHARS]
            scanned = [n for n in textless if _has_images(reader.pages[n - 1])] if len(textless) < len(pages) else []
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
    if len(textless) == len(pages):
        raise EmptyDocumentError(
            f"{doc_id}: no extractable text in its {len(pages)} page(s) (a scan or images of text); "
            "OCR it first (e.g. `ocrmypdf in.pdf out.pdf`) and index the OCR'd copy"
        )
    if scanned:
        notes.append(f"{doc_id}: page(s) {_page_ranges(scanned)} have no extractable text (scanned?); "
                     "OCR the file to make them searchable")
    return lay_out(pages, doc_id, sha256(data), title, tuple(notes), limits)


def _has_images(page) -> bool:
    """True when the page's resources name image or form XObjects (a scanned page has one)."""
    try:
        resources = page.get("/Resources") or {}
        return bool(resources.get_object().get("/XObject"))
    except (AttributeError, KeyError, TypeError, ValueError):
        return False


