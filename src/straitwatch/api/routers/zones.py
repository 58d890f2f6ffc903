# SPDX-License-Identifier: EUPL-1.2
"""``GET /api/zones``: departure sectors, territorial seas, median line, SAR regions,
lanes and ports as one GeoJSON FeatureCollection (filter by ``kind``)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from straitwatch.access.actions import Action
from straitwatch.access.policy import Resource, enforce
from straitwatch.api.deps import ActorDep, SessionDep
from straitwatch.geo import zones_geojson

router = APIRouter(prefix="/api/zones", tags=["zones"])


@router.get("")
def list_zones(
    session: SessionDep,
    actor: ActorDep,
    kind: Annotated[list[str] | None, Query(max_length=20)] = None,
) -> dict[str, Any]:
    """The declared zones as GeoJSON."""
    enforce(session, actor, Action.ZONES_READ, Resource("zone"))
    return zones_geojson(tuple(kind) if kind else None)
