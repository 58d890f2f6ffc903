# SPDX-License-Identifier: EUPL-1.2
"""Quality checks every feed's records pass before they count: position, time, duplicates
and impossible speed.

The checks are small stateful steps over plain values (floats, datetimes), called by the
readers on each record, so that a refusal keeps the record's raw text for the dead-letter
table. Each check returns ``None`` when the record passes, or what is wrong.
:class:`FeedClock` belongs to one feed; :class:`SpeedCheck` and
:class:`DuplicateFilter` are shared by every feed of a stream (receivers hear the same
vessels and the same messages).

Time limits follow the *feed*, not the wall clock, so a 2010 recording is not "in the
past" when it is read today (see docs/formats.md, "Time limits, relative to the feed"):

>>> from datetime import datetime, UTC
>>> feed = FeedClock(QualityPolicy(), clock=lambda: datetime(2026, 1, 1, tzinfo=UTC))
>>> feed.check(datetime(2010, 4, 28, 12, 0, tzinfo=UTC)) is None
True
>>> feed.check(datetime(2009, 4, 28, 9, 0, tzinfo=UTC))[0]
<RejectReason.TIME_PAST: 'time_past'>
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from straitwatch.sensors.records import RejectReason

__all__ = [
    "Clock",
    "DuplicateFilter",
    "FeedClock",
    "QualityPolicy",
    "SpeedCheck",
    "check_position",
    "wall_clock",
]

Clock = Callable[[], datetime]
"""Returns the current time, timezone-aware UTC (injected so tests and replays control it)."""

KN_TO_MS = 1852.0 / 3600.0
EARTH_RADIUS_M = 6_371_008.8
_M_PER_DEG = math.radians(EARTH_RADIUS_M)


def wall_clock() -> datetime:
    """The real current time (UTC)."""
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class QualityPolicy:
    """The limits the checks apply; the defaults are the documented ones for files.

    ``live`` switches the time reference from the feed's own clock (files) to now
    (listeners, HTTP posts): see :meth:`for_live`.
    """

    live: bool = False
    max_speed_kn: float = 60.0
    jump_slack_m: float = 200.0
    """Distance allowed on top of ``max_speed_kn × Δt``: GNSS noise and time jitter."""
    duplicate_window_s: float = 10.0
    max_future_s: float = 120.0
    max_lag_s: float = 7 * 86400.0
    """How far a time may sit from the feed's clock: for files, out of place by more than
    a week (a recording spans days; a wrong time is years off); for live feeds, late."""
    not_before: datetime = field(default_factory=lambda: datetime(2000, 1, 1, tzinfo=UTC))

    @classmethod
    def for_live(cls, max_lag_s: float = 3600.0) -> QualityPolicy:
        """Listeners (default: 1 h late at most) and HTTP posts (a patrol report may be
        typed in hours after the sighting: the API passes a day)."""
        return cls(live=True, max_lag_s=max_lag_s)


def check_position(lat: float, lon: float) -> str | None:
    """Refuse positions that cannot be a fix: out of range, not finite, or 0°N 0°E."""
    if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0):  # also catches NaN
        return f"position {lat:.6f}, {lon:.6f} is outside −90…90 / −180…180"
    if lat == 0.0 and lon == 0.0:
        return "position 0°N 0°E is a receiver default, not a fix"
    return None


def _distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine); exact enough for a speed plausibility check."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp = p2 - p1
    dl = math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(a) if a < 1.0 else 1.0)


def _iso(t: datetime) -> str:
    return t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class FeedClock:
    """The time checks of one feed: it keeps the feed's clock (the latest accepted time).

    Two out-of-place times in a row that agree with each other re-anchor the clock, so
    one wrong first time cannot poison the rest of a feed. Works in UNIX seconds (it runs
    once per message); :meth:`check` takes a datetime.
    """

    def __init__(self, policy: QualityPolicy, clock: Clock = wall_clock) -> None:
        self.policy = policy
        self._clock = clock
        self._max_future_s = policy.max_future_s
        self._max_lag_s = policy.max_lag_s
        self._not_before_s = policy.not_before.timestamp()
        self._future_limit_s = clock().timestamp() + self._max_future_s
        self.feed_time: datetime | None = None
        self._feed_s = 0.0
        self._suspect_s: float | None = None

    def check(self, t: datetime) -> tuple[RejectReason, str] | None:
        """Refuse a receiver time in the future, before ``not_before``, or too far from
        the feed's clock; accept it (advancing the clock) otherwise."""
        return self.check_s(t.timestamp(), t)

    def check_s(self, t_s: float, t: datetime) -> tuple[RejectReason, str] | None:
        """:meth:`check` for a time given both as UNIX seconds and as a datetime."""
        if t_s > self._future_limit_s:
            # Re-read the clock only when a time looks ahead of it: cheap on long files.
            now = self._clock()
            self._future_limit_s = now.timestamp() + self._max_future_s
            if t_s > self._future_limit_s:
                return RejectReason.TIME_FUTURE, f"time {_iso(t)} is after now ({_iso(now)})"
        if t_s < self._not_before_s:
            return RejectReason.TIME_PAST, (
                f"time {_iso(t)} is before {_iso(self.policy.not_before)}"
            )
        if self.policy.live:
            if self._clock().timestamp() - t_s > self._max_lag_s:
                return RejectReason.TIME_PAST, (
                    f"time {_iso(t)} is more than {self._max_lag_s:g} s before now"
                )
            return None
        gap = t_s - self._feed_s
        if -self._max_lag_s <= gap <= self._max_lag_s and self.feed_time is not None:
            if gap > 0:  # the common case, inline: a feed moving on in time
                self.feed_time, self._feed_s = t, t_s
            self._suspect_s = None
            return None
        return self._check_feed(t_s, t)

    def _check_feed(self, t_s: float, t: datetime) -> tuple[RejectReason, str] | None:
        clock = self.feed_time
        if clock is None:
            self.feed_time, self._feed_s = t, t_s
            return None
        gap = t_s - self._feed_s
        if -self._max_lag_s <= gap <= self._max_lag_s:
            if gap > 0:
                self.feed_time, self._feed_s = t, t_s
            self._suspect_s = None
            return None
        suspect = self._suspect_s
        if suspect is not None and abs(t_s - suspect) <= self._max_lag_s:
            # Two out-of-place times in a row agree: the feed's clock was the odd one.
            self.feed_time, self._feed_s, self._suspect_s = t, t_s, None
            return None
        self._suspect_s = t_s
        side = "ahead of" if gap > 0 else "behind"
        reason = RejectReason.TIME_FUTURE if gap > 0 else RejectReason.TIME_PAST
        return reason, (
            f"time {_iso(t)} is more than {self._max_lag_s:g} s {side} the feed's "
            f"clock ({_iso(clock)})"
        )


