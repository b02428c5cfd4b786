"""HTML fragments of the web page, built by hand: every piece of case or user text goes through ``escape``."""

from __future__ import annotations

from html import escape

from caseqa.output.report import summary as verdict_summary
from caseqa.types import Answer, Document, Evidence, Hit, Label, Span, Verdict

CONTEXT_PARAGRAPHS = 2  # paragraphs shown on each side of a passage in "show in context"
# Rows of the Library table shown at once: a school's 1,000 cases are a filter box and pages of
# this many (the page's script, style.SCRIPT, does the filtering and paging in the browser).
LIBRARY_PAGE = 50


def notice(message: str, kind: str = "info") -> str:
    """A short message box; ``kind`` is info, wait, ok or error."""
    return f"<div class='cq-notice cq-{kind}'>{escape(message)}</div>"


def marked(text: str, start: int, end: int, highlights: tuple[Span, ...]) -> str:
    """``text[start:end]``, escaped, with the highlight spans that fall inside it wrapped in ``<mark>``."""
    pieces, pos = [], start
    for lo, hi in sorted(highlights):
        lo, hi = max(lo, pos), min(hi, end)
        if lo >= hi:
            continue
        pieces.append(escape(text[pos:lo]))
        pieces.append(f"<mark>{escape(text[lo:hi])}</mark>")
        pos = hi
    pieces.append(escape(text[pos:end]))
    return "".join(pieces)


def context_span(doc: Document, start: int, end: int, around: int = CONTEXT_PARAGRAPHS
                 ) -> tuple[Span, str | None, bool, bool]:
    """The stretch of a passage's section to show around the passage ``[start, end)``.

    Returns:
        The span (up to ``around`` paragraphs either side, never past the section),
        the section's title, and whether the section goes on before and after the span.
    """
    paras = doc.paragraphs
    inside = [i for i, p in enumerate(paras) if p.start < end and p.end > start]
    if not inside:
        return (start, end), None, False, False
    section = paras[inside[0]].section
    same = [i for i, p in enumerate(paras) if p.section == section]
    lo = max(same[0], inside[0] - around)
    hi = min(same[-1], inside[-1] + around)
    span = (min(paras[lo].start, start), max(paras[hi].end, end))
    return span, doc.sections[section].title, lo > same[0], hi < same[-1]


def render_context(doc: Document, start: int, end: int, highlights: tuple[Span, ...],
                   around: int = CONTEXT_PARAGRAPHS) -> str:
    """A collapsed "Show in context" view: the passage marked inside its surrounding paragraphs."""
    (lo, hi), title, more_before, more_after = context_span(doc, start, end, around)
    text = doc.text
    heading = f"<div class='cq-section'>{escape(title)}</div>" if title else ""
    return (
        f"<details class='cq-context'><summary>Show in context</summary>{heading}"
        f"<div class='cq-text'>{'… ' if more_before else ''}{escape(text[lo:start])}"
        f"<span class='cq-passage'>{marked(text, start, end, highlights)}</span>"
        f"{escape(text[end:hi])}{' …' if more_after else ''}</div></details>"
    )


def render_hit(doc: Document, hit: Hit) -> str:
    """One result card: rank, citation, score, the passage with highlights, and its context."""
    p = hit.passage
    return (
        f"<article class='cq-hit' data-doc='{escape(p.doc_id)}' data-start='{p.start}' data-end='{p.end}'>"
        f"<div class='cq-head'><span class='cq-rank'>{hit.rank}</span>"
        f"<span class='cq-cite'>{escape(hit.citation)}</span>"
        f"<span class='cq-score'>score {hit.score:.2f}</span></div>"
        f"<div class='cq-text'>{marked(doc.text, p.start, p.end, hit.highlights)}</div>"
        f"{render_context(doc, p.start, p.end, hit.highlights)}"
        "</article>"
    )


def render_hits(documents: dict[str, Document], answer: Answer, where: str, seconds: float) -> str:
    """All result cards under a one-line summary; a clear notice when there are none or the case does not say.

    With a notice, the cards follow as the closest text, with no sentence highlighted (the answer's
    hits come without highlights then: marking a sentence would present it as the answer).
    """
    hits = answer.hits
    if not hits:
        return notice(f"No passage in {where} matches this question. Try other words, or search all cases.")
    s = "s" if len(hits) != 1 else ""
    if answer.notice is not None:
        summary = (notice(answer.notice.message, "wait")
                   + f"<p class='cq-summary cq-closest'>Closest text: {len(hits)} passage{s} from {escape(where)}"
                   f" · {seconds * 1000:.0f} ms</p>")
    else:
        summary = (f"<p class='cq-summary'>{len(hits)} passage{s} from {escape(where)}, best first · "
                   f"{seconds * 1000:.0f} ms</p>")
    return summary + "".join(render_hit(documents[h.passage.doc_id], h) for h in hits)


