"""Readers that turn a file's bytes into a Document, one module per format."""

from __future__ import annotations

from typing import Protocol

from caseqa.config import Limits
from caseqa.ingest.formats import docx, html, markdown, pdf, text
from caseqa.types import Document


class Reader(Protocol):
    """A format reader: bytes and the document's id in, a Document out (or a CorpusError)."""

    def __call__(self, data: bytes, doc_id: str, limits: Limits | None = None) -> Document: ...


READERS: dict[str, Reader] = {
    ".txt": text.read,
    ".text": text.read,
    ".md": markdown.read,
    ".markdown": markdown.read,
    ".pdf": pdf.read,
    ".docx": docx.read,
    ".html": html.read,
    ".htm": html.read,
}


def reader_for(suffix: str) -> Reader | None:
    """The reader for a file suffix (case-insensitive), or None when unsupported."""
    return READERS.get(suffix.lower())
