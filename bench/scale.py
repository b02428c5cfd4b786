"""A school's library on one machine: 1,000 real-text cases (~100,000 passages) against the seed case.

The library is assembled from public prose in ``/work/data`` (read its README for licences):
the 35 Wikipedia articles of SQuAD 2.0 dev and the 40 privacy policies of PolicyQA dev and test,
2,276 distinct paragraphs. Each case is a seeded selection of runs of consecutive paragraphs from
a few of those sources, under its own title, so every case is a different real text; there are
only so many paragraphs, so each one recurs in about 40 cases (BM25 sees that as common words).

What is real and what stands in:

- The 1,000 case files, reading and splitting them, BM25, passages, sentences, the manifest,
  faiss (an HNSW graph past ``hnsw_min_vectors``), saving, loading and every question are real.
- Embedding the library's ~600,000 texts would take hours on 2 shared cores, so its vectors are
  stand-ins: seeded random unit vectors, one per passage and per sentence, float32 from the
  "model" and float16 on disk like real ones. faiss, the highlighter and memory pay the same for
  them; what they cannot show is ranking quality at scale (measured on the seed case and the
  dev sets instead). The model's cost is measured on a sample of the same sources (8 of the 75
  texts, real model, the indexing pipeline against the bare model on the very same texts) and
  scaled up to the library's token count.
- The seed case is indexed with the real model in the same run, and the case added to the
  library is embedded with the real model, so "add one case" includes its true embedding time.

Everything lives outside the repository in ``CASEQA_SCALE_CACHE`` (default
``/work/data/scale-cache``); a second run reuses the library and its index.

    python bench/scale.py            # build what is missing, then measure
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
from _common import EVAL, ROOT, need_shared, percentile, policyqa_sample, read_jsonl, save

from caseqa.config import Settings

DATA = Path(os.environ.get("CASEQA_DATA", "/work/data"))
CACHE = Path(os.environ.get("CASEQA_SCALE_CACHE", "/work/data/scale-cache"))
CASES = 1_000
PASSAGES_PER_CASE = 100


# ---------------------------------------------------------------- the library's text


def sources() -> list[tuple[str, list[str]]]:
    """(title, paragraphs) of every SQuAD 2.0 dev article and PolicyQA dev/test policy."""
    out = []
    files = [DATA / "squad2" / "dev-v2.0.json", DATA / "policyqa" / "dev.json", DATA / "policyqa" / "test.json"]
    for path in files:
        for article in json.loads(path.read_text(encoding="utf-8"))["data"]:
            paragraphs = list(dict.fromkeys(" ".join(p["context"].split()) for p in article["paragraphs"]))
            out.append((article["title"].replace("_", " "), [p for p in paragraphs if p]))
    return out


def write_pool(folder: Path, pool: list[tuple[str, list[str]]]) -> None:
    """One text file per source: what the vector cache is made from."""
    folder.mkdir(parents=True, exist_ok=True)
    for i, (title, paragraphs) in enumerate(pool):
        (folder / f"source-{i:03d}.txt").write_text(f"{title}\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")


def case_text(number: int, pool: list[tuple[str, list[str]]], paragraphs: int) -> str:
    """Case ``number``: runs of consecutive paragraphs from 3-6 sources, each under its source's title."""
    rng = random.Random(number)
    picked = rng.sample(range(len(pool)), rng.randint(3, 6))
    share = [rng.random() + 0.5 for _ in picked]
    parts = [f"Case {number:04d}: {pool[picked[0]][0]}"]
    for source, weight in zip(picked, share):
        title, paras = pool[source]
        n = min(len(paras), max(2, round(paragraphs * weight / sum(share))))
        start = rng.randrange(0, len(paras) - n + 1)
        parts.append(title)
        parts.extend(paras[start:start + n])
    return "\n\n".join(parts) + "\n"


# ---------------------------------------------------------------- encoders


class Recording:
    """The real encoder, keeping every text it embedded and its float32 vector."""

    def __init__(self, inner) -> None:
        self.inner = inner
        self.name, self.dim, self.max_tokens = inner.name, inner.dim, inner.max_tokens
        self.texts: list[str] = []
        self.vectors: list[np.ndarray] = []
        self.seconds = 0.0

    def encode(self, texts, progress=None):
        t = time.perf_counter()
        out = self.inner.encode(texts, progress)
        self.seconds += time.perf_counter() - t
        self.texts.extend(texts)
        self.vectors.append(out)
        return out

    def __getattr__(self, name):  # encode_query, count_tokens, encode_tokens, warm
        return getattr(self.inner, name)


