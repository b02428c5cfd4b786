"""Serving the page: ``python app.py [--host] [--port] [--corpus] [--index]`` and the launch options.

The index starts loading in the background before gradio (seconds to import) is imported, so the
page is up, and says what it is doing, as early as possible.
"""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from caseqa.app.engine import Engine
from caseqa.config import Settings, settings_from_env
from caseqa.web.startup import Startup, log

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def launch_options(settings: Settings) -> dict[str, object]:
    """Keyword arguments of ``Blocks.launch`` that keep the page local, offline and safe.

    The index and corpus folders are blocked from file serving; uploads are capped at the
    indexer's file size limit; no share link, no SSR node server, no MCP server, no monitoring.
    """
    from caseqa.web.page import CSS, THEME

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


def serve(startup: Startup, host: str = "127.0.0.1", port: int = 7860) -> None:
    """Build the page and serve it until interrupted.

    Raises:
        SystemExit: gradio is not installed (the command line works without it; the page does not).
    """
    try:
        from caseqa.web.page import build_app
    except ModuleNotFoundError as exc:
        raise SystemExit(f"caseqa: the web page needs the Python package {exc.name!r}; run `make install` "
                         "(or `pip install -r requirements.txt`)") from None

    if host not in LOOPBACK:
        log.warning("caseqa: serving on %s: anyone who can reach this machine can read, add and remove "
                    "cases (there is no login)", host)
    # No .queue(): launch() sets the queue up itself, and each call rebuilds the FastAPI app (~0.3 s).
    build_app(startup).launch(server_name=host, server_port=port, **launch_options(startup.settings))


def main(argv: list[str] | None = None) -> int:
    """Serve the page on 127.0.0.1:7860 (``--host``/``--port`` to change); see README."""
    parser = argparse.ArgumentParser(prog="app.py", description="caseqa web page")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1: this machine only)")
    parser.add_argument("--port", type=int, default=7860)
    parser.add_argument("--corpus", type=Path, help="folder of case files (default: corpus/, or $CASEQA_CORPUS)")
    parser.add_argument("--index", type=Path, help="index folder (default: index/, or $CASEQA_INDEX)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    log.setLevel(logging.INFO)
    settings = settings_from_env(corpus_dir=args.corpus, index_dir=args.index)
    startup = Startup(Engine(settings)).start()
    serve(startup, host=args.host, port=args.port)  # imports gradio while the index loads
    return 0
