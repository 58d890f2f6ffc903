# SPDX-License-Identifier: EUPL-1.2
"""Intelligence reports: create, read (each read a consultation event), list, edit, change
the handling code, erase. Access is decided by :func:`straitwatch.access.policy.enforce`
on a ``report`` resource built by :func:`report_resource`.

>>> view = create_report(session, uk_analyst, draft)        # doctest: +SKIP
>>> get_report(session, fr_analyst, view.id, purpose="OCG-12")  # doctest: +SKIP
Traceback (most recent call last):
NotFound: no report 1
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from straitwatch.access.actions import Action
from straitwatch.access.actor import Actor
from straitwatch.access.audit import AuditAction
from straitwatch.access.policy import Resource, audit_refusal, enforce
from straitwatch.access.visibility import (
    Sight,
    active_recipients,
    report_and_sight,
    report_filter,
    report_sight,
)
from straitwatch.errors import InvalidInput, NotFound
from straitwatch.intel import search_index
from straitwatch.intel.attachments import MAX_ATTACHMENT_BYTES, Attachment, check_attachment
from straitwatch.intel.events import log
from straitwatch.intel.grading import Effect, HandlingCode, handling_code, parse_grade
from straitwatch.intel.handling import check_conditions, dissemination_verdict
from straitwatch.intel.views import ReportView, report_view
from straitwatch.intel.withdrawal import notify, withdraw
from straitwatch.store.base import utcnow
from straitwatch.store.intel import AttachmentRow, DisseminationRow, ReportRow

__all__ = [
    "ReportDraft",
    "change_handling",
    "create_report",
    "edit_report",
    "get_report",
    "list_reports",
    "load_report",
    "report_resource",
]

DEFAULT_REVIEW_DAYS = 365
DEFAULT_RETENTION_DAYS = 3 * 365


@dataclass(frozen=True, slots=True)
class ReportDraft:
    """A new report as its author enters it (grade and handling code as the provider gave)."""

    title: str
    body: str
    event_time: datetime
    purpose: str
    legal_basis: str
    grade_scale: str
    grade_source: str
    grade_information: str
    handling_scale: str
    handling_code: str
    handling_conditions: str | None = None
    location: str | None = None
    lat: float | None = None
    lon: float | None = None
    subjects: tuple[str, ...] = ()
    review_date: date | None = None
    retention_until: date | None = None
    attachments: tuple[Attachment, ...] = field(default_factory=tuple)


def _require(text: str, name: str, limit: int) -> str:
    value = text.strip()
    if "\x00" in value:
        raise InvalidInput(f"{name} contains a NUL character", where=name)
    if not value:
        raise InvalidInput(f"{name} is required", where=name)
    if len(value) > limit:
        raise InvalidInput(f"{name} is longer than {limit} characters", where=name)
    return value


def recipients(session: Session, report_id: int) -> tuple[str, ...]:
    """Agencies a report is disseminated to now (granted, not recalled), in order."""
    return active_recipients(session, report_id)


def report_resource(
    session: Session, row: ReportRow, actor: Actor, sight: Sight | None = None
) -> Resource:
    """The ``report`` resource the access policy decides on, with how much of it ``actor``
    sees (``sight`` when known, else :func:`straitwatch.access.visibility.report_sight`)."""
    return Resource(
        "report",
        str(row.id),
        row.provider_agency,
        attrs={
            "sight": report_sight(session, actor, row) if sight is None else sight,
            "handling": f"{row.handling_scale} {row.handling_code}",
        },
    )


def load_report(
    session: Session, actor: Actor, report_id: int, action: Action, purpose: str | None = None
) -> ReportRow:
    """The report row if ``actor`` may take ``action`` on it. A report the actor does not see
    does not exist for them (the same 404 as an id never used); a refusal is logged either
    way. An id never used is logged as a refused attempt too: probing ids is worth a
    DPO's eye, and both answers then cost the same work (similar time, issue 13 item 3)."""
    row, sight = report_and_sight(session, actor, report_id)
    if row is None:
        nothing = Resource("report", str(report_id))
        audit_refusal(
            session, actor, action, nothing, "report not visible to the actor", purpose=purpose
        )
        raise NotFound(f"no report {report_id}")
    resource = report_resource(session, row, actor, sight)
    if resource.attrs["sight"] is Sight.NONE:
        audit_refusal(
            session, actor, action, resource, "report not visible to the actor", purpose=purpose
        )
        raise NotFound(f"no report {report_id}")
    enforce(session, actor, action, resource, purpose=purpose)
    return row


