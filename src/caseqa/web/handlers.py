"""Web page handlers: plain functions from inputs to escaped HTML and rows, plus the background loader.

Nothing here imports gradio, so the handlers are tested directly and the engine can start loading
before gradio (which takes seconds to import) is imported by :mod:`caseqa.web.page`.
"""

from __future__ import annotations

import argparse
import hashlib
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from caseqa.app.engine import Engine
from caseqa.app.library import supported_suffixes
from caseqa.config import settings_from_env
from caseqa.errors import CaseQAError, CorpusError
from caseqa.index.build import Hooks
from caseqa.output import report
from caseqa.types import FileStatus, Verdict
from caseqa.web.html import notice, render_hits, render_verdicts

log = logging.getLogger("caseqa.web.handlers")

ALL_CASES = ""  # the case selector's value for "search every case"
MAX_K = 10
LOAD_TIMEOUT = 600.0  # seconds a request waits for the first load (which may have to build the index)
# Example questions for the seed case, offered to first-time users while it is in the library.
EXAMPLES: dict[str, tuple[str, ...]] = {
    "alibaba-covid19.txt": (
        "How large was Alibaba's anti-epidemic fund?",
        "What did Taobao tell mask sellers?",
        "How many employees joined Hema on a borrowed basis?",
        "How many people will Hema recruit this year?",
    ),
}

Progress = Callable[[float, str], None]


class Startup:
    """Loads the index (building it if missing or stale) in a background thread.

    The page is served while this runs; a request that arrives first waits for it, and
    :attr:`status` says what is happening meanwhile.

    Args:
        engine: The engine to make ready.
    """

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self.settings = engine.settings
        self._done = threading.Event()
        self._status = "Starting…"
        self.seconds: float | None = None

    def start(self) -> Startup:
        """Start loading in a daemon thread; returns self."""
        threading.Thread(target=self._run, name="caseqa-load", daemon=True).start()
        return self

    def _run(self) -> None:
        started = time.perf_counter()
        self._status = "Loading the case index…"
        def on_file(status: FileStatus) -> None:
            self._status = f"Indexing the library: read {status.doc_id}…"

        def on_embed(total: int) -> Callable[[int], None]:
            done = 0

            def update(n: int) -> None:
                nonlocal done
                done += n
                self._status = f"Indexing the library: embedding {done} of {total} passages and sentences…"

            return update

        hooks = Hooks(on_file=on_file, on_embed=on_embed)
        try:
            self._engine.ensure_index(hooks=hooks)
            # The first query pays for loading the query encoder: pay it here instead.
            self._engine.encoder.encode_query("warm up")
            index = self._engine.index
            self._status = f"Ready: {len(index.documents)} case(s), {len(index.passages)} passages."
        except CaseQAError as exc:
            self._status = f"Not ready: {exc}"
        except Exception as exc:  # a bug must show on the page, not leave every request waiting
            log.exception("loading the index failed")
            self._status = f"Not ready: loading failed ({exc!r}); see the terminal"
        finally:
            self.seconds = time.perf_counter() - started
            self._done.set()
            log.info("caseqa: %s (%.2f s)", self._status, self.seconds)
        # Checking an essay splits it into sentences with nltk, whose import takes seconds: do it
        # now, after the page can answer questions, rather than on the first Check.
        from caseqa.language.sentences import default_tokenizer

        default_tokenizer()

    @property
    def ready(self) -> bool:
        """True once loading has finished, successfully or not."""
        return self._done.is_set()

    @property
    def status(self) -> str:
        """One line for the page: loading, ready with counts, or what went wrong."""
        return self._status

    def engine(self, timeout: float = LOAD_TIMEOUT) -> Engine:
        """The engine, once loading has finished (a failed load shows up on the engine's own calls).

        Raises:
            CaseQAError: Loading is still running after ``timeout`` seconds.
        """
        if not self._done.wait(timeout):
            raise CaseQAError(f"the case index is still loading ({self._status}); try again in a moment")
        return self._engine


# --- Ask --------------------------------------------------------------------------------------

def _k(k: float | int | None) -> int:
    """The slider's value as a whole number of passages in 1..MAX_K."""
    return max(1, min(MAX_K, round(k))) if k is not None else 5


