"""HTML fragments of the page: escaping, highlights, context views and verdict rows."""

from __future__ import annotations

import re

from caseqa.types import Answer, Document, Evidence, Hit, Label, Paragraph, Passage, Section, Verdict, WeakMatch
from caseqa.web import html as ui_html

TEXT = (
    "Title\n\n"                      # 0..7
    "One. Alpha <b>bold</b>.\n\n"    # paragraph 1 of section 1
    "Two paragraphs later.\n\n"
    "Three & more.\n\n"
    "Four is far.\n\n"
    "Five is farther.\n\n"
    "Next\n\n"
    "Other section text.\n"
)


def doc() -> Document:
    def span(s: str) -> tuple[int, int]:
        i = TEXT.index(s)
        return i, i + len(s)

    bodies = ["One. Alpha <b>bold</b>.", "Two paragraphs later.", "Three & more.", "Four is far.", "Five is farther."]
    paragraphs = [Paragraph(n, 1, *span(b)) for n, b in enumerate(bodies, start=1)]
    paragraphs.append(Paragraph(1, 2, *span("Other section text.")))
    sections = (Section(0, None, 0, 7), Section(1, "Intro <i>", 7, TEXT.index("Next")),
                Section(2, "Next", TEXT.index("Next"), len(TEXT)))
    return Document("d.txt", "Title", TEXT, "0" * 64, sections, tuple(paragraphs))


def test_marked_escapes_and_clips_highlights() -> None:
    start = TEXT.index("One.")
    end = TEXT.index("Two") - 2
    html = ui_html.marked(TEXT, start, end, ((TEXT.index("Alpha"), end + 30), (0, 3)))
    assert html == "One. <mark>Alpha &lt;b&gt;bold&lt;/b&gt;.</mark>"


def test_context_stays_in_the_section_and_near_the_passage() -> None:
    d = doc()
    start, end = d.paragraphs[0].start, d.paragraphs[0].end
    (lo, hi), title, before, after = ui_html.context_span(d, start, end)
    assert title == "Intro <i>" and (before, after) == (False, True)
    assert TEXT[lo:hi].startswith("One.") and TEXT[lo:hi].endswith("Three & more.")
    (lo, hi), _, before, after = ui_html.context_span(d, d.paragraphs[4].start, d.paragraphs[4].end)
    assert "Other section" not in TEXT[lo:hi] and (before, after) == (True, False)


def test_render_context_marks_the_passage_and_escapes_the_heading() -> None:
    d = doc()
    p = d.paragraphs[2]
    html = ui_html.render_context(d, p.start, p.end, ((p.start, p.start + 5),))
    assert "<div class='cq-section'>Intro &lt;i&gt;</div>" in html
    assert "<span class='cq-passage'><mark>Three</mark> &amp; more.</span>" in html
    assert html.startswith("<details class='cq-context'><summary>Show in context</summary>")
    assert "…" not in html  # paragraphs 1-5 are all within two of the third
    first = d.paragraphs[0]
    html = ui_html.render_context(d, first.start, first.end, ())
    assert "Three &amp; more." in html and "Four" not in html and html.endswith(" …</div></details>")


def test_no_hits_gives_a_clear_notice() -> None:
    assert "No passage in all cases matches" in ui_html.render_hits({}, Answer([]), "all cases", 0.01)


def test_notice_escapes() -> None:
    assert ui_html.notice("<x> & y", "error") == "<div class='cq-notice cq-error'>&lt;x&gt; &amp; y</div>"


def test_verdict_rows_show_badge_evidence_in_context_and_reasons() -> None:
    d = doc()
    p = d.paragraphs[0]
    ev = Evidence("d.txt", TEXT.index("Alpha"), p.end, "Title — ¶1 <c>", "Alpha <b>bold</b>.", p.start, p.end, 0.9)
    verdicts = [
        Verdict("Alpha is <b>bold</b>.", Label.SUPPORTED, 0.8, (ev,), ("found in the evidence: Alpha",)),
        Verdict("Why?", Label.SKIPPED, 0.0, (), ("a question, not a claim",)),
        Verdict("Beta is 3.", Label.CONTRADICTED, 0.4, (ev,), ("claim says 3; the case says <4>",)),
    ]
    html = ui_html.render_verdicts({"d.txt": d}, verdicts, 1.23)
    assert "3 sentences checked: 1 supported, 1 contradicted, 1 not checked" in html and "1.2 s" in html
    rows = re.findall(r"<tr class='cq-verdict'.*?</tr>", html, re.S)
    assert len(rows) == 3
    assert "<span class='cq-badge cq-supported'>Supported</span>" in rows[0]
    assert "“Alpha &lt;b&gt;bold&lt;/b&gt;.”" in rows[0] and "Title — ¶1 &lt;c&gt;" in rows[0]
    assert "<mark>Alpha &lt;b&gt;bold&lt;/b&gt;.</mark>" in rows[0]  # the evidence, marked in its context
    assert "<li>found in the evidence: Alpha</li>" in rows[0]
    assert "Not checked" in rows[1] and "cq-evidence" not in rows[1] and "confidence" not in rows[1]
    assert "<span class='cq-badge cq-contradicted'>Contradicted</span>" in rows[2] and "&lt;4&gt;" in rows[2]
    assert "<b>" not in html and "<c>" not in html


def test_no_verdicts_gives_a_notice() -> None:
    assert "No sentence to check" in ui_html.render_verdicts({}, [], 0.0)


def test_an_answer_the_case_does_not_give_is_shown_as_closest_text_without_highlights() -> None:
    d = doc()
    p = d.paragraphs[1]
    passage = Passage("d.txt#1", "d.txt", 1, p.start, p.end, TEXT[p.start:p.end], "Title", "Intro <i>", (2, 2),
                      ((p.start, p.end),), 0)
    hit = Hit(passage, 0.5, 1, "Title — ¶2", ((p.start, p.end),))
    notice = WeakMatch("The case does not seem to say: the case never mentions “revenue”.", ("revenue",))
    page = ui_html.render_hits({d.id: d}, Answer(notice.shown([hit]), notice), "all cases", 0.01)
    assert "The case does not seem to say: the case never mentions “revenue”." in page
    assert "Closest text: 1 passage" in page and "<mark" not in page
    answered = ui_html.render_hits({d.id: d}, Answer([hit]), "all cases", 0.01)
    assert "<mark" in answered and "Closest text" not in answered and "cq-notice" not in answered
