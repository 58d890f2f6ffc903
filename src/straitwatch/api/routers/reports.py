# SPDX-License-Identifier: EUPL-1.2
"""``/api/reports``: graded intelligence reports, their dissemination, handling code and
attachments. Every response carrying report content is a consultation event (written by
:mod:`straitwatch.intel.reports`)."""

from __future__ import annotations

import base64
import binascii
from datetime import date, datetime
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Query, Response
from pydantic import Field

from straitwatch.api.deps import ActorDep, SessionDep, SettingsDep
from straitwatch.api.inputs import NO_NUL, RequestBody, StoredId
from straitwatch.api.purpose import ReadPurpose
from straitwatch.errors import InvalidInput, NotFound

router = APIRouter(prefix="/api/reports", tags=["reports"])


class AttachmentIn(RequestBody):
    filename: str = Field(min_length=1, max_length=255)
    media_type: str = Field(default="", max_length=100)
    content_base64: str = Field(max_length=8 * 1024 * 1024)


class ReportIn(RequestBody):
    """A new report, graded as its provider graded it."""

    title: str = Field(min_length=1, max_length=300)
    body: str = Field(min_length=1, max_length=200_000)
    event_time: datetime
    purpose: str = Field(min_length=1, max_length=300)
    legal_basis: str = Field(min_length=1, max_length=300)
    grade_scale: str = Field(max_length=32)
    grade_source: str = Field(max_length=4)
    grade_information: str = Field(max_length=4)
    handling_scale: str = Field(max_length=32)
    handling_code: str = Field(max_length=4)
    handling_conditions: str | None = Field(default=None, max_length=5000)
    location: str | None = Field(default=None, max_length=300)
    lat: float | None = Field(default=None, ge=-90, le=90)
    lon: float | None = Field(default=None, ge=-180, le=180)
    subjects: list[Annotated[str, Field(max_length=200)]] = Field(default=[], max_length=50)
    review_date: date | None = None
    retention_until: date | None = None
    attachments: list[AttachmentIn] = Field(default=[], max_length=10)


class ReportEdit(RequestBody):
    changes: dict[str, str] = Field(min_length=1, max_length=6)
    reason: str = Field(min_length=1, max_length=1000)


class DisseminationIn(RequestBody):
    to_agencies: list[Annotated[str, Field(max_length=16)]] = Field(min_length=1, max_length=20)
    purpose: str | None = Field(default=None, max_length=300)


class HandlingIn(RequestBody):
    scale: str = Field(max_length=32)
    code: str = Field(max_length=4)
    conditions: str | None = Field(default=None, max_length=5000)
    reason: str = Field(min_length=1, max_length=1000)


