"""Retrieval and claim-check quality on the dev sets, scored by ../shared/tools.

Runs the real interface (`caseqa ask --json --input`, `caseqa check --json --input`) on fresh
indexes of corpus/ and of the PolicyQA dev corpus, then the shared scorers:

    python bench/retrieval.py            # all three
    python bench/retrieval.py --quick    # seed questions and claims only
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from _common import EVAL, ROOT, TOOLS, need_shared, policyqa_sample, save


def caseqa(args: list[str], out: Path) -> None:
    with out.open("w") as fh:
        subprocess.run([sys.executable, "-m", "caseqa", *args], stdout=fh, check=True, cwd=ROOT,
                       env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"})


def score(tool: str, *args: str) -> dict:
    proc = subprocess.run([sys.executable, str(TOOLS / tool), *args, "--json"], capture_output=True, text=True,
                          check=True)
    return json.loads(proc.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="skip PolicyQA (the slowest part)")
    args = parser.parse_args()
    need_shared()
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        seed = ["--corpus", str(ROOT / "corpus"), "--index", str(tmp / "seed-index")]
        caseqa(["ask", "--json", "--input", str(EVAL / "questions.jsonl"), *seed], tmp / "q.jsonl")
        results["questions"] = score("score_retrieval.py", str(EVAL / "questions.jsonl"), str(tmp / "q.jsonl"),
                                     str(ROOT / "corpus"))
        caseqa(["check", "--json", "--input", str(EVAL / "claims.jsonl"), *seed], tmp / "c.jsonl")
        results["claims"] = score("score_claims.py", str(EVAL / "claims.jsonl"), str(tmp / "c.jsonl"))
        if not args.quick:
            sample = tmp / "policyqa-400.jsonl"
            sample.write_text("".join(json.dumps(r) + "\n" for r in policyqa_sample()))
            corpus = EVAL / "policyqa-dev" / "corpus"
            caseqa(["ask", "--json", "--input", str(sample), "--corpus", str(corpus), "--index",
                    str(tmp / "pqa-index")], tmp / "p.jsonl")
            results["policyqa_400_seed0"] = score("score_retrieval.py", str(sample), str(tmp / "p.jsonl"), str(corpus))
    for name, res in results.items():
        res.pop("missed_at_5", None)
        res.pop("wrong", None)
        print(f"{name:20} " + "  ".join(f"{k}={v}" for k, v in res.items()))
    print("saved", save("retrieval", results))


if __name__ == "__main__":
    main()
