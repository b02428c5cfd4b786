"""Web page benchmark (not a test): launch to first answer, then concurrent gradio_client load on /ask.

    python bench/load.py [--corpus corpus] [--index index] [--clients 8] [--questions 50] [--launches 3]

1. Makes sure the index exists (building it if needed), so launches measure the usual case.
2. Starts ``python app.py`` ``--launches`` times and measures, from process start, when the page
   is served and when the first question is answered (raw HTTP on the /ask endpoint).
3. Times ``Engine.ask`` in this process on the same questions: the in-process baseline.
4. Against the last launch, ``--clients`` processes each with its own ``gradio_client.Client`` ask
   ``--questions`` questions one after another; round trips, errors and throughput are reported.
   The same is then done over plain HTTP (Gradio's ``/gradio_api/call/ask``) with other questions:
   gradio_client's event reader polls every 50 ms, and this shows what the server alone costs.

Questions are distinct (built from the corpus's own sentences), so the query encoder's LRU cache
never answers one from memory, neither in the server nor in the baseline. Goal: p95 ≤ 300 ms and
zero errors with 8 clients x 50 questions.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

# The same BLAS setting as app.py, so that the in-process baseline is measured like the server.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))

from caseqa.app.engine import Engine  # noqa: E402
from caseqa.config import settings_from_env  # noqa: E402
from support import free_port  # noqa: E402

TEMPLATES = ("What does the case say about {}?", "Why {}?", "Who was involved when {}?", "How did {} happen?",
             "When {}?", "What came of {}?")




def questions_from(engine: Engine, n: int) -> list[str]:
    """``n`` distinct questions made of 6-word stretches of the corpus's sentences."""
    index = engine.index
    stretches = []
    for passage in index.passages:
        text = index.documents[passage.doc_id].text
        for s, e in passage.sentences:
            words = re.findall(r"[A-Za-z][\w’'-]*", text[s:e])
            if len(words) >= 8:
                stretches.append(" ".join(words[1:7]).lower())
    out: list[str] = []
    for template in TEMPLATES:
        for stretch in dict.fromkeys(stretches):
            out.append(template.format(stretch))
    out = list(dict.fromkeys(out))
    if len(out) < n:
        raise SystemExit(f"the corpus yields only {len(out)} distinct questions; need {n}")
    return out[:n]


