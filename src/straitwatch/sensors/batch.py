# SPDX-License-Identifier: EUPL-1.2
"""One batch of the sink's rows: each record (observation, AIS report, vessel identity,
refusal) as the row the store keeps, with its content key, and what the store cannot hold
as it is (a NUL in a text field) turned into a refusal naming the field.

>>> len(Batch())
0
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from operator import itemgetter
from typing import Any

from straitwatch.sensors.nmea import is_storable, raw_text
from straitwatch.sensors.observation import Observation, ObservationKind
from straitwatch.sensors.records import AisReport, Rejection, RejectReason, StaticUpdate
from straitwatch.sensors.state import merge_identity
from straitwatch.store.observations import content_key, db_json

__all__ = ["DEAD_COLUMNS", "OBSERVATION_COLUMNS", "REPORT_COLUMNS", "Batch", "unstorable"]

OBSERVATION_COLUMNS = (
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
REPORT_COLUMNS = (
    "time",
    "sensor_id",
    "mmsi",
    "message_type",
    "lat",
    "lon",
    "fields",
    "content_key",
)
DEAD_COLUMNS = (
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

    def add_observation(self, item: Observation, *, epoch_is_seconds: bool) -> int | str | None:
        """Queue an observation's row; its ``by_message_type`` key, or None when the store
        cannot hold it as it is (see :func:`unstorable`)."""
        attrs = item.attributes
        message_type = attrs.get("message_type")
        nav_status = attrs.get("nav_status")
        known = (message_type is not None) + (nav_status is not None)
        extras = db_json(attrs) if len(attrs) > known else None
        if not is_storable(item.sensor_id) or (extras is not None and not _json_ok(extras)):
            return None
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
        if epoch_is_seconds:
            self.observations.append((*values, digest))
        else:
            self.observations.append((item.time, *values[1:], digest))
        return message_type if message_type is not None else _family(item)

    def add_rejection(
        self, item: Rejection, refused_at: Any, to_db_time: Callable[[datetime | None], Any]
    ) -> None:
        """Queue a dead letter (``refused_at`` already in the store's time type)."""
        raw = _storable(item.raw)
        record_time = item.time.timestamp() if item.time is not None else None
        digest = content_key((item.reason.value, item.format, raw, item.context, record_time))
        self.dead.append(
            (
                refused_at,
                item.reason.value,
                _storable(item.message),
                _storable(item.feed)[:255],
                item.line_no,
                item.format,
                raw,
                None if item.context is None else _storable(item.context),
                to_db_time(item.time),
                False,
                digest,
            )
        )

    def add_static(self, item: StaticUpdate) -> int | str:
        """Merge a vessel's static data into the batch's identities; its count key."""
        old = self.identities.get(item.identity.mmsi)
        merged = merge_identity(old.identity if old else None, item.identity)
        self.identities[merged.mmsi] = StaticUpdate(item.time, item.sensor_id, merged)
        self.identity_times.append(item.time)
        return item.message_type or "csv"

    def add_report(self, item: AisReport, *, epoch_is_seconds: bool) -> int | str:
        """Queue an AIS report's row; its count key."""
        fields = db_json(item.fields)
        t_s = item.time.timestamp()
        digest = content_key(
            (t_s, item.sensor_id, item.mmsi, item.message_type, item.lat, item.lon, fields)
        )
        self.reports.append(
            (
                t_s if epoch_is_seconds else item.time,
                item.sensor_id,
                item.mmsi,
                item.message_type,
                item.lat,
                item.lon,
                fields,
                digest,
            )
        )
        return item.message_type

    def identity_rows(self) -> list[dict[str, Any]]:
        return [_identity_row(u) for u in self.identities.values()]


def _iso(value: datetime | float) -> str:
    """A stored time (a datetime, or SQLite's UNIX seconds) as ISO 8601 UTC."""
    if not isinstance(value, datetime):
        value = datetime.fromtimestamp(value, UTC)
    return value.astimezone(UTC).isoformat()


def _storable(text: str) -> str:
    """Text a database column can hold (PostgreSQL refuses NUL): as it is, or escaped."""
    return text if is_storable(text) else raw_text(text)


def unstorable(item: Observation) -> Rejection:
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
