"""The evidence an answer model reads: per sentence of a hit, and per question over all its hits.

Every signal is computed from what the index already holds (sentence and passage vectors, BM25
idf, the document's text), so scoring a question's sentences costs about a millisecond beyond
encoding the question. The names in :data:`SENTENCE_SIGNALS` and :data:`QUESTION_SIGNALS` are
the columns the shipped model was trained on (``train/answer_sentence.py``); the loader checks
that they match.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from caseqa.index.model import Index
from caseqa.language.answer_type import AnswerType, asked, facts, offers, question_names
from caseqa.language.quantities import MONTH_WORDS, NUMBER_WORDS, Quantity, agree, comparable, extract
from caseqa.language.self_reference import speaks_as_we
from caseqa.language.terms import PREFIX, terms_with_words
from caseqa.language.terms import stem as stem_of
from caseqa.types import Passage

_FIGURE_WORDS = MONTH_WORDS | NUMBER_WORDS
# A word of a question's period, not a name of what it asks about: "Q4", "H1", "FY2023" (or "FY" of
# "FY 2023"), which a text writes out ("the fourth quarter of 2021").
PERIOD_WORD = re.compile(r"^(?:q[1-4]|h[12]|fy(?:\d{2}(?:\d{2})?)?)$", re.IGNORECASE)
# Irregular verbs, base form -> past: the past is an inflected verb, like "celebrated", that a case says
# with another verb; the base form is a word the case uses when it says the past ("They left Anhui"
# for a question's "leave").
_IRREGULAR = dict(pair.split(":") for pair in (
    "rise:rose fall:fell grow:grew pay:paid sell:sold buy:bought spend:spent make:made take:took give:gave go:went "
    "come:came see:saw tell:told say:said leave:left bring:brought begin:began win:won lose:lost build:built "
    "send:sent hold:held keep:kept meet:met run:ran choose:chose drive:drove write:wrote become:became find:found "
    "think:thought lead:led ride:rode fight:fought catch:caught teach:taught seek:sought strike:struck stand:stood "
    "understand:understood withdraw:withdrew overtake:overtook undertake:undertook").split())
_IRREGULAR_PAST = frozenset(_IRREGULAR.values())
# Informal words and everyday business shorthand ("capex") are said otherwise by a case, not missing from it.
_INFORMAL = frozenset({"till", "til", "thru", "gonna", "wanna", "capex", "opex", "yoy", "qoq", "ytd"})
# A figure's qualifier says how exact the answer may be ("Roughly how many employees ..."), not what it is
# about: no question term.
_QUALIFIERS = frozenset({"roughly", "approximately", "approx", "about", "around", "nearly", "almost", "circa"})
# A text that speaks as "we" is the company, site or service a question calls by such a word ("How can
# I contact the company?" of a privacy policy that says "contact us"): the word names its author,
# not something the text lacks.
_AUTHOR_WORDS = frozenset(s for w in "company firm website site app service organisation organization".split()
                          for s, _ in terms_with_words(w))

# British and American spellings of one stem ("licenc"/"licens", "organis"/"organiz", "colour"/"color").
_SPELLINGS = (("enc", "ens"), ("is", "iz"), ("ys", "yz"), ("our", "or"), ("tr", "ter"))


def _spellings(stem: str) -> list[str]:
    """The stem as the other side of the Atlantic spells it."""
    out = []
    for uk, us in _SPELLINGS:
        if stem.endswith(uk):
            out.append(stem[:-len(uk)] + us)
        elif stem.endswith(us):
            out.append(stem[:-len(us)] + uk)
    return out


_TYPED = tuple(t for t in AnswerType if t != AnswerType.OTHER)
SENTENCE_SIGNALS: tuple[str, ...] = (
    "sim",  # cosine similarity of question and sentence
    "sim_gap",  # ... minus the passage's best sentence similarity
    "sim_best",  # 1 for the passage's most similar sentence
    "sim_context",  # similarity of the question to the sentence with its neighbours (mean vector)
    "sim_neighbour",  # the better neighbour's similarity
    "sim_passage",  # similarity of the question to the whole passage
    "overlap",  # idf-weighted share of the question's terms in the sentence
    "overlap_gap",  # ... minus the passage's best overlap
    "overlap_rare",  # share of the question's two rarest terms in the sentence
    "overlap_context",  # idf-weighted share in the sentence and its neighbours
    "figure",  # share of the question's own figures the sentence states again ("four hours" / "4 hours")
    *(f"type_{t}" for t in _TYPED),  # the question asks for this kind and the sentence offers it
    "type_missing",  # the question asks for a kind the sentence does not offer
    "new_names",  # log(1 + capitalised words the question does not use)
    "has_figure",
    "position",  # place in the passage, 0 (first) to 1 (last)
    "first",
    "log_words",
    "short",  # fewer than 6 words
    "novelty",  # share of the sentence's terms the question does not use
    "hit_rank",  # 1 / rank of the passage among the hits
)
# The highlight: which sentence *of one hit* answers. Read by a model trained to choose among a
# hit's sentences (a softmax over them), so what all of a hit's sentences share (the passage's
# similarity, its rank) cancels out and what tells them apart counts. Trained on every sentence
# of every hit against each other, the sentence model learns mostly what an on-topic sentence
# looks like (held out on SQuAD, the choice model picks the answer in 86.9 % of top hits that hold
# one, the sentence model in 85.0 %).
CHOICE_SIGNALS: tuple[str, ...] = (
    *SENTENCE_SIGNALS,
    "names",  # share of the question's own names (capitalised words) the sentence uses
    "after_best",  # the sentence right after the hit's most similar one (the answer often follows it)
    "sim_previous",  # the previous sentence's similarity (its own for the first)
    "pronoun",  # starts with a pronoun ("They left Anhui"): it continues the sentence before
)
QUESTION_SIGNALS: tuple[str, ...] = (
    "p_best",  # the sentence model's best probability over the hits
    "p_top",  # ... in the top hit
    "p_second",  # the second best sentence's probability, in any hit
    "sim_best",  # best sentence similarity over the hits
    "overlap_best",  # best idf-weighted overlap of one sentence
    # Not the top passage's own similarity: it weighed against answering, given sim_best, and on
    # 10-K text, where every passage of a section is close to a question about it, that flagged
    # answerable questions (see the model card).
    "unseen_names",  # capitalised words of the question the cases never use (companies, people, places)
    "unseen_words",  # other unused words, inflected verbs ("celebrated") aside: often a paraphrase
    "typed",  # the question asks for a kind of answer (a figure, a date, a name, ...)
    "type_absent",  # ... and no sentence of any hit offers one
)


class Vocabulary:
    """The stemmed terms of some cases; a stem counts as known when one of them is of its family
    (equal, or from ``PREFIX`` letters one starts the other: "creat" and "creation")."""

    def __init__(self, terms: Iterable[str]) -> None:
        self.terms = frozenset(terms)
        self._by_prefix: dict[str, list[str]] = {}
        for term in self.terms:
            if len(term) >= PREFIX:
                self._by_prefix.setdefault(term[:PREFIX], []).append(term)

    def __contains__(self, stem: str) -> bool:
        return any(self._known(s) for s in (stem, *_spellings(stem)))

    def _known(self, stem: str) -> bool:
        if stem in self.terms:
            return True
        if len(stem) < PREFIX:
            return False
        return any(t.startswith(stem) or stem.startswith(t) for t in self._by_prefix.get(stem[:PREFIX], ()))


def scope_vocabulary(index: Index, doc_ids: Sequence[str]) -> Vocabulary:
    """The vocabulary of the given cases (all of the index when empty), built once per index and scope."""
    key = tuple(sorted(doc_ids)) or ("",)
    cache = index.cache.setdefault("vocabulary", {})
    if key not in cache:
        if doc_ids:
            terms: set[str] = set()
            for doc_id in doc_ids:
                lo, hi = index.doc_range(doc_id)
                for passage in index.passages[lo:hi]:
                    terms |= facts(passage.text).terms
            terms |= {t for d in doc_ids for t in facts(index.documents[d].title).terms}
            if all(speaks_as_we(index.documents[d].text) for d in doc_ids):
                terms |= _AUTHOR_WORDS
            cache[key] = Vocabulary(terms)
        else:
            cache[key] = Vocabulary(index.lexical.vocabulary())
    return cache[key]


@dataclass(frozen=True)
class Question:
    """A question prepared once for scoring its hits' sentences."""

    text: str
    vector: np.ndarray
    kind: AnswerType
    idf: dict[str, float]  # content stems -> BM25 idf
    words: dict[str, str]  # content stems -> the question's word
    rare: frozenset[str]  # the two rarest stems
    figures: tuple[Quantity, ...]
    names: frozenset[str]