def ask_http(url: str, question: str, timeout: float = 30.0) -> str:
    """One /ask call over Gradio's plain HTTP API (POST, then read the event stream)."""
    body = json.dumps({"data": [question, 5, ""]}).encode()
    request = urllib.request.Request(f"{url}gradio_api/call/ask", data=body,
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        event_id = json.load(response)["event_id"]
    with urllib.request.urlopen(f"{url}gradio_api/call/ask/{event_id}", timeout=timeout) as response:
        stream = response.read().decode()
    if "event: complete" not in stream:
        raise RuntimeError(f"/ask did not complete: {stream[:300]!r}")
    return stream


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def launch(settings, port: int) -> tuple[subprocess.Popen, float, float, float]:
    """Start app.py; return the process, seconds until the page is served and until the first answer,
    and the CPU seconds the process had used by then (what the wall time tends to on an idle machine)."""
    env = dict(os.environ, CASEQA_CORPUS=str(settings.corpus_dir.resolve()),
               CASEQA_INDEX=str(settings.index_dir.resolve()), PYTHONPATH=str(ROOT / "src"))
    url = f"http://127.0.0.1:{port}/"
    started = time.monotonic()
    proc = subprocess.Popen([sys.executable, str(ROOT / "app.py"), "--port", str(port)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    served = None
    while served is None:
        if proc.poll() is not None:
            raise SystemExit(f"app.py exited with code {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=1):
                served = time.monotonic() - started
        except (urllib.error.URLError, OSError):
            time.sleep(0.02)
    ask_http(url, "How does the case begin?")
    return proc, served, time.monotonic() - started, cpu_seconds(proc.pid)


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


def percentiles(ms: list[float]) -> dict[str, float]:
    a = np.asarray(ms)
    return {"p50": float(np.percentile(a, 50)), "p95": float(np.percentile(a, 95)),
            "p99": float(np.percentile(a, 99)), "max": float(a.max()), "mean": float(a.mean())}


def _client_worker(kind: str, url: str, questions: list[str], barrier, results) -> None:
    """One simulated user in its own process: asks its questions in turn, reports (ms, error) pairs."""
    if kind == "gradio_client":
        from gradio_client import Client

        client = Client(url, verbose=False)

        def call(question: str) -> object:
            return client.predict(question, 5, "", api_name="/ask")
    else:
        def call(question: str) -> object:
            stream = ask_http(url, question)
            return json.loads(stream.split("data:", 1)[1])[0]

    barrier.wait()
    out = []
    for question in questions:
        t0 = time.perf_counter()
        try:
            hits = call(question)
            error = None if isinstance(hits, list) and hits and "citation" in hits[0] else f"bad answer {hits!r:.100}"
        except Exception as exc:  # every failure counts as an error of the benchmark
            error = repr(exc)[:200]
        out.append(((time.perf_counter() - t0) * 1000, error))
    results.put(out)


def load(url: str, questions: list[str], clients: int, kind: str) -> tuple[list[float], list[str], float]:
    """``clients`` processes share the questions; returns round trips (ms), errors and wall time."""
    ctx = multiprocessing.get_context("spawn")
    per_client = len(questions) // clients
    barrier, results = ctx.Barrier(clients + 1), ctx.Queue()
    procs = [ctx.Process(target=_client_worker,
                         args=(kind, url, questions[i * per_client:(i + 1) * per_client], barrier, results))
             for i in range(clients)]
    for p in procs:
        p.start()
    barrier.wait(timeout=120)  # every client is connected: start the clock
    started = time.perf_counter()
    pairs = [pair for _ in procs for pair in results.get(timeout=600)]
    wall = time.perf_counter() - started
    for p in procs:
        p.join()
    return [ms for ms, _ in pairs], [e for _, e in pairs if e], wall


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path)
    parser.add_argument("--index", type=Path)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--questions", type=int, default=50, help="questions per client")
    parser.add_argument("--launches", type=int, default=3, help="launches timed (the last one is loaded)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "load.json")
    args = parser.parse_args(argv)
    settings = settings_from_env(corpus_dir=args.corpus, index_dir=args.index)

    engine = Engine(settings)
    refresh = engine.ensure_index()
    if refresh.report:
        print(f"built the index first ({refresh.reason})")
    n, m = args.clients * args.questions, args.questions
    questions = questions_from(engine, 2 * n + 2 * m)
    client_questions, http_questions = questions[:n], questions[n:2 * n]
    single_client, single_http = questions[2 * n:2 * n + m], questions[2 * n + m:]

    launches = []
    for i in range(args.launches):
        port = free_port()
        proc, served, answered, cpu = launch(settings, port)
        launches.append({"page_served_s": served, "first_answer_s": answered, "cpu_s_at_first_answer": cpu})
        print(f"launch {i + 1}: page served {served:.2f} s, first answer {answered:.2f} s after process start "
              f"({cpu:.2f} s of CPU by then)")
        if i < args.launches - 1:
            stop(proc)
    try:
        baseline = []
        engine.ask("warm up the query encoder")
        for question in client_questions:
            t0 = time.perf_counter()
            engine.ask(question, k=5)
            baseline.append((time.perf_counter() - t0) * 1000)
        url = f"http://127.0.0.1:{port}/"
        cpu0 = cpu_seconds(proc.pid)
        times, errors, wall = load(url, client_questions, args.clients, "gradio_client")
        cpu1 = cpu_seconds(proc.pid)
        http_times, http_errors, http_wall = load(url, http_questions, args.clients, "http")
        cpu2 = cpu_seconds(proc.pid)
        alone_client, alone_client_errors, _ = load(url, single_client, 1, "gradio_client")
        alone_http, alone_http_errors, _ = load(url, single_http, 1, "http")
    finally:
        stop(proc)

    result = {
        "corpus": str(settings.corpus_dir), "passages": len(engine.index.passages),
        "clients": args.clients, "questions_per_client": args.questions, "distinct_questions": len(set(questions)),
        "load_average_1m": os.getloadavg()[0], "cpus": os.cpu_count(),
        "openblas_threads": os.environ.get("OPENBLAS_NUM_THREADS"),
        "launches": launches,
        "in_process_ms": percentiles(baseline),
        "round_trip_ms": percentiles(times),
        "requests": len(times), "errors": len(errors), "first_errors": errors[:3],
        "throughput_per_s": len(times) / wall,
        "server_cpu_ms_per_request": 1000 * (cpu1 - cpu0) / len(times),
        "plain_http": {"round_trip_ms": percentiles(http_times), "requests": len(http_times),
                       "errors": len(http_errors), "first_errors": http_errors[:3],
                       "throughput_per_s": len(http_times) / http_wall,
                       "server_cpu_ms_per_request": 1000 * (cpu2 - cpu1) / len(http_times)},
        "one_client_ms": {"gradio_client": percentiles(alone_client), "plain_http": percentiles(alone_http),
                          "errors": len(alone_client_errors) + len(alone_http_errors)},
    }
    first = sorted(x["first_answer_s"] for x in launches)
    print(f"\nlaunch -> first answer: median {first[len(first) // 2]:.2f} s (of {len(first)}: "
          f"{', '.join(f'{x:.2f}' for x in first)})")
    b, r = result["in_process_ms"], result["round_trip_ms"]
    print(f"in-process Engine.ask ({len(baseline)} distinct questions): p50 {b['p50']:.1f} ms, p95 {b['p95']:.1f} ms")
    print(f"/ask round trip, {args.clients} clients x {args.questions}: p50 {r['p50']:.1f} ms, p95 {r['p95']:.1f} ms, "
          f"p99 {r['p99']:.1f} ms, max {r['max']:.1f} ms; {len(errors)} errors; "
          f"{result['throughput_per_s']:.1f} req/s; server CPU {result['server_cpu_ms_per_request']:.0f} ms/request")
    h = result["plain_http"]["round_trip_ms"]
    print(f"/ask round trip over plain HTTP (no gradio_client, {args.clients} x {args.questions} other questions): "
          f"p50 {h['p50']:.1f} ms, p95 {h['p95']:.1f} ms, max {h['max']:.1f} ms; {len(http_errors)} errors; "
          f"{result['plain_http']['throughput_per_s']:.1f} req/s; "
          f"server CPU {result['plain_http']['server_cpu_ms_per_request']:.0f} ms/request")
    one = result["one_client_ms"]
    print(f"one client alone, {m} questions: gradio_client p50 {one['gradio_client']['p50']:.1f} ms, "
          f"p95 {one['gradio_client']['p95']:.1f} ms; plain HTTP p50 {one['plain_http']['p50']:.1f} ms, "
          f"p95 {one['plain_http']['p95']:.1f} ms; {one['errors']} errors")
    print(f"(clients are separate processes; all {len(questions)} questions distinct, so no encoder cache hits; "
          f"load average {result['load_average_1m']:.2f} on {result['cpus']} CPUs)")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2))
    print(f"written to {args.out}")
    return 1 if errors or http_errors or one["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
