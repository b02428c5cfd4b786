"""The case library: safe names, validated atomic uploads, removal that stays inside the corpus."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from caseqa.app import library
from caseqa.config import Limits
from caseqa.errors import CorpusError
from caseqa.index.manifest import FileRecord

CASE = b"Harbor Tea\n\nOrigins\n\nHarbor Tea blends tea in Mombasa. It was founded in 2014.\n"
MAX = Limits(max_file_bytes=1_000_000)


@pytest.mark.parametrize("name", ["case.txt", "Case Study (2020).md", "café-étude_v2.markdown", "C:\\Users\\x\\a.txt"])
def test_safe_name_accepts_ordinary_names_and_drops_folders(name: str) -> None:
    assert "/" not in library.safe_name(name) and "\\" not in library.safe_name(name)
    assert library.safe_name("../../etc/notes.txt") == "notes.txt"


@pytest.mark.parametrize("name", [".hidden.txt", "", "a;rm -rf.txt", "x" * 200 + ".txt", "a\x00b.txt", "$(id).md"])
def test_safe_name_refuses_odd_names(name: str) -> None:
    with pytest.raises(CorpusError, match="not a usable file name"):
        library.safe_name(name)


def test_safe_name_lists_supported_types() -> None:
    with pytest.raises(CorpusError, match=r"unsupported file type; supported: .*\.md.*\.txt"):
        library.safe_name("slides.exe")


def test_add_file_writes_the_bytes_under_the_plain_name(corpus: Path) -> None:
    path = library.add_file(corpus, "/tmp/gradio/abc/Harbor Tea.txt", CASE, MAX, {})
    assert path == corpus / "Harbor Tea.txt" and path.read_bytes() == CASE
    assert [p.name for p in corpus.iterdir()] == ["Harbor Tea.txt"]  # no temporary file left


def test_add_file_never_overwrites(corpus: Path) -> None:
    (corpus / "harbor.txt").write_text("older case\n\nsomething else entirely.\n")
    with pytest.raises(CorpusError, match="already exists; remove it first or rename"):
        library.add_file(corpus, "harbor.txt", CASE, MAX, {})
    assert (corpus / "harbor.txt").read_text().startswith("older case")


def test_add_file_refuses_binary_content_behind_a_text_suffix(corpus: Path) -> None:
    with pytest.raises(CorpusError, match="binary"):
        library.add_file(corpus, "photo.txt", bytes(range(256)) * 20, MAX, {})
    assert list(corpus.iterdir()) == []


def test_add_file_refuses_empty_large_and_duplicate_files(corpus: Path) -> None:
    with pytest.raises(CorpusError, match="empty"):
        library.add_file(corpus, "blank.txt", b"  \n\n", MAX, {})
    with pytest.raises(CorpusError, match="over the 0 MB limit"):
        library.add_file(corpus, "big.txt", CASE, Limits(max_file_bytes=10), {})
    from caseqa.ingest.formats.decoding import sha256

    with pytest.raises(CorpusError, match=r"same content as 'old\.txt'"):
        library.add_file(corpus, "copy.txt", CASE, MAX, {sha256(CASE): "old.txt"})
    assert list(corpus.iterdir()) == []


def test_remove_file_moves_it_to_the_hidden_removed_folder(corpus: Path) -> None:
    (corpus / "sub").mkdir()
    (corpus / "sub" / "a.txt").write_bytes(CASE)
    moved = library.remove_file(corpus, "sub/a.txt")
    assert not (corpus / "sub" / "a.txt").exists()
    assert moved.read_bytes() == CASE and library.REMOVED in moved.relative_to(corpus).parts


@pytest.mark.parametrize("doc_id", ["../outside.txt", "/etc/passwd", "sub/../../outside.txt", ".removed/x.txt", ""])
def test_remove_file_refuses_paths_outside_the_corpus(corpus: Path, doc_id: str) -> None:
    (corpus.parent / "outside.txt").write_bytes(CASE)
    with pytest.raises(CorpusError, match="not a case in the library"):
        library.remove_file(corpus, doc_id)
    assert (corpus.parent / "outside.txt").exists()


def test_removing_a_link_out_of_the_corpus_moves_the_link_not_the_file(corpus: Path) -> None:
    (corpus.parent / "outside.txt").write_bytes(CASE)
    (corpus / "link.txt").symlink_to(corpus.parent / "outside.txt")
    moved = library.remove_file(corpus, "link.txt")
    assert moved.is_symlink() and not (corpus / "link.txt").exists()
    assert (corpus.parent / "outside.txt").read_bytes() == CASE


def test_cases_reads_status_passages_and_notes_from_the_manifest() -> None:
    recorded = {
        "b.txt": FileRecord.from_json({"status": "error", "passages": 0, "reason": "b.txt: looks like a binary file",
                                       "warnings": []}),
        "a.md": FileRecord.from_json({"status": "indexed", "passages": 3, "reason": "",
                                      "warnings": ["a.md: read as cp1252"]}),
    }
    assert library.cases(recorded, {"a.md": "Alpha"}) == [
        library.CaseInfo("a.md", "Alpha", "indexed", 3, "a.md: read as cp1252"),
        library.CaseInfo("b.txt", "", "error", 0, "b.txt: looks like a binary file"),
    ]


def test_write_errors_become_corpus_errors(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(library.os, "link", refuse)
    with pytest.raises(CorpusError, match=r"cannot write 'a\.txt' .*Permission denied.*writable"):
        library.add_file(corpus, "a.txt", CASE, MAX, {})
    assert list(corpus.iterdir()) == []
    (corpus / "b.txt").write_bytes(CASE)
    monkeypatch.setattr(library.os, "replace", refuse)
    with pytest.raises(CorpusError, match=r"cannot move 'b\.txt'.*writable"):
        library.remove_file(corpus, "b.txt")
    assert (corpus / "b.txt").exists()


def test_put_back_returns_the_file_to_its_place_and_leaves_no_empty_folder(corpus: Path) -> None:
    (corpus / "sub").mkdir()
    (corpus / "sub" / "a.txt").write_bytes(CASE)
    moved = library.remove_file(corpus, "sub/a.txt")
    token = library.removal_token(corpus, moved)
    assert re.fullmatch(r"\.removed/\d{8}-\d{6}/sub/a\.txt", token)
    assert library.restore_file(corpus, library.removed_path(corpus, token)) == corpus / "sub" / "a.txt"
    assert (corpus / "sub" / "a.txt").read_bytes() == CASE
    assert list((corpus / library.REMOVED).iterdir()) == []  # no empty .removed/<time>/sub/ left behind


def test_two_removals_in_the_same_second_keep_both_files(corpus: Path) -> None:
    (corpus / "a.txt").write_bytes(CASE)
    first = library.remove_file(corpus, "a.txt")
    (corpus / "a.txt").write_bytes(CASE + b"v2\n")
    second = library.remove_file(corpus, "a.txt")
    assert first != second and first.name == second.name == "a.txt"  # the folder differs, never the name
    assert library.restore_file(corpus, second).read_bytes() == CASE + b"v2\n"
    assert first.read_bytes() == CASE


@pytest.mark.parametrize("token", [
    "sub/deeper/renamed.sh",  # the attack the tester used: a rename into a new folder
    ".removed/20240101-120000/sub/deeper/renamed.sh",
    ".removed/20240101-120000/../../outside.txt",
    ".removed/not-a-time/a.txt",
    ".removed/a.txt",
    "a.txt",
    "/etc/passwd",
])
def test_a_forged_put_back_token_cannot_rename_or_move_a_file(corpus: Path, token: str) -> None:
    (corpus / "a.txt").write_bytes(CASE)
    moved = library.remove_file(corpus, "a.txt")
    with pytest.raises(CorpusError):
        library.restore_file(corpus, library.removed_path(corpus, token))
    assert moved.read_bytes() == CASE  # untouched
    assert sorted(p.name for p in corpus.iterdir()) == [library.REMOVED]


def test_a_token_naming_another_place_finds_nothing_to_put_back(corpus: Path) -> None:
    (corpus / "a.txt").write_bytes(CASE)
    moved = library.remove_file(corpus, "a.txt")
    forged = library.removal_token(corpus, moved).replace("a.txt", "b.txt")
    with pytest.raises(CorpusError, match=r"'b\.txt' is no longer in \.removed/"):
        library.restore_file(corpus, library.removed_path(corpus, forged))
    assert not (corpus / "b.txt").exists() and moved.exists()


def test_removing_a_symlinked_duplicate_removes_the_link_not_the_case(corpus: Path) -> None:
    (corpus / "real.txt").write_bytes(CASE)
    (corpus / "alias.txt").symlink_to("real.txt")
    moved = library.remove_file(corpus, "alias.txt")
    assert moved.is_symlink() and (corpus / "real.txt").read_bytes() == CASE
    assert not (corpus / "alias.txt").is_symlink()
    back = library.restore_file(corpus, moved)  # a relative link works again once back in place
    assert back.is_symlink() and back.read_bytes() == CASE
