"""Claims about a drug maker's 10-K said in a reader's words, checked with the real model: "spending" for a
statement's "expenses", "R&D" for research and development, "nearly doubled" for a 95% increase, a
market named after "was" where the report names it first, and the year of an amount read where the
amount is stated."""

from __future__ import annotations

import pytest

from caseqa.claims.text import slot
from caseqa.language.glossary import abbreviated, as_line_items
from caseqa.types import Label
from pdfmaker import flow
from test_rows import _built, _table

PROSE = [
    "Revenues increased $39.6 billion, or 95%, to $81.3 billion in 2021 from $41.7 billion in 2020, reflecting "
    "an operational increase of $38.4 billion, driven by our vaccine.",
    "Revenues for 2020 included an estimated unfavorable impact of approximately $700 million, or 2%, due to "
    "COVID-19, primarily reflecting lower demand for certain products.",
    "R&D expenses increased $4.4 billion, primarily due to additional spending on the development of the oral "
    "treatment program.",
    "SI&A expenses decreased $1.1 billion, mostly due to lower spending on promotional programs.",
    "By total revenues, Japan was our largest national market outside the U.S. in 2021.",
]


@pytest.fixture(scope="module")
def drug_engine(tmp_path_factory: pytest.TempPathFactory, real_encoder):
    """A 10-K of "Acme Pharma Inc.": its income statement (in millions), its MD&A prose, and its list of
    subsidiaries by country."""
    income = _table(760, "Consolidated Statements of Income", ("2021", "2020", "2019"),
                    [("Revenues", "$ 81,288", "$ 41,651", "$ 40,905"),
                     ("Research and development expenses", "13,829", "9,393", "8,385"),
                     ("Selling, informational and administrative expenses", "12,703", "11,597", "12,726"),
                     ("Cost of sales", "30,821", "8,692", "8,251"), ("Net income", "22,025", "9,652", "16,302")],
                    scale="(MILLIONS)")
    subsidiaries = _table(760, "Subsidiaries of the Registrant", (),
                          [("Acme Pharma GmbH", "Germany"), ("Acme Deutschland GmbH", "Germany"),
                           ("Acme Japan Inc.", "Japan")], scale=None)
    return _built(tmp_path_factory.mktemp("drug"), real_encoder, [income, flow(PROSE, top=760, size=10), subsidiaries],
                  title="Acme Pharma Inc. - Form 10-K, fiscal 2021")


@pytest.mark.parametrize(("claim", "label", "reason"), [
    # "spending" is the statement's "expenses"; "R&D" says research and development.
    ("Acme's research and development spending was about $13.8 billion in 2021.", Label.SUPPORTED,
     "figures match: about $13.8 billion, 2021"),
    ("Acme's research and development spending was about $12.8 billion in 2021.", Label.CONTRADICTED,
     "13,829 (2021, in millions)"),
    ("Research and development spending decreased to about $9.4 billion.", Label.CONTRADICTED, "13,829"),
    # An increase of 95% is nearly double, not nearly triple.
    ("Acme's revenues nearly doubled in 2021 to about $81.3 billion.", Label.SUPPORTED, "doubled"),
    ("Acme's revenues nearly tripled in 2021 to about $81.3 billion.", Label.CONTRADICTED,
     "claim says tripled; the case says 95%"),
    # The year of an amount is the year the statement states it under, not another sentence's year.
    ("Acme's revenues rose in 2021 to about $81.3 billion, largely because of COVID-19.", Label.SUPPORTED, ""),
    # "the largest market was Germany" names the market's place in the slot where the report names Japan.
    ("Outside the United States, Acme's largest national market was Germany.", Label.CONTRADICTED,
     "claim names Germany; the case names Japan"),
    ("Acme's largest national market outside the United States was Japan.", Label.SUPPORTED, ""),
])
def test_claims_in_a_readers_words(drug_engine, claim: str, label: Label, reason: str) -> None:
    verdict = drug_engine.check(claim)[0]
    assert verdict.label == label, (claim, verdict.reasons)
    assert reason in " ".join(verdict.reasons), verdict.reasons


def test_a_name_a_clause_ends_on_after_was_fills_the_subjects_slot() -> None:
    assert slot("Outside the U.S., the largest market was Germany.", "Germany") == "subject"
    assert slot("Germany was the largest market outside the U.S.", "Germany") == "subject"
    assert slot("The largest market was Germany in 2021.", "Germany") == "object"  # not the clause's end
    assert slot("The company sold its plant to Bayer.", "Bayer") == "to"


