"""Claim checking on the claims dev sets, before and after, scored by ../shared/tools/score_claims.py.

Runs the real interface (`caseqa check --json --input FILE`) on a fresh index of the seed case for
each claims file, with this checkout's code and, when ``--baseline REV`` is given, with the code
of that git revision (its ``src/`` exported to a temporary folder) in the same run. Then times one
claim (p50 over every claim of the files) and a 40-sentence essay with both, in alternating
rounds, since this 2-core machine is noisy: compare the ratio, not the milliseconds.

    python bench/claims.py                          # seed tune claims, shared dev claims, held-out test claims
    python bench/claims.py --baseline 2019260       # the same, with that revision measured alongside
    python bench/claims.py --files tests/data/claims_probes.jsonl --no-timing
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from _common import EVAL, ROOT, TOOLS, need_shared, save

DEFAULT_FILES = [ROOT / "bench/data/seed/claims_tune.jsonl", EVAL / "claims.jsonl",
                 ROOT / "tests/data/claims_heldout.jsonl"]

# Run inside the measured code's interpreter: one engine, warm, then every claim once and the essay.
_TIMER = r"""
import json, sys, time
from pathlib import Path
from caseqa.app.engine import Engine
from caseqa.config import Settings
corpus, index, claims_file, rounds = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
claims = [json.loads(line)["claim"] for line in open(claims_file, encoding="utf-8") if line.strip()]
engine = Engine(Settings(corpus_dir=Path(corpus), index_dir=Path(index)))
engine.check(claims[0])
per_claim, essays = [], []
essay = " ".join(c if c.rstrip().endswith((".", "!", "?")) else c + "." for c in claims[:40])
def clear():
    encoder = engine.encoder
    for name in ("_cache", "_token_cache"):
        if hasattr(encoder, name):
            getattr(encoder, name).clear()
for _ in range(rounds):
    for claim in claims:
        clear()
        t = time.perf_counter(); engine.check(claim); per_claim.append(time.perf_counter() - t)
    clear()
    t = time.perf_counter(); engine.check(essay); essays.append(time.perf_counter() - t)
print(json.dumps({"per_claim": per_claim, "essay": essays}))
"""


def caseqa(src: Path, args: list[str], out: Path) -> None:
    with out.open("w") as fh:
        subprocess.run([sys.executable, "-m", "caseqa", *args], stdout=fh, stderr=subprocess.DEVNULL, check=True,
                       cwd=ROOT, env={"PYTHONPATH": str(src), "PATH": "/usr/bin:/bin"})


def score(gold: Path, pred: Path) -> dict:
    proc = subprocess.run([sys.executable, str(TOOLS / "score_claims.py"), str(gold), str(pred), "--json"],
                          capture_output=True, text=True, check=True)
    return json.loads(proc.stdout)


def export(rev: str, into: Path) -> Path:
    """The ``src/`` folder of a git revision, written under ``into``."""
    archive = subprocess.run(["git", "archive", rev, "src"], cwd=ROOT, capture_output=True, check=True).stdout
    into.mkdir(parents=True, exist_ok=True)
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into / "src"


def timing(src: Path, index: Path, claims: Path, rounds: int) -> dict:
    proc = subprocess.run([sys.executable, "-c", _TIMER, str(ROOT / "corpus"), str(index), str(claims), str(rounds)],
                          capture_output=True, text=True, check=True, cwd=ROOT,
                          env={"PYTHONPATH": str(src), "PATH": "/usr/bin:/bin"})
    return json.loads(proc.stdout.strip().splitlines()[-1])


def p50(values: list[float]) -> float:
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else 0.5 * (ordered[mid - 1] + ordered[mid])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", nargs="+", type=Path, default=DEFAULT_FILES, help="claims files (JSON lines)")
    parser.add_argument("--baseline", help="a git revision measured alongside this checkout")
    parser.add_argument("--no-timing", action="store_true", help="skip the speed measurement")
    parser.add_argument("--rounds", type=int, default=3, help="timing rounds per version")
    parser.add_argument("--keep", type=Path, help="write each version's predictions into this folder")
    args = parser.parse_args()
    need_shared()
    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        versions = {"after": ROOT / "src"}
        if args.baseline:
            versions = {"before": export(args.baseline, tmp / "before"), **versions}
        for name, src in versions.items():
            index = tmp / f"index-{name}"
            for gold in args.files:
                pred = (args.keep or tmp) / f"{name}-{gold.stem}.jsonl"
                pred.parent.mkdir(parents=True, exist_ok=True)
                caseqa(src, ["check", "--json", "--input", str(gold), "--corpus", str(ROOT / "corpus"),
                             "--index", str(index)], pred)
                res = score(gold, pred)
                results.setdefault(f"{gold.parent.name}/{gold.name}", {})[name] = res
        if not args.no_timing:
            claims = tmp / "timing-claims.jsonl"
            claims.write_text("".join(line + "\n" for gold in args.files
                                      for line in gold.read_text(encoding="utf-8").splitlines() if line.strip()))
            samples: dict[str, dict[str, list[float]]] = {n: {"per_claim": [], "essay": []} for n in versions}
            for _ in range(args.rounds):  # alternate versions, one round each, to share the machine's drift
                for name, src in versions.items():
                    got = timing(src, tmp / f"index-{name}", claims, 1)
                    for key in ("per_claim", "essay"):
                        samples[name][key] += got[key]
            speed = {n: {"claim_p50_ms": round(1000 * p50(s["per_claim"]), 1),
                         "essay_40_p50_s": round(p50(s["essay"]), 3), "claims_timed": len(s["per_claim"])}
                     for n, s in samples.items()}
            if "before" in speed:
                speed["ratio_after_to_before"] = {
                    "claim": round(speed["after"]["claim_p50_ms"] / speed["before"]["claim_p50_ms"], 2),
                    "essay": round(speed["after"]["essay_40_p50_s"] / speed["before"]["essay_40_p50_s"], 2)}
            results["speed"] = speed
    for name, by_version in results.items():
        print(name)
        for version, res in by_version.items():
            if isinstance(res, dict):
                shown = {k: v for k, v in res.items() if k != "wrong"}
                print(f"  {version:8} " + "  ".join(f"{k}={v}" for k, v in shown.items()))
            else:
                print(f"  {version:8} {res}")
    print("saved", save("claims", {"baseline": args.baseline, **results}))


if __name__ == "__main__":
    main()
