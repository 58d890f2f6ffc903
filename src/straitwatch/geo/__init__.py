# SPDX-License-Identifier: EUPL-1.2
"""Geography of the Channel: the one metric projection, land and distance to the coast,
and the zones operations work with (departure and arrival sectors, territorial seas, the
median line, SAR regions, the Dover Strait TSS, ports), declared as data in ``geo/data``.

>>> from straitwatch.geo import zones
>>> zones().departure_sector([50.772], [1.585]).tolist()
['FR-WIM']
"""

from straitwatch.geo.geojson import ZONE_KINDS, zones_geojson
from straitwatch.geo.land import (
    Land,
    coast_distance,
    distance_to_coast_m,
    distance_to_coast_xy,
    is_land,
    land,
)
from straitwatch.geo.projection import to_metric, to_wgs84
from straitwatch.geo.zones import ChannelZones, Lane, Port, SarRegion, Sector, load_zones, zones

__all__ = [
    "ZONE_KINDS",
    "ChannelZones",
    "Land",
    "Lane",
    "Port",
    "SarRegion",
    "Sector",
    "coast_distance",
    "distance_to_coast_m",
    "distance_to_coast_xy",
    "is_land",
    "land",
    "load_zones",
    "to_metric",
    "to_wgs84",
    "zones",
    "zones_geojson",
]
