"""Frozen dataclasses and enums that cross stage boundaries, each with its own JSON form.

``to_json`` gives the plain JSON-ready dict a type is written as (the index files, the CLI's
``--json`` output, the page's API); ``from_json`` reads back what ``to_json`` wrote.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, replace
from enum import StrEnum
from functools import cached_property
from typing import Any

Span = tuple[int, int]


class ParagraphKind(StrEnum):
    """What a paragraph is made of."""

    TEXT = "text"
    LIST = "list"  # a list, with the line that introduces it
    TABLE = "table"  # table rows, cells joined by " | "


class FileState(StrEnum):
    """What indexing did with one corpus file."""

    INDEXED = "indexed"  # read and embedded in this run
    UNCHANGED = "unchanged"  # same content as in the previous index: its vectors were kept
    SKIPPED = "skipped"  # passed over without reading (unsupported type, a link outside, ...)
    ERROR = "error"  # read, but refused (damaged, over a limit, a second copy, ...)

    @property
    def searchable(self) -> bool:
        """True when the file's passages are in the index."""
        return self in (FileState.INDEXED, FileState.UNCHANGED)


class Label(StrEnum):
    """A claim's verdict."""

    SUPPORTED = "supported"
    CONTRADICTED = "contradicted"
    NOT_FOUND = "not_found"
    SKIPPED = "skipped"  # not a checkable claim (a question, an opinion, a fragment, ...)

    @property
    def text(self) -> str:
        """The label as people read it."""
        return _LABEL_TEXT[self]

    @property
    def severity(self) -> int:
        """Which label speaks for several sentences read as one claim: the lowest wins."""
        return _SEVERITY[self]


_LABEL_TEXT = {
    Label.SUPPORTED: "Supported",
    Label.CONTRADICTED: "Contradicted",
    Label.NOT_FOUND: "Not found in the case",
    Label.SKIPPED: "Not checked",
}
_SEVERITY = {Label.CONTRADICTED: 0, Label.NOT_FOUND: 1, Label.SUPPORTED: 2, Label.SKIPPED: 3}


def _span(value: Any) -> Span | None:
    return (int(value[0]), int(value[1])) if value else None


@dataclass(frozen=True)
class Section:
    """A titled stretch of a document; ``title`` is None for text before the first heading."""

    ordinal: int
    title: str | None
    start: int
    end: int

    def to_json(self) -> dict[str, Any]:
        """The JSON form."""
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Section:
        """Read what :meth:`to_json` wrote."""
        return cls(**data)


