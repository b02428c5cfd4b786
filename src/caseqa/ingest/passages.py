"""Document -> sentence-aligned passages that stay inside a section, with spans and citations."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from caseqa.config import PassageSettings
from caseqa.language import sentences as sent
from caseqa.types import Document, ParagraphKind, Passage, Span

TokenCounter = Callable[[Sequence[str]], list[int]]
_SPECIAL_TOKENS = 2  # [CLS] and [SEP]
_TOKEN_MARGIN = 8  # joining sentences can tokenise a little differently from the parts


@dataclass(frozen=True)
class Chunked:
    """A document cut into passages, plus its sentence table (for highlight vectors)."""

    passages: tuple[Passage, ...]
    sentences: tuple[Span, ...]


def context_prefix(title: str, section: str | None) -> str:
    """What is prepended to a passage for embedding and BM25 (never shown or cited)."""
    return f"{title}. {section}." if section else f"{title}."


def embedding_text(passage: Passage, doc: Document) -> str:
    """The text that is embedded and indexed for a passage: its context then its words.

    A table row is given as its facts ("Consolidated Statements of Cash Flows — Purchases of
    property and equipment — 2021: (79,176); 2020: (93,639) — in thousands"), so that a year and
    its figure sit side by side; what is shown and cited stays the row as printed.
    """
    body = sent.normalise(_with_facts(doc, passage.start, passage.end))
    return f"{context_prefix(passage.title, passage.section)}\n{body}"


def sentence_text(doc: Document, span: Span) -> str:
    """The text embedded for one sentence of the sentence table (a table row: its facts)."""
    return sent.normalise(_with_facts(doc, *span))


def _with_facts(doc: Document, start: int, end: int) -> str:
    """``doc.text[start:end]`` with each whole table row in it written as its facts."""
    rows = doc.rows_in(start, end)
    if not rows:
        return doc.text[start:end]
    parts, pos = [], start
    for row in rows:
        parts += [doc.text[pos:row.start], row.fact_text()]
        pos = row.end
    parts.append(doc.text[pos:end])
    return "".join(parts)


def citation(passage: Passage) -> str:
    """A reference a person can check, e.g. ``Title — p. 52 (PDF p. 54), "Section", ¶7, chars 10234–10811``."""
    return _cite(passage, passage.paragraphs, passage.pages, (passage.start, passage.end), passage.page_labels)


def span_citation(document: Document, passage: Passage, span: Span) -> str:
    """The citation of a stretch inside a passage (quoted evidence): its own paragraphs, pages and chars."""
    start, end = span
    inside = [p for p in document.paragraphs if p.start < end and start < p.end]
    if not inside:
        return _cite(passage, passage.paragraphs, passage.pages, span, passage.page_labels)
    pages = [p.page for p in inside if p.page is not None]
    first_last = (min(pages), max(pages)) if pages else None
    paragraphs = (inside[0].ordinal, inside[-1].ordinal)
    return _cite(passage, paragraphs, first_last, span, printed_pages(document, first_last))


def printed_pages(doc: Document, pages: Span | None) -> tuple[str, str] | None:
    """The numbers printed on the first and last of ``pages``, when both are known."""
    if pages is None:
        return None
    first, last = doc.printed_page(pages[0]), doc.printed_page(pages[1])
    return (first, last) if first and last else None


def page_reference(pages: Span, printed: tuple[str, str] | None = None) -> str:
    """"p. 4", "pp. 4–5", or with the printed numbers when they differ: "p. 52 (PDF p. 54)"."""
    p0, p1 = pages
    pdf = f"p. {p0}" if p0 == p1 else f"pp. {p0}–{p1}"
    if not printed or printed == (str(p0), str(p1)):
        return pdf
    shown = f"p. {printed[0]}" if p0 == p1 or printed[0] == printed[1] else f"pp. {printed[0]}–{printed[1]}"
    return f"{shown} (PDF {pdf})"


def _cite(passage: Passage, paragraphs: Span, pages: Span | None, span: Span,
          printed: tuple[str, str] | None) -> str:
    first, last = paragraphs
    para = f"¶{first}" if first == last else f"¶{first}–{last}"
    where = f'"{passage.section}", {para}' if passage.section else para
    if pages:
        where = page_reference(pages, printed) + ", " + where
    return f"{passage.title} — {where}, chars {span[0]}–{span[1]}"


_CLAUSE_CUT = re.compile(r"[;:]\s+|,\s+(?=(?:and|while|whereas|which|the|as well as)\b)")


def split_clauses(text: str, span: Span, max_words: int) -> list[Span]:
    """Cut a sentence longer than ``max_words`` at clause boundaries (";", ":", ", and", ", the").

    Long sentences (lists of events, legal enumerations) dilute a sentence embedding and make a
    highlight too coarse; their clauses are scored and highlighted on their own. Pieces shorter
    than a third of ``max_words`` stay joined to their neighbour.
    """
    start, end = span
    if len(text[start:end].split()) <= max_words:
        return [span]
    cuts = [m.end() for m in _CLAUSE_CUT.finditer(text, start, end)]
    pieces: list[Span] = []
    piece_start = start
    minimum = max_words // 3
    for cut in cuts:
        if len(text[piece_start:cut].split()) >= minimum and len(text[cut:end].split()) >= minimum:
            pieces.append((piece_start, len(text[:cut].rstrip())))
            piece_start = cut
    pieces.append((piece_start, end))
    return pieces


def _split_long(text: str, span: Span, tokens: int, budget: int) -> list[Span]:
    """Cut a sentence the model would truncate into word-aligned pieces that fit."""
    start, end = span
    pieces = max(2, -(-tokens // budget) + 1)
    target = (end - start) / pieces
    out: list[Span] = []
    pos = start
    while end - pos > target * 1.2:
        cut = text.rfind(" ", pos + 1, int(pos + target))
        cut = cut if cut > pos else text.find(" ", int(pos + target))
        if cut == -1 or cut >= end:
            break
        out.append((pos, cut))
        pos = cut + 1
        while pos < end and text[pos].isspace():
            pos += 1
    out.append((pos, end))
    return out


@dataclass(frozen=True)
class _Unit:
    """A sentence (or a piece of one the model would truncate) as passages are built from it."""

    span: Span
    paragraph: int  # index into the document's paragraphs
    words: int
    tokens: int  # without the model's special tokens


def chunk(doc: Document, settings: PassageSettings, count_tokens: TokenCounter, max_tokens: int) -> Chunked:
    """Cut a document into passages.

    A passage is a run of whole sentences from one section, never across a heading, a title or
    an image line. It grows until it reaches ``target_words`` at a paragraph end, or until the
    next sentence would take it past ``max_words`` or past the model's token limit. Where a
    passage had to end inside a paragraph, the next one repeats up to ``overlap_words`` of its
    last sentences, so that an answer split by the cut is whole in one of the two.

    Args:
        doc: The parsed document.
        settings: Passage sizes.
        count_tokens: The model tokenizer's counter.
        max_tokens: The model's maximum sequence length.

    Returns:
        Passages in document order and the document's sentence spans.
    """
    budget = max_tokens - _TOKEN_MARGIN
    passages: list[Passage] = []
    table: list[Span] = []
    for run in _runs(doc, settings.max_sentence_words):
        section = doc.sections[doc.paragraphs[run[0][1]].section].title
        room = budget - count_tokens([context_prefix(doc.title, section)])[0]
        units = _units(doc, run, count_tokens, room)
        base = len(table)
        table.extend(u.span for u in units)
        for i, j in _windows(units, settings, room - _SPECIAL_TOKENS):
            passages.append(_passage(doc, section, units[i:j], base + i, len(passages)))
    return Chunked(tuple(passages), tuple(table))


def _runs(doc: Document, max_sentence_words: int) -> list[list[tuple[Span, int]]]:
    """Sentences (with their paragraph's index) grouped into runs of adjacent paragraphs of one section."""
    tokenizer = sent.tokenizer_for(doc.text)
    runs: list[list[tuple[Span, int]]] = []
    prev_end, prev_section = -1, -1
    for p_idx, para in enumerate(doc.paragraphs):
        if para.kind == ParagraphKind.TABLE:
            spans = _lines(doc.text, para.start, para.end)  # a table's sentences are its rows
        else:
            spans = [piece for span in sent.split(doc.text, para.start, para.end, tokenizer)
                     for piece in split_clauses(doc.text, span, max_sentence_words)]
        if not spans:
            continue
        gap = doc.text[prev_end:para.start] if prev_end >= 0 else "x"
        if para.section != prev_section or gap.strip():
            runs.append([])
        runs[-1].extend((s, p_idx) for s in spans)
        prev_end, prev_section = para.end, para.section
    return runs


def _lines(text: str, start: int, end: int) -> list[Span]:
    """The non-blank lines of ``text[start:end]``, trimmed."""
    spans, pos = [], start
    for line in text[start:end].split("\n"):
        stripped = line.strip()
        if stripped:
            lead = pos + len(line) - len(line.lstrip())
            spans.append((lead, lead + len(stripped)))
        pos += len(line) + 1
    return spans


def _units(doc: Document, run: list[tuple[Span, int]], count_tokens: TokenCounter, room: int) -> list[_Unit]:
    """A run's sentences as units, each cut into pieces that fit ``room`` tokens when it does not.

    A table row is counted as the facts it is embedded as, so that a passage of rows fits the model.
    """
    text = doc.text
    units: list[_Unit] = []
    counts = count_tokens([_with_facts(doc, s, e) for (s, e), _ in run])
    for (span, p_idx), n_tok in zip(run, counts):
        pieces = [span] if n_tok <= room else _split_long(text, span, n_tok, room)
        piece_tokens = count_tokens([text[s:e] for s, e in pieces]) if len(pieces) > 1 else [n_tok]
        for piece, t in zip(pieces, piece_tokens):
            units.append(_Unit(piece, p_idx, len(text[piece[0]:piece[1]].split()), t - _SPECIAL_TOKENS))
    return units


def _windows(units: list[_Unit], settings: PassageSettings, room: int) -> list[Span]:
    """Greedy sentence windows [i, j) over one run (see :func:`chunk`)."""
    n = len(units)
    out: list[Span] = []
    i = 0
    while i < n:
        j, words, tokens, paragraphs = i, 0, 0, 0
        while j < n:
            unit = units[j]
            if j > i and (words + unit.words > settings.max_words or tokens + unit.tokens > room):
                break
            words, tokens, j = words + unit.words, tokens + unit.tokens, j + 1
            if j == n or units[j].paragraph != unit.paragraph:  # a paragraph ends here
                paragraphs += 1
                if words >= settings.target_words or (
                    paragraphs >= settings.max_paragraphs and words >= settings.min_words
                ):
                    break
        if out and j == n and words < settings.min_words:
            # A short tail joins the previous window when it fits.
            pi, _ = out[-1]
            joined = units[pi:j]
            if sum(u.words for u in joined) <= settings.max_words and sum(u.tokens for u in joined) <= room:
                out[-1] = (pi, j)
                break
        out.append((i, j))
        if j >= n:
            break
        next_i = j
        if units[j].paragraph == units[j - 1].paragraph:  # cut inside a paragraph: overlap
            overlap = 0
            while next_i - 1 > i and overlap + units[next_i - 1].words <= settings.overlap_words:
                next_i -= 1
                overlap += units[next_i].words
        i = next_i
    return out


def page_span(doc: Document, start: int, end: int) -> Span | None:
    """First and last page (1-based) that the text ``doc.text[start:end]`` sits on.

    Uses the document's page spans, so a passage that runs on from one page to the next is
    cited "pp. 4–5"; None for formats without pages.
    """
    if not doc.pages:
        return None
    starts = [s for s, _ in doc.pages]
    first = max(1, bisect.bisect_right(starts, start))
    last = max(first, bisect.bisect_right(starts, max(start, end - 1)))
    return first, last


def _passage(doc: Document, section: str | None, units: list[_Unit], first_sentence: int, ordinal: int) -> Passage:
    start, end = units[0].span[0], units[-1].span[1]
    first_para, last_para = doc.paragraphs[units[0].paragraph], doc.paragraphs[units[-1].paragraph]
    pages = page_span(doc, start, end)
    return Passage(
        id=f"{doc.id}#{ordinal}",
        doc_id=doc.id,
        ordinal=ordinal,
        start=start,
        end=end,
        text=doc.text[start:end],
        title=doc.title,
        section=section,
        paragraphs=(first_para.ordinal, last_para.ordinal),
        sentences=tuple(u.span for u in units),
        first_sentence=first_sentence,
        pages=pages,
        page_labels=printed_pages(doc, pages),
    )
