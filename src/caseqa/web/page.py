"""The Gradio page around the handlers of :mod:`caseqa.web.handlers`: layout, events and API endpoints.

:func:`build_app` lays the components out (:class:`_Page` names each one), then wires each tab's
events. Event functions return ``{component: value}`` dicts, so an output is matched to its
component by name, never by position.

Who may change the library is decided here, per event, from the request's session cookie
(:class:`caseqa.web.access.Access`): hiding the Library's controls from students is a courtesy,
the check in each handler is the rule.

A refused request is shown where its answer would be (a message box) plus a toast; neither
fails the event, so no "Error" badge covers the message. Toasts render HTML, so their text is
escaped like everything else.
"""

from __future__ import annotations

import atexit
import logging
import shutil
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, fields
from html import escape
from pathlib import Path

from caseqa.app.library import supported_suffixes
from caseqa.errors import CaseQAError
from caseqa.web import handlers as ui
from caseqa.web import html as ui_html
from caseqa.web.access import COOKIE, Access, Mode
from caseqa.web.gradio_import import import_gradio, upload_folder
from caseqa.web.startup import Startup
from caseqa.web.style import CSS, FONTS, MONO_FONTS

gr = import_gradio()
log = logging.getLogger("caseqa.web.page")

N_EXAMPLES = 4
SEARCH_CONCURRENCY = 4  # questions answered at once; searching is short and mostly NumPy/faiss
CHECK_CONCURRENCY = 2  # essays checked at once; an essay takes about a second per new sentence
PRIVATE = {"api_visibility": "private"}  # page events are not API endpoints; /ask and /check are
SEARCH = {"concurrency_limit": SEARCH_CONCURRENCY, "concurrency_id": "search", **PRIVATE}
CHECK = {"concurrency_limit": CHECK_CONCURRENCY, "concurrency_id": "check", **PRIVATE}
LIBRARY = {"concurrency_limit": 1, "concurrency_id": "library", **PRIVATE}  # one change at a time
CACHE_SWEEP = (600, 3600)  # every 10 minutes, delete Gradio's temporary files (uploads) older than an hour

# System fonts only: a theme font is a stylesheet request, and the page must request nothing
# from any host but its own.
THEME = gr.themes.Base(primary_hue="indigo", neutral_hue="slate", font=FONTS, font_mono=MONO_FONTS)

__all__ = ["CSS", "THEME", "build_app"]


def _api_error(exc: CaseQAError) -> gr.Error:
    """An API endpoint's error: its message for gradio_client (logged as one line, no traceback)."""
    log.info("caseqa: %s", exc)
    return gr.Error(str(exc), print_exception=False)


def _refused(message: str) -> str:
    """Tell the user why something was not done: a toast (escaped: toasts render HTML), one log line,
    and the error box to show in place of the answer."""
    log.info("caseqa: %s", message)
    gr.Warning(escape(message), title="Not done")
    return ui_html.notice(message, "error")


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
    library: gr.HTML
    role: gr.HTML
    admin: gr.Column
    upload: gr.File
    add: gr.Button
    to_remove: gr.Dropdown
    remove: gr.Button
    confirm_row: gr.Row
    confirm_text: gr.HTML
    confirm: gr.Button
    cancel: gr.Button
    library_message: gr.HTML
    restore: gr.Button
    last_removed: gr.Textbox

    @property
    def refreshed(self) -> list:
        """What a refresh of the library state rewrites."""
        return [self.status, self.case, self.check_case, self.library, self.to_remove, *self.examples]


def _role_note(access: Access, cookie: str | None) -> str:
    """The Library's line about who may change it (nothing in local mode)."""
    return ui_html.role_note(str(access.mode), access.may_change(cookie), access.instructor_path)


