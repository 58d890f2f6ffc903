# SPDX-License-Identifier: EUPL-1.2
"""Replaying the dead-letter table: each refused record is read again, on its own, by
the reader of its format (after a parser fix, a corrected sensors file, or a decision
that an out-of-place time is right).

Checks that need the rest of the feed (duplicates, impossible speed, a time out of place
in its feed) cannot be judged for one record alone, so those reasons are replayed only
when named: replaying them is the operator's decision to let them in.

>>> sorted(CONTEXT_REASONS)
['duplicate', 'impossible_speed', 'time_future', 'time_past']
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine

from straitwatch.access.actor import Actor
from straitwatch.sensors.ais_csv import AisCsvFeed
from straitwatch.sensors.nmea_feed import NmeaFeed
from straitwatch.sensors.plots import PositionReportFeed
from straitwatch.sensors.quality import Clock, QualityPolicy, wall_clock
from straitwatch.sensors.records import IngestRecord, Rejection
from straitwatch.sensors.sensor_feeds import SENSOR_FORMATS, sensor_feed
from straitwatch.sensors.sink import ObservationSink
from straitwatch.sensors.sites import SensorSites
from straitwatch.sensors.state import StreamState
from straitwatch.store.db import transaction
from straitwatch.store.observations import DeadLetterRow, dead_letters, mark_replayed

__all__ = ["CONTEXT_REASONS", "ReplayResult", "reparse", "replay_dead_letters"]

CONTEXT_REASONS = frozenset({"duplicate", "impossible_speed", "time_future", "time_past"})


@dataclass
class ReplayResult:
    """How a replay went: records let in, and the reasons the others are still refused."""

    considered: int = 0
    accepted: int = 0
    still_refused: Counter[str] = field(default_factory=Counter)

    def as_dict(self) -> dict[str, object]:
        return {
            "considered": self.considered,
            "accepted": self.accepted,
            "still_refused": dict(self.still_refused.most_common()),
        }


def reparse(row: DeadLetterRow, state: StreamState) -> list[IngestRecord]:
    """Read one dead letter again with the reader of its format."""
    lines = row.raw.split("\n")
    if row.format == "nmea":
        nmea = NmeaFeed(row.feed, state, sensor_id=Path(row.feed).name)
        return list(nmea.decode(line.encode() for line in lines))
    if row.format in SENSOR_FORMATS:
        return list(sensor_feed(row.format, row.feed, state).decode(lines))
    with_header = [row.context, *lines] if row.context else lines
    if row.format == "ais-csv":
        return list(AisCsvFeed(row.feed, state, sensor_id=Path(row.feed).name).decode(with_header))
    file_format = "csv" if row.format == "plots-csv" else "jsonl"
    return list(PositionReportFeed(row.feed, state, file_format=file_format).decode(with_header))


def replay_dead_letters(
    engine: Engine,
    actor: Actor,
    *,
    reason: str | None = None,
    ids: Sequence[int] = (),
    sites: SensorSites | None = None,
    clock: Clock = wall_clock,
) -> ReplayResult:
    """Replay dead letters not yet replayed: every reason except :data:`CONTEXT_REASONS`,
    or only ``reason`` (any reason) or the given ``ids``. Accepted records are stored (one
    audited batch) and their dead letters marked replayed; the others stay as they are."""
    with transaction(engine) as session:
        rows = dead_letters(
            session,
            reason=reason,
            replayed=False,
            exclude=() if reason or ids else sorted(CONTEXT_REASONS),
        )
    if ids:
        wanted = set(ids)
        rows = [row for row in rows if row.id in wanted]
    sites = sites or SensorSites.load()
    result = ReplayResult()
    sink = ObservationSink(
        engine, actor, feed="dead-letter replay", clock=clock, batch_size=2 * len(rows) + 1
    )
    accepted_ids: list[int] = []
    for row in rows:
        result.considered += 1
        # Alone: a fresh state per record, so the checks that need its feed do not apply.
        state = StreamState(QualityPolicy(), clock, sites, start=row.record_time)
        records = reparse(row, state)
        refused = [r for r in records if isinstance(r, Rejection)]
        if refused or not records:
            result.still_refused[refused[0].reason.value if refused else "empty"] += 1
            continue
        sink.add_all(records)
        accepted_ids.append(row.id)
        result.accepted += 1
    with transaction(engine) as session:  # stored and marked together, or neither
        sink.write(sink.take(), session=session)
        mark_replayed(session, accepted_ids, clock())
    return result
