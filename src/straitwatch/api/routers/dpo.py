# SPDX-License-Identifier: EUPL-1.2
"""``/api/dpo``: the data-protection officer's workspace (role ``dpo`` only; every call
audited): find a subject by name, alias, phone or id; their file (everything collected,
altered, consulted, disclosed, combined and erased about them, and refused attempts); the
file as a signed download; retention reviews due; erasure; refused-access attempts."""

from __future__ import annotations

import json
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query, Response
from pydantic import Field

from straitwatch.api.deps import ActorDep, SessionDep
from straitwatch.api.inputs import RequestBody
from straitwatch.dpo import (
    erase_subject,
    find_subjects,
    refusals,
    retention_reviews,
    signed_export,
    subject_file,
)

router = APIRouter(prefix="/api/dpo", tags=["dpo"])


class Erasure(RequestBody):
    reason: str = Field(min_length=1, max_length=1000)


@router.get("/subjects")
def search(
    session: SessionDep, actor: ActorDep, q: Annotated[str, Query(min_length=2, max_length=200)]
) -> dict[str, Any]:
    """Subjects whose name, alias, phone, id or any value matches ``q``."""
    return {"query": q, "subjects": find_subjects(session, actor, q)}


@router.get("/subjects/{entity_id:path}/export")
def export(session: SessionDep, actor: ActorDep, entity_id: str) -> Response:
    """The subject's file as a signed JSON download (a disclosure in the audit log)."""
    doc = signed_export(session, actor, entity_id)
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in entity_id)[:80]
    return Response(
        json.dumps(doc, ensure_ascii=False, indent=2),
        media_type="application/json",
        headers={"Content-Disposition": f'attachment; filename="subject-{safe}.json"'},
    )


@router.post("/subjects/{entity_id:path}/erase")
def erase(session: SessionDep, actor: ActorDep, entity_id: str, body: Erasure) -> dict[str, Any]:
    """Erase the subject's entity and the values held about them, with a reason."""
    erase_subject(session, actor, entity_id, body.reason)
    return {"entity_id": entity_id, "erased": True}


@router.get("/subjects/{entity_id:path}")
def subject(session: SessionDep, actor: ActorDep, entity_id: str) -> dict[str, Any]:
    """Everything about one subject, with the audit trail and refused attempts."""
    return subject_file(session, actor, entity_id)


@router.get("/reviews")
def reviews(
    session: SessionDep,
    actor: ActorDep,
    within_days: Annotated[int, Query(ge=0, le=3650)] = 30,
) -> dict[str, Any]:
    """Reports whose review or end of retention is due within ``within_days``."""
    return {
        "within_days": within_days,
        "reports": retention_reviews(session, actor, today=date.today(), within_days=within_days),
    }


@router.get("/refusals")
def refused(
    session: SessionDep, actor: ActorDep, limit: Annotated[int, Query(ge=1, le=1000)] = 200
) -> dict[str, Any]:
    """The latest refused-access attempts, newest first."""
    return {"refusals": refusals(session, actor, limit=limit)}
