# SPDX-License-Identifier: EUPL-1.2
"""The rules of a small boat's passage: ``departure``, ``crossing`` and ``landing``.

Each rule looks at one track update with its place features and the track's memory,
and returns the alert to raise (or ``None``); the caller keeps one open alert per track
and type.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from straitwatch.assessment.alert import Alert, AlertType
from straitwatch.assessment.config import RulesConfig
from straitwatch.assessment.memory import TrackMemory
from straitwatch.assessment.places import Places, landfall
from straitwatch.assessment.routing import route
from straitwatch.assessment.weather import Weather
from straitwatch.geo.zones import ChannelZones
from straitwatch.tracking.track import TrackUpdate

__all__ = ["RuleContext", "angle_off_deg", "crossing", "departure", "landing"]


@dataclass(frozen=True, slots=True)
class RuleContext:
    """What every rule reads besides the track: thresholds, zones, weather."""

    cfg: RulesConfig
    area: ChannelZones
    weather: Weather | None = None

    def sector_name(self, sector_id: str) -> str:
        return self.area.sector(sector_id).name if sector_id else "open sea"


def angle_off_deg(a_deg: float, b_deg: float) -> float:
    """Smallest angle between two bearings, 0–180°."""
    return abs((a_deg - b_deg + 180.0) % 360.0 - 180.0)


def _persons(m: TrackMemory, u: TrackUpdate) -> int | None:
    values = [v for v in (m.persons, u.persons_estimate) if v is not None]
    return max(values) if values else None


def departure(m: TrackMemory, u: TrackUpdate, p: Places, i: int, ctx: RuleContext) -> Alert | None:
    """A dark or small-boat track that started at the French coast and is heading out."""
    rule = ctx.cfg.departure
    if not m.from_french_coast or AlertType.DEPARTURE in m.open:
        return None
    if (u.time - m.first_time).total_seconds() > rule.max_track_age_s:
        return None
    if not rule.min_speed_kn <= u.speed_kn <= rule.max_speed_kn:
        return None
    gain_m = float(p.to_continent_m[i]) - m.start_offshore_m
    if gain_m < rule.min_offshore_gain_m:
        return None
    seaward = ctx.area.sector(m.start_sector).seaward_deg
    if angle_off_deg(u.course_deg, seaward) > rule.max_course_off_seaward_deg:
        return None
    name = ctx.sector_name(m.start_sector)
    detail: dict[str, Any] = {
        "sector": m.start_sector,
        "sector_name": name,
        "launch_lat": round(m.first_lat, 6),
        "launch_lon": round(m.first_lon, 6),
        "first_seen": m.first_time.isoformat(),
        "speed_kn": round(u.speed_kn, 1),
        "course_deg": round(u.course_deg, 0),
        "offshore_m": round(float(p.to_continent_m[i])),
        "persons_estimate": _persons(m, u),
        "classification": str(u.classification),
    }
    return Alert.new(
        AlertType.DEPARTURE,
        u.time,
        u.lat,
        u.lon,
        u.track_id,
        rule.severity,
        route(rule.routed_to, u.lat, u.lon, ctx.area),
        f"Small boat leaving {name}, {u.speed_kn:.1f} kn on {u.course_deg:03.0f}°",
        detail,
    )


def crossing(m: TrackMemory, u: TrackUpdate, p: Places, i: int, ctx: RuleContext) -> Alert | None:
    """A small boat crossing the median line or entering UK territorial waters."""
    rule = ctx.cfg.crossing
    if not m.small_boat or AlertType.CROSSING in m.open or u.speed_kn > rule.max_speed_kn:
        return None
    crossed_median = bool(p.uk_side[i]) and not m.last_uk_side
    entered_ts = str(p.territorial_sea[i]) == "GB" and m.last_territorial_sea != "GB"
    if not (crossed_median or entered_ts):
        return None
    detail: dict[str, Any] = {
        "boundary": "median_line" if crossed_median else "uk_territorial_sea",
        "speed_kn": round(u.speed_kn, 1),
        "course_deg": round(u.course_deg, 0),
        "to_uk_coast_m": round(float(p.to_gb_m[i])),
        "persons_estimate": _persons(m, u),
        "departure_sector": m.start_sector or None,
        "eta": None,
        "eta_s": None,
        "landfall": None,
    }
    summary = (
        "Small boat crossed the median line"
        if crossed_median
        else ("Small boat entered UK territorial waters")
    )
    if u.speed_kn >= rule.eta_min_speed_kn:
        fall = landfall(u.lat, u.lon, u.course_deg, ctx.area, search_m=rule.landfall_search_m)
        # Without a landfall on the course line, the straight distance gives a lower bound.
        dist_m = fall.distance_m if fall else max(float(p.to_gb_m[i]), 0.0)
        eta_s = dist_m / (u.speed_kn * 1852.0 / 3600.0)
        eta = u.time.timestamp() + eta_s
        detail["eta_s"] = round(eta_s)
        detail["eta"] = datetime.fromtimestamp(eta, UTC).isoformat()
        if fall:
            detail["landfall"] = {
                "lat": round(fall.lat, 5),
                "lon": round(fall.lon, 5),
                "sector": fall.sector or None,
                "sector_name": ctx.sector_name(fall.sector) if fall.sector else None,
            }
            where = ctx.sector_name(fall.sector) if fall.sector else "the UK coast"
            summary += f", ETA {where} {datetime.fromtimestamp(eta, UTC):%H:%M} UTC"
    return Alert.new(
        AlertType.CROSSING,
        u.time,
        u.lat,
        u.lon,
        u.track_id,
        rule.severity,
        route(rule.routed_to, u.lat, u.lon, ctx.area),
        summary,
        detail,
    )


def landing(m: TrackMemory, u: TrackUpdate, p: Places, i: int, ctx: RuleContext) -> Alert | None:
    """A small boat reaching the UK shore in an arrival sector."""
    rule = ctx.cfg.landing
    if not m.small_boat or AlertType.LANDING in m.open:
        return None
    sector = str(p.arrival_sector[i])
    if not sector or float(p.to_gb_m[i]) > rule.shore_distance_m:
        return None
    name = ctx.sector_name(sector)
    detail = {
        "sector": sector,
        "sector_name": name,
        "persons_estimate": _persons(m, u),
        "departure_sector": m.start_sector or None,
        "crossing_time_s": round((u.time - m.first_time).total_seconds()),
    }
    return Alert.new(
        AlertType.LANDING,
        u.time,
        u.lat,
        u.lon,
        u.track_id,
        rule.severity,
        route(rule.routed_to, u.lat, u.lon, ctx.area),
        f"Small boat landing at {name}",
        detail,
    )
