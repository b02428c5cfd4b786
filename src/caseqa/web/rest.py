"""The JSON REST API beside the page: ``POST /api/ask``, ``POST /api/check``, ``GET /api/cases``
(and ``GET /api/health`` for a proxy).

Scripts and course platforms call these rather than Gradio's queue: one plain request, one JSON
answer, in the same form as ``caseqa ask --json`` and ``caseqa check --json``. Errors are HTTP
4xx (5xx while the index loads) with ``{"error": "..."}``. The schema is served at
``/api/openapi.json`` and read as a page at ``/api/docs`` (rendered here: FastAPI's own docs
page loads its scripts from a CDN, and the server must request nothing from other hosts).
"""

from __future__ import annotations

import json
import logging
import threading
from html import escape
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from caseqa.errors import CaseQAError, QueryError
from caseqa.web import handlers as ui
from caseqa.web.guard import OVERSIZED
from caseqa.web.startup import Startup
from caseqa.web.style import FONTS

PREFIX = "/api"  # every REST route, and the errors answered in its {"error": ...} form

log = logging.getLogger("caseqa.web.rest")

# Requests searched at once; the others wait their turn in FastAPI's thread pool. Set from
# bench/load.py (see README, "Serving a class"): two cores gain nothing from more, and each
# question in flight adds its share of waiting to every other one.
API_SEARCH_SLOTS = 4
API_CHECK_SLOTS = 2  # checks are longer (about 20 ms a sentence): they must not take every slot


class AskRequest(BaseModel):
    """A question about the cases."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={
        "examples": [{"question": "How many hotlines did Cainiao set up?", "k": 3, "case": ""}]})

    question: str = Field(description="The question, in plain English.")
    k: int = Field(5, ge=1, le=ui.MAX_K, description=f"How many passages, 1 to {ui.MAX_K}.")
    case: str = Field("", description='One case file to search ("alibaba-covid19.txt", or without the '
                                      'extension); "" searches every case.')


class CheckRequest(BaseModel):
    """A claim or an essay to check against the cases."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={
        "examples": [{"text": "Alibaba set up a fund of RMB 10 billion. Cainiao set up 400 hotlines.", "case": ""}]})

    text: str = Field(description="One claim, or a whole essay (each sentence is checked), at most "
                                  "100,000 characters.")
    case: str = Field("", description='One case file to check against; "" for every case.')


class Hit(BaseModel):
    """One passage, as ``caseqa ask --json`` prints it."""

    doc: str = Field(description="The case file, relative to the corpus folder.")
    start: int = Field(description="Offset of the passage in the case's text.")
    end: int
    score: float
    citation: str
    text: str = Field(description="The passage: the case's text from start to end.")
    highlights: list[list[int]] = Field(description="[start, end] of the answering sentences, best first.")
    rank: int
    title: str
    section: str | None
    paragraphs: list[int] | None
    pages: list[int] | None


class AskResponse(BaseModel):
    """The passages that answer, best first."""

    hits: list[Hit]
    notice: str | None = Field(None, description="Present when the passages probably do not answer.")


class Evidence(BaseModel):
    """A quote from a case that decides a verdict."""

    doc: str
    start: int
    end: int
    citation: str
    text: str
    passage: list[int] = Field(description="[start, end] of the passage the quote sits in.")


class VerdictOut(BaseModel):
    """One sentence's verdict, as ``caseqa check --json`` prints it."""

    id: int = Field(description="The sentence's number in the text, from 1.")
    claim: str
    verdict: str = Field(description="supported, contradicted, not_found or skipped.")
    score: float
    evidence: list[Evidence]
    reasons: list[str]
    span: list[int] | None = Field(description="[start, end] of the sentence in the text sent.")


class CheckResponse(BaseModel):
    """A verdict per sentence, in the order of the text."""

    verdicts: list[VerdictOut]


class Case(BaseModel):
    """A case file the index records."""

    doc: str
    title: str
    status: str = Field(description="indexed, error or skipped.")
    passages: int
    note: str = Field(description="Why it was refused, or its warnings.")


class CasesResponse(BaseModel):
    """Every case file the index records."""

    cases: list[Case]


class ErrorBody(BaseModel):
    """What went wrong, and what to do."""

    error: str


ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "The request is wrong: empty question, unknown case, bad k, ..."},
    403: {"model": ErrorBody, "description": "Sent from another site's page."},
    413: {"model": ErrorBody, "description": "The body is too large."},
    503: {"model": ErrorBody, "description": "The index is loading or missing; try again shortly."},
}


def error(status: int, message: str) -> JSONResponse:
    """``{"error": message}`` with an HTTP status."""
    return JSONResponse({"error": message}, status_code=status)


