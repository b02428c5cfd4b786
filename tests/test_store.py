"""Atomic generations: a failure while saving leaves the previous index loadable; checksums catch damage."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from caseqa.app.engine import Engine
from caseqa.config import Settings
from caseqa.errors import IndexCorruptError, IndexLockedError, IndexNotFoundError, IndexWriteError
from caseqa.index import model as idx
from caseqa.index import store


def build(settings: Settings, fake_encoder, text: str = "Acme sells tea in Kenya.") -> Engine:
    (settings.corpus_dir / "tea.txt").write_text(f"Tea Case\n\n{text}\n")
    engine = Engine(settings, fake_encoder)
    engine.build()
    return engine


def test_failure_during_save_keeps_the_old_index(settings: Settings, fake_encoder, monkeypatch) -> None:
    build(settings, fake_encoder)
    before = idx.load(settings)
    (settings.corpus_dir / "tea.txt").write_text("Tea Case\n\nAcme now sells coffee in Peru.\n")

    def broken_save(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(np, "save", broken_save)
    with pytest.raises(IndexWriteError, match=r"cannot write to the index folder .* \(disk full\)"):
        Engine(settings, fake_encoder).build()
    monkeypatch.undo()
    after = idx.load(settings)
    assert after.manifest.generation == before.manifest.generation
    assert "Kenya" in after.passages[0].text
    assert not [p for p in settings.index_dir.iterdir() if p.name.startswith(".tmp-")]


def test_failure_inside_faiss_write_keeps_the_old_index(settings: Settings, fake_encoder, monkeypatch) -> None:
    build(settings, fake_encoder)
    generation = store.current(settings.index_dir).name
    import faiss

    def broken(index, *args):
        raise RuntimeError("killed mid-write")

    monkeypatch.setattr(faiss, "serialize_index", broken)
    (settings.corpus_dir / "tea.txt").write_text("Tea Case\n\nChanged text about coffee.\n")
    with pytest.raises(RuntimeError):
        Engine(settings, fake_encoder).build()
    monkeypatch.undo()
    assert store.current(settings.index_dir).name == generation
    assert idx.load(settings).passages


def test_new_generation_replaces_old_and_old_ones_are_collected(settings: Settings, fake_encoder) -> None:
    for i in range(4):
        build(settings, fake_encoder, f"Version {i} of the tea story in Kenya.")
    gens = sorted(p.name for p in settings.index_dir.iterdir() if p.name.startswith("gen-"))
    assert gens == ["gen-000003", "gen-000004"]  # the live one and the one before
    assert (settings.index_dir / "CURRENT").read_text().strip() == "gen-000004"


@pytest.mark.parametrize("name", [idx.SENTENCE_VECTORS, idx.DENSE, "bm25/data.npy"])
def test_corrupted_file_is_detected_by_checksum(settings: Settings, fake_encoder, name: str) -> None:
    """The files loading maps rather than reads are still checked, byte for byte, before they are mapped."""
    build(settings, fake_encoder)
    folder = store.current(settings.index_dir)
    target = folder / name
    data = bytearray(target.read_bytes())
    data[-1] ^= 0xFF
    target.write_bytes(bytes(data))
    with pytest.raises(IndexCorruptError, match=rf"{re.escape(name)} is corrupted.*caseqa index --rebuild"):
        idx.load(settings)


def test_truncated_or_missing_file_is_detected(settings: Settings, fake_encoder) -> None:
    build(settings, fake_encoder)
    folder = store.current(settings.index_dir)
    (folder / idx.PASSAGES).write_text("")
    with pytest.raises(IndexCorruptError, match=r"passages\.jsonl is corrupted"):
        idx.load(settings)
    (folder / idx.DENSE).unlink()
    with pytest.raises(IndexCorruptError, match=r"dense\.faiss is missing"):
        idx.load(settings)


def test_missing_index_says_what_to_run(settings: Settings) -> None:
    with pytest.raises(IndexNotFoundError, match="build it with `caseqa index`"):
        idx.load(settings)


def test_second_writer_is_refused_while_the_lock_is_held(tmp_path: Path) -> None:
    with (
        store.locked(tmp_path),
        pytest.raises(IndexLockedError, match="another `caseqa index` is writing"),
        store.locked(tmp_path, wait=0.3),
    ):
        pass
    with store.locked(tmp_path):  # released
        pass
