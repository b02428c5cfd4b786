"""Build or update the index: re-embed only new or changed documents, drop removed ones."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from caseqa.index import model as idx
from caseqa.index import store
from caseqa.config import Settings
from caseqa.ingest.corpus import CorpusFile, discover, parse, read_bytes
from caseqa.index.encoder import Encoder, Progress
from caseqa.errors import CaseQAError, CorpusError, IndexCorruptError, IndexMismatchError, IndexNotFoundError
from caseqa.ingest.formats.decoding import sha256
from caseqa.index.lexical import Lexical
from caseqa.ingest.passages import Chunked, chunk, embedding_text
from caseqa.language.sentences import normalise
from caseqa.types import Document, FileStatus, IndexReport


@dataclass(frozen=True)
class _Reused:
    doc: Document
    chunked: Chunked
    passage_vectors: np.ndarray
    sentence_vectors: np.ndarray


@dataclass(frozen=True)
class Hooks:
    """Callbacks for progress: one per file decided, and a bar for embedding."""

    on_file: Callable[[FileStatus], None] = lambda status: None
    on_embed: Callable[[int], Progress] = lambda total: (lambda n: None)


def _previous(settings: Settings) -> idx.Index | None:
    """The live index if it can be reused; None when absent, mismatched or corrupt."""
    try:
        return idx.load(settings, verify=True)
    except (IndexNotFoundError, IndexMismatchError, IndexCorruptError):
        return None


def _reuse(previous: idx.Index, doc_id: str) -> _Reused:
    """A document's passages and vectors, taken over from the previous index unchanged."""
    rows = previous.rows[doc_id]
    (p0, p1), (s0, s1) = rows.passages, rows.sentences
    passages = tuple(previous.passages[p0:p1])
    return _Reused(previous.documents[doc_id], Chunked(passages, ()),
                   previous.passage_vectors[p0:p1], previous.sentence_vectors[s0:s1])


