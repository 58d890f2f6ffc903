# SPDX-License-Identifier: EUPL-1.2
"""Positions gathered from the pipeline's records: AIS reports by MMSI, tracks without AIS
by track id (the tracker's filtered positions), handed on as column chunks.

>>> from datetime import UTC, datetime
>>> from straitwatch.sensors.observation import Observation, ObservationKind
>>> feed = PositionFeed()
>>> feed.observe(Observation(datetime(2022, 8, 22, tzinfo=UTC), "rx", ObservationKind.AIS,
...                          51.0, 1.5, 10.0, speed_kn=12.0, mmsi=235000001))
>>> len(feed), len(feed.take()), len(feed)
(1, 1, 0)
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from straitwatch.behaviour.positions import Positions, VesselNames
from straitwatch.sensors.observation import Observation
from straitwatch.tracking.track import TrackClass, TrackStatus, TrackUpdate

__all__ = ["PositionFeed"]


class PositionFeed:
    """Rows appended one at a time, taken as a sorted :class:`Positions` chunk."""

    def __init__(self, names: VesselNames | None = None) -> None:
        self.names = names or VesselNames()
        self._cols: tuple[list[int], list[float], list[float], list[float], list[float]] = (
            [],
            [],
            [],
            [],
            [],
        )

    def __len__(self) -> int:
        return len(self._cols[0])

    def observe(self, obs: Observation) -> None:
        """An AIS position report (other observations reach the rules through tracks)."""
        if obs.mmsi is None or not obs.is_ais:
            return
        speed = math.nan if obs.speed_kn is None else obs.speed_kn
        self._add(obs.mmsi, obs.time.timestamp(), obs.lat, obs.lon, speed)

    def track(self, updates: Iterable[TrackUpdate]) -> None:
        """Track updates of tracks without AIS (AIS vessels come as their own reports)."""
        for u in updates:
            if u.mmsi is not None or u.classification is TrackClass.AIS_VESSEL:
                continue
            if u.status in (TrackStatus.TENTATIVE, TrackStatus.ENDED):
                continue
            key = self.names.key_for_track(u.track_id)
            self._add(key, u.time.timestamp(), u.lat, u.lon, u.speed_kn)

    def _add(self, key: int, t_s: float, lat: float, lon: float, speed_kn: float) -> None:
        v, t, la, lo, s = self._cols
        v.append(key)
        t.append(t_s)
        la.append(lat)
        lo.append(lon)
        s.append(speed_kn)

    def take(self) -> Positions:
        """Everything gathered so far, as one sorted chunk; the feed starts empty again."""
        v, t, la, lo, s = self._cols
        self._cols = ([], [], [], [], [])
        if not v:
            return Positions.empty()
        return Positions.from_latlon(v, t, la, lo, s)