class SpeedCheck:
    """Impossible jumps: keeps the last accepted fix per MMSI (shared by every feed of a
    stream, since receivers hear the same vessels).

    Two refused fixes in a row that agree with each other re-anchor the MMSI (the earlier
    "last fix" was the wrong one).
    """

    def __init__(self, policy: QualityPolicy) -> None:
        self.policy = policy
        self._max_speed_ms = policy.max_speed_kn * KN_TO_MS
        self._last_fix: dict[int, tuple[float, float, float]] = {}
        self._suspect_fix: dict[int, tuple[float, float, float]] = {}

    def check(self, mmsi: int, t_s: float, lat: float, lon: float) -> str | None:
        """Refuse a fix that implies more than ``max_speed_kn`` from the MMSI's last
        accepted fix; ``t_s`` is the fix time in UNIX seconds."""
        last = self._last_fix.get(mmsi)
        fix = (t_s, lat, lon)
        if last is None:
            self._last_fix[mmsi] = fix
            return None
        dt = abs(t_s - last[0])
        dlat, dlon = lat - last[1], lon - last[2]
        if -0.2 < dlat < 0.2 and -0.3 < dlon < 0.3 and -80.0 < lat < 80.0:
            # Within ~20 km a flat earth is within a fraction of a percent of the
            # great circle, at a third of the cost (this runs once per AIS fix).
            dx = dlon * math.cos(math.radians(lat - dlat / 2))
            dist = math.sqrt(dx * dx + dlat * dlat) * _M_PER_DEG
        else:
            dist = _distance_m(last[1], last[2], lat, lon)
        if dist <= self._max_speed_ms * dt + self.policy.jump_slack_m:
            self._last_fix[mmsi] = fix
            if self._suspect_fix:
                self._suspect_fix.pop(mmsi, None)
            return None
        suspect = self._suspect_fix.pop(mmsi, None)
        if suspect is not None:
            s_allowed = self._max_speed_ms * abs(t_s - suspect[0]) + self.policy.jump_slack_m
            if _distance_m(suspect[1], suspect[2], lat, lon) <= s_allowed:
                self._last_fix[mmsi] = fix
                return None
        self._suspect_fix[mmsi] = fix
        speed_kn = dist / max(dt, 1e-3) / KN_TO_MS
        return (
            f"MMSI {mmsi}: {dist / 1000:.1f} km in {dt:.1f} s from the last fix "
            f"({last[1]:.5f}, {last[2]:.5f}) implies {speed_kn:,.0f} kn "
            f"(limit {self.policy.max_speed_kn:g} kn)"
        )


class DuplicateFilter:
    """Remembers keys (an AIS payload, a CSV row) for ``window_s`` seconds of feed time.

    Old keys are pruned in one sweep whenever the table has doubled, so the cost per key
    stays constant and the memory bounded by the traffic of about one window.

    >>> d = DuplicateFilter(10.0)
    >>> payload = b"15RTgt0PAso;90TKcjM8h6g208CQ"
    >>> d.seen(payload, 100.0), d.seen(payload, 104.0), d.seen(payload, 120.0)
    (False, True, False)
    """

    def __init__(self, window_s: float) -> None:
        self.window_s = window_s
        self._first_seen: dict[Hashable, float] = {}
        self._prune_at = 4096

    def seen(self, key: Hashable, t_s: float) -> bool:
        """True when ``key`` was already seen within the window around ``t_s``."""
        first = self._first_seen
        previous = first.get(key)
        if previous is not None and abs(t_s - previous) <= self.window_s:
            return True
        first[key] = t_s
        if len(first) >= self._prune_at:
            horizon = t_s - self.window_s
            self._first_seen = {k: v for k, v in first.items() if v >= horizon}
            self._prune_at = max(4096, 2 * len(self._first_seen))
        return False
