# SPDX-License-Identifier: EUPL-1.2
"""What assessment remembers between steps: a little about each live track, and the open
alerts (one per track and type).

This is the whole state of the assessment stage; it is plain data, so a live server, a
replay and a test each hold their own.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from datetime import datetime

from straitwatch.assessment.alert import Alert, AlertType

__all__ = ["AssessmentState", "SightingCluster", "TrackMemory"]


@dataclass(slots=True)
class TrackMemory:
    """How a track started and what it has done since, as far as the rules need."""

    track_id: str
    first_time: datetime
    first_lat: float
    first_lon: float
    start_offshore_m: float
    """Distance from the continental shore where the track was first seen."""
    start_sector: str
    """Departure sector it was first seen in (``""`` if none)."""
    from_french_coast: bool
    """First seen close to the French departure coast, away from the ports."""
    last_time: datetime
    last_lat: float
    last_lon: float
    last_x_m: float
    last_y_m: float
    last_uk_side: bool
    last_territorial_sea: str
    ais: bool = False
    """Its latest update was an AIS vessel's."""
    small_boat: bool = False
    """Known to be a small boat: the tracker said so, or it left the French coast."""
    underway_at: datetime | None = None
    """Last time it made way (at least the distress rule's ``underway_min_kn``)."""
    slow_since: datetime | None = None
    """Since when its typical speed has been under the distress rule's ``drift_max_kn``."""
    moving_since: datetime | None = None
    """Since when it has clearly made way again (``underway_min_kn`` by both measures)."""
    recent: deque[tuple[datetime, float, float, float]] = field(
        default_factory=lambda: deque(maxlen=256)
    )
    """``(time, speed_kn, x_m, y_m)`` of the last few minutes: a filtered speed jitters by
    a knot or two around a drift, so stopping is judged over minutes. Pruned by time; the
    cap is only a guard (several radars overlapping give ~90 updates in five minutes, and
    a cap that cut into the window would leave a drift never judged)."""
    fast_dark_since: datetime | None = None
    """Since when it has been dark at a ship's speed (dark-contact rule)."""
    persons: int | None = None
    persons_in_water: bool = False
    open: dict[AlertType, Alert] = field(default_factory=dict)


@dataclass(slots=True)
class SightingCluster:
    """Persons in the water reported with no track near: one distress alert per cluster."""

    alert: Alert
    x_m: float
    y_m: float
    last_time: datetime


@dataclass(slots=True)
class AssessmentState:
    """Everything the assessment step carries from one call to the next."""

    tracks: dict[str, TrackMemory] = field(default_factory=dict)
    lost: list[TrackMemory] = field(default_factory=list)
    """Small boats whose track ended lately: a new track where one was lost is the same
    boat re-acquired, and takes over its memory (and open alerts)."""
    clusters: list[SightingCluster] = field(default_factory=list)
    clock: datetime | None = None

    def open_alerts(self) -> list[Alert]:
        """Every alert this stage considers open (raised and not closed)."""
        out = [a for m in self.tracks.values() for a in m.open.values()]
        return out + [c.alert for c in self.clusters]

    def close(self, alert_id: str) -> bool:
        """Forget an open alert (it was resolved): the rule may raise a new one later."""
        for memory in self.tracks.values():
            for type_, alert in list(memory.open.items()):
                if alert.alert_id == alert_id:
                    del memory.open[type_]
                    return True
        before = len(self.clusters)
        self.clusters = [c for c in self.clusters if c.alert.alert_id != alert_id]
        return len(self.clusters) != before
