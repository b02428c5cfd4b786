"""Number, money, date, duration normalisation and comparison, table-driven."""

from __future__ import annotations

import math

import pytest

from caseqa.language.quantities import Bound, Kind, agree, comparable, extract, words_to_number


def one(text: str):
    found = extract(text)
    assert len(found) == 1, (text, found)
    return found[0]


@pytest.mark.parametrize(
    ("text", "kind", "low", "high"),
    [
        ("1,800 staff", "count", 1800, 1800),
        ("arrived at five in the morning", "time", 5, 5),
        ("left at 7 in the evening", "time", 19, 19),
        ("1800 staff", "count", 1800, 1800),
        ("one thousand eight hundred staff", "count", 1800, 1800),
        ("a dozen stores", "count", 12, 12),
        ("sales rose sixfold", "multiplier", 6, 6),
        ("sales rose 6 times", "multiplier", 6, 6),
        ("a 6-fold rise", "multiplier", 6, 6),
        ("orders doubled", "multiplier", 2, 2),
        ("loans of 50-100 units", "count", 50, 100),
        ("between 50 and 100 units", "count", 50, 100),
        ("10% of them", "percent", 10, 10),
        ("ten percent of them", "percent", 10, 10),
        ("10 per cent of them", "percent", 10, 10),
        ("RMB 1 billion", "money", 1e9, 1e9),
        ("1 billion yuan", "money", 1e9, 1e9),
        ("$3.5 million", "money", 3.5e6, 3.5e6),
        ("USD 3.5m", "money", 3.5e6, 3.5e6),
        ("RMB 50-100 billion", "money", 5e10, 1e11),
        ("13 hours", "duration", 13, 13),
        ("48 hours", "duration", 48, 48),
        ("three days", "duration", 72, 72),
        ("half a month", "duration", 365, 365),
        ("an hour", "duration", 1, 1),
        ("within 13 hours", "duration", 0, 13),
        ("in 2004", "year", 2004, 2004),
        ("at 7pm", "time", 19, 19),
        ("around 1:00am", "time", 1, 1),
        ("at 13:00", "time", 13, 13),
        ("four or five hours", "duration", 4, 5),
        ("a one-billion-yuan fund", "money", 1e9, 1e9),
        ("a 10-million-dollar loan", "money", 1e7, 1e7),
        ("a $5-million fund", "money", 5e6, 5e6),
        ("just over half a day", "duration", 12, math.inf),
        ("on day three", "ordinal", 3, 3),
    ],
)
def test_extract_normalises(text: str, kind: str, low: float, high: float) -> None:
    q = one(text)
    assert (q.kind, q.low, q.high) == (kind, pytest.approx(low), pytest.approx(high))


@pytest.mark.parametrize(
    ("text", "value"),
    [("May 10th", 510), ("June 10th", 610), ("26th January", 126), ("January 26, 2020", 126), ("Feb 3", 203)],
)
def test_dates(text: str, value: int) -> None:
    q = one(text)
    assert q.kind == "date" and q.low == value


def test_qualifiers_make_intervals() -> None:
    less = one("less than 24 hours")
    assert (less.low, less.high, less.bound) == (0, 24, "upper")
    more = one("more than 1 million people")
    assert math.isinf(more.high) and more.low == 1e6 and more.bound == "lower"
    about = one("about 100,000 people")
    assert about.low < 100_000 < about.high and about.approximate


def test_words_inside_other_words_are_not_numbers() -> None:
    assert extract("trustworthy networks often tend to atone") == []
    assert extract("It was a success, a second warehouse opened") == []  # "a second" = another
    assert extract("we may go") == []  # "may" is a month only after "in", "by", ...


@pytest.mark.parametrize(
    ("text", "kind", "value", "noun"),
    [
        ("on the third day of the Chinese New Year", "ordinal", 3, "day"),
        ("in its 5th year", "ordinal", 5, "year"),
        ("the first emergency warehouse", "ordinal", 1, "emergency warehouse"),
        ("In March, Jack Ma", "month", 3, None),
        ("by May 2020", "month", 5, None),
    ],
)
def test_ranks_and_months(text: str, kind: str, value: float, noun: str | None) -> None:
    q = one(text)
    assert (q.kind, q.low, q.noun) == (kind, value, noun)


