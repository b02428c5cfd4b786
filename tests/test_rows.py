"""A question that names a statement row ("How much did X spend on research and development in
2021?") is answered by the row, shown first with the row highlighted, over prose stating another amount."""

from __future__ import annotations

import dataclasses

import pytest

from caseqa.config import Settings
from caseqa.retrieve.rows import named_row
from caseqa.retrieve.scope import scope
from caseqa.retrieve.search import read
from caseqa.retrieve.signals import prepare
from pdfmaker import Text, flow, pdf_bytes

DOC = "acme-10k.pdf"
NARRATIVE = [
    "We operate a ridesharing network in the United States and Canada. Our mission is to improve",
    "people's lives with the world's best transportation.",
    None,
    "Research and development expenses increased $2.8 million in 2021 as compared to the prior year,",
    "primarily due to higher personnel costs for our engineering organization. Sales and marketing",
    "expenses decreased $12.1 million in 2021 as compared to the prior year, driven by lower outlays",
    "on brand marketing. We expect our research and development expenses to grow in future years.",
]


def operations_page(top: float = 760) -> list[Text]:
    """A statement of operations: title, scale note, a header of years, rows of expenses."""
    page = [Text(220, top, "Consolidated Statements of Operations", 12, bold=True),
            Text(260, top - 14, "(in thousands)", 10),
            Text(420, top - 34, "Year Ended December 31,", 8, bold=True)]
    page += [Text(x, top - 46, year, 8, bold=True) for x, year in ((380, "2021"), (450, "2020"), (520, "2019"))]
    rows = [("Cost of revenue", "1,649,532", "1,447,516", "2,176,469"),
            ("Research and development", "911,946", "909,126", "1,505,640"),
            ("Sales and marketing", "468,996", "416,331", "814,122"),
            ("General and administrative", "946,316", "829,177", "1,186,093")]
    y = top - 58
    for label, *values in rows:
        page.append(Text(72, y, label, 8))
        page += [Text(x, y, value, 8) for x, value in zip((380, 450, 520), values)]
        y -= 11
    return page


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory, real_encoder):
    """A two-page 10-K of "Acme Rides, Inc." (narrative and a schedule, then a statement), indexed with MiniLM."""
    from caseqa.app.engine import Engine

    base = tmp_path_factory.mktemp("rows")
    (base / "corpus").mkdir()
    # Below the narrative, a schedule whose one column carries no year.
    schedule = [Text(72, 600, "Purchase Commitments", 12, bold=True)]
    for y, (label, value) in zip((580, 569, 558), (("Remainder of 2022", "46,800"), ("Thereafter", "73,470"),
                                                  ("Total future minimum payments", "$ 120,270"))):
        schedule += [Text(72, y, label, 8), Text(380, y, value, 8)]
    # Below the statement, a quarterly table: its rows are periods, and what they count is its title.
    quarters = [Text(72, 560, "Active Riders", 12, bold=True)]
    for y, (label, *values) in zip((540, 529, 518, 507), (("Three Months Ended March 31", "13,494", "21,211"),
                                                          ("Three Months Ended June 30", "17,142", "8,688"),
                                                          ("Three Months Ended September 30", "18,942", "12,513"),
                                                          ("Three Months Ended December 31", "18,728", "12,552"))):
        quarters += [Text(72, y, label, 8), *(Text(x, y, v, 8) for x, v in zip((380, 450), values))]
    pages = [flow(NARRATIVE, top=760, size=10) + schedule, operations_page() + quarters]
    (base / "corpus" / DOC).write_bytes(pdf_bytes(pages, title="Acme Rides, Inc. - Form 10-K, fiscal 2021"))
    built = Engine(Settings(corpus_dir=base / "corpus", index_dir=base / "index"), real_encoder)
    built.build()
    return built


