# SPDX-License-Identifier: EUPL-1.2
"""``/api/permission-requests``: the provider's inbox of requests to disseminate
(H2, 5x5x5 code 5); approve or refuse with a reason."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from pydantic import Field

from straitwatch.api.deps import ActorDep, SessionDep
from straitwatch.api.inputs import RequestBody, StoredId

router = APIRouter(prefix="/api/permission-requests", tags=["permission requests"])


class Decision(RequestBody):
    reason: str | None = Field(default=None, max_length=1000)


class Refusal(RequestBody):
    reason: str = Field(min_length=1, max_length=1000)


@router.get("")
def inbox(
    session: SessionDep,
    actor: ActorDep,
    status: Annotated[Literal["pending", "approved", "refused"] | None, Query()] = None,
) -> dict[str, Any]:
    """Requests the actor's agency must decide, or made."""
    from straitwatch.intel.dissemination import list_requests

    return {"requests": list_requests(session, actor, status)}


@router.post("/{request_id}/approve")
def approve(
    request_id: StoredId, session: SessionDep, actor: ActorDep, body: Decision | None = None
) -> dict[str, Any]:
    """Approve: the report is disseminated to the agencies asked for (disclosure events)."""
    from straitwatch.intel.dissemination import decide_request

    reason = body.reason if body else None
    return decide_request(session, actor, request_id, approve=True, reason=reason)


@router.post("/{request_id}/refuse")
def refuse(
    request_id: StoredId, body: Refusal, session: SessionDep, actor: ActorDep
) -> dict[str, Any]:
    """Refuse with a reason: the report stays invisible to them."""
    from straitwatch.intel.dissemination import decide_request

    return decide_request(session, actor, request_id, approve=False, reason=body.reason)
