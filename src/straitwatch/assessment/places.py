# SPDX-License-Identifier: EUPL-1.2
"""Where a batch of tracks is, in the terms the rules use, computed for all at once.

One call per batch: positions to the metric frame, distance to each shore, side of the
median line, territorial sea, departure and arrival sector, distance to the nearest port
and sun elevation. The rules then read plain arrays.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import numpy as np
from numpy.typing import ArrayLike, NDArray

from straitwatch.assessment.sun import sun_elevation_deg
from straitwatch.geo.land import distance_to_coast_xy
from straitwatch.geo.projection import to_grid_velocity, to_metric, to_wgs84
from straitwatch.geo.zones import ChannelZones

__all__ = ["SECTOR_REACH_M", "Landfall", "Places", "landfall", "places"]

SECTOR_REACH_M = 15_000.0
"""Beyond this distance from a shore no coastal sector is looked for (they reach 12 km)."""

Floats = NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class Places:
    """Per-position features, one array element per input position."""

    x_m: Floats
    y_m: Floats
    to_gb_m: Floats
    """Signed distance to the British shore (negative on British land)."""
    to_continent_m: Floats
    """Signed distance to the continental shore (France, Belgium)."""
    uk_side: NDArray[np.bool_]
    territorial_sea: NDArray[np.str_]
    departure_sector: NDArray[np.str_]
    arrival_sector: NDArray[np.str_]
    port_m: Floats
    """Distance to the nearest declared port."""
    sun_elevation_deg: Floats

    @property
    def to_coast_m(self) -> Floats:
        return np.asarray(np.minimum(self.to_gb_m, self.to_continent_m))


def _labels_where(
    mask: NDArray[np.bool_],
    label: Callable[[Floats, Floats], NDArray[np.str_]],
    x_m: Floats,
    y_m: Floats,
) -> NDArray[np.str_]:
    """``label`` for the positions in ``mask``, ``""`` elsewhere (point-in-polygon tests
    cost microseconds each: ships mid-Strait are not tested against beach sectors)."""
    out = np.full(x_m.shape, "", dtype=object)
    if mask.any():
        out[mask] = label(x_m[mask], y_m[mask])
    return out.astype(str)


def places(lat: ArrayLike, lon: ArrayLike, when: datetime, area: ChannelZones) -> Places:
    """Features of every position; ``when`` (one time for the batch) only sets the sun."""
    lat_a = np.atleast_1d(np.asarray(lat, dtype=np.float64))
    lon_a = np.atleast_1d(np.asarray(lon, dtype=np.float64))
    x_m, y_m = to_metric(lat_a, lon_a)
    _, port_m = area.nearest_port(x_m, y_m)
    to_gb = distance_to_coast_xy(x_m, y_m, "GB")
    to_continent = distance_to_coast_xy(x_m, y_m, "continent")
    # Sectors reach SECTOR_REACH_M out to sea; territorial seas their breadth.
    breadth = area.territorial_sea_breadth_m
    return Places(
        x_m=x_m,
        y_m=y_m,
        to_gb_m=to_gb,
        to_continent_m=to_continent,
        uk_side=area.uk_side_m_xy(x_m, y_m),
        territorial_sea=_labels_where(
            (to_gb <= breadth) | (to_continent <= breadth), area.territorial_sea_m, x_m, y_m
        ),
        departure_sector=_labels_where(
            to_continent <= SECTOR_REACH_M, area.departure_sector_m, x_m, y_m
        ),
        arrival_sector=_labels_where(to_gb <= SECTOR_REACH_M, area.arrival_sector_m, x_m, y_m),
        port_m=port_m,
        sun_elevation_deg=sun_elevation_deg(when, lat_a, lon_a),
    )


@dataclass(frozen=True, slots=True)
class Landfall:
    """Where a boat holding its course would reach the British shore."""

    lat: float
    lon: float
    distance_m: float
    sector: str
    """Arrival sector id, or ``""`` outside the declared arrival coast."""


def landfall(
    lat: float,
    lon: float,
    course_deg: float,
    area: ChannelZones,
    *,
    search_m: float,
    step_m: float = 250.0,
) -> Landfall | None:
    """First point on the course line within 50 m of the British shore, if any.

    The course is followed as a straight line in the metric frame (the Strait is small
    enough for that), sampled every ``step_m``.
    """
    vx_a, vy_a = to_grid_velocity([1.0], [course_deg], [lat], [lon])
    vx, vy = float(vx_a[0]), float(vy_a[0])
    norm = float(np.hypot(vx, vy)) or 1.0
    x0, y0 = to_metric([lat], [lon])
    s = np.arange(step_m, search_m + step_m, step_m)
    xs = x0[0] + vx / norm * s
    ys = y0[0] + vy / norm * s
    d = distance_to_coast_xy(xs, ys, "GB")
    hit = np.flatnonzero(d <= 50.0)
    if hit.size == 0:
        return None
    k = int(hit[0])
    la, lo = to_wgs84(xs[k : k + 1], ys[k : k + 1])
    sector = str(area.arrival_sector_m(xs[k : k + 1], ys[k : k + 1])[0])
    return Landfall(float(la[0]), float(lo[0]), float(s[k]), sector)
