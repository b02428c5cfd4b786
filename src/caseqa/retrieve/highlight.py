"""Which sentences of a passage answer the question: similarity, weighted term overlap, answer type."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from caseqa.config import HighlightSettings
from caseqa.language.quantities import Quantity, agree, comparable, extract
from caseqa.language.terms import tokenize
from caseqa.types import Span

_HAS_CAUSE = re.compile(r"\b(?:because|due to|since|so that|in order to|as a result|reason|thanks to|"
                        r"therefore|to help|to provide|to ensure|to support|to make|aimed? to|so as to)\b",
                        re.IGNORECASE)
_CAPITALISED = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][\w&.\-]*[a-zA-Z]")

_DURATION_Q = re.compile(r"^\s*(?:how (?:long|quickly|fast|soon)|how many (?:hours|days|weeks|months|years|minutes)|"
                         r"in how many|within how)\b", re.IGNORECASE)
_QUANTITY_Q = re.compile(r"^\s*(?:how (?:many|much|often|old|far|big|large|high|low)|"
                         r"what (?:percentage|percent|share|amount|number|size|price|proportion))\b", re.IGNORECASE)
_DATE_Q = re.compile(r"^\s*(?:when|what (?:year|date|time|day|month)|by when|since when)\b", re.IGNORECASE)
_CAUSE_Q = re.compile(r"^\s*(?:why|what (?:was|is|were|are) the (?:reason|purpose|goal|aim)|for what)\b", re.IGNORECASE)
_ENTITY_Q = re.compile(r"^\s*(?:who|whom|whose|where|which|what (?:company|companies|firm|organi[sz]ation|"
                       r"partner|brand|city|country|person|team|unit|business|department|product|name))\b",
                       re.IGNORECASE)


def answer_type(question: str) -> str | None:
    """The kind of answer a question asks for: quantity, date, cause, entity, or None."""
    for kind, pattern in (("duration", _DURATION_Q), ("quantity", _QUANTITY_Q), ("date", _DATE_Q),
                          ("cause", _CAUSE_Q), ("entity", _ENTITY_Q)):
        if pattern.search(question):
            return kind
    return None


_WANTED = {"quantity": ("count", "money", "percent", "multiplier"), "duration": ("duration",),
           "date": ("date", "year", "time")}


@dataclass(frozen=True)
class SentenceFeatures:
    """What a sentence offers an answer: its terms and the kinds of things it states."""

    terms: frozenset[str]
    quantity_kinds: frozenset[str]
    quantities: tuple[Quantity, ...]
    cause: bool
    names: frozenset[str]  # capitalised words, lower-cased


@lru_cache(maxsize=100_000)
def features(sentence: str) -> SentenceFeatures:
    """Features of a sentence, computed once: sentences recur across queries."""
    found = tuple(extract(sentence))
    return SentenceFeatures(
        frozenset(tokenize(sentence)),
        frozenset(q.kind for q in found),
        found,
        bool(_HAS_CAUSE.search(sentence)),
        frozenset(w.lower() for w in _CAPITALISED.findall(sentence)),
    )


def has_answer_type(kind: str | None, sentence: str, question: str) -> bool:
    """Does the sentence contain something of the asked-for kind that the question does not?"""
    if kind is None:
        return False
    found = features(sentence)
    if kind in _WANTED:
        return bool(found.quantity_kinds & set(_WANTED[kind]))
    if kind == "cause":
        return found.cause
    if kind == "entity":
        asked = {w.lower() for w in _CAPITALISED.findall(question)}
        return bool(found.names - asked)
    return False


def score_sentences(question: str, sentences: Sequence[str], similarities: np.ndarray,
                    idf: dict[str, float], settings: HighlightSettings) -> list[float]:
    """Score each sentence as an answer to the question.

    Args:
        question: The question text.
        sentences: The sentence texts.
        similarities: Cosine similarity of each sentence to the question.
        idf: Inverse document frequency of the question's terms.
        settings: The weights of the signals (see :class:`caseqa.config.HighlightSettings`).

    Returns:
        One score per sentence (higher is better).
    """
    terms = set(tokenize(question))
    total = sum(idf.get(t, 0.0) for t in terms)
    kind = answer_type(question)
    figures = extract(question)
    scores = []
    for text, sim in zip(sentences, similarities):
        here = features(text)
        found = terms & here.terms
        overlap = sum(idf.get(t, 0.0) for t in found) / total if total else 0.0
        bonus = settings.answer_type_bonus if has_answer_type(kind, text, question) else 0.0
        # The sentence's figure against the question's, read naturally: "within four hours" is
        # about 4 hours, not "1 hour" (which a claim "within four hours" would allow).
        same = sum(any(comparable(q, f) and agree(q, f) for q in here.quantities) for f in figures)
        figure_share = same / len(figures) if figures else 0.0
        scores.append(float(sim) + settings.lexical_weight * overlap + bonus + settings.figure_weight * figure_share)
    return scores


def choose(spans: Sequence[Span], scores: Sequence[float], settings: HighlightSettings) -> tuple[Span, ...]:
    """The best sentence, plus up to ``max_highlights - 1`` more within ``margin`` of it; best first."""
    if not spans:
        return ()
    ranked = sorted(range(len(scores)), key=lambda i: (-scores[i], i))
    best = scores[ranked[0]]
    return tuple(spans[i] for i in ranked[:settings.max_highlights] if scores[i] >= best - settings.margin)
