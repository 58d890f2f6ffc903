# SPDX-License-Identifier: EUPL-1.2
"""The flows page's JSON views: plain, strict JSON, consistent with the statistics."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from straitwatch.flows import api_views as views
from straitwatch.flows.dataset import FlowsDataset
from straitwatch.flows.patrol import PatrolRequest
from straitwatch.flows.sectors import history_from_table


def _strict(payload: object) -> object:
    return json.loads(json.dumps(payload, allow_nan=False))


def test_every_view_is_strict_json(dataset: FlowsDataset) -> None:
    payloads = [
        views.summary_view(dataset),
        views.arrivals_view(dataset, "day", date(2025, 8, 1), date(2025, 8, 31)),
        views.prevention_view(dataset, "month"),
        views.deaths_view(dataset, "month"),
        views.forecast_view(dataset, 7),
        views.frontex_routes_view(dataset, "month", date(2024, 1, 1)),
        views.frontex_map_view(dataset),
        views.nationalities_view(dataset, n=5),
        views.patrol_plan_view(
            dataset,
            history_from_table(Path(__file__).parent / "fixtures" / "sector_history.csv"),
            PatrolRequest(2),
        ),
    ]
    for payload in payloads:
        assert _strict(payload) == payload


def test_summary_and_series_agree(dataset: FlowsDataset) -> None:
    summary = views.summary_view(dataset)
    assert summary["daily_to"] == "2026-08-20" and summary["iom_to"] == "2025-04-18"
    years = {r["period"]: r["migrants_arrived"] for r in summary["years"]}
    months = views.arrivals_view(dataset, "month", date(2024, 1, 1), date(2024, 12, 31))["rows"]
    assert sum(r["migrants_arrived"] for r in months) == years["2024"] == 36_816
    days = views.arrivals_view(dataset, "day", date(2026, 8, 1))["rows"]
    assert days[-1]["period"] == "2026-08-20"
    no_boat = [d for d in days if d["boats_arrived"] == 0]
    assert no_boat and all(d["people_per_boat"] is None for d in no_boat)


def test_the_route_map_is_geojson_with_one_month_of_detections(dataset: FlowsDataset) -> None:
    geo = views.frontex_map_view(dataset, date(2024, 8, 15))
    assert geo["type"] == "FeatureCollection" and geo["month"] == "2024-08"
    month = dataset.frontex[dataset.frontex["month"] == "2024-08-01"]
    total = sum(f["properties"]["detections"] for f in geo["features"]) + sum(
        o["detections"] for o in geo["other"]
    )
    assert total == month["detections"].sum()
    for feature in geo["features"]:
        assert feature["geometry"]["type"] == "LineString"
        for lon, lat in feature["geometry"]["coordinates"]:
            assert -20 < lon < 35 and 10 < lat < 60  # Europe and its southern approaches
    assert [o["route"] for o in geo["other"]] == ["Other"]


@pytest.mark.parametrize("by", ["week", "month", "year"])
def test_prevention_view_keeps_the_caveat(dataset: FlowsDataset, by: str) -> None:
    view = views.prevention_view(dataset, by)
    assert "French authorities" in view["note"]
    for row in view["rows"]:
        if row["migrants_prevented"] + row["migrants_arrived_same_weeks"] == 0:
            assert row["prevention_share"] is None  # 0 / 0: no attempt that week
        else:
            assert 0 <= row["prevention_share"] <= 1


def test_patrol_plan_names_the_data_it_starts_after(dataset: FlowsDataset) -> None:
    history = history_from_table(Path(__file__).parent / "fixtures" / "sector_history.csv")
    plan = views.patrol_plan_view(dataset, history, PatrolRequest(2), days=3)
    assert plan["data_to"] == views.summary_view(dataset)["daily_to"] == "2026-08-20"
    assert plan["days"] == ["2026-08-21", "2026-08-22", "2026-08-23"]