# The word after "how" says what kind of answer is wanted ("how long"), not what it is about: a
# sentence saying "the chain was very long" does not answer "how long did it take".
_HOW_WORD = re.compile(r"\bhow\s+(long|far|big|large|old|often|soon|quickly|fast|high|low|tall|wide|deep|heavy)\b",
                       re.IGNORECASE)


def prepare(index: Index, text: str, vector: np.ndarray) -> Question:
    """The question's kind, terms with their idf, figures and names."""
    asking = {m.group(1).lower() for m in _HOW_WORD.finditer(text)}
    words: dict[str, str] = {}
    for stem, word in terms_with_words(text):
        if word.lower() not in asking and word.lower() not in _QUALIFIERS:
            words.setdefault(stem, word)
    idf = index.lexical.idf(set(words))
    rare = frozenset(sorted(idf, key=lambda t: (-idf[t], t))[:2])
    return Question(text, vector, asked(text), idf, words, rare, tuple(extract(text)), question_names(text))


def _matched(q: Question, terms: frozenset[str]) -> set[str]:
    """The question's stems present in a set of terms, word families included."""
    out = set()
    for stem in q.idf:
        if stem in terms or (len(stem) >= PREFIX and any(
                t[:PREFIX] == stem[:PREFIX] and (t.startswith(stem) or stem.startswith(t)) for t in terms)):
            out.add(stem)
    return out