def create_report(
    session: Session,
    actor: Actor,
    draft: ReportDraft,
    *,
    max_attachment_bytes: int = MAX_ATTACHMENT_BYTES,
) -> ReportView:
    """Store a new report provided by the actor's agency (a collection event)."""
    enforce(session, actor, Action.REPORTS_CREATE, Resource("report"), purpose=draft.purpose)
    grade = parse_grade(draft.grade_scale, draft.grade_source, draft.grade_information)
    code = handling_code(draft.handling_scale, draft.handling_code)
    conditions = check_conditions(code, draft.handling_conditions)
    if draft.event_time.tzinfo is None:
        raise InvalidInput("time of the events must carry a time zone", where="event_time")
    if (draft.lat is None) != (draft.lon is None) or (
        draft.lat is not None and not (-90 <= draft.lat <= 90 and -180 <= (draft.lon or 0) <= 180)
    ):
        raise InvalidInput("give both lat and lon, in degrees (WGS84)", where="lat/lon")
    today = utcnow().date()
    if draft.review_date is not None and draft.review_date < today:
        raise InvalidInput("the review date is in the past", where="review_date")
    review = draft.review_date or today + timedelta(days=DEFAULT_REVIEW_DAYS)
    keep = draft.retention_until or today + timedelta(days=DEFAULT_RETENTION_DAYS)
    if keep < today:
        raise InvalidInput("retention ends in the past", where="retention_until")
    if review < today:
        raise InvalidInput("review date is in the past", where="review_date")
    if keep < review:
        raise InvalidInput("retention ends before the review date", where="retention_until")
    row = ReportRow(
        title=_require(draft.title, "title", 300),
        body=_require(draft.body, "text", 200_000),
        event_time=draft.event_time,
        location=(draft.location or "").strip() or None,
        lat=draft.lat,
        lon=draft.lon,
        subjects=[_require(s, "subjects", 200) for s in draft.subjects if s.strip()],
        provider_agency=actor.agency,
        author=actor.username,
        purpose=_require(draft.purpose, "purpose", 300),
        legal_basis=_require(draft.legal_basis, "legal_basis", 300),
        grade_scale=grade.scale,
        grade_source=grade.source,
        grade_information=grade.information,
        grade_sort=grade.sort_key,
        handling_scale=code.scale,
        handling_code=code.code,
        handling_conditions=conditions,
        review_date=review,
        retention_until=keep,
    )
    session.add(row)
    session.flush()
    for att in draft.attachments:
        ok = check_attachment(att, max_attachment_bytes)
        session.add(
            AttachmentRow(
                report_id=row.id,
                filename=ok.filename,
                media_type=ok.media_type,
                size_bytes=len(ok.content),
                sha256=ok.sha256,
                content=ok.content,
            )
        )
    session.flush()
    search_index.put(session, "report", str(row.id), f"{row.title}\n{row.body}")
    log(
        session,
        actor,
        AuditAction.COLLECTION,
        "report",
        row.id,
        purpose=row.purpose,
        grade=grade.as_text,
        handling=code.as_text,
    )
    return report_view(session, actor, row)


def get_report(
    session: Session, actor: Actor, report_id: int, *, purpose: str | None = None
) -> ReportView:
    """One report for ``actor``: a consultation event (the body is withheld from a
    recipient until they acknowledge its handling conditions)."""
    row = load_report(session, actor, report_id, Action.REPORTS_READ, purpose)
    view = report_view(session, actor, row)
    log(
        session,
        actor,
        AuditAction.CONSULTATION,
        "report",
        row.id,
        purpose=purpose,
        withheld=view.body is None,
    )
    return view


