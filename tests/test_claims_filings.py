"""Claims about a company's own annual report: table figures under their year and scale, figures
paired by "respectively", shares said as fractions, and the company that calls itself "we"."""

from __future__ import annotations

import pytest

from caseqa.claims.compare import is_change
from caseqa.config import Settings
from caseqa.language.quantities import Kind, extract
from caseqa.language.self_reference import own_names, spoken_as_self
from caseqa.types import Label
from pdfmaker import Text, flow, pdf_bytes
from test_pdf_filings import cash_flow_page

NARRATIVE = [
    "We ended the year with $4.3 billion in cash and cash equivalents.",
    "As of December 31, 2021, we had 4,453 employees in approximately 119 offices. Approximately",
    "40% of our employees work in our product management, engineering and design organizations.",
    "Advertising expenses were $145.4 million, $102.5 million and $188.3 million, respectively, for",
    "the years ended December 31, 2021, 2020 and 2019. We created a Driver Legal Defense Fund to",
    "cover 100% of legal fees for drivers sued under the new state law while driving on our platform.",
    "In August 2021, we issued senior notes of $500 million due on August 15, 2029, in a private placement.",
    "Cash provided by financing activities was $267.0 million for the year ended December 31, 2021.",
    "Interest expense increased $19.0 million, or 58%, in 2021 as compared to the prior year.",
    "Certain of our stockholders, including Zenith Capital (a large stockholder), have invested in our competitors.",
    "We maintain additional offices in the U.S. and internationally in Montreal, Munich and Minsk.",
    "We have made the commitment to reach 100% electric vehicles on the Acme network by the end of 2030.",
    "Revenue grew in 2021 with a shift toward higher revenue rides such as airport rides.",
    "In July 2021, we announced our intention to spin off the scooter business by the end of 2022.",
]


@pytest.fixture(scope="module")
def filing_engine(tmp_path_factory: pytest.TempPathFactory, real_encoder):
    """A two-page 10-K of "Acme Rides, Inc." (a cash-flow statement, then narrative), indexed with the real model."""
    from caseqa.app.engine import Engine

    base = tmp_path_factory.mktemp("filing")
    (base / "corpus").mkdir()
    pages = [cash_flow_page(), flow(NARRATIVE, top=760, size=10)]
    (base / "corpus" / "acme-10k.pdf").write_bytes(pdf_bytes(pages, title="Acme Rides, Inc. - Form 10-K, fiscal 2021"))
    engine = Engine(Settings(corpus_dir=base / "corpus", index_dir=base / "index"), real_encoder)
    engine.build()
    return engine


def case_engine(tmp_path_factory: pytest.TempPathFactory, encoder, name: str, text: str):
    """An engine over one Markdown case ``text``, indexed with the given encoder."""
    from caseqa.app.engine import Engine

    base = tmp_path_factory.mktemp(name)
    (base / "corpus").mkdir()
    (base / "corpus" / "acme.md").write_text(text, encoding="utf-8")
    engine = Engine(Settings(corpus_dir=base / "corpus", index_dir=base / "index"), encoder)
    engine.build()
    return engine


@pytest.mark.parametrize(("claim", "label", "reason"), [
    # A table row, read under the claim's year, scaled "in thousands", its parentheses a sign.
    ("Acme Rides spent about $94 million on property, equipment and its scooter fleet in 2020.",
     Label.SUPPORTED, ""),
    ("Acme Rides spent about $936 million on property, equipment and its scooter fleet in 2020.",
     Label.CONTRADICTED, "(93,639) (2020, in thousands)"),
    ("Acme Rides spent about $94 million on property, equipment and its scooter fleet in 2021.",
     Label.CONTRADICTED, "(79,176) (2021, in thousands)"),
    # "respectively" pairs each figure with its year.
    ("Acme Rides' advertising expenses were about $103 million in 2020.", Label.SUPPORTED, ""),
    ("Acme Rides' advertising expenses were about $145 million in 2020.", Label.CONTRADICTED, "$102.5 million"),
    # The company is "we" in its own report; a share said as a fraction is a percentage.
    ("At the end of 2021 Acme Rides had 4,453 employees.", Label.SUPPORTED, ""),
    ("Acme Rides' Driver Legal Defense Fund covers half of the legal fees of drivers sued under the state law.",
     Label.CONTRADICTED, "half of"),
    # A date keeps its year across a clause break; cash provided is not cash used.
    ("Acme Rides issued its $500 million senior notes due 2029 in August 2020.", Label.CONTRADICTED, "August 2021"),
    ("Acme Rides' financing activities used about $267 million of cash in 2021.", Label.CONTRADICTED, "provided"),
    # An amount the report never states, in a year it does not speak of: not a contradiction.
    ("Acme Rides expects its capital spending on property and equipment to be about $150 million in 2022.",
     Label.NOT_FOUND, ""),
    # A case figure that states another figure of the claim is not this one's to contradict ...
    ("Acme Rides ended 2021 with about $4.3 billion of cash and cash equivalents, down from about $5.6 billion "
     "two years before.", Label.NOT_FOUND, "no figure to compare with: about $5.6 billion"),
    # Prose about a part (a subsidiary's purchases) does not support the whole against the statement's row.

    # ... and a change is no level, nor a level a change.
    ("Acme Rides' interest expense increased by about $19 million in 2021.", Label.SUPPORTED, ""),
    ("Acme Rides' interest expense went down in 2021 compared with the prior year.", Label.CONTRADICTED,
     "claim says went down; the case says increased"),
    # A plan's date is not contradicted by the date of what happened.
    ("Acme Rides plans to issue more senior notes in August 2023.", Label.NOT_FOUND, ""),
    # "a large stockholder" is not "the largest shareholder".
    ("Zenith Capital is Acme Rides' largest shareholder.", Label.NOT_FOUND,
     "claim says largest; the evidence says large"),
    ("Zenith Capital is a large stockholder of Acme Rides.", Label.SUPPORTED, ""),
    ("Acme Rides' interest expense rose to about $19 million in 2021.", Label.NOT_FOUND, "no figure to compare with"),
    # A row's columns say the years of a change ("in fiscal 2021 compared with fiscal 2020"), not its label.
    ("Acme Rides' sales of property and equipment fell in fiscal 2021 compared with fiscal 2020.",
     Label.CONTRADICTED, "went from 30,894 (2020) to 42,543 (2021)"),
    # A change is not read in a table's levels: the row states what was sold, not by how much it grew.
    ("Acme Rides' sales of property and equipment increased by about $42.5 million in 2021.", Label.NOT_FOUND, ""),
    ("Acme Rides' sales of property and equipment came to about $42.5 million in 2021.", Label.SUPPORTED, ""),
    # A share the report does not give: airport rides are named, not said to be most of the revenue.
    ("Airport rides made up most of Acme Rides' revenue in 2021.", Label.NOT_FOUND, "does not say “most of”"),
    # A quarter's figure is not compared with the year's.
    ("Acme Rides' interest expense increased by about $7 million in the fourth quarter of 2021.", Label.NOT_FOUND,
     "no figure to compare with"),
])
def test_claims_on_a_filing(filing_engine, claim: str, label: Label, reason: str) -> None:
    verdict = filing_engine.check(claim)[0]
    assert verdict.label == label, (claim, verdict.reasons)
    assert reason in " ".join(verdict.reasons), verdict.reasons


@pytest.mark.parametrize(("claim", "label", "reason"), [
    # Prose about a part (a subsidiary's sales) does not support the whole against the statement's row ...
    ("Acme Rides' sales of property and equipment came to about $4.2 million in 2021.",
     Label.CONTRADICTED, "42,543 (2021, in thousands)"),
    # ... but it does support a claim about that part.
    ("Acme Rides' bike-share subsidiary made sales of property and equipment of about $4.2 million in 2021.",
     Label.SUPPORTED, ""),
])
def test_prose_about_a_part_is_not_the_whole(tmp_path_factory: pytest.TempPathFactory, real_encoder, claim: str,
                                            label: Label, reason: str) -> None:
    from caseqa.app.engine import Engine

    base = tmp_path_factory.mktemp("part")
    (base / "corpus").mkdir()
    prose = ["Sales of property and equipment by our bike-share subsidiary were $4.2 million in 2021."]
    pages = [cash_flow_page(), flow(prose, top=760, size=10)]
    (base / "corpus" / "acme-10k.pdf").write_bytes(pdf_bytes(pages, title="Acme Rides, Inc. - Form 10-K, fiscal 2021"))
    engine = Engine(Settings(corpus_dir=base / "corpus", index_dir=base / "index"), real_encoder)
    engine.build()
    verdict = engine.check(claim)[0]
    assert verdict.label == label, (claim, verdict.reasons)
    assert reason in " ".join(verdict.reasons), verdict.reasons


@pytest.mark.parametrize(("text", "low", "high"), [
    ("half of the miles", 50, 50), ("around two-fifths of its staff", 34, 46), ("a third of the budget", 33, 34),
    ("nearly a quarter of bookings", 21.25, 28.75), ("more than half of the staff", 50, float("inf")),
])
def test_fractions_of_a_whole_are_percentages(text: str, low: float, high: float) -> None:
    [q] = extract(text)
    assert q.kind == Kind.PERCENT and low - 0.1 <= q.low <= low + 0.1 and q.high >= high - 0.1


def test_a_year_before_money_is_a_year_not_a_range_of_money() -> None:
    found = extract("rose from $1.0 billion at the end of 2020 to $1.1 billion at the end of 2021")
    assert [(q.kind, q.low) for q in found] == [(Kind.MONEY, 1e9), (Kind.YEAR, 2020), (Kind.MONEY, 1.1e9),
                                                (Kind.YEAR, 2021)]


def test_fraction_words_that_are_not_shares_stay_what_they_are() -> None:
    assert [q.kind for q in extract("half an hour")] == [Kind.DURATION]
    assert Kind.PERCENT not in [q.kind for q in extract("the third of June")]


def test_the_reports_own_name_as_possessor_is_the_reports_our() -> None:
    from caseqa.language.self_reference import without_self
    selves = frozenset({"uber", "uber technologies"})
    assert without_self("Uber's Gross Bookings", selves) == "Gross Bookings"
    assert without_self("Lyft's Active Riders", selves) == "Lyft's Active Riders"
    assert without_self("Gross Bookings", selves) == "Gross Bookings"


def test_a_report_names_itself_when_it_speaks_as_we() -> None:
    assert own_names("Lyft, Inc. — Form 10-K, fiscal 2021") >= {"lyft"}
    assert "uber" in own_names("Uber Technologies, Inc. — Form 10-K, fiscal 2021")
    assert own_names("Curated by Alibaba Business School") == frozenset()  # a case, not a company's report
    title = "Acme Rides, Inc. — annual review"
    assert "acme rides" in spoken_as_self(title, "In 2012, we launched our marketplace. Our riders love us. " * 20)
    # A text about the company that quotes it now and then does not speak as it ...
    about = "Acme Rides launched its marketplace in 2012 and grew quickly across the country. " * 20
    assert spoken_as_self(title, about + "The founder said: we are proud.") == frozenset()
    # ... but a filing is the company's own report, however seldom it says "we" ("3M", "the Company").
    assert "3m" in spoken_as_self("3M Company — Form 10-K, fiscal 2022", about.replace("Acme Rides", "3M"))


@pytest.mark.parametrize("text", ["the fight against COVID-19", "revenue under ASC 842", "see Item 7 and Note 4",
                                  "Uber is one of the largest platforms"])
def test_names_labels_and_one_of_are_no_figures(text: str) -> None:
    assert extract(text) == []


@pytest.mark.parametrize(("claim", "years"), [
    ("Uber ended 2021 with about $4.3 billion of cash, down from about $5.6 billion a year earlier.", [2021, 2020]),
    ("Revenue was $3.2 billion in 2021 against $2.4 billion the prior year.", [2021, 2020]),
    ("Revenue rose from $2.4 billion in 2020 to $3.2 billion in 2021.", [2020, 2021]),
])
def test_a_figure_said_to_be_a_year_earlier_is_the_year_before(claim: str, years: list[int]) -> None:
    from caseqa.claims.compare import year_of
    from caseqa.claims.text import Claim

    parsed = Claim.parse(claim)
    assert [year_of(q, parsed) for q in parsed.quantities if q.kind == Kind.MONEY] == years


def test_each_figure_is_read_in_the_row_the_claim_names_next_to_it() -> None:
    from caseqa.claims.compare import Outcome, against_table
    from caseqa.claims.text import Claim
    from caseqa.types import TableRow

    rows = [TableRow(0, 10, "Cash and cash equivalents", ("$ 457,325",), ("2021",), None, "thousands"),
            TableRow(11, 20, "Short-term investments", ("1,796,533",), ("2021",), None, "thousands")]
    claim = Claim.parse("At the end of 2021 Lyft held about $457 million in cash and cash equivalents plus "
                        "roughly $1.8 billion of short-term investments.")
    cash, investments = [q for q in claim.quantities if q.kind == Kind.MONEY]
    assert against_table(cash, claim, rows) == (Outcome.MATCH, None)
    assert against_table(investments, claim, rows) == (Outcome.MATCH, None)


def figure_of(claim, kind: Kind):
    """The claim's first figure of a kind."""
    return next(q for q in claim.quantities if q.kind == kind)


def window_of(text: str, claim):
    """One sentence of evidence as an aligned window."""
    from caseqa.claims.align import Window
    from caseqa.types import Passage

    passage = Passage("r#0", "r", 0, 0, len(text), text, "r", None, (0, 0), ((0, len(text)),), 0)
    return Window(passage, 0, len(text), text, 1.0, 1.0, frozenset(claim.terms), 1.0)


def test_a_range_of_dates_does_not_cut_a_figure_from_its_words() -> None:
    from caseqa.claims.compare import Outcome, compare_quantity
    from caseqa.claims.text import Claim

    case = ("Under this agreement, we committed to spend an aggregate of at least $300 million between January 2019 "
            "and June 2022 on AWS services, with a minimum amount of $80 million in each of the three years.")
    claim = Claim.parse("Lyft committed to spend at least $300 million on AWS services between January 2019 and "
                        "June 2022.")
    figure = figure_of(claim, Kind.MONEY)
    assert compare_quantity(figure, claim, window_of(case, claim))[0] == Outcome.MATCH


