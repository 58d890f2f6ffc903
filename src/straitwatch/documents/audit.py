# SPDX-License-Identifier: EUPL-1.2
"""A document check is a consultation of personal data (DPA 2018 s.62): one audit event.

The event names the document (issuing state and number, so a data subject's request can
find every check of their document) but carries neither the holder's name nor the birth
date, and never the image: images are not kept unless the officer attaches them to a
report, which is that report's own collection event.

>>> with transaction(engine) as session:                                  # doctest: +SKIP
...     record_check(session, officer, result, purpose="entry check Dover", source="image")
"""

from __future__ import annotations

from typing import Any, Literal

from sqlalchemy.orm import Session

from straitwatch.access.actor import Actor
from straitwatch.access.audit import AuditAction, AuditEvent, record
from straitwatch.documents.result import MrzResult
from straitwatch.documents.verdict import Verdict

__all__ = ["RESOURCE_KIND", "record_check"]

RESOURCE_KIND = "travel_document"


def _document_id(result: MrzResult) -> str | None:
    number = result.fields.get("document_number")
    if not number:
        return None
    return f"{result.fields.get('issuing_state', '')}:{number}"


def _summary(result: MrzResult | None) -> dict[str, Any]:
    """What the audit keeps of a check: its verdict and the kinds of issue, no field values."""
    if result is None:
        return {"mrz_read": False, "format": None, "valid": None, "errors": [], "warnings": []}
    return {
        "mrz_read": True,
        "format": str(result.format) if result.format else None,
        "valid": result.valid,
        "errors": sorted({str(issue.code) for issue in result.errors}),
        "warnings": sorted({str(issue.code) for issue in result.warnings}),
    }


def record_check(
    session: Session,
    actor: Actor,
    result: MrzResult | None,
    *,
    purpose: str,
    source: Literal["text", "image"],
    verdict: Verdict | None = None,
) -> int:
    """Record ``actor``'s check of a document in the caller's transaction; return its sequence.

    ``purpose`` is why the officer checked it (purpose limitation); ``source`` says whether
    the MRZ was typed/pasted or read from an image. ``result`` is ``None`` when no MRZ could
    be read from the image: the attempt is a consultation all the same, and is recorded.
    ``verdict`` adds whether it was in date, the kinds of flag raised and whether the lost,
    stolen and revoked list was consulted (never the list's content).
    """
    detail = {
        "source": source,
        **_summary(result),
        "corrections_proposed": len(result.corrections) if result is not None else 0,
        "image_kept": False,
    }
    if verdict is not None:
        detail["in_date"] = verdict.in_date
        detail["flags"] = sorted({str(flag.code) for flag in verdict.flags})
        detail["list_consulted"] = verdict.list_check is not None
    return record(
        session,
        AuditEvent(
            action=AuditAction.CONSULTATION,
            actor=actor.username,
            agency=actor.agency,
            role=str(actor.role),
            resource_kind=RESOURCE_KIND,
            resource_id=None if result is None else _document_id(result),
            purpose=purpose,
            detail=detail,
        ),
    )
