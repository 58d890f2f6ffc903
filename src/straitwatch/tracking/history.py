# SPDX-License-Identifier: EUPL-1.2
"""Recent history of live tracks, capped, for trails on the live picture.

The tracker keeps no history; whoever draws trails feeds its update stream here. Each
track keeps at most ``max_points`` updates no older than ``max_age_s`` behind its latest,
an ended track is dropped, and at most ``max_tracks`` tracks are kept (the least recently
updated go first), so memory is bounded however long the feed runs. The full history is
persisted to the store (:mod:`straitwatch.store.tracks`).

>>> from datetime import UTC, datetime
>>> from straitwatch.tracking.track import TrackClass, TrackStatus, TrackUpdate
>>> h = RecentHistory(max_points=2)
>>> for s in range(3):
...     h.add([TrackUpdate("T1", datetime(2024, 5, 1, 4, 0, s, tzinfo=UTC), 51.0, 1.5, 5.0,
...                        90.0, 20.0, TrackStatus.CONFIRMED, TrackClass.UNKNOWN)])
>>> [u.time.second for u in h.trail("T1")]
[1, 2]
"""

from __future__ import annotations

from collections import OrderedDict, deque
from collections.abc import Iterable

from straitwatch.tracking.track import TrackStatus, TrackUpdate

__all__ = ["RecentHistory"]


class RecentHistory:
    """The last updates of each live track, bounded in points, age and tracks."""

    def __init__(
        self, *, max_points: int = 120, max_age_s: float = 900.0, max_tracks: int = 20_000
    ) -> None:
        self.max_points = max_points
        self.max_age_s = max_age_s
        self.max_tracks = max_tracks
        self._trails: OrderedDict[str, deque[TrackUpdate]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._trails)

    @property
    def points(self) -> int:
        """Updates held over all tracks."""
        return sum(len(t) for t in self._trails.values())

    def add(self, updates: Iterable[TrackUpdate]) -> None:
        """Take updates from the tracker's stream (ended tracks are forgotten)."""
        trails = self._trails
        for u in updates:
            if u.status is TrackStatus.ENDED:
                trails.pop(u.track_id, None)
                continue
            trail = trails.get(u.track_id)
            if trail is None:
                trail = trails[u.track_id] = deque(maxlen=self.max_points)
                if len(trails) > self.max_tracks:
                    trails.popitem(last=False)
            else:
                trails.move_to_end(u.track_id)
            if trail and u.time < trail[-1].time:
                _insert_in_order(trail, u)  # a late observation, at its own time
            else:
                trail.append(u)
            horizon = u.time.timestamp() - self.max_age_s
            while trail and trail[0].time.timestamp() < horizon:
                trail.popleft()

    def trail(self, track_id: str) -> list[TrackUpdate]:
        """The updates held for ``track_id``, oldest first (empty if unknown)."""
        return list(self._trails.get(track_id, ()))


def _insert_in_order(trail: deque[TrackUpdate], u: TrackUpdate) -> None:
    k = len(trail)
    while k > 0 and trail[k - 1].time > u.time:
        k -= 1
    if k == 0 and trail.maxlen is not None and len(trail) == trail.maxlen:
        return  # older than everything held in a full trail
    if trail.maxlen is not None and len(trail) == trail.maxlen:
        trail.popleft()
        k -= 1
    trail.insert(k, u)
