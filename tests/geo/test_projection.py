# SPDX-License-Identifier: EUPL-1.2
"""The Channel frame: round trips, scale, and true courses across the area."""

from __future__ import annotations

import numpy as np
import pyproj
from hypothesis import given, settings
from hypothesis import strategies as st

from straitwatch.geo.projection import (
    AREA_BOUNDS,
    CHANNEL_CRS,
    from_grid_velocity,
    in_area,
    meridian_convergence_deg,
    to_grid_velocity,
    to_metric,
    to_wgs84,
)

LAT_MIN, LAT_MAX, LON_MIN, LON_MAX = AREA_BOUNDS
lats = st.floats(LAT_MIN, LAT_MAX)
lons = st.floats(LON_MIN, LON_MAX)


@settings(max_examples=200)
@given(lats, lons)
def test_round_trip_is_exact_to_a_millimetre(lat: float, lon: float) -> None:
    x, y = to_metric([lat], [lon])
    lat2, lon2 = to_wgs84(x, y)
    assert abs(lat2[0] - lat) < 1e-8
    assert abs(lon2[0] - lon) < 1e-8


def test_distances_match_the_ellipsoid_across_the_zone_30_31_seam() -> None:
    # Dover to Calais crosses nothing special; Solent to Dover crosses 0°E (UTM 30/31).
    geod = pyproj.Geod(ellps="WGS84")
    pairs = [((51.127, 1.316), (50.963, 1.852)), ((50.78, -1.10), (51.12, 1.32))]
    for (la1, lo1), (la2, lo2) in pairs:
        _, _, true_m = geod.inv(lo1, la1, lo2, la2)
        x, y = to_metric([la1, la2], [lo1, lo2])
        grid_m = float(np.hypot(x[1] - x[0], y[1] - y[0]))
        assert abs(grid_m - true_m) / true_m < 5e-4


def test_convergence_agrees_with_proj_factors() -> None:
    proj = pyproj.Proj(CHANNEL_CRS)
    lat = np.array([50.7, 51.0, 49.5, 53.0, 48.4])
    lon = np.array([-1.1, 1.5, -5.0, 4.0, 8.0])
    ours = meridian_convergence_deg(lat, lon)
    factors = proj.get_factors(lon, lat)
    assert np.allclose(ours, np.asarray(factors.meridian_convergence), atol=1e-4)


@settings(max_examples=200)
@given(lats, lons, st.floats(0.1, 40.0), st.floats(0.0, 359.99))
def test_true_course_survives_the_grid(lat: float, lon: float, sog: float, cog: float) -> None:
    vx, vy = to_grid_velocity([sog], [cog], [lat], [lon])
    speed, course = from_grid_velocity(vx, vy, [lat], [lon])
    assert abs(speed[0] - sog) < 1e-9
    assert abs((course[0] - cog + 180.0) % 360.0 - 180.0) < 1e-9


def test_a_ship_steaming_true_north_in_the_solent_moves_along_its_meridian() -> None:
    vx, vy = to_grid_velocity([10.0], [0.0], [50.78], [-1.10])
    x0, y0 = to_metric([50.78], [-1.10])
    lat, lon = to_wgs84(x0 + vx * 600.0, y0 + vy * 600.0)
    assert abs(lon[0] - (-1.10)) < 1e-5
    assert lat[0] > 50.78


def test_in_area_refuses_far_and_missing_positions() -> None:
    got = in_area([51.0, 50.8, 50.8, np.nan, 60.0], [1.5, -1.1, 54.83, 1.0, 1.0])
    assert got.tolist() == [True, True, False, False, False]
