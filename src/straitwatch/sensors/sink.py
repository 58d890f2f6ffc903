"""Where a stream of records is stored: batched writes, one transaction per batch, one
audit event (collection) per batch, and the counts the ``ingest`` summary prints.

>>> summary = IngestSummary()
>>> summary.as_dict()["observations"]
0
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from operator import itemgetter
from typing import Any

from sqlalchemy import Engine, Table
from sqlalchemy.orm import Session

from straitwatch.access.actor import Actor
from straitwatch.access.audit import AuditAction, AuditEvent, record
from straitwatch.sensors.nmea import is_storable, raw_text
from straitwatch.sensors.observation import Observation, ObservationKind
from straitwatch.sensors.quality import Clock, wall_clock
from straitwatch.sensors.records import (
    AisReport,
    IngestRecord,
    Rejection,
    RejectReason,
    StaticUpdate,
)
from straitwatch.sensors.state import merge_identity
from straitwatch.store.base import Base
from straitwatch.store.db import transaction
from straitwatch.store.observations import (
    AisReportRow,
    DeadLetterRow,
    ObservationRow,
    bulk_insert,
    content_key,
    db_json,
    db_time,
    upsert_identities,
)

__all__ = ["PURPOSE", "Batch", "IngestSummary", "ObservationSink"]

PURPOSE = "maritime picture: border security and search and rescue"
_OBS_COLUMNS = (
    "time",
    "sensor_id",
    "kind",
    "lat",
    "lon",
    "sigma_m",
    "speed_kn",
    "course_deg",
    "heading_deg",
    "mmsi",
    "message_type",
    "nav_status",
    "attributes",
    "content_key",
)
_REPORT_COLUMNS = (
    "time",
    "sensor_id",
    "mmsi",
    "message_type",
    "lat",
    "lon",
    "fields",
    "content_key",
)
_DEAD_COLUMNS = (
    "refused_at",
    "reason",
    "message",
    "feed",
    "line_no",
    "format",
    "raw",
    "context",
    "record_time",
    "replayed",
    "content_key",
)
_KIND = {kind: kind.value for kind in ObservationKind}
_FIRST = itemgetter(0)


@dataclass
class IngestSummary:
    """What an ingest did, as ``straitwatch ingest --json`` prints it."""

    read: int = 0
    observations: int = 0
    static_updates: int = 0
    ais_reports: int = 0
    rejected: int = 0
    duplicates: int = 0
    already_stored: int = 0
    """Records the store already held (a file read again, a feed re-sent): not stored twice."""
    by_message_type: Counter[str] = field(default_factory=Counter)
    rejected_reasons: Counter[str] = field(default_factory=Counter)

    def as_dict(self) -> dict[str, Any]:
        return {
            "read": self.read,
            "observations": self.observations,
            "static_updates": self.static_updates,
            "ais_reports": self.ais_reports,
            "rejected": self.rejected,
            "duplicates": self.duplicates,
            "already_stored": self.already_stored,
            "by_message_type": dict(sorted(self.by_message_type.items(), key=_type_order)),
            "rejected_reasons": dict(self.rejected_reasons.most_common()),
        }


def _type_order(item: tuple[str, int]) -> tuple[int, str]:
    key = item[0]
    return (int(key), "") if key.isdigit() else (1000, key)


@dataclass
class Batch:
    """Rows ready for the driver, and what they amount to (for the audit event)."""

    observations: list[tuple[Any, ...]] = field(default_factory=list)
    reports: list[tuple[Any, ...]] = field(default_factory=list)
    dead: list[tuple[Any, ...]] = field(default_factory=list)
    identities: dict[int, StaticUpdate] = field(default_factory=dict)
    identity_times: list[datetime] = field(default_factory=list)
    already_stored: int = 0
    """Set by the write: rows the store already held (left out, not stored twice)."""

    def time_span(self) -> tuple[str | None, str | None]:
        """Earliest and latest record time (ISO 8601), for the audit event."""
        times = [
            _iso(row[0])
            for rows in (self.observations, self.reports)
            if rows
            for row in (min(rows, key=_FIRST), max(rows, key=_FIRST))
        ]
        times += [t.isoformat() for t in self.identity_times]
        return (min(times), max(times)) if times else (None, None)

    def __len__(self) -> int:
        return len(self.observations) + len(self.reports) + len(self.dead) + len(self.identities)


class ObservationSink:
    """Collects records and writes them in batches of ``batch_size`` rows.

    Use :meth:`add` per record and :meth:`close` at the end (or :meth:`flush` from a
    timer on a live feed). ``feed`` names the source in the audit log. With
    ``background=True`` a full batch is written by a writer thread while the next one is
    read (the database driver releases the GIL while it inserts); at most one write is in
    flight, so memory stays bounded, and a failed write is raised by the next call.
    """

    def __init__(
        self,
        engine: Engine,
        actor: Actor,
        *,
        feed: str,
        batch_size: int = 50_000,
        clock: Clock = wall_clock,
        purpose: str = PURPOSE,
        on_write: Callable[[Batch], None] | None = None,
        background: bool = False,
    ) -> None:
        self.engine = engine
        self.actor = actor
        self.feed = feed
        self.batch_size = batch_size
        self.purpose = purpose
        self.summary = IngestSummary()
        self._clock = clock
        self._on_write = on_write
        self._time = db_time(engine.dialect.name)
        self._epoch_is_seconds = engine.dialect.name == "sqlite"  # see db_epoch
        self._batch = Batch()
        self._rows = 0
        self._counts: dict[int | str, int] = {}
        self._writer = ThreadPoolExecutor(1, "sink-writer") if background else None
        self._in_flight: Future[None] | None = None

    def add_all(self, records: Iterable[IngestRecord]) -> None:
        for item in records:
            self.add(item)

    def add(self, item: IngestRecord) -> None:
        """Count one record and queue its row; write when the batch is full."""
        batch = self._batch
        summary = self.summary
        if type(item) is Observation:
            attrs = item.attributes
            message_type = attrs.get("message_type")
            nav_status = attrs.get("nav_status")
            known = (message_type is not None) + (nav_status is not None)
            extras = db_json(attrs) if len(attrs) > known else None
            if not is_storable(item.sensor_id) or (extras is not None and not _json_ok(extras)):
                self.add(_unstorable(item))
                return
            values = (
                item.time.timestamp(),
                item.sensor_id,
                _KIND[item.kind],
                item.lat,
                item.lon,
                item.sigma_m,
                item.speed_kn,
                item.course_deg,
                item.heading_deg,
                item.mmsi,
                message_type,
                nav_status,
                extras,
            )
            digest = content_key(values)
            if self._epoch_is_seconds:
                batch.observations.append((*values, digest))
            else:
                batch.observations.append((item.time, *values[1:], digest))
            summary.observations += 1
            key = message_type if message_type is not None else _family(item)
            counts = self._counts
            counts[key] = counts.get(key, 0) + 1
        elif type(item) is Rejection:
            raw = _storable(item.raw)
            record_time = item.time.timestamp() if item.time is not None else None
            digest = content_key((item.reason.value, item.format, raw, item.context, record_time))
            batch.dead.append(
                (
                    self._time(self._clock()),
                    item.reason.value,
                    _storable(item.message),
                    _storable(item.feed)[:255],
                    item.line_no,
                    item.format,
                    raw,
                    None if item.context is None else _storable(item.context),
                    self._time(item.time),
                    False,
                    digest,
                )
            )
            if item.reason is RejectReason.DUPLICATE:
                summary.duplicates += 1
            else:
                summary.rejected += 1
                summary.rejected_reasons[item.reason.value] += 1
        elif type(item) is StaticUpdate:
            old = batch.identities.get(item.identity.mmsi)
            merged = merge_identity(old.identity if old else None, item.identity)
            batch.identities[merged.mmsi] = StaticUpdate(item.time, item.sensor_id, merged)
            batch.identity_times.append(item.time)
            summary.static_updates += 1
            key = item.message_type or "csv"
            self._counts[key] = self._counts.get(key, 0) + 1
        else:
            assert isinstance(item, AisReport)
            fields = db_json(item.fields)
            t_s = item.time.timestamp()
            digest = content_key(
                (t_s, item.sensor_id, item.mmsi, item.message_type, item.lat, item.lon, fields)
            )
            batch.reports.append(
                (
                    t_s if self._epoch_is_seconds else item.time,
                    item.sensor_id,
                    item.mmsi,
                    item.message_type,
                    item.lat,
                    item.lon,
                    fields,
                    digest,
                )
            )
            summary.ais_reports += 1
            self._counts[item.message_type] = self._counts.get(item.message_type, 0) + 1
        self._rows += 1
        if self._rows >= self.batch_size:
            self.flush()

    def take(self) -> Batch:
        """Hand over the rows collected so far (a live feed writes them off the loop)."""
        batch, self._batch, self._rows = self._batch, Batch(), 0
        for key, n in self._counts.items():
            self.summary.by_message_type[str(key)] += n
        self._counts.clear()
        return batch

    def flush(self) -> None:
        """Write what has been collected, in one transaction (in the background when the
        sink was made with ``background=True``, after the previous write has finished)."""
        batch = self.take()
        if self._writer is None:
            self.write(batch)
            return
        self._wait()
        self._in_flight = self._writer.submit(self.write, batch)

    def _wait(self) -> None:
        in_flight, self._in_flight = self._in_flight, None
        if in_flight is not None:
            in_flight.result()  # raises what the writer raised

    def close(self) -> IngestSummary:
        """Write the rest, wait for the writer, and return the summary."""
        try:
            self.flush()
            self._wait()
        finally:
            if self._writer is not None:
                self._writer.shutdown(wait=True)
        return self.summary

    def write(self, batch: Batch, *, session: Session | None = None) -> None:
        """Store one batch and its audit event, all or nothing (in its own transaction,
        or in the caller's ``session``)."""
        if not len(batch):
            return
        if session is None:
            with transaction(self.engine) as own:
                self._write(batch, own)
        else:
            self._write(batch, session)
        self.summary.already_stored += batch.already_stored
        if self._on_write is not None:
            self._on_write(batch)

    def _write(self, batch: Batch, session: Session) -> None:
        connection = session.connection()
        tables = (
            (_table(ObservationRow), _OBS_COLUMNS, batch.observations),
            (_table(AisReportRow), _REPORT_COLUMNS, batch.reports),
            (_table(DeadLetterRow), _DEAD_COLUMNS, batch.dead),
        )
        stored = [
            bulk_insert(connection, table, columns, rows, skip_existing=True)
            for table, columns, rows in tables
        ]
        upsert_identities(session, [_identity_row(u) for u in batch.identities.values()])
        record(session, self._audit_event(batch, stored))
        batch.already_stored = sum(len(rows) for *_, rows in tables) - sum(stored)

    def _audit_event(self, batch: Batch, stored: list[int]) -> AuditEvent:
        reasons = Counter(row[1] for row in batch.dead)
        first, last = batch.time_span()
        return AuditEvent(
            action=AuditAction.COLLECTION,
            actor=self.actor.username,
            agency=self.actor.agency,
            role=str(self.actor.role),
            resource_kind="observations",
            resource_id=self.feed[:128],
            purpose=self.purpose,
            detail={
                "feed": self.feed,
                "observations": len(batch.observations),
                "static_updates": len(batch.identities),
                "ais_reports": len(batch.reports),
                "dead_letters": dict(reasons),
                "already_stored": {
                    name: len(rows) - n
                    for name, rows, n in zip(
                        ("observations", "ais_reports", "dead_letters"),
                        (batch.observations, batch.reports, batch.dead),
                        stored,
                        strict=True,
                    )
                    if len(rows) > n
                },
                "first_time": first,
                "last_time": last,
            },
        )


def _table(row_class: type[Base]) -> Table:
    table = row_class.__table__
    assert isinstance(table, Table)
    return table


def _iso(value: datetime | float) -> str:
    """A stored time (a datetime, or SQLite's UNIX seconds) as ISO 8601 UTC."""
    if not isinstance(value, datetime):
        value = datetime.fromtimestamp(value, UTC)
    return value.astimezone(UTC).isoformat()


def _storable(text: str) -> str:
    """Text a database column can hold (PostgreSQL refuses NUL): as it is, or escaped."""
    return text if is_storable(text) else raw_text(text)


def _unstorable(item: Observation) -> Rejection:
    """An observation the store cannot hold as it is (a NUL in a text field, which
    PostgreSQL refuses): refused into the dead-letter table, naming the field."""
    field = "sensor_id" if not is_storable(item.sensor_id) else "attributes"
    raw = db_json(
        {
            "time": item.time.isoformat(),
            "sensor_id": item.sensor_id,
            "kind": item.kind.value,
            "lat": item.lat,
            "lon": item.lon,
            "attributes": item.attributes,
        }
    )
    assert raw is not None
    return Rejection(
        RejectReason.INVALID_RECORD,
        f"{field} contains a NUL character, which the store cannot hold",
        raw,
        item.sensor_id,
        None,
        item.time,
        "observation",
    )


def _json_ok(text: str) -> bool:
    """Whether PostgreSQL's jsonb takes this JSON text (it refuses ``\\u0000``)."""
    return "\\u0000" not in text and is_storable(text)


def _family(item: Observation) -> str:
    """``by_message_type`` key of an observation that is not an NMEA AIS message."""
    if item.kind.value == "ais":
        return "csv"
    return "plot" if item.kind.value == "radar" else "sighting"


def _identity_row(update: StaticUpdate) -> dict[str, Any]:
    identity = update.identity
    return {
        "mmsi": identity.mmsi,
        "imo": identity.imo,
        "call_sign": identity.call_sign[:16] if identity.call_sign else None,
        "name": identity.name[:64] if identity.name else None,
        "ship_type": identity.ship_type,
        "length_m": identity.length_m,
        "updated_at": update.time,
        "sensor_id": update.sensor_id,
    }
