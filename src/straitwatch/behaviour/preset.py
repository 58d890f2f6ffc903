# SPDX-License-Identifier: EUPL-1.2
"""Behaviour presets as data: ``behaviour/data/<name>.yaml``, validated when loaded.

A preset holds each rule's thresholds, where it applies (a box, a shore, a distance from
it), the anchorages that excuse an encounter, and where each event type is routed as an
alert. ``gfw`` follows Global Fishing Watch's published rules; ``channel`` is tuned for
small-boat work in the Dover Strait (its YAML says why each number was chosen).

>>> preset("gfw").encounter.max_distance_m
500.0
>>> sorted(PRESETS)
['channel', 'gfw']
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from straitwatch.assessment.alert import Severity
from straitwatch.assessment.config import SPECIAL_ROUTES
from straitwatch.behaviour.event import EventType
from straitwatch.errors import ConfigurationError, InvalidInput

__all__ = [
    "PRESETS",
    "Anchorage",
    "EncounterRule",
    "GapRule",
    "IdentityRule",
    "LoiteringRule",
    "Preset",
    "Route",
    "SwitchOffRule",
    "Where",
    "load_preset",
    "preset",
]

PRESETS = ("gfw", "channel")
Metres = Annotated[float, Field(ge=0)]
Knots = Annotated[float, Field(ge=0, le=120)]
Seconds = Annotated[float, Field(gt=0)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Where(_Strict):
    """Where a rule applies: inside ``box`` (lat_min, lat_max, lon_min, lon_max), between
    ``min_from_shore_m`` and ``max_from_shore_m`` of the coast (``shore``: any, GB or
    the continent)."""

    box: tuple[float, float, float, float] | None = None
    shore: Literal["any", "GB", "continent"] = "any"
    min_from_shore_m: Metres = 0.0
    max_from_shore_m: Metres | None = None

    @field_validator("box")
    @classmethod
    def _ordered(
        cls, v: tuple[float, float, float, float] | None
    ) -> tuple[float, float, float, float] | None:
        if v is not None and not (v[0] < v[1] and v[2] < v[3]):
            raise ValueError("box is [lat_min, lat_max, lon_min, lon_max], each min < max")
        return v


class EncounterRule(_Strict):
    max_distance_m: Metres
    min_duration_s: Seconds
    max_median_speed_kn: Knots
    min_from_anchorage_m: Metres
    bin_s: Seconds = 600.0
    """Positions are averaged per vessel over bins this long (GFW resamples to 10 min)."""
    max_missing_bins: int = Field(default=1, ge=0, le=12)
    """An encounter survives this many bins without a close pair (a missed report)."""
    require_dark: bool = False
    """Only encounters where at least one party carries no AIS (a dark track)."""
    where: Where = Where()


class LoiteringRule(_Strict):
    max_speed_kn: Knots
    min_duration_s: Seconds
    max_report_gap_s: Seconds = 3600.0
    """A slow run broken by a silence longer than this is two runs."""
    min_from_anchorage_m: Metres = 0.0
    require_dark: bool = False
    """Only tracks without AIS (AIS fishing boats work off the beaches every day)."""
    where: Where = Where()


class GapRule(_Strict):
    min_gap_s: Seconds
    where: Where = Where()


class SwitchOffRule(_Strict):
    min_gap_s: Seconds
    reception_reports: int = Field(ge=1, le=50)
    """Good reception before: the last ``reception_reports`` intervals before the gap..."""
    reception_max_interval_s: Seconds
    """...are each no longer than this."""
    where: Where = Where()


class IdentityRule(_Strict):
    max_speed_kn: Knots
    """Faster than this between two reports is impossible for a ship."""
    min_jump_m: Metres
    """Jumps shorter than this are left to GPS noise and time-stamp jitter."""
    return_m: Metres
    """A jump away and back to within this of where it was: two transmitters, one MMSI."""
    on_land_margin_m: Metres
    """A position this far inland (the 1:10m coast is only good to a few hundred metres)."""
    speed_mismatch_kn: Knots
    """AIS speed over ground against the speed made good by its own positions."""
    speed_window_s: Seconds = 600.0
    repeat_s: Seconds = 21600.0
    """One event per vessel and kind in this long: a broken transponder is one finding."""


class Route(_Strict):
    severity: Severity
    routed_to: tuple[str, ...] = Field(min_length=1)

    @field_validator("routed_to")
    @classmethod
    def _known_agencies(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        from straitwatch.access.directory import agencies

        known = {a.code for a in agencies()}
        bad = [v for v in value if v not in known and v not in SPECIAL_ROUTES]
        if bad:
            raise ValueError(f"unknown agency {', '.join(bad)}")
        return value


class Anchorage(_Strict):
    name: str
    at: tuple[float, float]


class Preset(_Strict):
    name: str
    description: str
    encounter: EncounterRule
    loitering: LoiteringRule
    ais_gap: GapRule
    ais_switch_off: SwitchOffRule
    identity: IdentityRule
    anchorages: tuple[Anchorage, ...] = ()
    """Besides the ports declared in ``geo/data/zones.yaml``."""
    alerts: dict[EventType, Route]

    @field_validator("alerts")
    @classmethod
    def _every_type(cls, value: dict[EventType, Route]) -> dict[EventType, Route]:
        missing = [str(t) for t in EventType if t not in value]
        if missing:
            raise ValueError(f"no routing for {', '.join(missing)}")
        return value


def load_preset(text: str, *, source: str) -> Preset:
    """Parse and validate one preset; errors name the file and the field."""
    try:
        return Preset.model_validate(yaml.safe_load(text))
    except (ValidationError, yaml.YAMLError) as exc:
        raise ConfigurationError(f"{source}: {exc}") from exc


@cache
def preset(name: str) -> Preset:
    """A shipped preset by name (``gfw`` or ``channel``)."""
    if name not in PRESETS:
        raise InvalidInput(f"unknown preset {name!r} (one of {', '.join(PRESETS)})")
    text = resources.files("straitwatch.behaviour").joinpath(f"data/{name}.yaml").read_text()
    return load_preset(text, source=f"behaviour/data/{name}.yaml")
