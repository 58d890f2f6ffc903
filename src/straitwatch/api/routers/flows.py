"""``/api/flows``: migration-flow statistics for analysts (issue 8). Only the summary is
exposed so far; the other views in :mod:`straitwatch.flows.api_views` follow."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from straitwatch.access.actions import Action
from straitwatch.access.policy import Resource, enforce
from straitwatch.api.deps import ActorDep, SessionDep

router = APIRouter(prefix="/api/flows", tags=["flows"])


@router.get("/summary")
def summary(session: SessionDep, actor: ActorDep) -> dict[str, Any]:
    """What the flows store holds: covered periods per source, and notes."""
    from straitwatch.flows import api_views, read_dataset  # pandas: loaded on first use

    enforce(session, actor, Action.FLOWS_READ, Resource("flows"))
    return api_views.summary_view(read_dataset(session))