class StandIn:
    """Seeded random unit vectors instead of the model (the library's ~600,000 texts); the rest is the real encoder."""

    def __init__(self, inner) -> None:
        self.inner = inner
        self.name, self.dim, self.max_tokens = inner.name, inner.dim, inner.max_tokens
        self.rng = np.random.default_rng(0)

    def encode(self, texts, progress=None):
        out = self.rng.normal(size=(len(texts), self.dim)).astype(np.float32)
        out /= np.linalg.norm(out, axis=1, keepdims=True)
        if progress:
            progress(len(texts))
        return out

    def __getattr__(self, name):
        return getattr(self.inner, name)


# ---------------------------------------------------------------- building


def embedding_cost(encoder, pool: list[tuple[str, list[str]]], folder: Path) -> dict:
    """Tokens per second of indexing a sample of the sources against the bare model on the same texts."""
    from caseqa.app.engine import Engine

    sample = pool[:4] + pool[35:39]  # 4 Wikipedia articles, 4 privacy policies
    write_pool(folder / "corpus", sample)
    recording = Recording(encoder)
    engine = Engine(Settings(corpus_dir=folder / "corpus", index_dir=folder / "index"), recording)
    t = time.perf_counter()
    report = engine.build(rebuild=True)
    build_s = time.perf_counter() - t
    texts = recording.texts
    tokens = sum(min(n, encoder.max_tokens) for n in encoder.count_tokens(texts))
    model = encoder._sentence_transformer()
    t = time.perf_counter()  # the bare model on the very same texts and batch size, in the same run
    model.encode(texts, batch_size=64, normalize_embeddings=True)
    bare_s = time.perf_counter() - t
    paragraphs = [p for _, paras in sample for p in paras]
    body_tokens = sum(encoder.count_tokens(paragraphs)) - 2 * len(paragraphs)  # without [CLS] and [SEP]
    return {
        "sources": len(sample), "paragraphs": len(paragraphs), "passages": report.passages,
        "sentences": report.embedded_texts - report.passages, "tokens_embedded": tokens,
        "paragraph_tokens": body_tokens, "times_each_token_is_embedded": round(tokens / body_tokens, 2),
        "build_s": round(build_s, 1), "model_s_in_build": round(recording.seconds, 1),
        "bare_model_s_same_texts": round(bare_s, 1),
        "build_tokens_per_s": round(tokens / build_s), "bare_tokens_per_s": round(tokens / bare_s),
        "build_vs_bare": round(bare_s / build_s, 3),
        "steps": {k: round(v, 2) for k, v in report.steps},
    }


def prepare(encoder) -> None:
    """Write the 1,000 case files where missing, ~100 passages each (calibrated on five cases)."""
    from caseqa.app.engine import Engine

    library = CACHE / "library"
    if (library / f"case-{CASES - 1:04d}.txt").is_file():
        return
    pool = sources()
    with tempfile.TemporaryDirectory() as tmp:
        trial = Settings(corpus_dir=Path(tmp) / "corpus", index_dir=Path(tmp) / "index")
        trial.corpus_dir.mkdir()
        for number in range(5):
            (trial.corpus_dir / f"case-{number}.txt").write_text(case_text(number, pool, 100), encoding="utf-8")
        per_paragraph = Engine(trial, StandIn(encoder)).build().passages / (5 * 100)
        print(f"calibration: {per_paragraph:.2f} passages per paragraph", flush=True)
    library.mkdir(parents=True, exist_ok=True)
    for number in range(CASES):
        (library / f"case-{number:04d}.txt").write_text(
            case_text(number, pool, round(PASSAGES_PER_CASE / per_paragraph)), encoding="utf-8")


