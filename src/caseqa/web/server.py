"""Serving the page and the API: ``python app.py [--host] [--port] [--corpus] [--index] ...`` (see README).

One FastAPI application holds everything: the REST API (``/api/...``), the instructor's login
(``/instructor``) and the Gradio page mounted at ``/`` with Gradio's public
``mount_gradio_app``; :class:`caseqa.web.guard.Guard` sits in front of all of it. uvicorn serves
it directly, so nothing prints Gradio's share-link hint.

The index starts loading in the background before gradio (seconds to import) is imported, so the
page is up, and says what it is doing, as early as possible.
"""

from __future__ import annotations

import argparse
import logging
import os
import socket
import sys
import threading
import time
from pathlib import Path

from caseqa import __version__
from caseqa.app.engine import Engine
from caseqa.config import Settings, settings_from_env
from caseqa.errors import UsageError
from caseqa.index.encoder import one_blas_thread
from caseqa.index.store import not_a_folder
from caseqa.web.access import PASSWORD_ENV, Access, Mode, access_for
from caseqa.web.startup import Startup, log

# The Gradio queue, set from bench/load.py on the 2-core machine (see README, "Serving a class").
# Questions are ~20 ms of CPU, most of it NumPy and faiss with the GIL released: more than four at
# once only interleave on two cores. The queue's workers (max_threads) bound everything Gradio
# runs at once: 4 questions + 2 checks + 1 library change + the page's short events.
MAX_THREADS = 16
DEFAULT_CONCURRENCY = 4  # page events without their own limit (tab refreshes, examples)


def mount_options(settings: Settings) -> dict[str, object]:
    """Keyword arguments of ``gr.mount_gradio_app`` that keep the page local, offline and safe.

    The index and corpus folders are blocked from file serving; uploads are capped at the
    indexer's file size limit; no SSR node server, no MCP server, no monitoring, no run history
    (it offers to save runs to a Hugging Face bucket), and no footer links (Gradio's API page
    requests routes that are switched off here; the page links to the REST API's page instead).
    """
    from caseqa.web.page import THEME
    from caseqa.web.style import CSS, SCRIPT

    return {
        "max_file_size": settings.limits.max_file_bytes,
        "blocked_paths": [str(settings.index_dir.resolve()), str(settings.corpus_dir.resolve())],
        "allowed_paths": [],
        "theme": THEME,
        "css": CSS,
        "js": SCRIPT,
        "footer_links": [],
        "run_history": False,
        "ssr_mode": False,
        "mcp_server": False,
        "pwa": False,
        "enable_monitoring": False,
        "show_error": False,
    }


def create_app(startup: Startup, access: Access | None = None):
    """The whole application: REST API, instructor login and the page, behind the guard.

    Args:
        startup: Loads the engine; every handler waits for it.
        access: Who may do what (default: local mode).

    Returns:
        A FastAPI application, ready for any ASGI server (``app.state.blocks`` is the page,
        ``app.state.access`` the rules).
    """
    from fastapi import FastAPI

    from caseqa.web import instructor, rest
    from caseqa.web.gradio_import import mark_launched, set_max_threads
    from caseqa.web.guard import Guard
    from caseqa.web.page import build_app, gr

    access = access or Access(Mode.LOCAL)
    app = FastAPI(title="caseqa API", version=__version__, openapi_url="/api/openapi.json", docs_url=None,
                  redoc_url=None, description="Cited answers and claim checks from business case studies, as JSON: "
                                              "the same JSON as `caseqa ask --json` and `caseqa check --json`.")
    rest.install(app, startup)
    app.include_router(instructor.router(access))
    blocks = build_app(startup, access)
    set_max_threads(blocks, MAX_THREADS)
    blocks.queue(default_concurrency_limit=DEFAULT_CONCURRENCY)
    gr.mount_gradio_app(app, blocks, path="/", **mount_options(startup.settings))
    mark_launched(blocks)
    app.add_middleware(Guard, access=access)
    app.state.blocks, app.state.access = blocks, access
    return app


