"""Web server benchmark (not a test): launch to first answer, then many clients asking at once.

    python bench/load.py [--corpus corpus] [--index index] [--launches 3]
                         [--runs api:8:40,gradio_client:8:30,http:8:30,gradio_client:32:12,http:32:12,api:32:12]
                         [--school 1,2]

1. Makes sure the index exists (building it if needed), so launches measure the usual case.
2. Starts ``python app.py`` ``--launches`` times and measures, from process start, when the page
   is served and when the first question is answered.
3. Times ``Engine.ask`` in this process on distinct questions: the in-process baseline. Every
   figure below is also given as a ratio to it, since this 2-core machine is shared and noisy.
4. Against the last launch, each run ``kind:clients:questions`` starts ``clients`` processes that
   each ask ``questions`` questions one after another, all at once:

   - ``api``: ``POST /api/ask``, the REST API (one keep-alive connection per client);
   - ``gradio_client``: the page's ``/ask`` endpoint through ``gradio_client`` (Gradio's queue);
   - ``http``: the page's ``/ask`` over Gradio's plain HTTP API (``/gradio_api/call/ask``, then
     its event stream): what the server costs without gradio_client's own CPU.

5. With ``--school 1,2``, the same runs again through nginx in front of ``deploy/serve``'s writer
   and 1, then 2, read-only replicas (``api`` is spread over the replicas; ``http`` and
   ``gradio_client`` calls from one machine stay on one replica, see deploy/). Server CPU is then
   the sum over the writer, the replicas and nginx. Each setup starts fresh servers, so the
   same questions are asked of each (their caches start empty).

With many clients (``--client-processes``, default 16) each client process runs several clients
as threads, so that 128 clients do not need 128 Python processes on a 2-core machine.

Every question of the whole benchmark is distinct (built from the corpus's own sentences), so the
query encoder's cache never answers one from memory, in the server or in the baseline. Targets
(issue 12): ``api`` with 8 clients p95 <= 100 ms; the page's /ask with 8 clients p95 <= 300 ms and
with 32 clients p95 <= 1.5 s; 0 errors.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import re
import resource
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
             "When {}?", "What came of {}?", "Where did {} happen?", "What happened after {}?",
             "Which team handled {}?", "How much did {} cost?", "What was decided about {}?",
             "Who benefited when {}?")
DEFAULT_RUNS = "api:8:40,gradio_client:8:30,http:8:30,gradio_client:32:12,http:32:12,api:32:12"


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
        raise SystemExit(f"the corpus yields only {len(out)} distinct questions; need {n} (ask fewer with --runs)")
    return out[:n]


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used so far (Linux /proc; 0 for a process that is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def launch(settings, port: int, script: Path) -> tuple[subprocess.Popen, float, float, float]:
    """Start the server (app.py); return the process, seconds until the page is served and until the
    first answer, and the CPU seconds the process had used by then."""
    env = dict(os.environ, CASEQA_CORPUS=str(settings.corpus_dir.resolve()),
               CASEQA_INDEX=str(settings.index_dir.resolve()), PYTHONPATH=str(ROOT / "src"))
    url = f"http://127.0.0.1:{port}/"
    started = time.monotonic()
    proc = subprocess.Popen([sys.executable, str(script), "--port", str(port)], env=env,
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
    while True:
        try:
            Api("127.0.0.1", port).ask("How does the case begin?")
            break
        except RuntimeError as exc:  # 503 while the index loads
            if " 404" in str(exc):  # a server without the REST API (an older caseqa, for comparison)
                ask_http(url, "How does the case begin?")
                break
            time.sleep(0.02)
    return proc, served, time.monotonic() - started, cpu_seconds(proc.pid)


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


class Api:
    """A REST API client on one keep-alive connection."""

    def __init__(self, host: str, port: int) -> None:
        self.connection = http.client.HTTPConnection(host, port, timeout=60)

    def ask(self, question: str) -> list[dict]:
        body = json.dumps({"question": question, "k": 5})
        self.connection.request("POST", "/api/ask", body, {"Content-Type": "application/json"})
        response = self.connection.getresponse()
        data = response.read()
        if response.status != 200:
            raise RuntimeError(f"/api/ask answered {response.status}: {data[:200]!r}")
        return json.loads(data)["hits"]


def ask_http(url: str, question: str, timeout: float = 60.0) -> list[dict]:
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
    return json.loads(stream.split("data:", 1)[1])[0]


def percentiles(ms: list[float]) -> dict[str, float]:
    a = np.asarray(ms)
    return {"p50": float(np.percentile(a, 50)), "p95": float(np.percentile(a, 95)),
            "p99": float(np.percentile(a, 99)), "max": float(a.max()), "mean": float(a.mean())}


def _client_worker(kind: str, port: int, batches: list[list[str]], barrier, results) -> None:
    """Simulated users in one process, one thread each: each asks its questions in turn; reports (ms, error) pairs."""
    import threading

    ready, go = threading.Barrier(len(batches) + 1), threading.Event()
    out: list = []

    def user(questions: list[str]) -> None:
        call = _caller(kind, port)
        ready.wait()
        go.wait()
        pairs = []
        for question in questions:
            t0 = time.perf_counter()
            try:
                hits = call(question)
                good = isinstance(hits, list) and hits and "citation" in hits[0]
                error = None if good else f"bad answer {hits!r:.100}"
            except Exception as exc:  # every failure counts as an error of the benchmark
                error = repr(exc)[:200]
            pairs.append(((time.perf_counter() - t0) * 1000, error))
        out.extend(pairs)

    threads = [threading.Thread(target=user, args=(batch,)) for batch in batches]
    for thread in threads:
        thread.start()
    ready.wait()  # every client of this process is connected
    barrier.wait()  # and those of every other process: the clock starts
    go.set()
    for thread in threads:
        thread.join()
    results.put(out)


def _caller(kind: str, port: int):
    """A function asking one question as one client of ``kind``."""
    url = f"http://127.0.0.1:{port}/"
    if kind == "gradio_client":
        from gradio_client import Client

        client = Client(url, verbose=False)

        def call(question: str) -> object:
            return client.predict(question, 5, "", api_name="/ask")
    elif kind == "api":
        api = Api("127.0.0.1", port)
        call = api.ask
    else:
        def call(question: str) -> object:
            return ask_http(url, question)
    return call


def load(port: int, questions: list[str], clients: int, kind: str,
         max_processes: int = 16) -> tuple[list[float], list[str], float, float]:
    """``clients`` clients share the questions, spread over at most ``max_processes`` processes.

    Returns:
        Round trips (ms), errors, wall time, and the CPU seconds the client processes used while asking.
    """
    ctx = multiprocessing.get_context("spawn")
    per_client = len(questions) // clients
    batches = [questions[i * per_client:(i + 1) * per_client] for i in range(clients)]
    n = min(clients, max_processes)
    groups = [batches[i::n] for i in range(n)]
    barrier, results = ctx.Barrier(n + 1), ctx.Queue()
    procs = [ctx.Process(target=_client_worker, args=(kind, port, group, barrier, results)) for group in groups]
    for p in procs:
        p.start()
    barrier.wait(timeout=300)  # every client is connected: start the clock
    started = time.perf_counter()
    pairs = [pair for _ in procs for pair in results.get(timeout=900)]
    wall = time.perf_counter() - started
    for p in procs:
        p.join()
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)  # includes their start-up: an upper bound
    return [ms for ms, _ in pairs], [e for _, e in pairs if e], wall, usage.ru_utime + usage.ru_stime


def descendants(pid: int) -> list[int]:
    """``pid``'s child processes, their children, and so on (Linux /proc)."""
    parents: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            ppid = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        parents.setdefault(ppid, []).append(int(stat.parent.name))
    out, todo = [], [pid]
    while todo:
        children = parents.get(todo.pop(), [])
        out += children
        todo += children
    return out


