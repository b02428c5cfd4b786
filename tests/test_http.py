"""The served application over HTTP, in each mode: every route as an outsider, a student and the instructor.

Servers run in this process (uvicorn in a thread) with the fake encoder, on loopback ports.
"""

from __future__ import annotations

import io
import json
import os
import re
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from caseqa.app.cli import main as cli
from caseqa.app.engine import Engine
from caseqa.config import Settings
from caseqa.web import instructor
from caseqa.web.access import COOKIE, Access, Mode
from caseqa.web.gradio_import import upload_folder
from caseqa.web.startup import Startup
from fakes import HashingEncoder
from support import fn_index, free_port, queue_call

pytestmark = pytest.mark.slow
SECRET = "the instructor's secret"
CASES = {
    "alpha.txt": "Alpha Case\n\nOrigins\n\nAlpha makes solar panels in Ghana. It was founded in 2011 by Ama Mensah.\n",
    "beta.md": "# Beta Case\n\n## Growth\n\nBeta sells scooters in Jakarta. Sales doubled in 2020.\n",
}
EVIL = "http://evil.example"


@dataclass
class Served:
    mode: Mode
    url: str
    app: object
    corpus: Path
    index: Path
    engine: Engine
    running: object

    def client(self, **kwargs) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=30, **kwargs)

    def fn(self, name: str) -> int:
        return fn_index(self.app.state.blocks, name)

    @property
    def access(self) -> Access:
        return self.app.state.access


def serve(base: Path, mode: Mode, encoder=None) -> Served:
    from caseqa.web.server import Running, create_app

    corpus, index = base / "corpus", base / "index"
    corpus.mkdir(parents=True)
    for name, text in CASES.items():
        (corpus / name).write_text(text)
    settings = Settings(corpus_dir=corpus, index_dir=index)
    Engine(settings, HashingEncoder()).build()
    engine = Engine(settings, encoder or HashingEncoder(), writable=mode != Mode.READ_ONLY)
    startup = Startup(engine).start()
    startup.engine(timeout=30)
    access = Access(Mode.CLASS, SECRET) if mode == Mode.CLASS else Access(mode)
    app = create_app(startup, access)
    running = Running(app, port=free_port()).start()
    return Served(mode, running.url, app, corpus, index, engine, running)


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[Mode, Served]]:
    served = {mode: serve(tmp_path_factory.mktemp(mode.value), mode) for mode in Mode}
    yield served
    for s in served.values():
        s.running.close()


def login(server: Served) -> httpx.Client:
    """A client holding the instructor's session cookie."""
    client = server.client()
    response = client.post("instructor/login", data={"password": SECRET})
    assert response.status_code == 303, response.text
    assert COOKIE in client.cookies
    return client


def upload(client: httpx.Client, name: str = "gamma.md", body: bytes = b"# Gamma\n\nGamma runs ferries.\n",
           **headers) -> httpx.Response:
    return client.post("gradio_api/upload", files={"files": (name, io.BytesIO(body), "text/markdown")},
                       headers=headers)


def gradio_temp_files() -> set[Path]:
    from gradio.utils import get_upload_folder

    folder = Path(get_upload_folder())
    return {p for p in folder.rglob("*") if p.is_file()} if folder.exists() else set()


def corpus_state(server: Served) -> list[str]:
    return sorted(p.relative_to(server.corpus).as_posix() for p in server.corpus.rglob("*") if p.is_file())


def output_text(message: dict) -> str:
    """Everything an event sent back (outputs and toasts) as text."""
    return json.dumps(message.get("output", {})) + json.dumps(message.get("logs", []))


# --- outsiders -------------------------------------------------------------------------------

