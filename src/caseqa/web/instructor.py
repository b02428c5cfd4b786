"""The instructor's login: a small form at ``/instructor``, a session cookie, and logging out.

The cookie is HttpOnly (the page's scripts cannot read it) and SameSite=Strict (another site's
page cannot make the browser send it); failed attempts are slowed down per client
(:class:`caseqa.web.access.Throttle`) and each costs the guesser a second.
"""

from __future__ import annotations

import asyncio
import logging
import math
from html import escape

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from caseqa.web.access import COOKIE, SESSION_SECONDS, Access, Mode, Role
from caseqa.web.style import FONTS

log = logging.getLogger("caseqa.web.instructor")

FAILURE_DELAY = 1.0  # seconds every wrong password waits before its answer
MAX_PASSWORD_CHARS = 1_000
LOGOUT = "<form method='post' action='{root}instructor/logout'><button>Log out</button></form>"


def _root(request: Request) -> str:
    """The page's root relative to this request's path ("./" from /instructor, "../" from /instructor/login),
    so that links keep working behind a proxy that serves caseqa under a sub-path."""
    depth = request.url.path.strip("/").count("/")
    return "../" * depth if depth else "./"


def _page(request: Request, title: str, body: str, status: int = 200,
          headers: dict[str, str] | None = None) -> HTMLResponse:
    root = _root(request)
    body = body.replace("{root}", root)
    fonts = ", ".join(f"'{f}'" if " " in f else f for f in FONTS)
    return HTMLResponse(
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{escape(title)} — caseqa</title><style>"
        f"body{{font-family:{fonts};max-width:420px;margin:3em auto;padding:0 1em;line-height:1.5;color:#1e293b}}"
        "input,button{font:inherit;padding:.5em;width:100%;box-sizing:border-box;margin:.3em 0}"
        "button{background:#4f46e5;color:#fff;border:0;border-radius:6px;cursor:pointer}"
        ".error{border-left:4px solid #dc2626;padding:.4em .8em;background:#fef2f2}</style></head>"
        f"<body><h1>{escape(title)}</h1>{body}<p><a href='{root}'>Back to the page</a></p></body></html>",
        status_code=status, headers=headers)


def _form(message: str = "") -> str:
    """The login form ("{root}" is filled in by :func:`_page`)."""
    note = f"<p class='error' role='alert'>{escape(message)}</p>" if message else ""
    return (f"{note}<p>Students ask and check without logging in. Log in to add, remove or put back cases.</p>"
            "<form method='post' action='{root}instructor/login'>"
            "<label for='password'>Instructor password</label>"
            "<input id='password' name='password' type='password' autocomplete='current-password' required autofocus>"
            "<button type='submit'>Log in</button></form>")


def router(access: Access) -> APIRouter:
    """``GET /instructor``, ``POST /instructor/login`` and ``POST /instructor/logout``."""
    api = APIRouter(include_in_schema=False)

    @api.get("/instructor")
    def login_page(request: Request) -> HTMLResponse:
        if access.mode == Mode.LOCAL:
            return _page(request, "No login needed", "<p>This page is served to this computer only: you can add and "
                                            "remove cases already.</p>")
        if access.mode == Mode.READ_ONLY:
            return _page(request, "Read-only", "<p>This server was started with --read-only: nobody can change the "
                                      "library here.</p>")
        if access.role(request.cookies.get(COOKIE)) == Role.INSTRUCTOR:
            return _page(request, "Logged in", "<p>You are logged in as the instructor.</p>" + LOGOUT)
        return _page(request, "Instructor login", _form())

    @api.post("/instructor/login")
    async def login(request: Request) -> Response:
        if access.mode != Mode.CLASS:
            return _page(request, "No login here", "<p>This server has no instructor login.</p>", 404)
        client = request.client.host if request.client else "?"
        wait = access.throttle.wait(client)
        if wait > 0:
            seconds = math.ceil(wait)
            log.info("caseqa: login from %s refused: %d s still to wait after failed attempts", client, seconds)
            message = f"Too many wrong passwords: try again in {seconds} s."
            return _page(request, "Instructor login", _form(message), 429, {"Retry-After": str(seconds)})
        form = await request.form()
        given = form.get("password")
        if isinstance(given, str) and len(given) <= MAX_PASSWORD_CHARS and access.check_password(given):
            access.throttle.succeeded(client)
            log.info("caseqa: the instructor logged in from %s", client)
            response = RedirectResponse(_root(request), status_code=303)
            response.set_cookie(COOKIE, access.new_session(), max_age=SESSION_SECONDS, path="/", httponly=True,
                                samesite="strict", secure=request.url.scheme == "https")
            return response
        access.throttle.failed(client)
        log.info("caseqa: wrong instructor password from %s", client)
        await asyncio.sleep(FAILURE_DELAY)
        return _page(request, "Instructor login", _form("Wrong password."), 401)

    @api.post("/instructor/logout")
    def logout(request: Request) -> Response:
        access.end_session(request.cookies.get(COOKIE))
        response = RedirectResponse(_root(request), status_code=303)
        response.delete_cookie(COOKIE, path="/", httponly=True, samesite="strict")
        return response

    return api
