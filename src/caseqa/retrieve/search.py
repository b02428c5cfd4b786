"""Hybrid retrieval: dense (faiss) and BM25 rankings fused, then each hit's answering sentences highlighted."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import faiss
import numpy as np

from caseqa.config import Fusion, SearchSettings, Settings
from caseqa.errors import QueryError
from caseqa.index.encoder import Encoder
from caseqa.index.model import Index
from caseqa.ingest.passages import citation
from caseqa.language.answer_type import (
    AnswerType,
    FigureAsked,
    actor_ahead,
    explains_previous,
    facts,
    figure_asked,
    gives_figure,
    header_line,
    named_before,
    next_step,
    offering,
    said_next,
)
from caseqa.language.glossary import in_case_words
from caseqa.language.self_reference import is_self, spoken_as_self
from caseqa.language.terms import related, stem
from caseqa.models import answer_model
from caseqa.retrieve.fusion import rrf, weighted
from caseqa.retrieve.highlight import choose, whole_first
from caseqa.retrieve.rows import named_row
from caseqa.retrieve.scope import Scope, clean_text, scope, writes
from caseqa.retrieve.signals import Question, answer_order, choice_signals, prepare, sentence_signals
from caseqa.retrieve.stated import head_office, officer
from caseqa.types import Hit, Passage, Span


@dataclass(frozen=True)
class Scored:
    """A candidate passage with the evidence for its rank."""

    row: int
    dense: float
    sentence: float
    lexical: float
    fused: float = 0.0


def dense_top(index: Index, query: np.ndarray, rows: Span, n: int, ef_search: int = 128) -> list[tuple[int, float]]:
    """The ``n`` passages of ``rows`` with the highest inner product, via faiss."""
    lo, hi = rows
    n = min(n, hi - lo)
    if n <= 0:
        return []
    if isinstance(index.dense, faiss.IndexHNSWFlat) and hi - lo < index.dense.ntotal:
        # One case out of a large library: a graph walk restricted to its rows can miss them,
        # and exact search over one case's passages costs microseconds.
        scores = index.passage_vectors[lo:hi] @ query
        top = np.argsort(-scores, kind="stable")[:n]
        return [(lo + int(i), float(scores[i])) for i in top]
    selector = faiss.IDSelectorRange(lo, hi)
    if isinstance(index.dense, faiss.IndexHNSWFlat):
        params = faiss.SearchParametersHNSW(sel=selector, efSearch=max(ef_search, 2 * n))
    else:
        params = faiss.SearchParameters(sel=selector)
    dist, ids = index.dense.search(query.reshape(1, -1).astype(np.float32), n, params=params)
    return [(int(i), float(d)) for i, d in zip(ids[0], dist[0]) if i >= 0]


def _sentence_rows(index: Index, passage: Passage) -> range:
    start = index.sentence_row(passage)
    return range(start, start + len(passage.sentences))


def top_rows(scores: np.ndarray, n: int) -> np.ndarray:
    """The indices of the ``n`` highest scores, best first, ties in index order: the first ``n`` of a
    stable descending argsort, found in linear time (a full sort of a 1,000-case library's 83,000
    BM25 scores took 2.6 ms of a 23 ms question)."""
    if len(scores) <= n:
        return np.argsort(-scores, kind="stable")
    kth = np.partition(scores, len(scores) - n)[len(scores) - n]  # the n-th highest score
    above = np.flatnonzero(scores > kth)
    chosen = np.concatenate([above, np.flatnonzero(scores == kth)[: n - len(above)]])
    return chosen[np.argsort(-scores[chosen], kind="stable")]


def candidates(index: Index, question: str, query: np.ndarray, rows: Span, settings: SearchSettings) -> list[Scored]:
    """Score the union of the dense and BM25 top lists on every signal, ranked by fusion."""
    lo, hi = rows
    lexical_all = index.lexical.scores(question)[lo:hi]
    lexical_top = [lo + int(i) for i in top_rows(lexical_all, settings.candidates) if lexical_all[i] > 0]
    dense_list = dense_top(index, query, rows, settings.candidates, settings.hnsw_ef_search)
    pool = list(dict.fromkeys([r for r, _ in dense_list] + lexical_top))
    if not pool:
        return []
    dense = index.passage_vectors[pool] @ query
    best_sentence = []
    for row in pool:
        sims = index.sentence_vectors[_sentence_rows(index, index.passages[row])] @ query
        best_sentence.append(float(sims.max()) if len(sims) else 0.0)
    lexical = [float(lexical_all[r - lo]) for r in pool]
    if settings.fusion == Fusion.RRF:
        by_dense = [pool[i] for i in np.argsort(-dense, kind="stable")]
        by_sentence = [pool[i] for i in np.argsort(-np.asarray(best_sentence), kind="stable")]
        fused_map = rrf([by_dense, by_sentence, lexical_top], settings.rrf_k)
        fused = [fused_map.get(r, 0.0) for r in pool]
    elif settings.fusion == Fusion.WEIGHTED:
        fused = weighted([dense.tolist(), best_sentence, lexical],
                         [settings.w_dense, settings.w_sentence, settings.w_lexical])
    else:
        raise QueryError(f"unknown fusion {settings.fusion!r}; choose 'weighted' or 'rrf'")
    scored = [Scored(r, float(d), s, x, f) for r, d, s, x, f in zip(pool, dense, best_sentence, lexical, fused)]
    return sorted(scored, key=lambda c: (-c.fused, c.row))


def _overlap(a: Passage, b: Passage) -> float:
    if a.doc_id != b.doc_id:
        return 0.0
    shared = max(0, min(a.end, b.end) - max(a.start, b.start))
    return shared / max(1, min(a.end - a.start, b.end - b.start))


def select(index: Index, ranked: list[Scored], k: int, redundant: float) -> list[Scored]:
    """The first k ranked candidates that do not share more than ``redundant`` of a better hit's text."""
    chosen: list[Scored] = []
    for cand in ranked:
        passage = index.passages[cand.row]
        if not any(_overlap(passage, index.passages[c.row]) > redundant for c in chosen):
            chosen.append(cand)
            if len(chosen) == k:
                break
    return chosen


