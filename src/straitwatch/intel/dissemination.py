# SPDX-License-Identifier: EUPL-1.2
"""Dissemination of a report to partner agencies, checked against its handling code at
every disclosure, and the provider's permission workflow (H2, 5x5x5 code 5).

Each recipient gets one of: ``granted`` (a disclosure event), ``granted`` with conditions
the recipient must acknowledge before the text is shown, or a permission request to the
provider (someone there other than the requester approves or refuses with a reason). A
code that forbids dissemination outside the provider (5x5x5 code 4) refuses the whole call.

>>> disseminate(session, uk_analyst, 7, ["PREMAR"], purpose="OCG-12")  # doctest: +SKIP
[Outcome(agency='PREMAR', outcome='permission_requested', ...)]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from straitwatch.access.actions import Action
from straitwatch.access.actor import Actor
from straitwatch.access.audit import AuditAction
from straitwatch.access.directory import agencies, agency
from straitwatch.access.policy import Resource, audit_refusal, enforce
from straitwatch.access.visibility import notice_filter, request_filter
from straitwatch.errors import Conflict, InvalidInput, NotAllowed, NotFound
from straitwatch.intel.events import log
from straitwatch.intel.grading import Effect, handling_code
from straitwatch.intel.handling import dissemination_verdict
from straitwatch.intel.reports import load_report, recipients
from straitwatch.intel.withdrawal import notify, withdraw
from straitwatch.store.base import utcnow
from straitwatch.store.intel import DisseminationRow, NoticeRow, PermissionRequestRow, ReportRow

__all__ = [
    "ALL_MEMBERS",
    "Outcome",
    "acknowledge",
    "decide_request",
    "disseminate",
    "list_notices",
    "list_requests",
    "recall",
]

ALL_MEMBERS = "ALL"
"""Pass ``["ALL"]`` to disseminate to every member agency of the cell."""


@dataclass(frozen=True, slots=True)
class Outcome:
    agency: str
    outcome: str  # granted | granted_with_conditions | permission_requested | already
    reason: str
    conditions: str | None = None
    request_id: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _targets(to_agencies: Sequence[str], provider: str) -> list[str]:
    if not to_agencies:
        raise InvalidInput("name at least one agency (or ALL)", where="to_agencies")
    codes = [c.strip().upper() for c in to_agencies]
    try:  # an unknown code is refused, even beside ALL
        known = [agency(c).code for c in codes if c != ALL_MEMBERS]
    except InvalidInput as exc:
        raise InvalidInput(exc.message, where="to_agencies") from exc
    if ALL_MEMBERS in codes:
        return [a.code for a in agencies() if a.code != provider]
    return list(dict.fromkeys(c for c in known if c != provider))


def _grant(
    session: Session,
    actor: Actor,
    row: ReportRow,
    to: str,
    conditions: str | None,
    purpose: str | None,
    **why: Any,
) -> None:
    session.add(
        DisseminationRow(
            report_id=row.id,
            to_agency=to,
            by_actor=actor.username,
            status="granted",
            conditions=conditions,
        )
    )
    log(
        session,
        actor,
        AuditAction.DISCLOSURE,
        "report",
        row.id,
        purpose=purpose,
        to_agency=to,
        handling=f"{row.handling_scale} {row.handling_code}",
        conditions=conditions,
        **why,
    )


def disseminate(
    session: Session,
    actor: Actor,
    report_id: int,
    to_agencies: Sequence[str],
    *,
    purpose: str | None = None,
) -> list[Outcome]:
    """Share a report with named agencies (or ``ALL``), as its handling code allows."""
    row = load_report(session, actor, report_id, Action.REPORTS_DISSEMINATE, purpose)
    code = handling_code(row.handling_scale, row.handling_code)
    already = set(recipients(session, row.id))
    verdicts = [
        dissemination_verdict(code, row.provider_agency, to, row.handling_conditions)
        for to in _targets(to_agencies, row.provider_agency)
    ]
    refused = [v for v in verdicts if v.needs is Effect.REFUSE]
    if refused:
        why = f"{refused[0].reason}: no dissemination outside {row.provider_agency}"
        resource = Resource("report", str(row.id), row.provider_agency)
        audit_refusal(session, actor, Action.REPORTS_DISSEMINATE, resource, why, purpose=purpose)
        raise NotAllowed(why)
    out: list[Outcome] = []
    waiting: list[str] = []
    for v in verdicts:
        if v.recipient in already:
            out.append(Outcome(v.recipient, "already", "already disseminated"))
        elif v.needs is Effect.PERMISSION:
            waiting.append(v.recipient)
        elif v.needs is Effect.CONDITIONS:
            _grant(session, actor, row, v.recipient, v.conditions, purpose)
            out.append(Outcome(v.recipient, "granted_with_conditions", v.reason, v.conditions))
        else:
            _grant(session, actor, row, v.recipient, None, purpose)
            out.append(Outcome(v.recipient, "granted", v.reason))
    if waiting:
        req = PermissionRequestRow(
            report_id=row.id,
            provider_agency=row.provider_agency,
            requested_by=actor.username,
            requester_agency=actor.agency,
            to_agencies=waiting,
            status="pending",
            purpose=purpose,
        )
        session.add(req)
        session.flush()
        log(
            session,
            actor,
            AuditAction.ADMINISTRATION,
            "permission_request",
            req.id,
            purpose=purpose,
            event="requested",
            report_id=row.id,
            to_agencies=waiting,
        )
        reason = f"handling code {code.as_text}: the provider's permission is needed"
        out += [Outcome(a, "permission_requested", reason, request_id=req.id) for a in waiting]
    session.flush()
    return out


def _request_resource(req: PermissionRequestRow) -> Resource:
    return Resource(
        "permission_request",
        str(req.id),
        req.provider_agency,
        attrs={"requester": req.requester_agency, "requested_by": req.requested_by},
    )


def decide_request(
    session: Session, actor: Actor, request_id: int, *, approve: bool, reason: str | None
) -> dict[str, Any]:
    """The provider approves (the report is disclosed) or refuses (it stays invisible)."""
    req = session.get(PermissionRequestRow, request_id)
    visible = session.scalar(
        select(exists().where(PermissionRequestRow.id == request_id, request_filter(actor)))
    )
    if req is None or not visible:
        raise NotFound(f"no permission request {request_id}")
    enforce(session, actor, Action.PERMISSION_REQUESTS_DECIDE, _request_resource(req))
    if req.status != "pending":
        raise Conflict(f"permission request {request_id} is already {req.status}")
    why = (reason or "").strip() or None
    if not approve and why is None:
        raise InvalidInput("a refusal needs a reason", where="reason")
    req.status = "approved" if approve else "refused"
    req.reason, req.decided_by, req.decided_at = why, actor.username, utcnow()
    row = session.get(ReportRow, req.report_id)
    assert row is not None  # cascade deletes requests with their report
    log(
        session,
        actor,
        AuditAction.ADMINISTRATION,
        "permission_request",
        req.id,
        event=req.status,
        report_id=row.id,
        reason=why,
    )
    # The requester hears either way; the agencies asked for only when they now see it (a
    # refusal must not tell them that the report exists).
    told = [req.requester_agency, *(req.to_agencies if approve else ())]
    for agency_code in dict.fromkeys(told):
        if agency_code != row.provider_agency:
            notify(session, actor, row, agency_code, f"permission_{req.status}", why or "")
    if approve:
        already = set(recipients(session, row.id))
        for to in req.to_agencies:
            if to not in already:
                _grant(
                    session,
                    actor,
                    row,
                    to,
                    row.handling_conditions,
                    req.purpose,
                    permission_request=req.id,
                )
    session.flush()
    return request_dict(req)


def request_dict(req: PermissionRequestRow) -> dict[str, Any]:
    return {
        "id": req.id,
        "report_id": req.report_id,
        "provider_agency": req.provider_agency,
        "requested_by": req.requested_by,
        "requester_agency": req.requester_agency,
        "to_agencies": list(req.to_agencies),
        "status": req.status,
        "reason": req.reason,
        "decided_by": req.decided_by,
        "decided_at": req.decided_at,
        "created_at": req.created_at,
    }


def list_requests(
    session: Session, actor: Actor, status: str | None = None
) -> list[dict[str, Any]]:
    """Requests the actor's agency must decide or made, newest first (the inbox)."""
    stmt = (
        select(PermissionRequestRow)
        .where(request_filter(actor))
        .order_by(PermissionRequestRow.id.desc())
    )
    if status:
        stmt = stmt.where(PermissionRequestRow.status == status)
    return [request_dict(r) for r in session.scalars(stmt.limit(500))]


