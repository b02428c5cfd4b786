"""The engine behind the CLI and the web page: a loaded index kept fresh, plus the encoder.

Reading never waits for writing: questions and claims are answered from the index that is live
when they arrive (a reference swapped in one assignment when a build finishes), while adding,
removing or putting back a case holds the engine's lock for as long as it indexes.

A server that does not build (a read-only replica, or any server while ``caseqa index`` runs
elsewhere) follows the index folder instead: :meth:`Engine.follow` loads the generation
``CURRENT`` names and swaps it in the same way, so a question in flight finishes on the index it
started with, and the previous index is freed once the last such question is answered.
"""

from __future__ import annotations

import contextlib
import threading
from dataclasses import dataclass
from pathlib import Path

from caseqa.app import library
from caseqa.config import Settings
from caseqa.errors import (
    CaseQAError,
    CorpusError,
    IndexCorruptError,
    IndexLockedError,
    IndexMismatchError,
    IndexNotFoundError,
    IndexWriteError,
    QueryError,
    ReadOnlyError,
)
from caseqa.index import build as indexer
from caseqa.index import model as idx
from caseqa.index import store
from caseqa.index.encoder import Encoder, SentenceTransformerEncoder
from caseqa.ingest.corpus import discover
from caseqa.retrieve.search import read, search
from caseqa.retrieve.weak import weak_match
from caseqa.types import Answer, FileState, FileStatus, Hit, IndexReport, Verdict

# Loads a follower tries in a row when each attempt loses a race with the writer (the generation
# it was loading was removed because two newer ones were written meanwhile).
FOLLOW_ATTEMPTS = 5
READ_ONLY = ("this server was started with --read-only: the library cannot be changed here; "
             "change it where the index is built (caseqa index) instead")


def stale_files(index: idx.Index, settings: Settings) -> list[str]:
    """Corpus files that are new, changed or removed since the index was built.

    A file counts as unchanged when its size and modification time match the manifest;
    files that failed to index are only reconsidered when they change.
    """
    files, _ = discover(settings.corpus_dir)
    recorded = index.manifest.documents if index.manifest else {}
    current = {f.doc_id: f for f in files}
    changed = []
    for doc_id, file in current.items():
        entry = recorded.get(doc_id)
        if entry is None or entry.size != file.size or entry.mtime_ns != file.mtime_ns:
            changed.append(doc_id)
    changed.extend(d for d in index.documents if d not in current)
    return sorted(changed)


@dataclass(frozen=True)
class Refresh:
    """What :meth:`Engine.ensure_index` did.

    Attributes:
        report: The build's report; None when nothing was built.
        reason: Why a build was wanted ("" when the index was fresh).
        problem: Why the wanted build did not happen, when the previous index answers instead
            (no space left, another process indexing, a read-only server); "" otherwise.
    """

    report: IndexReport | None
    reason: str
    problem: str = ""


