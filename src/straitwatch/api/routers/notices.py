# SPDX-License-Identifier: EUPL-1.2
"""``/api/notices``: notices to the actor's agency about reports it received (recalled,
conditions changed), newest first."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from straitwatch.api.deps import ActorDep, SessionDep

router = APIRouter(prefix="/api/notices", tags=["notices"])


@router.get("")
def notices(session: SessionDep, actor: ActorDep) -> dict[str, Any]:
    """Notices addressed to the actor's agency."""
    from straitwatch.intel.dissemination import list_notices

    return {"notices": list_notices(session, actor)}
