"""Readers that turn a file's bytes into a Document, one module per format."""

from __future__ import annotations

from collections.abc import Callable

from ..types import Document
from . import markdown, text

Reader = Callable[[bytes, str], Document]

READERS: dict[str, Reader] = {
    ".txt": text.read,
    ".text": text.read,
    ".md": markdown.read,
    ".markdown": markdown.read,
}


def reader_for(suffix: str) -> Reader | None:
    """The reader for a file suffix (case-insensitive), or None when unsupported."""
    return READERS.get(suffix.lower())
