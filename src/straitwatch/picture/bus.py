# SPDX-License-Identifier: EUPL-1.2
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
import contextlib
import hashlib
import json
import logging
import time
from collections.abc import Awaitable, Callable, Coroutine
from datetime import UTC, datetime, timedelta
from typing import Any

from straitwatch.errors import StoreUnavailable
from straitwatch.picture.bus_inbox import BusInbox
from straitwatch.picture.codec import (
    update_from_json,
)
from straitwatch.picture.live import Picture

__all__ = [
    "OBSERVATIONS",
    "PICTURE",
    "STREAM",
    "TRACKS",
    "Bus",
    "DataClock",
    "run_picture",
]

STREAM = "STRAITWATCH"
OBSERVATIONS, TRACKS, PICTURE = "sw.observations", "sw.tracks", "sw.picture"
_FETCH = 200

log = logging.getLogger("straitwatch.bus")


class Bus:
    """A connection to NATS JetStream with the straitwatch stream declared.

    :meth:`connect` waits for the server with back-off (each try logged), and the client
    reconnects by itself for ever after a drop, saying so in the log. :meth:`publish`
    gives each message an id (``Nats-Msg-Id``) so that a publish tried again after a time
    out is stored once by JetStream (its duplicate window)."""

    def __init__(self, url: str, *, name: str = "straitwatch") -> None:
        self.url = url
        self.name = name
        self.nc: Any = None
        self.js: Any = None

    @property
    def connected(self) -> bool:
        return self.nc is not None and bool(self.nc.is_connected)

    async def connect(self, *, wait_s: float = 0.0) -> Bus:
        """Connect; while the server cannot be reached, try again with back-off (0.2 s
        doubling to 5 s) for up to ``wait_s`` seconds, then raise StoreUnavailable."""
        import nats
        from nats.errors import NoServersError

        deadline = time.monotonic() + wait_s
        delay_s = 0.2
        while True:
            try:
                self.nc = await nats.connect(
                    self.url,
                    name=self.name,
                    connect_timeout=2,
                    reconnect_time_wait=0.5,
                    max_reconnect_attempts=-1,
                    disconnected_cb=self._disconnected,
                    reconnected_cb=self._reconnected,
                    error_cb=self._error,
                )
                break
            except (OSError, NoServersError, TimeoutError) as exc:
                if time.monotonic() + delay_s > deadline:
                    raise StoreUnavailable(f"cannot reach the bus at {self.url}: {exc}") from exc
                log.warning(
                    "bus %s unreachable (%s); trying again in %.1f s", self.url, exc, delay_s
                )
                await asyncio.sleep(delay_s)
                delay_s = min(delay_s * 2, 5.0)
        self.js = self.nc.jetstream()
        await self.js.add_stream(
            name=STREAM, subjects=[OBSERVATIONS, TRACKS, PICTURE], duplicate_window=120.0
        )
        log.info("bus %s connected (%s)", self.url, self.name)
        return self

    async def _disconnected(self) -> None:
        log.warning("bus %s disconnected (%s); reconnecting", self.url, self.name)

    async def _reconnected(self) -> None:
        log.warning("bus %s reconnected (%s)", self.url, self.name)

    async def _error(self, exc: Exception) -> None:
        log.warning("bus %s: %s: %s", self.url, type(exc).__name__, exc)

    async def close(self) -> None:
        """Flush what was sent (a second at most) and close: never a long drain, so that a
        stage or server asked to stop stops within seconds."""
        from nats.errors import Error as NatsError

        if self.nc is None or self.nc.is_closed:
            return
        try:
            await self.nc.flush(timeout=1)
        except (NatsError, TimeoutError, OSError) as exc:
            log.warning("bus %s: closing without flush: %s", self.url, exc)
        await self.nc.close()

    async def publish(
        self, subject: str, body: dict[str, Any], *, msg_id: str | None = None
    ) -> None:
        """Publish one JSON message and wait for JetStream to store it; StoreUnavailable
        when it cannot (the bus is down, or it did not answer in time)."""
        from nats.errors import Error as NatsError

        data = json.dumps(body, separators=(",", ":")).encode()
        msg_id = msg_id or hashlib.sha1(data, usedforsecurity=False).hexdigest()
        try:
            await self.js.publish(subject, data, timeout=5, headers={"Nats-Msg-Id": msg_id})
        except (NatsError, TimeoutError, OSError) as exc:
            raise StoreUnavailable(f"the bus did not take a message on {subject}: {exc}") from exc

    async def consume(
        self,
        subject: str,
        handle: Callable[[list[dict[str, Any]]], Awaitable[None]],
        *,
        idle_s: float = 0.25,
    ) -> None:
        """An ephemeral reader (each server builds its own picture) from now on: batches
        of messages to ``handle`` for ever. When the bus goes away it waits with back-off
        and reads on from the message after the last one it saw (nothing in between is
        missed); a message that is not JSON is logged and passed over."""
        from nats.errors import Error as NatsError
        from nats.errors import TimeoutError as NatsTimeout
        from nats.js.api import ConsumerConfig, DeliverPolicy

        sub: Any = None
        last_seq = 0
        delay_s = 0.2
        while True:
            try:
                if sub is None:
                    config = (
                        ConsumerConfig(
                            deliver_policy=DeliverPolicy.BY_START_SEQUENCE,
                            opt_start_seq=last_seq + 1,
                        )
                        if last_seq
                        else ConsumerConfig(deliver_policy=DeliverPolicy.NEW)
                    )
                    sub = await self.js.pull_subscribe(subject, stream=STREAM, config=config)
                try:
                    msgs = await sub.fetch(_FETCH, timeout=idle_s)
                except (NatsTimeout, TimeoutError):  # nats-py raises either when idle
                    msgs = []
                delay_s = 0.2
            except (NatsError, OSError, TimeoutError) as exc:
                log.warning(
                    "bus %s: reading %s: %s; again in %.1f s", self.url, subject, exc, delay_s
                )
                await asyncio.sleep(delay_s)
                delay_s, sub = min(delay_s * 2, 5.0), None
                continue
            bodies = []
            for m in msgs:
                last_seq = max(last_seq, int(m.metadata.sequence.stream))
                try:
                    bodies.append(json.loads(m.data))
                except ValueError as exc:
                    log.error(
                        "bus %s: unreadable message on %s passed over: %s", self.url, subject, exc
                    )
            await handle(bodies)
            for m in msgs:
                with contextlib.suppress(NatsError):
                    await m.ack()


