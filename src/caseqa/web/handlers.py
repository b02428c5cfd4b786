"""Web page handlers: plain functions from the page's inputs to escaped HTML, rows and messages.

Nothing here imports gradio, so the handlers are tested directly; :mod:`caseqa.web.page` wires
them to the page's components.
"""

from __future__ import annotations

import hashlib
import logging
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from caseqa.app.engine import Engine
from caseqa.app.library import removal_token, removed_path, supported_suffixes
from caseqa.config import SearchSettings
from caseqa.errors import CaseQAError, CorpusError, QueryError
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

def parse_k(k: object, clamp: bool = True, default: int = SearchSettings.k) -> int:
    """The number of passages asked for, as a whole number in 1..MAX_K.

    Args:
        k: The slider's value (a float), or what an API caller sent: a number, a numeric
            string, or None for ``default``.
        clamp: Bring a number outside 1..MAX_K into the range (the slider); False refuses it.
        default: The number when none is given (the engine's ``settings.search.k``).

    Raises:
        QueryError: ``k`` is not a finite whole number (or, unclamped, outside the range).
    """
    if k is None or k == "":
        return default
    value: float | None = None
    if isinstance(k, bool):
        value = None
    elif isinstance(k, (int, float)):
        value = float(k)
    elif isinstance(k, str):
        try:
            value = float(k.strip())
        except ValueError:
            value = None
    wrong = QueryError(f"k (the number of passages) must be a whole number from 1 to {MAX_K}, not {k!r}")
    if value is None or not math.isfinite(value):
        raise wrong
    if not clamp and (value != round(value) or not 1 <= value <= MAX_K):
        raise wrong
    return max(1, min(MAX_K, round(value)))


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
    answer = engine.answer(question, k=parse_k(k, default=engine.settings.search.k), doc=case or None)
    documents = answer.documents
    where = "all cases" if not case else (documents[case].title if case in documents else case)
    return render_hits(documents, answer, where, time.perf_counter() - started)


def ask_json(engine: Engine, question: str, k: object = None, case: str | None = ALL_CASES) -> list[dict]:
    """The Gradio ``/ask`` endpoint: hits as the CLI's JSON (doc, start, end, score, citation, text,
    highlights, ...); no highlights when the case does not seem to answer."""
    k = parse_k(k, clamp=False, default=engine.settings.search.k)
    return [h.to_json() for h in engine.answer(question, k=k, doc=case or None).hits]


def ask_api(engine: Engine, question: object, k: object = None, case: object = ALL_CASES) -> dict:
    """``POST /api/ask``: ``{"hits": [...], "notice"?}``, exactly as ``caseqa ask --json`` (without the question).

    Raises:
        QueryError: The question is not text or empty, ``k`` is not a whole number in 1..MAX_K,
            or ``case`` is not text or names no case.
    """
    if case is not None and not isinstance(case, str):
        raise QueryError(f"case must be a case file name (text), not {type(case).__name__}")
    if not isinstance(question, str):
        raise QueryError(f"the question must be text, not {type(question).__name__}")
    k = parse_k(k, clamp=False, default=engine.settings.search.k)
    return engine.answer(question, k=k, doc=case or None).to_json()


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


REPORT_MAX_AGE = 3600.0  # seconds a report file is kept for downloading before it is deleted


def write_reports(verdicts: list[Verdict], folder: Path) -> tuple[Path, Path]:
    """Write the CSV and Markdown reports, named by their content, into ``folder``.

    The CSV starts with a UTF-8 byte-order mark, which Excel needs to read "—" and "¶"
    correctly. Reports older than :data:`REPORT_MAX_AGE` are deleted, so the folder does not
    grow for as long as the server runs.

    Returns:
        The CSV path and the Markdown path.
    """
    markdown = report.to_markdown(verdicts)
    name = "claim-check-" + hashlib.sha256(markdown.encode()).hexdigest()[:12]
    folder.mkdir(parents=True, exist_ok=True)
    _prune_reports(folder)
    paths = (folder / f"{name}.csv", folder / f"{name}.md")
    for path, body, encoding in zip(paths, (report.to_csv(verdicts), markdown), (report.CSV_ENCODING, "utf-8")):
        tmp = path.with_suffix(path.suffix + ".tmp")
        tmp.write_text(body, encoding=encoding)
        tmp.replace(path)
    return paths


