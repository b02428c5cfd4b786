"""Build or update the index: re-embed only new or changed documents, drop removed ones."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

import faiss
import numpy as np

from caseqa.config import Settings
from caseqa.errors import CaseQAError, CorpusError, IndexCorruptError, IndexMismatchError, IndexNotFoundError
from caseqa.index import model as idx
from caseqa.index import store
from caseqa.index.encoder import Encoder, Progress
from caseqa.index.lexical import Lexical, Terms, tokenise
from caseqa.index.manifest import FileRecord, ModelInfo
from caseqa.ingest.corpus import CorpusFile, discover, parse, read_bytes
from caseqa.ingest.formats.decoding import sha256
from caseqa.ingest.passages import Chunked, chunk, embedding_text, sentence_text
from caseqa.types import Document, FileState, FileStatus, IndexReport


@dataclass(frozen=True)
class _Embedded:
    """A document with its passages and their vectors, ready to be laid out in the index."""

    doc: Document
    chunked: Chunked
    passage_vectors: np.ndarray
    sentence_vectors: np.ndarray
    terms: Terms | None = None  # BM25 term ids (the previous index's vocabulary), when taken over
    kept_rows: int | None = None  # first passage row in the previous index, when kept under its name


@dataclass(frozen=True)
class Hooks:
    """Callbacks for progress: one per file decided, and a bar for embedding."""

    on_file: Callable[[FileStatus], None] = lambda status: None
    on_embed: Callable[[int], Progress] = lambda total: (lambda n: None)


@dataclass
class _Run:
    """What one indexing run has decided so far, file by file."""

    previous: idx.Index | None
    statuses: list[FileStatus] = field(default_factory=list)
    kept: dict[str, _Embedded] = field(default_factory=dict)  # unchanged, renamed or moved files
    fresh: dict[str, tuple[Document, Chunked]] = field(default_factory=dict)  # to embed
    seen_content: dict[str, str] = field(default_factory=dict)  # sha256 -> doc_id read in this run

    @property
    def known(self) -> dict[str, Document]:
        """The documents of the previous index."""
        return self.previous.documents if self.previous else {}


def _previous(settings: Settings) -> idx.Index | None:
    """The live index if it can be reused; None when absent, mismatched or corrupt."""
    try:
        return idx.load(settings, verify=True)
    except (IndexNotFoundError, IndexMismatchError, IndexCorruptError):
        return None


def _still_current(live: idx.Index | None, settings: Settings) -> bool:
    """Is ``live`` the generation ``CURRENT`` names (no other process has written one since)?"""
    return live is not None and live.folder is not None and live.folder.name == store.pointed(settings.index_dir)


def _reuse(previous: idx.Index, doc_id: str) -> _Embedded:
    """A document's passages, vectors and BM25 terms, taken over from the previous index unchanged."""
    rows = previous.rows[doc_id]
    (p0, p1), (s0, s1) = rows.passages, rows.sentences
    passages = tuple(previous.passages[p0:p1])
    return _Embedded(previous.documents[doc_id], Chunked(passages, ()), previous.passage_vectors[p0:p1],
                     previous.sentence_vectors[s0:s1], previous.lexical.terms.slice(p0, p1), p0)


def build(settings: Settings, encoder: Encoder, rebuild: bool = False, hooks: Hooks | None = None,
          wait: float = 0.0, live: idx.Index | None = None) -> IndexReport:
    """Index ``settings.corpus_dir`` into ``settings.index_dir``.

    Args:
        settings: Corpus and index folders, passage sizes.
        encoder: Embeds passages and sentences.
        rebuild: Ignore the existing index and embed everything again.
        hooks: Progress callbacks.
        wait: Seconds to wait for another indexing process to finish.
        live: The index a server is answering from (loaded and checked with these settings); when
            it is still the generation ``CURRENT`` names, it is built on instead of loading and
            verifying that generation again (2.4 s of adding a case to a 1,000-case library).

    Returns:
        What happened to each file, and timings.

    Raises:
        CorpusError: The corpus folder is missing.
        IndexLockedError: Another process is indexing.
    """
    hooks = hooks or Hooks()
    started = time.perf_counter()
    steps: dict[str, float] = {}
    with store.locked(settings.index_dir, wait=wait):
        clock = time.perf_counter()
        files, passed_over = discover(settings.corpus_dir)
        run = _Run(None if rebuild else live if _still_current(live, settings) else _previous(settings))
        clock = _step(steps, "load previous index", clock)
        for name, reason in passed_over:
            run.statuses.append(FileStatus(name, FileState.SKIPPED, reason))
            hooks.on_file(run.statuses[-1])
        # Files already in the index first: when a copy of one is added, the copy is refused,
        # not the file that citations and --doc filters already name.
        for file in sorted(files, key=lambda f: (f.doc_id not in run.known, f.doc_id)):
            try:
                status = _read(run, file, settings, encoder)
            except CaseQAError as exc:
                status = FileStatus(file.doc_id, FileState.ERROR, str(exc))
            run.statuses.append(status)
            hooks.on_file(status)
        clock = _step(steps, "read and split files", clock)
        texts, tokens, embedded, encode_seconds = _embed(run.fresh, encoder, hooks)
        clock = _step(steps, "embed", clock)
        stats = {f.doc_id: f for f in files}
        index = _assemble({**embedded, **run.kept}, stats, settings, encoder.dim, run.previous, steps)
        clock = time.perf_counter()
        model = ModelInfo(settings.model_name, encoder.dim, encoder.max_tokens)
        generation = idx.save(index, settings, model, _records(run.statuses, index, stats))
        _step(steps, "save", clock)
    return IndexReport(
        files=tuple(sorted(run.statuses, key=lambda f: f.doc_id)),
        passages=len(index.passages),
        embedded_texts=texts,
        seconds=time.perf_counter() - started,
        encode_seconds=encode_seconds,
        generation=generation,
        removed=tuple(sorted(set(run.known) - {f.doc_id for f in files})),
        embedded_tokens=tokens,
        steps=tuple(steps.items()),
    )


