"""Faults that must not spread: a bad link, a failed rebuild, a full disk or a bad value costs one line, not the run."""

from __future__ import annotations

import errno
import io
import os
import time
from pathlib import Path

import numpy as np
import pytest

from caseqa.app.cli import main
from caseqa.app.engine import Engine
from caseqa.config import Settings
from caseqa.errors import CorpusError, IndexWriteError, QueryError
from caseqa.index import model as idx
from caseqa.index import store
from caseqa.ingest.corpus import discover
from caseqa.web import handlers as ui
from conftest import DATA
from fakes import HashingEncoder

TEA = "Tea Case\n\nMarkets\n\nAcme sells green tea in Kenya. Prices rose by 10% in 2019.\n"
BIKES = "# Bike Case\n\nVelo builds bicycles in Lyon with 40 staff.\n"


def run(args: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(args, encoder=HashingEncoder(), stdout=out, stderr=err, stdin=io.StringIO(""))
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def engine(settings: Settings, fake_encoder) -> Engine:
    (settings.corpus_dir / "tea.txt").write_text(TEA)
    (settings.corpus_dir / "bikes.md").write_text(BIKES)
    engine = Engine(settings, fake_encoder)
    engine.build()
    return engine


def disk_full(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every array written into an index generation fails as on a full disk."""

    def no_space(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(np, "save", no_space)


def folders(settings: Settings) -> list[str]:
    return ["--corpus", str(settings.corpus_dir), "--index", str(settings.index_dir)]


# --- one bad link -------------------------------------------------------------------------------

def test_a_symlink_loop_is_refused_with_one_line_and_the_rest_is_indexed(settings: Settings) -> None:
    corpus = settings.corpus_dir
    (corpus / "tea.txt").write_text(TEA)
    (corpus / "a.txt").symlink_to("b.txt")
    (corpus / "b.txt").symlink_to("a.txt")
    code, _, err = run(["index", *folders(settings), "--quiet"])
    assert code == 0, err
    for name in ("a.txt", "b.txt"):
        lines = [line for line in err.splitlines() if f" {name}:" in line]
        assert len(lines) == 1 and "a symbolic link that loops back on itself" in lines[0], err
    assert "Traceback" not in err and "RuntimeError" not in err
    assert set(idx.load(settings).documents) == {"tea.txt"}
    code, out, err = run(["ask", "Where is green tea sold?", "--json", *folders(settings)])
    assert code == 0 and '"doc": "tea.txt"' in out


def test_a_folder_that_cannot_be_read_is_reported_not_skipped_silently(corpus: Path, monkeypatch) -> None:
    (corpus / "open").mkdir()
    (corpus / "open" / "a.txt").write_text(TEA)
    (corpus / "locked").mkdir()
    (corpus / "locked" / "b.txt").write_text(BIKES)
    real_scandir = os.scandir

    def scandir(path=".", *args):  # tests run as root, which chmod cannot lock out
        if Path(path).name == "locked":
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_scandir(path, *args)

    monkeypatch.setattr(os, "scandir", scandir)
    files, skipped = discover(corpus)
    assert [f.doc_id for f in files] == ["open/a.txt"]
    assert skipped == [("locked/", "locked/: a folder that cannot be read (Permission denied); its files are not "
                                   "indexed: check its permissions")]


# --- a failed rebuild is undone -----------------------------------------------------------------

def test_removing_a_case_while_the_index_is_locked_puts_the_file_back(engine: Engine) -> None:
    corpus = engine.settings.corpus_dir
    with store.locked(engine.settings.index_dir), pytest.raises(
            CorpusError, match=r"bikes\.md was not removed: another `caseqa index` is writing"):
        engine.remove_case("bikes.md", wait=0)
    assert (corpus / "bikes.md").read_text() == BIKES
    assert not (corpus / ".removed").exists() or not any((corpus / ".removed").rglob("*"))
    assert "bikes.md" in {c.doc_id for c in engine.cases()}
    assert engine.ask("Who builds bicycles in Lyon?", k=1, doc="bikes.md")[0].passage.doc_id == "bikes.md"
    engine.remove_case("bikes.md")  # and it can be removed once the lock is free
    assert "bikes.md" not in {c.doc_id for c in engine.cases()}


def test_removing_a_case_on_a_full_disk_puts_the_file_back(engine: Engine, monkeypatch) -> None:
    disk_full(monkeypatch)
    with pytest.raises(CorpusError, match=r"bikes\.md was not removed: no space left on the disk holding"):
        engine.remove_case("bikes.md")
    assert (engine.settings.corpus_dir / "bikes.md").exists()
    assert "bikes.md" in {c.doc_id for c in engine.cases()}


def test_putting_back_on_a_full_disk_leaves_the_file_removed_and_restorable(engine: Engine, monkeypatch) -> None:
    removed = ui.remove_case(engine, "bikes.md")
    disk_full(monkeypatch)
    with pytest.raises(CorpusError, match=r"bikes\.md was not put back: no space left"):
        ui.restore_case(engine, removed.token)
    assert not (engine.settings.corpus_dir / "bikes.md").exists()
    monkeypatch.undo()
    assert ui.restore_case(engine, removed.token) == "Put bikes.md back: searchable again."


def test_removing_a_symlinked_duplicate_removes_the_link_and_keeps_the_case(engine: Engine) -> None:
    corpus = engine.settings.corpus_dir
    (corpus / "a-alias.txt").symlink_to("tea.txt")
    engine.build()
    statuses = {c.doc_id: c.status for c in engine.cases()}
    assert statuses["a-alias.txt"] == "error" and statuses["tea.txt"] == "indexed"  # the link is the copy
    ui.remove_case(engine, "a-alias.txt")
    assert not (corpus / "a-alias.txt").is_symlink()
    assert (corpus / "tea.txt").read_text() == TEA
    assert engine.ask("green tea in Kenya", k=1)[0].passage.doc_id == "tea.txt"


# --- a full disk --------------------------------------------------------------------------------

def test_a_full_disk_during_an_upload_refuses_it_in_one_line_and_keeps_answering(
        engine: Engine, tmp_path: Path, monkeypatch) -> None:
    generation = store.current(engine.settings.index_dir).name
    upload = tmp_path / "upload" / "ferries.md"
    upload.parent.mkdir()
    upload.write_text("# Ferry Case\n\nGamma runs a ferry between two islands with 12 boats.\n")
    disk_full(monkeypatch)
    with pytest.raises(IndexWriteError) as caught:
        ui.add_case(engine, str(upload), uploads=tmp_path)
    message = str(caught.value)
    assert message.startswith("no space left on the disk holding") and "\n" not in message
    assert "the previous index is kept" in message
    assert not (engine.settings.corpus_dir / "ferries.md").exists()  # the upload is taken out again
    assert not upload.exists()  # and the temporary upload deleted
    assert store.current(engine.settings.index_dir).name == generation
    assert not [p for p in engine.settings.index_dir.iterdir() if p.name.startswith((".tmp-", "gen-")) and
                p.name != generation and p.name != "gen-000000"]
    assert engine.ask("green tea in Kenya", k=1)[0].passage.doc_id == "tea.txt"


def test_asking_on_a_full_disk_answers_from_the_previous_generation(settings: Settings, monkeypatch) -> None:
    (settings.corpus_dir / "tea.txt").write_text(TEA)
    assert run(["index", *folders(settings), "--quiet"])[0] == 0
    (settings.corpus_dir / "bikes.md").write_text(BIKES)  # the corpus changed: ask wants a rebuild
    disk_full(monkeypatch)
    for _ in range(2):  # every later ask too: no crash, no traceback
        code, out, err = run(["ask", "Where is green tea sold?", "--json", *folders(settings)])
        assert code == 0, err
        assert '"doc": "tea.txt"' in out
        warning = [line for line in err.splitlines() if "warning" in line]
        assert len(warning) == 1 and "no space left on the disk holding" in warning[0]
        assert "answering from gen-000001" in warning[0] and "Traceback" not in err


# --- content that is not what its name says ---------------------------------------------------

def test_a_pdf_named_txt_is_refused_by_its_content(settings: Settings, fake_encoder, tmp_path: Path) -> None:
    pdf = (DATA / "case.pdf").read_bytes()
    (settings.corpus_dir / "tea.txt").write_text(TEA)
    (settings.corpus_dir / "report.txt").write_bytes(pdf)
    engine = Engine(settings, fake_encoder)
    report = engine.build()
    status = next(f for f in report.files if f.doc_id == "report.txt")
    assert status.status == "error"
    assert status.reason == "report.txt: the file is a PDF, not txt text; rename it to .pdf"
    upload = tmp_path / "notes.md"
    upload.write_bytes(b"\n" + pdf)
    with pytest.raises(CorpusError, match=r"notes\.md: the file is a PDF, not md text; rename it to \.pdf"):
        ui.add_case(engine, str(upload), uploads=tmp_path)


def test_a_refused_copy_never_makes_the_real_file_a_second_copy(settings: Settings, fake_encoder) -> None:
    """A PDF renamed .txt beside the real PDF: the misnamed one is refused, the real one indexed."""
    pdf = (DATA / "case.pdf").read_bytes()
    (settings.corpus_dir / "aa-copy.txt").write_bytes(pdf)  # read first: names sort before the PDF's
    (settings.corpus_dir / "zz-case.pdf").write_bytes(pdf)
    report = Engine(settings, fake_encoder).build()
    by = {f.doc_id: f for f in report.files}
    assert by["aa-copy.txt"].status == "error" and "the file is a PDF" in by["aa-copy.txt"].reason
    assert by["zz-case.pdf"].status == "indexed", by["zz-case.pdf"].reason


# --- clear errors for bad values -------------------------------------------------------------

@pytest.mark.parametrize("k", ["abc", float("nan"), float("inf"), [], {}, True])
def test_a_k_that_is_not_a_number_gets_a_clear_error(engine: Engine, k: object) -> None:
    with pytest.raises(QueryError, match=r"k \(the number of passages\) must be a whole number from 1 to 10"):
        ui.ask_json(engine, "Where is tea sold?", k)
    with pytest.raises(QueryError, match="must be a whole number"):
        ui.ask_api(engine, "Where is tea sold?", k)


def test_k_as_text_or_float_is_read_and_the_api_refuses_what_the_slider_clamps(engine: Engine) -> None:
    assert ui.parse_k("3") == 3 and ui.parse_k(2.0) == 2 and ui.parse_k(None) == 5
    assert ui.parse_k(0) == 1 and ui.parse_k(99) == ui.MAX_K  # the slider's range
    for k in (0, 11, 2.5, "-1"):
        with pytest.raises(QueryError, match="whole number from 1 to 10"):
            ui.parse_k(k, clamp=False)


def test_a_huge_essay_is_refused_at_once_with_the_limit(engine: Engine, tmp_path: Path) -> None:
    essay = "Acme sells green tea in Kenya and prices rose. " * 110_000  # 5 MB
    started = time.perf_counter()
    with pytest.raises(QueryError, match=r"the text is 5,170,000 characters long; at most 100,000 .* split it"):
        ui.check(engine, essay, ui.ALL_CASES, tmp_path)
    with pytest.raises(QueryError, match="at most 100,000"):
        ui.check_api(engine, essay)
    assert time.perf_counter() - started < 1.0


def test_an_index_path_that_is_a_file_is_named_in_one_line(settings: Settings, tmp_path: Path) -> None:
    (settings.corpus_dir / "tea.txt").write_text(TEA)
    index_file = tmp_path / "index.txt"
    index_file.write_text("not a folder")
    for command in (["index", "--quiet"], ["ask", "Where is tea sold?"]):
        code, _, err = run([*command, "--corpus", str(settings.corpus_dir), "--index", str(index_file)])
        assert code == 1
        assert err.strip().splitlines()[-1] == (f"caseqa: error: the index path {str(index_file)!r} is a file, not a "
                                                "folder; pass a folder with --index (it is created if missing)")
        assert "Traceback" not in err


def test_an_index_folder_that_cannot_be_written_is_named_in_one_line(settings: Settings) -> None:
    unwritable = Path("/sys/kernel/caseqa-index")  # /sys refuses new folders even to root
    if not unwritable.parent.is_dir():
        pytest.skip("no /sys/kernel here")
    (settings.corpus_dir / "tea.txt").write_text(TEA)
    code, _, err = run(["index", "--quiet", "--corpus", str(settings.corpus_dir), "--index", str(unwritable)])
    assert code == 1 and "Traceback" not in err
    assert err.strip().splitlines()[-1].startswith(f"caseqa: error: cannot write to the index folder "
                                                   f"{str(unwritable)!r} (")
    assert "pass another folder with --index" in err
