# SPDX-License-Identifier: EUPL-1.2
"""The figures of the weekly briefing, computed from what was known at the end of the week.

:func:`briefing_figures` is pure: the dataset is cut at the Sunday of the asked ISO week
(:meth:`FlowsDataset.as_of`), so a briefing for a past week reads as it would have on
that Sunday night, and the same week always gives the same figures (golden-tested).

>>> figures = briefing_figures(ds, "2025-W32")          # doctest: +SKIP
>>> figures.this_week.people, figures.this_week.boats  # doctest: +SKIP
(1119, 19)
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from typing import Any

import pandas as pd

from straitwatch.errors import InvalidInput
from straitwatch.flows.casualties import data_end as iom_data_end
from straitwatch.flows.dataset import FlowsDataset
from straitwatch.flows.forecast import Forecast, forecast
from straitwatch.flows.patrol import PatrolPlan, PatrolRequest, plan_patrols
from straitwatch.flows.sectors import SectorHistory
from straitwatch.flows.weather import WeatherSeries

__all__ = [
    "BriefingFigures",
    "WeekComparison",
    "WeekFigures",
    "YearToDate",
    "briefing_figures",
    "latest_complete_week",
    "parse_iso_week",
    "week_comparison",
    "week_figures",
    "year_to_date",
]

_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


def parse_iso_week(text: str) -> tuple[date, date]:
    """``"2025-W32"`` as its Monday and Sunday."""
    match = _WEEK.match(text.strip())
    if not match:
        raise InvalidInput(f"week {text!r} is not an ISO week like 2025-W32")
    try:
        monday = date.fromisocalendar(int(match[1]), int(match[2]), 1)
    except ValueError as exc:
        raise InvalidInput(f"week {text!r} does not exist: {exc}") from exc
    return monday, monday + timedelta(days=6)


@dataclass(frozen=True)
class WeekFigures:
    """The seeds' measures for one ISO week (Monday to Sunday)."""

    label: str
    start: date
    end: date
    people: int
    boats: int
    people_per_boat: float | None
    prevented: int | None
    prevention_share: float | None
    deaths: int | None
    """Dead and missing in Channel-crossing incidents (IOM); None past the IOM data."""


@dataclass(frozen=True)
class BriefingFigures:
    """Everything the briefing shows, as plain values (charts read the frames)."""

    week: WeekFigures
    last_week: WeekFigures
    last_year: WeekFigures
    year_to_date_people: int
    year_to_date_last_year: int
    year_to_date_prevented: int | None
    year_to_date_deaths: int | None
    iom_data_end: date | None
    daily_people: tuple[int, ...]
    daily_boats: tuple[int, ...]
    people_forecast: Forecast
    boats_forecast: Forecast
    plan: PatrolPlan

    @property
    def this_week(self) -> WeekFigures:
        return self.week

    def to_dict(self) -> dict[str, Any]:
        """JSON-able figures (golden-tested), forecasts and plan summarised."""

        def week(w: WeekFigures) -> dict[str, Any]:
            out = asdict(w)
            out["start"], out["end"] = w.start.isoformat(), w.end.isoformat()
            for key in ("people_per_boat", "prevention_share"):
                out[key] = None if out[key] is None else round(out[key], 4)
            return out

        fc = self.people_forecast.to_dict()
        return {
            "week": week(self.week),
            "last_week": week(self.last_week),
            "same_week_last_year": week(self.last_year),
            "year_to_date": {
                "people": self.year_to_date_people,
                "people_same_period_last_year": self.year_to_date_last_year,
                "prevented": self.year_to_date_prevented,
                "deaths": self.year_to_date_deaths,
                "iom_data_end": self.iom_data_end.isoformat() if self.iom_data_end else None,
            },
            "daily_people": list(self.daily_people),
            "daily_boats": list(self.daily_boats),
            "forecast_people_next_7_days": fc["total"][6],
            "forecast_people_next_14_days": fc["total"][-1],
            "forecast_boats_next_7_days": self.boats_forecast.to_dict()["total"][6],
            "patrol_plan": {
                k: v
                for k, v in self.plan.to_dict().items()
                if k in ("coverage", "baseline_even_spread_coverage", "history_source")
            },
        }


def week_figures(ds: FlowsDataset, label: str, start: date, iom_end: date | None) -> WeekFigures:
    """The measures of the week starting on Monday ``start`` (deaths only up to ``iom_end``)."""
    end = start + timedelta(days=6)
    days = ds.daily.loc[pd.Timestamp(start) : pd.Timestamp(end)]
    people, boats = int(days["migrants_arrived"].sum()), int(days["boats_arrived"].sum())
    prevented = share = None
    if pd.Timestamp(end) in ds.weekly.index:
        row = ds.weekly.loc[pd.Timestamp(end)]
        if not pd.isna(row["migrants_prevented"]):
            prevented = int(row["migrants_prevented"])
            arrived = int(row["migrants_arrived"])
            share = prevented / (prevented + arrived) if prevented + arrived else None
    deaths = None
    if iom_end is not None and end <= iom_end:
        iom = ds.iom.loc[
            (ds.iom["incident_date"] >= pd.Timestamp(start))
            & (ds.iom["incident_date"] <= pd.Timestamp(end))
            & ds.iom["channel_crossing"]
        ]
        deaths = int(iom["dead_and_missing"].sum())
    return WeekFigures(
        label=label,
        start=start,
        end=end,
        people=people,
        boats=boats,
        people_per_boat=people / boats if boats else None,
        prevented=prevented,
        prevention_share=share,
        deaths=deaths,
    )