def test_an_abbreviation_says_its_full_words_and_spending_is_an_expense() -> None:
    assert abbreviated("R&D expenses increased $4.4 billion") == ["research and development"]
    assert abbreviated("SG&A rose") == ["selling, general and administrative"]
    assert abbreviated("Research and development expenses rose") == []
    assert {"spend", "expens"} <= as_line_items({"spend", "research"})
    assert as_line_items({"research"}) == {"research"}


CARD_PROSE = [
    "As of December 31, 2022, we employed approximately 77,300 people, whom we refer to as colleagues, with "
    "approximately 26,000 colleagues in the United States and approximately 51,300 colleagues outside the United "
    "States.",
    "We announced in December 2022 that we will exit all card printing by the end of 2025.",
    "We are the fourth largest general-purpose card network globally based on purchase volume.",
    "Mr. Squeri (63) has been Chairman and Chief Executive Officer since February 2018.",
    "Mr. Musser served as general manager, Atlas Greater China from 2007 to 2012 and president of Atlas "
    "International from 2012 to 2014. In 2014, he was appointed executive vice president, Atlas Technologies and "
    "International.",
]


@pytest.fixture(scope="module")
def card_engine(tmp_path_factory: pytest.TempPathFactory, real_encoder):
    """A 10-K of "Atlas Express Company": its consolidated results, two segments' tables titled by the
    segments' initials, and its prose."""
    results = _table(760, "Consolidated Statements of Income", ("2022", "2021", "2020"),
                     [("Total revenues net of interest expense", "$ 52,862", "$ 42,380", "$ 36,087"),
                      ("Provisions for credit losses", "2,182", "(1,419)", "4,730"),
                      ("Total expenses", "36,019", "28,157", "27,112"),
                      ("Pretax income", "9,829", "10,939", "4,339"),
                      ("Net income", "$ 7,514", "$ 8,060", "$ 3,135")], scale="(Millions)")
    uscs = _table(760, "TABLE 9: USCS SELECTED INCOME STATEMENT DATA", ("2022", "2021", "2020"),
                  [("Total revenues net of interest expense", "$ 25,825", "$ 20,769", "$ 18,049"),
                   ("Pretax segment income", "$ 5,400", "$ 5,958", "$ 3,103")], scale="(Millions)")
    ics = _table(760, "TABLE 13: ICS SELECTED INCOME STATEMENT DATA", ("2022", "2021", "2020"),
                 [("Total revenues net of interest expense", "$ 5,781", "$ 4,606", "$ 4,253"),
                  ("Pretax segment income", "$ 578", "$ 929", "$ 521")], scale="(Millions)")
    pages = [flow(CARD_PROSE, top=760, size=10), results, uscs, ics]
    return _built(tmp_path_factory.mktemp("card"), real_encoder, pages,
                  title="Atlas Express Company - Form 10-K, fiscal 2022")


@pytest.mark.parametrize(("claim", "label", "reason"), [
    # A segment's table titled by its initials is the segment's: which way its row went decides.
    ("Pretax income of the U.S. Consumer Services segment increased in 2022 versus 2021.", Label.CONTRADICTED,
     "went from $ 5,958 (2021) to $ 5,400 (2022)"),
    ("The International Card Services segment saw its pretax income rise sharply in 2022.", Label.CONTRADICTED,
     "went from $ 929 (2021) to $ 578 (2022)"),
    # A claim naming no year speaks of the report's own, against the year before.
    ("Atlas Express's net income went up.", Label.CONTRADICTED, "went from $ 8,060 (2021) to $ 7,514 (2022)"),
    # "Atex" is the report's own name clipped.
    ("Atex is the fourth largest general-purpose card network by purchase volume.", Label.SUPPORTED, ""),
    # "approximately 79,000" is not "approximately 77,300" rounded.
    ("Atlas Express employed approximately 79,000 people at the end of 2022.", Label.CONTRADICTED,
     "approximately 77,300"),
    ("Atlas Express employed about 77,000 people at the end of 2022.", Label.SUPPORTED, ""),
    # The figure the same verb leads to is the claim's, not the part its sentence goes on to count.
    ("Atlas Express employed about 77,300 colleagues, most of them outside the United States.", Label.NOT_FOUND,
     "most of"),
    # A title is the evidence's in full: "financial" is no paraphrase of "executive", nor "officer" of "manager".
    ("Eric S. Musser is Atlas Express's chief financial officer.", Label.NOT_FOUND, "financial"),
    # A plan's date is contradicted by the date of what the report says it will do.
    ("Atlas Express plans to exit all card printing by the end of 2030.", Label.CONTRADICTED, "2025"),
])
def test_claims_about_segments_and_plans(card_engine, claim: str, label: Label, reason: str) -> None:
    verdict = card_engine.check(claim)[0]
    assert verdict.label == label, (claim, verdict.reasons)
    assert reason in " ".join(verdict.reasons), verdict.reasons


