"""Hostile and broken input: each file is reported on one line and recorded; every other file is indexed."""

from __future__ import annotations

import codecs
import io
import json
import os
import random
import re
import zipfile
import zlib
from pathlib import Path

import pytest

from caseqa.app.cli import main
from caseqa.app.engine import Engine
from caseqa.config import Limits, Settings
from caseqa.errors import CorpusError
from caseqa.index import model as idx
from caseqa.ingest.corpus import discover, printable
from caseqa.ingest.formats import docx as docx_format
from caseqa.ingest.formats.decoding import check_text
from caseqa.types import IndexReport
from conftest import DATA
from fakes import HashingEncoder
from pdfmaker import pdf_bytes

GOOD = "Tea Case\n\nAcme sells green tea in Kenya. Prices rose by 10% in 2019.\n"


def _bomb_stream(megabytes: int) -> bytes:
    """A FlateDecode stream a few hundred KB long that inflates to ``megabytes`` MB of spaces."""
    packer = zlib.compressobj(9)
    block = b" " * (1 << 20)
    return b"".join([*(packer.compress(block) for _ in range(megabytes)), packer.flush()])


def _zip_bomb_docx() -> bytes:
    """A .docx whose document.xml inflates from ~100 KB to 100 MB."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w") as part:
            block = b" " * (1 << 20)
            for _ in range(100):
                part.write(block)
    return out.getvalue()


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:body><w:p><w:r><w:t>&lol4;</w:t></w:r></w:p></w:body></w:document>"""


