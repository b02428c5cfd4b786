"""What a question or a claim is searched in: its text checked, and the case it names resolved to rows."""

from __future__ import annotations

import re
from dataclasses import dataclass

from caseqa.errors import QueryError
from caseqa.index.model import Index
from caseqa.types import Span

MAX_QUERY_CHARS = 20_000


def _has_surrogate(text: str) -> bool:
    return any("\ud800" <= ch <= "\udfff" for ch in text)


def clean_text(text: object, what: str = "question") -> str:
    """Validate a question or claim and return it stripped (and cut to ``MAX_QUERY_CHARS``).

    Raises:
        QueryError: Not text, empty after stripping, or without a single letter or digit.
    """
    if not isinstance(text, str):
        raise QueryError(f"the {what} must be text, not {type(text).__name__}")
    # A lone surrogate (half of a UTF-16 pair, which JSON can carry) is no character at all: the
    # tokenizer refuses it, so it becomes the replacement character like any undecodable byte.
    stripped = text.encode("utf-8", "replace").decode("utf-8").strip() if _has_surrogate(text) else text.strip()
    if not stripped:
        raise QueryError(f"the {what} is empty; type a {what} about the case")
    if not any(ch.isalnum() for ch in stripped):
        raise QueryError(f"the {what} {stripped[:40]!r} has no words; type a {what} about the case")
    return stripped[:MAX_QUERY_CHARS]


def resolve_doc(index: Index, doc: str | None) -> str | None:
    """Match a --doc value to a document id: exact id, file name, or either without extension.

    Raises:
        QueryError: No document, or more than one, matches.
    """
    if doc is None or doc == "":
        return None
    if doc in index.rows:
        return doc
    matches = [d for d in index.rows if doc in (d.rsplit("/", 1)[-1], d.rsplit("/", 1)[-1].rsplit(".", 1)[0],
                                                  d.rsplit(".", 1)[0])]
    if len(matches) == 1:
        return matches[0]
    known = ", ".join(sorted(index.rows)[:20]) or "(the index is empty)"
    if matches:
        raise QueryError(f"{doc!r} matches several cases ({', '.join(matches)}); give the full name")
    refused = index.manifest.documents.get(doc) if index.manifest else None
    if refused is not None and not refused.status.searchable:
        raise QueryError(f"{doc!r} is in the corpus but could not be indexed: {refused.reason}")
    raise QueryError(f"no case named {doc!r} in the index; known cases: {known}")


@dataclass(frozen=True)
class Scope:
    """The passage rows a search covers: one case's, or all of them."""

    doc_id: str | None
    rows: Span


def scope(index: Index, doc: str | None) -> Scope:
    """The rows to search for ``doc`` (a case name, or None for every case).

    Raises:
        QueryError: The index is empty, or ``doc`` names no case (or several).
    """
    if not index.passages:
        raise QueryError("the index holds no cases yet; add case files to the corpus folder and run `caseqa index`")
    doc_id = resolve_doc(index, doc)
    return Scope(doc_id, index.doc_range(doc_id) if doc_id else (0, len(index.passages)))


def writes(index: Index, where: Scope, pattern: re.Pattern[str]) -> bool:
    """Does any searched case contain a match of the pattern (read once per case and pattern)?"""
    cache = index.cache.setdefault("writes", {})
    for doc_id in [where.doc_id] if where.doc_id else list(index.documents):
        key = (doc_id, pattern.pattern)
        if key not in cache:
            cache[key] = pattern.search(index.documents[doc_id].text) is not None
        if cache[key]:
            return True
    return False