def test_words_to_number() -> None:
    assert words_to_number("one thousand eight hundred") == 1800
    assert words_to_number("twenty-five") == 25
    assert words_to_number("two million") == 2e6
    assert words_to_number("tea") is None


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("1,800 staff", "one thousand eight hundred staff", True),
        ("sixfold", "6 times", True),
        ("RMB 1 billion", "RMB 10 billion", False),
        ("RMB 1 billion", "1 billion yuan", True),
        ("May 10th", "June 10th", False),
        ("May 10th", "10 May", True),
        ("13 hours", "48 hours", False),
        ("three days", "72 hours", True),
        ("three days", "less than 24 hours", False),
        ("within four hours", "4 hours", True),
        ("about 100,000", "100,000", True),
        ("about 100,000", "10,000", False),
        ("60 units", "50-100 units", True),
        ("5-10 billion units", "50-100 billion units", False),
        ("in 2004", "in 2009", False),
        ("2:00 am", "2am", True),
        ("5am", "5pm", False),
        ("10%", "ten percent", True),
        # One-sided figures: the case's "more than N" is read as a figure near N.
        ("more than 18,000 staff", "more than 1,800 staff", False),
        ("more than 1,000 staff", "more than 1,800 staff", True),
        ("at least 15 new stores", "at least 50 new stores", False),  # weaker, but far off: a misreport
        ("at least 15 new stores", "50 new stores", False),
        ("more than 1,000 staff", "1,800 staff", True),
        ("less than 100 hours", "less than 24 hours", False),
        ("1,800 staff", "more than 1,800 staff", True),
        ("2,000 staff", "more than 200 staff", False),
        ("fewer than 1,800 staff", "more than 1,800 staff", False),
        ("fewer than 2,000 staff", "more than 1,800 staff", True),
        ("less than 2 hours", "less than 24 hours", False),
        ("less than 48 hours", "less than 24 hours", True),
        ("in 20 hours", "less than 24 hours", True),
        ("in 2 hours", "less than 24 hours", False),
        ("in March", "February 3", False),
        ("March 15", "in March", True),
        ("in March 2020", "in March 2019", False),
        ("the third day", "the first day", False),
        ("the 3rd day", "the third day", True),
        # "about" reaches as far as the number's own digits say, 5 % at least, 15 % at most; and two
        # "about" figures agree only when one falls within the other's reach, not when the reaches meet.
        ("about 39,300 employees", "approximately 29,300 employees", False),
        ("approximately 92 countries", "approximately 72 countries", False),
        ("about $15.5 billion", "$17.5 billion", False),
        ("about 29,000 employees", "approximately 29,300 employees", True),
        ("about $94 million", "$93.6 million", True),
        ("about 300 hotlines", "280 hotlines", True),
        # A claim's year against a case's dated day of a year ("at the end of 2021" / "As of December 31, 2021").
        ("in 2021", "December 31, 2021", True),
        ("in 2020", "December 31, 2021", False),
    ],
)
def test_agreement(a: str, b: str, same: bool) -> None:
    qa, qb = one(a), one(b)
    assert comparable(qa, qb)
    assert agree(qa, qb) is same


def test_different_kinds_or_currencies_are_not_comparable() -> None:
    assert not comparable(one("RMB 1 billion"), one("$1 billion"))
    assert not comparable(one("13 hours"), one("13 people"))
    assert not comparable(one("10%"), one("10 people"))


