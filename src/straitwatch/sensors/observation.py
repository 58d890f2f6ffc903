# SPDX-License-Identifier: EUPL-1.2
"""The one observation schema every sensor feed is turned into.

An :class:`Observation` is a single sensed position of something at sea: an AIS
position report, a radar plot, or a sighting from a drone, camera, aircraft or patrol.
Times are timezone-aware UTC; positions are WGS84 degrees; uncertainty is a 1-sigma
horizontal error in metres.

>>> from datetime import datetime, UTC
>>> o = Observation(time=datetime(2022, 8, 22, 4, 10, tzinfo=UTC), sensor_id="radar-dover",
...                 kind=ObservationKind.RADAR, lat=51.05, lon=1.45, sigma_m=20.0)
>>> o.is_ais
False
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

__all__ = ["Identity", "Observation", "ObservationKind", "SightingKind"]


class ObservationKind(StrEnum):
    """Which kind of sensor produced the observation."""

    AIS = "ais"
    RADAR = "radar"
    SIGHTING = "sighting"


class SightingKind(StrEnum):
    """What a drone, camera, aircraft or patrol reports having seen."""

    SMALL_BOAT = "small_boat"
    VESSEL = "vessel"
    PERSONS_IN_WATER = "persons_in_water"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class Identity:
    """What AIS says a vessel is (static and voyage data); every field optional."""

    mmsi: int
    imo: int | None = None
    call_sign: str | None = None
    name: str | None = None
    ship_type: int | None = None
    length_m: float | None = None


@dataclass(slots=True)
class Observation:
    """One sensed position; the unit of the ingest → tracking stream.

    Treat it as read-only. It is not ``frozen``: a frozen dataclass pays a guarded
    ``object.__setattr__`` per field on construction (1.4 µs against 0.4 µs here), which
    is a tenth of the ingest time per AIS message at a million messages.
    """

    time: datetime
    sensor_id: str
    kind: ObservationKind
    lat: float
    lon: float
    sigma_m: float
    speed_kn: float | None = None
    course_deg: float | None = None
    heading_deg: float | None = None
    mmsi: int | None = None
    identity: Identity | None = None
    attributes: dict[str, Any] = field(default_factory=dict)
    """Sighting extras: ``sighting_kind``, ``persons_estimate``, ``confidence``,
    ``reporting_unit``; AIS extras: ``message_type``, ``nav_status``."""

    @property
    def is_ais(self) -> bool:
        return self.kind is ObservationKind.AIS