@lru_cache(maxsize=1)
def _type_columns() -> dict[AnswerType, int]:
    return {t: SENTENCE_SIGNALS.index(f"type_{t}") for t in _TYPED}


def sentence_signals(index: Index, q: Question, row: int, rank: int = 1) -> np.ndarray:
    """One row of :data:`SENTENCE_SIGNALS` per sentence of passage ``row`` (the hit at ``rank``).

    Args:
        index: The loaded index.
        q: The prepared question.
        row: The passage's row in the index.
        rank: The passage's rank among the hits (1 = top).

    Returns:
        A float32 array of shape (sentences, len(SENTENCE_SIGNALS)).
    """
    passage: Passage = index.passages[row]
    n = len(passage.sentences)
    out = np.zeros((n, len(SENTENCE_SIGNALS)), dtype=np.float32)
    if n == 0:
        return out
    text = index.documents[passage.doc_id].text
    first = index.sentence_row(passage)
    lo, hi = index.rows[passage.doc_id].sentences
    a, b = max(lo, first - 1), min(hi, first + n + 1)  # the passage's sentences and one more each side
    vectors = index.sentence_vectors[a:b]
    sims_all = vectors @ q.vector
    inner = slice(first - a, first - a + n)
    sims = sims_all[inner]
    padded = np.concatenate([[np.nan] if first == a else [], sims_all, [np.nan] if first + n == b else []])
    prev, nxt = padded[:-2], padded[2:]  # aligned with the passage's sentences
    ctx = np.zeros_like(vectors[inner])
    for i in range(n):
        g = first - a + i
        ctx[i] = vectors[max(0, g - 1):g + 2].sum(axis=0)
    ctx /= np.maximum(np.linalg.norm(ctx, axis=1, keepdims=True), 1e-9)
    sentences = [text[s:e] for s, e in passage.sentences]
    here = [facts(s) for s in sentences]
    total = sum(q.idf.values()) or 1.0
    matched = [_matched(q, f.terms) for f in here]
    overlap = np.array([sum(q.idf[t] for t in m) / total for m in matched], dtype=np.float32)
    neighbour_terms = []
    for i in range(n):
        terms = set(here[i].terms)
        if i > 0:
            terms |= here[i - 1].terms
        if i + 1 < n:
            terms |= here[i + 1].terms
        neighbour_terms.append(sum(q.idf[t] for t in _matched(q, frozenset(terms))) / total)
    cols = {name: i for i, name in enumerate(SENTENCE_SIGNALS)}
    out[:, cols["sim"]] = sims
    out[:, cols["sim_gap"]] = sims - sims.max()
    out[int(np.argmax(sims)), cols["sim_best"]] = 1.0
    out[:, cols["sim_context"]] = ctx @ q.vector
    # A sentence alone in its document has no neighbour: it then counts as its own.
    out[:, cols["sim_neighbour"]] = np.where(np.isnan(np.fmax(prev, nxt)), sims, np.fmax(prev, nxt))
    out[:, cols["sim_passage"]] = float(index.passage_vectors[row] @ q.vector)
    out[:, cols["overlap"]] = overlap
    out[:, cols["overlap_gap"]] = overlap - overlap.max()
    out[:, cols["overlap_context"]] = neighbour_terms
    type_col = _type_columns().get(q.kind)
    for i, (sentence, f) in enumerate(zip(sentences, here)):
        if q.rare:
            out[i, cols["overlap_rare"]] = len(matched[i] & q.rare) / len(q.rare)
        if q.figures:
            same = sum(any(comparable(x, f_) and agree(x, f_) for x in f.quantities) for f_ in q.figures)
            out[i, cols["figure"]] = same / len(q.figures)
        if type_col is not None:
            if offers(q.kind, sentence, q.text):
                out[i, type_col] = 1.0
            else:
                out[i, cols["type_missing"]] = 1.0
        out[i, cols["new_names"]] = math.log1p(len(f.names - q.names))
        out[i, cols["has_figure"]] = float(bool(f.quantities))
        out[i, cols["position"]] = i / (n - 1) if n > 1 else 0.0
        out[i, cols["log_words"]] = math.log1p(f.words)
        out[i, cols["short"]] = float(f.words < 6)
        out[i, cols["novelty"]] = len(f.terms - matched[i]) / len(f.terms) if f.terms else 0.0
    out[0, cols["first"]] = 1.0
    out[:, cols["hit_rank"]] = 1.0 / rank
    return out