class Running:
    """A uvicorn server for ``app`` in a background thread (tests and benchmarks); :meth:`close` stops it."""

    def __init__(self, app, host: str = "127.0.0.1", port: int = 7860) -> None:
        import uvicorn

        config = uvicorn.Config(app, host=host, port=port, log_level="warning", access_log=False,
                                timeout_graceful_shutdown=2)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, name="caseqa-server", daemon=True)
        self.url = f"http://{host}:{port}/"

    def start(self, timeout: float = 60.0) -> Running:
        """Start serving; returns once the socket listens."""
        self.thread.start()
        deadline = time.monotonic() + timeout
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"the server at {self.url} did not start")
            time.sleep(0.02)
        return self

    def close(self) -> None:
        """Stop serving and wait for the thread."""
        self.server.should_exit = True
        self.thread.join(10)


def reachable_url(host: str, port: int) -> str:
    """The address to give people: a wildcard bind ("0.0.0.0", "::") is not one a browser can open,
    so it is replaced by this machine's name (students may also use any of its network addresses)."""
    if host in ("0.0.0.0", "::", ""):
        host = socket.gethostname() or "localhost"
    return f"http://{f'[{host}]' if ':' in host else host}:{port}/"


def _describe(access: Access, url: str) -> str:
    if access.mode == Mode.CLASS:
        return (f"caseqa: serving {url} to the class: students ask and check; the instructor logs in at "
                f"{url}instructor to change the library")
    if access.mode == Mode.READ_ONLY:
        return f"caseqa: serving {url} read-only: nobody can change the library here"
    return f"caseqa: serving {url} on this computer only"


def serve(startup: Startup, access: Access, host: str = "127.0.0.1", port: int = 7860) -> None:
    """Build the application and serve it until interrupted.

    Raises:
        SystemExit: gradio is not installed (the command line works without it; the page does not).
    """
    try:
        import uvicorn

        app = create_app(startup, access)
    except ModuleNotFoundError as exc:
        raise SystemExit(f"caseqa: the web page needs the Python package {exc.name!r}; run `make install` "
                         "(or `pip install -r requirements.txt`)") from None
    one_blas_thread()
    print(_describe(access, reachable_url(host, port)), file=sys.stderr, flush=True)
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False, timeout_graceful_shutdown=2)


def build_parser() -> argparse.ArgumentParser:
    """The arguments of ``python app.py``."""
    parser = argparse.ArgumentParser(prog="app.py", description="caseqa web page and JSON API")
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to bind (default 127.0.0.1: this machine only; any other address needs an "
                             f"instructor password, {PASSWORD_ENV} or --instructor-password-file, or --read-only)")
    parser.add_argument("--port", type=int, default=7860)
    parser.add_argument("--corpus", type=Path, help="folder of case files (default: corpus/, or $CASEQA_CORPUS)")
    parser.add_argument("--index", type=Path, help="index folder (default: index/, or $CASEQA_INDEX)")
    parser.add_argument("--instructor-password-file", type=Path, metavar="FILE",
                        help=f"a file whose first line is the instructor's password (instead of ${PASSWORD_ENV})")
    parser.add_argument("--allowed-host", action="append", default=[], metavar="NAME",
                        help="a host name students use to reach the server (e.g. caseqa.school.example); "
                             "localhost and IP addresses are always accepted; repeat for several")
    parser.add_argument("--read-only", action="store_true",
                        help="nobody can change the library; the index is read as it is, never written")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Serve the page on 127.0.0.1:7860 (see README for the options); returns the exit code."""
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    log.setLevel(logging.INFO)
    logging.getLogger("caseqa").setLevel(logging.INFO)
    try:
        access = access_for(args.host, args.read_only, dict(os.environ), args.instructor_password_file,
                            tuple(args.allowed_host))
        settings = settings_from_env(corpus_dir=args.corpus, index_dir=args.index)
        if settings.index_dir.exists() and not settings.index_dir.is_dir():
            raise UsageError(not_a_folder(settings.index_dir))
    except UsageError as exc:
        print(f"caseqa: {exc}", file=sys.stderr)
        return 2
    startup = Startup(Engine(settings, writable=access.library_writable)).start()
    serve(startup, access, host=args.host, port=args.port)  # imports gradio while the index loads
    return 0