def build_library(encoder) -> dict:
    """Index the library with stand-in vectors (nothing to do when it is up to date)."""
    from caseqa.app.engine import Engine

    engine = Engine(library_settings(), StandIn(encoder))
    t = time.perf_counter()
    report = engine.build()
    seconds = time.perf_counter() - t
    out = {"build_s": round(seconds, 1), "cases": len(report.files), "passages": report.passages,
           "texts_embedded": report.embedded_texts, "tokens": report.embedded_tokens,
           "steps": {k: round(v, 2) for k, v in report.steps}}
    first_path = CACHE / "library-build.json"
    if report.embedded_texts:
        first_path.write_text(json.dumps(out, indent=2))
    return {"first_build": json.loads(first_path.read_text()) if first_path.is_file() else out, "this_run": out}


def library_settings() -> Settings:
    return Settings(corpus_dir=CACHE / "library", index_dir=CACHE / "index")


# ---------------------------------------------------------------- a fresh process, as app.py


CHILD = r"""
import json, os, sys, time
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")   # as app.py
sys.path.insert(0, sys.argv[1])
import threading
from caseqa.web import server  # noqa: F401  app.py's imports; gradio comes next, as the server imports it
from caseqa.web.gradio_import import import_gradio
from caseqa.app.engine import Engine
from caseqa.config import Settings
from pathlib import Path
# As app.py: the index loads in the background while gradio is imported; the page answers once both are done.
page = threading.Thread(target=import_gradio)
page.start()
settings = Settings(corpus_dir=Path(sys.argv[2]), index_dir=Path(sys.argv[3]))
questions = json.loads(Path(sys.argv[4]).read_text())
engine = Engine(settings)
engine.ensure_index()
engine.answer(questions[0])
index_first = time.time()
page.join()
first = time.time()
def status():
    out = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM", "RssAnon", "RssFile"):
            out[key + "_MB"] = round(int(value.split()[0]) / 1024, 1)
    return out
after_first = status()
for q in questions[:5]:
    engine.answer(q)
times = []
for q in questions[1:]:
    engine.encoder._cache.clear()
    t = time.perf_counter()
    engine.answer(q)
    times.append(time.perf_counter() - t)
print(json.dumps({"first_answer_at": first, "index_first_answer_at": index_first,
                  "times": times, "after_first": after_first, "after_warm": status()}))
"""


def child(corpus: Path, index: Path, questions: Path) -> dict:
    """Start a fresh process that loads the index as ``python app.py`` does and answers; its figures."""
    started = time.time()
    out = subprocess.run([sys.executable, "-c", CHILD, str(ROOT / "src"), str(corpus), str(index), str(questions)],
                         capture_output=True, text=True, check=True, env={**os.environ, "PYTHONHASHSEED": "0"})
    data = json.loads(out.stdout.strip().splitlines()[-1])
    ms = [t * 1000 for t in data["times"]]
    return {"load_to_first_answer_s": round(data["first_answer_at"] - started, 2),
            "without_gradio_s": round(data["index_first_answer_at"] - started, 2),
            "warm_p50_ms": round(percentile(ms, 0.5), 1), "warm_p95_ms": round(percentile(ms, 0.95), 1),
            "questions": len(ms), "memory_after_first": data["after_first"], "memory_after_warm": data["after_warm"]}


def add_one_case(settings: Settings, encoder, text: str) -> dict:
    """Add one case file and re-index; then put the index back as it was (generations are immutable)."""
    from caseqa.app.engine import Engine
    from caseqa.index import store

    before = store.current(settings.index_dir).name
    engine = Engine(settings, encoder)
    engine.ensure_index()  # loaded, as a server answering from the library is when a case is added
    new = settings.corpus_dir / "added-case.txt"
    new.write_text(text, encoding="utf-8")
    try:
        t = time.perf_counter()
        report = engine.build()
        seconds = time.perf_counter() - t
        after = store.current(settings.index_dir)
    finally:
        new.unlink()
    if after.name != before:
        (settings.index_dir / "CURRENT").write_text(before + "\n")
        shutil.rmtree(after)
    return {"total_s": round(seconds, 2), "embedding_s": round(report.encode_seconds, 2),
            "switch_in_s": round(seconds - report.encode_seconds, 2), "texts_embedded": report.embedded_texts,
            "passages_of_the_case": report.passages - len_passages(settings, before),
            "steps": {k: round(v, 2) for k, v in report.steps}}


