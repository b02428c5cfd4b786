"""Aligning a claim with the case: evidence windows of adjacent sentences, scored against the claim.

A window is one to three adjacent sentences of a candidate passage, scored on similarity to the
claim and on the share of the claim's content it holds (see :mod:`caseqa.claims.compare` for what
is then compared inside it, and :mod:`caseqa.claims.verdict` for the verdict).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from caseqa.claims.text import SYNONYMS, Claim
from caseqa.config import ClaimSettings
from caseqa.index.model import Index
from caseqa.language import quantities as qty
from caseqa.language.terms import related
from caseqa.retrieve.highlight import features
from caseqa.types import Passage


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
    return {stem for stem in stems
            if stem in text_stems or SYNONYMS.get(stem, frozenset()) & text_stems
            or any(related(stem, t) for t in text_stems)}


def score_windows(index: Index, passage: Passage, claim: Claim, sims: np.ndarray,
                  idf: dict[str, float], settings: ClaimSettings) -> list[Window]:
    """Every window of one to ``settings.max_window`` adjacent sentences of a passage, scored against the claim."""
    text = index.documents[passage.doc_id].text
    sentences = passage.sentences
    stems = set(claim.terms)
    total = sum(idf[s] for s in stems) or 1.0
    sentence_stems = [features(text[a:b]).terms for a, b in sentences]
    sentence_quantities = [qty.extract(text[a:b]) for a, b in sentences] if claim.quantities else [[]] * len(sentences)
    out = []
    for i in range(len(sentences)):
        for j in range(i + 1, min(i + settings.max_window, len(sentences)) + 1):
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
            score = (similarity + settings.window_coverage * coverage + settings.window_comparable * comparable
                     + settings.window_agreeing * agreeing - settings.window_length_cost * (j - i - 1))
            out.append(Window(passage, sentences[i][0], sentences[j - 1][1], body, similarity, coverage,
                               frozenset(found), score))
    return out
