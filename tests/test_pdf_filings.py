"""PDFs shaped like annual reports: financial tables as facts, printed page numbers, running headers,
tables of contents and a filing's cover page."""

from __future__ import annotations

import re

import pytest

from caseqa.config import PassageSettings
from caseqa.ingest.formats import pdf as pdf_format
from caseqa.ingest.passages import chunk, citation, embedding_text, span_citation
from caseqa.ingest.tables import figures
from caseqa.types import Document, Hit
from fakes import HashingEncoder
from pdfmaker import Text, flow, pdf_bytes

PROSE = ["Our investments in property and equipment fell in 2021 as fewer scooters were bought, and the",
         "company kept tight control of its capital spending while demand recovered from the pandemic."]


def cash_flow_page(top: float = 760) -> list[Text]:
    """A statement of cash flows as a 10-K sets it: title, scale note, period header, $ columns."""
    page = [Text(220, top, "Consolidated Statements of Cash Flows", 12, bold=True),
            Text(260, top - 14, "(in thousands)", 10),
            Text(420, top - 34, "Year Ended December 31,", 8, bold=True)]
    page += [Text(x, top - 46, year, 8, bold=True) for x, year in ((380, "2021"), (450, "2020"), (520, "2019"))]
    page.append(Text(72, top - 58, "Cash flows from investing activities", 8, bold=True))
    rows = [("Purchases of marketable securities", "$", "(3,801,736)", "(4,112,677)", "(6,448,895)"),
            ("Purchases of property and equipment and scooter fleet", "", "(79,176)", "(93,639)", "(178,088)"),
            ("Sales of property and equipment", "", "42,543", "30,894", "7,131")]
    y = top - 70
    for label, sign, *values in rows:
        page.append(Text(72, y, label, 8))
        if sign:
            page.append(Text(362, y, sign, 8))
        page += [Text(x, y, value, 8) for x, value in zip((380, 450, 520), values)]
        y -= 11
    page += [Text(72, y, "Net cash used in investing activities", 8, bold=True), Text(362, y, "$", 8, bold=True)]
    totals = ("(3,838,369)", "(4,175,422)", "(6,440,852)")
    page += [Text(x, y, v, 8, bold=True) for x, v in zip((380, 450, 520), totals)]
    page += flow(PROSE * 3, top=y - 30, size=10)
    # A bold total set apart from its table, as an MD&A summary line: a row, not a heading.
    return [*page, Text(72, y - 120, "Total capital spending", 10, bold=True),
            Text(380, y - 120, "$ 79,176", 10, bold=True), Text(450, y - 120, "$ 93,639", 10, bold=True)]


def test_financial_table_rows_are_lines_with_their_headers_title_and_scale() -> None:
    doc = pdf_format.read(pdf_bytes([cash_flow_page()], title="Acme Rides annual report"), "cf.pdf")
    table = next(p for p in doc.paragraphs if p.kind == "table")
    lines = doc.text[table.start:table.end].split("\n")
    # Rows never merge; cells are joined with " | "; a currency sign stays with its figure.
    assert "Purchases of property and equipment and scooter fleet | (79,176) | (93,639) | (178,088)" in lines
    assert "Net cash used in investing activities | $ (3,838,369) | (4,175,422) | (6,440,852)" in lines
    assert lines[:2] == ["Year Ended December 31,", "2021 | 2020 | 2019"]
    # No header row, label row or bold total row became a heading.
    assert [s.title for s in doc.sections] == [None, "Consolidated Statements of Cash Flows"]
    rows = {row.label: row for row in doc.tables}
    assert set(rows) == {"Purchases of marketable securities", "Purchases of property and equipment and scooter fleet",
                         "Sales of property and equipment", "Net cash used in investing activities"}
    capex = rows["Purchases of property and equipment and scooter fleet"]
    assert doc.text[capex.start:capex.end] == "Purchases of property and equipment and scooter fleet | (79,176) | " \
                                              "(93,639) | (178,088)"
    assert capex.columns == ("2021", "2020", "2019") and capex.values == ("(79,176)", "(93,639)", "(178,088)")
    assert capex.title == "Consolidated Statements of Cash Flows" and capex.scale == "thousands"
    assert capex.fact_text() == ("Consolidated Statements of Cash Flows — Purchases of property and equipment and "
                                 "scooter fleet — 2021: (79,176); 2020: (93,639); 2019: (178,088) — in thousands")
    # Parentheses are negatives and the scale applies: "about $94 million" can be checked against it.
    by_year = {f.column: f.value for f in figures(capex)}
    assert by_year == {"2021": -79_176_000, "2020": -93_639_000, "2019": -178_088_000}
    assert figures(rows["Purchases of marketable securities"])[0].value == -3_801_736_000