ROUTES = [
    ("GET", "/"), ("GET", "config"), ("GET", "gradio_api/info"), ("GET", "api/cases"), ("GET", "api/docs"),
    ("GET", "api/openapi.json"), ("GET", "instructor"), ("POST", "api/ask"), ("POST", "api/check"),
    ("POST", "instructor/login"), ("POST", "instructor/logout"), ("POST", "gradio_api/upload"),
    ("POST", "gradio_api/queue/join"), ("POST", "gradio_api/call/ask"), ("GET", "gradio_api/queue/data"),
]


@pytest.mark.parametrize("mode", list(Mode))
def test_a_foreign_host_name_is_refused_on_every_route(servers, mode: Mode) -> None:
    """A DNS-rebinding page on evil.example reaches this server with Host: evil.example; nothing answers it."""
    with servers[mode].client(headers={"Host": "evil.example"}) as client:
        for method, path in ROUTES:
            response = client.request(method, path, json={} if method == "POST" else None)
            assert response.status_code == 421, (method, path, response.status_code)
            assert "--allowed-host" in response.json()["error"]


def test_the_servers_own_names_and_allowed_hosts_are_served(servers, tmp_path: Path) -> None:
    server = servers[Mode.LOCAL]
    for host in ("localhost", "127.0.0.1", f"127.0.0.1:{server.url.rsplit(':', 1)[1].strip('/')}"):
        with server.client(headers={"Host": host}) as client:
            assert client.get("api/cases").status_code == 200, host


@pytest.mark.parametrize("mode", list(Mode))
def test_changes_from_another_sites_page_are_refused(servers, mode: Mode) -> None:
    server = servers[mode]
    with server.client() as client:
        for method, path in ROUTES:
            if method != "POST":
                continue
            for headers in ({"Origin": EVIL}, {"Origin": "null"}, {"Sec-Fetch-Site": "cross-site"}):
                response = client.post(path, json={}, headers=headers)
                assert response.status_code == 403, (path, headers, response.status_code)
        # The server's own page is let through (and then answered on its merits).
        own = server.url.rstrip("/")
        ok = client.post("api/ask", json={"question": "solar panels"}, headers={"Origin": own,
                                                                                  "Sec-Fetch-Site": "same-origin"})
        assert ok.status_code == 200


def test_a_cross_origin_upload_is_refused_before_anything_is_written(servers) -> None:
    before = gradio_temp_files()
    with servers[Mode.LOCAL].client() as client:
        response = upload(client, body=b"x" * 1_000_000, Origin=EVIL)
    assert response.status_code == 403
    assert gradio_temp_files() == before


def test_routes_the_page_does_not_use_are_gone(servers) -> None:
    with servers[Mode.LOCAL].client() as client:
        for path in ("monitoring", "monitoring/summary", "gradio_api/runs", "gradio_api/mcp/schema",
                     "gradio_api/proxy=http://example.com/x", "login", "logout", "gradio_api/vibe-code"):
            assert client.get(path).status_code == 404, path
        for path in ("gradio_api/run/ask", "gradio_api/api/ask", "gradio_api/call/v2/ask", "gradio_api/stream/x",
                     "gradio_api/run-history/connect", "gradio_api/process_recording", "login", "api/cases"):
            assert client.post(path, json={}).status_code in (404, 405), path


def test_large_bodies_are_refused(servers) -> None:
    with servers[Mode.LOCAL].client() as client:
        response = client.post("api/check", content=b'{"text": "' + b"a" * 3_000_000 + b'"}',
                               headers={"Content-Type": "application/json"})
    assert response.status_code == 413 and "larger than" in response.json()["error"]
    with servers[Mode.LOCAL].client() as client:  # sent in chunks: no Content-Length to refuse it by

        def chunks():
            yield b'{"text": "'
            for _ in range(30):
                yield b"a" * 100_000
            yield b'"}'

        response = client.post("api/check", content=chunks(), headers={"Content-Type": "application/json"})
    assert response.status_code == 413 and set(response.json()) == {"error"}, response.text
    assert "larger than" in response.json()["error"]


