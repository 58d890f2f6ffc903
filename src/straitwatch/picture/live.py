# SPDX-License-Identifier: EUPL-1.2
"""The live picture: the latest state of every track and alert, recent trails, and the
fan-out of changes to whoever watches (the WebSocket clients).

The pipeline calls :meth:`Picture.apply` with each batch of track updates and alerts; the
API reads :meth:`Picture.tracks` / :meth:`Picture.alerts` and subscribes to deltas. Access
filtering is not done here: the API filters every item through the access policy for the
user it delivers to.

>>> from datetime import UTC, datetime
>>> from straitwatch.tracking.track import TrackClass, TrackStatus, TrackUpdate
>>> p = Picture()
>>> d = p.apply([TrackUpdate("T1", datetime(2024, 5, 1, tzinfo=UTC), 51.0, 1.5, 5.0, 90.0,
...              20.0, TrackStatus.CONFIRMED, TrackClass.SMALL_BOAT)], [])
>>> [t["track_id"] for t in d.tracks], len(p.tracks())
(['T1'], 1)
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Callable, Hashable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from straitwatch.errors import NotFound
from straitwatch.picture.wire import track_json
from straitwatch.tracking.history import RecentHistory
from straitwatch.tracking.track import TrackStatus, TrackUpdate

__all__ = ["Delta", "Picture"]


@dataclass(slots=True)
class Delta:
    """What one batch changed, as JSON-ready items (tracks ended carry ``status: ended``)."""

    tracks: list[dict[str, Any]] = field(default_factory=list)
    alerts: list[dict[str, Any]] = field(default_factory=list)
    clock: str | None = None
    reset: bool = False
    """The picture started again (a replay looped or jumped): send a fresh snapshot."""
    encoded: dict[Hashable, str | None] = field(default_factory=dict)
    """What this delta looks like to each audience, encoded once and sent to every
    watcher in it (see :func:`straitwatch.api.filtering.audience`)."""

    def __bool__(self) -> bool:
        return bool(self.tracks or self.alerts or self.reset)


class Picture:
    """Live tracks, alerts and trails of one server; thread-unsafe, owned by the event loop."""

    def __init__(self, *, trail_points: int = 60, trail_age_s: float = 900.0) -> None:
        self._tracks: dict[str, TrackUpdate] = {}
        self._json: dict[str, dict[str, Any]] = {}
        """Each live track as served (:func:`track_json`), built once per update."""
        self.version = 0
        """Counts the batches applied; views derived from the picture are cached per version."""
        self._views: dict[Hashable, Any] = {}
        self._building = threading.Lock()
        self._alerts: dict[str, dict[str, Any]] = {}
        """Alert JSON (as the lifecycle service serves it) by id."""
        self.history = RecentHistory(max_points=trail_points, max_age_s=trail_age_s)
        self._subscribers: dict[asyncio.Queue[Delta], asyncio.AbstractEventLoop] = {}
        self.clock: datetime | None = None
        self._quiet = False
        self.replay: dict[str, Any] | None = None
        """Replay clock shown by the browser (start, end, speed) when replaying a file."""
        self.sensor_health: dict[str, dict[str, Any]] = {}
        """Each sensor's health as the pipeline last judged it (``SensorHealth.snapshot``)."""

    # --- reads -------------------------------------------------------------------------
    def tracks(self) -> list[TrackUpdate]:
        return list(self._tracks.values())

    def track(self, track_id: str) -> TrackUpdate:
        try:
            return self._tracks[track_id]
        except KeyError:
            raise NotFound(f"no live track {track_id!r}") from None

    def tracks_json(self) -> list[dict[str, Any]]:
        """Every live track as served, without building it again."""
        return list(self._json.values())

    def alerts(self) -> list[dict[str, Any]]:
        return list(self._alerts.values())

    def view(self, key: Hashable, build: Callable[[], Any]) -> Any:
        """``build()``, computed once per picture version and ``key`` (e.g. the tracks one
        audience may see, encoded): two hundred requests a second between two updates
        share one result. Safe from worker threads: a view built from an older version is
        stored under that version's key, which is never asked for again. Builds are done
        one at a time, so requests arriving together wait for one build, not race ten."""
        full = (self.version, key)
        try:
            return self._views[full]
        except KeyError:
            pass
        with self._building:
            if full not in self._views:
                self._views[full] = build()
            return self._views[full]

    # --- writes ------------------------------------------------------------------------
    def apply(self, updates: Sequence[TrackUpdate], alerts: Sequence[dict[str, Any]] = ()) -> Delta:
        """Take one batch from the pipeline; return and publish what changed."""
        delta = Delta()
        for u in updates:
            item = track_json(u)
            if "late" in u.flags:
                continue  # a late observation at its own time: history only, not the live state
            if u.status is TrackStatus.ENDED:
                self._tracks.pop(u.track_id, None)
                self._json.pop(u.track_id, None)
            else:
                self._tracks[u.track_id] = u
                self._json[u.track_id] = item
            delta.tracks.append(item)
            if self.clock is None or u.time > self.clock:
                self.clock = u.time
        self.history.add(updates)
        for a in alerts:
            self._alerts[a["alert_id"]] = a
            delta.alerts.append(a)
        if self.clock is not None:
            delta.clock = self.clock.isoformat().replace("+00:00", "Z")
        self._changed()
        self.publish(delta)
        return delta

    def _changed(self) -> None:
        self.version += 1
        self._views = {}

    def put_alert(self, alert: dict[str, Any]) -> None:
        """An alert changed by someone (acknowledged, assigned, resolved): publish it."""
        self.apply((), [alert])

    def forget(self, *, before: datetime) -> None:
        """Drop tracks not updated since ``before`` and resolved alerts raised before it
        (used when a replay loops round)."""
        gone = [k for k, u in self._tracks.items() if u.time < before]
        for k in gone:
            del self._tracks[k]
            self._json.pop(k, None)
        stamp = before.isoformat().replace("+00:00", "Z")
        self._alerts = {
            k: a for k, a in self._alerts.items() if a["time"] >= stamp or a["state"] != "resolved"
        }
        self._changed()

    def reset(self) -> None:
        """Forget everything (a replay starting again from its beginning)."""
        self._tracks.clear()
        self._json.clear()
        self._alerts.clear()
        self.history = RecentHistory(
            max_points=self.history.max_points, max_age_s=self.history.max_age_s
        )
        self.clock = None
        self.sensor_health = {}
        self._changed()
        self.resync()

    def resync(self) -> None:
        """Tell every watcher to take a fresh snapshot."""
        self.publish(Delta(reset=True))

    @contextlib.contextmanager
    def quiet(self) -> Iterator[None]:
        """Publish nothing inside (a replay fast-forwarding); :meth:`resync` after."""
        self._quiet = True
        try:
            yield
        finally:
            self._quiet = False

    # --- fan-out -----------------------------------------------------------------------
    def subscribe(self, maxsize: int = 16) -> asyncio.Queue[Delta]:
        """A bounded queue of deltas for one watcher (call from its event loop)."""
        queue: asyncio.Queue[Delta] = asyncio.Queue(maxsize)
        self._subscribers[queue] = asyncio.get_running_loop()
        return queue

    def unsubscribe(self, queue: asyncio.Queue[Delta]) -> None:
        self._subscribers.pop(queue, None)

    @property
    def subscribers(self) -> int:
        return len(self._subscribers)

    def publish(self, delta: Delta) -> None:
        """Hand a delta to every subscriber. A client too slow to keep up never holds the
        pipeline or the other clients back, and its queue never grows: when it is full, what
        it holds is replaced by one "reset" (coalesced: the client is sent the latest
        picture, alerts included, when it next reads)."""
        if not delta or self._quiet:
            return
        try:
            here: asyncio.AbstractEventLoop | None = asyncio.get_running_loop()
        except RuntimeError:
            here = None  # a worker thread (a sync API route acknowledging an alert)
        for queue, loop in list(self._subscribers.items()):
            if loop is here:
                _offer(queue, delta)
            elif not loop.is_closed():
                loop.call_soon_threadsafe(_offer, queue, delta)


def _offer(queue: asyncio.Queue[Delta], delta: Delta) -> None:
    if queue.full():
        while not queue.empty():
            queue.get_nowait()
        queue.put_nowait(Delta(reset=True))
        return  # the snapshot the reset asks for holds this delta too
    queue.put_nowait(delta)