def test_a_column_header_set_beside_the_years_heads_its_own_column() -> None:
    """Uber's highlights table: "2020 to 2021 %" set a little higher than the years' line beside it,
    "Change" under it, and a constant-currency column. The header pieces join the table, and each
    value is read under the header printed over it: the amounts under their years, 57% under its change."""
    page = [Text(72, 740, "Financial and Operational Highlights", 10, bold=True),
            Text(334, 707.4, "Year Ended December 31,", 7.5), Text(512, 707.4, "Constant Currency", 7.5),
            Text(72, 690.5, "(In millions, except percentages)", 8), Text(341, 690.5, "2020", 8),
            Text(397, 690.5, "2021", 8), Text(440, 697.3, "2020 to 2021 %", 7.5), Text(453, 689.8, "Change", 7.5),
            Text(509, 689.8, "2020 to 2021 % Change", 7.5)]
    y = 678.4
    for label, values in (("Revenue", ((323, "$ 11,139"), (379, "$ 17,455"), (473, "57 %"), (569, "54 %"))),
                          ("Trips", ((353, "5,025"), (409, "6,368"), (473, "27 %")))):
        page += [Text(72, y, label, 9), *(Text(x, y, v, 9) for x, v in values)]
        y -= 11.5
    doc = pdf_format.read(pdf_bytes([page + flow(PROSE, top=y - 30, size=10)], title="Acme annual report"), "h.pdf")
    rows = {row.label: row for row in doc.tables}
    assert rows["Revenue"].columns == ("2020", "2021", "2020 to 2021 % Change", "2020 to 2021 % Change")
    assert rows["Trips"].columns == ("2020", "2021", "2020 to 2021 % Change")


def test_a_table_row_is_embedded_as_its_facts_and_shown_as_printed() -> None:
    doc = pdf_format.read(pdf_bytes([cash_flow_page()], title="Acme Rides annual report"), "cf.pdf")
    encoder = HashingEncoder()
    passages = chunk(doc, PassageSettings(), encoder.count_tokens, encoder.max_tokens).passages
    passage = next(p for p in passages if "(93,639)" in p.text)
    assert "2020: (93,639)" not in passage.text  # shown as printed
    assert "2020: (93,639)" in embedding_text(passage, doc)
    assert "Our investments in property" in " ".join(p.text for p in passages)
    # A table's sentences are its rows: the row that answers can be highlighted alone.
    row = next(r for r in doc.tables if r.values[1] == "(93,639)")
    assert (row.start, row.end) in passage.sentences


def test_document_json_keeps_table_rows_and_page_labels() -> None:
    doc = pdf_format.read(pdf_bytes([cash_flow_page()], title="Acme Rides annual report"), "cf.pdf")
    again = Document.from_json(doc.to_json())
    assert again == doc and again.tables and again.page_labels == doc.page_labels


def _numbered_pages(n: int, first_printed: int | None, header: str | None = None) -> list[list[Text]]:
    pages = []
    for i in range(n):
        city = ["Boston", "Chicago", "Denver", "Houston", "Miami", "Seattle", "Austin", "Toronto"][i % 8]
        body = flow([f"This part of the annual report describes the ride network in {city} and its suburbs,",
                     "with its drivers, riders, fares and the insurance costs the company carried that year.",
                     "Riders in each city pay fares that depend on distance, time and demand at that hour,",
                     "and drivers keep most of the fare after the service fee and the insurance charges."],
                    top=700)
        page = [*body]
        if first_printed is not None:
            page.append(Text(300, 40, str(first_printed + i), 9))
        if header:
            page.append(Text(250, 760 - 3 * (i % 3), header, 9 + i % 2, bold=True))
        pages.append(page)
    return pages