def _first_highlight(engine, question: str, row_coverage: float | None = None) -> str:
    settings = engine.settings
    if row_coverage is not None:
        settings = dataclasses.replace(settings, search=dataclasses.replace(settings.search, row_coverage=row_coverage))
    hit = read(engine.index, engine.encoder, question, settings, k=3, doc=DOC).hits[0]
    start, end = hit.highlights[0]
    return engine.index.documents[DOC].text[start:end]


def test_the_row_a_question_names_is_the_first_card_and_highlight(engine) -> None:
    question = "How much did Acme Rides spend on research and development in 2021?"
    assert _first_highlight(engine, question).startswith("Research and development | 911,946")
    # Without it, the prose about research costs, stating another amount, comes first.
    assert "911,946" not in _first_highlight(engine, question, row_coverage=2.0)


def test_a_row_without_a_dated_column_is_read_as_the_questions_period(engine) -> None:
    question = "What were Acme Rides' total future minimum payments as of December 31, 2021?"
    q = prepare(engine.index, question, engine.encoder.encode_query(question))
    found = named_row(engine.index, q, scope(engine.index, DOC).rows, engine.settings.search.row_coverage)
    passage = engine.index.passages[found.row]
    start, end = passage.sentences[found.sentence]
    assert engine.index.documents[DOC].text[start:end].startswith("Total future minimum payments")


@pytest.mark.parametrize(("question", "row"), [
    ("How many Active Riders did Acme Rides have in the fourth quarter of 2021?", "Three Months Ended December 31"),
    ("How many Active Riders did Acme Rides have in Q2 2021?", "Three Months Ended June 30"),
])
def test_a_quarterly_tables_row_is_the_quarter_asked_for(engine, question: str, row: str) -> None:
    q = prepare(engine.index, question, engine.encoder.encode_query(question))
    found = named_row(engine.index, q, scope(engine.index, DOC).rows, engine.settings.search.row_coverage)
    passage = engine.index.passages[found.row]
    start, end = passage.sentences[found.sentence]
    assert engine.index.documents[DOC].text[start:end].startswith(row)


@pytest.mark.parametrize("question", [
    "How many Active Riders did Acme Rides have in 2021?",  # a quarterly table's rows are quarters
    "What were Acme Rides' total future minimum payments?",  # no period: not one column of a statement
    "How much did Acme Rides spend on research and development in Brazil in 2021?",  # a name the row lacks
    "Why did Acme Rides spend on research and development in 2021?",  # a cause is no row of figures
    "How much did Acme Rides spend on research and development in 2018?",  # a year the row has no figure for
    "How much did Acme Rides' engineering organization spend on personnel in 2021?",  # no row named
])
def test_no_row_when_the_question_does_not_name_one_for_its_period(engine, question: str) -> None:
    q = prepare(engine.index, question, engine.encoder.encode_query(question))
    assert named_row(engine.index, q, scope(engine.index, DOC).rows, engine.settings.search.row_coverage) is None


def _table(top: float, title: str, years: tuple[str, ...], rows: list[tuple[str, ...]],
           scale: str | None = "(in thousands)") -> list[Text]:
    """A small table: title, scale note (none when ``scale`` is None), a header of years, rows of a label
    and figures."""
    page = [Text(220, top, title, 12, bold=True), *([Text(260, top - 14, scale, 10)] if scale else [])]
    page += [Text(380 + 70 * i, top - 34, year, 8, bold=True) for i, year in enumerate(years)]
    for k, (label, *values) in enumerate(rows):
        page += [Text(72, top - 46 - 11 * k, label, 8)]
        page += [Text(380 + 70 * i, top - 46 - 11 * k, v, 8) for i, v in enumerate(values)]
    return page


def _built(tmp_path, real_encoder, pages: list[list[Text]], title: str = "Acme Rides, Inc. - Form 10-K, fiscal 2021"):
    from caseqa.app.engine import Engine

    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / DOC).write_bytes(pdf_bytes(pages, title=title))
    engine = Engine(Settings(corpus_dir=tmp_path / "corpus", index_dir=tmp_path / "index"), real_encoder)
    engine.build()
    return engine


