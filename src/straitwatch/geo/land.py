# SPDX-License-Identifier: EUPL-1.2
"""Land and the distance to the coast, from Natural Earth 1:10m coastlines.

Near a harbour or a beach a yes/no land test is the wrong question (a dinghy on the
sand at Wimereux and one 300 m off it are both "at sea" for a 1 km mask): rules ask
how far a position is from the coast, and on which side of it. The coastline is the
Natural Earth 1:10m admin-0 land of Great Britain, France, Belgium and the Netherlands,
extracted once by ``scripts/extract_channel_land.py`` into ``geo/data/channel_land.geojson``
(public domain; vertices every ~200 m).

For speed the distances are precomputed once per process on a 200 m grid of the Channel
frame (:data:`GRID_EXTENT`, ~1.5 s) with a Euclidean distance transform, and read back by
bilinear interpolation: a million positions take a few tens of milliseconds. Outside the
grid the exact distance to the polygons is computed with shapely (slower, rare).

>>> float(distance_to_coast_m([50.98], [1.45])[0]) > 10_000   # mid-Strait
True
>>> bool(is_land([51.12], [1.10])[0])                         # inland Kent
True
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Literal

import numpy as np
import shapely
from numpy.typing import ArrayLike, NDArray
from shapely.geometry import MultiPolygon, shape
from shapely.geometry.base import BaseGeometry

from straitwatch.errors import ConfigurationError
from straitwatch.geo.projection import to_metric

__all__ = [
    "CONTINENT",
    "GRID_CELL_M",
    "GRID_EXTENT",
    "CoastDistance",
    "Land",
    "Side",
    "coast_distance",
    "distance_to_coast_m",
    "distance_to_coast_xy",
    "is_land",
    "land",
]

Side = Literal["GB", "continent"]
"""Which shore a distance is measured to: Great Britain, or the continent (FR, BE, NL)."""

CONTINENT = ("FR", "BE", "NL")
GRID_EXTENT = (-220_000.0, 130_000.0, -200_000.0, 110_000.0)
"""(x_min, x_max, y_min, y_max) of the precomputed grid in the Channel frame: from west of
the Solent to Ostend, from the Baie de Seine to the Thames."""
GRID_CELL_M = 200.0

Floats = NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class Land:
    """Land polygons by country (ISO 3166 alpha-2), in WGS84 and in the Channel frame."""

    wgs84: dict[str, MultiPolygon]
    metric: dict[str, MultiPolygon]
    attribution: str

    def side(self, side: Side) -> MultiPolygon:
        """All land of one shore, in the Channel frame."""
        codes = ("GB",) if side == "GB" else CONTINENT
        parts = [p for c in codes if c in self.metric for p in self.metric[c].geoms]
        return MultiPolygon(parts)


def _to_metric_geom(geom: MultiPolygon) -> MultiPolygon:
    def fwd(coords: NDArray[np.float64]) -> NDArray[np.float64]:
        x_m, y_m = to_metric(coords[:, 1], coords[:, 0])
        return np.column_stack([x_m, y_m])

    out = shapely.transform(geom, fwd)
    assert isinstance(out, MultiPolygon)
    return out


@cache
def land() -> Land:
    """The shipped coastline, loaded and checked once per process."""
    path = resources.files("straitwatch.geo").joinpath("data", "channel_land.geojson")
    doc = json.loads(path.read_text("utf-8"))
    wgs84: dict[str, MultiPolygon] = {}
    for i, feature in enumerate(doc.get("features", [])):
        country = feature.get("properties", {}).get("country")
        geom = shape(feature["geometry"])
        if not isinstance(geom, MultiPolygon) or not geom.is_valid or not country:
            raise ConfigurationError(
                f"channel_land.geojson feature {i}: expected a valid MultiPolygon with a country"
            )
        wgs84[country] = geom
    if "GB" not in wgs84 or "FR" not in wgs84:
        raise ConfigurationError("channel_land.geojson: Great Britain and France are required")
    metric = {c: _to_metric_geom(g) for c, g in wgs84.items()}
    return Land(wgs84=wgs84, metric=metric, attribution=str(doc.get("attribution", "")))


@dataclass(frozen=True, slots=True)
class CoastDistance:
    """Distances to each shore on a regular grid of the Channel frame.

    ``to_gb_m`` and ``to_continent_m`` are 0 on that shore's land and the distance to it at
    sea; ``inland_m`` is the depth inside any land (0 at sea). Row ``i``, column ``j`` is
    the cell centred on ``(x0_m + j·cell_m, y0_m + i·cell_m)``.
    """

    x0_m: float
    y0_m: float
    cell_m: float
    to_gb_m: NDArray[np.float32]
    to_continent_m: NDArray[np.float32]
    inland_m: NDArray[np.float32]

    def covers(self, x_m: Floats, y_m: Floats) -> NDArray[np.bool_]:
        rows, cols = self.to_gb_m.shape
        with np.errstate(invalid="ignore"):
            return np.asarray(
                (x_m >= self.x0_m)
                & (x_m <= self.x0_m + (cols - 1) * self.cell_m)
                & (y_m >= self.y0_m)
                & (y_m <= self.y0_m + (rows - 1) * self.cell_m)
            )

    def sample(self, field: NDArray[np.float32], x_m: Floats, y_m: Floats) -> Floats:
        """Bilinear interpolation of ``field`` at points inside the grid (see :meth:`covers`)."""
        rows, cols = field.shape
        fx = np.clip((x_m - self.x0_m) / self.cell_m, 0, cols - 1.000001)
        fy = np.clip((y_m - self.y0_m) / self.cell_m, 0, rows - 1.000001)
        j = fx.astype(np.intp)
        i = fy.astype(np.intp)
        tx = fx - j
        ty = fy - i
        # Index first, then widen: never copy the whole grid.
        f00 = field[i, j].astype(np.float64)
        f01 = field[i, j + 1].astype(np.float64)
        f10 = field[i + 1, j].astype(np.float64)
        f11 = field[i + 1, j + 1].astype(np.float64)
        top = f00 * (1 - tx) + f01 * tx
        bottom = f10 * (1 - tx) + f11 * tx
        return np.asarray(top * (1 - ty) + bottom * ty, dtype=np.float64)


def _edge_distance(cells: NDArray[np.float64]) -> NDArray[np.float32]:
    # The transform counts cell centres to the nearest cell centre across the coast; the
    # coast itself lies about half a cell nearer, at the cell edge.
    edge = np.where(cells > 0, cells * GRID_CELL_M - GRID_CELL_M / 2, 0.0)
    return np.asarray(edge, dtype=np.float32)


@cache
def coast_distance() -> CoastDistance:
    """Build the distance grid (once per process, ~1.5 s): rasterise land, then EDT."""
    from scipy import ndimage  # heavy; only needed here

    x_min, x_max, y_min, y_max = GRID_EXTENT
    xs = np.arange(x_min, x_max + GRID_CELL_M / 2, GRID_CELL_M)
    ys = np.arange(y_min, y_max + GRID_CELL_M / 2, GRID_CELL_M)
    gx, gy = np.meshgrid(xs, ys)
    the_land = land()
    fields = {}
    any_land = np.zeros(gx.shape, dtype=bool)
    for side in ("GB", "continent"):
        geom = the_land.side(side)
        shapely.prepare(geom)
        mask = shapely.contains_xy(geom, gx, gy)
        any_land |= mask
        fields[side] = _edge_distance(ndimage.distance_transform_edt(~mask))
    inland = _edge_distance(ndimage.distance_transform_edt(any_land))
    return CoastDistance(
        x0_m=float(xs[0]),
        y0_m=float(ys[0]),
        cell_m=GRID_CELL_M,
        to_gb_m=fields["GB"],
        to_continent_m=fields["continent"],
        inland_m=inland,
    )


@cache
def _shore(side: Side | None) -> BaseGeometry:
    # Land borders (France/Belgium) are not coast: measure to the union, not to each country.
    the_land = land()
    parts = list(the_land.metric.values()) if side is None else [the_land.side(side)]
    merged = shapely.union_all(parts)
    shapely.prepare(merged)
    return merged


def _exact_distance_m(x_m: Floats, y_m: Floats, side: Side | None) -> Floats:
    geom = _shore(side)
    points = shapely.points(x_m, y_m)
    outside = shapely.distance(points, geom)
    inside = shapely.contains_xy(geom, x_m, y_m)
    depth = shapely.distance(points, geom.boundary)
    return np.asarray(np.where(inside, -depth, outside), dtype=np.float64)


def distance_to_coast_m(lat: ArrayLike, lon: ArrayLike, side: Side | None = None) -> Floats:
    """Signed distance to the coast in metres: positive at sea, negative inland.

    ``side`` measures to one shore only (``"GB"`` or ``"continent"``); on the other
    shore's land the result is then the (positive) distance across to this one.
    """
    x_m, y_m = to_metric(lat, lon)
    return distance_to_coast_xy(x_m, y_m, side)


def distance_to_coast_xy(x_m: ArrayLike, y_m: ArrayLike, side: Side | None = None) -> Floats:
    """:func:`distance_to_coast_m` for positions already in the Channel frame."""
    x_m = np.atleast_1d(np.asarray(x_m, dtype=np.float64))
    y_m = np.atleast_1d(np.asarray(y_m, dtype=np.float64))
    grid = coast_distance()
    inside = grid.covers(x_m, y_m)
    out = np.empty(x_m.shape, dtype=np.float64)
    if inside.any():
        xi, yi = x_m[inside], y_m[inside]
        if side is None:
            to_shore = np.minimum(
                grid.sample(grid.to_gb_m, xi, yi), grid.sample(grid.to_continent_m, xi, yi)
            )
        else:
            field = grid.to_gb_m if side == "GB" else grid.to_continent_m
            to_shore = grid.sample(field, xi, yi)
        # At sea the shore field is positive and the depth 0, on land the reverse; their
        # difference is a signed distance that crosses zero at the coast.
        out[inside] = to_shore - grid.sample(grid.inland_m, xi, yi)
    if (~inside).any():
        out[~inside] = _exact_distance_m(x_m[~inside], y_m[~inside], side)
    return out


def is_land(lat: ArrayLike, lon: ArrayLike) -> NDArray[np.bool_]:
    """True on land: the 1:10m coastline in the Channel, the 1 km global mask elsewhere."""
    lat_a = np.atleast_1d(np.asarray(lat, dtype=np.float64))
    lon_a = np.atleast_1d(np.asarray(lon, dtype=np.float64))
    x_m, y_m = to_metric(lat_a, lon_a)
    grid = coast_distance()
    inside = grid.covers(x_m, y_m)
    out = np.zeros(lat_a.shape, dtype=bool)
    if inside.any():
        out[inside] = grid.sample(grid.inland_m, x_m[inside], y_m[inside]) > 0.0
    if (~inside).any():
        from global_land_mask import globe  # only for positions outside the Channel grid

        out[~inside] = globe.is_land(lat_a[~inside], lon_a[~inside])
    return out
