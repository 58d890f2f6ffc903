# SPDX-License-Identifier: EUPL-1.2
"""The alert rules' thresholds and routing, declared in ``assessment/data/rules.yaml``.

Loaded once and validated: an unknown field, a value out of range, an agency code that
is not a partner, or a distress rule that could be held back is refused at start-up with
the field named.

>>> cfg = rules_config()
>>> cfg.distress.weights.persons_in_water >= cfg.distress.alert_score
True
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Annotated

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from straitwatch.assessment.alert import Severity
from straitwatch.errors import ConfigurationError

__all__ = [
    "CrossingRule",
    "DarkContactRule",
    "DepartureRule",
    "DistressRule",
    "DistressWeights",
    "IdentityMismatchRule",
    "LandingRule",
    "RulesConfig",
    "load_rules_config",
    "rules_config",
]

SPECIAL_ROUTES = ("@sar", "@enforcement")
Metres = Annotated[float, Field(ge=0)]
Knots = Annotated[float, Field(ge=0, le=60)]
Seconds = Annotated[float, Field(ge=0)]


class _Rule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    severity: Severity
    routed_to: tuple[str, ...] = Field(min_length=1)

    @field_validator("routed_to")
    @classmethod
    def _known_agencies(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        from straitwatch.access.directory import agencies

        known = {a.code for a in agencies()}
        bad = [v for v in value if v not in known and v not in SPECIAL_ROUTES]
        if bad:
            raise ValueError(
                f"unknown agency {', '.join(bad)} (partners: {', '.join(sorted(known))}; "
                f"or {', '.join(SPECIAL_ROUTES)})"
            )
        return value


class DepartureRule(_Rule):
    start_max_offshore_m: Metres
    min_offshore_gain_m: Metres
    max_course_off_seaward_deg: float = Field(gt=0, le=180)
    min_speed_kn: Knots
    max_speed_kn: Knots
    max_track_age_s: Seconds
    port_exclusion_m: Metres


class CrossingRule(_Rule):
    max_speed_kn: Knots
    eta_min_speed_kn: Knots
    landfall_search_m: float = Field(gt=0, le=200_000)


class DistressWeights(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    stopped_or_drifting: float = Field(ge=0)
    persons_in_water: float = Field(ge=0)
    overcrowded: float = Field(ge=0)
    night: float = Field(ge=0)
    poor_sea_state: float = Field(ge=0)


class DistressRule(_Rule):
    alert_score: float = Field(gt=0)
    weights: DistressWeights
    drift_max_kn: Knots
    stopped_min_s: Seconds
    drift_baseline_s: float = Field(gt=0)
    drift_hold_s: Seconds
    underway_min_kn: Knots
    resume_min_kn: Knots
    resume_hold_s: Seconds
    min_offshore_m: Metres
    overcrowded_persons: int = Field(ge=1)
    sighting_match_m: Metres
    cluster_m: Metres
    cluster_s: Seconds
    poor_wave_height_m: Metres
    poor_wind_kn: Knots
    night_sun_elevation_deg: float = Field(ge=-18, le=0)

    @field_validator("routed_to")
    @classmethod
    def _reaches_the_coastguard(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        # Safety of life: a distress alert always reaches the SAR coordination centre.
        if "@sar" not in value:
            raise ValueError("a distress alert must be routed to '@sar' (the coastguard)")
        return value


class DarkContactRule(_Rule):
    min_speed_kn: Knots
    min_dark_s: Seconds
    near_tss_m: Metres


class IdentityMismatchRule(_Rule):
    pass


class LandingRule(_Rule):
    shore_distance_m: Metres


class RulesConfig(BaseModel):
    """Every rule's thresholds; one section per alert type."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    departure: DepartureRule
    crossing: CrossingRule
    distress: DistressRule
    dark_contact: DarkContactRule
    identity_mismatch: IdentityMismatchRule
    landing: LandingRule

    def with_changes(self, **sections: dict[str, object]) -> RulesConfig:
        """A copy with some thresholds changed (tests, tuning): ``with_changes(landing={...})``."""
        data = self.model_dump()
        for name, values in sections.items():
            data[name] = {**data[name], **values}
        return RulesConfig.model_validate(data)


def load_rules_config(text: str, *, source: str = "rules.yaml") -> RulesConfig:
    """Parse and validate a rules file."""
    try:
        return RulesConfig.model_validate(yaml.safe_load(text))
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise ConfigurationError(f"{source}: {where}: {first['msg']}") from exc
    except yaml.YAMLError as exc:
        raise ConfigurationError(f"{source}: not valid YAML: {exc}") from exc


@cache
def rules_config() -> RulesConfig:
    """The shipped rules, loaded once per process."""
    path = resources.files("straitwatch.assessment").joinpath("data", "rules.yaml")
    return load_rules_config(path.read_text("utf-8"))
