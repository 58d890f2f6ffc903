# SPDX-License-Identifier: EUPL-1.2
"""The alert lifecycle service: store raised alerts, and acknowledge, assign, resolve and
escalate them, each change decided by the access policy and written to the audit log.

::

    new ──acknowledge──► acknowledged ──assign(unit)──► assigned ──resolve(outcome)──► resolved
     │                        │                            ▲  │
     └───────── resolve ──────┴──────── assign (again) ────┘  └── resolve

A ``distress`` alert still ``new`` after the escalation time is escalated: routed to
both coordination centres and their enforcement partners. The API and the CLI call these
functions inside one transaction::

    with transaction(engine) as session:
        acknowledge(session, actor, "AL-3f2a9c0d1e2b")
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from straitwatch.access.actions import Action
from straitwatch.access.actor import Actor, system_actor
from straitwatch.access.audit import AuditAction, AuditEvent, record
from straitwatch.access.policy import Decision, Resource, allowed, enforce
from straitwatch.assessment.alert import Alert, AlertState, AlertType, Outcome, Severity
from straitwatch.assessment.routing import both_coordinators, lead_agency
from straitwatch.errors import Conflict, InvalidInput, NotFound
from straitwatch.store.alerts import AlertRow
from straitwatch.store.base import utcnow

__all__ = [
    "AlertRecord",
    "acknowledge",
    "assign",
    "escalate_overdue",
    "get_alert",
    "list_alerts",
    "record_alerts",
    "resolve",
]


@dataclass(frozen=True, slots=True)
class AlertRecord:
    """An alert as stored, with its lifecycle: what the API serves and the CLI prints."""

    alert: Alert
    state: AlertState
    acknowledged_at: datetime | None
    acknowledged_by: str | None
    assigned_at: datetime | None
    assigned_by: str | None
    assigned_unit: str | None
    resolved_at: datetime | None
    resolved_by: str | None
    outcome: Outcome | None
    note: str | None
    escalated_at: datetime | None

    @classmethod
    def of(cls, row: AlertRow) -> AlertRecord:
        alert = Alert(
            alert_id=row.alert_id,
            type=AlertType(row.type),
            time=row.time,
            lat=row.lat,
            lon=row.lon,
            track_id=row.track_id,
            severity=Severity(row.severity),
            routed_to=tuple(row.routed_to),
            summary=row.summary,
            detail=dict(row.detail),
        )
        return cls(
            alert=alert,
            state=AlertState(row.state),
            acknowledged_at=row.acknowledged_at,
            acknowledged_by=row.acknowledged_by,
            assigned_at=row.assigned_at,
            assigned_by=row.assigned_by,
            assigned_unit=row.assigned_unit,
            resolved_at=row.resolved_at,
            resolved_by=row.resolved_by,
            outcome=Outcome(row.outcome) if row.outcome else None,
            note=row.note,
            escalated_at=row.escalated_at,
        )

    def to_json(self) -> dict[str, Any]:
        def iso(t: datetime | None) -> str | None:
            return t.isoformat().replace("+00:00", "Z") if t else None

        a = self.alert
        return {
            **a.to_json(),
            "lead_agency": lead_agency(a.type is AlertType.DISTRESS, a.lat, a.lon, a.routed_to),
            "state": str(self.state),
            "acknowledged_at": iso(self.acknowledged_at),
            "acknowledged_by": self.acknowledged_by,
            "assigned_at": iso(self.assigned_at),
            "assigned_by": self.assigned_by,
            "assigned_unit": self.assigned_unit,
            "resolved_at": iso(self.resolved_at),
            "resolved_by": self.resolved_by,
            "outcome": str(self.outcome) if self.outcome else None,
            "note": self.note,
            "escalated_at": iso(self.escalated_at),
        }


def _resource(row: AlertRow) -> Resource:
    return Resource(
        "alert", row.alert_id, attrs={"type": row.type, "routed_to": tuple(row.routed_to)}
    )


def _audit(session: Session, actor: Actor, row: AlertRow, change: str, **detail: Any) -> None:
    record(
        session,
        AuditEvent(
            action=AuditAction.ALERT_CHANGE,
            actor=actor.username,
            agency=actor.agency,
            role=str(actor.role),
            resource_kind="alert",
            resource_id=row.alert_id,
            purpose="alert handling",
            detail={"change": change, "type": row.type, "state": row.state, **detail},
        ),
    )


def record_alerts(
    session: Session,
    raised: Iterable[Alert] = (),
    updated: Iterable[Alert] = (),
    *,
    actor: Actor | None = None,
) -> list[AlertRecord]:
    """Store what an assessment step produced: new rows for raised alerts, new content
    (position, score, wider routing) for updated ones. Idempotent by ``alert_id``.

    One open alert per track and type: a raised alert for a track and type that already
    has an open one is folded into it. A departure or crossing again is the same event
    and changes nothing; a *distress* raised again is a new stop of the same boat (the
    rule raises one only after the boat made way again), and is never held back: the open
    alert takes the new time, position and factors, keeps the previous ones in
    ``detail["previous"]``, and if it was only acknowledged it is ``new`` again, for the
    watch to acknowledge (and for escalation)."""
    actor = actor or system_actor()
    out = []
    for alert in raised:
        row = session.get(AlertRow, alert.alert_id)
        if row is None:
            row = _open_for(session, alert)
            if row is not None and alert.type is AlertType.DISTRESS:
                _raise_again(session, actor, row, alert)
        if row is None:
            row = AlertRow(
                alert_id=alert.alert_id,
                type=str(alert.type),
                state=str(AlertState.NEW),
                severity=str(alert.severity),
                time=alert.time,
                lat=alert.lat,
                lon=alert.lon,
                track_id=alert.track_id,
                routed_to=list(alert.routed_to),
                summary=alert.summary,
                detail=alert.detail,
                created_at=utcnow(),
                updated_at=utcnow(),
            )
            session.add(row)
            session.flush()
            _audit(session, actor, row, "raised", routed_to=list(alert.routed_to))
        out.append(AlertRecord.of(row))
    for alert in updated:
        # An alert raised while folded into an open one of its track and type updates that.
        row = session.get(AlertRow, alert.alert_id) or _open_for(session, alert)
        if row is None:
            raise NotFound(f"alert {alert.alert_id} to update is not stored")
        widened = [a for a in alert.routed_to if a not in row.routed_to]
        row.lat, row.lon, row.summary, row.detail = (
            alert.lat,
            alert.lon,
            alert.summary,
            alert.detail,
        )
        row.routed_to = list(row.routed_to) + widened
        if alert.severity.rank > Severity(row.severity).rank:
            row.severity = str(alert.severity)
        row.updated_at = utcnow()
        session.flush()
        _audit(session, actor, row, "updated", added_routes=widened)
        out.append(AlertRecord.of(row))
    return out


def _raise_again(session: Session, actor: Actor, row: AlertRow, alert: Alert) -> None:
    previous = {
        "alert_id": alert.alert_id,
        "time": row.time.isoformat(),
        "lat": row.lat,
        "lon": row.lon,
        "summary": row.summary,
    }
    widened = [a for a in alert.routed_to if a not in row.routed_to]
    row.time, row.lat, row.lon, row.summary = alert.time, alert.lat, alert.lon, alert.summary
    row.detail = {**alert.detail, "previous": previous}
    row.routed_to = list(row.routed_to) + widened
    if alert.severity.rank > Severity(row.severity).rank:
        row.severity = str(alert.severity)
    before = row.state
    if row.state == str(AlertState.ACKNOWLEDGED):
        row.state = str(AlertState.NEW)
    row.updated_at = utcnow()
    session.flush()
    _audit(session, actor, row, "raised_again", previous=before, added_routes=widened)


def _open_for(session: Session, alert: Alert) -> AlertRow | None:
    if alert.track_id is None:
        return None
    stmt = select(AlertRow).where(
        AlertRow.track_id == alert.track_id,
        AlertRow.type == str(alert.type),
        AlertRow.state != str(AlertState.RESOLVED),
    )
    return session.execute(stmt).scalar_one_or_none()


def _row_for_update(session: Session, actor: Actor, alert_id: str) -> AlertRow:
    row = session.get(AlertRow, alert_id)
    if row is None or not allowed(actor, Action.ALERTS_READ, _resource(row)):
        raise NotFound(f"no alert {alert_id}")
    enforce(session, actor, Action.ALERTS_UPDATE, _resource(row), purpose="alert handling")
    return row


def _move(row: AlertRow, allowed_from: tuple[AlertState, ...], to: AlertState) -> str:
    current = AlertState(row.state)
    if current not in allowed_from:
        raise Conflict(f"alert {row.alert_id} is {current}: it cannot become {to}")
    row.state = str(to)
    return str(current)


def acknowledge(
    session: Session, actor: Actor, alert_id: str, *, now: datetime | None = None
) -> AlertRecord:
    """``new`` → ``acknowledged``: someone on watch has seen it."""
    row = _row_for_update(session, actor, alert_id)
    before = _move(row, (AlertState.NEW,), AlertState.ACKNOWLEDGED)
    row.acknowledged_at = row.updated_at = now or utcnow()
    row.acknowledged_by = actor.username
    _audit(session, actor, row, "acknowledged", previous=before)
    return AlertRecord.of(row)


def assign(
    session: Session, actor: Actor, alert_id: str, unit: str, *, now: datetime | None = None
) -> AlertRecord:
    """``acknowledged`` (or ``assigned``, to reassign) → ``assigned`` to a unit."""
    unit = unit.strip()
    if not unit or len(unit) > 128:
        raise InvalidInput("unit: give the unit's name or call sign (1–128 characters)")
    row = _row_for_update(session, actor, alert_id)
    before = _move(row, (AlertState.ACKNOWLEDGED, AlertState.ASSIGNED), AlertState.ASSIGNED)
    row.assigned_at = row.updated_at = now or utcnow()
    row.assigned_by, row.assigned_unit = actor.username, unit
    _audit(session, actor, row, "assigned", previous=before, unit=unit)
    return AlertRecord.of(row)


def resolve(
    session: Session,
    actor: Actor,
    alert_id: str,
    outcome: Outcome | str,
    *,
    note: str | None = None,
    now: datetime | None = None,
) -> AlertRecord:
    """Any open state → ``resolved`` with an outcome (rescued, intercepted, prevented,
    landed, false alarm, lost contact)."""
    try:
        result = Outcome(outcome)
    except ValueError:
        known = ", ".join(o.value for o in Outcome)
        raise InvalidInput(f"outcome {outcome!r} is not one of: {known}") from None
    row = _row_for_update(session, actor, alert_id)
    before = _move(
        row, (AlertState.NEW, AlertState.ACKNOWLEDGED, AlertState.ASSIGNED), AlertState.RESOLVED
    )
    row.resolved_at = row.updated_at = now or utcnow()
    row.resolved_by, row.outcome, row.note = actor.username, str(result), note
    _audit(session, actor, row, "resolved", previous=before, outcome=str(result))
    return AlertRecord.of(row)


def escalate_overdue(
    session: Session, *, now: datetime, after_s: float, actor: Actor | None = None
) -> list[AlertRecord]:
    """Escalate every ``distress`` alert still ``new`` ``after_s`` seconds after it was
    raised: routed to both coordination centres and their enforcement partners."""
    actor = actor or system_actor()
    cutoff = now - timedelta(seconds=after_s)
    stmt = select(AlertRow).where(
        AlertRow.type == str(AlertType.DISTRESS),
        AlertRow.state == str(AlertState.NEW),
        AlertRow.escalated_at.is_(None),
        AlertRow.created_at <= cutoff,
    )
    out = []
    everyone = both_coordinators()
    for row in session.execute(stmt).scalars():
        added = [a for a in everyone if a not in row.routed_to]
        row.routed_to = list(row.routed_to) + added
        row.escalated_at = row.updated_at = now
        _audit(session, actor, row, "escalated", added_routes=added, after_s=after_s)
        out.append(AlertRecord.of(row))
    session.flush()
    return out


def may_update(session: Session, actor: Actor, alert_id: str) -> Decision:
    """Whether ``actor`` may acknowledge, assign or resolve the alert (the policy's answer,
    for pages to offer only the actions that will be accepted)."""
    row = session.get(AlertRow, alert_id)
    if row is None or not allowed(actor, Action.ALERTS_READ, _resource(row)):
        raise NotFound(f"no alert {alert_id}")
    return allowed(actor, Action.ALERTS_UPDATE, _resource(row))


def get_alert(session: Session, actor: Actor, alert_id: str) -> AlertRecord:
    """One alert, if the actor may see it (else :class:`NotFound`)."""
    row = session.get(AlertRow, alert_id)
    if row is None or not allowed(actor, Action.ALERTS_READ, _resource(row)):
        raise NotFound(f"no alert {alert_id}")
    return AlertRecord.of(row)


def list_alerts(
    session: Session,
    actor: Actor,
    *,
    states: Iterable[AlertState | str] = (),
    types: Iterable[AlertType | str] = (),
    since: datetime | None = None,
    limit: int = 500,
) -> list[AlertRecord]:
    """Alerts the actor may see, newest first; distress alerts are visible to everyone on
    duty whatever their agency (the access policy says so, not this function)."""
    stmt = select(AlertRow).order_by(AlertRow.time.desc(), AlertRow.alert_id)
    state_values = [str(AlertState(s)) for s in states]
    type_values = [str(AlertType(t)) for t in types]
    if state_values:
        stmt = stmt.where(AlertRow.state.in_(state_values))
    if type_values:
        stmt = stmt.where(AlertRow.type.in_(type_values))
    if since is not None:
        stmt = stmt.where(AlertRow.time >= since)
    out = []
    for row in session.execute(stmt).scalars():
        if allowed(actor, Action.ALERTS_READ, _resource(row)):
            out.append(AlertRecord.of(row))
            if len(out) >= limit:
                break
    return out
