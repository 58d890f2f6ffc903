# SPDX-License-Identifier: EUPL-1.2
"""What every feed of one stream shares: the quality limits, the clock, the duplicate
filter, the per-MMSI speed check, the known vessel identities and the declared sensors.

One :class:`StreamState` per stream (an ``ingest`` run, a listener, one HTTP post); each
feed in it (a file, a TCP connection) gets its own :class:`FeedClock` from it.

>>> from datetime import datetime, UTC
>>> state = StreamState(clock=lambda: datetime(2026, 1, 1, tzinfo=UTC))
>>> state.remember(Identity(235000001, name="SOLENT STAR")).name
'SOLENT STAR'
>>> state.remember(Identity(235000001, call_sign="MXYZ1")).name
'SOLENT STAR'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from straitwatch.sensors.observation import Identity
from straitwatch.sensors.quality import (
    Clock,
    DuplicateFilter,
    FeedClock,
    QualityPolicy,
    SpeedCheck,
    wall_clock,
)
from straitwatch.sensors.sites import SensorSites

__all__ = ["StreamState", "merge_identity"]


def merge_identity(old: Identity | None, new: Identity) -> Identity:
    """``new`` over ``old``: a field ``new`` leaves unknown keeps its old value."""
    if old is None:
        return new
    return Identity(
        mmsi=new.mmsi,
        imo=new.imo if new.imo is not None else old.imo,
        call_sign=new.call_sign if new.call_sign is not None else old.call_sign,
        name=new.name if new.name is not None else old.name,
        ship_type=new.ship_type if new.ship_type is not None else old.ship_type,
        length_m=new.length_m if new.length_m is not None else old.length_m,
    )


@dataclass
class StreamState:
    """Shared state and settings of one stream of feeds."""

    policy: QualityPolicy = field(default_factory=QualityPolicy)
    clock: Clock = wall_clock
    sites: SensorSites = field(default_factory=SensorSites)
    start: datetime | None = None
    """Receive time for file lines that carry none before the first that does
    (default: when the file started being read)."""
    identities: dict[int, Identity] = field(default_factory=dict)
    speed: SpeedCheck = field(init=False)
    duplicates: DuplicateFilter = field(init=False)

    def __post_init__(self) -> None:
        self.speed = SpeedCheck(self.policy)
        self.duplicates = DuplicateFilter(self.policy.duplicate_window_s)

    def feed_clock(self) -> FeedClock:
        """Time checks for one more feed of this stream."""
        return FeedClock(self.policy, self.clock)

    def remember(self, identity: Identity) -> Identity:
        """Merge a static update into what is known of the MMSI; return the result."""
        merged = merge_identity(self.identities.get(identity.mmsi), identity)
        self.identities[identity.mmsi] = merged
        return merged
