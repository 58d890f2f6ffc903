# SPDX-License-Identifier: EUPL-1.2
"""The zones of the Channel picture, built from ``geo/data/zones.yaml`` and checked.

Departure sectors of the French coast, arrival sectors of Kent and East Sussex, the
12 nm territorial seas (the coastline buffered in the metric frame, split at the median
line), the median line, the UK and French search-and-rescue regions, the Dover Strait
TSS lanes and the main ports. :func:`zones` loads them once per process and refuses a
file whose geometry disagrees with the coastline, naming the zone at fault.

Every query takes arrays of positions (WGS84 degrees, or ``_m`` variants in the Channel
frame) and answers for all of them at once:

>>> z = zones()
>>> z.departure_sector([50.772], [1.585]).tolist()       # 1.5 km off Wimereux
['FR-WIM']
>>> z.sar_region([50.772], [1.585]).tolist()
['FR']
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np
import shapely
import yaml
from numpy.typing import ArrayLike, NDArray
from pydantic import ValidationError
from shapely.geometry import LineString, MultiPolygon, Polygon

from straitwatch.errors import ConfigurationError
from straitwatch.geo.declared import ZonesFile
from straitwatch.geo.projection import to_metric
from straitwatch.geo.zone_checks import check_zones
from straitwatch.geo.zone_shapes import (
    ANYWHERE,
    Lane,
    Port,
    SarRegion,
    Sector,
    north_west_half,
    sectors,
    territorial_seas,
    tss,
    xy,
)

__all__ = ["ChannelZones", "Lane", "Port", "SarRegion", "Sector", "load_zones", "zones"]

Floats = NDArray[np.float64]
Labels = NDArray[np.str_]


@dataclass(frozen=True, slots=True)
class ChannelZones:
    """All zones, in the Channel frame, with vectorised queries."""

    departure_sectors: tuple[Sector, ...]
    arrival_sectors: tuple[Sector, ...]
    territorial_seas_m: dict[str, MultiPolygon]
    territorial_sea_breadth_m: float
    median_line_m: LineString
    uk_side_m: Polygon
    """Everything on the British side of the median line."""
    sar_regions: tuple[SarRegion, ...]
    sar_boundary_m: LineString
    sar_shared_margin_m: float
    tss_name: str
    tss_lanes: tuple[Lane, ...]
    tss_separation_m: Polygon
    ports: tuple[Port, ...]
    places: tuple[tuple[str, float, float], ...] = ()
    """Named places on the coasts (beaches, headlands, the sector limits): (name, lat, lon)."""

    # -- sectors -------------------------------------------------------------------
    def departure_sector(self, lat: ArrayLike, lon: ArrayLike) -> Labels:
        """Id of the French departure sector each position is in, or ``""``."""
        return self._label(self.departure_sectors, *to_metric(lat, lon))

    def arrival_sector(self, lat: ArrayLike, lon: ArrayLike) -> Labels:
        """Id of the UK arrival sector each position is in, or ``""``."""
        return self._label(self.arrival_sectors, *to_metric(lat, lon))

    def departure_sector_m(self, x_m: Floats, y_m: Floats) -> Labels:
        return self._label(self.departure_sectors, x_m, y_m)

    def arrival_sector_m(self, x_m: Floats, y_m: Floats) -> Labels:
        return self._label(self.arrival_sectors, x_m, y_m)

    def sector(self, sector_id: str) -> Sector:
        for s in (*self.departure_sectors, *self.arrival_sectors):
            if s.id == sector_id:
                return s
        raise KeyError(sector_id)

    @staticmethod
    def _label(
        zones: Sequence[Sector | SarRegion | Lane], x_m: ArrayLike, y_m: ArrayLike
    ) -> Labels:
        x = np.atleast_1d(np.asarray(x_m, dtype=np.float64))
        y = np.atleast_1d(np.asarray(y_m, dtype=np.float64))
        out = np.full(x.shape, "", dtype=object)
        for zone in zones:
            hit = shapely.contains_xy(zone.polygon_m, x, y) & (out == "")
            out[hit] = zone.id
        return out.astype(str)

    # -- median line and territorial seas ----------------------------------------
    def uk_side(self, lat: ArrayLike, lon: ArrayLike) -> NDArray[np.bool_]:
        """True on the British side of the median line."""
        return self.uk_side_m_xy(*to_metric(lat, lon))

    def uk_side_m_xy(self, x_m: Floats, y_m: Floats) -> NDArray[np.bool_]:
        return np.asarray(
            shapely.contains_xy(self.uk_side_m, np.atleast_1d(x_m), np.atleast_1d(y_m))
        )

    def territorial_sea(self, lat: ArrayLike, lon: ArrayLike) -> Labels:
        """Country whose territorial sea each position is in (``GB``, ``FR``, ``BE``) or ``""``."""
        x_m, y_m = to_metric(lat, lon)
        return self.territorial_sea_m(x_m, y_m)

    def territorial_sea_m(self, x_m: Floats, y_m: Floats) -> Labels:
        x = np.atleast_1d(x_m)
        y = np.atleast_1d(y_m)
        out = np.full(x.shape, "", dtype=object)
        for country, poly in self.territorial_seas_m.items():
            out[shapely.contains_xy(poly, x, y) & (out == "")] = country
        return out.astype(str)

    # -- search and rescue ----------------------------------------------------------
    def sar_region(self, lat: ArrayLike, lon: ArrayLike) -> Labels:
        """Id of the SAR region (``UK`` or ``FR``) each position is in."""
        x_m, y_m = to_metric(lat, lon)
        return self._label(self.sar_regions, x_m, y_m)

    def sar_coordinators(self, lat: ArrayLike, lon: ArrayLike) -> list[tuple[str, ...]]:
        """Agency codes of the coordination centres to alert for each position: the one
        of its region first, and the other one too within the shared margin."""
        x_m, y_m = to_metric(lat, lon)
        return self.sar_coordinators_m(x_m, y_m)

    def sar_coordinators_m(self, x_m: Floats, y_m: Floats) -> list[tuple[str, ...]]:
        x = np.atleast_1d(x_m)
        y = np.atleast_1d(y_m)
        region = self._label(self.sar_regions, x, y)
        near = shapely.distance(shapely.points(x, y), self.sar_boundary_m) <= (
            self.sar_shared_margin_m
        )
        by_id = {r.id: r.coordinator for r in self.sar_regions}
        everyone = tuple(r.coordinator for r in self.sar_regions)
        out: list[tuple[str, ...]] = []
        for rid, shared in zip(region.tolist(), near.tolist(), strict=True):
            first = by_id.get(rid)
            if first is None or shared:
                rest = tuple(c for c in everyone if c != first)
                out.append(((first,) if first else ()) + rest)
            else:
                out.append((first,))
        return out

    def enforcement_agency(self, lat: ArrayLike, lon: ArrayLike) -> Labels:
        """Law-enforcement partner of the side of the boundary each position is on."""
        x_m, y_m = to_metric(lat, lon)
        region = self._label(self.sar_regions, x_m, y_m)
        by_id = {r.id: r.enforcement for r in self.sar_regions}
        return np.asarray([by_id.get(r, "") for r in region.tolist()], dtype=str)

    # -- traffic separation scheme ------------------------------------------------
    def tss_lane(self, lat: ArrayLike, lon: ArrayLike) -> Labels:
        """Id of the TSS lane each position is in, or ``""``."""
        return self._label(self.tss_lanes, *to_metric(lat, lon))

    def distance_to_tss_m(self, x_m: Floats, y_m: Floats) -> Floats:
        """Distance in metres to the scheme (lanes and separation zone); 0 inside it."""
        scheme = shapely.union_all(
            [lane.polygon_m for lane in self.tss_lanes] + [self.tss_separation_m]
        )
        return np.asarray(
            shapely.distance(shapely.points(np.atleast_1d(x_m), np.atleast_1d(y_m)), scheme)
        )

    # -- ports ------------------------------------------------------------------------
    def nearest_port(self, x_m: Floats, y_m: Floats) -> tuple[Labels, Floats]:
        """Id of, and distance in metres to, the nearest port for each position."""
        px = np.array([p.x_m for p in self.ports])
        py = np.array([p.y_m for p in self.ports])
        d = np.hypot(np.atleast_1d(x_m)[:, None] - px, np.atleast_1d(y_m)[:, None] - py)
        k = d.argmin(axis=1)
        ids = np.array([p.id for p in self.ports])
        return ids[k], d[np.arange(len(k)), k]


def load_zones(text: str, *, source: str = "zones.yaml") -> ChannelZones:
    """Parse, build and check a zones file (the shipped one, or one given in a test)."""
    try:
        decl = ZonesFile.model_validate(yaml.safe_load(text))
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise ConfigurationError(f"{source}: {where}: {first['msg']}") from exc
    except yaml.YAMLError as exc:
        raise ConfigurationError(f"{source}: not valid YAML: {exc}") from exc
    geom = decl.sector_geometry
    uk_side = north_west_half(LineString(xy(decl.median_line.points)))
    sar_line = LineString(xy(decl.sar.boundary))
    nw = north_west_half(sar_line)
    lat0, lat1, lon0, lon1 = decl.sar.extent
    ex, ey = to_metric([lat0, lat0, lat1, lat1], [lon0, lon1, lon1, lon0])
    extent = Polygon(zip(ex.tolist(), ey.tolist(), strict=True))
    regions = []
    for r in decl.sar.regions:
        half = nw if r.side == "north_west" else ANYWHERE.difference(nw)
        poly = half.intersection(extent)
        assert isinstance(poly, Polygon)
        regions.append(SarRegion(r.id, r.name, r.coordinator, r.enforcement, poly))
    border_x = float(xy([decl.departure_coast.limits[0].at])[0][0])
    lanes, separation = tss(decl)
    px, py = to_metric([p.at[0] for p in decl.ports], [p.at[1] for p in decl.ports])
    built = ChannelZones(
        departure_sectors=sectors(decl.departure_coast, geom.inland_m, geom.seaward_m),
        arrival_sectors=sectors(decl.arrival_coast, geom.inland_m, geom.seaward_m),
        territorial_seas_m=territorial_seas(decl.territorial_sea.breadth_m, uk_side, border_x),
        territorial_sea_breadth_m=decl.territorial_sea.breadth_m,
        median_line_m=LineString(xy(decl.median_line.points)),
        uk_side_m=uk_side,
        sar_regions=tuple(regions),
        sar_boundary_m=sar_line,
        sar_shared_margin_m=decl.sar.shared_margin_m,
        tss_name=decl.tss.name,
        tss_lanes=lanes,
        tss_separation_m=separation,
        ports=tuple(
            Port(p.id, p.name, p.country, p.at[0], p.at[1], p.kind, x, y)
            for p, x, y in zip(decl.ports, px.tolist(), py.tolist(), strict=True)
        ),
        places=tuple(
            (limit.name, limit.at[0], limit.at[1])
            for coast in (decl.departure_coast, decl.arrival_coast)
            for limit in coast.limits
        ),
    )
    check_zones(decl, built)
    for poly in (
        built.uk_side_m,
        *(r.polygon_m for r in regions),
        *built.territorial_seas_m.values(),
    ):
        shapely.prepare(poly)
    zones_with_polygons: list[Sector | Lane] = [
        *built.departure_sectors,
        *built.arrival_sectors,
        *lanes,
    ]
    for zone in zones_with_polygons:
        shapely.prepare(zone.polygon_m)
    return built


@cache
def zones() -> ChannelZones:
    """The shipped zones, loaded and checked once per process."""
    text = resources.files("straitwatch.geo").joinpath("data", "zones.yaml").read_text("utf-8")
    return load_zones(text)
