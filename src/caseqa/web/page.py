"""The Gradio page around the handlers of :mod:`caseqa.web.handlers`: layout, events and API endpoints.

:func:`build_app` lays the components out (:class:`_Page` names each one), then wires each tab's
events. Event functions return ``{component: value}`` dicts, so an output is matched to its
component by name, never by position.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, fields
from pathlib import Path

from caseqa.app.library import supported_suffixes
from caseqa.errors import CaseQAError
from caseqa.web import handlers as ui
from caseqa.web import html as ui_html
from caseqa.web.gradio_import import import_gradio
from caseqa.web.startup import Startup
from caseqa.web.style import CSS, FONTS, MONO_FONTS

gr = import_gradio()

N_EXAMPLES = 4
SEARCH_CONCURRENCY = 4  # questions answered at once; searching is short and mostly NumPy/faiss
CHECK_CONCURRENCY = 2  # essays checked at once; an essay takes about a second per new sentence
PRIVATE = {"api_visibility": "private"}  # page events are not API endpoints; /ask and /check are
SEARCH = {"concurrency_limit": SEARCH_CONCURRENCY, "concurrency_id": "search", **PRIVATE}
CHECK = {"concurrency_limit": CHECK_CONCURRENCY, "concurrency_id": "check", **PRIVATE}
LIBRARY = {"concurrency_limit": 1, "concurrency_id": "library", **PRIVATE}  # one change at a time

# System fonts only: a theme font is a stylesheet request, and the page must request nothing
# from any host but its own.
THEME = gr.themes.Base(primary_hue="indigo", neutral_hue="slate", font=FONTS, font_mono=MONO_FONTS)

__all__ = ["CSS", "THEME", "build_app"]


def _error(exc: CaseQAError) -> gr.Error:
    """The user-facing form of an error: its message, which says what to do."""
    return gr.Error(str(exc))


@dataclass
class _Page:
    """Every component the events read or write."""

    status: gr.HTML
    ask_tab: gr.Tab
    question: gr.Textbox
    case: gr.Dropdown
    k: gr.Slider
    examples: list[gr.Button]
    results: gr.HTML
    claims: gr.Textbox
    check_case: gr.Dropdown
    check: gr.Button
    verdicts: gr.HTML
    csv_report: gr.DownloadButton
    md_report: gr.DownloadButton
    library_tab: gr.Tab
    library: gr.Dataframe
    upload: gr.File
    add: gr.Button
    to_remove: gr.Dropdown
    remove: gr.Button
    library_message: gr.HTML
    restore: gr.Button
    last_removed: gr.Textbox

    @property
    def refreshed(self) -> list:
        """What a refresh of the library state rewrites."""
        return [self.status, self.case, self.check_case, self.library, self.to_remove, *self.examples]


def _layout(startup: Startup) -> _Page:
    """The page's components, inside an open ``gr.Blocks``."""
    suffixes = supported_suffixes()
    gr.Markdown("# caseqa\nCited answers from your business cases: every word shown is the case's own.")
    status = gr.HTML(ui_html.notice(startup.status, "wait"), elem_id="cq-status")
    parts: dict[str, object] = {"status": status}
    with gr.Tabs():
        with gr.Tab("Ask", id="ask") as parts["ask_tab"]:
            parts["question"] = gr.Textbox(label="Question", placeholder="Ask about the case, then press Enter",
                                           submit_btn="Ask", elem_id="cq-question", autofocus=True)
            with gr.Row():
                parts["case"] = gr.Dropdown(choices=[("All cases", ui.ALL_CASES)], value=ui.ALL_CASES,
                                            label="Search in", scale=3, elem_id="cq-case")
                parts["k"] = gr.Slider(1, ui.MAX_K, value=5, step=1, label="Passages", scale=1, elem_id="cq-k")
            with gr.Row(elem_id="cq-examples"):
                parts["examples"] = [gr.Button(visible=False, size="sm", variant="secondary")
                                     for _ in range(N_EXAMPLES)]
            parts["results"] = gr.HTML(elem_id="cq-results", js_on_load=None)
        with gr.Tab("Check", id="check"):
            parts["claims"] = gr.Textbox(label="Claim or essay", lines=8, elem_id="cq-claims",
                                         placeholder="Paste one claim, or a whole essay: each sentence is checked "
                                                     "against the case, with the evidence and the reasons.")
            with gr.Row():
                parts["check_case"] = gr.Dropdown(choices=[("All cases", ui.ALL_CASES)], value=ui.ALL_CASES,
                                                  label="Check against", scale=3, elem_id="cq-check-case")
                parts["check"] = gr.Button("Check", variant="primary", scale=1, elem_id="cq-check")
            parts["verdicts"] = gr.HTML(elem_id="cq-verdicts", js_on_load=None)
            with gr.Row():
                parts["csv_report"] = gr.DownloadButton("Download report (CSV)", visible=False, elem_id="cq-csv")
                parts["md_report"] = gr.DownloadButton("Download report (Markdown)", visible=False, elem_id="cq-md")
        with gr.Tab("Library", id="library") as parts["library_tab"]:
            parts["library"] = gr.Dataframe(headers=ui.LIBRARY_HEADERS, interactive=False, wrap=True,
                                            elem_id="cq-library", label="Cases in the index")
            with gr.Row():
                parts["upload"] = gr.File(label=f"Add a case file ({', '.join(suffixes)})", file_types=list(suffixes),
                                          type="filepath", elem_id="cq-upload", scale=3)
                parts["add"] = gr.Button("Add to library", variant="primary", elem_id="cq-add", scale=1)
            with gr.Row():
                parts["to_remove"] = gr.Dropdown(label="Case to remove", choices=[], elem_id="cq-remove-choice",
                                                 scale=3)
                parts["remove"] = gr.Button("Remove case", variant="stop", elem_id="cq-remove", scale=1)
            parts["library_message"] = gr.HTML(elem_id="cq-library-message", js_on_load=None)
            parts["restore"] = gr.Button("Put it back", visible=False, elem_id="cq-restore", size="sm")
            # The last removal, as "doc_id<TAB>path under the corpus" (a hidden field, not gr.State:
            # State keeps a heartbeat stream open for the whole visit).
            parts["last_removed"] = gr.Textbox(visible=False, elem_id="cq-last-removed")
    return _Page(**{f.name: parts[f.name] for f in fields(_Page)})  # type: ignore[arg-type]


