# SPDX-License-Identifier: EUPL-1.2
"""straitwatch.tracking: observations from every sensor fused into one track per vessel.

>>> from straitwatch.tracking import Tracker, TrackerConfig
>>> tracker = Tracker(TrackerConfig(reorder_window_s=3.0))
>>> # live:    updates = tracker.step(new_observations, now=datetime.now(UTC))
>>> # replay:  updates = tracker.step(batch, now=batch_time); ...; updates += tracker.flush()

The public surface: :class:`Tracker` (``step``, ``flush``, ``snapshot``, ``stats``,
``rejections``), its :class:`TrackerConfig` and :class:`SensorModel`/:class:`MotionModel`/
:class:`ReacquireRule`, the output contract :class:`TrackUpdate` with :class:`TrackStatus` and
:class:`TrackClass`, :class:`RecentHistory` (capped in-memory history for a live picture)
and the evaluation metric :func:`gospa`. Stored history comes back through
``straitwatch.tracking.persist.track_history``; ``straitwatch.tracking.simulate`` makes
radar scenarios with known truth.
"""

from straitwatch.tracking.config import MotionModel, ReacquireRule, SensorModel, TrackerConfig
from straitwatch.tracking.history import RecentHistory
from straitwatch.tracking.metrics import gospa
from straitwatch.tracking.state import Rejection, TrackerStats
from straitwatch.tracking.track import TrackClass, TrackStatus, TrackUpdate
from straitwatch.tracking.tracker import Tracker

__all__ = [
    "MotionModel",
    "ReacquireRule",
    "RecentHistory",
    "Rejection",
    "SensorModel",
    "TrackClass",
    "TrackStatus",
    "TrackUpdate",
    "Tracker",
    "TrackerConfig",
    "TrackerStats",
    "gospa",
]