def test_money_asked_for_is_not_a_row_of_percentages(tmp_path, real_encoder) -> None:
    shares = _table(760, "Expenses", ("2021", "2020"),
                    [("Research and development", "28 %", "38 %"), ("Sales and marketing", "15 %", "17 %")])
    amounts = _table(760, "Consolidated Statements of Operations and Comprehensive Loss", ("2021", "2020"),
                     [("Research and development", "911,946", "909,126"),
                      ("Sales and marketing", "468,996", "416,331")])
    engine = _built(tmp_path, real_encoder, [flow(NARRATIVE, top=760, size=10), shares, amounts])
    shown = _first_highlight(engine, "How much did Acme spend on research and development in 2021?")
    assert shown.startswith("Research and development | 911,946"), shown
    shown = _first_highlight(engine, "What percentage of revenue did Acme's research and development take in 2021?")
    assert shown.startswith("Research and development | 28 %"), shown


def test_the_row_that_names_the_figure_and_its_year_comes_first(tmp_path, real_encoder) -> None:
    """Of rows the question names, the one whose own label says it ("Total assets", not a "Total" under a
    title about assets) and whose columns give the year asked for (not another company's condensed figures)."""
    table = _table

    partner = table(760, "Condensed Financial Information of Partner Co", (),
                    [("Revenue", "55"), ("Total assets", "2,671")])
    fair_value = table(600, "Assets Measured at Fair Value", ("2021", "2020"),
                       [("Money market funds", "200", "30"), ("Total", "271", "43")])
    balance = table(760, "Consolidated Balance Sheets", ("2021", "2020"),
                    [("Cash and cash equivalents", "457,325", "319,734"), ("Total assets", "4,678,964", "4,773,884")])
    engine = _built(tmp_path, real_encoder, [flow(NARRATIVE, top=760, size=10), partner + fair_value, balance])
    shown = _first_highlight(engine, "What were Acme's total assets at the end of 2021?")
    assert shown.startswith("Total assets | 4,678,964"), shown


def test_a_label_naming_the_company_with_its_legal_form_is_named_without_them(tmp_path, real_encoder) -> None:
    """"Net loss attributable to Acme Rides, Inc." is named by "the net loss attributable to Acme Rides":
    neither the report's own name nor "Inc." is a word the question must say."""
    shares = _table(760, "Results of Operations", ("2021", "2020"),
                    [("Net loss attributable to Acme Rides, Inc.", "(61)%", "(3)%")])
    amounts = _table(600, "Consolidated Statements of Operations", ("2021", "2020"),
                     [("Net loss attributable to non-controlling interests", "(20)", "(74)"),
                      ("Net loss attributable to Acme Rides, Inc.", "(6,768)", "(496)")])
    engine = _built(tmp_path, real_encoder, [flow(NARRATIVE, top=760, size=10), shares + amounts])
    shown = _first_highlight(engine, "How large was the net loss attributable to Acme Rides in 2020?")
    assert shown.startswith("Net loss attributable to Acme Rides, Inc. | (6,768)"), shown


def test_a_label_naming_its_period_is_named_without_it(tmp_path, real_encoder) -> None:
    """"Cash and equivalents at end of year" is named by "cash ... at the end of 2021": the period is the
    question's date, checked against the columns."""
    from caseqa.app.engine import Engine

    flows = _table(760, "Consolidated Statement of Cash Flows", ("2021", "2020"),
                   [("Cash and equivalents increase (decrease)", "(2,125.4)", "1,260.1"),
                    ("Cash and equivalents at beginning of year", "4,709.2", "3,449.1"),
                    ("Cash and equivalents at end of year", "$ 2,583.8", "$ 4,709.2")])
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / DOC).write_bytes(pdf_bytes([flow(NARRATIVE, top=760, size=10), flows],
                                                      title="ACME'S CORPORATION - Form 10-K, fiscal 2021"))
    engine = Engine(Settings(corpus_dir=tmp_path / "corpus", index_dir=tmp_path / "index"), real_encoder)
    engine.build()
    question = "How much cash and cash equivalents did Acme's hold at the end of 2021?"
    q = prepare(engine.index, question, engine.encoder.encode_query(question))
    found = named_row(engine.index, q, scope(engine.index, DOC).rows, engine.settings.search.row_coverage)
    assert found is not None
    start, end = engine.index.passages[found.row].sentences[found.sentence]
    assert engine.index.documents[DOC].text[start:end].startswith("Cash and equivalents at end of year | $ 2,583.8")
    assert _first_highlight(engine, question).startswith("Cash and equivalents at end of year | $ 2,583.8")


