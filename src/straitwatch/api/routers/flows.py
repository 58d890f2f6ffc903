# SPDX-License-Identifier: EUPL-1.2
"""``/api/flows``: migration-flow statistics for analysts (issue 8), the data of the flows
page. Every route asks the access policy for ``flows.read``; the figures are published
aggregates (no personal data), so reading them is not an audited consultation.

The dataset is read from the store once per load and the costly views (forecast, patrol
plan) are computed once per load and parameters (:class:`~straitwatch.flows.cache.FlowsCache`,
kept on the app). Until flows data is loaded every route but ``/summary`` answers 404.

>>> client.get("/api/flows/arrivals", params={"by": "year", "from": "2022-01-01"})  # doctest: +SKIP
"""

from __future__ import annotations

import threading
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from sqlalchemy.orm import Session

from straitwatch.access.actions import Action
from straitwatch.access.actor import Actor
from straitwatch.access.policy import Resource, enforce
from straitwatch.api.deps import ActorDep, SessionDep
from straitwatch.api.flows_models import (
    ArrivalsView,
    DeathsView,
    ForecastView,
    FrontexMapView,
    FrontexRoutesView,
    NationalitiesView,
    PatrolPlanView,
    PreventionView,
    SummaryView,
    WeekView,
)
from straitwatch.errors import InvalidInput, NotFound

if TYPE_CHECKING:
    from straitwatch.flows.cache import FlowsCache
    from straitwatch.flows.dataset import FlowsDataset

router = APIRouter(prefix="/api/flows", tags=["flows"])

DEFAULT_SHIFTS = "night:22-06,day:06-14,evening:14-22"
_CACHE_LOCK = threading.Lock()


def get_flows_cache(request: Request) -> FlowsCache:
    """The app's flows cache, made on first use (pandas is imported then, not at start)."""
    from straitwatch.flows.cache import FlowsCache

    state = request.app.state
    with _CACHE_LOCK:
        cache: FlowsCache | None = getattr(state, "flows_cache", None)
        if cache is None:
            cache = state.flows_cache = FlowsCache()
    return cache


CacheDep = Annotated["FlowsCache", Depends(get_flows_cache)]
From = Annotated[date | None, Query(alias="from", description="First day (YYYY-MM-DD), inclusive")]
To = Annotated[date | None, Query(alias="to", description="Last day (YYYY-MM-DD), inclusive")]
Period = Literal["day", "week", "month", "year"]


def _read(session: Session, actor: Actor, cache: FlowsCache) -> FlowsDataset:
    enforce(session, actor, Action.FLOWS_READ, Resource("flows"))
    ds = cache.dataset(session)
    if ds.daily.empty:
        raise NotFound("no flows data loaded yet: an administrator runs `straitwatch flows load`")
    return ds


def _span(start: date | None, end: date | None) -> None:
    if start and end and start > end:
        raise InvalidInput(f"'from' {start} is after 'to' {end}", where="query.from")


@router.get("/summary", response_model=SummaryView)
def summary(session: SessionDep, actor: ActorDep, cache: CacheDep) -> dict[str, Any]:
    """What the flows store holds: covered periods per source, yearly totals, and notes."""
    from straitwatch.flows import api_views

    enforce(session, actor, Action.FLOWS_READ, Resource("flows"))
    return api_views.summary_view(cache.dataset(session))


@router.get("/week", response_model=WeekView)
def week(
    session: SessionDep,
    actor: ActorDep,
    cache: CacheDep,
    week: Annotated[
        str | None,
        Query(pattern=r"^\d{4}-W\d{2}$", description="ISO week, e.g. 2025-W32; default: latest"),
    ] = None,
) -> dict[str, Any]:
    """The headline figures of a complete ISO week (default: the latest), set against the
    week before and the same week a year earlier, and the year to date."""
    from straitwatch.flows import api_views

    _read(session, actor, cache)
    try:
        view: dict[str, Any] = cache.view(
            session, ("week", week), lambda ds: api_views.week_view(ds, week)
        )
    except InvalidInput as exc:
        raise InvalidInput(exc.message, where="query.week") from exc
    return view


@router.get("/arrivals", response_model=ArrivalsView)
def arrivals(
    session: SessionDep,
    actor: ActorDep,
    cache: CacheDep,
    start: From = None,
    end: To = None,
    by: Annotated[Period, Query(description="Period of each row")] = "week",
) -> dict[str, Any]:
    """People and boats detected arriving (Home Office) per period, people per boat, the
    rolling mean, and the same days a year earlier."""
    from straitwatch.flows import api_views

    ds = _read(session, actor, cache)
    _span(start, end)
    return api_views.arrivals_view(ds, by, start, end)


@router.get("/prevention", response_model=PreventionView)
def prevention(
    session: SessionDep,
    actor: ActorDep,
    cache: CacheDep,
    start: From = None,
    end: To = None,
    by: Annotated[Literal["week", "month", "year"], Query()] = "week",
) -> dict[str, Any]:
    """People prevented from crossing (French operational estimates, weekly from May 2024)
    and the share prevented."""
    from straitwatch.flows import api_views

    ds = _read(session, actor, cache)
    _span(start, end)
    return api_views.prevention_view(ds, by, start, end)