def _step(steps: dict[str, float], name: str, since: float) -> float:
    """Record the seconds since ``since`` under ``name``; the time now."""
    now = time.perf_counter()
    steps[name] = steps.get(name, 0.0) + now - since
    return now


def _read(run: _Run, file: CorpusFile, settings: Settings, encoder: Encoder) -> FileStatus:
    """Decide one corpus file: keep its vectors (unchanged, renamed), or read it for embedding.

    Raises:
        CaseQAError: The file is refused (a second copy, unreadable, over a limit, no text).
    """
    data = read_bytes(file, settings.limits.max_file_bytes)
    digest = sha256(data)
    if digest in run.seen_content:
        raise CorpusError(f"{file.doc_id}: same content as {run.seen_content[digest]}; remove one of the two copies")
    previous = run.previous
    if previous is not None and file.doc_id in previous.documents and previous.documents[file.doc_id].sha256 == digest:
        kept = run.kept[file.doc_id] = _reuse(previous, file.doc_id)
        run.seen_content[digest] = file.doc_id
        return FileStatus(file.doc_id, FileState.UNCHANGED, "", len(kept.chunked.passages), kept.doc.warnings)
    doc = parse(file.doc_id, data, settings.limits)
    chunked = chunk(doc, settings.passages, encoder.count_tokens, encoder.max_tokens)
    if not chunked.passages:
        raise CorpusError(f"{file.doc_id}: no text to index after parsing; check the file's content")
    # Only a file that was read counts as the original: a copy refused for its content (a PDF
    # named .txt) must not make the real file a "second copy".
    run.seen_content[digest] = file.doc_id
    by_content = {d.sha256: doc_id for doc_id, d in run.known.items()}
    moved = _moved(previous, by_content.get(digest), doc, chunked)
    if moved is not None:  # a renamed or moved file: its vectors are still right
        run.kept[file.doc_id] = moved
    else:
        run.fresh[file.doc_id] = (doc, chunked)
    return FileStatus(file.doc_id, FileState.INDEXED, "", len(chunked.passages), doc.warnings)


def _embed(fresh: dict[str, tuple[Document, Chunked]], encoder: Encoder,
           hooks: Hooks) -> tuple[int, int, dict[str, _Embedded], float]:
    """Embed the passages and sentences of the new and changed documents in one batch.

    Returns:
        The number of texts embedded and of their model tokens, each document with its vectors,
        and the seconds the model took.
    """
    texts: list[str] = []
    for doc, chunked in fresh.values():
        texts.extend(embedding_text(p, doc) for p in chunked.passages)
        texts.extend(sentence_text(doc, span) for span in chunked.sentences)
    tokens = sum(min(n, encoder.max_tokens) for n in encoder.count_tokens(texts)) if texts else 0
    started = time.perf_counter()
    vectors = encoder.encode(texts, hooks.on_embed(len(texts))) if texts else np.zeros((0, encoder.dim), np.float32)
    seconds = time.perf_counter() - started
    out, pos = {}, 0
    for doc_id, (doc, chunked) in fresh.items():
        n_p, n_s = len(chunked.passages), len(chunked.sentences)
        out[doc_id] = _Embedded(doc, chunked, vectors[pos:pos + n_p], vectors[pos + n_p:pos + n_p + n_s])
        pos += n_p + n_s
    return len(texts), tokens, out, seconds


