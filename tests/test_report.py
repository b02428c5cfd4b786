"""Report files and the claim JSON schema."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from caseqa.errors import CaseQAError
from caseqa.output.report import to_csv, to_markdown, write_report
from caseqa.types import Evidence, Label, Verdict

EVIDENCE = Evidence("case.txt", 10, 40, 'Case — "Intro", ¶1, chars 0–80', "Acme | sold =tea in 2019.", 0, 80, 1.2)
VERDICTS = [
    Verdict("Acme sold tea in 2020.", Label.CONTRADICTED, 0.9, (EVIDENCE,), ("claim says 2020; the case says 2019",),
            (0, 22)),
    Verdict("Is it good?", Label.SKIPPED, 0.0, (), ("a question, not a claim",), (23, 34)),
    Verdict("=HYPERLINK(\"x\")", Label.NOT_FOUND, 0.5, (), ("nothing found",), None),
]


def test_json_schema() -> None:
    row = VERDICTS[0].to_json("c1")
    assert row["id"] == "c1" and row["verdict"] == "contradicted" and row["score"] == 0.9
    assert row["evidence"][0] == {"doc": "case.txt", "start": 10, "end": 40, "citation": EVIDENCE.citation,
                                  "text": EVIDENCE.text, "passage": [0, 80]}
    assert row["reasons"] == ["claim says 2020; the case says 2019"] and row["span"] == [0, 22]


def test_markdown_report() -> None:
    md = to_markdown(VERDICTS)
    assert "**1 contradicted, 1 not found in the case, 1 not checked**" in md
    assert "| 1 | Acme sold tea in 2020. | Contradicted | claim says 2020; the case says 2019 |" in md
    assert "Acme \\| sold =tea in 2019." in md  # a pipe in case text does not break the table
    assert 'Case — "Intro", ¶1' in md


def test_csv_report_is_parseable_and_formula_safe() -> None:
    rows = list(csv.reader(io.StringIO(to_csv(VERDICTS))))
    assert rows[0] == ["number", "claim", "verdict", "score", "reasons", "evidence", "citation"]
    assert rows[1][2] == "contradicted" and rows[1][5] == "Acme | sold =tea in 2019."
    assert rows[3][1].startswith("'=")  # would run as a formula in a spreadsheet


def test_write_report_by_suffix(tmp_path: Path) -> None:
    write_report(VERDICTS, tmp_path / "out.md")
    write_report(VERDICTS, tmp_path / "out.csv")
    assert (tmp_path / "out.md").read_text().startswith("# Claim check")
    # A byte-order mark first: without it Excel shows "—" and "¶" as mojibake.
    assert (tmp_path / "out.csv").read_bytes().startswith(b"\xef\xbb\xbfnumber,claim")
    assert (tmp_path / "out.md").read_bytes().startswith(b"# Claim check")  # Markdown has none
    with pytest.raises(CaseQAError, match=r"use a \.md or \.csv file name"):
        write_report(VERDICTS, tmp_path / "out.pdf")