def launch_school(settings, replicas: int) -> tuple[subprocess.Popen, int]:
    """Start deploy/serve with ``replicas`` replicas; returns it and nginx's port once a question is answered."""
    port, first = free_port(), free_port()
    run_dir = Path(os.environ.get("TMPDIR", "/tmp")) / f"caseqa-bench-school-{os.getpid()}"
    env = dict(os.environ, CASEQA_INSTRUCTOR_PASSWORD="bench/load.py school run", PYTHONPATH=str(ROOT / "src"))
    proc = subprocess.Popen([sys.executable, "-m", "caseqa.web.school", "--replicas", str(replicas),
                             "--port", str(port), "--first-port", str(first),
                             "--corpus", str(settings.corpus_dir.resolve()),
                             "--index", str(settings.index_dir.resolve()), "--run-dir", str(run_dir)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    while True:
        if proc.poll() is not None:
            raise SystemExit(f"deploy/serve exited with code {proc.returncode}")
        try:
            Api("127.0.0.1", port).ask("How does the case begin?")
            return proc, port
        except (RuntimeError, OSError):
            if time.monotonic() > deadline:
                raise SystemExit("deploy/serve did not answer within 300 s") from None
            time.sleep(0.2)


def measure(setup: str, port: int, pids: list[int], runs, batches, base: dict, client_processes: int) -> list[dict]:
    """Each run against the server(s) on ``port``; server CPU is summed over ``pids``."""
    rows = []
    for (kind, clients, per_client), batch in zip(runs, batches, strict=True):
        cpu0 = sum(cpu_seconds(pid) for pid in pids)
        client_cpu0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        times, errors, wall, client_cpu = load(port, batch, clients, kind, client_processes)
        client_cpu -= client_cpu0.ru_utime + client_cpu0.ru_stime
        cpu1 = sum(cpu_seconds(pid) for pid in pids)
        r = percentiles(times)
        row = {"setup": setup, "kind": kind, "clients": clients, "questions_per_client": per_client,
               "round_trip_ms": r, "p95_over_in_process_p95": r["p95"] / base["p95"], "requests": len(times),
               "errors": len(errors), "first_errors": errors[:3], "throughput_per_s": len(times) / wall,
               "server_cpu_ms_per_request": 1000 * (cpu1 - cpu0) / len(times),
               "client_cpu_ms_per_request": 1000 * client_cpu / len(times),
               "load_average_1m": os.getloadavg()[0]}
        rows.append(row)
        print(f"{kind:>13} x {clients:>3} clients x {per_client}: p50 {r['p50']:6.1f} ms, p95 {r['p95']:6.1f} ms "
              f"({row['p95_over_in_process_p95']:.1f}x in-process p95), max {r['max']:6.1f} ms; "
              f"{len(errors)} errors; {row['throughput_per_s']:.1f} req/s; server CPU "
              f"{row['server_cpu_ms_per_request']:.1f} ms/request, clients {row['client_cpu_ms_per_request']:.1f}; "
              f"load {row['load_average_1m']:.1f}", flush=True)
    return rows


def parse_runs(text: str) -> list[tuple[str, int, int]]:
    runs = []
    for item in text.split(","):
        kind, clients, questions = item.split(":")
        if kind not in ("api", "gradio_client", "http"):
            raise SystemExit(f"unknown run kind {kind!r}: use api, gradio_client or http")
        runs.append((kind, int(clients), int(questions)))
    return runs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path)
    parser.add_argument("--index", type=Path)
    parser.add_argument("--runs", default=DEFAULT_RUNS, help="kind:clients:questions_per_client, comma-separated")
    parser.add_argument("--baseline", type=int, default=300, help="questions timed in-process")
    parser.add_argument("--launches", type=int, default=3, help="launches timed (the last one is loaded)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "load.json")
    parser.add_argument("--server", type=Path, default=ROOT / "app.py",
                        help="the script to start (to compare server settings; default app.py)")
    parser.add_argument("--school", default="", help="replica counts to run behind nginx too, e.g. 1,2")
    parser.add_argument("--client-processes", type=int, default=16,
                        help="client processes at most; more clients run as threads in them")
    args = parser.parse_args(argv)
    args.school = [int(n) for n in args.school.split(",") if n.strip()]
    settings = settings_from_env(corpus_dir=args.corpus, index_dir=args.index)
    runs = parse_runs(args.runs)

    engine = Engine(settings)
    refresh = engine.ensure_index()
    if refresh.report:
        print(f"built the index first ({refresh.reason})")
    needed = args.baseline + sum(c * q for _, c, q in runs)  # the same runs' questions are asked of each setup
    questions = questions_from(engine, needed)
    baseline_questions, rest = questions[:args.baseline], questions[args.baseline:]

    launches = []
    port = 0
    for i in range(args.launches):
        port = free_port()
        proc, served, answered, cpu = launch(settings, port, args.server)
        launches.append({"page_served_s": served, "first_answer_s": answered, "cpu_s_at_first_answer": cpu})
        print(f"launch {i + 1}: page served {served:.2f} s, first answer {answered:.2f} s after process start "
              f"({cpu:.2f} s of CPU by then)")
        if i < args.launches - 1:
            stop(proc)
    results = []
    try:
        engine.ask("warm up the query encoder")
        baseline = []
        for question in baseline_questions:
            t0 = time.perf_counter()
            engine.ask(question, k=5)
            baseline.append((time.perf_counter() - t0) * 1000)
        base = percentiles(baseline)
        print(f"\nin-process Engine.ask ({len(baseline)} distinct questions): p50 {base['p50']:.1f} ms, "
              f"p95 {base['p95']:.1f} ms")
        batches = []
        for _, clients, per_client in runs:
            batch, rest = rest[:clients * per_client], rest[clients * per_client:]
            batches.append(batch)
        print("\none server (app.py), no proxy:")
        results += measure("direct", port, [proc.pid], runs, batches, base, args.client_processes)
    finally:
        stop(proc)
    for replicas in args.school:
        school, nginx_port = launch_school(settings, replicas)
        try:
            print(f"\nnginx + {replicas} read-only replica(s) + the writer (deploy/serve):")
            results += measure(f"nginx+{replicas}", nginx_port, descendants(school.pid), runs, batches, base,
                               args.client_processes)
        finally:
            stop(school)

    first = sorted(x["first_answer_s"] for x in launches)
    print(f"\nlaunch -> first answer: median {first[len(first) // 2]:.2f} s (of {len(first)}: "
          f"{', '.join(f'{x:.2f}' for x in first)})")
    print(f"(clients are separate processes on the same {os.cpu_count()} CPUs; all questions distinct)")
    out = {"corpus": str(settings.corpus_dir), "passages": len(engine.index.passages), "cpus": os.cpu_count(),
           "openblas_threads": os.environ.get("OPENBLAS_NUM_THREADS"), "launches": launches,
           "in_process_ms": base, "runs": results}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(out, indent=2))
    print(f"written to {args.out}")
    return 1 if any(r["errors"] for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
