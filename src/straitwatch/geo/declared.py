# SPDX-License-Identifier: EUPL-1.2
"""The shape of ``geo/data/zones.yaml``: the zones as declared, validated field by field.

These models check what can be checked without geometry (types, ranges, counts, unique
ids); :mod:`straitwatch.geo.zones` then builds the polygons in the metric frame and checks
them against the coastline (limits on the coast, median line equidistant, sectors not
overlapping).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

__all__ = [
    "Coast",
    "Limit",
    "MedianLine",
    "Port",
    "SarDeclaration",
    "SarRegion",
    "SectorGeometry",
    "SectorName",
    "TssDeclaration",
    "TssLane",
    "ZonesFile",
]

Lat = Annotated[float, Field(ge=-90, le=90)]
Lon = Annotated[float, Field(ge=-180, le=180)]
LatLon = tuple[Lat, Lon]
Bearing = Annotated[float, Field(ge=0, lt=360)]
Side = Literal["north_west", "south_east"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SectorGeometry(_Strict):
    inland_m: float = Field(gt=0)
    seaward_m: float = Field(gt=0)
    limit_tolerance_m: float = Field(gt=0)


class Limit(_Strict):
    """A named point on the coast where one sector ends and the next begins."""

    name: str
    at: LatLon
    seaward_deg: Bearing


class SectorName(_Strict):
    id: str = Field(pattern=r"^[A-Z]{2}-[A-Z]{3}$")
    name: str


class Coast(_Strict):
    """A stretch of coast split into sectors between consecutive limits."""

    country: Literal["GB", "FR"]
    limits: list[Limit] = Field(min_length=2)
    sectors: list[SectorName] = Field(min_length=1)

    @model_validator(mode="after")
    def _one_sector_per_gap(self) -> Coast:
        if len(self.sectors) != len(self.limits) - 1:
            raise ValueError(
                f"{len(self.limits)} limits make {len(self.limits) - 1} sectors, "
                f"but {len(self.sectors)} are named"
            )
        return self


class TerritorialSea(_Strict):
    breadth_m: float = Field(gt=0, le=50_000)


class MedianLine(_Strict):
    tolerance_m: float = Field(gt=0)
    points: list[LatLon] = Field(min_length=2)


class SarRegion(_Strict):
    id: str
    name: str
    side: Side
    coordinator: str
    """Agency code of the coordination centre (an MRCC)."""
    enforcement: str
    """Agency code of the law-enforcement partner on that side."""


class SarDeclaration(_Strict):
    shared_margin_m: float = Field(ge=0)
    boundary: list[LatLon] = Field(min_length=2)
    regions: list[SarRegion] = Field(min_length=2, max_length=2)
    extent: tuple[Lat, Lat, Lon, Lon]

    @model_validator(mode="after")
    def _both_sides(self) -> SarDeclaration:
        if {r.side for r in self.regions} != {"north_west", "south_east"}:
            raise ValueError("one SAR region on each side of the boundary")
        return self


class TssLane(_Strict):
    id: str
    name: str
    side: Side
    direction_deg: Bearing


class TssDeclaration(_Strict):
    name: str
    separation_half_width_m: float = Field(gt=0)
    lane_width_m: float = Field(gt=0)
    centreline: list[LatLon] = Field(min_length=2)
    lanes: list[TssLane] = Field(min_length=1)


class Port(_Strict):
    id: str = Field(pattern=r"^[A-Z]{5}$")
    """UN/LOCODE."""
    name: str
    country: str = Field(pattern=r"^[A-Z]{2}$")
    at: LatLon
    kind: Literal["ferry", "harbour"]


class ZonesFile(_Strict):
    """The whole of ``zones.yaml``."""

    version: Literal[1]
    sector_geometry: SectorGeometry
    departure_coast: Coast
    arrival_coast: Coast
    territorial_sea: TerritorialSea
    median_line: MedianLine
    sar: SarDeclaration
    tss: TssDeclaration
    ports: list[Port]

    @model_validator(mode="after")
    def _unique_ids(self) -> ZonesFile:
        ids = [s.id for c in (self.departure_coast, self.arrival_coast) for s in c.sectors]
        ids += [r.id for r in self.sar.regions] + [lane.id for lane in self.tss.lanes]
        ids += [p.id for p in self.ports]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"duplicate zone ids: {', '.join(dupes)}")
        return self
