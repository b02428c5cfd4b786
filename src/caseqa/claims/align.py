"""Aligning a claim with the case: evidence windows and the like-with-like comparisons.

A window is one to three adjacent sentences of a candidate passage, scored on similarity to the
claim and on the share of the claim's content it holds; the comparisons read figures, negation,
names, titles of people in the aligned window (see :mod:`caseqa.claims.verdict` for the verdict).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from caseqa.claims.text import SYNONYMS, Claim, clause_spans, entities, negated, slot, title_near
from caseqa.index.lexical import tokenize
from caseqa.index.model import Index
from caseqa.language import quantities as qty
from caseqa.retrieve.highlight import features
from caseqa.types import Passage

MAX_WINDOW = 3


@dataclass(frozen=True)
class Window:
    """Adjacent sentences of one passage, scored against the claim."""

    passage: Passage
    start: int
    end: int
    text: str
    similarity: float
    coverage: float
    found: frozenset[str]
    score: float


def terms_in(stems: set[str], text_stems: set[str]) -> set[str]:
    """Claim stems found in a text, allowing a shared prefix of 5+ letters ("creat"/"creation") and a
    word of the same set in :data:`SYNONYMS` ("rose" for "increase")."""
    found = set()
    for stem in stems:
        if stem in text_stems or SYNONYMS.get(stem, frozenset()) & text_stems or (len(stem) >= 5 and any(
                t.startswith(stem) or (len(t) >= 5 and stem.startswith(t)) for t in text_stems)):
            found.add(stem)
    return found


def score_windows(index: Index, passage: Passage, claim: Claim, sims: np.ndarray,
                  idf: dict[str, float]) -> list[Window]:
    """Every window of one to ``MAX_WINDOW`` adjacent sentences of a passage, scored against the claim."""
    text = index.documents[passage.doc_id].text
    sentences = passage.sentences
    stems = set(claim.terms)
    total = sum(idf[s] for s in stems) or 1.0
    sentence_stems = [features(text[a:b]).terms for a, b in sentences]
    sentence_quantities = [qty.extract(text[a:b]) for a, b in sentences] if claim.quantities else [[]] * len(sentences)
    out = []
    for i in range(len(sentences)):
        for j in range(i + 1, min(i + MAX_WINDOW, len(sentences)) + 1):
            stems_here = set().union(*sentence_stems[i:j])
            found = terms_in(stems, stems_here)
            coverage = sum(idf[s] for s in found) / total if stems else 0.0
            similarity = float(sims[i:j].max())
            body = text[sentences[i][0]:sentences[j - 1][1]]
            found_q = [q for k in range(i, j) for q in sentence_quantities[k]]
            n = len(claim.quantities) or 1
            comparable = sum(any(qty.comparable(c, e) for e in found_q) for c in claim.quantities) / n
            agreeing = sum(any(qty.comparable(c, e) and qty.agree(c, e) for e in found_q)
                           for c in claim.quantities) / n
            # Figures pull the window towards the sentence that states them (agreeing ones more);
            # longer windows must earn their extra sentences with coverage or figures.
            score = similarity + 0.5 * coverage + 0.1 * comparable + 0.15 * agreeing - 0.06 * (j - i - 1)
            out.append(Window(passage, sentences[i][0], sentences[j - 1][1], body, similarity, coverage,
                               frozenset(found), score))
    return out


def compare_quantity(claim_q: qty.Quantity, claim: Claim, window: Window) -> tuple[str, qty.Quantity | None]:
    """'match', 'mismatch' (with the case's figure) or 'absent' for one figure of the claim."""
    clauses = []
    for a, b in clause_spans(window.text):
        # Offsets made relative to the window, so that figures of neighbouring clauses can be related.
        found = [replace(q, start=q.start + a, end=q.end + a)
                 for q in qty.extract(window.text[a:b]) if qty.comparable(claim_q, q)]
        if claim_q.kind == "ordinal":  # "the third day" is compared with another day, not "the first team"
            found = [q for q in found if claim_q.noun is None or q.noun is None or same_word(claim_q.noun, q.noun)]
        if found:
            overlap = len(terms_in(set(claim.terms), set(tokenize(window.text[a:b]))))
            clauses.append((overlap, found))
    if not clauses:
        return "absent", None
    if claim_q.kind in ("count", "money", "percent", "multiplier"):
        # The counted thing fixes the role: "100,000 people" pairs with people, not with hotlines.
        same_noun = [q for _, qs in clauses for q in qs
                     if claim_q.noun is None or q.noun is None or same_word(claim_q.noun, q.noun)]
        pool = same_noun or ([q for _, qs in clauses for q in qs] if claim_q.noun is None else [])
        if not pool:
            return "absent", None
        if any(qty.agree(claim_q, q) for q in pool):
            return "match", None
        return "mismatch", pool[0]
    # Dates, years, times, durations and ranks have no noun: the clause that talks about the same
    # thing as the claim fixes the role ("the creation of Alipay ... in 2004").
    best = max(overlap for overlap, _ in clauses)
    top = [q for overlap, qs in clauses if overlap == best for q in qs]
    if claim_q.kind == "ordinal":  # "second and third-tier cities": a list of ranks spans clauses
        ranks = [q for _, qs in clauses for q in qs]
        top += [q for q in ranks if any(abs(q.start - t.end) < 8 or abs(t.start - q.end) < 8 for t in top)]
    if any(qty.agree(claim_q, q) for q in top):
        return "match", None
    return "mismatch", top[0]


def same_word(a: str, b: str) -> bool:
    """Do two counted-noun phrases share a word ("Ant Financial people" / "people")?"""
    return bool(terms_in(set(tokenize(a)), set(tokenize(b))) or terms_in(set(tokenize(b)), set(tokenize(a))))


def negated_where_aligned(claim: Claim, text: str) -> bool:
    """Negation in the clauses of the evidence that share the most terms with the claim."""
    scored = [(len(terms_in(set(claim.terms), set(tokenize(text[a:b])))), a, b) for a, b in clause_spans(text)]
    best = max(s for s, _, _ in scored)
    return any(negated(text[a:b]) for s, a, b in scored if s == best)


def entity_swap(claim: Claim, window: Window, passage_text: str, doc_text: str) -> tuple[str, str] | None:
    """A name in the claim that the passage lacks, where the evidence names someone else instead.

    The other name is taken from the evidence clause that shares most terms with the claim.
    """
    missing = [e for e in entities(claim.text, doc_text) if e.lower() not in passage_text.lower()]
    if len(missing) != 1:
        return None
    # The other name must fill the same slot ("in Shanghai" is not swapped for "with Cainiao").
    wanted = slot(claim.text, missing[0])
    best: tuple[int, str] | None = None
    for a, b in clause_spans(window.text):
        clause = window.text[a:b]
        others = [e for e in entities(clause, doc_text)
                  if e.lower() not in claim.text.lower() and slot(window.text, e) == wanted]
        if others:
            overlap = len(terms_in(set(claim.terms), set(tokenize(clause))))
            if best is None or overlap > best[0]:
                best = (overlap, others[0])
    return (missing[0], best[1]) if best else None


def title_mismatch(claim: Claim, window: Window, doc_text: str) -> str | None:
    """The claim gives a person another title than the evidence does, or gives the title to another person.

    "Wang Lei is the CEO of ..." against "Wang Lei, president of ..."; "Ban He is the president of
    ..." against "Wang Lei, president of ...".
    """
    for name in entities(claim.text, doc_text):
        said = title_near(claim.text, name)
        if not said:
            continue
        found = title_near(window.text, name) if name.lower() in window.text.lower() else None
        if found and found.lower() != said.lower():
            return f"claim says {name} is {said}; the case says {found}"
        if found is None:
            holders = [other for other in entities(window.text, doc_text) if other.lower() != name.lower()
                       and (title_near(window.text, other) or "").lower() == said.lower()]
            if holders:
                return f"claim says {name} is {said}; the case says {holders[0]} is {said}"
    return None
