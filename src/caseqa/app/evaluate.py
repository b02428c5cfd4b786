"""Retrieval metrics on a question file: S@1/3/5, MRR, H@1 and mean passage size."""

from __future__ import annotations

import re
from dataclasses import dataclass

from caseqa.config import Settings
from caseqa.errors import QueryError
from caseqa.index.encoder import Encoder
from caseqa.index.model import Index
from caseqa.retrieve.search import search


@dataclass(frozen=True)
class EvalResult:
    """Scores as ``../shared/tools/score_retrieval.py`` computes them."""

    questions: int
    s1: float
    s3: float
    s5: float
    mrr: float
    h1: float
    mean_passage_words: float
    missed_at_5: tuple[str, ...]

    def as_dict(self) -> dict[str, object]:
        """JSON-ready, with the scorer's key names."""
        return {"questions": self.questions, "S@1": self.s1, "S@3": self.s3, "S@5": self.s5, "MRR": self.mrr,
                "H@1": self.h1, "mean_passage_words": self.mean_passage_words, "missed_at_5": list(self.missed_at_5)}


def locate(row: dict, index: Index) -> tuple[str, int, int]:
    """The gold document and span of a question: given, or found by its evidence quote.

    Raises:
        QueryError: The evidence quote is not in any indexed document.
    """
    if "start" in row and "end" in row and "doc" in row:
        return row["doc"], int(row["start"]), int(row["end"])
    pattern = r"\s+".join(map(re.escape, str(row.get("evidence", "")).split()))
    docs = [row["doc"]] if row.get("doc") in index.documents else sorted(index.documents)
    for doc_id in docs:
        found = re.search(pattern, index.documents[doc_id].text) if pattern else None
        if found:
            return doc_id, found.start(), found.end()
    raise QueryError(f"question {row.get('id')!r}: its evidence quote is not in any indexed case")


def evaluate(index: Index, encoder: Encoder, rows: list[dict], settings: Settings) -> EvalResult:
    """Ask every question (top 5, restricted to ``doc`` when a row names one) and score."""
    s1 = s3 = s5 = h1 = 0
    rr, words, n_hits, missed = 0.0, 0, 0, []
    for row in rows:
        doc, gs, ge = locate(row, index)
        hits = search(index, encoder, str(row.get("question", "")), settings, k=5, doc=row.get("doc"))
        rank = None
        for i, hit in enumerate(hits):
            p = hit.passage
            words += len(p.text.split())
            n_hits += 1
            if rank is None and p.doc_id == doc and max(0, min(p.end, ge) - max(p.start, gs)) >= 0.5 * (ge - gs):
                rank = i
        if hits and hits[0].passage.doc_id == doc and hits[0].highlights:
            hs, he = hits[0].highlights[0]
            h1 += max(0, min(he, ge) - max(hs, gs)) > 0
        if rank is not None:
            s1 += rank < 1
            s3 += rank < 3
            s5 += rank < 5
            rr += 1 / (rank + 1)
        if rank is None or rank >= 5:
            missed.append(str(row.get("id")))
    n = max(len(rows), 1)
    return EvalResult(len(rows), round(s1 / n, 3), round(s3 / n, 3), round(s5 / n, 3), round(rr / n, 3),
                      round(h1 / n, 3), round(words / max(n_hits, 1), 1), tuple(missed))