@dataclass(frozen=True)
class Paragraph:
    """A paragraph (a list keeps its introducing line) with its place in the document."""

    ordinal: int  # 1-based within its section, as a reader counts them
    section: int  # ordinal of the Section it belongs to
    start: int
    end: int
    page: int | None = None
    kind: ParagraphKind = ParagraphKind.TEXT

    def to_json(self) -> dict[str, Any]:
        """The JSON form."""
        return {**asdict(self), "kind": str(self.kind)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Paragraph:
        """Read what :meth:`to_json` wrote."""
        return cls(**{**data, "kind": ParagraphKind(data.get("kind", "text"))})


@dataclass(frozen=True)
class TableRow:
    """One row of figures in a table, with what a reader takes from around it to understand them.

    The row's text stays where it is in ``Document.text`` (shown and cited as printed); this record
    adds what the row means, for search and for claim checking: "Purchases of property and
    equipment" under "2021 | 2020 | 2019", in a table titled "Consolidated Statements of Cash
    Flows", "(in thousands)".

    Attributes:
        start: Start of the row's line in the document text.
        end: Its end.
        label: The row's words ("Purchases of property and equipment and scooter fleet").
        values: Its figures as printed ("(79,176)", "$ 3,208,323", "36 %", "—").
        columns: The column header of each value ("2021"), "" where none was found.
        title: The table's title or statement name, None when none was found.
        scale: "thousands", "millions" or "billions" when a note says the figures are in them.
    """

    start: int
    end: int
    label: str
    values: tuple[str, ...]
    columns: tuple[str, ...]
    title: str | None = None
    scale: str | None = None

    @property
    def in_dollars(self) -> bool:
        """Does the row print "$" before a figure ("Net revenue | $ 16,434")?"""
        return any(v.lstrip().startswith("$") for v in self.values)

    def fact_text(self) -> str:
        """The row as a sentence of facts, for BM25 and the embedding (never shown)."""
        cells = "; ".join(f"{c}: {v}" if c else v for c, v in zip(self.columns, self.values))
        parts = [p for p in (self.title, self.label, cells, f"in {self.scale}" if self.scale else None) if p]
        return " — ".join(parts)

    def to_json(self) -> dict[str, Any]:
        """The JSON form."""
        return {**asdict(self), "values": list(self.values), "columns": list(self.columns)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> TableRow:
        """Read what :meth:`to_json` wrote."""
        return cls(**{**data, "values": tuple(data["values"]), "columns": tuple(data["columns"])})


@dataclass(frozen=True)
class Document:
    """A decoded case file: its text plus the structure recovered from it.

    ``text`` is the text a reader is shown and every offset in the package indexes into it: for
    .txt and .md files the decoded file exactly as Python's text mode reads it (BOM removed,
    newlines translated); for .pdf, .docx and .html the extracted, cleaned text, blocks
    separated by a blank line.
    """

    id: str  # path relative to the corpus folder, POSIX separators
    title: str
    text: str
    sha256: str  # of the file's bytes
    sections: tuple[Section, ...]
    paragraphs: tuple[Paragraph, ...]
    encoding: str = "utf-8"
    pages: tuple[Span, ...] = ()  # character span of each page, for paged formats
    warnings: tuple[str, ...] = ()
    page_labels: tuple[str, ...] = ()  # the number printed on each page ("" where unknown), for paged formats
    tables: tuple[TableRow, ...] = ()  # rows of figures, in text order

    def to_json(self) -> dict[str, Any]:
        """The JSON form (as ``documents.jsonl`` of an index holds it)."""
        return {
            "id": self.id, "title": self.title, "text": self.text, "sha256": self.sha256,
            "sections": [s.to_json() for s in self.sections],
            "paragraphs": [p.to_json() for p in self.paragraphs],
            "encoding": self.encoding, "pages": [list(p) for p in self.pages], "warnings": list(self.warnings),
            "page_labels": list(self.page_labels), "tables": [t.to_json() for t in self.tables],
        }

    def printed_page(self, page: int) -> str:
        """The number printed on a 1-based page, "" when none is known."""
        return self.page_labels[page - 1] if 0 < page <= len(self.page_labels) else ""

    @cached_property
    def money_titles(self) -> frozenset[str]:
        """The titles of its tables that print "$" in a row: a statement prints it on its first rows
        only ("Net revenue | $ 16,434"), and its other rows' figures are amounts too ("Operating income
        | 3,648"); see :func:`caseqa.ingest.tables.states_money`."""
        return frozenset(r.title for r in self.tables if r.title and r.in_dollars)

    def rows_in(self, start: int, end: int) -> tuple[TableRow, ...]:
        """The table rows inside ``text[start:end]``."""
        return tuple(r for r in self.tables if start <= r.start and r.end <= end)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Document:
        """Read what :meth:`to_json` wrote."""
        return cls(
            id=data["id"], title=data["title"], text=data["text"], sha256=data["sha256"],
            sections=tuple(Section.from_json(s) for s in data["sections"]),
            paragraphs=tuple(Paragraph.from_json(p) for p in data["paragraphs"]),
            encoding=data.get("encoding", "utf-8"),
            pages=tuple((int(a), int(b)) for a, b in data.get("pages", ())),
            warnings=tuple(data.get("warnings", ())),
            page_labels=tuple(data.get("page_labels", ())),
            tables=tuple(TableRow.from_json(t) for t in data.get("tables", ())),
        )


@dataclass(frozen=True)
class Passage:
    """A sentence-aligned window of one section: the unit that is retrieved and cited."""

    id: str  # f"{doc_id}#{ordinal}"
    doc_id: str
    ordinal: int
    start: int
    end: int
    text: str
    title: str
    section: str | None
    paragraphs: Span  # first and last paragraph ordinal (within the section)
    sentences: tuple[Span, ...]  # document offsets of the sentences, in order
    first_sentence: int  # row of the first sentence in the document's sentence table
    pages: Span | None = None
    page_labels: tuple[str, str] | None = None  # the numbers printed on its first and last page, if known

    @property
    def words(self) -> int:
        """Number of whitespace-separated words in the passage."""
        return len(self.text.split())

    def to_json(self) -> dict[str, Any]:
        """The JSON form (as ``passages.jsonl`` of an index holds it), without the text: that is
        ``text[start:end]`` of its document, stored once there (it halves what a 1,000-case library
        parses at start-up)."""
        data = asdict(self)
        del data["text"]
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any], doc_text: str) -> Passage:
        """Read what :meth:`to_json` wrote; ``doc_text`` is its document's text."""
        return cls(**{
            **data,
            "text": doc_text[data["start"]:data["end"]],
            "paragraphs": _span(data["paragraphs"]),
            "sentences": tuple(map(tuple, data["sentences"])),  # JSON's [a, b] of ints (83k passages: 0.3 s less)
            "pages": _span(data.get("pages")),
            "page_labels": tuple(data["page_labels"]) if data.get("page_labels") else None,
        })


