"""Page-hit on real filings: does a returned passage sit on the page that answers?

    python bench/filings.py [--questions bench/data/filings/questions_tune.jsonl] [--pdfs DIR]
                            [--work bench/results/filings] [--k 5]

The PDFs (default ``../shared/eval/filings-dev``) are copied into ``WORK/corpus`` and asked with
``caseqa ask --json --input`` (which indexes them first when the index in ``WORK/index`` is
missing or stale: embedding two 10-Ks takes tens of minutes on a 2-core machine, later runs reuse
it). Each answerable question is asked of its own document (``doc``), as a reader of that filing
would. A hit counts when a returned passage's ``pages`` span includes the gold ``page`` or one of
``also_pages``. Reported: page-hit@1 and @k, MRR (reciprocal rank of the first hit, 0 beyond k)
and words per returned passage, over all questions and by ``kind`` (table / narrative).

Beside caseqa, the same questions go to a **plain dense baseline** (``--baseline``, on by
default): each PDF page's text as PDFium extracts it, cut into 150-word chunks (30 words of
overlap) that never cross a page, embedded with the same MiniLM, and the top k chunks by cosine
similarity within the question's document. The issue's goal is page-hit@5 >= 0.60 on the test half
and at least 0.15 above this baseline. Its chunk vectors are cached in ``WORK/baseline``.

Use the *_tune.jsonl half only while developing; the *_test.jsonl half is for the one-time final
measurement (bench/data/README.md).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PDFS = ROOT.parent / "shared" / "eval" / "filings-dev"


def read_jsonl(path: Path) -> list[dict]:
    """The rows of a JSON-lines file."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def gold_pages(row: dict) -> set[int]:
    """The pages that answer a question: its page and the pages stating the same fact."""
    return {int(row["page"]), *(int(p) for p in row.get("also_pages") or ())}


def first_hit(row: dict, hits: list[dict]) -> int | None:
    """1-based rank of the first hit whose pages include a gold page, or None."""
    gold = gold_pages(row)
    for rank, hit in enumerate(hits, start=1):
        pages = hit.get("pages")
        if pages and any(pages[0] <= g <= pages[1] for g in gold):
            return rank
    return None


def score(rows: list[dict], hits: dict[str, list[dict]], k: int) -> dict[str, float]:
    """page-hit@1, page-hit@k, MRR and words per passage over ``rows`` (answerable questions).

    Args:
        rows: Question rows with ``id``, ``page``, ``also_pages``.
        hits: The returned hits of each question id, best first (``pages``, ``text``).
        k: Hits counted.
    """
    ranks = [first_hit(row, hits.get(row["id"], [])[:k]) for row in rows]
    words = [len(h["text"].split()) for row in rows for h in hits.get(row["id"], [])[:k]]
    n = len(rows) or 1
    return {
        "n": len(rows),
        "hit@1": sum(r == 1 for r in ranks) / n,
        f"hit@{k}": sum(r is not None for r in ranks) / n,
        "mrr": sum(1 / r for r in ranks if r) / n,
        "words": sum(words) / (len(words) or 1),
    }


def report(name: str, rows: list[dict], hits: dict[str, list[dict]], k: int) -> dict[str, dict[str, float]]:
    """Print and return the scores over all answerable rows and by kind."""
    answerable = [r for r in rows if r.get("answerable", True)]
    groups = {"all": answerable, **{kind: [r for r in answerable if r.get("kind") == kind]
                                    for kind in sorted({r.get("kind") for r in answerable} - {None})}}
    out = {}
    print(f"{name}:")
    for group, members in groups.items():
        s = out[group] = score(members, hits, k)
        print(f"  {group:10s} n={s['n']:3d}  page-hit@1 {s['hit@1']:.2f}  page-hit@{k} {s[f'hit@{k}']:.2f}  "
              f"MRR {s['mrr']:.2f}  {s['words']:.0f} words/passage")
    return out