def test_a_request_without_a_host_or_with_undecodable_bytes_gets_a_clear_error(servers) -> None:
    with servers[Mode.LOCAL].client() as client:
        bad = client.post("api/ask", content=b'{"question": "\xff\xfe caf\xe9"}',
                          headers={"Content-Type": "application/json"})
        assert bad.status_code == 400 and set(bad.json()) == {"error"}, bad.text
        surrogate = client.post("api/ask", content=b'{"question": "\\ud800 Who makes solar panels?"}',
                                headers={"Content-Type": "application/json"})
        assert surrogate.status_code == 200 and surrogate.json()["hits"], surrogate.text
        checked = client.post("api/check", content=b'{"text": "Alpha makes solar panels \\ud800 in Ghana."}',
                              headers={"Content-Type": "application/json"})
        assert checked.status_code == 200 and checked.json()["verdicts"], checked.text
    port = int(servers[Mode.LOCAL].url.rstrip("/").rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port)) as raw:
        raw.sendall(b"GET /api/cases HTTP/1.0\r\n\r\n")  # HTTP/1.0 needs no Host header
        answer = raw.makefile("rb").read().decode()
    assert answer.startswith("HTTP/1.1 400") and "names no host" in answer, answer[:300]


# --- roles -------------------------------------------------------------------------------------

LIBRARY_EVENTS = [("add_page", [None]), ("ask_to_remove", ["alpha.txt"]), ("remove_page", ["alpha.txt"]),
                  ("restore_page", [".removed/20240101-120000/alpha.txt"])]


@pytest.mark.parametrize("mode", [Mode.CLASS, Mode.READ_ONLY])
@pytest.mark.parametrize(("event", "data"), LIBRARY_EVENTS)
def test_a_student_cannot_change_the_library_through_any_page_event(servers, mode: Mode, event: str,
                                                                     data: list) -> None:
    """The Library's buttons are hidden from students; the rule is in each event's handler."""
    server = servers[mode]
    before = corpus_state(server)
    with server.client() as client:
        visit = "student-visit"
        queue_call(client, server.fn("refresh"), ["", ""], session=visit)  # as the page does on opening a tab
        message = queue_call(client, server.fn(event), data, session=visit)
    wanted = "read-only" if mode == Mode.READ_ONLY else "Only the instructor can change the library"
    assert wanted in output_text(message), message
    assert corpus_state(server) == before


@pytest.mark.parametrize("mode", [Mode.CLASS, Mode.READ_ONLY])
def test_a_student_cannot_upload(servers, mode: Mode) -> None:
    before = gradio_temp_files()
    with servers[mode].client() as client:
        response = upload(client)
    assert response.status_code == 403
    assert ("read-only" if mode == Mode.READ_ONLY else "only the instructor") in response.json()["error"]
    assert gradio_temp_files() == before


@pytest.mark.parametrize("mode", list(Mode))
def test_everyone_can_ask_and_check(servers, mode: Mode) -> None:
    server = servers[mode]
    with server.client() as client:
        assert client.post("api/ask", json={"question": "Who makes solar panels?"}).json()["hits"][0]["doc"] == \
            "alpha.txt"
        assert client.post("api/check", json={"text": "Beta sells scooters in Jakarta."}).status_code == 200
        assert {c["doc"] for c in client.get("api/cases").json()["cases"]} >= {"beta.md"}
        message = queue_call(client, server.fn("ask_page"), ["Who makes solar panels?", "", 3])
        assert "data-doc='alpha.txt'" in output_text(message)
        message = queue_call(client, server.fn("check_page"), ["Beta sells scooters in Jakarta.", ""])
        assert "cq-verdict" in output_text(message)


