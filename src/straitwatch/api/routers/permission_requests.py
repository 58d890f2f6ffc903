"""``/api/permission-requests``: the provider's inbox of requests to disseminate
(H2, 5x5x5 code 5); approve or refuse with a reason."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel, Field, field_validator

from straitwatch.api.deps import ActorDep, SessionDep

Id = Annotated[int, Path(ge=1, le=2**31 - 1, description="A stored id.")]
router = APIRouter(prefix="/api/permission-requests", tags=["permission requests"])


class _Body(BaseModel):
    """Request bodies: text may not hold NUL (PostgreSQL text cannot store it)."""

    @field_validator("*")
    @classmethod
    def _no_nul(cls, value: object) -> object:
        if isinstance(value, str) and "\x00" in value:
            raise ValueError("text contains a NUL character")
        return value


class Decision(_Body):
    reason: str | None = Field(default=None, max_length=1000)


class Refusal(_Body):
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
    request_id: Id, session: SessionDep, actor: ActorDep, body: Decision | None = None
) -> dict[str, Any]:
    """Approve: the report is disseminated to the agencies asked for (disclosure events)."""
    from straitwatch.intel.dissemination import decide_request

    reason = body.reason if body else None
    return decide_request(session, actor, request_id, approve=True, reason=reason)


@router.post("/{request_id}/refuse")
def refuse(request_id: Id, body: Refusal, session: SessionDep, actor: ActorDep) -> dict[str, Any]:
    """Refuse with a reason: the report stays invisible to them."""
    from straitwatch.intel.dissemination import decide_request

    return decide_request(session, actor, request_id, approve=False, reason=body.reason)
