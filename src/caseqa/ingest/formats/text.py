"""Plain-text case files: structure recovered from blank lines and short heading lines."""

from __future__ import annotations

from collections.abc import Callable

from caseqa.config import Limits
from caseqa.ingest.formats.decoding import check_text, decode, sha256
from caseqa.ingest.structure import Classifier, assemble, classify_plain, title_from_name
from caseqa.types import Document

Layout = Callable[[str], tuple[Classifier, str | None]]


def read_plain(data: bytes, doc_id: str, limits: Limits | None, layout: Layout) -> Document:
    """Decode, check and structure a plain-text-like file (.txt, .md).

    Args:
        data: The file's bytes.
        doc_id: Path relative to the corpus folder.
        limits: Longest text and longest line accepted (default: :class:`Limits`).
        layout: Given the text, the line classifier to use and a title known from metadata.

    Returns:
        The Document with title, sections and paragraphs.
    """
    text, encoding, warnings = decode(data, doc_id)
    limits = limits or Limits()
    check_text(text, doc_id, limits.max_text_chars, limits.max_line_chars)
    classify, title = layout(text)
    structure = assemble(text, classify, title_from_name(doc_id), title=title)
    return Document(
        id=doc_id,
        title=structure.title or title_from_name(doc_id),
        text=text,
        sha256=sha256(data),
        sections=structure.sections,
        paragraphs=structure.paragraphs,
        encoding=encoding,
        warnings=warnings,
    )


def read(data: bytes, doc_id: str, limits: Limits | None = None) -> Document:
    """Read a .txt file (see :func:`read_plain`)."""
    return read_plain(data, doc_id, limits, lambda text: (classify_plain, None))
