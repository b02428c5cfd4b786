"""Tables as facts: figures read as numbers, headers of periods, rows matched to their column headers."""

from __future__ import annotations

import pytest

from caseqa.ingest.tables import figures, is_figure, is_period_header, read_rows
from caseqa.types import TableRow


def test_figures_read_parentheses_as_negatives_and_apply_the_scale() -> None:
    row = TableRow(0, 10, "Revenue", ("$ 3,208,323", "(93,639)", "—", "36 %", "(35)%"),
                   ("2021", "2020", "2019", "2020 to 2021 % Change", "2019 to 2020 % Change"), "Results", "thousands")
    got = [(f.column, f.value, f.percent) for f in figures(row)]
    assert got == [("2021", 3_208_323_000, False), ("2020", -93_639_000, False), ("2019", None, False),
                   ("2020 to 2021 % Change", 36, True), ("2019 to 2020 % Change", -35, True)]


def test_per_share_amounts_are_not_scaled() -> None:
    row = TableRow(0, 10, "Net loss per share, basic and diluted", ("$ (3.02)",), ("2021",), None, "thousands")
    assert figures(row)[0].value == pytest.approx(-3.02)


@pytest.mark.parametrize(("cells", "header"), [
    (["2021", "2020", "2019"], True),
    (["Year Ended December 31,"], True),
    (["Year Ended December 31, 2020 to 2021 % Change"], True),
    (["Three Months Ended", "March 31, 2022"], True),
    (["Why the Members Rejected Debt Financing in 2020"], False),
    # A scale note beside the periods is no other word (Uber's MD&A tables).
    (["(In millions, except percentages)", "2020", "2021", "Change"], True),
    (["(In millions, except percentages)"], False),
    (["Revenue", "3,208,323"], False),
])
def test_headers_of_periods(cells: list[str], header: bool) -> None:
    assert is_period_header(cells) is header


def test_a_year_alone_is_a_header_not_a_figure() -> None:
    assert not is_figure("2021") and is_figure("(2,021)") and is_figure("—") and is_figure("$ 1.5")


def test_rows_take_the_lowest_header_and_a_wrapped_label() -> None:
    rows = [[("Year Ended December 31,", 300.0, 360.0)],
            [("2021", 300.0, 320.0), ("2020", 360.0, 380.0)],
            [("Proceeds from issuance of common stock, net of", 20.0, 200.0)],
            [("offering costs", 30.0, 80.0), ("—", 310.0, 320.0), ("2,484,029", 350.0, 380.0)]]
    [facts] = read_rows(rows)
    assert facts.index == 3 and facts.columns == ("2021", "2020") and facts.values == ("—", "2,484,029")
    assert facts.label == "Proceeds from issuance of common stock, net of offering costs"


def test_a_header_printed_on_two_lines_heads_only_the_values_under_it() -> None:
    """Uber's highlights table: "2020 to 2021 %" over "Change", the years on the line beside them. The
    "Change" cell, nearest to the amounts too, is not their header: each value takes the cells printed
    over it, read upwards until a year ("93" set right of the "2020" above its column counts)."""
    rows = [[("Year Ended December 31,", 334.0, 417.0), ("Constant Currency", 512.0, 574.0)],
            [("(In millions, except percentages)", 18.0, 124.0), ("2020", 341.0, 355.0), ("2021", 397.0, 411.0)],
            [("2020 to 2021 %", 440.0, 489.0)],
            [("Change", 453.0, 477.0), ("2020 to 2021 % Change", 509.0, 584.0)],
            [("Monthly Active Platform Consumers", 18.0, 192.0), ("93", 364.0, 372.0), ("118", 415.0, 428.0),
             ("27 %", 473.0, 494.0)],
            [("Revenue", 18.0, 49.0), ("$ 11,139", 323.0, 369.0), ("$ 17,455", 379.0, 425.0), ("57 %", 473.0, 494.0),
             ("54 %", 569.0, 592.0)]]
    mapcs, revenue = read_rows(rows)
    assert mapcs.columns == ("2020", "2021", "2020 to 2021 % Change")
    assert revenue.columns == ("2020", "2021", "2020 to 2021 % Change", "2020 to 2021 % Change")
    # A header cell over exactly one value each keeps the nearest-cell reading.
    [single] = read_rows([[("2021", 300.0, 320.0), ("2020", 360.0, 380.0)],
                          [("Revenue", 18.0, 49.0), ("3,208", 290.0, 322.0), ("2,364", 352.0, 384.0)]])
    assert single.columns == ("2021", "2020")


def test_a_caption_over_the_labels_heads_no_column_of_figures() -> None:
    """American Express's highlights: the caption "(Millions, except percentages ...)" heads the labels,
    and each "2022 vs. 2021" heads two columns ($ and %), so the header has as many cells as the row has
    figures: read in order, every figure would take the header of the column before it."""
    rows = [[("(Millions, except percentages, per share amounts and where indicated)", 18.0, 250.0),
             ("2022", 300.0, 320.0), ("2021", 350.0, 370.0), ("2020", 400.0, 420.0),
             ("2022 vs. 2021", 450.0, 520.0), ("2021 vs. 2020", 540.0, 610.0)],
            [("Net income", 18.0, 70.0), ("7,514", 298.0, 322.0), ("8,060", 348.0, 372.0), ("3,135", 398.0, 422.0),
             ("(546)", 450.0, 475.0), ("(7)", 500.0, 515.0), ("4,925", 540.0, 565.0)]]
    [facts] = read_rows(rows)
    assert facts.columns[:3] == ("2022", "2021", "2020"), facts.columns
    assert facts.columns[3:5] == ("2022 vs. 2021", "2022 vs. 2021") and facts.columns[5] == "2021 vs. 2020"


def _row(columns: tuple[str, ...], values: tuple[str, ...] = ("1", "2", "3")) -> TableRow:
    return TableRow(0, 1, "Net sales", values[:len(columns)], columns)


def test_a_filings_order_of_year_columns_places_the_years_of_a_row_without_a_header() -> None:
    from caseqa.ingest.tables import ColumnOrder, column_order
    latest_first = [_row(("2022", "2021", "2020"))] * 4 + [_row(("December 31, 2022", "December 25, 2021"))]
    assert column_order(latest_first) == ColumnOrder(2022, True)
    # A wide table repeats its years per group; a change column names two years and is no period.
    assert column_order([_row(("2022", "2021", "2022", "2021"), ("1", "2", "3", "4"))] * 5
                        + [_row(("2022", "2021", "2022 vs. 2021"))]) == ColumnOrder(2022, True)
    assert column_order([_row(("2019", "2020", "2021"))] * 5) == ColumnOrder(2021, False)
    # Too few dated rows, or orders mixed, tell nothing.
    assert column_order(latest_first[:4]) is None
    assert column_order([_row(("2022", "2021"))] * 3 + [_row(("2020", "2021"))] * 3) is None
    assert ColumnOrder(2022, True).position(2021, 2) == 1
    assert ColumnOrder(2021, False).position(2021, 3) == 2
    assert ColumnOrder(2022, True).position(2019, 2) is None
