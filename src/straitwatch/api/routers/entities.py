# SPDX-License-Identifier: EUPL-1.2
"""``/api/entities``: FtM entities the actor may see (each read a consultation event),
FtM JSON lines import and export."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from fastapi.responses import StreamingResponse
from pydantic import Field

from straitwatch.api.deps import ActorDep, SessionDep
from straitwatch.api.inputs import NO_NUL, RequestBody
from straitwatch.api.purpose import ReadPurpose

router = APIRouter(prefix="/api/entities", tags=["entities"])


class EntitiesIn(RequestBody):
    """FtM entities (``{"id", "schema", "properties"}``) drawn from one report."""

    entities: list[dict[str, Any]] = Field(min_length=1, max_length=10_000)
    report_id: int | None = Field(default=None, ge=1, le=2**31 - 1)
    phone_region: str | None = Field(default=None, min_length=2, max_length=2)


@router.get("")
def list_(
    session: SessionDep,
    actor: ActorDep,
    purpose: ReadPurpose,
    q: Annotated[str | None, Query(max_length=200, pattern=NO_NUL)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> dict[str, Any]:
    """Entities containing ``q`` in the values the actor may see."""
    from straitwatch.intel.entities import list_entities

    return {"entities": list_entities(session, actor, q, limit=limit, purpose=purpose)}


@router.post("", status_code=201)
def load(body: EntitiesIn, session: SessionDep, actor: ActorDep) -> dict[str, Any]:
    """Import entities (all or nothing; phones to E.164, bad values refused)."""
    from straitwatch.intel.entities import load_entities

    lines = [json.dumps(e) for e in body.entities]
    n = load_entities(
        session,
        actor,
        lines,
        report_id=body.report_id,
        phone_region=body.phone_region,
        commit=session.commit,
    )
    return {"loaded": n}


@router.get("/export")
def export(
    session: SessionDep,
    actor: ActorDep,
    purpose: ReadPurpose,
    q: Annotated[str | None, Query(max_length=200, pattern=NO_NUL)] = None,
) -> StreamingResponse:
    """FtM JSON lines of the entities the actor may see, each with its handling code,
    streamed in batches (each batch's consultation event committed before it is sent)."""
    from straitwatch.intel.entities import export_entities

    lines = export_entities(session, actor, q, purpose=purpose, commit=session.commit)
    first = next(lines, None)  # refusals and bad input answer before streaming starts

    def body() -> Iterator[bytes]:
        if first is not None:
            yield (first + "\n").encode()
        for line in lines:
            yield (line + "\n").encode()

    return StreamingResponse(body(), media_type="application/x-ndjson")


@router.get("/{entity_id:path}")
def show(
    entity_id: Annotated[str, Path(max_length=128)],
    session: SessionDep,
    actor: ActorDep,
    purpose: ReadPurpose,
) -> dict[str, Any]:
    """One entity with the provenance of each value it shows."""
    from straitwatch.intel.entities import get_entity

    return get_entity(session, actor, entity_id, purpose=purpose)
