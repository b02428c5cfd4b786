"""Incremental indexing: unchanged files are not re-embedded, changed and new ones are, removed ones vanish."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from caseqa.app.engine import Engine, stale_files
from caseqa.config import PassageSettings, Settings
from caseqa.errors import IndexMismatchError
from caseqa.index import model as idx

CASES = {
    "alpha.txt": "Alpha Case\n\nOrigins\n\nAlpha makes solar panels in Ghana. It was founded in 2011 by Ama Mensah.\n",
    "beta.md": "# Beta Case\n\n## Growth\n\nBeta sells scooters in Jakarta. Sales doubled in 2020.\n",
    "gamma.txt": "Gamma Case\n\nGamma runs a ferry between two islands with 12 boats.\n",
}


def write_cases(corpus: Path) -> None:
    for name, text in CASES.items():
        (corpus / name).write_text(text, encoding="utf-8")


def test_unchanged_corpus_embeds_nothing(settings: Settings, fake_encoder) -> None:
    write_cases(settings.corpus_dir)
    engine = Engine(settings, fake_encoder)
    first = engine.build()
    assert first.embedded_texts > 0 and fake_encoder.calls == 1
    assert {f.doc_id: f.status for f in first.files} == dict.fromkeys(CASES, "indexed")
    second = engine.build()
    assert second.embedded_texts == 0 and fake_encoder.calls == 1
    assert {f.status for f in second.files} == {"unchanged"}
    assert len(engine.index.passages) == first.passages


def test_only_the_changed_or_new_document_is_embedded(settings: Settings, fake_encoder) -> None:
    write_cases(settings.corpus_dir)
    engine = Engine(settings, fake_encoder)
    engine.build()
    fake_encoder.encoded.clear()
    (settings.corpus_dir / "beta.md").write_text(CASES["beta.md"] + "\nBeta opened a second warehouse in Bandung.\n")
    (settings.corpus_dir / "delta.txt").write_text("Delta Case\n\nDelta brews coffee in Quito.\n")
    report = engine.build()
    statuses = {f.doc_id: f.status for f in report.files}
    assert statuses == {"alpha.txt": "unchanged", "beta.md": "indexed", "delta.txt": "indexed",
                        "gamma.txt": "unchanged"}
    embedded = " ".join(fake_encoder.encoded)
    assert "Bandung" in embedded and "Quito" in embedded
    assert "Ghana" not in embedded and "ferry" not in embedded
    hits = engine.ask("Where is the second warehouse?")
    assert hits[0].passage.doc_id == "beta.md"
    # Rows stay consistent: each passage's vector is the one its own text produced.
    index = engine.index
    for p in index.passages:
        row = index.passages.index(p)
        assert index.passage_vectors[row] @ fake_encoder.encode([idx_text(p, index)])[0] == pytest.approx(1.0, abs=1e-5)


def idx_text(passage, index) -> str:
    from caseqa.ingest.passages import embedding_text

    return embedding_text(passage, index.documents[passage.doc_id])


def test_a_removed_file_disappears_from_results(settings: Settings, fake_encoder) -> None:
    write_cases(settings.corpus_dir)
    engine = Engine(settings, fake_encoder)
    engine.build()
    assert any(h.passage.doc_id == "gamma.txt" for h in engine.ask("ferry boats islands"))
    (settings.corpus_dir / "gamma.txt").unlink()
    assert stale_files(engine.index, settings) == ["gamma.txt"]
    report = engine.build()
    assert report.removed == ("gamma.txt",)
    assert "gamma.txt" not in engine.index.documents
    assert all(h.passage.doc_id != "gamma.txt" for h in engine.ask("ferry boats islands"))


def test_a_renamed_file_keeps_its_vectors(settings: Settings, fake_encoder) -> None:
    write_cases(settings.corpus_dir)
    engine = Engine(settings, fake_encoder)
    engine.build()
    before = engine.index.passage_vectors[engine.index.doc_range("alpha.txt")[0]].copy()
    fake_encoder.encoded.clear()
    (settings.corpus_dir / "cases").mkdir()
    (settings.corpus_dir / "alpha.txt").rename(settings.corpus_dir / "cases" / "alpha.txt")
    report = engine.build()
    assert report.embedded_texts == 0 and fake_encoder.encoded == []
    assert report.removed == ("alpha.txt",)
    assert {f.doc_id: f.status for f in report.files}["cases/alpha.txt"] == "indexed"
    hit = engine.ask("solar panels in Ghana")[0]
    assert hit.passage.doc_id == "cases/alpha.txt" and hit.passage.id.startswith("cases/alpha.txt#")
    assert engine.ask("solar panels", doc="cases/alpha")[0].passage.doc_id == "cases/alpha.txt"
    assert (engine.index.passage_vectors[engine.index.rows["cases/alpha.txt"].passages[0]] == before).all()


def test_a_renamed_file_whose_title_came_from_its_name_is_embedded_again(settings: Settings, fake_encoder) -> None:
    (settings.corpus_dir / "ferry-notes.txt").write_text("gamma runs a ferry between two islands with 12 boats.\n")
    engine = Engine(settings, fake_encoder)
    engine.build()
    assert engine.index.documents["ferry-notes.txt"].title == "Ferry notes"  # no title line: from the name
    fake_encoder.encoded.clear()
    (settings.corpus_dir / "ferry-notes.txt").rename(settings.corpus_dir / "island-ferries.txt")
    report = engine.build()
    assert engine.index.documents["island-ferries.txt"].title == "Island ferries"
    assert report.embedded_texts > 0 and any("Island ferries" in t for t in fake_encoder.encoded)


def test_a_copy_of_an_indexed_file_is_refused_not_the_original(settings: Settings, fake_encoder) -> None:
    write_cases(settings.corpus_dir)
    engine = Engine(settings, fake_encoder)
    engine.build()
    (settings.corpus_dir / "alpha (1).txt").write_text(CASES["alpha.txt"], encoding="utf-8")  # sorts first
    report = engine.build()
    statuses = {f.doc_id: f for f in report.files}
    assert statuses["alpha.txt"].status == "unchanged"
    copy = statuses["alpha (1).txt"]
    assert copy.status == "error" and "same content as alpha.txt" in copy.reason


def test_stale_index_is_detected_and_rebuilt_automatically(settings: Settings, fake_encoder) -> None:
    write_cases(settings.corpus_dir)
    engine = Engine(settings, fake_encoder)
    refresh = engine.ensure_index()
    report, reason = refresh.report, refresh.reason
    assert report is not None and reason == "no index yet"
    assert engine.ensure_index().report is None and engine.ensure_index().reason == ""
    path = settings.corpus_dir / "alpha.txt"
    path.write_text(CASES["alpha.txt"] + "\nAlpha exports to Togo.\n")
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    refresh = engine.ensure_index()
    report, reason = refresh.report, refresh.reason
    assert report is not None and "alpha.txt" in reason
    assert [f.doc_id for f in report.files if f.status == "indexed"] == ["alpha.txt"]


def test_changed_settings_are_detected_with_the_field_named(settings: Settings, fake_encoder) -> None:
    write_cases(settings.corpus_dir)
    Engine(settings, fake_encoder).build()
    with pytest.raises(IndexMismatchError, match=r"max_words=200 \(now 90\).*caseqa index --rebuild"):
        idx.load(settings.with_(passages=PassageSettings(max_words=90)))
    with pytest.raises(IndexMismatchError, match=r"built with model 'all-MiniLM-L6-v2' but model '/x'"):
        idx.load(settings.with_(model="/x"))
    # An engine with the new settings rebuilds instead of failing.
    engine = Engine(settings.with_(passages=PassageSettings(max_words=90)), fake_encoder)
    refresh = engine.ensure_index()
    report, reason = refresh.report, refresh.reason
    assert report is not None and "max_words" in reason


def test_bad_files_are_reported_and_the_rest_is_indexed(settings: Settings, fake_encoder) -> None:
    write_cases(settings.corpus_dir)
    (settings.corpus_dir / "empty.txt").write_text("   \n")
    (settings.corpus_dir / "junk.txt").write_bytes(bytes(range(256)) * 20)
    (settings.corpus_dir / "copy.txt").write_text(CASES["alpha.txt"])
    report = Engine(settings, fake_encoder).build()
    by = {f.doc_id: f for f in report.files}
    assert by["empty.txt"].status == "error" and "empty" in by["empty.txt"].reason
    assert by["junk.txt"].status == "error" and "binary" in by["junk.txt"].reason
    dup = [by["alpha.txt"], by["copy.txt"]]
    assert sorted(f.status for f in dup) == ["error", "indexed"]
    assert "same content as" in next(f.reason for f in dup if f.status == "error")
    assert report.ok
    manifest = idx.load(settings).manifest
    assert manifest.documents["junk.txt"].status == "error"


def test_adding_a_case_extends_the_index_and_equals_a_full_build(settings: Settings, fake_encoder,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Adding one case to a big library: only it is embedded and tokenised, faiss is extended, not rebuilt."""
    from caseqa.index import build as indexer

    write_cases(settings.corpus_dir)
    engine = Engine(settings, fake_encoder)
    engine.build()
    fake_encoder.encoded.clear()
    tokenised: list[str] = []
    real_tokenise = indexer.tokenise
    monkeypatch.setattr(indexer, "tokenise",
                        lambda texts, vocab: tokenised.extend(texts) or real_tokenise(texts, vocab))

    def no_rebuild(*args, **kwargs):
        raise AssertionError("faiss was rebuilt instead of extended")

    monkeypatch.setattr(indexer.idx, "make_dense", no_rebuild)
    (settings.corpus_dir / "delta.txt").write_text("Delta Case\n\nDelta brews coffee in Quito.\n")
    report = engine.build()
    assert report.embedded_texts == len(fake_encoder.encoded) and all("Delta" in t or "Quito" in t or "coffee" in t
                                                                       for t in fake_encoder.encoded)
    assert tokenised and all("Delta" in t for t in tokenised)
    added = engine.index
    monkeypatch.undo()
    full = Engine(settings, fake_encoder)
    full.build(rebuild=True)
    rebuilt = full.index
    assert added.dense.ntotal == rebuilt.dense.ntotal == len(added.passages)
    # Rows come in another order (kept cases first), so compare passage by passage.
    row_a = {p.id: i for i, p in enumerate(added.passages)}
    row_b = {p.id: i for i, p in enumerate(rebuilt.passages)}
    assert row_a.keys() == row_b.keys()
    for question in ("coffee in Quito", "solar panels in Ghana", "scooters Jakarta"):
        a, b = added.lexical.scores(question), rebuilt.lexical.scores(question)
        assert all(a[row_a[pid]] == pytest.approx(b[row_b[pid]], abs=1e-6) for pid in row_a)
    for pid in row_a:
        assert np.array_equal(added.passage_vectors[row_a[pid]], rebuilt.passage_vectors[row_b[pid]])
