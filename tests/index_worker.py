"""A child process for durability tests: `caseqa` with the fake encoder, or a SIGKILL loop over the indexer.

    python tests/index_worker.py cli index --corpus C --index I [--wait S]
    python tests/index_worker.py kill-loop CORPUS INDEX ROUNDS SEED

The kill loop forks a child that indexes over and over (changing one case before each run),
SIGKILLs it after a random delay, then loads the index with checksums and searches it. Then it
kills a child at each file-system step of one save in turn (every write, fsync, rename and
removal), so that every moment of a save is hit, not only the likely ones. It prints one JSON
line per kill.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))
sys.path.insert(0, str(HERE))

from fakes import HashingEncoder  # noqa: E402

CASES = {
    "alpha.txt": "Alpha Case\n\nOrigins\n\nAlpha makes solar panels in Ghana. It was founded in 2011 by Ama Mensah.\n",
    "beta.md": "# Beta Case\n\n## Growth\n\nBeta sells scooters in Jakarta. Sales doubled in 2020.\n",
}


def write_version(corpus: Path, version: int) -> None:
    """The changing case: a different text each version."""
    (corpus / "gamma.txt").write_text(
        f"Gamma Case\n\nGamma runs a ferry between two islands with {version} boats. "
        f"Version {version} of the story says the ferry carried {version * 100} passengers.\n"
    )


def check(settings) -> dict:
    """Load the live index with checksums, check every passage against its document, search it."""
    from caseqa.index import model as idx
    from caseqa.index import store
    from caseqa.retrieve.search import search

    try:
        index = idx.load(settings, verify=True)
        for passage in index.passages:
            doc = index.documents[passage.doc_id]
            assert doc.text[passage.start:passage.end] == passage.text, passage.id
        assert set(index.documents) == {"alpha.txt", "beta.md", "gamma.txt"}, sorted(index.documents)
        hits = search(index, HashingEncoder(), "ferry between islands", settings, k=3)
        assert hits and hits[0].passage.doc_id == "gamma.txt"
        return {"ok": True, "generation": store.current(settings.index_dir).name}
    except Exception as exc:  # reported to the test, which fails on it
        return {"ok": False, "error": f"{type(exc).__name__}: {exc}"}


def _child(settings, body) -> int:
    """Fork; the child runs ``body`` and exits; the parent gets its pid."""
    pid = os.fork()
    if pid == 0:
        try:
            body()
        finally:
            os._exit(0)
    return pid


def kill_loop(corpus: Path, index_dir: Path, rounds: int, seed: int) -> None:
    """See the module docstring."""
    import faiss
    import numpy as np

    from caseqa.config import Settings
    from caseqa.index import build as indexer

    rng = random.Random(seed)
    settings = Settings(corpus_dir=corpus, index_dir=index_dir)
    for name, text in CASES.items():
        (corpus / name).write_text(text)
    write_version(corpus, 0)
    indexer.build(settings, HashingEncoder())  # the first build imports nltk, faiss and bm25s
    started = time.perf_counter()
    indexer.build(settings, HashingEncoder(), rebuild=True)
    build_seconds = time.perf_counter() - started
    version = 1

    def build_forever(first: int) -> None:
        for v in range(first, first + 1000):
            write_version(corpus, v)
            indexer.build(settings, HashingEncoder(), wait=10)

    for round_ in range(rounds):
        before = check(settings).get("generation")
        pid = _child(settings, lambda v=version: build_forever(v))
        version += 1000
        delay = rng.uniform(0, 3 * build_seconds)
        time.sleep(delay)
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        print(json.dumps({"kind": "random", "round": round_, "delay": round(delay, 3), "before": before,
                          **check(settings)}), flush=True)

    # Count the file-system steps of one save, then kill a child at each of them in turn.
    steps = [("os", "fsync"), ("os", "replace"), ("os", "mkdir"), ("shutil", "rmtree"), ("np", "save"),
             ("faiss", "write_index"), ("os", "open")]
    modules = {"os": os, "shutil": __import__("shutil"), "np": np, "faiss": faiss}

    def instrument(kill_at: int | None, counter: list[int]) -> None:
        for module_name, attr in steps:
            module = modules[module_name]
            real = getattr(module, attr)

            def wrapped(*args, __real=real, **kwargs):
                counter[0] += 1
                if kill_at is not None and counter[0] == kill_at:
                    os.kill(os.getpid(), signal.SIGKILL)
                return __real(*args, **kwargs)

            setattr(module, attr, wrapped)

    read_end, write_end = os.pipe()

    def count_once() -> None:
        counter = [0]
        write_version(corpus, version)
        instrument(None, counter)
        indexer.build(settings, HashingEncoder())
        os.write(write_end, str(counter[0]).encode())

    pid = _child(settings, count_once)
    os.waitpid(pid, 0)
    total = int(os.read(read_end, 64))
    version += 1
    for kill_at in range(1, total + 1):
        before = check(settings).get("generation")

        def build_and_die(at: int = kill_at, v: int = version) -> None:
            write_version(corpus, v)
            instrument(at, [0])
            indexer.build(settings, HashingEncoder())

        pid = _child(settings, build_and_die)
        version += 1
        _, status = os.waitpid(pid, 0)
        killed = os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
        print(json.dumps({"kind": "step", "step": kill_at, "of": total, "killed": killed, "before": before,
                          **check(settings)}), flush=True)

    write_version(corpus, version)
    indexer.build(settings, HashingEncoder())
    leftovers = sorted(p.name for p in index_dir.iterdir() if p.is_dir())
    print(json.dumps({"kind": "final", "folders": leftovers, **check(settings)}), flush=True)


def main() -> None:
    """Dispatch on the first argument."""
    if sys.argv[1] == "cli":
        from caseqa.app.cli import main as cli_main

        sys.exit(cli_main(sys.argv[2:], encoder=HashingEncoder()))
    if sys.argv[1] == "kill-loop":
        corpus, index_dir, rounds, seed = sys.argv[2:6]
        kill_loop(Path(corpus), Path(index_dir), int(rounds), int(seed))
        return
    raise SystemExit(f"unknown mode {sys.argv[1]!r}; use cli or kill-loop")


if __name__ == "__main__":
    main()
