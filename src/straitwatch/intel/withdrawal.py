# SPDX-License-Identifier: EUPL-1.2
"""Withdrawal (recall) of a report from agencies it was disseminated to, with a notice to
each and an audit event: used when the provider recalls a report and when it tightens the
handling code so that a recipient may no longer hold it.

A recalled dissemination stays on record (who, when, why); from that moment the report,
its text, attachments and the entity values drawn from it no longer exist for the
recipient (:mod:`straitwatch.access.visibility`).

>>> withdraw(session, uk_analyst, row, ["PREMAR"], "source at risk")   # doctest: +SKIP
['PREMAR']
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from straitwatch.access.actor import Actor
from straitwatch.access.audit import AuditAction
from straitwatch.intel.events import log
from straitwatch.store.base import utcnow
from straitwatch.store.intel import DisseminationRow, NoticeRow, ReportRow

__all__ = ["notify", "withdraw"]


def notify(
    session: Session, actor: Actor, row: ReportRow, agency: str, kind: str, reason: str
) -> None:
    """Leave a notice about ``row`` for ``agency`` (its inbox: ``GET /api/notices``)."""
    session.add(
        NoticeRow(
            agency=agency, report_id=row.id, kind=kind, reason=reason, by_actor=actor.username
        )
    )


def withdraw(
    session: Session, actor: Actor, row: ReportRow, agencies: Iterable[str], reason: str
) -> list[str]:
    """Recall ``row`` from ``agencies`` (those that hold it now); return those recalled."""
    wanted = set(agencies)
    now = utcnow()
    done: list[str] = []
    for d in session.scalars(
        select(DisseminationRow)
        .where(
            DisseminationRow.report_id == row.id,
            DisseminationRow.status == "granted",
            DisseminationRow.recalled_at.is_(None),
        )
        .order_by(DisseminationRow.id)
    ):
        if d.to_agency not in wanted:
            continue
        d.recalled_at, d.recalled_by, d.recall_reason = now, actor.username, reason
        if d.to_agency not in done:
            done.append(d.to_agency)
            notify(session, actor, row, d.to_agency, "recalled", reason)
    if done:
        log(
            session,
            actor,
            AuditAction.ALTERATION,
            "report",
            row.id,
            purpose=reason,
            field="dissemination",
            event="recalled",
            from_agencies=done,
        )
    session.flush()
    return done
