# SPDX-License-Identifier: EUPL-1.2
"""``/api/linkage``: the analyst's review queue of borderline pairs, the decisions on them
(each a combination under DPA 2018 s.62, with its reason), and the way back (undo). What an
actor sees of the queue is decided by :mod:`straitwatch.access.visibility`."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import Field

from straitwatch.api.deps import ActorDep, SessionDep
from straitwatch.api.inputs import NO_NUL, RequestBody, StoredId

router = APIRouter(prefix="/api/linkage", tags=["linkage"])


class Decision(RequestBody):
    accept: bool
    reason: Annotated[str, Field(max_length=1000, pattern=NO_NUL)]


class Reason(RequestBody):
    reason: Annotated[str, Field(max_length=1000, pattern=NO_NUL)]


@router.get("/reviews")
def reviews(
    session: SessionDep,
    actor: ActorDep,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> dict[str, Any]:
    """The open review items the actor may see, most uncertain first, each with both
    records' labels, the match probability and the per-field evidence (waterfall)."""
    from straitwatch.intel.linkage.review import open_reviews

    return {"items": open_reviews(session, actor, limit=limit)}


@router.post("/reviews/{review_id}/decision")
def decide(
    review_id: StoredId, body: Decision, session: SessionDep, actor: ActorDep
) -> dict[str, Any]:
    """Accept (the two records are one person: their clusters merge) or reject (kept
    apart); returns the combination's change id (``null`` when nothing moved)."""
    from straitwatch.intel.linkage.review import decide as decide_item

    return {"change_id": decide_item(session, actor, review_id, body.accept, body.reason)}


@router.post("/changes/{change_id}/undo")
def undo(change_id: StoredId, body: Reason, session: SessionDep, actor: ActorDep) -> dict[str, Any]:
    """Put the clusters back as they were before a combination; returns the new change id."""
    from straitwatch.intel.linkage.review import undo as undo_change

    return {"change_id": undo_change(session, actor, change_id, body.reason)}