@pytest.mark.parametrize(("question", "row"), [
    # A segment named in full, its table titled by the initials.
    ("What pretax income did the U.S. Consumer Services segment earn in 2022?", "Pretax segment income | $ 5,400"),
    ("What pretax income did the International Card Services segment earn in 2022?", "Pretax segment income | $ 578"),
    # "last year" is the report's own year; the whole company's row over a segment's.
    ("How much total revenue net of interest expense did Atlas Express bring in last year?",
     "Total revenues net of interest expense | $ 52,862"),
])
def test_questions_about_segments_find_their_rows(card_engine, question: str, row: str) -> None:
    from caseqa.retrieve.search import read

    hit = read(card_engine.index, card_engine.encoder, question, card_engine.settings, k=3).hits[0]
    start, end = hit.highlights[0]
    assert card_engine.index.documents[hit.passage.doc_id].text[start:end].startswith(row)


@pytest.mark.parametrize("question", [
    "How much total compensation did the chief executive receive in 2022?",  # no pay in the report
    "How much total compensation did Mr. Squeri receive in 2022?",  # his age, in brackets, is no pay
    "What were Atlas Express's total greenhouse gas emissions in 2022?",  # words the report never uses
    "What is Atlas Express's market share in Brazil?",  # no share given
])
def test_questions_the_report_does_not_answer_get_the_notice(card_engine, question: str) -> None:
    assert card_engine.answer(question).notice is not None


def test_a_cut_in_half_is_a_change_of_half() -> None:
    from caseqa.claims.compare import is_change
    from caseqa.language.quantities import Kind, extract

    text = "Lyft cut its sales and marketing expense roughly in half in 2021."
    [half, _] = extract(text)
    assert half.kind == Kind.PERCENT and half.low < 50 < half.high and is_change(text, half)
    [halved] = [q for q in extract("Acme halved its debt in 2022.") if q.kind == Kind.PERCENT]
    assert halved.low == halved.high == 50
    assert [q.kind for q in extract("It took half an hour.")] == [Kind.DURATION]  # a duration, not a change


@pytest.mark.parametrize(("claim", "case", "same"), [
    ("approximately 95,000 people", "approximately 92,000 people", False),  # another number, not a rounding
    ("about 90,000 people", "approximately 92,000 people", True),  # rounded at its last digit
    ("about 100,000 people", "approximately 92,000 people", True),
    ("about $4.3 billion", "approximately $4.33 billion", True),
    ("roughly 77,300 people", "approximately 77,300 people", True),
])
def test_two_approximate_figures_agree_when_one_rounds_the_other(claim: str, case: str, same: bool) -> None:
    from caseqa.language.quantities import agree, extract

    assert agree(extract(claim)[0], extract(case)[0]) == same


def test_a_report_goes_by_its_name_clipped_and_a_segment_by_its_initials() -> None:
    from caseqa.claims.text import entities
    from caseqa.language.self_reference import is_self, own_names
    from caseqa.language.terms import initials_in

    amex = own_names("American Express Company — Form 10-K, fiscal 2022")
    assert is_self("Amex", amex) and is_self("AmEx's", amex)
    assert not is_self("Visa", amex) and not is_self("Amer", amex) and not is_self("Express", frozenset())
    assert initials_in("U.S. Consumer Services", "TABLE 9: USCS SELECTED INCOME STATEMENT DATA")
    assert not initials_in("Consumer Services", "TABLE 9: USCS SELECTED INCOME STATEMENT DATA")
    assert entities("Pretax income of the U.S. Consumer Services segment increased.") == ["U.S. Consumer Services"]


def test_a_labels_alternative_in_brackets_is_no_opposite_and_an_age_is_no_pay() -> None:
    from caseqa.claims.compare import against_table, opposite_words
    from caseqa.claims.text import Claim
    from caseqa.language.quantities import extract
    from caseqa.types import TableRow

    heading = "Total cash provided by (used in):\nOperating activities | $ 1,824 | $ 3,252"
    assert opposite_words("Operating activities provided around $1.8 billion of cash in fiscal 2023.", heading) is None
    assert opposite_words("Operating activities used about $1.8 billion of cash.",
                          "Net cash provided by operating activities was $1.8 billion") == ("used", "provided")
    claim = Claim.parse("Mr. Barry received about $15 million in total compensation.")
    ages = [TableRow(0, 10, "Corie S. Barry", ("47",), ("Age",), "Executive officers")]
    assert against_table(extract(claim.text)[0], claim, ages) is None
