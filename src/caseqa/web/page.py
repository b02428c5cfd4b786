"""The Gradio page around the handlers of :mod:`caseqa.web.handlers`: layout, theme, API endpoints, launch options."""

from __future__ import annotations

import atexit
import importlib.abc
import importlib.machinery
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import ModuleType

# Before gradio or huggingface_hub is imported: no analytics, no hub access.
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")


class _NoStubRewrite(importlib.abc.MetaPathFinder):
    """Skips gradio's rewrite of its own ``.pyi`` type stubs, which halves ``import gradio``.

    On every import, gradio 6 re-parses the source of each of its ~80 component classes to
    regenerate type stubs in its install folder (``component_meta.create_or_modify_pyi``). The stubs
    ship with the package and only type checkers read them; on this machine the rewrite is ~2.5 s
    of a ~4.5 s import, and the page cannot answer before gradio is imported.
    """

    def find_spec(self, name: str, path: Sequence[str] | None, target: ModuleType | None = None):
        if name != "gradio.component_meta":
            return None
        sys.meta_path.remove(self)
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
            return spec
        run = spec.loader.exec_module

        def exec_module(module: ModuleType) -> None:
            run(module)
            if hasattr(module, "create_or_modify_pyi"):
                module.create_or_modify_pyi = lambda *args, **kwargs: None

        spec.loader.exec_module = exec_module
        return spec


if "gradio" not in sys.modules:
    sys.meta_path.insert(0, _NoStubRewrite())

import gradio as gr  # noqa: E402

from caseqa.app.library import supported_suffixes  # noqa: E402
from caseqa.config import Settings  # noqa: E402
from caseqa.errors import CaseQAError  # noqa: E402
from caseqa.web import handlers as ui  # noqa: E402
from caseqa.web import html as ui_html  # noqa: E402

N_EXAMPLES = 4
SEARCH_CONCURRENCY = 4  # questions answered at once; searching is short and mostly NumPy/faiss
CHECK_CONCURRENCY = 2  # essays checked at once; an essay takes about a second per new sentence
# System fonts only: a theme font is a stylesheet request, and the page must request nothing
# from any host but its own.
THEME = gr.themes.Base(
    primary_hue="indigo",
    neutral_hue="slate",
    font=["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"],
    font_mono=["ui-monospace", "SFMono-Regular", "Menlo", "Consolas", "monospace"],
)
CSS = """
.gradio-container { max-width: 1000px !important; width: 100% !important; margin: auto; }
#cq-results { min-height: 4em; }
/* Secondary text stays readable: the theme's subdued grey is below 3:1 on white. */
.cq-summary { color: var(--body-text-color); opacity: 0.8; margin: 4px 0 10px; }
.cq-hit { border: 1px solid var(--border-color-primary); border-radius: 10px; padding: 12px 16px;
          margin: 0 0 12px; background: var(--block-background-fill); }
.cq-head { display: flex; gap: 10px; align-items: baseline; margin-bottom: 6px; font-size: 0.92em; }
.cq-rank { font-weight: 700; color: #fff; background: var(--color-accent); border-radius: 999px;
           min-width: 1.7em; text-align: center; }
.cq-cite { font-weight: 600; flex: 1; }
.cq-score { color: var(--body-text-color); opacity: 0.8; white-space: nowrap; }
.cq-text { white-space: pre-line; line-height: 1.6; }
.cq-hit mark, .cq-verdicts mark { background: #ffe58a; color: #1a1a1a; padding: 0 2px; border-radius: 3px; }
.cq-passage { background: rgba(99, 102, 241, 0.12); box-shadow: 0 0 0 1px rgba(99, 102, 241, 0.45);
              border-radius: 3px; }
.cq-context summary { cursor: pointer; color: var(--link-text-color); margin-top: 8px; }
.cq-context > .cq-text { padding: 8px 10px; margin-top: 6px; border-left: 3px solid var(--border-color-primary); }
.cq-section { font-weight: 600; margin: 8px 0 2px; }
.cq-notice { padding: 10px 14px; border-radius: 8px; background: var(--background-fill-secondary); }
.cq-error { border-left: 4px solid #dc2626; }
.cq-wait { border-left: 4px solid #d97706; }
.cq-ok { border-left: 4px solid #16a34a; }
.cq-verdicts { width: 100%; border-collapse: collapse; font-size: 0.95em; }
.cq-verdicts th, .cq-verdicts td { border: none !important; padding: 8px 6px; vertical-align: top;
                                   border-bottom: 1px solid var(--border-color-primary) !important;
                                   text-align: left; }
.cq-verdicts td:nth-child(2) { width: 24%; }
.cq-verdicts td:nth-child(4) { width: 36%; }
.cq-verdicts td:nth-child(5) { width: 28%; }
.cq-badge { display: inline-block; padding: 2px 8px; border-radius: 999px; font-weight: 600;
            font-size: 0.85em; white-space: nowrap; color: #fff; background: #64748b; }
.cq-badge.cq-supported { background: #15803d; }
.cq-badge.cq-contradicted { background: #b91c1c; }
.cq-badge.cq-not_found { background: #b45309; }
.cq-badge.cq-skipped { background: #94a3b8; }
.cq-quote { font-style: italic; }
.cq-evidence .cq-cite { font-size: 0.9em; color: var(--body-text-color); opacity: 0.8; margin-top: 2px; }
.cq-reasons { margin: 0; padding-left: 1.1em; }
.cq-nearest { font-size: 0.85em; font-weight: 600; margin-bottom: 2px; }
#cq-library { max-width: 100%; overflow-x: auto; }
/* Phones: the verdict table becomes one card per sentence, and rows of controls wrap. */
@media (max-width: 640px) {
  .cq-verdicts thead { display: none; }
  .cq-verdicts tr { display: block; border-bottom: 1px solid var(--border-color-primary); padding: 6px 0; }
  .cq-verdicts td { display: block; width: auto !important; border: none !important; padding: 4px 2px; }
  .cq-verdicts td:first-child { display: none; }
  .gradio-container .row { flex-wrap: wrap; }
  .gradio-container .row > * { min-width: 100% !important; }
}
"""


