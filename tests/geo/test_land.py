# SPDX-License-Identifier: EUPL-1.2
"""Land and distance to the coast: the fast grid agrees with exact geometry and with the
1 km global land mask."""

from __future__ import annotations

import numpy as np
import shapely
from global_land_mask import globe
from hypothesis import given, settings
from hypothesis import strategies as st

from straitwatch.geo import distance_to_coast_m, is_land, land, to_metric
from straitwatch.geo.land import _exact_distance_m

lat_s = st.floats(49.8, 51.6)
lon_s = st.floats(-1.5, 2.9)


@settings(max_examples=100, deadline=None)
@given(lat=lat_s, lon=lon_s)
def test_grid_distance_matches_exact_geometry_within_a_cell(lat: float, lon: float) -> None:
    x_m, y_m = to_metric([lat], [lon])
    exact = _exact_distance_m(x_m, y_m, None)[0]
    if abs(exact) > 15_000:
        return  # rules care about the coastal strip; deep inland or offshore is only "far"
    fast = distance_to_coast_m([lat], [lon])[0]
    # Half a cell diagonal from the raster, plus the coast crossing a cell.
    assert abs(fast - exact) <= 300.0, (lat, lon, fast, exact)


@settings(max_examples=100, deadline=None)
@given(lat=lat_s, lon=lon_s)
def test_land_test_agrees_with_the_global_mask_away_from_the_coast(lat: float, lon: float) -> None:
    if abs(distance_to_coast_m([lat], [lon])[0]) < 3000:
        return  # the 1 km mask and the 1:10m coastline legitimately differ near the shore
    assert bool(is_land([lat], [lon])[0]) == bool(globe.is_land(lat, lon))


def test_distance_is_signed_and_per_shore() -> None:
    # Mid-Strait, inland Kent, 700 m off the Wimereux beach, on the beach itself.
    lat = [50.99, 51.12, 50.770, 50.768]
    lon = [1.44, 1.10, 1.592, 1.607]
    d = distance_to_coast_m(lat, lon)
    assert d[0] > 10_000
    assert d[1] < -2_000
    assert 200 < d[2] < 1_500
    assert abs(d[3]) < 600
    to_gb = distance_to_coast_m(lat, lon, "GB")
    to_fr = distance_to_coast_m(lat, lon, "continent")
    assert to_gb[2] > 40_000  # Wimereux is far from England...
    assert to_fr[2] == d[2]  # ...and its nearest shore is the French one
    assert is_land(lat, lon).tolist() == [False, True, False, bool(d[3] < 0)]


def test_positions_outside_the_grid_fall_back_to_exact_geometry_and_the_global_mask() -> None:
    # Off Ushant and inland Normandy: both outside the precomputed grid.
    lat = [48.45, 48.8]
    lon = [-5.3, -1.0]
    d = distance_to_coast_m(lat, lon)
    assert d[0] > 0
    assert d[1] < 0
    assert is_land(lat, lon).tolist() == [False, True]


def test_the_coastline_is_natural_earth_with_attribution() -> None:
    the_land = land()
    assert {"GB", "FR", "BE"} <= set(the_land.wgs84)
    assert "Natural Earth" in the_land.attribution
    # Dover's cliffs and Cap Gris-Nez are on land.
    assert shapely.contains_xy(the_land.wgs84["GB"], 1.33, 51.14)
    assert shapely.contains_xy(the_land.wgs84["FR"], 1.60, 50.86)


def test_a_million_positions_are_answered_in_one_call() -> None:
    rng = np.random.default_rng(1)
    lat = rng.uniform(50.0, 51.5, 1_000_000)
    lon = rng.uniform(0.0, 2.5, 1_000_000)
    d = distance_to_coast_m(lat, lon)
    assert d.shape == (1_000_000,)
    assert np.isfinite(d).all()