def recall(
    session: Session,
    actor: Actor,
    report_id: int,
    from_agencies: Sequence[str],
    reason: str,
) -> list[str]:
    """Withdraw a report from agencies that hold it (or ``ALL``), with a notice to each
    and an audit event (its provider only); return the agencies it was recalled from."""
    row = load_report(session, actor, report_id, Action.REPORTS_RECALL, reason)
    why = reason.strip()
    if not why:
        raise InvalidInput("a recall needs a reason", where="reason")
    targets = _targets(from_agencies, row.provider_agency)
    return withdraw(session, actor, row, targets, why)


def list_notices(session: Session, actor: Actor) -> list[dict[str, Any]]:
    """Notices to the actor's agency (reports recalled from it, conditions changed),
    newest first."""
    stmt = select(NoticeRow).where(notice_filter(actor)).order_by(NoticeRow.id.desc())
    return [
        {
            "id": n.id,
            "report_id": n.report_id,
            "kind": n.kind,
            "reason": n.reason,
            "by": n.by_actor,
            "at": n.at,
        }
        for n in session.scalars(stmt.limit(500))
    ]


def acknowledge(session: Session, actor: Actor, report_id: int) -> None:
    """The recipient acknowledges the handling conditions; the text is shown from now on."""
    row = load_report(session, actor, report_id, Action.REPORTS_READ)
    pending = session.scalars(
        select(DisseminationRow).where(
            DisseminationRow.report_id == row.id,
            DisseminationRow.to_agency == actor.agency,
            DisseminationRow.status == "granted",
            DisseminationRow.conditions.is_not(None),
            DisseminationRow.recalled_at.is_(None),
            DisseminationRow.acknowledged_at.is_(None),
        )
    ).all()
    if not pending:
        raise NotFound(f"no conditions to acknowledge on report {report_id}")
    for d in pending:
        d.acknowledged_by, d.acknowledged_at = actor.username, utcnow()
    log(
        session,
        actor,
        AuditAction.ALTERATION,
        "report",
        row.id,
        field="acknowledged",
        conditions=pending[0].conditions,
    )
    session.flush()
