"""BM25 over passages, on the content terms of :mod:`caseqa.language.terms`, kept as plain arrays.

The index keeps each passage's term ids (so that adding a case tokenises that case only) and the
BM25 score of every (term, passage) pair as a term-by-passage CSC matrix, computed with NumPy in
one pass. Scores are those of bm25s's default "lucene" variant (``tests/test_lexical.py`` checks
them against bm25s on real text): caseqa used bm25s until rebuilding its matrix from scratch, in a
Python loop per passage, took 19 s at 100,000 passages on every case added.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from caseqa.language.terms import PREFIX, tokenize

MAX_QUERY_TOKENS = 2_000  # a pasted essay as a "question" stays fast
_ARRAYS = ("terms", "offsets", "data", "indices", "indptr")


@dataclass(frozen=True)
class Terms:
    """Term ids of a run of passages: ``ids[offsets[i]:offsets[i + 1]]`` are passage i's, in order."""

    ids: np.ndarray  # int32
    offsets: np.ndarray  # int64, one more than there are passages

    @property
    def rows(self) -> int:
        """Passages covered."""
        return len(self.offsets) - 1

    def slice(self, start: int, end: int) -> Terms:
        """Passages [start, end), offsets from 0."""
        a, b = int(self.offsets[start]), int(self.offsets[end])
        return Terms(self.ids[a:b], self.offsets[start:end + 1] - a)

    @staticmethod
    def join(parts: Sequence[Terms]) -> Terms:
        """The passages of every part, one after the other."""
        if not parts:
            return Terms(np.zeros(0, np.int32), np.zeros(1, np.int64))
        ids = np.concatenate([np.asarray(p.ids, dtype=np.int32) for p in parts])
        lengths = np.concatenate([np.diff(np.asarray(p.offsets, dtype=np.int64)) for p in parts])
        return Terms(ids, np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64))


