# SPDX-License-Identifier: EUPL-1.2
"""Stored track history back as :class:`TrackUpdate` records (the store keeps rows).

>>> with transaction(engine) as session:       # doctest: +SKIP
...     updates = track_history(session, "T42")
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from straitwatch.store.tracks import TrackRow, TrackUpdateRow, history_rows
from straitwatch.tracking.track import TrackClass, TrackStatus, TrackUpdate

__all__ = ["track_history"]


def _as_list(value: Any) -> tuple[str, ...]:
    # Rows written with executemany hold JSON text that a driver may hand back unparsed.
    return tuple(json.loads(value) if isinstance(value, str) else value or ())


def _update(row: TrackUpdateRow, first_seen: datetime | None) -> TrackUpdate:
    return TrackUpdate(
        track_id=row.track_id,
        time=row.time,
        lat=row.lat,
        lon=row.lon,
        speed_kn=row.speed_kn,
        course_deg=row.course_deg,
        sigma_m=row.sigma_m,
        status=TrackStatus(row.status),
        classification=TrackClass(row.classification),
        mmsi=row.mmsi,
        name=row.name,
        sources=_as_list(row.sources),
        flags=_as_list(row.flags),
        persons_estimate=row.persons_estimate,
        first_seen=first_seen,
    )


def track_history(
    session: Session,
    track_id: str,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int | None = None,
) -> list[TrackUpdate]:
    """The stored updates of ``track_id``, oldest first (empty when there are none)."""
    summary = session.get(TrackRow, track_id)
    first_seen = summary.first_seen if summary else None
    rows = history_rows(session, track_id, since=since, until=until, limit=limit)
    return [_update(r, first_seen) for r in rows]