def _passage_on(doc: Document, page: int):
    encoder = HashingEncoder()
    passages = chunk(doc, PassageSettings(min_words=5, target_words=10), encoder.count_tokens,
                     encoder.max_tokens).passages
    return next(p for p in passages if p.pages == (page, page))


def test_citation_gives_the_printed_page_label_and_the_pdf_page() -> None:
    # /PageLabels: two front-matter pages numbered i, ii, then 1, 2, ...
    data = pdf_bytes(_numbered_pages(4, None), page_labels="0 << /S /r >> 2 << /S /D >>")
    doc = pdf_format.read(data, "labels.pdf")
    assert doc.page_labels == ("i", "ii", "1", "2")
    assert re.search(r" — p\. 1 \(PDF p\. 3\), ¶", citation(_passage_on(doc, 3)))
    # No /PageLabels: the number printed in the footer, two less than the PDF page.
    doc = pdf_format.read(pdf_bytes(_numbered_pages(5, 50)), "footer.pdf")
    assert doc.page_labels == ("50", "51", "52", "53", "54")
    passage = _passage_on(doc, 3)
    assert " — p. 52 (PDF p. 3), " in citation(passage)
    assert " — p. 52 (PDF p. 3), " in span_citation(doc, passage, passage.sentences[0])
    # The JSON gives both, for a reader of the printed report and one of the PDF.
    hit = Hit(passage, 1.0, 1, citation(passage), ()).to_json()
    assert hit["pages"] == [3, 3] and hit["printed_pages"] == ["52", "52"]
    # Where they agree, the page is named once.
    doc = pdf_format.read(pdf_bytes(_numbered_pages(5, 1)), "same.pdf")
    assert " — p. 3, " in citation(_passage_on(doc, 3))


def test_running_header_at_varying_heights_and_a_contents_page_open_no_sections() -> None:
    contents = [Text(72, 760, "Table of Contents", 14, bold=True)]
    entries = ["PART I", "Business", "Risk Factors", "Properties", "PART II", "Legal Proceedings",
               "Market for Common Equity", "Financial Statements", "Exhibits"]
    contents += [Text(72, 730 - 24 * i, entry, 13, bold=True) if entry.startswith("PART") else
                 Text(72, 730 - 24 * i, f"Item {i}. {entry} {'.' * 20} {3 + 2 * i}", 11)
                 for i, entry in enumerate(entries)]
    pages = [contents, *_numbered_pages(6, None, header="Table of Contents")]
    pages[3] = [*pages[3], Text(72, 640, "Item 1A. Risk Factors.", 14, bold=True),
                *flow(["Our business depends on drivers and riders, and it could suffer if fewer of them use it."],
                      top=620)]
    doc = pdf_format.read(pdf_bytes(pages, line_ends=True), "toc.pdf")
    # A 10-K's item heading ends with a period, and is a heading all the same.
    assert [s.title for s in doc.sections] == [None, "Item 1A. Risk Factors."]
    assert doc.text.count("Table of Contents") <= 1  # only the contents page's own title may stay


COVER = ["UNITED STATES", "SECURITIES AND EXCHANGE COMMISSION", "Washington, D.C. 20549", "FORM 10-K",
         "ANNUAL REPORT PURSUANT TO SECTION 13 OR 15(d) OF THE SECURITIES EXCHANGE ACT OF 1934",
         "For the fiscal year ended December 31, 2021", "Commission File Number 001-38846", "ACME RIDES, INC.",
         "(Exact name of registrant as specified in its charter)", "Delaware 20-8809830"]


@pytest.mark.parametrize("metadata", ["0001759509-22-000016", None, "UNITED STATES SECURITIES AND EXCHANGE COMMISSION",
                                      "ACME 10-K FY21", "10-K - 02/08/2022 - Acme Rides"])
