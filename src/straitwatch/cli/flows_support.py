# SPDX-License-Identifier: EUPL-1.2
"""What the ``straitwatch flows`` commands share: the dataset (loading the bundled data on
first use), argument parsing and table printing. Heavy imports stay inside functions."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from straitwatch.access.actions import Action
from straitwatch.access.actor import system_actor
from straitwatch.access.policy import Resource, enforce
from straitwatch.cli import context
from straitwatch.errors import InvalidInput
from straitwatch.store.db import transaction

if TYPE_CHECKING:
    from straitwatch.flows.dataset import FlowsDataset
    from straitwatch.flows.patrol import PatrolRequest
    from straitwatch.flows.repository import LoadReport
    from straitwatch.flows.sectors import SectorHistory
    from straitwatch.flows.weather import WeatherSeries

__all__ = [
    "dataset",
    "load_files",
    "parse_day",
    "patrol_request",
    "print_frame",
    "report_line",
    "sector_history",
    "weather_series",
]

DEFAULT_SHIFTS = "night:22-06,day:06-14,evening:14-22"


def parse_day(text: str | None, option: str) -> date | None:
    """An ISO date given to ``option``, or None."""
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(f"{option} {text!r} is not a date (YYYY-MM-DD)") from None


def load_files(paths: list[Path]) -> list[LoadReport]:
    """Parse every file first (nothing is written if one is bad), then load them in one
    transaction as the operator of the installation."""
    from straitwatch.flows.repository import load_sources
    from straitwatch.flows.sources import bundled_sources, parse_source

    parsed = [parse_source(p) for p in (paths or bundled_sources())]
    with transaction(context.engine()) as session:
        return load_sources(session, system_actor(), parsed)


def report_line(report: LoadReport) -> str:
    line = (
        f"{report.file_name} ({report.kind}): {report.rows} rows, {report.added} added, "
        f"{report.changed} revised"
    )
    if report.revised_days:
        shown = ", ".join(d.isoformat() for d in report.revised_days[:10])
        more = f" and {len(report.revised_days) - 10} more" if len(report.revised_days) > 10 else ""
        line += f"\n  revised: {shown}{more}"
    if report.unmarked_revisions:
        line += (
            f"\n  warning: {len(report.unmarked_revisions)} day(s) changed without a "
            "'Revised' mark in the source"
        )
    for warning in report.warnings[:10]:
        line += f"\n  warning: {warning}"
    return line


def dataset() -> FlowsDataset:
    """The flows dataset from the store; an empty store first gets the bundled data
    (recorded as a load by the operator, like ``straitwatch flows load``)."""
    from straitwatch.flows.repository import has_data, read_dataset

    engine = context.engine()
    with transaction(engine) as session:
        enforce(session, system_actor(), Action.FLOWS_READ, Resource("flows"))
        loaded = has_data(session)
    if not loaded:
        typer.echo("no flows data in the store: loading the bundled published data", err=True)
        for report in load_files([]):
            typer.echo(report_line(report), err=True)
    with transaction(engine) as session:
        return read_dataset(session)


def weather_series(path: Path | None) -> WeatherSeries | None:
    from straitwatch.flows.weather import read_weather

    return read_weather(path) if path else None


def sector_history(path: Path | None) -> SectorHistory:
    """From ``--sectors FILE``, else an even spread over the declared departure sectors."""
    from straitwatch.flows.sectors import departure_sectors, history_from_table, uniform_history

    declared = departure_sectors()
    ids = [sector_id for sector_id, _ in declared]
    history = history_from_table(path, ids) if path else uniform_history(ids)
    return history.with_labels(dict(declared))


def patrol_request(units: int, shifts: str, budget: int | None, p: float) -> PatrolRequest:
    from straitwatch.flows.patrol import PatrolRequest
    from straitwatch.flows.sectors import parse_window

    windows = tuple(parse_window(part.strip()) for part in shifts.split(",") if part.strip())
    return PatrolRequest(units, windows, budget, p)


def _cell(value: Any) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "partial"
    if isinstance(value, float):
        return f"{value:,.3f}" if abs(value) < 1 else f"{value:,.1f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def print_frame(title: str, rows: list[dict[str, Any]], columns: list[str]) -> None:
    """A titled, aligned table of JSON-able rows."""
    from straitwatch.cli.output import emit_table

    typer.echo(f"\n{title}")
    if not rows:
        typer.echo("  (none)")
        return
    emit_table(columns, [[_cell(r.get(c)) for c in columns] for r in rows])