@pytest.mark.parametrize(
    ("text", "figures"),
    [
        # A rate's "a day" is no span of time of its own ...
        ("the team slept four to five hours a day", ["four to five hours"]),
        ("they met twice a week", ["twice"]),
        # ... but after a word that measures time it is one.
        ("it took a week to build", ["a week"]),
        ("A day later the masks arrived", ["A day"]),
        ("within a day it sold out", ["within a day"]),
        # Two years joined by "and"/"or" are two years, not a range.
        ("in 2020 and 2021", ["2020", "2021"]),
    ],
)
def test_rates_and_year_pairs(text: str, figures: list[str]) -> None:
    assert [q.text for q in extract(text)] == figures


def test_the_counted_noun_stops_at_a_preposition() -> None:
    million = next(q for q in extract("it passed one million within three days") if q.low == 1e6)
    assert million.noun is None


def test_a_year_compares_only_with_a_dated_day_that_gives_its_year() -> None:
    year = one("in 2021")
    assert comparable(year, one("December 31, 2021"))
    assert not comparable(year, one("December 31"))


def test_first_before_a_verb_is_no_rank() -> None:
    assert not [q for q in extract("Lyft first launched its marketplace in 2012.") if q.kind == Kind.ORDINAL]
    assert [q.noun for q in extract("On the first day of Chinese New Year") if q.kind == Kind.ORDINAL] == ["day"]
    assert [q for q in extract("the first donated masks") if q.kind == Kind.ORDINAL]


def test_a_measure_counts_what_it_measures() -> None:
    found = extract("Cainiao enabled the delivery of 300,000 units of life saving items donated by 9 provinces")
    assert [q.noun for q in found] == ["life saving items", "provinces"]


def test_cents_are_money() -> None:
    from caseqa.language.quantities import Kind, extract
    found = extract("Uber lost about 29 cents a share in 2021.")[0]
    assert found.kind == Kind.MONEY and found.currency == "USD" and found.text == "about 29 cents"
    assert found.low < 0.29 < found.high
    assert extract("30 centimeters of snow")[0].kind == Kind.COUNT


def test_a_change_by_a_share_of_what_it_was() -> None:
    half = extract("Active Riders were down by almost half in the quarter.")
    assert [(q.kind, q.text) for q in half] == [(Kind.PERCENT, "almost half")]
    assert half[0].low < 50 <= half[0].high
    third = extract("Costs were cut by a third.")
    assert [(q.kind, q.low, q.high) for q in third] == [(Kind.PERCENT, 33, 34)]  # 33% or 34%, as printed
    # "by quarter" groups figures; "by the third quarter" is a date.
    assert extract("Revenue broken down by quarter.") == []
    assert [q.kind for q in extract("by the third quarter")] == [Kind.ORDINAL]


def test_close_to_a_figure_is_about_it() -> None:
    [q] = extract("Lyft had close to 4,450 employees.")
    assert q.text == "close to 4,450" and q.approximate and q.low < 4453 < q.high


def test_number_one_is_a_rank() -> None:
    assert [(q.kind, q.low) for q in extract("named number one in Newsweek's rankings")] == [(Kind.ORDINAL, 1.0)]
    assert [(q.kind, q.low) for q in extract("ranked No. 1 in its category")] == [(Kind.ORDINAL, 1.0)]
    assert extract("a number of stores") == []
    assert agree(extract("ranked first")[0], extract("named number one")[0])


def test_within_about_a_span_is_a_bound() -> None:
    [q] = extract("running in Wuhan within about three days")
    assert q.bound == Bound.UPPER and agree(q, extract("in four to five hours")[0])


def test_a_clause_number_at_a_lines_start_is_no_count() -> None:
    assert extract("30. Effective Date of Agreement.") == [] and extract("(2) Pay the fee.") == []
    assert extract("Intro.\n  12. The Company had 4,453 employees.")[0].text == "4,453"
    assert [q.text for q in extract("We had 30. Then more came.")] == ["30"]


def test_what_a_figure_counts_stops_at_the_end_of_its_sentence() -> None:
    [q] = extract("flexible work in approximately 72 countries. Drivers are key parts of the marketplaces.")
    assert q.noun == "countries"


