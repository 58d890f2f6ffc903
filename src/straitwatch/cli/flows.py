# SPDX-License-Identifier: EUPL-1.2
"""``straitwatch flows``: crossing statistics, forecasts, patrol plans and weekly briefings.

The published data ships with straitwatch: ``flows load`` with no path loads it, and any
other ``flows`` command loads it by itself the first time it finds the store empty.
"""

from __future__ import annotations

from pathlib import Path

import typer

from straitwatch.cli import flows_support as support
from straitwatch.cli.output import emit_json
from straitwatch.errors import InvalidInput

app = typer.Typer(
    help=(
        "Crossing statistics, prevention, forecasts, patrol plans and weekly briefings.\n\n"
        "Example: straitwatch flows stats --year 2025 --by month"
    ),
    no_args_is_help=True,
)

_JSON = typer.Option(False, "--json", help="Print one JSON object.")
_WEATHER = typer.Option(
    None, "--weather", help="CSV of daily weather: date, wind_speed_ms, wave_height_m."
)


@app.command("load")
def load_cmd(
    paths: list[Path] = typer.Argument(
        None, help="Workbook (.ods) or CSV files; none = the bundled published data."
    ),
    as_json: bool = _JSON,
) -> None:
    """Load published figures; a newer workbook revises figures and lists the days changed.

    Every file is checked first: a bad one names its sheet or line, row and column, and
    nothing is loaded. Loading the same file again changes nothing.

    Example: straitwatch flows load homeoffice_small_boats_time_series_2026-08-21.ods
    """
    reports = support.load_files(list(paths or []))
    if as_json:
        emit_json(
            [
                {
                    "load_id": r.load_id,
                    "file": r.file_name,
                    "kind": r.kind,
                    "rows": r.rows,
                    "added": r.added,
                    "revised": r.changed,
                    "revised_days": [d.isoformat() for d in r.revised_days],
                    "unmarked_revisions": [d.isoformat() for d in r.unmarked_revisions],
                    "warnings": list(r.warnings),
                }
                for r in reports
            ]
        )
        return
    for report in reports:
        typer.echo(support.report_line(report))


@app.command("stats")
def stats_cmd(
    year: int | None = typer.Option(None, "--year", help="One calendar year."),
    start: str | None = typer.Option(None, "--from", help="First day (YYYY-MM-DD)."),
    end: str | None = typer.Option(None, "--to", help="Last day (YYYY-MM-DD)."),
    by: str = typer.Option("month", "--by", help="day, week, month or year."),
    as_json: bool = _JSON,
) -> None:
    """Arrivals, boats, people per boat, trends, prevention share, deaths and routes.

    Example: straitwatch flows stats --from 2025-06-01 --to 2025-08-31 --by week
    """
    from datetime import date

    from straitwatch.flows import api_views as views
    from straitwatch.flows.stats import Granularity

    if by not in {g.value for g in Granularity}:
        raise InvalidInput(f"--by {by!r}: use day, week, month or year")
    if year is not None and (start or end):
        raise InvalidInput("give either --year or --from/--to, not both")
    lo = date(year, 1, 1) if year else support.parse_day(start, "--from")
    hi = date(year, 12, 31) if year else support.parse_day(end, "--to")
    ds = support.dataset()
    report = {
        "arrivals": views.arrivals_view(ds, by, lo, hi),
        "prevention": views.prevention_view(ds, "week" if by == "day" else by, lo, hi),
        "deaths": views.deaths_view(ds, by, lo, hi),
        "frontex_routes": views.frontex_routes_view(ds, "year", lo, hi),
        "nationalities": views.nationalities_view(ds, lo, hi, 5),
    }
    if as_json:
        emit_json(report)
        return
    support.print_frame(
        f"Small-boat arrivals by {by} (Home Office, provisional)",
        report["arrivals"]["rows"],
        [
            "period",
            "complete",
            "migrants_arrived",
            "boats_arrived",
            "people_per_boat",
            "rolling_mean_migrants",
            "last_year_migrants",
            "yoy_change_pct",
        ],
    )
    support.print_frame(
        "Prevented (French operational estimates) and share prevented",
        report["prevention"]["rows"],
        [
            "period",
            "weeks",
            "migrants_prevented",
            "events_prevented",
            "migrants_arrived_same_weeks",
            "prevention_share",
        ],
    )
    support.print_frame(
        f"Dead and missing, IOM (data to {report['deaths']['data_to']})",
        report["deaths"]["rows"],
        ["period", "incidents", "dead_and_missing", "channel_crossing"],
    )
    support.print_frame(
        "Frontex detections by route (not persons; no Channel route)",
        report["frontex_routes"]["rows"],
        ["period", "route", "detections"],
    )
    support.print_frame(
        "Top small-boat nationalities (Irr_D01, finalised, to 2023)",
        report["nationalities"]["small_boats"],
        ["nationality", "detections", "share"],
    )
    typer.echo("\nPrevention figures are operational estimates supplied by the French authorities.")


