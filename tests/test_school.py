"""A school behind nginx on loopback: a writer, two read-only replicas that follow it, nginx in front.

The servers run in this process (uvicorn threads, the fake encoder) and nginx runs the
configuration ``deploy/serve`` writes. Skipped where nginx is not installed (``.ci/run`` installs it).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from caseqa.app.engine import Engine
from caseqa.config import Settings
from caseqa.web.access import Access, Mode
from caseqa.web.school import Layout, healthy, nginx_command, nginx_config, prepare_run_dir
from caseqa.web.startup import Startup
from fakes import HashingEncoder
from support import fn_index, free_port, queue_call
from test_http import CASES, SECRET, output_text, upload

NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module", autouse=True)
def require_nginx() -> None:
    if NGINX is not None:
        return
    if os.environ.get("CI"):
        pytest.fail("nginx is missing in CI; .ci/run installs it with `apt-get install nginx`")
    pytest.skip("nginx is not installed (apt-get install nginx); these tests run in CI, where .ci/run installs it")
ROOT = Path(__file__).resolve().parents[1]
GAMMA = b"# Gamma Case\n\n## Fleet\n\nGamma runs ferries between the Faroe islands with hydrogen engines.\n"


@dataclass
class School:
    url: str
    writer_app: object
    replicas: list
    engines: list[Engine]
    nginx: subprocess.Popen

    def client(self, **kwargs) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=30, **kwargs)


def _server(settings: Settings, access: Access, writable: bool):
    from caseqa.web.server import Running, create_app

    engine = Engine(settings, HashingEncoder(), writable=writable)
    startup = Startup(engine, watch=0.2).start()
    startup.engine(timeout=30)
    app = create_app(startup, access)
    return Running(app, port=free_port()).start(), engine, app


@pytest.fixture(scope="module")
def school(tmp_path_factory: pytest.TempPathFactory) -> Iterator[School]:
    base = tmp_path_factory.mktemp("school")
    corpus = base / "corpus"
    corpus.mkdir()
    for name, text in CASES.items():
        (corpus / name).write_text(text)
    settings = Settings(corpus_dir=corpus, index_dir=base / "index")
    writer, writer_engine, writer_app = _server(settings, Access(Mode.CLASS, SECRET), writable=True)
    replicas = [_server(settings, Access(Mode.READ_ONLY), writable=False) for _ in range(2)]
    layout = Layout(free_port(), writer.server.config.port, tuple(r.server.config.port for r, _, _ in replicas),
                    run_dir=base / "run")
    nginx = subprocess.Popen(nginx_command(prepare_run_dir(layout)), stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{layout.port}/"
    deadline = time.monotonic() + 10
    while True:
        try:
            if httpx.get(url + "healthz", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if nginx.poll() is not None or time.monotonic() > deadline:
            said = nginx.stderr.read().decode() if nginx.poll() is not None else "no answer in 10 s"
            raise RuntimeError(f"nginx did not start: {said}")
        time.sleep(0.05)
    school = School(url, writer_app, [r for r, _, _ in replicas], [writer_engine, *(e for _, e, _ in replicas)], nginx)
    yield school
    nginx.terminate()
    nginx.wait(10)
    for running in (writer, *school.replicas):
        running.close()


def _ask(client: httpx.Client, question: str) -> list[str]:
    response = client.post("api/ask", json={"question": question, "k": 3})
    assert response.status_code == 200, response.text
    return [hit["doc"] for hit in response.json()["hits"]]


def test_deploy_nginx_conf_is_what_the_command_writes() -> None:
    example = Layout(8080, 7861, (7862, 7863), run_dir=Path("/srv/caseqa/run"))
    assert (ROOT / "deploy" / "nginx.conf").read_text() == nginx_config(example)


def test_nginx_answers_through_the_replicas_and_refuses_other_hosts(school: School) -> None:
    with school.client() as client:
        health = client.get("healthz").json()
        assert health["status"] == "ready" and health["writable"] is False  # a replica, not the writer
        assert _ask(client, "Who makes solar panels in Ghana?")[0] == "alpha.txt"
        assert client.get("/").status_code == 200
        assert "caseqa_visit" in client.cookies  # the page visit stays on one replica
        with pytest.raises(httpx.HTTPError):  # nginx closes the connection without an answer
            client.get("api/cases", headers={"Host": "evil.example"})
        assert client.post("api/ask", content=b"x" * 60_000_000).status_code == 413


def test_a_script_without_cookies_gets_its_gradio_result_from_the_replica_that_took_the_call(school: School) -> None:
    with school.client() as client:
        for question in ("Who makes solar panels?", "Where does Beta sell scooters?", "When was Alpha founded?",
                         "How did Beta sales change?"):
            client.cookies.clear()
            event = client.post("gradio_api/call/ask", json={"data": [question, 3, ""]})
            assert event.status_code == 200, event.text
            client.cookies.clear()
            result = client.get(f"gradio_api/call/ask/{event.json()['event_id']}")
            assert "event: complete" in result.text, result.text[:300]


def test_the_instructors_write_goes_to_the_writer_and_both_replicas_answer_from_it(school: School) -> None:
    writer_app = school.writer_app
    with school.client() as client:
        assert upload(client, "gamma.md", GAMMA).status_code == 403  # a student's upload is refused (by the writer)
        assert client.post("instructor/login", data={"password": SECRET}).status_code == 303
        response = upload(client, "gamma.md", GAMMA)
        assert response.status_code == 200, response.text  # a replica would refuse it: read-only
        path = response.json()[0]
        message = queue_call(client, fn_index(writer_app.state.blocks, "add_page"),
                             [{"path": path, "orig_name": "gamma.md", "meta": {"_type": "gradio.FileData"}}])
        assert "Added gamma.md" in output_text(message), message
    added = time.monotonic()
    for running in school.replicas:
        with httpx.Client(base_url=running.url, timeout=10) as replica:
            while "gamma.md" not in _ask(replica, "ferries between the Faroe islands") and time.monotonic() - added < 5:
                time.sleep(0.1)
            assert _ask(replica, "ferries between the Faroe islands")[0] == "gamma.md"
    assert time.monotonic() - added < 5
    assert {engine.generation for engine in school.engines} == {school.engines[0].generation}


def test_questions_keep_succeeding_when_a_replica_dies(school: School) -> None:
    with school.client() as client:
        for _ in range(5):
            assert _ask(client, "Who makes solar panels in Ghana?")[0] == "alpha.txt"
        school.replicas[1].close()
        assert not healthy(school.replicas[1].server.config.port)
        for _ in range(20):
            assert _ask(client, "Who makes solar panels in Ghana?")[0] == "alpha.txt"
        assert client.get("healthz").status_code == 200


def test_deploy_serve_refuses_to_start_a_writer_without_the_instructors_password(monkeypatch, capsys) -> None:
    from caseqa.web import school

    monkeypatch.delenv("CASEQA_INSTRUCTOR_PASSWORD", raising=False)
    assert school.main(["--replicas", "2"]) == 2
    assert "CASEQA_INSTRUCTOR_PASSWORD" in capsys.readouterr().err
    assert school.main(["--replicas", "0"]) == 2


def test_a_forged_forwarded_for_header_neither_dodges_nor_shifts_the_login_throttle(school: School) -> None:
    # nginx passes the client's own address on, whatever X-Forwarded-For the client sent: wrong passwords
    # "from" six addresses are six failures of this one client, which is then made to wait (3 are free,
    # then the wait doubles, outgrowing the second each failure is held for).
    with school.client() as client:
        codes = [client.post("instructor/login", data={"password": "wrong password"},
                             headers={"X-Forwarded-For": f"203.0.113.{n}"}).status_code for n in range(6)]
    assert codes[:3] == [401, 401, 401] and 429 in codes, codes