def _layout(startup: Startup, access: Access) -> _Page:
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
                parts["k"] = gr.Slider(1, ui.MAX_K, value=startup.settings.search.k, step=1, label="Passages",
                                       scale=1, elem_id="cq-k")
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
            gr.HTML("<h3 class='cq-heading'>Cases in the index</h3>", js_on_load=None)
            parts["library"] = gr.HTML(elem_id="cq-library", js_on_load=None)
            parts["role"] = gr.HTML(_role_note(access, None), elem_id="cq-role", js_on_load=None)
            # Shown to whoever may change the library: everyone in local mode, the instructor in class mode.
            with gr.Column(visible=access.mode == Mode.LOCAL, elem_id="cq-admin") as parts["admin"]:
                with gr.Row():
                    parts["upload"] = gr.File(label=f"Add a case file ({', '.join(suffixes)})",
                                              file_types=list(suffixes), type="filepath", elem_id="cq-upload",
                                              scale=3)
                    parts["add"] = gr.Button("Add to library", variant="primary", elem_id="cq-add", scale=1)
                with gr.Row():
                    parts["to_remove"] = gr.Dropdown(label="Case to remove", choices=[], elem_id="cq-remove-choice",
                                                     scale=3)
                    parts["remove"] = gr.Button("Remove case…", variant="stop", elem_id="cq-remove", scale=1)
                with gr.Row(visible=False, elem_id="cq-confirm-row") as parts["confirm_row"]:
                    parts["confirm_text"] = gr.HTML(elem_id="cq-confirm-text", js_on_load=None)
                    parts["confirm"] = gr.Button("Yes, remove it", variant="stop", elem_id="cq-confirm", size="sm")
                    parts["cancel"] = gr.Button("Cancel", variant="secondary", elem_id="cq-cancel", size="sm")
                parts["restore"] = gr.Button("Put it back", visible=False, elem_id="cq-restore", size="sm")
            parts["library_message"] = gr.HTML(elem_id="cq-library-message", js_on_load=None)
            # The last removal's token, ".removed/<time>/<doc_id>" (a hidden field, not gr.State:
            # State keeps a heartbeat stream open for the whole visit).
            parts["last_removed"] = gr.Textbox(visible=False, elem_id="cq-last-removed")
    gr.HTML("<footer class='cq-footer'>For scripts and course platforms: the <a href='api/docs'>JSON API</a>."
            "</footer>", js_on_load=None)
    return _Page(**{f.name: parts[f.name] for f in fields(_Page)})  # type: ignore[arg-type]


def _example_buttons(page: _Page, questions: list[str]) -> dict:
    """The example buttons showing ``questions`` (the rest hidden)."""
    shown = questions[:N_EXAMPLES]
    return {button: gr.Button(value=shown[i], visible=True) if i < len(shown) else gr.Button(visible=False)
            for i, button in enumerate(page.examples)}


def _cookie(request: gr.Request | None) -> str | None:
    """The instructor session cookie a page event was sent with (None when absent)."""
    if request is None:
        return None
    cookies = getattr(request, "cookies", None) or {}
    return cookies.get(COOKIE)