def test_a_reports_possessive_name_is_its_own() -> None:
    from caseqa.retrieve.rows import own_stems
    assert "mcdonald" in own_stems("McDONALD’S CORPORATION — Form 10-K, fiscal 2022", "We operate restaurants.")


def test_revenues_name_the_net_sales_row_and_earnings_the_net_income_row(tmp_path, real_encoder) -> None:
    """A reader's word for a line item ("revenues", "earnings") names the statement's ("Total net sales",
    "Net income"); "total" and "net" say which figure of the item the statement gives."""
    statement = _table(760, "Consolidated Statements of Operations", ("2021", "2020"),
                       [("Total net sales", "394,328", "365,817"), ("Cost of sales", "223,546", "212,981"),
                        ("Net income", "99,803", "94,680")])
    prose = [*NARRATIVE, "Our earnings reflect the fares we keep after paying drivers."]
    engine = _built(tmp_path, real_encoder, [flow(prose, top=760, size=10), statement])
    assert _first_highlight(engine, "What were Acme's total revenues in 2021?").startswith("Total net sales | 394,328")
    assert _first_highlight(engine, "What were Acme's earnings in 2021?").startswith("Net income | 99,803")
    # In a reader's words the report never writes: "profit after tax" is the net income.
    after_tax = _first_highlight(engine, "How much profit after tax did Acme make in 2021?")
    assert after_tax.startswith("Net income | 99,803")


def test_an_abbreviation_names_the_row_it_abbreviates(engine) -> None:
    """"R&D" is no word to the search ("r" too short, "d" a stop word): it is read as its full words."""
    assert _first_highlight(engine, "How much did Acme Rides spend on R&D in 2021?").startswith(
        "Research and development | 911,946")


def test_operating_revenues_and_consolidated_figures_are_named_as_the_whole(tmp_path, real_encoder) -> None:
    """"Total Operating Revenues" are the revenues a reader asks for (Verizon's statement); "Consolidated net
    income" the net income; of two rows alike but for their figures (a table's "Including Fuel" and
    "Excluding Fuel" blocks), the first, as reported."""
    statement = _table(760, "Consolidated Statements of Income", ("2021", "2020"),
                       [("Total Operating Revenues", "136,835", "133,613"),
                        ("Consolidated net income", "21,748", "22,618")])
    segment = _table(600, "Rides Segment", ("2021", "2020"),
                     [("Operating income", "1,964", "2,259"), ("Net sales", "71,665", "64,860"),
                      ("Operating income", "1,352", "1,923")])
    engine = _built(tmp_path, real_encoder, [flow(NARRATIVE, top=760, size=10), statement + segment])
    assert _first_highlight(engine, "What was Acme's total revenue for 2021?").startswith(
        "Total Operating Revenues | 136,835")
    assert _first_highlight(engine, "What was Acme's net income in 2021?").startswith("Consolidated net income")
    assert _first_highlight(engine, "What was the operating income of the Rides segment in 2021?").startswith(
        "Operating income | 1,964")


