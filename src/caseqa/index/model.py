"""The index in memory and on disk: passages, vectors, faiss, BM25 and the manifest."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

import faiss
import numpy as np

from caseqa import __version__

from caseqa.index import store
from caseqa.config import INDEX_FORMAT_VERSION, Settings
from caseqa.errors import IndexCorruptError, IndexMismatchError
from caseqa.index.lexical import Lexical
from caseqa.types import Document, Paragraph, Passage, Section, Span

PASSAGES = "passages.jsonl"
DOCUMENTS = "documents.jsonl"
PASSAGE_VECTORS = "passage_vectors.npy"
SENTENCE_VECTORS = "sentence_vectors.npy"
DENSE = "dense.faiss"
BM25 = "bm25"
HNSW_M = 32
HNSW_EF_SEARCH = 128


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
    manifest: dict
    folder: Path | None = None

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
        index = faiss.IndexHNSWFlat(dim, HNSW_M, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = 80
    else:
        index = faiss.IndexFlatIP(dim)
    if len(vectors):
        index.add(np.ascontiguousarray(vectors, dtype=np.float32))
    return index


def _doc_to_json(doc: Document, rows: DocRows) -> dict:
    data = asdict(doc)
    data["rows"] = asdict(rows)
    return data


def _doc_from_json(data: dict) -> tuple[Document, DocRows]:
    rows = data.pop("rows")
    doc = Document(
        **{
            **data,
            "sections": tuple(Section(**s) for s in data["sections"]),
            "paragraphs": tuple(Paragraph(**p) for p in data["paragraphs"]),
            "pages": tuple(tuple(p) for p in data.get("pages", ())),
            "warnings": tuple(data.get("warnings", ())),
        }
    )
    return doc, DocRows(tuple(rows["passages"]), tuple(rows["sentences"]), rows["size"], rows["mtime_ns"])


def _passage_from_json(data: dict) -> Passage:
    return Passage(
        **{
            **data,
            "paragraphs": tuple(data["paragraphs"]),
            "sentences": tuple(tuple(s) for s in data["sentences"]),
            "pages": tuple(data["pages"]) if data.get("pages") else None,
        }
    )


def save(index: Index, settings: Settings, extra_manifest: dict) -> str:
    """Write the index as a new generation and switch to it atomically.

    Args:
        index: The index to write.
        settings: The settings it was built with.
        extra_manifest: Model and per-file status fields for the manifest.

    Returns:
        The generation's name.
    """

    def write(folder: Path) -> None:
        with (folder / DOCUMENTS).open("w", encoding="utf-8") as fh:
            for doc_id in sorted(index.documents):
                row = _doc_to_json(index.documents[doc_id], index.rows[doc_id])
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        with (folder / PASSAGES).open("w", encoding="utf-8") as fh:
            for passage in index.passages:
                fh.write(json.dumps(asdict(passage), ensure_ascii=False) + "\n")
        np.save(folder / PASSAGE_VECTORS, index.passage_vectors, allow_pickle=False)
        np.save(folder / SENTENCE_VECTORS, index.sentence_vectors, allow_pickle=False)
        faiss.write_index(index.dense, str(folder / DENSE))
        (folder / BM25).mkdir()
        index.lexical.save(folder / BM25)

    manifest = {
        "format_version": INDEX_FORMAT_VERSION,
        "caseqa_version": __version__,
        "fingerprint": settings.fingerprint(),
        "settings": {name: getattr(settings, name) for name in settings.index_fields},
        "dense_index": "hnsw" if isinstance(index.dense, faiss.IndexHNSWFlat) else "flat",
        "counts": {
            "documents": len(index.documents),
            "passages": len(index.passages),
            "sentences": int(index.sentence_vectors.shape[0]),
        },
        **extra_manifest,
    }
    return store.write_generation(settings.index_dir, write, manifest)


def check_compatible(manifest: dict, settings: Settings, folder: Path) -> None:
    """Raise IndexMismatchError naming the first field that differs from the settings."""
    where = folder / store.MANIFEST
    version = manifest.get("format_version")
    if version != INDEX_FORMAT_VERSION:
        raise IndexMismatchError(
            f"{where}: index format version {version!r}, this caseqa reads version "
            f"{INDEX_FORMAT_VERSION}; rebuild with `caseqa index --rebuild`"
        )
    model = manifest.get("model", {}).get("name")
    if model != settings.model_name:
        raise IndexMismatchError(
            f"{where}: built with model {model!r} but model {settings.model_name!r} is selected; "
            "rebuild with `caseqa index --rebuild` or select the same model (--model / CASEQA_MODEL)"
        )
    if manifest.get("fingerprint") != settings.fingerprint():
        built = manifest.get("settings", {})
        changed = [n for n in settings.index_fields if built.get(n) != getattr(settings, n)]
        what = ", ".join(f"{n}={built.get(n)!r} (now {getattr(settings, n)!r})" for n in changed)
        raise IndexMismatchError(
            f"{where}: built with other settings ({what or 'an older caseqa pipeline'}); "
            "rebuild with `caseqa index --rebuild`"
        )


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
    manifest = store.read_manifest(folder)
    check_compatible(manifest, settings, folder)
    if verify:
        store.verify(folder, manifest)
    try:
        documents: dict[str, Document] = {}
        rows: dict[str, DocRows] = {}
        with (folder / DOCUMENTS).open(encoding="utf-8") as fh:
            for line in fh:
                doc, doc_rows = _doc_from_json(json.loads(line))
                documents[doc.id] = doc
                rows[doc.id] = doc_rows
        with (folder / PASSAGES).open(encoding="utf-8") as fh:
            passages = [_passage_from_json(json.loads(line)) for line in fh]
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