def test_the_instructor_logs_in_changes_the_library_and_logs_out(servers, monkeypatch) -> None:
    server = servers[Mode.CLASS]
    client = login(server)
    try:
        cookie = next(c for c in client.cookies.jar if c.name == COOKIE)
        assert cookie.has_nonstandard_attr("HttpOnly") and cookie.path == "/"
        assert cookie.get_nonstandard_attr("SameSite", "").lower() == "strict"
        # An upload, then adding it as a case; the temporary upload is deleted once read.
        response = upload(client, "gamma.md")
        assert response.status_code == 200, response.text
        path = response.json()[0]
        message = queue_call(client, server.fn("add_page"), [{"path": path, "orig_name": "gamma.md",
                                                              "meta": {"_type": "gradio.FileData"}}])
        assert "Added gamma.md" in output_text(message), message
        assert not Path(path).exists()
        queue_call(client, server.fn("refresh"), ["", ""], session="instructor")
        message = queue_call(client, server.fn("remove_page"), ["gamma.md"], session="instructor")
        assert "Removed gamma.md" in output_text(message)
        token = re.search(r"\.removed/[\d-]+/gamma\.md", output_text(message)).group(0)
        assert "Put gamma.md back" in output_text(queue_call(client, server.fn("restore_page"), [token]))
        queue_call(client, server.fn("refresh"), ["", ""], session="instructor")
        message = queue_call(client, server.fn("remove_page"), ["gamma.md"], session="instructor")
        assert "Removed gamma.md" in output_text(message)
        assert client.post("instructor/logout").status_code == 303
        assert COOKIE not in client.cookies
    finally:
        client.close()
    # The logged-out session is refused even if its cookie is sent again.
    with server.client(cookies={COOKIE: cookie.value}) as client:
        assert upload(client).status_code == 403
        queue_call(client, server.fn("refresh"), ["", ""], session="after-logout")
        message = queue_call(client, server.fn("remove_page"), ["beta.md"], session="after-logout")
        assert "Only the instructor" in output_text(message)


def test_a_forged_upload_path_neither_publishes_nor_deletes_a_file_of_the_server(servers, tmp_path: Path) -> None:
    """An event can name any path as the uploaded file: a private file must not become a case
    (every student could read it) and, for a student whose change is refused, must not be deleted."""
    server = servers[Mode.CLASS]
    private = tmp_path / "private-notes.txt"
    private.write_text("Private Notes\n\nThe salaries of every instructor are listed here in full detail.\n")
    forged = [{"path": str(private), "orig_name": "notes.txt", "meta": {"_type": "gradio.FileData"}}]
    client = login(server)
    try:
        message = queue_call(client, server.fn("add_page"), forged)
        assert message["success"] is False and "Added" not in output_text(message), message
        response = upload(client, "gamma.md")  # a real upload lands where the check looks
        assert Path(response.json()[0]).resolve().is_relative_to(upload_folder())
    finally:
        client.close()
    with server.client() as student:
        message = queue_call(student, server.fn("add_page"), forged, session="student")
        assert message["success"] is False and "Added" not in output_text(message), message
    assert private.exists()
    assert "private-notes.txt" not in corpus_state(server) and "notes.txt" not in corpus_state(server)


def test_wrong_passwords_are_slow_then_locked_out_for_a_while(servers, monkeypatch) -> None:
    server = servers[Mode.CLASS]
    monkeypatch.setattr(instructor, "FAILURE_DELAY", 0.3)
    server.access.throttle.succeeded("127.0.0.1")
    try:
        with server.client() as client:
            for _ in range(server.access.throttle.free):
                started = time.perf_counter()
                response = client.post("instructor/login", data={"password": "guess-guess"})
                assert response.status_code == 401 and "Wrong password" in response.text
                assert time.perf_counter() - started >= 0.3
            locked = client.post("instructor/login", data={"password": SECRET})  # even the right one, for now
            assert locked.status_code == 429 and int(locked.headers["Retry-After"]) >= 1
            assert "Too many wrong passwords" in locked.text
            assert COOKIE not in client.cookies
    finally:
        server.access.throttle.succeeded("127.0.0.1")
    assert login(server).cookies.get(COOKIE)


