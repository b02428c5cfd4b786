"""A reader's phrase is searched in the report's words, unless the case writes the phrase itself."""

from __future__ import annotations

import re

from caseqa.language.glossary import in_case_words


def _never(pattern: re.Pattern[str]) -> bool:
    return False


def _case(text: str):
    return lambda pattern: pattern.search(text) is not None


def test_a_readers_phrase_becomes_the_reports_words() -> None:
    assert in_case_words("In which city is Apple's head office?", _never) == "In which city is Apple's headquarters?"
    assert in_case_words("What was the profit after tax in 2022?", _never) == "What was the net income in 2022?"
    assert in_case_words("How much did it spend on capex?", _never) == "How much did it spend on capital expenditures?"


def test_a_phrasal_verb_keeps_its_tense() -> None:
    assert in_case_words("How much revenue did Acme bring in?", _never) == "How much revenue did Acme generate?"
    assert in_case_words("Operations brought in $122 billion.", _never) == "Operations generated $122 billion."
    assert in_case_words("It bought back $90 billion of stock.", _never) == "It repurchased $90 billion of stock."


def test_a_case_that_writes_the_phrase_keeps_it() -> None:
    case = _case("Our head office is in Leeds. Profit after tax rose 4%.")
    assert in_case_words("Where is the head office?", case) == "Where is the head office?"
    assert in_case_words("What was profit after tax?", case) == "What was profit after tax?"


def test_an_abbreviation_joined_by_ampersand_is_always_spelt_out() -> None:
    """The search reads "R&D" as no word at all, so even a case writing it is searched by the full words."""
    case = _case("R&D expense grew 20%.")
    assert in_case_words("How much went to R&D?", case) == "How much went to research and development?"
    assert in_case_words("What were SG&A costs?", _never) == "What were selling, general and administrative costs?"


def test_words_that_only_contain_a_phrase_are_left_alone() -> None:
    for text in ("Who is the staffing agency?", "What is the HQ2 project?", "Which bring-in fee applies?"):
        assert in_case_words(text, _never) == text


def test_people_a_company_employs_are_its_employees() -> None:
    assert in_case_words("How many people did Nike employ worldwide in 2023?", _never) == (
        "How many employees did Nike have worldwide in 2023?")
    assert in_case_words("How many people does the company employ?", _never) == (
        "How many employees does the company have?")


def test_a_profit_after_taxes_said_apart_and_the_biggest_are_the_reports_words() -> None:
    assert in_case_words("How much profit did Kraft Heinz earn in 2022 after taxes?", _never) == (
        "How much net income did Kraft Heinz earn in 2022?")
    assert in_case_words("Which retailer is its biggest customer?", _never) == "Which retailer is its largest customer?"


def test_cash_on_hand_people_working_for_and_capital_spending_are_the_reports_line_items() -> None:
    assert in_case_words("How much cash did Walmart have on hand at the close of fiscal 2023?", _never) == (
        "How much cash and cash equivalents did Walmart have at the close of fiscal 2023?")
    assert in_case_words("How many people worked for Verizon at the end of 2022?", _never) == (
        "How many employees of Verizon at the end of 2022?")
    assert in_case_words("How much will capital spending be next year?", _never) == (
        "How much will capital expenditures be next year?")


def test_rivals_are_competitors() -> None:
    assert in_case_words("Which companies does Corning name as its main rivals?", _never) == (
        "Which companies does Corning name as its main competitors?")


def test_earning_after_taxes_is_net_income_though_the_case_writes_income_after_tax() -> None:
    assert in_case_words("How much did the company earn after taxes in 2022?", _never) == (
        "How much did the company earn net income in 2022?")
    # McDonald's 10-K writes "Net Operating income after tax": a reader's "profit after tax" is still net income.
    case = _case("Net Operating income after tax | $ 8,815.1")
    assert in_case_words("How much profit after tax did it earn?", case) == "How much net income did it earn?"


def test_cash_operations_generate_is_the_cash_flow_statements_line_even_where_the_prose_says_it() -> None:
    """Boeing's prose says "cash provided by operations"; the figure asked for is still its statement's line."""
    boeing = _case("We expect cash provided by operations, as well as ...")
    assert in_case_words("How much cash did Boeing's operations bring in during 2022?", boeing) == \
        "How much net cash provided by operating activities did Boeing's have during 2022?"
    assert in_case_words("How much cash did operations generate in 2022?", boeing) == \
        "How much net cash provided by operating activities did have in 2022?"
    assert in_case_words("How much cash did operating activities generate in 2022?", boeing) == \
        "How much net cash provided by operating activities did have in 2022?"
    assert in_case_words("How much cash was generated by operations in 2022?", boeing) == \
        "How much net cash provided by operating activities in 2022?"