def caseqa_hits(rows: list[dict], pdfs: Path, work: Path, k: int) -> dict[str, list[dict]]:
    """Ask caseqa every answerable question of ``rows`` through ``caseqa ask --json --input``."""
    corpus = work / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    for doc in sorted({r["doc"] for r in rows}):
        target = corpus / doc
        if not target.exists() or target.stat().st_size != (pdfs / doc).stat().st_size:
            shutil.copyfile(pdfs / doc, target)
    questions = work / "questions.jsonl"
    questions.write_text("".join(json.dumps({"id": r["id"], "question": r["question"], "doc": r["doc"], "k": k}) + "\n"
                                 for r in rows if r.get("answerable", True)), encoding="utf-8")
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "caseqa", "ask", "--json", "--input", str(questions), "--corpus", str(corpus),
         "--index", str(work / "index")],
        capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT / "src")}, check=False)
    if done.returncode not in (0,):
        sys.exit(f"bench/filings: caseqa ask failed ({done.returncode}): {done.stderr[-2000:]}")
    print(f"caseqa ask: {time.perf_counter() - started:.0f} s (indexing included when the index was stale)")
    (work / "hits.jsonl").write_text(done.stdout, encoding="utf-8")  # for reading the misses
    return {row["id"]: row.get("hits", []) for row in map(json.loads, done.stdout.splitlines()) if row}


CHUNK_WORDS, OVERLAP_WORDS = 150, 30


def page_chunks(pdf: Path) -> list[tuple[int, str]]:
    """(1-based page, text) of 150-word chunks of each page's plain text, overlapping by 30 words."""
    import pypdfium2

    out = []
    document = pypdfium2.PdfDocument(str(pdf))
    try:
        for number in range(len(document)):
            page = document[number]
            words = page.get_textpage().get_text_range().split()
            step = CHUNK_WORDS - OVERLAP_WORDS
            for start in range(0, max(len(words) - OVERLAP_WORDS, 1), step):
                chunk = words[start:start + CHUNK_WORDS]
                if chunk:
                    out.append((number + 1, " ".join(chunk)))
    finally:
        document.close()
    return out


def baseline_hits(rows: list[dict], pdfs: Path, work: Path, k: int) -> dict[str, list[dict]]:
    """The plain dense baseline's top-k chunks for each answerable question (see the module docstring)."""
    import numpy as np

    sys.path.insert(0, str(ROOT / "src"))
    from caseqa.index.encoder import SentenceTransformerEncoder

    encoder = SentenceTransformerEncoder()
    cache = work / "baseline"
    cache.mkdir(parents=True, exist_ok=True)
    chunks, vectors = {}, {}
    for doc in sorted({r["doc"] for r in rows}):
        chunks[doc] = page_chunks(pdfs / doc)
        stored = cache / f"{doc}.npy"
        if stored.exists() and np.load(stored, allow_pickle=False).shape[0] == len(chunks[doc]):
            vectors[doc] = np.load(stored, allow_pickle=False)
        else:
            started = time.perf_counter()
            vectors[doc] = encoder.encode([text for _, text in chunks[doc]])
            np.save(stored, vectors[doc], allow_pickle=False)
            print(f"baseline: embedded {len(chunks[doc])} chunks of {doc} in {time.perf_counter() - started:.0f} s")
    out = {}
    for row in rows:
        if not row.get("answerable", True):
            continue
        scores = vectors[row["doc"]] @ encoder.encode_query(row["question"])
        top = np.argsort(-scores, kind="stable")[:k]
        out[row["id"]] = [{"pages": [chunks[row["doc"]][i][0]] * 2, "text": chunks[row["doc"]][i][1]} for i in top]
    return out


def main() -> None:
    """Score caseqa, and the plain dense baseline beside it, on the filing questions."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=Path, default=ROOT / "bench" / "data" / "filings" / "questions_tune.jsonl")
    parser.add_argument("--pdfs", type=Path, default=DEFAULT_PDFS)
    parser.add_argument("--work", type=Path, default=ROOT / "bench" / "results" / "filings")
    parser.add_argument("--k", type=int, default=5)
    parser.add_argument("--no-baseline", dest="baseline", action="store_false", help="skip the plain dense baseline")
    args = parser.parse_args()
    rows = read_jsonl(args.questions)
    hits = caseqa_hits(rows, args.pdfs, args.work, args.k)
    results = {"questions": str(args.questions), "k": args.k, "caseqa": report("caseqa", rows, hits, args.k)}
    if args.baseline:
        results["baseline"] = report("plain dense baseline (150-word page chunks, same MiniLM)", rows,
                                     baseline_hits(rows, args.pdfs, args.work, args.k), args.k)
    out = args.work / f"scores-{args.questions.stem}.json"
    out.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
