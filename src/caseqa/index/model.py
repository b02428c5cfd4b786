"""The index in memory and on disk: passages, vectors, faiss, BM25 and the manifest.

Loading maps the large arrays (the faiss index with the passage vectors, the sentence vectors and
BM25's) from the generation's files instead of copying them: a generation opens in the time it
takes to read its JSON, only the pages a question touches are read from disk, and they are shared
by every process serving the same generation (and freed with the last reference to the index).
Nothing in a generation names a path: a folder copied elsewhere loads and verifies there.
"""

from __future__ import annotations

import bisect
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import overload

import faiss
import numpy as np

from caseqa import __version__
from caseqa.config import INDEX_FORMAT_VERSION, Settings
from caseqa.errors import IndexCorruptError, IndexMismatchError
from caseqa.index import store
from caseqa.index.lexical import Lexical
from caseqa.index.manifest import FileRecord, Manifest, ModelInfo
from caseqa.ingest import tables
from caseqa.types import Document, Passage, Span

PASSAGES = "passages.jsonl"
DOCUMENTS = "documents.jsonl"
SENTENCE_VECTORS = "sentence_vectors.npy"
DENSE = "dense.faiss"  # also holds the passage vectors (float32): they are not stored twice
BM25 = "bm25"
# Sentence vectors only score the sentences of a few hits: float16 keeps their ranking (bench/scale.py
# and tests/test_model.py measure it) at half the disk, page cache and memory of float32.
SENTENCE_DTYPE = np.float16


@dataclass(frozen=True)
class DocRows:
    """Where a document's passages and sentences sit in the index's tables."""

    passages: Span
    sentences: Span
    size: int
    mtime_ns: int


@dataclass
class Index:
    """A loaded (or freshly built) index. Passages of a document are contiguous rows."""

    documents: dict[str, Document]
    rows: dict[str, DocRows]
    passages: Sequence[Passage]
    sentence_vectors: np.ndarray  # float16 rows, read-only (memory-mapped when loaded)
    dense: faiss.Index
    lexical: Lexical
    manifest: Manifest | None  # None for an index built in memory and not yet saved
    folder: Path | None = None
    # Derived from the index's content on first need (a case's vocabulary): an index never changes.
    cache: dict[str, dict] = field(default_factory=dict, repr=False, compare=False)

    @property
    def passage_vectors(self) -> np.ndarray:
        """The passages' float32 vectors, read-only: a view of the faiss index's own storage."""
        vectors = self.cache.get("passage_vectors")
        if vectors is None:
            vectors = self.cache["passage_vectors"] = stored_vectors(self.dense)
        return vectors

    def sentence_row(self, passage: Passage) -> int:
        """Global row of a passage's first sentence in ``sentence_vectors``."""
        return self.rows[passage.doc_id].sentences[0] + passage.first_sentence

    def doc_range(self, doc_id: str) -> Span:
        """Passage rows [start, end) of a document."""
        return self.rows[doc_id].passages

    def docs_in(self, rows: Span) -> list[str]:
        """The documents with passages among rows [start, end) (one case searched, or all)."""
        lo, hi = rows
        return [d for d, where in self.rows.items() if where.passages[0] < hi and lo < where.passages[1]]

    def column_order(self, doc_id: str) -> tables.ColumnOrder | None:
        """The order of the document's year columns (:func:`caseqa.ingest.tables.column_order`), read once."""
        cache = self.cache.setdefault("column_order", {})
        if doc_id not in cache:
            cache[doc_id] = tables.column_order(self.documents[doc_id].tables)
        return cache[doc_id]

    def latest_year(self, doc_id: str) -> int | None:
        """The report's own year: the latest of its year columns (None when its tables keep no one order)."""
        order = self.column_order(doc_id)
        return order.latest if order is not None else None

    def passage_at(self, doc_id: str, at: int) -> int | None:
        """The row of the first passage of the document that holds character ``at``, or None.

        A document's passages are contiguous rows in order of their start, so their starts, read
        once per document, are searched by bisection.
        """
        lo, hi = self.doc_range(doc_id)
        starts = self.cache.setdefault("passage_starts", {})
        if doc_id not in starts:
            starts[doc_id] = [p.start for p in self.passages[lo:hi]]
        k = bisect.bisect_right(starts[doc_id], at) - 1
        # Passages may overlap (a table's rows repeat its title): the first that holds ``at``.
        found = None
        while k >= 0 and starts[doc_id][k] <= at:
            if at < self.passages[lo + k].end:
                found = lo + k
            elif found is not None:
                break
            k -= 1
        return found


