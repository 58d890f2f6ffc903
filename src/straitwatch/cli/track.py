# SPDX-License-Identifier: EUPL-1.2
"""``straitwatch track``: sensor files through ingest and tracking, as fast as possible,
to a CSV of track updates."""

from __future__ import annotations

import csv
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from straitwatch.cli import context
from straitwatch.errors import InvalidInput

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from straitwatch.sensors import IngestRecord
    from straitwatch.tracking import Tracker, TrackerConfig, TrackUpdate

__all__ = ["HEADER", "register"]

_STEP = timedelta(seconds=1.0)

HEADER = (
    "time",
    "track_id",
    "lat",
    "lon",
    "speed_kn",
    "course_deg",
    "status",
    "classification",
    "mmsi",
)


def _row(u: TrackUpdate) -> tuple[str, ...]:
    return (
        u.time.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        u.track_id,
        f"{u.lat:.6f}",
        f"{u.lon:.6f}",
        f"{u.speed_kn:.1f}",
        f"{u.course_deg:.1f}",
        str(u.status),
        str(u.classification),
        "" if u.mmsi is None else str(u.mmsi),
    )


def _scan_option(text: str) -> tuple[str, float]:
    sensor, sep, value = text.partition("=")
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not sep or not sensor or seconds <= 0:
        raise InvalidInput(f"--scan {text!r}: expected SENSOR_ID=SECONDS, e.g. radar-dover=2.5")
    return sensor, seconds


def _config(
    reporting: list[str], scans: list[str], window_s: float, all_updates: bool
) -> TrackerConfig:
    from dataclasses import replace

    from straitwatch.tracking import SensorModel, TrackerConfig

    base = TrackerConfig(reorder_window_s=window_s, emit_tentative=all_updates)
    sensors: dict[str, SensorModel] = {}
    for sensor_id, revisit_s in map(_scan_option, scans):
        sensors[sensor_id] = replace(
            base.radar,
            revisit_s=revisit_s,
            coast_after_s=2.5 * revisit_s,
            timeout_s=10 * revisit_s,
            tentative_timeout_s=5 * revisit_s,
        )
    for sensor_id in reporting:
        # Plots replayed from reports (AIS with the identity removed, say): silence is
        # not a missed scan, and a vessel at anchor may report every three minutes.
        sensors[sensor_id] = SensorModel(
            scanning=False,
            confirm_hits=3,
            coast_after_s=60.0,
            timeout_s=400.0,
            tentative_timeout_s=400.0,
        )
    return replace(base, sensors=sensors)


def track(
    paths: list[Path] = typer.Argument(..., help="Sensor files (NMEA, AIS CSV, plots, sightings)."),
    out: Path = typer.Option(..., "--out", "-o", help="CSV of track updates to write."),
    all_updates: bool = typer.Option(False, "--all", help="Also write tentative tracks."),
    file_format: str = typer.Option(
        "auto", "--format", help="auto, nmea, ais-csv, plots, sightings."
    ),
    reporting: list[str] = typer.Option(
        [], "--reporting", help="Sensor id whose plots are reports, not scans (repeatable)."
    ),
    scans: list[str] = typer.Option(
        [], "--scan", help="SENSOR_ID=SECONDS: a scanning sensor's revisit (repeatable)."
    ),
    window_s: float | None = typer.Option(
        None, "--window", min=0.0, help="Reorder window in seconds (default: the setting)."
    ),
    save: bool = typer.Option(False, "--save", help="Also store the updates (track history)."),
    id_prefix: str = typer.Option("T", "--id-prefix", help="Prefix of the track ids."),
) -> None:
    """Track sensor files and write one CSV row per track update.

    Only confirmed tracks are written unless --all. Plots in the CSV plot format
    (time,sensor_id,lat,lon,sigma_m[,mmsi]) work as they are; refused records are
    counted on stderr (straitwatch ingest stores them in the dead-letter table).

    Example: straitwatch track radar.csv ais.nmea --out tracks.csv
    """
    from straitwatch.sensors import read_files
    from straitwatch.tracking import Tracker

    for path in paths:
        if not path.is_file():
            raise InvalidInput("no such file", where=str(path))
    settings = context.settings()
    window = settings.reorder_window_s if window_s is None else window_s
    if save and id_prefix == "T":
        id_prefix = f"T{datetime.now(UTC):%Y%m%d%H%M%S}-"  # saved runs must not collide
    tracker = Tracker(_config(reporting, scans, window, all_updates), id_prefix=id_prefix)
    recorder = None
    if save:
        from straitwatch.store.tracks import TrackRecorder

        recorder = TrackRecorder(context.engine())
    written = 0
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        handle = out.open("w", newline="", encoding="utf-8")
    except OSError as exc:
        raise InvalidInput(f"cannot write: {exc.strerror}", where=str(out)) from exc
    with handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)

        def emit(updates: list[TrackUpdate]) -> None:
            nonlocal written
            keep = updates if all_updates else [u for u in updates if str(u.status) != "tentative"]
            writer.writerows(_row(u) for u in keep)
            written += len(keep)
            if recorder is not None:
                recorder.add(updates)

        stream = read_files(paths, file_format, reorder_window_s=None)
        refused = _track_stream(stream, tracker, emit)
    if recorder is not None:
        recorder.close()
    _report(tracker, stream.read, refused, f"{written:,} updates written to {out}")


def _track_stream(
    stream: Iterable[IngestRecord], tracker: Tracker, emit: Callable[[list[TrackUpdate]], None]
) -> dict[str, int]:
    """Feed a time-ordered stream to the tracker, one step per second of stream time (the
    stream having reached a record's time, that is "now" for the tracker); return the
    refused records counted by reason."""
    from straitwatch.sensors import Observation, Rejection, StaticUpdate

    refused: dict[str, int] = {}
    batch: list[Observation] = []
    edge: datetime | None = None
    for record in stream:
        if isinstance(record, Observation):
            if edge is None:
                edge = record.time
            if record.time >= edge + _STEP:
                emit(tracker.step(batch, record.time))
                batch, edge = [], record.time
            batch.append(record)
        elif isinstance(record, StaticUpdate):
            tracker.identify(record.identity)
        elif isinstance(record, Rejection):
            refused[str(record.reason)] = refused.get(str(record.reason), 0) + 1
    if batch:
        emit(tracker.step(batch, batch[-1].time))
    emit(tracker.flush())
    return refused


def _report(tracker: Tracker, read: int, refused: dict[str, int], written: str) -> None:
    """What was read, tracked and written, and what was not used (on stderr)."""
    stats = tracker.stats
    typer.echo(
        f"{read:,} records read, {stats.observations:,} observations tracked, "
        f"{stats.tracks_confirmed:,} tracks confirmed, {written}",
        err=True,
    )
    problems = dict(refused)
    if stats.late:
        problems["late (older than the reorder window)"] = stats.late
    if stats.outside_area:
        problems["outside the Channel area"] = stats.outside_area
    if problems:
        listed = ", ".join(f"{k} {v:,}" for k, v in sorted(problems.items()))
        typer.echo(f"not used: {listed}", err=True)


def register(app: typer.Typer) -> None:
    app.command("track")(track)