def test_a_row_counts_what_its_tables_title_says(tmp_path, real_encoder) -> None:
    """Costco: "How many people worked for Costco in Canada" is answered by "Canada | 50,000" under "Number
    of Employees": the row gives the count asked for though it does not say "employees" itself."""
    staff = _table(760, "Number of Employees", ("2021", "2020"),
                   [("United States", "202,000", "192,000"), ("Canada", "50,000", "47,000"),
                    ("Other International", "52,000", "49,000")])
    prose = [*NARRATIVE, "Many of our employees work in our membership warehouses. At the end of each year we",
             "report the number of our employees by country, as shown below."]
    engine = _built(tmp_path, real_encoder, [flow(prose, top=760, size=10), staff])
    answer = engine.answer("How many people worked for Acme in Canada at the end of 2021?", doc=DOC)
    assert answer.notice is None, answer.notice
    assert _first_highlight(engine, "How many people worked for Acme in Canada at the end of 2021?").startswith(
        "Canada | 50,000")


def test_other_income_is_not_the_income_and_cash_names_cash_and_equivalents(tmp_path, real_encoder) -> None:
    """Lockheed: "How much did the company earn after taxes" is its net earnings, not "Other income (expense),
    net"; MGM: "How much cash did the company have" is its cash and cash equivalents."""
    statement = _table(760, "Consolidated Statements of Earnings", ("2021", "2020"),
                       [("Other income (expense), net", "61", "62"), ("Net earnings", "5,732", "6,315")])
    balance = _table(600, "Consolidated Balance Sheets", ("2021", "2020"),
                     [("Cash and cash equivalents", "2,547", "3,604"), ("Total assets", "52,880", "50,873")])
    engine = _built(tmp_path, real_encoder, [flow(NARRATIVE, top=760, size=10), statement + balance])
    assert _first_highlight(engine, "How much did the company earn after taxes in 2021?").startswith(
        "Net earnings | 5,732")
    assert _first_highlight(engine, "What was Acme's other income, net in 2021?").startswith("Other income")
    assert _first_highlight(engine, "How much cash did the company have at the end of 2021?").startswith(
        "Cash and cash equivalents | 2,547")


def test_a_name_the_report_abbreviates_and_its_web_name_are_read_as_its_rows(tmp_path, real_encoder) -> None:
    """Amazon: "How much did Amazon Web Services bring in as net sales" is the row "AWS", and "Amazon" is the
    report "AMAZON.COM, Inc." itself, so its balance sheet's cash row answers without naming it."""
    prose = ["We serve consumers through our online stores. Acme Web Services (AWS) offers a broad set of",
             "compute, storage and database services to developers and enterprises of all sizes. The net sales",
             "each segment generated are shown below, and our cash on the balance sheet after them.", None,
             *NARRATIVE]
    sales = _table(760, "Net Sales", ("2021", "2022"),
                   [("North America", "279,833", "315,880"), ("AWS", "62,202", "80,096")])
    balance = _table(600, "Consolidated Balance Sheets", ("2021", "2022"),
                     [("Cash and cash equivalents", "36,220", "53,888"), ("Inventories", "32,640", "34,405")])
    engine = _built(tmp_path, real_encoder, [flow(prose, top=760, size=10), sales + balance],
                    title="ACME.COM, Inc. - Form 10-K, fiscal 2022")
    for question, row in (("How much did Acme Web Services bring in as net sales in 2022?", "AWS | 62,202"),
                          ("How much cash and cash equivalents did Acme have on its balance sheet at the end of "
                           "2022?", "Cash and cash equivalents | 36,220")):
        answer = engine.answer(question, doc=DOC)
        assert answer.notice is None, (question, answer.notice)
        assert _first_highlight(engine, question).startswith(row), question


