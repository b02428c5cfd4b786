"""Web page: plain handler functions, and a Gradio Blocks app built from them."""

from __future__ import annotations

import argparse
import html
import os

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

from .config import settings_from_env
from .engine import Engine
from .errors import CaseQAError
from .types import Hit


def render_hits(engine: Engine, hits: list[Hit]) -> str:
    """Hits as HTML cards; every piece of case text is escaped."""
    if not hits:
        return "<p>No passage matches this question.</p>"
    cards = []
    for hit in hits:
        p = hit.passage
        text = engine.index.documents[p.doc_id].text
        pieces, pos = [], p.start
        for start, end in sorted(hit.highlights):
            pieces.append(html.escape(text[pos:start]))
            pieces.append(f"<mark>{html.escape(text[start:end])}</mark>")
            pos = end
        pieces.append(html.escape(text[pos:p.end]))
        cards.append(
            f"<div class='hit'><div class='cite'>[{hit.rank}] {html.escape(hit.citation)} "
            f"<span class='score'>score {hit.score:.3f}</span></div><p>{''.join(pieces)}</p></div>"
        )
    return "\n".join(cards)


def ask_handler(engine: Engine, question: str, k: float) -> str:
    """Answer a question for the page; raises CaseQAError with a readable message."""
    return render_hits(engine, engine.ask(question, k=int(k)))


def build_app(engine: Engine):
    """The Gradio page."""
    import gradio as gr

    def ask(question: str, k: float) -> str:
        try:
            return ask_handler(engine, question, k)
        except CaseQAError as exc:
            raise gr.Error(str(exc)) from None

    with gr.Blocks(title="caseqa") as app:
        gr.Markdown("# caseqa — ask the case")
        with gr.Row():
            question = gr.Textbox(label="Question", placeholder="e.g. How many hotlines did Cainiao set up?", scale=4)
            k = gr.Slider(1, 10, value=5, step=1, label="Passages")
        answer = gr.HTML()
        question.submit(ask, [question, k], answer, api_name="ask")
    return app


def main(argv: list[str] | None = None) -> int:
    """Serve the page on 127.0.0.1 (``--host`` to change)."""
    parser = argparse.ArgumentParser(prog="app.py", description="caseqa web page")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=7860)
    args = parser.parse_args(argv)
    engine = Engine(settings_from_env())
    engine.ensure_index()
    build_app(engine).launch(server_name=args.host, server_port=args.port, share=False)
    return 0
