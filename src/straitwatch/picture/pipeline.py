# SPDX-License-Identifier: EUPL-1.2
"""The in-process pipeline: ingest → tracking → assessment → picture, one batch at a time.

:meth:`Pipeline.process` takes the observations that arrived (already checked by the
ingest stage), takes one turn of the :class:`~straitwatch.picture.loop.PictureLoop`
(tracker and assessment rules), stores refused observations as dead letters, stores
raised and updated alerts through the lifecycle service (audited), escalates overdue
distress alerts, and applies the result to the live
:class:`~straitwatch.picture.live.Picture`, which pushes it to every watcher.

>>> pipeline = Pipeline(engine, picture)                       # doctest: +SKIP
>>> pipeline.process(observations, now=datetime.now(UTC))      # doctest: +SKIP
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine

from straitwatch.picture.live import Delta, Picture
from straitwatch.picture.loop import AssessmentRules, PictureLoop
from straitwatch.picture.outbox import AlertOutbox, AlertStore, SqlAlertStore, StoreFailure
from straitwatch.picture.refusals import store_refusals
from straitwatch.sensors.observation import Observation
from straitwatch.store.db import transaction
from straitwatch.tracking import Tracker, TrackerConfig, TrackUpdate

__all__ = ["Pipeline", "PipelineStats"]

log = logging.getLogger("straitwatch.picture")


@dataclass(slots=True)
class PipelineStats:
    observations: int = 0
    track_updates: int = 0
    alerts_raised: int = 0
    batches: int = 0
    failed_batches: int = 0
    refused: int = 0
    """Observations the tracker could not use, stored as dead letters."""
    last_error: str | None = None


class Pipeline:
    """The stages after ingest, wired together in one process."""

    def __init__(
        self,
        engine: Engine,
        picture: Picture,
        *,
        tracker_config: TrackerConfig | None = None,
        escalation_s: float = 120.0,
        store: AlertStore | None = None,
    ) -> None:
        self.engine = engine
        self.picture = picture
        self.tracker_config = tracker_config or TrackerConfig(reorder_window_s=2.0)
        self.escalation_s = escalation_s
        self.stats = PipelineStats()
        self.outbox = AlertOutbox(store or SqlAlertStore(engine))
        """Alerts raised and not yet stored; kept across :meth:`restart`."""
        self.restart()

    def restart(self) -> None:
        """Fresh tracker and assessment rules (a replay starting again); alerts still
        owed to the store stay owed."""
        self.loop = PictureLoop(self.tracker_config)

    @property
    def tracker(self) -> Tracker:
        return self.loop.tracker

    @tracker.setter
    def tracker(self, tracker: Tracker) -> None:
        self.loop.tracker = tracker

    @property
    def rules(self) -> AssessmentRules:
        return self.loop.rules

    @rules.setter
    def rules(self, rules: AssessmentRules) -> None:
        self.loop.rules = rules

    def track(self, observations: Sequence[Observation], now: datetime) -> list[TrackUpdate]:
        """The tracking stage alone (also run as its own process over NATS). Late
        observations come back as updates flagged ``late`` at their own time (history, not
        the live state); what no track can use goes to the dead-letter store."""
        updates = self.loop.track(observations, now)
        refused = self.loop.take_refused()
        if refused:
            try:
                with transaction(self.engine) as session:
                    self.stats.refused += store_refusals(session, refused)
            except StoreFailure:  # owed: stored with the next batch, never dropped
                self.loop.give_back_refused(refused)
                log.warning("dead letters of %d refused observations owed", len(refused))
        return updates

    def assess(
        self, updates: Sequence[TrackUpdate], observations: Sequence[Observation], now: datetime
    ) -> list[dict[str, Any]]:
        """The assessment stage: alerts raised and updated, stored (audited), as JSON.

        What the store cannot take now stays in :attr:`outbox` and is stored (and returned,
        to deliver) by a later call: an alert is never lost on a store error."""
        raised, updated = self.loop.assess(updates, observations, now)
        self.outbox.add(raised, updated)
        alerts = self.outbox.flush()
        alerts += self.outbox.escalate(now, self.escalation_s)
        self.stats.alerts_raised += len(raised)
        return alerts

    def compute(
        self, observations: Sequence[Observation], now: datetime
    ) -> tuple[list[TrackUpdate], list[dict[str, Any]]]:
        """Tracking then assessment (safe to run in a worker thread: touches no picture)."""
        updates = self.track(observations, now)
        alerts = self.assess(updates, observations, now)
        self.stats.observations += len(observations)
        self.stats.track_updates += len(updates)
        self.stats.batches += 1
        return updates, alerts

    def compute_safely(
        self, observations: Sequence[Observation], now: datetime
    ) -> tuple[list[TrackUpdate], list[dict[str, Any]]]:
        """:meth:`compute` for a live loop: a batch that fails is logged with its error,
        counted in :attr:`stats` and skipped, so one bad batch never stops the picture."""
        try:
            return self.compute(observations, now)
        except Exception as exc:  # the live picture must keep running; the error is logged
            self.stats.failed_batches += 1
            self.stats.last_error = f"{type(exc).__name__}: {exc}"
            log.exception("pipeline batch of %d observations failed", len(observations))
            return [], []

    def flush(self) -> list[dict[str, Any]]:
        """Store the alerts still owed (see :attr:`outbox`); the stored ones as JSON."""
        return self.outbox.flush()

    def settle(self) -> None:
        """At shutdown: one last try to store the alerts still owed; what cannot be is
        logged as an error, alert by alert (the operator must know)."""
        self.flush()
        for owed in self.outbox.owed_alerts():
            log.error(
                "stopping with alert %s (%s at %s) not stored: %s",
                owed.alert_id,
                owed.type,
                owed.time.isoformat(),
                self.outbox.last_error,
            )

    def process(self, observations: Sequence[Observation], now: datetime) -> Delta:
        """One batch through every stage into the picture (on the picture's thread)."""
        updates, alerts = self.compute(observations, now)
        self.picture.sensor_health = self.loop.rules.health.snapshot()
        return self.picture.apply(updates, alerts)