class _Storage:
    """Lends a faiss index's vector storage to NumPy and keeps the index alive while a view of it is."""

    def __init__(self, dense: faiss.Index) -> None:
        flat = faiss.downcast_index(dense.storage) if isinstance(dense, faiss.IndexHNSW) else dense
        if not isinstance(flat, faiss.IndexFlat):
            raise TypeError(f"cannot read the vectors of a {type(flat).__name__}")
        n, d = dense.ntotal, dense.d
        address = faiss.rev_swig_ptr(flat.get_xb(), n * d).__array_interface__["data"][0] if n else 0
        self.dense = dense
        self.__array_interface__ = {"shape": (n, d), "typestr": "<f4", "data": (address, True), "version": 3}


def stored_vectors(dense: faiss.Index) -> np.ndarray:
    """The float32 vectors a flat or HNSW faiss index holds, as a read-only array without a copy.

    faiss has no public call for this; ``tests/test_model.py`` checks the view against the vectors
    added, so a faiss release that stores them otherwise fails there, not in the ranking.
    """
    if dense.ntotal == 0:
        return np.zeros((0, dense.d), dtype=np.float32)
    return np.asarray(_Storage(dense))


class StoredPassages(Sequence[Passage]):
    """An index's passages as ``passages.jsonl`` holds them, each read when first asked for.

    A question reads a few dozen passages; a 1,000-case library holds 83,000, whose reading at
    start-up (JSON into objects) was most of its load time. Reading one is idempotent, so threads
    that ask for the same passage at once each get an equal one; the first stays.

    Args:
        lines: The file's lines, in row order.
        documents: The index's documents (a passage's text is a slice of its document's).
    """

    def __init__(self, lines: list[bytes], documents: dict[str, Document]) -> None:
        self._lines = lines
        self._documents = documents
        self._read: list[Passage | None] = [None] * len(lines)

    def __len__(self) -> int:
        return len(self._lines)

    @overload
    def __getitem__(self, row: int) -> Passage: ...

    @overload
    def __getitem__(self, row: slice) -> list[Passage]: ...

    def __getitem__(self, row: int | slice) -> Passage | list[Passage]:
        if isinstance(row, slice):
            return [self[i] for i in range(*row.indices(len(self)))]
        passage = self._read[row]
        if passage is None:
            try:
                data = json.loads(self._lines[row])
                passage = Passage.from_json(data, self._documents[data["doc_id"]].text)
            except (ValueError, KeyError, TypeError) as exc:
                raise IndexCorruptError(f"passage {row} of the index cannot be read ({exc}); "
                                        "rebuild with `caseqa index --rebuild`") from None
            self._read[row] = passage
        return passage


def dense_kind(passages: int, settings: Settings) -> str:
    """"flat" (exact search) below ``hnsw_min_vectors`` passages, "hnsw" from there on."""
    return "hnsw" if passages >= settings.hnsw_min_vectors else "flat"


