"""`python app.py` as users start it: the named API endpoints, loopback binding, file serving refused."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import ROOT
from support import free_port

pytestmark = pytest.mark.slow
QUESTION = "How many hotlines did Cainiao set up?"




@dataclass(frozen=True)
class Server:
    url: str
    port: int
    corpus: Path
    index: Path
    ready_seconds: float  # process start to the first answered question
    log: Path


def copy_seed(seed_engine, dest: Path) -> tuple[Path, Path]:
    """A private copy of the session's seed corpus and index (mtimes kept, so it is not stale)."""
    corpus, index = dest / "corpus", dest / "index"
    shutil.copytree(seed_engine.settings.corpus_dir, corpus)
    shutil.copytree(seed_engine.settings.index_dir, index)
    return corpus, index


def first_answer(url: str, deadline: float) -> None:
    """Call /ask until it answers (the server may not be listening yet)."""
    import httpx
    from gradio_client import Client

    while True:
        try:
            Client(url, verbose=False).predict(QUESTION, 1, "", api_name="/ask")
            return
        except httpx.TransportError as exc:  # not listening yet
            if time.monotonic() > deadline:
                raise AssertionError(f"the app did not answer in time: {exc!r}") from None
            time.sleep(0.1)


# Loaded first by the server process (Python imports sitecustomize at start-up): any name lookup or
# connection to a host other than this machine is written to the log and refused. Name lookups
# matter: gradio's analytics and the hub client look their hosts up before connecting, and swallow
# the failure, so only the lookup shows that they tried.
NETWORK_GUARD = """
import ipaddress, socket, sys
def _local(host):
    if host in (None, "", "localhost") or isinstance(host, bytes) and host in (b"localhost",):
        return True
    try:
        return ipaddress.ip_address(host.decode() if isinstance(host, bytes) else host).is_loopback
    except ValueError:
        return False
def _refuse(what):
    sys.stderr.write("NETWORK ACCESS " + what + "\\n"); sys.stderr.flush()
    raise OSError("network access blocked by the test")
_lookup, _connect = socket.getaddrinfo, socket.socket.connect
def getaddrinfo(host, *args, **kwargs):
    return _lookup(host, *args, **kwargs) if _local(host) else _refuse("lookup " + repr(host))
def connect(self, address):
    host = address[0] if isinstance(address, tuple) else None
    return _connect(self, address) if _local(host) else _refuse("connect " + repr(address))
socket.getaddrinfo, socket.socket.connect = getaddrinfo, connect
"""