def build(settings: Settings, encoder: Encoder, rebuild: bool = False, hooks: Hooks | None = None,
          wait: float = 0.0) -> IndexReport:
    """Index ``settings.corpus_dir`` into ``settings.index_dir``.

    Args:
        settings: Corpus and index folders, passage sizes.
        encoder: Embeds passages and sentences.
        rebuild: Ignore the existing index and embed everything again.
        hooks: Progress callbacks.
        wait: Seconds to wait for another indexing process to finish.

    Returns:
        What happened to each file, and timings.

    Raises:
        CorpusError: The corpus folder is missing.
        IndexLockedError: Another process is indexing.
    """
    hooks = hooks or Hooks()
    started = time.perf_counter()
    with store.locked(settings.index_dir, wait=wait):
        files, passed_over = discover(settings.corpus_dir)
        previous = None if rebuild else _previous(settings)
        statuses: list[FileStatus] = [FileStatus(name, "skipped", reason) for name, reason in passed_over]
        for status in statuses:
            hooks.on_file(status)
        reused: dict[str, _Reused] = {}
        fresh: dict[str, tuple[Document, Chunked, CorpusFile]] = {}
        seen_content: dict[str, str] = {}
        known = previous.documents if previous else {}
        by_content = {doc.sha256: doc_id for doc_id, doc in known.items()}
        # Files already in the index first: when a copy of one is added, the copy is refused,
        # not the file that citations and --doc filters already name.
        for file in sorted(files, key=lambda f: (f.doc_id not in known, f.doc_id)):
            try:
                data = read_bytes(file, settings.max_file_bytes)
                digest = sha256(data)
                if digest in seen_content:
                    raise CorpusError(
                        f"{file.doc_id}: same content as {seen_content[digest]}; "
                        "remove one of the two copies"
                    )
                if previous and file.doc_id in previous.documents and previous.documents[file.doc_id].sha256 == digest:
                    reused[file.doc_id] = _reuse(previous, file.doc_id)
                    seen_content[digest] = file.doc_id
                    kept = reused[file.doc_id]
                    status = FileStatus(file.doc_id, "unchanged", "", len(kept.chunked.passages), kept.doc.warnings)
                else:
                    doc = parse(file.doc_id, data, settings.limits)
                    chunked = chunk(doc, settings, encoder.count_tokens, encoder.max_tokens)
                    if not chunked.passages:
                        raise CorpusError(f"{file.doc_id}: no text to index after parsing; check the file's content")
                    moved = _moved(previous, by_content.get(digest), doc, chunked)
                    if moved is not None:  # a renamed or moved file: its vectors are still right
                        reused[file.doc_id] = moved
                    else:
                        fresh[file.doc_id] = (doc, chunked, file)
                    seen_content[digest] = file.doc_id
                    status = FileStatus(file.doc_id, "indexed", "", len(chunked.passages), doc.warnings)
            except CaseQAError as exc:
                status = FileStatus(file.doc_id, "error", str(exc))
            statuses.append(status)
            hooks.on_file(status)

        texts: list[str] = []
        for doc, chunked, _ in fresh.values():
            texts.extend(embedding_text(p) for p in chunked.passages)
            texts.extend(normalise(doc.text[s:e]) for s, e in chunked.sentences)
        encode_started = time.perf_counter()
        vectors = encoder.encode(texts, hooks.on_embed(len(texts))) if texts else np.zeros((0, encoder.dim), np.float32)
        encode_seconds = time.perf_counter() - encode_started

        stats = {f.doc_id: f for f in files}
        built, pos = {}, 0
        for doc_id, (doc, chunked, _) in fresh.items():
            n_p, n_s = len(chunked.passages), len(chunked.sentences)
            built[doc_id] = _Reused(doc, chunked, vectors[pos:pos + n_p], vectors[pos + n_p:pos + n_p + n_s])
            pos += n_p + n_s
        built.update(reused)
        index = _assemble(built, stats, settings, encoder.dim)
        manifest = {
            "model": {"name": settings.model_name, "dim": encoder.dim, "max_tokens": encoder.max_tokens},
            "documents": {
                s.doc_id: {
                    "status": s.status if s.status != "unchanged" else "indexed",
                    "sha256": index.documents[s.doc_id].sha256 if s.doc_id in index.documents else None,
                    "size": stats[s.doc_id].size if s.doc_id in stats else None,
                    "mtime_ns": stats[s.doc_id].mtime_ns if s.doc_id in stats else None,
                    "passages": s.passages,
                    "reason": s.reason,
                    "warnings": list(s.warnings),
                }
                for s in statuses
            },
        }
        generation = idx.save(index, settings, manifest)
    return IndexReport(
        files=tuple(sorted(statuses, key=lambda f: f.doc_id)),
        passages=len(index.passages),
        embedded_texts=len(texts),
        seconds=time.perf_counter() - started,
        encode_seconds=encode_seconds,
        generation=generation,
        removed=tuple(sorted(set(known) - {f.doc_id for f in files})),
    )


def _moved(previous: idx.Index | None, old_id: str | None, doc: Document, chunked: Chunked) -> _Reused | None:
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
    if any(embedding_text(a) != embedding_text(b) or (a.start, a.end, a.sentences) != (b.start, b.end, b.sentences)
           for a, b in zip(old.chunked.passages, chunked.passages)):
        return None
    return _Reused(doc, chunked, old.passage_vectors, old.sentence_vectors)


def _assemble(built: dict[str, _Reused], stats: dict[str, CorpusFile], settings: Settings, dim: int) -> idx.Index:
    """Lay documents out in id order: contiguous passage and sentence rows per document."""
    documents, rows, passages = {}, {}, []
    p_vecs, s_vecs = [], []
    s_total = 0
    for doc_id in sorted(built):
        item = built[doc_id]
        p0, s0 = len(passages), s_total
        passages.extend(item.chunked.passages)
        s_total += len(item.sentence_vectors)
        p_vecs.append(item.passage_vectors)
        s_vecs.append(item.sentence_vectors)
        documents[doc_id] = item.doc
        stat = stats[doc_id]
        rows[doc_id] = idx.DocRows((p0, len(passages)), (s0, s_total), stat.size, stat.mtime_ns)
    passage_vectors = np.concatenate(p_vecs) if p_vecs else np.zeros((0, dim), np.float32)
    sentence_vectors = np.concatenate(s_vecs) if s_vecs else np.zeros((0, dim), np.float32)
    lexical = Lexical.build([embedding_text(p) for p in passages])
    dense = idx.make_dense(passage_vectors, settings)
    return idx.Index(documents, rows, passages, passage_vectors, sentence_vectors, dense, lexical, {})