def test_filing_title_comes_from_its_cover_page(metadata: str | None) -> None:
    cover = [Text(200, 760 - 20 * i, line, 12, bold=i in (0, 1, 3, 7)) for i, line in enumerate(COVER)]
    body = [Text(72, 760, "Our Mission", 14, bold=True),
            *flow(["Our mission is to improve people's lives with the world's best transportation, and we",
                   "serve riders and drivers across the United States and Canada every day of the year."], top=730)]
    doc = pdf_format.read(pdf_bytes([cover, body], title=metadata), "acme-10k.pdf")
    assert doc.title == "Acme Rides, Inc. — Form 10-K, fiscal 2021"
    assert [s.title for s in doc.sections] == [None, "Our Mission"]  # the cover page opens no sections


def test_a_cover_without_the_registrant_line_is_named_by_its_company_line() -> None:
    # 3M's cover: the name in capitals, a digit in it, no "(Exact name of registrant ...)" under it,
    # and the fiscal year's date drawn with a space before its comma.
    lines = ["UNITED STATES", "SECURITIES AND EXCHANGE COMMISSION", "Washington, D.C. 20549", "FORM 10-K",
             "For the fiscal year ended December 31 , 2022", "Commission file number 1-3285", "3M COMPANY",
             "State of Incorporation: Delaware", "Securities registered pursuant to Section 12(b) of the Act:",
             "Chicago Stock Exchange, Inc."]
    cover = [Text(150, 760 - 20 * i, line, 12) for i, line in enumerate(lines)]
    doc = pdf_format.read(pdf_bytes([cover, flow(PROSE)], title="10-K - 02/08/2023 - 3M Company"), "3m.pdf")
    assert doc.title == "3M Company — Form 10-K, fiscal 2022"


def _balance_sheet(header: list[Text], top: float = 700) -> list[Text]:
    """A balance sheet under the given column headers: labels on lines of their own, then rows."""
    page = [Text(150, top + 60, "CONSOLIDATED BALANCE SHEETS (In millions, except share amounts which are reflected "
                 "in thousands, and per share amounts)", 9, bold=True), *header,
            Text(72, top, "Assets", 8, bold=True), Text(72, top - 11, "Current assets", 8)]
    y = top - 22
    rows = (("Cash and cash equivalents", "$ 5,647", "$ 4,295"), ("Short-term investments", "1,180", "—"),
            ("Total assets", "$ 33,252", "$ 38,774"))
    for label, *values in rows:
        page += [Text(72, y, label, 8), *(Text(x, y, v, 8) for x, v in zip((400, 480), values))]
        y -= 11
    return page


@pytest.mark.parametrize("header", [
    # Column headers printed beside each other, each a period of its own ...
    [Text(390, 730, "As of December 31, 2020", 8, bold=True), Text(470, 730, "As of December 31, 2021", 8, bold=True)],
    # ... or one line of years under "December 31,".
    [Text(430, 735, "December 31,", 8, bold=True), Text(420, 724, "2020 2021", 8, bold=True)],
])
def test_a_balance_sheet_keeps_its_columns_periods_and_its_headings_scale(header: list[Text]) -> None:
    doc = pdf_format.read(pdf_bytes([_balance_sheet(header)], title="Acme Rides annual report"), "bs.pdf")
    total = next(row for row in doc.tables if row.label == "Total assets")
    assert [c[-4:] for c in total.columns] == ["2020", "2021"]
    assert total.scale == "millions"
    assert {f.column[-4:]: f.value for f in figures(total)} == {"2020": 33_252e6, "2021": 38_774e6}


def balance_sheet_page(top: float = 760, note: str = "(in thousands)") -> list[Text]:
    """A balance sheet set in two pieces: its header and assets, then, under two subheadings set apart,
    its liabilities, with no header of their own."""
    page = [Text(230, top, "Consolidated Balance Sheets", 12, bold=True),
            Text(240, top - 14, note, 10),
            Text(440, top - 34, "December 31,", 8, bold=True),
            Text(420, top - 46, "2021", 8, bold=True), Text(490, top - 46, "2020", 8, bold=True),
            Text(72, top - 58, "Current assets", 8, bold=True)]
    y = top - 70
    for label, a, b in (("Cash and cash equivalents", "$ 457,325", "$ 319,734"),
                        ("Short-term investments", "1,796,533", "1,931,334"),
                        ("Total assets", "$ 4,773,884", "$ 4,678,964")):
        page += [Text(72, y, label, 8), Text(420, y, a, 8), Text(490, y, b, 8)]
        y -= 11
    page += [Text(72, y - 30, "Liabilities, Redeemable Convertible Preferred Stock and Stockholders' Equity", 8,
                  bold=True),
             Text(72, y - 60, "Current liabilities", 8, bold=True)]
    y -= 90
    for label, a, b in (("Accounts payable", "$ 129,542", "$ 84,108"), ("Insurance reserves", "1,068,628", "987,064")):
        page += [Text(72, y, label, 8), Text(420, y, a, 8), Text(490, y, b, 8)]
        y -= 11
    return page


