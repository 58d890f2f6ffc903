# SPDX-License-Identifier: EUPL-1.2
"""Observations posted to the API, handed to the tracking stage over the bus.

``POST /api/observations`` acknowledges only what will reach the tracker. Before anything
is stored the route asks :meth:`BusInbox.ready`: with the bus down it answers 503 (with
Retry-After) and has stored nothing and remembered nothing, so the sender's retry is taken
as new, not as a duplicate. If the bus drops between that check and the publish, the
batch (already stored) is kept here as owed and published when the bus is back, by
:meth:`BusInbox.deliver_owed` (the server's feeder runs it), under the same message id,
so JetStream keeps one copy even if an earlier try did reach it.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from straitwatch.errors import StoreUnavailable
from straitwatch.picture.codec import observation_json
from straitwatch.sensors.observation import Observation

if TYPE_CHECKING:
    from straitwatch.picture.bus import Bus

__all__ = ["BusInbox"]

log = logging.getLogger("straitwatch.bus")

_PUBLISH_WAIT_S = 10.0


class BusInbox:
    """The API's inbox when the pipeline runs over NATS JetStream."""

    def __init__(self) -> None:
        self._bus: Bus | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._owed: list[tuple[str, dict[str, Any]]] = []
        self._lock = threading.Lock()

    def attach(self, bus: Bus, loop: asyncio.AbstractEventLoop) -> None:
        """The connected bus and the event loop it lives on (the server's feeder)."""
        self._bus, self._loop = bus, loop

    def connected(self) -> bool:
        """Whether the bus answers now."""
        return self._bus is not None and self._bus.connected

    def ready(self) -> bool:
        """Whether a post now would reach the bus (connected, nothing owed before it)."""
        return self._bus is not None and self._bus.connected and not self._owed

    @property
    def owed(self) -> int:
        """Batches stored but not yet on the bus."""
        return len(self._owed)

    def __call__(self, observations: Sequence[Observation]) -> None:
        """Publish a batch (from a worker thread); StoreUnavailable if it could not be,
        in which case it is owed and published when the bus returns."""
        body = {"observations": [observation_json(o) for o in observations]}
        msg_id = hashlib.sha1(
            json.dumps(body, separators=(",", ":")).encode(), usedforsecurity=False
        ).hexdigest()
        with self._lock:
            self._owed.append((msg_id, body))
        self.flush()

    def flush(self) -> None:
        """Publish what is owed, oldest first (from a worker thread)."""
        bus, loop = self._bus, self._loop
        if bus is None or loop is None:
            raise StoreUnavailable("the bus is not connected yet; send again shortly")
        with self._lock:
            while self._owed:
                msg_id, body = self._owed[0]
                future = asyncio.run_coroutine_threadsafe(
                    bus.publish(_subject(), body, msg_id=msg_id), loop
                )
                try:
                    future.result(_PUBLISH_WAIT_S)
                except TimeoutError as exc:
                    future.cancel()
                    raise StoreUnavailable("the bus did not answer in time") from exc
                self._owed.pop(0)

    async def deliver_owed(self, every_s: float = 1.0) -> None:
        """Publish owed batches whenever the bus is up (runs with the server's feeder)."""
        while True:
            await asyncio.sleep(every_s)
            if self._owed and self._bus is not None and self._bus.connected:
                try:
                    await asyncio.to_thread(self.flush)
                    log.info("observations owed to the bus are published")
                except StoreUnavailable as exc:
                    log.warning("observations still owed to the bus: %s", exc)


def _subject() -> str:
    from straitwatch.picture.bus import OBSERVATIONS

    return OBSERVATIONS