def _evidence(documents: dict[str, Document], evidence: Evidence) -> str:
    doc = documents.get(evidence.doc_id)
    # One paragraph either side: the table cell is narrow.
    context = (render_context(doc, evidence.passage_start, evidence.passage_end, ((evidence.start, evidence.end),), 1)
               if doc is not None else "")
    return (f"<div class='cq-evidence'><div class='cq-quote'>“{escape(evidence.text)}”</div>"
            f"<div class='cq-cite'>{escape(evidence.citation)}</div>{context}</div>")


def render_verdicts(documents: dict[str, Document], verdicts: list[Verdict], seconds: float) -> str:
    """The Check table: one row per sentence with a verdict badge, the best evidence and the reasons."""
    if not verdicts:
        return notice("No sentence to check was found in this text.")
    rows = []
    for n, v in enumerate(verdicts, start=1):
        label = escape(v.label)
        evidence = _evidence(documents, v.evidence[0]) if v.evidence and v.label != Label.SKIPPED else ""
        if evidence and v.label == Label.NOT_FOUND:
            # The nearest text, not evidence for the claim: say so rather than style it as support.
            evidence = "<div class='cq-nearest'>Closest text in the case (does not support the claim):</div>" + evidence
        reasons = "".join(f"<li>{escape(r)}</li>" for r in v.reasons)
        score = (f"<div class='cq-score' title='How clearly the evidence decides this verdict, from 0 to 1'>"
                 f"confidence {v.score:.2f}</div>") if v.label != Label.SKIPPED else ""
        rows.append(
            f"<tr class='cq-verdict' data-label='{label}'><td>{n}</td><td>{escape(v.claim)}</td>"
            f"<td><span class='cq-badge cq-{label}'>{escape(v.label.text)}</span>{score}</td>"
            f"<td>{evidence}</td><td><ul class='cq-reasons'>{reasons}</ul></td></tr>"
        )
    s = "s" if len(verdicts) != 1 else ""
    return (
        f"<p class='cq-summary'>{len(verdicts)} sentence{s} checked: {escape(verdict_summary(verdicts))}"
        f" · {seconds:.1f} s. Confidence (0–1) says how clearly the evidence decides each verdict.</p>"
        f"<table class='cq-verdicts'><thead><tr><th>#</th><th>Sentence</th>"
        f"<th>Verdict</th><th>Evidence</th><th>Why</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def render_library(headers: list[str], rows: list[list[object]]) -> str:
    """The Library table: one row per case file; on a phone, one card per file (see style.py).

    Each cell carries its column's name (``data-label``) for the card layout; every value is
    escaped, file names included.
    """
    if not rows:
        return notice("No case files in the index yet.")
    head = "".join(f"<th scope='col'>{escape(h)}</th>" for h in headers)
    body = "".join(
        f"<tr data-doc='{escape(str(row[0]))}'{' hidden' if i >= LIBRARY_PAGE else ''}>"
        + "".join(f"<td data-label='{escape(h)}'>{escape(str(v))}</td>" for h, v in zip(headers, row))
        + "</tr>"
        for i, row in enumerate(rows)
    )
    table = f"<table class='cq-library'><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    if len(rows) <= LIBRARY_PAGE:
        return table
    # A long library: a filter box and pages; the first page is shown until the script takes over.
    count = f"1–{LIBRARY_PAGE} of {len(rows):,} cases"
    return (f"<div class='cq-library-pages' data-page-size='{LIBRARY_PAGE}' data-page='0'>"
            "<div class='cq-library-tools'><input type='search' class='cq-library-filter' "
            "placeholder='Filter by file, title or status' aria-label='Filter the cases'>"
            f"<span class='cq-library-count' aria-live='polite'>{count}</span>"
            "<button type='button' class='cq-page' data-step='-1' disabled>Previous</button>"
            "<button type='button' class='cq-page' data-step='1'>Next</button></div>"
            f"{table}</div>")


def role_note(mode: str, may_change: bool, instructor_path: str | None = None) -> str:
    """The Library's line about who may change it: nothing in local mode, else read-only (with
    where the instructor logs in, for a replica behind ``deploy/serve``), or the instructor's login
    or logout (links relative to the page, so a proxy's sub-path keeps working)."""
    if mode == "local":
        return ""
    if mode == "read-only":
        if instructor_path:
            return ("<div class='cq-notice'>Adding, removing and putting back cases is for the instructor: "
                    f"<a href='{escape(instructor_path, quote=True)}'>Instructor login</a>.</div>")
        return notice("This server is read-only: the library cannot be changed here.")
    if may_change:
        return ("<div class='cq-notice cq-ok'>You are logged in as the instructor. "
                "<form method='post' action='instructor/logout' class='cq-inline'>"
                "<button type='submit' class='cq-link'>Log out</button></form></div>")
    return ("<div class='cq-notice'>Adding, removing and putting back cases is for the instructor. "
            "<a href='instructor'>Instructor login</a></div>")