def _error(exc: CaseQAError) -> gr.Error:
    """The user-facing form of an error: its message, which says what to do."""
    return gr.Error(str(exc))


def launch_options(settings: Settings) -> dict[str, object]:
    """Keyword arguments of ``Blocks.launch`` that keep the page local, offline and safe.

    The index and corpus folders are blocked from file serving; uploads are capped at the
    indexer's file size limit; no share link, no SSR node server, no MCP server, no monitoring.
    """
    return {
        "share": False,
        "max_file_size": settings.limits.max_file_bytes,
        "blocked_paths": [str(settings.index_dir.resolve()), str(settings.corpus_dir.resolve())],
        "allowed_paths": [],
        "theme": THEME,
        "css": CSS,
        "footer_links": ["api"],
        "ssr_mode": False,
        "mcp_server": False,
        "pwa": False,
        "enable_monitoring": False,
    }


def build_app(startup: ui.Startup) -> gr.Blocks:
    """The page: Ask, Check and Library tabs, plus the named API endpoints ``/ask`` and ``/check``.

    Args:
        startup: Loads the engine; every handler waits for it.
    """
    suffixes = supported_suffixes()
    reports = Path(tempfile.mkdtemp(prefix="caseqa-reports-"))  # in the temp dir, which gradio may serve
    atexit.register(shutil.rmtree, reports, ignore_errors=True)
    with gr.Blocks(title="caseqa — ask the case") as app:
        gr.Markdown("# caseqa\nCited answers from your business cases: every word shown is the case's own.")
        status = gr.HTML(ui_html.notice(startup.status, "wait"), elem_id="cq-status")
        with gr.Tabs():
            with gr.Tab("Ask", id="ask") as ask_tab:
                question = gr.Textbox(label="Question", placeholder="Ask about the case, then press Enter",
                                      submit_btn="Ask", elem_id="cq-question", autofocus=True)
                with gr.Row():
                    case = gr.Dropdown(choices=[("All cases", ui.ALL_CASES)], value=ui.ALL_CASES,
                                       label="Search in", scale=3, elem_id="cq-case")
                    k = gr.Slider(1, ui.MAX_K, value=5, step=1, label="Passages", scale=1, elem_id="cq-k")
                with gr.Row(elem_id="cq-examples"):
                    example_buttons = [gr.Button(visible=False, size="sm", variant="secondary")
                                       for _ in range(N_EXAMPLES)]
                results = gr.HTML(elem_id="cq-results", js_on_load=None)
            with gr.Tab("Check", id="check"):
                claims = gr.Textbox(label="Claim or essay", lines=8, elem_id="cq-claims",
                                    placeholder="Paste one claim, or a whole essay: each sentence is checked "
                                                "against the case, with the evidence and the reasons.")
                with gr.Row():
                    check_case = gr.Dropdown(choices=[("All cases", ui.ALL_CASES)], value=ui.ALL_CASES,
                                             label="Check against", scale=3, elem_id="cq-check-case")
                    check = gr.Button("Check", variant="primary", scale=1, elem_id="cq-check")
                verdicts = gr.HTML(elem_id="cq-verdicts", js_on_load=None)
                with gr.Row():
                    csv_report = gr.DownloadButton("Download report (CSV)", visible=False, elem_id="cq-csv")
                    md_report = gr.DownloadButton("Download report (Markdown)", visible=False, elem_id="cq-md")
            with gr.Tab("Library", id="library") as library_tab:
                library = gr.Dataframe(headers=ui.LIBRARY_HEADERS, interactive=False, wrap=True,
                                       elem_id="cq-library", label="Cases in the index")
                with gr.Row():
                    upload = gr.File(label=f"Add a case file ({', '.join(suffixes)})", file_types=list(suffixes),
                                     type="filepath", elem_id="cq-upload", scale=3)
                    add = gr.Button("Add to library", variant="primary", elem_id="cq-add", scale=1)
                with gr.Row():
                    to_remove = gr.Dropdown(label="Case to remove", choices=[], elem_id="cq-remove-choice", scale=3)
                    remove = gr.Button("Remove case", variant="stop", elem_id="cq-remove", scale=1)
                library_message = gr.HTML(elem_id="cq-library-message", js_on_load=None)
                restore = gr.Button("Put it back", visible=False, elem_id="cq-restore", size="sm")
                # The last removal, as "doc_id<TAB>path under the corpus" (a hidden field, not gr.State:
                # State keeps a heartbeat stream open for the whole visit).
                last_removed = gr.Textbox(visible=False, elem_id="cq-last-removed")

        def ask_page(question: str, case: str, k: float) -> Iterator[str]:
            if not startup.ready:
                yield ui_html.notice("Loading the case index; your question is answered as soon as it is ready…",
                                     "wait")
            try:
                yield ui.ask(startup.engine(), question, case, k)
            except CaseQAError as exc:
                # Replace the previous answer so it is not read as the answer to this question.
                yield ui_html.notice(str(exc), "error")
                raise _error(exc) from None

        def check_page(text: str, case: str) -> Iterator[tuple]:
            hidden = (gr.DownloadButton(visible=False), gr.DownloadButton(visible=False))
            if not startup.ready:
                yield ui_html.notice("Loading the case index; the check runs as soon as it is ready…", "wait"), *hidden
            try:
                result = ui.check(startup.engine(), text, case, reports)
            except CaseQAError as exc:
                yield ui_html.notice(str(exc), "error"), *hidden
                raise _error(exc) from None
            yield (result.html,
                   gr.DownloadButton(value=str(result.csv), visible=True) if result.csv else hidden[0],
                   gr.DownloadButton(value=str(result.markdown), visible=True) if result.markdown else hidden[1])

        def refresh(current: str | None = None, current_check: str | None = None) -> tuple:
            try:
                state = ui.page_state(startup.engine())
            except CaseQAError as exc:
                raise _error(exc) from None
            questions = ui.examples_for(state, current)[:N_EXAMPLES]
            values = {v for _, v in state.choices}
            return (
                ui_html.notice(state.status, "ok" if state.ok else "error"),
                gr.Dropdown(choices=state.choices, value=current if current in values else ui.ALL_CASES),
                gr.Dropdown(choices=state.choices, value=current_check if current_check in values else ui.ALL_CASES),
                state.rows,
                gr.Dropdown(choices=state.removable, value=None),
                *[gr.Button(value=q, visible=True) for q in questions],
                *[gr.Button(visible=False) for _ in range(N_EXAMPLES - len(questions))],
            )

        refreshed = [status, case, check_case, library, to_remove, *example_buttons]

        def on_load() -> Iterator[tuple]:
            shown = None
            while not startup.ready:  # stream the loading status (indexing progress) until ready
                if startup.status != shown:
                    shown = startup.status
                    yield (ui_html.notice(shown + " The page works as soon as it is ready.", "wait"),
                           *[gr.skip()] * (len(refreshed) - 1))
                time.sleep(0.5)
            yield refresh(None)

        # A refused upload or removal says why in the message box (a toast alone fades away) and
        # replaces the previous message, which would otherwise read as the outcome.
        def add_page(upload: str | None, progress: gr.Progress = gr.Progress()) -> Iterator[str]:  # noqa: B008
            try:
                message = ui.add_case(startup.engine(), upload, lambda f, d: progress(f, desc=d))
            except CaseQAError as exc:
                yield ui_html.notice(str(exc), "error")
                raise _error(exc) from None
            yield ui_html.notice(message, "ok")

        def remove_page(doc_id: str | None) -> Iterator[tuple]:
            try:
                removed = ui.remove_case(startup.engine(), doc_id)
            except CaseQAError as exc:
                yield ui_html.notice(str(exc), "error"), gr.skip(), gr.skip()
                raise _error(exc) from None
            yield ui_html.notice(removed.message, "ok"), removed.token, gr.Button(visible=True)

        def restore_page(token: str | None) -> Iterator[tuple]:
            try:
                message = ui.restore_case(startup.engine(), token)
            except CaseQAError as exc:
                yield ui_html.notice(str(exc), "error"), gr.skip(), gr.Button(visible=False)
                raise _error(exc) from None
            yield ui_html.notice(message, "ok"), "", gr.Button(visible=False)

        search = {"concurrency_limit": SEARCH_CONCURRENCY, "concurrency_id": "search", "api_visibility": "private"}
        question.submit(ask_page, [question, case, k], results, **search)

        def again(question: str, case: str, k: float) -> Iterator[str]:
            """Changing the case or the number of passages answers the question on the page again."""
            if (question or "").strip():
                yield from ask_page(question, case, k)
            else:
                yield gr.skip()

        def examples_page(case: str) -> list:
            try:
                questions = ui.examples_for(ui.page_state(startup.engine()), case)[:N_EXAMPLES]
            except CaseQAError:
                questions = []
            return [gr.Button(value=q, visible=True) for q in questions] + [
                gr.Button(visible=False) for _ in range(N_EXAMPLES - len(questions))]

        case.input(examples_page, case, example_buttons, api_visibility="private").then(
            again, [question, case, k], results, **search)
        k.release(again, [question, case, k], results, **search)
        for button in example_buttons:
            button.click(lambda q: q, button, question, api_visibility="private", queue=False).then(
                ask_page, [question, case, k], results, **search)
        check.click(check_page, [claims, check_case], [verdicts, csv_report, md_report],
                    concurrency_limit=CHECK_CONCURRENCY, concurrency_id="check", api_visibility="private")
        app.load(on_load, None, refreshed, concurrency_limit=None, api_visibility="private")
        # Another page (or the command line) may have added or removed cases since this one loaded.
        for tab in (ask_tab, library_tab):
            tab.select(refresh, [case, check_case], refreshed, api_visibility="private")
        changing = {"concurrency_limit": 1, "concurrency_id": "library", "api_visibility": "private"}
        add.click(add_page, upload, library_message, show_progress="full", **changing).then(
            refresh, [case, check_case], refreshed, api_visibility="private").then(
            lambda: None, None, upload, api_visibility="private", queue=False)
        remove.click(remove_page, to_remove, [library_message, last_removed, restore], **changing).then(
            refresh, [case, check_case], refreshed, api_visibility="private")
        restore.click(restore_page, last_removed, [library_message, last_removed, restore], **changing).then(
            refresh, [case, check_case], refreshed, api_visibility="private")

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

        gr.api(api_ask, api_name="ask", concurrency_limit=SEARCH_CONCURRENCY, concurrency_id="search")

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

        gr.api(api_check, api_name="check", concurrency_limit=CHECK_CONCURRENCY, concurrency_id="check")
    return app


def serve(startup: ui.Startup, host: str = "127.0.0.1", port: int = 7860) -> None:
    """Build the page and serve it until interrupted."""
    if host not in ("127.0.0.1", "localhost", "::1"):
        ui.log.warning("caseqa: serving on %s: anyone who can reach this machine can read, add and remove "
                       "cases (there is no login)", host)
    # No .queue(): launch() sets the queue up itself, and each call rebuilds the FastAPI app (~0.3 s).
    build_app(startup).launch(server_name=host, server_port=port, **launch_options(startup.settings))
