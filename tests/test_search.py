"""Fusion on hand-made lists, faiss against brute force, and query validation."""

from __future__ import annotations

import numpy as np
import pytest

from caseqa.app.engine import Engine
from caseqa.config import Settings
from caseqa.errors import QueryError
from caseqa.index.model import Index, make_dense
from caseqa.retrieve.fusion import order, rrf, weighted
from caseqa.retrieve.scope import clean_text
from caseqa.retrieve.search import dense_top


def test_rrf_sums_reciprocal_ranks() -> None:
    fused = rrf([[1, 2, 3], [3, 1]], k=60)
    assert fused[1] == pytest.approx(1 / 61 + 1 / 62)
    assert fused[3] == pytest.approx(1 / 63 + 1 / 61)
    assert fused[2] == pytest.approx(1 / 62)
    assert order(fused) == [1, 3, 2]


def test_rrf_with_disjoint_and_empty_lists() -> None:
    fused = rrf([[1, 2], [], [3, 4]], k=60)
    assert set(fused) == {1, 2, 3, 4}
    # Ties (same rank in different lists) are broken by id, deterministically.
    assert order(fused) == [1, 3, 2, 4]
    assert rrf([], k=60) == {}


def test_weighted_normalises_each_signal_by_its_max() -> None:
    fused = weighted([[0.5, 0.25, 0.0], [0.0, 10.0, 5.0]], [0.6, 0.4])
    assert fused == pytest.approx([0.6, 0.3 + 0.4, 0.2])


def test_weighted_survives_all_zero_and_negative_signals() -> None:
    # No BM25 match at all (all zeros) must not divide by zero.
    assert weighted([[0.0, 0.0], [0.2, 0.1]], [0.5, 0.5]) == pytest.approx([0.5, 0.25])
    assert weighted([[-0.1, -0.2]], [1.0]) == [0.0, 0.0]
    assert weighted([], []) == []


def _fake_index(vectors: np.ndarray, settings: Settings) -> Index:
    return Index({}, {}, [], vectors, make_dense(vectors, settings), None, None)  # type: ignore[arg-type]


@pytest.mark.parametrize("hnsw", [False, True])
def test_faiss_matches_numpy_brute_force(hnsw: bool) -> None:
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(2000, 32)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    settings = Settings(hnsw_min_vectors=1000 if hnsw else 10**9)
    index = _fake_index(vectors, settings)
    for _ in range(20):
        q = rng.normal(size=32).astype(np.float32)
        q /= np.linalg.norm(q)
        for rows in [(0, 2000), (300, 700)]:
            got = dense_top(index, q, rows, 10)
            scores = vectors[rows[0]:rows[1]] @ q
            expected = [rows[0] + int(i) for i in np.argsort(-scores)[:10]]
            if hnsw:  # approximate: nearly all of the true top 10
                assert len(set(r for r, _ in got) & set(expected)) >= 8
            else:
                assert [r for r, _ in got] == expected
                assert [s for _, s in got] == pytest.approx(np.sort(scores)[::-1][:10], abs=1e-5)
            assert all(rows[0] <= r < rows[1] for r, _ in got)


@pytest.mark.parametrize("bad", ["", "   \n\t ", None, 42])
def test_empty_or_non_text_questions_are_rejected(bad: object) -> None:
    with pytest.raises(QueryError, match="question"):
        clean_text(bad)


def _engine(settings: Settings, fake_encoder) -> Engine:
    (settings.corpus_dir / "tea.txt").write_text(
        "Tea Case\n\nMarkets\n\nAcme sells green tea in Kenya. Prices rose by 10% in 2019.\n\n"
        "Logistics\n\nShipping by sea takes 21 days from Mombasa to Rotterdam.\n")
    (settings.corpus_dir / "bikes.txt").write_text("Bike Case\n\nVelo builds bicycles in Lyon with 40 staff.\n")
    engine = Engine(settings, fake_encoder)
    engine.build()
    return engine


def test_search_returns_cited_highlighted_hits(settings: Settings, fake_encoder) -> None:
    engine = _engine(settings, fake_encoder)
    hits = engine.ask("How long does shipping by sea take?", k=3)
    assert hits[0].passage.doc_id == "tea.txt"
    assert "21 days" in hits[0].passage.text
    assert [h.rank for h in hits] == list(range(1, len(hits) + 1))
    assert hits[0].highlights and hits[0].citation.startswith('Tea Case — "Logistics", ¶1')
    doc_text = engine.index.documents["tea.txt"].text
    s, e = hits[0].highlights[0]
    assert "21 days" in doc_text[s:e]