_PRONOUN = re.compile(r"^\W*(?:it|its|they|their|this|these|those|he|his|she|her|there|then|that)\b", re.IGNORECASE)


def _bare(name: str) -> str:
    """A name without its possessive: "alibaba's" is "alibaba"."""
    return name[:-2] if name.endswith(("'s", "’s")) else name


def choice_signals(index: Index, q: Question, row: int, matrix: np.ndarray) -> np.ndarray:
    """One row of :data:`CHOICE_SIGNALS` per sentence of passage ``row``.

    Args:
        index: The loaded index.
        q: The prepared question.
        row: The passage's row in the index.
        matrix: :func:`sentence_signals` of that passage (its first columns).

    Returns:
        A float32 array of shape (sentences, len(CHOICE_SIGNALS)).
    """
    n = len(matrix)
    out = np.zeros((n, len(CHOICE_SIGNALS)), dtype=np.float32)
    if n == 0:
        return out
    base = len(SENTENCE_SIGNALS)
    out[:, :base] = matrix
    passage = index.passages[row]
    text = index.documents[passage.doc_id].text
    sims = matrix[:, SENTENCE_SIGNALS.index("sim")]
    best = int(np.argmax(sims))
    names = {_bare(n) for n in q.names}
    for i, (s, e) in enumerate(passage.sentences):
        sentence = text[s:e]
        if names:
            out[i, base] = len(names & {_bare(n) for n in facts(sentence).names}) / len(names)
        out[i, base + 1] = float(i == best + 1)
        out[i, base + 2] = sims[i - 1] if i > 0 else sims[i]
        out[i, base + 3] = float(bool(_PRONOUN.match(sentence)))
    return out