def test_the_whole_companys_row_over_a_segments_and_words_that_only_ask_for_a_figure(tmp_path, real_encoder) -> None:
    """Boeing: each segment's table under "Results of Operations" has a "Revenues" row like the company's
    under "The following table summarizes key indicators of consolidated results of operations"; a
    question naming no segment means the whole, the largest. "Bring in", "the size of" and "how much
    money went into" ask for a figure and are no words a row must hold; "expense" of a line item of two
    words or more is the item itself; a balance at the beginning of a year is not the one asked for."""
    segment = _table(760, "Results of Operations", ("2021", "2020"),
                     [("Revenues", "25,867", "19,493"), ("Research and development", "1,510", "1,140")])
    whole = _table(600, "The following table summarizes key indicators of consolidated results of operations",
                   ("2021", "2020"), [("Revenues", "66,608", "62,286"),
                                      ("Research and development expense, net", "(2,852)", "(2,249)")])
    backlog = _table(760, "Our backlog at December 31 was as follows", ("2021", "2020"),
                     [("Contractual backlog", "381,977", "356,362"), ("Total backlog", "404,381", "377,499")])
    cash = _table(600, "Consolidated Statements of Cash Flows", ("2021", "2020"),
                  [("Cash and cash equivalents at beginning of year", "14,614", "8,052"),
                   ("Cash and cash equivalents at end of year", "8,052", "7,752")])
    engine = _built(tmp_path, real_encoder, [flow(NARRATIVE, top=760, size=10), segment + whole, backlog + cash])
    for question, row in (
            ("How much revenue did Acme bring in during fiscal 2021?", "Revenues | 66,608"),
            ("How much money went into research and development in 2021?",
             "Research and development expense, net | (2,852)"),
            ("What was the size of Acme's total order backlog at the end of 2021?", "Total backlog | 404,381"),
            ("How much cash did Acme have at the end of 2021?", "Cash and cash equivalents at end of year | 8,052")):
        assert _first_highlight(engine, question).startswith(row), question
    # A question naming the beginning of the year still gets that row.
    assert _first_highlight(engine, "How much cash did Acme have at the beginning of 2021?").startswith(
        "Cash and cash equivalents at beginning of year | 14,614")


def test_a_report_called_by_its_initials_names_its_own_rows(tmp_path, real_encoder) -> None:
    """AMD: "AMD's total assets" of Advanced Micro Devices, Inc.'s report is its own "Total assets" row; the
    initials are the report's name, not a name the row must hold."""
    balance = _table(760, "Consolidated Balance Sheets", ("2021", "2020"),
                     [("Total other non-current assets", "1,478", "373"), ("Total assets", "12,419", "8,962")])
    engine = _built(tmp_path, real_encoder, [flow(NARRATIVE, top=760, size=10), balance],
                    title="Advanced Micro Rides, Inc. - Form 10-K, fiscal 2021")
    assert _first_highlight(engine, "What was the value of AMR's total assets at the end of 2021?").startswith(
        "Total assets | 12,419")


def test_an_amount_per_share_is_the_row_in_cents(tmp_path, real_encoder) -> None:
    """AMD, Uber: "Diluted" is a row of the weighted-average shares and of the earnings per share; a question
    asking per share means the one in cents, however much larger the count of shares is."""
    shares = _table(760, "Shares used in per share calculation", ("2021", "2020"),
                    [("Basic", "1,207,000", "1,184,000"), ("Diluted", "1,229,000", "1,207,000")])
    per_share = _table(600, "Earnings per share", ("2021", "2020"),
                       [("Basic", "$ 2.61", "$ 2.10"), ("Diluted", "$ 2.57", "$ 2.06")])
    engine = _built(tmp_path, real_encoder, [flow(NARRATIVE, top=760, size=10), shares + per_share])
    assert _first_highlight(engine, "What were Acme's diluted earnings per share for fiscal 2021?").startswith(
        "Diluted | $ 2.57")


def test_an_amount_of_money_of_a_thing_the_report_never_states_gets_the_notice(engine) -> None:
    """CVS, Boeing: "How much did CVS spend on research and development?" was answered by "Experience-rated
    products | $ 744"; an amount is said of what the question asks it of, or not at all."""
    assert engine.answer("How much did Acme Rides spend on advertising in 2021?", doc=DOC).notice is not None
    assert engine.answer("How much did Acme Rides spend on research and development in 2021?", doc=DOC).notice is None
    assert engine.answer("What did Acme Rides spend on sales and marketing in 2021?", doc=DOC).notice is None


