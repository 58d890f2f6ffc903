# SPDX-License-Identifier: EUPL-1.2
"""Plots and sightings posted by a sensor over HTTP: the function the API endpoint calls
with the sensor's machine actor. Validates, stores what is good, dead-letters what is
not, and answers with counts and a reason per refused record.

>>> result = ingest_posted(engine, [{"time": "...", "sensor_id": "drone-fr-07", ...}],
...                        actor)                                   # doctest: +SKIP
>>> result.as_dict()                                                # doctest: +SKIP
{'accepted': 1, 'rejected': 0, 'duplicates': 0, 'rejections': []}
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine

from straitwatch.access.actions import Action
from straitwatch.access.actor import Actor
from straitwatch.access.policy import Resource, enforce
from straitwatch.errors import InvalidInput
from straitwatch.sensors.observation import Observation
from straitwatch.sensors.plots import PositionReportFeed
from straitwatch.sensors.quality import Clock, QualityPolicy, wall_clock
from straitwatch.sensors.records import Rejection, RejectReason
from straitwatch.sensors.sink import ObservationSink
from straitwatch.sensors.sites import SensorSites
from straitwatch.sensors.state import StreamState
from straitwatch.store.db import transaction

__all__ = ["MAX_POST_RECORDS", "PostResult", "ingest_posted", "posting_state"]

MAX_POST_RECORDS = 10_000
HTTP_MAX_LAG_S = 86_400.0
"""A patrol report may be typed in hours after the sighting."""


@dataclass
class PostResult:
    """The answer to one post: ``rejections`` name each refused record by its index."""

    accepted: int = 0
    rejected: int = 0
    duplicates: int = 0
    rejections: list[dict[str, Any]] = field(default_factory=list)
    observations: list[Observation] = field(default_factory=list)
    """The accepted observations, for the live pipeline (not part of the answer)."""

    def as_dict(self) -> dict[str, Any]:
        return {
            "accepted": self.accepted,
            "rejected": self.rejected,
            "duplicates": self.duplicates,
            "rejections": self.rejections,
        }


def posting_state(clock: Clock = wall_clock, sites: SensorSites | None = None) -> StreamState:
    """Quality state for posts: live time limits (now, a day late at most). Keep one per
    sensor across posts so that a re-sent record is seen as a duplicate."""
    return StreamState(
        QualityPolicy.for_live(max_lag_s=HTTP_MAX_LAG_S), clock, sites or SensorSites.load()
    )


def ingest_posted(
    engine: Engine,
    records: Sequence[Any],
    actor: Actor,
    *,
    feed: str | None = None,
    state: StreamState | None = None,
) -> PostResult:
    """Store a posted list of plot/sighting objects (docs/formats.md) for ``actor``.

    The access policy decides first (``observations.ingest``, then each ``sensor_id``
    against the sensors the actor's token feeds; a refusal is audited and raises
    :class:`~straitwatch.errors.NotAllowed` naming the sensor). One audit event records
    the batch.
    """
    with transaction(engine) as session:
        enforce(session, actor, Action.OBSERVATIONS_INGEST, Resource("observations"))
    if not isinstance(records, Sequence) or isinstance(records, str | bytes):
        raise InvalidInput("the body must be a JSON array of plot or sighting objects")
    # A token feeds only its own sensors: one foreign sensor_id refuses the whole post.
    sensors = sorted(
        {
            r["sensor_id"]
            for r in records
            if isinstance(r, dict) and isinstance(r.get("sensor_id"), str)
        }
    )
    with transaction(engine) as session:
        for sensor in sensors:
            # The id as the audit log can hold it (a lone surrogate or NUL is escaped).
            shown = sensor if sensor.isprintable() and sensor.isascii() else ascii(sensor)
            enforce(session, actor, Action.OBSERVATIONS_INGEST, Resource("sensor", shown[:128]))
    if len(records) > MAX_POST_RECORDS:
        raise InvalidInput(f"{len(records)} records in one post; at most {MAX_POST_RECORDS}")
    state = state or posting_state()
    name = feed or f"http:{actor.username}"
    reader = PositionReportFeed(name, state)
    sink = ObservationSink(engine, actor, feed=name, batch_size=2 * len(records) + 1)
    result = PostResult()
    for index, obj in enumerate(records):
        for item in reader.push_object(obj, index):
            sink.add(item)
            if isinstance(item, Rejection):
                if item.reason is RejectReason.DUPLICATE:
                    result.duplicates += 1
                else:
                    result.rejected += 1
                result.rejections.append(
                    {"index": index, "reason": item.reason.value, "message": item.message}
                )
            else:
                result.accepted += 1
                if isinstance(item, Observation):
                    result.observations.append(item)
    sink.close()
    return result