def _year_before(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def _label(day: date) -> str:
    iso = day.isocalendar()
    return f"{iso.year}-W{iso.week:02d}"


def latest_complete_week(ds: FlowsDataset) -> str:
    """The last ISO week whose Sunday the daily series reaches, e.g. ``"2026-W33"``."""
    last = ds.last_day
    return _label(last - timedelta(days=(last.weekday() + 1) % 7))


@dataclass(frozen=True)
class YearToDate:
    """From 1 January to a Sunday: people, the same stretch a year earlier, prevented
    (French estimates, None before they were published) and Channel-crossing deaths
    (None when the IOM data stops before the year began)."""

    people: int
    people_same_period_last_year: int
    prevented: int | None
    deaths: int | None


def year_to_date(data: FlowsDataset, sunday: date, iom_end: date | None) -> YearToDate:
    """Year-to-date figures at ``sunday`` from data already cut at that day."""
    jan1 = date(sunday.year, 1, 1)
    ytd = data.daily.loc[pd.Timestamp(jan1) : pd.Timestamp(sunday), "migrants_arrived"]
    ytd_last = data.daily.loc[
        pd.Timestamp(_year_before(jan1)) : pd.Timestamp(_year_before(sunday)), "migrants_arrived"
    ]
    weeks = data.weekly.loc[data.weekly.index >= pd.Timestamp(jan1), "migrants_prevented"]
    prevented = int(weeks.dropna().sum()) if weeks.notna().any() else None
    deaths = None
    if iom_end is not None and iom_end >= jan1:
        iom = data.iom.loc[data.iom["incident_date"] >= pd.Timestamp(jan1)]
        deaths = int(iom.loc[iom["channel_crossing"], "dead_and_missing"].sum())
    return YearToDate(int(ytd.sum()), int(ytd_last.sum()), prevented, deaths)


@dataclass(frozen=True)
class WeekComparison:
    """A week set against the week before and the same week a year earlier (52 weeks back,
    so Monday to Sunday again), with the year to date: the headline of briefing and page."""

    week: WeekFigures
    last_week: WeekFigures
    last_year: WeekFigures
    year_to_date: YearToDate
    iom_data_end: date | None


def week_comparison(ds: FlowsDataset, week: str) -> WeekComparison:
    """The comparison for ISO ``week``, from what was known at its Sunday (it must be
    complete in the daily series)."""
    monday, sunday = parse_iso_week(week)
    if ds.daily.empty or pd.Timestamp(sunday) > ds.daily.index[-1]:
        last = ds.daily.index[-1].date() if not ds.daily.empty else "nothing loaded"
        raise InvalidInput(f"week {week} is not complete in the data (daily series ends {last})")
    data = ds.as_of(sunday)
    iom_end = iom_data_end(data)
    before = monday - timedelta(days=7)
    year_ago = monday - timedelta(days=364)
    return WeekComparison(
        week=week_figures(data, week, monday, iom_end),
        last_week=week_figures(data, _label(before), before, iom_end),
        last_year=week_figures(data, _label(year_ago), year_ago, iom_end),
        year_to_date=year_to_date(data, sunday, iom_end),
        iom_data_end=iom_end,
    )


def briefing_figures(
    ds: FlowsDataset,
    week: str,
    history: SectorHistory,
    patrol: PatrolRequest,
    weather: WeatherSeries | None = None,
) -> BriefingFigures:
    """The briefing for ISO ``week`` (it must be complete in the daily series)."""
    monday, sunday = parse_iso_week(week)
    comparison = week_comparison(ds, week)
    data = ds.as_of(sunday)
    ytd = comparison.year_to_date
    forecasts = forecast(data, 14, weather)
    boats_fc = forecasts["boats_arrived"]
    plan = plan_patrols(boats_fc.days[:7], boats_fc.mean[:7], history, patrol)
    week_days = data.daily.loc[pd.Timestamp(monday) : pd.Timestamp(sunday)]
    return BriefingFigures(
        week=comparison.week,
        last_week=comparison.last_week,
        last_year=comparison.last_year,
        year_to_date_people=ytd.people,
        year_to_date_last_year=ytd.people_same_period_last_year,
        year_to_date_prevented=ytd.prevented,
        year_to_date_deaths=ytd.deaths,
        iom_data_end=comparison.iom_data_end,
        daily_people=tuple(int(v) for v in week_days["migrants_arrived"]),
        daily_boats=tuple(int(v) for v in week_days["boats_arrived"]),
        people_forecast=forecasts["migrants_arrived"],
        boats_forecast=boats_fc,
        plan=plan,
    )
