# SPDX-License-Identifier: EUPL-1.2
"""The cell parsers and the table validator, including property-based fuzzing."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from straitwatch.errors import InvalidInput
from straitwatch.flows.ods import Cell, column_letter
from straitwatch.flows.tabular import Field, FieldKind, TableSpec, validate

SPEC = TableSpec(
    "test table",
    (
        Field("Date", "day", FieldKind.DATE),
        Field("Count", "count", FieldKind.COUNT),
        Field("Maybe", "maybe", FieldKind.COUNT, optional=True),
        Field("Month", "month", FieldKind.MONTH),
        Field("Flag", "flag", FieldKind.FLAG),
    ),
    key=("day",),
)
HEADER = ["Date", "Count", "Maybe", "Month", "Flag"]


def test_column_letters_follow_spreadsheets() -> None:
    assert [column_letter(i) for i in (0, 2, 25, 26, 27, 701, 702)] == [
        "A",
        "C",
        "Z",
        "AA",
        "AB",
        "ZZ",
        "AAA",
    ]


@given(
    st.integers(min_value=0, max_value=10**9),
    st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)),
    st.booleans(),
)
def test_good_rows_round_trip_as_text_and_as_typed_cells(n: int, day: date, flag: bool) -> None:
    text_row = [day.isoformat(), f"{n:,}", "-", f"{day:%Y-%m}", str(flag)]
    typed_row = [
        Cell("date", day, day.isoformat()),
        Cell("number", float(n), str(n)),
        Cell("empty", None, ""),
        Cell("text", f"{day:%Y-%m}", f"{day:%Y-%m}"),
        Cell("boolean", flag, str(flag)),
    ]
    for row in (text_row, typed_row):
        out = validate(SPEC, HEADER, [("line 2", row)], "t.csv")
        assert out == {
            "day": [day],
            "count": [n],
            "maybe": [None],
            "month": [day.replace(day=1)],
            "flag": [flag],
        }


@given(st.lists(st.text(max_size=12), min_size=5, max_size=5))
def test_any_text_is_accepted_or_refused_with_a_located_message(cells: list[str]) -> None:
    try:
        validate(SPEC, HEADER, [("line 7", cells)], "t.csv")
    except InvalidInput as exc:
        message = str(exc)
    else:
        return
    assert message.startswith("t.csv: test table:")
    assert "line 7, column" in message


NOT_A_COUNT = st.one_of(
    st.floats(max_value=-1e-9, allow_infinity=True),
    st.floats(min_value=0, max_value=1e9).filter(lambda v: v != int(v)),
    st.sampled_from([float("nan"), float("inf")]),
)


@given(NOT_A_COUNT)
def test_counts_refuse_negatives_fractions_and_non_finite(value: float) -> None:
    row = ["2024-01-01", Cell("number", value, str(value)), "", "2024-01", "true"]
    with pytest.raises(InvalidInput, match="column 'Count'"):
        validate(SPEC, HEADER, [("line 2", row)], "t.csv")


def test_every_bad_cell_is_listed_up_to_a_limit() -> None:
    rows = [(f"line {i}", [f"2024-01-{i:02d}", "x", "", "2024-13", "maybe"]) for i in range(1, 11)]
    with pytest.raises(InvalidInput) as caught:
        validate(SPEC, HEADER, rows, "t.csv")
    message = str(caught.value)
    assert "30 bad cell(s)" in message and "(and 22 more)" in message
    assert "line 1, column 'Month': '2024-13' is not a month (YYYY-MM)" in message


def test_required_empty_cell_and_missing_columns_are_named() -> None:
    with pytest.raises(
        InvalidInput, match="line 2, column 'Count': empty, a whole number is required"
    ):
        validate(SPEC, HEADER, [("line 2", ["2024-01-01", "", "", "2024-01", "true"])], "t.csv")
    with pytest.raises(InvalidInput, match=r"missing column\(s\) 'Flag' \(found: 'Date', 'Count'"):
        validate(SPEC, HEADER[:4], [], "t.csv")
