"""BM25 over passages: derivations found by prefix, rare words weigh more, bm25s's scores, files that map."""

from __future__ import annotations

from pathlib import Path

import bm25s
import numpy as np
import pytest

from caseqa.index.lexical import Lexical, Terms, tokenise
from caseqa.language.terms import related, terms_with_words, tokenize

TEXTS = [
    "The creation of Alipay made online payment trustworthy.",
    "Cainiao dedicated 400 hotlines to collect requests.",
    "Hema hired employees from restaurants and cinemas.",
    "Taobao waived the fees of its merchants during the epidemic.",
    "Hema and Cainiao worked with restaurants on deliveries.",
]


@pytest.fixture(scope="module")
def lexical() -> Lexical:
    return Lexical.build(TEXTS)


def test_a_derivation_finds_its_word(lexical: Lexical) -> None:
    """'created' stems to 'creat', 'creation' to 'creation': the prefix joins them."""
    scores = lexical.scores("Who created it?")
    assert int(np.argmax(scores)) == 0 and scores[0] > 0
    assert "creation" in lexical.expand(tokenize("created"))


def test_a_short_stem_does_not_join_longer_words(lexical: Lexical) -> None:
    assert lexical.expand(["hema"]) == ["hema"]  # four letters: no prefix match
    assert not related("hema", "hemat") and related("creat", "creation") and not related("creat", "cream")


def test_rare_words_weigh_more(lexical: Lexical) -> None:
    idf = lexical.idf({"hotlin", "hema", "neverseen"})
    assert idf["hotlin"] > idf["hema"]  # one passage against two
    assert idf["neverseen"] >= idf["hotlin"]  # an unseen term gets the largest weight


def test_knows_indexed_stems_and_their_prefixes(lexical: Lexical) -> None:
    assert lexical.knows("cainiao") and lexical.knows("creat")
    assert not lexical.knows("ventil")


def test_document_frequencies_match_a_count_over_the_texts(lexical: Lexical) -> None:
    for term, tid in lexical.vocab.items():
        assert lexical.indptr[tid + 1] - lexical.indptr[tid] == sum(term in tokenize(t) for t in TEXTS), term


def test_scores_equal_bm25s_on_real_text() -> None:
    """caseqa's own BM25 matrix gives bm25s's default ("lucene") scores, repeated query words included."""
    corpus = Path(__file__).resolve().parents[1] / "corpus"
    texts = [p for f in sorted(corpus.glob("*.txt")) for p in f.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    ours = Lexical.build(texts)
    reference = bm25s.BM25(k1=1.2, b=0.75)  # caseqa's defaults (bm25s's own k1 is 1.5)
    reference.index([tokenize(t) for t in texts], show_progress=False)
    for question in ("How did Alibaba respond to the epidemic?", "Hema hired staff staff from restaurants"):
        tokens = ours.expand(tokenize(question))
        assert np.allclose(ours.scores(question), reference.get_scores(tokens), atol=1e-4)


def test_a_saved_index_maps_back_and_scores_the_same(lexical: Lexical, tmp_path: Path) -> None:
    lexical.save(tmp_path)
    mapped = Lexical.load(tmp_path, len(TEXTS), mmap=True)
    assert isinstance(mapped.data, np.memmap)
    assert np.array_equal(mapped.scores("Hema restaurants"), lexical.scores("Hema restaurants"))
    with pytest.raises(ValueError, match="do not match 6 passages"):
        Lexical.load(tmp_path, len(TEXTS) + 1)


def test_adding_texts_tokenises_only_them_and_equals_a_full_build(lexical: Lexical) -> None:
    vocab = dict(lexical.vocab)
    extra = ["Alipay waived fees for restaurants.", "A brand-new word: ventilators."]
    joined = Lexical.from_terms(vocab, Terms.join([lexical.terms, tokenise(extra, vocab)]))
    full = Lexical.build(TEXTS + extra)
    for question in ("ventilators for restaurants", "Alipay fees"):
        assert np.allclose(joined.scores(question), full.scores(question), atol=1e-6)


def test_an_empty_index_scores_zero() -> None:
    empty = Lexical.build(["", "   "])
    assert empty.scores("anything").tolist() == [0.0, 0.0]
    assert empty.idf({"x"}) == {"x": 1.0} and not empty.knows("anything")


def test_content_words_keep_their_original_form() -> None:
    assert terms_with_words("The 3rd Hotlines were DEDICATED") == [("hotlin", "Hotlines"), ("dedic", "DEDICATED")]
