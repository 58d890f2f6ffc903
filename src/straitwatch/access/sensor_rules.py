# SPDX-License-Identifier: EUPL-1.2
"""The rule for ``sensor`` resources: a machine feeds only the sensors its token names.

A radar's token cannot post observations as another radar, a drone or a patrol: each
``sensor_id`` in a post is decided here (through :func:`~straitwatch.access.policy.allowed`)
and a refusal names the sensor.

>>> from straitwatch.access.actions import Action
>>> from straitwatch.access.actor import Actor, Role
>>> from straitwatch.access.policy import allowed
>>> radar = Actor("radar.dover", "HMCG", Role.MACHINE, "GB", feeds=frozenset({"radar-dover"}))
>>> allowed(radar, Action.OBSERVATIONS_INGEST, Resource("sensor", "radar-dover")).allowed
True
>>> allowed(radar, Action.OBSERVATIONS_INGEST, Resource("sensor", "drone-fr-07")).reason
"this token may not feed sensor 'drone-fr-07' (it feeds: radar-dover)"
"""

from __future__ import annotations

from straitwatch.access.actions import Action
from straitwatch.access.actor import Actor, Role
from straitwatch.access.policy import Decision, Resource, register_rule

__all__: list[str] = []


@register_rule("sensor")
def _sensor_rule(actor: Actor, action: Action, resource: Resource) -> Decision:
    if actor.role is not Role.MACHINE:
        return Decision(True, f"role {actor.role} may {action}")
    feeds = actor.feeds or frozenset()
    if resource.id in feeds:
        return Decision(True, f"this token feeds sensor {resource.id!r}")
    named = ", ".join(sorted(feeds)) or "no sensor; issue one with --sensor"
    return Decision(False, f"this token may not feed sensor {resource.id!r} (it feeds: {named})")
