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
