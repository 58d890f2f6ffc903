# SPDX-License-Identifier: EUPL-1.2
"""What a behaviour rule finds: a :class:`BehaviourEvent`, with the rule that found it, the
thresholds it applied and the evidence (positions and times) it saw.

>>> from datetime import UTC, datetime
>>> e = BehaviourEvent(EventType.AIS_GAP, "ais_gap", ("MMSI 235000001",),
...                    datetime(2022, 8, 22, 1, tzinfo=UTC), datetime(2022, 8, 22, 9, tzinfo=UTC),
...                    51.0, 1.5, {"min_gap_s": 21600.0}, {"gap_s": 28800.0})
>>> e.to_json()["type"], e.duration_s
('ais_gap', 28800.0)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

__all__ = ["BehaviourEvent", "EventType"]


class EventType(StrEnum):
    """The kinds of behaviour event (``type`` in every output)."""

    ENCOUNTER = "encounter"
    LOITERING = "loitering"
    AIS_GAP = "ais_gap"
    AIS_SWITCH_OFF = "ais_switch_off"
    IDENTITY_CONFLICT = "identity_conflict"
    IMPOSSIBLE_KINEMATICS = "impossible_kinematics"
    POSITION_ON_LAND = "position_on_land"
    IDENTITY_MISMATCH = "identity_mismatch"


def _iso(t: datetime | None) -> str | None:
    return None if t is None else t.isoformat().replace("+00:00", "Z")


@dataclass(frozen=True, slots=True)
class BehaviourEvent:
    """One event: ``vessels`` are labels (``MMSI 235000001`` where AIS names the vessel,
    else the track id); ``end`` is ``None`` while the behaviour goes on (live)."""

    type: EventType
    rule: str
    vessels: tuple[str, ...]
    start: datetime
    end: datetime | None
    lat: float
    lon: float
    thresholds: dict[str, Any]
    evidence: dict[str, Any] = field(default_factory=dict)
    mmsi: tuple[int, ...] = ()

    @property
    def key(self) -> tuple[str, tuple[str, ...], datetime]:
        """Same behaviour, same key: an ongoing event reported again when it ends."""
        return (str(self.type), self.vessels, self.start)

    @property
    def duration_s(self) -> float | None:
        return None if self.end is None else (self.end - self.start).total_seconds()

    def to_json(self) -> dict[str, Any]:
        return {
            "type": str(self.type),
            "rule": self.rule,
            "vessels": list(self.vessels),
            "mmsi": list(self.mmsi),
            "start": _iso(self.start),
            "end": _iso(self.end),
            "lat": round(self.lat, 6),
            "lon": round(self.lon, 6),
            "thresholds": self.thresholds,
            "evidence": self.evidence,
        }
