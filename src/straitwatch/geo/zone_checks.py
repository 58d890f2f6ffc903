# SPDX-License-Identifier: EUPL-1.2
"""The zones file checked against the coastline: sector limits on the shore, sectors that
do not overlap, a median line equidistant from the two coasts, TSS lanes at sea and
ports on the coast. A file that disagrees is refused, naming the zone at fault."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import shapely

from straitwatch.errors import ConfigurationError
from straitwatch.geo.declared import ZonesFile
from straitwatch.geo.land import Side as ShoreSide
from straitwatch.geo.land import distance_to_coast_m, land

if TYPE_CHECKING:
    from straitwatch.geo.zones import ChannelZones

__all__ = ["check_zones"]


def check_zones(decl: ZonesFile, built: ChannelZones) -> None:
    """Raise :class:`ConfigurationError` where ``built`` disagrees with the coastline."""
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
