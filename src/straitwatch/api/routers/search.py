# SPDX-License-Identifier: EUPL-1.2
"""``/api/search``: full-text search over the reports and entities the actor may see."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from straitwatch.api.deps import ActorDep, SessionDep
from straitwatch.api.inputs import NO_NUL
from straitwatch.api.purpose import ReadPurpose

router = APIRouter(prefix="/api/search", tags=["search"])


@router.get("")
def search_(
    session: SessionDep,
    actor: ActorDep,
    purpose: ReadPurpose,
    q: Annotated[str, Query(min_length=1, max_length=200, pattern=NO_NUL)],
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> dict[str, Any]:
    """Hits (reports and entities), each a consultation event."""
    from straitwatch.intel.search import search

    return {"hits": search(session, actor, q, purpose=purpose, limit=limit)}
