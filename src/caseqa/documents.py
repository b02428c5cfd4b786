"""Find case files in the corpus folder and read each into a Document through its format reader."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .errors import CorpusError
from .formats import READERS, reader_for
from .types import Document


@dataclass(frozen=True)
class CorpusFile:
    """A file found in the corpus folder, with what is needed to tell whether it changed."""

    doc_id: str  # relative POSIX path
    path: Path
    size: int
    mtime_ns: int


def doc_id_for(path: Path, corpus_dir: Path) -> str:
    """The id of a corpus file: its path relative to the corpus folder, with '/' separators."""
    return path.relative_to(corpus_dir).as_posix()


def discover(corpus_dir: Path) -> tuple[list[CorpusFile], list[tuple[str, str]]]:
    """List the supported files under ``corpus_dir``, sorted by id.

    Args:
        corpus_dir: The corpus folder.

    Returns:
        The files to read, and (name, reason) pairs for files that were passed over.

    Raises:
        CorpusError: The folder does not exist or is not a folder.
    """
    if not corpus_dir.exists():
        raise CorpusError(f"corpus folder {str(corpus_dir)!r} does not exist; create it and put case files in it")
    if not corpus_dir.is_dir():
        raise CorpusError(f"{str(corpus_dir)!r} is not a folder; pass the folder that holds the case files")
    found: list[CorpusFile] = []
    skipped: list[tuple[str, str]] = []
    for root, dirs, files in os.walk(corpus_dir):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith("."):
                continue
            path = Path(root) / name
            doc_id = doc_id_for(path, corpus_dir)
            if reader_for(path.suffix) is None:
                skipped.append((doc_id, f"unsupported file type {path.suffix or '(none)'!r}; "
                                        f"supported: {', '.join(sorted(READERS))}"))
                continue
            try:
                stat = path.stat()
            except OSError as exc:
                skipped.append((doc_id, f"cannot read it ({exc.strerror})"))
                continue
            found.append(CorpusFile(doc_id, path, stat.st_size, stat.st_mtime_ns))
    found.sort(key=lambda f: f.doc_id)
    return found, skipped


def read_bytes(file: CorpusFile, max_bytes: int) -> bytes:
    """The file's bytes, refusing files over ``max_bytes``.

    Raises:
        CorpusError: The file is too large or cannot be read.
    """
    if file.size > max_bytes:
        raise CorpusError(
            f"{file.doc_id}: {file.size / 1e6:.1f} MB is over the {max_bytes / 1e6:.0f} MB limit; "
            "split the case into smaller files"
        )
    try:
        return file.path.read_bytes()
    except OSError as exc:
        raise CorpusError(f"{file.doc_id}: cannot read it ({exc.strerror}); check the file's permissions") from None


def parse(doc_id: str, data: bytes) -> Document:
    """Parse a file's bytes with the reader for its suffix.

    Raises:
        CorpusError: Unsupported type, or not a valid file of its type.
    """
    reader = reader_for(Path(doc_id).suffix)
    if reader is None:
        raise CorpusError(f"{doc_id}: unsupported file type; supported: {', '.join(sorted(READERS))}")
    return reader(data, doc_id)


def read_document(file: CorpusFile, max_bytes: int) -> Document:
    """Read and parse one corpus file (see :func:`read_bytes` and :func:`parse`)."""
    return parse(file.doc_id, read_bytes(file, max_bytes))