@dataclass
class Lexical:
    """A BM25 index over a fixed list of texts (rows match the passage table).

    Attributes:
        vocab: Term -> id. Ids only grow: a term whose passages were all removed keeps its id
            with no passage (document frequency 0) until the next full rebuild.
        terms: Each row's term ids.
        data, indices, indptr: The BM25 score of each (term, row) pair, term by term (CSC):
            column ``t`` is ``data[indptr[t]:indptr[t + 1]]`` at rows ``indices[...]``.
        k1, b: BM25's parameters.
    """

    vocab: dict[str, int]
    terms: Terms
    data: np.ndarray
    indices: np.ndarray
    indptr: np.ndarray
    k1: float = 1.2
    b: float = 0.75
    _by_prefix: dict[str, list[str]] | None = field(default=None, repr=False)
    _vocabulary: frozenset[str] | None = field(default=None, repr=False)

    @property
    def size(self) -> int:
        """Rows (passages) indexed."""
        return self.terms.rows

    @classmethod
    def build(cls, texts: Sequence[str], k1: float = 1.2, b: float = 0.75) -> Lexical:
        """Index texts (an empty text still takes its row) with BM25's ``k1`` and ``b``."""
        vocab: dict[str, int] = {}
        return cls.from_terms(vocab, tokenise(texts, vocab), k1, b)

    @classmethod
    def from_terms(cls, vocab: dict[str, int], terms: Terms, k1: float = 1.2, b: float = 0.75) -> Lexical:
        """The BM25 matrix of rows given as term ids (the ids of ``vocab``), in one vectorised pass."""
        n, n_terms = terms.rows, len(vocab)
        lengths = np.diff(terms.offsets)
        rows = np.repeat(np.arange(n, dtype=np.int64), lengths)
        # Sorting (term, row) pairs gives the CSC order directly; equal pairs are a term's frequency.
        keys, tf = np.unique(terms.ids.astype(np.int64) * max(n, 1) + rows, return_counts=True)
        term, row = keys // max(n, 1), keys % max(n, 1)
        df = np.bincount(term, minlength=n_terms)
        avg = float(lengths.mean()) if n else 1.0
        idf = np.log(1.0 + (n - df + 0.5) / (df + 0.5))
        tfc = tf / (k1 * ((1 - b) + b * lengths[row] / (avg or 1.0)) + tf)
        data = (idf[term] * tfc).astype(np.float32)
        indptr = np.concatenate([[0], np.cumsum(df)]).astype(np.int64)
        return cls(vocab, terms, data, row.astype(np.int32), indptr, k1, b)

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every row for the query (zeros when no query term is indexed)."""
        out = np.zeros(self.size, dtype=np.float32)
        for token in self.expand(tokenize(query)[:MAX_QUERY_TOKENS]):
            tid = self.vocab.get(token)
            if tid is not None:  # a repeated token counts again, as in BM25 over the query's tokens
                a, b = self.indptr[tid], self.indptr[tid + 1]
                out[self.indices[a:b]] += self.data[a:b]  # a term's rows are distinct
        return out

    def expand(self, tokens: list[str]) -> list[str]:
        """Add indexed terms that extend a query stem or that it extends, from 5 letters on.

        The Snowball stemmer leaves derivations apart ("created" -> "creat", "creation" ->
        "creation"); a shared prefix of 5+ letters where one stem starts the other joins them.
        """
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
            for term in self.vocabulary():
                if len(term) >= PREFIX and not term[0].isdigit():
                    by_prefix.setdefault(term[:PREFIX], []).append(term)
            self._by_prefix = {k: sorted(v) for k, v in by_prefix.items()}
        return self._by_prefix

    def _df(self, tid: int) -> int:
        return int(self.indptr[tid + 1] - self.indptr[tid]) if tid + 1 < len(self.indptr) else 0

    def idf(self, terms: set[str]) -> dict[str, float]:
        """BM25 inverse document frequency of stemmed terms (unseen terms get the maximum)."""
        if not self.vocabulary():
            return dict.fromkeys(terms, 1.0)
        n = max(self.size, 1)
        out = {}
        for term in terms:
            tid = self.vocab.get(term)
            df = self._df(tid) if tid is not None else 0
            out[term] = float(np.log(1.0 + (n - df + 0.5) / (df + 0.5)))
        return out

    def vocabulary(self) -> frozenset[str]:
        """Every stemmed term of the indexed passages (computed once: the index never changes)."""
        if self._vocabulary is None:
            df = np.diff(self.indptr)
            self._vocabulary = frozenset(t for t, i in self.vocab.items() if i < len(df) and df[i] > 0)
        return self._vocabulary

    def save(self, folder: Path) -> None:
        """Write plain .npy arrays (no pickle) and the vocabulary as a JSON list in id order."""
        by_id = [""] * len(self.vocab)
        for term, tid in self.vocab.items():
            by_id[tid] = term
        (folder / "vocab.json").write_text(json.dumps(by_id, ensure_ascii=False), encoding="utf-8")
        (folder / "params.json").write_text(json.dumps({"k1": self.k1, "b": self.b, "rows": self.size}))
        arrays = {"terms": self.terms.ids, "offsets": self.terms.offsets, "data": self.data,
                  "indices": self.indices, "indptr": self.indptr}
        for name in _ARRAYS:
            np.save(folder / f"{name}.npy", np.ascontiguousarray(arrays[name]), allow_pickle=False)

    @classmethod
    def load(cls, folder: Path, size: int, mmap: bool = True) -> Lexical:
        """Read what :meth:`save` wrote, the arrays memory-mapped unless ``mmap`` is False.

        Raises:
            ValueError: The files do not fit together or do not have ``size`` rows.
        """
        by_id = json.loads((folder / "vocab.json").read_text(encoding="utf-8"))
        params = json.loads((folder / "params.json").read_text(encoding="utf-8"))
        a = {name: np.load(folder / f"{name}.npy", allow_pickle=False, mmap_mode="r" if mmap else None)
             for name in _ARRAYS}
        if len(a["offsets"]) != size + 1 or len(a["indptr"]) != len(by_id) + 1 or int(params["rows"]) != size:
            raise ValueError(f"BM25 arrays in {folder} do not match {size} passages")
        return cls({t: i for i, t in enumerate(by_id)}, Terms(a["terms"], a["offsets"]), a["data"],
                   a["indices"], a["indptr"], float(params["k1"]), float(params["b"]))


def tokenise(texts: Sequence[str], vocab: dict[str, int]) -> Terms:
    """Term ids of each text, adding new terms to ``vocab`` (ids in order of first sight)."""
    ids: list[int] = []
    offsets = [0]
    for text in texts:
        for token in tokenize(text):
            tid = vocab.get(token)
            if tid is None:
                tid = vocab[token] = len(vocab)
            ids.append(tid)
        offsets.append(len(ids))
    return Terms(np.asarray(ids, dtype=np.int32), np.asarray(offsets, dtype=np.int64))
