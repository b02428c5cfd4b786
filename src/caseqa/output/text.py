"""Plain-text and JSON renderings of hits, shared by the CLI and reports."""

from __future__ import annotations

import textwrap

from caseqa.language.sentences import normalise
from caseqa.types import Answer, Document, Hit, Label, Verdict

_BOLD, _RESET = "\033[1;33m", "\033[0m"


def marked_text(document: Document, hit: Hit, color: bool, width: int = 100) -> str:
    """The passage, wrapped, with highlighted sentences in bold (TTY) or between » and «."""
    p = hit.passage
    text = document.text
    opened, closed = (_BOLD, _RESET) if color else ("»", "«")
    pieces, pos = [], p.start
    for start, end in sorted(hit.highlights):
        pieces.append(text[pos:start])
        pieces.append(opened + text[start:end] + closed)
        pos = end
    pieces.append(text[pos:p.end])
    body = normalise("".join(pieces))
    return textwrap.fill(body, width=width, initial_indent="    ", subsequent_indent="    ",
                         break_on_hyphens=False)


def hits_text(question: str, answer: Answer, color: bool) -> str:
    """A readable answer: one block per hit with rank, citation, score and marked passage.

    When the case does not seem to say, the notice comes first and the passages follow as the
    closest text, without highlights.
    """
    if not answer.hits:
        return f"Q: {question}\n\nNo passage in the index matches this question."
    lines = [f"Q: {question}", ""]
    if answer.notice is not None:
        lines += [f"Note: {answer.notice.message}", "", "Closest text:", ""]
    for hit in answer.hits:
        lines.append(f"[{hit.rank}] {hit.citation}   (score {hit.score:.3f})")
        lines.append(marked_text(answer.documents[hit.passage.doc_id], hit, color))
        lines.append("")
    return "\n".join(lines).rstrip()


def verdict_text(verdict: Verdict, ident: object = None) -> str:
    """A readable verdict: label and main reason, the claim, the evidence with its citation."""
    head = verdict.label.replace("_", " ").upper()
    if verdict.reasons and verdict.label in (Label.CONTRADICTED, Label.SKIPPED):
        head += f" — {verdict.reasons[0]}"
    lines = [f"{f'[{ident}] ' if ident is not None else ''}{head}   (score {verdict.score:.2f})",
             f"  Claim:    {verdict.claim}"]
    if verdict.evidence and verdict.label != Label.SKIPPED:
        best = verdict.evidence[0]
        quote = textwrap.fill(normalise(best.text), width=96, initial_indent="  Evidence: “",
                              subsequent_indent="            ") + "”"
        lines += [quote, f"            {best.citation}"]
    for reason in verdict.reasons:
        lines.append(f"  - {reason}")
    return "\n".join(lines) + "\n"
