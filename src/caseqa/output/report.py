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


def to_markdown(verdicts: Sequence[Verdict], title: str = "Claim check",
                failures: Sequence[tuple[object, str]] = ()) -> str:
    """A Markdown report: a summary, a table per sentence, the evidence in full, then any row of a
    claims file that could not be checked (``failures``: its id and the reason)."""
    failed = f"; {len(failures)} row(s) could not be checked (listed at the end)" if failures else ""
    lines = [f"# {title}", "", f"**{summary(verdicts)}{failed}**", "",
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
    if failures:
        lines += ["## Not checked", "", "| Row | Why |", "|---|---|"]
        lines += [f"| {_cell(str(ident))} | {_cell(reason)} |" for ident, reason in failures]
    return "\n".join(lines).rstrip() + "\n"


def to_csv(verdicts: Sequence[Verdict], failures: Sequence[tuple[object, str]] = ()) -> str:
    """A CSV report, one row per sentence (spreadsheet-safe: formulas are neutralised); a row of a
    claims file that could not be checked has the verdict "error" and the reason."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for n, v in enumerate(verdicts, start=1):
        best = v.evidence[0] if v.evidence else None
        row = [n, v.claim, v.label, f"{v.score:.3f}", "; ".join(v.reasons),
               best.text if best else "", best.citation if best else ""]
        writer.writerow([_safe(str(c)) for c in row])
    for ident, reason in failures:
        writer.writerow([_safe(str(c)) for c in (ident, "", "error", "", reason, "", "")])
    return buffer.getvalue()


def _safe(value: str) -> str:
    """Prefix cells a spreadsheet would run as a formula."""
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


def write_report(verdicts: Sequence[Verdict], path: Path, failures: Sequence[tuple[object, str]] = ()) -> None:
    """Write a .md or .csv report, chosen by the file's suffix (``failures``: rows not checked, and why).

    Raises:
        CaseQAError: Another suffix, or the file cannot be written.
    """
    suffix = path.suffix.lower()
    if suffix in (".md", ".markdown"):
        body, encoding = to_markdown(verdicts, failures=failures), "utf-8"
    elif suffix == ".csv":
        body, encoding = to_csv(verdicts, failures), CSV_ENCODING
    else:
        raise CaseQAError(f"report {str(path)!r}: use a .md or .csv file name")
    try:
        path.write_text(body, encoding=encoding)
    except OSError as exc:
        raise CaseQAError(f"cannot write report {str(path)!r}: {exc.strerror}") from None