def _scored(index: Index, query: np.ndarray, row: int) -> Scored:
    """A passage that joins the hits without coming through fusion, with its similarities."""
    sims = index.sentence_vectors[_sentence_rows(index, index.passages[row])] @ query
    return Scored(row, float(index.passage_vectors[row] @ query), float(sims.max()) if len(sims) else 0.0, 0.0)


@dataclass(frozen=True)
class Reading:
    """A question searched and read: the hits, and the evidence of each hit's sentences for the answer model."""

    question: Question
    hits: list[Hit]
    # Per hit read (at least ``SearchSettings.rerank`` of them whatever k is, in the hits' order), so
    # that whether the case answers does not depend on how many hits are shown:
    signals: list[np.ndarray]  # sentence_signals of its sentences
    probabilities: list[np.ndarray]  # the sentence model's probability that each sentence answers
    doc_id: str | None  # the case searched, None for all
    passages: list[Passage]  # of the hits read, in the order of ``signals``
    # The top hit is a statement row the question names, or the report's own statement of what it asks
    # (retrieve/rows.py, retrieve/stated.py): the case says it, whatever words the question uses.
    stated: bool = False


def read(index: Index, encoder: Encoder, question: str, settings: Settings,
         k: int | None = None, doc: str | None = None) -> Reading:
    """Answer a question with the top passages, each cited and its answering sentences highlighted.

    Args:
        index: A loaded index.
        encoder: The encoder the index was built with.
        question: Free text.
        settings: Search and highlight settings.
        k: Number of hits (default ``settings.search.k``).
        doc: Restrict to one document (id, file name or name without extension).

    Returns:
        Up to k hits, best first (none when nothing in the index matches at all), with the
        signals and sentence probabilities that chose their highlights.

    Raises:
        QueryError: Empty question, bad k, or unknown document.
        AnswerModelError: The shipped answer model is damaged.
    """
    text = clean_text(question)
    k = settings.search.k if k is None else k
    if not isinstance(k, int) or isinstance(k, bool) or k < 1:
        raise QueryError(f"k must be a whole number of at least 1, not {k!r}")
    where = scope(index, doc)
    # A reader's phrase the case never writes is searched in the report's words ("R&D", "head office").
    text = in_case_words(text, lambda pattern: writes(index, where, pattern))
    text = _with_acronyms(index, where, text)
    query = encoder.encode_query(text)
    # Read at least ``rerank`` hits, so that the top one is the same whatever k is asked for.
    depth = max(k, settings.search.rerank)
    chosen = select(index, candidates(index, text, query, where.rows, settings.search), depth,
                    settings.search.redundant)
    prepared = prepare(index, text, query)
    # A statement row the question names states the figure asked for (see retrieve/rows.py).
    named = named_row(index, prepared, where.rows, settings.search.row_coverage) \
        or head_office(index, text, query, prepared.kind, where.rows) or officer(index, text, prepared.kind, where.rows)
    if named is not None and all(c.row != named.row for c in chosen):
        chosen.append(_scored(index, query, named.row))
    model = answer_model()
    matrices = [sentence_signals(index, prepared, c.row, rank) for rank, c in enumerate(chosen, start=1)]
    probabilities = [model.sentence.probability(m) if len(m) else np.zeros(0) for m in matrices]
    order = answer_order(probabilities) if settings.search.rerank else list(range(len(chosen)))
    firsts: dict[int, int] = {}
    wanted = figure_asked(prepared.text)
    topic = _counted_topic(index, prepared.text, where) if wanted is not None else set()
    if named is not None:
        # The row is taken to be as likely an answer as the best sentence read, and is shown first.
        at = next(i for i, c in enumerate(chosen) if c.row == named.row)
        probabilities[at][named.sentence] = max(float(p.max()) for p in probabilities if len(p))
        order = [at, *(i for i in order if i != at)]
        firsts[at] = named.sentence
    elif settings.search.rerank:
        order = _figure_first(index, prepared.text, wanted, prepared.kind, chosen, order, probabilities,
                              settings.search.figure_depth)
    # Reordered, a hit's score is its best sentence's answer probability, so scores fall with rank
    # (a hit moved up for the figure it gives takes the score of the best one it passed).
    scores = [float(probabilities[i].max()) if settings.search.rerank and len(probabilities[i]) else chosen[i].fused
              for i in order[:k]]
    scores = [max(scores[n:]) for n in range(len(scores))]
    hits = []
    for rank, i in enumerate(order[:k], start=1):
        c, passage = chosen[i], index.passages[chosen[i].row]
        # Which of the hit's sentences answers is the choice model's; the sentence model's
        # probabilities rank the hits and add further highlights.
        first = firsts.get(i)
        if first is None and len(matrices[i]):
            logits = model.choice.logits(choice_signals(index, prepared, c.row, matrices[i]))
            text = index.documents[passage.doc_id].text
            sentences = [text[a:b] for a, b in passage.sentences]
            # A figure, a length of time or a date asked for is in a sentence that gives one.
            first = offering(prepared.kind, sentences, int(np.argmax(logits)), logits.tolist(), prepared.text)
            # ... and a figure of what the question counts, when the chosen sentence gives none of its kind
            # ("we employed approximately 79,000 people worldwide", not "Women compose approximately 49% of
            # our global workforce", for how big the workforce is).
            first = _figure_of_the_hit(wanted, sentences, first, logits.tolist(), prepared.text, topic)
            # A sentence stating what the question asks the cause of, followed by the one that gives it.
            if first + 1 < len(sentences) and explains_previous(prepared.kind, sentences[first], sentences[first + 1],
                                                                prepared.text):
                first += 1
            # One referring back to a name the question asks for, after the sentence that gives it.
            elif first > 0 and named_before(prepared.kind, sentences[first], sentences[first - 1], prepared.text):
                first -= 1
            # One that gives none of what is asked, before one referring back to it that does; or one that
            # only tells what had failed, before the next step ("Later, Eleme tried to contact ...").
            elif first + 1 < len(sentences) and any(
                    rule(prepared.kind, sentences[first], sentences[first + 1], prepared.text)
                    for rule in (said_next, next_step)):
                first += 1
            # Or one that only sets the scene, before one saying what the one asked about did.
            else:
                first = actor_ahead(prepared.kind, sentences, first, prepared.text)
        hits.append(Hit(
            passage=passage,
            score=round(scores[rank - 1], 6),
            rank=rank,
            citation=citation(passage),
            highlights=whole_first(index.documents[passage.doc_id].text, passage.sentences,
                                   choose(passage.sentences, probabilities[i].tolist(), settings.highlight, first)),
            dense=round(c.dense, 6),
            lexical=round(c.lexical, 6),
            sentence=round(c.sentence, 6),
        ))
    matrices = [matrices[i] for i in order]
    probabilities = [probabilities[i] for i in order]
    return Reading(prepared, hits, matrices, probabilities, where.doc_id,
                   [index.passages[chosen[i].row] for i in order], stated=named is not None)


