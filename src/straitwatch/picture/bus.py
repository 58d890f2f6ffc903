"""The bus between pipeline stages when they run as separate processes: NATS JetStream.

One stream ``STRAITWATCH`` holds three subjects, each message a JSON batch:

- ``sw.observations`` — ``{"observations": [...]}`` from ingest (the API's posts);
- ``sw.tracks`` — ``{"now", "updates": [...], "sightings": [...]}`` from tracking;
- ``sw.picture`` — ``{"updates": [...], "alerts": [...]}`` from assessment, read by
  every server to feed its live picture.

Stages read through durable pull consumers, so a restarted stage carries on where it
stopped. ``straitwatch pipeline track|assess`` run the stages; ``straitwatch serve`` with
``STRAITWATCH_BUS_URL`` publishes posts and reads the picture.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from straitwatch.errors import StoreUnavailable
from straitwatch.picture.codec import (
    observation_from_json,
    observation_json,
    update_from_json,
    update_json,
)
from straitwatch.picture.live import Picture
from straitwatch.picture.pipeline import Pipeline
from straitwatch.sensors.observation import Observation, ObservationKind

__all__ = [
    "OBSERVATIONS",
    "PICTURE",
    "STREAM",
    "TRACKS",
    "Bus",
    "DataClock",
    "run_assessment",
    "run_picture",
    "run_tracking",
]

STREAM = "STRAITWATCH"
OBSERVATIONS, TRACKS, PICTURE = "sw.observations", "sw.tracks", "sw.picture"
_FETCH = 200


class Bus:
    """A connection to NATS JetStream with the straitwatch stream declared."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.nc: Any = None
        self.js: Any = None

    async def connect(self) -> Bus:
        import nats
        from nats.errors import NoServersError

        try:
            self.nc = await nats.connect(self.url, connect_timeout=5, max_reconnect_attempts=-1)
        except (OSError, NoServersError) as exc:
            raise StoreUnavailable(f"cannot reach the bus at {self.url}: {exc}") from exc
        self.js = self.nc.jetstream()
        await self.js.add_stream(name=STREAM, subjects=[OBSERVATIONS, TRACKS, PICTURE])
        return self

    async def close(self) -> None:
        if self.nc is not None:
            await self.nc.drain()

    async def publish(self, subject: str, body: dict[str, Any]) -> None:
        await self.js.publish(subject, json.dumps(body, separators=(",", ":")).encode())

    async def consume(
        self,
        subject: str,
        durable: str | None,
        handle: Callable[[list[dict[str, Any]]], Awaitable[None]],
        *,
        idle_s: float = 0.25,
    ) -> None:
        """Hand batches of messages to ``handle`` for ever (an empty batch every ``idle_s``
        so that a stage's clock moves on without input); ack after handling."""
        from nats.errors import TimeoutError as NatsTimeout

        if durable:
            sub = await self.js.pull_subscribe(subject, durable=durable)
        else:  # an ephemeral reader (each server builds its own picture), from now on
            from nats.js.api import ConsumerConfig, DeliverPolicy

            sub = await self.js.pull_subscribe(
                subject, config=ConsumerConfig(deliver_policy=DeliverPolicy.NEW)
            )
        while True:
            try:
                msgs = await sub.fetch(_FETCH, timeout=idle_s)
            except (NatsTimeout, TimeoutError):  # nats-py raises either when idle
                msgs = []
            await handle([json.loads(m.data) for m in msgs])
            for m in msgs:
                await m.ack()


class DataClock:
    """The stage's time: the latest observation time seen, moved on by the wall-clock time
    since it arrived. Live, that is the wall clock; for a feed replayed from the past it
    follows the data, so tracks do not all go stale at once."""

    def __init__(self) -> None:
        self._ref: tuple[datetime, float] | None = None

    def now(self, latest: datetime | None) -> datetime:
        mono = time.monotonic()
        if self._ref is None and latest is None:
            return datetime.now(UTC)
        if latest is not None and (self._ref is None or latest > self._projected(mono)):
            self._ref = (latest, mono)
        return self._projected(mono)

    def _projected(self, mono: float) -> datetime:
        assert self._ref is not None
        return self._ref[0] + timedelta(seconds=mono - self._ref[1])


async def run_tracking(bus: Bus, pipeline: Pipeline) -> None:
    """The tracking stage: observations in, track updates (and the sightings the
    assessment needs) out."""

    clock = DataClock()

    async def handle(batches: list[dict[str, Any]]) -> None:
        obs = [observation_from_json(o) for b in batches for o in b["observations"]]
        now = clock.now(max((o.time for o in obs), default=None))
        updates = await asyncio.to_thread(pipeline.track, obs, now)
        sightings = [o for o in obs if o.kind is ObservationKind.SIGHTING]
        if updates or sightings:
            await bus.publish(
                TRACKS,
                {
                    "now": now.isoformat(),
                    "updates": [update_json(u) for u in updates],
                    "sightings": [observation_json(o) for o in sightings],
                },
            )

    await bus.consume(OBSERVATIONS, "tracking", handle)


async def run_assessment(bus: Bus, pipeline: Pipeline) -> None:
    """The assessment stage: track updates in, alerts stored (audited) and the picture's
    batch out."""

    async def handle(batches: list[dict[str, Any]]) -> None:
        if not batches and len(pipeline.outbox):  # idle: store what is owed, deliver it
            alerts = await asyncio.to_thread(pipeline.flush)
            if alerts:
                await bus.publish(PICTURE, {"updates": [], "alerts": alerts})
        for b in batches:
            updates = [update_from_json(u) for u in b["updates"]]
            sightings = [observation_from_json(o) for o in b["sightings"]]
            now = datetime.fromisoformat(b["now"])
            alerts = await asyncio.to_thread(pipeline.assess, updates, sightings, now)
            await bus.publish(
                PICTURE, {"updates": [update_json(u) for u in updates], "alerts": alerts}
            )

    await bus.consume(TRACKS, "assessment", handle)


async def run_picture(bus: Bus, picture: Picture) -> None:
    """A server's reader: every batch from assessment applied to its live picture."""

    async def handle(batches: list[dict[str, Any]]) -> None:
        for b in batches:
            picture.apply([update_from_json(u) for u in b["updates"]], b["alerts"])

    await bus.consume(PICTURE, None, handle)


def bus_feeders(
    url: str,
) -> tuple[Callable[[Picture], Coroutine[Any, Any, None]], Callable[[Sequence[Observation]], None]]:
    """For ``create_app``: a feeder reading the picture from the bus, and an inbox
    publishing posted observations to it."""
    state: dict[str, Any] = {}

    async def feeder(picture: Picture) -> None:
        bus = await Bus(url).connect()
        state["bus"], state["loop"] = bus, asyncio.get_running_loop()
        try:
            await run_picture(bus, picture)
        finally:
            await bus.close()

    def inbox(observations: Sequence[Observation]) -> None:
        bus, loop = state.get("bus"), state.get("loop")
        if bus is None or loop is None:
            raise StoreUnavailable("the bus is not connected yet; retry")
        body = {"observations": [observation_json(o) for o in observations]}
        asyncio.run_coroutine_threadsafe(bus.publish(OBSERVATIONS, body), loop).result(10)

    return feeder, inbox
