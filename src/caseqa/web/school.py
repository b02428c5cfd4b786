"""Serving a school: one writer, N read-only replicas and nginx in front, started by one command.

``deploy/serve --replicas 2 --port 8080`` (or ``python -m caseqa.web.school``) starts, all on
loopback except nginx's own address:

- the **writer**: the one server that may change the library (class mode: it needs the
  instructor's password), building the index into the shared index folder;
- **N replicas** started with ``--read-only``: they answer Ask, Check and the REST API from the
  generation ``CURRENT`` names, and switch to each new one the writer makes without a restart
  (:meth:`caseqa.app.engine.Engine.follow`);
- **nginx** with the configuration :func:`nginx_config` writes: the REST API spread over the
  replicas (``least_conn``), each page visit kept on one replica (Gradio's queue keeps its events
  in the process that took them), and every write sent to the writer only: the instructor's login,
  uploads, and every page request that carries the instructor's session cookie (the Library tab's
  Add, Remove and Put back run as page events on the process the instructor is connected to).

The command watches its children: a replica that dies is started again, and Ctrl-C (or SIGTERM)
stops them all. ``deploy/nginx.conf`` is this configuration rendered for two replicas, to read.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from caseqa.web.access import COOKIE, INSTRUCTOR_PATH_ENV, PASSWORD_ENV

VISIT_COOKIE = "caseqa_visit"  # set by nginx: keeps one page visit on one replica
HEALTH = "/api/health"
START_TIMEOUT = 900.0  # seconds to wait for the writer's first answer (a first run builds the index)
RESTART_SECONDS = 2.0  # how often the children are looked at
SERVER = "from caseqa.web.server import main; raise SystemExit(main())"


@dataclass(frozen=True)
class Layout:
    """Where everything listens.

    Args:
        port: nginx's port (what students open).
        writer: The writer's port (loopback).
        replicas: The replicas' ports (loopback).
        host: nginx's address ("0.0.0.0" for the school network; the backends stay on loopback).
        allowed_hosts: Host names students type, besides localhost and IP addresses.
        max_upload_mb: Largest request body nginx passes on (an upload); the server refuses past its own limit.
    """

    port: int
    writer: int
    replicas: tuple[int, ...]
    host: str = "127.0.0.1"
    allowed_hosts: tuple[str, ...] = ()
    max_upload_mb: int = 51
    run_dir: Path = field(default=Path("run"))


def nginx_config(layout: Layout) -> str:
    """nginx's whole configuration for ``layout`` (run as ``nginx -p RUN_DIR -c nginx.conf``)."""
    run = layout.run_dir.resolve()
    # max_fails=0: a replica is never taken out of rotation for a while; one that refuses costs a
    # retry on the next. With a pause after a failure, two replicas dying seconds apart left nginx
    # with "no live upstreams" (502s) although the first was back.
    replicas = "".join(f"        server 127.0.0.1:{p} max_fails=0;\n" for p in layout.replicas)
    names = " ".join(("localhost", "127.0.0.1", *layout.allowed_hosts))
    listen = f"{layout.host}:{layout.port}" if ":" not in layout.host else f"[{layout.host}]:{layout.port}"
    return f"""# caseqa for a school: {len(layout.replicas)} read-only replica(s) answer, one writer changes the library
# Written by caseqa.web.school (deploy/serve); see README, "Serving a school".
worker_processes 1;
pid {run}/nginx.pid;
error_log {run}/nginx-error.log warn;
events {{ worker_connections 4096; }}

http {{
    access_log off;
    client_body_temp_path {run}/tmp/body;
    proxy_temp_path {run}/tmp/proxy;
    fastcgi_temp_path {run}/tmp/fastcgi;
    uwsgi_temp_path {run}/tmp/uwsgi;
    scgi_temp_path {run}/tmp/scgi;

    # An upload is a case file of at most 50 MB (Settings.limits.max_file_bytes) plus its form fields.
    client_max_body_size {layout.max_upload_mb}m;
    proxy_http_version 1.1;
    proxy_set_header Connection "";
    proxy_set_header Host $http_host;  # the servers check it too (their own Host allow-list)
    # The client's own address, replacing any the client sent: the servers count failed instructor
    # logins by it, and a forged header must neither dodge that count nor lock someone else out.
    proxy_set_header X-Forwarded-For $remote_addr;
    proxy_set_header X-Forwarded-Proto $scheme;
    proxy_buffering off;               # Gradio's event stream must reach the browser as it is written
    proxy_read_timeout 600s;           # indexing an upload reports progress, but may take minutes
    proxy_connect_timeout 2s;
    # A replica that is down (refused), or loading (503), is skipped; the request goes to the next.
    proxy_next_upstream error timeout http_502 http_503;
    proxy_next_upstream_tries 3;

    upstream caseqa_writer {{
        server 127.0.0.1:{layout.writer};
        keepalive 8;
    }}
    # The REST API: each request to the replica with the fewest in flight.
    upstream caseqa_replicas {{
        least_conn;
{replicas}        keepalive 32;
    }}
    # The page: Gradio's queue keeps a visit's events in the process that joined them, so a visit
    # stays on one replica: by the cookie below once the browser has it (the page's first request,
    # which has no events, may land elsewhere), and by address and user agent for a client that keeps
    # no cookies (a script calling /gradio_api/call/ask and then reading its result). Another replica
    # takes over if that one dies.
    upstream caseqa_pages {{
        hash $caseqa_visit consistent;
{replicas}        keepalive 32;
    }}
    map $cookie_{VISIT_COOKIE} $caseqa_visit {{
        "" $remote_addr$http_user_agent;
        default $cookie_{VISIT_COOKIE};
    }}
    map $cookie_{VISIT_COOKIE} $caseqa_set_visit {{
        "" "{VISIT_COOKIE}=$request_id; Path=/; HttpOnly; SameSite=Lax";
        default "";
    }}
    # The instructor's session is valid only on the writer, which alone may change the library.
    map $cookie_{COOKIE} $caseqa_page_pool {{
        "" caseqa_pages;
        default caseqa_writer;
    }}

    # A Host not listed (DNS rebinding: another site's name resolved to this machine): no answer.
    server {{
        listen {listen} default_server;
        return 444;
    }}

    server {{
        listen {listen};
        server_name {names} "~^[0-9.]+$" "~^\\[[0-9a-fA-F:.]+\\]$";

        location = /healthz {{
            proxy_pass http://caseqa_replicas{HEALTH};
        }}
        location /api/ {{
            proxy_pass http://caseqa_replicas;
            # Asking and checking change nothing: safe to send again to another replica.
            proxy_next_upstream error timeout http_502 http_503 non_idempotent;
        }}
        location /instructor {{
            proxy_pass http://caseqa_writer;
        }}
        location = /gradio_api/upload {{
            proxy_pass http://caseqa_writer;
        }}
        location / {{
            add_header Set-Cookie $caseqa_set_visit;
            proxy_pass http://$caseqa_page_pool;
        }}
    }}
}}
"""


