"""The case library as the web page manages it: list cases, add an uploaded file, remove one safely."""

from __future__ import annotations

import os
import re
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from caseqa.config import Limits
from caseqa.errors import CorpusError
from caseqa.index.manifest import FileRecord
from caseqa.index.store import fsync_dir
from caseqa.ingest.corpus import parse
from caseqa.ingest.formats import READERS
from caseqa.ingest.formats.decoding import sha256
from caseqa.types import FileState

REMOVED = ".removed"  # hidden, so the corpus scan skips it; removed cases can be restored from here
MAX_NAME_CHARS = 120
# Letters (any script), digits, space, and . _ - ( ) ,: enough for real file names, nothing a
# shell, a URL or a path could misread.
_SAFE_NAME = re.compile(r"^[\w][\w .,()\-]*$")


@dataclass(frozen=True)
class CaseInfo:
    """One case file as the index's manifest records it."""

    doc_id: str
    title: str
    status: FileState
    passages: int
    note: str  # why it was skipped or failed, or its warnings


def supported_suffixes() -> tuple[str, ...]:
    """The file suffixes a reader exists for, e.g. ``(".markdown", ".md", ".text", ".txt")``."""
    return tuple(sorted(READERS))


def cases(recorded: dict[str, FileRecord], titles: dict[str, str]) -> list[CaseInfo]:
    """The cases an index's manifest records, sorted by file name.

    Args:
        recorded: The live generation's record of every corpus file.
        titles: Title of each indexed document, by id.

    Returns:
        One entry per corpus file the last indexing run saw.
    """
    out = []
    for doc_id, entry in sorted(recorded.items()):
        note = entry.reason or "; ".join(entry.warnings)
        out.append(CaseInfo(doc_id, titles.get(doc_id, ""), entry.status, entry.passages, note))
    return out


def safe_name(name: str) -> str:
    """Check an uploaded file's name and return it NFC-normalised, without any folder part.

    Raises:
        CorpusError: Hidden, too long, unsupported suffix, or characters outside letters,
            digits, space and ``. _ - ( ) ,``.
    """
    base = unicodedata.normalize("NFC", re.split(r"[\\/]", name)[-1]).strip()
    suffixes = ", ".join(supported_suffixes())
    if not base or base.startswith(".") or len(base) > MAX_NAME_CHARS or not _SAFE_NAME.match(base):
        raise CorpusError(
            f"{name!r} is not a usable file name; use letters, digits, spaces and . _ - ( ) , "
            f"(at most {MAX_NAME_CHARS} characters, not starting with a dot)"
        )
    if Path(base).suffix.lower() not in READERS:
        raise CorpusError(f"{base!r}: unsupported file type; supported: {suffixes}")
    return base


def add_file(corpus_dir: Path, name: str, data: bytes, limits: Limits, known: dict[str, str]) -> Path:
    """Validate an uploaded case and write it into the corpus folder without overwriting anything.

    The file is parsed with its format's reader first, so that a binary file renamed ``.txt``
    or a broken PDF is refused before it reaches the corpus. It is written to a hidden temporary
    file, fsynced, then linked to its final name, which fails if that name exists.

    Args:
        corpus_dir: The corpus folder.
        name: The uploaded file's name (any folder part is dropped).
        data: Its bytes.
        limits: What reading the file may cost (size, pages, text), as for every corpus file.
        known: sha256 -> id of the documents already indexed, to refuse a second copy.

    Returns:
        The path written.

    Raises:
        CorpusError: Bad name or type, too large, unreadable content, a copy of an indexed case,
            or a file of that name already exists.
    """
    base = safe_name(name)
    if len(data) > limits.max_file_bytes:
        raise CorpusError(f"{base}: {len(data) / 1e6:.1f} MB is over the {limits.max_file_bytes / 1e6:.0f} MB limit; "
                          "split the case into smaller files")
    digest = sha256(data)
    if digest in known:
        raise CorpusError(f"{base}: same content as {known[digest]!r}, which is already in the library")
    parse(base, data, limits)  # raises CorpusError for empty, binary or malformed files
    target = corpus_dir / base
    exists = CorpusError(f"a case file named {base!r} already exists; remove it first or rename your file")
    if target.exists():
        raise exists
    tmp = corpus_dir / f".upload-{os.getpid()}-{time.monotonic_ns()}.tmp"
    try:
        corpus_dir.mkdir(parents=True, exist_ok=True)
        with tmp.open("xb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.link(tmp, target)  # atomic, and refuses to replace a file created meanwhile
        fsync_dir(corpus_dir)
    except FileExistsError:
        raise exists from None
    except OSError as exc:
        raise CorpusError(f"cannot write {base!r} into {str(corpus_dir)!r} ({exc.strerror}); "
                          "check that the corpus folder is writable") from None
    finally:
        tmp.unlink(missing_ok=True)
    return target


def corpus_path(corpus_dir: Path, doc_id: str, exists: bool = True) -> Path:
    """The file of a case id, refusing anything that would resolve outside the corpus folder.

    Args:
        corpus_dir: The corpus folder.
        doc_id: The case id (path relative to the folder).
        exists: Require the file to exist (False: a place a file may be put).

    Raises:
        CorpusError: The id escapes the folder, names a hidden path or no file.
    """
    root = corpus_dir.resolve()
    path = (root / doc_id).resolve()
    parts = Path(doc_id).parts
    if (not doc_id or Path(doc_id).is_absolute() or ".." in parts or any(p.startswith(".") for p in parts)
            or not path.is_relative_to(root)):
        raise CorpusError(f"{doc_id!r} is not a case in the library")
    if exists and not path.is_file():
        raise CorpusError(f"{doc_id!r}: no such file in {str(corpus_dir)!r}; refresh the library list")
    return path


def remove_file(corpus_dir: Path, doc_id: str) -> Path:
    """Move a case file out of the corpus into ``.removed/<timestamp>/`` (restorable).

    Returns:
        Where the file now is.

    Raises:
        CorpusError: Not a file of the corpus folder.
    """
    path = corpus_path(corpus_dir, doc_id)
    target = corpus_dir / REMOVED / time.strftime("%Y%m%d-%H%M%S") / doc_id
    if target.exists():
        target = target.with_name(f"{target.stem}-{time.monotonic_ns()}{target.suffix}")
    _move(path, target, f"cannot move {doc_id!r} out of {str(corpus_dir)!r}")
    return target


def _move(source: Path, target: Path, failure: str) -> None:
    """Rename a file into place (creating the folder) and make both folders' entries durable.

    Raises:
        CorpusError: ``failure``, with the reason and what to check.
    """
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(source, target)
        fsync_dir(source.parent)
        fsync_dir(target.parent)
    except OSError as exc:
        raise CorpusError(f"{failure} ({exc.strerror}); check that the corpus folder is writable") from None


def restore_file(corpus_dir: Path, moved: Path, doc_id: str) -> Path:
    """Put a removed case file back where it was (the undo of :func:`remove_file`).

    Raises:
        CorpusError: The removed file is gone, or a file of that name is back in the corpus.
    """
    removed = (corpus_dir / REMOVED).resolve()
    source = moved.resolve()
    if removed not in source.parents or not source.is_file():
        raise CorpusError(f"{doc_id!r} is no longer in {REMOVED}/; nothing to put back")
    target = corpus_path(corpus_dir, doc_id, exists=False)
    if target.exists():
        raise CorpusError(f"{doc_id!r} is in the corpus again already; nothing to put back")
    _move(source, target, f"cannot put {doc_id!r} back into {str(corpus_dir)!r}")
    return target
