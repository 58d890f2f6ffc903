# SPDX-License-Identifier: EUPL-1.2
"""What a monitoring system reads of a running server: which components are up
(:func:`health`), Prometheus metrics read from the live state at scrape time
(:class:`LiveCollector`, served at ``/metrics``), and the request id that ties each log
line to its request (:func:`install_request_ids`; JSON-lines logs: :mod:`straitwatch.logs`).

>>> ops = Operations(pipeline=pipeline, queues={"live_inbox": feed.pending})  # doctest: +SKIP
>>> create_app(settings, operations=ops)                                       # doctest: +SKIP
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import anyio
import anyio.to_thread
from fastapi import FastAPI
from sqlalchemy import Engine, func, select
from sqlalchemy.exc import SQLAlchemyError

from straitwatch.logs import request_id
from straitwatch.picture.live import Picture
from straitwatch.picture.pipeline import Pipeline
from straitwatch.store.db import transaction
from straitwatch.store.observations import DeadLetterRow

__all__ = ["LiveCollector", "Operations", "health", "install_request_ids"]


@dataclass
class Operations:
    """The server's moving parts that health and metrics look at (all optional)."""

    pipeline: Pipeline | None = None
    """The in-process pipeline (live feed or replay): observations, alerts owed."""
    bus_ready: Callable[[], bool] | None = None
    """Whether the bus answers (set when the pipeline runs over NATS)."""
    queues: dict[str, Callable[[], int]] = field(default_factory=dict)
    """Queue depths by name (the live feed's inbox, batches owed to the bus)."""
    feeds_seen: dict[str, float] = field(default_factory=dict)
    """When each feed last posted (epoch seconds)."""
    started: float = field(default_factory=time.time)
    store_checked: tuple[float, tuple[bool, str | None]] | None = None
    """The last store probe (monotonic time, result): health asks at most once a second."""
    probe: Any = None
    """The store probe's own thread limiter (made on first use, inside the event loop)."""

    def seen(self, feed: str) -> None:
        self.feeds_seen[feed] = time.time()


def _store_up(engine: Engine) -> tuple[bool, str | None]:
    try:
        with engine.connect() as conn:
            conn.execute(select(1))
        return True, None
    except SQLAlchemyError as exc:
        return False, str(exc).splitlines()[0][:200]


async def _store_status(engine: Engine, ops: Operations) -> tuple[bool, str | None]:
    """The store's answer to ``SELECT 1``, asked at most once a second, in a thread of its
    own (not one a busy server's requests hold), two seconds at most."""
    now = time.monotonic()
    if ops.store_checked is not None and now - ops.store_checked[0] < 1.0:
        return ops.store_checked[1]
    if ops.probe is None:
        ops.probe = anyio.CapacityLimiter(1)
    try:
        with anyio.fail_after(2.0):
            status = await anyio.to_thread.run_sync(
                _store_up, engine, limiter=ops.probe, abandon_on_cancel=True
            )
    except TimeoutError:
        status = (False, "no answer within 2 s")
    ops.store_checked = (now, status)
    return status


async def health(engine: Engine, picture: Picture, ops: Operations) -> tuple[int, dict[str, Any]]:
    """(status code, body): 200 when every component is up, else 503 naming what is not."""
    now = time.time()
    up, error = await _store_status(engine, ops)
    components: dict[str, Any] = {"store": {"up": up, **({"error": error} if error else {})}}
    if ops.bus_ready is not None:
        components["bus"] = {"up": ops.bus_ready()}
    if ops.pipeline is not None:
        components["pipeline"] = {
            "up": True,
            "alerts_owed_to_store": len(ops.pipeline.outbox),
            "failed_batches": ops.pipeline.stats.failed_batches,
        }
    feeds = {
        name: {"last_message_age_s": round(now - at, 1)}
        for name, at in sorted(ops.feeds_seen.items())
    }
    healthy = all(c["up"] for c in components.values())
    body = {
        "status": "ok" if healthy else "degraded",
        "picture_clock": picture.clock.isoformat().replace("+00:00", "Z")
        if picture.clock
        else None,
        "components": components,
        "feeds": feeds,
        "uptime_s": round(now - ops.started, 1),
    }
    return (200 if healthy else 503), body


class LiveCollector:
    """Prometheus metrics read from the live state when scraped (nothing counted twice,
    nothing to keep in step): tracks, WebSocket clients, observations through the
    pipeline, alerts and their store latency, alerts owed, queue depths, dead letters."""

    def __init__(self, engine: Engine, picture: Picture, ops: Operations) -> None:
        self.engine, self.picture, self.ops = engine, picture, ops

    def collect(self) -> Iterator[Any]:
        from prometheus_client.core import (
            CounterMetricFamily,
            GaugeMetricFamily,
            SummaryMetricFamily,
        )

        yield GaugeMetricFamily("straitwatch_tracks", "Live tracks.", len(self.picture.tracks()))
        yield GaugeMetricFamily(
            "straitwatch_websocket_clients",
            "Connected WebSocket clients.",
            self.picture.subscribers,
        )
        p = self.ops.pipeline
        if p is not None:
            yield CounterMetricFamily(
                "straitwatch_observations",
                "Observations through the pipeline (ingest rate: rate() of this).",
                p.stats.observations,
            )
            yield CounterMetricFamily(
                "straitwatch_alerts_raised", "Alerts raised by assessment.", p.stats.alerts_raised
            )
            yield CounterMetricFamily(
                "straitwatch_pipeline_failed_batches",
                "Batches that failed.",
                p.stats.failed_batches,
            )
            yield SummaryMetricFamily(
                "straitwatch_alert_store_latency_seconds",
                "From raised by assessment to stored (and handed on for delivery).",
                count_value=p.outbox.stored,
                sum_value=p.outbox.latency_sum_s,
            )
            queue = GaugeMetricFamily("straitwatch_queue_depth", "Items waiting.", labels=["queue"])
            queue.add_metric(["alerts_owed_to_store"], len(p.outbox))
        else:
            queue = GaugeMetricFamily("straitwatch_queue_depth", "Items waiting.", labels=["queue"])
        for name, depth in sorted(self.ops.queues.items()):
            queue.add_metric([name], depth())
        yield queue
        ages = GaugeMetricFamily(
            "straitwatch_feed_last_message_age_seconds",
            "Since a feed last posted.",
            labels=["feed"],
        )
        now = time.time()
        for feed, at in sorted(self.ops.feeds_seen.items()):
            ages.add_metric([feed], now - at)
        yield ages
        try:
            with transaction(self.engine) as s:
                waiting = s.scalar(
                    select(func.count()).select_from(DeadLetterRow).where(~DeadLetterRow.replayed)
                )
            yield GaugeMetricFamily(
                "straitwatch_dead_letters", "Refused records not replayed.", waiting or 0
            )
        except SQLAlchemyError:
            pass  # the store is down: health says so; the other metrics still answer


def install_request_ids(app: FastAPI) -> None:
    """Each request gets an id (the caller's ``X-Request-Id`` or a new one), set for the
    log lines written while it runs and returned in the response's header."""
    app.add_middleware(RequestIds)


class RequestIds:
    """Plain ASGI middleware (no response buffering; WebSockets pass through)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = dict(scope.get("headers") or []).get(b"x-request-id", b"")[:64]
        rid = given.decode("latin-1") if given else uuid.uuid4().hex[:16]

        async def send_with_id(message: Any) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), (b"x-request-id", rid.encode())]
            await send(message)

        token = request_id.set(rid)
        try:
            await self.app(scope, receive, send_with_id)
        finally:
            request_id.reset(token)