def prepare_run_dir(layout: Layout) -> Path:
    """Write ``nginx.conf`` and nginx's temporary folders under ``layout.run_dir``; returns the config's path."""
    run = layout.run_dir
    for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (run / "tmp" / sub).mkdir(parents=True, exist_ok=True)
    conf = run / "nginx.conf"
    conf.write_text(nginx_config(layout))
    return conf


def nginx_command(conf: Path) -> list[str]:
    """The command that runs nginx in the foreground with ``conf`` (nginx's own log path is never opened)."""
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    run = conf.parent.resolve()
    return [nginx, "-p", str(run), "-c", str(conf.resolve()), "-e", str(run / "nginx-error.log"), "-g", "daemon off;"]


def healthy(port: int, timeout: float = 1.0) -> bool:
    """Whether the server on ``port`` answers from an index."""
    try:
        return httpx.get(f"http://127.0.0.1:{port}{HEALTH}", timeout=timeout).status_code == 200
    except httpx.HTTPError:
        return False


def wait_healthy(ports: list[int], timeout: float, children: list[subprocess.Popen] = ()) -> None:
    """Wait until every server in ``ports`` answers; raise SystemExit when one dies or time runs out."""
    deadline = time.monotonic() + timeout
    waiting = list(ports)
    while waiting:
        waiting = [p for p in waiting if not healthy(p)]
        dead = [c for c in children if c.poll() is not None]
        if dead:
            raise SystemExit(f"caseqa: {' '.join(dead[0].args[-4:])} stopped (exit {dead[0].returncode}); see above")
        if waiting and time.monotonic() > deadline:
            raise SystemExit(f"caseqa: the servers on ports {waiting} did not answer within {timeout:.0f} s")
        time.sleep(0.3)