def test_another_years_figure_does_not_answer_for_the_claims_year() -> None:
    from caseqa.claims.compare import Outcome, compare_quantity
    from caseqa.claims.text import Claim

    case = "This update resulted in an additional 927 Active Riders in the fourth quarter of 2020."
    claim = Claim.parse("Lyft had around 18.7 million Active Riders in the fourth quarter of 2021.")
    figure = figure_of(claim, Kind.COUNT)
    assert compare_quantity(figure, claim, window_of(case, claim))[0] == Outcome.ABSENT
    claim = Claim.parse("Lyft had around 18.7 million Active Riders in the fourth quarter of 2020.")
    figure = figure_of(claim, Kind.COUNT)
    assert compare_quantity(figure, claim, window_of(case, claim))[0] == Outcome.MISMATCH


def test_each_figure_of_a_claim_is_bound_by_its_own_words() -> None:
    from caseqa.claims.compare import Outcome, compare_quantity
    from caseqa.claims.text import Claim

    case = ("We will receive, in total, approximately $515 million in cash in connection with this transaction, "
            "with $165 million paid upfront and $350 million to be paid over a five-year period.")
    for claim_text, outcome in [("Lyft will receive about $515 million, with $350 million paid upfront.",
                                 Outcome.MISMATCH),
                                ("Lyft will receive about $515 million, with $165 million paid upfront.",
                                 Outcome.MATCH)]:
        claim = Claim.parse(claim_text)
        figure = [q for q in claim.quantities if q.kind == Kind.MONEY][1]
        assert compare_quantity(figure, claim, window_of(case, claim))[0] == outcome, claim_text


def test_a_number_word_in_a_name_is_no_figure() -> None:
    assert [q.text for q in extract("over 6 million members of Uber One and Uber Pass")] == ["over 6 million"]
    assert [q.text for q in extract("Alibaba sent One million masks.")] == ["One million"]


def test_the_words_placing_a_figure_in_its_period_are_no_terms() -> None:
    from caseqa.claims.text import Claim

    assert "end" not in Claim.parse("At the end of 2021 Lyft held about $457 million in cash.").terms
    assert "end" not in Claim.parse("Lyft had 4,453 employees at year-end 2021.").terms
    assert "end" in Claim.parse("The strike came to an end in 1995.").terms


def test_rounded_amounts_are_read_against_a_statement_as_printed() -> None:
    from caseqa.claims.compare import as_rounded

    def interval(text: str) -> tuple[float, float]:
        q = as_rounded(extract(text)[0])
        return q.low, q.high

    low, high = interval("about 312 million")  # not 334,724 thousand, which "about" would reach at ±15 %
    assert low < 312e6 < high and high < 320e6
    low, high = interval("$92.9 million")  # 92,923 thousand, as a reader rounds it
    assert low <= 92.923e6 <= high


def test_cells_of_an_unrecognised_table_are_read_as_a_row() -> None:
    from caseqa.claims.compare import printed_rows

    [row] = printed_rows("Total assets | $ 4,773,884 | $ 4,678,964\nA sentence | with a bar")
    assert row.label == "Total assets" and row.values == ("$ 4,773,884", "$ 4,678,964") and row.scale is None


@pytest.mark.parametrize(("text", "figure", "change"), [
    ("Interest expense increased $19.0 million, or 58%, in 2021", "$19.0 million", True),
    ("Interest expense increased $19.0 million, or 58%, in 2021", "58%", True),
    ("due to a $51.6 million increase in stock-based compensation", "$51.6 million", True),
    ("Revenue was up 36% year over year", "36%", True),
    ("interest expense rose to about $51.6 million in 2021", "about $51.6 million", False),
    ("Cainiao set up 400 hotlines", "400", False),
    ("we had 4,453 employees", "4,453", False),
])
def test_a_change_is_told_from_a_level(text: str, figure: str, change: bool) -> None:
    q = next(q for q in extract(text) if q.text.startswith(figure))
    assert is_change(text, q) is change


def test_a_place_the_evidence_gives_by_its_initials_is_named(filing_engine) -> None:
    verdict = filing_engine.check("Acme has offices in the United States and in Montreal, Munich and Minsk.")[0]
    assert verdict.label == Label.SUPPORTED, verdict.reasons


def test_a_share_is_not_read_in_the_percentages_beside_a_rows_amounts() -> None:
    from caseqa.claims.compare import Outcome, compare_quantity
    from caseqa.claims.text import Claim
    from caseqa.types import TableRow

    text = "Gross Bookings | $ 57,897 | $ 90,415 | 56 % | 53 %"
    row = TableRow(0, len(text), "Gross Bookings", ("$ 57,897", "$ 90,415", "56 %", "53 %"),
                   ("2020", "2021", "% Change", "% Change (constant currency)"), None, "millions")
    claim = Claim.parse("Nearly half of Uber's 2021 Mobility Gross Bookings came from five metropolitan areas.")
    share = figure_of(claim, Kind.PERCENT)
    assert compare_quantity(share, claim, window_of(text, claim), [row])[0] == Outcome.ABSENT
    # A row of shares still states them.
    shares = TableRow(0, 30, "Mobility", ("48 %", "46 %"), ("2020", "2021"), None, None)
    assert compare_quantity(share, claim, window_of("Mobility | 48 % | 46 %", claim), [shares])[0] == Outcome.MATCH


def test_the_year_said_after_an_amount_is_its_year_and_a_year_compared_with_is_not() -> None:
    from caseqa.claims.compare import Outcome, compare_quantity
    from caseqa.claims.text import Claim

    change = ("Net loss decreased $743.5 million, or 42%, from $1.8 billion in 2020 to $1.0 billion in 2021, which "
              "included a benefit from a pre-tax gain.")
    claim = Claim.parse("Lyft lost about $1 billion in 2021.")
    year = figure_of(claim, Kind.YEAR)
    assert compare_quantity(year, claim, window_of(change, claim))[0] == Outcome.MATCH
    summary = "Net loss was $1.0 billion, a decrease of 42% and 61% compared to 2020 and 2019, respectively."
    other = Claim.parse("Lyft lost about $1 billion in 2020.")
    year = figure_of(other, Kind.YEAR)
    assert compare_quantity(year, other, window_of(summary, other))[0] == Outcome.ABSENT
    # A claim that itself compares with that year finds it.
    compared = Claim.parse("Lyft's net loss fell 42% in 2021 compared with 2020.")
    base = next(q for q in compared.quantities if q.text == "2020")
    assert compare_quantity(base, compared, window_of(summary, compared))[0] == Outcome.MATCH


def test_a_row_the_claim_names_contradicts_its_figure_with_few_words_shared(filing_engine) -> None:
    # "Sales of property and equipment | 42,543" (2021, in thousands): a claim of another amount that
    # names the row is contradicted, though it shares little else with a row of figures.
    verdict = filing_engine.check("Acme's sales of property and equipment slumped to about $12 million in 2021 as "
                                  "buyers held back amid tight credit and weak demand.")[0]
    assert verdict.label == Label.CONTRADICTED, verdict.reasons
    # A narrower line item than the row's ("sales of property and equipment to franchisees in Ohio")
    # is not what the row states.
    narrower = filing_engine.check("Acme's sales of property and equipment to franchisees in Ohio came to about "
                                   "$12 million in 2021.")[0]
    assert narrower.label == Label.NOT_FOUND, narrower.reasons


def test_a_plans_date_is_contradicted_by_another_plans_date(filing_engine) -> None:
    verdict = filing_engine.check("Acme has pledged that all the vehicles on its network will be electric by the "
                                  "end of 2025.")[0]
    assert verdict.label == Label.CONTRADICTED, verdict.reasons
    assert "claim says 2025; the case says 2030" in verdict.reasons
    # An announced intention is a plan too: its date is the plan's, and another date contradicts it.
    verdict = filing_engine.check("Acme planned to spin off the scooter business by the end of 2023.")[0]
    assert verdict.label == Label.CONTRADICTED, verdict.reasons


def test_every_figure_different_and_the_date_unnamed_is_another_event(filing_engine) -> None:
    # "In August 2021, we issued senior notes of $500 million due on August 15, 2029, in a private
    # placement": an issue in March 2019 of $900 million differs in every figure, and 2019 is nowhere
    # in the evidence: another issue the filing does not mention, not this one misreported.
    verdict = filing_engine.check("In March 2019, Acme issued senior notes of $900 million in a private placement.")[0]
    assert verdict.label == Label.NOT_FOUND, verdict.reasons
    # One thing changed, with the claim's date in the evidence, still contradicts.
    assert filing_engine.check("In August 2021, Acme issued senior notes of $900 million in a private "
                               "placement.")[0].label == Label.CONTRADICTED


def test_a_loss_where_the_row_states_a_positive_figure_is_contradicted() -> None:
    from caseqa.claims.compare import row_sign
    from caseqa.claims.text import Claim
    from caseqa.types import TableRow

    row = TableRow(0, 40, "Adjusted EBITDA", ("$ 92.9", "$ (755.2)"), ("2021", "2020"), None, "millions")
    loss = Claim.parse("Lyft posted an Adjusted EBITDA loss of roughly $93 million in 2021.")
    figure = figure_of(loss, Kind.MONEY)
    assert row_sign(loss, figure, row) is not None
    profit = Claim.parse("Lyft posted an Adjusted EBITDA profit of roughly $93 million in 2021.")
    assert row_sign(profit, figure_of(profit, Kind.MONEY), row) is None
    earlier = Claim.parse("Lyft's Adjusted EBITDA loss was about $755 million in 2020.")
    assert row_sign(earlier, figure_of(earlier, Kind.MONEY), row) is None
    # A row whose label says which ("Net loss | (1,009.4)") has its sign by convention.
    net = TableRow(0, 30, "Net loss", ("$ (1,009.4)",), ("2021",), None, "millions")
    said = Claim.parse("Lyft's net loss was about $1 billion in 2021.")
    assert row_sign(said, figure_of(said, Kind.MONEY), net) is None
    # Earnings in parentheses are a loss, and a label saying both sides leaves it to the sign.
    segment = TableRow(0, 50, "Defense, Space & Security", ("(3,544)", "1,544"), ("2022", "2021"),
                       "(Loss)/earnings from operations", "millions")
    earned = Claim.parse("The defense, space and security segment earned about $3.5 billion from operations in 2022.")
    assert row_sign(earned, figure_of(earned, Kind.MONEY), segment) is not None
    both = TableRow(0, 50, "(Loss)/earnings from operations", ("(3,544)", "1,544"), ("2022", "2021"), None, "millions")
    assert row_sign(earned, figure_of(earned, Kind.MONEY), both) is not None
    before = Claim.parse("The defense, space and security segment earned about $1.5 billion from operations in 2021.")
    assert row_sign(before, figure_of(before, Kind.MONEY), segment) is None


def test_cash_used_where_the_amounts_clause_says_provided_is_contradicted() -> None:
    from caseqa.claims.compare import cash_way
    from caseqa.claims.text import Claim

    text = ("Net cash provided by operating activities was $3.5 billion during 2022, compared with net cash used by "
            "operating activities of $3.4 billion during 2021.")
    used = Claim.parse("Boeing's operating activities used about $3.5 billion of cash in 2022.")
    assert cash_way(used, figure_of(used, Kind.MONEY), text).startswith(
        "claim says cash was used; the case says provided")
    provided = Claim.parse("Boeing's operating activities provided about $3.5 billion of cash in 2022.")
    assert cash_way(provided, figure_of(provided, Kind.MONEY), text) is None
    # The year decides which clause's amount is the claim's, "about" reaching both.
    earlier = Claim.parse("Boeing's operating activities used about $3.4 billion of cash in 2021.")
    assert cash_way(earlier, figure_of(earlier, Kind.MONEY), text) is None
    generated = Claim.parse("Boeing's operating activities generated about $3.4 billion of cash in 2021.")
    assert cash_way(generated, figure_of(generated, Kind.MONEY), text) is not None
    # A row saying both ways ("Net cash (used in) provided by") says nothing here.
    row = "Net cash (used in) provided by operating activities | 3,512 | (3,416)"
    assert cash_way(used, figure_of(used, Kind.MONEY), row) is None
    # The way said nearest the amount is its own.
    two = "Investing activities used $1.2 billion in 2022, while operating activities provided $3.5 billion."
    assert cash_way(used, figure_of(used, Kind.MONEY), two) is not None
    assert cash_way(provided, figure_of(provided, Kind.MONEY), two) is None


def test_a_year_after_the_same_word_is_the_claims_year() -> None:
    from caseqa.claims.compare import Outcome, compare_quantity
    from caseqa.claims.text import Claim

    case = ("In May 2020, the Company issued $747.5 million aggregate principal amount of 1.50% convertible senior "
            "notes due 2025 (the 2025 Notes).")
    claim = Claim.parse("Lyft's convertible notes due in 2025 pay interest at 1.5% a year.")
    year = figure_of(claim, Kind.YEAR)
    assert compare_quantity(year, claim, window_of(case, claim))[0] == Outcome.MATCH


def window_of_sentences(sentences: list[str], claim):
    """Several sentences of evidence as one aligned window."""
    from caseqa.claims.align import Window
    from caseqa.types import Passage

    text, spans = "", []
    for sentence in sentences:
        start = len(text) + (1 if text else 0)
        text = f"{text} {sentence}" if text else sentence
        spans.append((start, len(text)))
    passage = Passage("r#0", "r", 0, 0, len(text), text, "r", None, (0, 0), tuple(spans), 0)
    return Window(passage, 0, len(text), text, 1.0, 1.0, frozenset(claim.terms), 1.0)


