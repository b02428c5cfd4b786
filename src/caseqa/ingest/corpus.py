"""Find case files in the corpus folder and read each into a Document through its format reader."""

from __future__ import annotations

import errno
import os
import stat
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from caseqa.config import Limits
from caseqa.errors import CaseQAError, CorpusError
from caseqa.ingest.formats import READERS, reader_for
from caseqa.types import Document


@dataclass(frozen=True)
class CorpusFile:
    """A file found in the corpus folder, with what is needed to tell whether it changed."""

    doc_id: str  # relative POSIX path
    path: Path
    size: int
    mtime_ns: int


def printable(name: str) -> str:
    """A file name as one printable line of valid Unicode.

    Bytes that are not UTF-8 (which Python keeps as lone surrogates) become ``\\xNN`` and control
    characters such as a newline become ``\\n`` or ``\\xNN``, so that ids can be printed on one
    line and written to JSON. Ordinary names are unchanged.
    """
    out = []
    for ch in name:
        code = ord(ch)
        if 0xDC80 <= code <= 0xDCFF:
            out.append(f"\\x{code - 0xDC00:02x}")
        elif ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif unicodedata.category(ch) in ("Cc", "Cs", "Zl", "Zp"):
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(ch)
    return "".join(out)


_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def doc_id_for(path: Path, corpus_dir: Path) -> str:
    """The id of a corpus file: its path relative to the corpus folder, '/' separators, printable.

    See :func:`printable` for names with newlines or bytes that are not UTF-8.
    """
    return printable(path.relative_to(corpus_dir).as_posix())


def _outside(path: Path, root: Path) -> Path | None:
    """Where a symbolic link points when that is outside ``root`` (None when inside).

    Raises:
        OSError: The link is part of a loop (``a.txt -> b.txt -> a.txt``).
    """
    try:
        target = path.resolve()
    except RuntimeError as exc:  # Python before 3.13 reports a link loop as RuntimeError
        raise OSError(errno.ELOOP, str(exc)) from None
    return None if target.is_relative_to(root) else target


def discover(corpus_dir: Path) -> tuple[list[CorpusFile], list[tuple[str, str]]]:
    """List the supported files under ``corpus_dir``, sorted by id.

    Hidden files and folders are ignored. Links to files inside the corpus are followed; links
    that point outside it or loop, links to folders, pipes, devices and folders that cannot be
    read are passed over with a reason.

    Args:
        corpus_dir: The corpus folder.

    Returns:
        The files to read, and (name, reason) pairs for files that were passed over; each
        reason starts with the name and says what to do.

    Raises:
        CorpusError: The folder does not exist or is not a folder.
    """
    if not corpus_dir.exists():
        raise CorpusError(f"corpus folder {str(corpus_dir)!r} does not exist; create it and put case files in it")
    if not corpus_dir.is_dir():
        raise CorpusError(f"{str(corpus_dir)!r} is not a folder; pass the folder that holds the case files")
    root = corpus_dir.resolve()
    found: dict[str, CorpusFile] = {}
    skipped: list[tuple[str, str]] = []

    def unreadable(exc: OSError) -> None:
        folder = Path(exc.filename) if exc.filename else corpus_dir
        if folder == corpus_dir:
            raise CorpusError(f"corpus folder {str(corpus_dir)!r} cannot be read ({exc.strerror}); "
                              "check its permissions") from None
        doc_id = doc_id_for(folder, corpus_dir) + "/"
        skipped.append((doc_id, f"{doc_id}: a folder that cannot be read ({exc.strerror}); its files are not "
                                "indexed: check its permissions"))

    for dirpath, dirs, files in os.walk(corpus_dir, onerror=unreadable):
        here = Path(dirpath)
        for name in sorted(d for d in dirs if not d.startswith(".") and (here / d).is_symlink()):
            doc_id = doc_id_for(here / name, corpus_dir)
            skipped.append((doc_id, f"{doc_id}: a link to a folder, which caseqa does not follow; "
                                    "move or copy the files into the corpus folder"))
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not (here / d).is_symlink())
        for name in sorted(files):
            if name.startswith("."):
                continue
            path = here / name
            doc_id = doc_id_for(path, corpus_dir)
            reason, info = _inspect(path, doc_id, root)
            if info is not None and doc_id in found:
                reason = (f"{doc_id}: its name prints the same as {printable(found[doc_id].path.name)!r}'s; "
                          "rename one of the two files")
            if reason is None and info is not None:
                found[doc_id] = CorpusFile(doc_id, path, info.st_size, info.st_mtime_ns)
            else:
                skipped.append((doc_id, reason or f"{doc_id}: cannot be read"))
    return sorted(found.values(), key=lambda f: f.doc_id), skipped


