"""Plain-text case files: structure recovered from blank lines and short heading lines."""

from __future__ import annotations

from ..config import Limits
from ..structure import assemble, classify_plain, title_from_name
from ..types import Document
from .decoding import check_text, decode, sha256


def read(data: bytes, doc_id: str, limits: Limits | None = None) -> Document:
    """Read a .txt file.

    Args:
        data: The file's bytes.
        doc_id: Path relative to the corpus folder.
        limits: Longest text and longest line accepted (default: :class:`Limits`).

    Returns:
        The Document with title, sections and paragraphs.
    """
    text, encoding, warnings = decode(data, doc_id)
    limits = limits or Limits()
    check_text(text, doc_id, limits.max_text_chars, limits.max_line_chars)
    structure = assemble(text, classify_plain, title_from_name(doc_id))
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