def len_passages(settings: Settings, generation: str) -> int:
    with (settings.index_dir / generation / "passages.jsonl").open(encoding="utf-8") as fh:
        return sum(1 for _ in fh)


def highlight_precision(seed: Settings, recording: Recording, n_passages: int) -> dict:
    """H@1 with the stored float16 sentence vectors against the float32 ones the model gave."""
    from caseqa.app.engine import Engine
    from caseqa.app.evaluate import evaluate

    engine = Engine(seed, recording.inner)
    index = engine.index
    f32 = np.concatenate(recording.vectors)[n_passages:]
    assert f32.shape == index.sentence_vectors.shape, (f32.shape, index.sentence_vectors.shape)
    out = {"max_abs_difference": float(np.abs(f32 - index.sentence_vectors.astype(np.float32)).max())}
    for name, path in (("seed questions_tune", ROOT / "bench" / "data" / "seed" / "questions_tune.jsonl"),
                       ("shared dev questions", EVAL / "questions.jsonl")):
        rows = [r for r in read_jsonl(path) if r.get("answerable", True) and r.get("evidence")]
        h16 = evaluate(index, recording.inner, rows, seed).h1
        h32 = evaluate(replace(index, sentence_vectors=f32, cache={}), recording.inner, rows, seed).h1
        out[name] = {"rows": len(rows), "H@1 float32": round(h32, 3), "H@1 float16": round(h16, 3)}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2, help="alternating seed / library process pairs")
    args = parser.parse_args()
    need_shared()
    from caseqa.app.engine import Engine
    from caseqa.index.encoder import SentenceTransformerEncoder

    CACHE.mkdir(parents=True, exist_ok=True)
    encoder = SentenceTransformerEncoder()
    encoder.warm()
    prepare(encoder)
    result: dict = {"library_index": build_library(encoder)}
    print("library", json.dumps(result["library_index"]), flush=True)
    questions = [r["question"] for r in read_jsonl(EVAL / "questions.jsonl")]
    questions += [r["question"] for r in read_jsonl(ROOT / "bench" / "data" / "seed" / "questions_tune.jsonl")]
    questions += [r["question"] for r in policyqa_sample(150, seed=7)]
    questions = list(dict.fromkeys(questions))
    with tempfile.TemporaryDirectory() as tmp:
        qfile = Path(tmp) / "questions.json"
        qfile.write_text(json.dumps(questions))
        seed = Settings(corpus_dir=Path(tmp) / "corpus", index_dir=Path(tmp) / "index")
        shutil.copytree(ROOT / "corpus", seed.corpus_dir)
        recording = Recording(encoder)
        n_passages = Engine(seed, recording).build().passages
        result["float16_highlights"] = highlight_precision(seed, recording, n_passages)
        print("float16", json.dumps(result["float16_highlights"]), flush=True)
        cost = result["embedding_cost"] = embedding_cost(encoder, sources(), Path(tmp) / "sample")
        tokens = result["library_index"]["first_build"]["tokens"]
        cost["library_tokens"] = tokens
        cost["library_hours_at_build_rate_here"] = round(tokens / cost["build_tokens_per_s"] / 3600, 1)
        print("cost", json.dumps(cost), flush=True)
        rounds = []
        for _ in range(args.rounds):
            pair = {"seed": child(seed.corpus_dir, seed.index_dir, qfile)}
            pair["library"] = child(CACHE / "library", CACHE / "index", qfile)
            print("round", json.dumps(pair), flush=True)
            rounds.append(pair)
        result["processes"] = rounds
        added = case_text(CASES, sources(), 90)
        result["add_one_case"] = {"seed": add_one_case(seed, encoder, added),
                                  "library": add_one_case(library_settings(), encoder, added)}
        print("add", json.dumps(result["add_one_case"]), flush=True)
    for name in ("load_to_first_answer_s", "warm_p50_ms", "warm_p95_ms"):
        seed_v = [r["seed"][name] for r in rounds]
        lib_v = [r["library"][name] for r in rounds]
        ratio = round(float(np.median(lib_v) / np.median(seed_v)), 2)
        result.setdefault("summary", {})[name] = {"seed": seed_v, "library": lib_v, "ratio_of_medians": ratio}
    print("summary", json.dumps(result["summary"], indent=1))
    print("saved", save("scale", result))


if __name__ == "__main__":
    main()