def _records(statuses: list[FileStatus], index: idx.Index, stats: dict[str, CorpusFile]) -> dict[str, FileRecord]:
    """The manifest's record of every file the run saw (an unchanged file is recorded as indexed)."""
    out = {}
    for s in statuses:
        stat = stats.get(s.doc_id)
        doc = index.documents.get(s.doc_id)
        out[s.doc_id] = FileRecord(
            status=FileState.INDEXED if s.status == FileState.UNCHANGED else s.status,
            sha256=doc.sha256 if doc else None,
            size=stat.size if stat else None,
            mtime_ns=stat.mtime_ns if stat else None,
            passages=s.passages,
            reason=s.reason,
            warnings=tuple(s.warnings),
        )
    return out


def _moved(previous: idx.Index | None, old_id: str | None, doc: Document, chunked: Chunked) -> _Embedded | None:
    """The previous vectors of the same content under another name, if nothing they embed changed.

    The title can come from the file name, and the title is embedded with each passage: the old
    vectors are reused only if the text, title, sections and every embedded text are the same.
    """
    if previous is None or old_id is None or old_id not in previous.rows:
        return None
    old = _reuse(previous, old_id)
    if (old.doc.text, old.doc.title, old.doc.sections) != (doc.text, doc.title, doc.sections):
        return None
    if len(old.chunked.passages) != len(chunked.passages) or len(old.sentence_vectors) != len(chunked.sentences):
        return None
    if any(embedding_text(a, old.doc) != embedding_text(b, doc)
           or (a.start, a.end, a.sentences) != (b.start, b.end, b.sentences)
           for a, b in zip(old.chunked.passages, chunked.passages)):
        return None
    return _Embedded(doc, chunked, old.passage_vectors, old.sentence_vectors, old.terms)


def _assemble(built: dict[str, _Embedded], stats: dict[str, CorpusFile], settings: Settings, dim: int,
              previous: idx.Index | None = None, steps: dict[str, float] | None = None) -> idx.Index:
    """Lay documents out in contiguous passage and sentence rows, and index them.

    Documents kept from the previous index keep their order and come first, new and changed
    ones follow in id order: when nothing was removed or changed, the previous rows are a prefix
    of the new ones, and the previous faiss index is extended with the new vectors instead of
    being built again (an HNSW graph of 100,000 passages takes minutes to build). BM25 reuses the
    kept passages' term ids and tokenises only the new passages.
    """
    steps = steps if steps is not None else {}
    clock = time.perf_counter()
    kept = sorted((d for d, item in built.items() if item.kept_rows is not None), key=lambda d: built[d].kept_rows)
    order = kept + sorted(d for d in built if built[d].kept_rows is None)
    documents, rows, passages = {}, {}, []
    p_vecs, s_vecs = [], []
    s_total = 0
    for doc_id in order:
        item = built[doc_id]
        p0, s0 = len(passages), s_total
        passages.extend(item.chunked.passages)
        s_total += len(item.sentence_vectors)
        p_vecs.append(item.passage_vectors)
        s_vecs.append(item.sentence_vectors)
        documents[doc_id] = item.doc
        stat = stats[doc_id]
        rows[doc_id] = idx.DocRows((p0, len(passages)), (s0, s_total), stat.size, stat.mtime_ns)
    sentence_vectors = np.zeros((s_total, dim), idx.SENTENCE_DTYPE)
    pos = 0
    for part in s_vecs:  # one copy, straight into the stored precision
        sentence_vectors[pos:pos + len(part)] = part
        pos += len(part)
    clock = _step(steps, "assemble: rows and sentence vectors", clock)
    vocab = dict(previous.lexical.vocab) if previous is not None else {}
    parts = []
    for doc_id in order:
        item = built[doc_id]
        if item.terms is None:
            item_terms = tokenise([embedding_text(p, documents[doc_id]) for p in item.chunked.passages], vocab)
        else:
            item_terms = item.terms
        parts.append(item_terms)
    lexical = Lexical.from_terms(vocab, Terms.join(parts), settings.bm25_k1, settings.bm25_b)
    clock = _step(steps, "assemble: BM25", clock)
    dense = _dense(previous, kept, built, p_vecs, len(passages), settings, dim)
    _step(steps, "assemble: faiss", clock)
    return idx.Index(documents, rows, passages, sentence_vectors, dense, lexical, None)


def _dense(previous: idx.Index | None, kept: list[str], built: dict[str, _Embedded], p_vecs: list[np.ndarray],
           total: int, settings: Settings, dim: int) -> faiss.Index:
    """The previous faiss index extended with the new passages when its rows are a prefix, else a new one."""
    if (previous is not None and previous.folder is not None
            and kept == sorted(previous.rows, key=lambda d: previous.rows[d].passages)
            and idx.dense_kind(total, settings) == idx.dense_kind(previous.dense.ntotal, settings)):
        dense = idx.read_dense(previous.folder, mmap=False)
        fresh = p_vecs[len(kept):]
        if fresh:
            dense.add(np.ascontiguousarray(np.concatenate(fresh), dtype=np.float32))
        return dense
    vectors = np.concatenate(p_vecs) if p_vecs else np.zeros((0, dim), np.float32)
    return idx.make_dense(vectors, settings)
