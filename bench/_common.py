"""Shared helpers for the benchmark scripts: paths to the dev sets, timing, result files."""

from __future__ import annotations

import json
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
SHARED = Path(os.environ.get("CASEQA_SHARED", ROOT.parent / "shared"))
EVAL = SHARED / "eval"
TOOLS = SHARED / "tools"
RESULTS = ROOT / "bench" / "results"


def need_shared() -> None:
    """Exit with a clear message when the dev sets are not next to the repository."""
    if not (EVAL / "questions.jsonl").is_file():
        sys.exit(f"bench: dev sets not found in {EVAL}; set CASEQA_SHARED to the folder holding eval/ and tools/")


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def policyqa_sample(n: int = 400, seed: int = 0) -> list[dict]:
    """The PolicyQA dev questions the targets are stated on: random.Random(seed).sample(rows, n)."""
    rows = read_jsonl(EVAL / "policyqa-dev" / "questions.jsonl")
    return random.Random(seed).sample(rows, n)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    pos = (len(ordered) - 1) * q
    lo, hi = int(pos), min(int(pos) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


def save(name: str, data: dict) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    data = {"measured_at": time.strftime("%Y-%m-%d %H:%M:%S"), **data}
    path.write_text(json.dumps(data, indent=2))
    return path