@pytest.mark.parametrize("note", ["(in thousands)", "(in thousands, except for share and per share data)"])
def test_a_table_set_in_pieces_keeps_the_header_and_statement_of_the_piece_above(note: str) -> None:
    doc = pdf_format.read(pdf_bytes([balance_sheet_page(note=note)], title="Acme Rides annual report"), "bs.pdf")
    rows = {row.label: row for row in doc.tables}
    cash = rows["Cash and cash equivalents"]
    assert cash.columns == ("2021", "2020") and cash.title == "Consolidated Balance Sheets"
    reserves = rows["Insurance reserves"]
    assert reserves.columns == ("2021", "2020") and reserves.scale == "thousands"
    assert reserves.title == "Consolidated Balance Sheets: Current liabilities"
    assert {f.column: f.value for f in figures(reserves)} == {"2021": 1_068_628_000, "2020": 987_064_000}


def test_a_table_takes_the_scale_its_introducing_paragraph_ends_with() -> None:
    intro = ["Revenue is presented in the following tables for the years ended December 31, 2019, 2020 and",
             "2021, respectively (in millions):"]
    page = flow(intro, top=760, size=10)
    page += [Text(420, 720, "Year Ended December 31,", 8, bold=True)]
    page += [Text(x, 708, year, 8, bold=True) for x, year in ((380, "2019"), (450, "2020"), (520, "2021"))]
    y = 696
    rows = (("Delivery revenue", "1,401", "3,904", "8,362"), ("Freight revenue", "731", "1,011", "2,132"))
    for label, *values in rows:
        page += [Text(72, y, label, 8)] + [Text(x, y, v, 8) for x, v in zip((380, 450, 520), values)]
        y -= 11
    doc = pdf_format.read(pdf_bytes([page], title="Acme Rides annual report"), "rev.pdf")
    freight = next(row for row in doc.tables if row.label == "Freight revenue")
    assert freight.scale == "millions" and freight.columns == ("2019", "2020", "2021")
    assert {f.column: f.value for f in figures(freight)}["2020"] == 1_011_000_000


# Helvetica's advance widths, in thousandths of an em, for the glyphs drawn one by one below.
_ADVANCE = {**dict.fromkeys("0123456789$", 556), ".": 278, ",": 278, " ": 278}


def _glyph_by_glyph(x: float, y: float, text: str, size: float = 8) -> list[Text]:
    """``text`` drawn as some filings draw it: each glyph a text object of its own, at its advance."""
    out = []
    for ch in text:
        if ch != " ":
            out.append(Text(x, y, ch, size))
        x += _ADVANCE[ch] * size / 1000
    return out


def _row_values(page: list[Text], label: str) -> list[str]:
    doc = pdf_format.read(pdf_bytes([page], title="Acme Rides annual report"), "rows.pdf")
    return list(next(row for row in doc.tables if row.label == label).values)