class Engine:
    """Owns the encoder and the live index; safe to share between threads.

    Args:
        settings: Folders, model and search settings.
        encoder: Injected for tests; by default the sentence-transformers encoder, loaded on
            first use.
        writable: False for a read-only server: the corpus and the index folder are never
            written (the index is loaded as it is, never built, and cases cannot be changed).
    """

    def __init__(self, settings: Settings, encoder: Encoder | None = None, writable: bool = True,
                 device: str = "cpu") -> None:
        self.settings = settings
        self.device = device  # where the model embeds when indexing: cpu, cuda or auto
        self.writable = writable
        self._encoder = encoder
        self._index: idx.Index | None = None
        self._lock = threading.RLock()  # held by loading and by every change; never by reading

    @property
    def encoder(self) -> Encoder:
        """The encoder, loaded on first use."""
        encoder = self._encoder
        if encoder is not None:
            return encoder
        with self._lock:
            if self._encoder is None:
                self._encoder = SentenceTransformerEncoder(self.settings.model, self.device)
            return self._encoder

    @property
    def index(self) -> idx.Index:
        """The live index, without waiting for a build in progress (loads it on first use).

        Raises:
            IndexNotFoundError, IndexMismatchError, IndexCorruptError: There is no usable index.
        """
        index = self._index
        if index is not None:
            return index
        with self._lock:
            if self._index is None:
                self._index = idx.load(self.settings)
            return self._index

    @property
    def generation(self) -> str | None:
        """The name of the live generation ("gen-000007"); None before the first load."""
        index = self._index
        return index.folder.name if index is not None and index.folder is not None else None

    def follow(self, attempts: int = FOLLOW_ATTEMPTS) -> str | None:
        """Switch to the generation the index folder's ``CURRENT`` names, when it is not the live one.

        The new generation is loaded (and verified) while the live one keeps answering, then
        swapped in with one assignment; questions already running finish on the index they
        started with, and the old index is freed when they are done. The store keeps the
        previous generation on disk for a reader that read ``CURRENT`` just before a switch;
        one that is slower than two switches finds its generation gone and loads the newest
        instead (up to ``attempts`` times).

        Returns:
            The generation switched to; None when the live one is current, or when a build or a
            load holds the engine's lock (it loads the newest generation itself; try again later).

        Raises:
            IndexMismatchError, IndexCorruptError, IndexNotFoundError: ``CURRENT`` names a
                generation that cannot be loaded (and no newer one came meanwhile); the live
                index keeps answering.
        """
        if not self._lock.acquire(blocking=False):
            return None
        try:
            for _ in range(attempts):
                wanted = store.pointed(self.settings.index_dir)
                if wanted is None or wanted == self.generation:
                    return None
                try:
                    index = idx.load(self.settings)
                except (IndexCorruptError, IndexNotFoundError):
                    if store.pointed(self.settings.index_dir) != wanted:
                        continue  # lost the race: a newer generation replaced the one being loaded
                    raise
                self._index = index
                return self.generation
            raise IndexCorruptError(f"the index in {self.settings.index_dir} changed {attempts} times while it was "
                                    "being loaded; the previous generation keeps answering")
        finally:
            self._lock.release()

    def build(self, rebuild: bool = False, hooks: indexer.Hooks | None = None, wait: float = 0.0) -> IndexReport:
        """Index the corpus (incrementally unless ``rebuild``) and switch to the result.

        Raises:
            ReadOnlyError: The engine is read-only.
            IndexLockedError, IndexWriteError: The index cannot be written; the live index stays.
        """
        if not self.writable:
            raise ReadOnlyError(READ_ONLY)
        with self._lock:
            report = indexer.build(self.settings, self.encoder, rebuild=rebuild, hooks=hooks, wait=wait,
                                   live=self._index)
            self._index = idx.load(self.settings, verify=False)
            return report

    def ensure_index(self, hooks: indexer.Hooks | None = None, wait: float = 60.0) -> Refresh:
        """Load the index, building or updating it first when missing, mismatched or stale.

        When an update is wanted but cannot be written (no space left, another process holds
        the lock, a read-only engine) and an index exists, that index keeps answering and
        :attr:`Refresh.problem` says why it was not updated.

        Raises:
            CaseQAError: There is no usable index and none can be built.
        """
        with self._lock:
            reason, usable = "", None
            try:
                usable = self.index
                stale = stale_files(usable, self.settings)
                if stale:
                    reason = f"corpus changed ({', '.join(stale[:5])}{', ...' if len(stale) > 5 else ''})"
            except IndexNotFoundError as exc:
                reason = "no index yet" if self.writable else str(exc)
            except (IndexMismatchError, IndexCorruptError) as exc:
                reason = str(exc)
            if not reason:
                return Refresh(None, "")
            if not self.writable:
                if usable is None:
                    raise IndexNotFoundError(f"{reason} (this server is read-only and does not build the index)")
                return Refresh(None, reason, "the server is read-only; run `caseqa index` where the corpus lives")
            try:
                return Refresh(self.build(hooks=hooks, wait=wait), reason)
            except (IndexWriteError, IndexLockedError) as exc:
                if usable is None:
                    raise
                self._index = usable
                return Refresh(None, reason, str(exc))

    def _live(self) -> tuple[idx.Index, Encoder]:
        """The index and encoder to answer from (see :attr:`index`: never waits for a build)."""
        return self.index, self.encoder

    def ask(self, question: str, k: int | None = None, doc: str | None = None) -> list[Hit]:
        """Search the live index (see :func:`caseqa.retrieve.search.search`)."""
        index, encoder = self._live()
        return search(index, encoder, question, self.settings, k=k, doc=doc)

    def answer(self, question: str, k: int | None = None, doc: str | None = None) -> Answer:
        """The hits as a person should see them, with a notice when the case does not seem to answer.

        The one place the CLI, the page and the API get an answer from, read from one index (a
        build switching generations meanwhile cannot split the hits from the documents they cite):
        :func:`caseqa.retrieve.weak.weak_match` decides, and with a notice no sentence is
        highlighted (see :meth:`caseqa.types.WeakMatch.shown`).
        """
        index, encoder = self._live()
        reading = read(index, encoder, question, self.settings, k=k, doc=doc)
        notice = weak_match(index, reading, self.settings.weak)
        return Answer(notice.shown(reading.hits) if notice else reading.hits, notice, index.documents)

    def check(self, text: str, doc: str | None = None) -> list[Verdict]:
        """Check a claim or an essay (see :func:`caseqa.claims.verdict.check_text`).

        Raises:
            QueryError: The text is empty, or longer than ``settings.limits.max_essay_chars``.
        """
        from caseqa.claims.verdict import check_text

        limit = self.settings.limits.max_essay_chars
        if isinstance(text, str) and len(text) > limit:
            raise QueryError(f"the text is {len(text):,} characters long; at most {limit:,} (about "
                             f"{self.settings.claims.max_claims:,} sentences) are checked at once: split it")
        index, encoder = self._live()
        return check_text(index, encoder, text, self.settings, doc=doc)

    def cases(self) -> list[library.CaseInfo]:
        """The corpus files the live index records, with status, passage count and notes."""
        index = self.index
        recorded = index.manifest.documents if index.manifest else {}
        return library.cases(recorded, {doc_id: doc.title for doc_id, doc in index.documents.items()})

    def _writable(self) -> None:
        if not self.writable:
            raise ReadOnlyError(READ_ONLY)

    def add_case(self, name: str, data: bytes, hooks: indexer.Hooks | None = None, wait: float = 60.0) -> FileStatus:
        """Write an uploaded case file into the corpus (see :func:`caseqa.app.library.add_file`) and index it.

        Whatever goes wrong after the file is written (it cannot be indexed, the index cannot
        be written), the file is taken out again, so the corpus matches the live index.

        Returns:
            The new file's indexing status.

        Raises:
            CorpusError: The file is refused, or cannot be indexed.
            IndexWriteError, IndexLockedError: The index cannot be written now.
            ReadOnlyError: The engine is read-only.
        """
        self._writable()
        with self._lock:
            try:
                known = {doc.sha256: doc_id for doc_id, doc in self.index.documents.items()}
            except IndexNotFoundError:
                known = {}
            path = library.add_file(self.settings.corpus_dir, name, data, self.settings.limits, known)
            doc_id = path.relative_to(self.settings.corpus_dir).as_posix()
            try:
                report = self.build(hooks=hooks, wait=wait)
            except BaseException:
                path.unlink(missing_ok=True)
                raise
            status = next((f for f in report.files if f.doc_id == doc_id), None)
            if status is None or status.status != FileState.INDEXED:
                path.unlink(missing_ok=True)
                with contextlib.suppress(CaseQAError):  # if this fails, the next build drops the entry
                    self.build(wait=wait)
                raise CorpusError(status.reason if status and status.reason else f"{doc_id}: could not be indexed")
            return status

    def remove_case(self, doc_id: str, hooks: indexer.Hooks | None = None, wait: float = 60.0) -> Path:
        """Move a case file out of the corpus (see :func:`caseqa.app.library.remove_file`) and re-index.

        When the index cannot be rebuilt, the file is moved back: the case stays listed,
        answerable and in its place, and the error says why.

        Returns:
            Where the file was moved to.

        Raises:
            CorpusError: ``doc_id`` is not a file the index records, or the rebuild failed.
            ReadOnlyError: The engine is read-only.
        """
        self._writable()
        with self._lock:
            if not self.index.manifest or doc_id not in self.index.manifest.documents:
                raise CorpusError(f"{doc_id!r} is not a case in the library")
            moved = library.remove_file(self.settings.corpus_dir, doc_id)
            try:
                self.build(hooks=hooks, wait=wait)
            except BaseException as exc:
                library.restore_file(self.settings.corpus_dir, moved)
                if isinstance(exc, CaseQAError):
                    raise CorpusError(f"{doc_id} was not removed: {exc}") from None
                raise
            return moved

    def restore_case(self, moved: Path, hooks: indexer.Hooks | None = None, wait: float = 60.0) -> str:
        """Undo :meth:`remove_case`: move the file back to where it was and index it.

        Returns:
            The case's id again.

        Raises:
            CorpusError: ``moved`` is not a removed case file, or its name is taken again, or
                the rebuild failed (the file then stays in ``.removed``).
            ReadOnlyError: The engine is read-only.
        """
        self._writable()
        with self._lock:
            target = library.restore_file(self.settings.corpus_dir, moved)
            doc_id = target.relative_to(self.settings.corpus_dir).as_posix()
            try:
                self.build(hooks=hooks, wait=wait)
            except BaseException as exc:
                library.remove_file(self.settings.corpus_dir, doc_id, into=moved)
                if isinstance(exc, CaseQAError):
                    raise CorpusError(f"{doc_id} was not put back: {exc}") from None
                raise
            return doc_id
