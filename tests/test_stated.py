"""Facts a report states in one known way: where its head office is, and who holds an office, read from
its own statements and its list of executive officers rather than from whatever the search ranks first."""

from __future__ import annotations

import pytest

from caseqa.config import Settings
from caseqa.retrieve.search import read
from pdfmaker import flow, pdf_bytes

DOC = "acme-10k.pdf"
PAGES = [
    ["Delaware 91-1646860", "(State of incorporation) (I.R.S. Employer Identification No.)",
     "410 Terry Avenue North, Seattle, Washington 98109", "(Address of principal executive offices) (Zip Code)",
     None, "Item 1. Business", None,
     "We design aircraft and operate a services business. Our principal executive offices are located at",
     "929 Long Bridge Drive, Arlington, Virginia 22202, and our telephone number is (703) 465-3500.", None,
     "Our risk factors include a concentration of our operations: our corporate headquarters are located",
     "in a region known for seismic activity."],
    ["Executive Officers of the Registrant", None,
     "Name Age Position", None,
     "David L. Calhoun 65 President and Chief Executive Officer since January 2020. Previously, Mr. Calhoun",
     "served as Chief Executive Officer of Nielsen Holdings plc from May 2010 to January 2014.", None,
     "Stanley A. Deal 58 Executive Vice President, President and Chief Executive Officer, Acme Commercial",
     "Airplanes since October 2019. Mr. Deal's previous positions include Chief Executive Officer, Acme",
     "Global Services from November 2016 to October 2019.", None,
     "Mary R. Roe, age 51, Executive Vice President and Chief Financial Officer of Acme Capital since 2019.",
     None,
     "John T. Doe 59 Chief Operating Officer, Executive Vice President since January 2022.",
     None,
     "Brian J. West, age 53, Executive Vice President and Chief Financial Officer of The Acme Company since",
     "August 2021.", None,
     "Savings Plan", None,
     "Any notice under the Plan shall be sent to The Acme Company's headquarters, with attention to the",
     "Secretary of the Company, if the notice is to be made to the Acme Company."],
]


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory, real_encoder):
    from caseqa.app.engine import Engine

    base = tmp_path_factory.mktemp("stated")
    (base / "corpus").mkdir()
    pages = [flow(lines, top=760, size=10) for lines in PAGES]
    (base / "corpus" / DOC).write_bytes(pdf_bytes(pages, title="The Acme Company - Form 10-K, fiscal 2022"))
    built = Engine(Settings(corpus_dir=base / "corpus", index_dir=base / "index"), real_encoder)
    built.build()
    return built


def _first_highlight(engine, question: str) -> str:
    hit = read(engine.index, engine.encoder, question, engine.settings, k=3, doc=DOC).hits[0]
    start, end = hit.highlights[0]
    return engine.index.documents[DOC].text[start:end]


@pytest.mark.parametrize("question", ["Where is Acme's head office?", "Where is Acme headquartered?",
                                      "In which city are Acme's main executive offices?",
                                      "In which city is Acme's main corporate office?"])
def test_a_question_about_the_head_office_gets_the_reports_statement_of_it(engine, question: str) -> None:
    assert _first_highlight(engine, question).startswith("Our principal executive offices are located at 929")


@pytest.mark.parametrize(("question", "name"), [
    ("Who runs Acme as chief executive?", "David L. Calhoun"),
    ("Who is the CEO of Acme?", "David L. Calhoun"),
    ("Who is Acme's chief financial officer?", "Brian J. West"),
    ("Who is Acme's CFO?", "Brian J. West"),
    ("Who serves as Acme's COO?", "John T. Doe"),  # another office after a comma is no unit
])
def test_who_holds_an_office_is_read_from_the_list_of_executive_officers(engine, question: str, name: str) -> None:
    """The company's chief executive, not a unit's ("... Chief Executive Officer, Acme Commercial Airplanes",
    "Chief Financial Officer of Acme Capital"), listed as "Name Age Position" or "Name, age 53, Position"."""
    shown = _first_highlight(engine, question)
    assert name in shown and "Roe" not in shown, shown


def test_an_office_held_elsewhere_or_before_is_left_to_the_search(engine) -> None:
    from caseqa.language.answer_type import AnswerType
    from caseqa.retrieve.scope import scope
    from caseqa.retrieve.stated import head_office, officer

    rows = scope(engine.index, DOC).rows
    assert officer(engine.index, "Who was the CEO of Nielsen?", AnswerType.PERSON, rows) is None
    assert officer(engine.index, "Who was Acme's previous chief executive?", AnswerType.PERSON, rows) is None
    assert officer(engine.index, "What does Acme's chief executive earn?", AnswerType.QUANTITY, rows) is None
    vector = engine.encoder.encode_query("When was the head office built?")
    assert head_office(engine.index, "When was the headquarters built?", vector, AnswerType.DATE, rows) is None
    assert head_office(engine.index, "Where is Acme's headquarters moving to?", vector, AnswerType.PLACE, rows) is None
