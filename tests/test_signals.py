"""The signals the answer model reads, on the seed case with the real MiniLM (questions we wrote)."""

from __future__ import annotations

import numpy as np
import pytest

from caseqa.retrieve import signals as sig

COL = {name: i for i, name in enumerate(sig.SENTENCE_SIGNALS)}


def _passage_with(index, words: str) -> int:
    return next(r for r, p in enumerate(index.passages) if words in p.text)


def _sentence_with(index, row: int, words: str) -> int:
    passage = index.passages[row]
    text = index.documents[passage.doc_id].text
    return next(i for i, (s, e) in enumerate(passage.sentences) if words in text[s:e])


@pytest.fixture(scope="module")
def index(seed_engine):
    return seed_engine.index


def _signals(seed_engine, question: str, words: str) -> tuple[np.ndarray, int, int]:
    index = seed_engine.index
    q = sig.prepare(index, question, seed_engine.encoder.encode_query(question))
    row = _passage_with(index, words)
    return sig.sentence_signals(index, q, row, rank=2), row, _sentence_with(index, row, words)


def test_the_sentence_with_the_asked_for_figure_and_the_rare_terms_stands_out(seed_engine) -> None:
    m, _, i = _signals(seed_engine, "How many hotlines did Cainiao dedicate to requests?", "400 hotlines")
    assert m[i, COL["type_quantity"]] == 1.0 and m[i, COL["type_missing"]] == 0.0
    assert m[i, COL["overlap_rare"]] == 1.0 and m[i, COL["overlap_gap"]] == 0.0
    assert m[i, COL["overlap"]] > np.delete(m[:, COL["overlap"]], i).max()
    others = np.delete(np.arange(len(m)), i)
    # A sentence without a figure does not offer one: it is marked as missing the kind asked for.
    assert any(m[j, COL["type_missing"]] == 1.0 for j in others)
    assert np.all(m[:, COL["hit_rank"]] == 0.5)


def test_similarities_in_context_and_of_neighbours(seed_engine) -> None:
    index = seed_engine.index
    question = "What time did the truck with masks arrive in Wuhan?"
    m, row, i = _signals(seed_engine, question, "Dong Xi Hu")
    query = seed_engine.encoder.encode_query(question)
    first = index.sentence_row(index.passages[row])
    vectors = index.sentence_vectors
    assert m[i, COL["sim"]] == pytest.approx(float(vectors[first + i] @ query), abs=1e-5)
    neighbours = [float(vectors[first + i + d] @ query) for d in (-1, 1)
                  if index.rows[index.passages[row].doc_id].sentences[0] <= first + i + d
                  < index.rows[index.passages[row].doc_id].sentences[1]]
    assert m[i, COL["sim_neighbour"]] == pytest.approx(max(neighbours), abs=1e-5)
    context = vectors[first + i - 1:first + i + 2].sum(axis=0)
    assert m[i, COL["sim_context"]] == pytest.approx(float(context @ query / np.linalg.norm(context)), abs=1e-5)
    assert m[i, COL["sim_passage"]] == pytest.approx(float(index.passage_vectors[row] @ query), abs=1e-5)
    assert m[:, COL["sim_best"]].sum() == 1.0 and m[:, COL["sim_gap"]].max() == pytest.approx(0.0)


def test_a_figure_of_the_question_is_found_again_in_other_words(seed_engine) -> None:
    """'within 13 hours' is the case's 'only 13 hours': the question's own figure, matched as a number."""
    m, _, i = _signals(seed_engine, "What did Ant Financial staff achieve within thirteen hours?", "only 13 hours")
    assert m[i, COL["figure"]] == 1.0
    assert np.delete(m[:, COL["figure"]], i).max() == 0.0


def test_position_length_and_first_sentence(seed_engine) -> None:
    m, _, _ = _signals(seed_engine, "How many hotlines did Cainiao dedicate?", "400 hotlines")
    assert m[0, COL["first"]] == 1.0 and m[1:, COL["first"]].sum() == 0.0
    assert m[0, COL["position"]] == 0.0 and m[-1, COL["position"]] == 1.0
    assert np.all(m[:, COL["log_words"]] > 0)


def test_names_and_words_the_case_never_uses(seed_engine) -> None:
    index = seed_engine.index
    vocabulary = sig.scope_vocabulary(index, ["alibaba-covid19.txt"])
    question = "How did Tencent and WeChat support residents of Wuhan with ventilators?"
    q = sig.prepare(index, question, seed_engine.encoder.encode_query(question))
    missing = sig.unseen(q, vocabulary)
    assert missing.names == ("Tencent", "WeChat")  # Wuhan is in the case
    assert missing.words == ("ventilators",)
    assert 0.3 < missing.share < 1.0


def test_an_inflected_verb_the_case_does_not_use_is_not_counted_as_missing(seed_engine) -> None:
    index = seed_engine.index
    q = sig.prepare(index, "Which hospitals were renovated?", np.zeros(index.sentence_vectors.shape[1]))
    missing = sig.unseen(q, sig.scope_vocabulary(index, []))
    assert missing.words == () and missing.names == ()
    assert missing.share > 0  # it still weighs in the share