def test_a_figure_in_a_sentence_about_someone_else_is_not_the_claims() -> None:
    from caseqa.claims.compare import Outcome, compare_quantity
    from caseqa.claims.text import Claim

    case = ["Lyft created a Driver Legal Defense Fund to cover 100% of legal fees for drivers sued under SB8.",
            "We also donated $1 million to Planned Parenthood to help ensure that transportation is never a barrier."]
    fund = Claim.parse("Lyft's Driver Legal Defense Fund has paid out more than $500,000 in legal fees.")
    assert compare_quantity(figure_of(fund, Kind.MONEY), fund, window_of_sentences(case, fund))[0] == Outcome.ABSENT
    gift = Claim.parse("Lyft donated $1 million to Planned Parenthood.")
    assert compare_quantity(figure_of(gift, Kind.MONEY), gift, window_of_sentences(case, gift))[0] == Outcome.MATCH
    # A sentence that only goes on with the one before (no one else named) keeps its figures.
    signups = ["Just 1 hour after launching online, 10,000 people signed up.",
               "100,000 people in 4 hours, and more than 1 million people in 3 days."]
    claim = Claim.parse("The insurance reached 100,000 sign-ups in four hours.")
    figure = next(q for q in claim.quantities if q.kind == Kind.COUNT)
    assert compare_quantity(figure, claim, window_of_sentences(signups, claim))[0] == Outcome.MATCH


def test_the_report_as_subject_is_not_supported_by_a_clause_about_another_company() -> None:
    from caseqa.claims.compare import self_swap
    from caseqa.claims.text import Claim

    selves = frozenset({"acme rides", "acme rides, inc."})
    doc = ("In this report Acme Rides is “we”. We were founded in 2009. Dubai-based Careem was founded in 2012. "
           "Revenue increased in 2021.")
    claim = Claim.parse("Acme Rides was founded in 2012.")
    careem = "Dubai-based Careem was founded in 2012, and provides ridesharing across the Middle East."
    assert self_swap(claim, window_of(careem, claim), doc, selves) == ("Acme Rides", "Careem")
    assert self_swap(claim, window_of("We were founded in 2009 and incorporated in July 2010.", claim), doc,
                     selves) is None
    # A heading above the clause is not its subject, nor is a name the claim gives, nor an ordinary word.
    growth = Claim.parse("Acme Rides' revenue grew 57% in 2021.")
    assert self_swap(growth, window_of("2021 Compared to 2020\nRevenue increased $6.3 billion, or 57%.", growth),
                     doc, selves) is None
    deal = Claim.parse("Acme Rides acquired Careem in 2020.")
    assert self_swap(deal, window_of("In 2020 Careem was acquired for $3.1 billion.", deal), doc, selves) is None
    # Not for a case that does not speak as the company.
    assert self_swap(claim, window_of(careem, claim), doc, frozenset()) is None


def test_a_change_the_evidence_never_states_is_not_supported() -> None:
    from caseqa.claims.compare import change_unsaid

    claim = "Uber's goodwill went down between the end of 2020 and the end of 2021."
    intro = ("The following table presents the changes in the carrying value of goodwill by segment for the years "
             "ended December 31, 2020 and 2021 (in millions):")
    assert change_unsaid(claim, intro) == "went down"
    assert change_unsaid(claim, "Goodwill decreased in 2021 after the sale of the business.") is None
    assert change_unsaid(claim, "Goodwill was $6,109 million in 2021 and $8,420 million in 2020.") is None
    assert change_unsaid("Revenue rose in 2021.", intro) == "rose"
    # A change not said to have happened: planned, allowed or denied.
    assert change_unsaid("Sellers were not allowed to raise mask prices.", "Sellers must keep mask prices.") is None


def test_a_named_part_of_the_whole_does_not_support_the_whole() -> None:
    from caseqa.claims.compare import named_part
    from caseqa.claims.text import Claim

    selves = frozenset({"acme rides", "acme rides, inc."})
    claim = Claim.parse("Acme Rides' revenue declined in 2021 compared with 2020.")
    segment = ("For the year ended December 31, 2021 compared to the same period in 2020, All Other revenue "
               "decreased $127 million, or 94%.")
    assert named_part(claim, window_of(segment, claim), selves) == ("revenue", "All Other revenue")
    # The whole, said bare, as a statement's total, as the company's or at a sentence's start, is no part.
    for whole in ("Revenue decreased $127 million in 2021 compared to 2020.",
                  "Total Revenue | $ 13,000 | $ 11,139 | $ 17,455",
                  "In 2021 the Company revenue decreased compared to 2020.",
                  "All Other revenue decreased $127 million, and revenue decreased $2 billion."):
        assert named_part(claim, window_of(whole, claim), selves) is None, whole
    # Nor in a case that does not speak as the company, nor for a word that is no measure ("a Stock
    # Purchase Agreement" names a document, not a part of the purchase).
    assert named_part(claim, window_of(segment, claim), frozenset()) is None
    deal = Claim.parse("In November 2021 Acme Rides completed its purchase of Transplace.")
    agreement = "On July 21, 2021, we entered into a Stock Purchase Agreement to acquire Transplace."
    assert named_part(deal, window_of(agreement, deal), selves) is None


def test_an_increase_in_a_named_measure_of_a_percentage_is_a_change() -> None:
    text = ("Revenue increased $6.3 billion, or 57%, primarily attributable to an increase in Gross Bookings of 56%, "
            "or 53% on a constant currency basis.")
    assert [(q.text, is_change(text, q)) for q in extract(text)] == [
        ("$6.3 billion", True), ("57%", True), ("56%", True), ("53%", False)]


def test_a_denial_of_another_verb_does_not_negate_the_claim() -> None:
    """"do not include tips earned by Drivers" denies what Gross Bookings include, not that Drivers
    earned tips; "have never paid cash dividends" denies the claim's own verb and object."""
    from caseqa.claims.compare import denies_claim_phrase, negated_where_aligned
    from caseqa.claims.text import Claim

    tips = Claim.parse("Drivers on Acme's platform earned about $3 billion in tips in 2021.")
    bookings = "Gross Bookings do not include tips earned by Drivers."
    assert not negated_where_aligned(tips, bookings, window_of(bookings, tips))
    dividends = Claim.parse("Acme Rides has paid cash dividends on its stock every year since its IPO.")
    never = "We have never paid cash dividends on our capital stock."
    assert negated_where_aligned(dividends, never, window_of(never, dividends))
    assert denies_claim_phrase(dividends, never)
    assert not denies_claim_phrase(tips, bookings)
    # A denial the stop words hide is still one: "do not own any real property".
    owns = Claim.parse("Acme Rides does not own any real property.")
    lease = "We do not own any real property."
    assert negated_where_aligned(owns, lease, window_of(lease, owns))


def test_a_refusal_said_with_a_particle_is_the_opposite_of_approval() -> None:
    from caseqa.claims.compare import opposite_words

    case = "In November 2020, California voters approved Proposition 22, a state ballot initiative."
    assert opposite_words("California voters turned down Proposition 22 in November 2020.", case) == \
        ("turned down", "approved")
    assert opposite_words("California voters approved Proposition 22 in November 2020.", case) is None


def test_another_place_or_buyer_in_the_claims_slot_is_a_swap_whatever_qualifies_the_rest() -> None:
    """"headquarters in Seattle, Washington" against "headquarters in San Francisco" (a city and its
    state fill one slot; "incorporated in Delaware" is another slot's); "its ATG self-driving business
    to Waymo" against "our ATG Business to Aurora" ("self-driving" only qualifies the business)."""
    from caseqa.claims.compare import entity_swap, self_swap
    from caseqa.claims.text import Claim
    from caseqa.claims.verdict import _qualifiers

    doc = "Acme Rides, Inc. We are a ride-sharing company."
    selves = spoken_as_self("Acme Rides, Inc. - Form 10-K", "We operate. We are. Our network. " * 20)
    hq = Claim.parse("Acme's corporate headquarters are in Seattle, Washington.")
    evidence = "Acme Rides, Inc. is incorporated in Delaware with its headquarters in San Francisco, California."
    window = window_of(evidence, hq)
    assert entity_swap(hq, window, evidence, doc + evidence, selves) == (("Seattle", "Washington"), "San Francisco")
    assert self_swap(hq, window, doc + evidence, selves) is None  # Delaware is where it is incorporated
    sold = Claim.parse("In January 2021 Acme sold its ATG self-driving business to Waymo.")
    held = frozenset(s for s in sold.terms if sold.words[s] in ("Acme", "sold", "ATG", "business"))
    missing = [s for s in sold.terms if s not in held and sold.words[s] != "Waymo"]
    assert {sold.words[s] for s in _qualifiers(sold, missing, held)} == {"self", "driving"}
    # A capitalised name before a held word is no qualifier of it.
    score = Claim.parse("Acme's Net Promoter Score reached a record high in 2021.")
    held = frozenset(s for s in score.terms if score.words[s] in ("Acme", "reached", "high"))
    missing = [s for s in score.terms if s not in held]
    assert {score.words[s] for s in _qualifiers(score, missing, held)} == {"record"}


def test_the_same_two_figures_changed_the_other_way_are_a_reversal() -> None:
    from caseqa.claims.compare import figure_order_swap
    evidence = ("On March 2, 2023, we announced an increase in our regular quarterly dividend from $0.88 per share "
                "to $0.92.")
    assert figure_order_swap("Best Buy cut its dividend from $0.92 to $0.88 per share.", evidence) == (
        "from $0.92 to $0.88", "from $0.88 to $0.92")
    assert figure_order_swap("Best Buy raised its dividend from $0.88 to $0.92 per share.", evidence) is None
    # A change is two figures in their order, not a range that holds either.
    assert [q.text for q in extract("cut its dividend from $0.92 to $0.88")] == ["$0.92", "$0.88"]
    assert [q.text for q in extract("from 5 to 7 million users")] == ["5 to 7 million"]


def test_another_place_in_the_claims_slot_is_another_place_though_the_evidence_names_the_claims_elsewhere() -> None:
    from caseqa.claims.compare import place_slot_swap
    evidence = ("All of our former stores in Mexico were closed in fiscal 2022, and our International segment is "
                "comprised of all operations in Canada under the brand names Best Buy and Geek Squad.")
    claim = "The International segment consists of all of Best Buy's operations in Mexico."
    assert place_slot_swap(claim, evidence, ["Mexico"]) == ("operations in Mexico", "operations in Canada")
    # The claim's place listed beside the other, or given by its initials, is the same slot filled alike.
    assert place_slot_swap("Acme has stores in Texas.", "We have stores in California, Texas and Ohio.",
                           ["Texas"]) is None
    assert place_slot_swap("Acme has offices in the United States.", "We have offices in the U.S. and Canada.",
                           ["United States"]) is None


def test_a_chief_officer_the_company_names_is_a_title() -> None:
    from caseqa.claims.compare import title_mismatch
    from caseqa.claims.text import Claim, title_near
    assert title_near("Jason Bonfig was appointed our Chief Merchandising Officer in 2019.", "Jason Bonfig") == \
        "Chief Merchandising Officer"
    assert title_near("Jason Bonfig is Best Buy's Chief Financial Officer.", "Jason Bonfig") == \
        "Chief Financial Officer"
    claim = Claim.parse("Acme said Jason Bonfig is Best Buy's Chief Financial Officer.")
    evidence = "Jason Bonfig was appointed our Chief Merchandising Officer in 2019."
    assert title_mismatch(claim, window_of(evidence, claim), evidence) == (
        "claim says Jason Bonfig is Chief Financial Officer; the case says Chief Merchandising Officer")


def test_two_reported_measures_are_no_paraphrase_of_each_other() -> None:
    from caseqa.claims.text import other_measures
    assert other_measures("income", "revenues")
    assert other_measures("net", "revenues", "Netflix's net income increased in 2022.")  # "net" of "net income"
    assert not other_measures("earnings", "income")
    assert not other_measures("sales", "revenue")
    assert not other_measures("grew", "revenues", "Netflix's revenue grew in 2022.")


def test_what_a_section_is_about_gives_no_title_the_window_does_not(tmp_path_factory: pytest.TempPathFactory,
                                                                    real_encoder) -> None:
    """A section that keeps naming a title ("Chief Financial Officer") makes its common words the later
    sentences' subject, not its capitalised ones: a title or a name must be the window's own."""
    story = ["Acme's Chief Financial Officer joined the company in 2019 from a large retailer.",
             "The Chief Financial Officer oversees treasury, tax, investor relations and the budget.",
             "Each quarter the Chief Financial Officer presents the budget to the audit committee.",
             "The committee asks detailed questions about every line of spending and every forecast.",
             "Several rounds of review usually follow before any plan is final for the new year.",
             "Teams across the company send their requests for the year ahead in early autumn.",
             "Requests for new stores and new trucks are weighed against the expected sales.",
             "Managers of every region defend their plans in meetings that can last a whole day.",
             "Finance staff then merge the regional plans into one plan for the whole company.",
             "That plan sets how much each region may spend on staff, stores and marketing.",
             "The budget for fiscal 2023 was approved in March 2023 after two rounds of review.",
             "It raised spending on online sales and cut spending on new stores."]
    engine = case_engine(tmp_path_factory, real_encoder, "subject", "# Budget\n\n" + " ".join(story) + "\n")
    common = engine.check("The budget for fiscal 2023 was approved in March 2023 after two rounds of review by the "
                          "audit committee.")[0]
    titled = engine.check("The budget for fiscal 2023 was approved by the Chief Financial Officer in March 2023.")[0]
    assert all("Chief" not in r for r in titled.reasons if r.startswith("from what its section is about")), \
        titled.reasons
    assert titled.label != Label.SUPPORTED, titled.reasons
    assert common.label == Label.SUPPORTED, common.reasons


