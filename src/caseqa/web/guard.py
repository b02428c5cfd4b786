"""The gate every request passes before the page, Gradio or the REST API sees it (an ASGI middleware).

In order, a request is refused when:

1. its ``Host`` is not this server's (DNS rebinding: a page on ``evil.example`` that resolves
   to this machine must not drive it) -> 421;
2. it asks for a Gradio route caseqa does not use (monitoring, run history, the URL proxy, MCP,
   Gradio's own login) -> 404;
3. it changes something (any method but GET/HEAD/OPTIONS) and comes from another origin's page
   -> 403; or names a route outside the short list of routes that may change anything -> 405;
   or carries a body over ``max_body`` bytes -> 413;
4. it uploads a file without the right to change the library (students in class mode,
   everyone in read-only mode) -> 403.

Adding, removing and putting back a case are also checked by the page's own handlers
(:func:`caseqa.web.page`), which is where the role of a Gradio event is known.
"""

from __future__ import annotations

import json
import logging

from starlette.datastructures import Headers
from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from caseqa.web.access import COOKIE, Access

log = logging.getLogger("caseqa.web.guard")

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
UPLOAD = "/gradio_api/upload"
# The only routes a request may change anything through: the page's events (queued, and the few
# quick ones that are not: run/predict) and uploads, the
# named Gradio endpoints, the REST API and the instructor's login. A route a new Gradio release
# adds is refused until it is listed here.
CHANGING_ROUTES = frozenset({
    "/gradio_api/queue/join", "/gradio_api/run/predict", "/gradio_api/call/ask", "/gradio_api/call/check", UPLOAD,
    "/gradio_api/cancel", "/gradio_api/reset",
    "/api/ask", "/api/check", "/instructor/login", "/instructor/logout",
})
# Gradio routes the page never uses, some of which reach other hosts or expose server state.
BLOCKED_PREFIXES = (
    "/monitoring", "/gradio_api/runs", "/gradio_api/run-history", "/gradio_api/proxy=", "/gradio_api/vibe",
    "/gradio_api/undo-vibe", "/gradio_api/dev/", "/gradio_api/mcp", "/gradio_api/process_recording",
    "/gradio_api/stream/", "/gradio_api/custom_component/", "/login", "/logout", "/gradio_api/login",
)
MAX_BODY = 2_000_000  # bytes of a request that is not an upload: a 100,000-character essay is at most 400 KB


class Guard:
    """ASGI middleware applying an :class:`~caseqa.web.access.Access` to every HTTP and WebSocket request.

    Args:
        app: The application behind the gate.
        access: The serving mode, allowed hosts and sessions.
        max_body: Largest body accepted for a request that is not an upload.
    """

    def __init__(self, app: ASGIApp, access: Access, max_body: int = MAX_BODY) -> None:
        self.app = app
        self.access = access
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        refusal = self.refusal(scope)
        if refusal is not None:
            status, message = refusal
            log.info("caseqa: refused %s %s: %s", scope.get("method", "WEBSOCKET"), scope.get("path"), message)
            await _refuse(scope, receive, send, status, message)
            return
        if scope["type"] == "http" and scope["method"] not in SAFE_METHODS and scope["path"] != UPLOAD:
            receive = _capped(receive, self.max_body, scope)
        await self.app(scope, receive, send)

    def refusal(self, scope: Scope) -> tuple[int, str] | None:
        """Why a request is refused, as (HTTP status, message); None when it may go on."""
        headers = Headers(scope=scope)
        host = headers.get("host")
        path = scope.get("path", "")
        if not host:
            return 400, "the request names no host (it has no Host header); send one, as every browser does"
        if not self.access.host_allowed(host):
            return 421, (f"this server does not answer to the host name {host!r}; if that is the name students "
                         "use, start caseqa with --allowed-host NAME")
        if any(path.startswith(prefix) for prefix in BLOCKED_PREFIXES):
            return 404, "not found"
        method = scope.get("method", "GET") if scope["type"] == "http" else "WEBSOCKET"
        if method in SAFE_METHODS:
            return None
        if not self.access.same_origin(headers.get("origin"), host, headers.get("sec-fetch-site")):
            return 403, "refused: the request comes from another site's page"
        if method == "WEBSOCKET":
            return None
        if path.rstrip("/") not in CHANGING_ROUTES:
            return 405, f"{method} is not allowed on {path}"
        length = headers.get("content-length")
        if path != UPLOAD and length is not None and (not length.isdigit() or int(length) > self.max_body):
            return 413, f"the request is larger than {self.max_body:,} bytes"
        if path.rstrip("/") == UPLOAD and not self.access.may_change(HTTPConnection(scope).cookies.get(COOKIE)):
            if not self.access.library_writable:
                return 403, "this server is read-only: cases cannot be uploaded"
            return 403, "only the instructor can upload cases; log in at /instructor first"
        return None


OVERSIZED = "caseqa_oversized"  # set in a request's scope state when _capped cut its body off


def _capped(receive: Receive, limit: int, scope: Scope) -> Receive:
    """``receive`` that ends the request (as a disconnect) once its body passes ``limit`` bytes.

    A body without a Content-Length (sent in chunks) is only found too large while it is read;
    the request's scope then records it, so the error can say so (413) rather than "cannot parse".
    """
    seen = 0

    async def capped() -> Message:
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                scope.setdefault("state", {})[OVERSIZED] = limit
                return {"type": "http.disconnect"}
        return message

    return capped


async def _refuse(scope: Scope, receive: Receive, send: Send, status: int, message: str) -> None:
    """Answer a refused request: ``{"error": message}`` over HTTP, a close code over WebSocket."""
    if scope["type"] == "websocket":
        await receive()  # the connect message
        await send({"type": "websocket.close", "code": 1008, "reason": message[:120]})
        return
    body = json.dumps({"error": message}, ensure_ascii=False).encode("utf-8")
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json; charset=utf-8"),
                            (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
