# SPDX-License-Identifier: EUPL-1.2
"""Statistics against the published and independently computed figures."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from straitwatch.errors import InvalidInput
from straitwatch.flows.casualties import data_end, deaths_by_period, small_boat_nationalities
from straitwatch.flows.dataset import FlowsDataset
from straitwatch.flows.frontex import detections_by_route, routes, top_nationalities
from straitwatch.flows.stats import Granularity, arrivals, prevention


def _reference(dataset: FlowsDataset, topic: str, metric: str) -> dict[str, float]:
    ref = dataset.reference
    rows = ref[(ref["topic"] == topic) & (ref["metric"] == metric)]
    return {str(p): float(v) for p, v in zip(rows["period"], rows["value"], strict=True)}


def test_people_per_boat_per_year_matches_the_published_figures(dataset: FlowsDataset) -> None:
    years = arrivals(dataset, Granularity.YEAR).set_index("period")
    published = _reference(dataset, "arrivals", "average people per boat")
    for year in range(2018, 2026):
        assert round(years.loc[str(year), "people_per_boat"], 1) == published[str(year)]
    assert years.loc["2022", "yoy_change_pct"] == pytest.approx(100 * (45755 - 28526) / 28526)


def test_a_partial_year_is_compared_with_the_same_days_last_year(dataset: FlowsDataset) -> None:
    row = arrivals(dataset, Granularity.YEAR, date(2026, 1, 1)).iloc[-1]
    assert (row["period"], row["complete"], row["end"]) == ("2026", False, date(2026, 8, 20))
    same_days = dataset.daily.loc["2025-01-01":"2025-08-20", "migrants_arrived"].sum()
    assert row["last_year_migrants"] == same_days
    assert row["migrants_arrived"] == 15_897


def test_weeks_are_iso_weeks_with_52_week_comparisons(dataset: FlowsDataset) -> None:
    weeks = arrivals(dataset, Granularity.WEEK, date(2025, 8, 4), date(2025, 8, 10))
    assert weeks[["period", "migrants_arrived", "boats_arrived", "last_year_migrants"]].to_dict(
        "records"
    ) == [
        {
            "period": "2025-W32",
            "migrants_arrived": 1119,
            "boats_arrived": 19,
            "last_year_migrants": 1172.0,
        }
    ]
    days = arrivals(dataset, Granularity.DAY, date(2025, 8, 4), date(2025, 8, 10))
    assert days["rolling_mean_migrants"].iloc[-1] == pytest.approx(1119 / 7)


def test_prevention_share_per_year_matches_the_computed_reference(dataset: FlowsDataset) -> None:
    years = prevention(dataset, Granularity.YEAR).set_index("period")
    # published_reference_figures.csv: 41.8% (2024 from May), 35.1% (2025), 34.5% (2026).
    assert years["prevention_share"].round(3).to_dict() == {
        "2024": 0.418,
        "2025": 0.351,
        "2026": 0.345,
    }
    assert years["migrants_arrived_same_weeks"].to_dict() == {
        "2024": 29_649,
        "2025": 41_472,
        "2026": 15_647,
    }
    assert years["weeks"].to_dict() == {"2024": 35, "2025": 52, "2026": 33}


def test_weekly_and_monthly_prevention_add_up(dataset: FlowsDataset) -> None:
    weeks = prevention(dataset, Granularity.WEEK, date(2025, 1, 1), date(2025, 12, 31))
    months = prevention(dataset, Granularity.MONTH, date(2025, 1, 1), date(2025, 12, 31))
    assert weeks["migrants_prevented"].sum() == months["migrants_prevented"].sum() == 22_476
    assert weeks["period"].iloc[0] == "2025-W01"  # Mon 30 Dec 2024 to Sun 5 Jan 2025
    with pytest.raises(InvalidInput, match="published per week"):
        prevention(dataset, Granularity.DAY)


def test_deaths_per_year_match_the_iom_counts(dataset: FlowsDataset) -> None:
    deaths = deaths_by_period(dataset, Granularity.YEAR).set_index("period")
    expected = {  # SOURCES.md: all incidents / Channel crossings
        "2018": (5, 1),
        "2019": (46, 5),
        "2020": (12, 11),
        "2021": (43, 38),
        "2022": (14, 6),
        "2023": (27, 16),
        "2024": (85, 79),
        "2025": (14, 10),
    }
    for year, (all_deaths, crossing) in expected.items():
        assert tuple(deaths.loc[year, ["dead_and_missing", "channel_crossing"]]) == (
            all_deaths,
            crossing,
        )
    assert data_end(dataset) == date(2025, 4, 18)


def test_nationalities_and_routes(dataset: FlowsDataset, flows_dir: Path) -> None:
    top = small_boat_nationalities(dataset, n=6)
    assert top[["nationality", "detections"]].values.tolist() == [
        ["Iran", 21546],
        ["Afghanistan", 16636],
        ["Iraq", 15388],
        ["Albania", 14480],
        ["Syria", 8528],
        ["Eritrea", 8068],
    ]
    raw = pd.read_csv(flows_dir / "frontex_monthly_ibc_by_route_nationality_2009-01_2025-04.csv.gz")
    by_route = detections_by_route(dataset, Granularity.YEAR)
    assert by_route["detections"].sum() == raw["detections"].sum()
    year_2024 = by_route[by_route["period"] == "2024"].set_index("route")["detections"]
    expected = raw[raw["month"].str.startswith("2024")].groupby("route")["detections"].sum()
    assert year_2024.to_dict() == expected.to_dict()
    nat = top_nationalities(dataset, date(2024, 1, 1), date(2024, 12, 31), n=3)
    assert nat["nationality_iso3"].tolist() == ["SYR", "MLI", "AFG"]
    assert np.isclose(nat["share"].iloc[0], 46254 / expected.sum())
    assert {r.name for r in routes()} == set(raw["route"].unique())


def test_an_empty_or_out_of_range_request_says_why(dataset: FlowsDataset) -> None:
    with pytest.raises(InvalidInput, match="no daily arrivals between"):
        arrivals(dataset, Granularity.MONTH, date(2030, 1, 1))
    with pytest.raises(InvalidInput, match="run `straitwatch flows load`"):
        arrivals(FlowsDataset.empty(), Granularity.MONTH)
