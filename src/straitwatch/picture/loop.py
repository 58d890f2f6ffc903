# SPDX-License-Identifier: EUPL-1.2
"""The batch → track → assess loop, once: the one step every way of running the picture
takes.

The live feed and the replay on the server (through :class:`~straitwatch.picture.pipeline.
Pipeline`), the stages over NATS (its two halves, :meth:`PictureLoop.track` and
:meth:`PictureLoop.assess`, in two processes) and the command line's ``replay``
(:func:`straitwatch.sim.replay.replay`) hand it batches of observations with the time each
batch stands for; it steps the tracker, then the assessment rules (the small-boat
:class:`~straitwatch.assessment.step.Assessor`, the behaviour rules, sensor health), and
returns one :class:`Turn`. What is done with a turn (alerts stored, the picture, a file) is
the caller's; a rule changed here changes for all of them.

>>> from datetime import UTC, datetime
>>> loop = PictureLoop()
>>> turn = loop.step([], datetime(2022, 8, 22, tzinfo=UTC))
>>> (turn.updates, turn.raised, turn.updated)
([], [], [])
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from straitwatch.assessment.alert import Alert
from straitwatch.assessment.health import SensorHealth
from straitwatch.assessment.step import Assessor
from straitwatch.behaviour.monitor import BehaviourMonitor
from straitwatch.sensors.observation import Observation, ObservationKind
from straitwatch.tracking import Rejection, Tracker, TrackerConfig, TrackUpdate

__all__ = ["AssessmentRules", "PictureLoop", "Turn"]


@dataclass(slots=True)
class Turn:
    """What one batch produced: track updates (late ones flagged ``late``), alerts raised
    and updated."""

    updates: list[TrackUpdate] = field(default_factory=list)
    raised: list[Alert] = field(default_factory=list)
    updated: list[Alert] = field(default_factory=list)


@dataclass(slots=True)
class AssessmentRules:
    """Every rule that reads the tracks, with its state: what the assessment stage keeps
    across a restart (all of it, or a behaviour alert would be raised twice)."""

    assessor: Assessor = field(default_factory=Assessor)
    behaviour: BehaviourMonitor = field(default_factory=BehaviourMonitor)
    health: SensorHealth = field(default_factory=SensorHealth)

    def step(
        self, updates: Sequence[TrackUpdate], observations: Sequence[Observation], now: datetime
    ) -> tuple[list[Alert], list[Alert]]:
        """Alerts raised and updated by this batch (late updates are history: not read)."""
        sightings = [o for o in observations if o.kind is ObservationKind.SIGHTING]
        live = [u for u in updates if "late" not in u.flags]
        out = self.assessor.step(live, sightings)
        raised, updated = list(out.raised), list(out.updated)
        for more_raised, more_updated in (
            self.behaviour.step(live, observations, now),
            self.health.step(observations, now),
        ):
            raised += more_raised
            updated += more_updated
        return raised, updated


class PictureLoop:
    """The tracker and the assessment rules, stepped together one batch at a time.

    Observations the tracker refuses (late and matching no track, outside the area) are
    kept for the caller to store as dead letters (:meth:`take_refused`)."""

    def __init__(
        self,
        tracker_config: TrackerConfig | None = None,
        *,
        rules: AssessmentRules | None = None,
        id_prefix: str = "T",
    ) -> None:
        self._late: list[TrackUpdate] = []
        self._refused: list[Rejection] = []
        self.tracker = Tracker(tracker_config, id_prefix=id_prefix)
        self.rules = rules or AssessmentRules()

    @property
    def tracker(self) -> Tracker:
        return self._tracker

    @tracker.setter
    def tracker(self, tracker: Tracker) -> None:
        """A tracker (a restored checkpoint, say) wired to this loop's seams: the ones it
        was pickled with point at lists of a process that is gone."""
        tracker.connect(late=self._late.extend, refused=self._refused.extend)
        self._tracker = tracker

    @property
    def assessor(self) -> Assessor:
        return self.rules.assessor

    def track(self, observations: Sequence[Observation], now: datetime) -> list[TrackUpdate]:
        """The tracking half: updates up to ``now``, then those of late observations."""
        updates = self._tracker.step(observations, now)
        if self._late:
            updates += self._late
            self._late.clear()
        return updates

    def assess(
        self, updates: Sequence[TrackUpdate], observations: Sequence[Observation], now: datetime
    ) -> tuple[list[Alert], list[Alert]]:
        """The assessment half: alerts raised and updated."""
        return self.rules.step(updates, observations, now)

    def step(self, observations: Sequence[Observation], now: datetime) -> Turn:
        """One batch through tracking and assessment."""
        updates = self.track(observations, now)
        raised, updated = self.assess(updates, observations, now)
        return Turn(updates, raised, updated)

    def finish(self, now: datetime) -> Turn:
        """At the end of a file: every track's last update, assessed."""
        updates = self._tracker.flush() + self._late
        self._late.clear()
        raised, updated = self.assess(updates, [], now)
        return Turn(updates, raised, updated)

    def take_refused(self) -> list[Rejection]:
        """The observations refused since the last call (the caller stores them)."""
        refused = list(self._refused)
        self._refused.clear()  # the same list: the tracker's seam appends to it
        return refused

    def give_back_refused(self, refused: list[Rejection]) -> None:
        """Refusals the caller could not store yet: kept for the next :meth:`take_refused`."""
        self._refused[:0] = refused