@app.command("forecast")
def forecast_cmd(
    days: int = typer.Option(14, "--days", help="Days ahead, 1-28."),
    weather: Path | None = _WEATHER,
    as_of: str | None = typer.Option(None, "--as-of", help="Forecast as on this day."),
    as_json: bool = _JSON,
) -> None:
    """Forecast people and boats per day with 80% and 95% intervals, and running totals.

    Example: straitwatch flows forecast --days 14
    """
    from straitwatch.flows.forecast import forecast

    result = forecast(
        support.dataset(),
        days,
        support.weather_series(weather),
        support.parse_day(as_of, "--as-of"),
    )
    views = {name: fc.to_dict() for name, fc in result.items()}
    if as_json:
        emit_json(views)
        return
    people, boats = views["migrants_arrived"], views["boats_arrived"]
    rows = [
        {**p, "boats": b["mean"], "boats_high80": b["high80"]}
        for p, b in zip(people["daily"], boats["daily"], strict=True)
    ]
    support.print_frame(
        f"Forecast after {people['data_end']} (people per day; weather days: "
        f"{people['weather_days']})",
        rows,
        ["date", "mean", "low80", "high80", "low95", "high95", "boats", "boats_high80"],
    )
    total = people["total"][-1]
    typer.echo(
        f"\nTotal over {days} days: {total['mean']:,.0f} people "
        f"(80%: {total['low80']:,.0f} to {total['high80']:,.0f}), "
        f"{boats['total'][-1]['mean']:,.0f} boats"
    )


@app.command("backtest")
def backtest_cmd(
    start: str = typer.Option("2023-01-01", "--from", help="First forecast origin."),
    end: str | None = typer.Option(None, "--to", help="Use data up to this day only."),
    horizons: str = typer.Option("7,14", "--horizons", help="Lead times to score, in days."),
    refit_days: int = typer.Option(28, "--refit-days", help="Refit the profile this often."),
    weather: Path | None = _WEATHER,
    as_json: bool = _JSON,
) -> None:
    """Rolling-origin MAE, MASE against seasonal-naive, and interval coverage.

    Example: straitwatch flows backtest --from 2023-01-01
    """
    from straitwatch.flows.backtest import backtest

    try:
        leads = tuple(int(h) for h in horizons.split(","))
    except ValueError:
        raise InvalidInput(f"--horizons {horizons!r} is not a list like 7,14") from None
    first = support.parse_day(start, "--from")
    assert first is not None
    results = backtest(
        support.dataset(),
        first,
        leads,
        refit_days,
        support.weather_series(weather),
        support.parse_day(end, "--to"),
    )
    views = {name: r.to_dict() for name, r in results.items()}
    if as_json:
        emit_json(views)
        return
    for name, view in views.items():
        rows = [{**s, **{f"cover{k}": v for k, v in s["coverage"].items()}} for s in view["scores"]]
        support.print_frame(
            f"{name}: origins {view['first_origin']} to {view['last_origin']} "
            f"(peer: {view['peer']})",
            rows,
            [
                "horizon_days",
                "origins",
                "mae",
                "mae_seasonal_naive",
                "mase",
                "cover80%",
                "cover95%",
                "total_relative_mae",
            ],
        )