def test_a_figure_for_a_year_after_the_reports_own_is_a_forecast_the_report_may_not_give(filing_engine) -> None:
    """A fiscal 2021 report's rows for 2021 are no answer to "what does it forecast for 2023": the
    notice says so; a question about its own years, or a forecast it states, is answered."""
    forecast = filing_engine.answer("How much does Acme expect to spend on advertising in fiscal 2023?")
    assert forecast.notice is not None and "for 2023" in forecast.notice.message
    assert all(not hit.highlights for hit in forecast.hits)
    actual = filing_engine.answer("How much did Acme spend on advertising in 2020?")
    assert actual.notice is None, actual.notice
    stated = filing_engine.answer("What share of the vehicles on the Acme network will be electric by the end of 2030?")
    assert stated.notice is None, stated.notice


def test_earnings_a_share_are_unscaled_the_company_is_the_report_and_a_starting_point_sets_no_direction() -> None:
    from caseqa.claims.compare import row_direction
    from caseqa.claims.text import Claim
    from caseqa.ingest.tables import figures, per_share
    from caseqa.types import TableRow

    # "Diluted EPS" is an amount a share however the statement is scaled.
    assert per_share("Diluted EPS") and per_share("Net income per diluted share") and not per_share("Net earnings")
    eps = TableRow(0, 10, "Diluted EPS", ("$ 6.29", "$ 9.84"), ("2023", "2022"), "Statements", "millions")
    assert [f.value for f in figures(eps)] == [6.29, 9.84]
    # "down from about $2.5 billion a year earlier" is where the fall started: no rise to contradict.
    earnings = TableRow(0, 10, "Net earnings", ("$ 1,419", "$ 2,454", "$ 1,798"), ("2023", "2022", "2021"),
                        "Statements", "millions")
    claim = Claim.parse("Best Buy's net earnings dropped to roughly $1.4 billion in 2023, down from about "
                        "$2.5 billion in 2022.")
    assert [row_direction(claim, q, earnings) for q in claim.quantities if q.kind == Kind.MONEY] == [None, None]
    risen = Claim.parse("Best Buy's net earnings dropped to about $2.5 billion in 2022.")
    assert row_direction(risen, risen.quantities[0], earnings) is not None


def test_the_company_of_a_claim_is_the_report_speaking_as_we(tmp_path_factory: pytest.TempPathFactory,
                                                             real_encoder) -> None:
    engine = case_engine(tmp_path_factory, real_encoder, "company",
        "# Acme Stores, Inc. — Form 10-K, fiscal 2023\n\n## Description of Business\n\nWe were incorporated in the "
        "state of Minnesota in 1966. We sell consumer electronics in our stores and online. Our stores are in the "
        "U.S. and Canada.\n")
    verdict = engine.check("The company was set up as a Minnesota corporation back in 1966.")[0]
    assert verdict.label == Label.SUPPORTED, verdict.reasons
    assert "company" in " ".join(r for r in verdict.reasons if r.startswith("found in the evidence")), verdict.reasons


def test_where_a_change_started_is_no_level_the_claim_reports() -> None:
    from caseqa.claims.compare import Outcome, compare_quantity
    from caseqa.claims.text import Claim

    case = ("In April 2022, the Board of Directors approved an increase in the quarterly cash dividend from $0.79 "
            "to $0.90 per share.")
    lifted = Claim.parse("In April 2022 the board lifted the quarterly dividend to $0.90.")
    assert compare_quantity(figure_of(lifted, Kind.MONEY), lifted, window_of(case, lifted))[0] == Outcome.MATCH
    wrong = Claim.parse("In April 2022 the board lifted the quarterly dividend to $0.95.")
    outcome, against = compare_quantity(figure_of(wrong, Kind.MONEY), wrong, window_of(case, wrong))
    assert outcome == Outcome.MISMATCH and against.text == "$0.90"


def test_a_word_of_change_against_the_claims_own_figures_is_a_reversal() -> None:
    from caseqa.claims.compare import direction_against_figures
    case = "Our effective tax rate for fiscal 2022 was 18.3 percent compared to 22.0 percent in fiscal 2021."
    claim = "The effective tax rate increased to 18.3 percent in fiscal 2022 from 22.0 percent in fiscal 2021."
    assert direction_against_figures(claim, case) == ("increased", "the case's figures go from 22.0 percent to "
                                                                   "18.3 percent")
    assert direction_against_figures(claim.replace("increased", "decreased"), case) is None
    # Figures the case does not state say nothing of its direction.
    assert direction_against_figures(claim, "Our effective tax rate for fiscal 2022 was 19.1 percent.") is None


def test_a_long_sentence_cut_at_its_clauses_is_read_whole_for_the_figure_asked(
        tmp_path_factory: pytest.TempPathFactory, real_encoder) -> None:
    """Over 50 words, a sentence is indexed clause by clause: the figure ("838 warehouses") and the
    place asked about ("29 in the United Kingdom") fall in different pieces, and no notice may say
    the case gives no figure for it."""
    engine = case_engine(tmp_path_factory, real_encoder, "long",
        "# Acme Wholesale Corporation — Form 10-K, fiscal 2022\n\n## Business\n\nWe operate membership warehouses. "
        "At August 28, 2022, Acme operated 838 warehouses worldwide: 578 in the United States located in 46 "
        "states, Washington, D.C., and Puerto Rico, 107 in Canada, 40 in Mexico, 31 in Japan, 29 in the United "
        "Kingdom, 17 in Korea, 14 in Taiwan, 13 in Australia, four in Spain, two each in France and China, and one "
        "in Iceland. We also operate e-commerce websites in eight countries.\n")
    answer = engine.answer("How many Acme warehouses are there in the United Kingdom?")
    assert answer.notice is None, answer.notice


def test_a_window_about_another_measure_does_not_support_the_claims(tmp_path_factory: pytest.TempPathFactory,
                                                                   real_encoder) -> None:
    engine = case_engine(
        tmp_path_factory, real_encoder, "measure",
        "# Acme Streaming, Inc. — Form 10-K, fiscal 2022\n\n## Liquidity\n\nNet cash provided by operating "
        "activities increased $1,634 million in 2022 compared with 2021, driven by a 6% increase in revenues.\n")
    verdict = engine.check("Acme's net income increased in 2022 compared with 2021.")[0]
    assert verdict.label != Label.SUPPORTED, verdict.reasons
    assert "the evidence does not say “income”" in verdict.reasons
    same = engine.check("Acme's operating cash flow increased in 2022 compared with 2021.")[0]
    assert "the evidence does not say “cash”" not in same.reasons


def test_an_officers_list_gives_each_name_its_titles_a_middle_initial_aside() -> None:
    from caseqa.claims.compare import title_mismatch
    from caseqa.claims.text import Claim, name_in
    assert name_in("Amy E. Hood | 51 Executive Vice President", "Amy Hood") == (0, 11)
    assert name_in("Ban He and Wang Lei", "Lei He") is None
    evidence = "Amy E. Hood | 51 Executive Vice President and Chief Financial Officer"
    other = Claim.parse("Acme said Amy Hood is Microsoft's Chief Marketing Officer.")
    assert title_mismatch(other, window_of(evidence, other), evidence) == (
        "claim says Amy Hood is Chief Marketing Officer; the case says Executive Vice President and Chief Financial "
        "Officer")
    for same in ("Acme said Amy Hood is Microsoft's Chief Financial Officer.",
                 "Acme said Amy Hood is Microsoft's CFO.", "Microsoft's Chief Financial Officer is Amy Hood."):
        claim = Claim.parse(same)
        assert title_mismatch(claim, window_of(evidence, claim), evidence) is None, same
    # The title before the name in the claim, and the previous row's title is not the next name's.
    rows = ("Safra A. Catz | Chief Executive Officer and Director Jeffrey O. Henley | Vice Chairman of the Board of "
            "Directors")
    henley = Claim.parse("Oracle's Chief Executive Officer is Jeffrey Henley.")
    assert title_mismatch(henley, window_of(rows, henley), rows) == (
        "claim says Jeffrey Henley is Chief Executive Officer; the case says Chairman")
    catz = Claim.parse("Oracle's Chief Executive Officer is Safra Catz.")
    assert title_mismatch(catz, window_of(rows, catz), rows) is None


def test_a_title_held_before_is_not_the_persons_title_now() -> None:
    from caseqa.claims.compare import title_mismatch
    from caseqa.claims.text import Claim
    past = ("Mr. Deal joined Boeing in 1986, and his previous positions include Executive Vice President, President "
            "and Chief Executive Officer, Boeing Global Services from November 2016 to October 2019;")
    claim = Claim.parse("Stanley Deal is Boeing's President and Chief Executive Officer.")
    assert title_mismatch(claim, window_of(past, claim), past) == (
        "claim says Deal is President; the case gives Deal that title as a previous position")
    now = "Mr. Deal joined Boeing in 1986 and is President and Chief Executive Officer of Boeing Commercial Airplanes."
    assert "previous" not in (title_mismatch(claim, window_of(now, claim), now) or "")


def test_a_change_of_something_else_does_not_support_the_claims_change() -> None:
    from caseqa.claims.compare import change_of_another
    tax = ("The increase in our effective tax rate for fiscal year 2023 compared to fiscal year 2022 was primarily due "
           "to a $3.3 billion net income tax benefit in the first quarter of fiscal year 2022.")
    assert change_of_another("Net income increased in fiscal 2023 compared with fiscal 2022.", tax) == (
        "Net income", "effective tax rate")
    # The same thing in the same or a measure's other words, or a change whose thing is said elsewhere.
    assert change_of_another("Revenue grew 6% in 2022.", "Revenues increased 6% compared to 2021.") is None
    assert change_of_another("Sales rose 6% in 2022.", "Revenues increased 6% compared to 2021.") is None
    assert change_of_another("During the epidemic, orders on Hema grew sixfold.",
                             "During the epidemic, the orders on Hema have witness 6 times increase.") is None


def test_where_a_change_started_is_read_in_the_year_before_unless_the_claim_dates_it() -> None:
    from caseqa.claims.compare import Outcome, against_table, year_of
    from caseqa.claims.text import Claim
    from caseqa.types import TableRow

    fell = Claim.parse("Cash and cash equivalents fell from about $1.5 billion to about $569 million in fiscal 2022.")
    start, end = [q for q in fell.quantities if q.kind == Kind.MONEY]
    assert (year_of(start, fell), year_of(end, fell)) == (2021, 2022)
    row = TableRow(0, 0, "Cash and cash equivalents", ("$ 569.4", "$ 1,505.2"), ("May 29, 2022", "May 30, 2021"),
                   "Consolidated Balance Sheets", "millions")
    assert [against_table(q, fell, [row])[0] for q in (start, end)] == [Outcome.MATCH, Outcome.MATCH]
    down = Claim.parse("At June 30, 2023 the company held $689 million of cash, down from $775 million.")
    assert [year_of(q, down) for q in down.quantities if q.kind == Kind.MONEY] == [2023, 2022]
    # A starting point the claim dates keeps its year; "from" with no change is no starting point.
    dated = Claim.parse("Netflix's operating margin slipped from 21% in 2021 to 18% in 2022.")
    assert [year_of(q, dated) for q in dated.quantities if q.kind == Kind.PERCENT] == [2021, 2022]
    areas = Claim.parse("Nearly a quarter of Uber's 2021 Mobility Gross Bookings came from just five big cities.")
    assert year_of(figure_of(areas, Kind.COUNT), areas) == 2021


def test_a_year_then_a_smaller_figure_is_no_range() -> None:
    found = [(q.kind, q.low, q.high) for q in extract("The margin slipped from 21% in 2021 to 18% in 2022.")]
    assert found == [(Kind.PERCENT, 21, 21), (Kind.YEAR, 2021, 2021), (Kind.PERCENT, 18, 18), (Kind.YEAR, 2022, 2022)]
    assert [(q.kind, q.low, q.high) for q in extract("opened 1,200 to 1,500 stores")] == [(Kind.COUNT, 1200, 1500)]


def test_a_claims_own_figures_say_which_way_its_change_went() -> None:
    from caseqa.claims.compare import figures_way
    slipped = figures_way("Netflix's operating margin slipped from 21% in 2021 to 18% in 2022.")
    assert slipped is not None and (slipped.said, slipped.denied) == ({"slipped"}, set())
    rose = figures_way("Netflix's operating margin rose from 21% in 2021 to 18% in 2022.")
    assert rose is not None and (rose.said, rose.denied) == (set(), {"rose"})
    down = figures_way("At June 30, 2023 the company held $689 million of cash, down from $775 million.")
    assert down is not None and (down.start.text, down.end.text) == ("$775 million", "$689 million")
    assert figures_way("Revenue was $5 billion in 2021.") is None


def test_which_way_a_statement_row_went_answers_a_claim_with_no_amount() -> None:
    from caseqa.claims.compare import row_trend
    from caseqa.claims.text import Claim
    from caseqa.types import TableRow

    row = TableRow(0, 0, "Net income", ("$ 4,491,924", "$ 5,116,228", "$ 2,761,395"), ("2022", "2021", "2020"),
                   "Consolidated Statements of Operations", "thousands")
    rose = row_trend(Claim.parse("Netflix's net income increased in 2022 compared with 2021."), row)
    assert rose is not None and not rose.agrees
    assert rose.reason == ("claim says increased; the case's Net income went from $ 5,116,228 (2021) "
                           "to $ 4,491,924 (2022)")
    fell = row_trend(Claim.parse("Netflix's net income fell in 2022."), row)
    assert fell is not None and fell.agrees
    grew = row_trend(Claim.parse("Netflix's net income grew between 2020 and 2021."), row)
    assert grew is not None and grew.agrees
    # A claim with an amount is read as a figure; a denied change is no direction.
    assert row_trend(Claim.parse("Netflix's net income fell to $4.5 billion in 2022."), row) is None
    assert row_trend(Claim.parse("Netflix's net income did not increase in 2022."), row) is None
    # The columns of change between two years ("2022 vs. 2021 $ %") are no year's figure.
    changes = TableRow(0, 0, "Total revenues", ("322,467", "292,111", "268,706", "30,356", "10.4 %"),
                       ("2022", "2021", "2020", "2022 vs. 2021 $ %", "Change $ %"), "Results", "millions")
    declined = row_trend(Claim.parse("CVS Health's total revenues declined in 2022 compared with 2021."), changes)
    assert declined is not None and not declined.agrees and "from 292,111 (2021) to 322,467 (2022)" in declined.reason
    # A ratio's row is read in percent when asked for ("the medical benefit ratio went up").
    ratio = TableRow(0, 0, "Medical benefit ratio", ("84.0 %", "85.0 %"), ("2022", "2021"), "Results", None)
    went_up = row_trend(Claim.parse("The medical benefit ratio went up in 2022."), ratio, percent=True)
    assert went_up is not None and not went_up.agrees