def test_sales_to_customers_are_the_revenue_and_a_report_named_by_initials_and_ampersand(tmp_path,
                                                                                       real_encoder) -> None:
    """Johnson & Johnson: "How much revenue did J&J bring in overall" is its row "Sales to customers"."""
    statement = _table(760, "Consolidated Statements of Earnings", ("2022", "2021"),
                       [("Sales to customers", "$ 94,943", "93,775"), ("Cost of products sold", "31,089", "29,855")])
    prose = [*NARRATIVE, "Our revenue comes from the sale of products to customers around the world."]
    engine = _built(tmp_path, real_encoder, [flow(prose, top=760, size=10), statement],
                    title="Johnson & Johnson - Form 10-K, fiscal 2022")
    question = "How much revenue did J&J bring in overall for fiscal year 2022?"
    assert _first_highlight(engine, question).startswith("Sales to customers | $ 94,943")
    assert engine.answer(question, doc=DOC).notice is None


def test_a_claim_that_the_whole_went_up_or_down_is_read_in_its_largest_rows(tmp_path, real_encoder) -> None:
    """Statement rows answer claims too. CVS: "total revenues declined" was supported by the Corporate/Other
    segment's "Total revenues decreased $191 million"; AMD: "Operating income | 3,648 | 1,369" is an amount
    though only the statement's first row prints "$"."""
    from caseqa.types import Label

    segment = _table(760, "The following table summarizes the Corporate/Other segment's performance", ("2022", "2021"),
                     [("Total revenues", "$ 530", "$ 721")], scale=None)
    prose = [*NARRATIVE, None, "Total revenues decreased $191 million, or 26.5%, in 2022 compared to 2021."]
    # Tables whose scale note is not read: only the "$" of a statement's first row says its rows are amounts.
    statement = _table(760, "Consolidated Statements of Operations", ("2022", "2021"),
                       [("Total revenues", "$ 322,467", "$ 292,111"), ("Operating income", "7,746", "13,191")],
                       scale=None)
    engine = _built(tmp_path, real_encoder, [flow(prose, top=760, size=10), segment, statement],
                    title="Acme Health Corporation - Form 10-K, fiscal 2022")
    declined = engine.check("Acme Health's total revenues declined in 2022 compared with 2021.")[0]
    assert declined.label == Label.CONTRADICTED, declined.reasons
    assert any("292,111" in r and "322,467" in r for r in declined.reasons), declined.reasons
    rose = engine.check("Acme Health's operating income rose in 2022 compared with 2021.")[0]
    assert rose.label == Label.CONTRADICTED, rose.reasons


def test_money_asked_for_is_not_a_row_of_a_table_that_states_none(tmp_path, real_encoder) -> None:
    """Pfizer: "How much total compensation did Albert Bourla receive in 2021?" named the officers' row
    "Albert Bourla | 60 | Chairman ...", and its age passed for the pay; the report never states it."""
    officers = _table(760, "Executive Officers", ("Age",), [("Albert Bourla", "60"), ("Frank D'Amelio", "64")],
                      scale=None)
    engine = _built(tmp_path, real_encoder, [flow(NARRATIVE, top=760, size=10), officers])
    question = "How much total compensation did Albert Bourla receive in 2021?"
    q = prepare(engine.index, question, engine.encoder.encode_query(question))
    assert named_row(engine.index, q, scope(engine.index, DOC).rows, engine.settings.search.row_coverage) is None
    assert engine.answer(question, doc=DOC).notice is not None
    # The same row answers a question about what it states.
    age = "How old was Albert Bourla in 2021?"
    q = prepare(engine.index, age, engine.encoder.encode_query(age))
    assert named_row(engine.index, q, scope(engine.index, DOC).rows, engine.settings.search.row_coverage) is not None