def list_reports(
    session: Session, actor: Actor, *, purpose: str | None = None, limit: int = 200
) -> list[ReportView]:
    """Reports the actor sees, best graded first, as titles and metadata (no text): a
    consultation event of each, saying that its title (not its text) was shown."""
    enforce(session, actor, Action.REPORTS_READ, Resource("report"), purpose=purpose)
    stmt = (
        select(ReportRow)
        .where(report_filter(actor, Sight.LISTED))
        .order_by(ReportRow.grade_sort.desc(), ReportRow.id.desc())
        .limit(limit)
    )
    out = [report_view(session, actor, row, summary=True) for row in session.scalars(stmt)]
    for view in out:
        log(
            session,
            actor,
            AuditAction.CONSULTATION,
            "report",
            view.id,
            purpose=purpose,
            via="list",
            shown="title",
        )
    return out


def change_handling(
    session: Session,
    actor: Actor,
    report_id: int,
    scale: str,
    code: str,
    conditions: str | None,
    reason: str,
) -> ReportView:
    """Relax or tighten a report's handling code (its provider only; an alteration event)."""
    row = load_report(session, actor, report_id, Action.REPORTS_HANDLING_CHANGE)
    new = handling_code(scale, code)
    text = check_conditions(new, conditions)
    why = _require(reason, "reason", 1000)
    old: dict[str, Any] = {
        "handling": f"{row.handling_scale} {row.handling_code}",
        "conditions": row.handling_conditions,
    }
    row.handling_scale, row.handling_code, row.handling_conditions = new.scale, new.code, text
    row.updated_at = utcnow()
    session.flush()
    _apply_to_recipients(session, actor, row, new, text, why)
    log(
        session,
        actor,
        AuditAction.ALTERATION,
        "report",
        row.id,
        purpose=why,
        field="handling",
        old=old,
        new={"handling": new.as_text, "conditions": text},
    )
    return report_view(session, actor, row)


def _date(value: object, name: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise InvalidInput(f"{value!r} is not a date (YYYY-MM-DD)", where=name) from exc


def _apply_to_recipients(
    session: Session, actor: Actor, row: ReportRow, new: HandlingCode, text: str | None, why: str
) -> None:
    """A tightened code is applied to those who hold the report: recalled from a recipient
    the new code would not let it reach without permission (notice sent), and new
    conditions must be acknowledged again before the text is shown."""
    held = session.scalars(
        select(DisseminationRow).where(
            DisseminationRow.report_id == row.id,
            DisseminationRow.status == "granted",
            DisseminationRow.recalled_at.is_(None),
        )
    ).all()
    gone = []
    for d in held:
        verdict = dissemination_verdict(new, row.provider_agency, d.to_agency, text)
        if verdict.needs in (Effect.PERMISSION, Effect.REFUSE):
            gone.append(d.to_agency)
        elif verdict.needs is Effect.CONDITIONS and d.conditions != text:
            d.conditions, d.acknowledged_by, d.acknowledged_at = text, None, None
            notify(session, actor, row, d.to_agency, "conditions_changed", why)
    if gone:
        withdraw(session, actor, row, gone, f"handling changed to {new.as_text}: {why}")


_EDITABLE = {"title": 300, "body": 200_000, "location": 300, "purpose": 300, "legal_basis": 300}


def edit_report(
    session: Session, actor: Actor, report_id: int, changes: dict[str, Any], reason: str
) -> ReportView:
    """Change text fields or the review date (its provider only; one alteration event
    listing each field's old and new value). The grade as given is never edited."""
    row = load_report(session, actor, report_id, Action.REPORTS_EDIT)
    why = _require(reason, "reason", 1000)
    diff: dict[str, Any] = {}
    for name, value in changes.items():
        if name == "review_date":
            new: Any = _date(value, name)
            if new > row.retention_until:
                raise InvalidInput("review date after end of retention", where=name)
        elif name in _EDITABLE:
            new = _require(str(value), name, _EDITABLE[name])
        else:
            raise InvalidInput(f"{name!r} cannot be edited", where=name)
        if getattr(row, name) != new:
            diff[name] = {"old": getattr(row, name), "new": new}
            setattr(row, name, new)
    if diff:
        row.updated_at = utcnow()
        session.flush()
        search_index.put(session, "report", str(row.id), f"{row.title}\n{row.body}")
        log(session, actor, AuditAction.ALTERATION, "report", row.id, purpose=why, changes=diff)
    return report_view(session, actor, row)