def test_a_local_single_user_needs_no_login(servers) -> None:
    server = servers[Mode.LOCAL]
    with server.client() as client:
        assert "No login needed" in client.get("instructor").text
        queue_call(client, server.fn("refresh"), ["", ""], session="local")
        message = queue_call(client, server.fn("ask_to_remove"), ["beta.md"], session="local")
        assert "Remove <b>beta.md</b> from the library?" in output_text(message)


def test_read_only_mode_never_writes_the_index_or_the_corpus(servers) -> None:
    server = servers[Mode.READ_ONLY]
    before = {p: p.stat().st_mtime_ns for p in server.index.rglob("*")}
    with server.client() as client:
        assert "nobody can change the library" in client.get("instructor").text
        assert client.post("instructor/login", data={"password": SECRET}).status_code == 404
        client.post("api/ask", json={"question": "scooters"})
    assert not server.engine.writable
    assert {p: p.stat().st_mtime_ns for p in server.index.rglob("*")} == before


MARKUP_NAME = "<img src=x onerror=document.title='pwned'>.txt"


def test_file_names_are_escaped_in_the_library_messages_and_toasts(tmp_path: Path, monkeypatch) -> None:
    """A case file named like markup, whose removal fails (a full disk): table, box and toast show it as text."""
    import errno

    import numpy as np

    server = serve(tmp_path, Mode.LOCAL)
    try:
        (server.corpus / MARKUP_NAME).write_text("Markup Case\n\nA case about tea in Kenya.\n")
        server.engine.build()

        def no_space(*args, **kwargs):
            raise OSError(errno.ENOSPC, "No space left on device")

        with server.client() as client:
            refreshed = queue_call(client, server.fn("refresh"), ["", ""], session="visit")
            # The HTML the page renders (the dropdowns' choices are data, shown as text by the browser).
            library = " ".join(d for d in refreshed["output"]["data"] if isinstance(d, str))
            monkeypatch.setattr(np, "save", no_space)
            message = queue_call(client, server.fn("remove_page"), [MARKUP_NAME], session="visit")
    finally:
        server.running.close()
    assert "<img" not in library and "&lt;img src=x onerror=document.title=&#x27;pwned&#x27;&gt;.txt" in library
    text = output_text(message)
    assert "was not removed: no space left" in text and "<img" not in text
    [toast] = message["logs"]
    assert toast["level"] == "warning" and toast["log"].startswith("&lt;img src=x onerror=")
    assert (server.corpus / MARKUP_NAME).exists()


# --- the REST API ------------------------------------------------------------------------------

def cli_json(server: Served, *args: str) -> list[dict]:
    out, err = io.StringIO(), io.StringIO()
    code = cli([*args, "--json", "--corpus", str(server.corpus), "--index", str(server.index)],
               encoder=HashingEncoder(), stdout=out, stderr=err)
    assert code == 0, err.getvalue()
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_api_ask_and_check_answer_the_same_json_as_the_command_line(servers) -> None:
    server = servers[Mode.READ_ONLY]
    with server.client() as client:
        answer = client.post("api/ask", json={"question": "Who founded Alpha?", "k": 2}).json()
        [row] = cli_json(server, "ask", "Who founded Alpha?", "--k", "2")
        assert answer == {k: v for k, v in row.items() if k != "question"}
        weak = client.post("api/ask", json={"question": "xqzv blorft", "k": 1}).json()
        [row] = cli_json(server, "ask", "xqzv blorft", "--k", "1")
        assert weak["notice"] and weak == {k: v for k, v in row.items() if k != "question"}
        essay = "Alpha was founded in 2011. Alpha was founded in 2015. Is Beta good?"
        verdicts = client.post("api/check", json={"text": essay}).json()["verdicts"]
        assert verdicts == cli_json(server, "check", essay)
        assert [v["id"] for v in verdicts] == [1, 2, 3]


