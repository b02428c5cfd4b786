"""The index on disk: float16 sentence vectors, mapped loading, faiss's vectors read in place, a copied folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import faiss
import numpy as np
import pytest

from caseqa.app.engine import Engine
from caseqa.config import Settings
from caseqa.errors import IndexCorruptError
from caseqa.index import model as idx
from caseqa.index import store
from caseqa.ingest.passages import sentence_text

CASES = {
    "alpha.txt": "Alpha Case\n\nAlpha makes solar panels in Ghana. It was founded in 2011 by Ama Mensah.\n",
    "beta.txt": "Beta Case\n\nBeta sells scooters in Jakarta. Sales doubled in 2020. Beta hired forty riders.\n",
}


def built(settings: Settings, fake_encoder) -> Engine:
    for name, text in CASES.items():
        (settings.corpus_dir / name).write_text(text, encoding="utf-8")
    engine = Engine(settings, fake_encoder)
    engine.build()
    return engine


@pytest.mark.parametrize("kind", ["flat", "hnsw"])
def test_the_vectors_faiss_holds_are_read_without_a_copy(kind: str) -> None:
    """Pins the faiss storage layout ``stored_vectors`` reads: an upgrade that changes it fails here."""
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(300, 16)).astype(np.float32)
    dense = idx.make_dense(vectors, Settings(hnsw_min_vectors=1 if kind == "hnsw" else 10**9))
    view = idx.stored_vectors(dense)
    assert np.array_equal(view, vectors) and not view.flags.writeable
    assert isinstance(dense, faiss.IndexHNSWFlat) == (kind == "hnsw")


def test_a_loaded_index_maps_float16_sentence_vectors(settings: Settings, fake_encoder) -> None:
    engine = built(settings, fake_encoder)
    index = idx.load(settings)
    vectors = index.sentence_vectors
    assert isinstance(vectors, np.memmap) and vectors.dtype == np.float16 and not vectors.flags.writeable
    assert isinstance(index.lexical.data, np.memmap)
    doc = index.documents["beta.txt"]
    spans = [s for p in index.passages if p.doc_id == "beta.txt" for s in p.sentences]
    rows = range(*index.rows["beta.txt"].sentences)
    exact = fake_encoder.encode([sentence_text(doc, span) for span in spans])
    assert np.abs(vectors[list(rows)].astype(np.float32) - exact).max() < 1e-3  # float16: ~3 decimal digits
    assert engine.ask("scooters in Jakarta")[0].passage.doc_id == "beta.txt"
    copied = idx.load(settings, mmap=False)
    assert not isinstance(copied.sentence_vectors, np.memmap)
    assert np.array_equal(copied.sentence_vectors, vectors)


def test_a_copied_index_loads_and_verifies_in_another_folder(settings: Settings, fake_encoder, tmp_path: Path) -> None:
    """Built on one machine (a GPU one, say), copied to a laptop: nothing in it names the first folder."""
    engine = built(settings, fake_encoder)
    expected = [h.passage.id for h in engine.ask("solar panels founded")]
    elsewhere = tmp_path / "laptop" / "index"
    shutil.copytree(settings.index_dir, elsewhere)
    settings.index_dir.rename(tmp_path / "gone")  # the original folder no longer exists
    moved = Settings(corpus_dir=settings.corpus_dir, index_dir=elsewhere)
    copy = Engine(moved, fake_encoder)
    assert copy.index.folder.parent == elsewhere  # loaded with every checksum verified
    assert [h.passage.id for h in copy.ask("solar panels founded")] == expected
    target = store.current(elsewhere) / idx.SENTENCE_VECTORS
    data = bytearray(target.read_bytes())
    data[-1] ^= 0xFF
    target.write_bytes(bytes(data))
    with pytest.raises(IndexCorruptError, match=r"sentence_vectors\.npy is corrupted"):
        idx.load(moved)


def test_passages_are_stored_without_their_text_and_read_back_as_slices_of_their_document(
        settings: Settings, fake_encoder) -> None:
    import json

    engine = built(settings, fake_encoder)
    rows = [json.loads(line) for line in (store.current(settings.index_dir) / idx.PASSAGES).open()]
    assert rows and all("text" not in row for row in rows)
    index = idx.load(settings)
    for passage in index.passages:
        assert passage.text and passage.text == index.documents[passage.doc_id].text[passage.start:passage.end]
    assert [p.text for p in index.passages] == [p.text for p in engine.index.passages]


def test_a_loaded_index_reads_each_passage_when_first_asked_for(settings: Settings, fake_encoder) -> None:
    built(settings, fake_encoder)
    index = idx.load(settings)
    assert isinstance(index.passages, idx.StoredPassages)
    assert all(p is None for p in index.passages._read)  # nothing read at load
    first = index.passages[0]
    assert index.passages[0] is first and index.passages[-1].doc_id in index.documents
    assert [p.id for p in index.passages[0:2]] == [p.id for p in list(index.passages)[0:2]]


def test_a_passage_line_that_cannot_be_read_is_reported_as_a_corrupt_index_when_asked_for(
        settings: Settings, fake_encoder) -> None:
    built(settings, fake_encoder)
    path = store.current(settings.index_dir) / idx.PASSAGES
    lines = path.read_bytes().split(b"\n")
    lines[0] = b'{"doc_id": "no-such-case.txt", "start": 0'  # torn, and naming no document
    path.write_bytes(b"\n".join(lines))
    index = idx.load(settings, verify=False)  # checksums off: the damage is found when the passage is read
    with pytest.raises(IndexCorruptError, match="rebuild"):
        index.passages[0]
    assert index.passages[1].text  # the others still read
    with pytest.raises(IndexCorruptError, match=r"passages\.jsonl is corrupted \(checksum mismatch\)"):
        idx.load(settings)  # with checksums, loading refuses it outright


def test_passage_at_finds_the_first_passage_holding_a_character_as_a_scan_would(settings: Settings,
                                                                                  fake_encoder) -> None:
    built(settings, fake_encoder)
    index = idx.load(settings)
    for doc_id, document in index.documents.items():
        lo, hi = index.doc_range(doc_id)
        for at in range(len(document.text) + 1):
            scan = next((row for row in range(lo, hi)
                         if index.passages[row].start <= at < index.passages[row].end), None)
            assert index.passage_at(doc_id, at) == scan, (doc_id, at)
    assert index.passage_at("alpha.txt", -1) is None
