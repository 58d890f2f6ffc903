# SPDX-License-Identifier: EUPL-1.2
"""What the tracker could not use, in the dead-letter store with its reason.

The tracker hands refused observations (``late``: older than the reorder window and
belonging to no live track; ``outside_area``) to a seam; here they become dead letters
in the JSON-lines plot format, so ``straitwatch deadletter list`` shows them and
``deadletter replay --reason late`` can read them again.

>>> from datetime import UTC, datetime
>>> from straitwatch.sensors.observation import Observation, ObservationKind
>>> from straitwatch.tracking import Rejection
>>> o = Observation(datetime(2024, 8, 22, tzinfo=UTC), "sat-s1", ObservationKind.RADAR,
...                 50.9, 1.4, 50.0)
>>> r = as_dead_letter(Rejection(o, "late"))
>>> r.reason.value, r.format, json.loads(r.raw)["sensor_id"]
('late', 'jsonl', 'sat-s1')
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from straitwatch.sensors.records import Rejection as DeadLetter
from straitwatch.sensors.records import RejectReason
from straitwatch.store.observations import DeadLetterRow
from straitwatch.tracking import Rejection

__all__ = ["as_dead_letter", "store_refusals"]

_MESSAGES = {
    "late": "older than the reorder window, and no live track it belongs to",
    "outside_area": "outside the Channel frame's area, or no usable sigma_m",
}


def as_dead_letter(r: Rejection) -> DeadLetter:
    o = r.observation
    record = {
        "type": "sighting" if o.kind.value == "sighting" else "plot",
        "time": o.time.isoformat().replace("+00:00", "Z"),
        "sensor_id": o.sensor_id,
        "lat": o.lat,
        "lon": o.lon,
        "sigma_m": o.sigma_m,
        "speed_kn": o.speed_kn,
        "course_deg": o.course_deg,
        "mmsi": o.mmsi,
    }
    reason = RejectReason.LATE if r.reason == "late" else RejectReason.OUTSIDE_AREA
    return DeadLetter(
        reason,
        _MESSAGES.get(r.reason, r.reason),
        raw=json.dumps({k: v for k, v in record.items() if v is not None}),
        feed=f"tracker:{o.sensor_id}",
        time=o.time,
        format="jsonl",
    )


def store_refusals(session: Session, refused: Sequence[Rejection]) -> int:
    """Add the refused observations to the dead-letter table (in the caller's transaction)."""
    now = datetime.now(UTC)
    for r in map(as_dead_letter, refused):
        session.add(
            DeadLetterRow(
                refused_at=now,
                reason=r.reason.value,
                message=r.message,
                feed=r.feed[:255],
                line_no=None,
                format=r.format,
                raw=r.raw,
                context=None,
                record_time=r.time,
                replayed=False,
            )
        )
    return len(refused)
