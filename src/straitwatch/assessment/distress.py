# SPDX-License-Identifier: EUPL-1.2
"""The ``distress`` rule: people at risk at sea, scored from what is known.

Factors, each weighted in ``rules.yaml``: a small boat stopped or drifting at sea after
making way (engine failure, out of fuel, deflating), persons in the water, overcrowding
reported by a sighting, night, poor sea state. A score at or above ``alert_score`` raises
a distress alert routed to the coastguard of the SAR region (both near the boundary).

Safety of life: nothing here — no handling rule, role or filter — holds a distress alert
back. Once open, a rising score updates the same alert rather than raising another. An
alert keeps the time and place it was raised at; updates carry the boat's latest position
in ``detail["last_position"]``.

One stop, one alert: a boat alerted as stopped that then makes way again for
``resume_hold_s`` (a false alarm on a slow boat turning, or a restarted engine) has ended
that episode. Its alert is updated to say so, and a later stop is a new distress, raised
at once: an earlier alert on the same track never holds a new one back.
"""

from __future__ import annotations

from typing import Any

from straitwatch.assessment.alert import Alert, AlertType
from straitwatch.assessment.memory import SightingCluster, TrackMemory
from straitwatch.assessment.passage import RuleContext
from straitwatch.assessment.places import Places
from straitwatch.assessment.routing import route
from straitwatch.sensors.observation import Observation
from straitwatch.tracking.track import TrackUpdate

__all__ = ["FACTORS", "distress", "factors_of", "persons_in_water_alert"]

FACTORS = ("stopped_or_drifting", "persons_in_water", "overcrowded", "night", "poor_sea_state")


def factors_of(m: TrackMemory, u: TrackUpdate, p: Places, i: int, ctx: RuleContext) -> list[str]:
    """The distress factors present for this track now."""
    rule = ctx.cfg.distress
    found = []
    # Drifting (judged over minutes when the memory was updated) for a few scans running,
    # after making way: one stalled track update is not a boat adrift.
    slow = m.slow_since
    if (
        slow is not None
        and m.underway_at is not None
        and (u.time - slow).total_seconds() >= rule.drift_hold_s
    ):
        found.append("stopped_or_drifting")
    if m.persons_in_water or "persons_in_water" in u.flags:
        found.append("persons_in_water")
    persons = max((v for v in (m.persons, u.persons_estimate) if v is not None), default=None)
    if persons is not None and persons >= rule.overcrowded_persons:
        found.append("overcrowded")
    if float(p.sun_elevation_deg[i]) < rule.night_sun_elevation_deg:
        found.append("night")
    sea = ctx.weather.at(u.time) if ctx.weather else None
    if sea and (sea.wave_height_m >= rule.poor_wave_height_m or sea.wind_kn >= rule.poor_wind_kn):
        found.append("poor_sea_state")
    return found


def _score(factors: list[str], ctx: RuleContext) -> float:
    weights = ctx.cfg.distress.weights
    return round(sum(float(getattr(weights, f)) for f in factors), 3)