def ask(engine: Engine, question: str, case: str | None, k: float | int | None) -> str:
    """The Ask tab: a question to result cards (HTML, every piece of case text escaped).

    Args:
        engine: A loaded engine.
        question: The question as typed.
        case: A case id, or ``ALL_CASES``.
        k: How many passages.

    Raises:
        CaseQAError: The search cannot run (unknown case, no index, ...).
    """
    if not (question or "").strip():
        return notice("Type a question about the case first, or click one of the example questions above.")
    started = time.perf_counter()
    answer = engine.answer(question, k=_k(k), doc=case or None)
    index = engine.index
    where = "all cases" if not case else (index.documents[case].title if case in index.documents else case)
    return render_hits(index.documents, answer, where, time.perf_counter() - started)


def ask_json(engine: Engine, question: str, k: int = 5, case: str = ALL_CASES) -> list[dict]:
    """The ``/ask`` API: hits as the CLI's JSON (doc, start, end, score, citation, text, highlights, ...);
    no highlights when the case does not seem to answer."""
    return [h.to_json() for h in engine.answer(question, k=_k(k), doc=case or None).hits]


@dataclass(frozen=True)
class PageState:
    """What the page shows about the library: status line, case choices, table rows, examples."""

    status: str
    ok: bool
    choices: list[tuple[str, str]]  # the case selector: (label, value), "All cases" first
    rows: list[list[object]]  # the Library table
    removable: list[str]  # every file the index records, for the Remove selector
    examples: list[str]


def page_state(engine: Engine) -> PageState:
    """The library as the page shows it; when there is no usable index, says why and what to do."""
    try:
        index = engine.index
        cases = engine.cases()
    except CaseQAError as exc:
        return PageState(f"Not ready: {exc}", False, [("All cases", ALL_CASES)], [], [], [])
    indexed = [c for c in cases if c.status == "indexed"]
    n = len(indexed)
    return PageState(
        status=f"{n} case{'s' if n != 1 else ''}, {len(index.passages)} passages: ready to answer.",
        ok=True,
        choices=[("All cases", ALL_CASES)] + [(f"{c.title} ({c.doc_id})" if c.title else c.doc_id, c.doc_id)
                                              for c in indexed],
        rows=[[c.doc_id, c.title, c.status, c.passages, c.note] for c in cases],
        removable=[c.doc_id for c in cases],
        examples=[q for doc_id, questions in EXAMPLES.items() if any(c.doc_id == doc_id for c in indexed)
                  for q in questions],
    )


def examples_for(state: PageState, case: str | None) -> list[str]:
    """Example questions for the case selector's value: all cases' examples, or the chosen case's."""
    if not case:
        return state.examples
    return [q for q in EXAMPLES.get(case, ()) if q in state.examples]


# --- Check -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class CheckResult:
    """The Check tab's output: the verdict table and the two report files (None when nothing ran)."""

    html: str
    csv: Path | None
    markdown: Path | None


def write_reports(verdicts: list[Verdict], folder: Path) -> tuple[Path, Path]:
    """Write the CSV and Markdown reports, named by their content, into ``folder``.

    Returns:
        The CSV path and the Markdown path.
    """
    markdown = report.to_markdown(verdicts)
    name = "claim-check-" + hashlib.sha256(markdown.encode()).hexdigest()[:12]
    folder.mkdir(parents=True, exist_ok=True)
    paths = (folder / f"{name}.csv", folder / f"{name}.md")
    for path, body in zip(paths, (report.to_csv(verdicts), markdown)):
        tmp = path.with_suffix(path.suffix + ".tmp")
        tmp.write_text(body, encoding="utf-8")
        tmp.replace(path)
    return paths


def check(engine: Engine, text: str, case: str | None, folder: Path) -> CheckResult:
    """The Check tab: a claim or an essay to a verdict table and downloadable reports.

    Args:
        engine: A loaded engine.
        text: One claim or many sentences.
        case: A case id, or ``ALL_CASES``.
        folder: Where the report files are written.

    Raises:
        CaseQAError: The check cannot run (unknown case, no index, ...).
    """
    if not (text or "").strip():
        return CheckResult(notice("Paste a claim or an essay to check first."), None, None)
    started = time.perf_counter()
    verdicts = engine.check(text, doc=case or None)
    seconds = time.perf_counter() - started
    csv, markdown = write_reports(verdicts, folder)
    return CheckResult(render_verdicts(engine.index.documents, verdicts, seconds), csv, markdown)


