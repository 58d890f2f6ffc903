# SPDX-License-Identifier: EUPL-1.2
"""Files through ingest, tracking and the behaviour rules: what ``straitwatch anomalies``
runs.

>>> run = find_in_files([Path("solent.csv")], preset("channel"))    # doctest: +SKIP
>>> [e.type.value for e in run.events]                              # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from straitwatch.behaviour.detect import Detector
from straitwatch.behaviour.event import BehaviourEvent
from straitwatch.behaviour.feed import PositionFeed
from straitwatch.behaviour.preset import Preset
from straitwatch.sensors.observation import Observation
from straitwatch.sensors.readers import read_files
from straitwatch.sensors.records import Rejection, StaticUpdate
from straitwatch.tracking import Tracker, TrackerConfig, TrackUpdate

__all__ = ["AnomalyRun", "find_in_files"]

_CHUNK_ROWS = 200_000
_STEP = timedelta(seconds=1.0)


@dataclass(slots=True)
class AnomalyRun:
    events: list[BehaviourEvent] = field(default_factory=list)
    records: int = 0
    positions: int = 0
    refused: dict[str, int] = field(default_factory=dict)


def find_in_files(
    paths: Sequence[Path],
    the_preset: Preset,
    *,
    file_format: str = "auto",
    tracker_config: TrackerConfig | None = None,
) -> AnomalyRun:
    """Every behaviour event in ``paths`` (read in time order across files)."""
    detector = Detector(the_preset)
    feed = PositionFeed(detector.names)
    tracker = Tracker(tracker_config or TrackerConfig(reorder_window_s=0.0))
    run = AnomalyRun()

    def tracked(updates: list[TrackUpdate]) -> None:
        feed.track(updates)
        run.events.extend(detector.flagged(updates))
        if len(feed) >= _CHUNK_ROWS:
            chunk = feed.take()
            run.positions += len(chunk)
            run.events.extend(detector.step(chunk))

    stream = read_files(paths, file_format, reorder_window_s=None)
    batch: list[Observation] = []
    edge: datetime | None = None
    for record in stream:
        if isinstance(record, Observation):
            if edge is None:
                edge = record.time
            if record.time >= edge + _STEP:
                tracked(tracker.step(batch, record.time))
                batch, edge = [], record.time
            batch.append(record)
            feed.observe(record)
        elif isinstance(record, StaticUpdate):
            tracker.identify(record.identity)
            detector.identify(record.identity)
        elif isinstance(record, Rejection):
            run.refused[str(record.reason)] = run.refused.get(str(record.reason), 0) + 1
    if batch:
        tracked(tracker.step(batch, batch[-1].time))
    tracked(tracker.flush())
    chunk = feed.take()
    run.positions += len(chunk)
    run.events.extend(detector.step(chunk) + detector.flush())
    run.events.sort(key=lambda e: (e.start, str(e.type), e.vessels))
    run.records = stream.read
    return run