def _run(startup: Startup, call, slots: threading.BoundedSemaphore | None = None) -> JSONResponse:
    """Run a handler on the loaded engine; its dict is the answer, caseqa's errors become 400 or 503.

    The dict is sent as it is, not re-validated against the response models (which document it):
    it is the JSON the command line prints, and validating it again would cost every request.
    """
    if not startup.ready:
        return error(503, f"the case index is still loading ({startup.status}); try again in a moment")
    try:
        if slots is None:
            return JSONResponse(call(startup.engine(timeout=0)))
        with slots:
            answer = call(startup.engine(timeout=0))
        return JSONResponse(answer)
    except QueryError as exc:  # the request's fault
        log.info("caseqa: api: %s", exc)
        return error(400, str(exc))
    except CaseQAError as exc:  # the server's state: no index, a damaged one, ...
        log.warning("caseqa: api: %s", exc)
        return error(503, str(exc))


def router(startup: Startup) -> APIRouter:
    """The REST endpoints, answering from ``startup``'s engine.

    The handlers are plain ``def``: FastAPI runs them in its thread pool, and searching is
    NumPy and faiss work that releases the GIL.
    """
    api = APIRouter(prefix=PREFIX, tags=["caseqa"], responses=ERRORS)
    search_slots = threading.BoundedSemaphore(API_SEARCH_SLOTS)
    check_slots = threading.BoundedSemaphore(API_CHECK_SLOTS)

    @api.post("/ask", response_model=None, responses={200: {"model": AskResponse}},
              summary="Ask a question: the passages that answer, cited and highlighted")
    def ask(body: AskRequest) -> JSONResponse:
        """The top ``k`` passages for the question, best first, each with its citation, the
        offsets of its text in the case, and the answering sentences (``highlights``). Same JSON
        as ``caseqa ask --json``; ``notice`` says when the passages probably do not answer."""
        return _run(startup, lambda engine: ui.ask_api(engine, body.question, body.k, body.case), search_slots)

    @api.post("/check", response_model=None, responses={200: {"model": CheckResponse}},
              summary="Check a claim or an essay: supported, contradicted or not found, with evidence")
    def check(body: CheckRequest) -> JSONResponse:
        """One verdict per sentence of the text, with the best evidence and the reasons. Same JSON
        as ``caseqa check --json`` (``id`` is the sentence's number)."""
        return _run(startup, lambda engine: ui.check_api(engine, body.text, body.case), check_slots)

    @api.get("/cases", response_model=None, responses={200: {"model": CasesResponse}},
              summary="The case files in the index, with their status")
    def cases() -> JSONResponse:
        """Every case file the index records: indexed ones can be searched; the others say why not."""
        return _run(startup, ui.cases_api)

    @api.get("/health", response_model=None, summary="Whether this server answers, and from which generation")
    def health() -> JSONResponse:
        """200 with the live generation once the index answers; 503 while it loads or when it cannot.
        A reverse proxy or a supervisor reads this (see ``deploy/``); it costs no search."""
        engine = startup.engine(timeout=0) if startup.ready else None
        generation = engine.generation if engine is not None else None
        if generation is None:
            return error(503, f"not answering yet: {startup.status}")
        return JSONResponse({"status": "ready", "generation": generation, "writable": engine.writable})

    @api.get("/docs", include_in_schema=False, response_class=HTMLResponse)
    def docs(request: Request) -> HTMLResponse:
        return HTMLResponse(render_docs(request.app.openapi()))

    return api


def _field_error(error: dict[str, Any]) -> str:
    """One validation error as a line: ``k: input should be less than or equal to 10 (got 50)``."""
    loc = [str(part) for part in error.get("loc", ()) if part != "body"]
    message = str(error.get("msg", "invalid"))
    if error.get("type") == "json_invalid":
        return f"the request body is not valid JSON ({error.get('ctx', {}).get('error', message)})"
    if error.get("type") == "model_attributes_type":
        return "the request body must be a JSON object"
    if error.get("type") == "missing":
        return f"{'.'.join(loc)}: missing (send it in the JSON body)"
    got = f" (got {error['input']!r:.60})" if "input" in error else ""
    return f"{'.'.join(loc) or 'body'}: {message[:1].lower()}{message[1:]}{got}"


async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    """FastAPI's validation errors as ``400 {"error": "..."}``, one line per problem joined by "; "."""
    return error(400, "; ".join(_field_error(e) for e in exc.errors()) or "the request is malformed")


