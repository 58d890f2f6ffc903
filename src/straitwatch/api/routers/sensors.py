# SPDX-License-Identifier: EUPL-1.2
"""``GET /api/sensors``: the declared sensors (radars, cameras, AIS receivers...) with
their coverage radius and their health as the live pipeline judges it (reporting, silent:
the coverage hole it leaves, drifting; reports per hour of the day), for the map's
coverage layer."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from straitwatch.access.actions import Action
from straitwatch.access.policy import Resource, enforce
from straitwatch.api.deps import ActorDep, SessionDep
from straitwatch.sensors.sites import SensorSites

router = APIRouter(prefix="/api/sensors", tags=["sensors"])

_NO_REPORTS: dict[str, Any] = {
    "status": "no_reports",
    "last_report": None,
    "usual_interval_s": None,
    "reports_by_hour": [0] * 24,
}


@router.get("")
def list_sensors(request: Request, session: SessionDep, actor: ActorDep) -> dict[str, Any]:
    """Every declared sensor: id, kind, position, coverage range, and ``health``
    (``status`` ``reporting`` | ``silent`` | ``drifting`` | ``no_reports``, last report,
    usual interval, ``reports_by_hour``: 24 counts, UTC)."""
    enforce(session, actor, Action.SENSORS_READ, Resource("sensor"))
    sites: SensorSites = request.app.state.sensor_sites
    health: dict[str, dict[str, Any]] = request.app.state.picture.sensor_health
    return {
        "sensors": [
            {
                "id": s.id,
                "kind": str(s.kind),
                "lat": s.lat,
                "lon": s.lon,
                "max_range_m": s.max_range_m,
                "label": s.label,
                "health": health.get(s.id, _NO_REPORTS),
            }
            for s in sites.by_id.values()
        ]
    }
