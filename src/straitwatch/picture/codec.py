# SPDX-License-Identifier: EUPL-1.2
"""JSON for what travels between pipeline stages on the bus: observations and track
updates (alerts travel as the lifecycle service's JSON).

>>> from datetime import UTC, datetime
>>> from straitwatch.sensors.observation import ObservationKind
>>> o = Observation(datetime(2022, 8, 22, 4, tzinfo=UTC), "radar-dover", ObservationKind.RADAR,
...                 51.0, 1.4, 25.0)
>>> observation_from_json(observation_json(o)) == o
True
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from straitwatch.sensors.observation import Identity, Observation, ObservationKind
from straitwatch.tracking.track import TrackClass, TrackStatus, TrackUpdate

__all__ = ["observation_from_json", "observation_json", "update_from_json", "update_json"]


def _t(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


def observation_json(o: Observation) -> dict[str, Any]:
    identity = None
    if o.identity is not None:
        i = o.identity
        identity = {
            "mmsi": i.mmsi,
            "imo": i.imo,
            "call_sign": i.call_sign,
            "name": i.name,
            "ship_type": i.ship_type,
            "length_m": i.length_m,
        }
    return {
        "time": o.time.isoformat(),
        "sensor_id": o.sensor_id,
        "kind": str(o.kind),
        "lat": o.lat,
        "lon": o.lon,
        "sigma_m": o.sigma_m,
        "speed_kn": o.speed_kn,
        "course_deg": o.course_deg,
        "heading_deg": o.heading_deg,
        "mmsi": o.mmsi,
        "identity": identity,
        "attributes": o.attributes,
    }


def observation_from_json(d: dict[str, Any]) -> Observation:
    ident = d.get("identity")
    return Observation(
        time=datetime.fromisoformat(d["time"]),
        sensor_id=d["sensor_id"],
        kind=ObservationKind(d["kind"]),
        lat=d["lat"],
        lon=d["lon"],
        sigma_m=d["sigma_m"],
        speed_kn=d.get("speed_kn"),
        course_deg=d.get("course_deg"),
        heading_deg=d.get("heading_deg"),
        mmsi=d.get("mmsi"),
        identity=Identity(**ident) if ident else None,
        attributes=d.get("attributes") or {},
    )


def update_json(u: TrackUpdate) -> dict[str, Any]:
    return {
        "track_id": u.track_id,
        "time": u.time.isoformat(),
        "lat": u.lat,
        "lon": u.lon,
        "speed_kn": u.speed_kn,
        "course_deg": u.course_deg,
        "sigma_m": u.sigma_m,
        "status": str(u.status),
        "classification": str(u.classification),
        "mmsi": u.mmsi,
        "name": u.name,
        "sources": list(u.sources),
        "flags": list(u.flags),
        "persons_estimate": u.persons_estimate,
        "first_seen": None if u.first_seen is None else u.first_seen.isoformat(),
        "extra": u.extra,
    }


def update_from_json(d: dict[str, Any]) -> TrackUpdate:
    return TrackUpdate(
        track_id=d["track_id"],
        time=datetime.fromisoformat(d["time"]),
        lat=d["lat"],
        lon=d["lon"],
        speed_kn=d["speed_kn"],
        course_deg=d["course_deg"],
        sigma_m=d["sigma_m"],
        status=TrackStatus(d["status"]),
        classification=TrackClass(d["classification"]),
        mmsi=d.get("mmsi"),
        name=d.get("name"),
        sources=tuple(d.get("sources") or ()),
        flags=tuple(d.get("flags") or ()),
        persons_estimate=d.get("persons_estimate"),
        first_seen=_t(d.get("first_seen")),
        extra=d.get("extra") or {},
    )
