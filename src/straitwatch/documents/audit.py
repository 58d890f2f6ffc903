"""A document check is a consultation of personal data (DPA 2018 s.62): one audit event.

The event names the document (issuing state and number, so a data subject's request can
find every check of their document) but carries neither the holder's name nor the birth
date, and never the image: images are not kept unless the officer attaches them to a
report, which is that report's own collection event.

>>> with transaction(engine) as session:                                  # doctest: +SKIP
...     record_check(session, officer, result, purpose="entry check Dover", source="image")
"""

from __future__ import annotations

from typing import Literal

from sqlalchemy.orm import Session

from straitwatch.access.actor import Actor
from straitwatch.access.audit import AuditAction, AuditEvent, record
from straitwatch.documents.result import MrzResult

__all__ = ["RESOURCE_KIND", "record_check"]

RESOURCE_KIND = "travel_document"


def _document_id(result: MrzResult | None) -> str | None:
    number = result.fields.get("document_number") if result is not None else None
    if not number:
        return None
    return f"{result.fields.get('issuing_state', '') if result else ''}:{number}"


def record_check(
    session: Session,
    actor: Actor,
    result: MrzResult | None,
    *,
    purpose: str,
    source: Literal["text", "image"],
) -> int:
    """Record ``actor``'s check of a document in the caller's transaction; return its sequence.

    ``purpose`` is why the officer checked it (purpose limitation); ``source`` says whether
    the MRZ was typed/pasted or read from an image. ``result`` is ``None`` when no MRZ could
    be read from the image: the attempt is a consultation all the same, and is recorded.
    """
    detail = {
        "source": source,
        "mrz_read": result is not None,
        "format": str(result.format) if result is not None and result.format else None,
        "valid": result.valid if result is not None else None,
        "errors": sorted({str(issue.code) for issue in result.errors}) if result else [],
        "warnings": sorted({str(issue.code) for issue in result.warnings}) if result else [],
        "corrections_proposed": len(result.corrections) if result is not None else 0,
        "image_kept": False,
    }
    return record(
        session,
        AuditEvent(
            action=AuditAction.CONSULTATION,
            actor=actor.username,
            agency=actor.agency,
            role=str(actor.role),
            resource_kind=RESOURCE_KIND,
            resource_id=_document_id(result),
            purpose=purpose,
            detail=detail,
        ),
    )