def test_free_of_charge_against_a_charge() -> None:
    from caseqa.claims.compare import free_or_priced
    from caseqa.claims.text import Claim

    case = ("Alibaba Cloud would open COVID-19 detection technology access to research institutions around the "
            "world, free of charge.")
    assert free_or_priced(Claim.parse("Alibaba Cloud would charge research institutions for access."), case) == \
        "claim says charge; the case says free of charge"
    assert free_or_priced(Claim.parse("Alibaba Cloud offered the access free of charge."), case) is None
    assert free_or_priced(Claim.parse("Alibaba Cloud would not charge for access."), case) is None
    assert free_or_priced(Claim.parse("Hema gave vegetables away for free."), "Hema sold vegetables at cost.") == \
        "claim says for free; the case says sold"


def test_a_report_is_called_by_its_initials() -> None:
    from caseqa.language.self_reference import is_self, own_initials

    amd = frozenset({"advanced micro devices, inc.", "advanced micro devices", "advanced"})
    assert own_initials(amd) == {"amd"}
    assert is_self("AMD's", amd) and is_self("AMD", amd)
    assert not is_self("TSMC", amd) and not is_self("AM", amd)
    assert own_initials(frozenset({"lyft, inc.", "lyft"})) == frozenset()


def test_a_table_about_another_segment_is_not_the_claims() -> None:
    from caseqa.claims.compare import another_segment
    from caseqa.claims.text import Claim
    from caseqa.types import TableRow

    row = TableRow(0, 0, "Net sales", ("$ 3,540", "$ 3,393"), ("2023", "2022"), "Rigid Packaging Segment", "millions")
    assert not another_segment(row, Claim.parse("Rigid Packaging segment net sales were about $3.5 billion."))
    assert another_segment(row, Claim.parse("The Flexibles segment's net sales were about $3.5 billion."))
    assert not another_segment(row, Claim.parse("Amcor's net sales were about $14.7 billion."))


def test_whoever_did_a_passive_deed_fills_the_subject_slot() -> None:
    from caseqa.claims.text import slot
    case = ("The effectiveness of our internal control over financial reporting has been audited by "
            "PricewaterhouseCoopers AG, an independent registered public accounting firm.")
    assert slot(case, "PricewaterhouseCoopers AG") == "subject"
    assert slot("Deloitte audited the effectiveness of our internal control.", "Deloitte") == "subject"
    assert slot("Net sales increased by Rigid Packaging volumes.", "Rigid Packaging") == "subject"
    assert slot("We sold the plant to Sodiaal.", "Sodiaal") == "to"


def results_page(top: float = 760) -> list[Text]:
    """A statement of operations (in millions, 2022 and 2021), then two segments' tables, each titled."""
    page = [Text(200, top, "Consolidated Statements of Operations", 12, bold=True),
            Text(260, top - 14, "(in millions)", 10), Text(420, top - 34, "Fiscal Year", 8, bold=True)]
    page += [Text(x, top - 46, year, 8, bold=True) for x, year in ((420, "2022"), (500, "2021"))]
    y = top - 60
    statement = (("Net sales", "$ 18,993", "$ 18,127"), ("Sales and marketing", "1,136", "1,170"),
                 ("Net income (loss)", "(1,269)", "2,340"), ("Cash and cash equivalents", "$ 569.4", "$ 1,505.2"),
                 ("Total assets", "$ 20,850", "$ 26,626"))
    for label, *values in statement:
        page += [Text(72, y, label, 8)] + [Text(x, y, v, 8) for x, v in zip((420, 500), values)]
        y -= 11
    for name, sales in (("Pet Segment", ("$ 2,136", "$ 1,729")), ("Snacks Segment", ("$ 5,210", "$ 4,980"))):
        y -= 30
        page.append(Text(72, y, name, 10, bold=True))
        y -= 16
        page += [Text(72, y, "($ in millions)", 8, bold=True), Text(420, y, "2022", 8, bold=True),
                 Text(500, y, "2021", 8, bold=True)]
        y -= 12
        page += [Text(72, y, "Net sales", 8)] + [Text(x, y, v, 8) for x, v in zip((420, 500), sales)]
        y -= 11
    return page


@pytest.fixture(scope="module")
def results_engine(tmp_path_factory: pytest.TempPathFactory, real_encoder):
    """A 10-K of "Acme Foods, Inc.": its statement of operations and two segments' tables, with the real model."""
    from caseqa.app.engine import Engine

    base = tmp_path_factory.mktemp("results")
    (base / "corpus").mkdir()
    prose = ["Acme Foods makes snacks, cereals and pet food sold in grocery stores across North America.",
             "Pet food sales grew as consumers kept adopting dogs and cats, while snack volumes were flat.",
             "We reported our results in millions. Advertising expense is recognized as incurred."]
    note = [Text(72, 500, "Long-lived assets by country", 10, bold=True), Text(420, 486, "2022", 8, bold=True),
            Text(500, 486, "2021", 8, bold=True), Text(72, 474, "Total long-lived tangible assets", 8),
            Text(420, 474, "$ 1,752", 8), Text(500, 474, "$ 1,525", 8)]
    (base / "corpus" / "acme-10k.pdf").write_bytes(pdf_bytes([results_page(), flow(prose, top=760, size=10) + note],
                                                             title="Acme Foods, Inc. - Form 10-K, fiscal 2022"))
    engine = Engine(Settings(corpus_dir=base / "corpus", index_dir=base / "index"), real_encoder)
    engine.build()
    return engine


@pytest.mark.parametrize(("claim", "label", "reason"), [
    # A change with no amount is read in the statement row it names, between the claim's years.
    ("Acme's net sales increased in 2022 compared with 2021.", Label.SUPPORTED, "from $ 18,127 (2021) to $ 18,993"),
    ("Acme's net sales decreased in 2022 compared with 2021.", Label.CONTRADICTED, "claim says decreased"),
    # A label's alternative in brackets names the row either way; its words are the line item, not a measure.
    ("Acme reported a net loss of roughly $1.3 billion for 2022.", Label.SUPPORTED, "figures match"),
    ("Acme's sales and marketing expense came to around $1.1 billion in 2022.", Label.SUPPORTED, "figures match"),
    # The line item's own row decides, not a note's row of another order without a scale.
    ("Acme's total assets were about $26.6 billion at the end of 2022.", Label.CONTRADICTED, "$ 20,850 (2022"),
    # Where a change started is the year before's; the figures say which way it went, whatever the word.
    ("Cash and cash equivalents fell from about $1.5 billion to about $569 million during fiscal 2022.",
     Label.SUPPORTED, "fell ≈ what its figures show"),
    ("Cash and cash equivalents rose from about $1.5 billion to about $569 million during fiscal 2022.",
     Label.CONTRADICTED, "claim says rose"),
    # A segment's table is titled with its name: another segment's row is not the claim's.
    ("Pet segment net sales were about $2.1 billion in fiscal 2022.", Label.SUPPORTED, ""),
    ("Pet segment net sales were about $5.2 billion in fiscal 2022.", Label.CONTRADICTED, "$ 2,136 (2022, in mil"),
    ("The Snacks segment's net sales fell in 2022.", Label.CONTRADICTED, "went from $ 4,980 (2021) to $ 5,210"),
    # A word that narrows what the claim measures makes the table's whole no figure of it.
    ("Online net sales in the Pet segment were about $1.2 billion in fiscal 2022.", Label.NOT_FOUND,
     "is not said of Online"),
    # A row of dollars in a table with no scale says which way it went too.
    ("Acme's total long-lived tangible assets increased in 2022 compared with 2021.", Label.SUPPORTED,
     "from $ 1,525 (2021) to $ 1,752 (2022)"),
    ("Acme's total long-lived tangible assets decreased in 2022 compared with 2021.", Label.CONTRADICTED,
     "claim says decreased"),
])
def test_statement_rows_say_which_way_and_whose(results_engine, claim: str, label: Label, reason: str) -> None:
    verdict = results_engine.check(claim)[0]
    assert verdict.label == label, verdict.reasons
    assert reason in " ".join(verdict.reasons)


def test_a_rare_word_opening_a_claim_is_a_name_an_everyday_one_is_not() -> None:
    from caseqa.claims.text import entities
    from caseqa.language.terms import common_word
    report = "Our financial statements have been audited by PricewaterhouseCoopers AG. We shipped goods."
    assert entities("Deloitte audited Acme's internal control.", report) == ["Deloitte", "Acme"]
    assert entities("Shipped goods reached Acme in May.", report) == ["Acme"]
    assert [common_word(w) for w in ("Using", "Thirty-two", "Deloitte", "Sodiaal")] == [True, True, False, False]


@pytest.fixture(scope="module")
def offices_engine(tmp_path_factory: pytest.TempPathFactory, real_encoder):
    """A report's pages on its offices, its auditor and its former stores, indexed with the real model."""
    story = ["# Acme Stores, Inc. Annual Report (Form 10-K)", "",
             "## Properties", "",
             "We own our principal executive offices and main research facilities, which are located in the "
             "Minneapolis, Minnesota metropolitan area. We also lease distribution centers in Ohio and Texas.", "",
             "## Controls and Procedures", "",
             "The effectiveness of our internal control over financial reporting as of June 30, 2023, has been "
             "audited by PricewaterhouseCoopers AG, an independent registered public accounting firm.", "",
             "## International", "",
             "All of our former stores in Mexico were closed as of the end of the first quarter of fiscal 2022, and "
             "our International segment is comprised of all operations in Canada. We will open more than 400 "
             "stores in the U.S. in 2023. The Company expects interest expense for the full year 2023 to "
             "increase between 10% and 12%, and it will keep adjusting menu prices to inflation. Membership fee "
             "revenue increased 9% in 2022, driven by new member sign-ups.", "",
             "## Management", "",
             "Jane Roe, 54, is President and Chief Executive Officer, a position she has held since November 2019. "
             "Our business rests on a three-legged stool of franchisees, suppliers and employees serving customers "
             "every day.", "",
             "## Other Properties", "",
             "Our test kitchen located in Purchase, New York and our data center located in Plano, Texas, both of "
             "which we own, are our most significant other properties. In 2022 we began to distribute Hard Cider, "
             "an alcoholic beverage manufactured and owned by the Boston Beer Company.", "",
             "## Canada", "",
             "Canada is our largest market outside the U.S. As of December 31, 2022 and 2021, our Canadian "
             "subsidiaries accounted for 4% and 5% of our consolidated assets, respectively.", "",
             "## Employees and Customers", "",
             "As of May 31, 2023, we had approximately 83,700 employees worldwide, including retail and part-time "
             "employees. No customer accounted for 10% or more of our consolidated net revenues during fiscal 2023.",
             "", "## Dividends", "",
             "We paid dividends on our common stock of $2.0 billion in 2022, while we opened and closed stores.", ""]
    return case_engine(tmp_path_factory, real_encoder, "offices", "\n".join(story))


@pytest.mark.parametrize(("claim", "label", "reason"), [
    # A rare name opening the claim, in the slot of the case's doer (said in the passive), is a swap.
    ("Deloitte audited the effectiveness of Acme's internal control over financial reporting as of June 30, 2023.",
     Label.CONTRADICTED, "claim names Deloitte; the case names PricewaterhouseCoopers AG"),
    # A city the case never names, where the case names another.
    ("Acme's principal executive offices are located in Chicago, Illinois.", Label.CONTRADICTED, "Minneapolis"),
    # ... or names for something else: the head office is where the report's own statement of it says.
    ("Acme's headquarters is in Plano, Texas.", Label.CONTRADICTED,
     "claim says the head office is in Plano, Texas; the case says Minneapolis, Minnesota"),
    ("Acme's head office is in Minneapolis.", Label.SUPPORTED, "the report places its head office in Minneapolis"),
    # A plan somewhere is no swap for a place where something was done.
    ("Acme plans to open its first stores in Germany in fiscal 2024.", Label.NOT_FOUND, ""),
    # Stores in one country do not deny stores in another the case never names.
    ("Acme will open more than 300 stores in India in 2023.", Label.NOT_FOUND, ""),
    # What is done somewhere is not what the case plans elsewhere; a change of one thing is no other's.
    ("Acme operates more than 300 stores in Canada.", Label.NOT_FOUND, ""),
    ("Acme plans to raise menu prices by 5% in 2023.", Label.NOT_FOUND, ""),
    # What will happen is supported by a plan, not by what happened.
    ("Acme will raise its membership fee in 2023.", Label.NOT_FOUND, ""),
    # "CEO" is the Chief Executive Officer; a count seven orders apart is another thing.
    ("Jane Roe has led the company as CEO since November 2019.", Label.SUPPORTED, ""),
    ("Acme serves about 69 million customers every day.", Label.NOT_FOUND, ""),
    # Two places in one sentence: each is the place of what is said before it.
    ("The test kitchen is located in Plano, Texas.", Label.CONTRADICTED, "the case says kitchen in Purchase"),
    ("The test kitchen is located in Purchase, New York.", Label.SUPPORTED, ""),
    ("The data center is located in Plano, Texas.", Label.SUPPORTED, ""),
    # A maker the case never names in the slot of the one it names ("owned by the Boston Beer Company").
    ("In 2022 the company began distributing Hard Cider, an alcoholic beverage made and owned by Molson Coors.",
     Label.CONTRADICTED, "claim names Molson Coors; the case names Boston Beer Company"),
    # "83,700 people" counts whom the case counts; "no single customer" is "no customer".
    ("Acme employed roughly 83,700 people around the world as of May 31, 2023.", Label.SUPPORTED, ""),
    ("Acme employed roughly 93,700 people around the world as of May 31, 2023.", Label.CONTRADICTED, "83,700"),
    ("No single customer made up 10% or more of Acme's net revenues in fiscal 2023.", Label.SUPPORTED, ""),
    # "close" of "close to $2 billion" is part of the figure, no word to find the opposite of.
    ("Acme paid close to $2 billion in dividends to shareholders in 2022.", Label.SUPPORTED, ""),
    # A measure the sentences before name is not the one a sentence about another measure gives.
    ("Canada's share of Acme's consolidated net revenue fell from 5% in 2021 to 4% in 2022.", Label.NOT_FOUND,
     "the evidence does not say “revenue”"),
])
def test_a_name_the_case_never_uses_in_the_slot_of_another_is_a_swap(offices_engine, claim: str, label: Label,
                                                                     reason: str) -> None:
    verdict = offices_engine.check(claim)[0]
    assert verdict.label == label, verdict.reasons
    assert reason in " ".join(verdict.reasons)


