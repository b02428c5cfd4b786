"""Reading case files: decoding, structure recovery, offsets into the decoded text."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from caseqa.errors import CorpusError, EmptyDocumentError
from caseqa.ingest.corpus import discover, parse, read_bytes
from caseqa.ingest.formats import markdown
from caseqa.ingest.formats.decoding import decode
from caseqa.types import Document
from conftest import SEED_CASE


def read(corpus: Path, name: str, data: bytes) -> Document:
    """Write a file into the corpus, then read and parse it as indexing does."""
    (corpus / name).write_bytes(data)
    files, _ = discover(corpus)
    file = next(f for f in files if f.doc_id == name)
    return parse(file.doc_id, read_bytes(file, 10**8))


def python_text(path: Path) -> str:
    """What Python's text mode reads: the coordinates citations must use."""
    return path.open(encoding="utf-8-sig").read()


def test_seed_case_structure(corpus: Path) -> None:
    doc = read(corpus, "alibaba-covid19.txt", SEED_CASE.read_bytes())
    assert doc.title == "COVID-19Mission & Vision"
    titles = [s.title for s in doc.sections]
    assert titles == [None, "Outline", "A mini Alibaba sprouts from the epidemic",
                      "Launch a product within 13 hours", "Internal Collaboration",
                      "Get everyone involved spontaneously"]
    # The list of 4 points stays with the line that introduces it.
    intro = next(p for p in doc.paragraphs if "concluded in 4 points" in doc.text[p.start:p.end])
    assert intro.kind == "list"
    assert doc.text[intro.start:intro.end].rstrip().endswith("(Alibaba Cloud)")
    # The cover image name is not content.
    assert not any("Alibaba-cover.jpg" in doc.text[p.start:p.end] for p in doc.paragraphs)
    # Paragraph numbers restart in each section.
    launch = doc.sections[3]
    first = next(p for p in doc.paragraphs if p.section == launch.ordinal)
    assert first.ordinal == 1 and doc.text[first.start:].startswith("Running faster")


def test_bom_and_crlf_offsets_match_python_text_mode(corpus: Path) -> None:
    body = "Title Line\r\n\r\nSection One\r\n\r\nFirst paragraph, with “quotes”.\r\nStill first.\r\n"
    doc = read(corpus, "crlf.txt", codecs.BOM_UTF8 + body.encode("utf-8"))
    expected = python_text(corpus / "crlf.txt")
    assert doc.text == expected
    para = doc.paragraphs[0]
    assert doc.text[para.start:para.end] == "First paragraph, with “quotes”.\nStill first."
    assert doc.title == "Title Line"
    assert doc.sections[1].title == "Section One"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("Café déjà vu.".encode("utf-16"), "utf-16"),
        ("Café déjà vu.".encode("utf-16-le"), "utf-16-le"),
        ("Café déjà vu.".encode("utf-16-be"), "utf-16-be"),
        ("Café – déjà vu.".encode("cp1252"), "cp1252"),
        (codecs.BOM_UTF8 + "Café".encode(), "utf-8-sig"),
    ],
)
def test_decoding(data: bytes, encoding: str) -> None:
    text, used, warnings = decode(data, "x.txt")
    assert text.startswith("Caf") and "é" in text
    assert used == encoding
    assert bool(warnings) == (encoding == "cp1252")


def test_empty_and_binary_files_are_refused_with_the_file_name() -> None:
    with pytest.raises(EmptyDocumentError, match=r"empty\.txt: the file is empty"):
        decode(b"  \n\t\n", "empty.txt")
    with pytest.raises(CorpusError, match=r"junk\.txt: looks like a binary file"):
        decode(bytes(range(256)) * 50, "junk.txt")


def test_markdown_headings_and_front_matter(corpus: Path) -> None:
    md = ("---\ntitle: A Market Entry Case\nauthor: X\n---\n\n# Overview\n\nAcme sells tea. It grew fast.\n\n"
          "## The Decision\n\nShould Acme enter Kenya?\n- price\n- risk\n\n"
          "Setext Title\n============\n\nMore text here.\n")
    doc = read(corpus, "case.md", md.encode())
    assert doc.title == "A Market Entry Case"
    assert [s.title for s in doc.sections] == [None, "Overview", "The Decision", "Setext Title"]
    assert all(doc.text[p.start:p.end].strip() == doc.text[p.start:p.end] for p in doc.paragraphs)
    assert "title: A Market" not in " ".join(doc.text[p.start:p.end] for p in doc.paragraphs)


def test_markdown_heading_repeating_the_front_matter_title_opens_no_section() -> None:
    md = '---\ntitle: "Tea Wars"\n---\n\n# Tea Wars\n\n## Origins\n\nAcme grows tea in Kenya and sells it abroad.\n'
    doc = markdown.read(md.encode(), "t.md")
    assert doc.title == "Tea Wars" and [s.title for s in doc.sections] == [None, "Origins"]


def test_markdown_code_is_text_never_a_heading() -> None:
    md = ("# Tandem Bikes\n\n## Churn Analysis\n\n```bash\n# Install the tools\npip install pandas\n\n"
          "# still inside the fence\n```\n\nMonthly churn was 3.6 percent on average.\n\n"
          "    # an indented code block also counts\n    x = 1\n\n~~~~\n## tilde fence\n```\nstill code\n"
          "Setext in code\n---\n~~~~\n\n## Pricing\n\nThe Original plan cost 19.50 a month.\n")
    doc = markdown.read(md.encode(), "code.md")
    assert doc.title == "Tandem Bikes"
    assert [s.title for s in doc.sections] == [None, "Churn Analysis", "Pricing"]
    texts = [doc.text[p.start:p.end] for p in doc.paragraphs]
    # The code stays searchable, in its section, without its fences.
    assert any("# Install the tools" in t for t in texts) and any("x = 1" in t for t in texts)
    assert any("## tilde fence" in t for t in texts) and not any("```bash" in t for t in texts)
    assert all(p.section == 1 for p in doc.paragraphs[:-1])


def test_title_falls_back_to_the_file_name(corpus: Path) -> None:
    doc = read(corpus, "acme-entry_case.txt", b"This case starts with a full sentence that is prose.\n")
    assert doc.title == "Acme entry case"


def test_discover_skips_unsupported_and_hidden_files(corpus: Path) -> None:
    (corpus / "a.txt").write_text("Alpha text.")
    (corpus / "b.exe").write_bytes(b"MZ")
    (corpus / ".hidden.txt").write_text("secret")
    (corpus / "sub").mkdir()
    (corpus / "sub" / "c.md").write_text("# C\n\nGamma.")
    files, skipped = discover(corpus)
    assert [f.doc_id for f in files] == ["a.txt", "sub/c.md"]
    assert skipped and skipped[0][0] == "b.exe" and "unsupported file type" in skipped[0][1]


def test_missing_corpus_folder_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="does not exist; create it"):
        discover(tmp_path / "nope")


def test_a_missing_format_package_names_itself_and_the_fix(monkeypatch: pytest.MonkeyPatch) -> None:
    from caseqa.ingest import corpus

    def reader(data: bytes, doc_id: str, limits: object) -> None:
        raise ModuleNotFoundError("No module named 'pypdf'", name="pypdf")

    monkeypatch.setitem(corpus.READERS, ".pdf", reader)
    with pytest.raises(CorpusError, match=r"c\.pdf: reading \.pdf files needs the Python package.*make install"):
        corpus.parse("c.pdf", b"%PDF-1.4")
