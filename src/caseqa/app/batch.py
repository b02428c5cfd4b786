"""Batch input: JSON-lines files of questions or claims, read row by row so one bad row never stops a batch."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from caseqa.errors import CaseQAError


@dataclass(frozen=True)
class BatchRow:
    """One line of a batch: its text and options, or why it cannot be run (reported in its place).

    Attributes:
        id: The row's ``id``, else its line number.
        text: The question or claim (None when the row has an error).
        doc: Only search this case.
        k: How many passages (questions only).
        error: What is wrong with the row, naming the file and line; None when it can run.
        fields: The row as read, for scorers that need other fields (``evidence``, ``start``, ...).
    """

    id: Any
    text: str | None
    doc: str | None = None
    k: int | None = None
    error: str | None = None
    fields: dict[str, Any] | None = None


def read_lines(path: Path, stdin: TextIO) -> tuple[str, list[str]]:
    """The name and lines of an input file, or of stdin for ``-``.

    Raises:
        CaseQAError: The file is missing or is not UTF-8 text.
    """
    if str(path) == "-":
        return "stdin", stdin.read().splitlines()
    try:
        return str(path), path.read_text(encoding="utf-8-sig").splitlines()
    except FileNotFoundError:
        raise CaseQAError(f"no such file: {str(path)!r}; check the path") from None
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise CaseQAError(f"cannot read {str(path)!r}: {reason}; give a UTF-8 text file") from None


def parse_jsonl(name: str, lines: list[str]) -> list[tuple[int, dict[str, Any] | str]]:
    """Each non-blank line's number with its JSON object, or with the message for a line that is not one."""
    out: list[tuple[int, dict[str, Any] | str]] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except ValueError as exc:
            out.append((number, f"{name}:{number}: not valid JSON ({exc.msg}); fix that line"))
            continue
        if not isinstance(row, dict):
            out.append((number, f"{name}:{number}: expected a JSON object per line"))
            continue
        out.append((number, row))
    return out


def batch_rows(name: str, lines: list[str], field: str, alias: str | None = None) -> list[BatchRow]:
    """The rows of a JSON-lines batch of questions (``field="question"``) or claims (``"claim"``).

    A bad row keeps an ``error`` and its line number as id, and the batch goes on. ``alias`` is
    another accepted name of ``field``.
    """
    rows = []
    for line, row in parse_jsonl(name, lines):
        if isinstance(row, str):  # not JSON, or not an object
            rows.append(BatchRow(line, None, error=row))
            continue
        ident = row.get("id", line)
        text = row.get(field, row.get(alias) if alias else None)
        k = row.get("k")
        error = None
        if not isinstance(text, str):
            found = ", ".join(sorted(row)) or "none"
            error = f'{name}:{line}: no "{field}" text in this row (fields: {found})'
        elif "k" in row and (isinstance(k, bool) or not isinstance(k, int) or k < 1):
            error = f'{name}:{line}: "k" must be a whole number of at least 1, not {k!r}'
        doc = row.get("doc")
        rows.append(BatchRow(ident, text if error is None else None, doc if isinstance(doc, str) else None,
                             k if error is None else None, error, row))
    return rows


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """Rows of a JSON-lines file, all of them valid (scoring needs every row).

    Raises:
        CaseQAError: The file cannot be read or a line is not a JSON object; the message names the line.
    """
    name, lines = read_lines(path, stdin=None)  # type: ignore[arg-type]
    rows = []
    for _, row in parse_jsonl(name, lines):
        if isinstance(row, str):
            raise CaseQAError(row)
        rows.append(row)
    return rows