def make_dense(vectors: np.ndarray, settings: Settings) -> faiss.Index:
    """Exact inner product for small corpora, an HNSW graph from ``hnsw_min_vectors`` on."""
    dim = vectors.shape[1]
    if dense_kind(len(vectors), settings) == "hnsw":
        index = faiss.IndexHNSWFlat(dim, settings.hnsw_m, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = settings.hnsw_ef_construction
    else:
        index = faiss.IndexFlatIP(dim)
    if len(vectors):
        index.add(np.ascontiguousarray(vectors, dtype=np.float32))
    return index


def save(index: Index, settings: Settings, model: ModelInfo, documents: dict[str, FileRecord]) -> str:
    """Write the index as a new generation and switch to it atomically.

    Args:
        index: The index to write.
        settings: The settings it was built with.
        model: The model that embedded it.
        documents: What the run did with every corpus file.

    Returns:
        The generation's name.
    """

    def write(folder: Path) -> None:
        with (folder / DOCUMENTS).open("w", encoding="utf-8") as fh:
            for doc_id in sorted(index.documents):
                row = {**index.documents[doc_id].to_json(), "rows": asdict(index.rows[doc_id])}
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        with (folder / PASSAGES).open("w", encoding="utf-8") as fh:
            for passage in index.passages:
                fh.write(json.dumps(passage.to_json(), ensure_ascii=False) + "\n")
        np.save(folder / SENTENCE_VECTORS, np.asarray(index.sentence_vectors, dtype=SENTENCE_DTYPE), allow_pickle=False)
        # Serialised in memory and written by Python, so that a full disk is an OSError (which the
        # store reports in one line) rather than a RuntimeError from inside faiss.
        (folder / DENSE).write_bytes(faiss.serialize_index(index.dense).tobytes())
        (folder / BM25).mkdir()
        index.lexical.save(folder / BM25)

    manifest = Manifest(
        format_version=INDEX_FORMAT_VERSION,
        caseqa_version=__version__,
        fingerprint=settings.fingerprint(),
        settings=settings.index_settings(),
        model=model,
        dense_index="hnsw" if isinstance(index.dense, faiss.IndexHNSWFlat) else "flat",
        counts={"documents": len(index.documents), "passages": len(index.passages),
                "sentences": int(index.sentence_vectors.shape[0])},
        documents=documents,
    )
    return store.write_generation(settings.index_dir, write, manifest.to_json())


def check_compatible(manifest: dict, settings: Settings, folder: Path) -> Manifest:
    """The typed manifest, once it is known to match the settings.

    Raises:
        IndexMismatchError: Naming the first field that differs from the settings, and what to run.
        IndexCorruptError: The manifest is of this format version but malformed.
    """
    where = folder / store.MANIFEST
    version = manifest.get("format_version")
    if version != INDEX_FORMAT_VERSION:
        raise IndexMismatchError(
            f"{where}: index format version {version!r}, this caseqa reads version "
            f"{INDEX_FORMAT_VERSION}; rebuild with `caseqa index --rebuild`"
        )
    try:
        typed = Manifest.from_json(manifest)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise IndexCorruptError(f"{where} is malformed ({exc!r}); rebuild with `caseqa index --rebuild`") from None
    if typed.model.name != settings.model_name:
        raise IndexMismatchError(
            f"{where}: built with model {typed.model.name!r} but model {settings.model_name!r} is selected; "
            "rebuild with `caseqa index --rebuild` or select the same model (--model / CASEQA_MODEL)"
        )
    if typed.fingerprint != settings.fingerprint():
        now = settings.index_settings()
        changed = [n for n in now if typed.settings.get(n) != now[n]]
        what = ", ".join(f"{n}={typed.settings.get(n)!r} (now {now[n]!r})" for n in changed)
        raise IndexMismatchError(
            f"{where}: built with other settings ({what or 'an older caseqa pipeline'}); "
            "rebuild with `caseqa index --rebuild`"
        )
    return typed


def load(settings: Settings, verify: bool = True, mmap: bool = True) -> Index:
    """Load the live generation of ``settings.index_dir``: the one way a generation is opened.

    Args:
        settings: Must match the settings the index was built with.
        verify: Check every file against its checksum first.
        mmap: Map the vectors and BM25's arrays from the files (read-only, shared, cheap to open
            and to drop) rather than copy them into memory.

    Raises:
        IndexNotFoundError: There is no index.
        IndexMismatchError: It was built with another model, settings or format.
        IndexCorruptError: A file is missing, truncated or altered.
    """
    folder = store.current(settings.index_dir)
    raw = store.read_manifest(folder)
    manifest = check_compatible(raw, settings, folder)
    if verify:
        store.verify(folder, raw)
    try:
        documents: dict[str, Document] = {}
        rows: dict[str, DocRows] = {}
        with (folder / DOCUMENTS).open(encoding="utf-8") as fh:
            for line in fh:
                data = json.loads(line)
                r = data.pop("rows")
                doc = Document.from_json(data)
                documents[doc.id] = doc
                rows[doc.id] = DocRows(tuple(r["passages"]), tuple(r["sentences"]), r["size"], r["mtime_ns"])
        # Split on newlines only (JSON escapes them inside strings; str.splitlines would also split
        # at U+2028 and other separators a title may hold).
        lines = (folder / PASSAGES).read_bytes().split(b"\n")
        passages = StoredPassages(lines[:-1] if lines and not lines[-1] else lines, documents)
        sentence_vectors = np.load(folder / SENTENCE_VECTORS, allow_pickle=False, mmap_mode="r" if mmap else None)
        dense = read_dense(folder, mmap)
        lexical = Lexical.load(folder / BM25, len(passages), mmap)
    except (OSError, ValueError, KeyError, TypeError, RuntimeError) as exc:
        raise IndexCorruptError(
            f"index in {folder} cannot be read ({exc}); rebuild with `caseqa index --rebuild`"
        ) from None
    sentences = max((r.sentences[1] for r in rows.values()), default=0)
    if (dense.ntotal != len(passages) or len(sentence_vectors) != sentences
            or sentence_vectors.ndim != 2 or sentence_vectors.shape[1] != dense.d):
        raise IndexCorruptError(
            f"index in {folder} is inconsistent ({len(passages)} passages, {dense.ntotal} vectors, "
            f"{len(sentence_vectors)} sentence vectors); rebuild with `caseqa index --rebuild`"
        )
    return Index(documents, rows, passages, sentence_vectors, dense, lexical, manifest, folder)


def read_dense(folder: Path, mmap: bool = True) -> faiss.Index:
    """The generation's faiss index: its vectors mapped from the file, or an owned copy to add to."""
    return faiss.read_index(str(folder / DENSE), faiss.IO_FLAG_MMAP_IFC if mmap else 0)
