# SPDX-License-Identifier: EUPL-1.2
"""What a report looks like to one actor: the grade as given and normalised, the handling
code with its banner, and what only the provider sees (who received it).

Plain data, rendered the same by the CLI, the API and exports.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from straitwatch.access.actor import Actor
from straitwatch.access.visibility import Sight, report_sight
from straitwatch.errors import InvalidInput
from straitwatch.intel.grading import Grade, agency_scale, handling_code, scale, translate_grade
from straitwatch.store.intel import AttachmentRow, DisseminationRow, ReportRow

__all__ = ["GradeView", "HandlingView", "ReportView", "report_view"]


@dataclass(frozen=True, slots=True)
class GradeView:
    scale: str
    source: str
    information: str
    as_given: str
    source_label: str
    information_label: str
    normalised_source: int
    normalised_information: int
    sort_key: int
    translated: str | None
    """The grade in the reader's agency scale by the declared table, when it differs."""


@dataclass(frozen=True, slots=True)
class HandlingView:
    scale: str
    code: str
    label: str
    effect: str
    conditions: str | None
    banner: str | None


@dataclass(frozen=True, slots=True)
class ReportView:
    """A report as shown to one actor. ``body`` (and ``attachments``) are empty while a
    recipient has not yet acknowledged the handling conditions and in lists;
    ``disseminations`` is shown to the provider only."""

    id: int
    title: str
    body: str | None
    event_time: datetime
    location: str | None
    lat: float | None
    lon: float | None
    subjects: list[str]
    provider_agency: str
    author: str
    purpose: str
    legal_basis: str
    grade: GradeView
    handling: HandlingView
    review_date: date
    retention_until: date
    attachments: list[dict[str, Any]]
    conditions_to_acknowledge: str | None
    disseminations: list[dict[str, Any]] | None
    created_at: datetime
    updated_at: datetime

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _translated(g: Grade, reader_agency: str) -> str | None:
    target = agency_scale(reader_agency)
    if target is None or target == g.scale:
        return None
    try:
        return translate_grade(g, target).as_text
    except InvalidInput:
        return None  # no table declared for this direction: the grade as given stands


def _grade(row: ReportRow, reader_agency: str) -> GradeView:
    g = Grade(row.grade_scale, row.grade_source, row.grade_information)
    s = scale(g.scale)
    src, info = g.normalised
    return GradeView(
        g.scale,
        g.source,
        g.information,
        g.as_text,
        s.source[g.source].label,
        s.information[g.information].label,
        src,
        info,
        g.sort_key,
        _translated(g, reader_agency),
    )


def report_view(
    session: Session, actor: Actor, row: ReportRow, *, summary: bool = False
) -> ReportView:
    """Render ``row`` for ``actor`` as far as they see it
    (:func:`straitwatch.access.visibility.report_sight`): the text and attachments only
    when they may read it, and never in a ``summary`` (a list shows titles only)."""
    sight = report_sight(session, actor, row)
    if sight is Sight.NONE:
        raise ValueError("report_view of a report the actor does not see")
    code = handling_code(row.handling_scale, row.handling_code)
    mine = session.scalars(
        select(DisseminationRow).where(
            DisseminationRow.report_id == row.id,
            DisseminationRow.to_agency == actor.agency,
            DisseminationRow.recalled_at.is_(None),
        )
    ).all()
    pending = next(
        (
            d.conditions
            for d in mine
            if d.status == "granted" and d.conditions and d.acknowledged_at is None
        ),
        None,
    )
    is_provider = actor.agency == row.provider_agency or not actor.is_human
    shown = sight is Sight.READ and not summary
    dissem = None
    if is_provider:
        dissem = [
            {
                "to_agency": d.to_agency,
                "status": d.status,
                "by": d.by_actor,
                "at": d.at,
                "conditions": d.conditions,
                "acknowledged_by": d.acknowledged_by,
                "acknowledged_at": d.acknowledged_at,
                "recalled_at": d.recalled_at,
                "recalled_by": d.recalled_by,
                "recall_reason": d.recall_reason,
            }
            for d in session.scalars(
                select(DisseminationRow)
                .where(DisseminationRow.report_id == row.id)
                .order_by(DisseminationRow.id)
            )
        ]
    atts = (
        session.scalars(select(AttachmentRow).where(AttachmentRow.report_id == row.id))
        if shown
        else ()
    )
    return ReportView(
        id=row.id,
        title=row.title,
        body=row.body if shown else None,
        event_time=row.event_time,
        location=row.location,
        lat=row.lat,
        lon=row.lon,
        subjects=list(row.subjects),
        provider_agency=row.provider_agency,
        author=row.author,
        purpose=row.purpose,
        legal_basis=row.legal_basis,
        grade=_grade(row, actor.agency),
        handling=HandlingView(
            code.scale,
            code.code,
            code.label,
            str(code.effect),
            row.handling_conditions,
            code.banner,
        ),
        review_date=row.review_date,
        retention_until=row.retention_until,
        attachments=[
            {
                "id": a.id,
                "filename": a.filename,
                "media_type": a.media_type,
                "size_bytes": a.size_bytes,
                "sha256": a.sha256,
            }
            for a in atts
        ],
        conditions_to_acknowledge=None if is_provider else pending,
        disseminations=dissem,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )
