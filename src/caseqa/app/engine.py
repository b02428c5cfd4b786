"""The engine behind the CLI and the web page: a loaded index kept fresh, plus the encoder."""

from __future__ import annotations

import threading
from pathlib import Path

from caseqa.app import library
from caseqa.config import Settings
from caseqa.errors import CaseQAError, CorpusError, IndexCorruptError, IndexMismatchError, IndexNotFoundError
from caseqa.index import build as indexer
from caseqa.index import model as idx
from caseqa.index.encoder import Encoder, SentenceTransformerEncoder
from caseqa.ingest.corpus import discover
from caseqa.retrieve.search import read, search
from caseqa.retrieve.weak import weak_match
from caseqa.types import Answer, FileState, FileStatus, Hit, IndexReport, Verdict


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


class Engine:
    """Owns the encoder and the live index; safe to share between threads.

    Args:
        settings: Folders, model and search settings.
        encoder: Injected for tests; by default the sentence-transformers encoder, loaded on
            first use.
    """

    def __init__(self, settings: Settings, encoder: Encoder | None = None) -> None:
        self.settings = settings
        self._encoder = encoder
        self._index: idx.Index | None = None
        self._lock = threading.RLock()

    @property
    def encoder(self) -> Encoder:
        """The encoder, loaded on first use."""
        with self._lock:
            if self._encoder is None:
                self._encoder = SentenceTransformerEncoder(self.settings.model)
            return self._encoder

    @property
    def index(self) -> idx.Index:
        """The loaded index (loads it on first use; raises if there is none)."""
        with self._lock:
            if self._index is None:
                self._index = idx.load(self.settings)
            return self._index

    def build(self, rebuild: bool = False, hooks: indexer.Hooks | None = None, wait: float = 0.0) -> IndexReport:
        """Index the corpus (incrementally unless ``rebuild``) and switch to the result."""
        with self._lock:
            report = indexer.build(self.settings, self.encoder, rebuild=rebuild, hooks=hooks, wait=wait)
            self._index = idx.load(self.settings, verify=False)
            return report

    def ensure_index(self, hooks: indexer.Hooks | None = None, wait: float = 60.0) -> tuple[IndexReport | None, str]:
        """Load the index, building or updating it first when missing, mismatched or stale.

        Returns:
            The build report (None when nothing was rebuilt) and why a build ran ("" if none).
        """
        with self._lock:
            reason = ""
            try:
                index = self.index
                stale = stale_files(index, self.settings)
                if stale:
                    reason = f"corpus changed ({', '.join(stale[:5])}{', ...' if len(stale) > 5 else ''})"
            except IndexNotFoundError:
                reason = "no index yet"
            except (IndexMismatchError, IndexCorruptError) as exc:
                reason = str(exc)
            if not reason:
                return None, ""
            self._index = None
            return self.build(hooks=hooks, wait=wait), reason

    def check(self, text: str, doc: str | None = None) -> list[Verdict]:
        """Check a claim or an essay (see :func:`caseqa.claims.verdict.check_text`)."""
        from caseqa.claims.verdict import check_text

        index, encoder = self._live()
        return check_text(index, encoder, text, self.settings, doc=doc)

    def _live(self) -> tuple[idx.Index, Encoder]:
        """The index and encoder to answer from, loading them on first use.

        Once loaded they are read without the lock: a build holds it for as long as it embeds,
        and questions and claims keep being answered from the current index meanwhile.
        """
        index = self._index if self._index is not None else self.index
        encoder = self._encoder if self._encoder is not None else self.encoder
        return index, encoder

    def ask(self, question: str, k: int | None = None, doc: str | None = None) -> list[Hit]:
        """Search the live index (see :func:`caseqa.retrieve.search.search`)."""
        index, encoder = self._live()
        return search(index, encoder, question, self.settings, k=k, doc=doc)

    def answer(self, question: str, k: int | None = None, doc: str | None = None) -> Answer:
        """The hits as a person should see them, with a notice when the case does not seem to answer.

        The one place the CLI and the page get an answer from: :func:`caseqa.retrieve.weak.weak_match`
        decides, and with a notice no sentence is highlighted (see :meth:`caseqa.types.WeakMatch.shown`).
        """
        index, encoder = self._live()
        reading = read(index, encoder, question, self.settings, k=k, doc=doc)
        notice = weak_match(index, reading, self.settings.weak)
        return Answer(notice.shown(reading.hits) if notice else reading.hits, notice)

    def cases(self) -> list[library.CaseInfo]:
        """The corpus files the live index records, with status, passage count and notes."""
        index = self.index
        recorded = index.manifest.documents if index.manifest else {}
        return library.cases(recorded, {doc_id: doc.title for doc_id, doc in index.documents.items()})

    def add_case(self, name: str, data: bytes, hooks: indexer.Hooks | None = None, wait: float = 60.0) -> FileStatus:
        """Write an uploaded case file into the corpus (see :func:`caseqa.app.library.add_file`) and index it.

        Returns:
            The new file's indexing status.

        Raises:
            CorpusError: The file is refused, or cannot be indexed (it is then taken out again).
        """
        with self._lock:
            try:
                known = {doc.sha256: doc_id for doc_id, doc in self.index.documents.items()}
            except IndexNotFoundError:
                known = {}
            path = library.add_file(self.settings.corpus_dir, name, data, self.settings.limits, known)
            doc_id = path.relative_to(self.settings.corpus_dir).as_posix()
            try:
                report = self.build(hooks=hooks, wait=wait)
            except CaseQAError:
                path.unlink(missing_ok=True)
                raise
            status = next((f for f in report.files if f.doc_id == doc_id), None)
            if status is None or status.status != FileState.INDEXED:
                path.unlink(missing_ok=True)
                self.build(wait=wait)
                raise CorpusError(status.reason if status and status.reason else f"{doc_id}: could not be indexed")
            return status

    def remove_case(self, doc_id: str, hooks: indexer.Hooks | None = None, wait: float = 60.0) -> Path:
        """Move a case file out of the corpus (see :func:`caseqa.app.library.remove_file`) and re-index.

        Returns:
            Where the file was moved to.

        Raises:
            CorpusError: ``doc_id`` is not a file the index records.
        """
        with self._lock:
            if not self.index.manifest or doc_id not in self.index.manifest.documents:
                raise CorpusError(f"{doc_id!r} is not a case in the library")
            moved = library.remove_file(self.settings.corpus_dir, doc_id)
            self.build(hooks=hooks, wait=wait)
            return moved

    def restore_case(self, moved: Path, doc_id: str, hooks: indexer.Hooks | None = None, wait: float = 60.0) -> None:
        """Undo :meth:`remove_case`: move the file back and index it.

        Raises:
            CorpusError: The removed file is gone, or its name is taken again.
        """
        with self._lock:
            library.restore_file(self.settings.corpus_dir, moved, doc_id)
            self.build(hooks=hooks, wait=wait)
