"""Where indexing spends its time, incremental re-indexing, and where HNSW starts to pay.

1. Build the PolicyQA dev corpus (20 documents) from scratch with the model already loaded;
   report total time and the share spent inside the model forward pass (``encoder.encode``).
2. Re-run on the unchanged corpus (nothing may be embedded) and after changing one file.
3. faiss: exact inner-product search against HNSW on random normalised vectors of growing size,
   to justify ``hnsw_min_vectors``.

    python bench/indexing.py
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

import numpy as np
from _common import EVAL, need_shared, percentile, save

from caseqa.app.engine import Engine
from caseqa.config import Settings
from caseqa.index.encoder import SentenceTransformerEncoder
from caseqa.index.model import make_dense


class TimedEncoder:
    """Wraps the encoder to count texts and time spent in the forward pass."""

    def __init__(self, inner: SentenceTransformerEncoder) -> None:
        self.inner = inner
        self.name, self.dim, self.max_tokens = inner.name, inner.dim, inner.max_tokens
        self.seconds = 0.0
        self.texts = 0

    def encode(self, texts, progress=None):
        t = time.perf_counter()
        out = self.inner.encode(texts, progress)
        self.seconds += time.perf_counter() - t
        self.texts += len(texts)
        return out

    def encode_query(self, text):
        return self.inner.encode_query(text)

    def count_tokens(self, texts):
        return self.inner.count_tokens(texts)


def faiss_sweep() -> list[dict]:
    rng = np.random.default_rng(0)
    rows = []
    for n in (10_000, 50_000, 100_000, 200_000):
        vectors = rng.normal(size=(n, 384)).astype(np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        queries = vectors[rng.choice(n, 50, replace=False)] + 0.1 * rng.normal(size=(50, 384)).astype(np.float32)
        row = {"vectors": n}
        for kind, threshold in (("flat", 10**12), ("hnsw", 0)):
            t = time.perf_counter()
            index = make_dense(vectors, Settings(hnsw_min_vectors=threshold))
            build = time.perf_counter() - t
            times = []
            for q in queries:
                t = time.perf_counter()
                index.search(q.reshape(1, -1), 50)
                times.append(time.perf_counter() - t)
            row[f"{kind}_search_p50_ms"] = round(percentile(times, 0.5) * 1000, 3)
            row[f"{kind}_build_s"] = round(build, 2)
        rows.append(row)
        print(row, flush=True)
    return rows


def main() -> None:
    need_shared()
    encoder = SentenceTransformerEncoder()
    encoder.warm()  # model loading is not indexing time
    timed = TimedEncoder(encoder)
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        shutil.copytree(EVAL / "policyqa-dev" / "corpus", corpus)
        engine = Engine(Settings(corpus_dir=corpus, index_dir=Path(tmp) / "index"), timed)
        t = time.perf_counter()
        full = engine.build()
        full_s = time.perf_counter() - t
        forward_s, texts = timed.seconds, timed.texts
        timed.seconds = 0.0
        t = time.perf_counter()
        again = engine.build()
        again_s = time.perf_counter() - t
        victim = sorted(corpus.iterdir())[0]
        victim.write_text(victim.read_text() + "\n\nThis paragraph was added to change one file.\n")
        t = time.perf_counter()
        one = engine.build()
        one_s = time.perf_counter() - t
    result = {
        "documents": len(full.files),
        "passages": full.passages,
        "texts_embedded": texts,
        "full_build_s": round(full_s, 2),
        "forward_pass_s": round(forward_s, 2),
        "forward_pass_share": round(forward_s / full_s, 3),
        "unchanged_rebuild_s": round(again_s, 2),
        "unchanged_texts_embedded": again.embedded_texts,
        "one_changed_file_s": round(one_s, 2),
        "one_changed_texts_embedded": one.embedded_texts,
        "one_changed_share_of_full": round(one_s / full_s, 3),
    }
    for key, value in result.items():
        print(f"{key:28} {value}")
    result["faiss"] = faiss_sweep()
    print("saved", save("indexing", result))


if __name__ == "__main__":
    main()
