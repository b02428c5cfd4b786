"""A deterministic fake encoder for wiring tests (the real MiniLM is used where ranking matters)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

import numpy as np

_WORD = re.compile(r"\w+")


class HashingEncoder:
    """Bag of hashed words -> a normalised vector; counts every text it embeds."""

    name = "all-MiniLM-L6-v2"
    dim = 64
    max_tokens = 256

    def __init__(self) -> None:
        self.calls = 0
        self.texts_encoded = 0
        self.encoded: list[str] = []

    def _vector(self, text: str) -> np.ndarray:
        vec = np.zeros(self.dim, dtype=np.float32)
        for word in _WORD.findall(text.lower()):
            h = int.from_bytes(hashlib.blake2b(word.encode(), digest_size=4).digest(), "little")
            vec[h % self.dim] += 1.0 if (h >> 16) & 1 else -1.0
        norm = np.linalg.norm(vec)
        return vec / norm if norm else vec

    def encode(self, texts: Sequence[str], progress=None) -> np.ndarray:
        self.calls += 1
        self.texts_encoded += len(texts)
        self.encoded.extend(texts)
        out = np.stack([self._vector(t) for t in texts]) if texts else np.zeros((0, self.dim), np.float32)
        if progress:
            progress(len(texts))
        return out.astype(np.float32)

    def encode_query(self, text: str) -> np.ndarray:
        return self._vector(text)

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        return [int(len(t.split()) * 1.3) + 2 for t in texts]

    def encode_tokens(self, text: str, layer: int, query: bool = False) -> None:
        return None  # no contextual tokens: claims fall back to words in common
