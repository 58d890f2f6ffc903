# SPDX-License-Identifier: EUPL-1.2
"""Sun elevation, for the ``night`` factor of the distress score.

The NOAA low-precision solar position (about 0.1° over 1950–2050), vectorised: good
enough to tell night and twilight from day at sea.

>>> from datetime import UTC, datetime
>>> float(sun_elevation_deg(datetime(2022, 6, 21, 12, 0, tzinfo=UTC), [51.0], [1.5])[0]) > 55
True
"""

from __future__ import annotations

from datetime import datetime

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = ["sun_elevation_deg"]


def sun_elevation_deg(when: datetime, lat: ArrayLike, lon: ArrayLike) -> NDArray[np.float64]:
    """Elevation of the sun's centre above the horizon, degrees, at ``when`` (UTC)."""
    if when.tzinfo is None:
        raise ValueError("sun_elevation_deg needs a timezone-aware UTC time")
    days = (when.timestamp() - 946_728_000.0) / 86_400.0  # since J2000.0 (2000-01-01 12:00 UTC)
    mean_lon = np.radians((280.460 + 0.9856474 * days) % 360)
    anomaly = np.radians((357.528 + 0.9856003 * days) % 360)
    ecl_lon = (
        mean_lon + np.radians(1.915) * np.sin(anomaly) + np.radians(0.020) * np.sin(2 * anomaly)
    )
    obliquity = np.radians(23.439 - 0.0000004 * days)
    declination = np.arcsin(np.sin(obliquity) * np.sin(ecl_lon))
    right_asc = np.arctan2(np.cos(obliquity) * np.sin(ecl_lon), np.cos(ecl_lon))
    gmst_h = (18.697374558 + 24.06570982441908 * days) % 24
    hour_angle = np.radians(gmst_h * 15.0 + np.asarray(lon, dtype=np.float64)) - right_asc
    phi = np.radians(np.asarray(lat, dtype=np.float64))
    sin_el = np.sin(phi) * np.sin(declination) + np.cos(phi) * np.cos(declination) * np.cos(
        hour_angle
    )
    return np.asarray(np.degrees(np.arcsin(np.clip(sin_el, -1.0, 1.0))), dtype=np.float64)