def test_a_listed_approximate_share_is_a_printed_figure_not_a_wide_one() -> None:
    from caseqa.claims.compare import Outcome, compare_quantity
    from caseqa.claims.text import Claim
    case = ("For fiscal 2023, non-U.S. sales accounted for approximately 57% of total revenues, compared to 60% and "
            "61% for fiscal 2022 and fiscal 2021, respectively.")
    off = Claim.parse("Non-U.S. sales accounted for approximately 54% of total revenues in fiscal 2023.")
    assert compare_quantity(figure_of(off, Kind.PERCENT), off, window_of(case, off))[0] == Outcome.MISMATCH
    near = Claim.parse("Non-U.S. sales accounted for about 57% of total revenues in fiscal 2023.")
    assert compare_quantity(figure_of(near, Kind.PERCENT), near, window_of(case, near))[0] == Outcome.MATCH


def test_lists_of_years_and_figures_pair_up_in_order_without_respectively() -> None:
    from caseqa.claims.compare import Outcome, compare_quantity
    from caseqa.claims.text import Claim
    case = ("As of December 31, 2022 and 2021, Boeing's total workforce was approximately 156,000 and 142,000 with "
            "13% and 12% located outside of the U.S.")
    for claim, outcome in (("Boeing had about 156,000 employees at the end of 2022.", Outcome.MATCH),
                           ("Boeing had about 142,000 employees at the end of 2021.", Outcome.MATCH),
                           ("Boeing had about 142,000 employees at the end of 2022.", Outcome.MISMATCH)):
        parsed = Claim.parse(claim)
        for kind in (Kind.COUNT, Kind.YEAR):
            got = compare_quantity(figure_of(parsed, kind), parsed, window_of(case, parsed))[0]
            assert got == (outcome if kind == Kind.COUNT else Outcome.MATCH), (claim, kind)


def test_a_quarter_that_bounds_a_period_dates_no_quarters_figure() -> None:
    from caseqa.claims.compare import Outcome, compare_quantity
    from caseqa.claims.text import Claim
    case = ("On January 18, 2023, we announced a decision to reduce our overall workforce by approximately 10,000 "
            "jobs through the third quarter of fiscal year 2023.")
    cut = Claim.parse("As part of the cost actions announced in January 2023, Microsoft cut about 10,000 jobs.")
    assert compare_quantity(figure_of(cut, Kind.COUNT), cut, window_of(case, cut))[0] == Outcome.MATCH


def test_a_change_the_case_gives_the_other_way_and_a_form_is_no_figure() -> None:
    from caseqa.claims.compare import change_way_against, is_change
    claim = "The company plans to raise menu prices by 5% in 2023."
    assert is_change(claim, next(q for q in extract(claim) if q.text == "5%"))
    case = "Windows OEM revenue decreased 25% as elevated channel inventory levels continued to drive weakness."
    assert change_way_against("Windows OEM revenue increased 25% in fiscal 2023.", case) == (
        "increased 25%", "decreased 25%")
    assert change_way_against("Devices revenue fell 24%.", "Devices revenue decreased $1.8 billion or 24%.") is None
    assert change_way_against("Devices revenue rose 24%.", "Devices revenue decreased $1.8 billion or 24%.") == (
        "rose 24%", "decreased 24%")
    assert [q.text for q in extract("Microsoft's fiscal 2023 10-K shows revenue up 7%.")] == ["2023", "7%"]


@pytest.fixture(scope="module")
def highlights_engine(tmp_path_factory: pytest.TempPathFactory, real_encoder):
    """An MD&A overview whose bullets take their year from the line that opens them, with the real model."""
    story = ["# Acme Software Annual Report (Form 10-K)", "", "## Overview", "",
             "We generate revenue by licensing software and selling devices to people and businesses.", "",
             "Highlights from fiscal year 2023 compared with fiscal year 2022 included:", "",
             "- Cloud revenue increased 22% to $111.6 billion.",
             "- Windows OEM revenue decreased 25%.",
             "- Devices revenue decreased 24%.", "",
             "## Operating expenses", "",
             "Sales and marketing expenses increased $934 million or 4% in fiscal year 2023.", ""]
    return case_engine(tmp_path_factory, real_encoder, "highlights", "\n".join(story))


@pytest.mark.parametrize(("claim", "label", "reason"), [
    ("Devices revenue decreased 24% in fiscal 2023.", Label.SUPPORTED, "figures match: 24%, 2023"),
    ("Windows OEM revenue increased 25% in fiscal 2023.", Label.CONTRADICTED, "claim says increased 25%"),
    # The lines above name fiscal 2022 too, but as the year compared with.
    ("Devices revenue decreased 24% in fiscal 2022.", Label.NOT_FOUND, "no figure to compare with: 2022"),
])
def test_a_bullet_takes_its_year_from_the_line_that_opens_it(highlights_engine, claim: str, label: Label,
                                                             reason: str) -> None:
    verdict = highlights_engine.check(claim)[0]
    assert verdict.label == label, verdict.reasons
    assert reason in " ".join(verdict.reasons)


def test_a_middle_initial_and_a_plural_possessive_keep_a_name_and_its_title_whole() -> None:
    from caseqa.claims.compare import title_mismatch
    from caseqa.claims.text import Claim, entities, title_near
    report = "I, Kofi A. Bruce, certify that I have reviewed this report. Our sales grew. Sales and Marketing"
    claim = Claim.parse("Kofi A. Bruce is General Mills' Chief Supply Chain Officer.")
    assert entities(claim.text, report)[0] == "Kofi A. Bruce"
    assert title_near(claim.text, "Kofi A. Bruce") == "Chief Supply Chain Officer"
    evidence = "Kofi A. Bruce, age 52, is Chief Financial Officer."
    assert title_mismatch(claim, window_of(evidence, claim), report + " " + evidence) == (
        "claim says Kofi A. Bruce is Chief Supply Chain Officer; the case says Chief Financial Officer")
    # An everyday word opening a claim is no name because a heading capitalises it.
    assert entities("Sales of devices dropped 24% in fiscal 2023.", report) == []


def test_another_countrys_adjective_or_a_title_list_without_the_claims_title_is_a_swap() -> None:
    from caseqa.claims.compare import place_slot_swap, title_mismatch
    from caseqa.claims.text import Claim
    from caseqa.language.places import country_of_adjective
    assert [country_of_adjective(w) for w in ("Russian", "Canadian", "Chinese", "Company")] == [
        "russia", "canada", "china", None]
    case = "Restaurants remained closed in Russia through the Company's sale of its Russian business in 2022."
    assert place_slot_swap("In 2022 McDonald's sold its business in Ukraine.", case, ["Ukraine"]) == (
        "business in Ukraine", "Russian business")
    assert place_slot_swap("In 2022 McDonald's sold its business in Russia.", case, ["Russia"]) is None
    claim = Claim.parse("Jill McDonald has been Executive Vice President and Chief Financial Officer since 2022.")
    evidence = "Jill McDonald, 58, is Executive Vice President and President, International Operated Markets."
    assert title_mismatch(claim, window_of(evidence, claim), evidence).startswith(
        "claim says McDonald is Chief Financial Officer; the case says Executive Vice President and President")


def test_a_product_name_in_lower_case_first_is_a_name_and_strength_is_no_weakness() -> None:
    from caseqa.claims.compare import opposite_words
    from caseqa.claims.text import entities
    assert entities("iPad net sales increased during 2022 compared to 2021.") == ["iPad"]
    assert entities("eBay had 134 million active buyers.") == ["eBay"]
    assert opposite_words("sales fell because of the strength of the yen",
                          "sales fell due to the weakness of the yen") == ("strength", "weakness")


def test_a_verb_of_change_with_its_object_after_it_changes_that_object() -> None:
    from caseqa.claims.compare import change_of_another
    case = ("In April 2022, the Company announced an increase to its Program authorization from $315 billion to "
            "$405 billion and raised its quarterly dividend from $0.22 to $0.23 per share beginning in May 2022.")
    lifted = "In 2022 Apple lifted its quarterly dividend from 22 cents to 23 cents a share."
    assert change_of_another(lifted, case) is None
    assert change_of_another("In 2022 Apple lifted its payroll from $2 billion to $3 billion.", case) is not None


def test_the_claims_date_listed_beside_another_period_is_the_claims() -> None:
    """"At December 31, 2022 and December 25, 2021, ...": the claim's date is one of the periods compared."""
    from caseqa.claims.compare import Outcome, compare_quantity
    from caseqa.claims.text import Claim
    case = ("At December 31, 2022 and December 25, 2021, long-lived assets by geographic area were as follows.")
    claim = Claim.parse("Total assets were approximately $90.5 billion at December 31, 2022.")
    assert compare_quantity(figure_of(claim, Kind.DATE), claim, window_of(case, claim))[0] == Outcome.MATCH
    other = Claim.parse("Total assets were approximately $90.5 billion at December 30, 2022.")
    assert compare_quantity(figure_of(other, Kind.DATE), other, window_of(case, other))[0] == Outcome.MISMATCH


def test_a_row_without_a_header_is_read_in_the_filings_order_of_year_columns() -> None:
    """Kraft Heinz's balance sheet drew its dates as one string: its rows have no column headers."""
    from caseqa.claims.compare import Outcome, against_table
    from caseqa.claims.text import Claim
    from caseqa.ingest.tables import ColumnOrder
    from caseqa.types import TableRow
    row = TableRow(0, 40, "Cash and cash equivalents", ("$ 1,040", "$ 3,445"), ("", ""), None, "millions")
    order = ColumnOrder(2022, True)
    held = Claim.parse("At the end of 2022 the company held about $1.0 billion of cash and cash equivalents.")
    assert against_table(figure_of(held, Kind.MONEY), held, [row], order) == (Outcome.MATCH, None)
    assert against_table(figure_of(held, Kind.YEAR), held, [row], order) == (Outcome.MATCH, None)
    earlier = Claim.parse("Cash and cash equivalents were about $1.0 billion, down from about $3.4 billion a year "
                          "earlier, at the end of 2022.")
    assert [against_table(q, earlier, [row], order)[0] for q in earlier.quantities if q.kind == Kind.MONEY] == [
        Outcome.MATCH, Outcome.MATCH]
    # The other column's figure for the claim's year is that year's misstated...
    wrong = Claim.parse("Cash and cash equivalents were about $3.4 billion at the end of 2022.")
    outcome, case = against_table(figure_of(wrong, Kind.MONEY), wrong, [row], order)
    assert outcome == Outcome.MISMATCH and case.text.startswith("$ 1,040")
    # ... and without the filing's order, the periods stay unknown.
    assert against_table(figure_of(held, Kind.MONEY), held, [row]) == (Outcome.UNDATED, None)


def test_a_row_whose_scale_was_not_found_differs_at_the_scale_nearest_the_claim() -> None:
    from caseqa.claims.compare import Outcome, against_table
    from caseqa.claims.text import Claim
    from caseqa.types import TableRow
    row = TableRow(0, 40, "Business", ("31,042", "31,340"), ("2022", "2021"))
    claim = Claim.parse("Business revenues were $34.1 billion in 2022.")
    outcome, case = against_table(figure_of(claim, Kind.MONEY), claim, [row])
    assert outcome == Outcome.MISMATCH and case.low == pytest.approx(31_042e6)


def test_a_labels_aside_in_brackets_is_not_part_of_what_it_names() -> None:
    from caseqa.claims.compare import Outcome, against_table
    from caseqa.claims.text import Claim
    from caseqa.types import TableRow
    row = TableRow(0, 40, "Capital expenditures (including capitalized software)", ("(23,087)", "(20,286)"),
                   ("2022", "2021"), None, "millions")
    claim = Claim.parse("Verizon's capital expenditures in 2022 were about $25.1 billion.")
    assert against_table(figure_of(claim, Kind.MONEY), claim, [row])[0] == Outcome.MISMATCH


def test_the_figure_after_to_takes_the_year_said_after_it() -> None:
    from caseqa.claims.compare import year_of
    from caseqa.claims.text import Claim
    claim = Claim.parse("Diluted earnings per share dropped from $4.87 in fiscal 2022 to $4.27 in fiscal 2023.")
    assert [year_of(q, claim) for q in claim.quantities if q.kind == Kind.MONEY] == [2022, 2023]


def test_a_place_given_as_an_address_or_in_another_sentence_of_someone_else_is_swapped() -> None:
    from caseqa.claims.compare import place_slot_swap
    address = ("Our principal executive offices are located at 1095 Avenue of the Americas, New York, New York 10036 "
               "(telephone number 212-395-1000).")
    claim = "Verizon's principal executive offices are located in Basking Ridge, New Jersey."
    assert place_slot_swap(claim, address, ["Basking Ridge", "New Jersey"]) == (
        "offices in Basking Ridge", "offices in New York")
    assert place_slot_swap("Its principal executive offices are located in New York.", address, ["New York"]) is None
    history = ("The businesses conducted by our founders began in 1945 when Sam M. Walton opened a franchise Ben "
               "Franklin variety store in Newport, Arkansas. In 1946, his brother, James L. Walton, opened a "
               "similar store in Versailles, Missouri.")
    assert place_slot_swap("In 1945 Sam M. Walton opened a franchise Ben Franklin variety store in Versailles, "
                           "Missouri.", history, ["Versailles"]) == ("store in Versailles", "store in Newport")
    assert place_slot_swap("In 1946 James L. Walton opened a store in Versailles, Missouri.", history,
                           ["Versailles"]) is None


