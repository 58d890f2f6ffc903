# SPDX-License-Identifier: EUPL-1.2
"""The live loop: observations arriving over HTTP (or any thread) are batched every
``tick_s`` and run through the in-process pipeline at wall-clock time.

>>> feed = LiveFeed(pipeline)                       # doctest: +SKIP
>>> app = create_app(settings, feeders=[feed.run], inbox=feed.put)   # doctest: +SKIP
"""

from __future__ import annotations

import asyncio
import queue
from collections.abc import Callable, Sequence
from datetime import UTC, datetime

from straitwatch.picture.live import Picture
from straitwatch.picture.pipeline import Pipeline
from straitwatch.sensors.observation import Observation

__all__ = ["LiveFeed"]


class LiveFeed:
    """A thread-safe inbox in front of a :class:`Pipeline`, drained on a timer."""

    def __init__(
        self,
        pipeline: Pipeline,
        *,
        tick_s: float = 0.25,
        wall: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.pipeline = pipeline
        self.tick_s = tick_s
        self._wall = wall
        self._inbox: queue.SimpleQueue[Sequence[Observation]] = queue.SimpleQueue()

    def put(self, observations: Sequence[Observation]) -> None:
        """Hand observations to the pipeline (from any thread)."""
        self._inbox.put(observations)

    def pending(self) -> int:
        """Batches put and not yet taken by the pipeline."""
        return self._inbox.qsize()

    def drain(self) -> list[Observation]:
        out: list[Observation] = []
        while True:
            try:
                out += self._inbox.get_nowait()
            except queue.Empty:
                return out

    async def run(self, picture: Picture) -> None:
        """Step the pipeline every tick (the tracker also coasts and ends tracks on time)."""
        del picture  # the pipeline holds it
        try:
            while True:
                batch = self.drain()
                updates, alerts = await asyncio.to_thread(
                    self.pipeline.compute_safely, batch, self._wall()
                )
                self.pipeline.picture.apply(updates, alerts)
                await asyncio.sleep(self.tick_s)
        except asyncio.CancelledError:  # the server stops: store what is owed, then stop
            await asyncio.to_thread(self.pipeline.settle)
            raise
