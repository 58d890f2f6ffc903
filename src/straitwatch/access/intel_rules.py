# SPDX-License-Identifier: EUPL-1.2
"""Access rules for intelligence: reports, entities and permission requests.

Registered with :func:`straitwatch.access.policy.register_rule` when ``policy`` is imported,
so :func:`allowed` remains the one decision point. Attributes the rules read:

- ``report``: ``owner_agency`` (the provider) and ``sight``: how much of it the actor
  sees, as decided by :mod:`straitwatch.access.visibility` (dissemination, recall,
  acknowledged conditions, retention) -- the one decision of need-to-know.
- ``entity``: ``owner_agency`` and ``visible``: whether the actor sees one of its values
  (:func:`straitwatch.access.visibility.visible_entity`).
- ``permission_request``: ``owner_agency`` (the provider who decides), ``requester``
  (the asking agency) and ``requested_by`` (the asking user, who may not decide).

>>> from straitwatch.access.actor import Actor, Role
>>> fr = Actor("fr.analyst", "PREMAR", Role.ANALYST, "FR")
>>> from straitwatch.access.policy import Resource, allowed
>>> allowed(fr, Action.REPORTS_READ, Resource("report", "1", "UKBF")).allowed
False
"""

from __future__ import annotations

from straitwatch.access.actions import Action
from straitwatch.access.actor import Actor
from straitwatch.access.policy import Decision, Resource, register_rule
from straitwatch.access.visibility import Sight

__all__: list[str] = []

# Only the provider changes, relaxes, recalls or erases what it provided. A recipient may
# pass a report on (reports.disseminate) once it has acknowledged the handling conditions:
# the handling code then decides whether the provider's permission is needed.
_PROVIDER_ONLY = {
    Action.REPORTS_EDIT,
    Action.REPORTS_ERASE,
    Action.REPORTS_RECALL,
    Action.REPORTS_HANDLING_CHANGE,
    Action.PERMISSION_REQUESTS_DECIDE,
    Action.RETENTION_EXTEND,
}


def _sight(resource: Resource) -> Sight:
    return Sight(int(resource.attrs.get("sight", Sight.NONE)))


@register_rule("report")
def _report_rule(actor: Actor, action: Action, resource: Resource) -> Decision:
    """Need-to-know: the provider's agency, and recipients as far as they see it."""
    if resource.owner_agency is None:
        # A report not yet created (or a list, filtered per item): creating is providing.
        return Decision(True, f"role {actor.role} may {action}")
    if actor.agency == resource.owner_agency:
        return Decision(True, f"{actor.agency} provided this report")
    if action in _PROVIDER_ONLY:
        return Decision(False, f"only the provider ({resource.owner_agency}) may {action}")
    sight = _sight(resource)
    if action is Action.REPORTS_DISSEMINATE:
        if sight >= Sight.READ:
            return Decision(True, f"report disseminated to {actor.agency}, conditions accepted")
        return Decision(False, "acknowledge the handling conditions before passing it on")
    if action is Action.REPORTS_READ and sight >= Sight.LISTED:
        return Decision(True, f"report disseminated to {actor.agency}")
    return Decision(False, f"report not disseminated to {actor.agency}")


@register_rule("entity")
def _entity_rule(actor: Actor, action: Action, resource: Resource) -> Decision:
    """An entity exists for an actor through the values they may see; anyone with the
    role may add values (drawn from a report they may read, or held by their agency):
    values are shown only to those who may see their source, so adding discloses nothing."""
    if resource.owner_agency is None or action is Action.ENTITIES_WRITE:
        return Decision(True, f"role {actor.role} may {action}")
    if resource.attrs.get("visible"):
        return Decision(True, f"{actor.agency} sees values of this entity")
    return Decision(False, f"no value of this entity is visible to {actor.agency}")


@register_rule("permission_request")
def _permission_request_rule(actor: Actor, action: Action, resource: Resource) -> Decision:
    """The provider decides, never the person who asked (four eyes); the requesting
    agency may follow its own request."""
    if action is Action.PERMISSION_REQUESTS_DECIDE and actor.username == resource.attrs.get(
        "requested_by"
    ):
        return Decision(False, "a request is decided by someone other than who made it")
    if actor.agency == resource.owner_agency:
        return Decision(True, f"{actor.agency} is the provider asked for permission")
    if action is not Action.PERMISSION_REQUESTS_DECIDE and actor.agency == resource.attrs.get(
        "requester"
    ):
        return Decision(True, f"{actor.agency} made this request")
    return Decision(False, f"only the provider ({resource.owner_agency}) decides this request")