def _example_buttons(page: _Page, questions: list[str]) -> dict:
    """The example buttons showing ``questions`` (the rest hidden)."""
    shown = questions[:N_EXAMPLES]
    return {button: gr.Button(value=shown[i], visible=True) if i < len(shown) else gr.Button(visible=False)
            for i, button in enumerate(page.examples)}


def _wire_library_state(app: gr.Blocks, page: _Page, startup: Startup):
    """The status line, case pickers, Library table and examples: on load, and when a tab is opened.

    Returns:
        The refresh function, which other events chain after changing the library.
    """

    def refresh(current: str | None = None, current_check: str | None = None) -> dict:
        try:
            state = ui.page_state(startup.engine())
        except CaseQAError as exc:
            raise _error(exc) from None
        values = {v for _, v in state.choices}
        return {
            page.status: ui_html.notice(state.status, "ok" if state.ok else "error"),
            page.case: gr.Dropdown(choices=state.choices, value=current if current in values else ui.ALL_CASES),
            page.check_case: gr.Dropdown(choices=state.choices,
                                         value=current_check if current_check in values else ui.ALL_CASES),
            page.library: state.rows,
            page.to_remove: gr.Dropdown(choices=state.removable, value=None),
            **_example_buttons(page, ui.examples_for(state, current)),
        }

    def on_load() -> Iterator[dict]:
        shown = None
        while not startup.ready:  # stream the loading status (indexing progress) until ready
            if startup.status != shown:
                shown = startup.status
                yield {page.status: ui_html.notice(shown + " The page works as soon as it is ready.", "wait")}
            time.sleep(0.5)
        yield refresh(None)

    app.load(on_load, None, page.refreshed, concurrency_limit=None, **PRIVATE)
    # Another page (or the command line) may have added or removed cases since this one loaded.
    for tab in (page.ask_tab, page.library_tab):
        tab.select(refresh, [page.case, page.check_case], page.refreshed, **PRIVATE)
    return refresh


def _wire_ask(page: _Page, startup: Startup) -> None:
    """Questions: typed, picked from the examples, or asked again when the case or k changes."""

    def ask_page(question: str, case: str, k: float) -> Iterator[str]:
        if not startup.ready:
            yield ui_html.notice("Loading the case index; your question is answered as soon as it is ready…", "wait")
        try:
            yield ui.ask(startup.engine(), question, case, k)
        except CaseQAError as exc:
            # Replace the previous answer so it is not read as the answer to this question.
            yield ui_html.notice(str(exc), "error")
            raise _error(exc) from None

    def again(question: str, case: str, k: float) -> Iterator[str]:
        """Changing the case or the number of passages answers the question on the page again."""
        if (question or "").strip():
            yield from ask_page(question, case, k)
        else:
            yield gr.skip()

    def examples_page(case: str) -> dict:
        try:
            questions = ui.examples_for(ui.page_state(startup.engine()), case)
        except CaseQAError:
            questions = []
        return _example_buttons(page, questions)

    inputs = [page.question, page.case, page.k]
    page.question.submit(ask_page, inputs, page.results, **SEARCH)
    page.case.input(examples_page, page.case, page.examples, **PRIVATE).then(again, inputs, page.results, **SEARCH)
    page.k.release(again, inputs, page.results, **SEARCH)
    for button in page.examples:
        button.click(lambda q: q, button, page.question, queue=False, **PRIVATE).then(
            ask_page, inputs, page.results, **SEARCH)


