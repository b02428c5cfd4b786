"""Passages: exact spans, sections never crossed, sizes and the model's token limit respected."""

from __future__ import annotations

from pathlib import Path

from caseqa.config import PassageSettings
from caseqa.ingest.corpus import CorpusFile, discover, parse, read_bytes
from caseqa.ingest.passages import chunk, citation, embedding_text
from caseqa.types import Document
from conftest import SEED_CASE
from fakes import HashingEncoder


def read(file: CorpusFile) -> Document:
    """A corpus file read and parsed, as indexing does."""
    return parse(file.doc_id, read_bytes(file, 10**8))


def seed_doc(corpus: Path):
    (corpus / SEED_CASE.name).write_bytes(SEED_CASE.read_bytes())
    return read(discover(corpus)[0][0])


def test_every_passage_is_an_exact_span_inside_one_section(corpus: Path) -> None:
    doc = seed_doc(corpus)
    settings = PassageSettings()
    chunked = chunk(doc, settings, HashingEncoder().count_tokens, 256)
    assert chunked.passages
    for p in chunked.passages:
        assert p.text == doc.text[p.start:p.end]
        assert p.id == f"{doc.id}#{p.ordinal}"
        section = next(s for s in doc.sections if s.start <= p.start < s.end)
        assert p.end <= section.end and p.section == section.title
        assert p.words <= settings.max_words
        for a, b in p.sentences:
            assert p.start <= a < b <= p.end
    # Every sentence of the document is in some passage.
    covered = {s for p in chunked.passages for s in p.sentences}
    assert covered == set(chunked.sentences)


def test_passage_sizes_on_the_seed_case(corpus: Path) -> None:
    doc = seed_doc(corpus)
    passages = chunk(doc, PassageSettings(), HashingEncoder().count_tokens, 256).passages
    words = [p.words for p in passages]
    assert sum(words) / len(words) <= 120
    assert sum(w >= 40 for w in words) >= 0.8 * len(words)


def test_passages_fit_the_model_token_limit(corpus: Path, real_encoder) -> None:
    """Measured with the real tokenizer, including the title/section context."""
    items = ", ".join(f"item number {i} of the supply plan" for i in range(120))
    long_sentence = f"The committee reviewed {items}."
    (corpus / "long.txt").write_text("Long Case\n\nIntro\n\n" + long_sentence + "\n\nAnother short sentence.\n")
    doc = read(discover(corpus)[0][0])
    chunked = chunk(doc, PassageSettings(), real_encoder.count_tokens, real_encoder.max_tokens)
    counts = real_encoder.count_tokens([embedding_text(p, doc) for p in chunked.passages])
    assert max(counts) <= real_encoder.max_tokens
    # The over-long sentence was cut into pieces, and the pieces still cover all of it.
    assert len(chunked.passages) >= 3
    joined = " ".join(doc.text[a:b] for p in chunked.passages for a, b in p.sentences)
    assert "item number 119 of the supply plan." in joined


def test_citation_names_title_section_paragraph_and_span(corpus: Path) -> None:
    doc = seed_doc(corpus)
    passages = chunk(doc, PassageSettings(), HashingEncoder().count_tokens, 256).passages
    p = next(p for p in passages if p.section == "Launch a product within 13 hours")
    text = citation(p)
    assert text.startswith('COVID-19Mission & Vision — "Launch a product within 13 hours", ¶1')
    assert text.endswith(f"chars {p.start}–{p.end}")


def test_ids_are_deterministic(corpus: Path) -> None:
    doc = seed_doc(corpus)
    a = chunk(doc, PassageSettings(), HashingEncoder().count_tokens, 256).passages
    b = chunk(doc, PassageSettings(), HashingEncoder().count_tokens, 256).passages
    assert a == b


def test_long_sentences_are_scored_clause_by_clause() -> None:
    from caseqa.ingest.passages import split_clauses

    text = ("In the past 20 years, there were a number of key turning points in the history of Alibaba: the "
            "experience of the SARS epidemic and the battle between Taobao and eBay in 2003, the creation of Alipay "
            "to provide a more trustworthy transaction payment method in 2004, the establishment of Alibaba Cloud in "
            "2009, and the birth of Cainiao Smart Logistics for global delivery in 2013.")
    pieces = [text[a:b] for a, b in split_clauses(text, (0, len(text)), 30)]
    assert "the creation of Alipay to provide a more trustworthy transaction payment method in 2004," in pieces
    assert " ".join(pieces).split() == text.split()
    short = "A short sentence stays whole, and so does this one."
    assert split_clauses(short, (0, len(short)), 30) == [(0, len(short))]