# Words that name the figure asked for, not what it is about ("what percentage", "the number of").
FIGURE_WORDS = frozenset(stem(w) for w in ("percentage", "percent", "rate", "share", "number", "amount", "total",
                                            "figure", "count", "many", "much", "roughly", "approximately", "about"))


# Where a sentence turns to another matter (a list's commas do not: "32 enterprises, ranging from ...
# companies").
_CLAUSE_BREAK = re.compile(r";\s+|,?\s+(?:while|whereas|but|partially offset by|offset by)\s+")


def said_together(wanted: FigureAsked, sentence: str, question: str, topic: set[str]) -> bool:
    """Does one clause of the sentence give the figure asked for and a word of ``topic`` (what is
    counted)? "Operations and support expenses increased $58 million, or 3%, ... partially offset by
    an $82 million decrease in employee headcount costs" gives no employee rate."""
    return any(gives_figure(wanted, clause, question) and any(related(t, u) for t in topic
                                                                for u in facts(clause).terms)
               for clause in _CLAUSE_BREAK.split(sentence))


def _counted_words(question: str) -> set[str]:
    """The question's words for what its figure counts: not its figures, names, nor the words that name
    the figure ("percentage", "total")."""
    asked_facts = facts(question)
    return {t for t in asked_facts.terms if not t.isdigit() and t not in FIGURE_WORDS
            and not any(related(t, name) for name in asked_facts.names)}


