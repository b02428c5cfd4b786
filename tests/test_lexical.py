"""BM25 over passages: derivations found by prefix, rare words weigh more, and bm25s's internals as read."""

from __future__ import annotations

import numpy as np
import pytest

from caseqa.index.lexical import Bm25Layout, Lexical, term_statistics
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


def test_document_frequencies_match_a_count_over_the_texts() -> None:
    """Pins the bm25s layout term_statistics reads: an upgrade that changes it fails here."""
    retriever = Lexical.build(TEXTS)._bm25
    vocab, df = term_statistics(retriever)
    for term, tid in vocab.items():
        if term:
            assert df[tid] == sum(term in tokenize(t) for t in TEXTS), term


def test_a_changed_bm25s_layout_is_refused_with_what_to_do() -> None:
    class Changed:
        def __init__(self) -> None:
            self.vocab_dict = {"a": 0, "b": 1}
            self.scores = {"data": np.zeros(1)}  # no indptr

    with pytest.raises(Bm25Layout, match=r"install the bm25s version in requirements\.txt"):
        term_statistics(Changed())  # type: ignore[arg-type]


def test_an_empty_index_scores_zero() -> None:
    empty = Lexical.build(["", "   "])
    assert empty.scores("anything").tolist() == [0.0, 0.0]
    assert empty.idf({"x"}) == {"x": 1.0} and not empty.knows("anything")


def test_content_words_keep_their_original_form() -> None:
    assert terms_with_words("The 3rd Hotlines were DEDICATED") == [("hotlin", "Hotlines"), ("dedic", "DEDICATED")]