def test_a_figure_drawn_glyph_by_glyph_is_one_figure_and_a_lone_marker_keeps_its_space() -> None:
    # Measured to each glyph's ink, a "1" ends a space short of the "9" that follows it.
    page = [Text(72, 700, "Effective tax rate", 8), *_glyph_by_glyph(400, 700, "19.7"),
            *_glyph_by_glyph(480, 700, "21.3"), Text(72, 689, "Tax paid", 8), *_glyph_by_glyph(400, 689, "1,019"),
            *_glyph_by_glyph(480, 689, "911")]
    assert _row_values(page, "Effective tax rate") == ["19.7", "21.3"]
    assert _row_values(page, "Tax paid") == ["1,019", "911"]
    # A numbered clause's marker drawn on its own, its text right at the marker's advance; and a
    # justified line that sets the space after a full stop at a tenth of an em.
    page = [Text(72, 650, "1.", 10),
            Text(72 + 834 * 10 / 1000, 650, "Introduction. The purpose of the plan is stated.", 10),
            Text(72, 620, "period.", 10), Text(72 + 3057 * 10 / 1000 + 1.0, 620, "The charges were recorded.", 10)]
    text = pdf_format.read(pdf_bytes([page], title="Acme Rides annual report"), "rows.pdf").text
    assert "1. Introduction. The purpose" in text
    assert "period. The charges" in text


def test_figures_drawn_with_their_currency_sign_or_set_right_inside_their_object_are_cells() -> None:
    # "$ 16,388" with its sign is 3.9 ems wide; the columns are 0.8 em apart.
    step = (3892 + 800) * 8 / 1000
    page = [Text(72, 700, "Subscription", 8), *(Text(370 + i * step, 700, v, 8)
                                                for i, v in enumerate(("$ 16,388", "$ 14,573", "$ 11,626"))),
            # Each figure set right inside an object that starts at its column's left edge (spaces first).
            Text(72, 680, "Product", 8), Text(400, 680, "532", 8), Text(405, 680, " " * 10 + "555", 8),
            Text(410, 680, " " * 25 + "507", 8)]
    assert _row_values(page, "Subscription") == ["$ 16,388", "$ 14,573", "$ 11,626"]
    assert _row_values(page, "Product") == ["532", "555", "507"]


def test_column_headers_drawn_column_by_column_date_their_columns() -> None:
    # "December 3," then "2021" under it, then the next column's two lines: drawn in that order.
    header = [Text(392, 735, "December 3,", 8, bold=True), Text(398, 724, "2021", 8, bold=True),
              Text(472, 735, "November 27,", 8, bold=True), Text(478, 724, "2020", 8, bold=True)]
    doc = pdf_format.read(pdf_bytes([_balance_sheet(header)], title="Acme Rides annual report"), "bs.pdf")
    total = next(row for row in doc.tables if row.label == "Total assets")
    assert [c[-4:] for c in total.columns] == ["2021", "2020"]
    # A scale note and the years on one line, "% Change" over "2022-2021" set beside it.
    page = [Text(72, 735, "(dollars in millions)", 8), Text(400, 735, "2022", 8), Text(470, 735, "2021", 8),
            Text(530, 743, "% Change", 8, bold=True), Text(530, 735, "2022-2021", 8, bold=True),
            Text(72, 720, "Americas", 8), Text(395, 720, "$ 10,251", 8), Text(465, 720, "$ 8,996", 8),
            Text(540, 720, "14 %", 8)]
    doc = pdf_format.read(pdf_bytes([page], title="Acme Rides annual report"), "geo.pdf")
    americas = next(row for row in doc.tables if row.label == "Americas")
    assert americas.columns == ("2022", "2021", "2022-2021")
    assert americas.values == ("$ 10,251", "$ 8,996", "14 %")


def test_a_currency_sign_drawn_on_its_own_stays_in_its_sentence_and_opens_its_column() -> None:
    # "up to" is 2.224 ems wide in Helvetica; the sign, drawn on its own a quarter em after it, and its
    # figure run on in the sentence ...
    prose = [Text(72, 700, "up to", 10), Text(72 + 22.24 + 2.5, 700, "$", 10),
             Text(72 + 22.24 + 2.5 + 5.56, 700, "5 billion of its common stock, with no expiration date.", 10)]
    doc = pdf_format.read(pdf_bytes([prose], title="Acme Rides annual report"), "prose.pdf")
    assert "up to $5 billion of its common stock" in doc.text
    # ... while a sign set apart from its figure heads a column of a table row.
    rows = [cell for y, label, a, b in ((700, "Cash paid for lease liabilities", "128.7", "132.0"),
                                        (689, "Cash paid for interest", "45.1", "40.2"))
            for cell in (Text(72, y, label, 8), Text(250, y, "$", 8), Text(290, y, a, 8), Text(340, y, "$", 8),
                         Text(380, y, b, 8))]
    assert _row_values(rows, "Cash paid for lease liabilities") == ["$ 128.7", "$ 132.0"]