@dataclass(frozen=True)
class Unseen:
    """Words of a question the searched cases never use."""

    names: tuple[str, ...]  # capitalised, not the first word: a company, person, place or product
    words: tuple[str, ...]  # the other telling ones
    share: float  # their idf-weighted share of the question (inflected verbs included)


def unseen(q: Question, vocabulary: Vocabulary) -> Unseen:
    """The question's words the vocabulary lacks; inflected verbs ("celebrated", "gathering", "rose") are
    left out of ``words``: a case usually says the same thing with another verb."""
    # "Feb", "ten" and "Q4" are figures, which the case may write as "February", "10" or "fourth quarter".
    # "till" and "capex" are no content either (a stop word's plural, the "ups" of "sign-ups", is no
    # question word at all: terms_with_words).
    missing = [s for s in q.words if s not in vocabulary and q.words[s].lower().rstrip(".") not in _FIGURE_WORDS
               and not PERIOD_WORD.match(q.words[s]) and q.words[s].lower() not in _INFORMAL
               and stem_of(_IRREGULAR.get(q.words[s].lower(), "-")) not in vocabulary]
    total = sum(q.idf.values()) or 1.0
    first_word = q.text.split()[0] if q.text.split() else ""
    names, words = [], []
    for stem in missing:
        word = q.words[stem]
        if word[0].isupper() and not first_word.startswith(word):
            names.append(word)
        elif not (len(word) > 5 and word.lower().endswith(("ed", "ing"))) and word.lower() not in _IRREGULAR_PAST:
            words.append(word)
    return Unseen(tuple(names), tuple(words), sum(q.idf[s] for s in missing) / total)


def answer_order(probabilities: Sequence[np.ndarray]) -> list[int]:
    """The hits reordered by their best sentence's probability (ties keep the search's order).

    The sentence model reads the search rank too (``hit_rank``), so a lower hit moves up only
    when one of its sentences is a clearly better answer.
    """
    best = [float(p.max()) if len(p) else 0.0 for p in probabilities]
    return sorted(range(len(best)), key=lambda i: (-best[i], i))


def question_signals(q: Question, matrices: Sequence[np.ndarray], probabilities: Sequence[np.ndarray],
                     missing: Unseen) -> np.ndarray:
    """One row of :data:`QUESTION_SIGNALS` from the hits' sentence signals and the sentence model's probabilities.

    Args:
        q: The prepared question.
        matrices: :func:`sentence_signals` of each hit, best hit first.
        probabilities: The sentence model's probability for each of those sentences.
        missing: What the question names that the cases never use.
    """
    out = np.zeros(len(QUESTION_SIGNALS), dtype=np.float32)
    cols = {name: i for i, name in enumerate(QUESTION_SIGNALS)}
    s_cols = {name: i for i, name in enumerate(SENTENCE_SIGNALS)}
    nonempty = [(m, p) for m, p in zip(matrices, probabilities) if len(m)]
    if nonempty:
        probs = np.sort(np.concatenate([p for _, p in nonempty]))[::-1]
        out[cols["p_best"]] = probs[0]
        out[cols["p_second"]] = probs[1] if len(probs) > 1 else 0.0
        out[cols["p_top"]] = float(np.max(nonempty[0][1]))
        out[cols["sim_best"]] = max(float(m[:, s_cols["sim"]].max()) for m, _ in nonempty)
        out[cols["overlap_best"]] = max(float(m[:, s_cols["overlap"]].max()) for m, _ in nonempty)
    typed = q.kind != AnswerType.OTHER
    out[cols["typed"]] = float(typed)
    if typed:
        type_col = s_cols[f"type_{q.kind}"]
        out[cols["type_absent"]] = float(not any(m[:, type_col].any() for m, _ in nonempty))
    out[cols["unseen_names"]] = math.log1p(len(missing.names))
    out[cols["unseen_words"]] = math.log1p(len(missing.words))
    return out
