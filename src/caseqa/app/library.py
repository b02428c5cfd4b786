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

    The path's last part is not resolved: for a case that is a symbolic link, the link is what
    is returned (and moved or removed), never the file it points to.

    Args:
        corpus_dir: The corpus folder.
        doc_id: The case id (path relative to the folder).
        exists: Require the file to exist (False: a place a file may be put).

    Raises:
        CorpusError: The id escapes the folder, names a hidden path or no file.
    """
    parts = Path(doc_id).parts
    refused = CorpusError(f"{doc_id!r} is not a case in the library")
    if not doc_id or Path(doc_id).is_absolute() or ".." in parts or any(p.startswith(".") for p in parts):
        raise refused
    try:
        root = corpus_dir.resolve()
        parent = (root / doc_id).parent.resolve()
    except (OSError, RuntimeError):  # a symbolic link loop among the folders
        raise refused from None
    path = parent / Path(doc_id).name
    if not path.is_relative_to(root):
        raise refused
    if exists and not (path.is_symlink() or path.is_file()):
        raise CorpusError(f"{doc_id!r}: no such file in {str(corpus_dir)!r}; refresh the library list")
    return path


_STAMP = re.compile(r"^\d{8}-\d{6}(-\d+)?$")


def remove_file(corpus_dir: Path, doc_id: str, into: Path | None = None) -> Path:
    """Move a case file out of the corpus into ``.removed/<time>/<doc_id>`` (restorable).

    A symbolic link is moved as a link: the file it points to stays where it is.

    Args:
        corpus_dir: The corpus folder.
        doc_id: The case to move.
        into: Where to move it (a previous removal being redone); default a new ``<time>`` folder.

    Returns:
        Where the file now is; its path under ``.removed/<time>/`` is always its ``doc_id``.

    Raises:
        CorpusError: Not a file of the corpus folder.
    """
    path = corpus_path(corpus_dir, doc_id)
    if into is None:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        into = corpus_dir / REMOVED / stamp / doc_id
        n = 1
        while os.path.lexists(into):  # a removal in the same second: another folder, same relative path
            n += 1
            into = corpus_dir / REMOVED / f"{stamp}-{n}" / doc_id
    _move(path, into, f"cannot move {doc_id!r} out of {str(corpus_dir)!r}")
    return into


def removal_token(corpus_dir: Path, moved: Path) -> str:
    """What the page keeps to undo a removal: the removed file's path relative to the corpus folder."""
    return moved.relative_to(corpus_dir).as_posix()


def removed_path(corpus_dir: Path, token: str) -> Path:
    """The removed file a :func:`removal_token` names.

    Only ``.removed/<time>/<doc_id>`` is accepted, so a token can put back a removed file where
    it was and nowhere else: it cannot rename a file or move one into another folder.

    Raises:
        CorpusError: The token is not of that form.
    """
    parts = Path(token).parts if token else ()
    if len(parts) < 3 or parts[0] != REMOVED or not _STAMP.match(parts[1]):
        raise CorpusError("nothing to put back: that is not a removed case; put a file back into the corpus "
                          "folder by hand")
    doc_id = "/".join(parts[2:])
    if Path(doc_id).suffix.lower() not in READERS:
        raise CorpusError(f"{doc_id!r} is not a case file; nothing to put back")
    corpus_path(corpus_dir, doc_id, exists=False)  # no hidden parts, nothing outside the corpus
    return corpus_dir / token


def _move(source: Path, target: Path, failure: str) -> None:
    """Rename a file (or a link, as a link) into place, creating the folder; make both folders durable.

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


def restore_file(corpus_dir: Path, moved: Path) -> Path:
    """Put a removed case file back where it was (the undo of :func:`remove_file`).

    The place is read from ``moved`` itself (``.removed/<time>/<doc_id>``). Folders of
    ``.removed`` left empty are deleted.

    Returns:
        The file's place in the corpus again.

    Raises:
        CorpusError: Not a removed case file, gone, or a file of that name is back in the corpus.
    """
    token = removal_token(corpus_dir, moved) if moved.is_relative_to(corpus_dir) else ""
    source = removed_path(corpus_dir, token)
    doc_id = "/".join(Path(token).parts[2:])
    if not os.path.lexists(source) or not (source.is_symlink() or source.is_file()):
        raise CorpusError(f"{doc_id!r} is no longer in {REMOVED}/; nothing to put back")
    target = corpus_path(corpus_dir, doc_id, exists=False)
    if os.path.lexists(target):
        raise CorpusError(f"{doc_id!r} is in the corpus again already; nothing to put back")
    _move(source, target, f"cannot put {doc_id!r} back into {str(corpus_dir)!r}")
    _prune(source.parent, corpus_dir / REMOVED)
    return target


def _prune(folder: Path, stop: Path) -> None:
    """Delete ``folder`` and its parents up to (not including) ``stop`` while they are empty."""
    while folder != stop and folder.is_relative_to(stop):
        try:
            folder.rmdir()
        except OSError:  # not empty (another removal), or already gone
            return
        folder = folder.parent