def _entity_bomb_docx() -> bytes:
    """A real .docx with its document.xml swapped for the billion laughs."""
    source = zipfile.ZipFile(io.BytesIO((DATA / "case.docx").read_bytes()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            data = BILLION_LAUGHS if info.filename == "word/document.xml" else source.read(info)
            archive.writestr(info.filename, data)
    return out.getvalue()


# name -> (how to make it, expected status, a regex the one reported line must match)
HOSTILE: dict[str, tuple] = {
    "empty.txt": (lambda p: p.write_bytes(b""), "error", r"empty\.txt: the file is empty.*add text or remove it"),
    "blank.txt": (lambda p: p.write_bytes(b" \n\t\n  \n"), "error", r"blank\.txt: the file is empty"),
    "junk.txt": (lambda p: p.write_bytes(random.Random(5).randbytes(20_000)), "error",
                 r"junk\.txt: looks like a binary file.*convert it"),
    "huge.txt": (lambda p: _sparse(p, 200 * 1024 * 1024), "error",
                 r"huge\.txt: 209\.7 MB is over the 50 MB limit; split the case"),
    "one-line.txt": (lambda p: p.write_bytes(b"word " * 10_000_000), "error",
                     r"one-line\.txt: line 1 is 50,000,000 characters long \(limit 100,000\).*break the text"),
    "truncated.pdf": (lambda p: p.write_bytes((DATA / "case.pdf").read_bytes()[:1500]), "error",
                      r"truncated\.pdf: cannot be read as a PDF.*truncated or damaged"),
    "renamed.pdf": (lambda p: p.write_bytes(b"Minutes of the board meeting, not a PDF.\n"), "error",
                    r"renamed\.pdf: not a PDF \(no %PDF- header\).*give it its real extension"),
    "bomb.pdf": (lambda p: p.write_bytes(pdf_bytes([], raw_streams=[_bomb_stream(100)])), "error",
                 r"bomb\.pdf: the PDF expands beyond safe limits.*decompression bomb"),
    "scanned.pdf": (lambda p: p.write_bytes((DATA / "scanned.pdf").read_bytes()), "error",
                    r"scanned\.pdf: no extractable text.*OCR it first"),
    "encrypted.pdf": (lambda p: p.write_bytes((DATA / "encrypted.pdf").read_bytes()), "error",
                      r"encrypted\.pdf: the PDF is encrypted"),
    "zipbomb.docx": (lambda p: p.write_bytes(_zip_bomb_docx()), "error",
                     r"zipbomb\.docx: part 'word/document\.xml' expands [\d,]+ times.*zip bombs"),
    "entities.docx": (lambda p: p.write_bytes(_entity_bomb_docx()), "error",
                      r"entities\.docx: part 'word/document\.xml' declares XML entities"),
    "notzip.docx": (lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0 an old Word file"), "error",
                    r"notzip\.docx: not a valid \.docx \(not a zip package\)"),
    "outside.txt": (lambda p: p.symlink_to(_outside_file(p)), "skipped",
                    r"outside\.txt: a link to .*secret\.txt, outside the corpus folder; copy the file"),
    "pipe.txt": (lambda p: os.mkfifo(p), "skipped", r"pipe\.txt: not a regular file"),
    "copy.txt": (lambda p: p.write_text(GOOD), "error", r"copy\.txt: same content as a-good\.txt; remove one"),
    "cover.jpg": (lambda p: p.write_bytes(b"\xff\xd8\xff"), "skipped", r"cover\.jpg: unsupported file type '\.jpg'"),
}

# Read fine, possibly with a warning.
SURVIVORS: dict[str, tuple] = {
    "utf16-bom.txt": (lambda p: p.write_bytes("Tea Memo\n\nCafé sales in Nairobi.\n".encode("utf-16")), None),
    "utf16-nobom.txt": (lambda p: p.write_bytes("Tea Memo\n\nCafé sales in Mombasa.\n".encode("utf-16-le")), None),
    "cp1252.txt": (lambda p: p.write_bytes("Tea Memo\n\nCafé “déjà vu” – 5 €.\n".encode("cp1252")),
                   r"cp1252\.txt: not valid UTF-8; read as cp1252"),
    "deep.html": (lambda p: p.write_bytes(b"<div>" * 50_000 + b"<p>Deep tea text.</p>" + b"</div>" * 50_000),
                  r"deep\.html: elements nested more than 256 deep"),
    "new\nline.txt": (lambda p: p.write_text("Memo\n\nA file name with a newline, about tea.\n"), None),
}
NON_UTF8_NAME = b"caf\xe9-menu.txt"


def _sparse(path: Path, size: int) -> None:
    with path.open("wb") as fh:
        fh.truncate(size)


def _outside_file(link: Path) -> Path:
    target = link.parent.parent / "elsewhere" / "secret.txt"
    target.parent.mkdir(exist_ok=True)
    target.write_text("Not part of the corpus.\n")
    return target


def make_corpus(corpus: Path) -> None:
    (corpus / "a-good.txt").write_text(GOOD)
    (corpus / "b-good.md").write_text("# Bike Case\n\nVelo builds bicycles in Lyon with 40 staff.\n")
    for name, (make, *_) in {**HOSTILE, **SURVIVORS}.items():
        make(corpus / name)
    with open(os.path.join(os.fsencode(corpus), NON_UTF8_NAME), "wb") as fh:
        fh.write("Menu\n\nThe café sells Acme tea by the cup.\n".encode())


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Settings, int, str, str, IndexReport]:
    """One `caseqa index` over a corpus holding every hostile file (built once: it is the slow part)."""
    base = tmp_path_factory.mktemp("hostile")
    corpus = base / "corpus"
    corpus.mkdir()
    make_corpus(corpus)
    settings = Settings(corpus_dir=corpus, index_dir=base / "index")
    out, err = io.StringIO(), io.StringIO()
    code = main(["index", "--corpus", str(corpus), "--index", str(settings.index_dir), "--quiet"],
                encoder=HashingEncoder(), stdout=out, stderr=err)
    report = Engine(settings, HashingEncoder()).build()  # again, in-process, to inspect the report
    return settings, code, out.getvalue(), err.getvalue(), report


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_each_problem_file_is_reported_on_one_line_and_recorded(hostile_run, name: str) -> None:
    settings, _, _, err, report = hostile_run
    _, status, reason = HOSTILE[name]
    lines = [line for line in err.splitlines() if line.split()[:1] in (["error"], ["skipped"])
             and line.split(maxsplit=1)[1].startswith(printable(name) + ":")]
    assert len(lines) == 1, err
    assert re.search(reason, lines[0]), lines[0]
    assert lines[0].split()[0] == status
    entry = idx.load(settings).manifest.documents[printable(name)]
    assert entry.status == status and re.search(reason, entry.reason)
    by_id = {f.doc_id: f for f in report.files}
    assert by_id[printable(name)].status == status


def test_everything_else_is_indexed_and_the_run_succeeds(hostile_run) -> None:
    settings, code, _, err, _ = hostile_run
    assert code == 0
    index = idx.load(settings)
    expected = {"a-good.txt", "b-good.md", *map(printable, SURVIVORS), "caf\\xe9-menu.txt"}
    assert set(index.documents) == expected
    manifest = index.manifest.documents
    assert all(manifest[d].status == "indexed" for d in expected)
    for name, (_, warning) in SURVIVORS.items():
        warnings = manifest[printable(name)].warnings
        assert (re.search(warning, " ".join(warnings)) is not None) if warning else warnings == ()
    problem_lines = [line for line in err.splitlines() if line.split()[:1] in (["error"], ["skipped"])]
    assert len(problem_lines) == len(HOSTILE)
    errors = sum(status == "error" for _, status, _ in HOSTILE.values())
    assert f"{errors} file(s) could not be indexed" in err  # the "skipped" ones are not counted


def test_text_in_other_encodings_is_decoded(hostile_run) -> None:
    settings, *_ = hostile_run
    docs = idx.load(settings).documents
    assert "Café sales in Nairobi." in docs["utf16-bom.txt"].text
    assert "Café sales in Mombasa." in docs["utf16-nobom.txt"].text
    assert "Café “déjà vu” – 5 €." in docs["cp1252.txt"].text
    assert docs["deep.html"].text == "Deep tea text."


def test_odd_file_names_work_in_json_and_the_manifest(hostile_run) -> None:
    settings, *_ = hostile_run
    manifest_text = (idx.load(settings).folder / "manifest.json").read_bytes().decode("utf-8")  # strict
    assert '"new\\\\nline.txt"' in manifest_text and '"caf\\\\xe9-menu.txt"' in manifest_text
    out, err = io.StringIO(), io.StringIO()
    code = main(["ask", "Which café sells tea by the cup?", "--json", "--k", "10", "--corpus",
                 str(settings.corpus_dir), "--index", str(settings.index_dir)],
                encoder=HashingEncoder(), stdout=out, stderr=err)
    assert code == 0, err
    out.getvalue().encode("utf-8")  # no lone surrogates: printable on any UTF-8 stdout
    docs = {hit["doc"] for hit in json.loads(out.getvalue())["hits"]}
    assert "caf\\xe9-menu.txt" in docs and "new\\nline.txt" in docs


def test_nothing_indexable_exits_1_with_a_line_per_file(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("empty.txt", "renamed.pdf", "notzip.docx", "cover.jpg"):
        HOSTILE[name][0](corpus / name)
    out, err = io.StringIO(), io.StringIO()
    code = main(["index", "--corpus", str(corpus), "--index", str(tmp_path / "index"), "--quiet"],
                encoder=HashingEncoder(), stdout=out, stderr=err)
    assert code == 1
    lines = err.getvalue().splitlines()
    assert len([line for line in lines if line.startswith(("  error", "  skipped"))]) == 4
    assert "nothing could be indexed" in err.getvalue()
    manifest = idx.load(Settings(corpus_dir=corpus, index_dir=tmp_path / "index")).manifest
    assert {d: e.status for d, e in manifest.documents.items()} == {
        "empty.txt": "error", "renamed.pdf": "error", "notzip.docx": "error", "cover.jpg": "skipped"}


def test_an_empty_corpus_exits_1(tmp_path: Path) -> None:
    (tmp_path / "corpus").mkdir()
    out, err = io.StringIO(), io.StringIO()
    code = main(["index", "--corpus", str(tmp_path / "corpus"), "--index", str(tmp_path / "index"), "--quiet"],
                encoder=HashingEncoder(), stdout=out, stderr=err)
    assert code == 1 and "nothing could be indexed" in err.getvalue()


def test_limits_in_smaller_units() -> None:
    with pytest.raises(CorpusError, match=r"x\.txt: more than 10 characters of text.*split the case"):
        check_text("0123456789AB", "x.txt", 10, 100)
    with pytest.raises(CorpusError, match=r"x\.txt: line 2 is 6 characters long \(limit 5\)"):
        check_text("abc\nabcdef\n", "x.txt", 100, 5)
    big = io.BytesIO()
    with zipfile.ZipFile(big, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("word/document.xml", b"<w:document/>" + b" " * 2000)
    with pytest.raises(CorpusError, match=r"d\.docx: unpacks to 0 MB, over the 0 MB limit \(a zip bomb"):
        docx_format.read(big.getvalue(), "d.docx", Limits(max_unpacked_bytes=1000))


def test_symlinks_inside_the_corpus_are_followed_and_folder_links_reported(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "sub").mkdir(parents=True)
    (corpus / "sub" / "real.txt").write_text(GOOD)
    (corpus / "alias.txt").symlink_to(corpus / "sub" / "real.txt")
    (corpus / "linked-folder").symlink_to(corpus / "sub")
    (corpus / "dangling.txt").symlink_to(corpus / "missing.txt")
    files, skipped = discover(corpus)
    assert [f.doc_id for f in files] == ["alias.txt", "sub/real.txt"]
    reasons = dict(skipped)
    assert "a link to a folder, which caseqa does not follow" in reasons["linked-folder"]
    assert "dangling.txt: cannot read it" in reasons["dangling.txt"]


def test_printable_names() -> None:
    assert printable("a/b c.txt") == "a/b c.txt"
    assert printable("new\nline\t.txt") == "new\\nline\\t.txt"
    assert printable(os.fsdecode(b"caf\xe9.txt")) == "caf\\xe9.txt"
    assert printable("bell\x07.txt") == "bell\\x07.txt"
    assert codecs.encode(printable(os.fsdecode(b"\xff\xfe.txt")), "utf-8")
