"""Warm query latency on the seed case, against the bare cost of one model.encode(question).

Every query text is distinct and the engine's query cache is cleared before each call, so the
figures are real costs of a whole question: encode, search, the answer model's highlights and the
"does not seem to say" decision (``Engine.answer``). The baseline (sentence-transformers'
``model.encode(question)``) is measured in the same run, in alternating blocks, because this
2-core machine is noisy: compare the ratio, not the milliseconds.

    python bench/latency.py
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from _common import EVAL, ROOT, need_shared, percentile, policyqa_sample, read_jsonl, save

from caseqa.app.engine import Engine
from caseqa.config import Settings


def stats(samples: list[float]) -> dict[str, float]:
    ms = [s * 1000 for s in samples]
    return {"p50_ms": round(percentile(ms, 0.5), 2), "p95_ms": round(percentile(ms, 0.95), 2), "n": len(ms)}


def main() -> None:
    need_shared()
    questions = [r["question"] for r in read_jsonl(EVAL / "questions.jsonl")]
    questions += [r["question"] for r in policyqa_sample(200, seed=7)]
    questions = list(dict.fromkeys(questions))
    with tempfile.TemporaryDirectory() as tmp:
        engine = Engine(Settings(corpus_dir=ROOT / "corpus", index_dir=Path(tmp) / "index"))
        engine.build()
        encoder = engine.encoder
        model = encoder._sentence_transformer()  # the bare baseline, already loaded for indexing
        for q in questions[:5]:  # warm up both paths
            model.encode(q)
            engine.answer(q)
        # Blocks, not interleaved calls: torch's and NumPy's thread pools spin for a while after
        # each call and slow whichever runs next. Three rounds of each block average out drift.
        bare, ours, encode_only = [], [], []
        for _ in range(3):
            for q in questions:
                t = time.perf_counter()
                model.encode(q)
                bare.append(time.perf_counter() - t)
            time.sleep(0.5)
            for q in questions:
                encoder._cache.clear()
                t = time.perf_counter()
                encoder.encode_query(q)
                encode_only.append(time.perf_counter() - t)
            for q in questions:
                encoder._cache.clear()
                t = time.perf_counter()
                engine.answer(q)
                ours.append(time.perf_counter() - t)
            time.sleep(0.5)
        claims = [r["claim"] for name in ("claims_seed.jsonl", "claims_heldout.jsonl")
                  for r in read_jsonl(ROOT / "tests" / "data" / name)]
        per_claim = []
        for claim in claims:
            encoder._cache.clear()
            t = time.perf_counter()
            engine.check(claim)
            per_claim.append(time.perf_counter() - t)
        essay = " ".join(claims[:40])
        encoder._cache.clear()
        t = time.perf_counter()
        verdicts = engine.check(essay)
        essay_s = time.perf_counter() - t
    result = {
        "queries": len(questions),
        "bare_model_encode": stats(bare),
        "query_encode_numpy": stats(encode_only),
        "answer_search_highlight_notice": stats(ours),
        "ratio_p50_ask_to_bare_encode": round(percentile(ours, 0.5) / percentile(bare, 0.5), 3),
        "claim_check": stats(per_claim),
        "essay_40_sentences_s": round(essay_s, 3),
        "essay_sentences": len(verdicts),
    }
    for key, value in result.items():
        print(f"{key:32} {value}")
    print("saved", save("latency", result))


if __name__ == "__main__":
    main()