def test_periods_irregular_past_tenses_and_other_spellings_are_not_missing(seed_engine) -> None:
    """10-K questions say "Q4", "rose" and "licence" where the filing says "fourth quarter", "increased", "license"."""
    index = seed_engine.index
    q = sig.prepare(index, "Why sales rose in Q4 under the licence of the organization?",
                    np.zeros(index.sentence_vectors.shape[1]))
    missing = sig.unseen(q, sig.Vocabulary(["sale", "licens", "organis"]))
    assert missing.names == () and missing.words == ()
    assert sig.unseen(q, sig.Vocabulary(["sale", "organis"])).words == ("licence",)


def test_informal_function_words_are_not_missing(seed_engine) -> None:
    index = seed_engine.index
    q = sig.prepare(index, "How long till the insurance passed a million sign-ups?",
                    np.zeros(index.sentence_vectors.shape[1]))
    assert sig.unseen(q, sig.Vocabulary(["insur", "million", "sign"])).words == ()


def test_a_word_family_counts_as_known() -> None:
    vocabulary = sig.Vocabulary(["creation", "hotlin", "wuhan"])
    assert "creat" in vocabulary and "wuhan" in vocabulary
    assert "hotlines" not in sig.Vocabulary(["hot"]) and "ventil" not in vocabulary


def test_question_signals_read_the_hits(seed_engine) -> None:
    index = seed_engine.index
    question = "How many hotlines did Cainiao dedicate?"
    q = sig.prepare(index, question, seed_engine.encoder.encode_query(question))
    m = sig.sentence_signals(index, q, _passage_with(index, "400 hotlines"), 1)
    probabilities = np.linspace(0.1, 0.9, len(m))
    x = sig.question_signals(q, [m], [probabilities], sig.Unseen((), (), 0.0))
    col = {name: i for i, name in enumerate(sig.QUESTION_SIGNALS)}
    assert x[col["p_best"]] == pytest.approx(0.9) and x[col["p_top"]] == pytest.approx(0.9)
    assert x[col["p_second"]] == pytest.approx(probabilities[-2])
    assert x[col["typed"]] == 1.0 and x[col["type_absent"]] == 0.0
    no_figure = m.copy()
    no_figure[:, COL["type_quantity"]] = 0.0
    assert sig.question_signals(q, [no_figure], [probabilities], sig.Unseen((), (), 0.0))[col["type_absent"]] == 1.0


def test_the_word_after_how_says_what_is_asked_not_what_it_is_about(seed_engine) -> None:
    index = seed_engine.index
    q = sig.prepare(index, "How long did the insurance take to pass a million users?",
                    np.zeros(index.sentence_vectors.shape[1]))
    assert "long" not in q.idf and "insur" in q.idf


def test_choice_signals_tell_a_hits_sentences_apart(seed_engine) -> None:
    """The highlight's own signals: the question's names, the sentence after the closest one, a pronoun start."""
    index = seed_engine.index
    question = "Where did Alibaba's first masks for Wuhan leave from?"
    q = sig.prepare(index, question, seed_engine.encoder.encode_query(question))
    row = _passage_with(index, "They left Anhui")
    m = sig.sentence_signals(index, q, row, rank=1)
    c = sig.choice_signals(index, q, row, m)
    col = {name: i for i, name in enumerate(sig.CHOICE_SIGNALS)}
    assert c.shape == (len(m), len(sig.CHOICE_SIGNALS)) and np.array_equal(c[:, :len(sig.SENTENCE_SIGNALS)], m)
    left = _sentence_with(index, row, "They left Anhui")
    first = _sentence_with(index, row, "first donation Alibaba Group sent to Wuhan")
    truck = _sentence_with(index, row, "a truck loaded with 100,000 masks")
    assert c[left, col["pronoun"]] == 1.0 and c[first, col["pronoun"]] == 1.0 and c[truck, col["pronoun"]] == 0.0
    assert c[first, col["names"]] == 1.0  # Alibaba and Wuhan, both named by the question
    # The closest sentence restates the question and names no new place; the one after names one.
    assert m[first, COL["type_missing"]] == 1.0 and m[left, COL["type_place"]] == 1.0
    assert c[left, col["sim_previous"]] == pytest.approx(m[left - 1, COL["sim"]])
    best = int(np.argmax(m[:, COL["sim"]]))
    assert c[:, col["after_best"]].sum() == (1.0 if best + 1 < len(m) else 0.0)
    if best + 1 < len(m):
        assert c[best + 1, col["after_best"]] == 1.0


def test_a_text_that_speaks_as_we_is_the_company_a_question_names(tmp_path) -> None:
    from caseqa.app.engine import Engine
    from caseqa.config import Settings
    from fakes import HashingEncoder

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "policy.txt").write_text("We collect your email address when you register with us. You can ask us to "
                                       "delete your account at any time by contacting our support team. " * 3)
    (corpus / "story.txt").write_text("Acme Rides grew quickly in its first year. Its founders hired drivers in "
                                      "three cities and raised money from investors. " * 3)
    engine = Engine(Settings(corpus_dir=corpus, index_dir=tmp_path / "index"), HashingEncoder())
    engine.build()
    q = sig.prepare(engine.index, "How can I contact the company?", np.zeros(HashingEncoder.dim))
    assert sig.unseen(q, sig.scope_vocabulary(engine.index, ["policy.txt"])).words == ()
    assert "company" in sig.unseen(q, sig.scope_vocabulary(engine.index, ["story.txt"])).words


def test_a_countrys_adjective_in_a_question_is_named_by_the_country() -> None:
    from caseqa.retrieve.weak import _named
    context = "net pre-tax charges of $1,281 million related to the sale of the company's business in russia"
    assert _named("russian", context)
    assert not _named("ukrainian", context)
