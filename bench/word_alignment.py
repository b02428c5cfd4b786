"""Where the word-alignment threshold comes from: similarity of paired words, by layer, on public
and on our own data.

1. SNLI dev+test (CC BY-SA 4.0, read from ``--snli``, default /work/data/snli): pairs whose
   hypothesis swaps exactly one content word of the premise ("man" -> "person" entailed, "man" ->
   "woman" contradicted). The cosine of the two words' contextual states, by label: how far
   similarity alone tells a paraphrase from an incompatible word.
2. Our tune claims (bench/data/seed/claims_tune.jsonl and tests/data/claims_*.jsonl): each claim
   word the best evidence lacks, paired with its most similar evidence word; by the claim's label.

    python bench/word_alignment.py [--snli DIR] [--layers 3 4 5] [--threshold 0.6]
"""

from __future__ import annotations

import argparse
import json
import re
import tempfile
from pathlib import Path

import numpy as np
from _common import ROOT, percentile, read_jsonl, save

from caseqa.app.engine import Engine
from caseqa.claims.align import terms_in
from caseqa.claims.text import Claim, entities
from caseqa.claims.wordalign import align, content_words
from caseqa.config import Settings
from caseqa.index.encoder import SentenceTransformerEncoder
from caseqa.language.terms import STOPWORDS, tokenize

CLAIM_FILES = [ROOT / "bench/data/seed/claims_tune.jsonl", *(ROOT / "tests/data").glob("claims_*.jsonl")]


def snli_swaps(folder: Path) -> list[dict]:
    """SNLI pairs of equal length that differ in exactly one content word."""
    out = []
    for split in ("dev", "test"):
        for row in read_jsonl(folder / f"{split}.jsonl"):
            a, b = row["text_a"].split(), row["text_b"].split()
            if len(a) != len(b):
                continue
            diff = [i for i, (x, y) in enumerate(zip(a, b)) if x.lower() != y.lower()]
            if len(diff) != 1:
                continue
            i = diff[0]
            if all(re.fullmatch(r"[A-Za-z]+", w) and w.lower() not in STOPWORDS for w in (a[i], b[i])):
                out.append({**row, "index": i})
    return out


def word_vector(text: str, index: int, states) -> np.ndarray:
    """The mean state of the pieces of the index-th space-separated word."""
    match = list(re.finditer(r"\S+", text))[index]
    rows = [k for k, (s, e) in enumerate(states.spans) if s >= match.start() and e <= match.end() and e > s]
    vector = states.vectors[rows].mean(0)
    return vector / np.linalg.norm(vector)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--snli", type=Path, default=Path("/work/data/snli"))
    parser.add_argument("--layers", type=int, nargs="+", default=[3, 4, 5])
    parser.add_argument("--threshold", type=float, default=Settings().claims.align_similarity)
    args = parser.parse_args()
    encoder = SentenceTransformerEncoder()
    result: dict[str, dict] = {"snli_single_word_swaps": {}, "our_claims": {}}
    swaps = snli_swaps(args.snli) if args.snli.is_dir() else []
    for layer in args.layers:
        by_label: dict[str, list[float]] = {}
        for row in swaps:
            a = word_vector(row["text_a"], row["index"], encoder.encode_tokens(row["text_a"], layer))
            b = word_vector(row["text_b"], row["index"], encoder.encode_tokens(row["text_b"], layer))
            by_label.setdefault(row["label"], []).append(float(a @ b))
        result["snli_single_word_swaps"][f"layer {layer}"] = {
            label: {"n": len(v), "median": round(percentile(v, 0.5), 3),
                    f"share >= {args.threshold}": round(sum(x >= args.threshold for x in v) / len(v), 3)}
            for label, v in sorted(by_label.items())}
    tmp = tempfile.TemporaryDirectory()
    engine = Engine(Settings(corpus_dir=ROOT / "corpus", index_dir=Path(tmp.name) / "index"), encoder)
    engine.build()
    doc = next(iter(engine.index.documents.values())).text
    layer = Settings().claims.align_layer
    pairs: dict[str, list[tuple[float, str]]] = {}
    for path in CLAIM_FILES:
        for row in read_jsonl(path):
            verdict = engine.check(row["claim"])[0]
            if not verdict.evidence:
                continue
            evidence = verdict.evidence[0].text
            claim = Claim.parse(row["claim"])
            wanted = {s: w for s, w in claim.words.items() if not terms_in({s}, set(tokenize(evidence)))}
            names = frozenset(w.lower() for n in entities(claim.text, doc) + entities(evidence, doc) for w in n.split())
            found = align(claim.text, content_words(claim.text, encoder.encode_tokens(claim.text, layer)), wanted,
                          content_words(evidence, encoder.encode_tokens(evidence, layer)), -1.0, names)
            pairs.setdefault(row["label"], []).extend(
                (p.similarity, f"{p.claim_word}~{p.evidence_word}") for p in found)
    for label, found in sorted(pairs.items()):
        above = sorted((p for p in found if p[0] >= args.threshold), reverse=True)
        result["our_claims"][label] = {"pairs": len(found), f">= {args.threshold}": len(above),
                                       "above": [f"{w} {s:.2f}" for s, w in above]}
    tmp.cleanup()
    print(json.dumps(result, indent=1))
    print("saved", save("word_alignment", result))


if __name__ == "__main__":
    main()
