# SPDX-License-Identifier: EUPL-1.2
"""The simulated day's parameters, from ``sim/data/scenario.yaml``, validated at load.

>>> cfg = scenario_config()
>>> cfg.radar("radar-dover").max_range_m
45000.0
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Annotated

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from straitwatch.errors import ConfigurationError, InvalidInput

__all__ = [
    "Detection",
    "Ferry",
    "RadarSite",
    "ScenarioConfig",
    "load_scenario_config",
    "scenario_config",
]

Positive = Annotated[float, Field(gt=0)]
Probability = Annotated[float, Field(ge=0, le=1)]
Range = tuple[float, float]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _ordered(value: Range, name: str) -> None:
    if not 0 <= value[0] <= value[1]:
        raise ValueError(f"{name}: expected [low, high] with 0 <= low <= high")


class RadarSite(_Strict):
    id: str
    lat: float = Field(ge=-90, le=90)
    lon: float = Field(ge=-180, le=180)
    max_range_m: Positive
    scan_s: Positive
    range_sigma_m: Positive
    bearing_sigma_deg: Positive
    clutter_per_scan: float = Field(ge=0)


class Detection(_Strict):
    pd_max: Probability
    range_50_m: Positive
    width_m: Positive


class DetectionModels(_Strict):
    small_boat: Detection
    vessel: Detection
    small_boat_sea_penalty: float = Field(ge=0, le=1)


class AisModel(_Strict):
    receiver_id: str
    report_interval_s: Positive
    static_interval_s: Positive


class Ferry(_Strict):
    from_: str = Field(alias="from")
    to: str
    per_day_each_way: int = Field(ge=0)
    speed_kn: Positive


class Traffic(_Strict):
    merchant_per_day: int = Field(ge=0)
    merchant_speed_kn: Range
    dark_fraction: Probability
    spoofed_fraction: Probability
    spoof_offset_m: Range
    lane_extension_m: float = Field(ge=0)
    ferries: list[Ferry]
    patrol_base: str
    patrol_speed_kn: Positive

    @model_validator(mode="after")
    def _ranges(self) -> Traffic:
        _ordered(self.merchant_speed_kn, "merchant_speed_kn")
        _ordered(self.spoof_offset_m, "spoof_offset_m")
        return self


class SmallBoats(_Strict):
    launch_hour_weights: list[float] = Field(min_length=24, max_length=24)
    sector_weights: dict[str, float]
    arrival_sector_weights: dict[str, float]
    speed_kn: Range
    persons_min: int = Field(ge=1)
    prevented_per_arrival: float = Field(ge=0)
    outcome_weights: dict[str, float]
    turn_back_after_min: Range
    engine_failure_after_min: Range
    rescue_after_min: Range
    persons_in_water_probability: Probability
    intercept_after_min: Range
    heading_noise_deg: float = Field(ge=0)
    step_s: Positive

    @model_validator(mode="after")
    def _check(self) -> SmallBoats:
        for name in (
            "speed_kn",
            "turn_back_after_min",
            "engine_failure_after_min",
            "rescue_after_min",
            "intercept_after_min",
        ):
            _ordered(getattr(self, name), name)
        if set(self.outcome_weights) != {"intercepted", "landed", "rescued"}:
            raise ValueError("outcome_weights: give intercepted, landed and rescued")
        if min(self.launch_hour_weights) < 0 or sum(self.launch_hour_weights) <= 0:
            raise ValueError("launch_hour_weights: non-negative, not all zero")
        return self


class Tide(_Strict):
    amplitude_kn: float = Field(ge=0)
    period_h: Positive
    flood_deg: float = Field(ge=0, lt=360)


class Sightings(_Strict):
    launch_patrol_probability: Probability
    aerial_probability: Probability
    persons_in_water_sighting_probability: Probability
    persons_error: float = Field(ge=0, le=1)


class WeatherModel(_Strict):
    wave_height_m: Range
    wind_kn: Range


class ScenarioConfig(_Strict):
    """Everything ``simulate`` needs besides the date, window and seed."""

    radars: list[RadarSite] = Field(min_length=1)
    detection: DetectionModels
    ais: AisModel
    traffic: Traffic
    small_boats: SmallBoats
    tide: Tide
    sightings: Sightings
    weather: WeatherModel

    @model_validator(mode="after")
    def _zones_exist(self) -> ScenarioConfig:
        from straitwatch.geo.zones import zones

        area = zones()
        dep = {s.id for s in area.departure_sectors}
        arr = {s.id for s in area.arrival_sectors}
        ports = {p.id for p in area.ports}
        for name, known, given in (
            ("sector_weights", dep, set(self.small_boats.sector_weights)),
            ("arrival_sector_weights", arr, set(self.small_boats.arrival_sector_weights)),
            (
                "ferries/patrol_base",
                ports,
                {f.from_ for f in self.traffic.ferries}
                | {f.to for f in self.traffic.ferries}
                | {self.traffic.patrol_base},
            ),
        ):
            unknown = given - known
            if unknown:
                raise ValueError(f"{name}: unknown zone(s) {', '.join(sorted(unknown))}")
        ids = [r.id for r in self.radars]
        if len(set(ids)) != len(ids):
            raise ValueError("radars: duplicate id")
        return self

    def radar(self, radar_id: str) -> RadarSite:
        for r in self.radars:
            if r.id == radar_id:
                return r
        raise InvalidInput(f"no radar {radar_id!r} in the scenario")


def load_scenario_config(text: str, *, source: str = "scenario.yaml") -> ScenarioConfig:
    try:
        return ScenarioConfig.model_validate(yaml.safe_load(text))
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise ConfigurationError(f"{source}: {where}: {first['msg']}") from exc
    except yaml.YAMLError as exc:
        raise ConfigurationError(f"{source}: not valid YAML: {exc}") from exc


@cache
def scenario_config() -> ScenarioConfig:
    """The shipped scenario parameters."""
    path = resources.files("straitwatch.sim").joinpath("data", "scenario.yaml")
    return load_scenario_config(path.read_text("utf-8"))
