# SPDX-License-Identifier: EUPL-1.2
"""Hand-built track updates for rule tests: straight legs at a given speed and course."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from straitwatch.geo.projection import to_grid_velocity, to_metric, to_wgs84
from straitwatch.tracking.track import TrackClass, TrackStatus, TrackUpdate

T0 = datetime(2022, 8, 22, 3, 0, tzinfo=UTC)  # before dawn: night
NOON = datetime(2022, 8, 22, 12, 0, tzinfo=UTC)


def leg(
    track_id: str,
    start: tuple[float, float],
    course_deg: float,
    speed_kn: float,
    minutes: float,
    *,
    t0: datetime = T0,
    dt_s: float = 10.0,
    cls: TrackClass = TrackClass.DARK_CONTACT,
    mmsi: int | None = None,
    flags: tuple[str, ...] = (),
    persons: int | None = None,
) -> list[TrackUpdate]:
    """Updates every ``dt_s`` along a straight line from ``start``."""
    x0, y0 = to_metric([start[0]], [start[1]])
    vx, vy = to_grid_velocity(speed_kn, course_deg, start[0], start[1])
    out = []
    n = int(minutes * 60 / dt_s) + 1
    for k in range(n):
        t = k * dt_s
        lat, lon = to_wgs84(x0 + vx * t, y0 + vy * t)
        out.append(
            TrackUpdate(
                track_id=track_id,
                time=t0 + timedelta(seconds=t),
                lat=float(lat[0]),
                lon=float(lon[0]),
                speed_kn=speed_kn,
                course_deg=course_deg,
                sigma_m=30.0,
                status=TrackStatus.CONFIRMED,
                classification=cls,
                mmsi=mmsi,
                flags=flags,
                persons_estimate=persons,
                first_seen=t0,
            )
        )
    return out


def then(
    previous: list[TrackUpdate], course_deg: float, speed_kn: float, minutes: float, **kw: object
) -> list[TrackUpdate]:
    """Continue a track from its last update on a new leg."""
    last = previous[-1]
    dt_s = float(kw.pop("dt_s", 10.0))  # type: ignore[arg-type]
    nxt = leg(
        last.track_id,
        (last.lat, last.lon),
        course_deg,
        speed_kn,
        minutes,
        t0=last.time + timedelta(seconds=dt_s),
        dt_s=dt_s,
        cls=kw.pop("cls", last.classification),  # type: ignore[arg-type]
        mmsi=last.mmsi,
        **kw,
    )  # type: ignore[arg-type]
    return previous + nxt