@pytest.mark.parametrize(("body", "error"), [
    ({"question": ""}, "the question is empty"),
    ({"question": "🙂🙂"}, "has no words"),
    ({"question": "solar", "k": "abc"}, r"k: input should be a valid integer.*\(got 'abc'\)"),
    ({"question": "solar", "k": 0}, "k: input should be greater than or equal to 1"),
    ({"question": "solar", "k": 2.5}, "k: input should be a valid integer"),
    ({"question": "solar", "case": "nope"}, "no case named 'nope'"),
    ({"question": "solar", "case": 7}, "case: input should be a valid string"),
    ({"k": 3}, "question: missing"),
    ({"question": "solar", "colour": "red"}, "colour: extra inputs are not permitted"),
    ([1, 2], "must be a JSON object"),
])
def test_api_errors_are_4xx_with_a_clear_message(servers, body: object, error: str) -> None:
    with servers[Mode.LOCAL].client() as client:
        response = client.post("api/ask", json=body)
    assert response.status_code == 400
    assert set(response.json()) == {"error"} and re.search(error, response.json()["error"]), response.json()


def test_api_refuses_nan_k_bad_json_and_huge_essays(servers) -> None:
    with servers[Mode.LOCAL].client() as client:
        nan = client.post("api/ask", content=b'{"question": "solar", "k": NaN}',
                          headers={"Content-Type": "application/json"})
        assert nan.status_code == 400 and "k:" in nan.json()["error"]
        broken = client.post("api/ask", content=b'{"question": ', headers={"Content-Type": "application/json"})
        assert broken.status_code == 400 and "not valid JSON" in broken.json()["error"]
        huge = client.post("api/check", json={"text": "Alpha sells panels. " * 6000})
        assert huge.status_code == 400 and "at most 100,000" in huge.json()["error"]


def test_api_says_503_while_the_index_loads(tmp_path: Path) -> None:
    from caseqa.web.server import Running, create_app

    settings = Settings(corpus_dir=tmp_path / "corpus", index_dir=tmp_path / "index")
    running = Running(create_app(Startup(Engine(settings, HashingEncoder()))), port=free_port()).start()  # not started
    try:
        with httpx.Client(base_url=running.url) as client:
            response = client.post("api/ask", json={"question": "solar"})
        assert response.status_code == 503 and "still loading" in response.json()["error"]
    finally:
        running.close()