@app.command("plan")
def plan_cmd(
    days: int = typer.Option(7, "--days", help="Days to plan, 1-28."),
    units: int = typer.Option(4, "--units", help="Patrol units on duty per shift."),
    shifts: str = typer.Option(support.DEFAULT_SHIFTS, "--shifts", help="UTC shift windows."),
    budget: int | None = typer.Option(None, "--budget", help="Total unit-shifts available."),
    p: float = typer.Option(0.5, "--p", help="Chance one unit covers a departure in its sector."),
    sectors: Path | None = typer.Option(
        None, "--sectors", help="CSV: sector, hour|window, share|count (default: even spread)."
    ),
    as_of: str | None = typer.Option(None, "--as-of", help="Plan as on this day."),
    as_json: bool = _JSON,
) -> None:
    """Allocate patrol units to departure sectors and shifts to cover most departures.

    Example: straitwatch flows plan --days 7 --units 6 --sectors departures_by_sector.csv
    """
    from straitwatch.flows.forecast import forecast
    from straitwatch.flows.patrol import plan_patrols

    boats = forecast(support.dataset(), days, as_of=support.parse_day(as_of, "--as-of"))
    history = support.sector_history(sectors)
    plan = plan_patrols(
        boats["boats_arrived"].days,
        boats["boats_arrived"].mean,
        history,
        support.patrol_request(units, shifts, budget, p),
    )
    view = plan.to_dict()
    if as_json:
        emit_json(view)
        return
    if sectors is None:
        typer.echo(
            "note: no --sectors history given: every sector counts alike, so the plan only "
            "spreads the units",
            err=True,
        )
    support.print_frame(
        f"Patrol plan {view['days'][0]} to {view['days'][-1]} (sector history: "
        f"{view['history_source']})",
        view["summary"],
        ["shift", "sector_name", "unit_shifts", "expected_departures", "expected_covered"],
    )
    typer.echo(
        f"\nExpected departures {view['expected_departures']:.1f}; covered "
        f"{view['expected_covered']:.1f} ({view['coverage']:.0%}); the same units spread "
        f"evenly would cover {view['baseline_even_spread_coverage']:.0%}."
    )


@app.command("brief")
def brief_cmd(
    week: str = typer.Option(..., "--week", help="ISO week, e.g. 2025-W32."),
    out: Path = typer.Option(..., "--out", help="FILE.pdf or FILE.html"),
    units: int = typer.Option(4, "--units", help="Patrol units on duty per shift."),
    shifts: str = typer.Option(support.DEFAULT_SHIFTS, "--shifts", help="UTC shift windows."),
    p: float = typer.Option(0.5, "--p", help="Chance one unit covers a departure in its sector."),
    sectors: Path | None = typer.Option(None, "--sectors", help="Sector history CSV."),
    weather: Path | None = _WEATHER,
    network_as: str | None = typer.Option(
        None,
        "--network-as",
        help="Add the smuggling-network section as this user sees it (needs --purpose).",
    ),
    purpose: str | None = typer.Option(
        None, "--purpose", help="Why the network is consulted (audit log)."
    ),
) -> None:
    """Write the weekly briefing: headline figures, comparisons, charts, forecast, plan,
    and with --network-as the networks identified, facilitators linked and disruptions
    recorded, from what that user may see (a consultation in the audit log).

    Example: straitwatch flows brief --week 2025-W32 --out brief-2025-W32.pdf
    """
    from straitwatch.flows.briefing import write_briefing

    network = None
    if network_as is not None:
        if not purpose:
            raise typer.BadParameter("--network-as needs --purpose", param_hint="--purpose")
        network = _network_section(network_as, purpose)

    figures = write_briefing(
        support.dataset(),
        week,
        out,
        support.sector_history(sectors),
        support.patrol_request(units, shifts, None, p),
        support.weather_series(weather),
        network,
    )
    typer.echo(
        f"briefing {week} written to {out}: {figures.week.people:,} people, "
        f"{figures.week.boats} boats"
    )


def _network_section(username: str, purpose: str) -> dict[str, object]:
    """The network section of the briefing as ``username`` may see it (audited)."""
    from straitwatch.cli import context
    from straitwatch.cli.acting import actor
    from straitwatch.intel.network.briefing import network_brief
    from straitwatch.intel.network.disruptions import list_disruptions
    from straitwatch.intel.network.view import actor_network
    from straitwatch.store.db import transaction

    with transaction(context.engine()) as s:
        who = actor(s, username)
        network = actor_network(s, who, purpose=purpose, query="briefing")
        return network_brief(network, list_disruptions(s, who, network))
