"""Claim-check reports an instructor can hand back: Markdown and CSV."""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from caseqa.errors import CaseQAError
from caseqa.types import Label, Verdict

CSV_COLUMNS = ("number", "claim", "verdict", "score", "reasons", "evidence", "citation")
# CSV reports start with a byte-order mark: without it Excel reads UTF-8 as the local code page
# and garbles "—", "¶" and every accented name.
CSV_ENCODING = "utf-8-sig"


def summary(verdicts: Sequence[Verdict]) -> str:
    """'3 supported, 1 contradicted, 2 not found, 1 not checked'."""
    counts = Counter(v.label for v in verdicts)
    parts = [f"{counts[label]} {label.text.lower()}" for label in Label if counts[label]]
    return ", ".join(parts) or "nothing to check"


def _cell(text: str) -> str:
    """Markdown table cell: no pipes or newlines from case text break the table."""
    return " ".join(text.replace("|", "\\|").split())


def to_markdown(verdicts: Sequence[Verdict], title: str = "Claim check") -> str:
    """A Markdown report: a summary, a table per sentence, then the evidence in full."""
    lines = [f"# {title}", "", f"**{summary(verdicts)}**", "",
             "| # | Claim | Verdict | Why |", "|---|---|---|---|"]
    for n, v in enumerate(verdicts, start=1):
        why = _cell("; ".join(v.reasons))
        lines.append(f"| {n} | {_cell(v.claim)} | {v.label.text} | {why} |")
    lines += ["", "## Evidence", ""]
    for n, v in enumerate(verdicts, start=1):
        if not v.evidence:
            continue
        best = v.evidence[0]
        lines += [f"**{n}. {_cell(v.claim)}** — {v.label.text}", "",
                  f"> {_cell(best.text)}", "", f"— {best.citation}", ""]
    return "\n".join(lines).rstrip() + "\n"


def to_csv(verdicts: Sequence[Verdict]) -> str:
    """A CSV report, one row per sentence (spreadsheet-safe: formulas are neutralised)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for n, v in enumerate(verdicts, start=1):
        best = v.evidence[0] if v.evidence else None
        row = [n, v.claim, v.label, f"{v.score:.3f}", "; ".join(v.reasons),
               best.text if best else "", best.citation if best else ""]
        writer.writerow([_safe(str(c)) for c in row])
    return buffer.getvalue()


def _safe(value: str) -> str:
    """Prefix cells a spreadsheet would run as a formula."""
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


def write_report(verdicts: Sequence[Verdict], path: Path) -> None:
    """Write a .md or .csv report, chosen by the file's suffix.

    Raises:
        CaseQAError: Another suffix, or the file cannot be written.
    """
    suffix = path.suffix.lower()
    if suffix in (".md", ".markdown"):
        body, encoding = to_markdown(verdicts), "utf-8"
    elif suffix == ".csv":
        body, encoding = to_csv(verdicts), CSV_ENCODING
    else:
        raise CaseQAError(f"report {str(path)!r}: use a .md or .csv file name")
    try:
        path.write_text(body, encoding=encoding)
    except OSError as exc:
        raise CaseQAError(f"cannot write report {str(path)!r}: {exc.strerror}") from None