def _counted_topic(index: Index, question: str, where: Scope) -> set[str]:
    """:func:`_counted_words`, less the searched report's own name."""
    topic = _counted_words(question)
    lo, hi = where.rows
    docs = {index.passages[r].doc_id for r in (lo, hi - 1)} if hi > lo else set()
    selves = [s for d in docs for s in spoken_as_self(index.documents[d].title, index.documents[d].text)]
    return {t for t in topic if not is_self(t, frozenset(selves))}


def _figure_of_the_hit(wanted: FigureAsked | None, sentences: list[str], first: int, logits: list[float],
                       question: str, topic: set[str]) -> int:
    """The sentence of a hit to highlight first for a question asking for a figure: ``first``, unless it
    gives no figure of the kind asked and another sentence of the hit gives one of what the question
    counts (its counted words, or a word of its topic in the same clause); then the likeliest of those."""
    if wanted is None or gives_figure(replace(wanted, things=frozenset()), sentences[first], question):
        return first
    giving = [j for j, sentence in enumerate(sentences)
              if (gives_figure(wanted, sentence, question) if wanted.things
                  else said_together(wanted, sentence, question, topic))]
    return max(giving, key=lambda j: logits[j]) if giving else first


def _figure_first(index: Index, question: str, wanted: FigureAsked | None, kind: AnswerType, chosen: list[Scored],
                  order: list[int], probabilities: list[np.ndarray], depth: int) -> list[int]:
    """For a question asking for a figure, a top hit whose likeliest sentence gives none of its kind
    ("... by the end of 2030" for "How many people did Lyft employ at the end of 2021?") gives way to
    the first of the next ``depth - 1`` hits whose likeliest sentence gives one and shares a word
    with the question about what is counted (not its year, a name, nor the words that name the
    figure: "Percentage of revenue | 16 %" does not answer "what attrition rate", nor "Alibaba set up
    a RMB 1 billion fund" "What was Alibaba's profit in 2019?"). ``wanted`` is the question's
    :func:`~caseqa.language.answer_type.figure_asked`."""
    if wanted is None or not order:
        return order
    asked = _counted_words(question)

    def gives(i: int, moved: bool) -> bool:
        if not len(probabilities[i]):
            return False
        passage = index.passages[chosen[i].row]
        document = index.documents[passage.doc_id]
        # A table's header line is read through the rows under it, as its highlight is.
        sentences = [document.text[a:b] for a, b in passage.sentences]
        sentence = sentences[offering(kind, sentences, int(np.argmax(probabilities[i])), probabilities[i].tolist(),
                                      question)]
        if not moved:
            # The top hit keeps its place with any figure of the kind, or a table's header line whose
            # rows the passage does not reach ("Weighted- Average Grant Date Fair Value").
            return header_line(sentence) or gives_figure(replace(wanted, things=frozenset()), sentence, question)
        selves = spoken_as_self(document.title, document.text)
        return said_together(wanted, sentence, question, {t for t in asked if not is_self(t, selves)})

    if gives(order[0], moved=False):
        return order
    at = next((i for i in order[1:depth] if gives(i, moved=True)), None)
    return order if at is None else [at, *(i for i in order if i != at)]


_SPELT_NAME = re.compile(r"\b[A-Z][a-z]+(?:\s+(?:of\s+|and\s+|&\s+)?[A-Z][a-z]+){2,4}\b")


def _with_acronyms(index: Index, where: Scope, text: str) -> str:
    """The question with the acronym the searched case uses for a name it spells out ("How much did
    Amazon Web Services bring in" also asks for "AWS", the label of its statement row)."""
    added = []
    for name in _SPELT_NAME.findall(text):
        initials = "".join(w[0] for w in name.split() if w[0].isupper())
        if 3 <= len(initials) <= 6 and initials not in text \
                and writes(index, where, re.compile(rf"\b{initials}\b")):
            added.append(initials)
    return f"{text} ({', '.join(added)})" if added else text


def search(index: Index, encoder: Encoder, question: str, settings: Settings,
           k: int | None = None, doc: str | None = None) -> list[Hit]:
    """The hits of :func:`read`: the top passages, cited and highlighted, best first."""
    return read(index, encoder, question, settings, k, doc).hits
