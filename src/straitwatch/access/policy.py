# SPDX-License-Identifier: EUPL-1.2
"""The one place access is decided: :func:`allowed` (pure) and :func:`enforce` (which also
logs refusals in the audit log, as DPA 2018 s.62 requires of access attempts).

A decision is the role's permission (``data/roles.yaml``) and then the resource's own rule
(its agency, its routing, its handling code, whom it was disseminated to). Rules are
looked up by ``Resource.kind``. A kind must be declared: either it has a rule of its own,
or it is listed in :data:`ROLE_ONLY_KINDS` (the role's permission is the whole decision).
Any other kind is refused (the policy fails closed).

Safety of life comes first: a ``distress`` alert is readable by every person on duty, of
every agency and every role, and no rule here can hold it back.

>>> from straitwatch.access.actor import Actor, Role
>>> fr = Actor("fr.watch", "CROSSGN", Role.WATCH_OFFICER, "FR")
>>> allowed(fr, Action.ALERTS_READ, Resource("alert", "7", attrs={"type": "distress",
...         "routed_to": ("HMCG",)})).allowed
True
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from straitwatch.access.actions import Action
from straitwatch.access.actor import Actor, Role
from straitwatch.access.audit import AuditAction, AuditEvent, AuditOutcome, record
from straitwatch.access.directory import agencies, role_permissions
from straitwatch.errors import NotAllowed
from straitwatch.store.db import on_rollback

__all__ = [
    "ROLE_ONLY_KINDS",
    "Decision",
    "Resource",
    "allowed",
    "audit_refusal",
    "enforce",
    "register_rule",
]

ROLE_ONLY_KINDS: frozenset[str] = frozenset(
    {
        "agency",
        "audit",
        "alerts",
        "dead_letters",
        "flows",
        "flows_source",
        "network",
        "observations",
        "person_cluster",
        "person_match",
        "replay",
        "retention",
        "role",
        "search",
        "sensor",
        "track",
        "tracks",
        "travel_document",
        "zone",
    }
)
"""Resource kinds decided by the role alone: they carry no agency, handling code or
dissemination of their own (what a search or an export then shows is decided per item;
a person match's candidates and hits by the visibility decision, per value)."""


@dataclass(frozen=True, slots=True)
class Decision:
    """Yes or no, with the reason shown to the user and written to the audit log."""

    allowed: bool
    reason: str

    def __bool__(self) -> bool:
        return self.allowed


@dataclass(frozen=True, slots=True)
class Resource:
    """What an action is taken on: a kind, an id, the owning agency, and the attributes
    its rule needs (e.g. an alert's ``type`` and ``routed_to``; a report's handling code
    and recipients)."""

    kind: str
    id: str | None = None
    owner_agency: str | None = None
    attrs: Mapping[str, Any] = field(default_factory=dict)


Rule = Callable[[Actor, Action, Resource], Decision]
_RULES: dict[str, Rule] = {}


def register_rule(kind: str) -> Callable[[Rule], Rule]:
    """Declare the rule for one resource kind (used inside the ``access`` package only)."""

    def deco(rule: Rule) -> Rule:
        _RULES[kind] = rule
        return rule

    return deco


def _country(code: str) -> str | None:
    return next((a.country for a in agencies() if a.code == code), None)


def allowed(actor: Actor, action: Action, resource: Resource) -> Decision:
    """Decide whether ``actor`` may take ``action`` on ``resource``, and why."""
    if (
        resource.kind == "alert"
        and resource.attrs.get("type") == "distress"
        and action is Action.ALERTS_READ
        and actor.role is not Role.MACHINE
    ):
        return Decision(True, "safety of life: distress alerts reach everyone on duty")
    if action not in role_permissions()[actor.role]:
        return Decision(False, f"role {actor.role} may not {action}")
    if actor.role is Role.SYSTEM:
        return Decision(True, "the installation's operator")
    rule = _RULES.get(resource.kind)
    if rule is not None:
        return rule(actor, action, resource)
    if resource.kind in ROLE_ONLY_KINDS:
        return Decision(True, f"role {actor.role} may {action}")
    return Decision(False, f"no access rule for {resource.kind!r}: refused")


def enforce(
    session: Session,
    actor: Actor,
    action: Action,
    resource: Resource,
    *,
    purpose: str | None = None,
) -> Decision:
    """:func:`allowed`, and on refusal: log the refusal and raise :class:`NotAllowed`.

    The caller's transaction is left as it is. The refusal is written in it and, should
    the caller then roll back, written again after the rollback (see
    :func:`audit_refusal`), so it is never lost and never undoes the caller's work."""
    decision = allowed(actor, action, resource)
    if not decision:
        audit_refusal(session, actor, action, resource, decision.reason, purpose=purpose)
        raise NotAllowed(decision.reason)
    return decision


def audit_refusal(
    session: Session,
    actor: Actor,
    action: Action,
    resource: Resource,
    reason: str,
    *,
    purpose: str | None = None,
) -> None:
    """Log a refused access in the caller's transaction, and again after a rollback of it
    (a hook run by :func:`straitwatch.store.db.after_rollback`): a refusal must survive
    the error it causes. Used by :func:`enforce` and by reads refused as not found."""
    event = AuditEvent(
        action=AuditAction.ACCESS_DENIED,
        actor=actor.username,
        agency=actor.agency,
        role=str(actor.role),
        resource_kind=resource.kind,
        resource_id=resource.id,
        purpose=purpose,
        outcome=AuditOutcome.DENIED,
        detail={"attempted": str(action), "reason": reason},
    )
    record(session, event)
    on_rollback(session, lambda s: record(s, event))


@register_rule("alert")
def _alert_rule(actor: Actor, action: Action, resource: Resource) -> Decision:
    """Operational alerts go to the agencies they are routed to and their national
    partners; EU agencies (Frontex, Europol) see the joint picture but act on nothing."""
    routed: tuple[str, ...] = tuple(resource.attrs.get("routed_to", ()))
    if actor.agency in routed:
        return Decision(True, f"alert routed to {actor.agency}")
    if resource.attrs.get("type") == "distress" and action is Action.ALERTS_UPDATE:
        return Decision(True, "safety of life: anyone on watch may act on a distress alert")
    countries = {_country(code) for code in routed}
    if actor.country in countries:
        return Decision(True, f"alert routed to a {actor.country} partner")
    if action is Action.ALERTS_READ and actor.country == "EU":
        return Decision(True, "EU agencies see the joint picture")
    return Decision(False, f"alert not routed to {actor.agency} or its national partners")
