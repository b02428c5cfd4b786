"""BM25 over passages with bm25s: tokenisation (lower case, stop words, Snowball stems) and scoring."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import bm25s
import numpy as np
import Stemmer

# A general English stop list plus question words: "how", "why", "which" say what kind of
# answer is wanted, not which passage holds it.
STOPWORDS = frozenset(
    """
    a about above after again against all also am an and any are aren as at be because been before
    being below between both but by can cannot could couldn did didn do does doesn doing don down
    during each either else ever few for from further get gets got had hadn has hasn have haven
    having he her here hers herself him himself his how however i if in into is isn it its itself
    just let me more most much must mustn my myself neither nor now of off on once only or other
    ought our ours ourselves out over own per same shall shan she should shouldn so some such than
    that the their theirs them themselves then there these they this those through thus to too under
    until up upon us very was wasn we were weren what when where whether which while who whom whose
    why will with won would wouldn yet you your yours yourself yourselves s t d ll m o re ve y
    """.split()
)
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|\w+", re.UNICODE)
_STEMMER = Stemmer.Stemmer("english")
MAX_QUERY_TOKENS = 2_000  # a pasted essay as a "question" stays fast
PREFIX = 5


@lru_cache(maxsize=200_000)
def _stem(word: str) -> str:
    return _STEMMER.stemWord(word)


def terms_with_words(text: str) -> list[tuple[str, str]]:
    """(stem, original word) for each content word, numbers excluded."""
    out = []
    for match in _TOKEN.finditer(text):
        word = match.group()
        low = word.lower()
        ordinal_suffix = low in ("st", "nd", "rd", "th") and match.start() > 0 and text[match.start() - 1].isdigit()
        if not word[0].isdigit() and low not in STOPWORDS and len(low) > 1 and not ordinal_suffix:
            out.append((_stem(low), word))
    return out


def tokenize(text: str) -> list[str]:
    """Lower-cased, stemmed content tokens; numbers keep their digits ("1,800" -> "1800")."""
    out = []
    for match in _TOKEN.finditer(text.lower()):
        tok = match.group()
        if tok[0].isdigit():
            out.append(tok.replace(",", ""))
        elif tok not in STOPWORDS and len(tok) > 1:
            out.append(_stem(tok))
    return out


class Lexical:
    """A BM25 index over a fixed list of texts (rows match the passage table)."""

    def __init__(self, retriever: bm25s.BM25 | None, size: int) -> None:
        self._bm25 = retriever
        self.size = size
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
            for term in self._bm25.vocab_dict if self._bm25 is not None else ():
                if len(term) >= PREFIX and not term[0].isdigit():
                    by_prefix.setdefault(term[:PREFIX], []).append(term)
            self._by_prefix = by_prefix
        return self._by_prefix

    def idf(self, terms: set[str]) -> dict[str, float]:
        """BM25 inverse document frequency of stemmed terms (unseen terms get the maximum)."""
        if self._bm25 is None:
            return dict.fromkeys(terms, 1.0)
        vocab = self._bm25.vocab_dict
        indptr = self._bm25.scores["indptr"]
        n = max(self.size, 1)
        out = {}
        for term in terms:
            tid = vocab.get(term)
            df = int(indptr[tid + 1] - indptr[tid]) if tid is not None and tid + 1 < len(indptr) else 0
            out[term] = float(np.log(1.0 + (n - df + 0.5) / (df + 0.5)))
        return out

    def vocabulary(self) -> frozenset[str]:
        """Every stemmed term of the indexed passages (computed once: the index never changes)."""
        if self._vocabulary is None:
            self._vocabulary = frozenset(t for t in self._bm25.vocab_dict if t) if self._bm25 else frozenset()
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
