# SPDX-License-Identifier: EUPL-1.2
"""What assessment raises: an :class:`Alert`, its type, severity, lifecycle state and outcome.

An alert is an event an operations room acts on: a small boat leaving the French coast,
crossing the median line, in distress, landing; a dark ship in the lanes; AIS that lies.
It names where and when, the track it is about, and the agencies it is routed to.

>>> from datetime import UTC, datetime
>>> a = Alert.new(AlertType.DEPARTURE, datetime(2022, 8, 22, 3, 5, tzinfo=UTC), 50.77, 1.59,
...               "T12", Severity.WARNING, ("PREMAR", "CROSSGN"), "Small boat leaving Wimereux")
>>> a.to_json()["type"], a.alert_id == Alert.new(a.type, a.time, 0, 0, "T12",
...     Severity.INFO, (), "").alert_id
('departure', True)
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum
from typing import Any

__all__ = ["Alert", "AlertState", "AlertType", "Outcome", "Severity"]


class AlertType(StrEnum):
    DEPARTURE = "departure"
    CROSSING = "crossing"
    DISTRESS = "distress"
    DARK_CONTACT = "dark_contact"
    IDENTITY_MISMATCH = "identity_mismatch"
    LANDING = "landing"
    # Behaviour events (straitwatch.behaviour), raised as alerts in the live picture.
    ENCOUNTER = "encounter"
    LOITERING = "loitering"
    AIS_GAP = "ais_gap"
    AIS_SWITCH_OFF = "ais_switch_off"
    IDENTITY_CONFLICT = "identity_conflict"
    IMPOSSIBLE_KINEMATICS = "impossible_kinematics"
    POSITION_ON_LAND = "position_on_land"
    # Sensor health (assessment/health.py).
    SENSOR_SILENT = "sensor_silent"
    SENSOR_DRIFT = "sensor_drift"


class Severity(StrEnum):
    INFO = "info"
    WARNING = "warning"
    HIGH = "high"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self]


_SEVERITY_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.HIGH: 2, Severity.CRITICAL: 3}


class AlertState(StrEnum):
    """new → acknowledged → assigned (to a unit) → resolved (with an :class:`Outcome`)."""

    NEW = "new"
    ACKNOWLEDGED = "acknowledged"
    ASSIGNED = "assigned"
    RESOLVED = "resolved"


class Outcome(StrEnum):
    RESCUED = "rescued"
    INTERCEPTED = "intercepted"
    PREVENTED = "prevented"
    LANDED = "landed"
    FALSE_ALARM = "false_alarm"
    LOST_CONTACT = "lost_contact"


@dataclass(frozen=True, slots=True)
class Alert:
    """One alert as raised (or updated) by a rule.

    ``detail`` carries what the rule saw, as JSON-ready values: the sector, the ETA to the
    coast, the distress factors and risk score, the persons estimate.
    """

    alert_id: str
    type: AlertType
    time: datetime
    lat: float
    lon: float
    track_id: str | None
    severity: Severity
    routed_to: tuple[str, ...]
    summary: str
    detail: dict[str, Any] = field(default_factory=dict)

    @staticmethod
    def make_id(
        type_: AlertType,
        time: datetime,
        track_id: str | None,
        at: tuple[float, float] | None = None,
    ) -> str:
        """Deterministic id: the same replay raises the same ids, so storing an alert again
        (a retry after a store error) finds the row it made. An alert with no track (persons
        in the water reported at two places at once) is told apart by where it is, ``at``."""
        where = track_id or (f"@{at[0]:.5f},{at[1]:.5f}" if at else "")
        key = f"{type_}|{where}|{time.isoformat()}"
        return "AL-" + hashlib.sha1(key.encode(), usedforsecurity=False).hexdigest()[:12]

    @classmethod
    def new(
        cls,
        type_: AlertType,
        time: datetime,
        lat: float,
        lon: float,
        track_id: str | None,
        severity: Severity,
        routed_to: tuple[str, ...],
        summary: str,
        detail: dict[str, Any] | None = None,
    ) -> Alert:
        if time.tzinfo is None:
            raise ValueError("alert time must be timezone-aware UTC")
        return cls(
            alert_id=cls.make_id(type_, time, track_id, None if track_id else (lat, lon)),
            type=type_,
            time=time,
            lat=round(float(lat), 6),
            lon=round(float(lon), 6),
            track_id=track_id,
            severity=severity,
            routed_to=routed_to,
            summary=summary,
            detail=detail or {},
        )

    def updated(self, **changes: Any) -> Alert:
        """The same alert (same id) with new position, severity, routing or detail."""
        return replace(self, **changes)

    def to_json(self) -> dict[str, Any]:
        """The JSON line ``straitwatch replay`` writes (and the API serves)."""
        return {
            "alert_id": self.alert_id,
            "type": str(self.type),
            "time": self.time.isoformat().replace("+00:00", "Z"),
            "lat": self.lat,
            "lon": self.lon,
            "track_id": self.track_id,
            "severity": str(self.severity),
            "routed_to": list(self.routed_to),
            "summary": self.summary,
            "detail": self.detail,
        }
