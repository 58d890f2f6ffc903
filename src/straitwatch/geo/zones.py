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

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np
import shapely
import yaml
from numpy.typing import ArrayLike, NDArray
from pydantic import ValidationError
from shapely.geometry import LineString, MultiPolygon, Point, Polygon, box
from shapely.ops import split

from straitwatch.errors import ConfigurationError
from straitwatch.geo.declared import Coast, Side, ZonesFile
from straitwatch.geo.land import GRID_EXTENT, distance_to_coast_m, land
from straitwatch.geo.land import Side as ShoreSide
from straitwatch.geo.projection import to_metric

__all__ = ["ChannelZones", "Lane", "Port", "SarRegion", "Sector", "load_zones", "zones"]

Floats = NDArray[np.float64]
Labels = NDArray[np.str_]
_ANYWHERE = box(
    *(
        v
        for v in (
            GRID_EXTENT[0] - 3e5,
            GRID_EXTENT[2] - 3e5,
            GRID_EXTENT[1] + 3e5,
            GRID_EXTENT[3] + 3e5,
        )
    )
)


@dataclass(frozen=True, slots=True)
class Sector:
    """A named stretch of coast with the sea in front of it (departure or arrival)."""

    id: str
    name: str
    country: str
    seaward_deg: float
    """Mean true bearing from the beach out to sea: 'heading out' is measured against it."""
    polygon_m: Polygon


@dataclass(frozen=True, slots=True)
class SarRegion:
    id: str
    name: str
    coordinator: str
    enforcement: str
    polygon_m: Polygon


@dataclass(frozen=True, slots=True)
class Lane:
    id: str
    name: str
    direction_deg: float
    polygon_m: Polygon
    centreline_m: LineString
    """The middle of the lane, drawn in the direction of its traffic."""


@dataclass(frozen=True, slots=True)
class Port:
    id: str
    name: str
    country: str
    lat: float
    lon: float
    kind: str
    x_m: float
    y_m: float