def _decode(att: AttachmentIn) -> bytes:
    try:
        return base64.b64decode(att.content_base64, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise InvalidInput("content_base64 is not base64", where=att.filename) from exc


@router.post("", status_code=201)
def create(
    body: ReportIn, session: SessionDep, actor: ActorDep, settings: SettingsDep
) -> dict[str, Any]:
    """Store a report (a collection event); the provider is the actor's agency."""
    from straitwatch.intel.attachments import Attachment
    from straitwatch.intel.reports import ReportDraft, create_report

    fields = body.model_dump(exclude={"attachments", "subjects"})
    draft = ReportDraft(
        **fields,
        subjects=tuple(body.subjects),
        attachments=tuple(
            Attachment(a.filename, a.media_type, _decode(a)) for a in body.attachments
        ),
    )
    limit = settings.attachment_max_bytes
    return create_report(session, actor, draft, max_attachment_bytes=limit).to_dict()


@router.get("")
def list_(session: SessionDep, actor: ActorDep, purpose: ReadPurpose) -> dict[str, Any]:
    """Reports the actor may see, best graded first."""
    from straitwatch.intel.reports import list_reports

    return {"reports": [v.to_dict() for v in list_reports(session, actor, purpose=purpose)]}


@router.get("/grading")
def grading(actor: ActorDep) -> dict[str, Any]:
    """The grading scales and handling codes (for the pickers of the new-report form)."""
    from straitwatch.intel.grading import scales

    return {
        name: {
            "label": s.label,
            "source": {c.code: c.label for c in s.source.values()},
            "information": {c.code: c.label for c in s.information.values()},
            # Scores (0-100) and ranks let the form start from the lowest grade and the
            # most restrictive handling code.
            "source_scores": {c.code: c.score for c in s.source.values()},
            "information_scores": {c.code: c.score for c in s.information.values()},
            "handling": {
                h.code: {
                    "label": h.label,
                    "rank": h.rank,
                    "effect": str(h.effect),
                    "needs_conditions": h.needs_conditions,
                    "banner": h.banner,
                }
                for h in s.handling.values()
            },
        }
        for name, s in scales().items()
    }


@router.get("/{report_id}")
def show(
    report_id: StoredId, session: SessionDep, actor: ActorDep, purpose: ReadPurpose
) -> dict[str, Any]:
    """One report (a consultation event)."""
    from straitwatch.intel.reports import get_report

    return get_report(session, actor, report_id, purpose=purpose).to_dict()


@router.patch("/{report_id}")
def edit(
    report_id: StoredId, body: ReportEdit, session: SessionDep, actor: ActorDep
) -> dict[str, Any]:
    """Edit text fields (the provider; an alteration event)."""
    from straitwatch.intel.reports import edit_report

    return edit_report(session, actor, report_id, dict(body.changes), body.reason).to_dict()


@router.delete("/{report_id}", status_code=204)
def erase(
    report_id: StoredId,
    session: SessionDep,
    actor: ActorDep,
    reason: Annotated[str, Query(min_length=1, max_length=1000, pattern=NO_NUL)],
) -> Response:
    """Erase a report now (the provider; an erasure event)."""
    from straitwatch.intel.retention import erase_report

    erase_report(session, actor, report_id, reason)
    return Response(status_code=204)


@router.post("/{report_id}/disseminations")
def disseminations(
    report_id: StoredId, body: DisseminationIn, session: SessionDep, actor: ActorDep
) -> dict[str, Any]:
    """Share with named agencies (or ``ALL``), as the handling code allows."""
    from straitwatch.intel.dissemination import disseminate

    out = disseminate(session, actor, report_id, body.to_agencies, purpose=body.purpose)
    return {"outcomes": [o.to_dict() for o in out]}


@router.post("/{report_id}/acknowledgement")
def acknowledgement(report_id: StoredId, session: SessionDep, actor: ActorDep) -> dict[str, Any]:
    """Acknowledge the handling conditions; the report (now with its text) is returned."""
    from straitwatch.intel.dissemination import acknowledge
    from straitwatch.intel.reports import get_report

    acknowledge(session, actor, report_id)
    return get_report(session, actor, report_id).to_dict()


@router.post("/{report_id}/handling")
def handling(
    report_id: StoredId, body: HandlingIn, session: SessionDep, actor: ActorDep
) -> dict[str, Any]:
    """Relax or tighten the handling code (the provider's supervisor; audited)."""
    from straitwatch.intel.reports import change_handling

    return change_handling(
        session, actor, report_id, body.scale, body.code, body.conditions, body.reason
    ).to_dict()


@router.get("/{report_id}/attachments/{attachment_id}")
def attachment(
    report_id: StoredId,
    attachment_id: StoredId,
    session: SessionDep,
    actor: ActorDep,
    purpose: ReadPurpose,
) -> Response:
    """One attachment's content (a consultation event of its report): only for those who
    may read the report's text; the same 404 otherwise as for an attachment never stored."""
    from straitwatch.intel.reports import get_report
    from straitwatch.store.intel import AttachmentRow

    missing = NotFound(f"no attachment {attachment_id} on report {report_id}")
    try:
        view = get_report(session, actor, report_id, purpose=purpose)
    except NotFound:
        raise missing from None
    row = session.get(AttachmentRow, attachment_id)
    if row is None or row.report_id != report_id or view.body is None:
        raise missing
    return Response(
        row.content,
        media_type=row.media_type,
        headers={
            "Content-Disposition": content_disposition(row.filename),
            "X-Content-Type-Options": "nosniff",
        },
    )


def content_disposition(filename: str) -> str:
    """``attachment`` with an ASCII fallback name and the exact name as RFC 5987
    ``filename*`` (RFC 6266): any script, emoji, quotes or line breaks are safe."""
    fallback = "".join(
        c if c.isascii() and c.isprintable() and c not in '"\\;' else "_" for c in filename
    )
    exact = quote(filename, safe="")
    return f"attachment; filename=\"{fallback or 'attachment'}\"; filename*=UTF-8''{exact}"


class RecallIn(RequestBody):
    from_agencies: list[Annotated[str, Field(max_length=16)]] = Field(min_length=1, max_length=20)
    reason: str = Field(min_length=1, max_length=1000)


@router.post("/{report_id}/recall")
def recall_(
    report_id: StoredId, body: RecallIn, session: SessionDep, actor: ActorDep
) -> dict[str, Any]:
    """Withdraw the report from agencies that hold it (or ``ALL``): they are sent a
    notice, and from now on it does not exist for them (the provider; audited)."""
    from straitwatch.intel.dissemination import recall

    return {"recalled_from": recall(session, actor, report_id, body.from_agencies, body.reason)}
