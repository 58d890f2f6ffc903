# SPDX-License-Identifier: EUPL-1.2
"""The JSON shapes the picture serves (REST and WebSocket alike) for tracks and alerts.

>>> from datetime import UTC, datetime
>>> from straitwatch.tracking.track import TrackClass, TrackStatus, TrackUpdate
>>> track_json(TrackUpdate("T1", datetime(2024, 5, 1, tzinfo=UTC), 51.0, 1.5, 5.0, 90.0,
...            20.0, TrackStatus.CONFIRMED, TrackClass.SMALL_BOAT))["class"]
'small_boat'
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from straitwatch.tracking.track import TrackUpdate

__all__ = ["iso", "track_json"]


def iso(t: datetime | None) -> str | None:
    return None if t is None else t.isoformat().replace("+00:00", "Z")


def track_json(u: TrackUpdate) -> dict[str, Any]:
    """One track update as served: position, motion, class, identity, contributing sensors."""
    return {
        "track_id": u.track_id,
        "time": iso(u.time),
        "lat": round(u.lat, 6),
        "lon": round(u.lon, 6),
        "speed_kn": round(u.speed_kn, 2),
        "course_deg": round(u.course_deg, 1),
        "sigma_m": round(u.sigma_m, 1),
        "status": str(u.status),
        "class": str(u.classification),
        "mmsi": u.mmsi,
        "name": u.name,
        "sources": list(u.sources),
        "flags": list(u.flags),
        "persons_estimate": u.persons_estimate,
        "first_seen": iso(u.first_seen),
    }