def _inspect(path: Path, doc_id: str, root: Path) -> tuple[str | None, os.stat_result | None]:
    """Why a file found in the corpus is not read (None when it is), and its stat when it is."""
    if reader_for(path.suffix) is None:
        return (f"{doc_id}: unsupported file type {path.suffix or '(none)'!r}; "
                f"supported: {', '.join(sorted(READERS))}"), None
    if path.is_symlink():
        try:
            target = _outside(path, root)
        except OSError:
            return (f"{doc_id}: a symbolic link that loops back on itself ({printable(os.readlink(path))} leads "
                    "back here); remove the link or point it at a case file"), None
        if target is not None:
            return (f"{doc_id}: a link to {printable(str(target))}, outside the corpus folder; "
                    "copy the file into the corpus instead"), None
    try:
        info = path.stat()
    except OSError as exc:
        return f"{doc_id}: cannot read it ({exc.strerror}); check that the file exists and is readable", None
    if not stat.S_ISREG(info.st_mode):
        return f"{doc_id}: not a regular file (a pipe, socket or device); remove it from the corpus folder", None
    return None, info


def read_bytes(file: CorpusFile, max_bytes: int) -> bytes:
    """The file's bytes, refusing files over ``max_bytes``.

    The file is opened without blocking and read to at most ``max_bytes + 1`` bytes, so a file
    that grew or was swapped for a pipe since it was listed cannot stall or flood the run.

    Raises:
        CorpusError: The file is too large, not a regular file, or cannot be read.
    """
    too_big = CorpusError(
        f"{file.doc_id}: {file.size / 1e6:,.1f} MB is over the {max_bytes / 1e6:,.0f} MB limit; "
        "split the case into smaller files (or remove images from it)"
    )
    if file.size > max_bytes:
        raise too_big
    try:
        fd = os.open(file.path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
        with os.fdopen(fd, "rb") as fh:
            if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
                raise CorpusError(f"{file.doc_id}: not a regular file; remove it from the corpus folder")
            data = fh.read(max_bytes + 1)
    except OSError as exc:
        raise CorpusError(
            f"{file.doc_id}: cannot read it ({exc.strerror}); check the file's permissions"
        ) from None
    if len(data) > max_bytes:
        raise too_big
    return data


# Formats recognised by their first bytes, so that a file named for another format is refused
# with its real type named instead of being read as text: a PDF named .txt would otherwise be
# indexed as raw PDF syntax when its streams happen to be uncompressed.
_SIGNATURES = (
    (b"%PDF-", "a PDF", "rename it to .pdf"),
    (b"PK\x03\x04", "a ZIP package", "if it is a Word document, rename it to .docx"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office file", "open it in Word and save it as .docx"),
)
_TEXT_SUFFIXES = (".txt", ".text", ".md", ".markdown", ".html", ".htm")


def content_mismatch(doc_id: str, data: bytes) -> str | None:
    """Why a text-type file's content is of another format (None when it is not recognised as one).

    Args:
        doc_id: The file's id; its suffix says what it claims to be.
        data: The file's bytes.
    """
    suffix = Path(doc_id).suffix.lower()
    if suffix not in _TEXT_SUFFIXES:
        return None
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n")
    for magic, kind, fix in _SIGNATURES:
        if head.startswith(magic):
            return f"{doc_id}: the file is {kind}, not {suffix[1:]} text; {fix}"
    return None


def parse(doc_id: str, data: bytes, limits: Limits | None = None) -> Document:
    """Parse a file's bytes with the reader for its suffix.

    Args:
        doc_id: The file's id; its suffix selects the reader.
        data: The file's bytes.
        limits: Bounds on the text extracted (default: :class:`Limits`).

    Raises:
        CorpusError: Unsupported type, not a valid file of its type, over a limit, or a reader
            failed in an unexpected way (reported for this file only).
    """
    reader = reader_for(Path(doc_id).suffix)
    if reader is None:
        raise CorpusError(f"{doc_id}: unsupported file type; supported: {', '.join(sorted(READERS))}")
    mismatch = content_mismatch(doc_id, data)
    if mismatch:
        raise CorpusError(mismatch)
    try:
        return reader(data, doc_id, limits or Limits())
    except CaseQAError:
        raise
    except MemoryError:
        raise CorpusError(f"{doc_id}: ran out of memory while reading it; split the case into smaller files") from None
    except ModuleNotFoundError as exc:
        raise CorpusError(f"{doc_id}: reading {Path(doc_id).suffix} files needs the Python package {exc.name!r}, "
                          "which is not installed; run `make install` (or `pip install -r requirements.txt`)") from None
    except Exception as exc:
        # Deliberately broad: a third-party parser failing on hostile input in a way we did not
        # foresee must cost this one file, not the whole run. The message names the file.
        raise CorpusError(
            f"{doc_id}: could not be read ({type(exc).__name__}: {str(exc)[:120]}); the file may be damaged — "
            "save it again, or report this as a caseqa bug"
        ) from exc
