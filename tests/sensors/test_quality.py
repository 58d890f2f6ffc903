# SPDX-License-Identifier: EUPL-1.2
"""The quality checks as small steps: feed clock, speed, duplicates, positions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from straitwatch.sensors.quality import (
    DuplicateFilter,
    FeedClock,
    QualityPolicy,
    SpeedCheck,
    check_position,
)
from tests.sensors.conftest import NOW, fixed_clock

T = datetime(2016, 1, 12, 13, 0, tzinfo=UTC)


def test_feed_clock_refuses_one_wrong_time_and_re_anchors_on_two_that_agree() -> None:
    clock = FeedClock(QualityPolicy(max_lag_s=3600), fixed_clock)
    assert clock.check(T) is None
    assert clock.check(T + timedelta(minutes=30)) is None
    wrong = clock.check(T + timedelta(days=30))
    assert wrong is not None and wrong[0] == "time_future"
    assert clock.check(T + timedelta(minutes=31)) is None  # the feed goes on as before
    assert clock.feed_time == T + timedelta(minutes=31)
    late = clock.check(T - timedelta(days=400))
    assert late is not None and late[0] == "time_past"
    assert clock.check(T - timedelta(days=400, minutes=-1)) is None  # confirmed: re-anchored
    assert clock.feed_time == T - timedelta(days=400, minutes=-1)


def test_feed_clock_absolute_limits() -> None:
    clock = FeedClock(QualityPolicy(), fixed_clock)
    assert clock.check(datetime(1999, 12, 31, tzinfo=UTC)) is not None
    assert clock.check(NOW + timedelta(seconds=60)) is None  # clock tolerance
    future = clock.check(NOW + timedelta(minutes=5))
    assert future is not None and future[0] == "time_future"


def test_speed_check_allows_fast_craft_and_refuses_jumps() -> None:
    check = SpeedCheck(QualityPolicy())
    t = 1_000_000.0
    assert check.check(1, t, 51.0, 1.0) is None
    # 40 kn for 60 s is 1.2 km: a hovercraft, fine.
    assert check.check(1, t + 60, 51.0 + 1234.6 / 111_195, 1.0) is None
    refused = check.check(1, t + 70, 52.0, 1.0)
    assert refused is not None and "MMSI 1" in refused and "kn" in refused
    # Other vessels are checked on their own.
    assert check.check(2, t + 70, 52.0, 1.0) is None


@settings(deadline=None)
@given(
    st.floats(-90, 90, allow_nan=False),
    st.floats(-180, 180, allow_nan=False),
    st.floats(0.1, 3600),
    st.floats(0, 360),
)
def test_speed_check_accepts_any_move_slower_than_the_limit(
    lat: float, lon: float, dt_s: float, bearing: float
) -> None:
    from pyproj import Geod

    distance_m = 50 * 1852 / 3600 * dt_s  # 50 kn
    lon2, lat2, _ = Geod(ellps="WGS84").fwd(lon, lat, bearing, distance_m)
    check = SpeedCheck(QualityPolicy())
    assert check.check(7, 0.0, lat, lon) is None
    assert check.check(7, dt_s, lat2, lon2) is None


def test_duplicate_filter_window_and_memory_stay_bounded() -> None:
    seen = DuplicateFilter(10.0)
    assert not seen.seen("a", 0.0)
    assert seen.seen("a", 9.0)
    assert not seen.seen("a", 25.0)
    for i in range(100_000):
        seen.seen(i, 100.0 + i * 0.01)  # 100 keys a second, for 1000 s
    assert len(seen._first_seen) < 10_000


def test_positions() -> None:
    assert check_position(51.0, 1.4) is None
    assert check_position(0.0, 0.0) is not None
    assert check_position(91.0, 1.0) is not None
    assert check_position(float("nan"), 1.0) is not None
    assert check_position(0.0, 181.0) is not None
