"""PDF, DOCX and HTML case files: structure, pages in citations, and offsets into the text shown."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest

from caseqa.app.engine import Engine
from caseqa.config import Limits, PassageSettings, Settings
from caseqa.errors import CorpusError, EmptyDocumentError
from caseqa.ingest.corpus import parse
from caseqa.ingest.formats import docx as docx_format
from caseqa.ingest.formats import html as html_format
from caseqa.ingest.formats import pdf as pdf_format
from caseqa.ingest.passages import chunk, citation
from caseqa.types import Document, Passage
from conftest import DATA
from fakes import HashingEncoder
from pdfmaker import Text, flow, pdf_bytes


def fixture(name: str) -> Document:
    return parse(name, (DATA / name).read_bytes())


def passages(doc: Document) -> tuple[Passage, ...]:
    encoder = HashingEncoder()
    return chunk(doc, PassageSettings(), encoder.count_tokens, encoder.max_tokens).passages


def check_offsets(doc: Document) -> None:
    """Every span indexes into doc.text: paragraphs and passages are exact, trimmed slices."""
    assert doc.paragraphs
    for para in doc.paragraphs:
        piece = doc.text[para.start:para.end]
        assert piece and piece == piece.strip()
    for section in doc.sections:
        assert 0 <= section.start <= section.end <= len(doc.text)
    for passage in passages(doc):
        assert doc.text[passage.start:passage.end] == passage.text
        for s, e in passage.sentences:
            assert passage.start <= s < e <= passage.end


def passage_with(doc: Document, words: str) -> Passage:
    return next(p for p in passages(doc) if words in p.text)


# --- PDF ---------------------------------------------------------------------------------------

def test_pdf_sections_title_and_offsets() -> None:
    doc = fixture("case.pdf")
    assert doc.title == "Acme Tea in Kenya"
    assert [s.title for s in doc.sections] == [None, "Background", "The Decision"]
    assert len(doc.pages) == 3
    check_offsets(doc)


def test_pdf_citations_carry_page_numbers() -> None:
    doc = fixture("case.pdf")
    assert all(p.pages is not None for p in passages(doc))
    decision = passage_with(doc, "second factory")
    assert decision.pages is not None and decision.pages[0] == 2
    assert re.match(r'Acme Tea in Kenya — pp?\. 2(–3)?, "The Decision", ¶1', citation(decision))
    # The paragraph that runs from page 1 on to page 2 is cited with both pages.
    running = passage_with(doc, "Mombasa auction")
    assert running.pages == (1, 2) and "pp. 1–2" in citation(running)
    assert [p.page for p in doc.paragraphs] == [1, 1, 2, 2, 3, 3]


def test_pdf_headers_footers_and_hyphenation_are_cleaned() -> None:
    doc = fixture("case.pdf")
    assert "Case 9-123-456" not in doc.text  # the running header
    assert not [line for line in doc.text.split("\n") if line.strip().isdigit()]  # page numbers
    assert "careful management of the drying process" in doc.text  # "manage-" + "ment"
    assert "price swings of the Mombasa auction" in doc.text  # one paragraph across the page break


def test_pdf_running_headers_that_change_with_the_chapter_are_dropped() -> None:
    pages = []
    towns = ["Kericho", "Nandi", "Limuru", "Nyeri", "Embu", "Meru"]
    for n, town in enumerate(towns):
        chapter = "Chapter 1: Origins" if n < 3 else "Chapter 2: Growth"
        body = flow([f"This page tells how Acme grew its tea business in {town} over the years,",
                     f"with new farms, new buyers and a new factory near the town of {town}.",
                     f"The sisters kept control of the {town} firm and reinvested its profit.",
                     f"Exports from {town} rose every year."], top=700)
        # The printed page number is the page's index plus 4 (front matter is not numbered).
        header = f"{chapter} {n + 5}" if n % 2 else f"{n + 5} Acme Tea in Kenya"
        pages.append([Text(72, 760, header, 9), *body])
    doc = pdf_format.read(pdf_bytes(pages), "chapters.pdf")
    assert "Chapter" not in doc.text and "Acme Tea in Kenya" not in doc.text
    assert all(f"Exports from {town} rose every year." in doc.text for town in towns)


def test_pdf_columns_are_read_in_order_as_separate_paragraphs() -> None:
    doc = fixture("case.pdf")
    left = doc.text.index("The left column explains the market. Kenya is the largest exporter")
    right = doc.text.index("The right column explains the costs.")
    assert left < right
    paragraph = next(p for p in doc.paragraphs if p.start <= left < p.end)
    assert "right column" not in doc.text[paragraph.start:paragraph.end]
    assert paragraph.page == 3


def test_pdf_list_stays_with_its_introduction() -> None:
    doc = fixture("case.pdf")
    intro = next(p for p in doc.paragraphs if "three options:" in doc.text[p.start:p.end])
    assert intro.kind == "list"
    assert doc.text[intro.start:intro.end].endswith("• stay in Kenya and invest in an own brand")


def test_pdf_text_in_a_narrower_smaller_column_keeps_its_paragraphs() -> None:
    body = flow(["Revenue grew from 3.4 million euros in 2019 to 8.9 million euros in 2022, and the cafés",
                 "remained the largest channel while the subscription business grew fastest of all.",
                 "Margins fell from 14.2 percent in 2021 to 11.5 percent in 2022 as energy prices rose",
                 "and green coffee cost more, which the board had not expected when it set the budget."],
                top=760, size=10.5)
    column = flow(["All roasting took place in a 900 square-", "metre facility in Kreuzberg equipped with a",
                   "Probat P25 drum roaster and a smaller", "Giesen W15 used for sample roasts. The",
                   "roastery produced 410 tonnes of roasted", "coffee in 2022 against a practical capacity",
                   "of 436 tonnes a year on two shifts."], top=690, leading=13, size=10)
    column += flow(["Head roaster Mehmet Yilmaz oversaw a", "team of eleven roasters, packers and",
                    "quality-control technicians. Every batch", "was cupped within a day of roasting."],
                   top=690 - 7 * 13 - 6, leading=13, size=10)
    doc = pdf_format.read(pdf_bytes([body + column]), "columns.pdf")
    texts = [doc.text[p.start:p.end] for p in doc.paragraphs]
    assert texts[1].startswith("All roasting") and texts[1].endswith("a year on two shifts.")
    assert texts[2].startswith("Head roaster") and len(texts) == 3


def test_pdf_real_compound_keeps_its_hyphen() -> None:
    page = flow(["A well-known brand is worth more than a brand nobody knows, and well-",
                 "known brands last longer. Our manage-", "ment agrees."])
    doc = pdf_format.read(pdf_bytes([page]), "h.pdf")
    assert "and well-known brands last longer. Our management agrees." in doc.text


def test_pdf_title_from_metadata_else_first_heading() -> None:
    body = [Text(72, 720, "Growing Tea", 18, bold=True), *flow(["Acme grows tea in Kenya and sells it abroad."],
                                                                  top=690)]
    assert pdf_format.read(pdf_bytes([body], title="Acme: A Case"), "t.pdf").title == "Acme: A Case"
    assert pdf_format.read(pdf_bytes([body], title="Microsoft Word - acme_v3.docx"), "t.pdf").title == "Growing Tea"
    untitled = pdf_format.read(pdf_bytes([flow(["Acme grows tea in Kenya and sells it abroad."])]), "acme-tea.pdf")
    assert untitled.title == "Acme tea"


def test_pdf_heading_set_on_several_lines_is_one_heading() -> None:
    page = [Text(72, 760, "Greenfield Dairy Cooperative:", 18, bold=True),
            Text(72, 737, "Responding to the Oat Milk", 18, bold=True), Text(72, 714, "Threat", 18, bold=True),
            *flow(["Greenfield Dairy Cooperative was formed in 1962 by 38 farming families and by",
                   "2022 had 212 member farms in the Allgäu region of southern Germany."], top=690),
            Text(72, 650, "Why the Members Rejected Debt Financing in 2020 and", 14, bold=True),
            Text(72, 632, "What It Means for the Oat Line Today", 14, bold=True),
            *flow(["The members rejected a proposal to take on debt in 2020, so any new product line had",
                   "to be financed from retained earnings of about six million euros a year."], top=612)]
    doc = pdf_format.read(pdf_bytes([page]), "longhead.pdf")
    assert doc.title == "Greenfield Dairy Cooperative: Responding to the Oat Milk Threat"
    assert [s.title for s in doc.sections] == [
        None, "Why the Members Rejected Debt Financing in 2020 and What It Means for the Oat Line Today"]
    check_offsets(doc)


def test_pdf_compound_hyphenated_at_a_line_end_keeps_its_hyphens() -> None:
    page = flow(["The co-packer in Augsburg had a state-of-the-",
                 "art roaster and a long-term contract with the hotels, and our manage-", "ment agrees."])
    doc = pdf_format.read(pdf_bytes([page]), "h.pdf")
    assert "a state-of-the-art roaster" in doc.text and "our management agrees." in doc.text


def test_pdf_line_end_hyphen_is_kept_or_dropped_by_the_documents_own_words() -> None:
    page = flow(["The board wanted a cost-", "effective plan, a brand that was well-", "known and a long-",
                 "established supplier. Our manage-", "ment agreed on the hand-", "book, and the sub-",
                 "sidiary how-", "ever objected.", None,
                 "Cost matters; the plan was effective. The brand is known and well liked. For a long time the",
                 "supplier was established in Kenya. The handbook helps the management team."])
    doc = pdf_format.read(pdf_bytes([page]), "h.pdf")
    # Compounds: both halves are words elsewhere and the closed form never occurs.
    assert "a cost-effective plan, a brand that was well-known and a long-established supplier." in doc.text
    # Words: the closed form occurs elsewhere ("handbook"), or a half is no word ("ment", "sidiary").
    assert "Our management agreed on the handbook, and the subsidiary however objected." in doc.text
    # The halves at the break are no evidence of their own: with nothing else to go on, the hyphen is
    # taken for a hyphenation break, as before.
    alone = pdf_format.read(pdf_bytes([flow(["The board wanted a cost-", "effective plan."])]), "a.pdf")
    assert "a costeffective plan." in alone.text


def test_pdf_runs_on_one_baseline_are_one_line() -> None:
    """Bullets, note numbers and table cells drawn as runs of their own, as reportlab writes them."""
    page = [Text(72, 760, "Nordlicht Coffee Roasters", 18, bold=True), Text(72, 730, "Introduction", 13, bold=True),
            Text(72, 710, "On a grey morning in March 2023, Lena Hartmann,", 10.5),
            Text(330, 714, "1", 6.5), Text(335, 710, " founder of Nordlicht Coffee Roasters, stood on the", 10.5),
            *flow(["mezzanine of the roastery, where the business had grown from one cart to many cafés.",
                   None, "She had narrowed the options to three:"], top=696, size=10.5),
            Text(72, 640, "•", 10.5), Text(84, 640, "Build a second roastery in Munich for €310,000 a year.", 10.5),
            Text(72, 626, "•", 10.5), Text(84, 626, "Use a co-packer in Augsburg at €1.85 per kilogram.", 10.5),
            Text(72, 596, "Exhibit 2", 10, bold=True), Text(122, 596, "Cafés by City", 10, bold=True)]
    rows = [("City", "Cafés", "Opened"), ("Berlin", "9", "2015"), ("Hamburg", "3", "–"), ("Total", "12", "")]
    for n, row in enumerate(rows):
        page += [Text(72 + 120 * i, 576 - 16 * n, cell, 9, bold=n in (0, 3)) for i, cell in enumerate(row) if cell]
    page += [Text(72, 74, "1", 6.5), Text(76, 71, " Nordlicht is a disguised name.", 8)]
    doc = pdf_format.read(pdf_bytes([page], line_ends=True), "runs.pdf")
    # The exhibit's label, drawn as two runs, is one heading, not a one-row table.
    assert [s.title for s in doc.sections] == [None, "Introduction", "Exhibit 2 Cafés by City"]
    texts = {doc.text[p.start:p.end]: p.kind for p in doc.paragraphs}
    assert any(t.startswith("On a grey morning in March 2023, Lena Hartmann,1 founder of Nordlicht") for t in texts)
    assert texts["She had narrowed the options to three:\n\n• Build a second roastery in Munich for €310,000 a "
                 "year.\n• Use a co-packer in Augsburg at €1.85 per kilogram."] == "list"
    assert texts["City | Cafés | Opened\nBerlin | 9 | 2015\nHamburg | 3 | –\nTotal | 12"] == "table"
    assert texts["1 Nordlicht is a disguised name."] == "text"
    check_offsets(doc)


def test_pdf_footnote_does_not_split_a_paragraph_running_on_to_the_next_page() -> None:
    page1 = [Text(72, 760, "Lindenhof Hotels", 18, bold=True),
             *flow(["Nordlicht sold through three channels.1 Its cafés earned the highest gross margins but",
                    "needed heavy investment in leases, fit-outs and staff, while the wholesale business",
                    "supplied restaurants and hotels under two-year contracts.", None,
                    "The chief executive believed that the hotels could save 12 percent on coffee, and she",
                    "asked the purchasing team to run a blind tasting before choosing the"], top=730),
             Text(72, 74, "1", 6.5), Text(76, 71, " Channel definitions follow the management accounts.", 8),
             Text(300, 40, "1", 9)]
    page2 = [*flow(["supplier for all 27 hotels. The tasting panel preferred the incumbent roaster by a wide",
                    "margin, and the group renewed its contract for three more years."], top=760),
             Text(300, 40, "2", 9)]
    doc = pdf_format.read(pdf_bytes([page1, page2], line_ends=True), "footbreak.pdf")
    texts = [(doc.text[p.start:p.end], p.page) for p in doc.paragraphs]
    assert ("1 Channel definitions follow the management accounts.", 1) in texts
    running = passage_with(doc, "blind tasting before choosing the supplier for all 27 hotels.")
    assert running.pages == (1, 2)
    assert [s.title for s in doc.sections] == [None]
    assert not [line for line in doc.text.split("\n") if line.strip().isdigit()]  # page numbers
    check_offsets(doc)


@pytest.mark.parametrize("footer", ["1", "Page 1 of 1", "- 1 -"])
def test_pdf_one_page_document_drops_its_page_number(footer: str) -> None:
    page = [Text(72, 760, "Hyphen Test Case", 16, bold=True),
            *flow(["Chief financial officer Sabine Krüger called the co-packer the most cost-effective",
                   "option for the roastery."], top=730), Text(300, 45, footer, 9)]
    doc = pdf_format.read(pdf_bytes([page], line_ends=True), "one.pdf")
    assert footer not in doc.text and doc.text.endswith("option for the roastery.")
    # A number that is not the page's own is text: there are no repeats to tell a footer by.
    other = pdf_format.read(pdf_bytes([[*page[:-1], Text(72, 700, "2022", 11)]]), "two.pdf")
    assert other.text.endswith("2022") and [s.title for s in other.sections] == [None]


def test_scanned_pdf_says_ocr_it_first() -> None:
    with pytest.raises(EmptyDocumentError, match=r"scanned\.pdf: no extractable text in its 2 page\(s\).*OCR it first"):
        fixture("scanned.pdf")


def test_partly_scanned_pdf_is_indexed_with_a_warning() -> None:
    doc = fixture("partly-scanned.pdf")
    assert "Acme sells tea" in doc.text
    assert doc.warnings == ("partly-scanned.pdf: page(s) 2 have no extractable text (scanned?); "
                            "OCR the file to make them searchable",)


def test_encrypted_pdf_is_a_clear_error() -> None:
    with pytest.raises(CorpusError, match=r"encrypted\.pdf: the PDF is encrypted \(password-protected\).*qpdf"):
        fixture("encrypted.pdf")


def test_pdf_encrypted_with_an_empty_user_password_opens() -> None:
    # As Lyft's 2021 10-K: RC4, no password to open, only the owner's rights restricted.
    doc = fixture("encrypted-open.pdf")
    assert doc.text == "Secret tea figures for Acme in Kenya: revenue rose to 4.1 million dollars."


def test_pdf_text_that_does_not_align_with_its_characters_is_read_one_character_at_a_time(
        monkeypatch: pytest.MonkeyPatch) -> None:
    data = (DATA / "case.pdf").read_bytes()
    expected = pdf_format.read(data, "case.pdf")
    # As when a character outside the BMP takes two UTF-16 units in the page's text.
    monkeypatch.setattr(pdf_format._PageReader, "page_text", lambda self, textpage, n: "")
    assert pdf_format.read(data, "case.pdf") == expected


def test_pdf_page_limit() -> None:
    data = pdf_bytes([flow([f"Page {n} text about tea."]) for n in range(5)])
    with pytest.raises(CorpusError, match=r"p\.pdf: 5 pages, over the 3-page limit; split the PDF"):
        pdf_format.read(data, "p.pdf", Limits(max_pages=3))


def test_pdf_text_and_work_limits() -> None:
    data = (DATA / "case.pdf").read_bytes()
    with pytest.raises(CorpusError, match=r"l\.pdf: more than 500 characters of text.*split the case"):
        pdf_format.read(data, "l.pdf", Limits(max_text_chars=500))
    # Work, not seconds: the same file stops at the same page however busy the machine is.
    with pytest.raises(CorpusError, match=r"o\.pdf: over 20 drawing objects by page 2 of 3; the PDF is unusually "
                                          r"complex.*convert it to text"):
        pdf_format.read(data, "o.pdf", Limits(max_pdf_objects=20))


def test_pdf_reader_messages_do_not_reach_the_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    data = (DATA / "case.pdf").read_bytes()
    # A wrong cross-reference pointer: the reader recovers without a word.
    damaged = re.sub(rb"startxref\n(\d+)", lambda m: b"startxref\n%d" % (int(m.group(1)) - 7), data)
    doc = pdf_format.read(damaged, "d.pdf")
    assert "Acme" in doc.text
    captured = capsys.readouterr()
    assert captured.err == "" and captured.out == ""


# --- DOCX --------------------------------------------------------------------------------------

def test_docx_headings_lists_and_tables() -> None:
    doc = fixture("case.docx")
    assert doc.title == "Acme Tea in Kenya"
    assert [s.title for s in doc.sections] == [None, "Background", "Financials"]
    kinds = [p.kind for p in doc.paragraphs]
    assert kinds == ["text", "list", "table", "text"]
    table = doc.paragraphs[2]
    assert doc.text[table.start:table.end].split("\n") == [
        "Year | Revenue | Staff", "2009 | $4.1 million | 280", "2010 | $5.3 million | 300"]
    options = doc.paragraphs[1]
    assert doc.text[options.start:options.end].endswith("• build a factory in Tanzania\n"
                                                         "• lease capacity in Uganda\n• invest in an own brand")
    check_offsets(doc)


def _docx(paragraphs: list[tuple[str, str]], title: str = "") -> bytes:
    import docx

    document = docx.Document()
    document.core_properties.title = title
    for style, text in paragraphs:
        document.add_paragraph(text, style=style)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_docx_title_from_title_style_or_first_heading() -> None:
    body = ("Normal", "Acme grows tea in Kenya and sells it to buyers in Europe every year.")
    styled = docx_format.read(_docx([("Title", "Tea Wars"), ("Heading 1", "Origins"), body]), "a.docx")
    assert styled.title == "Tea Wars" and [s.title for s in styled.sections] == [None, "Origins"]
    headed = docx_format.read(_docx([("Heading 1", "Tea Wars"), body]), "b.docx")
    assert headed.title == "Tea Wars"
    plain = docx_format.read(_docx([body]), "tea-wars.docx")
    assert plain.title == "Tea wars"


def test_docx_visible_title_beats_a_stale_title_property() -> None:
    body = ("Normal", "Maple & Birch operated six showrooms across Ontario and Quebec in 2023.")
    stale = "Case Template v2"
    styled = docx_format.read(_docx([("Title", "Maple & Birch"), ("Heading 1", "Overview"), body], stale), "a.docx")
    assert styled.title == "Maple & Birch" and [s.title for s in styled.sections] == [None, "Overview"]
    assert styled.text.startswith("Maple & Birch\n\nOverview")  # the visible title line stays in the text
    opening = docx_format.read(_docx([("Heading 1", "Maple & Birch"), ("Heading 1", "Overview"), body], stale),
                               "b.docx")
    assert opening.title == "Maple & Birch" and [s.title for s in opening.sections] == [None, "Overview"]
    # No visible title: the property is all there is, and a first section keeps its heading.
    sections = docx_format.read(_docx([body, ("Heading 1", "Overview"), body], "Maple & Birch"), "c.docx")
    assert sections.title == "Maple & Birch" and [s.title for s in sections.sections] == [None, "Overview"]


W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"


def _docx_with_parts(notes: str | None, kind: str = "footnote") -> bytes:
    """A .docx with a content control, a text box (DrawingML with its VML fallback) and a footnote or endnote."""
    import docx
    from docx.oxml import parse_xml

    document = docx.Document()
    document.add_paragraph("Maple & Birch", style="Title")
    document.add_paragraph("E-commerce", style="Heading 1")
    body = document.add_paragraph("Online orders had a return rate of 11 percent.")
    body._p.append(parse_xml(f'<w:r {W}><w:{kind}Reference w:id="1"/></w:r>'))
    box = ('<w:txbxContent><w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>Exhibit 2</w:t></w:r></w:p>'
           '<w:p><w:r><w:t>Showroom conversion was 22 percent.</w:t></w:r></w:p></w:txbxContent>')
    anchor = document.add_paragraph("Showrooms sold more per visit.")
    anchor._p.append(parse_xml(
        f'<w:r {W} xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
        'xmlns:v="urn:schemas-microsoft-com:vml"><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
        f'<wps:txbx>{box}</wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox>{box}'
        '</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>'))
    document.add_paragraph("Each return cost about CAD 240.")
    document.element.body.insert(0, parse_xml(
        f'<w:sdt {W}><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/></w:docPartObj>'
        '</w:sdtPr><w:sdtContent><w:p><w:r><w:t>E-commerce 1</w:t></w:r></w:p></w:sdtContent></w:sdt>'))
    document.element.body.insert(3, parse_xml(
        f'<w:sdt {W}><w:sdtPr><w:alias w:val="Abstract"/></w:sdtPr><w:sdtContent><w:p><w:r><w:t>Abstract: '
        'choose showrooms or an AR planner.</w:t></w:r></w:p></w:sdtContent></w:sdt>'))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue() if notes is None else _with_notes(out.getvalue(), notes, kind)


def _with_notes(data: bytes, notes: str, kind: str = "footnote") -> bytes:
    """The .docx with a footnotes (or endnotes) part holding ``notes``."""
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    rels = parts["word/_rels/document.xml.rels"].decode()
    parts["word/_rels/document.xml.rels"] = rels.replace(
        "</Relationships>", f'<Relationship Id="rIdFn" Type="{RELS}{kind}s" Target="{kind}s.xml"/></Relationships>'
    ).encode()
    types = parts["[Content_Types].xml"].decode()
    parts["[Content_Types].xml"] = types.replace("</Types>", (
        f'<Override PartName="/word/{kind}s.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        f'wordprocessingml.{kind}s+xml"/></Types>')).encode()
    parts[f"word/{kind}s.xml"] = notes.encode()
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w", zipfile.ZIP_DEFLATED) as target:
        for name, blob in parts.items():
            target.writestr(name, blob)
    return packed.getvalue()


FOOTNOTES = (f'<w:footnotes {W}><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
             '</w:footnote><w:footnote w:id="2"><w:p><w:r><w:t>Never referred to.</w:t></w:r></w:p></w:footnote>'
             '<w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> Returns exclude'
             ' damage in transit.</w:t></w:r></w:p></w:footnote></w:footnotes>')


@pytest.mark.parametrize("kind", ["footnote", "endnote"])
def test_docx_content_controls_text_boxes_and_notes_are_read(kind: str) -> None:
    doc = docx_format.read(_docx_with_parts(FOOTNOTES.replace("footnote", kind), kind), "parts.docx")
    assert doc.text == (
        "Maple & Birch\n\nE-commerce\n\nAbstract: choose showrooms or an AR planner.\n\n"
        "Online orders had a return rate of 11 percent.\n\nShowrooms sold more per visit.\n\n"
        "Exhibit 2\n\nShowroom conversion was 22 percent.\n\nEach return cost about CAD 240.\n\n"
        "Notes\n\n1 Returns exclude damage in transit.")
    # A table of contents is left out; a text box's heading is a sidebar's label: it opens no section.
    assert [s.title for s in doc.sections] == [None, "E-commerce", "Notes"]
    assert doc.paragraphs[-1].kind == "text" and doc.warnings == ()
    check_offsets(doc)


def test_docx_notes_never_become_the_title() -> None:
    import docx
    from docx.oxml import parse_xml

    document = docx.Document()
    document.add_paragraph("Returns: 11 percent")._p.append(
        parse_xml(f'<w:r {W}><w:footnoteReference w:id="1"/></w:r>'))
    out = io.BytesIO()
    document.save(out)
    doc = docx_format.read(_with_notes(out.getvalue(), FOOTNOTES), "return-memo.docx")
    assert doc.title == "Return memo" and [s.title for s in doc.sections] == [None, "Notes"]


def test_docx_unreadable_footnotes_are_a_warning() -> None:
    doc = docx_format.read(_docx_with_parts("<w:footnotes"), "broken.docx")
    assert "Each return cost about CAD 240." in doc.text and "Notes" not in doc.text
    assert len(doc.warnings) == 1
    assert re.match(r"broken\.docx: its footnotes could not be read \(XMLSyntaxError", doc.warnings[0])


def test_docx_footnotes_with_entities_are_refused() -> None:
    bomb = ('<?xml version="1.0"?><!DOCTYPE w:footnotes [<!ENTITY a "aaaaaaaaaa">]>'
            + FOOTNOTES.replace("Returns", "&a;"))
    with pytest.raises(CorpusError, match=r"b\.docx: part 'word/footnotes\.xml' declares XML entities"):
        docx_format.read(_docx_with_parts(bomb), "b.docx")


def test_empty_docx_is_reported() -> None:
    with pytest.raises(EmptyDocumentError, match=r"e\.docx: no text found"):
        docx_format.read(_docx([("Normal", "  ")]), "e.docx")


# --- HTML --------------------------------------------------------------------------------------

def test_html_keeps_visible_text_only() -> None:
    doc = fixture("case.html")
    for hidden in ("Injected by a script", "color", "All cases", "Hidden note", "Invisible text",
                   "Enable JavaScript", "https://", "Tea pickers on a hill"):
        assert hidden not in doc.text, hidden
    assert "300 people & exported 1,200 tonnes" in doc.text
    assert "Café owners in Nairobi buy Acme’s tea — and pay on time." in doc.text
    check_offsets(doc)


def test_html_headings_lists_tables_and_title() -> None:
    doc = fixture("case.html")
    assert doc.title == "Acme Tea in Kenya"  # the opening h1, not "<title> | Case Library"
    assert [s.title for s in doc.sections] == [None, "The Decision"]
    assert [p.kind for p in doc.paragraphs] == ["text", "list", "table", "text"]
    options = doc.paragraphs[1]
    assert doc.text[options.start:options.end] == ("The board listed three options:\n\n"
                                                   "• build a factory in Tanzania\n• lease capacity in Uganda")
    table = doc.paragraphs[2]
    assert doc.text[table.start:table.end] == "Year | Revenue\n2009 | $4.1 million"


def test_html_title_element_and_ordered_lists() -> None:
    page = (b"<html><head><title>Tea &amp; Co</title></head><body><p>Acme grows tea in Kenya and sells "
            b"it abroad every year.</p><ol><li>first</li><li>second</li></ol></body></html>")
    doc = html_format.read(page, "t.html")
    assert doc.title == "Tea & Co"
    assert "1. first\n2. second" in doc.text


CHROME_PAGE = """<html><head><title>Solaris | CaseHub</title></head><body>
<div class="cookie-banner" id="cookie-consent"><p>We use cookies. Accept all cookies.</p></div>
<header class="site-header"><a href="/">CaseHub</a></header>
<div class="breadcrumbs"><a href="/">Home</a> &rsaquo; Energy</div>
%s
<div class="share-bar">Share this case: Twitter LinkedIn</div>
<div id="gdpr_notice">Your privacy matters to us.</div>
<footer><p>&copy; 2023 CaseHub Ltd. All rights reserved.</p></footer></body></html>"""
ARTICLE = """<h1>Solaris Microgrids</h1><p>Solaris operated 23 solar mini-grids in Kisumu and Homa Bay.</p>
<h2>Financing</h2><p>Each mini-grid cost about USD 150,000 to build.</p>
<aside class="related"><h4>Related cases</h4><p>M-KOPA Solar</p></aside>"""


@pytest.mark.parametrize("body", [f"<main>{ARTICLE}</main>", f"<article>{ARTICLE}</article>",
                                  f"<div>{ARTICLE}</div>"], ids=["main", "article", "neither"])
def test_html_site_chrome_is_not_indexed(body: str) -> None:
    doc = html_format.read((CHROME_PAGE % body).encode(), "s.html")
    for chrome in ("cookies", "Home", "Share this case", "privacy", "All rights reserved", "Related cases", "M-KOPA"):
        assert chrome not in doc.text, chrome
    # Without <main> or <article>, a <header> may hold the page's h1, so it is kept.
    assert ("CaseHub" in doc.text) == body.startswith("<div>")
    # The h1 is the title (not "<title> | Site") and opens no section of its own.
    assert doc.title == "Solaris Microgrids"
    assert [s.title for s in doc.sections] == [None, "Financing"]
    assert "Solaris Microgrids\n\nSolaris operated 23" in doc.text
    check_offsets(doc)


def test_html_first_h1_is_the_title_even_after_other_content() -> None:
    page = (b"<html><head><title>Tea | Case Library</title></head><body><p>Case Library</p><main><p>Teaching case"
            b"</p><h1>Acme Tea in Kenya</h1><p>Acme grows tea in Kenya and sells it abroad every year.</p></main>")
    doc = html_format.read(page, "t.html")
    assert doc.title == "Acme Tea in Kenya" and [s.title for s in doc.sections] == [None]
    assert "Case Library" not in doc.text


def test_html_declared_charset_is_used() -> None:
    page = '<meta http-equiv="Content-Type" content="text/html; charset=windows-1252"><p>Café – “déjà vu”</p>'
    doc = html_format.read(page.encode("cp1252"), "c.html")
    assert "Café – “déjà vu”" in doc.text and doc.warnings == () and doc.encoding == "cp1252"


def test_html_without_visible_text_is_reported() -> None:
    with pytest.raises(EmptyDocumentError, match=r"s\.html: no text found"):
        html_format.read(b"<html><script>var a = 1;</script><style>p{}</style></html>", "s.html")


# --- Everything together -----------------------------------------------------------------------

def test_a_mixed_corpus_answers_with_page_citations_and_exact_spans(settings: Settings) -> None:
    for name in ("case.pdf", "case.docx", "case.html"):
        (settings.corpus_dir / name).write_bytes((DATA / name).read_bytes())
    (settings.corpus_dir / "notes.md").write_text("# Notes\n\nAcme's rival Kilima sells tea in Uganda.\n")
    (settings.corpus_dir / "memo.txt").write_text("Memo\n\nThe Tanzania factory needs a loan of $3 million.\n")
    engine = Engine(settings, HashingEncoder())
    report = engine.build()
    assert {f.doc_id: f.status for f in report.files} == dict.fromkeys(
        ["case.docx", "case.html", "case.pdf", "memo.txt", "notes.md"], "indexed")
    hits = engine.ask("Should Acme build a second factory in Tanzania?", k=10)
    pdf_hit = next(h for h in hits if h.passage.doc_id == "case.pdf")
    assert re.search(r" — pp?\. \d", pdf_hit.citation)
    for hit in hits:
        doc = engine.index.documents[hit.passage.doc_id]
        assert doc.text[hit.passage.start:hit.passage.end] == hit.passage.text
    # The extracted text is what the index keeps, so a viewer can show the cited span.
    stored = [json.loads(line) for line in (engine.index.folder / "documents.jsonl").open(encoding="utf-8")]
    assert {d["id"] for d in stored} >= {"case.pdf", "case.docx", "case.html"}
    pdf_doc = next(d for d in stored if d["id"] == "case.pdf")
    assert pdf_doc["pages"] and "Mombasa" in pdf_doc["text"]


def test_fixtures_are_small() -> None:
    assert all(p.stat().st_size < 100_000 for p in Path(DATA).iterdir())