def test_doc_filter_and_unknown_doc(settings: Settings, fake_encoder) -> None:
    engine = _engine(settings, fake_encoder)
    hits = engine.ask("Where are bicycles built?", doc="tea")
    assert hits and all(h.passage.doc_id == "tea.txt" for h in hits)
    with pytest.raises(QueryError, match=r"no case named 'nope' in the index; known cases: bikes.txt, tea.txt"):
        engine.ask("anything", doc="nope")
    with pytest.raises(QueryError, match="k must be"):
        engine.ask("anything", k=0)


def test_a_ten_thousand_character_question_is_handled(settings: Settings, fake_encoder) -> None:
    engine = _engine(settings, fake_encoder)
    question = ("Tell me about tea prices in Kenya and shipping. " * 250)[:10_000]
    hits = engine.ask(question)
    assert hits and hits[0].passage.doc_id == "tea.txt"


def test_the_choice_models_sentence_is_highlighted_first_and_likely_ones_follow() -> None:
    from caseqa.config import HighlightSettings
    from caseqa.retrieve.highlight import choose

    spans = [(0, 10), (11, 20), (21, 30), (31, 40)]
    probabilities = [0.2, 0.7, 0.1, 0.6]
    settings = HighlightSettings(max_highlights=3, margin=0.15, also_above=0.3)
    assert choose(spans, probabilities, settings) == ((11, 20), (31, 40))
    # The choice model's pick leads even when the sentence model rates another one higher; the
    # likely answers follow it, never twice.
    assert choose(spans, probabilities, settings, first=2) == ((21, 30), (11, 20), (31, 40))
    assert choose(spans, probabilities, settings, first=3) == ((31, 40), (11, 20))
    assert choose([], [], settings, first=None) == ()


def test_top_rows_are_the_first_of_a_stable_descending_sort() -> None:
    import numpy as np

    from caseqa.retrieve.search import top_rows

    rng = np.random.default_rng(0)
    for size, n in ((10, 50), (1000, 50), (5000, 7), (300, 300)):
        scores = rng.integers(0, 6, size).astype(np.float32)  # many ties, at the cut too
        assert top_rows(scores, n).tolist() == np.argsort(-scores, kind="stable")[:n].tolist()


def test_the_first_highlight_is_the_whole_sentence_its_piece_belongs_to() -> None:
    """Walmart's opioid settlement: a long sentence indexed in pieces at its clauses was highlighted
    up to "... opioids-related lawsuits", without the "$3.1 billion" its next piece gives."""
    from caseqa.retrieve.highlight import whole_first
    text = ("The Company agreed to terms with the states, as well as the District of Columbia, Puerto Rico, and "
            "three other U.S. territories, that are intended to resolve substantially all opioids-related lawsuits "
            "and for which the Company will pay up to approximately $3.1 billion. Another sentence follows.")
    cut = text.index(" that are")
    second = text.index(" and for which")
    end = text.index(" Another")
    spans = ((0, cut), (cut + 1, second), (second + 1, end + 0), (end + 1, len(text)))
    assert whole_first(text, spans, (spans[1], spans[3])) == ((0, end), spans[3])
    assert whole_first(text, spans, (spans[3], spans[0])) == (spans[3], spans[0])
    assert whole_first(text, spans, ()) == ()


def test_the_sentence_of_a_hit_giving_the_figure_asked_is_highlighted_first() -> None:
    """Pfizer: "Roughly how big is Pfizer's workforce?" highlighted "Women compose approximately 49% of our
    global workforce" above "we employed approximately 79,000 people worldwide" in the same passage."""
    from caseqa.language.answer_type import figure_asked
    from caseqa.retrieve.search import _figure_of_the_hit

    sentences = ["As of December 31, 2021, we employed approximately 79,000 people worldwide.",
                 "Women compose approximately 49% of our global workforce."]
    question = "Roughly how big is Pfizer's workforce?"
    assert _figure_of_the_hit(figure_asked(question), sentences, 1, [0.2, 0.9], question, {"workforc"}) == 0
    # A chosen sentence giving a figure of the kind stands; a question asking no figure moves nothing.
    money = "How much did Acme spend on marketing in 2021?"
    spent = ["Marketing spending rose.", "We spent $4.2 million on marketing in 2021.", "Marketing costs $3 million."]
    assert _figure_of_the_hit(figure_asked(money), spent, 2, [0.1, 0.5, 0.9], money, {"market"}) == 2
    assert _figure_of_the_hit(figure_asked(money), spent, 0, [0.9, 0.5, 0.1], money, {"market"}) == 1
    assert _figure_of_the_hit(figure_asked("Why did marketing grow?"), spent, 0, [0.9, 0.5, 0.1], "Why?", set()) == 0