def distress(
    m: TrackMemory, u: TrackUpdate, p: Places, i: int, ctx: RuleContext
) -> tuple[Alert | None, Alert | None]:
    """``(raised, updated)``: a new distress alert, or the open one with a higher score (or
    stood down: the boat is under way again). ``m.open`` is kept up to date here."""
    rule = ctx.cfg.distress
    current = m.open.get(AlertType.DISTRESS)
    if current is not None and _under_way_again(m, u, current, ctx):
        del m.open[AlertType.DISTRESS]
        return None, current.updated(
            detail={
                **current.detail,
                "under_way_again": m.moving_since.isoformat() if m.moving_since else None,
                "last_position": _position(u),
                "updated": u.time.isoformat(),
            },
        )
    if not (m.small_boat or m.persons_in_water or "persons_in_water" in u.flags):
        return None, None
    if float(p.to_coast_m[i]) < rule.min_offshore_m and not m.persons_in_water:
        return None, None
    factors = factors_of(m, u, p, i, ctx)
    score = _score(factors, ctx)
    if score < rule.alert_score:
        return None, None
    persons = max((v for v in (m.persons, u.persons_estimate) if v is not None), default=None)
    detail: dict[str, Any] = {
        "risk_score": score,
        "factors": factors,
        "persons_estimate": persons,
        "speed_kn": round(u.speed_kn, 1),
        "drifting_since": m.slow_since.isoformat() if m.slow_since else None,
        "sar_region": str(ctx.area.sar_region([u.lat], [u.lon])[0]) or None,
    }
    summary = "Persons at risk: " + ", ".join(f.replace("_", " ") for f in factors)
    routed = route(rule.routed_to, u.lat, u.lon, ctx.area)
    if current is None:
        alert = Alert.new(
            AlertType.DISTRESS,
            u.time,
            u.lat,
            u.lon,
            u.track_id,
            rule.severity,
            routed,
            summary,
            detail,
        )
        return alert, None
    if score <= float(current.detail.get("risk_score", 0.0)):
        return None, None
    # Routing only ever grows: a centre already alerted stays alerted.
    merged = tuple(dict.fromkeys(current.routed_to + routed))
    m.open[AlertType.DISTRESS] = update = current.updated(
        routed_to=merged,
        summary=summary,
        detail={**detail, "last_position": _position(u), "updated": u.time.isoformat()},
    )
    return None, update


def _position(u: TrackUpdate) -> dict[str, Any]:
    return {"time": u.time.isoformat(), "lat": round(u.lat, 6), "lon": round(u.lon, 6)}


def _under_way_again(m: TrackMemory, u: TrackUpdate, current: Alert, ctx: RuleContext) -> bool:
    """The stop that ``current`` was raised for is over: the boat has made way since, for
    ``resume_hold_s``, and nothing else (persons in the water) keeps the alert about it."""
    factors = current.detail.get("factors", ())
    if "stopped_or_drifting" not in factors or "persons_in_water" in factors:
        return False
    if m.persons_in_water or "persons_in_water" in u.flags or m.moving_since is None:
        return False
    since = m.moving_since
    return since > current.time and (
        (u.time - since).total_seconds() >= ctx.cfg.distress.resume_hold_s
    )


def persons_in_water_alert(
    obs: Observation, x_m: float, y_m: float, clusters: list[SightingCluster], ctx: RuleContext
) -> tuple[Alert | None, Alert | None]:
    """Persons in the water seen with no small-boat track near: raise, or join a cluster."""
    rule = ctx.cfg.distress
    persons = obs.attributes.get("persons_estimate")
    persons = int(persons) if isinstance(persons, int | float) else None
    for cluster in clusters:
        near = (cluster.x_m - x_m) ** 2 + (cluster.y_m - y_m) ** 2 <= rule.cluster_m**2
        recent = (obs.time - cluster.last_time).total_seconds() <= rule.cluster_s
        if near and recent:
            cluster.last_time = obs.time
            known = cluster.alert.detail.get("persons_estimate")
            if persons is not None and (known is None or persons > known):
                cluster.alert = cluster.alert.updated(
                    detail={
                        **cluster.alert.detail,
                        "persons_estimate": persons,
                        "updated": obs.time.isoformat(),
                    },
                )
                return None, cluster.alert
            return None, None
    reporter = obs.attributes.get("reporting_unit") or obs.sensor_id
    weights = ctx.cfg.distress.weights
    detail: dict[str, Any] = {
        "risk_score": float(weights.persons_in_water),
        "factors": ["persons_in_water"],
        "persons_estimate": persons,
        "reported_by": str(reporter),
        "sar_region": str(ctx.area.sar_region([obs.lat], [obs.lon])[0]) or None,
    }
    alert = Alert.new(
        AlertType.DISTRESS,
        obs.time,
        obs.lat,
        obs.lon,
        None,
        rule.severity,
        route(rule.routed_to, obs.lat, obs.lon, ctx.area),
        f"Persons in the water reported by {reporter}",
        detail,
    )
    clusters.append(SightingCluster(alert, x_m, y_m, obs.time))
    return alert, None