def _xy(latlon: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
    x_m, y_m = to_metric([p[0] for p in latlon], [p[1] for p in latlon])
    return list(zip(x_m.tolist(), y_m.tolist(), strict=True))


def _extended(line: LineString, by_m: float = 3e6) -> LineString:
    """The line with both end segments prolonged, so that it cuts any box in two."""
    c = np.asarray(line.coords)

    def beyond(a: NDArray[np.float64], b: NDArray[np.float64]) -> tuple[float, float]:
        d = b - a
        end = b + d / np.hypot(*d) * by_m
        return float(end[0]), float(end[1])

    return LineString([beyond(c[1], c[0]), *map(tuple, c), beyond(c[-2], c[-1])])


def _north_west_half(line: LineString) -> Polygon:
    """The part of the whole area on the north-west side of a south-west → north-east line."""
    halves = split(_ANYWHERE, _extended(line)).geoms
    probe = Point(-3e5, 3e5)  # far north-west: inland England
    for half in halves:
        if half.contains(probe) and isinstance(half, Polygon):
            return half
    raise ConfigurationError("zones.yaml: a boundary line does not split the area in two")


def _offset(bearing_deg: float, dist_m: float) -> NDArray[np.float64]:
    rad = math.radians(bearing_deg)
    return np.array([math.sin(rad), math.cos(rad)]) * dist_m


def _sectors(coast: Coast, inland_m: float, seaward_m: float) -> tuple[Sector, ...]:
    xy = np.asarray(_xy([lim.at for lim in coast.limits]))
    out = []
    for k, named in enumerate(coast.sectors):
        a, b = coast.limits[k], coast.limits[k + 1]
        pa, pb = xy[k], xy[k + 1]
        ring = [
            pa - _offset(a.seaward_deg, inland_m),
            pa + _offset(a.seaward_deg, seaward_m),
            pb + _offset(b.seaward_deg, seaward_m),
            pb - _offset(b.seaward_deg, inland_m),
        ]
        mean = math.degrees(
            math.atan2(
                math.sin(math.radians(a.seaward_deg)) + math.sin(math.radians(b.seaward_deg)),
                math.cos(math.radians(a.seaward_deg)) + math.cos(math.radians(b.seaward_deg)),
            )
        )
        poly = Polygon([tuple(p) for p in ring])
        if not poly.is_valid:
            raise ConfigurationError(
                f"zones.yaml: sector {named.id} is not a simple polygon (check the bearings "
                f"at {a.name} and {b.name})"
            )
        out.append(Sector(named.id, named.name, coast.country, mean % 360.0, poly))
    return tuple(out)


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


def _tss(decl: ZonesFile) -> tuple[tuple[Lane, ...], Polygon]:
    tss = decl.tss
    line = LineString(_xy(tss.centreline))
    half, width = tss.separation_half_width_m, tss.lane_width_m

    def band(side: Side, inner: float, outer: float) -> Polygon:
        sign = 1.0 if side == "north_west" else -1.0  # left of a SW→NE line is north-west
        far = line.buffer(sign * outer, single_sided=True, cap_style="flat")
        near = line.buffer(sign * inner, single_sided=True, cap_style="flat")
        poly = far.difference(near)
        if not isinstance(poly, Polygon):
            poly = max(getattr(poly, "geoms", [poly]), key=lambda g: g.area)
        return poly

    def middle(side: Side, direction_deg: float) -> LineString:
        sign = 1.0 if side == "north_west" else -1.0
        mid = line.offset_curve(sign * (half + width / 2))
        assert isinstance(mid, LineString)
        c = np.asarray(mid.coords)
        heading = np.degrees(np.arctan2(*(c[-1] - c[0]))) % 360
        reverse = abs((heading - direction_deg + 180) % 360 - 180) > 90
        return LineString(c[::-1] if reverse else c)

    lanes = tuple(
        Lane(
            lane.id,
            lane.name,
            lane.direction_deg,
            band(lane.side, half, half + width),
            middle(lane.side, lane.direction_deg),
        )
        for lane in tss.lanes
    )
    separation = line.buffer(half, cap_style="flat")
    assert isinstance(separation, Polygon)
    return lanes, separation


def _territorial_seas(
    breadth_m: float, uk_side: Polygon, border_x_m: float
) -> dict[str, MultiPolygon]:
    the_land = land()
    all_land = shapely.union_all([g for g in the_land.metric.values()])

    def sea(country: str, keep: Polygon | MultiPolygon) -> MultiPolygon:
        # Simplify to 50 m before buffering: same sea to the metre, ten times faster.
        zone = the_land.metric[country].simplify(50.0).buffer(breadth_m)
        zone = zone.difference(all_land).intersection(keep)
        parts = [g for g in getattr(zone, "geoms", [zone]) if isinstance(g, Polygon)]
        return MultiPolygon(parts)

    continent = _ANYWHERE.difference(uk_side)
    west, east = split(continent, LineString([(border_x_m, -1e7), (border_x_m, 1e7)])).geoms
    if west.centroid.x > east.centroid.x:
        west, east = east, west
    seas = {"GB": sea("GB", uk_side), "FR": sea("FR", west)}
    if "BE" in the_land.metric:
        seas["BE"] = sea("BE", east)
    return seas


def _check(decl: ZonesFile, built: ChannelZones) -> None:
    tol = decl.sector_geometry.limit_tolerance_m
    for coast in (decl.departure_coast, decl.arrival_coast):
        side: ShoreSide = "GB" if coast.country == "GB" else "continent"
        lat = [lim.at[0] for lim in coast.limits]
        lon = [lim.at[1] for lim in coast.limits]
        d = distance_to_coast_m(lat, lon, side)
        for lim, dist in zip(coast.limits, d.tolist(), strict=True):
            if abs(dist) > tol:
                raise ConfigurationError(
                    f"zones.yaml: limit {lim.name!r} is {abs(dist):.0f} m from the "
                    f"{coast.country} coast (tolerance {tol:.0f} m)"
                )
    for group in (built.departure_sectors, built.arrival_sectors):
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                shared = a.polygon_m.intersection(b.polygon_m).area
                if shared > 0.01 * min(a.polygon_m.area, b.polygon_m.area):
                    raise ConfigurationError(f"zones.yaml: sectors {a.id} and {b.id} overlap")
    med = decl.median_line
    lat = [p[0] for p in med.points]
    lon = [p[1] for p in med.points]
    gap = np.abs(distance_to_coast_m(lat, lon, "GB") - distance_to_coast_m(lat, lon, "continent"))
    for (la, lo), g in zip(med.points, gap.tolist(), strict=True):
        if g > 2 * med.tolerance_m:
            raise ConfigurationError(
                f"zones.yaml: median line vertex ({la}, {lo}) is not equidistant from the "
                f"two coasts (off by {g / 2:.0f} m, tolerance {med.tolerance_m:.0f} m)"
            )
    all_land = shapely.union_all(list(land().metric.values()))
    for lane in built.tss_lanes:
        if lane.polygon_m.intersection(all_land).area > 0:
            raise ConfigurationError(f"zones.yaml: TSS lane {lane.id} crosses land")
    for port in built.ports:
        shore: ShoreSide = "GB" if port.country == "GB" else "continent"
        dist = float(distance_to_coast_m([port.lat], [port.lon], shore)[0])
        if abs(dist) > 3000:
            raise ConfigurationError(
                f"zones.yaml: port {port.id} ({port.name}) is {abs(dist):.0f} m from the coast"
            )


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
    uk_side = _north_west_half(LineString(_xy(decl.median_line.points)))
    sar_line = LineString(_xy(decl.sar.boundary))
    nw = _north_west_half(sar_line)
    lat0, lat1, lon0, lon1 = decl.sar.extent
    ex, ey = to_metric([lat0, lat0, lat1, lat1], [lon0, lon1, lon1, lon0])
    extent = Polygon(zip(ex.tolist(), ey.tolist(), strict=True))
    regions = []
    for r in decl.sar.regions:
        half = nw if r.side == "north_west" else _ANYWHERE.difference(nw)
        poly = half.intersection(extent)
        assert isinstance(poly, Polygon)
        regions.append(SarRegion(r.id, r.name, r.coordinator, r.enforcement, poly))
    border_x = float(_xy([decl.departure_coast.limits[0].at])[0][0])
    lanes, separation = _tss(decl)
    px, py = to_metric([p.at[0] for p in decl.ports], [p.at[1] for p in decl.ports])
    built = ChannelZones(
        departure_sectors=_sectors(decl.departure_coast, geom.inland_m, geom.seaward_m),
        arrival_sectors=_sectors(decl.arrival_coast, geom.inland_m, geom.seaward_m),
        territorial_seas_m=_territorial_seas(decl.territorial_sea.breadth_m, uk_side, border_x),
        territorial_sea_breadth_m=decl.territorial_sea.breadth_m,
        median_line_m=LineString(_xy(decl.median_line.points)),
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
    )
    _check(decl, built)
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
