"""Frozen dataclasses that cross stage boundaries: documents, passages, hits, verdicts."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

Span = tuple[int, int]


@dataclass(frozen=True)
class Section:
    """A titled stretch of a document; ``title`` is None for text before the first heading."""

    ordinal: int
    title: str | None
    start: int
    end: int


@dataclass(frozen=True)
class Paragraph:
    """A paragraph (a list keeps its introducing line) with its place in the document."""

    ordinal: int  # 1-based within its section, as a reader counts them
    section: int  # ordinal of the Section it belongs to
    start: int
    end: int
    page: int | None = None
    kind: str = "text"  # "text" | "list" | "table"


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

    def section_of(self, paragraph: Paragraph) -> Section:
        """Return the section a paragraph belongs to."""
        return self.sections[paragraph.section]


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

    @property
    def words(self) -> int:
        """Number of whitespace-separated words in the passage."""
        return len(self.text.split())


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


@dataclass(frozen=True)
class WeakMatch:
    """Why the hits of a question are probably not an answer, said to the person who asked."""

    message: str
    unseen: tuple[str, ...]  # words of the question the searched cases never use
    unrelated: bool  # even the closest sentence is far from the question: highlights would mislead

    def shown(self, hits: list[Hit]) -> list[Hit]:
        """The hits as a person should see them: without highlights when nothing is close, since
        marking a sentence would present it as the answer."""
        return [replace(h, highlights=()) for h in hits] if self.unrelated else hits


@dataclass(frozen=True)
class FileStatus:
    """What indexing did with one corpus file."""

    doc_id: str
    status: str  # "indexed" | "unchanged" | "skipped" | "error"
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

    @property
    def ok(self) -> bool:
        """True when at least one document is searchable."""
        return any(f.status in ("indexed", "unchanged") for f in self.files)


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


@dataclass(frozen=True)
class Verdict:
    """What the case says about one claim, with the evidence and readable reasons."""

    claim: str
    label: str  # "supported" | "contradicted" | "not_found" | "skipped"
    score: float  # confidence in the label, 0..1
    evidence: tuple[Evidence, ...]
    reasons: tuple[str, ...]
    span: Span | None = None  # where the claim sits in the submitted text (essays)