def test_a_change_for_the_better_needs_a_change_of_its_own_thing() -> None:
    from caseqa.claims.compare import change_unsaid
    evidence = ("Walmart U.S. had net sales of $420.6 billion for fiscal 2023. Of our three segments, Walmart U.S. "
                "has historically had the highest gross profit as a percentage of net sales (\"gross profit rate\").")
    assert change_unsaid("Walmart's consolidated gross profit rate improved in fiscal 2023.", evidence) == "improved"
    # Amounts of what the claim says changed may show the change.
    assert change_unsaid("Walmart U.S. net sales rose in fiscal 2023.", evidence) is None


def test_a_year_of_increases_is_no_thing_that_changed() -> None:
    from caseqa.claims.compare import change_of_another
    case = ("This is the sixteenth consecutive year that the Company's Board of Directors has approved a quarterly "
            "dividend increase.")
    assert change_of_another("The board raised the quarterly dividend, the sixteenth consecutive year of increases.",
                             case) is None


def test_a_share_of_a_breakdown_is_not_the_share_of_another_part() -> None:
    from caseqa.claims.compare import Outcome, compare_quantity
    from caseqa.claims.text import Claim
    case = ("As of December 31, 2022, Verizon's global workforce was approximately 66.5% male, 33.3% female and "
            "0.2% unknown or undeclared.")
    located = Claim.parse("Roughly 89% of Verizon's workforce is located in the United States.")
    assert compare_quantity(figure_of(located, Kind.PERCENT), located, window_of(case, located))[0] == Outcome.ABSENT
    female = Claim.parse("About 40% of Verizon's workforce is female.")
    outcome, said = compare_quantity(figure_of(female, Kind.PERCENT), female, window_of(case, female))
    assert outcome == Outcome.MISMATCH and said.text == "33.3%"


def test_a_figure_stated_with_the_claims_other_figure_is_the_claims() -> None:
    from caseqa.claims.compare import Outcome, compare_quantity
    from caseqa.claims.text import Claim
    case = ("Just 1 hour after launching online, 10,000 people signed up. 100,000 people in 4 hours, and more than "
            "1 million people in 3 days.")
    four = Claim.parse("About four hours after launch, 100,000 people had signed up.")
    assert compare_quantity(figure_of(four, Kind.COUNT), four, window_of(case, four))[0] == Outcome.MATCH
    one = Claim.parse("Just one hour after launch, 100,000 people had signed up.")
    assert compare_quantity(figure_of(one, Kind.COUNT), one, window_of(case, one))[0] == Outcome.MISMATCH


def test_a_nationality_is_named_by_its_country() -> None:
    from caseqa.language.places import country_named
    assert country_named("Japanese", "the divestiture of Seiyu, the Company's retail operations in Japan")
    assert not country_named("Japanese", "the divestiture of Asda, the Company's retail operations in the U.K.")
    assert not country_named("Company", "the Company")


@pytest.fixture(scope="module")
def retail_engine(tmp_path_factory: pytest.TempPathFactory, real_encoder):
    """A retailer's report in Markdown, with sentences from real 10-Ks (Kraft Heinz, Walmart, Verizon)."""
    story = ["# Acme Stores, Inc. Annual Report", "",
             "## Results", "",
             "Net sales increased 1.7% to $26.5 billion in 2022 compared to $26.0 billion in 2021.", "",
             "The Consumer segment's operating revenues for the year ended December 31, 2022 totaled $103.5 billion, "
             "an increase of $8.2 billion, or 8.6%, compared to the year ended December 31, 2021.", "",
             "Acme eCommerce sales positively contributed approximately 0.7% to comparable sales for fiscal 2022, as "
             "we continue to focus on a seamless omni-channel experience for our customers.", "",
             "## Portfolio", "",
             "In March 2021, the Company completed the divestiture of Seiyu, the Company's retail operations in "
             "Japan, for net consideration of $1.2 billion.", "",
             "Service revenue increased during 2022 compared to 2021, primarily driven by increases in wireless and "
             "Fios service revenues.", "",
             "## Executive officers", "",
             "Mr. Hornbuckle has served as Chief Executive Officer since July 2020 and as President since December "
             "2019.", "",
             "Mr. Halkyard has served as Chief Financial Officer and Treasurer since January 2021. Jonathan S. "
             "Halkyard joined the Company from a hotel group.", ""]
    return case_engine(tmp_path_factory, real_encoder, "retail", "\n".join(story))


@pytest.mark.parametrize(("claim", "label", "reason"), [
    # Its figure is the claim's most telling term: the verb the evidence lacks does not outweigh it.
    ("Acme reported net sales of about $26.5 billion in 2022.", Label.SUPPORTED, "figures match: about $26.5 billion"),
    ("Acme reported net sales of about $29.5 billion in 2022.", Label.CONTRADICTED, "the case says $26.5 billion"),
    # A segment's change is not the whole's.
    ("In 2022 Acme's total operating revenues rose about 2.4%.", Label.NOT_FOUND, "said of the Consumer segment"),
    # "became profitable" is a state the evidence must say, not a word of its family ("positively").
    ("Acme's eCommerce business became profitable in fiscal 2022.", Label.NOT_FOUND, "does not say it became"),
    # A nationality the evidence names by its country.
    ("Acme finished selling its Japanese business Seiyu in March 2021 for about $1.2 billion.", Label.SUPPORTED,
     "figures match"),
    # The other side of a comparison is no name swapped for one of the evidence.
    ("Acme's service revenue grew faster than AT&T's revenue in 2022.", Label.NOT_FOUND, "faster than"),
    # The window naming the claim's person decides, not one about another person that shares its date.
    ("Jonathan Halkyard has served as Acme's Chief Executive Officer since July 2020.", Label.CONTRADICTED,
     "claim says July 2020; the case says January 2021"),
])
def test_claims_read_in_a_retailers_report(retail_engine, claim: str, label: Label, reason: str) -> None:
    verdict = retail_engine.check(claim)[0]
    assert verdict.label == label, verdict.reasons
    assert reason in " ".join(verdict.reasons), verdict.reasons


def test_an_amount_the_evidence_states_counts_as_the_claims_most_telling_term() -> None:
    """Kraft Heinz: "reported net sales of about $26.5 billion in 2022" against "Net sales increased 1.7% to
    $26.5 billion in 2022": 69% of the words, 0.59 alike, short of support until its figure counts."""
    from dataclasses import replace

    from caseqa.claims.text import Claim
    from caseqa.claims.verdict import _strong, _with_amounts
    from caseqa.config import ClaimSettings
    claim = Claim.parse("Kraft Heinz reported net sales of about $26.5 billion in 2022.")
    window = replace(window_of("Net sales increased 1.7% to $26.5 billion in 2022.", claim), coverage=0.69,
                     similarity=0.59)
    idf = {s: 1.0 for s in claim.terms}
    settings = ClaimSettings()
    assert not _strong(window, settings)
    assert _strong(_with_amounts(window, claim, idf), settings)
    # A claim without amounts gains nothing.
    plain = Claim.parse("Kraft Heinz reported higher net sales in 2022.")
    assert _with_amounts(window, plain, {s: 1.0 for s in plain.terms}).coverage == 0.69


def test_a_filings_title_names_its_registrant_whatever_its_legal_form() -> None:
    assert own_names("MGM Resorts International — Form 10-K, fiscal 2022") == frozenset(
        {"mgm resorts international", "mgm resorts", "mgm"})
    assert own_names("Alibaba and COVID-19") == frozenset()


def test_a_place_listed_beside_another_name_is_that_names() -> None:
    from caseqa.claims.compare import listed_place, place_slot_swap
    listing = ("Regional Operations consists of the following casino resorts: MGM Grand Detroit in Detroit, "
               "Michigan; Beau Rivage in Biloxi, Mississippi; and Borgata in Atlantic City, New Jersey.")
    assert listed_place("The Borgata casino resort is located in Detroit, Michigan.", listing) == (
        "Borgata in Detroit", "Borgata in Atlantic City, New Jersey")
    assert listed_place("The Borgata casino resort is located in Atlantic City.", listing) is None
    assert listed_place("Borgata is in Las Vegas.", listing) is None  # a place the list never gives: not swapped
    # "offices are in" is the offices' slot, as "offices are located at" is.
    assert place_slot_swap("Lockheed Martin's principal executive offices are in Arlington, Virginia.",
                           "Our principal executive offices are located at 6801 Rockledge Drive, Bethesda, Maryland "
                           "20817.", ["Arlington", "Virginia"]) == ("offices in Arlington", "offices in Bethesda")


def test_a_person_is_named_by_courtesy_title_and_surname() -> None:
    from caseqa.claims.text import named_in
    assert named_in("Jonathan Halkyard", "Mr. Halkyard has served as Chief Financial Officer since January 2021.")
    assert not named_in("Jonathan Halkyard", "Mr. Hornbuckle has served as Chief Executive Officer.")


def test_hires_and_employees_count_the_same_people() -> None:
    from caseqa.claims.compare import same_thing
    from caseqa.claims.text import Claim
    claim = Claim.parse("Lockheed took on more than 14,000 new hires during 2022.")
    window = window_of("During 2022, we hired more than 14,000 employees.", claim)
    assert same_thing("new hires", "employees", window)
    assert not same_thing("aircraft", "employees", window)


def test_a_claim_without_a_year_speaks_of_the_reports_own() -> None:
    from caseqa.claims.compare import Outcome, against_table
    from caseqa.claims.text import Claim
    from caseqa.ingest.tables import ColumnOrder
    from caseqa.types import TableRow
    row = TableRow(0, 40, "Net earnings", ("$ 5,732", "$ 6,315", "$ 6,833"), ("2022", "2021", "2020"), None, "millions")
    claim = Claim.parse("Net earnings for the year came to $6.3 billion.")
    outcome, case = against_table(figure_of(claim, Kind.MONEY), claim, [row], ColumnOrder(2022, True))
    assert outcome == Outcome.MISMATCH and case.text.startswith("$ 5,732")
    assert against_table(figure_of(claim, Kind.MONEY), claim, [row])[0] == Outcome.MATCH  # no order known


def test_a_time_span_beside_an_amount_the_window_never_states_is_another_event() -> None:
    """Seed case: "it took Ant Financial staff only 13 hours" does not contradict "Within an hour of going live,
    ... had 10,000 sign-ups"; a plan "scheduled to open in 2029" is not contradicted by a selection date."""
    from caseqa.claims.verdict import _PLANNED
    assert _PLANNED.search("The Osaka integrated resort is scheduled to open in 2029.")
    assert _PLANNED.search("The plant is set to open in 2025.")
    assert not _PLANNED.search("The resort opened in 2019.")


def test_rows_of_one_label_that_disagree_are_the_whole_and_its_parts(tmp_path, real_encoder) -> None:
    """Lockheed: a segment's "Net sales" rose while the company's fell; a claim naming no segment is the
    whole's, the largest amount."""
    from caseqa.app.engine import Engine

    def table(top: float, title: str, rows: list[tuple[str, str, str]]) -> list[Text]:
        page = [Text(220, top, title, 12, bold=True), Text(260, top - 14, "(in millions)", 10)]
        page += [Text(380 + 70 * i, top - 34, y, 8, bold=True) for i, y in enumerate(("2022", "2021"))]
        for k, (label, *values) in enumerate(rows):
            page += [Text(72, top - 46 - 11 * k, label, 8)]
            page += [Text(380 + 70 * i, top - 46 - 11 * k, v, 8) for i, v in enumerate(values)]
        return page

    segment = table(760, "Aeronautics", [("Net sales", "$ 26,987", "$ 26,748"), ("Operating profit", "2,867", "2,799")])
    whole = table(560, "Consolidated Statements of Earnings", [("Net sales", "$ 65,984", "$ 67,044"),
                                                               ("Net earnings", "5,732", "6,315")])
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "acme-10k.pdf").write_bytes(pdf_bytes([flow(NARRATIVE, top=760, size=10), segment + whole],
                                                                 title="Acme Rides, Inc. - Form 10-K, fiscal 2022"))
    engine = Engine(Settings(corpus_dir=tmp_path / "corpus", index_dir=tmp_path / "index"), real_encoder)
    engine.build()
    verdict = engine.check("Acme Rides' net sales increased in 2022 compared with 2021.")[0]
    assert verdict.label == Label.CONTRADICTED, verdict.reasons
    assert "went from $ 67,044 (2021) to $ 65,984 (2022)" in verdict.reasons[0]


def test_a_us_filing_reports_from_the_united_states_which_domestically_names() -> None:
    from caseqa.language.places import home_country, said_as_the_country
    cover = "UNITED STATES SECURITIES AND EXCHANGE COMMISSION Washington, D.C. 20549 FORM 10-K ... MGM China " * 3
    assert home_country(cover + "MGM China " * 50) == "united states"
    assert said_as_the_country("United States", "we had approximately 46,000 full-time employees domestically.",
                               cover)
    assert home_country("Hema stores in Wuhan, China, stayed open across China.") == "china"


