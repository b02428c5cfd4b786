"""The command line: exit codes, readable output, and the JSON interface the scorers read."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from caseqa.app.cli import build_parser, main
from conftest import ROOT
from fakes import HashingEncoder


def run(args: list[str], encoder=None, stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(args, encoder=encoder or HashingEncoder(), stdout=out, stderr=err, stdin=io.StringIO(stdin))
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def folders(tmp_path: Path) -> list[str]:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "tea.txt").write_text(
        "Tea Case\n\nMarkets\n\nAcme sells green tea in Kenya. Prices rose by 10% in 2019.\n\n"
        "Logistics\n\nShipping by sea takes 21 days from Mombasa to Rotterdam.\n")
    (corpus / "bikes.md").write_text("# Bike Case\n\nVelo builds bicycles in Lyon with 40 staff.\n")
    return ["--corpus", str(corpus), "--index", str(tmp_path / "index")]


def test_index_prints_a_line_per_file_and_a_summary(folders: list[str]) -> None:
    code, out, err = run(["index", *folders, "--quiet"])
    assert code == 0 and out == ""
    assert "indexed   bikes.md (1 passages)" in err and "indexed   tea.txt" in err
    assert "gen-000001: 2 case(s)" in err
    code, _, err = run(["index", *folders, "--quiet"])
    assert "unchanged tea.txt" in err and "0 texts embedded" in err


def test_index_exits_non_zero_only_when_nothing_could_be_indexed(tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "junk.txt").write_bytes(bytes(range(256)) * 10)
    code, _, err = run(["index", "--corpus", str(corpus), "--index", str(tmp_path / "i"), "--quiet"])
    assert code == 1 and "junk.txt: looks like a binary file" in err
    (corpus / "ok.txt").write_text("A fine case about tea.")
    code, _, _ = run(["index", "--corpus", str(corpus), "--index", str(tmp_path / "i"), "--quiet"])
    assert code == 0


def test_ask_builds_the_index_when_missing_and_prints_readable_hits(folders: list[str]) -> None:
    code, out, err = run(["ask", "How long does shipping by sea take?", "--k", "2", *folders])
    assert code == 0
    assert "indexing first (no index yet)" in err
    assert out.startswith("Q: How long does shipping by sea take?")
    assert '[1] Tea Case — "Logistics", ¶1, chars' in out
    assert "»Shipping by sea takes 21 days from Mombasa to Rotterdam.«" in out


HIT_KEYS = {"doc": str, "start": int, "end": int, "score": float, "citation": str, "text": str, "highlights": list}


def check_hit_schema(hit: dict, corpus: Path) -> None:
    for key, kind in HIT_KEYS.items():
        assert isinstance(hit[key], kind), key
    text = (corpus / hit["doc"]).open(encoding="utf-8-sig").read()
    assert text[hit["start"]:hit["end"]] == hit["text"]
    for s, e in hit["highlights"]:
        assert hit["start"] <= s < e <= hit["end"]


def test_ask_json_batch_follows_the_eval_interface(folders: list[str], tmp_path: Path) -> None:
    questions = tmp_path / "q.jsonl"
    questions.write_text("\n".join(json.dumps(r) for r in [
        {"id": "a", "question": "Who builds bicycles in Lyon?"},
        {"id": 7, "question": "What happened to prices?", "doc": "tea.txt"},
        {"id": "bad", "question": "   "},
        {"id": "unknown", "question": "tea", "doc": "nope.txt"},
    ]) + "\n")
    code, out, _ = run(["ask", "--json", "--input", str(questions), "--k", "3", *folders])
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in rows] == ["a", 7, "bad", "unknown"]
    assert rows[0]["hits"][0]["doc"] == "bikes.md"
    assert all(h["doc"] == "tea.txt" for h in rows[1]["hits"])
    assert rows[2]["hits"] == [] and "empty" in rows[2]["error"]
    assert rows[3]["hits"] == [] and "no case named 'nope.txt'" in rows[3]["error"]
    corpus = Path(folders[1])
    for row in rows[:2]:
        assert 1 <= len(row["hits"]) <= 3
        for hit in row["hits"]:
            check_hit_schema(hit, corpus)


def test_ask_json_reads_stdin_and_reports_bad_json_lines(folders: list[str]) -> None:
    code, out, _ = run(["ask", "--json", "--input", "-", *folders], stdin='{"id": 1, "question": "tea"}\n')
    assert code == 0 and json.loads(out)["id"] == 1
    code, out, _ = run(["ask", "--json", "--input", "-", *folders], stdin='{"id": 1}\nnot json\n')
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 1  # every row failed
    assert rows[0]["id"] == 1 and 'no "question" text' in rows[0]["error"]
    assert rows[1]["id"] == 2 and "stdin:2: not valid JSON" in rows[1]["error"]


def test_a_bad_batch_row_does_not_stop_the_others(folders: list[str]) -> None:
    stdin = ('{"id": "a", "question": "How long does shipping by sea take?"}\n{bad\n["x"]\n'
             '{"id": "k", "question": "tea", "k": true}\n{"id": "d", "question": "tea", "doc": "nosuch.txt"}\n')
    code, out, _ = run(["ask", "--json", "--input", "-", *folders], stdin=stdin)
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and [r["id"] for r in rows] == ["a", 2, 3, "k", "d"]
    assert rows[0]["hits"] and "error" not in rows[0]
    assert all(r["hits"] == [] and r["error"] for r in rows[1:])
    assert "expected a JSON object" in rows[2]["error"] and '"k" must be' in rows[3]["error"]
    assert "no case named 'nosuch.txt'" in rows[4]["error"]


def test_check_reads_json_lines_from_stdin(folders: list[str]) -> None:
    stdin = '{"id": "c1", "claim": "Shipping by sea takes 21 days."}\n{"id": "c2", "question": "tea"}\n'
    code, out, _ = run(["check", "--json", "--input", "-", *folders], stdin=stdin)
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and [r["id"] for r in rows] == ["c1", "c2"]
    assert rows[0]["verdict"] == "supported"  # the case says so, and more
    assert rows[1]["verdict"] is None and 'no "claim" text' in rows[1]["error"]


def test_usage_errors(folders: list[str]) -> None:
    code, _, err = run(["ask", *folders])
    assert code == 2 and "give a question" in err
    code, _, err = run(["ask", "tea", "--input", "-", *folders])
    assert code == 2 and "not both" in err
    code, _, err = run(["ask", "tea", "--k", "0", *folders])
    assert code == 2 and "must be at least 1" in err
    code, _, err = run(["ask", "", *folders])
    assert code == 1 and "the question is empty" in err
    code, _, err = run(["ask", "?!?...", *folders])
    assert code == 1 and "has no words" in err
    code, _, err = run(["check", "--input", "/nonexistent/essay.txt", *folders])
    assert code == 1 and "no such file: '/nonexistent/essay.txt'" in err
    assert run(["frobnicate"])[0] == 2


def test_eval_prints_the_scores(folders: list[str], tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"id": "q1", "question": "How long does shipping by sea take?",
                                "evidence": "takes 21 days"}) + "\n")
    code, out, _ = run(["eval", str(gold), "--json", *folders])
    assert code == 0
    scores = json.loads(out)
    assert set(scores) >= {"S@1", "S@3", "S@5", "MRR", "H@1", "mean_passage_words"}
    assert scores["S@5"] == 1.0


def test_console_script_runs_offline_with_the_real_model(seed_engine) -> None:
    """`python -m caseqa` in a fresh process: no torch needed to answer from an existing index."""
    settings = seed_engine.settings
    proc = subprocess.run(
        [sys.executable, "-m", "caseqa", "ask", "How many hotlines did Cainiao set up?", "--json", "--k", "3",
         "--corpus", str(settings.corpus_dir), "--index", str(settings.index_dir)],
        capture_output=True, text=True, timeout=120, cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT / "src")},
    )
    assert proc.returncode == 0, proc.stderr
    hits = json.loads(proc.stdout)["hits"]
    assert "400 hotlines" in hits[0]["text"]
    check_hit_schema(hits[0], settings.corpus_dir)


def test_check_json_batch_and_report(folders: list[str], tmp_path: Path) -> None:
    claims = tmp_path / "claims.jsonl"
    claims.write_text("\n".join(json.dumps(r) for r in [
        {"id": "c1", "claim": "Shipping by sea takes 21 days from Mombasa to Rotterdam."},
        {"id": "c2", "claim": "Shipping by sea takes 40 days from Mombasa to Rotterdam."},
        {"id": "c3", "claim": "   "},
    ]) + "\n")
    report = tmp_path / "report.csv"
    code, out, err = run(["check", "--json", "--input", str(claims), "--report", str(report), *folders])
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in rows] == ["c1", "c2", "c3"]
    assert rows[0]["verdict"] == "supported" and rows[1]["verdict"] == "contradicted"
    assert rows[1]["reasons"][0] == "claim says 40 days; the case says 21 days"
    assert rows[2]["verdict"] is None and "the claim is empty" in rows[2]["error"]
    corpus = Path(folders[1])
    for row in rows[:2]:
        assert set(row) >= {"id", "verdict", "score", "evidence", "reasons"}
        ev = row["evidence"][0]
        text = (corpus / ev["doc"]).read_text()
        assert text[ev["start"]:ev["end"]] == ev["text"] and ev["citation"]
    assert report.read_bytes().startswith("\ufeffnumber,claim,verdict".encode())  # BOM: Excel reads UTF-8
    assert "report written to" in err


def test_check_an_essay_file_readably(folders: list[str], tmp_path: Path) -> None:
    essay = tmp_path / "essay.txt"
    essay.write_text("Shipping by sea takes 21 days from Mombasa to Rotterdam. Is that slow?\n")
    code, out, _ = run(["check", "--input", str(essay), *folders])
    assert code == 0
    assert "[1] SUPPORTED" in out and "[2] SKIPPED — a question, not a claim" in out
    assert "Summary: 1 supported, 1 not checked" in out


def test_check_names_an_unknown_or_refused_case_even_when_nothing_is_checkable(folders: list[str]) -> None:
    corpus = Path(folders[1])
    (corpus / "notes.txt").write_bytes(bytes(range(256)) * 10)  # refused: binary
    code, _, err = run(["check", "Who founded it?", "--doc", "missing.md", *folders])
    assert code == 1 and "no case named 'missing.md'" in err
    code, _, err = run(["ask", "tea", "--doc", "notes.txt", *folders])
    assert code == 1 and "'notes.txt' is in the corpus but could not be indexed: notes.txt: looks like a binary" in err
    assert "control characters in its first 2,560); convert it to .txt, .md, .html, .pdf or .docx" in err


def test_a_report_lists_the_rows_that_could_not_be_checked(folders: list[str], tmp_path: Path) -> None:
    claims = tmp_path / "claims.jsonl"
    claims.write_text('{"id": "c1", "claim": "Acme sells green tea in Kenya."}\n{"id": "c2", "doc": "nope.txt", '
                      '"claim": "Velo builds bicycles."}\n')
    for name in ("report.md", "report.csv"):
        code, out, _ = run(["check", "--input", str(claims), "--report", str(tmp_path / name), *folders])
        assert code == 0 and "1 row(s) could not be checked" in out
    markdown = (tmp_path / "report.md").read_text()
    assert "1 row(s) could not be checked" in markdown and "| c2 | no case named 'nope.txt'" in markdown
    rows = (tmp_path / "report.csv").read_text().splitlines()
    assert rows[-1].startswith("c2,,error,,\"no case named 'nope.txt'")


def test_make_says_what_the_first_install_does_and_how_long_it_takes(tmp_path: Path) -> None:
    """A first `make run` used to sit silent for minutes while pip filled 2 GB."""
    proc = subprocess.run(["make", "-n", "run", f"VENV={tmp_path / 'venv'}"], cwd=ROOT, capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    said = [line for line in proc.stdout.splitlines() if line.startswith("echo ")]
    assert any("about 2 GB" in line and "first time" in line for line in said)
    assert any("5-15 minutes" in line for line in said)
    assert any("torch" in line for line in said) and any("indexing corpus/" in line for line in said)
    installs = [line for line in proc.stdout.splitlines() if "pip install" in line and "-r requirements.txt" in line]
    assert installs and "--quiet" not in installs[0]  # pip shows its progress


def test_index_takes_a_device_and_refuses_an_unknown_one(folders: list[str]) -> None:
    code, _, err = run(["index", *folders, "--quiet", "--device", "cpu"])
    assert code == 0 and "2 case(s)" in err
    code, _, err = run(["index", *folders, "--device", "tpu"])
    assert code == 2 and "invalid choice: 'tpu'" in err
    assert build_parser().parse_args(["index"]).device == "auto"


def test_a_fault_on_one_row_is_reported_and_the_rows_after_it_are_checked(folders: list[str],
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from caseqa.app.engine import Engine
    real = Engine.check

    def faulty(self, text, doc=None):
        if "faulty" in text:
            raise KeyError("close")
        return real(self, text, doc=doc)

    monkeypatch.setattr(Engine, "check", faulty)
    stdin = ('{"id": "c1", "claim": "A faulty claim about shipping."}\n'
             '{"id": "c2", "claim": "Shipping by sea takes 21 days."}\n')
    code, out, _ = run(["check", "--json", "--input", "-", *folders], stdin=stdin)
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and [r["id"] for r in rows] == ["c1", "c2"]
    assert rows[0]["verdict"] is None and "KeyError" in rows[0]["error"] and "please report" in rows[0]["error"]
    assert rows[1]["verdict"] == "supported"
