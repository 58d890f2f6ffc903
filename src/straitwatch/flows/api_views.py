# SPDX-License-Identifier: EUPL-1.2
"""The flows page's data as plain JSON-able dicts: one pure function per chart or panel.

The web layer reads a :class:`FlowsDataset` from the store (``read_dataset``), checks
``flows.read`` with the access policy, and returns what these functions give; nothing
here touches the database, the request or the actor. Every function's result survives
``json.dumps`` unchanged (dates as ISO strings, missing figures as ``None``).

>>> with transaction(engine) as session:                     # doctest: +SKIP
...     ds = read_dataset(session)
>>> view = arrivals_view(ds, "month", start=date(2025, 1, 1))  # doctest: +SKIP
>>> view["rows"][0]["migrants_arrived"]                          # doctest: +SKIP
1098
"""

from __future__ import annotations

import math
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from straitwatch.errors import InvalidInput
from straitwatch.flows.briefing.figures import (
    WeekFigures,
    latest_complete_week,
    week_comparison,
)
from straitwatch.flows.casualties import (
    DEATHS_NOTE,
    data_end,
    deaths_by_period,
    small_boat_nationalities,
)
from straitwatch.flows.dataset import FlowsDataset
from straitwatch.flows.forecast import forecast
from straitwatch.flows.frontex import (
    FRONTEX_NOTE,
    detections_by_route,
    routes,
    top_nationalities,
)
from straitwatch.flows.patrol import PatrolRequest, plan_patrols
from straitwatch.flows.sectors import SectorHistory
from straitwatch.flows.stats import PREVENTION_NOTE, Granularity, arrivals, prevention
from straitwatch.flows.weather import WeatherSeries

__all__ = [
    "arrivals_view",
    "country_name",
    "deaths_view",
    "forecast_view",
    "frontex_map_view",
    "frontex_routes_view",
    "nationalities_view",
    "patrol_plan_view",
    "prevention_view",
    "summary_view",
    "week_view",
]


def _plain(value: Any) -> Any:
    if value is None or value is pd.NA:
        return None
    if isinstance(value, pd.Timestamp | date):
        return value.isoformat()[:10]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, float):
        return round(value, 4)
    return value


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows of ``frame`` as JSON-able dicts."""
    columns = [str(c) for c in frame.columns]
    return [
        {c: _plain(v) for c, v in zip(columns, row, strict=True)}
        for row in frame.itertuples(index=False, name=None)
    ]


def summary_view(ds: FlowsDataset) -> dict[str, Any]:
    """What is loaded and the yearly totals: the page's header panel."""
    years = arrivals(ds, Granularity.YEAR) if not ds.daily.empty else pd.DataFrame()
    return {
        "daily_from": _plain(ds.daily.index[0]) if not ds.daily.empty else None,
        "daily_to": _plain(ds.daily.index[-1]) if not ds.daily.empty else None,
        "weekly_to": _plain(ds.weekly.index[-1]) if not ds.weekly.empty else None,
        "frontex_to": _plain(ds.frontex["month"].max()) if not ds.frontex.empty else None,
        "iom_to": _plain(data_end(ds)),
        "years": records(years),
        "notes": {"prevention": PREVENTION_NOTE, "deaths": DEATHS_NOTE, "frontex": FRONTEX_NOTE},
    }


def _week(w: WeekFigures) -> dict[str, Any]:
    return {
        "label": w.label,
        "start": w.start.isoformat(),
        "end": w.end.isoformat(),
        "people": w.people,
        "boats": w.boats,
        "people_per_boat": _plain(w.people_per_boat),
        "prevented": w.prevented,
        "prevention_share": _plain(w.prevention_share),
        "deaths": w.deaths,
    }


def week_view(ds: FlowsDataset, week: str | None = None) -> dict[str, Any]:
    """The headline: an ISO week (default: the latest complete one) against the week
    before and the same week a year earlier, the year to date, and the latest IOM year."""
    cmp = week_comparison(ds, week or latest_complete_week(ds))
    ytd = cmp.year_to_date
    deaths_year = None
    if cmp.iom_data_end is not None:
        year = cmp.iom_data_end.year
        rows = deaths_by_period(ds.as_of(cmp.iom_data_end), Granularity.YEAR, date(year, 1, 1))
        row = rows.iloc[0] if len(rows) else None
        deaths_year = {
            "year": year,
            "to": cmp.iom_data_end.isoformat(),
            "channel_crossing": int(row["channel_crossing"]) if row is not None else 0,
            "dead_and_missing": int(row["dead_and_missing"]) if row is not None else 0,
        }
    return {
        "week": _week(cmp.week),
        "last_week": _week(cmp.last_week),
        "same_week_last_year": _week(cmp.last_year),
        "year_to_date": {
            "year": cmp.week.end.year,
            "to": cmp.week.end.isoformat(),
            "people": ytd.people,
            "people_same_period_last_year": ytd.people_same_period_last_year,
            "prevented": ytd.prevented,
            "deaths": ytd.deaths,
        },
        "iom_data_end": _plain(cmp.iom_data_end),
        "deaths_latest_year": deaths_year,
        "notes": {"prevention": PREVENTION_NOTE, "deaths": DEATHS_NOTE},
    }


