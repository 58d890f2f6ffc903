# SPDX-License-Identifier: EUPL-1.2
"""``/api/alerts``: alerts the user may see (filter by type, state, agency), and their
lifecycle — acknowledge, assign, resolve, notes — decided by the access policy and audited by
:mod:`straitwatch.assessment.lifecycle`. Each change is pushed to the live picture."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import Field
from sqlalchemy.orm import Session

from straitwatch.access.actions import Action
from straitwatch.access.policy import Resource, enforce
from straitwatch.api.deps import ActorDep, PictureDep, SessionDep
from straitwatch.api.inputs import RequestBody
from straitwatch.assessment import alert_notes, lifecycle
from straitwatch.assessment.alert import AlertState, AlertType, Outcome, Severity
from straitwatch.assessment.lifecycle import AlertRecord
from straitwatch.picture.live import Picture

router = APIRouter(prefix="/api/alerts", tags=["alerts"])


class Assignment(RequestBody):
    unit: str = Field(min_length=1, max_length=128, examples=["RNLI Dover ALB"])


class NoteBody(RequestBody):
    text: str = Field(min_length=1, max_length=2000, examples=["RNLI Dover ALB on scene"])


class Resolution(RequestBody):
    outcome: Outcome
    note: str | None = Field(default=None, max_length=2000)


def _order(alert: dict[str, Any]) -> tuple[int, str]:
    """Severity first (critical on top), then age (oldest first: it has waited longest)."""
    return (-Severity(alert["severity"]).rank, alert["time"])


def _published(session: Session, picture: Picture, alert: AlertRecord) -> dict[str, Any]:
    """Commit the alert's change, push it to every live picture, answer with it."""
    out = alert.to_json()
    session.commit()
    picture.put_alert(out)
    return out


@router.get("")
def list_alerts(
    session: SessionDep,
    actor: ActorDep,
    type: Annotated[list[AlertType] | None, Query()] = None,
    state: Annotated[list[AlertState] | None, Query()] = None,
    agency: Annotated[str | None, Query(max_length=16, description="routed to this agency")] = None,
    limit: Annotated[int, Query(ge=1, le=2000)] = 500,
) -> dict[str, Any]:
    """Alerts sorted by severity then age; distress alerts reach everyone on duty."""
    enforce(session, actor, Action.ALERTS_READ, Resource("alerts"))  # the collection: role only
    records = lifecycle.list_alerts(
        session, actor, states=state or (), types=type or (), limit=limit
    )
    alerts = [r.to_json() for r in records]
    if agency:
        alerts = [a for a in alerts if agency in a["routed_to"]]
    alerts.sort(key=_order)
    return {"count": len(alerts), "alerts": alerts}


@router.get("/{alert_id}")
def get_alert(alert_id: str, session: SessionDep, actor: ActorDep) -> dict[str, Any]:
    """One alert (404 when it does not exist or is not visible to the user)."""
    return lifecycle.get_alert(session, actor, alert_id).to_json()


@router.get("/{alert_id}/may")
def may(alert_id: str, session: SessionDep, actor: ActorDep) -> dict[str, Any]:
    """Whether the user may act on the alert (acknowledge, assign, resolve), and why: the
    access policy's answer, so a page shows only the buttons that will be accepted."""
    decision = lifecycle.may_update(session, actor, alert_id)
    return {"update": decision.allowed, "reason": decision.reason}


@router.post("/{alert_id}/acknowledge")
def acknowledge(
    alert_id: str, session: SessionDep, actor: ActorDep, picture: PictureDep
) -> dict[str, Any]:
    """``new`` → ``acknowledged``."""
    return _published(session, picture, lifecycle.acknowledge(session, actor, alert_id))


@router.post("/{alert_id}/assign")
def assign(
    alert_id: str, body: Assignment, session: SessionDep, actor: ActorDep, picture: PictureDep
) -> dict[str, Any]:
    """``acknowledged`` → ``assigned`` to a unit (or reassigned)."""
    return _published(session, picture, lifecycle.assign(session, actor, alert_id, body.unit))


@router.post("/{alert_id}/resolve")
def resolve(
    alert_id: str, body: Resolution, session: SessionDep, actor: ActorDep, picture: PictureDep
) -> dict[str, Any]:
    """Any open state → ``resolved`` with an outcome."""
    return _published(
        session, picture, lifecycle.resolve(session, actor, alert_id, body.outcome, note=body.note)
    )


@router.post("/{alert_id}/notes")
def add_note(
    alert_id: str, body: NoteBody, session: SessionDep, actor: ActorDep, picture: PictureDep
) -> dict[str, Any]:
    """A note on the alert (open or resolved), signed and timed; its state is unchanged."""
    return _published(session, picture, alert_notes.add_note(session, actor, alert_id, body.text))
