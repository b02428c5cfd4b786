"""The index in memory and on disk: passages, vectors, faiss, BM25 and the manifest."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

import faiss
import numpy as np

from caseqa import __version__
from caseqa.config import INDEX_FORMAT_VERSION, Settings
from caseqa.errors import IndexCorruptError, IndexMismatchError
from caseqa.index import store
from caseqa.index.lexical import Lexical
from caseqa.index.manifest import FileRecord, Manifest, ModelInfo
from caseqa.types import Document, Passage, Span

PASSAGES = "passages.jsonl"
DOCUMENTS = "documents.jsonl"
PASSAGE_VECTORS = "passage_vectors.npy"
SENTENCE_VECTORS = "sentence_vectors.npy"
DENSE = "dense.faiss"
BM25 = "bm25"


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
    passages: list[Passage]
    passage_vectors: np.ndarray
    sentence_vectors: np.ndarray
    dense: faiss.Index
    lexical: Lexical
    manifest: Manifest | None  # None for an index built in memory and not yet saved
    folder: Path | None = None
    # Derived from the index's content on first need (a case's vocabulary): an index never changes.
    cache: dict[str, dict] = field(default_factory=dict, repr=False, compare=False)

    def sentence_row(self, passage: Passage) -> int:
        """Global row of a passage's first sentence in ``sentence_vectors``."""
        return self.rows[passage.doc_id].sentences[0] + passage.first_sentence

    def doc_range(self, doc_id: str) -> Span:
        """Passage rows [start, end) of a document."""
        return self.rows[doc_id].passages


def make_dense(vectors: np.ndarray, settings: Settings) -> faiss.Index:
    """Exact inner product for small corpora, an HNSW graph from ``hnsw_min_vectors`` on."""
    dim = vectors.shape[1]
    if len(vectors) >= settings.hnsw_min_vectors:
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
        np.save(folder / PASSAGE_VECTORS, index.passage_vectors, allow_pickle=False)
        np.save(folder / SENTENCE_VECTORS, index.sentence_vectors, allow_pickle=False)
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


def load(settings: Settings, verify: bool = True) -> Index:
    """Load the live generation of ``settings.index_dir``.

    Args:
        settings: Must match the settings the index was built with.
        verify: Check every file against its checksum first.

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
        with (folder / PASSAGES).open(encoding="utf-8") as fh:
            passages = [Passage.from_json(json.loads(line)) for line in fh]
        passage_vectors = np.load(folder / PASSAGE_VECTORS, allow_pickle=False)
        sentence_vectors = np.load(folder / SENTENCE_VECTORS, allow_pickle=False)
        dense = faiss.read_index(str(folder / DENSE))
        lexical = Lexical.load(folder / BM25, len(passages))
    except (OSError, ValueError, KeyError, TypeError, RuntimeError) as exc:
        raise IndexCorruptError(
            f"index in {folder} cannot be read ({exc}); rebuild with `caseqa index --rebuild`"
        ) from None
    if dense.ntotal != len(passages) or len(passage_vectors) != len(passages):
        raise IndexCorruptError(
            f"index in {folder} is inconsistent ({len(passages)} passages, {dense.ntotal} vectors); "
            "rebuild with `caseqa index --rebuild`"
        )
    return Index(documents, rows, passages, passage_vectors, sentence_vectors, dense, lexical, manifest, folder)
