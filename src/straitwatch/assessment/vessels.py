# SPDX-License-Identifier: EUPL-1.2
"""The rules about ships: ``dark_contact`` (a vessel-sized track without AIS in or near
the traffic lanes) and ``identity_mismatch`` (AIS that says the ship is somewhere the
radar track carrying it is not)."""

from __future__ import annotations

from straitwatch.assessment.alert import Alert, AlertType
from straitwatch.assessment.memory import TrackMemory
from straitwatch.assessment.passage import RuleContext
from straitwatch.assessment.places import Places
from straitwatch.assessment.routing import route
from straitwatch.tracking.track import TrackClass, TrackUpdate

__all__ = ["dark_contact", "identity_mismatch", "is_fast_dark"]


def dark_contact(
    m: TrackMemory, u: TrackUpdate, p: Places, i: int, tss_m: float, ctx: RuleContext
) -> Alert | None:
    """A dark track at a ship's speed for long enough, within reach of the lanes.

    ``tss_m`` is the distance to the scheme, computed by the caller only for candidates
    (it is the one costly feature).
    """
    rule = ctx.cfg.dark_contact
    if AlertType.DARK_CONTACT in m.open or m.small_boat or m.fast_dark_since is None:
        return None
    if (u.time - m.fast_dark_since).total_seconds() < rule.min_dark_s:
        return None
    if tss_m > rule.near_tss_m:
        return None
    lane = str(ctx.area.tss_lane([u.lat], [u.lon])[0])
    where = f"in lane {lane}" if lane else ("in the TSS" if tss_m == 0 else "near the TSS")
    detail = {
        "speed_kn": round(u.speed_kn, 1),
        "course_deg": round(u.course_deg, 0),
        "lane": lane or None,
        "distance_to_tss_m": round(tss_m),
        "dark_since": m.fast_dark_since.isoformat(),
        "last_mmsi": u.mmsi,
    }
    return Alert.new(
        AlertType.DARK_CONTACT,
        u.time,
        u.lat,
        u.lon,
        u.track_id,
        rule.severity,
        route(rule.routed_to, u.lat, u.lon, ctx.area),
        f"Vessel without AIS {where}, {u.speed_kn:.0f} kn on {u.course_deg:03.0f}°",
        detail,
    )


def is_fast_dark(u: TrackUpdate, ctx: RuleContext) -> bool:
    """Dark (tracker's class) and at a ship's speed: a dark-contact candidate."""
    return (
        u.classification is TrackClass.DARK_CONTACT
        and u.speed_kn >= ctx.cfg.dark_contact.min_speed_kn
    )


def identity_mismatch(m: TrackMemory, u: TrackUpdate, ctx: RuleContext) -> Alert | None:
    """The tracker flagged the track's AIS as inconsistent with its radar position."""
    rule = ctx.cfg.identity_mismatch
    if AlertType.IDENTITY_MISMATCH in m.open or "identity_mismatch" not in u.flags:
        return None
    who = u.name or (f"MMSI {u.mmsi}" if u.mmsi else "a vessel")
    detail = {"mmsi": u.mmsi, "name": u.name, "sources": list(u.sources)}
    return Alert.new(
        AlertType.IDENTITY_MISMATCH,
        u.time,
        u.lat,
        u.lon,
        u.track_id,
        rule.severity,
        route(rule.routed_to, u.lat, u.lon, ctx.area),
        f"AIS of {who} disagrees with the radar track carrying it",
        detail,
    )
