# SPDX-License-Identifier: EUPL-1.2
"""Declared sensors (radars, fixed cameras...): where they are and how accurate they are,
so that a range/bearing plot can be placed on the map with an honest uncertainty.

Declared in YAML (or JSON) and validated when loaded (docs/formats.md, "Sensors file"):

>>> sites = SensorSites.load()            # the demo sites shipped with straitwatch
>>> lat, lon, sigma_m = sites.place("radar-dover", range_m=10_000, bearing_deg=135.0)
>>> round(lat, 3), round(lon, 3), round(sigma_m)
(51.065, 1.446, 56)
"""

from __future__ import annotations

import math
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from straitwatch.errors import InvalidInput, RejectedRecord
from straitwatch.sensors.records import RejectReason

__all__ = ["DEMO_SITES", "SensorSite", "SensorSites", "SiteKind"]

DEMO_SITES = Path(__file__).parent / "data" / "sensors.yaml"


class SiteKind(StrEnum):
    RADAR = "radar"
    CAMERA = "camera"
    DRONE = "drone"
    AIRCRAFT = "aircraft"
    PATROL = "patrol"
    AIS_RECEIVER = "ais_receiver"


class SensorSite(BaseModel):
    """One declared sensor."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(min_length=1, max_length=64)
    kind: SiteKind
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    max_range_m: float = Field(gt=0)
    range_sigma_m: float = Field(default=20.0, gt=0)
    bearing_sigma_deg: float = Field(default=0.5, gt=0, lt=45)
    position_sigma_m: float = Field(default=30.0, gt=0)
    label: str = ""


class _SitesFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    sensors: list[SensorSite]

    @model_validator(mode="after")
    def _unique_ids(self) -> _SitesFile:
        seen: set[str] = set()
        for site in self.sensors:
            if site.id in seen:
                raise ValueError(f"sensor id {site.id!r} is declared twice")
            seen.add(site.id)
        return self


@cache
def _geod() -> Any:
    from pyproj import Geod  # heavy: only when a range/bearing plot is read

    return Geod(ellps="WGS84")


class SensorSites:
    """The declared sensors by id; empty when none are declared."""

    def __init__(self, sites: list[SensorSite] | None = None, source: str = "") -> None:
        self.by_id = {site.id: site for site in sites or []}
        self.source = source

    @classmethod
    def load(cls, path: Path | None = None) -> SensorSites:
        """Read and validate a sensors file (the demo file when ``path`` is ``None``)."""
        import yaml

        path = path or DEMO_SITES
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise InvalidInput(
                f"cannot read sensors file: {exc.strerror}", where=str(path)
            ) from exc
        except yaml.YAMLError as exc:
            raise InvalidInput(f"not valid YAML or JSON: {exc}", where=str(path)) from exc
        try:
            parsed = _SitesFile.model_validate(data)
        except ValidationError as exc:
            first = exc.errors()[0]
            loc = first["loc"]
            name = ""
            if len(loc) >= 2 and isinstance(loc[1], int) and isinstance(data, dict):
                entry = (data.get("sensors") or [])[loc[1]]
                name = f"sensor {entry.get('id', loc[1])!r}, " if isinstance(entry, dict) else ""
            field = ".".join(str(p) for p in loc[2:]) or ".".join(str(p) for p in loc)
            raise InvalidInput(f"{name}{field}: {first['msg']}", where=str(path)) from exc
        return cls(parsed.sensors, source=str(path))

    def get(self, sensor_id: str) -> SensorSite | None:
        return self.by_id.get(sensor_id)

    def place(
        self, sensor_id: str, range_m: float, bearing_deg: float
    ) -> tuple[float, float, float]:
        """Latitude, longitude and 1-sigma error (m) of a range/bearing detection.

        The sigma is the major axis of the error ellipse,
        ``sqrt(range_sigma² + (range × bearing_sigma_rad)²)``, never smaller than the truth.
        Raises :class:`RejectedRecord` for an undeclared sensor or an impossible range.
        """
        site = self.by_id.get(sensor_id)
        if site is None:
            known = ", ".join(sorted(self.by_id)) or "none"
            raise RejectedRecord(
                RejectReason.UNKNOWN_SENSOR,
                f"sensor {sensor_id!r} is not declared in the sensors file "
                f"{self.source or '(none given)'} (declared: {known})",
            )
        if not 0.0 <= range_m <= site.max_range_m:
            raise RejectedRecord(
                RejectReason.OUT_OF_RANGE,
                f"range {range_m:g} m is outside 0…{site.max_range_m:g} m of {sensor_id}",
            )
        if not math.isfinite(bearing_deg):
            raise RejectedRecord(RejectReason.INVALID_RECORD, "bearing_deg is not a number")
        lon, lat, _ = _geod().fwd(site.lon, site.lat, bearing_deg % 360.0, range_m)
        sigma_m = math.hypot(site.range_sigma_m, range_m * math.radians(site.bearing_sigma_deg))
        return float(lat), float(lon), sigma_m