def _wire_check(page: _Page, startup: Startup, reports: Path) -> None:
    """Claims and essays: the verdict table and its two report downloads."""

    def check_page(text: str, case: str) -> Iterator[dict]:
        hidden = {page.csv_report: gr.DownloadButton(visible=False), page.md_report: gr.DownloadButton(visible=False)}
        if not startup.ready:
            yield {page.verdicts: ui_html.notice("Loading the case index; the check runs as soon as it is ready…",
                                                 "wait"), **hidden}
        try:
            result = ui.check(startup.engine(), text, case, reports)
        except CaseQAError as exc:
            yield {page.verdicts: ui_html.notice(str(exc), "error"), **hidden}
            raise _error(exc) from None
        yield {
            page.verdicts: result.html,
            page.csv_report: gr.DownloadButton(value=str(result.csv), visible=True) if result.csv
            else hidden[page.csv_report],
            page.md_report: gr.DownloadButton(value=str(result.markdown), visible=True) if result.markdown
            else hidden[page.md_report],
        }

    page.check.click(check_page, [page.claims, page.check_case], [page.verdicts, page.csv_report, page.md_report],
                     **CHECK)


def _wire_library(page: _Page, startup: Startup, refresh) -> None:
    """Adding, removing and putting back a case; each ends by refreshing the library state.

    A refused upload or removal says why in the message box (a toast alone fades away) and
    replaces the previous message, which would otherwise read as the outcome.
    """

    def add_page(upload: str | None, progress: gr.Progress = gr.Progress()) -> Iterator[str]:  # noqa: B008
        try:
            message = ui.add_case(startup.engine(), upload, lambda f, d: progress(f, desc=d))
        except CaseQAError as exc:
            yield ui_html.notice(str(exc), "error")
            raise _error(exc) from None
        yield ui_html.notice(message, "ok")

    def remove_page(doc_id: str | None) -> Iterator[dict]:
        try:
            removed = ui.remove_case(startup.engine(), doc_id)
        except CaseQAError as exc:
            yield {page.library_message: ui_html.notice(str(exc), "error")}
            raise _error(exc) from None
        yield {page.library_message: ui_html.notice(removed.message, "ok"), page.last_removed: removed.token,
               page.restore: gr.Button(visible=True)}

    def restore_page(token: str | None) -> Iterator[dict]:
        try:
            message = ui.restore_case(startup.engine(), token)
        except CaseQAError as exc:
            yield {page.library_message: ui_html.notice(str(exc), "error"), page.restore: gr.Button(visible=False)}
            raise _error(exc) from None
        yield {page.library_message: ui_html.notice(message, "ok"), page.last_removed: "",
               page.restore: gr.Button(visible=False)}

    pickers = [page.case, page.check_case]
    removal = [page.library_message, page.last_removed, page.restore]
    page.add.click(add_page, page.upload, page.library_message, show_progress="full", **LIBRARY).then(
        refresh, pickers, page.refreshed, **PRIVATE).then(lambda: None, None, page.upload, queue=False, **PRIVATE)
    page.remove.click(remove_page, page.to_remove, removal, **LIBRARY).then(refresh, pickers, page.refreshed,
                                                                            **PRIVATE)
    page.restore.click(restore_page, page.last_removed, removal, **LIBRARY).then(refresh, pickers, page.refreshed,
                                                                                 **PRIVATE)


def _wire_api(startup: Startup) -> None:
    """The named endpoints ``/ask`` and ``/check`` (gradio_client, or HTTP)."""

    def api_ask(question: str, k: int = 5, case: str = "") -> list[dict]:
        """Top passages for a question, best first.

        Each hit: doc, start, end (character offsets into the case's text), score, citation,
        text, highlights ([start, end] of the answering sentences, best first), rank, title,
        section, paragraphs, pages. ``case`` limits the search to one case file ("" = all).
        """
        try:
            return ui.ask_json(startup.engine(), question, k, case)
        except CaseQAError as exc:
            raise _error(exc) from None

    def api_check(text: str, case: str = "") -> list[dict]:
        """Check a claim or an essay: one verdict per sentence, in order.

        Each verdict: id (sentence number), claim, verdict (supported, contradicted, not_found or
        skipped), score, evidence (best first: doc, start, end, citation, text, passage), reasons,
        span (where the sentence sits in the text sent). ``case`` limits the evidence to one case.
        """
        try:
            return ui.check_json(startup.engine(), text, case)
        except CaseQAError as exc:
            raise _error(exc) from None

    gr.api(api_ask, api_name="ask", concurrency_limit=SEARCH_CONCURRENCY, concurrency_id="search")
    gr.api(api_check, api_name="check", concurrency_limit=CHECK_CONCURRENCY, concurrency_id="check")


def build_app(startup: Startup) -> gr.Blocks:
    """The page: Ask, Check and Library tabs, plus the named API endpoints ``/ask`` and ``/check``.

    Args:
        startup: Loads the engine; every handler waits for it.
    """
    reports = Path(tempfile.mkdtemp(prefix="caseqa-reports-"))  # in the temp dir, which gradio may serve
    atexit.register(shutil.rmtree, reports, ignore_errors=True)
    with gr.Blocks(title="caseqa — ask the case") as app:
        page = _layout(startup)
        refresh = _wire_library_state(app, page, startup)
        _wire_ask(page, startup)
        _wire_check(page, startup, reports)
        _wire_library(page, startup, refresh)
        _wire_api(startup)
    return app
