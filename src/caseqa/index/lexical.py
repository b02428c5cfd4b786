"""BM25 over passages with bm25s, on the content terms of :mod:`caseqa.language.terms`."""

from __future__ import annotations

from pathlib import Path

import bm25s
import numpy as np

from caseqa.errors import CaseQAError
from caseqa.language.terms import PREFIX, tokenize

MAX_QUERY_TOKENS = 2_000  # a pasted essay as a "question" stays fast


class Bm25Layout(CaseQAError):
    """bm25s no longer keeps its vocabulary and term matrix the way :func:`term_statistics` reads them."""


def term_statistics(retriever: bm25s.BM25) -> tuple[dict[str, int], np.ndarray]:
    """Each indexed term's id, and each term id's document frequency.

    bm25s has no public call for either: it keeps the term ids in ``vocab_dict`` and the scores
    as a term-by-document CSC matrix in ``scores`` (``indptr[t + 1] - indptr[t]`` documents hold
    term ``t``; the empty term it adds for unknown words has the last id and no column). This is
    the one place that reads them; ``tests/test_lexical.py`` pins the layout, so a bm25s release
    that changes it fails there and here, loudly, not quietly in the ranking.

    Raises:
        Bm25Layout: The attributes are missing or do not fit together.
    """
    vocab = getattr(retriever, "vocab_dict", None)
    indptr = (getattr(retriever, "scores", None) or {}).get("indptr")
    if not isinstance(vocab, dict) or indptr is None or len(indptr) not in (len(vocab), len(vocab) + 1):
        raise Bm25Layout(f"bm25s {getattr(bm25s, '__version__', '?')} keeps its index differently from the "
                         "release caseqa pins; install the bm25s version in requirements.txt")
    df = np.zeros(len(vocab), dtype=np.int64)
    counts = np.diff(np.asarray(indptr))
    df[: len(counts)] = counts
    return vocab, df


class Lexical:
    """A BM25 index over a fixed list of texts (rows match the passage table)."""

    def __init__(self, retriever: bm25s.BM25 | None, size: int) -> None:
        self._bm25 = retriever
        self.size = size
        self._vocab, self._df = term_statistics(retriever) if retriever is not None else ({}, np.zeros(0, np.int64))
        self._by_prefix: dict[str, list[str]] | None = None
        self._vocabulary: frozenset[str] | None = None

    @classmethod
    def build(cls, texts: list[str]) -> Lexical:
        """Index texts; an empty text still takes its row."""
        tokens = [tokenize(t) for t in texts]
        if not any(tokens):  # bm25s cannot index an empty vocabulary
            return cls(None, len(texts))
        retriever = bm25s.BM25(k1=1.2, b=0.75)
        retriever.index(tokens, show_progress=False)
        return cls(retriever, len(texts))

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every row for the query (zeros when no query term is indexed)."""
        tokens = self.expand(tokenize(query)[:MAX_QUERY_TOKENS])
        if not tokens or self._bm25 is None:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(self._bm25.get_scores(tokens), dtype=np.float32)[: self.size]

    def expand(self, tokens: list[str]) -> list[str]:
        """Add indexed terms that extend a query stem or that it extends, from 5 letters on.

        The Snowball stemmer leaves derivations apart ("created" -> "creat", "creation" ->
        "creation"); a shared prefix of 5+ letters where one stem starts the other joins them.
        """
        if self._bm25 is None:
            return tokens
        out = list(tokens)
        for token in dict.fromkeys(tokens):
            if len(token) < PREFIX or token[0].isdigit():
                continue
            out.extend(t for t in self._prefixes().get(token[:PREFIX], ())
                       if t != token and (t.startswith(token) or token.startswith(t)))
        return out

    def knows(self, stem: str) -> bool:
        """Is the stem indexed, or (from 5 letters) the start of an indexed term ("creat" of "creation")?"""
        if stem in self.vocabulary():
            return True
        return len(stem) >= PREFIX and any(t.startswith(stem) for t in self._prefixes().get(stem[:PREFIX], ()))

    def _prefixes(self) -> dict[str, list[str]]:
        """Indexed terms of 5+ letters by their first 5 letters, built once."""
        if self._by_prefix is None:
            by_prefix: dict[str, list[str]] = {}
            for term in self._vocab:
                if len(term) >= PREFIX and not term[0].isdigit():
                    by_prefix.setdefault(term[:PREFIX], []).append(term)
            self._by_prefix = by_prefix
        return self._by_prefix

    def idf(self, terms: set[str]) -> dict[str, float]:
        """BM25 inverse document frequency of stemmed terms (unseen terms get the maximum)."""
        if self._bm25 is None:
            return dict.fromkeys(terms, 1.0)
        n = max(self.size, 1)
        out = {}
        for term in terms:
            tid = self._vocab.get(term)
            df = int(self._df[tid]) if tid is not None else 0
            out[term] = float(np.log(1.0 + (n - df + 0.5) / (df + 0.5)))
        return out

    def vocabulary(self) -> frozenset[str]:
        """Every stemmed term of the indexed passages (computed once: the index never changes)."""
        if self._vocabulary is None:
            self._vocabulary = frozenset(t for t in self._vocab if t)
        return self._vocabulary

    def save(self, folder: Path) -> None:
        """Write bm25s's own files (plain .npy and JSON, no pickle); nothing for an empty index."""
        if self._bm25 is not None:
            self._bm25.save(str(folder), show_progress=False)

    @classmethod
    def load(cls, folder: Path, size: int) -> Lexical:
        """Read an index written by :meth:`save`."""
        if not (folder / "params.index.json").is_file():
            return cls(None, size)
        return cls(bm25s.BM25.load(str(folder), show_progress=False, mmap=False), size)
