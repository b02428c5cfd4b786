"""Never lose the index: SIGKILL at any moment, two writers at once, damaged files caught on load."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from caseqa.app.cli import main
from caseqa.app.engine import Engine
from caseqa.config import INDEX_FORMAT_VERSION, Settings
from caseqa.errors import IndexCorruptError, IndexMismatchError
from caseqa.index import model as idx
from caseqa.index import store
from conftest import ROOT
from fakes import HashingEncoder

WORKER = Path(__file__).resolve().parent / "index_worker.py"
# One thread per library: the kill loop forks, and forking is only safe without helper threads.
CHILD_ENV = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
             "PYTHONPATH": str(ROOT / "src")}


def run_cli(args: list[str]) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(args, encoder=HashingEncoder(), stdout=out, stderr=err)
    return code, err.getvalue()


def test_sigkill_at_random_moments_and_at_every_step_leaves_a_loadable_index(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    proc = subprocess.run([sys.executable, str(WORKER), "kill-loop", str(corpus), str(tmp_path / "index"), "8", "7"],
                          capture_output=True, text=True, timeout=300, env=CHILD_ENV)
    assert proc.returncode == 0, proc.stderr
    rows = [json.loads(line) for line in proc.stdout.splitlines()]
    failures = [row for row in rows if not row["ok"]]
    assert not failures, failures
    random_kills = [row for row in rows if row["kind"] == "random"]
    steps = [row for row in rows if row["kind"] == "step"]
    assert len(random_kills) == 8 and len(steps) > 20
    assert sum(row["killed"] for row in steps) >= len(steps) - 3
    # Kills before the switch leave the old generation live, later ones the new one: both happened.
    assert any(row["generation"] == row["before"] for row in steps)
    assert any(row["generation"] != row["before"] for row in steps)
    final = rows[-1]
    assert final["kind"] == "final" and final["ok"]
    assert len(final["folders"]) <= 2 and all(name.startswith("gen-") for name in final["folders"])


HOLDER = """
import sys
from pathlib import Path
from caseqa.index import store
with store.locked(Path(sys.argv[1])):
    print("locked", flush=True)
    sys.stdin.read()
