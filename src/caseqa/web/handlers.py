"""Web page handlers: plain functions from the page's inputs to escaped HTML, rows and messages.

Nothing here imports gradio, so the handlers are tested directly; :mod:`caseqa.web.page` wires
them to the page's components.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from caseqa.app.engine import Engine
from caseqa.app.library import supported_suffixes
from caseqa.errors import CaseQAError, CorpusError
from caseqa.index.build import Hooks
from caseqa.output import report
from caseqa.types import FileStatus, Verdict
from caseqa.web.html import notice, render_hits, render_verdicts

log = logging.getLogger("caseqa.web.handlers")

ALL_CASES = ""  # the case selector's value for "search every case"
MAX_K = 10
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
    hits = engine.ask(question, k=_k(k), doc=case or None)
    index = engine.index
    where = "all cases" if not case else (index.documents[case].title if case in index.documents else case)
    return render_hits(index.documents, hits, where, time.perf_counter() - started, engine.weak(question, hits))


def ask_json(engine: Engine, question: str, k: int = 5, case: str = ALL_CASES) -> list[dict]:
    """The ``/ask`` API: hits as the CLI's JSON (doc, start, end, score, citation, text, highlights, ...)."""
    return [h.to_json() for h in engine.ask(question, k=_k(k), doc=case or None)]


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
    indexed = [c for c in cases if c.status.searchable]
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
