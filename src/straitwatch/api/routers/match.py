# SPDX-License-Identifier: EUPL-1.2
"""``/api/match``: screening a person against what the actor may see (the OpenSanctions
yente match API's shape), with hit/no-hit answers for what other agencies hold, and the
request for a hit's report through the permission flow."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query
from pydantic import Field

from straitwatch.api.deps import ActorDep, SessionDep
from straitwatch.api.inputs import Purpose, RequestBody, StoredId
from straitwatch.api.purpose import ReadPurpose

router = APIRouter(prefix="/api/match", tags=["match"])

Text = Annotated[str, Field(max_length=300)]
Values = Annotated[list[Text], Field(max_length=20)]


class Properties(RequestBody):
    name: Values = Field(min_length=1)
    birthDate: Values = Field(default_factory=list)  # noqa: N815 (FtM property name)
    nationality: Values = Field(default_factory=list)
    phone: Values = Field(default_factory=list)


class Entity(RequestBody):
    schema_: Literal["Person"] = Field(alias="schema")
    properties: Properties


class MatchRequest(RequestBody):
    queries: dict[Annotated[str, Field(max_length=64)], Entity] = Field(min_length=1, max_length=20)


@router.post("")
def match(
    body: MatchRequest,
    session: SessionDep,
    actor: ActorDep,
    purpose: ReadPurpose,
    limit: Annotated[int, Query(ge=1, le=100)] = 10,
) -> dict[str, Any]:
    """Ranked candidates per query among the persons the actor may see, each with a score
    (0-1), a ``match`` flag and its explanation; ``hits`` names the agencies that hold a
    possible match the actor may not see (no content), each with a ``hit_id`` to request."""
    from straitwatch.intel.linkage.screening import PersonQuery, screen

    responses = {}
    for key, entity in body.queries.items():
        p = entity.properties
        query = PersonQuery(p.name, p.birthDate, p.nationality, p.phone)
        answer = screen(session, actor, query, purpose=purpose, limit=limit)
        responses[key] = {
            "status": 200,
            "results": answer["results"],
            "total": {"value": answer["total"], "relation": "eq"},
            "hits": answer["hits"],
            "query": {"schema": "Person", "properties": p.model_dump()},
        }
    return {"responses": responses, "limit": limit}


@router.post("/hits/{hit_id}/request")
def request_hit(
    hit_id: StoredId,
    session: SessionDep,
    actor: ActorDep,
    purpose: Purpose = None,
) -> dict[str, Any]:
    """Ask the holder of a hit for the report behind it (the permission flow)."""
    from straitwatch.intel.linkage.screening import request_hit as ask

    return {"request_id": ask(session, actor, hit_id, purpose=purpose)}


class HitSetting(RequestBody):
    disclose: bool
    notify: bool


@router.get("/settings")
def settings(session: SessionDep, actor: ActorDep) -> dict[str, Any]:
    """The actor's agency's hit/no-hit settings per handling code (unlisted: both on)."""
    from straitwatch.intel.linkage.screening import hit_settings

    return {"settings": hit_settings(session, actor)}


@router.put("/settings/{handling_code}")
def put_setting(
    handling_code: Annotated[str, Path(min_length=1, max_length=8, pattern=r"^[A-Za-z0-9-]+$")],
    body: HitSetting,
    session: SessionDep,
    actor: ActorDep,
) -> dict[str, Any]:
    """Set whether hits on the agency's entities under a handling code are disclosed to
    the screening agency and notified to the agency (supervisors)."""
    from straitwatch.intel.linkage.screening import hit_settings, set_hit_setting

    set_hit_setting(session, actor, handling_code, disclose=body.disclose, notify=body.notify)
    return {"settings": hit_settings(session, actor)}
