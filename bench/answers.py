"""Is the highlighted sentence the answer, and is the "does not say" notice given when it should be?

On the seed case's tune questions (bench/data/seed/questions_tune.jsonl: `answerable`, `evidence` =
the exact answering sentence) and on the held-out half of the public data the answer model was
*not* trained on (SQuAD 2.0 dev articles and PolicyQA test policies; see train/public.py):

    H@1        the top card's first highlight overlaps the answer (answerable questions; a card
               shown without highlights counts as a miss)
    S@1        the top card holds the answer at all (so H@1 / S@1 is the highlight's own share)
    notice     precision and recall of the notice on unanswerable questions, and the share of
               answerable questions that get it (false alarms)

    python bench/answers.py [--data /work/data] [--work DIR] [--only seed|squad|policyqa]

`--work` keeps the public indexes between runs (they take a minute or two to embed).
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from pathlib import Path

from _common import ROOT, read_jsonl, save

sys.path.insert(0, str(ROOT / "train"))

import public

from caseqa.app.engine import Engine
from caseqa.config import Settings

SEED_QUESTIONS = ROOT / "bench" / "data" / "seed" / "questions_tune.jsonl"


def find_span(text: str, quote: str) -> tuple[int, int]:
    """Where ``quote`` sits in ``text``, whitespace differences aside."""
    pattern = r"\s+".join(re.escape(w) for w in quote.split())
    m = re.search(pattern, text)
    if m is None:
        raise SystemExit(f"bench/answers.py: evidence not found in the case: {quote[:80]!r}")
    return m.start(), m.end()


def overlaps(span: tuple[int, int], spans: tuple[tuple[int, int], ...]) -> bool:
    return any(span[0] < e and s < span[1] for s, e in spans)


class Tally:
    """Counts for one data set."""

    def __init__(self) -> None:
        self.answerable = self.unanswerable = 0
        self.h1 = self.s1 = 0
        self.flag_answerable = self.flag_unanswerable = 0
        self.examples: list[str] = []

    def add(self, answerable: bool, gold: tuple[tuple[int, int], ...], doc: str, hits: list, notice: object) -> None:
        flagged = notice is not None
        if not answerable:
            self.unanswerable += 1
            self.flag_unanswerable += flagged
            return
        self.answerable += 1
        self.flag_answerable += flagged
        if hits and hits[0].passage.doc_id == doc:
            top = hits[0]
            held = overlaps((top.passage.start, top.passage.end), gold)
            self.s1 += held
            self.h1 += bool(top.highlights) and overlaps(top.highlights[0], gold)

    def result(self) -> dict[str, object]:
        flagged = self.flag_answerable + self.flag_unanswerable
        out: dict[str, object] = {
            "answerable": self.answerable,
            "H@1": round(self.h1 / self.answerable, 3) if self.answerable else None,
            "S@1": round(self.s1 / self.answerable, 3) if self.answerable else None,
            "notice_on_answerable": f"{self.flag_answerable}/{self.answerable}",
        }
        if self.unanswerable:
            out |= {
                "unanswerable": self.unanswerable,
                "notice_recall": round(self.flag_unanswerable / self.unanswerable, 3),
                "notice_precision": round(self.flag_unanswerable / flagged, 3) if flagged else None,
                "notice_on_unanswerable": f"{self.flag_unanswerable}/{self.unanswerable}",
            }
        return out


def answer(engine: Engine, question: str, doc: str | None) -> tuple[list, object]:
    """The hits as a person sees them (no highlights with a notice) and the notice."""
    got = engine.answer(question, k=5, doc=doc)
    return got.hits, got.notice


def seed(tmp: Path) -> dict[str, object]:
    engine = Engine(Settings(corpus_dir=ROOT / "corpus", index_dir=tmp / "seed-index"))
    engine.build()
    doc = "alibaba-covid19.txt"
    text = engine.index.documents[doc].text
    tally = Tally()
    for row in read_jsonl(SEED_QUESTIONS):
        gold = (find_span(text, row["evidence"]),) if row["answerable"] else ()
        hits, notice = answer(engine, row["question"], None)
        tally.add(row["answerable"], gold, doc, hits, notice)
    return tally.result()


def held_out(source: str, data: Path, work: Path) -> dict[str, object]:
    texts, questions, split = public.splits(data)[source]
    corpus = public.write_corpus(texts, split.held_out, work / f"{source}-held-out" / "corpus")
    engine = Engine(Settings(corpus_dir=corpus, index_dir=corpus.parent / "index"))
    engine.ensure_index()
    tally = Tally()
    started = time.perf_counter()
    for q in questions:
        if q.doc in split.held_out:
            hits, notice = answer(engine, q.question, q.doc)
            tally.add(q.answerable, q.spans, q.doc, hits, notice)
    return {**tally.result(), "seconds": round(time.perf_counter() - started, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=Path("/work/data"), help="public data (see /work/data/README.md)")
    parser.add_argument("--work", type=Path, help="keep the public indexes here between runs")
    parser.add_argument("--only", choices=["seed", "squad", "policyqa"])
    args = parser.parse_args()
    results: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as tmp:
        work = args.work or Path(tmp)
        if args.only in (None, "seed"):
            results["seed_tune"] = seed(Path(tmp))
        for source in ("squad", "policyqa"):
            if args.only in (None, source):
                results[f"{source}_held_out"] = held_out(source, args.data, work)
    for name, res in results.items():
        print(f"{name:18} " + "  ".join(f"{k}={v}" for k, v in res.items()))
    print("saved", save("answers" + (f"-{args.only}" if args.only else ""), results))


if __name__ == "__main__":
    main()