@router.get("/deaths", response_model=DeathsView)
def deaths(
    session: SessionDep,
    actor: ActorDep,
    cache: CacheDep,
    start: From = None,
    end: To = None,
    by: Annotated[Period, Query()] = "year",
) -> dict[str, Any]:
    """Dead and missing in the Channel area per period (IOM Missing Migrants Project)."""
    from straitwatch.flows import api_views

    ds = _read(session, actor, cache)
    _span(start, end)
    return api_views.deaths_view(ds, by, start, end)


@router.get("/forecast", response_model=ForecastView)
def forecast(
    session: SessionDep,
    actor: ActorDep,
    cache: CacheDep,
    days: Annotated[int, Query(ge=1, le=28, description="Days ahead, 1-28")] = 14,
) -> dict[str, Any]:
    """People and boats expected on each of the coming ``days`` days after the data's last
    day, with 80% and 95% prediction intervals, and the running total."""
    from straitwatch.flows import api_views

    _read(session, actor, cache)
    view: dict[str, Any] = cache.view(
        session, ("forecast", days), lambda ds: api_views.forecast_view(ds, days)
    )
    return view


@router.get("/frontex/routes", response_model=FrontexRoutesView)
def frontex_routes(
    session: SessionDep,
    actor: ActorDep,
    cache: CacheDep,
    start: From = None,
    end: To = None,
    by: Annotated[Literal["month", "year"], Query()] = "month",
) -> dict[str, Any]:
    """Frontex detections of illegal border-crossings per route and month or year."""
    from straitwatch.flows import api_views

    ds = _read(session, actor, cache)
    _span(start, end)
    return api_views.frontex_routes_view(ds, by, start, end)


@router.get("/frontex/map", response_model=FrontexMapView)
def frontex_map(
    session: SessionDep,
    actor: ActorDep,
    cache: CacheDep,
    month: Annotated[
        str | None,
        Query(pattern=r"^\d{4}-(0[1-9]|1[0-2])$", description="YYYY-MM; default: the latest"),
    ] = None,
) -> dict[str, Any]:
    """GeoJSON of the European routes (approximate paths) with one month's detections."""
    from straitwatch.flows import api_views

    ds = _read(session, actor, cache)
    chosen = date(int(month[:4]), int(month[5:]), 1) if month else None
    try:
        return api_views.frontex_map_view(ds, chosen)
    except InvalidInput as exc:
        raise InvalidInput(exc.message, where="query.month") from exc


@router.get("/nationalities", response_model=NationalitiesView)
def nationalities(
    session: SessionDep,
    actor: ActorDep,
    cache: CacheDep,
    start: From = None,
    end: To = None,
    n: Annotated[int, Query(ge=1, le=50, description="How many nationalities")] = 10,
) -> dict[str, Any]:
    """Top nationalities of small-boat arrivals (Home Office, 2018-2023) and of Frontex
    detections."""
    from straitwatch.flows import api_views

    ds = _read(session, actor, cache)
    _span(start, end)
    return api_views.nationalities_view(ds, start, end, n)


@router.get("/patrol-plan", response_model=PatrolPlanView)
def patrol_plan(
    session: SessionDep,
    actor: ActorDep,
    cache: CacheDep,
    days: Annotated[int, Query(ge=1, le=28, description="Days to plan, 1-28")] = 7,
    units: Annotated[int, Query(ge=1, le=100, description="Units on duty per shift")] = 4,
    shifts: Annotated[
        str,
        Query(
            max_length=200,
            description="Named UTC windows covering the day once, e.g. " + DEFAULT_SHIFTS,
        ),
    ] = DEFAULT_SHIFTS,
    budget: Annotated[
        int | None, Query(ge=1, le=10_000, description="Unit-shifts over the whole period")
    ] = None,
    p: Annotated[
        float, Query(gt=0, le=1, description="Chance one unit covers a departure in its sector")
    ] = 0.5,
    history: Annotated[
        Literal["observed", "uniform"],
        Query(
            description="Where departures are expected: 'observed' spreads them as the "
            "departure alerts did (per sector and UTC hour; evenly while there are none), "
            "'uniform' evenly along the coast"
        ),
    ] = "observed",
) -> dict[str, Any]:
    """Where and when to put the units over the coming days: the boats forecast spread over
    the departure sectors and shifts by the sector history, with the expected coverage and
    that of an even spread of the same units. The history is aggregated from departure
    alerts (counts per sector and hour), no track or person is shown."""
    from straitwatch.flows import api_views
    from straitwatch.flows.patrol import PatrolRequest
    from straitwatch.flows.repository import departure_history
    from straitwatch.flows.sectors import parse_window

    _read(session, actor, cache)
    try:
        windows = tuple(parse_window(part.strip()) for part in shifts.split(",") if part.strip())
        request = PatrolRequest(units, windows, budget, p)
        request.check()
    except InvalidInput as exc:
        raise InvalidInput(exc.message, where="query.shifts") from exc
    sectors = departure_history(session, observed=history == "observed")
    key = ("patrol", days, request, sectors.source, sectors.hourly_share.tobytes())
    view: dict[str, Any] = cache.view(
        session, key, lambda ds: api_views.patrol_plan_view(ds, sectors, request, days)
    )
    return view
