# SPDX-License-Identifier: EUPL-1.2
"""``replay``: a folder of sensor files through ingest → tracking → assessment, as fast as
it goes (or at ``speed`` × real time), with the alerts handed to a callback.

>>> summary = replay(Path("var/sim/2022-08-22"), on_alert=print)   # doctest: +SKIP

The folder is what ``simulate`` writes (or any files in the ingest formats). When it
holds a ``scenario.json``, the tracker is told each radar's scan period (a radar that
scans every 12 s has not *missed* a target between scans); ``weather.json`` feeds the
distress rule's sea-state factor.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from straitwatch.assessment.alert import Alert
from straitwatch.assessment.step import Assessor
from straitwatch.assessment.weather import Weather
from straitwatch.errors import InvalidInput
from straitwatch.sensors.observation import Observation
from straitwatch.sensors.pace import paced
from straitwatch.sensors.readers import read_files
from straitwatch.sensors.records import IngestRecord, Rejection
from straitwatch.tracking import SensorModel, Tracker, TrackerConfig
from straitwatch.tracking.track import TrackUpdate

if TYPE_CHECKING:
    from straitwatch.picture.loop import Turn

__all__ = ["ReplaySummary", "replay", "sensor_files", "tracker_config_for"]

_SENSOR_SUFFIXES = (".csv", ".nmea", ".jsonl", ".txt", ".ais")
_NOT_SENSOR_FILES = {"alerts.jsonl"}

AlertSink = Callable[[Alert, str], None]
"""Called with each alert and ``"raised"`` or ``"updated"``."""


@dataclass(slots=True)
class ReplaySummary:
    files: list[str]
    records: int = 0
    observations: int = 0
    rejected: int = 0
    refused_by_tracker: int = 0
    """Late (matching no track) or outside the area: counted, not stored, in a replay."""
    track_updates: int = 0
    raised: dict[str, int] = field(default_factory=dict)
    updated: int = 0
    first_time: datetime | None = None
    last_time: datetime | None = None
    wall_s: float = 0.0

    @property
    def span_s(self) -> float:
        if self.first_time is None or self.last_time is None:
            return 0.0
        return (self.last_time - self.first_time).total_seconds()

    def to_json(self) -> dict[str, Any]:
        return {
            "files": self.files,
            "records": self.records,
            "observations": self.observations,
            "rejected": self.rejected,
            "refused_by_tracker": self.refused_by_tracker,
            "track_updates": self.track_updates,
            "alerts": self.raised,
            "alert_updates": self.updated,
            "first_time": self.first_time.isoformat() if self.first_time else None,
            "last_time": self.last_time.isoformat() if self.last_time else None,
            "span_s": round(self.span_s, 1),
            "wall_s": round(self.wall_s, 2),
            "speed_x": round(self.span_s / self.wall_s, 1) if self.wall_s else None,
        }


def sensor_files(folder: Path) -> list[Path]:
    """The sensor files of a folder (radar plots, AIS, sightings), by name."""
    if not folder.is_dir():
        raise InvalidInput(f"{folder}: not a folder of sensor files")
    files = sorted(
        p
        for p in folder.iterdir()
        if p.is_file() and p.suffix in _SENSOR_SUFFIXES and p.name not in _NOT_SENSOR_FILES
    )
    if not files:
        raise InvalidInput(f"{folder}: no sensor files (.csv, .nmea, .jsonl) in it")
    return files


def tracker_config_for(folder: Path) -> TrackerConfig:
    """The tracker's configuration for a simulated folder: each radar's scan period."""
    scenario = folder / "scenario.json"
    if not scenario.is_file():
        return TrackerConfig(reorder_window_s=2.0)
    try:
        doc = json.loads(scenario.read_text("utf-8"))
        radars = {str(r["id"]): float(r["scan_s"]) for r in doc.get("radars", [])}
    except (ValueError, KeyError, TypeError) as exc:
        raise InvalidInput(f"{scenario}: not a scenario written by simulate ({exc})") from exc
    sensors = {
        radar_id: SensorModel(
            scanning=True,
            revisit_s=scan_s,
            coast_after_s=2.5 * scan_s,
            timeout_s=6 * scan_s,
            tentative_timeout_s=2.5 * scan_s,
        )
        for radar_id, scan_s in radars.items()
    }
    # One frame per 5 s of a sensor's data: the simulated AIS receiver hears each ship once
    # a minute and each radar scans every 15 s, so a frame never holds two reports of one
    # craft, and the tracker's per-frame work is paid 5 times less often for AIS.
    return TrackerConfig(reorder_window_s=2.0, frame_span_s=5.0, sensors=sensors)


def _weather(folder: Path) -> Weather | None:
    path = folder / "weather.json"
    if not path.is_file():
        return None
    try:
        doc = json.loads(path.read_text("utf-8"))
    except ValueError as exc:
        raise InvalidInput(f"{path}: not JSON ({exc})") from exc
    return Weather.from_json(doc, source=str(path))


def _batches(
    records: Iterator[IngestRecord], batch_s: float, summary: ReplaySummary
) -> Iterator[tuple[list[Observation], datetime]]:
    """Observations cut into batches of ``batch_s`` of feed time."""
    batch: list[Observation] = []
    edge: datetime | None = None
    step = timedelta(seconds=batch_s)
    for record in records:
        summary.records += 1
        if isinstance(record, Rejection):
            summary.rejected += 1
            continue
        if not isinstance(record, Observation):
            continue  # static data and AIS reports: identity, not positions
        if edge is None:
            edge = record.time + step
            summary.first_time = record.time
        while record.time >= edge:
            yield batch, edge
            batch, edge = [], edge + step
        batch.append(record)
        summary.last_time = record.time
    if edge is not None:
        yield batch, edge


def replay(
    folder: Path,
    *,
    speed: float | None = None,
    on_alert: AlertSink | None = None,
    on_updates: Callable[[list[TrackUpdate]], None] | None = None,
    batch_s: float = 5.0,
    tracker: Tracker | None = None,
    assessor: Assessor | None = None,
) -> ReplaySummary:
    """Run a folder of sensor files through the picture's loop (tracking and assessment,
    :class:`~straitwatch.picture.loop.PictureLoop`, the one the server runs)."""
    from straitwatch.picture.loop import AssessmentRules, PictureLoop

    files = sensor_files(folder)
    loop = PictureLoop(
        tracker_config_for(folder),
        rules=AssessmentRules(assessor=assessor or Assessor(weather=_weather(folder))),
    )
    # Not ``tracker or ...``: a tracker with no live tracks has len() 0 and is falsy.
    if tracker is not None:
        loop.tracker = tracker
    summary = ReplaySummary(files=[str(f) for f in files])
    records: Iterator[IngestRecord] = iter(read_files(files, reorder_window_s=2.0))
    if speed is not None:
        records = paced(records, speed)
    started = time.perf_counter()

    def count(turn: Turn) -> None:
        summary.refused_by_tracker += len(loop.take_refused())
        summary.track_updates += len(turn.updates)
        if on_updates is not None and turn.updates:
            on_updates(turn.updates)
        for alert in turn.raised:
            summary.raised[str(alert.type)] = summary.raised.get(str(alert.type), 0) + 1
            if on_alert:
                on_alert(alert, "raised")
        summary.updated += len(turn.updated)
        if on_alert:
            for alert in turn.updated:
                on_alert(alert, "updated")

    end: datetime | None = None
    for batch, now in _batches(records, batch_s, summary):
        summary.observations += len(batch)
        count(loop.step(batch, now))
        end = now
    if end is not None:
        count(loop.finish(end))
    summary.wall_s = time.perf_counter() - started
    return summary
