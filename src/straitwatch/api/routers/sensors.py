"""``GET /api/sensors``: the declared sensors (radars, cameras, AIS receivers...) with
their coverage radius, for the map's coverage layer."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from straitwatch.access.actions import Action
from straitwatch.access.policy import Resource, enforce
from straitwatch.api.deps import ActorDep, SessionDep
from straitwatch.sensors.sites import SensorSites

router = APIRouter(prefix="/api/sensors", tags=["sensors"])


@router.get("")
def list_sensors(request: Request, session: SessionDep, actor: ActorDep) -> dict[str, Any]:
    """Every declared sensor: id, kind, position, coverage range."""
    enforce(session, actor, Action.SENSORS_READ, Resource("sensor"))
    sites: SensorSites = request.app.state.sensor_sites
    return {
        "sensors": [
            {
                "id": s.id,
                "kind": str(s.kind),
                "lat": s.lat,
                "lon": s.lon,
                "max_range_m": s.max_range_m,
                "label": s.label,
            }
            for s in sites.by_id.values()
        ]
    }