def _wire_library_state(app: gr.Blocks, page: _Page, startup: Startup, access: Access):
    """The status line, case pickers, Library table and examples: on load, and when a tab is opened.

    Returns:
        The refresh function, which other events chain after changing the library.
    """

    def refresh(current: str | None = None, current_check: str | None = None) -> dict:
        state = ui.page_state(startup.engine())
        values = {v for _, v in state.choices}
        status = ui_html.notice(state.status, "ok" if state.ok else "error")
        if state.ok and startup.note:
            status = ui_html.notice(f"{state.status} {startup.note}", "wait")
        return {
            page.status: status,
            page.case: gr.Dropdown(choices=state.choices, value=current if current in values else ui.ALL_CASES),
            page.check_case: gr.Dropdown(choices=state.choices,
                                         value=current_check if current_check in values else ui.ALL_CASES),
            page.library: ui_html.render_library(ui.LIBRARY_HEADERS, state.rows),
            page.to_remove: gr.Dropdown(choices=state.removable, value=None),
            **_example_buttons(page, ui.examples_for(state, current)),
        }

    def on_load(request: gr.Request) -> Iterator[dict]:
        cookie = _cookie(request)
        role = {page.role: _role_note(access, cookie), page.admin: gr.Column(visible=access.may_change(cookie))}
        shown = None
        while not startup.ready:  # stream the loading status (indexing progress) until ready
            if startup.status != shown:
                shown = startup.status
                yield {page.status: ui_html.notice(shown + " The page works as soon as it is ready.", "wait"), **role}
            time.sleep(0.5)
        yield {**refresh(None), **role}

    app.load(on_load, None, [*page.refreshed, page.role, page.admin], concurrency_limit=None, **PRIVATE)
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
            yield _refused(str(exc))

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
            yield {page.verdicts: _refused(str(exc)), **hidden}
            return
        yield {
            page.verdicts: result.html,
            page.csv_report: gr.DownloadButton(value=str(result.csv), visible=True) if result.csv
            else hidden[page.csv_report],
            page.md_report: gr.DownloadButton(value=str(result.markdown), visible=True) if result.markdown
            else hidden[page.md_report],
        }

    page.check.click(check_page, [page.claims, page.check_case], [page.verdicts, page.csv_report, page.md_report],
                     **CHECK)


def _wire_library(page: _Page, startup: Startup, access: Access, refresh) -> None:
    """Adding, removing (after a confirmation) and putting back a case; each ends by refreshing the library.

    Every one of these events checks, on the server, that its request may change the library.
    A refused upload or removal says why in the message box (a toast alone fades away) and
    replaces the previous message, which would otherwise read as the outcome.
    """
    uploads = upload_folder()


    def refusal(request: gr.Request | None) -> str | None:
        """Why this request may not change the library (None when it may)."""
        only_the_instructor = ("Only the instructor can change the library: log in first (Instructor login, "
                               "in the Library tab).")
        if not access.library_writable:
            return only_the_instructor if access.instructor_path else \
                "This server is read-only: the library cannot be changed here."
        if not access.may_change(_cookie(request)):
            return only_the_instructor
        return None

    def add_page(upload: str | None, request: gr.Request,
                 progress: gr.Progress = gr.Progress()) -> Iterator[str]:  # noqa: B008
        refused = refusal(request)
        if refused:
            if upload:
                ui.discard_upload(upload, uploads)
            yield _refused(refused)
            return
        try:
            message = ui.add_case(startup.engine(), upload, lambda f, d: progress(f, desc=d), uploads=uploads)
        except CaseQAError as exc:
            yield _refused(str(exc))
            return
        yield ui_html.notice(message, "ok")

    def ask_to_remove(doc_id: str | None, request: gr.Request) -> dict:
        refused = refusal(request)
        if refused or not doc_id:
            return {page.library_message: _refused(refused or "choose the case to remove first"),
                    page.confirm_row: gr.Row(visible=False)}
        text = (f"Remove <b>{escape(doc_id)}</b> from the library? Its file is moved to the corpus's "
                ".removed folder, and Put it back undoes this.")
        return {page.confirm_text: f"<div class='cq-notice cq-wait'>{text}</div>",
                page.confirm_row: gr.Row(visible=True), page.library_message: ""}

    def remove_page(doc_id: str | None, request: gr.Request) -> Iterator[dict]:
        hide = {page.confirm_row: gr.Row(visible=False)}
        refused = refusal(request)
        if refused:
            yield {page.library_message: _refused(refused), **hide}
            return
        try:
            removed = ui.remove_case(startup.engine(), doc_id)
        except CaseQAError as exc:
            yield {page.library_message: _refused(str(exc)), **hide}
            return
        yield {page.library_message: ui_html.notice(removed.message, "ok"), page.last_removed: removed.token,
               page.restore: gr.Button(visible=True), **hide}

    def restore_page(token: str | None, request: gr.Request) -> Iterator[dict]:
        refused = refusal(request)
        if refused:
            yield {page.library_message: _refused(refused)}
            return
        try:
            message = ui.restore_case(startup.engine(), token)
        except CaseQAError as exc:
            yield {page.library_message: _refused(str(exc)), page.restore: gr.Button(visible=False)}
            return
        yield {page.library_message: ui_html.notice(message, "ok"), page.last_removed: "",
               page.restore: gr.Button(visible=False)}

    pickers = [page.case, page.check_case]
    removal = [page.library_message, page.last_removed, page.restore, page.confirm_row]
    page.add.click(add_page, page.upload, page.library_message, show_progress="full", **LIBRARY).then(
        refresh, pickers, page.refreshed, **PRIVATE).then(lambda: None, None, page.upload, queue=False, **PRIVATE)
    page.remove.click(ask_to_remove, page.to_remove, [page.library_message, page.confirm_text, page.confirm_row],
                      concurrency_limit=None, **PRIVATE)  # queued: a toast needs the queue's event stream
    page.cancel.click(lambda: gr.Row(visible=False), None, page.confirm_row, queue=False, **PRIVATE)
    page.confirm.click(remove_page, page.to_remove, removal, **LIBRARY).then(refresh, pickers, page.refreshed,
                                                                            **PRIVATE)
    page.restore.click(restore_page, page.last_removed, removal, **LIBRARY).then(refresh, pickers, page.refreshed,
                                                                                 **PRIVATE)


