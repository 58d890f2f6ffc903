# SPDX-License-Identifier: EUPL-1.2
"""``GET /api/agencies``: the partner agencies of the joint picture, as declared once in
``access/data/agencies.yaml`` (the pages offer them as recipients and routes; their names
in the reader's language are in the message catalogues, ``agency.CODE``)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from straitwatch.access.actions import Action
from straitwatch.access.directory import agencies
from straitwatch.access.policy import Resource, enforce
from straitwatch.api.deps import ActorDep, SessionDep

router = APIRouter(prefix="/api/agencies", tags=["agencies"])


@router.get("")
def list_agencies(session: SessionDep, actor: ActorDep) -> dict[str, Any]:
    """Every partner agency: code, name, country and search-and-rescue role, in
    declaration order."""
    enforce(session, actor, Action.AGENCIES_READ, Resource("agency"))
    return {
        "agencies": [
            {
                "code": a.code,
                "name": a.name,
                "country": a.country,
                "sar_role": a.sar_role,
                "sar_region": a.sar_region,
            }
            for a in agencies()
        ]
    }