@pytest.fixture(scope="module")
def server(seed_engine, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    base = tmp_path_factory.mktemp("api")
    corpus, index = copy_seed(seed_engine, base)
    port = free_port()
    guard = base / "guard"
    guard.mkdir()
    (guard / "sitecustomize.py").write_text(NETWORK_GUARD)
    # No HF_ or GRADIO_ variables: caseqa must keep itself offline.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "GRADIO_", "CASEQA_", "TRANSFORMERS_"))}
    env.update(CASEQA_CORPUS=str(corpus), CASEQA_INDEX=str(index), PYTHONPATH=f"{guard}:{ROOT / 'src'}",
               GRADIO_TEMP_DIR=str(base / "gradio-tmp"))
    log = base / "app.log"
    started = time.monotonic()
    with log.open("w") as out:
        proc = subprocess.Popen([sys.executable, str(ROOT / "app.py"), "--port", str(port)],
                                cwd=base, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        url = f"http://127.0.0.1:{port}/"
        try:
            first_answer(url, started + 120)
        except AssertionError:
            raise AssertionError(log.read_text()[-3000:]) from None
        yield Server(url, port, corpus, index, time.monotonic() - started, log)
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


def test_ask_endpoint_returns_cited_highlighted_hits(server: Server) -> None:
    from gradio_client import Client

    hits = Client(server.url, verbose=False).predict(QUESTION, 3, "", api_name="/ask")
    assert 1 <= len(hits) <= 3
    top = hits[0]
    assert top["doc"] == "alibaba-covid19.txt" and top["rank"] == 1
    assert top["citation"].endswith(f"chars {top['start']}–{top['end']}")
    text = (server.corpus / top["doc"]).read_text(encoding="utf-8-sig")
    assert text[top["start"]:top["end"]] == top["text"]
    s, e = top["highlights"][0]
    assert "400 hotlines" in text[s:e]


def test_ask_endpoint_filters_by_case_and_reports_errors(server: Server) -> None:
    from gradio_client import Client
    from gradio_client.exceptions import AppError

    client = Client(server.url, verbose=False)
    hits = client.predict("zero billing period", 2, "alibaba-covid19", api_name="/ask")
    assert {h["doc"] for h in hits} == {"alibaba-covid19.txt"}
    with pytest.raises(AppError, match="the question is empty"):
        client.predict("  ", 5, "", api_name="/ask")
    with pytest.raises(AppError, match="no case named 'nope'"):
        client.predict(QUESTION, 5, "nope", api_name="/ask")


def test_check_endpoint_returns_verdicts_with_cited_evidence(server: Server) -> None:
    from gradio_client import Client
    from gradio_client.exceptions import AppError

    client = Client(server.url, verbose=False)
    essay = "Alibaba set up an anti-epidemic fund of RMB 10 billion. Cainiao dedicated 400 hotlines. Why?"
    verdicts = client.predict(essay, "", api_name="/check")
    assert [v["id"] for v in verdicts] == [1, 2, 3]
    assert [v["verdict"] for v in verdicts] == ["contradicted", "supported", "skipped"]
    assert any("RMB 1 billion" in r for r in verdicts[0]["reasons"])
    text = (server.corpus / "alibaba-covid19.txt").read_text(encoding="utf-8-sig")
    for v in verdicts[:2]:
        best = v["evidence"][0]
        assert best["doc"] == "alibaba-covid19.txt"
        assert best["citation"].endswith(f"chars {best['start']}–{best['end']}")
        assert text[best["start"]:best["end"]] == best["text"]
    assert "400 hotlines" in verdicts[1]["evidence"][0]["text"]
    with pytest.raises(AppError, match="empty"):
        client.predict("", "", api_name="/check")


def test_only_the_named_endpoints_are_public(server: Server) -> None:
    from gradio_client import Client

    api = Client(server.url, verbose=False).view_api(print_info=False, return_format="dict")
    assert set(api["named_endpoints"]) == {"/ask", "/check"}
    assert api["unnamed_endpoints"] == {}


def status_of(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def test_files_outside_uploads_are_not_served(server: Server) -> None:
    manifest = next(server.index.glob("gen-*/manifest.json")).resolve()
    case = (server.corpus / "alibaba-covid19.txt").resolve()
    for path in ("/etc/passwd", str(manifest), str(case), str(ROOT / "app.py")):
        assert status_of(f"{server.url}gradio_api/file={path}") == 403, path
    assert status_of(f"{server.url}gradio_api/file=../../../../etc/passwd") in (403, 404)


def test_listens_on_loopback_only(server: Server) -> None:
    """The socket is bound to 127.0.0.1, not 0.0.0.0 (read from /proc, without connecting out)."""
    wanted = f":{server.port:04X}"
    listening = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            if local.endswith(wanted) and state == "0A":  # 0A = LISTEN
                listening.append(local.split(":")[0])
    assert listening == ["0100007F"]  # 127.0.0.1, little-endian hex


def test_ready_to_answer_soon_after_launch(server: Server) -> None:
    """Launch to first answer through gradio_client; the 4 s goal is measured by bench/load.py."""
    print(f"\nlaunch -> first /ask answer: {server.ready_seconds:.1f} s")
    assert server.ready_seconds < 60
    assert "Ready: 1 case(s), 39 passages." in server.log.read_text()


def test_the_console_says_where_it_serves_and_never_suggests_a_share_link(server: Server) -> None:
    log = server.log.read_text()
    assert f"caseqa: serving http://127.0.0.1:{server.port}/ on this computer only" in log
    assert "share=True" not in log and "public link" not in log


def test_an_ordinary_user_error_logs_one_line_not_a_traceback(server: Server) -> None:
    import httpx
    from gradio_client import Client
    from gradio_client.exceptions import AppError

    before = server.log.read_text()
    with pytest.raises(AppError, match="has no words"):
        Client(server.url, verbose=False).predict("🙂🙂🙂", 3, "", api_name="/ask")
    response = httpx.post(f"{server.url}api/ask", json={"question": "🙂🙂🙂"}, timeout=30)
    assert response.status_code == 400 and "has no words" in response.json()["error"]
    time.sleep(0.5)
    new = server.log.read_text()[len(before):]
    assert "Traceback" not in new
    lines = [line for line in new.splitlines() if "has no words" in line]
    assert len(lines) == 2, new  # one line per refused request


def test_the_server_looked_up_and_reached_no_other_host(server: Server) -> None:
    """Last in this file: by now the page has started, answered and checked, and gradio's
    analytics thread (which runs unless caseqa turns it off) has had its chance."""
    from gradio_client import Client

    Client(server.url, verbose=False).predict("Alibaba set up a fund.", "", api_name="/check")
    time.sleep(2)
    assert "NETWORK ACCESS" not in server.log.read_text()