class DataClock:
    """The stage's time: the latest observation time seen, moved on by the wall-clock time
    since it arrived. Live, that is the wall clock; for a feed replayed from the past it
    follows the data, so tracks do not all go stale at once."""

    def __init__(self) -> None:
        self._ref: tuple[datetime, float] | None = None

    @property
    def started(self) -> bool:
        """Whether any observation time was seen yet (before that there is no time to
        step to: the wall clock would put a feed replayed from the past out of date)."""
        return self._ref is not None

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


async def run_picture(bus: Bus, picture: Picture) -> None:
    """A server's reader: every batch from assessment applied to its live picture."""

    async def handle(batches: list[dict[str, Any]]) -> None:
        for b in batches:
            picture.apply([update_from_json(u) for u in b["updates"]], b["alerts"])

    await bus.consume(PICTURE, handle)


def bus_feeders(
    url: str,
) -> tuple[Callable[[Picture], Coroutine[Any, Any, None]], BusInbox]:
    """For ``create_app``: a feeder reading the picture from the bus, and an inbox
    publishing posted observations to it (see :class:`BusInbox`)."""
    inbox = BusInbox()

    async def feeder(picture: Picture) -> None:
        bus = await Bus(url, name="straitwatch serve").connect(wait_s=float("inf"))
        inbox.attach(bus, asyncio.get_running_loop())
        redeliver = asyncio.create_task(inbox.deliver_owed())
        try:
            await run_picture(bus, picture)
        finally:
            redeliver.cancel()
            await bus.close()

    return feeder, inbox
