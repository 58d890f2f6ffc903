# SPDX-License-Identifier: EUPL-1.2
"""``straitwatch simulate``, ``replay`` and ``evaluate``: a simulated day in the Dover Strait,
run through ingest → tracking → assessment, and scored against its truth."""

from __future__ import annotations

import json
import sys
from datetime import date, time
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from straitwatch.cli.output import emit_json
from straitwatch.errors import InvalidInput

if TYPE_CHECKING:
    from straitwatch.assessment.alert import Alert

__all__ = ["register"]


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise InvalidInput(f"--date {text!r} is not a date (YYYY-MM-DD)") from exc


def _clock(text: str | None) -> time | None:
    if text is None:
        return None
    try:
        return time.fromisoformat(text)
    except ValueError as exc:
        raise InvalidInput(f"--start {text!r} is not a time of day (HH:MM, UTC)") from exc


def simulate(
    day: str = typer.Option(..., "--date", help="The day to simulate (YYYY-MM-DD, UTC)."),
    out: Path = typer.Option(..., "--out", help="Folder to write the files into."),
    seed: int = typer.Option(0, "--seed", help="Random seed: same seed, same files."),
    start: str | None = typer.Option(None, "--start", help="Start of the window (HH:MM UTC)."),
    hours: float | None = typer.Option(None, "--hours", help="Length of the window, hours."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """Simulate a day (or a window of it) of Channel traffic and small boats.

    Small boats follow the Home Office daily figures for the date; merchant ships use the
    TSS lanes, ferries cross, coastal radars, the AIS receiver and patrols sense them.
    Writes radar_plots.csv, ais.nmea, sightings.jsonl (docs/formats.md), weather.json,
    scenario.json and truth.json.

    Example: straitwatch simulate --date 2022-08-22 --out var/sim/busy --start 00:00 --hours 6
    """
    from straitwatch.sim import simulate as run

    summary = run(_day(day), out, seed=seed, start=_clock(start), hours=hours)
    if as_json:
        emit_json(summary.to_json())
        return
    obs = summary.observations
    typer.echo(f"{summary.day}  {summary.start:%H:%M}–{summary.end:%H:%M} UTC  seed {seed}")
    typer.echo(f"small boats   {summary.boats:>9,}  ({summary.people:,} people)")
    typer.echo(f"vessels       {summary.vessels:>9,}")
    typer.echo(f"radar plots   {obs['radar_plots']:>9,}")
    typer.echo(f"AIS lines     {obs['ais_lines']:>9,}")
    typer.echo(f"sightings     {obs['sightings']:>9,}")
    typer.echo(f"written to    {out}  (next: straitwatch replay {out})")


def _describe(alert: Alert, kind: str) -> str:
    where = ", ".join(alert.routed_to)
    mark = "" if kind == "raised" else " (update)"
    return (
        f"{alert.time:%Y-%m-%d %H:%M:%S}  {alert.type:<17} {alert.severity:<8} "
        f"{alert.track_id or '-':<8} {alert.summary}{mark}  → {where}"
    )


def replay(
    folder: Path = typer.Argument(..., help="Folder written by `simulate` (or sensor files)."),
    speed: float | None = typer.Option(
        None, "--speed", help="Replay at N × real time (default: as fast as possible)."
    ),
    as_json: bool = typer.Option(
        False, "--json", help="Alerts as JSON lines on stdout; the summary goes to stderr."
    ),
    alerts_out: Path | None = typer.Option(
        None, "--alerts", help="Where to write the alerts (default: FOLDER/alerts.jsonl)."
    ),
    store: bool = typer.Option(
        False, "--store", help="Also record the alerts in the database (audited)."
    ),
) -> None:
    """Run sensor files through ingest, tracking and assessment; write the alerts.

    Each alert is one JSON line: alert_id, type, time, lat, lon, track_id, severity,
    routed_to (plus summary and detail). With --store they also enter the alert
    lifecycle (`straitwatch alerts list`).

    Example: straitwatch replay var/sim/busy --json > alerts.jsonl
    """
    from straitwatch.sim.replay import replay as run

    target = alerts_out or folder / "alerts.jsonl"
    raised: list[Alert] = []
    updated: dict[str, Alert] = {}

    def sink(alert: Alert, kind: str) -> None:
        if kind == "raised":
            raised.append(alert)
            if as_json:
                typer.echo(json.dumps(alert.to_json(), ensure_ascii=False))
        else:
            updated[alert.alert_id] = alert
        if not as_json:
            typer.echo(_describe(alert, kind))

    summary = run(folder, speed=speed, on_alert=sink)
    final = [updated.get(a.alert_id, a) for a in raised]
    with target.open("w", encoding="utf-8") as handle:
        for alert in final:
            handle.write(json.dumps(alert.to_json(), ensure_ascii=False) + "\n")
    if store:
        _store(raised, list(updated.values()))
    report = {**summary.to_json(), "alerts_file": str(target)}
    if as_json:
        sys.stderr.write(json.dumps(report) + "\n")
        return
    counts = ", ".join(f"{k} {v}" for k, v in sorted(summary.raised.items())) or "none"
    typer.echo(
        f"observations  {summary.observations:>9,}   track updates {summary.track_updates:,}"
    )
    typer.echo(f"alerts        {sum(summary.raised.values()):>9,}   ({counts})")
    speed_x = report["speed_x"]
    typer.echo(
        f"replayed {summary.span_s / 3600:.1f} h in {summary.wall_s:.1f} s"
        + (f" ({speed_x:g}× real time)" if speed_x else "")
        + f"; alerts in {target}"
    )


def _store(raised: list[Alert], updated: list[Alert]) -> None:
    from straitwatch.assessment.lifecycle import record_alerts
    from straitwatch.cli import context
    from straitwatch.store.db import transaction

    with transaction(context.engine()) as session:
        record_alerts(session, raised, updated)


def evaluate(
    folder: Path = typer.Argument(..., help="Folder written by `simulate`, after `replay`."),
    alerts: Path | None = typer.Option(
        None, "--alerts", help="Alerts file (default: FOLDER/alerts.jsonl)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
) -> None:
    """Score the alerts of a replay against the simulated truth.

    Departures alerted (within 2 km and 10 min of the launch), launch-to-alert time,
    distress events alerted within 5 minutes (3 km), false alerts per hour.

    Example: straitwatch evaluate var/sim/busy --json
    """
    from straitwatch.sim.evaluate import evaluate as run

    report = run(folder, alerts)
    if as_json:
        emit_json(report)
        return
    dep, dis, false = report["departures"], report["distress"], report["false_alerts"]
    typer.echo(f"{report['date']}  {report['window']['start']} → {report['window']['end']}")
    typer.echo(
        f"departures alerted   {dep['alerted']}/{dep['boats']}"
        f"  (median {dep['median_launch_to_alert_s']} s after launch)"
    )
    typer.echo(f"distress alerted     {dis['alerted_within_5_min']}/{dis['events']} within 5 min")
    typer.echo(f"false alerts         {false['count']}  ({false['per_hour']} per hour)")
    typer.echo("alerts               " + ", ".join(f"{k} {v}" for k, v in report["alerts"].items()))


def register(app: typer.Typer) -> None:
    app.command("simulate")(simulate)
    app.command("replay")(replay)
    app.command("evaluate")(evaluate)
