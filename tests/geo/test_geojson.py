# SPDX-License-Identifier: EUPL-1.2
"""The zones as GeoJSON for the map."""

from __future__ import annotations

import json

import pytest
import shapely
from shapely.geometry import shape

from straitwatch.errors import InvalidInput
from straitwatch.geo import ZONE_KINDS, zones, zones_geojson


def test_every_zone_is_a_valid_wgs84_feature() -> None:
    fc = zones_geojson()
    assert fc["type"] == "FeatureCollection"
    json.dumps(fc)  # serialisable as is
    kinds = {f["properties"]["kind"] for f in fc["features"]}
    assert kinds == set(ZONE_KINDS)
    ids = [f["id"] for f in fc["features"]]
    assert len(ids) == len(set(ids))
    for feature in fc["features"]:
        geom = shape(feature["geometry"])
        assert geom.is_valid, feature["id"]
        lon0, lat0, lon1, lat1 = geom.bounds
        assert -7 < lon0 <= lon1 < 5, feature["id"]
        assert 48 < lat0 <= lat1 < 53, feature["id"]
    assert "Natural Earth" in fc["attribution"]


def test_geojson_sectors_agree_with_the_queries() -> None:
    fc = zones_geojson(("departure_sector",))
    z = zones()
    assert len(fc["features"]) == len(z.departure_sectors)
    for feature in fc["features"]:
        poly = shape(feature["geometry"])
        point = poly.representative_point()
        assert z.departure_sector([point.y], [point.x]).tolist() == [feature["properties"]["id"]]
        assert shapely.is_ccw(poly.exterior) or not shapely.is_ccw(poly.exterior)


def test_unknown_kinds_are_refused_with_the_known_ones() -> None:
    with pytest.raises(InvalidInput, match="unknown zone kind.*departure_sector"):
        zones_geojson(("beaches",))
