# SPDX-License-Identifier: EUPL-1.2
"""``straitwatch ingest`` (files) and ``straitwatch listen`` (live UDP/TCP NMEA): sensor
feeds into the store, with a summary of what was kept and what was refused."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from straitwatch.cli import context
from straitwatch.cli.output import emit_json
from straitwatch.errors import InvalidInput

if TYPE_CHECKING:
    from straitwatch.sensors.sink import IngestSummary

__all__ = ["register"]


def _time_option(text: str | None, option: str) -> datetime | None:
    if text is None:
        return None
    try:
        value = datetime.fromisoformat(text)
    except ValueError as exc:
        raise InvalidInput(f"{option} {text!r} is not an ISO 8601 time") from exc
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _print_summary(summary: IngestSummary, as_json: bool, sources: str) -> None:
    data = summary.as_dict()
    if as_json:
        emit_json(data)
        return
    reasons = ", ".join(f"{k} {v}" for k, v in data["rejected_reasons"].items())
    typer.echo(f"read            {data['read']:>9,}  ({sources})")
    typer.echo(f"observations    {data['observations']:>9,}")
    typer.echo(f"static updates  {data['static_updates']:>9,}")
    typer.echo(f"AIS reports     {data['ais_reports']:>9,}  (not vessels: aids to navigation...)")
    typer.echo(f"rejected        {data['rejected']:>9,}" + (f"  ({reasons})" if reasons else ""))
    typer.echo(f"duplicates      {data['duplicates']:>9,}")
    if data["rejected"] or data["duplicates"]:
        typer.echo("refused records: straitwatch deadletter list [--reason R]")


def _may_ingest() -> None:
    """The access policy decides, for this command too (the operator's system actor)."""
    from straitwatch.access.actions import Action
    from straitwatch.access.actor import system_actor
    from straitwatch.access.policy import Resource, enforce
    from straitwatch.store.db import transaction

    with transaction(context.engine()) as session:
        enforce(session, system_actor(), Action.OBSERVATIONS_INGEST, Resource("observations"))


def ingest(
    paths: list[Path] = typer.Argument(
        ..., help="Files to read (NMEA, AIS CSV, plots, sightings, cameras, aircraft, satellite)."
    ),
    file_format: str = typer.Option(
        "auto",
        "--format",
        help="auto, nmea, ais-csv, plots, sightings, cameras, aircraft or satellite "
        "(docs/formats.md).",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object."),
    sensors: Path | None = typer.Option(
        None, "--sensors", help="Sensors file for range/bearing plots (default: demo sites)."
    ),
    start: str | None = typer.Option(
        None, "--start", help="Receive time of NMEA lines that carry none (default: now)."
    ),
    max_lag_s: float = typer.Option(
        7 * 86400.0, "--max-lag", help="Seconds a time may sit from its file's clock."
    ),
    speed: float | None = typer.Option(
        None, "--speed", help="Replay at N × real time instead of as fast as possible."
    ),
    batch_size: int = typer.Option(50_000, "--batch-size", min=1, help="Rows per transaction."),
) -> None:
    """Read sensor files into the store and print what was kept and what was refused.

    Refused records go to the dead-letter table, never lost. Several files are merged
    into one stream in time order.

    Example: straitwatch ingest tests/data/ais/gpsd_sample.aivdm plots.csv --json
    """
    from straitwatch.access.actor import system_actor
    from straitwatch.sensors import ObservationSink, StreamState, paced, read_files
    from straitwatch.sensors.quality import QualityPolicy
    from straitwatch.sensors.sites import SensorSites

    for path in paths:
        if not path.is_file():
            raise InvalidInput("no such file", where=str(path))
    _may_ingest()
    state = StreamState(
        QualityPolicy(max_lag_s=max_lag_s),
        sites=SensorSites.load(sensors),
        start=_time_option(start, "--start"),
    )
    stream = read_files(paths, file_format, state=state, reorder_window_s=5.0 if speed else None)
    feed = ", ".join(str(p) for p in paths)
    sink = ObservationSink(
        context.engine(), system_actor(), feed=feed, batch_size=batch_size, background=True
    )
    records: Any = paced(stream, speed) if speed else stream
    sink.add_all(records)
    summary = sink.close()
    summary.read = stream.read
    _print_summary(summary, as_json, f"{len(paths)} file{'s' * (len(paths) != 1)}")


def listen(
    udp: str | None = typer.Option(None, "--udp", help="HOST:PORT for NMEA datagrams."),
    tcp: str | None = typer.Option(None, "--tcp", help="HOST:PORT for NMEA lines over TCP."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object at the end."),
    flush_interval_s: float = typer.Option(
        2.0, "--flush-interval", min=0.05, help="Seconds between writes to the store."
    ),
    max_lines: int | None = typer.Option(
        None, "--max-lines", min=1, help="Stop after this many lines (default: Ctrl-C)."
    ),
    max_lag_s: float = typer.Option(
        3600.0, "--max-lag", help="Seconds a receiver time may be behind now."
    ),
) -> None:
    """Listen for live AIS NMEA on UDP and/or TCP and store it until Ctrl-C.

    Lines without a tag-block time are stamped on arrival; limits are relative to now.

    Example: straitwatch listen --udp 127.0.0.1:10110 --tcp 127.0.0.1:10111
    """
    import asyncio
    import signal

    from straitwatch.access.actor import system_actor
    from straitwatch.sensors import Endpoint, ObservationSink, StreamState
    from straitwatch.sensors import listen as listen_feeds
    from straitwatch.sensors.quality import QualityPolicy

    udp_at = Endpoint.parse(udp) if udp else None
    tcp_at = Endpoint.parse(tcp) if tcp else None
    _may_ingest()
    names = ", ".join(f"{kind} {at}" for kind, at in (("udp", udp_at), ("tcp", tcp_at)) if at)
    sink = ObservationSink(context.engine(), system_actor(), feed=names, batch_size=100_000)
    state = StreamState(QualityPolicy.for_live(max_lag_s=max_lag_s))

    def ready(bound: dict[str, Endpoint]) -> None:
        where = ", ".join(f"{kind} {at}" for kind, at in bound.items())
        typer.echo(f"listening on {where} (Ctrl-C to stop)", err=True)

    async def run() -> int:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        loop.add_signal_handler(signal.SIGINT, stop.set)
        loop.add_signal_handler(signal.SIGTERM, stop.set)
        try:
            return await listen_feeds(
                sink,
                state,
                udp=udp_at,
                tcp=tcp_at,
                stop=stop,
                flush_interval_s=flush_interval_s,
                max_lines=max_lines,
                ready=ready,
                warn=lambda message: typer.echo(f"warning: {message}", err=True),
            )
        finally:
            loop.remove_signal_handler(signal.SIGINT)
            loop.remove_signal_handler(signal.SIGTERM)

    sink.summary.read = asyncio.run(run())
    _print_summary(sink.summary, as_json, names)


def register(app: typer.Typer) -> None:
    app.command("ingest")(ingest)
    app.command("listen")(listen)