@dataclass(frozen=True)
class Hit:
    """A ranked search result: a passage, its score and the sentences that best answer."""

    passage: Passage
    score: float
    rank: int  # 1-based
    citation: str
    highlights: tuple[Span, ...]  # document offsets, best first
    dense: float = 0.0
    lexical: float = 0.0
    sentence: float = 0.0  # similarity of the question to the passage's closest sentence

    def to_json(self) -> dict[str, Any]:
        """The JSON form of ``caseqa ask --json`` and the page's API (``../shared/eval/README.md``)."""
        p = self.passage
        return {
            "doc": p.doc_id,
            "start": p.start,
            "end": p.end,
            "score": self.score,
            "citation": self.citation,
            "text": p.text,
            "highlights": [list(h) for h in self.highlights],
            "rank": self.rank,
            "title": p.title,
            "section": p.section,
            "paragraphs": list(p.paragraphs),
            "pages": list(p.pages) if p.pages else None,
            # The page numbers printed on the first and last page ("52"), when known: ``pages``
            # counts the PDF's pages, a reader of the printed report follows these.
            "printed_pages": list(p.page_labels) if p.page_labels else None,
        }


@dataclass(frozen=True)
class WeakMatch:
    """The case does not seem to answer a question: what is missing, said to the person who asked."""

    message: str
    unseen: tuple[str, ...]  # words of the question the searched cases never use

    def shown(self, hits: list[Hit]) -> list[Hit]:
        """The hits as a person should see them: the closest text, with no sentence highlighted,
        since marking one would present it as the answer."""
        return [replace(h, highlights=()) for h in hits]


@dataclass(frozen=True)
class Answer:
    """A question's hits as a person sees them, and the notice when the case does not seem to say.

    ``documents`` are the documents of the index the hits were read from, to show a hit in its
    context: kept with the hits, so a new index generation switched in meanwhile cannot split them.
    """

    hits: list[Hit]  # without highlights when there is a notice
    notice: WeakMatch | None = None
    documents: Mapping[str, Document] = field(default_factory=dict, repr=False, compare=False)

    def to_json(self) -> dict[str, Any]:
        """The JSON form of ``caseqa ask --json``: ``hits``, and ``notice`` when there is one."""
        out: dict[str, Any] = {"hits": [h.to_json() for h in self.hits]}
        if self.notice is not None:
            out["notice"] = self.notice.message
        return out


@dataclass(frozen=True)
class FileStatus:
    """What indexing did with one corpus file."""

    doc_id: str
    status: FileState
    reason: str = ""
    passages: int = 0
    warnings: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class IndexReport:
    """Summary of one ``caseqa index`` run."""

    files: tuple[FileStatus, ...]
    passages: int
    embedded_texts: int
    seconds: float
    encode_seconds: float
    generation: str
    removed: tuple[str, ...] = ()  # documents of the previous index whose files are gone
    embedded_tokens: int = 0  # model tokens of the texts embedded (special tokens included)
    # Seconds by step (load the previous index, read files, embed, assemble, save), where a build's time goes.
    steps: tuple[tuple[str, float], ...] = ()

    @property
    def ok(self) -> bool:
        """True when at least one document is searchable."""
        return any(f.status.searchable for f in self.files)


@dataclass(frozen=True)
class Evidence:
    """Case text aligned to a claim: the sentence(s) and the passage they sit in."""

    doc_id: str
    start: int  # span of the aligned sentence(s) in the document text
    end: int
    citation: str
    text: str
    passage_start: int
    passage_end: int
    score: float

    def to_json(self) -> dict[str, Any]:
        """The JSON form inside a verdict's ``evidence`` list."""
        return {"doc": self.doc_id, "start": self.start, "end": self.end, "citation": self.citation,
                "text": self.text, "passage": [self.passage_start, self.passage_end]}


@dataclass(frozen=True)
class Verdict:
    """What the case says about one claim, with the evidence and readable reasons."""

    claim: str
    label: Label
    score: float  # confidence in the label, 0..1
    evidence: tuple[Evidence, ...]
    reasons: tuple[str, ...]
    span: Span | None = None  # where the claim sits in the submitted text (essays)

    def to_json(self, ident: object) -> dict[str, Any]:
        """The JSON form of ``caseqa check --json`` and the page's API, under the id ``ident``."""
        return {
            "id": ident,
            "claim": self.claim,
            "verdict": str(self.label),
            "score": self.score,
            "evidence": [e.to_json() for e in self.evidence],
            "reasons": list(self.reasons),
            "span": list(self.span) if self.span else None,
        }
