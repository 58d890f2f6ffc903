# SPDX-License-Identifier: EUPL-1.2
"""The behaviour rules in the live pipeline: AIS reports and dark tracks in, alerts out.

Positions are gathered per step and run through the rules every ``every_s`` seconds of
stream time (the rules read bins of minutes and gaps of hours: a minute's delay costs
nothing). An encounter or loitering that already qualifies is raised while it goes on;
when it ends its alert is updated with the end. The tracker's own ``identity_mismatch``
flag is raised by assessment, not here.

>>> from datetime import UTC, datetime
>>> monitor = BehaviourMonitor()
>>> monitor.step([], [], datetime(2022, 8, 22, tzinfo=UTC))
([], [])
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from straitwatch.assessment.alert import Alert
from straitwatch.behaviour.alerts import to_alert
from straitwatch.behaviour.detect import Detector
from straitwatch.behaviour.event import BehaviourEvent
from straitwatch.behaviour.feed import PositionFeed
from straitwatch.behaviour.preset import Preset, preset
from straitwatch.sensors.observation import Observation
from straitwatch.sensors.records import StaticUpdate
from straitwatch.tracking.track import TrackUpdate

__all__ = ["BehaviourMonitor"]


class BehaviourMonitor:
    """``step(updates, observations, now) -> (raised, updated)`` alerts."""

    def __init__(self, the_preset: Preset | None = None, *, every_s: float = 60.0) -> None:
        self.preset = the_preset or preset("channel")
        self.every_s = every_s
        self.detector = Detector(self.preset)
        self.feed = PositionFeed(self.detector.names)
        self._last_run: float | None = None
        self._raised: dict[tuple[str, tuple[str, ...], datetime], Alert] = {}

    def identify(self, static: StaticUpdate) -> None:
        self.detector.identify(static.identity)

    def step(
        self,
        updates: Sequence[TrackUpdate],
        observations: Iterable[Observation],
        now: datetime,
    ) -> tuple[list[Alert], list[Alert]]:
        for obs in observations:
            self.feed.observe(obs)
        self.feed.track(updates)
        now_s = now.timestamp()
        if self._last_run is not None and now_s - self._last_run < self.every_s:
            return [], []
        self._last_run = now_s
        closed = self.detector.step(self.feed.take())
        return self._alerts(closed + self.detector.pending())

    def _alerts(self, events: list[BehaviourEvent]) -> tuple[list[Alert], list[Alert]]:
        raised: list[Alert] = []
        updated: list[Alert] = []
        for event in events:
            alert = to_alert(event, self.preset)
            before = self._raised.get(event.key)
            if event.end is None:  # going on: raised once
                if before is None:
                    raised.append(alert)
                    self._raised[event.key] = alert
            else:  # over: an update of the alert raised while it went on, or a new one
                (updated if before is not None else raised).append(alert)
                self._raised.pop(event.key, None)
        return raised, updated
