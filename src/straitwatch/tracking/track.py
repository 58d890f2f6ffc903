# SPDX-License-Identifier: EUPL-1.2
"""What the tracker emits: one :class:`TrackUpdate` per track per update.

This is the contract between tracking and the stages after it (assessment, the
picture, the store, the browser). Positions are WGS84 at this edge.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

__all__ = ["TrackClass", "TrackStatus", "TrackUpdate"]


class TrackStatus(StrEnum):
    TENTATIVE = "tentative"
    CONFIRMED = "confirmed"
    COASTING = "coasting"
    ENDED = "ended"


class TrackClass(StrEnum):
    AIS_VESSEL = "ais_vessel"
    DARK_CONTACT = "dark_contact"
    SMALL_BOAT = "small_boat"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class TrackUpdate:
    """The state of one track after one update."""

    track_id: str
    time: datetime
    lat: float
    lon: float
    speed_kn: float
    course_deg: float
    sigma_m: float
    """1-sigma position uncertainty (major axis) in metres."""
    status: TrackStatus
    classification: TrackClass
    mmsi: int | None = None
    name: str | None = None
    sources: tuple[str, ...] = ()
    """Sensor ids that have contributed to the track."""
    flags: tuple[str, ...] = ()
    """E.g. ``identity_mismatch`` when AIS disagrees with the radar track."""
    persons_estimate: int | None = None
    first_seen: datetime | None = None
    extra: dict[str, float] = field(default_factory=dict)