def _server(port: int, args: argparse.Namespace, read_only: bool) -> subprocess.Popen:
    command = [sys.executable, "-c", SERVER, "--port", str(port), "--corpus", str(args.corpus),
               "--index", str(args.index)]
    for name in args.allowed_host:
        command += ["--allowed-host", name]
    if read_only:
        command.append("--read-only")
    elif args.instructor_password_file:
        command += ["--instructor-password-file", str(args.instructor_password_file)]
    env = dict(os.environ)
    if read_only:
        env.pop(PASSWORD_ENV, None)  # a replica never needs the secret
        env[INSTRUCTOR_PATH_ENV] = "instructor"  # nginx sends /instructor to the writer: the Library tab links it
    return subprocess.Popen(command, env=env)


def build_parser() -> argparse.ArgumentParser:
    """The arguments of ``deploy/serve``."""
    parser = argparse.ArgumentParser(prog="deploy/serve", description="caseqa for a school: a writer, N read-only "
                                     "replicas and nginx in front (see README, 'Serving a school')")
    parser.add_argument("--replicas", type=int, default=2, help="read-only servers answering questions (default 2)")
    parser.add_argument("--host", default="127.0.0.1", help="nginx's address (0.0.0.0 for the school network)")
    parser.add_argument("--port", type=int, default=8080, help="nginx's port (default 8080)")
    parser.add_argument("--first-port", type=int, default=7861,
                        help="the writer's port on loopback; the replicas take the next ones (default 7861)")
    parser.add_argument("--corpus", type=Path, default=Path("corpus"))
    parser.add_argument("--index", type=Path, default=Path("index"),
                        help="the index folder, shared by all (on one machine, or on storage every machine mounts)")
    parser.add_argument("--run-dir", type=Path, default=Path("run"), help="nginx's configuration, pid and log")
    parser.add_argument("--allowed-host", action="append", default=[], metavar="NAME",
                        help="a host name students use (e.g. caseqa.school.example); repeat for several")
    parser.add_argument("--instructor-password-file", type=Path, metavar="FILE",
                        help=f"the writer's instructor password (instead of ${PASSWORD_ENV}); required")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Start the writer, the replicas and nginx, and keep them running until interrupted."""
    args = build_parser().parse_args(argv)
    if args.replicas < 1:
        print("caseqa: --replicas must be at least 1", file=sys.stderr)
        return 2
    if not os.environ.get(PASSWORD_ENV) and not args.instructor_password_file:
        print(f"caseqa: the writer changes the library for everyone behind nginx: set {PASSWORD_ENV} "
              "(or pass --instructor-password-file FILE) so that only the instructor can", file=sys.stderr)
        return 2
    if not shutil.which("nginx") and not Path("/usr/sbin/nginx").exists():
        print("caseqa: nginx is not installed (Debian: apt-get install nginx)", file=sys.stderr)
        return 2
    ports = [args.first_port + i for i in range(args.replicas + 1)]
    layout = Layout(args.port, ports[0], tuple(ports[1:]), args.host, tuple(args.allowed_host), run_dir=args.run_dir)
    conf = prepare_run_dir(layout)
    children: dict[int, subprocess.Popen] = {}
    nginx: subprocess.Popen | None = None
    stopping = False

    def stop(*_: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    try:
        children[ports[0]] = _server(ports[0], args, read_only=False)
        for port in layout.replicas:
            children[port] = _server(port, args, read_only=True)
        wait_healthy(ports, START_TIMEOUT, list(children.values()))
        nginx = subprocess.Popen(nginx_command(conf))
        print(f"caseqa: serving http://{args.host}:{args.port}/ through nginx: {args.replicas} replica(s) on ports "
              f"{', '.join(map(str, layout.replicas))}, the writer on {ports[0]}; the instructor logs in at "
              f"http://{args.host}:{args.port}/instructor (not at the writer's own port)", file=sys.stderr, flush=True)
        while not stopping:
            time.sleep(RESTART_SECONDS)
            if nginx.poll() is not None:
                print(f"caseqa: nginx stopped (exit {nginx.returncode}); see {args.run_dir}/nginx-error.log",
                      file=sys.stderr)
                return 1
            for port, child in list(children.items()):
                if child.poll() is not None and not stopping:
                    print(f"caseqa: the server on port {port} stopped (exit {child.returncode}); starting it again",
                          file=sys.stderr, flush=True)
                    children[port] = _server(port, args, read_only=port != ports[0])
    except KeyboardInterrupt:
        pass
    finally:
        procs = [*children.values(), *([nginx] if nginx is not None else [])]
        for proc in procs:
            if proc.poll() is None:
                proc.terminate()
        for proc in procs:
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
    return 0


if __name__ == "__main__":
    sys.exit(main())