def test_a_page_number_inside_a_running_footer_is_the_pages_own() -> None:
    """"Acme Rides 2021 Annual Report 50" at the foot of the first page: that page is printed 50, not 51."""
    pages = _numbered_pages(5, None)
    for i, page in enumerate(pages):
        page.append(Text(200, 40, f"Acme Rides 2021 Annual Report {50 + i}", 9))
    doc = pdf_format.read(pdf_bytes(pages), "footer.pdf")
    assert doc.page_labels == ("50", "51", "52", "53", "54")
    assert " — p. 52 (PDF p. 3), " in citation(_passage_on(doc, 3))


def test_a_cover_whose_name_is_a_picture_is_named_by_the_company_its_pages_write_most() -> None:
    # Foot Locker's cover: the name is a logo, so the line above "(Exact name of registrant ...)" is the file number.
    lines = [line for line in COVER if line != "ACME RIDES, INC."]
    cover = [Text(200, 760 - 20 * i, line, 12) for i, line in enumerate(lines)]
    body = flow(["Acme Rides, Inc. runs a ride network. Acme Rides, Inc. pays its drivers weekly, and",
                 "Acme Rides, Inc. insures every ride. Partner Co, Inc. leases it cars."], top=730)
    doc = pdf_format.read(pdf_bytes([cover, body], title="0001759509-22-000016"), "acme-10k.pdf")
    assert doc.title == "Acme Rides, Inc. — Form 10-K, fiscal 2021"


def test_a_cover_after_a_page_naming_only_the_form_titles_the_filing() -> None:
    # Nike's 10-K opens with a page that says only "FORM 10-K"; its metadata title is "Nike 2023 Proxy".
    cover = [Text(200, 760 - 20 * i, line, 12, bold=i in (0, 1, 3, 7)) for i, line in enumerate(COVER)]
    doc = pdf_format.read(pdf_bytes([[Text(250, 400, "FORM 10-K", 28, bold=True)], cover, flow(PROSE)],
                                    title="Acme 2021 Proxy"), "acme-10k.pdf")
    assert doc.title == "Acme Rides, Inc. — Form 10-K, fiscal 2021"


def test_a_footer_opening_with_a_year_gives_the_page_number_it_ends_with() -> None:
    """Facing pages: "2 ACME RIDES, INC." on even pages, "2021 FORM 10-K 3" on odd ones: each page is its own number."""
    pages = _numbered_pages(6, None)
    for i, page in enumerate(pages):
        page.append(Text(200, 40, f"{i + 1} ACME RIDES, INC." if i % 2 else f"2021 FORM 10-K {i + 1}", 9))
    doc = pdf_format.read(pdf_bytes(pages), "facing.pdf")
    assert doc.page_labels == ("1", "2", "3", "4", "5", "6")


def test_a_row_drawn_as_one_text_object_is_read_cell_by_cell() -> None:
    """Nike's statements draw each row's figures, and the header's years, as one string with spaces between."""
    page = [Text(220, 760, "Consolidated Statements of Income", 12, bold=True), Text(260, 746, "(In millions)", 10),
            Text(380, 726, "2023       2022       2021", 8, bold=True)]
    for y, label, values in ((714, "Revenues", "$ 51,217     $ 46,710     $ 44,538"),
                             (703, "Cost of sales", "28,925       25,231       24,576"),
                             (692, "Gross margin", "43.5 %       46.0 %       44.8 %")):
        page += [Text(72, y, label, 8), Text(376, y, values, 8)]
    doc = pdf_format.read(pdf_bytes([page, flow(PROSE)]), "one-string.pdf")
    rows = {row.label: row for row in doc.tables}
    assert rows["Revenues"].values == ("$ 51,217", "$ 46,710", "$ 44,538")
    assert rows["Revenues"].columns == ("2023", "2022", "2021")
    assert rows["Cost of sales"].values == ("28,925", "25,231", "24,576")
    assert rows["Gross margin"].values == ("43.5 %", "46.0 %", "44.8 %")
