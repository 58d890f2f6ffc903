# SPDX-License-Identifier: EUPL-1.2
"""The one metric frame for the whole area: a Transverse Mercator centred on the Dover Strait.

Everything inside straitwatch that measures distances, speeds or areas works in this
frame (metres east ``x_m`` and north ``y_m`` of 51.0°N 1.5°E); WGS84 lat/lon stays at the
edges. The Channel straddles UTM zones 30 and 31 exactly at 0°E, so a zone picked per
point would tear the picture in two; one projection for the area never does.

Transverse Mercator is conformal (angles, hence courses, are kept), exact on the
central meridian through the Strait, and its scale error grows as ``x²/2R²``: 0.04 % in
the Solent (185 km west), 0.35 % at Ushant, which is far below sensor error over a
tracking gate. Grid north and true north differ by the *meridian convergence* (2° in
the Solent): :func:`to_grid_velocity` and :func:`from_grid_velocity` apply it, so
courses read at the edge are true courses.

>>> x_m, y_m = to_metric([51.0], [1.5])
>>> round(float(x_m[0]), 3), round(float(y_m[0]), 3)
(0.0, 0.0)
>>> lat, lon = to_wgs84(x_m, y_m)
>>> round(float(lat[0]), 9), round(float(lon[0]), 9)
(51.0, 1.5)
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pyproj
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "AREA_BOUNDS",
    "CHANNEL_CRS",
    "CRS_ORIGIN",
    "KNOT_MPS",
    "from_grid_velocity",
    "in_area",
    "meridian_convergence_deg",
    "to_grid_velocity",
    "to_metric",
    "to_wgs84",
]

CRS_ORIGIN = (51.0, 1.5)
"""(lat, lon) of the frame's origin: mid-Strait, between Dover and Cap Gris-Nez."""

CHANNEL_CRS = (
    f"+proj=tmerc +lat_0={CRS_ORIGIN[0]} +lon_0={CRS_ORIGIN[1]} +k=1 +x_0=0 +y_0=0 "
    "+ellps=WGS84 +units=m +no_defs"
)
"""PROJ definition of the frame (also usable from PostGIS as a custom SRS)."""

AREA_BOUNDS = (47.0, 56.0, -8.0, 10.0)
"""(lat_min, lat_max, lon_min, lon_max) where the frame is used: the Channel, its western
approaches and the southern North Sea. Scale error stays under 0.5 % inside."""

KNOT_MPS = 1852.0 / 3600.0
"""One knot in metres per second."""

Floats = NDArray[np.float64]


@cache
def _forward() -> pyproj.Transformer:
    # Built on first use, not at import: a Transformer reads the PROJ database.
    return pyproj.Transformer.from_crs("EPSG:4326", CHANNEL_CRS, always_xy=True)


@cache
def _inverse() -> pyproj.Transformer:
    return pyproj.Transformer.from_crs(CHANNEL_CRS, "EPSG:4326", always_xy=True)


def to_metric(lat: ArrayLike, lon: ArrayLike) -> tuple[Floats, Floats]:
    """WGS84 degrees to ``(x_m, y_m)`` in the Channel frame, for any number of points."""
    x_m, y_m = _forward().transform(
        np.asarray(lon, dtype=np.float64), np.asarray(lat, dtype=np.float64)
    )
    return np.asarray(x_m, dtype=np.float64), np.asarray(y_m, dtype=np.float64)


def to_wgs84(x_m: ArrayLike, y_m: ArrayLike) -> tuple[Floats, Floats]:
    """``(x_m, y_m)`` in the Channel frame back to WGS84 ``(lat, lon)`` degrees."""
    lon, lat = _inverse().transform(
        np.asarray(x_m, dtype=np.float64), np.asarray(y_m, dtype=np.float64)
    )
    return np.asarray(lat, dtype=np.float64), np.asarray(lon, dtype=np.float64)


def in_area(lat: ArrayLike, lon: ArrayLike) -> NDArray[np.bool_]:
    """True where a position is finite and inside :data:`AREA_BOUNDS`."""
    lat_a = np.asarray(lat, dtype=np.float64)
    lon_a = np.asarray(lon, dtype=np.float64)
    lat_min, lat_max, lon_min, lon_max = AREA_BOUNDS
    with np.errstate(invalid="ignore"):
        return np.asarray(
            (lat_a >= lat_min) & (lat_a <= lat_max) & (lon_a >= lon_min) & (lon_a <= lon_max)
        )


def meridian_convergence_deg(lat: ArrayLike, lon: ArrayLike) -> Floats:
    """Angle from grid north to true north, clockwise, in degrees.

    A true course ``c`` reads ``c - convergence`` on the grid. The spherical formula
    agrees with PROJ's ellipsoidal factors to 1e-4° over :data:`AREA_BOUNDS`.
    """
    dlon = np.radians(np.asarray(lon, dtype=np.float64) - CRS_ORIGIN[1])
    phi = np.radians(np.asarray(lat, dtype=np.float64))
    return np.asarray(np.degrees(np.arctan(np.tan(dlon) * np.sin(phi))), dtype=np.float64)


def to_grid_velocity(
    speed_kn: ArrayLike, course_deg: ArrayLike, lat: ArrayLike, lon: ArrayLike
) -> tuple[Floats, Floats]:
    """Speed over ground and true course to grid velocity ``(vx_mps, vy_mps)``."""
    grid_course = np.radians(
        np.asarray(course_deg, dtype=np.float64) - meridian_convergence_deg(lat, lon)
    )
    speed_mps = np.asarray(speed_kn, dtype=np.float64) * KNOT_MPS
    return speed_mps * np.sin(grid_course), speed_mps * np.cos(grid_course)


def from_grid_velocity(
    vx_mps: ArrayLike, vy_mps: ArrayLike, lat: ArrayLike, lon: ArrayLike
) -> tuple[Floats, Floats]:
    """Grid velocity to ``(speed_kn, course_deg)``, the course true and in [0, 360)."""
    vx = np.asarray(vx_mps, dtype=np.float64)
    vy = np.asarray(vy_mps, dtype=np.float64)
    speed_kn = np.hypot(vx, vy) / KNOT_MPS
    course = np.degrees(np.arctan2(vx, vy)) + meridian_convergence_deg(lat, lon)
    return speed_kn, np.mod(course, 360.0)