def _wire_api(startup: Startup) -> None:
    """The named endpoints ``/ask`` and ``/check`` (gradio_client, or HTTP)."""

    def api_ask(question: str, k: int | None = None, case: str = "") -> list[dict]:
        """Top passages for a question, best first.

        Each hit: doc, start, end (character offsets into the case's text), score, citation,
        text, highlights ([start, end] of the answering sentences, best first), rank, title,
        section, paragraphs, pages. ``case`` limits the search to one case file ("" = all).
        """
        try:
            return ui.ask_json(startup.engine(), question, k, case)
        except CaseQAError as exc:
            raise _api_error(exc) from None

    def api_check(text: str, case: str = "") -> list[dict]:
        """Check a claim or an essay: one verdict per sentence, in order.

        Each verdict: id (sentence number), claim, verdict (supported, contradicted, not_found or
        skipped), score, evidence (best first: doc, start, end, citation, text, passage), reasons,
        span (where the sentence sits in the text sent). ``case`` limits the evidence to one case.
        """
        try:
            return ui.check_json(startup.engine(), text, case)
        except CaseQAError as exc:
            raise _api_error(exc) from None

    gr.api(api_ask, api_name="ask", concurrency_limit=SEARCH_CONCURRENCY, concurrency_id="search")
    gr.api(api_check, api_name="check", concurrency_limit=CHECK_CONCURRENCY, concurrency_id="check")


def build_app(startup: Startup, access: Access | None = None) -> gr.Blocks:
    """The page: Ask, Check and Library tabs, plus the named API endpoints ``/ask`` and ``/check``.

    Args:
        startup: Loads the engine; every handler waits for it.
        access: Who may change the library (default: local mode, one user who may).
    """
    access = access or Access(Mode.LOCAL)
    reports = Path(tempfile.mkdtemp(prefix="caseqa-reports-"))  # in the temp dir, which gradio may serve
    atexit.register(shutil.rmtree, reports, ignore_errors=True)
    with gr.Blocks(title="caseqa — ask the case", delete_cache=CACHE_SWEEP) as app:
        page = _layout(startup, access)
        refresh = _wire_library_state(app, page, startup, access)
        _wire_ask(page, startup)
        _wire_check(page, startup, reports)
        _wire_library(page, startup, access, refresh)
        _wire_api(startup)
    return app