def arrivals_view(
    ds: FlowsDataset, by: str = "week", start: date | None = None, end: date | None = None
) -> dict[str, Any]:
    """Arrivals, boats, people per boat, rolling mean and year-on-year change per period."""
    return {"by": by, "rows": records(arrivals(ds, Granularity(by), start, end))}


def prevention_view(
    ds: FlowsDataset, by: str = "week", start: date | None = None, end: date | None = None
) -> dict[str, Any]:
    """French prevention estimates and the share prevented per week, month or year."""
    rows = records(prevention(ds, Granularity(by), start, end))
    return {"by": by, "rows": rows, "note": PREVENTION_NOTE}


def deaths_view(
    ds: FlowsDataset, by: str = "year", start: date | None = None, end: date | None = None
) -> dict[str, Any]:
    """IOM dead and missing per period (periods with incidents), all in the area and at sea."""
    return {
        "by": by,
        "rows": records(deaths_by_period(ds, Granularity(by), start, end)),
        "data_to": _plain(data_end(ds)),
        "note": DEATHS_NOTE,
    }


def forecast_view(
    ds: FlowsDataset, days: int = 14, weather: WeatherSeries | None = None
) -> dict[str, Any]:
    """Forecasts of people and boats with 80% and 95% intervals, daily and running total."""
    return {name: fc.to_dict() for name, fc in forecast(ds, days, weather).items()}


def frontex_routes_view(
    ds: FlowsDataset, by: str = "month", start: date | None = None, end: date | None = None
) -> dict[str, Any]:
    """Detections per route over time (a stacked area or line chart)."""
    return {
        "by": by,
        "rows": records(detections_by_route(ds, Granularity(by), start, end)),
        "note": FRONTEX_NOTE,
    }


def frontex_map_view(ds: FlowsDataset, month: date | None = None) -> dict[str, Any]:
    """GeoJSON of the routes (approximate paths, WGS84) with one month's detections
    (default: the latest month loaded); routes without geography are listed apart."""
    frame = ds.frontex
    if frame.empty:
        return {
            "type": "FeatureCollection",
            "month": None,
            "first_month": None,
            "last_month": None,
            "features": [],
            "other": [],
            "note": FRONTEX_NOTE,
        }
    first, last = frame["month"].min(), frame["month"].max()
    chosen = pd.Timestamp(month).to_period("M").to_timestamp() if month else last
    if not first <= chosen <= last:
        raise InvalidInput(
            f"no Frontex detections for {chosen:%Y-%m}: the data runs from {first:%Y-%m} "
            f"to {last:%Y-%m}",
            where="month",
        )
    counts = frame.loc[frame["month"] == chosen].groupby("route")["detections"].sum()
    features, other = [], []
    for route in routes():
        detections = int(counts.get(route.name, 0))
        props = {"route": route.name, "short": route.short, "detections": detections}
        if not route.path:
            other.append(props)
            continue
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "LineString", "coordinates": [list(p) for p in route.path]},
                "properties": {**props, "label": list(route.label) if route.label else None},
            }
        )
    return {
        "type": "FeatureCollection",
        "month": _plain(chosen)[:7],
        "first_month": _plain(first)[:7],
        "last_month": _plain(last)[:7],
        "features": features,
        "other": other,
        "note": FRONTEX_NOTE,
    }


def nationalities_view(
    ds: FlowsDataset, start: date | None = None, end: date | None = None, n: int = 10
) -> dict[str, Any]:
    """Top nationalities: small-boat arrivals (Irr_D01, to 2023) and Frontex detections."""
    frontex = records(top_nationalities(ds, start, end, n=n))
    for row in frontex:
        row["nationality_name"] = country_name(str(row["nationality_iso3"]))
    return {
        "small_boats": records(small_boat_nationalities(ds, start, end, n)),
        "frontex": frontex,
    }


_NOT_ISO = {"XKX": "Kosovo", "STL": "Stateless"}
"""Codes in Frontex's tables outside ISO 3166-1 whose meaning is not in doubt. Its other
own codes (``OOO``, ``OOS``: unspecified groups, undocumented in the file) stay codes."""


def country_name(code: str) -> str:
    """The common name of an ISO 3166-1 alpha-3 code (Frontex's nationalities), else the
    code itself, marked as not a country code.

    >>> country_name("SYR"), country_name("AFG"), country_name("XKX"), country_name("OOO")
    ('Syria', 'Afghanistan', 'Kosovo', 'OOO (Frontex code)')
    """
    import pycountry

    if code in _NOT_ISO:
        return _NOT_ISO[code]
    country = pycountry.countries.get(alpha_3=code)
    if country is None:
        return f"{code} (Frontex code)"
    return str(getattr(country, "common_name", None) or country.name)


def patrol_plan_view(
    ds: FlowsDataset, history: SectorHistory, request: PatrolRequest, days: int = 7
) -> dict[str, Any]:
    """The patrol plan for the ``days`` days after the last day of the daily series (the
    forecast starts there, whatever today's date), which it names as ``data_to``."""
    boats = forecast(ds, days)["boats_arrived"]
    view = plan_patrols(boats.days, boats.mean, history, request).to_dict()
    view["data_to"] = boats.data_end.isoformat()
    return view
