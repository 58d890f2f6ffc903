"""Access rules for intelligence: reports, entities and permission requests.

Registered with :func:`straitwatch.access.policy.register_rule` when ``policy`` is imported,
so :func:`allowed` remains the one decision point. Attributes the rules read:

- ``report``: ``owner_agency`` (the provider), ``recipients`` (agencies it was
  disseminated to, permission granted where the handling code needs it).
- ``entity``: ``owner_agency``, ``agencies`` (every agency that may see at least one
  report the entity was drawn from) and, when values are added, whether they come from a
  report the actor may read (``values_from_readable_report``).
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

__all__: list[str] = []

# Only the provider changes, relaxes or erases what it provided. A recipient may pass a
# report on (reports.disseminate): the handling code then decides whether the provider's
# permission is needed.
_PROVIDER_ONLY = {
    Action.REPORTS_EDIT,
    Action.REPORTS_HANDLING_CHANGE,
    Action.PERMISSION_REQUESTS_DECIDE,
    Action.ENTITIES_WRITE,
    Action.RETENTION_EXTEND,
}


@register_rule("report")
def _report_rule(actor: Actor, action: Action, resource: Resource) -> Decision:
    """Need-to-know: the provider's agency, and agencies it was disseminated to (read only)."""
    if resource.owner_agency is None:
        # A report not yet created: creating one is providing it.
        return Decision(True, f"role {actor.role} may {action}")
    if actor.agency == resource.owner_agency:
        return Decision(True, f"{actor.agency} provided this report")
    if action in _PROVIDER_ONLY:
        return Decision(False, f"only the provider ({resource.owner_agency}) may {action}")
    if actor.agency in tuple(resource.attrs.get("recipients", ())):
        return Decision(True, f"report disseminated to {actor.agency}")
    return Decision(False, f"report not disseminated to {actor.agency}")


@register_rule("entity")
def _entity_rule(actor: Actor, action: Action, resource: Resource) -> Decision:
    """An entity is seen by the agencies that may see one of its source reports."""
    if resource.owner_agency is None or actor.agency == resource.owner_agency:
        return Decision(True, f"{actor.agency} holds this entity")
    if action is Action.ENTITIES_WRITE and resource.attrs.get("values_from_readable_report"):
        # Values drawn from a report the actor may read carry that report's provenance and
        # are shown only to those who may read it: adding them discloses nothing.
        return Decision(True, "adding values drawn from a report the actor may read")
    if action in _PROVIDER_ONLY:
        return Decision(False, f"only {resource.owner_agency} may {action} on this entity")
    if actor.agency in tuple(resource.attrs.get("agencies", ())):
        return Decision(True, f"drawn from a report disseminated to {actor.agency}")
    return Decision(False, f"entity drawn from no report disseminated to {actor.agency}")


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
