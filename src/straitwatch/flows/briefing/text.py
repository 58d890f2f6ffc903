# SPDX-License-Identifier: EUPL-1.2
"""The words of the briefing: headline boxes, key points, outlook and notes.

Shared by the PDF and HTML renderers so both say exactly the same thing. Numbers are
written the way a commander reads them aloud: thousands separated, shares in whole
per cent, changes with an arrow and a sign.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from straitwatch.flows.briefing.figures import BriefingFigures, WeekFigures
from straitwatch.flows.sectors import UNIFORM_SOURCE

__all__ = ["NOTES", "Headline", "change", "headlines", "key_points", "outlook", "title"]

NOTES = (
    "Arrivals and boats: Home Office and Border Force, provisional operational data "
    "(OGL v3.0); the finalised series is Irr_D01. Weeks run Monday to Sunday.",
    "Prevented: operational estimates supplied by the French authorities (people stopped "
    "from departing or returned to France, equipment finds, facilitator arrests), weekly "
    "from May 2024. Share prevented = prevented / (prevented + arrived).",
    "Deaths: IOM Missing Migrants Project, dead and missing in incidents whose location "
    "names the Channel (sea-crossing proxy); the IOM data runs to its download date.",
    "Forecast: seasonal-level model fitted on data to the end of the week; intervals from "
    "past forecast errors. No weather input unless stated: a calm or rough spell moves "
    "daily figures far outside the mean.",
    "Patrol plan: expected departures = forecast boats x sector history; one unit covers "
    "a departure in its sector with the probability stated; greedy optimal allocation.",
)


@dataclass(frozen=True)
class Headline:
    """One headline box: what, the figure, and how it compares."""

    title: str
    value: str
    lines: tuple[str, ...]


def _n(value: float | None, digits: int = 0) -> str:
    return "n/a" if value is None else f"{value:,.{digits}f}"


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0%}"


def change(now: float | None, before: float | None) -> str:
    """``▲ 12%``, ``▼ 4%``, ``= 0%``, or ``n/a`` when there is nothing to compare."""
    if now is None or before is None or before == 0:
        return "n/a"
    pct = 100.0 * (now - before) / before
    arrow = "▲" if pct > 0.5 else "▼" if pct < -0.5 else "="
    return f"{arrow} {abs(pct):.0f}%"


def _short(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


def title(fig: BriefingFigures) -> tuple[str, str]:
    """Title and subtitle lines."""
    w = fig.week
    return (
        f"Channel small-boat crossings: weekly briefing {w.label}",
        f"Monday {_short(w.start)} to Sunday {_short(w.end)} · figures known at the end "
        "of the week",
    )


def _vs(now: float | None, other: WeekFigures, value: float | None, fmt: str) -> str:
    return f"{change(now, value)} vs {other.label} ({fmt})"


def headlines(fig: BriefingFigures) -> list[Headline]:
    """The five seeds' measures with last week and the same week last year."""
    w, lw, ly = fig.week, fig.last_week, fig.last_year
    deaths_lines: tuple[str, ...]
    if w.deaths is None:
        end = fig.iom_data_end
        deaths_lines = (f"IOM data runs to {_short(end)}" if end else "no IOM data loaded",)
        if fig.year_to_date_deaths is not None and end is not None:
            deaths_lines += (f"{fig.year_to_date_deaths} in {end.year} to {_short(end)}",)
    else:
        deaths_lines = (
            f"{fig.year_to_date_deaths} this year to date",
            f"{ly.label}: {_n(ly.deaths)}",
        )
    return [
        Headline(
            "People crossed",
            _n(w.people),
            (
                _vs(w.people, lw, lw.people, _n(lw.people)),
                _vs(w.people, ly, ly.people, _n(ly.people)),
            ),
        ),
        Headline(
            "Boats",
            _n(w.boats),
            (
                _vs(w.boats, lw, lw.boats, _n(lw.boats)),
                _vs(w.boats, ly, ly.boats, _n(ly.boats)),
            ),
        ),
        Headline(
            "People per boat",
            _n(w.people_per_boat, 1),
            (
                f"{lw.label}: {_n(lw.people_per_boat, 1)}",
                f"{ly.label}: {_n(ly.people_per_boat, 1)}",
            ),
        ),
        Headline(
            "Share prevented",
            _pct(w.prevention_share),
            (
                f"{_n(w.prevented)} prevented (French est.)",
                f"{lw.label}: {_pct(lw.prevention_share)}",
                f"{ly.label}: {_pct(ly.prevention_share)}",
            ),
        ),
        Headline("Deaths at sea", _n(w.deaths), deaths_lines),
    ]


def key_points(fig: BriefingFigures) -> list[str]:
    """Three or four sentences that carry the briefing if nothing else is read."""
    w, lw, ly = fig.week, fig.last_week, fig.last_year
    busiest = max(range(len(fig.daily_people)), key=lambda i: fig.daily_people[i])
    crossing_days = sum(1 for v in fig.daily_people if v > 0)
    busiest_day = w.start.toordinal() + busiest
    points = [
        f"{_n(w.people)} people crossed in {_n(w.boats)} boats "
        f"({_n(w.people_per_boat, 0)} per boat) on {crossing_days} of 7 days; the busiest "
        f"day was {date.fromordinal(busiest_day):%A} with {_n(fig.daily_people[busiest])}.",
        f"That is {change(w.people, lw.people)} on last week and "
        f"{change(w.people, ly.people)} on the same week last year ({_n(ly.people)}).",
        f"Year to date: {_n(fig.year_to_date_people)} people, "
        f"{change(fig.year_to_date_people, fig.year_to_date_last_year)} on the same period "
        f"last year ({_n(fig.year_to_date_last_year)}).",
    ]
    if w.prevention_share is not None:
        points.append(
            f"French authorities report {_n(w.prevented)} people prevented: "
            f"{_pct(w.prevention_share)} of attempts (last week {_pct(lw.prevention_share)})."
        )
    return points


def outlook(fig: BriefingFigures) -> list[str]:
    """The forecast and the plan in three lines."""
    people = fig.people_forecast.to_dict()
    boats = fig.boats_forecast.to_dict()["total"][6]
    week1, week2 = people["total"][6], people["total"][-1]
    return [
        f"Next 7 days: about {_n(week1['mean'])} people expected (80% range "
        f"{_n(week1['low80'])} to {_n(week1['high80'])}) in about {_n(boats['mean'])} boats.",
        f"Next 14 days: about {_n(week2['mean'])} people (80% range {_n(week2['low80'])} to "
        f"{_n(week2['high80'])}). "
        + (
            f"Weather supplied for {fig.people_forecast.weather_days} of those days."
            if fig.people_forecast.weather_days
            else "No weather input: the sea will decide which days see crossings."
        ),
        _plan_line(fig),
    ]


def _plan_line(fig: BriefingFigures) -> str:
    plan = fig.plan
    if plan.history_source == UNIFORM_SOURCE:
        return (
            "Patrol plan: no departure-sector history was supplied, so every sector counts "
            "alike and the plan only spreads the units; give a history (--sectors) for a "
            "plan that follows where boats leave."
        )
    return (
        f"Patrol plan (next 7 days, {plan.history_source}): expected to cover "
        f"{_pct(plan.coverage)} of departures, against {_pct(plan.baseline_coverage)} with the "
        "same units spread evenly along the coast."
    )