def test_a_span_after_a_figure_is_a_rate() -> None:
    assert [(q.kind, q.text) for q in extract("pay interest at 1.5% a year")] == [(Kind.PERCENT, "1.5%")]
    assert [q.kind for q in extract("it took a day")] == [Kind.DURATION]


def test_half_a_scale_is_half_of_it() -> None:
    """"about half a billion dollars" is $0.5 billion, give or take, not a billion; "half a dozen" is six."""
    (money,) = extract("Its net loss shrank to about half a billion dollars.")
    assert money.kind == Kind.MONEY and money.low < 5e8 < money.high and money.high < 1e9
    (count,) = extract("half a million people")
    assert count.low == count.high == 5e5
    assert [q.low for q in extract("We opened half a dozen stores.")] == [6]


def test_a_month_told_in_weeks_or_days_spans_28_to_31_days() -> None:
    half_month = extract("half a month")[0]
    assert agree(extract("two weeks")[0], half_month)
    assert not agree(extract("three weeks")[0], half_month)
    month = extract("one month")[0]
    assert agree(extract("30 days")[0], month) and agree(extract("four weeks")[0], month)
    assert not agree(extract("six weeks")[0], month)


def test_a_companys_name_written_as_a_figure_is_no_count() -> None:
    assert [(q.kind, q.text) for q in extract("3M reported sales of $34.2 billion in 2022.")] == [
        (Kind.MONEY, "$34.2 billion"), (Kind.YEAR, "2022")]
    assert [q.kind for q in extract("The fund raised $5M from 3 million savers.")] == [Kind.MONEY, Kind.COUNT]


@pytest.mark.parametrize(("claim", "case", "same"), [
    # "About" with three significant digits was rounded there: $46.3 billion is another figure ...
    ("about $48.3 billion", "$46.3 billion", False),
    ("about $48.3 billion", "$48,127 million", True),
    # ... while two digits reach as far as people round ("about $2.5 billion" for $2,454 million).
    ("about $2.5 billion", "$2,454 million", True),
    ("about 300 hotlines", "280 hotlines", True),
    # A limit set ("up to $5 billion") is its number: another limit is another figure.
    ("up to $10 billion", "up to $5 billion", False),
    ("up to $5 billion", "up to $5.0 billion", True),
    ("less than 1,000 staff", "less than 800 staff", True),
])
def test_how_close_a_qualified_figure_must_be(claim: str, case: str, same: bool) -> None:
    assert agree(extract(claim)[0], extract(case)[0]) is same


def test_a_models_designation_holds_no_figure() -> None:
    from caseqa.claims.text import entities
    # "777-9" is an airplane, not a range from 777 down to 9; ranges still read as ranges.
    assert [q.kind for q in extract("The company expects to deliver the first 777-9 in late 2023.")] == [
        Kind.ORDINAL, Kind.YEAR]
    assert extract("the 737-10 and the 777X-9") == []
    assert [q.text for q in extract("between 50-100 stores and 100-200 people, ages 18-25")] == [
        "50-100", "100-200", "18-25"]
    assert entities("We expect Boeing to deliver the 737-7 in 2023.") == ["Boeing", "737-7"]


def test_a_share_reached_is_read_as_the_percentage_a_report_prints() -> None:
    """Activision: "the share of women on the board rose to one third" against "from 20% to 33%"; "to" with
    a fraction is a share reached, a whole percentage rounded either way; "the third floor" stays a rank."""
    from caseqa.language.quantities import Kind, agree, extract

    third = [q for q in extract("The share of women on the board rose to one third.") if q.kind == Kind.PERCENT]
    assert len(third) == 1 and (third[0].low, third[0].high) == (33, 34)
    assert agree(third[0], extract("from 20% to 33%")[1])
    assert not agree(third[0], extract("from 20% to 30%")[1])
    assert [q.kind for q in extract("We moved to the third floor.")] == [Kind.ORDINAL]
    half = extract("Revenue fell to about half in 2022.")[0]
    assert half.kind == Kind.PERCENT and half.approximate