def check_json(engine: Engine, text: str, case: str = ALL_CASES) -> list[dict]:
    """The ``/check`` API: one verdict per sentence, as ``caseqa check --json`` prints them (id = number)."""
    return [v.to_json(n) for n, v in enumerate(engine.check(text, doc=case or None), start=1)]


# --- Library ----------------------------------------------------------------------------------

LIBRARY_HEADERS = ["Case file", "Title", "Status", "Passages", "Note"]


def _progress_hooks(progress: Progress) -> Hooks:
    """Indexing hooks that drive a progress bar: 5% per file read, then embedding 10–100%."""

    def on_file(status: FileStatus) -> None:
        progress(0.05, f"Read {status.doc_id}: {status.status}")

    def on_embed(total: int) -> Callable[[int], None]:
        done = 0
        progress(0.1, f"Embedding {total} passages and sentences (the first time, loading the model takes a while)")

        def step(n: int) -> None:
            nonlocal done
            done += n
            progress(0.1 + 0.9 * done / max(total, 1), f"Embedded {done} of {total}")

        return step

    return Hooks(on_file=on_file, on_embed=on_embed)


def add_case(engine: Engine, upload: str | Path | None, progress: Progress = lambda f, d: None) -> str:
    """Add an uploaded case file to the library and index it; returns a message.

    Args:
        engine: A loaded engine.
        upload: Path of the uploaded temporary file (its name is the user's file name).
        progress: Called with (fraction, description) while indexing.

    Raises:
        CorpusError: No file, or the file is refused (see :func:`caseqa.app.library.add_file`).
    """
    if not upload:
        raise CorpusError(f"choose a case file first ({', '.join(supported_suffixes())})")
    path = Path(upload)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CorpusError(f"{path.name}: the upload cannot be read ({exc.strerror}); upload it again") from None
    progress(0.0, f"Checking {path.name}")
    status = engine.add_case(path.name, data, hooks=_progress_hooks(progress))
    progress(1.0, "Done")
    warnings = "".join(f" Warning: {w}" for w in status.warnings)
    s = "" if status.passages == 1 else "s"
    return f"Added {status.doc_id}: {status.passages} passage{s}, searchable now.{warnings}"


@dataclass(frozen=True)
class Removed:
    """A case taken out of the library, and where its file went (for "Put it back")."""

    doc_id: str
    moved: str  # path of the removed file, relative to the corpus folder
    message: str

    @property
    def token(self) -> str:
        """What the page keeps to undo the removal: the id and the file's place, tab-separated."""
        return f"{self.doc_id}\t{self.moved}"


def remove_case(engine: Engine, doc_id: str | None) -> Removed:
    """Take a case out of the library (the file is moved to the corpus's ``.removed`` folder)."""
    if not doc_id:
        raise CorpusError("choose the case to remove first")
    moved = engine.remove_case(doc_id)
    where = moved.relative_to(engine.settings.corpus_dir).as_posix()
    return Removed(doc_id, where, f"Removed {doc_id}; the file is kept in {where} in the corpus folder. "
                                  "Put it back undoes this.")


def restore_case(engine: Engine, token: str | None) -> str:
    """Undo a removal made on this page (``token`` is :attr:`Removed.token`)."""
    doc_id, _, moved = (token or "").partition("\t")
    if not doc_id or not moved:
        raise CorpusError("nothing was removed on this page; put a file back into the corpus folder by hand")
    engine.restore_case(engine.settings.corpus_dir / moved, doc_id)
    return f"Put {doc_id} back: searchable again."


# --- Entry point ------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    """Serve the page on 127.0.0.1:7860 (``--host``/``--port`` to change); see README."""
    parser = argparse.ArgumentParser(prog="app.py", description="caseqa web page")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1: this machine only)")
    parser.add_argument("--port", type=int, default=7860)
    parser.add_argument("--corpus", type=Path, help="folder of case files (default: corpus/, or $CASEQA_CORPUS)")
    parser.add_argument("--index", type=Path, help="index folder (default: index/, or $CASEQA_INDEX)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    log.setLevel(logging.INFO)
    settings = settings_from_env(corpus_dir=args.corpus, index_dir=args.index)
    startup = Startup(Engine(settings)).start()
    # Imported only now: gradio takes seconds to import, and the index loads meanwhile.
    from caseqa.web.page import serve

    serve(startup, host=args.host, port=args.port)
    return 0
