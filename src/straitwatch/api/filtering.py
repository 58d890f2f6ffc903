# SPDX-License-Identifier: EUPL-1.2
"""Which tracks and alerts a user may see: every item served (REST or WebSocket) goes
through :func:`straitwatch.access.policy.allowed`; nothing here decides on its own.

Safety-of-life alerts (distress) are always delivered to people, whatever their agency or
role: the policy says so, and this module never filters on anything else.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from straitwatch.access.actions import Action
from straitwatch.access.actor import Actor
from straitwatch.access.policy import Resource, allowed
from straitwatch.picture.live import Delta

__all__ = [
    "alert_resource",
    "audience",
    "filter_alerts",
    "filter_delta",
    "filter_tracks",
    "track_resource",
]


def audience(actor: Actor) -> tuple[str, str, str]:
    """What the policy's decisions on tracks and alerts depend on: agency, role, country.

    Users with the same audience are shown the same tracks and alerts, so the stream and
    the track list filter and encode once per audience rather than once per user. The
    rules for ``track`` and ``alert`` resources must decide on nothing else (a test holds
    them to it); a rule that needed the user would have to widen this key."""
    return (actor.agency, str(actor.role), actor.country)


def track_resource(track: dict[str, Any]) -> Resource:
    return Resource("track", track["track_id"], attrs={"class": track.get("class")})


def alert_resource(alert: dict[str, Any]) -> Resource:
    return Resource(
        "alert",
        alert["alert_id"],
        attrs={"type": alert["type"], "routed_to": tuple(alert.get("routed_to", ()))},
    )


def filter_tracks(actor: Actor, tracks: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    return [t for t in tracks if allowed(actor, Action.TRACKS_READ, track_resource(t))]


def filter_alerts(actor: Actor, alerts: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    return [a for a in alerts if allowed(actor, Action.ALERTS_READ, alert_resource(a))]


def filter_delta(actor: Actor, delta: Delta) -> dict[str, Any] | None:
    """The part of a delta ``actor`` may see, as a WebSocket message (None if nothing)."""
    tracks = filter_tracks(actor, delta.tracks)
    alerts = filter_alerts(actor, delta.alerts)
    if not tracks and not alerts:
        return None
    return {"type": "delta", "clock": delta.clock, "tracks": tracks, "alerts": alerts}