async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
    """Errors raised before an endpoint runs (a body that cannot be read or decoded) in the API's own
    form, ``{"error": "..."}``; a body cut off for its size is a 413."""
    limit = request.scope.get("state", {}).get(OVERSIZED)
    if limit is not None:
        return error(413, f"the request is larger than {limit:,} bytes")
    if not request.url.path.startswith(PREFIX + "/"):
        return await http_exception_handler(request, exc)
    detail = exc.detail if isinstance(exc.detail, str) else "the request is malformed"
    if detail == "There was an error parsing the body":
        detail = "the request body cannot be read as JSON text (UTF-8); send a JSON object"
    return error(exc.status_code, detail)


def install(app: FastAPI, startup: Startup) -> None:
    """Add the REST endpoints and their error handling to ``app``."""
    app.include_router(router(startup))
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(StarletteHTTPException, http_error)


# --- the API page ------------------------------------------------------------------------------

def _schema_type(schema: dict[str, Any], components: dict[str, Any]) -> str:
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if "anyOf" in schema:
        return " or ".join(_schema_type(s, components) for s in schema["anyOf"])
    if schema.get("type") == "array":
        return f"list of {_schema_type(schema.get('items', {}), components)}"
    return str(schema.get("type", "any"))


def _model_table(name: str, components: dict[str, Any]) -> str:
    model = components.get(name, {})
    required = set(model.get("required", ()))
    rows = []
    for field_name, spec in model.get("properties", {}).items():
        default = f" (default {json.dumps(spec['default'])})" if "default" in spec else ""
        need = "required" if field_name in required else "optional"
        rows.append(f"<tr><td><code>{escape(field_name)}</code></td><td>{escape(_schema_type(spec, components))}</td>"
                    f"<td>{need}{escape(default)}</td><td>{escape(spec.get('description', ''))}</td></tr>")
    return (f"<h4>{escape(name)}</h4><table><tr><th>field</th><th>type</th><th></th><th>meaning</th></tr>"
            f"{''.join(rows)}</table>")


def render_docs(spec: dict[str, Any]) -> str:
    """The OpenAPI schema as one self-contained HTML page (system fonts, no script, nothing fetched)."""
    components = spec.get("components", {}).get("schemas", {})
    parts = []
    for path, methods in spec.get("paths", {}).items():
        for method, op in methods.items():
            body = op.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema", {})
            body_name = _schema_type(body, components) if body else ""
            answer = op.get("responses", {}).get("200", {}).get("content", {}).get("application/json", {})
            answer_name = _schema_type(answer.get("schema", {}), components) if answer else ""
            example = components.get(body_name, {}).get("examples", [None])[0] if body_name else None
            curl = (f"curl -s -X POST http://127.0.0.1:7860{path} -H 'Content-Type: application/json' "
                    f"-d '{json.dumps(example, ensure_ascii=False)}'" if example else
                    f"curl -s http://127.0.0.1:7860{path}")
            errors = ", ".join(f"{code} ({escape(r.get('description', ''))})"
                               for code, r in op.get("responses", {}).items() if code not in ("200", "422"))
            parts.append(
                f"<section><h2><span class='m'>{method.upper()}</span> <code>{escape(path)}</code></h2>"
                f"<p><b>{escape(op.get('summary', ''))}</b></p><p>{escape(op.get('description', ''))}</p>"
                f"<pre>{escape(curl)}</pre>"
                + (_model_table(body_name, components) if body_name else "")
                + (f"<p>Answer: <code>{escape(answer_name)}</code></p>" if answer_name else "")
                + f"<p>Errors: {errors}, each as <code>{{\"error\": \"...\"}}</code>.</p></section>")
    shown = sorted({n for n in components if n not in ("HTTPValidationError", "ValidationError")})
    models = "".join(_model_table(name, components) for name in shown)
    fonts = ", ".join(f"'{f}'" if " " in f else f for f in FONTS)
    info = spec.get("info", {})
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{escape(info.get('title', 'API'))}</title><style>"
        f"body{{font-family:{fonts};max-width:900px;margin:2em auto;padding:0 1em;line-height:1.5;color:#1e293b}}"
        "pre{white-space:pre-wrap;word-break:break-all;background:#f1f5f9;padding:.6em;border-radius:6px}"
        "table{border-collapse:collapse;margin:.5em 0 1em}td,th{border-bottom:1px solid #e2e8f0;padding:4px 8px;"
        "text-align:left;vertical-align:top}.m{background:#4f46e5;color:#fff;border-radius:4px;padding:0 6px}"
        "section{border-top:1px solid #cbd5e1;margin-top:1.5em}</style></head><body>"
        f"<h1>{escape(info.get('title', ''))}</h1><p>{escape(info.get('description', ''))}"
        "</p><p>The machine-readable schema: <a href='openapi.json'>openapi.json</a>.</p>"
        + "".join(parts) + "<section><h2>Types</h2>" + models + "</section></body></html>"
    )