"""


def test_a_second_index_run_refuses_then_waits_for_the_lock_of_another_process(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "tea.txt").write_text("Tea Case\n\nAcme sells green tea in Kenya.\n")
    folders = ["--corpus", str(corpus), "--index", str(tmp_path / "index"), "--quiet"]
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(tmp_path / "index")], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True, env=CHILD_ENV)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        code, err = run_cli(["index", *folders])
        assert code == 1
        assert "another `caseqa index` is writing" in err and "--wait SECONDS" in err
        # It refuses before loading the model, which takes many seconds.
        import caseqa.app.engine

        def no_model(*args, **kwargs):
            raise AssertionError("the model was loaded although the index is locked")

        monkeypatch.setattr(caseqa.app.engine, "SentenceTransformerEncoder", no_model)
        err_io = io.StringIO()
        assert main(["index", *folders], stdout=io.StringIO(), stderr=err_io) == 1
        assert "another `caseqa index` is writing" in err_io.getvalue()
        monkeypatch.undo()
        assert holder.stdin is not None
        release = threading.Timer(1.0, holder.stdin.close)
        release.start()
        started = time.monotonic()
        code, err = run_cli(["index", *folders, "--wait", "60"])
        assert code == 0, err
        assert time.monotonic() - started >= 0.9
    finally:
        holder.kill()
        holder.wait()
    assert idx.load(Settings(corpus_dir=corpus, index_dir=tmp_path / "index")).passages


def test_two_index_runs_at_once_both_finish(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for n in range(6):
        (corpus / f"case{n}.txt").write_text(f"Case {n}\n\nCompany {n} sells tea in town number {n}.\n")
    args = [sys.executable, str(WORKER), "cli", "index", "--corpus", str(corpus), "--index", str(tmp_path / "index"),
            "--quiet", "--wait", "60"]
    runs = [subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=CHILD_ENV)
            for _ in range(2)]
    results = [(run.wait(timeout=120), run.stderr.read()) for run in runs if run.stderr is not None]
    assert [code for code, _ in results] == [0, 0], results
    assert sorted(err.split("gen-")[1][:6] for _, err in results) == ["000001", "000002"]
    index = idx.load(Settings(corpus_dir=corpus, index_dir=tmp_path / "index"))
    assert len(index.documents) == 6


# --- damage caught on load ---------------------------------------------------------------------

@pytest.fixture
def built(settings: Settings) -> Settings:
    (settings.corpus_dir / "tea.txt").write_text("Tea Case\n\nAcme sells green tea in Kenya. Prices rose.\n")
    (settings.corpus_dir / "bikes.md").write_text("# Bike Case\n\nVelo builds bicycles in Lyon.\n")
    Engine(settings, HashingEncoder()).build()
    return settings


def generation_files(settings: Settings) -> list[str]:
    folder = store.current(settings.index_dir)
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def test_every_file_of_a_generation_is_covered_by_a_checksum(built: Settings) -> None:
    folder = store.current(built.index_dir)
    manifest = store.read_manifest(folder)
    assert set(manifest["files"]) | {store.MANIFEST, store.MANIFEST_DIGEST} == set(generation_files(built))


@pytest.mark.parametrize("damage", ["flip", "truncate"])
def test_damage_to_any_index_file_is_caught_on_load_and_rebuilt(built: Settings, damage: str) -> None:
    folder = store.current(built.index_dir)
    for rel in generation_files(built):
        path = folder / rel
        original = path.read_bytes()
        if damage == "flip":
            data = bytearray(original)
            data[len(data) // 2] ^= 0x01
            path.write_bytes(bytes(data))
        else:
            path.write_bytes(original[: len(original) // 2])
        # Damage to the manifest's own checksum shows as a mismatch of the manifest.
        named = store.MANIFEST if rel == store.MANIFEST_DIGEST else rel
        with pytest.raises(IndexCorruptError, match=rf"{re.escape(named)}.*caseqa index --rebuild"):
            idx.load(built)
        path.write_bytes(original)
    idx.load(built)  # restored: loads again


def test_a_damaged_index_is_rebuilt_by_the_next_run_and_never_served_empty(built: Settings) -> None:
    folder = store.current(built.index_dir)
    (folder / idx.PASSAGES).write_text("")
    engine = Engine(built, HashingEncoder())
    refresh = engine.ensure_index()
    report, reason = refresh.report, refresh.reason
    assert report is not None and "passages.jsonl is corrupted" in reason
    assert {f.status for f in report.files} == {"indexed"}  # nothing reused from the damaged index
    assert engine.ask("Who builds bicycles?")[0].passage.doc_id == "bikes.md"


def test_a_pointer_to_a_missing_generation_says_what_to_run(built: Settings) -> None:
    (built.index_dir / store.POINTER).write_text("gen-000099\n")
    with pytest.raises(IndexCorruptError, match=r"names 'gen-000099', which is not a complete index generation.*"
                                                 r"caseqa index --rebuild"):
        idx.load(built)


def test_an_index_from_before_manifest_checksums_asks_for_a_rebuild(built: Settings) -> None:
    folder = store.current(built.index_dir)
    (folder / store.MANIFEST_DIGEST).unlink()
    with pytest.raises(IndexCorruptError, match=r"manifest\.sha256 is missing; rebuild"):
        idx.load(built)
    manifest = json.loads((folder / store.MANIFEST).read_text())
    (folder / store.MANIFEST).write_text(json.dumps({**manifest, "format_version": 1}))
    with pytest.raises(IndexMismatchError,
                       match=rf"index format version 1, this caseqa reads version {INDEX_FORMAT_VERSION}; rebuild"):
        idx.load(built)
