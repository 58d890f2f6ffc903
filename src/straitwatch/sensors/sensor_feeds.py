# SPDX-License-Identifier: EUPL-1.2
"""Camera, aircraft and satellite files as feeds of the normal ingest path
(:func:`straitwatch.sensors.read_files`, ``straitwatch ingest``, ``track``, ``anomalies``).

Each feed reads JSON lines with its format's reader and hands on observations and
rejections; positions go through the same checks as plots (time against the feed's
clock, position on the globe). A camera feed fuses its bearings as they come: reports
within ``window_s`` of each other are held together and fused when a quieter moment
(no report for ``window_s``) or ``hold_s`` of stream time closes the group; a bearing
nothing fixes is refused (``no_fix``), a drone's telemetry is used for the platform
position and is not itself an observation.

>>> from datetime import datetime, UTC
>>> from straitwatch.sensors.state import StreamState
>>> feed = SatelliteFeed("s1a.jsonl", StreamState(clock=lambda: datetime(2026, 1, 1, tzinfo=UTC)))
>>> (obs,) = feed.decode(['{"time": "2024-08-22T10:31:05Z", "sensor_id": "sat-s1a", '
...                       '"mode": "sar", "lat": 50.98, "lon": 1.42}'])
>>> obs.attributes["platform"], feed.read
('satellite', 1)
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from straitwatch.sensors.aircraft import read_aircraft_lines
from straitwatch.sensors.cameras import BearingReport, Telemetry, fuse, read_camera_lines
from straitwatch.sensors.observation import Observation
from straitwatch.sensors.quality import check_position
from straitwatch.sensors.records import IngestRecord, Rejection, RejectReason
from straitwatch.sensors.satellite import read_satellite_lines
from straitwatch.sensors.state import StreamState

__all__ = [
    "CAMERA_MAX_SIGMA_M",
    "SENSOR_FORMATS",
    "AircraftFeed",
    "CameraFeed",
    "SatelliteFeed",
    "SensorFeed",
    "sensor_feed",
]

SENSOR_FORMATS = ("cameras", "aircraft", "satellite")

CAMERA_MAX_SIGMA_M = 1000.0
"""Coarsest camera fix handed on (1-sigma, metres); a coarser one is refused ``no_fix``.
Measured on the simulated alert bench (bench/RESULTS.md, issue 16): at 200 m the single
cameras ranging the waterline a few km out no longer started the track of a boat that
radar saw late, and departures were alerted later than at 1,000 m."""


class _JsonFeed:
    format = ""

    def __init__(self, name: str, state: StreamState, *, check_time: bool = True) -> None:
        self.name = name
        self.state = state
        self.read = 0
        self._clock = state.feed_clock() if check_time else None
        self._line = ""
        self._line_no = 0

    def _counted(self, lines: Iterable[str], first_line_no: int) -> Iterator[str]:
        # The readers yield at most one record per line, right after reading it, so the
        # line last handed out is the one a record came from (kept for the dead letter).
        for no, line in enumerate(lines, first_line_no):
            text = line.strip()
            if text and not text.startswith("#"):
                self.read += 1
                self._line, self._line_no = text, no
            yield line

    def _checked(self, obs: Observation, raw: str, line_no: int | None) -> IngestRecord:
        problem = None if self._clock is None else self._clock.check(obs.time)
        if problem is None:
            position = check_position(obs.lat, obs.lon)
            problem = None if position is None else (RejectReason.IMPOSSIBLE_POSITION, position)
        if problem is None:
            return obs
        reason, message = problem
        return Rejection(reason, message, raw, self.name, line_no, obs.time, self.format)


class AircraftFeed(_JsonFeed):
    """Patrol aircraft and helicopter reports (:mod:`straitwatch.sensors.aircraft`)."""

    format = "aircraft"

    def decode(self, lines: Iterable[str], first_line_no: int = 1) -> Iterator[IngestRecord]:
        counted = self._counted(lines, first_line_no)
        for record in read_aircraft_lines(counted, self.name, first_line_no):
            if isinstance(record, Rejection):
                yield record
            else:
                yield self._checked(record, self._line, self._line_no)


class SatelliteFeed(_JsonFeed):
    """Satellite detections (:mod:`straitwatch.sensors.satellite`). They arrive minutes
    to hours after the pass by nature, so their time is not held against the feed's
    clock: the tracker attaches them late or refuses them (``late``)."""

    format = "satellite"

    def __init__(self, name: str, state: StreamState) -> None:
        super().__init__(name, state, check_time=False)

    def decode(self, lines: Iterable[str], first_line_no: int = 1) -> Iterator[IngestRecord]:
        counted = self._counted(lines, first_line_no)
        for record in read_satellite_lines(counted, self.name, first_line_no):
            if isinstance(record, Rejection):
                yield record
            else:
                yield self._checked(record, self._line, self._line_no)


class CameraFeed(_JsonFeed):
    """Fixed and drone camera bearings (:mod:`straitwatch.sensors.cameras`), fused into
    positioned sightings as they are read."""

    format = "cameras"

    def __init__(
        self,
        name: str,
        state: StreamState,
        *,
        window_s: float = 2.0,
        hold_s: float = 30.0,
        max_sigma_m: float = CAMERA_MAX_SIGMA_M,
    ) -> None:
        super().__init__(name, state)
        self.window_s = window_s
        self.hold_s = hold_s
        self.max_sigma_m = max_sigma_m

    def _fused(self, group: list[BearingReport]) -> list[IngestRecord]:
        fixed, refused = fuse(group, window_s=self.window_s, max_sigma_m=self.max_sigma_m)
        # Each report's time was checked as it was read: a fix is as recent as its last.
        out: list[IngestRecord] = list(fixed)
        out += [
            Rejection(r.reason, r.message, r.raw, self.name, None, r.time, r.format)
            for r in refused
        ]
        out.sort(key=lambda r: r.time.timestamp() if r.time is not None else 0.0)
        return out

    def decode(self, lines: Iterable[str], first_line_no: int = 1) -> Iterator[IngestRecord]:
        group: list[BearingReport] = []
        counted = self._counted(lines, first_line_no)
        for record in read_camera_lines(counted, self.name, first_line_no):
            if isinstance(record, Rejection):
                yield record
                continue
            if isinstance(record, Telemetry):
                continue
            problem = None if self._clock is None else self._clock.check(record.time)
            if problem is not None:
                reason, message = problem
                yield Rejection(
                    reason, message, self._line, self.name, self._line_no, record.time, self.format
                )
                continue
            if group and (
                (record.time - group[-1].time).total_seconds() > self.window_s
                or (record.time - group[0].time).total_seconds() > self.hold_s
            ):
                yield from self._fused(group)
                group = []
            group.append(record)
        if group:
            yield from self._fused(group)


SensorFeed = CameraFeed | AircraftFeed | SatelliteFeed


def sensor_feed(file_format: str, name: str, state: StreamState) -> SensorFeed:
    """The feed that reads ``file_format`` (one of :data:`SENSOR_FORMATS`)."""
    if file_format == "cameras":
        return CameraFeed(name, state)
    if file_format == "aircraft":
        return AircraftFeed(name, state)
    return SatelliteFeed(name, state)