def _prune_reports(folder: Path) -> None:
    """Delete report files older than :data:`REPORT_MAX_AGE`."""
    old = time.time() - REPORT_MAX_AGE
    for path in folder.glob("claim-check-*"):
        try:
            if path.stat().st_mtime < old:
                path.unlink()
        except OSError:  # removed meanwhile by another request
            continue


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


def check_json(engine: Engine, text: str, case: str | None = ALL_CASES) -> list[dict]:
    """The ``/check`` API: one verdict per sentence, as ``caseqa check --json`` prints them (id = number)."""
    return [v.to_json(n) for n, v in enumerate(engine.check(text, doc=case or None), start=1)]


def check_api(engine: Engine, text: object, case: object = ALL_CASES) -> dict:
    """``POST /api/check``: ``{"verdicts": [...]}``, each as ``caseqa check --json`` prints it.

    Raises:
        QueryError: The text is not text, empty or too long, or ``case`` names no case.
    """
    if case is not None and not isinstance(case, str):
        raise QueryError(f"case must be a case file name (text), not {type(case).__name__}")
    if not isinstance(text, str):
        raise QueryError(f"the text to check must be text, not {type(text).__name__}")
    return {"verdicts": check_json(engine, text, case)}


def cases_api(engine: Engine) -> dict:
    """``GET /api/cases``: every case file the index records, with its status."""
    return {"cases": [{"doc": c.doc_id, "title": c.title, "status": str(c.status), "passages": c.passages,
                       "note": c.note} for c in engine.cases()]}


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


def uploaded(upload: str | Path, uploads: Path) -> Path | None:
    """The uploaded temporary file, or None when the path names a file outside the upload folder.

    A request can name any path as "the uploaded file"; only files the server itself received
    (in ``uploads``, Gradio's upload folder) may be read as a case, or deleted afterwards.
    """
    path = Path(upload).resolve()
    return path if path.is_relative_to(uploads.resolve()) and path != uploads.resolve() else None


def discard_upload(upload: str | Path, uploads: Path) -> None:
    """Delete an uploaded temporary file, and its folder when that is left empty (Gradio gives each its own).

    Nothing outside ``uploads`` is ever deleted.
    """
    path = uploaded(upload, uploads)
    if path is None:
        return
    try:
        path.unlink(missing_ok=True)
        if path.parent != uploads.resolve():
            path.parent.rmdir()
    except OSError:  # the folder holds another upload, or is gone already
        pass


def add_case(engine: Engine, upload: str | Path | None, progress: Progress = lambda f, d: None, *,
             uploads: Path) -> str:
    """Add an uploaded case file to the library and index it; returns a message.

    The temporary upload is deleted once read, whether the case is added or refused.

    Args:
        engine: A loaded engine.
        upload: Path of the uploaded temporary file (its name is the user's file name).
        progress: Called with (fraction, description) while indexing.
        uploads: The folder uploads are received in; a path outside it is refused.

    Raises:
        CorpusError: No file, a path that is not an upload, or the file is refused (see
            :func:`caseqa.app.library.add_file`).
        CaseQAError: The index cannot be written now (the file is not added).
    """
    if not upload:
        raise CorpusError(f"choose a case file first ({', '.join(supported_suffixes())})")
    path = uploaded(upload, uploads)
    if path is None:
        raise CorpusError(f"{Path(upload).name}: not a file uploaded to this page; choose the file and upload it again")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CorpusError(f"{path.name}: the upload cannot be read ({exc.strerror}); upload it again") from None
    finally:
        discard_upload(path, uploads)
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
    token: str  # the removed file's path relative to the corpus folder: .removed/<time>/<doc_id>
    message: str


def remove_case(engine: Engine, doc_id: str | None) -> Removed:
    """Take a case out of the library (the file is moved to the corpus's ``.removed`` folder)."""
    if not doc_id:
        raise CorpusError("choose the case to remove first")
    token = removal_token(engine.settings.corpus_dir, engine.remove_case(doc_id))
    return Removed(doc_id, token, f"Removed {doc_id}; the file is kept in {token} in the corpus folder. "
                                  "Put it back undoes this.")


def restore_case(engine: Engine, token: str | None) -> str:
    """Undo a removal made on this page (``token`` is :attr:`Removed.token`).

    The case goes back to the place its token names, ``.removed/<time>/<doc_id>`` → ``<doc_id>``,
    and nowhere else: a forged token cannot rename or move a file.
    """
    if not token:
        raise CorpusError("nothing was removed on this page; put a file back into the corpus folder by hand")
    doc_id = engine.restore_case(removed_path(engine.settings.corpus_dir, token))
    return f"Put {doc_id} back: searchable again."
