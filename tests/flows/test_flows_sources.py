# SPDX-License-Identifier: EUPL-1.2
"""Loaders on the real published files: totals reconcile, ODS and CSV agree, bad input is
refused whole with the sheet, row and column named."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.flows.conftest import WORKBOOK
from tests.flows.workbook import DAILY_HEADER, build_workbook, two_weeks

from straitwatch.errors import InvalidInput
from straitwatch.flows.dataset import FlowsDataset
from straitwatch.flows.sources import ParsedSource, SourceKind, parse_source

# Published provisional totals (Home Office, via The National's yearly file and the seeds).
PUBLISHED = {2022: 45_755, 2023: 29_437, 2024: 36_816, 2025: 41_472}


def test_yearly_totals_from_the_workbook_reconcile_with_published_totals(
    dataset: FlowsDataset, flows_dir: Path
) -> None:
    by_year = dataset.daily["migrants_arrived"].groupby(dataset.daily.index.year).sum()
    for year, total in PUBLISHED.items():
        assert by_year[year] == total
    national = pd.read_csv(flows_dir / "thenational_uk_small_boats_yearly.csv")
    for row in national.itertuples():
        assert by_year[row.n_year] == row.migrants_arrived
        assert dataset.daily.loc[str(row.n_year), "boats_arrived"].sum() == row.boats_arrived


def test_monthly_totals_match_the_independent_monthly_file(
    dataset: FlowsDataset, flows_dir: Path
) -> None:
    national = pd.read_csv(flows_dir / "thenational_uk_small_boats_monthly.csv")
    months = dataset.daily["migrants_arrived"].resample("MS").sum()
    for row in national.itertuples():
        expected = 0 if pd.isna(row.migrants_arrived) else int(row.migrants_arrived)
        assert months[pd.Timestamp(row.date_month)] == expected, row.date_month


def test_ods_and_csv_loaders_agree(bundled: list[ParsedSource], flows_dir: Path) -> None:
    workbook = next(s for s in bundled if s.kind is SourceKind.WORKBOOK)
    daily = parse_source(flows_dir / "uk_small_boats_daily_homeoffice.csv")
    weekly = parse_source(flows_dir / "uk_small_boats_weekly_homeoffice.csv")
    assert daily.kind is SourceKind.DAILY and weekly.kind is SourceKind.WEEKLY
    pd.testing.assert_frame_equal(workbook.tables["daily"], daily.tables["daily"])
    pd.testing.assert_frame_equal(workbook.tables["weekly"], weekly.tables["weekly"])
    assert int(workbook.tables["daily"]["marked_revised"].sum()) == 9
    assert workbook.warnings == ()  # every week equals the sum of its days


def test_weekly_prevention_sums_match_the_weekly_sheet(
    dataset: FlowsDataset, flows_dir: Path
) -> None:
    raw = pd.read_csv(
        flows_dir / "uk_small_boats_weekly_homeoffice.csv", parse_dates=["week_ending"]
    )
    prevented = dataset.weekly["migrants_prevented"]
    assert prevented.first_valid_index() == pd.Timestamp("2024-05-05")
    for year, people, events in ((2024, 21_317, 694), (2025, 22_476, 845), (2026, 8_231, 382)):
        weeks = raw[raw.week_ending.dt.year == year]
        assert int(prevented.loc[str(year)].sum()) == int(weeks.migrants_prevented.sum()) == people
        assert int(dataset.weekly["events_prevented"].loc[str(year)].sum()) == events


def test_other_sources_load_with_their_documented_sizes(dataset: FlowsDataset) -> None:
    assert len(dataset.frontex) == 34_273
    assert len(dataset.iom) == 179
    assert len(dataset.irregular) == 10_816
    assert len(dataset.reference) == 104
    small = dataset.irregular[dataset.irregular["method"] == "Small boat arrivals"]
    assert small.groupby(small["quarter_end"].dt.year)["detections"].sum().to_dict() == {
        2018: 299,
        2019: 1843,
        2020: 8466,
        2021: 28526,
        2022: 45774,
        2023: 29437,
    }


def _tiny(tmp_path: Path, **kwargs: object) -> Path:
    daily, weekly = two_weeks()
    return build_workbook(tmp_path / "book.ods", daily, weekly, **kwargs)  # type: ignore[arg-type]


def test_a_small_consistent_workbook_loads(tmp_path: Path) -> None:
    parsed = parse_source(_tiny(tmp_path))
    assert len(parsed.tables["daily"]) == 14 and len(parsed.tables["weekly"]) == 2


def test_renamed_sheet_is_named(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match=r"sheet 'SB_01' not found \(sheets: .*Daily"):
        parse_source(_tiny(tmp_path, daily_sheet="Daily"))


def test_missing_column_is_named_with_its_sheet(tmp_path: Path) -> None:
    daily, weekly = two_weeks()
    header = [h for h in DAILY_HEADER if h != "Boats arrived"]
    rows = [[r[0], r[1], r[3], r[4]] for r in daily]
    book = build_workbook(tmp_path / "book.ods", rows, weekly, daily_header=header)
    with pytest.raises(
        InvalidInput, match=r"sheet SB_01, row 1.*missing column\(s\) 'Boats arrived'"
    ):
        parse_source(book)


def test_text_in_a_number_cell_names_sheet_row_and_column(tmp_path: Path) -> None:
    daily, weekly = two_weeks()
    daily[3][2] = "three"
    with pytest.raises(InvalidInput) as caught:
        parse_source(build_workbook(tmp_path / "book.ods", daily, weekly))
    assert "sheet SB_01, row 5, column C (Boats arrived): 'three' is not a whole number" in str(
        caught.value
    )


def test_duplicated_date_is_named_with_both_rows(tmp_path: Path) -> None:
    daily, weekly = two_weeks()
    daily[5][0] = daily[4][0]
    with pytest.raises(
        InvalidInput,
        match=r"sheet SB_01, row 7: duplicate day 2024-05-10 \(first at sheet SB_01, row 6\)",
    ):
        parse_source(build_workbook(tmp_path / "book.ods", daily, weekly))


def test_missing_day_and_non_sunday_week_are_refused(tmp_path: Path) -> None:
    daily, weekly = two_weeks()
    with pytest.raises(InvalidInput, match=r"row 4: date 2024-05-09 follows 2024-05-07"):
        parse_source(build_workbook(tmp_path / "a.ods", daily[:2] + daily[3:], weekly))
    weekly[1][0] = date(2024, 5, 18)
    with pytest.raises(
        InvalidInput, match=r"sheet SB_02, row 3: week ending 2024-05-18 is not a Sunday"
    ):
        parse_source(build_workbook(tmp_path / "b.ods", daily, weekly))


def test_week_not_matching_its_days_is_reported(tmp_path: Path) -> None:
    daily, weekly = two_weeks()
    weekly[0][1] = int(weekly[0][1]) + 5  # type: ignore[call-overload]
    parsed = parse_source(build_workbook(tmp_path / "book.ods", daily, weekly))
    assert parsed.warnings == (
        "week ending 2024-05-12: weekly migrants_arrived 305 but the days sum to 300",
    )


def test_csv_errors_name_the_line_and_column(tmp_path: Path, flows_dir: Path) -> None:
    lines = (flows_dir / "uk_small_boats_daily_homeoffice.csv").read_text().splitlines()
    lines[10] = lines[10].replace(",0,0,", ",-4,0,", 1)
    bad = tmp_path / "daily.csv"
    bad.write_text("\n".join(lines) + "\n")
    with pytest.raises(
        InvalidInput, match=r"line 11, column 'migrants_arrived': '-4' is not a whole number >= 0"
    ):
        parse_source(bad)


def test_unknown_files_are_refused(tmp_path: Path) -> None:
    other = tmp_path / "other.csv"
    other.write_text("a,b\n1,2\n")
    with pytest.raises(InvalidInput, match="not a known flows source"):
        parse_source(other)
    with pytest.raises(InvalidInput, match="not an OpenDocument spreadsheet"):
        parse_source(other.rename(tmp_path / "fake.ods"))
    with pytest.raises(InvalidInput, match="no such file"):
        parse_source(tmp_path / "missing.ods")


def test_workbook_name_is_the_bundled_one(bundled: list[ParsedSource]) -> None:
    assert bundled[0].path.name == WORKBOOK
    assert bundled[0].tables["daily"].index[-1] == pd.Timestamp("2026-08-20")
    assert (
        bundled[0].tables["daily"].index[0] + timedelta(days=3153)
        == bundled[0].tables["daily"].index[-1]
    )


@settings(max_examples=15, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=2_000), min_size=14, max_size=14))
def test_workbook_counts_round_trip(
    tmp_path_factory: pytest.TempPathFactory, people: list[int]
) -> None:
    daily, weekly = two_weeks()
    for row, n in zip(daily, people, strict=True):
        row[1], row[2] = n, (n + 49) // 50
    for w, row in enumerate(weekly):
        row[1] = sum(people[7 * w : 7 * w + 7])
        row[2] = sum((n + 49) // 50 for n in people[7 * w : 7 * w + 7])
    path = build_workbook(tmp_path_factory.mktemp("book") / "book.ods", daily, weekly)
    parsed = parse_source(path)
    assert parsed.tables["daily"]["migrants_arrived"].tolist() == people
    assert parsed.warnings == ()