def test_the_reports_own_statements_of_its_head_office() -> None:
    from caseqa.claims.headquarters import places_claimed, plain
    from caseqa.claims.text import Claim
    from caseqa.language.head_office import statements

    text = ("(I.R.S. Employer Identification No.)  2300 Oracle Way Austin, Texas  (Address of principal executive "
            "offices)  78741\n\nIn 2018 the Company acquired Motivate, a New York headquartered bikeshare company. "
            "For example, our San Francisco, California headquarters is vulnerable to fires. Our principal executive "
            "offices are located at 929 Long Bridge Drive, Arlington, Virginia 22202, and our telephone number is "
            "(703) 465-3500.")
    assert [s.place.strip() for s in statements(text)] == [
        "2300 Oracle Way Austin, Texas", "San Francisco, California", "Arlington, Virginia"]
    title = "Oracle Corporation - Form 10-K, fiscal 2023"
    assert places_claimed(Claim.parse("Oracle's headquarters is located in Redwood Shores, California."), title) == [
        "Redwood Shores", "California"]
    # Another company's head office is not the report's; a claim saying more is read as usual.
    assert places_claimed(Claim.parse("Cerner's headquarters is in Kansas City."), title) == []
    assert plain(Claim.parse("Oracle is headquartered in Austin, Texas."))
    assert not plain(Claim.parse("Oracle moved its headquarters to Austin in 2020."))
    # A move planned says where the head office is going, not where it is.
    assert places_claimed(Claim.parse("Oracle plans to move its headquarters to New York City by 2025."), title) == []
    # The report's initials are its own name ("AMD's head office" of Advanced Micro Devices, Inc.'s report).
    assert places_claimed(Claim.parse("AMD's head office is in Santa Clara."),
                          "Advanced Micro Devices, Inc. - Form 10-K, fiscal 2021") == ["Santa Clara"]


def test_a_cover_address_in_blocks_and_a_principal_office_are_the_head_office() -> None:
    """J&J's cover sets its address lines apart by blank lines; CVS calls its head office its "principal
    office", and a segment's principal office is not the company's."""
    from caseqa.language.head_office import statements

    cover = ("(I.R.S. Employer Identification No.)\n\nOne Johnson & Johnson Plaza\n\nNew Brunswick, New Jersey "
             "08933\n\n(Address of principal executive offices) (Zip Code)")
    assert [(s.place, s.cover) for s in statements(cover)] == [
        ("One Johnson & Johnson Plaza, New Brunswick, New Jersey 08933", True)]
    properties = ("The Company’s principal office is an owned building complex located in Woonsocket, Rhode Island. "
                  "The Health Care Benefits segment’s principal office is an owned building complex located in "
                  "Hartford, Connecticut.")
    assert [s.place for s in statements(properties)] == ["Woonsocket, Rhode Island"]


def test_a_measure_of_another_kind_is_not_the_claims_row_and_a_readers_name_is() -> None:
    from caseqa.claims.compare import Outcome, compare_quantity, rival_modifier
    from caseqa.claims.text import Claim
    from caseqa.types import TableRow

    assert rival_modifier("Free cash flow", "Operating cash flow was about $17.2 billion in fiscal 2023.")
    assert not rival_modifier("Free cash flow", "Free cash flow was about $8.5 billion in fiscal 2023.")
    assert not rival_modifier("Net revenues", "Oracle's revenues were about $50 billion.")
    rows = [TableRow(0, 50, "Net cash provided by operating activities", ("$ 17,165", "$ 9,539"), ("2023", "2022"),
                     None, "millions"),
            TableRow(60, 90, "Free cash flow", ("$ 8,470", "$ 5,028"), ("2023", "2022"), None, "millions")]
    text = "Net cash provided by operating activities | $ 17,165 | $ 9,539 Free cash flow | $ 8,470 | $ 5,028"
    for claim, outcome in (("Operating cash flow was about $17.2 billion in fiscal 2023.", Outcome.MATCH),
                           ("Operating cash flow was about $18.2 billion in fiscal 2023.", Outcome.MISMATCH),
                           ("Free cash flow was about $8.5 billion in fiscal 2023.", Outcome.MATCH)):
        parsed = Claim.parse(claim)
        assert compare_quantity(figure_of(parsed, Kind.MONEY), parsed, window_of(text, parsed), rows)[0] == outcome, \
            claim


def test_a_date_the_claim_gives_another_event_is_not_compared_with_its_year() -> None:
    from caseqa.claims.compare import Outcome, compare_quantity
    from caseqa.claims.text import Claim
    from caseqa.language.quantities import extract
    case = "On June 8, 2022, we completed our acquisition of Cerner Corporation (Cerner), a provider of health systems."
    claim = Claim.parse("Oracle's fiscal 2023, which ended on May 31, 2023, was shaped by the acquisition of Cerner, "
                        "a healthcare IT company it bought in June 2022.")
    year, ended, bought = extract(claim.text)
    for q in (year, ended):
        assert compare_quantity(q, claim, window_of(case, claim))[0] != Outcome.MISMATCH, q.text
    assert compare_quantity(bought, claim, window_of(case, claim))[0] == Outcome.MATCH
    wrong = Claim.parse("Oracle bought Cerner in June 2023.")
    assert compare_quantity(extract(wrong.text)[0], wrong, window_of(case, wrong))[0] == Outcome.MISMATCH


def test_a_quarter_said_of_another_event_later_in_the_sentence_is_not_the_figures() -> None:
    from caseqa.claims.compare import Outcome, compare_quantity
    from caseqa.claims.text import Claim
    case = ("Revenue was $17.5 billion, or up 57% year-over-year, reflecting the overall growth in our Delivery "
            "business and an increase in Freight revenue attributable to the acquisition of Transplace in the fourth "
            "quarter of 2021.")
    quarter = Claim.parse("Uber's Delivery segment recorded about $2.4 billion of revenue in the fourth quarter of "
                          "2021.")
    assert compare_quantity(figure_of(quarter, Kind.MONEY), quarter, window_of(case, quarter))[0] == Outcome.ABSENT


def test_a_quarters_figure_is_not_read_in_a_years_column() -> None:
    from caseqa.claims.compare import against_table
    from caseqa.claims.text import Claim
    from caseqa.types import TableRow

    row = TableRow(0, 60, "Delivery revenue", ("$ 3,904", "$ 8,362"), ("2020", "2021"), None, "millions")
    quarter = Claim.parse("Uber's Delivery segment recorded about $2.4 billion of revenue in the fourth quarter of "
                          "2021 alone.")
    assert against_table(figure_of(quarter, Kind.MONEY), quarter, [row]) is None
    year = Claim.parse("Uber's Delivery segment recorded about $2.4 billion of revenue in 2021.")
    assert against_table(figure_of(year, Kind.MONEY), year, [row]) is not None


def test_a_claim_without_a_year_is_read_in_the_reports_own_columns_for_its_direction_and_sign() -> None:
    from caseqa.claims.compare import row_direction, row_sign
    from caseqa.claims.text import Claim
    from caseqa.types import TableRow

    earnings = TableRow(0, 40, "Net earnings", ("$ 17,941", "20,878", "14,714"), ("2022", "2021", "2020"), None,
                        "millions")
    rose = Claim.parse("Net earnings rose to about $17.9 billion, up from the previous year.")
    assert row_direction(rose, figure_of(rose, Kind.MONEY), earnings) is None  # no year: nothing to read
    assert row_direction(rose, figure_of(rose, Kind.MONEY), earnings, latest=2022).startswith("claim says rose")
    fell = Claim.parse("Net earnings fell to about $17.9 billion.")
    assert row_direction(fell, figure_of(fell, Kind.MONEY), earnings, latest=2022) is None
    segment = TableRow(0, 40, "North America", ("$ (2,847)", "$ 7,271"), ("2022", "2021"), None, "millions")
    profit = Claim.parse("North America earned an operating profit of $2.8 billion.")
    assert row_sign(profit, figure_of(profit, Kind.MONEY), segment, latest=2022) is not None


def test_a_figure_followed_by_its_own_year_is_that_years() -> None:
    from caseqa.claims.compare import Outcome, compare_quantity
    from caseqa.claims.text import Claim
    case = "The worldwide effective income tax rate was 17.4% in 2022 and 8.3% in 2021."
    swapped = Claim.parse("The effective tax rate was 8.3% in 2022.")
    assert compare_quantity(figure_of(swapped, Kind.PERCENT), swapped, window_of(case, swapped))[0] == \
        Outcome.MISMATCH
    right = Claim.parse("The effective tax rate was 8.3% in 2021.")
    assert compare_quantity(figure_of(right, Kind.PERCENT), right, window_of(case, right))[0] == Outcome.MATCH


def test_a_chiefs_title_is_the_same_with_or_without_officer_or_spelt_by_initials() -> None:
    from caseqa.claims.compare import same_title
    assert same_title("chief executive", "Chief Executive Officer")
    assert same_title("CEO", "chief executive")
    assert not same_title("chief financial", "Chief Executive Officer")
    assert not same_title("president", "Chief Executive Officer")


def test_a_company_by_its_initials_is_the_report_and_an_abbreviation_is_spelt_out() -> None:
    from caseqa.language.glossary import abbreviations_spelt
    from caseqa.language.self_reference import is_self
    assert is_self("J&J", frozenset({"johnson & johnson"}))
    assert is_self("P&G", frozenset({"the procter & gamble company"}))
    assert not is_self("J&J", frozenset({"oracle corporation"}))
    assert abbreviations_spelt("J&J invested $14.6 billion in R&D.") == (
        "J&J invested $14.6 billion in research and development.")
    from caseqa.language.self_reference import initials_spelt
    title = "Johnson & Johnson - Form 10-K, fiscal 2022"
    assert initials_spelt("J&J's net earnings fell.", title, "We sell.") == "Johnson & Johnson's net earnings fell."
    assert initials_spelt("P&G's net earnings fell.", title, "We sell.") == "P&G's net earnings fell."


def test_what_a_claim_says_changed_must_be_in_the_evidence() -> None:
    """CVS: "The Health Care Benefits medical benefit ratio went up" was supported by "These increases were
    partially offset by ..."; the word naming what changed is the one the evidence must hold."""
    from caseqa.claims.text import Claim
    from caseqa.claims.verdict import _changed_thing

    for claim, head in (("The Health Care Benefits medical benefit ratio went up in 2022.", "ratio"),
                        ("Insurance reserves on Lyft's balance sheet rose in 2021.", "reserves"),
                        ("The number of stores rose in 2021.", "stores"),
                        ("Revenue of the Retail segment fell in 2022.", "Revenue")):
        parsed = Claim.parse(claim)
        assert parsed.words[_changed_thing(parsed)] == head, claim
    assert _changed_thing(Claim.parse("Hema opened new stores in 2021.")) is None


def test_a_multiple_is_read_in_the_percentage_something_grew_by() -> None:
    """AMD: "more than doubled" against "increased by 113%" (2.13 times); "tripled" is another figure."""
    from caseqa.claims.compare import Outcome, compare_quantity
    from caseqa.claims.text import Claim
    case = ("Enterprise, Embedded and Semi-Custom net revenue of $7.1 billion in 2021 increased by 113% compared "
            "to net revenue of $3.3 billion in 2020.")
    for said, outcome in (("Enterprise, Embedded and Semi-Custom revenue more than doubled in 2021.", Outcome.MATCH),
                          ("Enterprise, Embedded and Semi-Custom revenue doubled in 2021.", Outcome.MATCH),
                          ("Enterprise, Embedded and Semi-Custom revenue tripled in 2021.", Outcome.MISMATCH)):
        claim = Claim.parse(said)
        assert compare_quantity(figure_of(claim, Kind.MULTIPLIER), claim, window_of(case, claim))[0] == outcome, said
    # A share of something is no growth: "113% of" says nothing of a multiple.
    level = Claim.parse("Revenue doubled in 2021.")
    assert compare_quantity(figure_of(level, Kind.MULTIPLIER), level,
                            window_of("Revenue was 113% of the target in 2021.", level))[0] == Outcome.ABSENT


def test_another_owners_head_office_is_the_place_nearest_its_mention() -> None:
    """Activision: "King's headquarters are located in Stockholm, Sweden" was supported by "office space in
    London, United Kingdom for our King segment's headquarters, as well as ... in Stockholm, Sweden"."""
    from caseqa.claims.headquarters import another_office_elsewhere
    from caseqa.claims.text import Claim

    title = "Activision Blizzard, Inc. - Form 10-K, fiscal 2022"
    evidence = ("We lease office space in London, United Kingdom for our King segment’s headquarters, as well as "
                "office space for additional administrative and development studio space in Stockholm, Sweden.")
    assert another_office_elsewhere(Claim.parse("King's headquarters are located in Stockholm, Sweden."), title,
                                    evidence) == ("claim places King’s head office in Stockholm; the case says "
                                                  "London, United Kingdom")
    assert another_office_elsewhere(Claim.parse("King's headquarters are in London."), title, evidence) is None
    # The report's own head office is read from its own statements, not here.
    assert another_office_elsewhere(Claim.parse("Activision Blizzard's headquarters are in Stockholm."), title,
                                    evidence) is None


def test_a_hyphenated_name_is_named_part_by_part() -> None:
    from caseqa.claims.verdict import _parts_named
    assert _parts_named("COVID-related", "requests for COVID-19 related resources")
    assert not _parts_named("COVID-related", "requests for resources")
    assert not _parts_named("Cainiao", "Cainiao dedicated 400 hotlines")


def test_the_year_closing_what_a_figure_is_compared_with_is_not_its_year() -> None:
    """Activision: "In 2022 its net revenues fell by about 14% to roughly $7.5 billion" was contradicted by
    "... decreased 14% to $7.5 billion ..., as compared to consolidated net revenues of $8.8 billion ... in 2021"."""
    from caseqa.claims.compare import Outcome, compare_quantity
    from caseqa.claims.text import Claim
    case = ("Consolidated net revenues decreased 14% to $7.5 billion and consolidated operating income decreased 49% "
            "to $1.7 billion, as compared to consolidated net revenues of $8.8 billion and consolidated operating "
            "income of $3.3 billion in 2021.")
    claim = Claim.parse("In 2022 the net revenues fell by about 14% to roughly $7.5 billion.")
    assert compare_quantity(figure_of(claim, Kind.YEAR), claim, window_of(case, claim))[0] != Outcome.MISMATCH
    earlier = Claim.parse("In 2021 the net revenues were about $8.8 billion.")
    assert compare_quantity(figure_of(earlier, Kind.MONEY), earlier, window_of(case, earlier))[0] == Outcome.MATCH

