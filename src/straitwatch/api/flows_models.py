# SPDX-License-Identifier: EUPL-1.2
"""The shapes ``/api/flows`` answers with, for the OpenAPI document and for checking what
:mod:`straitwatch.flows.api_views` gives. Dates are ISO ``YYYY-MM-DD``; a figure that is not
known (no boats that day, a period before a series began) is ``null``, never NaN."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

__all__ = [
    "ArrivalsView",
    "DeathsView",
    "ForecastView",
    "FrontexMapView",
    "FrontexRoutesView",
    "NationalitiesView",
    "PatrolPlanView",
    "PreventionView",
    "SummaryView",
    "WeekView",
]


class ArrivalsRow(BaseModel):
    period: str = Field(description="2025-08-04, 2025-W32, 2025-08 or 2025")
    start: date
    end: date
    days: int = Field(description="Days of the period inside the data and the asked range")
    complete: bool = Field(description="False when the period is cut by the data or the range")
    migrants_arrived: int = Field(description="People detected arriving (Home Office)")
    boats_arrived: int
    people_per_boat: float | None
    rolling_mean_migrants: float | None = Field(
        description="Mean of this and the previous periods (7 days, 4 weeks, 3 months, 1 year)"
    )
    last_year_migrants: float | None = Field(
        description="The same days a year earlier (52 weeks for days and weeks)"
    )
    yoy_change_pct: float | None


class ArrivalsView(BaseModel):
    by: Literal["day", "week", "month", "year"]
    rows: list[ArrivalsRow]


class SummaryView(BaseModel):
    daily_from: date | None
    daily_to: date | None
    weekly_to: date | None
    frontex_to: date | None
    iom_to: date | None
    years: list[ArrivalsRow]
    notes: dict[str, str]


class WeekFiguresOut(BaseModel):
    label: str = Field(description="ISO week, e.g. 2026-W33")
    start: date
    end: date
    people: int
    boats: int
    people_per_boat: float | None
    prevented: int | None = Field(description="French operational estimate; null before May 2024")
    prevention_share: float | None
    deaths: int | None = Field(
        description="Channel-crossing dead and missing (IOM); null past its data"
    )


class YearToDateOut(BaseModel):
    year: int
    to: date
    people: int
    people_same_period_last_year: int
    prevented: int | None
    deaths: int | None


class DeathsYearOut(BaseModel):
    year: int
    to: date
    channel_crossing: int
    dead_and_missing: int


class WeekView(BaseModel):
    week: WeekFiguresOut
    last_week: WeekFiguresOut
    same_week_last_year: WeekFiguresOut
    year_to_date: YearToDateOut
    iom_data_end: date | None
    deaths_latest_year: DeathsYearOut | None = Field(
        description="The last year the IOM data covers, to its last incident"
    )
    notes: dict[str, str]


class PreventionRow(BaseModel):
    period: str
    weeks: int
    migrants_prevented: int
    events_prevented: int
    migrants_arrived_same_weeks: int
    prevention_share: float | None = Field(description="prevented / (prevented + arrived)")


class PreventionView(BaseModel):
    by: Literal["week", "month", "year"]
    rows: list[PreventionRow]
    note: str


class DeathsRow(BaseModel):
    period: str
    incidents: int
    dead_and_missing: int = Field(description="All incidents in the Channel area box")
    channel_crossing: int = Field(description="Incidents whose location names the Channel")


class DeathsView(BaseModel):
    by: Literal["day", "week", "month", "year"]
    rows: list[DeathsRow]
    data_to: date | None
    note: str


class ForecastDay(BaseModel):
    date: date
    mean: float
    low80: float
    high80: float
    low95: float
    high95: float


class SeriesForecast(BaseModel):
    series: str
    data_end: date
    level_per_day: float
    weather_days: int
    daily: list[ForecastDay] = Field(description="Each coming day, 80% and 95% intervals")
    total: list[ForecastDay] = Field(description="Running total from the first coming day")


class ForecastView(BaseModel):
    migrants_arrived: SeriesForecast
    boats_arrived: SeriesForecast


class RouteDetections(BaseModel):
    period: str
    route: str
    detections: int


class FrontexRoutesView(BaseModel):
    by: Literal["month", "year"]
    rows: list[RouteDetections]
    note: str


class RouteProperties(BaseModel):
    route: str
    short: str
    detections: int = Field(description="Detections on the route in the month")
    label: tuple[float, float] | None = None


class LineString(BaseModel):
    type: Literal["LineString"]
    coordinates: list[tuple[float, float]] = Field(description="[lon, lat] pairs, WGS84")


class RouteFeature(BaseModel):
    type: Literal["Feature"]
    geometry: LineString
    properties: RouteProperties


class FrontexMapView(BaseModel):
    """GeoJSON FeatureCollection of the routes (approximate paths) for one month."""

    type: Literal["FeatureCollection"]
    month: str | None = Field(description="YYYY-MM")
    first_month: str | None
    last_month: str | None
    features: list[RouteFeature]
    other: list[RouteProperties] = Field(description="Routes without geography")
    note: str


class SmallBoatNationality(BaseModel):
    nationality: str
    detections: int
    share: float


class FrontexNationality(BaseModel):
    nationality_iso3: str
    nationality_name: str = Field(description="Country name (ISO 3166), else the code as given")
    detections: int
    share: float


class NationalitiesView(BaseModel):
    small_boats: list[SmallBoatNationality] = Field(
        description="Home Office Irr_D01, small-boat arrivals (2018-2023)"
    )
    frontex: list[FrontexNationality]


class Assignment(BaseModel):
    date: date
    shift: str
    sector: str
    units: int


class PlanSummaryRow(BaseModel):
    shift: str
    sector: str
    sector_name: str
    unit_shifts: int
    expected_departures: float
    expected_covered: float


class PatrolPlanView(BaseModel):
    days: list[date] = Field(
        description="The days planned: those after data_to (the forecast starts where data ends)"
    )
    data_to: date = Field(description="The last day of the daily series the plan is forecast from")
    shifts: list[str]
    sectors: list[str] = Field(description="Departure sector ids, in coast order")
    sector_names: dict[str, str]
    history_source: str
    detection_probability: float
    expected_departures: float = Field(description="Boats expected over the period (forecast)")
    expected_covered: float
    coverage: float = Field(description="Share of expected departures covered by the plan")
    baseline_even_spread_coverage: float = Field(
        description="Coverage of the same units spread evenly along the coast"
    )
    assignments: list[Assignment]
    summary: list[PlanSummaryRow]