def test_the_api_is_described_in_openapi_and_on_a_page_that_fetches_nothing(servers) -> None:
    with servers[Mode.LOCAL].client() as client:
        spec = client.get("api/openapi.json").json()
        page = client.get("api/docs").text
    assert set(spec["paths"]) == {"/api/ask", "/api/check", "/api/cases", "/api/health"}
    ask = spec["paths"]["/api/ask"]["post"]
    assert ask["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith("/AskRequest")
    assert set(ask["responses"]) >= {"200", "400", "503"}
    assert {"question", "k", "case"} == set(spec["components"]["schemas"]["AskRequest"]["properties"])
    for path in ("/api/ask", "/api/check", "/api/cases", "highlights", "verdicts"):
        assert path in page
    assert not re.search(r"""(src|href)=['"]?https?://""", page)  # no script, style or font from elsewhere


# --- many students at once ---------------------------------------------------------------------

def test_questions_are_answered_while_an_upload_is_being_indexed(tmp_path: Path) -> None:
    """Through the page's own events and the API: an add that holds the engine's lock blocks nobody's Ask or Check."""
    encoder = HashingEncoder()
    release, embedding = threading.Event(), threading.Event()
    real_encode = encoder.encode

    def slow_encode(texts, progress=None):
        if any("ferries" in t for t in texts):
            embedding.set()
            release.wait(30)
        return real_encode(texts, progress)

    encoder.encode = slow_encode
    server = serve(tmp_path, Mode.LOCAL, encoder)
    try:
        with server.client() as client:
            path = upload(client, "gamma.md", b"# Gamma\n\nGamma runs ferries between islands.\n").json()[0]
            adding = threading.Thread(target=queue_call, args=(server.client(), server.fn("add_page"),
                                                               [{"path": path, "orig_name": "gamma.md",
                                                                 "meta": {"_type": "gradio.FileData"}}]))
            adding.start()
            assert embedding.wait(30)
            started = time.perf_counter()
            asked = queue_call(client, server.fn("ask_page"), ["Who makes solar panels?", "", 3], timeout=10)
            checked = queue_call(client, server.fn("check_page"), ["Alpha makes solar panels in Ghana.", ""],
                                 timeout=10)
            api = client.post("api/ask", json={"question": "scooters in Jakarta"}, timeout=10)
            library = queue_call(client, server.fn("refresh"), ["", ""], timeout=10)
            seconds = time.perf_counter() - started
            assert "data-doc='alpha.txt'" in output_text(asked) and "cq-verdict" in output_text(checked)
            assert api.json()["hits"][0]["doc"] == "beta.md" and "alpha.txt" in output_text(library)
            assert seconds < 5, seconds
            assert adding.is_alive()  # the upload was still being indexed all along
    finally:
        release.set()
        adding.join(30)
        server.running.close()
    assert (server.corpus / "gamma.md").exists()


def test_the_queue_runs_the_workers_it_was_given(servers) -> None:
    """caseqa.web.gradio_import sets the queue's size through a Gradio attribute; this fails if Gradio moves it."""
    from caseqa.web.gradio_import import queue_workers
    from caseqa.web.server import MAX_THREADS

    assert queue_workers(servers[Mode.LOCAL].app.state.blocks) == MAX_THREADS


def test_the_page_is_served_with_no_share_hint_and_no_footer_links(servers, capsys) -> None:
    with servers[Mode.LOCAL].client() as client:
        page = client.get("/").text
        config = client.get("config").json()
    assert "share=True" not in capsys.readouterr().out
    assert config.get("footer_links") == [] and "caseqa" in page


def test_the_server_refuses_to_start_unprotected_on_a_network_address(tmp_path: Path) -> None:
    import subprocess
    import sys

    from conftest import ROOT

    env = {k: v for k, v in os.environ.items() if not k.startswith("CASEQA_")}
    env["PYTHONPATH"] = str(ROOT / "src")
    (tmp_path / "index.txt").write_text("a file")
    for args, line in ((["--host", "0.0.0.0"], "caseqa: serving on 0.0.0.0 lets other machines in"),
                       (["--index", str(tmp_path / "index.txt")], "is a file, not a folder")):
        proc = subprocess.run([sys.executable, str(ROOT / "app.py"), *args, "--port", str(free_port())],
                              capture_output=True, text=True, timeout=60, env=env, cwd=tmp_path)
        assert proc.returncode == 2
        assert len(proc.stderr.strip().splitlines()) == 1 and line in proc.stderr, proc.stderr


def test_reports_folder_does_not_keep_old_reports(tmp_path: Path, monkeypatch) -> None:
    from caseqa.web import handlers as ui

    engine = Engine(Settings(corpus_dir=tmp_path / "c", index_dir=tmp_path / "i"), HashingEncoder())
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "alpha.txt").write_text(CASES["alpha.txt"])
    engine.build()
    first = ui.check(engine, "Alpha makes solar panels.", "", tmp_path / "reports")
    old = time.time() - ui.REPORT_MAX_AGE - 10
    os.utime(first.csv, (old, old))
    ui.check(engine, "Alpha was founded in 2011.", "", tmp_path / "reports")
    assert not first.csv.exists() and first.markdown.exists()


def test_gradio_temp_uploads_are_swept(servers) -> None:
    from caseqa.web.page import CACHE_SWEEP

    assert servers[Mode.LOCAL].app.state.blocks.delete_cache == CACHE_SWEEP



