"""Index generations on disk: write a new folder, fsync, switch the CURRENT pointer atomically.

Layout::

    index/
      CURRENT          name of the live generation, replaced with os.replace
      .lock            held (flock) by the one process writing
      gen-000007/      manifest.json (written last, with a sha256 of every other file),
                       manifest.sha256 (the manifest's own) + data

A crash or SIGKILL at any moment leaves CURRENT naming a complete generation: the new one is
only named after every byte of it is on disk.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import json
import os
import re
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from caseqa.config import INDEX_FORMAT_VERSION
from caseqa.errors import IndexCorruptError, IndexLockedError, IndexNotFoundError, IndexWriteError

POINTER = "CURRENT"
MANIFEST = "manifest.json"
MANIFEST_DIGEST = "manifest.sha256"  # the manifest's own checksum, so damage to it is caught too
_GEN = re.compile(r"^gen-(\d{6})$")


def fsync_dir(path: Path) -> None:
    """Flush a folder's entries (a rename or a new file) to disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def file_sha256(path: Path) -> str:
    """Hex sha256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def not_a_folder(index_dir: Path) -> str:
    """The message for an index path that names a file."""
    return (f"the index path {str(index_dir)!r} is a file, not a folder; pass a folder with --index "
            "(it is created if missing)")


def write_failure(index_dir: Path, exc: OSError, doing: str) -> IndexWriteError:
    """A one-line error for a failed write into the index folder, saying what to do.

    Args:
        index_dir: The index folder.
        exc: What the operating system said.
        doing: What was being written ("writing a new index generation").
    """
    where = str(index_dir)
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return IndexWriteError(f"no space left on the disk holding {where!r} while {doing}; free some space and "
                               "run `caseqa index` again (the previous index is kept and still answers)")
    if exc.errno in (errno.ENOTDIR, errno.EEXIST) and index_dir.exists() and not index_dir.is_dir():
        return IndexWriteError(not_a_folder(index_dir))
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return IndexWriteError(f"cannot write to the index folder {where!r} ({exc.strerror}); make it writable, "
                               "or pass another folder with --index")
    return IndexWriteError(f"cannot write to the index folder {where!r} while {doing} ({exc.strerror or exc}); "
                           "check the disk and the folder's permissions")


def _make_folder(index_dir: Path) -> None:
    """Create the index folder if needed.

    Raises:
        IndexWriteError: It is a file, or it cannot be created.
    """
    if index_dir.exists() and not index_dir.is_dir():
        raise IndexWriteError(not_a_folder(index_dir))
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise write_failure(index_dir, exc, "creating it") from None


def current(index_dir: Path) -> Path:
    """The folder of the live generation.

    Raises:
        IndexNotFoundError: No index has been built in ``index_dir`` (or it names a file).
        IndexCorruptError: CURRENT names a folder that is gone.
    """
    if index_dir.exists() and not index_dir.is_dir():
        raise IndexNotFoundError(not_a_folder(index_dir))
    pointer = index_dir / POINTER
    if not pointer.is_file():
        raise IndexNotFoundError(f"no index in {str(index_dir)!r}; build it with `caseqa index`")
    name = pointer.read_text().strip()
    folder = index_dir / name
    if not _GEN.match(name) or not (folder / MANIFEST).is_file():
        raise IndexCorruptError(
            f"{pointer} names {name!r}, which is not a complete index generation; "
            "rebuild with `caseqa index --rebuild`"
        )
    return folder


def read_manifest(folder: Path) -> dict:
    """The manifest of a generation folder, checked against its recorded sha256.

    A manifest of an older format version (written before manifests had their own checksum)
    is returned unchecked, so that loading reports the version mismatch and what to run.

    Raises:
        IndexCorruptError: The manifest is missing, altered or not JSON.
    """
    path = folder / MANIFEST
    rebuild = "rebuild with `caseqa index --rebuild`"
    try:
        body = path.read_bytes()
        manifest = json.loads(body.decode("utf-8"))
        if not isinstance(manifest, dict):
            raise ValueError("not a JSON object")
    except (OSError, ValueError) as exc:
        raise IndexCorruptError(f"{path} cannot be read ({exc}); {rebuild}") from None
    try:
        recorded = (folder / MANIFEST_DIGEST).read_text(encoding="ascii").strip()
    except (OSError, ValueError):
        if manifest.get("format_version") != INDEX_FORMAT_VERSION:
            return manifest
        raise IndexCorruptError(f"index file {folder / MANIFEST_DIGEST} is missing; {rebuild}") from None
    if hashlib.sha256(body).hexdigest() != recorded:
        raise IndexCorruptError(f"index file {path} is corrupted (checksum mismatch); {rebuild}")
    return manifest


def verify(folder: Path, manifest: dict) -> None:
    """Check every file of a generation against the sha256 in its manifest.

    Raises:
        IndexCorruptError: A file is missing or its content changed.
    """
    for rel, expected in sorted(manifest.get("files", {}).items()):
        path = folder / rel
        if not path.is_file():
            raise IndexCorruptError(f"index file {path} is missing; rebuild with `caseqa index --rebuild`")
        if file_sha256(path) != expected:
            raise IndexCorruptError(
                f"index file {path} is corrupted (checksum mismatch); rebuild with `caseqa index --rebuild`"
            )


def write_generation(index_dir: Path, write: Callable[[Path], None], manifest: dict) -> str:
    """Write a new generation and make it the live one.

    Args:
        index_dir: The index folder (created if needed).
        write: Fills the given empty folder with the generation's data files.
        manifest: Written last, with a ``files`` map of sha256 digests added.

    Returns:
        The name of the new generation.

    Raises:
        IndexWriteError: The folder cannot be written (no space left, no permission); the
            previous generation stays live and the partial one is removed.
    """
    _make_folder(index_dir)
    name = f"gen-{_next_number(index_dir):06d}"
    tmp = index_dir / f".tmp-{name}-{os.getpid()}"
    previous = pointed(index_dir)
    try:
        _write(index_dir, name, tmp, write, manifest)
    except OSError as exc:
        raise write_failure(index_dir, exc, "writing a new index generation") from None
    _collect(index_dir, keep={name, previous} - {None})
    return name


def _write(index_dir: Path, name: str, tmp: Path, write: Callable[[Path], None], manifest: dict) -> None:
    """Fill ``tmp``, rename it to ``name`` and point CURRENT at it; on any failure ``tmp`` is removed."""
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    try:
        write(tmp)
        files = {}
        for path in sorted(p for p in tmp.rglob("*") if p.is_file()):
            with path.open("rb") as fh:
                os.fsync(fh.fileno())
            files[path.relative_to(tmp).as_posix()] = file_sha256(path)
        for sub in sorted({p.parent for p in tmp.rglob("*")} | {tmp}):
            fsync_dir(sub)
        body = json.dumps({**manifest, "generation": name, "files": files}, indent=2, ensure_ascii=False)
        _write_synced(tmp / MANIFEST, body)
        _write_synced(tmp / MANIFEST_DIGEST, hashlib.sha256(body.encode("utf-8")).hexdigest() + "\n")
        fsync_dir(tmp)
        os.replace(tmp, index_dir / name)
        fsync_dir(index_dir)
        _write_synced(index_dir / f".{POINTER}.tmp", name + "\n")
        os.replace(index_dir / f".{POINTER}.tmp", index_dir / POINTER)
        fsync_dir(index_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        if pointed(index_dir) != name:  # renamed into place but never made live: free its space now
            shutil.rmtree(index_dir / name, ignore_errors=True)
        raise


def _write_synced(path: Path, text: str) -> None:
    with path.open("w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())


def _next_number(index_dir: Path) -> int:
    numbers = [int(m.group(1)) for p in index_dir.iterdir() if (m := _GEN.match(p.name))]
    return max(numbers, default=0) + 1


def pointed(index_dir: Path) -> str | None:
    """The generation CURRENT names ("gen-000007"), or None when it cannot be read.

    The pointer is opened and read, not only stat'ed: on NFS opening a file revalidates it, while
    a stat may be answered from attributes cached for up to a minute (readers that follow the
    folder, :meth:`caseqa.app.engine.Engine.follow`, rely on this).
    """
    try:
        name = (index_dir / POINTER).read_text().strip()
    except (OSError, UnicodeDecodeError):
        return None
    return name if _GEN.match(name) else None


def _collect(index_dir: Path, keep: set[str]) -> None:
    """Remove leftovers of interrupted writes and generations other than the live and the previous one.

    The previously live generation stays so that a reader that read CURRENT just before the
    switch can still finish loading it. (A generation left complete but never named by CURRENT,
    because a run was killed between the two renames, is removed like any other.)
    """
    for path in index_dir.iterdir():
        if not path.is_dir() or path.name in keep:
            continue
        if _GEN.match(path.name) or path.name.startswith(".tmp-"):
            shutil.rmtree(path, ignore_errors=True)


@contextlib.contextmanager
def locked(index_dir: Path, wait: float = 0.0) -> Iterator[None]:
    """Hold the index's write lock; wait up to ``wait`` seconds for another writer.

    Raises:
        IndexLockedError: Another process still holds the lock after ``wait`` seconds.
        IndexWriteError: The folder is a file or cannot be written.
    """
    _make_folder(index_dir)
    try:
        fh = (index_dir / ".lock").open("a+")
    except OSError as exc:
        raise write_failure(index_dir, exc, "taking its lock") from None
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise IndexLockedError(
                        f"another `caseqa index` is writing {str(index_dir)!r}; wait for it to "
                        "finish (or pass --wait SECONDS) and run the command again"
                    ) from None
                time.sleep(0.2)
        yield
    finally:
        fh.close()
